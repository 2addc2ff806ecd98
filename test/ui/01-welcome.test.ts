// Playwright in Chromium against code-server with the packaged VSIX installed: the welcome view, and a key set
// through its button by typing into the input box, as a user would.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, selectedHosts } from '../hosts/hosts';
import { startCodeServer, type CodeServer } from '../hosts/codeServer';
import { launchBrowser } from '../hosts/browser';
import { openClerkView, shot, typeIntoQuickInput } from './workbench';

const vsix = process.env.VSIX ?? join(repoRoot, 'clerk-sessions.vsix');

for (const host of selectedHosts('newest')) {
  describe(`UI: welcome view and Set Secret Key (${host.name})`, function () {
    this.timeout(180_000);
    let cs: CodeServer;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let page: Page;

    before(async () => {
      cs = await startCodeServer(host, { vsix: [vsix] });
      browser = await launchBrowser();
      page = browser.context.pages()[0] ?? await browser.context.newPage();
      await page.goto(`${cs.base}/?folder=${encodeURIComponent(cs.workspace)}`);
    });
    after(async () => {
      await browser?.close();
      cs?.stop();
    });

    it('shows the welcome content with a Set Secret Key button', async () => {
      const pane = await openClerkView(page);
      const welcome = pane.locator('.welcome-view-content');
      await welcome.waitFor({ timeout: 30_000 });
      assert.match(await welcome.innerText(), /secret key is kept in VS Code's secret storage/);
      await welcome.getByRole('button', { name: 'Set Secret Key' }).waitFor();
      console.log(`      screenshot ${await shot(page, 'welcome-before-key')}`);
    });

    it('sets a key typed into the input box, and the welcome content goes away', async () => {
      const pane = await openClerkView(page);
      await pane.locator('.welcome-view-content').getByRole('button', { name: 'Set Secret Key' }).click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await input.getAttribute('type'), 'password', 'the key input is a password field');
      const key = `sk_test_FAKE${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;
      await typeIntoQuickInput(page, key);
      await pane.locator('.welcome-view-content').waitFor({ state: 'detached', timeout: 30_000 });
      const instance = pane.locator('.monaco-list-row[role="treeitem"]').first();
      await instance.waitFor({ timeout: 15_000 });
      assert.match(await instance.innerText(), new RegExp(`sk_test_…${key.slice(-4)}`));
      assert.ok(!(await page.content()).includes(key), 'the key is nowhere in the page');
      console.log(`      screenshot ${await shot(page, 'welcome-after-key')}`);
    });
  });
}
