// Starts an isolated code-server: a temp user-data dir, extensions dir and XDG dirs, a free loopback port,
// quiet settings, no gallery. One fresh server per run: a reused one leaks extension hosts.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import type { Host } from './hosts';

export interface CodeServer {
  port: number;
  base: string;
  tmp: string;
  userData: string;
  workspace: string;
  log(): string;
  /** SIGTERM to the whole process group, up to 5 s for it to exit, then SIGKILL; removes the temp folders. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  vsix?: string[];
  workspace?: string;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Environment variables the host must not inherit from this process. */
  unsetEnv?: string[];
  /** A fixed port (default: a free one). */
  port?: number;
  echo?: boolean;
  /** More arguments for the server (e.g. `--locale qps-ploc`). */
  args?: string[];
  /** Runs once the VSIXs are installed, before the server starts (files the server reads at start). */
  beforeStart?: (dirs: { userData: string; extensions: string }) => void;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

export async function startCodeServer(host: Host, opts: CodeServerOptions = {}): Promise<CodeServer> {
  const tmp = mkdtempSync(join(tmpdir(), `clerk-${host.name}-`));
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  const workspace = opts.workspace ?? join(tmp, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'workbench.enableExperiments': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.reduceMotion': 'on',
        'chat.commandCenter.enabled': false,
        'git.enabled': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        ...opts.userSettings,
      },
      null,
      1,
    ),
  );
  const env: NodeJS.ProcessEnv = {
    EXTENSIONS_GALLERY: '{}', // no open-vsx queries
    ...process.env,
    ...opts.env,
    PATH: `${dirname(host.node)}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
    XDG_DATA_HOME: join(tmp, 'xdg-data'),
    CLERK_TEST_USER_DATA: userData,
  };
  for (const k of opts.unsetEnv ?? []) delete env[k];
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  for (const v of opts.vsix ?? []) {
    execFileSync(host.node, [host.entry, ...common, '--install-extension', v], { env, stdio: 'pipe' });
  }
  opts.beforeStart?.({ userData, extensions });
  const port = opts.port || (await freePort());
  const child = spawn(
    host.node,
    [
      host.entry,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--bind-addr',
      `127.0.0.1:${port}`,
      ...common,
      ...(opts.args ?? []),
      workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    if (opts.echo) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.pid && child.exitCode === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
    })());
  for (let i = 0; !/HTTP server listening/.test(out); i++) {
    if (i > 600 || child.exitCode !== null) {
      await stop();
      throw new Error(`code-server ${host.version} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, base: `http://127.0.0.1:${port}`, tmp, userData, workspace, log: () => out, stop };
}
