// Playwright in Chromium against code-server with the packaged VSIX: Clerk: Explain Request as a user runs it, for the
// README (issue 15): a signed-out request whose __client_uat is newer than its token (selected, run from the palette);
// a request in an .http file whose token has no azp while clerk.authorizedParties is set (run from its CodeLens); an
// M2M token (mt_) verified with the local server's POST /m2m_tokens/verify (the report's "Verify with Clerk" link); a
// handshake redirect decoded. The requests are the ones test/integration/85-explain-request explains
// (test/server/requestFixtures.ts).
// Screenshots go to test/ui/screenshots/<host>/ only, cropped to the report, from a workbench 680 px wide without the
// side bar so that each is at most 690 px wide (the Extensions page shows it at >= 75 %). Editor text (the tokens) is
// blurred before anything is captured, and no token is in any report.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { selectedHosts } from '../hosts/hosts';
import type { CodeServer } from '../hosts/codeServer';
import { localTime } from '../../src/util/format';
import { ISSUER } from '../server/jwt';
import { publishableKeyFor } from '../server/machine';
import {
  AUTHORIZED_PARTIES,
  azpHttpFile,
  claimsOf,
  clientUatRequest,
  handshakeRequest,
  m2mRequest,
  mintOverApi,
} from '../server/requestFixtures';
import type { ClerkServer } from '../server/server';
import {
  hostShots,
  openFile,
  openWorkbench,
  runCommand,
  setKeyFromWelcome,
  TOKEN_ON_SCREEN,
  typeIntoQuickInput,
  VSIX,
  webviewBody,
  type Workbench,
} from './workbench';

const PK = publishableKeyFor(ISSUER, 'development');

/** Widest a README shot may be: the Extensions page shows a 690 px image at ≥ 75 % (test/ui/02-extension-page). */
const MAX_WIDTH = 690;
/** The files the tests explain requests from. */
const FILES = ['captured-request.txt', 'job-request.txt', 'handshake-redirect.txt', 'api.http'];

