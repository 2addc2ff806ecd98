// Every command and node kind, in the real extension host, against the local Clerk-compatible server over HTTP.
// Prompts are answered through the extension's prompt seam; nothing of the vscode API is mocked.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import type { InstanceMeta } from '../../src/key/secretKey';
import {
  scripted,
  until,
  waitFor,
  settleTree,
  withoutTreeReads,
  treeChildren,
  instanceNode as firstInstance,
  userNodes,
  sessionNodes,
  findUserNode,
  removeAllKeys,
  is,
  type TreeNode,
  type UserNode,
  type SessionNode,
  rowOf,
} from '../support/ext';
import { makeTestSecretKey, setApiUrl } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startTamperProxy } from '../support/tamper';
import type { ClerkServer } from '../server/server';
import type { Asked, ScriptedPrompts } from '../support/scriptedPrompts';

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;

interface CopyResult {
  template: string;
  expiresAt?: number;
}

/** The commands that work on one session: each checks its argument, and asks for a session id when it has none. */
const SESSION_COMMANDS = [
  'clerk.session.inspect',
  'clerk.session.revoke',
  'clerk.session.verify',
  'clerk.session.copyJwtFromTemplate',
  'clerk.session.copyId',
  'clerk.session.copyToken',
  'clerk.session.watch',
  'clerk.session.unwatch',
];
describe('Clerk Sessions against the local Clerk server', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;

  const children = (n?: TreeNode) => treeChildren(a, n);
  const instanceNode = () => firstInstance(a);
  const users = () => userNodes(a);
  const userWithActive = async (): Promise<UserNode> => {
    for (const u of await users()) {
      if (server.data.sessions.some((s) => s.user_id === u.user.id && s.status === 'active')) return u;
    }
    throw new Error('no user with an active session on the first page');
  };
  const activeSession = async (u?: UserNode): Promise<SessionNode> => {
    const user = u ?? (await userWithActive());
    a.tree.refresh(user);
    const list = (await sessionNodes(a, user)).filter((n) => n.session.status === 'active');
    assert.ok(list.length > 0, 'an active session');
    await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
    return list[0];
  };
  const errors = () => prompts.messages('error').join('\n');
  const lastReport = () => a.deps.reports.recent[a.deps.reports.recent.length - 1];

  // Each test: exactly this server's key, no name, no search, "active" filter, a settled tree, an empty request log.
  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });

  describe('Set Secret Key', () => {
    it('proves the key with one GET /instance and names the instance from environment_type and the masked key', async () => {
      await removeAllKeys(a);
      server.resetLog();
      prompts.answer(server.secretKey);
      const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.setSecretKey');
      assert.ok(saved, 'the key was stored');
      // The stored key redraws the tree, whose first page of users VS Code may ask for at any moment: not this action's.
      assert.deepEqual(withoutTreeReads(server.requests), ['GET /v1/instance'], 'one request proved the key');
      const [inst] = a.keys.list();
      assert.equal(inst.id, saved.id);
      assert.equal(inst.environmentType, 'development');
      assert.equal(inst.maskedKey, `sk_test_…${server.secretKey.slice(-4)}`);
      const node = rowOf(a, await instanceNode());
      assert.equal(node.label, 'Development');
      assert.match(String(node.description), /test · sk_test_…/);
      await settleTree(a); // the redraw's requests end here, not in the next test's counts
    });

    it('does not store a key that Clerk rejects (401), and says why', async () => {
      const before = server.count('GET /v1/instance');
      prompts.answer(makeTestSecretKey());
      const r = await vscode.commands.executeCommand('clerk.setSecretKey');
      assert.equal(r, undefined);
      assert.equal(a.keys.list().length, 1);
      assert.equal(server.count('GET /v1/instance'), before + 1, 'exactly one request proved the key');
      assert.match(prompts.messages('error').join('\n'), /not saved.*Clerk rejected the secret key \(401/);
    });

    it('does not store a key when Clerk cannot be reached, and says so', async () => {
      server.controls.failNext(1, 502, { body: 'html' });
      server.controls.failNext(3, 502, { body: 'html' });
      prompts.answer(`sk_test_FAKE${'0'.repeat(30)}`);
      await vscode.commands.executeCommand('clerk.setSecretKey');
      assert.equal(a.keys.list().length, 1);
      assert.match(prompts.messages('error').join('\n'), /not saved/);
    });

    it('marks a live key as live everywhere it shows, per instance; Remove works per instance', async () => {
      const liveServer = await (await import('../server/server')).startClerkServer({ secretKey: makeTestSecretKey('live') });
      try {
        // Same server URL is configured; add the live key to that server's acceptance by swapping the URL briefly.
        await setApiUrl(liveServer.url);
        prompts.answer(liveServer.secretKey);
        const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.setSecretKey');
        assert.ok(saved, 'the live key was stored');
        assert.equal(saved.keyEnvironment, 'live');
        assert.equal(saved.environmentType, 'production');
        const roots = await children();
        assert.equal(roots.length, 2, 'two instances, each a root');
        const live = roots.find((n) => is(n, 'instance') && n.instance.id === saved.id);
        assert.ok(live, 'the live instance is a root');
        assert.match(String(rowOf(a, live).description), /^LIVE/);
        assert.equal(rowOf(a, live).contextValue, 'instance.live');
        prompts.answer('Remove');
        await vscode.commands.executeCommand('clerk.removeSecretKey', live);
        assert.match(prompts.messages('warning').pop() ?? '', /Remove the PRODUCTION secret key sk_live_/);
        assert.equal(a.keys.list().length, 1);
        assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), undefined);
      } finally {
        await setApiUrl(server.url);
        await liveServer.stop();
      }
    });
  });

  describe('The tree', () => {
    it('lists users by -last_active_at, a page of clerk.pageSize, with one request (and the count beside it)', async () => {
      a.tree.refresh();
      server.resetLog();
      const list = await users();
      // GET /users/count goes beside the first page (sent at once), for Load more's "20 of 66"
      assert.deepEqual(server.requests.map((r) => r.route).sort(), ['GET /v1/users', 'GET /v1/users/count']);
      const req = server.requests.find((r) => r.route === 'GET /v1/users')!;
      assert.equal(req.route, 'GET /v1/users');
      assert.match(req.search ?? '', /order_by=-last_active_at/);
      assert.equal(list.length, 20);
      const times = list.map((u) => u.user.last_active_at ?? 0);
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
      );
      const all = await children(await instanceNode());
      assert.equal(all[all.length - 1].kind, 'loadMore');
    });

    it('Load more appends the next page with exactly one request per page', async () => {
      a.tree.refresh();
      await users();
      const ids = new Set<string>();
      let pages = 1;
      for (;;) {
        const all = await children(await instanceNode());
        all.filter((n) => n.kind === 'user').forEach((n) => ids.add(n.user.id));
        const more = all.find((n) => n.kind === 'loadMore');
        if (!more) break;
        server.resetLog();
        await vscode.commands.executeCommand('clerk.loadMore', more);
        assert.equal(server.count(), 1, 'one request per page');
        assert.match(server.requests[0].search ?? '', new RegExp(`offset=${20 * pages}`));
        pages++;
      }
      assert.equal(ids.size, server.data.users.length, 'every user, once');
    });

    it('a 429 in the middle of paging is waited out and the page still arrives', async () => {
      a.tree.refresh();
      await users();
      const more = (await children(await instanceNode())).find((n) => n.kind === 'loadMore');
      assert.ok(more, 'a "Load more" row');
      server.resetLog();
      server.controls.rateLimit({ n: 1, retryAfter: 1 });
      const t = Date.now();
      await vscode.commands.executeCommand('clerk.loadMore', more);
      assert.ok(Date.now() - t >= 900, 'waited for Retry-After');
      assert.equal(server.count('GET /v1/users'), 2, 'the 429 and one retry');
      assert.equal((await users()).length, 40);
      assert.equal(prompts.messages('error').length, 0);
    });

    it('expanding a user is one sessions request (+ memberships at once); session rows carry icon, label, description, tip', async () => {
      const u = await userWithActive();
      a.tree.refresh(u);
      server.resetLog();
      const sessions = await sessionNodes(a, u);
      assert.equal(server.count('GET /v1/sessions'), 1);
      assert.ok(server.count() <= 2, `requests: ${server.requests.map((r) => r.route).join(', ')}`); // + the user's memberships
      assert.match(server.requests.find((r) => r.route === 'GET /v1/sessions')?.search ?? '', /status=active/);
      const s = sessions[0];
      const row = rowOf(a, s);
      assert.equal(row.contextValue, 'session.active');
      assert.ok(row.iconPath instanceof vscode.ThemeIcon);
      assert.match(String(row.label), / on /);
      assert.match(String(row.description), /^active · /);
      const tip = (row.tooltip as vscode.MarkdownString).value;
      assert.match(tip, new RegExp(s.session.id));
      assert.match(tip, /Expires: \d{4}-\d\d-\d\d/);
      assert.equal(s.id, `i/${a.keys.list()[0].id}/s/${s.session.id}`, 'ids are scoped per instance');
    });

    it('shows the impersonation actor', async () => {
      const imp = server.data.sessions.find((s) => s.actor && s.status === 'active');
      assert.ok(imp, 'the server has an active impersonated session');
      prompts.answer(imp.user_id);
      await vscode.commands.executeCommand('clerk.searchUsers', await instanceNode());
      const [u] = await users();
      assert.equal(u?.user.id, imp.user_id, 'the search by id found the user');
      const s = (await sessionNodes(a, u)).find((n) => n.session.id === imp.id);
      assert.ok(s, 'the impersonated session is listed');
      assert.match(String(rowOf(a, s).description), /impersonated/);
      assert.match((rowOf(a, s).tooltip as vscode.MarkdownString).value, /Impersonated/);
    });

    it('filters sessions by status from the view title, including all of them', async () => {
      const byUser = (u: UserNode) => server.data.sessions.filter((s) => s.user_id === u.user.id);
      const u = (await users()).find((x) => byUser(x).some((s) => s.status === 'active') && byUser(x).some((s) => s.status !== 'active'));
      assert.ok(u, 'a user on the first page with active and other sessions');
      prompts.answer('All statuses');
      await vscode.commands.executeCommand('clerk.filterSessions');
      assert.equal(a.tree.statusFilter, 'all');
      const all = await sessionNodes(a, u);
      assert.equal(all.length, byUser(u).length);
      assert.ok(
        all.some((n) => n.session.status !== 'active'),
        'sessions the "active" filter hides are shown',
      );
      prompts.answer('active');
      await vscode.commands.executeCommand('clerk.filterSessions');
      assert.equal(a.tree.statusFilter, 'active');
    });

    it('searches users by email and clears the search', async () => {
      const target = server.data.users[5];
      const email = target.email_addresses[0].email_address;
      const inst = await instanceNode();
      prompts.answer(email);
      await vscode.commands.executeCommand('clerk.searchUsers', inst);
      const found = await users();
      assert.deepEqual(
        found.map((u) => u.user.id),
        [target.id],
      );
      assert.match(String(rowOf(a, await instanceNode()).description), /search:/);
      assert.equal(rowOf(a, await instanceNode()).contextValue, 'instance.test.searching');
      prompts.answer('zzzz-nobody-matches');
      await vscode.commands.executeCommand('clerk.searchUsers', await instanceNode());
      const empty = await children(await instanceNode());
      assert.equal(empty[0].kind, 'message');
      assert.match(String(rowOf(a, empty[0]).label), /No users match/);
      await vscode.commands.executeCommand('clerk.clearSearch', await instanceNode());
      assert.equal((await users()).length, 20);
    });

    it('shows errors as nodes with Retry, and Retry recovers', async () => {
      a.tree.refresh();
      server.controls.failNext(3, 503, { body: 'html', route: 'GET /v1/users' }); // the list (the count beside it may fail alone)
      const nodes = await children(await instanceNode());
      const err = nodes.find((n) => is(n, 'message'));
      assert.ok(err, 'an error row');
      assert.equal(rowOf(a, err).contextValue, 'message.error');
      assert.equal(rowOf(a, err).command?.command, 'clerk.retry');
      assert.match(String(rowOf(a, err).description), /HTML page/);
      await vscode.commands.executeCommand('clerk.retry', err);
      assert.equal((await users()).length, 20);
    });

    it("shows a 401 as a node that offers Update Secret Key, and a command's 401 toast offers it too", async () => {
      a.tree.refresh();
      server.controls.failNext(1, 401, { route: 'GET /v1/users' });
      const err = (await children(await instanceNode())).find((n) => is(n, 'message'));
      assert.ok(err, 'an error row');
      assert.equal(rowOf(a, err).contextValue, 'message.error.auth');
      assert.equal(rowOf(a, err).label, 'Clerk rejected the secret key');
      a.tree.refresh();
      const s = await activeSession();
      server.controls.failNext(1, 401);
      server.resetLog();
      await vscode.commands.executeCommand('clerk.session.copyId', s); // needs no request: the 401 waits for the next one
      assert.equal(await vscode.env.clipboard.readText(), s.session.id);
      assert.equal(server.count(), 0);
      assert.equal(prompts.messages('error').length, 0);
      await vscode.commands.executeCommand('clerk.session.copyToken', s);
      assert.equal(server.count(), 1, 'the mint met the 401');
      const asked = prompts.asked.find((x) => x.kind === 'error');
      assert.ok(
        asked && 'items' in asked && (asked.items as unknown[]).includes('Update Secret Key'),
        'the toast offers Update Secret Key',
      );
    });

    it('refresh never throws "element already registered", and ids stay stable', async () => {
      const first = (await users()).map((u) => u.id);
      await vscode.commands.executeCommand('clerk.sessions.focus');
      for (let i = 0; i < 3; i++) {
        await vscode.commands.executeCommand('clerk.refresh');
        await vscode.commands.executeCommand('clerk.refreshNode', await instanceNode());
      }
      assert.deepEqual(
        (await users()).map((u) => u.id),
        first,
      );
      assert.equal(first.length, 20);
      assert.equal(prompts.messages('error').length, 0, errors());
    });
  });

  describe('Session commands', () => {
    it('Inspect opens a read-only clerk-session: JSON document with local times, user, activity; reopening re-reads', async () => {
      const s = await activeSession();
      server.resetLog();
      await vscode.commands.executeCommand('clerk.session.inspect', s);
      const ed = await until('the session document', () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-session'),
      );
      assert.equal(server.count(), 1, 'one request');
      const doc = JSON.parse(ed.document.getText());
      assert.equal(doc.session.id, s.session.id);
      assert.match(doc.session.last_active_at_local, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      assert.equal(doc.summary.user.id, s.session.user_id);
      assert.ok(doc.summary.user.email);
      assert.ok(doc.session.latest_activity);
      // Clerk changes the session; opening it again shows the change.
      server.data.sessions.find((x) => x.id === s.session.id)!.last_active_at = 1_700_000_000_000;
      await vscode.commands.executeCommand('clerk.session.inspect', s);
      await until(
        'fresh data',
        () => JSON.parse(vscode.window.activeTextEditor!.document.getText()).session.last_active_at === 1_700_000_000_000,
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('Revoke dismissed revokes nothing (checked at the server)', async () => {
      const s = await activeSession();
      server.resetLog();
      prompts.answer(undefined);
      await vscode.commands.executeCommand('clerk.session.revoke', s);
      const q = prompts.last('warning');
      assert.ok(q?.kind === 'warning' && q.modal, 'a modal');
      assert.ok(q.message.includes(String(rowOf(a, s).label)), 'names the device');
      assert.ok(s.user, 'the session node knows its user');
      assert.ok(q.message.includes(s.user.email_addresses[0]?.email_address ?? s.user.id), 'names the user');
      assert.equal(server.count('POST /v1/sessions/{session_id}/revoke'), 0);
      assert.equal(server.data.sessions.find((x) => x.id === s.session.id)!.status, 'active');
      prompts.answer('Cancel');
      await vscode.commands.executeCommand('clerk.session.revoke', s);
      assert.equal(server.data.sessions.find((x) => x.id === s.session.id)!.status, 'active', 'only the exact "Revoke" reply revokes');
    });

    it("Revoke confirmed revokes with one request, updates that user's sessions and reports it", async () => {
      const s = await activeSession();
      server.resetLog();
      prompts.answer('Revoke');
      await vscode.commands.executeCommand('clerk.session.revoke', s);
      assert.equal(server.count(), 1);
      assert.equal(server.data.sessions.find((x) => x.id === s.session.id)!.status, 'revoked');
      assert.match(prompts.messages('info').join('\n'), /revoked/);
      const user = await findUserNode(a, s.session.user_id);
      const after = (await sessionNodes(a, user)).map((n) => n.session.id);
      assert.ok(!after.includes(s.session.id), 'the revoked session left the active filter');
    });

    it("Copy JWT from Template… copies a token that verifies against the server's JWKS; status bar names template and expiry, never the token", async () => {
      const s = await activeSession();
      // A template token carries no sid; this template puts the session id in a claim of its own.
      const name = 'integration-test';
      assert.ok(server.data.jwtTemplates.some((t) => t.name === name));
      server.resetLog();
      prompts.answer((q) => (q.kind === 'quickPick' ? q.items.find((i) => i.label === name) : undefined));
      const r = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
      assert.equal(r?.template, name);
      const jwt = await vscode.env.clipboard.readText();
      const jwks = (await (await fetch(`${server.url}/jwks`, { headers: { authorization: `Bearer ${server.secretKey}` } })).json()) as {
        keys: JsonWebKey[];
      };
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks));
      assert.equal(payload.session, s.session.id);
      assert.equal(payload.sub, s.session.user_id);
      const status = prompts.statusMessages[prompts.statusMessages.length - 1];
      assert.match(status, new RegExp(`"${name}".*expires`));
      assert.ok(!status.includes(jwt));
      // The quick pick showed lifetime and claim keys.
      const pick = prompts.last('quickPick')!;
      assert.ok(
        pick.kind === 'quickPick' &&
          pick.items.some((i) => /lifetime \d+ (s|min|h|d)/.test(i.description ?? '') && /claims|no custom/.test(i.detail ?? '')),
      );
      // Second time: the template list is cached (1 request), and the last choice comes first.
      server.resetLog();
      prompts.answer((q) => (q.kind === 'quickPick' ? q.items[0] : undefined));
      const r2 = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
      assert.equal(r2?.template, name, 'remembered per instance');
      assert.equal(server.count(), 1, 'only the mint');
    });

    it('Copy JWT with a custom lifetime sends expires_in_seconds; under 30 s is refused', async () => {
      const s = await activeSession();
      prompts.answer((q) => (q.kind === 'quickPick' ? { item: q.items[0], button: 0 } : undefined), '120');
      const r = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
      assert.ok(r?.expiresAt !== undefined && r.expiresAt - Date.now() > 100_000 && r.expiresAt - Date.now() <= 121_000, 'about 120 s');
      prompts.answer((q) => (q.kind === 'quickPick' ? { item: q.items[0], button: 0 } : undefined), '10');
      server.resetLog();
      const r2 = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
      assert.equal(r2, undefined);
      assert.match(errors(), /not a token lifetime from 30 s/);
      assert.equal(server.count('POST /v1/sessions/{session_id}/tokens/{template_name}'), 0, 'nothing minted');
    });

    it('Verify with a freshly minted token: every check passes, the live status is shown, the report is rendered in a webview', async () => {
      const s = await activeSession();
      server.controls.verifyEndpoint('ok');
      const shown = a.deps.reports.recent.length;
      prompts.answer('$(key) Mint a fresh token for this session');
      const r = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
      assert.ok(r, errors());
      assert.ok(r.ok && r.verdict.accepted === true, r.text);
      assert.equal(r.verdict.signature.state, 'valid', r.verdict.signature.sentence);
      for (const name of ['Signature', 'sid', 'sub']) assert.match(r.text, new RegExp(`^✓ ${name}: `, 'm'), name);
      assert.match(r.text, /Status: active/);
      assert.match(r.text, /Clerk verified the token against this session/);
      assert.ok(!JWT_SHAPE.test(r.text), 'the report never contains the token');
      assert.equal(a.deps.reports.recent.length, Math.min(shown + 1, 20), 'one report shown');
      const rep = lastReport();
      assert.equal(rep.key, `verify/${s.instanceId}/${s.session.id}`);
      assert.equal(rep.text, r.text);
      assert.match(rep.html, /<html/i);
      assert.ok(rep.html.includes(s.session.id));
      assert.ok(!JWT_SHAPE.test(rep.html), 'the rendered report never contains the token');
      assert.ok(!/<script/i.test(rep.html), 'no script in the report');
    });

    it('Verify explains a 410 from the deprecated endpoint, remembers it, and fails a token of another session (from the clipboard)', async () => {
      const s = await activeSession();
      const other = server.data.sessions.find((x) => x.status === 'active' && x.id !== s.session.id);
      assert.ok(other, 'a second active session');
      const tok = (await (
        await fetch(`${server.url}/sessions/${other.id}/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.secretKey}` },
        })
      ).json()) as { jwt: string };
      await vscode.env.clipboard.writeText(tok.jwt);
      server.controls.verifyEndpoint('gone');
      server.resetLog();
      prompts.answer('$(clippy) Use the token on the clipboard');
      const r = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
      assert.ok(r, errors());
      const pick = prompts.last('quickPick');
      assert.ok(pick?.kind === 'quickPick' && pick.items.some((i) => /clipboard/.test(i.label)), 'a JWT on the clipboard is offered');
      assert.equal(r.ok, false);
      assert.match(r.text, /^✗ sid: The token names session /m);
      assert.match(r.text, /Not available on this instance \(410/);
      const asked = server.count('POST /v1/sessions/{session_id}/verify');
      assert.equal(asked, 1);
      prompts.answer('$(key) Mint a fresh token for this session');
      const r2 = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
      assert.ok(r2, errors());
      assert.equal(server.count('POST /v1/sessions/{session_id}/verify'), asked, 'a 410 is remembered: not asked again');
      assert.match(r2.text, /answered 410 earlier/);
      assert.equal(r2.verdict.accepted, true, 'the minted token itself is valid');
    });

    it('Verify offers the clipboard without reading it, and refuses pasted text that is not a JWT, with no request', async () => {
      const s = await activeSession();
      const secret = 'my-bank-password: hunter2';
      await vscode.env.clipboard.writeText(secret);
      server.resetLog();
      prompts.answer((q) => {
        assert.ok(q.kind === 'quickPick');
        // Offered as a choice, read only when picked (a browser-hosted VS Code may refuse the read).
        assert.ok(
          q.items.some((i) => /clipboard/i.test(i.label)),
          'the clipboard is offered',
        );
        assert.ok(!JSON.stringify(q).includes('hunter2'), 'nothing of the clipboard is shown');
        return q.items.find((i) => /Paste/.test(i.label));
      }, secret);
      const r = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
      assert.equal(r, undefined);
      assert.equal(prompts.pending, 0, 'both answers were used: the pick and the paste');
      assert.match(errors(), /not a JWT.*nothing was sent/);
      assert.ok(!errors().includes('hunter2'), 'the message does not repeat what was pasted');
      assert.equal(server.count(), 0, 'no request reached the server');
      assert.equal(a.deps.reports.recent.filter((x) => x.text.includes('hunter2')).length, 0);
    });

    it('a minted "token" that is not a JWT is refused: "not a JWT … nothing was copied", and the clipboard is unchanged', async () => {
      const s = await activeSession();
      const proxy = await startTamperProxy(server.origin);
      try {
        await setApiUrl(proxy.url);
        const before = `clipboard before ${Date.now()}`;
        await vscode.env.clipboard.writeText(before);
        proxy.rewrite(/^POST \/v1\/sessions\/[^/]+\/tokens$/, (j) => ({ ...(j as object), jwt: 'definitely-not.a-jwt' }));
        await vscode.commands.executeCommand('clerk.session.copyToken', s);
        assert.match(errors(), /not a JWT.*nothing was copied/);
        assert.equal(await vscode.env.clipboard.readText(), before, 'the clipboard is unchanged');
        assert.ok(
          proxy.seen.some((x) => /^POST \/v1\/sessions\/[^/]+\/tokens$/.test(x)),
          'the mint went through the proxy',
        );
        // The same for a template token.
        prompts.answer((q) => (q.kind === 'quickPick' ? q.items.find((i) => i.label === 'plain') : undefined));
        proxy.rewrite(/^POST \/v1\/sessions\/[^/]+\/tokens\/plain$/, (j) => ({ ...(j as object), jwt: 'not a jwt at all' }));
        const r = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
        assert.equal(r, undefined);
        assert.equal(prompts.messages('error').filter((m) => /not a JWT.*nothing was copied/.test(m)).length, 2);
        assert.equal(await vscode.env.clipboard.readText(), before, 'the clipboard is still unchanged');
      } finally {
        await setApiUrl(server.url);
        await proxy.stop();
      }
    });

    it('a command that takes a node refuses anything else with a message, and sends nothing', async () => {
      const fake = { session: { id: 'x' } };
      const s = await activeSession();
      const cmds = [
        ...SESSION_COMMANDS,
        'clerk.loadMore',
        'clerk.refreshNode',
        'clerk.searchUsers',
        'clerk.clearSearch',
        'clerk.renameInstance',
        'clerk.removeSecretKey',
        'clerk.updateSecretKey',
      ];
      const keys = JSON.stringify(a.keys.list());
      const clip = `clipboard ${Date.now()}`;
      await vscode.env.clipboard.writeText(clip);
      server.resetLog();
      const refused: string[] = [];
      for (const c of cmds) {
        prompts = await scripted();
        // Anything but the error toast is a question a refused call must not ask: answer it as harmfully as possible.
        const harmful = (q: Asked) =>
          q.kind === 'error' ? undefined : q.kind === 'input' ? server.secretKey : q.kind === 'quickPick' ? q.items[0] : 'Revoke';
        prompts.answer(harmful, harmful, harmful);
        const r = await vscode.commands.executeCommand(c, fake);
        assert.equal(r, undefined, `${c} returned something`);
        const asked = prompts.asked;
        assert.ok(
          asked.every((q) => q.kind === 'error'),
          `${c} asked a question: ${JSON.stringify(asked)}`,
        );
        if (asked.length === 1 && asked[0].kind === 'error' && /works on/.test(asked[0].message)) refused.push(c);
      }
      assert.deepEqual(
        cmds.filter((c) => !refused.includes(c)),
        [],
        'commands that did not refuse with one "works on …" message',
      );
      assert.equal(a.deps.watcher.isWatching('x'), false, 'no watch started');
      assert.equal(a.deps.watcher.isWatching(s.session.id), false);
      assert.equal(server.count(), 0, 'nothing reached the server');
      assert.equal(JSON.stringify(a.keys.list()), keys, 'the keys are as they were');
      assert.equal(await vscode.env.clipboard.readText(), clip, 'the clipboard is as it was');
    });

    it('a session command run with no argument asks for the session id (and does nothing when dismissed)', async () => {
      for (const c of SESSION_COMMANDS) {
        const before = prompts.asked.length;
        server.resetLog();
        prompts.answer(undefined);
        const r = await vscode.commands.executeCommand(c);
        const asked = prompts.asked.slice(before);
        assert.equal(r, undefined, c);
        assert.equal(asked.length, 1, `${c}: ${JSON.stringify(asked)}`);
        assert.ok(asked[0].kind === 'input' && /sess_/.test(asked[0].options.placeHolder ?? ''), `${c} asks for a session id`);
        assert.equal(server.count(), 0, `${c} sent nothing`);
      }
    });

    it('Copy Session ID and Copy Session Token', async () => {
      const s = await activeSession();
      await vscode.commands.executeCommand('clerk.session.copyId', s);
      assert.equal(await vscode.env.clipboard.readText(), s.session.id);
      await vscode.commands.executeCommand('clerk.session.copyToken', s);
      const jwt = await vscode.env.clipboard.readText();
      assert.match(jwt, /^eyJ/);
      assert.ok(!prompts.statusMessages.some((m) => m.includes(jwt)));
    });

    it('Watch Session shows it is watching, notifies on a status change and stops by itself when the session ends', async () => {
      const s = await activeSession();
      await vscode.commands.executeCommand('clerk.session.watch', s);
      assert.ok(a.deps.watcher.isWatching(s.session.id));
      const again = (await sessionNodes(a, await findUserNode(a, s.session.user_id))).find((n) => n.session.id === s.session.id);
      assert.ok(again, 'the watched session is still listed');
      assert.match(String(rowOf(a, again).description), /watching/);
      assert.equal(rowOf(a, again).contextValue, 'session.active.watched');
      server.data.sessions.find((x) => x.id === s.session.id)!.status = 'ended';
      await a.deps.watcher.poll(s.session.id);
      assert.equal(a.deps.watcher.isWatching(s.session.id), false);
      assert.match(prompts.messages('info').join('\n'), /went from active to ended, so watching stopped/);
    });
  });

  describe('Safety', () => {
    it('a workspace .vscode/settings.json that sets clerk.apiUrl sends nothing to that address', async () => {
      let connections = 0;
      const trap = http.createServer((_q, r) => r.end('{}'));
      trap.on('connection', () => connections++);
      await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
      const port = (trap.address() as import('node:net').AddressInfo).port;
      const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
      mkdirSync(join(ws, '.vscode'), { recursive: true });
      const trapUrl = `http://127.0.0.1:${port}/v1`;
      // clerk.apiUrl is read from the user's settings only, so a workspace value of it never shows: a setting beside it
      // that VS Code does read from the workspace says when the file has been read.
      writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'clerk.apiUrl': trapUrl, 'editor.tabSize': 7 }));
      try {
        await waitFor(
          "VS Code to read the workspace's settings",
          () => vscode.workspace.getConfiguration('editor').inspect<number>('tabSize')?.workspaceValue === 7,
        );
        a.tree.refresh();
        server.resetLog();
        assert.equal((await users()).length, 20);
        const s = await activeSession();
        await vscode.commands.executeCommand('clerk.session.copyToken', s);
        assert.equal(connections, 0, "nothing reached the workspace's URL");
        assert.ok(server.count() >= 3, 'the requests went to the user-level URL');
      } finally {
        rmSync(join(ws, '.vscode'), { recursive: true, force: true });
        trap.close();
      }
    });

    it('imports CLERK_SECRET_KEY from the workspace .env.local after asking', async () => {
      const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const other = await (await import('../server/server')).startClerkServer({ seed: 9 });
      await setApiUrl(other.url);
      writeFileSync(join(ws, '.env.local'), `# local\nNEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_x\nCLERK_SECRET_KEY=${other.secretKey}\n`);
      try {
        prompts.answer(undefined); // dismissed: nothing stored
        await vscode.commands.executeCommand('clerk.importSecretKey');
        assert.equal(a.keys.list().length, 1);
        const q = prompts.last('warning')!;
        assert.ok('message' in q && /\.env\.local/.test(q.message) && !q.message.includes(other.secretKey));
        prompts.answer('Use Key');
        const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.importSecretKey');
        assert.ok(saved);
        assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), other.secretKey);
        const node = (await children()).find((n) => is(n, 'instance') && n.instance.id === saved.id);
        assert.ok(node, 'the imported instance is a root');
        prompts.answer('Remove');
        await vscode.commands.executeCommand('clerk.removeSecretKey', node);
        assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), undefined);
      } finally {
        rmSync(join(ws, '.env.local'), { force: true });
        await setApiUrl(server.url);
        await other.stop();
      }
    });

    it("in Restricted Mode the workspace's .env files are not read; the host's environment still is", async () => {
      const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const { findKeys } = await import('../../src/commands/key');
      const key = makeTestSecretKey();
      writeFileSync(join(ws, '.env'), `CLERK_SECRET_KEY=${key}\n`);
      process.env.CLERK_SECRET_KEY = makeTestSecretKey();
      try {
        const untrusted = await findKeys(false);
        assert.ok(!untrusted.some((f) => f.key === key), "an untrusted workspace's .env is not read");
        assert.ok(
          untrusted.some((f) => f.where.includes('environment')),
          'the environment is',
        );
        const trusted = await findKeys(true);
        assert.equal(trusted.find((f) => f.key === key)?.where, '.env', "a trusted workspace's .env is read, and named");
      } finally {
        rmSync(join(ws, '.env'), { force: true });
        delete process.env.CLERK_SECRET_KEY;
      }
    });

    it('keeps at most 50 decoded-token documents for the life of the window', async () => {
      for (let i = 0; i < 55; i++) await a.deps.docs.openReport(`bound-${i}`, `{"i": ${i}}\n`, 'json');
      assert.ok(a.deps.docs.reportCount <= 50, `kept ${a.deps.docs.reportCount}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('no key and no JWT in the log output, settings or globalState', async () => {
      a.tree.refresh();
      assert.equal((await users()).length, 20);
      await vscode.commands.executeCommand('clerk.session.copyToken', await activeSession()); // a JWT passed through
      assert.match(await vscode.env.clipboard.readText(), /^eyJ/);
      const readLogs = () => {
        const logs: string[] = [];
        const walk = (d: string) => {
          for (const n of readdirSync(d)) {
            const p = join(d, n);
            if (statSync(p).isDirectory()) walk(p);
            else logs.push(readFileSync(p, 'utf8'));
          }
        };
        walk(a.logUri.fsPath);
        return logs.join('\n');
      };
      // The log channel writes its file a moment later, in order: once a line logged last is there, so is the rest.
      const marker = `log check ${Date.now()}`;
      a.deps.log.info(marker);
      await waitFor('the log written', () => readLogs().includes(marker));
      const logText = readLogs();
      const state = JSON.stringify(a.globalState.keys().map((k) => a.globalState.get(k)));
      const settings = JSON.stringify(vscode.workspace.getConfiguration('clerk'));
      for (const [where, text] of [
        ['log', logText],
        ['globalState', state],
        ['settings', settings],
      ] as const) {
        assert.ok(!text.includes(server.secretKey), `key in ${where}`);
        assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(text), `JWT in ${where}`);
      }
    });
  });
});
