// The VS Code hosts the tests run in: code-server (VS Code's own server and web workbench, with a Node extension
// host) at the oldest and newest VS Code we support. Installed by test/hosts/install.sh.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..'); // out/test/hosts -> repo
export const hostsDir = join(repoRoot, 'test', 'hosts');

export interface Host {
  name: string;          // e.g. vscode-1.100
  dir: string;           // its install folder
  node: string;          // the node binary that runs it
  entry: string;         // code-server's entry script
  version: string;       // code-server's version, from its package.json
}

const defs = [
  { name: 'vscode-1.100', dir: 'cs-1.100', node: () => process.execPath },
  { name: 'vscode-1.139', dir: 'cs-1.139', node: () => join(hostsDir, 'node24', 'node_modules', 'node', 'bin', 'node') },
];

export function allHosts(): Host[] {
  return defs.map((d) => {
    const dir = join(hostsDir, d.dir);
    const pkg = join(dir, 'node_modules', 'code-server', 'package.json');
    if (!existsSync(pkg)) throw new Error(`${d.name} is not installed (${pkg} missing): run bash test/hosts/install.sh`);
    return {
      name: d.name,
      dir,
      node: d.node(),
      entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      version: JSON.parse(readFileSync(pkg, 'utf8')).version,
    };
  });
}

/** Hosts picked by the CLERK_HOSTS env var (comma-separated names or "all"), or by a default. */
export function selectedHosts(fallback: 'all' | 'newest' = 'all'): Host[] {
  const hosts = allHosts();
  const want = process.env.CLERK_HOSTS ?? fallback;
  if (want === 'all') return hosts;
  if (want === 'newest') return [hosts[hosts.length - 1]];
  const names = want.split(',').map((s) => s.trim());
  const picked = hosts.filter((h) => names.includes(h.name));
  if (picked.length === 0) throw new Error(`CLERK_HOSTS=${want} names no host; known: ${hosts.map((h) => h.name).join(', ')}`);
  return picked;
}