for (const host of selectedHosts('all')) {
  const { dir: own, shot } = hostShots(host);
  describe(`UI in ${host.name}: Explain Request`, function () {
    this.timeout(180_000);
    let ui: Workbench;
    let clerk: ClerkServer;
    let cs: CodeServer;
    let page: Page;
    const tab = () => page.locator('.tabs-container .tab.active');
    /** Bring a workspace file to the front and wait for its line (test/ui/workbench.ts: openFile). */
    const open = (name: string, lineText: string | RegExp) => openFile(page, cs.workspace, name, lineText, own);

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
      ui = await openWorkbench(host, VSIX);
      ({ clerk, cs, page } = ui);
      await setKeyFromWelcome(page, clerk.secretKey);
      // The reports fill a narrow editor: no side bar, a workbench 680 px wide.
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
      await page.setViewportSize({ width: 680, height: 900 });
      // The app's publishable key, where an app keeps it (read in a trusted workspace; typed when asked otherwise).
      writeFileSync(join(cs.workspace, '.env'), `CLERK_PUBLISHABLE_KEY=${PK}\n`);
      // Quick Open lists the files its first search found: each request's file is there from the start, filled in by its test.
      for (const name of FILES) writeFileSync(join(cs.workspace, name), '# filled in by the test\n');
      // The tokens are in the editors' text: blurred before anything is captured.
      await page.addStyleTag({ content: '.editor-instance .view-lines, .editor-instance .minimap { filter: blur(5px); }' });
    });
    after(() => ui?.stop());

    const active = () => clerk.data.sessions.find((x) => x.status === 'active' && !x.actor && !x.last_active_organization_id)!;

    /** The report's screenshot, cropped to its tab and body (the page is narrow enough for the README's column). */
    async function reportShot(name: string, of: Locator = webviewBody(page).locator(':scope > *')): Promise<string> {
      const file = await shot(page, name, tab(), of);
      const width = readFileSync(file).readUInt32BE(16);
      assert.ok(width <= MAX_WIDTH, `${name}.png is ${width} px wide (at most ${MAX_WIDTH}: the Extensions page shows it at ≥ 75 %)`);
      return file;
    }

    it('a signed-out request whose __client_uat is newer than its token, explained', async () => {
      const jwt = await mintOverApi(clerk, active().id);
      const { text: request, iat, clientUat } = clientUatRequest(jwt);
      writeFileSync(join(cs.workspace, 'captured-request.txt'), request);
      await open('captured-request.txt', 'GET http://localhost:3000/api/me');
      const body = await explainAll('session-token-iat-before-client-uat');
      const text = await body.innerText();
      assert.match(text, /signed-out \(session-token-iat-before-client-uat\)/);
      assert.ok(
        text.includes(`The token's iat (${localTime(iat * 1000)}) is 60 s before __client_uat (${localTime(clientUat * 1000)})`),
        text,
      );
      console.log(`      screenshot ${await reportShot('request-client-uat')}`);
    });

    it('an mt_ M2M token verified with Clerk: subject, scopes, expiry and the outcome per acceptsToken', async () => {
      const mt = clerk.machineTokens.m2mTokens.valid;
      writeFileSync(join(cs.workspace, 'job-request.txt'), m2mRequest(mt.secret));
      await open('job-request.txt', 'POST http://localhost:3000/api/jobs');
      clerk.resetLog();
      const first = await explainAll('Machine token');
      assert.deepEqual(
        clerk.requests.map((e) => e.route),
        [],
        'nothing sent before the user asks',
      );
      await first.getByRole('link', { name: 'Verify with Clerk' }).click();
      const body = await report('Verified with Clerk');
      const text = await body.innerText();
      assert.deepEqual(
        clerk.requests.map((e) => e.route),
        ['POST /v1/m2m_tokens/verify'],
      );
      assert.ok(text.includes(`${mt.record.subject} (a machine)`), text);
      assert.match(text, /Scopes/);
      assert.match(text, /acceptsToken/);
      assert.ok(!text.includes(mt.secret), 'never the token itself');
      // The Machine token section (the outcome per acceptsToken) and Clerk's answer below it at the top of the view.
      await body.locator('xpath=./h2[normalize-space(.)="Machine token"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      const sections = body.locator(
        'xpath=./h2[normalize-space(.)="Machine token"] | ./h2[normalize-space(.)="Machine token"]/following-sibling::*',
      );
      console.log(`      screenshot ${await reportShot('request-m2m-verified', sections)}`);
    });

    it('a decoded handshake: its Set-Cookie lines with the tokens masked, __clerk_hs_reason, and what it would do', async () => {
      const jwt = await mintOverApi(clerk, active().id);
      const hs = await clerk.frontend.handshake({ sessionToken: jwt });
      writeFileSync(join(cs.workspace, 'handshake-redirect.txt'), handshakeRequest(hs));
      await open('handshake-redirect.txt', 'GET http://localhost:3000/dashboard');
      const body = await explainAll('Handshake');
      const text = await body.innerText();
      assert.match(text, /__clerk_hs_reason/);
      assert.match(text, /__session\s+· set: a token of \d+ characters/);
      assert.match(text, /Applying it/);
      assert.ok(!text.includes(jwt) && !text.includes(hs), 'neither token itself');
      // The Handshake section at the top of the view, below the report's tab: that is what the screenshot is of.
      const heading = body.locator('xpath=./h2[normalize-space(.)="Handshake"]');
      await heading.evaluate((e) => e.scrollIntoView({ block: 'start' }));
      const section = body.locator(
        'xpath=./h2[normalize-space(.)="Handshake"] | ./h2[normalize-space(.)="Handshake"]/following-sibling::*',
      );
      console.log(`      screenshot ${await reportShot('request-handshake', section)}`);
    });

    it('a request in an .http file whose token lacks azp while authorizedParties is set, run from its CodeLens', async () => {
      const jwt = await mintOverApi(clerk, active().id);
      assert.equal(claimsOf(jwt).azp, undefined, 'the server mints without azp (no browser Origin)');
      // The app's clerkMiddleware({ authorizedParties }), as the extension is told it: clerk.authorizedParties (last test:
      // the setting stays).
      mkdirSync(join(cs.workspace, '.vscode'), { recursive: true });
      writeFileSync(
        join(cs.workspace, '.vscode', 'settings.json'),
        JSON.stringify({ 'clerk.authorizedParties': AUTHORIZED_PARTIES }, null, 2),
      );
      writeFileSync(join(cs.workspace, 'api.http'), azpHttpFile(jwt).text);
      await open('api.http', '@host');
      // The lens above the second request (GET {{host}}/api/me).
      const lenses = page.locator('.editor-instance .codelens-decoration a').filter({ hasText: 'Clerk: Explain Request' });
      await lenses.nth(1).waitFor({ timeout: 30_000 });
      assert.equal(await lenses.count(), 2, 'one lens above each request');
      // The workspace setting reaches the extension host a moment after the file is written: one more click if not yet.
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1) await open('api.http', '@host');
        await lenses.nth(1).click();
        const refused = webviewBody(page).filter({ hasText: 'token-invalid-authorized-parties' });
        if (
          await refused.waitFor({ timeout: 10_000 }).then(
            () => true,
            () => false,
          )
        )
          break;
        if (attempt === 3) assert.fail(`no token-invalid-authorized-parties after ${attempt} runs: ${await webviewBody(page).innerText()}`);
      }
      const body = await report('token-invalid-authorized-parties');
      const text = await body.innerText();
      assert.match(text, /signed-out \(token-invalid-authorized-parties\)/);
      assert.match(text, /The token has no azp .*authorizedParties \(http:\/\/localhost:3000\) require one/);
      assert.match(text, /GET http:\/\/localhost:3000\/api\/me/, 'the request below the lens, its {{host}} substituted');
      console.log(`      screenshot ${await reportShot('request-azp-http')}`);
    });
  });
}
