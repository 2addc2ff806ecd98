// The demo's pieces, shared by `npm run demo` (run-demo.ts) and the README screenshot (demo-shot.ts): the local
// Clerk-compatible server with its seeded data, and code-server 4.100.3 with the packaged VSIX installed,
// `clerk.apiUrl` pointing at that server (user settings) and CLERK_SECRET_KEY (the server's key) in its
// environment. Everything binds to 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, repoRoot, type Host } from './hosts';
import { startCodeServer, type CodeServer } from './codeServer';
import { startClerkServer, type ClerkServer } from '../server/server';

export { findRepoRoot, repoRoot };
const hostsDir = join(repoRoot, 'test', 'hosts');

export const DEMO_HOST = 'vscode-1.100';
export const defaultVsix = join(repoRoot, 'clerk-sessions.vsix');

/** code-server 4.100.3 (runs on this Node), installed with test/hosts/install.sh when it is missing. */
export function demoHost(install = true): Host {
  const dir = join(hostsDir, 'cs-1.100');
  const pkg = join(dir, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg)) {
    if (!install) throw new Error(`code-server is not installed (${pkg} missing): run bash test/hosts/install.sh --host ${DEMO_HOST}`);
    console.error(`code-server is not installed yet: bash test/hosts/install.sh --host ${DEMO_HOST} --no-browser (≈2 min, once)`);
    const r = spawnSync('bash', [join(hostsDir, 'install.sh'), '--host', DEMO_HOST, '--no-browser'], { stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(pkg)) throw new Error('installing code-server failed (see above)');
  }
  return {
    name: DEMO_HOST,
    dir,
    node: process.execPath,
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
  };
}

export interface DemoOptions {
  /** code-server's port (0 or absent: a free one). */
  port?: number;
  /** The local Clerk server's port (0 or absent: a free one). */
  apiPort?: number;
  vsix?: string;
  /** Echo code-server's output to stderr. */
  echo?: boolean;
}

export interface Demo {
  server: ClerkServer;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The workbench URL with the demo folder open. */
  url: string;
  workspace: string;
  host: Host;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the local Clerk server and code-server with the VSIX installed. Stop it with `stop()`. */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const vsix = opts.vsix ?? defaultVsix;
  if (!existsSync(vsix)) throw new Error(`No VSIX at ${vsix}: run npm run package first`);
  const host = demoHost();
  const server = await startClerkServer({ port: opts.apiPort ?? 0, host: '127.0.0.1' });
  const workspace = mkdtempSync(join(tmpdir(), 'clerk-demo-'));
  writeFileSync(join(workspace, 'README.md'), '# Clerk Sessions demo\n\nOpen the Clerk view in the activity bar.\n');
  let cs: CodeServer | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await cs?.stop();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    cs = await startCodeServer(host, {
      vsix: [vsix],
      workspace,
      port: opts.port,
      echo: opts.echo,
      userSettings: { 'clerk.apiUrl': server.url },
      env: { CLERK_SECRET_KEY: server.secretKey },
      unsetEnv: ['CLERK_SESSIONS_TEST'],
    });
    const base = cs.base;
    return { server, base, url: `${base}/?folder=${encodeURIComponent(workspace)}`, workspace, host, log: () => cs!.log(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
