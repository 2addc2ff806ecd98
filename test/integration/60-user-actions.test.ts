// The rest of a user's sessions, in the real extension host against the local Clerk server: Revoke All Sessions…,
// Create Test Session, the ${command:clerk.sessionToken} variable (in a real task), Copy as curl…, Sign In as This
// User… / Revoke Impersonation, Open in Clerk Dashboard. Requests are counted at the server; prompts are scripted.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { TestApi } from '../../src/extension';
import { ClerkClient } from '../../src/clerk/client';
import { ClerkApiError } from '../../src/clerk/errors';
import type { Session } from '../../src/clerk/types';
import { revokeOutcome, type RevokeAllResult } from '../../src/commands/user';
import { scripted, until, userNodes, sessionNodes, instanceNode, useOnlyKey, withoutTreeReads, type UserNode } from '../support/ext';
import { makeTestSecretKey } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startClerkServer, type ClerkServer } from '../server/server';
import type { Asked, ScriptedPrompts } from '../support/scriptedPrompts';

const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/;
const REVOKE = 'POST /v1/sessions/{session_id}/revoke';
const LIST = 'GET /v1/sessions';
const MINT = 'POST /v1/sessions/{session_id}/tokens';

describe('User actions: revoke all, test sessions, token variable, impersonation, dashboard', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let live: ClerkServer | undefined;
  const used = new Set<string>();

  const emailOf = (s: ClerkServer, userId: string) => s.data.users.find((u) => u.id === userId)?.email_addresses[0]?.email_address;
  /** A user of the first page with a plain email, not used by an earlier test. */
  const freshUser = async (s: ClerkServer = server): Promise<UserNode> => {
    for (const u of await userNodes(a)) {
      if (used.has(u.user.id) || !/^[\w.+-]+@[\w.-]+$/.test(emailOf(s, u.user.id) ?? '')) continue;
      used.add(u.user.id);
      return u;
    }
    throw new Error('no fresh user on the first page');
  };
  const revocable = (s: ClerkServer, userId: string) =>
    s.data.sessions.filter((x) => x.user_id === userId && (x.status === 'active' || x.status === 'pending'));
  /** Exactly n active or pending sessions for the user (extra ones ended in the fixture, missing ones made with POST /sessions). */
  const withSessions = async (s: ClerkServer, userId: string, n: number): Promise<Session[]> => {
    const now = revocable(s, userId);
    for (const x of now.slice(n)) x.status = 'ended';
    const c = new ClerkClient({ secretKey: s.secretKey, apiUrl: s.url });
    for (let i = now.length; i < n; i++) await c.createSession({ userId });
    s.resetLog();
    return revocable(s, userId) as Session[];
  };
  const verifyToken = async (s: ClerkServer, jwt: string): Promise<JWTPayload> =>
    (await jwtVerify(jwt, createLocalJWKSet({ keys: [s.publicJwk() as never] }), { issuer: s.issuer })).payload;
  const quickPickOf = (userId: string) => (asked: Asked) =>
    asked.kind === 'quickPick' ? asked.items.find((i) => (i as { userId?: string }).userId === userId) : undefined;
  const noTokenShown = (jwt: string) => {
    for (const m of [...prompts.statusMessages, ...prompts.messages()])
      assert.ok(!m.includes(jwt) && !JWT.test(m), `a token was shown: ${m}`);
  };

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });
  afterEach(async () => {
    a.deps.withProgress = undefined;
    a.deps.now = undefined;
    a.deps.openExternal = undefined;
    if (live) {
      await useOnlyKey(a, server);
      await live.stop();
      live = undefined;
    }
  });
  const useLive = async (): Promise<ClerkServer> => {
    live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 12, hostile: false });
    const inst = await useOnlyKey(a, live);
    assert.equal(inst.keyEnvironment, 'live');
    prompts = await scripted();
    live.resetLog();
    return live;
  };

  describe('Revoke All Sessions…', () => {
    it('20 sessions: one list, exactly 20 revokes, all reported revoked, the tree updated from the answers', async () => {
      const u = await freshUser();
      const targets = await withSessions(server, u.user.id, 20);
      a.tree.refresh(u);
      await sessionNodes(a, u); // the user's list is loaded, as when the user looks at it
      await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
      server.resetLog();
      prompts.answer('Revoke All');
      const r = await vscode.commands.executeCommand<RevokeAllResult>('clerk.user.revokeAllSessions', u);
      assert.equal(server.count(LIST), 1, 'one list');
      assert.equal(server.count(REVOKE), 20, 'exactly 20 revokes');
      assert.equal(server.requests.length, 21);
      const list = server.requests.find((x) => x.route === LIST);
      assert.equal(list?.search.includes('status='), false, 'no status filter: pending sessions count');
      assert.deepEqual([...r.revoked].sort(), targets.map((s) => s.id).sort());
      assert.deepEqual([r.failed, r.notSent, r.alreadyEnded], [[], [], []]);
      assert.ok(targets.every((s) => server.data.sessions.find((x) => x.id === s.id)?.status === 'revoked'));
      const modal = prompts.asked.find((x) => x.kind === 'warning' && x.modal);
      assert.ok(modal && modal.kind === 'warning');
      assert.match(modal.message, /Revoke all 20 sessions of /);
      assert.ok(modal.message.includes(emailOf(server, u.user.id)!), 'the modal names the user');
      assert.match(prompts.messages('info').join('\n'), /revoked 20 of 20 sessions/);
      const shown = await sessionNodes(a, u);
      const stillActive = shown.filter((n) => targets.some((t) => t.id === n.session.id) && n.session.status !== 'revoked');
      assert.deepEqual(stillActive, [], 'the tree shows none of them active');
      assert.equal(server.requests.length, 21, 'the tree was updated without a re-read');
    });

    it('a dismissed modal sends nothing but the list; a user with nothing to revoke is told so', async () => {
      const u = await freshUser();
      await withSessions(server, u.user.id, 3);
      prompts.answer(undefined);
      assert.equal(await vscode.commands.executeCommand('clerk.user.revokeAllSessions', u), undefined);
      assert.equal(server.count(REVOKE), 0);
      assert.equal(server.requests.length, 1);
      await withSessions(server, u.user.id, 0);
      await vscode.commands.executeCommand('clerk.user.revokeAllSessions', u);
      assert.equal(server.count(REVOKE), 0);
      assert.match(prompts.messages('info').join('\n'), /no active or pending sessions: nothing to revoke/);
    });

    it('a partial failure is reported as one: "4 of 5 … revoked; 1 failed: <reason>", never as success', async () => {
      const u = await freshUser();
      await withSessions(server, u.user.id, 5);
      server.controls.failNext(1, 500, { route: REVOKE });
      prompts.answer('Revoke All');
      const r = await vscode.commands.executeCommand<RevokeAllResult>('clerk.user.revokeAllSessions', u);
      assert.equal(server.count(REVOKE), 5, 'a POST is not retried after a 500');
      assert.equal(r.revoked.length, 4);
      assert.equal(r.failed.length, 1);
      assert.match(r.failed[0].reason, /500/);
      assert.equal(revocable(server, u.user.id).length, 1, 'the failed one is still active at the server');
      const err = prompts.messages('error').join('\n');
      assert.match(err, /4 of 5 sessions of .* revoked; 1 failed: .*500/);
      assert.doesNotMatch(prompts.messages('info').join('\n'), /revoked 5|revoked 4/);
    });

    it('cancel: nothing more is sent after it, what was already revoked is reported, progress counts "n of N"', async () => {
      const u = await freshUser();
      await withSessions(server, u.user.id, 12);
      server.controls.latency(40);
      const reports: string[] = [];
      type Task = (p: vscode.Progress<{ message?: string }>, t: vscode.CancellationToken) => Thenable<unknown>;
      a.deps.withProgress = (async (_o: vscode.ProgressOptions, task: Task) => {
        const cts = new vscode.CancellationTokenSource();
        return task(
          {
            report: (v) => {
              reports.push(v.message ?? '');
              if (reports.length === 3) cts.cancel();
            },
          },
          cts.token,
        );
      }) as typeof vscode.window.withProgress;
      prompts.answer('Revoke All');
      const r = await vscode.commands.executeCommand<RevokeAllResult>('clerk.user.revokeAllSessions', u);
      const sent = server.count(REVOKE);
      // A worker that kept going would send its next revoke as soon as its last one is answered: wait until every
      // request is answered, then for one round trip of our own through the same latency, and count again.
      await until('every request answered', () => server.requests.every((x) => x.status !== 0));
      await fetch(`${server.url}/instance`, { headers: { authorization: `Bearer ${server.secretKey}` } });
      assert.equal(server.count(REVOKE), sent, 'nothing was sent after the command returned');
      assert.ok(sent >= 2 && sent <= 6, `revokes sent: ${sent} (2 done + at most 4 in flight)`);
      assert.equal(r.revoked.length, sent, 'every request that was sent is reported');
      assert.equal(r.notSent.length, 12 - sent);
      assert.equal(revocable(server, u.user.id).length, 12 - sent);
      assert.deepEqual(reports.slice(0, 3), ['0 of 12', '1 of 12', '2 of 12']);
      const said = new RegExp(`${sent} of 12 sessions .* revoked; cancelled: ${12 - sent} not sent`);
      assert.match(prompts.messages('warning').join('\n'), said);
    });

    it('classifies a 4xx that says "not active" as already ended, anything else as failed', () => {
      const err = (status: number, code: string, longMessage: string) =>
        new ClerkApiError({ status, errors: [{ code, message: 'x', longMessage }], request: REVOKE });
      assert.equal(revokeOutcome(err(400, 'session_not_active', 'Session sess_1 is not active')).alreadyEnded, true);
      assert.equal(revokeOutcome(err(400, 'bad_request', 'Session is revoked')).alreadyEnded, true);
      assert.equal(revokeOutcome(err(404, 'resource_not_found', 'No session was found')).alreadyEnded, false);
      assert.equal(revokeOutcome(err(500, 'session_not_active', 'not active')).alreadyEnded, false);
      assert.equal(revokeOutcome(new Error('socket hang up')).alreadyEnded, false);
    });

    it('LIVE key: only the typed email confirms; anything else sends nothing beyond the list', async () => {
      const s = await useLive();
      let u = await freshUser(s);
      while (revocable(s, u.user.id).length === 0) u = await freshUser(s);
      const n = revocable(s, u.user.id).length;
      s.resetLog();
      prompts.answer('Revoke All', 'not-the-user@example.com');
      assert.equal(await vscode.commands.executeCommand('clerk.user.revokeAllSessions', u), undefined);
      assert.equal(s.count(REVOKE), 0, 'nothing revoked without the typed email');
      const modal = prompts.asked.find((x) => x.kind === 'warning' && x.modal);
      assert.ok(modal?.kind === 'warning' && /PRODUCTION/.test(modal.message));
      const input = prompts.last('input');
      assert.ok(input?.kind === 'input' && String(input.options.prompt).includes(emailOf(s, u.user.id)!));
      prompts.answer('Revoke All', emailOf(s, u.user.id)!.toUpperCase());
      const r = await vscode.commands.executeCommand<RevokeAllResult>('clerk.user.revokeAllSessions', u);
      assert.equal(r.revoked.length, n);
      assert.equal(s.count(REVOKE), n);
    });
  });

  describe('Create Test Session', () => {
    it('one POST /sessions; the session appears under the user without a re-read; "Copy Session Token" copies a valid token', async () => {
      const u = await freshUser();
      a.tree.refresh(u);
      await sessionNodes(a, u);
      await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
      server.resetLog();
      await vscode.env.clipboard.writeText('');
      prompts.answer('Copy Session Token');
      const s = await vscode.commands.executeCommand<Session>('clerk.user.createTestSession', u);
      assert.equal(s.user_id, u.user.id);
      assert.equal(server.count('POST /v1/sessions'), 1);
      assert.ok(
        (await sessionNodes(a, u)).some((n) => n.session.id === s.id),
        'the new session is in the tree',
      );
      const jwt = await until('the token on the clipboard', async () => JWT.exec(await vscode.env.clipboard.readText())?.[0]);
      assert.equal((await verifyToken(server, jwt)).sid, s.id);
      assert.deepEqual(
        withoutTreeReads(server.requests),
        ['POST /v1/sessions', MINT],
        "create + the token asked for, nothing else (a reveal may read the user's sessions: the tree's own reads)",
      );
      noTokenShown(jwt);
    });

    it('LIVE key: refused before any request, with a sentence saying why', async () => {
      const s = await useLive();
      const u = await freshUser(s);
      s.resetLog();
      assert.equal(await vscode.commands.executeCommand('clerk.user.createTestSession', u), undefined);
      assert.equal(s.requests.length, 0, 'no request at all');
      assert.match(prompts.messages('error').join('\n'), /only on development instances.*nothing was sent/);
    });
  });

  describe('${command:clerk.sessionToken} and Copy as curl…', () => {
    let receiver: http.Server;
    let seen: { auth?: string; url?: string }[];
    let base: string;
    before(async () => {
      receiver = http.createServer((req, res) => {
        seen.push({ auth: req.headers.authorization, url: req.url });
        res.writeHead(200).end('ok');
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    });
    after(() => new Promise<void>((r) => receiver.close(() => r())));
    beforeEach(() => {
      seen = [];
    });

    const activeNode = async (u: UserNode) => {
      await withSessions(server, u.user.id, 1);
      a.tree.refresh(u);
      const n = (await sessionNodes(a, u)).find((x) => x.session.status === 'active');
      assert.ok(n, 'an active session in the tree');
      await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
      server.resetLog();
      return n;
    };

    it('mints only when the cached token is stale (fresh: 0 requests, stale: 1); the token is for the chosen session', async () => {
      const node = await activeNode(await freshUser());
      await vscode.commands.executeCommand('clerk.chooseTokenSession', node);
      assert.equal(server.requests.length, 0, 'choosing a session from the tree sends nothing');
      const t1 = await vscode.commands.executeCommand<string>('clerk.sessionToken');
      assert.equal(server.count(MINT), 1);
      const claims = await verifyToken(server, t1);
      assert.equal(claims.sid, node.session.id);
      assert.equal(claims.sub, node.session.user_id);
      const t2 = await vscode.commands.executeCommand<string>('clerk.sessionToken');
      assert.equal(t2, t1);
      assert.equal(server.count(MINT), 1, 'fresh cached token: 0 requests');
      a.deps.now = () => claims.exp! * 1000 - 9_000; // less than 10 s of its life left
      const t3 = await vscode.commands.executeCommand<string>('clerk.sessionToken');
      assert.equal(server.count(MINT), 2, 'stale cached token: 1 request');
      assert.equal((await verifyToken(server, t3)).sid, node.session.id);
      noTokenShown(t1);
      console.log(`      token variable: fresh → 0 requests, stale → 1 request (${server.count(MINT)} mints in all)`);
    });

    it('a task in tasks.json that uses ${command:clerk.sessionToken} runs and sends a valid token of the picked session', async () => {
      const node = await activeNode(await freshUser());
      await vscode.commands.executeCommand('clerk.chooseTokenSession', node);
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the test host has a workspace folder');
      const label = `clerk token task ${Date.now()}`;
      // The token goes in through the environment (VS Code echoes a task's command line in its terminal, not its env).
      const script =
        "require('http').get(process.argv[1],{headers:{authorization:'Bearer '+process.env.CLERK_TOKEN}}," +
        "r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(2))";
      mkdirSync(join(folder.uri.fsPath, '.vscode'), { recursive: true });
      writeFileSync(
        join(folder.uri.fsPath, '.vscode', 'tasks.json'),
        JSON.stringify(
          {
            version: '2.0.0',
            tasks: [
              {
                label,
                type: 'process',
                command: process.execPath,
                args: ['-e', script, `${base}/api/me`],
                options: { env: { CLERK_TOKEN: '${command:clerk.sessionToken}' } },
              },
            ],
          },
          null,
          2,
        ),
      );
      const task = await until('the task from tasks.json', async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === label));
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name !== label) return;
          sub.dispose();
          resolve(e.exitCode);
        });
      });
      await vscode.tasks.executeTask(task);
      assert.equal(await ended, 0, 'the task exited 0: the receiver answered 200');
      assert.equal(seen.length, 1);
      const jwt = /^Bearer (.+)$/.exec(seen[0].auth ?? '')?.[1];
      assert.ok(jwt, 'the request carried a bearer token');
      const claims = await verifyToken(server, jwt);
      assert.equal(claims.sid, node.session.id, 'the token is for the picked session');
      assert.equal(server.count(MINT), 1);
      noTokenShown(jwt);
    });

    it('Copy as curl…: a fresh token, the URL quoted for a shell and remembered; the status bar never shows the token', async () => {
      const node = await activeNode(await freshUser());
      const url = `${base}/api/it's?x=$(id)&y=\`id\``;
      prompts.answer(url, 'Session token');
      const r = await vscode.commands.executeCommand<{ url: string; expiresAt?: number }>('clerk.session.copyAsCurl', node);
      assert.ok(r?.expiresAt && r.expiresAt > Date.now());
      assert.equal(server.count(MINT), 1);
      const cmd = await vscode.env.clipboard.readText();
      const jwt = JWT.exec(cmd)?.[0];
      assert.ok(jwt);
      assert.ok(cmd.startsWith(`curl -H "Authorization: Bearer ${jwt}" '`), cmd.slice(0, 40));
      // Run it through a real shell: the token and the URL arrive as they were, nothing in the URL runs.
      await new Promise<void>((resolve, reject) => execFile('sh', ['-c', cmd], (e) => (e ? reject(new Error(e.message)) : resolve())));
      assert.equal(seen.length, 1);
      assert.equal(seen[0].auth, `Bearer ${jwt}`);
      assert.equal(decodeURIComponent(seen[0].url!), "/api/it's?x=$(id)&y=`id`");
      assert.equal((await verifyToken(server, jwt)).sid, node.session.id);
      assert.match(prompts.messages('info').join('\n'), /copied a curl command for .* expires /);
      noTokenShown(jwt);
      prompts.answer((asked: Asked) => (asked.kind === 'input' ? asked.options.value : undefined), 'Session token');
      await vscode.commands.executeCommand('clerk.session.copyAsCurl', node);
      const asked = prompts.last('input');
      assert.ok(asked?.kind === 'input');
      assert.equal(asked.options.value, r.url, 'the URL is remembered for the instance');
      server.resetLog();
      prompts.answer('ftp://example.com/x');
      await vscode.commands.executeCommand('clerk.session.copyAsCurl', node);
      assert.equal(server.requests.length, 0, 'a URL that is not http(s) is refused before any request');
      assert.match(prompts.messages('error').join('\n'), /Only http/);
    });
  });

  describe('Sign In as This User… and Revoke Impersonation', () => {
    interface Link {
      m?: { id: string };
    }
    const linkPick = (id: string) => (asked: Asked) =>
      asked.kind === 'quickPick' ? asked.items.find((i) => (i as unknown as Link).m?.id === id) : undefined;
    it('development: one modal, one POST /actor_tokens with the chosen actor; Copy URL / Open; the actor is remembered', async () => {
      const [target, actor] = [await freshUser(), await freshUser()];
      await vscode.env.clipboard.writeText('');
      server.resetLog(); // the page of users was read above
      prompts.answer(quickPickOf(actor.user.id), 'Create Link', 'Copy URL');
      const made = await vscode.commands.executeCommand<{ id: string }>('clerk.user.impersonate', target);
      assert.equal(server.count('POST /v1/actor_tokens'), 1);
      // The action's own requests: the tree may redraw a user the earlier suites left expanded while the pick is open.
      assert.deepEqual(withoutTreeReads(server.requests), ['POST /v1/actor_tokens']);
      const t = server.actorTokens.find((x) => x.id === made.id)!;
      assert.deepEqual([t.user_id, t.actor.sub], [target.user.id, actor.user.id]);
      assert.equal(prompts.asked.filter((x) => x.kind === 'warning' && x.modal).length, 1, 'one modal');
      assert.equal(await until('the URL on the clipboard', async () => (await vscode.env.clipboard.readText()) === t.url), true);
      for (const m of [...prompts.statusMessages, ...prompts.messages()])
        assert.ok(!m.includes(t.token), `the one-time token was shown: ${m}`);
      const opened: string[] = [];
      a.deps.openExternal = async (u) => {
        opened.push(u.toString(true));
        return true;
      };
      prompts.answer((asked: Asked) => (asked.kind === 'quickPick' ? asked.items[0] : undefined), 'Create Link', 'Open');
      const again = await vscode.commands.executeCommand<{ id: string }>('clerk.user.impersonate', target);
      const first = prompts.asked.filter((x) => x.kind === 'quickPick').pop();
      assert.ok(first?.kind === 'quickPick' && /last used/.test(first.items[0].description ?? ''), 'the actor is offered first');
      assert.equal(server.actorTokens.find((x) => x.id === again.id)?.actor.sub, actor.user.id);
      await until('the URL opened', () => opened.length === 1);
      assert.equal(opened[0], server.actorTokens.find((x) => x.id === again.id)!.url);
    });

    it('a dismissed modal sends nothing; Revoke Impersonation revokes a link of this window once', async () => {
      const target = await freshUser();
      server.resetLog();
      prompts.answer(quickPickOf(target.user.id), undefined);
      assert.equal(await vscode.commands.executeCommand('clerk.user.impersonate', target), undefined);
      assert.deepEqual(withoutTreeReads(server.requests), []);
      prompts.answer(quickPickOf(target.user.id), 'Create Link', undefined);
      const made = await vscode.commands.executeCommand<{ id: string }>('clerk.user.impersonate', target);
      server.resetLog();
      prompts.answer(linkPick(made.id));
      await vscode.commands.executeCommand('clerk.revokeImpersonation');
      assert.equal(server.count('POST /v1/actor_tokens/{actor_token_id}/revoke'), 1);
      assert.equal(server.actorTokens.find((x) => x.id === made.id)?.status, 'revoked');
      server.resetLog();
      const before = prompts.asked.length;
      prompts.answer(linkPick(made.id));
      await vscode.commands.executeCommand('clerk.revokeImpersonation');
      assert.equal(server.requests.length, 0, 'a revoked link is not offered again');
      const offered = prompts.asked.slice(before).flatMap((x) => (x.kind === 'quickPick' ? x.items : []));
      assert.ok(!offered.some((i) => (i as unknown as Link).m?.id === made.id), 'the revoked link is not in the list');
    });

    it('LIVE key: a warning that it bypasses the second factor, and nothing is sent without the typed email', async () => {
      const s = await useLive();
      const [target, actor] = [await freshUser(s), await freshUser(s)];
      s.resetLog();
      prompts.answer(quickPickOf(actor.user.id), 'Continue…', 'wrong');
      assert.equal(await vscode.commands.executeCommand('clerk.user.impersonate', target), undefined);
      assert.equal(s.requests.length, 0, 'no request without the typed confirmation');
      const modal = prompts.asked.find((x) => x.kind === 'warning' && x.modal);
      assert.ok(modal?.kind === 'warning' && /second factor/.test(modal.message) && /PRODUCTION/.test(modal.message));
      prompts.answer(quickPickOf(actor.user.id), 'Continue…', emailOf(s, target.user.id), undefined);
      await vscode.commands.executeCommand('clerk.user.impersonate', target);
      assert.equal(s.count('POST /v1/actor_tokens'), 1);
      assert.equal(s.actorTokens[s.actorTokens.length - 1].actor.sub, actor.user.id);
    });
  });

  describe('Open in Clerk Dashboard', () => {
    it("opens the user's page or the users list through the opener, with no request", async () => {
      const opened: string[] = [];
      a.deps.openExternal = async (u) => {
        opened.push(u.toString(true));
        return true;
      };
      const u = (await userNodes(a))[0];
      const inst = await instanceNode(a);
      server.resetLog();
      await vscode.commands.executeCommand('clerk.openInDashboard', u);
      await vscode.commands.executeCommand('clerk.openInDashboard', inst);
      assert.deepEqual(opened, [
        `https://dashboard.clerk.com/last-active?path=users/${u.user.id}`,
        'https://dashboard.clerk.com/last-active?path=users',
      ]);
      assert.deepEqual(withoutTreeReads(server.requests), []);
    });
  });
});
