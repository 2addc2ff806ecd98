// Runs the bench suite (out/bench/suite/index.js) in the real extension host of a fresh code-server, the way
// test/hosts/run-integration.ts runs the integration suite, and returns the JSON the suite wrote.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { Host } from '../test/hosts/hosts';
import { repoRoot } from '../test/hosts/demo';
import { startCodeServer } from '../test/hosts/codeServer';

export const workDir = join(repoRoot, 'bench', '.work');

/**
 * The packaged extension, unpacked by code-server itself (--install-extension into a folder of ours), so the
 * extension host runs exactly what the VSIX ships (minified dist/extension.js) as a development extension,
 * which is what puts it in Test mode (TestApi).
 */
export function unpackVsix(host: Host, vsix: string): string {
  const dir = join(workDir, 'vsix-ext');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'clerk-bench-unpack-'));
  try {
    execFileSync(host.node, [host.entry, '--user-data-dir', join(tmp, 'ud'), '--extensions-dir', dir, '--install-extension', vsix], {
      stdio: 'pipe',
      env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg-data') },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const ext = readdirSync(dir).find((d) => d.startsWith('clerk-sessions.clerk-sessions-'));
  if (!ext) throw new Error(`code-server did not unpack ${vsix} into ${dir}`);
  return join(dir, ext);
}

export interface SuiteRun {
  result: Record<string, unknown>;
  /** Date.now() just before code-server was started. */
  startedAt: number;
  ms: number;
}

export async function runSuite(
  host: Host,
  context: BrowserContext,
  o: {
    devPath: string;
    settings: Record<string, unknown>;
    env: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<SuiteRun> {
  const suite = join(repoRoot, 'out', 'bench', 'suite', 'index.js');
  if (!existsSync(suite)) throw new Error(`${suite} missing: run npm run build:tests`);
  const tmp = mkdtempSync(join(tmpdir(), 'clerk-bench-run-'));
  const outFile = join(tmp, 'result.json');
  const workspace = join(tmp, 'ws');
  mkdirSync(workspace);
  const startedAt = Date.now();
  const cs = await startCodeServer(host, { workspace, userSettings: o.settings, env: { ...o.env, CLERK_BENCH_OUT: outFile } });
  const page = await context.newPage();
  try {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(o.devPath)],
      ['extensionTestsPath', remote(suite)],
      ['skipWelcome', 'true'],
    ];
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', () => undefined);
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      done,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), o.timeoutMs ?? 120_000);
      }),
    ]);
    clearTimeout(timer);
    if (!existsSync(outFile))
      throw new Error(`the bench suite wrote nothing (exit ${code}):\n${cs.log().split('\n').slice(-30).join('\n')}`);
    return { result: JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, unknown>, startedAt, ms: Date.now() - startedAt };
  } finally {
    await page.close().catch(() => undefined);
    await cs.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
