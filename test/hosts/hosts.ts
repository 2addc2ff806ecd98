// The VS Code hosts the tests run in: code-server (VS Code's own server and web workbench, with a Node extension
// host) at the oldest and newest VS Code we support. Installed by test/hosts/install.sh.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository: the nearest folder above this bundle whose package.json is this extension's. */
export function findRepoRoot(from = __dirname): string {
  for (let d = from; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'clerk-sessions') return d;
    if (dirname(d) === d) throw new Error(`no clerk-sessions package.json above ${from}`);
  }
}
export const repoRoot = findRepoRoot();
export const hostsDir = join(repoRoot, 'test', 'hosts');

export interface Host {
  name: string; // e.g. vscode-1.100
  dir: string; // its install folder
  node: string; // the node binary that runs it
  entry: string; // code-server's entry script
  version: string; // code-server's version, from its package.json
}

const defs = [
  { name: 'vscode-1.100', dir: 'cs-1.100', node: () => process.execPath },
  { name: 'vscode-1.139', dir: 'cs-1.139', node: () => join(hostsDir, 'node24', 'node_modules', 'node', 'bin', 'node') },
];

/** Every host, installed or not; `installed` tells which. */
export function allHosts(): (Host & { installed: boolean })[] {
  return defs.map((d) => {
    const dir = join(hostsDir, d.dir);
    const pkg = join(dir, 'node_modules', 'code-server', 'package.json');
    const installed = existsSync(pkg);
    return {
      installed,
      name: d.name,
      dir,
      node: d.node(),
      entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      version: installed ? (JSON.parse(readFileSync(pkg, 'utf8')).version as string) : 'not installed',
    };
  });
}

/** Hosts picked by the CLERK_HOSTS env var (comma-separated names or "all"), or by a default. */
export function selectedHosts(fallback: 'all' | 'newest' = 'all'): Host[] {
  const hosts = allHosts();
  const want = process.env.CLERK_HOSTS ?? fallback;
  let picked = hosts;
  if (want === 'newest') picked = [hosts[hosts.length - 1]];
  else if (want !== 'all') {
    const names = want.split(',').map((s) => s.trim());
    picked = hosts.filter((h) => names.includes(h.name));
    if (picked.length === 0) throw new Error(`CLERK_HOSTS=${want} names no host; known: ${hosts.map((h) => h.name).join(', ')}`);
  }
  const missing = picked.filter((h) => !h.installed);
  if (missing.length) throw new Error(`${missing.map((h) => h.name).join(', ')} not installed: run bash test/hosts/install.sh`);
  return picked;
}
