// Runs the integration suite (out/test/integration/index.js, a mocha suite exporting run()) inside the real
// extension host of each code-server host, offline. Prints mocha's output; exits non-zero when any host fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { repoRoot, selectedHosts, type Host } from './hosts';
import { startCodeServer } from './codeServer';
import { launchBrowser } from './browser';

const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);

async function runOn(host: Host): Promise<number> {
  const t0 = Date.now();
  const lap = (m: string) => console.error(`[${host.name} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const workspace = mkdtempSync(join(tmpdir(), 'clerk-ws-'));
  const cs = await startCodeServer(host, { workspace, env: { CLERK_SESSIONS_TEST: '1' } });
  lap(`code-server ${host.version} listening on ${cs.base}`);
  const browser = await launchBrowser();
  try {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.base });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const remote = (p: string) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(join(repoRoot, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        if (
          process.env.SHOW_BROWSER_LOG ||
          !/^(Resolv|Creating a socket|Updating additional|Ignoring fetching additional|Creation of workbench contribution|\[AgentHost\]|\[ChatModelSelection\]|\[Service Worker\]|ChatSessionStore)/.test(
            line,
          )
        )
          console.log(line);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    // The extension host's console reaches the page console as "%c[Extension Host] %c<text> color: blue color: ".
    page.on('console', (m) => {
      const t = m.text();
      const mm = t.match(/^%c\[Extension Host\] %c([\s\S]*) color: blue color: $/);
      if (mm) console.log(mm[1]);
      else if (process.env.SHOW_BROWSER_LOG) console.error(`[browser:${m.type()}] ${t.slice(0, 500)}`);
    });
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    // VS Code 1.139's built workbench honours extensionTestsPath from the URL payload only with
    // developmentOptions.enableSmokeTestDriver, a server flag code-server's CLI rejects: set it in this page.
    await page.addInitScript(() => {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this, …)
      const orig = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (this: Element, name: string) {
        const v = orig.call(this, name);
        if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && v) {
          const cfg = JSON.parse(v);
          cfg.developmentOptions = { ...(cfg.developmentOptions ?? {}), enableSmokeTestDriver: true };
          return JSON.stringify(cfg);
        }
        return v;
      };
    });
    await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    lap('workbench loaded, tests running in the extension host');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      done,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    lap(`extension host exited with ${code}`);
    if (code === 'timeout' || code !== 0) {
      if (process.env.SHOW_SERVER_LOG_ON_FAIL !== '0') console.error(cs.log().split('\n').slice(-40).join('\n'));
    }
    return code === 'timeout' ? 124 : typeof code === 'number' ? code : 1;
  } finally {
    await browser.close();
    await cs.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

void (async () => {
  const results: [string, number][] = [];
  for (const host of selectedHosts('all')) {
    console.log(`\n=== Integration tests in ${host.name} (code-server ${host.version}) ===`);
    results.push([
      host.name,
      await runOn(host).catch((e) => {
        console.error(e);
        return 1;
      }),
    ]);
  }
  console.log('\n' + results.map(([n, c]) => `${n}: ${c === 0 ? 'passed' : `FAILED (exit ${c})`}`).join('\n'));
  process.exit(results.some(([, c]) => c !== 0) ? 1 : 0);
})();
