// The import graph of src/ and the layers of docs/ARCHITECTURE.md, for test/unit/layers.test.ts and noVscode.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './paths';

const src = join(repoRoot(), 'src');

export function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

/** Every module specifier a source file names: import / import type / export … from / import '…' / require / import(). */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const forms = [
    /\b(?:import|export)\s+(?:type\s+)?[\w$*{}\s,]*?\s*\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\b(?:require|import)\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const re of forms) for (const m of code.matchAll(re)) out.push(m[2]);
  return out;
}

/** The src/-relative file a relative specifier points at, or undefined for packages and node: modules. */
export function target(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec).replace(/\.js$/, '');
  for (const c of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(c)) return relative(src, c).split('\\').join('/');
  throw new Error(`${relative(src, fromFile)} imports ${spec}, which is no file`);
}

/** A file's room: its top folder under src/, or the file itself at the top of src/. */
export const roomOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/** The layers of docs/ARCHITECTURE.md, lowest first: room -> rank. */
export function layers(markdown: string): Map<string, number> {
  const block = markdown.match(/```layers\n([\s\S]*?)```/);
  if (!block) throw new Error('docs/ARCHITECTURE.md has no ```layers block');
  const lines = block[1]
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reverse();
  const rank = new Map<string, number>();
  lines.forEach((line, i) => {
    for (const room of line.split(/\s+/)) {
      if (rank.has(room)) throw new Error(`${room} is on two layers`);
      rank.set(room, i);
    }
  });
  return rank;
}

export type Graph = Map<string, Set<string>>;

export function importGraph(): Graph {
  const g: Graph = new Map();
  for (const f of files(src)) {
    const rel = relative(src, f).split('\\').join('/');
    const to = new Set<string>();
    for (const s of specifiers(readFileSync(f, 'utf8'))) {
      const t = target(f, s);
      if (t && t !== rel) to.add(t);
    }
    g.set(rel, to);
  }
  return g;
}

/** Imports that break the layers: upwards, sideways (between peers), or from/to a room that has no layer. */
export function badArrows(g: Graph, rank: Map<string, number>): string[] {
  const bad: string[] = [];
  for (const [from, tos] of g) {
    const a = roomOf(from);
    if (!rank.has(a)) bad.push(`${from}: its room ${a} is on no layer`);
    for (const to of tos) {
      const b = roomOf(to);
      if (a === b || !rank.has(a) || !rank.has(b)) continue;
      if (rank.get(b)! >= rank.get(a)!)
        bad.push(`${from} -> ${to} (${a} may not import ${b}: ${rank.get(b) === rank.get(a) ? 'peers' : 'up'})`);
    }
  }
  return bad.sort();
}

/** Every cycle of files (Tarjan's strongly connected components), each as "cycle: a -> b -> … -> a". */
export function cycles(g: Graph): string[] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(describeCycle(g, scc));
    }
  };
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort();
}

/** One concrete loop through a strongly connected set, from its first file in sort order. */
function describeCycle(g: Graph, scc: string[]): string {
  const inside = new Set(scc);
  const start = [...scc].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  for (;;) {
    const here = path[path.length - 1];
    const next = [...(g.get(here) ?? [])].filter((n) => inside.has(n)).sort();
    if (next.includes(start)) break;
    const step = next.find((n) => !seen.has(n)) ?? next[0];
    if (seen.has(step)) break;
    path.push(step);
    seen.add(step);
  }
  return `cycle: ${[...path, start].join(' -> ')}`;
}

/** The layers as docs/ARCHITECTURE.md has them. */
export function projectLayers(): Map<string, number> {
  return layers(readFileSync(join(repoRoot(), 'docs', 'ARCHITECTURE.md'), 'utf8'));
}
