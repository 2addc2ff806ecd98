// Copying tokens, in the real extension host against the local Clerk server: Copy JWT from Template… (one item per
// template, a clock button for a custom lifetime, lifetimes in words), Copy as curl… (a bare loopback URL gets http://,
// a notification that names the session and the expiry, never the token; a longer-lived token on request), and the
// report panels that say "Checking…" at once. Prompts are scripted; requests and tokens are checked at the server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeJwt } from 'jose';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import { scripted, until, userNodes, sessionNodes, type SessionNode, type UserNode } from '../support/ext';
import { localClerkSuite } from '../support/suite';
import type { ClerkServer } from '../server/server';
import type { Asked, ScriptedPrompts } from '../support/scriptedPrompts';

const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/;
const MINT = 'POST /v1/sessions/{session_id}/tokens';
const MINT_TEMPLATE = 'POST /v1/sessions/{session_id}/tokens/{template_name}';
type CopyResult = { template: string; expiresAt?: number };
type CurlResult = { url: string; expiresAt?: number };

describe('Copy JWT, Copy as curl, report panels that load', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;

  const activeSession = async (): Promise<SessionNode> => {
    let user: UserNode | undefined;
    for (const u of await userNodes(a)) {
      if (server.data.sessions.some((s) => s.user_id === u.user.id && s.status === 'active')) {
        user = u;
        break;
      }
    }
    assert.ok(user, 'a user with an active session');
    a.tree.refresh(user);
    const n = (await sessionNodes(a, user)).find((x) => x.session.status === 'active');
    assert.ok(n, 'an active session in the tree');
    await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
    server.resetLog();
    return n;
  };
  const lifetimeOf = (jwt: string) => {
    const p = decodeJwt(jwt);
    return (p.exp ?? 0) - (p.iat ?? 0);
  };
  const errors = () => prompts.messages('error').join('\n');
  const noTokenShown = (jwt: string) => {
    for (const m of [...prompts.statusMessages, ...prompts.messages()])
      assert.ok(!m.includes(jwt) && !JWT.test(m), `a token was shown: ${m}`);
  };

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });

  it('Copy JWT from Template…: one item per template with a clock button, lifetimes in words; the button asks a lifetime in words', async () => {
    const s = await activeSession();
    const names = server.data.jwtTemplates.map((t) => t.name);
    assert.ok(names.length >= 2 && names.includes('plain'));
    let items: readonly vscode.QuickPickItem[] = [];
    prompts.answer(
      (q: Asked) => {
        if (q.kind !== 'quickPick') return undefined;
        items = q.items;
        return { item: q.items.find((i) => i.label === 'plain'), button: 0 };
      },
      (q: Asked) => {
        assert.ok(q.kind === 'input');
        assert.match(q.options.prompt ?? '', /10 min/);
        return '10 min';
      },
    );
    const r = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
    assert.equal(r?.template, 'plain', errors());
    assert.equal(items.length, names.length, `one item per template: ${items.map((i) => i.label).join(' | ')}`);
    assert.ok(!items.some((i) => i.kind === vscode.QuickPickItemKind.Separator), 'no separator');
    assert.deepEqual(new Set(items.map((i) => i.label)).size, names.length, 'no template twice');
    for (const i of items) {
      assert.equal(i.buttons?.length, 1, `${i.label}: one button`);
      assert.match(i.buttons[0].tooltip ?? '', /Custom lifetime/);
      assert.match(i.description ?? '', /^lifetime \d+ (s|min|h|d)\b/, `${i.label}: ${i.description}`);
      assert.doesNotMatch(i.description ?? '', /\d+s\b/, 'no "3600s"');
    }
    const jwt = await vscode.env.clipboard.readText();
    assert.equal(lifetimeOf(jwt), 600, 'the custom lifetime, read from "10 min"');
    assert.equal(server.count(MINT_TEMPLATE), 1);
    noTokenShown(jwt);

    // The last choice comes first and says so; picking it without the button uses the template's own lifetime.
    server.resetLog();
    prompts.answer((q: Asked) => {
      if (q.kind !== 'quickPick') return undefined;
      items = q.items;
      return q.items[0];
    });
    const r2 = await vscode.commands.executeCommand<CopyResult | undefined>('clerk.session.copyJwtFromTemplate', s);
    assert.equal(items[0]?.label, 'plain');
    assert.match(items[0]?.description ?? '', /last used/);
    assert.equal(r2?.template, 'plain');
    const tpl = server.data.jwtTemplates.find((t) => t.name === 'plain')!;
    assert.equal(lifetimeOf(await vscode.env.clipboard.readText()), tpl.lifetime);
    assert.equal(prompts.asked.filter((q) => q.kind === 'input').length, 1, 'no lifetime asked without the button');
  });

  it('Copy as curl…: localhost:PORT/path gets http://; a notification names the session and the expiry, never the token', async () => {
    const s = await activeSession();
    for (const [typed, want] of [
      ['localhost:3000/api/me', 'http://localhost:3000/api/me'],
      ['127.0.0.1:8080', 'http://127.0.0.1:8080/'],
      ['[::1]:3000/x?y=1', 'http://[::1]:3000/x?y=1'],
    ] as const) {
      prompts = await scripted();
      prompts.answer(typed, 'Session token');
      const r = await vscode.commands.executeCommand<CurlResult | undefined>('clerk.session.copyAsCurl', s);
      assert.equal(r?.url, want, `${typed}: ${errors()}`);
      const cmd = await vscode.env.clipboard.readText();
      assert.ok(cmd.endsWith(` '${want}'`), cmd.replace(JWT, '<jwt>'));
      const jwt = JWT.exec(cmd)![0];
      const info = prompts.messages('info').join('\n');
      assert.match(info, /copied a curl command for .+ with a session token of .+ on .+\. The token expires at \d\d:\d\d:\d\d \(in /);
      assert.ok(info.includes(s.session.user_id) || /@/.test(info), `names the user: ${info}`);
      noTokenShown(jwt);
    }
    assert.equal(server.count(MINT), 3);
    // Other schemes are still refused, before any request.
    server.resetLog();
    prompts = await scripted();
    prompts.answer('ftp://localhost:3000/x');
    await vscode.commands.executeCommand('clerk.session.copyAsCurl', s);
    assert.equal(server.requests.length, 0);
    assert.match(errors(), /Only http/);
  });

  it('Copy as curl…: a longer-lived token on request (expires_in_seconds), the default session token otherwise', async () => {
    const s = await activeSession();
    let choices: readonly vscode.QuickPickItem[] = [];
    prompts.answer(
      'http://127.0.0.1:9/api',
      (q: Asked) => {
        if (q.kind !== 'quickPick') return undefined;
        choices = q.items;
        return q.items.find((i) => /Longer-lived/.test(i.label));
      },
      '2 h',
    );
    const r = await vscode.commands.executeCommand<CurlResult | undefined>('clerk.session.copyAsCurl', s);
    assert.ok(r, errors());
    assert.equal(choices.length, 2);
    assert.match(choices[0].description ?? '', /default lifetime/);
    const long = JWT.exec(await vscode.env.clipboard.readText())![0];
    assert.equal(lifetimeOf(long), 7200);
    assert.match(prompts.messages('info').join('\n'), /expires at .* \(in 2h\)/);
    // Out of Clerk's bounds: refused with a message, nothing minted.
    server.resetLog();
    prompts = await scripted();
    prompts.answer('http://127.0.0.1:9/api', (q: Asked) => (q.kind === 'quickPick' ? q.items[1] : undefined), '10 s');
    await vscode.commands.executeCommand('clerk.session.copyAsCurl', s);
    assert.equal(server.count(MINT), 0);
    assert.match(errors(), /not a token lifetime from 30 s/);
    // The default: no expires_in_seconds, the session token's own (short) lifetime.
    prompts = await scripted();
    prompts.answer('http://127.0.0.1:9/api', 'Session token');
    await vscode.commands.executeCommand('clerk.session.copyAsCurl', s);
    const short = JWT.exec(await vscode.env.clipboard.readText())![0];
    assert.ok(lifetimeOf(short) < 7200 && lifetimeOf(short) > 0, String(lifetimeOf(short)));
  });

  it('Verify opens its panel at once saying "Checking…", then fills it with the report', async () => {
    const s = await activeSession();
    const key = `verify/${s.instanceId}/${s.session.id}`;
    server.controls.verifyEndpoint('ok');
    prompts.answer('$(key) Mint a fresh token for this session');
    server.controls.latency(700);
    let done = false;
    const running = Promise.resolve(vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s)).finally(() => {
      done = true;
    });
    // This check's own panel (its key; an earlier Verify of the same session may have left it open with a report).
    await until('the panel of this check saying "Checking…"', () => /Checking…/.test(a.deps.reports.htmlOf(key) ?? ''), 8000);
    assert.equal(done, false, 'the panel is open while Verify is still at work');
    assert.match(a.deps.reports.htmlOf(key) ?? '', /Checking…/);
    const r = await running;
    assert.ok(r?.ok, errors());
    assert.doesNotMatch(a.deps.reports.htmlOf(key) ?? '', /Checking…/);
    assert.match(a.deps.reports.htmlOf(key) ?? '', /Status: active|active/);
  });

  it('a check that fails leaves no "Checking…" behind: the panel says it did not finish', async () => {
    const s = await activeSession();
    const key = `verify/${s.instanceId}/${s.session.id}`;
    prompts.answer('$(key) Mint a fresh token for this session');
    const running = Promise.resolve(vscode.commands.executeCommand('clerk.session.verify', s));
    await until('the mint', () => server.count(MINT) > 0);
    server.controls.failNext(20, 500);
    await running;
    const html = a.deps.reports.htmlOf(key) ?? '';
    if (/Checking…/.test(html)) assert.fail('the panel still says "Checking…" after the command ended');
  });
});
