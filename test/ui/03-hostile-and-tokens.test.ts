// Playwright in Chromium against code-server with the packaged VSIX, as a user would: revoking the session of a user
// whose browser name is a command link shows a notification with no live command link; Explain Token renders an
// organization token with its feature permissions; Verify a template token; the hover over a token in a .http file.
// Screenshots go to test/ui/screenshots/<host>/ only. Editor text that holds a token is blurred before any screenshot.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { selectedHosts } from '../hosts/hosts';
import type { CodeServer } from '../hosts/codeServer';
import { HOSTILE, type ClerkServer } from '../server/server';
import {
  contextMenu,
  expandRow,
  hostCaughtUp,
  hostShots,
  openFile,
  openWorkbench,
  runCommand,
  setKeyFromWelcome,
  TOKEN_ON_SCREEN,
  typeIntoQuickInput,
  VSIX,
  webviewBody,
  widenSideBar,
  type Workbench,
} from './workbench';

async function mint(clerk: ClerkServer, sessionId: string, template?: string): Promise<string> {
  const res = await fetch(`${clerk.url}/sessions/${sessionId}/tokens${template ? `/${template}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk.secretKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await res.json()) as { jwt: string }).jwt;
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A forged session token: HS256 with any secret, carrying the session's sid and sub and v: 2. */
function forged(sessionId: string, userId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sid: sessionId, sub: userId, v: 2, iat: now - 5, nbf: now - 10, exp: now + 600 })}`;
  return `${input}.${createHmac('sha256', 'any-secret-the-forger-likes').update(input).digest('base64url')}`;
}

for (const host of selectedHosts('all')) {
  const { dir: own, shot } = hostShots(host);
  describe(`UI in ${host.name}: hostile data, Explain Token, Verify a template token, the token hover, pending and organizations`, function () {
    this.timeout(180_000);
    let ui: Workbench;
    let clerk: ClerkServer;
    let cs: CodeServer;
    let page: Page;
    const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');
    const title = () => page.locator('.part.sidebar .composite.title');
    /** A user's row, by the email in its label (the instance row's description names the search term too). */
    const userRow = (email: string) =>
      rows()
        .filter({ has: page.locator('.label-name', { hasText: email }) })
        .first();
    const tab = () => page.locator('.tabs-container .tab.active');
    const report = () => webviewBody(page).locator(':scope > *');
    const setClipboard = (text: string) => page.evaluate((t) => navigator.clipboard.writeText(t), text);

    before(async () => {
      ui = await openWorkbench(host, VSIX);
      ({ clerk, cs, page } = ui);
      await setKeyFromWelcome(page, clerk.secretKey);
      await widenSideBar(page, 300);
    });
    after(() => ui?.stop());
    // What the window showed when a test failed: the first thing to look at in a CI log.
    afterEach(async function () {
      if (this.currentTest?.state !== 'failed' || !page) return;
      const name = `failed-${(this.currentTest.title.match(/[a-z]+/gi) ?? []).slice(0, 6).join('-').toLowerCase()}`;
      console.log(`      screenshot ${await shot(page, name).catch((e: unknown) => String(e))}`);
    });

    it('revoking the session of a user whose browser name is a command link: the notification holds no command link', async () => {
      await runCommand(page, 'Clerk: Search Users');
      await typeIntoQuickInput(page, HOSTILE.sessions.email);
      const user = userRow(HOSTILE.sessions.email);
      await user.waitFor({ timeout: 20_000 });
      await user.click();
      await page.keyboard.press('ArrowRight');
      const session = rows().filter({ hasText: 'Undo revoke' }).first();
      await session.waitFor({ timeout: 20_000 });
      await contextMenu(page, session, 'Revoke Session');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 10_000 });
      assert.equal(await dialog.locator('a[href^="command:"], a[data-href^="command:"]').count(), 0, 'no link in the modal');
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      const toast = page
        .locator('.notifications-toasts .notification-toast')
        .filter({ hasText: /revoked/ })
        .first();
      await toast.waitFor({ timeout: 15_000 });
      assert.match(await toast.innerText(), /Undo revoke/, 'the hostile text is shown, as text');
      const links = await toast
        .locator('a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('data-href') ?? ''));
      assert.deepEqual(
        links.filter((h) => h.startsWith('command:')),
        [],
        `command links in the notification: ${links.join(', ')}`,
      );
      assert.equal(clerk.data.sessions.find((s) => s.id === HOSTILE.sessions.sessionId)?.status, 'revoked');
      // Expand the toast so the whole message shows in the screenshot.
      await toast.hover();
      await toast
        .locator('.codicon-notifications-expand')
        .first()
        .click({ timeout: 3_000 })
        .catch(() => undefined);
      await page.mouse.move(300, 500);
      console.log(`      screenshot ${await shot(page, 'hostile-revoke-notification', toast)}`);
      await runCommand(page, 'Notifications: Clear All Notifications');
    });

    it('Verify a template token from the clipboard: sid is not carried by template tokens', async () => {
      const session = rows()
        .filter({ has: page.locator('.label-description', { hasText: /^active · / }) })
        .first();
      await session.waitFor({ timeout: 20_000 });
      await setClipboard(await mint(clerk, HOSTILE.sessions.citySessionId, 'plain'));
      await contextMenu(page, session, 'Verify Token Against Session');
      await typeIntoQuickInput(page, 'Use the token on the clipboard');
      const body = webviewBody(page);
      await body.filter({ hasText: 'not carried by template tokens' }).waitFor({ timeout: 20_000 });
      assert.doesNotMatch(await body.innerHTML(), TOKEN_ON_SCREEN);
      assert.equal(await body.locator('img, script').count(), 0);
      console.log(`      screenshot ${await shot(page, 'verify-template-token', tab(), report())}`);
    });

    it('Explain Token from the palette with an organization token on the clipboard: rendered, with fpm decoded', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'active' && x.last_active_organization_id && !x.actor)!;
      await setClipboard(await mint(clerk, s.id));
      await runCommand(page, 'Clerk: Explain Token');
      // The clipboard is offered, and read only when picked.
      await typeIntoQuickInput(page, 'Use the token on the clipboard');
      const body = webviewBody(page);
      await body.filter({ hasText: 'Organization' }).waitFor({ timeout: 20_000 });
      const text = await body.innerText();
      assert.match(text, /would accept this token now/);
      assert.match(text, /Feature \S+\s+org:\S+:\S+/);
      assert.doesNotMatch(await body.innerHTML(), TOKEN_ON_SCREEN);
      console.log(`      screenshot ${await shot(page, 'explain-report', tab(), report())}`);
    });

    /** Writes `file` into the workspace, opens it, blurs the editor's text and hovers its Bearer token. */
    async function hoverOverBearer(file: string, content: string) {
      writeFileSync(join(cs.workspace, file), content);
      await openFile(page, cs.workspace, file, 'Authorization: Bearer', own);
      // The Explain Request lens shows above the request a moment after the file opens, and moves the lines below it
      // down: wait for it before measuring where the token's line is.
      await page
        .locator('.editor-instance .codelens-decoration')
        .filter({ hasText: 'Explain Request' })
        .first()
        .waitFor({ timeout: 20_000 });
      const line = page.locator('.editor-instance .view-line').filter({ hasText: 'Authorization: Bearer' }).first();
      await line.waitFor({ timeout: 20_000 });
      // Blur the editor's text (the token) but not the hover, before anything is captured.
      await page.addStyleTag({ content: '.editor-instance .view-lines, .editor-instance .minimap { filter: blur(5px); }' });
      const box = (await line.boundingBox())!;
      await page.mouse.move(box.x + 260, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Explain' }).first();
      await hover.waitFor({ timeout: 20_000 });
      return { line, hover };
    }

    it('the hover over a token in a .http file', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'active' && !x.actor)!;
      const { line, hover } = await hoverOverBearer(
        'requests.http',
        `### Who am I\nGET http://localhost:3000/api/me\nAuthorization: Bearer ${await mint(clerk, s.id)}\n`,
      );
      const text = await hover.innerText();
      assert.match(text, /session token/i);
      assert.ok(text.includes(s.id), 'names the session');
      assert.doesNotMatch(text, TOKEN_ON_SCREEN);
      console.log(`      screenshot ${await shot(page, 'hover-http', tab(), line, hover)}`);
    });

    /** Search the one user with this email and expand them; returns their row. */
    async function showUser(email: string) {
      await runCommand(page, 'Clerk: Search Users');
      await typeIntoQuickInput(page, email);
      const user = userRow(email);
      await user.waitFor({ timeout: 20_000 });
      await expandRow(page, user);
      return user;
    }
    /** The email the tree names the user by: the primary one. */
    const emailOf = (userId: string) => {
      const u = clerk.data.users.find((x) => x.id === userId)!;
      return (u.email_addresses.find((e) => e.id === u.primary_email_address_id) ?? u.email_addresses[0]).email_address;
    };

    it("a user with organizations: the Organizations row and each session's last active organization", async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'active' && x.last_active_organization_id && !x.actor)!;
      await showUser(emailOf(s.user_id));
      await rows()
        .filter({ hasText: /^Organizations: / })
        .first()
        .waitFor({ timeout: 20_000 });
      await rows()
        .filter({ has: page.locator('.label-description', { hasText: /org: / }) })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.mouse.move(1000, 600);
      console.log(`      screenshot ${await shot(page, 'user-orgs', title(), rows())}`);
    });

    it('a pending session, shown by default, with its tasks in the tooltip', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'pending')!;
      await showUser(emailOf(s.user_id));
      const pending = rows()
        .filter({ has: page.locator('.label-description', { hasText: /^pending/ }) })
        .first();
      await pending.waitFor({ timeout: 20_000 });
      await pending.hover();
      const tip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'treatPendingAsSignedOut' }).first();
      await tip.waitFor({ timeout: 15_000 });
      assert.match(await tip.innerText(), /choose-organization/);
      console.log(`      screenshot ${await shot(page, 'pending-tooltip', pending, tip)}`);
      await page.mouse.move(1000, 600);
    });

    it('Revoke All Sessions… asks once, naming the user and the count', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'pending')!;
      const before = clerk.data.sessions.filter((x) => x.user_id === s.user_id && x.status === 'revoked').length;
      const user = await showUser(emailOf(s.user_id));
      await contextMenu(page, user, 'Revoke All Sessions');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog.filter({ hasText: emailOf(s.user_id) }).waitFor({ timeout: 10_000 }); // names the user
      console.log(`      screenshot ${await shot(page, 'revoke-all-confirm', dialog)}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await hostCaughtUp(page, clerk);
      assert.equal(
        clerk.data.sessions.filter((x) => x.user_id === s.user_id && x.status === 'revoked').length,
        before,
        'dismissed: nothing revoked',
      );
    });

    it("Verify of a forged HS256 token carrying the session's sid: red, and says why", async () => {
      const users = new Map<string, number>();
      for (const x of clerk.data.sessions) if (x.status === 'active') users.set(x.user_id, (users.get(x.user_id) ?? 0) + 1);
      const s = clerk.data.sessions.find(
        (x) => x.status === 'active' && !x.actor && users.get(x.user_id) === 1 && !x.user_id.includes('Hostile'),
      )!;
      await showUser(emailOf(s.user_id));
      const session = rows()
        .filter({ has: page.locator('.label-description', { hasText: /^active · / }) })
        .first();
      await session.waitFor({ timeout: 20_000 });
      await setClipboard(forged(s.id, s.user_id));
      await contextMenu(page, session, 'Verify Token Against Session');
      await typeIntoQuickInput(page, 'Use the token on the clipboard');
      const body = webviewBody(page);
      await body.filter({ hasText: 'This token would be refused' }).waitFor({ timeout: 20_000 });
      const text = await body.innerText();
      assert.match(text, /The header names no key \(kid\)/);
      assert.match(text, /INVALID: not signed by Clerk/);
      assert.ok(!text.includes('✓'), 'no ✓ anywhere');
      assert.equal(await body.locator('.verdict.bad').count(), 1, 'the verdict is red');
      assert.doesNotMatch(await body.innerHTML(), TOKEN_ON_SCREEN);
      console.log(`      screenshot ${await shot(page, 'verify-forged-token')}`);
    });

    it('the hover over a token with a bad signature under a known kid: not attributed, no Show Session', async () => {
      const s = clerk.data.sessions.find((x) => x.status === 'active' && !x.actor)!;
      const [h, p] = (await mint(clerk, s.id)).split('.');
      const bad = `${h}.${p}.${Buffer.alloc(256, 9).toString('base64url')}`;
      const { hover } = await hoverOverBearer(
        'forged.http',
        `### A token with a bad signature\nGET http://localhost:3000/api/me\nAuthorization: Bearer ${bad}\n`,
      );
      const text = await hover.innerText();
      assert.match(text, /not signed by Clerk/);
      assert.match(text, /The signature does not match key/);
      assert.doesNotMatch(text, /Show Session/);
      assert.doesNotMatch(text, /Instance:|sk_test/);
      assert.doesNotMatch(text, TOKEN_ON_SCREEN);
      console.log(`      screenshot ${await shot(page, 'hover-bad-signature')}`);
    });
  });
}
