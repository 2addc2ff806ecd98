// Bundle sizes for the same five operations (list users, list sessions, get session, revoke, mint a template token
// and verify a token): our src/clerk client + tokens, and @clerk/backend, both bundled by esbuild the way the
// extension is (node20, cjs, minified, the same web-streams-polyfill substitution). Prints JSON on stdout.
// It also builds the extension itself (`esbuild.mjs --production`, into a temporary folder) and reports, under `seam`,
// the files' sizes, what activation loads, and every source module that lands in two files, with its bytes (issue 14's
// goal: 0); a one-line summary of that goes to stderr.
// `--seam` prints only that part. Plain .mjs (not .ts) so that `esbuild.mjs --tests` does not bundle esbuild into out/.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

// The same substitution esbuild.mjs makes for the extension: node-fetch's fetch-blob -> Node's built-in streams.
const noStreamsPolyfill = {
  name: 'no-web-streams-polyfill',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill(\/.*)?$/ }, (a) => ({ path: a.path, namespace: 'builtin-streams' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin-streams' }, () => ({
      contents: 'module.exports = require("node:stream/web");',
      loader: 'js',
    }));
  },
};

const entries = {
  ours: `
    import { ClerkClient } from './src/clerk/client';
    import { verdict } from './src/tokens/verdict';
    export async function ops(secretKey: string, apiUrl: string, token: string) {
      const c = new ClerkClient({ secretKey, apiUrl });
      const users = await c.listUsers({ limit: 20 });
      const sessions = await c.listSessions({ userId: users[0]!.id });
      const s = await c.getSession(sessions.data[0]!.id);
      await c.revokeSession(s.id);
      const t = await c.createSessionToken(s.id, { template: 'supabase' });
      return [t, await verdict(token, await c.getJwks())];
    }`,
  clerkBackend: `
    import { createClerkClient, verifyToken } from '@clerk/backend';
    export async function ops(secretKey: string, apiUrl: string, token: string) {
      const c = createClerkClient({ secretKey, apiUrl });
      const users = await c.users.getUserList({ limit: 20 });
      const sessions = await c.sessions.getSessionList({ userId: users.data[0]!.id });
      const s = await c.sessions.getSession(sessions.data[0]!.id);
      await c.sessions.revokeSession(s.id);
      const t = await c.sessions.getToken(s.id, 'supabase');
      return [t, await verifyToken(token, { secretKey, apiUrl })];
    }`,
};

/**
 * The extension's own files, built as `npm run package` builds them (esbuild.mjs: three entries and the shared files
 * esbuild splits off): each file's size, what activation loads (dist/extension.js and the shared files it requires),
 * and every source module found in more than one file with the bytes it takes there (issue 14's goal: none, 0 bytes).
 */
function seam() {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-seam-'));
  try {
    execFileSync(process.execPath, [join(repo, 'esbuild.mjs'), '--production'], {
      cwd: repo,
      env: { ...process.env, CLERK_DIST: dir, CLERK_METAFILE: join(dir, 'meta.json') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    const name = (k) => k.slice(k.lastIndexOf('/') + 1);
    const outputs = new Map(
      Object.entries(meta.outputs)
        .filter(([k]) => k.endsWith('.js'))
        .map(([k, o]) => [name(k), o]),
    );
    const atActivation = new Set();
    for (const todo = ['extension.js']; todo.length;) {
      const f = todo.pop();
      if (atActivation.has(f) || !outputs.has(f)) continue;
      atActivation.add(f);
      todo.push(
        ...outputs
          .get(f)
          .imports.filter((i) => i.kind === 'import-statement' && !i.external)
          .map((i) => name(i.path)),
      );
    }
    const where = new Map();
    for (const [out, o] of outputs) {
      for (const [input, v] of Object.entries(o.inputs)) where.set(input, [...(where.get(input) ?? []), [out, v.bytesInOutput]]);
    }
    const inTwo = [...where].filter(([, w]) => w.length > 1);
    return {
      files: Object.fromEntries([...outputs].map(([f, o]) => [f, o.bytes])),
      atActivation: [...atActivation],
      activation: [...atActivation].reduce((n, f) => n + outputs.get(f).bytes, 0),
      modulesInTwo: inTwo.map(([input, w]) => ({ input, in: w })),
      bytesInTwo: inTwo.reduce((n, [, w]) => n + w.reduce((m, [, b]) => m + b, 0), 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seamFigures = seam();
// For a person (stderr; stdout stays JSON for bench/bench.ts):
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.error(
  `seam: at activation ${kb(seamFigures.activation)} (${seamFigures.atActivation.join(' + ')}); ` +
    `${Object.keys(seamFigures.files).length} files; modules in two files: ${seamFigures.modulesInTwo.length}, bytes in two files: ${seamFigures.bytesInTwo}`,
);
if (process.argv.includes('--seam')) {
  process.stdout.write(JSON.stringify({ seam: seamFigures }));
  process.exit(0);
}

const out = { seam: seamFigures };
for (const [name, contents] of Object.entries(entries)) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: repo, loader: 'ts', sourcefile: `${name}-entry.ts` },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    logLevel: 'error',
    plugins: [noStreamsPolyfill],
    metafile: true,
  });
  const code = r.outputFiles[0].contents;
  // the five largest inputs, for the report
  const inputs = Object.entries(r.metafile.outputs)[0][1].inputs;
  const byPkg = {};
  for (const [path, v] of Object.entries(inputs)) {
    const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const k = m ? m[1] : path.startsWith('src/') ? 'src' : path;
    byPkg[k] = (byPkg[k] ?? 0) + v.bytesInOutput;
  }
  out[name] = {
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    top: Object.entries(byPkg)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  };
}
process.stdout.write(JSON.stringify(out));
