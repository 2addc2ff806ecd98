// Tokens for testing, in the real extension host against the local Clerk server: Copy Testing Token on an instance,
// Copy Sign-in URL… for a user (lifetime asked, Revoke Sign-in Token on the notification, the typed confirmation on a
// live key). Requests are counted at the server; prompts are scripted; no token is ever shown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { scripted, until, userNodes, instanceNode, useOnlyKey, type UserNode } from '../support/ext';
import { makeTestSecretKey } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startClerkServer, type ClerkServer } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

describe('Tokens for testing: Copy Testing Token, Copy Sign-in URL…, Revoke Sign-in Token', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let live: ClerkServer | undefined;

  const emailOf = (s: ClerkServer, userId: string) => s.data.users.find((u) => u.id === userId)?.email_addresses[0]?.email_address;
  const plainUser = async (s: ClerkServer): Promise<UserNode> => {
    const u = (await userNodes(a)).find((n) => /^[\w.+-]+@[\w.-]+$/.test(emailOf(s, n.user.id) ?? ''));
    assert.ok(u, 'a user with a plain email on the first page');
    return u;
  };
  const noneShown = (secret: string) => {
    for (const m of [...prompts.statusMessages, ...prompts.messages()]) assert.ok(!m.includes(secret), `a secret was shown: ${m}`);
  };

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });
  afterEach(async () => {
    if (live) {
      await useOnlyKey(a, server);
      await live.stop();
      live = undefined;
    }
  });

  it('Copy Testing Token: one POST /testing_tokens, the token on the clipboard, how to pass it, the token not shown', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('clerk.copyTestingToken', await instanceNode(a));
    assert.deepEqual(
      server.requests.map((r) => r.route),
      ['POST /v1/testing_tokens'],
    );
    const t = server.testingTokens.at(-1)!;
    assert.equal(await vscode.env.clipboard.readText(), t.token);
    const info = prompts.messages('info').join('\n');
    assert.match(info, /__clerk_testing_token/);
    assert.match(info, /setupClerkTestingToken/);
    noneShown(t.token);
  });

  it('Copy Sign-in URL…: the minutes asked become expires_in_seconds; the URL copied; Revoke Sign-in Token revokes it', async () => {
    const u = await plainUser(server);
    server.resetLog();
    await vscode.env.clipboard.writeText('');
    prompts.answer('7', 'Revoke Sign-in Token');
    await vscode.commands.executeCommand('clerk.user.copySignInUrl', u);
    assert.deepEqual(
      server.requests.map((r) => r.route),
      ['POST /v1/sign_in_tokens', 'POST /v1/sign_in_tokens/{sign_in_token_id}/revoke'],
    );
    const t = server.signInTokens.at(-1)!;
    assert.equal(t.user_id, u.user.id);
    const claims = JSON.parse(Buffer.from(t.token.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
    assert.equal(claims.exp - claims.iat, 7 * 60);
    assert.equal(await until('the URL on the clipboard', async () => (await vscode.env.clipboard.readText()) === t.url), true);
    assert.equal(t.status, 'revoked');
    noneShown(t.token);
    // a lifetime that is not a number of minutes sends nothing; dismissing the box sends nothing
    server.resetLog();
    prompts.answer('ten');
    await vscode.commands.executeCommand('clerk.user.copySignInUrl', u);
    prompts.answer(undefined);
    await vscode.commands.executeCommand('clerk.user.copySignInUrl', u);
    assert.equal(server.requests.length, 0);
  });

  it('Copy Sign-in URL… on a LIVE key: nothing is sent without the typed email; with it, one token', async () => {
    live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 12, hostile: false });
    await useOnlyKey(a, live);
    prompts = await scripted();
    const u = await plainUser(live);
    live.resetLog();
    prompts.answer('10', 'wrong');
    await vscode.commands.executeCommand('clerk.user.copySignInUrl', u);
    assert.equal(live.requests.length, 0, 'no request without the typed confirmation');
    assert.match(prompts.messages('info').join('\n'), /did not match/);
    prompts.answer('10', emailOf(live, u.user.id), undefined);
    await vscode.commands.executeCommand('clerk.user.copySignInUrl', u);
    assert.equal(live.count('POST /v1/sign_in_tokens'), 1);
  });
});
