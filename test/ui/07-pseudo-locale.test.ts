// The extension in another language, as a user would see it: code-server in the pseudo locale (qps-ploc), the
// extension's pseudo bundles (l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json, from `npm run l10n`) put
// beside the installed VSIX, and no English of the extension's own messages may remain in the Sessions tree, the token
// hover or the Explain Token report: only the data (names, emails, ids, places, browsers) stays as it came.
//
// VS Code resolves a display language only when a language pack for it is installed: here a language pack record
// (languagepacks.json in the user data folder, VS Code's own strings left as they are) makes the workbench's language
// qps-ploc, and the extension host then loads the extension's bundle for that language.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, selectedHosts } from '../hosts/hosts';
import type { ClerkServer } from '../server/server';
import { mintOverApi } from '../server/requestFixtures';
import { englishWords, readBundle, untranslated } from '../support/untranslated';
import {
  openClerkView,
  openFile,
  openWorkbench,
  shot as shotIn,
  shotsDir,
  typeIntoQuickInput,
  VSIX,
  webviewBody,
  widenSideBar,
  type Workbench,
} from './workbench';

const LOCALE = 'qps-ploc';

/** Every string in a value (the server's data: what the tree may show as it came). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

for (const host of selectedHosts('all')) {
  describe(`UI in ${host.name}: the pseudo locale (${LOCALE}) leaves no English in the tree, the hover or a report`, function () {
    this.timeout(240_000);
    const english = readBundle(repoRoot, 'l10n/bundle.l10n.json');
    const nls = readBundle(repoRoot, 'package.nls.json');
    const pseudoNls = readBundle(repoRoot, `package.nls.${LOCALE}.json`) as Record<string, string>;
    const dict = englishWords(english, nls);
    let ui: Workbench;
    let clerk: ClerkServer;
    let page: Page;
    let data: string[];
    const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');
    const shot = (name: string) => shotIn(page, name, join(shotsDir, host.name));
    const clean = (what: string, text: string) =>
      assert.deepEqual(untranslated(text, dict, data), [], `${what} is partly English:\n${text}`);

    before(async () => {
      ui = await openWorkbench(
        host,
        VSIX,
        {},
        {
          args: ['--locale', LOCALE],
          beforeStart: ({ userData, extensions }) => {
            const translations = join(userData, 'pseudo-vscode.i18n.json');
            writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
            writeFileSync(
              join(userData, 'languagepacks.json'),
              JSON.stringify({
                [LOCALE]: {
                  hash: 'pseudo',
                  // An extension named as the pack's: before it asks for the remote extensions, the workbench asks the
                  // server which extension provides its language (getInstalledLanguages reads extensions[0] of every
                  // pack); with none that call throws and no extension of ours is scanned, so none shows (1.100).
                  extensions: [{ extensionIdentifier: { id: 'ms-ceintl.vscode-language-pack-qps-ploc' }, version: '1.0.0' }],
                  translations: { vscode: translations },
                  label: 'Pseudo',
                },
              }),
            );
            const ext = readdirSync(extensions).find((d) => d.startsWith('clerk-sessions.clerk-sessions-'));
            assert.ok(ext, `the VSIX is not installed in ${extensions}`);
            mkdirSync(join(extensions, ext, 'l10n'), { recursive: true });
            copyFileSync(join(repoRoot, 'l10n', `bundle.l10n.${LOCALE}.json`), join(extensions, ext, 'l10n', `bundle.l10n.${LOCALE}.json`));
            copyFileSync(join(repoRoot, `package.nls.${LOCALE}.json`), join(extensions, ext, `package.nls.${LOCALE}.json`));
          },
        },
      );
      ({ clerk, page } = ui);
      // The data as shown: an instance is titled by its environment type capitalized ("Development"), and a key is shown
      // masked by its prefix (sk_test_…947d).
      const given = strings(clerk.data).filter((s) => s.length >= 3);
      data = [
        ...given,
        // A permission "org:dashboard:read" is shown by its parts ("dashboard → manage, read").
        ...given.flatMap((s) => (s.includes(':') ? s.split(':').filter((p) => p.length >= 3) : [])),
        ...given.map((s) => s[0].toUpperCase() + s.slice(1)),
        clerk.secretKey.slice(0, clerk.secretKey.lastIndexOf('_') + 1),
      ];
    });
    after(() => ui?.stop());

    it('opens the Clerk view under its pseudo-localized name and sets a key from the welcome view', async () => {
      // The icon shows once the extension has activated (the view's when: clerk.viewReady): openClerkView waits for it.
      const pane = await openClerkView(page, pseudoNls['viewsContainers.clerk.title'], pseudoNls['views.sessions.name']);
      const welcome = pane.locator('.welcome-view-content');
      await welcome.waitFor({ timeout: 30_000 });
      clean('the welcome view', await welcome.innerText());
      await welcome.getByRole('button').first().click();
      await typeIntoQuickInput(page, clerk.secretKey);
      await rows().first().waitFor({ timeout: 30_000 });
      await widenSideBar(page, 300);
    });

    it('the tree: instance, users and their sessions (status, device, last active) hold no English', async () => {
      const user = clerk.data.users.find((u) => clerk.data.sessions.some((s) => s.user_id === u.id && s.status === 'active'))!;
      const email = user.email_addresses[0]?.email_address ?? user.id;
      const row = rows().filter({ hasText: email }).first();
      await row.waitFor({ timeout: 20_000 });
      const before = await rows().count();
      await row.click();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => document.querySelectorAll('.pane-body .monaco-list-row[role="treeitem"]').length > n, before, {
        timeout: 20_000,
      });
      const text = (await rows().allInnerTexts()).join('\n');
      console.log(`      screenshot ${await shot('pseudo-tree')}`);
      clean('the tree', text);
    });

    it('the hover over a token and the Explain Token report hold no English', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'active' && !x.actor)!;
      const jwt = await mintOverApi(clerk, s.id);
      writeFileSync(join(ui.cs.workspace, 'requests.http'), `GET http://localhost:3000/api/me\nAuthorization: Bearer ${jwt}\n`);
      await openFile(page, ui.cs.workspace, 'requests.http', 'Authorization: Bearer', join(shotsDir, host.name));
      // The Explain Request lens moves the lines down a moment after the file opens: wait for it before measuring.
      await page.locator('.editor-instance .codelens-decoration').first().waitFor({ timeout: 20_000 });
      const line = page.locator('.editor-instance .view-line').filter({ hasText: 'Authorization: Bearer' }).first();
      await line.waitFor({ timeout: 20_000 });
      await page.addStyleTag({ content: '.editor-instance .view-lines, .editor-instance .minimap { filter: blur(5px); }' });
      const box = (await line.boundingBox())!;
      await page.mouse.move(box.x + 260, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: s.id }).first();
      await hover.waitFor({ timeout: 20_000 });
      const hoverText = await hover.innerText();
      console.log(`      screenshot ${await shot('pseudo-hover')}`);
      clean('the hover', hoverText);
      // Explain Token on the token under the cursor (its keybinding: the palette would need the pseudo title).
      await page.mouse.click(box.x + 260, box.y + box.height / 2);
      await page.keyboard.press('Control+Alt+E');
      const body = webviewBody(page);
      await body.filter({ hasText: s.id }).waitFor({ timeout: 30_000 });
      const reportText = await body.innerText();
      console.log(`      screenshot ${await shot('pseudo-explain')}`);
      // The decoded header and claims are shown as JSON: their keys are data.
      data.push('"header"', '"claims"');
      clean('the Explain Token report', reportText);
    });
  });
}
