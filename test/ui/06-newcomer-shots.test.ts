// What a newcomer sees around the view, as the README shows it: the demo's requests.http (the tokens `npm run demo`
// mints, written by the demo's own seedWorkspace) with the first hover over a session token (a verdict, with no Explain
// or Verify before it: the tree fetched the instance's public keys when it loaded it); a search shown on the view (its
// message above the rows); and the status bar item on a live key (an sk_live_… key made at run time, accepted by the
// local server as a production instance): "LIVE" on the status bar's warning background. Screenshots go to
// test/ui/screenshots/<host>/ only, cropped to what they show; editor lines holding a token are blurred first.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { selectedHosts } from '../hosts/hosts';
import { seedWorkspace } from '../hosts/demo';
import { makeTestSecretKey, type ClerkServer } from '../server/server';
import {
  hostShots,
  openClerkView,
  openFile,
  openWorkbench,
  runCommand,
  setKeyFromWelcome,
  TOKEN_ON_SCREEN,
  typeIntoQuickInput,
  VSIX,
  widenSideBar,
  type Workbench,
} from './workbench';

for (const host of selectedHosts('all')) {
  const { dir: own, shot } = hostShots(host);

  describe(`UI in ${host.name}: the demo's requests.http with its hover, and a search shown on the view`, function () {
    this.timeout(240_000);
    let ui: Workbench;
    let clerk: ClerkServer;
    let page: Page;
    const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');

    before(async () => {
      ui = await openWorkbench(host, VSIX, { hostile: false });
      ({ clerk, page } = ui);
      await seedWorkspace(clerk, ui.cs.workspace);
      await setKeyFromWelcome(page, clerk.secretKey);
    });
    after(() => ui?.stop());

    it("the demo's requests.http: the first hover over its session token gives a verdict and names the session", async () => {
      await rows().nth(1).waitFor({ timeout: 30_000 }); // the tree has loaded the instance: its users show
      const line = await openFile(page, ui.cs.workspace, 'requests.http', 'Authorization: Bearer', own);
      // The first hover, with no Explain or Verify before it: a hover sends no request, so it checks the signature
      // against the public keys the tree fetched when it first loaded the instance (after Set Secret Key, in before()).
      const box = (await line.boundingBox())!;
      await page.mouse.move(box.x + 300, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Explain' }).first();
      await hover.waitFor({ timeout: 20_000 });
      const text = await hover.innerText();
      // The first token of the demo's file is a session token of a user of the local server.
      assert.match(text, /session token/i);
      assert.match(text, /would accept it now/);
      assert.doesNotMatch(text, /cannot tell/i);
      assert.match(text, /Signature: matches key /);
      assert.ok(
        clerk.data.sessions.some((s) => text.includes(s.id)),
        'the hover names a session of the local server',
      );
      assert.doesNotMatch(text, TOKEN_ON_SCREEN);
      // Blur the lines that hold a token (the comments and requests stay readable), not the hover.
      await page.evaluate(() => {
        for (const l of Array.from(document.querySelectorAll<HTMLElement>('.editor-instance .view-line')))
          if (/eyJ/.test(l.textContent ?? '')) l.style.filter = 'blur(4px)';
      });
      const tab = page.locator('.tabs-container .tab.active');
      const below = page.locator('.editor-instance .view-line').filter({ hasText: 'api/org/projects' }).first();
      console.log(`      screenshot ${await shot(page, 'demo-requests-hover', tab, hover, below)}`);
    });

    it('a search shown on the view: its message says which users it shows', async () => {
      const pane = await openClerkView(page);
      const user = clerk.data.users.find((u) => u.email_addresses.length > 0)!;
      const email = user.email_addresses[0].email_address;
      const term = email.split('@')[0];
      await runCommand(page, 'Clerk: Search Users');
      await typeIntoQuickInput(page, term);
      await pane
        .locator('.pane-body')
        .filter({ hasText: `Users matching "${term}"` })
        .waitFor({ timeout: 20_000 });
      await rows().filter({ hasText: email }).first().waitFor({ timeout: 20_000 });
      await widenSideBar(page, 260);
      await page.mouse.move(1100, 600); // no hover highlight on a row
      const message = pane.locator('.pane-body').getByText(`Users matching "${term}"`);
      console.log(`      screenshot ${await shot(page, 'search-view', page.locator('.part.sidebar .composite.title'), message, rows())}`);
    });
  });

  describe(`UI in ${host.name}: the status bar on a live key`, function () {
    this.timeout(240_000);
    let ui: Workbench;
    let page: Page;

    before(async () => {
      ui = await openWorkbench(host, VSIX, { hostile: false, secretKey: makeTestSecretKey('live') });
      ({ page } = ui);
    });
    after(() => ui?.stop());

    it('shows the instance, Production and LIVE, on the warning background', async () => {
      await setKeyFromWelcome(page, ui.clerk.secretKey);
      const item = page
        .locator('.part.statusbar .statusbar-item')
        .filter({ hasText: /Clerk: .*LIVE/ })
        .first();
      await item.waitFor({ timeout: 20_000 });
      assert.match(await item.innerText(), /Clerk: .*Production.* · LIVE/);
      const colours = await item.evaluate((el) => {
        // The theme's colour, resolved where the workbench defines its --vscode-* variables.
        const probe = document.createElement('div');
        probe.style.backgroundColor = 'var(--vscode-statusBarItem-warningBackground)';
        el.parentElement!.appendChild(probe);
        const want = getComputedStyle(probe).backgroundColor;
        probe.remove();
        const painted = [el, ...Array.from(el.querySelectorAll('*'))].map((e) => getComputedStyle(e).backgroundColor);
        return { want, painted };
      });
      assert.ok(colours.want && colours.want !== 'rgba(0, 0, 0, 0)', 'the theme has a warning background');
      assert.ok(colours.painted.includes(colours.want), `the item is not on the warning background (${colours.painted.join(', ')})`);
      assert.ok(!(await page.content()).includes(ui.clerk.secretKey), 'the key is nowhere in the page');
      await page.mouse.move(640, 300);
      const bar = page.locator('.part.statusbar');
      console.log(`      screenshot ${await shot(page, 'status-live', item, bar.locator('.statusbar-item.left').first())}`);
    });
  });
}
