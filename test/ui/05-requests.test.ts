// Playwright in Chromium against code-server with the packaged VSIX: Clerk: Explain Request as a user runs it, for the
// README: a signed-out request whose __client_uat is newer than its token (selected in an editor, run from the palette).
// (The handshake, mt_ verified and .http/azp screenshots are not here yet: their draft failed on a handshake token shown
// in the report's Request row, since masked; not rerun.)
// Screenshots go to test/ui/screenshots/<host>/ only, cropped to the report. Editor text (the tokens) is blurred before
// anything is captured, and no token is in any report.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot, selectedHosts } from '../hosts/hosts';
import type { CodeServer } from '../hosts/codeServer';
import { localTime } from '../../src/util/format';
import { ISSUER } from '../server/jwt';
import { publishableKeyFor } from '../server/machine';
import type { ClerkServer } from '../server/server';
import {
  openClerkView,
  runCommand,
  shot as shotIn,
  shotsDir,
  typeIntoQuickInput,
  webviewBody,
  openWorkbench,
  type Workbench,
} from './workbench';

const vsix = process.env.VSIX ?? join(repoRoot, 'clerk-sessions.vsix');
const TOKEN_ON_SCREEN = /eyJ[A-Za-z0-9_-]{20,}\.eyJ/;
const PK = publishableKeyFor(ISSUER, 'development');

async function mint(clerk: ClerkServer, sessionId: string): Promise<string> {
  const res = await fetch(`${clerk.url}/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk.secretKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await res.json()) as { jwt: string }).jwt;
}

const iatOf = (jwt: string): number =>
  Number((JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { iat: number }).iat);

for (const host of selectedHosts('all')) {
  const own = join(shotsDir, host.name);
  const shot = (page: Page, name: string, ...of: Locator[]) => shotIn(page, name, own, of);
  describe(`UI in ${host.name}: Explain Request`, function () {
    this.timeout(180_000);
    let ui: Workbench;
    let clerk: ClerkServer;
    let cs: CodeServer;
    let page: Page;
    const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');
    const tab = () => page.locator('.tabs-container .tab.active');
    /** Open a workspace file by name (Quick Open) and wait for its first line. */
    async function open(name: string, lineText: string | RegExp): Promise<void> {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(name);
      await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.locator('.editor-instance .view-line').filter({ hasText: lineText }).first().waitFor({ timeout: 20_000 });
    }

    /** Explain the whole text of the active editor from the palette; returns the report's body once it says `expect`. */
    async function explainAll(expect: string | RegExp): Promise<Locator> {
      await page.locator('.editor-instance .view-lines').first().click();
      await page.keyboard.press('Control+A');
      await runCommand(page, 'Clerk: Explain Request');
      return await report(expect);
    }

    /** The report once it says `expect`; the publishable key typed if it is asked for (an untrusted workspace). */
    async function report(expect: string | RegExp): Promise<Locator> {
      const body = webviewBody(page);
      const asked = page.locator('.quick-input-widget').filter({ hasText: /publishable key/i });
      const which = await Promise.race([
        body
          .filter({ hasText: expect })
          .waitFor({ timeout: 30_000 })
          .then(() => 'report'),
        asked.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'asked'),
      ]);
      if (which === 'asked') {
        await typeIntoQuickInput(page, PK);
        await body.filter({ hasText: expect }).waitFor({ timeout: 30_000 });
      }
      const html = await body.innerHTML();
      assert.doesNotMatch(html, TOKEN_ON_SCREEN, 'no token in the report');
      assert.equal(await body.locator('img, script').count(), 0);
      return body;
    }

    before(async () => {
      ui = await openWorkbench(host, vsix);
      ({ clerk, cs, page } = ui);
      const pane = await openClerkView(page);
      await pane.locator('.welcome-view-content').getByRole('button', { name: 'Set Secret Key' }).click();
      await typeIntoQuickInput(page, clerk.secretKey);
      await rows().first().waitFor({ timeout: 30_000 });
      // The app's publishable key, where an app keeps it (read in a trusted workspace; typed when asked otherwise).
      writeFileSync(join(cs.workspace, '.env'), `CLERK_PUBLISHABLE_KEY=${PK}\n`);
      // The tokens are in the editors' text: blurred before anything is captured.
      await page.addStyleTag({ content: '.editor-instance .view-lines, .editor-instance .minimap { filter: blur(5px); }' });
    });
    after(() => ui?.stop());

    const active = () => clerk.data.sessions.find((x) => x.status === 'active' && !x.actor && !x.last_active_organization_id)!;

    it('a signed-out request whose __client_uat is newer than its token, explained', async () => {
      const jwt = await mint(clerk, active().id);
      const iat = iatOf(jwt);
      writeFileSync(
        join(cs.workspace, 'captured-request.txt'),
        [
          'GET http://localhost:3000/api/me HTTP/1.1',
          'Host: localhost:3000',
          'Accept: application/json',
          `Cookie: __clerk_db_jwt=dvb_2devbrowser; __client_uat=${iat + 60}; __session=${jwt}`,
          '',
        ].join('\n'),
      );
      await open('captured-request.txt', 'GET http://localhost:3000/api/me');
      const body = await explainAll('session-token-iat-before-client-uat');
      const text = await body.innerText();
      assert.match(text, /signed-out \(session-token-iat-before-client-uat\)/);
      assert.ok(
        text.includes(`The token's iat (${localTime(iat * 1000)}) is 60 s before __client_uat (${localTime((iat + 60) * 1000)})`),
        text,
      );
      console.log(`      screenshot ${await shot(page, 'request-client-uat', tab(), webviewBody(page).locator(':scope > *'))}`);
    });
  });
}
