// The demo's pieces, shared by `npm run demo` (run-demo.ts) and the README screenshot (demo-shot.ts): the local
// Clerk-compatible server with its seeded data, and code-server 4.100.3 with the packaged VSIX installed,
// `clerk.apiUrl` pointing at that server (user settings) and CLERK_SECRET_KEY (the server's key) in its
// environment. Everything binds to 127.0.0.1.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, repoRoot, type Host } from './hosts';
import { freePort } from './codeServer';
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
  const tmp = mkdtempSync(join(tmpdir(), 'clerk-demo-'));
  let child: ChildProcess | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child?.pid && child.exitCode === null) {
      const gone = new Promise<void>((r) => child!.once('exit', () => r()));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const userData = join(tmp, 'user-data');
    const extensions = join(tmp, 'extensions');
    const workspace = join(tmp, 'clerk-demo');
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'README.md'), '# Clerk Sessions demo\n\nOpen the Clerk view in the activity bar.\n');
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
      'clerk.apiUrl': server.url,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'chat.commandCenter.enabled': false,
      'git.enabled': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
    }, null, 1));
    const env: NodeJS.ProcessEnv = {
      EXTENSIONS_GALLERY: '{}',
      ...process.env,
      PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      CLERK_SECRET_KEY: server.secretKey,
    };
    delete env.CLERK_SESSIONS_TEST;
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
    execFileSync(host.node, [host.entry, ...common, '--install-extension', vsix], { env, stdio: 'pipe' });
    const port = opts.port || await freePort();
    child = spawn(host.node, [host.entry, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--bind-addr', `127.0.0.1:${port}`,
      ...common, workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const onData = (d: Buffer) => { out += d; if (opts.echo) process.stderr.write(d); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    for (let i = 0; !/HTTP server listening/.test(out); i++) {
      if (i > 600 || child.exitCode !== null) throw new Error(`code-server ${host.version} did not start:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = `http://127.0.0.1:${port}`;
    return { server, base, url: `${base}/?folder=${encodeURIComponent(workspace)}`, workspace, host, log: () => out, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
