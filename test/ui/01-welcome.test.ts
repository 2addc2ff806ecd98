// Playwright in Chromium against code-server with the packaged VSIX installed, as a user would: the welcome view,
// a key typed into the input box, the tree of users and sessions, and each session command from the context menu.
// Screenshots go to test/ui/screenshots/<host>/ (git-ignored) only; `npm run screenshots` copies the newest host's
// into media/ on purpose.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { selectedHosts } from '../hosts/hosts';
import type { ClerkServer } from '../server/server';
import {
  contextMenu,
  expandRow,
  hostShots,
  openClerkView,
  openWorkbench,
  typeIntoQuickInput,
  VSIX,
  webviewBody,
  widenSideBar,
  type Workbench,
} from './workbench';

const hosts = selectedHosts('all');
for (const host of hosts) {
  const { shot } = hostShots(host);
  describe(`UI in ${host.name}: welcome view, key, tree and session commands`, function () {
    this.timeout(180_000);
    let ui: Workbench;
    let clerk: ClerkServer;
    let page: Page;
    const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');
    const title = () => page.locator('.part.sidebar .composite.title');
    const tab = () => page.locator('.tabs-container .tab.active');
    const report = () => webviewBody(page).locator(':scope > *');
    const sessionRow = () =>
      rows()
        .filter({ has: page.locator('.label-description', { hasText: /^active · / }) })
        .first();

    before(async () => {
      ui = await openWorkbench(host, VSIX);
      ({ clerk, page } = ui);
    });
    after(() => ui?.stop());

    it('shows the welcome content with a Set Secret Key button', async () => {
      const pane = await openClerkView(page);
      const welcome = pane.locator('.welcome-view-content');
      await welcome.waitFor({ timeout: 30_000 });
      assert.match(await welcome.innerText(), /secret key is kept in VS Code's secret storage/);
      await welcome.getByRole('button', { name: 'Set Secret Key' }).waitFor();
      console.log(`      screenshot ${await shot(page, 'welcome-before-key', title(), welcome)}`);
    });

    it('sets a key typed into the input box, and the welcome content goes away', async () => {
      const pane = await openClerkView(page);
      await pane.locator('.welcome-view-content').getByRole('button', { name: 'Set Secret Key' }).click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await input.getAttribute('type'), 'password', 'the key input is a password field');
      await typeIntoQuickInput(page, clerk.secretKey);
      await pane.locator('.welcome-view-content').waitFor({ state: 'detached', timeout: 30_000 });
      const instance = rows().first();
      await instance.waitFor({ timeout: 15_000 });
      assert.match(await instance.innerText(), new RegExp(`Development[\\s\\S]*sk_test_…${clerk.secretKey.slice(-4)}`));
      assert.ok(!(await page.content()).includes(clerk.secretKey), 'the key is nowhere in the page');
      console.log(`      screenshot ${await shot(page, 'welcome-after-key', title(), rows())}`);
    });

    it('lists users and, expanded, their sessions', async () => {
      const first = rows().nth(1);
      await first.waitFor({ timeout: 30_000 });
      // Expand users (the rows one level below the instance) until one shows an active session; each expanded user
      // shows at least one row of its own (its organizations) once its children are loaded.
      const users = page.locator('.pane-body .monaco-list-row[role="treeitem"][aria-level="2"]');
      const children = page.locator('.pane-body .monaco-list-row[role="treeitem"][aria-level="3"]');
      for (let i = 0; i < 8 && !(await sessionRow().isVisible()); i++) {
        const shown = await children.count();
        await expandRow(page, users.nth(i));
        await children.nth(shown).waitFor({ timeout: 15_000 });
      }
      await sessionRow().waitFor({ timeout: 15_000 });
      const width = (await page.locator('.part.sidebar').boundingBox())!.width;
      await widenSideBar(page, 260);
      await page.waitForFunction((w) => (document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) > w + 200, width);
      console.log(`      screenshot ${await shot(page, 'tree', title(), rows())}`);
      await sessionRow().hover();
      await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Expires:' }).first().waitFor({ timeout: 10_000 });
      console.log(`      screenshot ${await shot(page, 'tree-tooltip', sessionRow(), page.locator('.monaco-hover, .workbench-hover'))}`);
    });

    it('runs Inspect from the context menu: a JSON document with readable times', async () => {
      await sessionRow().click({ button: 'right' });
      await page.locator('.context-view .action-item').filter({ hasText: 'Revoke Session' }).waitFor({ timeout: 10_000 });
      console.log(`      screenshot ${await shot(page, 'context-menu', title(), rows(), page.locator('.context-view .monaco-menu'))}`);
      await page.keyboard.press('Escape');
      await contextMenu(page, sessionRow(), 'Inspect Session');
      const editor = page.locator('.editor-instance .view-lines');
      await editor.filter({ hasText: 'last_active_at_local' }).waitFor({ timeout: 20_000 });
      console.log(`      screenshot ${await shot(page, 'inspect', tab(), editor.locator('.view-line > span'))}`);
    });

    it('runs Verify with a freshly minted token: a report of every check', async () => {
      await contextMenu(page, sessionRow(), 'Verify Token Against Session');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      await typeIntoQuickInput(page, 'Mint a fresh token');
      // The report is a webview with a strict CSP: read it inside its frames.
      await webviewBody(page).filter({ hasText: "as @clerk/backend's verifyToken checks it" }).waitFor({ timeout: 20_000 });
      await page.mouse.move(1100, 700); // no tooltip over the tree
      console.log(`      screenshot ${await shot(page, 'verify-report', tab(), report())}`);
      assert.ok(!(await page.content()).match(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/), 'no token on screen');
      assert.ok(!(await webviewBody(page).innerHTML()).match(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/), 'no token in the report');
    });

    it('runs Copy JWT from Template…: the token is on the clipboard, the status bar names the template', async () => {
      await contextMenu(page, sessionRow(), 'Copy JWT from Template');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      const template = clerk.data.jwtTemplates[0].name;
      await typeIntoQuickInput(page, template);
      await page
        .locator('.statusbar, .notifications-toasts')
        .filter({ hasText: new RegExp(`copied .*"${template}"`, 'i') })
        .first()
        .waitFor({ timeout: 15_000 });
      const clip = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(clip, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      console.log(`      screenshot ${await shot(page, 'copy-jwt')}`);
    });

    it('runs Revoke: dismissing revokes nothing, confirming revokes', async () => {
      const revokes = () => clerk.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/revoke')).length;
      const sent = revokes();
      const before = clerk.data.sessions.filter((s) => s.status === 'revoked').length;
      await contextMenu(page, sessionRow(), 'Revoke Session');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 10_000 });
      assert.match(await dialog.innerText(), /Revoke the session of .* on .*\?/);
      console.log(`      screenshot ${await shot(page, 'revoke-confirm', dialog)}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // Whether the dismissed dialog sent a revoke is read from the server's log once the confirmed one is done below
      // (running another command here to flush the host would redraw the tree under the next context menu).
      assert.equal(clerk.data.sessions.filter((s) => s.status === 'revoked').length, before, 'dismissed: nothing revoked');
      await contextMenu(page, sessionRow(), 'Revoke Session');
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await page
        .locator('.notifications-toasts')
        .filter({ hasText: /revoked/ })
        .first()
        .waitFor({ timeout: 15_000 });
      assert.equal(clerk.data.sessions.filter((s) => s.status === 'revoked').length, before + 1);
      assert.equal(revokes(), sent + 1, 'one revoke request: the confirmed one (the dismissed dialog sent none)');
      console.log(`      screenshot ${await shot(page, 'after-revoke')}`);
    });
  });
}
