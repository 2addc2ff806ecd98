// What the security review of issue 13 found, each driven through the real commands in the extension host against the
// local Clerk server (and a rewriting proxy in front of it where Clerk's answer must be hostile): the one mint accepts
// only exactly a JWT; no link in a progress title or an input prompt; a production key asks before the token variable
// hands out tokens; settings that are not numbers; Open in Clerk Dashboard's URI; Remove Secret Key asks.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import { readSettings } from '../../src/config';
import { ClerkClient } from '../../src/clerk/client';
import { scripted, findUserNode, sessionNodes, userNodes, useOnlyKey, type SessionNode } from '../support/ext';
import { makeTestSecretKey, setApiUrl } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startTamperProxy } from '../support/tamper';
import { startClerkServer, type ClerkServer, type User } from '../server/server';
import type { Asked, ScriptedPrompts } from '../support/scriptedPrompts';

const LINK = /\[[^\]]*\]\((command|https?|file):/;
const MINT = /^POST \/v1\/sessions\/[^/]+\/tokens$/;
const MINT_ROUTE = 'POST /v1/sessions/{session_id}/tokens';
const NAMELESS_ID = 'user_2SecurityNoEmail00000000000';
const NAMELESS_SESSION = 'sess_2SecurityNoEmail00000000000';
const LINK_NAME = '[Cancel](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)';
const ODD_ID = 'user_2Odd&path=evil#frag';

describe('Security review (issue 13 §1, §5)', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  const errors = () => prompts.messages('error').join('\n');

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });

  before(() => {
    const base = server.data.users.find((u) => u.email_addresses.length > 0)!;
    if (!server.data.users.some((u) => u.id === NAMELESS_ID)) {
      const user: User = {
        ...base,
        id: NAMELESS_ID,
        email_addresses: [],
        primary_email_address_id: null,
        first_name: LINK_NAME,
        last_name: '',
      };
      server.data.users.unshift(user);
      const s = server.data.sessions.find((x) => x.user_id === base.id)!;
      server.data.sessions.push({ ...s, id: NAMELESS_SESSION, user_id: NAMELESS_ID, status: 'active' });
    }
  });

  after(() => {
    if (!server) return;
    const users = server.data.users.filter((u) => u.id !== NAMELESS_ID && u.id !== ODD_ID);
    server.data.users.splice(0, server.data.users.length, ...users);
    const sessions = server.data.sessions.filter((s) => s.id !== NAMELESS_SESSION);
    server.data.sessions.splice(0, server.data.sessions.length, ...sessions);
  });

  afterEach(async () => {
    a.deps.withProgress = undefined;
    a.deps.openExternal = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** An active session of a seeded user with an email (a fresh one made at the server when needed). */
  const activeSession = async (s: ClerkServer = server): Promise<SessionNode> => {
    for (const u of (await userNodes(a)).slice(0, 6)) {
      if (u.user.id === NAMELESS_ID) continue;
      if (!s.data.sessions.some((x) => x.user_id === u.user.id && x.status === 'active')) {
        await new ClerkClient({ secretKey: s.secretKey, apiUrl: s.url }).createSession({ userId: u.user.id });
      }
      a.tree.refresh(u);
      const n = (await sessionNodes(a, u)).find((x) => x.session.status === 'active');
      if (n) {
        await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
        s.resetLog();
        return n;
      }
    }
    throw new Error('no active session on the first page');
  };

  describe('§1 one mint: Clerk’s answer is used only when it is exactly a compact JWT', () => {
    const wrappings: [string, (jwt: string) => string][] = [
      ['backticks around it and a command after a line break', (j) => `\`${j}\ntouch PWNED\n\``],
      ['double quotes', (j) => `"${j}"`],
      ['a Bearer prefix', (j) => `Bearer ${j}`],
      ['white space around it', (j) => ` ${j}\n`],
      ['a command after a quote', (j) => `${j}"; touch PWNED; "`],
    ];

    it('Copy Session Token, Copy JWT from Template, Copy as curl, ${command:clerk.sessionToken} and Verify refuse it; nothing is copied or used', async () => {
      const s = await activeSession();
      const proxy = await startTamperProxy(server.origin);
      const pwned = join(process.cwd(), 'PWNED');
      try {
        await setApiUrl(proxy.url);
        for (const [what, wrap] of wrappings) {
          const before = `clipboard before ${what} ${Date.now()}`;
          await vscode.env.clipboard.writeText(before);
          const rewrite = (route: RegExp) => proxy.rewrite(route, (j) => ({ ...(j as object), jwt: wrap((j as { jwt: string }).jwt) }));
          prompts = await scripted();

          rewrite(MINT);
          await vscode.commands.executeCommand('clerk.session.copyToken', s);
          rewrite(/^POST \/v1\/sessions\/[^/]+\/tokens\/plain$/);
          prompts.answer((q: Asked) => (q.kind === 'quickPick' ? q.items.find((i) => i.label === 'plain') : undefined));
          await vscode.commands.executeCommand('clerk.session.copyJwtFromTemplate', s);
          rewrite(MINT);
          prompts.answer('http://127.0.0.1:9/api/me', 'Session token');
          await vscode.commands.executeCommand('clerk.session.copyAsCurl', s);
          assert.equal(await vscode.env.clipboard.readText(), before, `${what}: something was copied`);
          assert.equal(prompts.messages('error').filter((m) => /not a JWT/.test(m)).length, 3, `${what}: ${errors()}`);

          rewrite(MINT);
          prompts.answer('$(key) Mint a fresh token for this session');
          const r = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
          assert.equal(r, undefined, `${what}: Verify went on with the token`);
          assert.equal(prompts.messages('error').filter((m) => /not a JWT/.test(m)).length, 4, `${what}: ${errors()}`);

          await vscode.commands.executeCommand('clerk.chooseTokenSession', s);
          rewrite(MINT);
          let value: unknown;
          let failure: unknown;
          try {
            value = await vscode.commands.executeCommand<string | undefined>('clerk.sessionToken');
          } catch (e) {
            failure = e;
          }
          assert.equal(value, undefined, `${what}: the token variable handed out ${JSON.stringify(value)}`);
          assert.match(String((failure as Error | undefined)?.message ?? errors()), /not a JWT/, `${what}: the variable said why`);
          assert.ok(!existsSync(pwned), 'a command ran');
        }
        assert.equal(
          proxy.seen.filter((x) => /^POST \/v1\/sessions\/[^/]+\/tokens/.test(x)).length,
          wrappings.length * 5,
          'each mint went out once',
        );
        // The clean answer still goes through the same path.
        prompts.answer('http://127.0.0.1:9/api/me', 'Session token');
        await vscode.commands.executeCommand('clerk.session.copyAsCurl', s);
        assert.match(
          await vscode.env.clipboard.readText(),
          /^curl -H "Authorization: Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+" 'http/,
        );
      } finally {
        rmSync(pwned, { force: true });
        await setApiUrl(server.url);
        await proxy.stop();
      }
    });
  });

  describe('§5.1 no command link in a progress title, an input prompt or a validation message', () => {
    it('Revoke All: the progress notification names the user without a live link', async () => {
      server.data.sessions.find((x) => x.id === NAMELESS_SESSION)!.status = 'active';
      const u = await findUserNode(a, NAMELESS_ID);
      const titles: string[] = [];
      type Task = (p: vscode.Progress<{ message?: string }>, t: vscode.CancellationToken) => Thenable<unknown>;
      a.deps.withProgress = (async (o: vscode.ProgressOptions, task: Task) => {
        titles.push(o.title ?? '');
        return task({ report: () => undefined }, new vscode.CancellationTokenSource().token);
      }) as typeof vscode.window.withProgress;
      prompts.answer('Revoke All');
      await vscode.commands.executeCommand('clerk.user.revokeAllSessions', u);
      assert.equal(titles.length, 1, `one progress notification: ${prompts.messages().join(' | ')}`);
      assert.ok(titles[0].includes('[Cancel]'), `the hostile name is shown: ${titles[0]}`);
      assert.doesNotMatch(titles[0], LINK, `a live link in the progress title: ${titles[0]}`);
      for (const m of prompts.messages()) assert.doesNotMatch(m, LINK, `a live link in ${m}`);
    });

    it('the prompt seam parts every link of an input prompt and its validation messages', async () => {
      const sync = await a.prompts.showInputBox({
        prompt: `Type ${LINK_NAME} to confirm.`,
        validateInput: () => `Type exactly ${LINK_NAME}`,
      });
      assert.equal(sync, undefined);
      const q = prompts.last('input');
      assert.ok(q?.kind === 'input');
      assert.ok(q.options.prompt?.includes('[Cancel]'));
      assert.doesNotMatch(q.options.prompt ?? '', LINK, 'a link in the prompt');
      const said = await q.options.validateInput!('x');
      assert.doesNotMatch(typeof said === 'string' ? said : (said?.message ?? ''), LINK, 'a link in the validation message');
      await a.prompts.showInputBox({
        validateInput: async () => ({ message: `no ${LINK_NAME}`, severity: vscode.InputBoxValidationSeverity.Error }),
      });
      const q2 = prompts.last('input');
      assert.ok(q2?.kind === 'input');
      const said2 = await q2.options.validateInput!('x');
      assert.ok(said2 && typeof said2 === 'object' && said2.severity === vscode.InputBoxValidationSeverity.Error);
      assert.doesNotMatch(said2.message, LINK, 'a link in an asynchronous validation message');
    });
  });

  describe('§5.3 ${command:clerk.sessionToken} on a production key', () => {
    let live: ClerkServer | undefined;
    afterEach(async () => {
      if (!live) return;
      await useOnlyKey(a, server);
      await live.stop();
      live = undefined;
    });

    it('a modal that says PRODUCTION and names the instance, before the first token and after each new choice; pickers say LIVE', async () => {
      live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 6, hostile: false });
      const inst = await useOnlyKey(a, live);
      assert.equal(inst.keyEnvironment, 'live');
      assert.equal(a.keys.list().length, 1, 'one instance: nothing asks which');
      prompts = await scripted();
      const s = await activeSession(live);
      await vscode.commands.executeCommand('clerk.chooseTokenSession', s);
      live.resetLog();

      prompts.answer(undefined); // the modal, dismissed
      const none = await vscode.commands.executeCommand<string | undefined>('clerk.sessionToken');
      assert.equal(none, undefined, 'no token without the answer');
      assert.equal(live.count(MINT_ROUTE), 0, 'nothing was minted');
      const modal = prompts.last('warning');
      assert.ok(modal?.kind === 'warning' && modal.modal, `a modal: ${prompts.messages().join(' | ')}`);
      assert.match(modal.message, /PRODUCTION/);
      assert.ok(modal.message.includes(inst.maskedKey), `the instance's key is named: ${modal.message}`);
      assert.ok(
        modal.message.includes(inst.name || inst.id) || modal.message.includes('Production'),
        `the instance is named: ${modal.message}`,
      );

      prompts.answer('Allow');
      const t1 = await vscode.commands.executeCommand<string>('clerk.sessionToken');
      assert.match(t1 ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal(live.count(MINT_ROUTE), 1);
      const modals = () => prompts.asked.filter((q) => q.kind === 'warning' && q.modal).length;
      assert.equal(modals(), 2);
      const t2 = await vscode.commands.executeCommand<string>('clerk.sessionToken');
      assert.equal(t2, t1, 'the same choice: no modal again, the cached token');
      assert.equal(modals(), 2);

      // A new choice, from the palette: every picker says LIVE although there is one instance; then the modal again.
      prompts.answer(
        (q: Asked) => (q.kind === 'quickPick' ? q.items.find((i) => i.description === s.session.user_id) : undefined),
        (q: Asked) =>
          q.kind === 'quickPick' ? q.items.find((i) => (i as { session?: { id: string } }).session?.id === s.session.id) : undefined,
      );
      await vscode.commands.executeCommand('clerk.chooseTokenSession');
      const picks = prompts.asked.filter((q) => q.kind === 'quickPick');
      assert.equal(picks.length, 2, prompts.messages().join(' | '));
      for (const q of picks)
        assert.ok(
          q.kind === 'quickPick' && /LIVE/.test(q.options.title ?? ''),
          `the picker says LIVE: ${q.kind === 'quickPick' && q.options.title}`,
        );
      prompts.answer(undefined);
      assert.equal(
        await vscode.commands.executeCommand<string | undefined>('clerk.sessionToken'),
        undefined,
        'asked again after a new choice',
      );
      assert.equal(modals(), 3);
    });
  });

  describe('§5.4 settings that are not numbers', () => {
    const names = ['watchIntervalSeconds', 'pageSize', 'requestTimeoutSeconds'] as const;
    afterEach(async () => {
      const c = vscode.workspace.getConfiguration('clerk');
      for (const n of names) {
        await c.update(n, undefined, vscode.ConfigurationTarget.Workspace);
        await c.update(n, undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('"x" in the workspace settings falls back to the default: Watch, paging and timeouts stay usable', async () => {
      const c = vscode.workspace.getConfiguration('clerk');
      for (const n of names) await c.update(n, 'x', vscode.ConfigurationTarget.Workspace);
      await c.update('pageSize', Number.NaN, vscode.ConfigurationTarget.Global);
      assert.equal(vscode.workspace.getConfiguration('clerk').get('watchIntervalSeconds'), 'x', 'the hostile value is in place');
      const s = readSettings();
      assert.deepEqual([s.watchIntervalSeconds, s.pageSize, s.requestTimeoutSeconds], [10, 20, 15]);
      a.tree.refresh();
      await a.tree.whenIdle();
      await userNodes(a);
      const list = server.requests.find((r) => r.route === 'GET /v1/users');
      assert.ok(list, 'the users were listed');
      assert.match(list.search, /[?&]limit=20(&|$)/, `the page size sent: ${list.search}`);
    });
  });

  describe('§5.6 Open in Clerk Dashboard', () => {
    it('an id cannot add a parameter or a fragment to the URI', async () => {
      if (!server.data.users.some((u) => u.id === ODD_ID)) {
        const base = server.data.users.find((u) => u.email_addresses.length > 0)!;
        server.data.users.unshift({ ...base, id: ODD_ID, email_addresses: [], primary_email_address_id: null, first_name: 'Odd' });
      }
      a.tree.refresh();
      const u = await findUserNode(a, ODD_ID);
      const opened: vscode.Uri[] = [];
      // What reaches VS Code's opener: a string would be parsed by vscode.Uri.parse on the way, as the command does.
      a.deps.openExternal = async (x: vscode.Uri | string) => {
        opened.push(typeof x === 'string' ? vscode.Uri.parse(x) : x);
        return true;
      };
      await vscode.commands.executeCommand('clerk.openInDashboard', u);
      assert.equal(opened.length, 1);
      const uri = opened[0];
      assert.deepEqual([uri.scheme, uri.authority, uri.path, uri.fragment], ['https', 'dashboard.clerk.com', '/last-active', '']);
      const params = new URLSearchParams(uri.query);
      assert.deepEqual([...params.keys()], ['path'], `one parameter: ${uri.query}`);
      assert.equal(params.get('path'), `users/${ODD_ID}`);
      const shown = new URL(uri.toString(true));
      assert.deepEqual([[...shown.searchParams.keys()], shown.hash], [['path'], ''], uri.toString(true));
    });
  });

  describe('§5.7 Remove Secret Key', () => {
    it('asks before deleting, also from the palette with one instance; a dismissal keeps the key', async () => {
      const inst = a.keys.list()[0];
      assert.equal(a.keys.list().length, 1);
      prompts.answer(undefined);
      assert.equal(await vscode.commands.executeCommand('clerk.removeSecretKey'), false);
      assert.equal(a.keys.list().length, 1, 'the key is kept');
      assert.ok(await a.secrets.get(`clerk.secretKey.${inst.id}`));
      const q = prompts.last('warning');
      assert.ok(q?.kind === 'warning' && q.modal, 'a modal was asked');
      assert.ok(q.message.includes(inst.maskedKey), q.message);
      prompts.answer('Remove');
      assert.equal(await vscode.commands.executeCommand('clerk.removeSecretKey'), true);
      assert.deepEqual(a.keys.list(), []);
    });
  });
});
