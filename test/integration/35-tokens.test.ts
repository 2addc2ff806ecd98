// Tokens where auth debugging starts: Explain Token from the palette with a token on the clipboard, the hover over a
// token in a file (through VS Code's own hover provider command), Show Session revealing a session whose user is not
// on a loaded page, and Verify for real-shaped template, custom-key and azp-less tokens.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import type { ExplainResult } from '../../src/commands/explain';
import { findSessionNode, userNodes, type SessionNode } from '../support/ext';
import { localClerkSuite } from '../support/suite';
import type { ClerkServer, Session } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

const JWT_TEXT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;

async function mint(server: ClerkServer, sessionId: string, template?: string): Promise<string> {
  const res = await fetch(`${server.url}/sessions/${sessionId}/tokens${template ? `/${encodeURIComponent(template)}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(res.status, 200, `minting for ${sessionId}: ${res.status}`);
  return ((await res.json()) as { jwt: string }).jwt;
}

function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A forged session token: HS256 with any secret, carrying the session's sid, sub and v: 2 (what a forger can write). */
function forgedHs256(s: Session): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sid: s.id, sub: s.user_id, v: 2, iat: now - 5, nbf: now - 10, exp: now + 60, iss: 'https://x.clerk.accounts.dev' })}`;
  return `${input}.${createHmac('sha256', 'any-secret-the-forger-likes').update(input).digest('base64url')}`;
}

/** A real token with its signature replaced: the instance's kid, claims the author chose, a signature that does not match. */
function badSignature(jwt: string): string {
  const [h, p] = jwt.split('.');
  return `${h}.${p}.${Buffer.alloc(256, 9).toString('base64url')}`;
}

/** Our hover's markdown at a position, or undefined. */
async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .find((v) => v.includes('clerk.explainToken'));
}

/** The hover's markdown with its escapes removed, for reading. */
const unescape = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('Tokens in the editor', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let instanceId: string;

  /** An active session whose user has an active organization (so its token carries `o`). */
  const orgSession = (): Session => server.data.sessions.find((s) => s.status === 'active' && s.last_active_organization_id && !s.actor)!;

  /** An active session of a user who is not on the first page of users (ordered by last activity). */
  const farSession = (): Session => {
    const byActivity = [...server.data.users].sort((x, y) => (y.last_active_at ?? 0) - (x.last_active_at ?? 0));
    for (const u of byActivity.slice(30)) {
      const s = server.data.sessions.find((x) => x.user_id === u.id && x.status === 'active');
      if (s && !u.id.includes('Hostile')) return s;
    }
    throw new Error('no active session beyond the first page');
  };

  localClerkSuite({
    ready: (s) => ({ server, a } = s),
    each: (s) => {
      prompts = s.prompts;
      instanceId = s.instance.id;
    },
    closeEditors: true,
  });

  it('Explain Token from the palette, with an organization token on the clipboard: verdict, issuer, fpm decoded, live facts', async () => {
    const s = orgSession();
    assert.ok(s, 'the server seeds a session with an active organization');
    const jwt = await mint(server, s.id);
    const claims = claimsOf(jwt);
    assert.ok(claims.o?.fpm, 'a version 2 token with o.fpm');
    await vscode.env.clipboard.writeText(jwt);
    server.resetLog();
    prompts.answer('Use the token on the clipboard');
    const r = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.ok(r, 'the command returned its result');
    assert.equal(r.accept, true, r.text);
    assert.equal(r.instanceId, instanceId, 'the issuing instance was found by kid');
    const text = r.text;
    assert.match(text, /A backend using @clerk\/backend would accept this token now/);
    assert.match(text, /its JWKS holds kid/);
    // Every feature → permission pair, decoded here independently from fea / o.per / o.fpm.
    const per: string[] = String(claims.o.per).split(',');
    const orgFeatures = String(claims.fea)
      .split(',')
      .map((f) => f.trim())
      .filter((f) => /^(o|uo|ou):/.test(f))
      .map((f) => f.split(':')[1]);
    const masks = String(claims.o.fpm).split(',').map(Number);
    let pairs = 0;
    orgFeatures.forEach((feature, i) =>
      per.forEach((p, bit) => {
        if (masks[i] & (1 << bit)) {
          assert.ok(text.includes(`org:${feature}:${p}`), `org:${feature}:${p} in the report`);
          pairs++;
        }
      }),
    );
    assert.ok(pairs > 0, 'the token grants at least one feature permission');
    const user = server.data.users.find((u) => u.id === s.user_id)!;
    assert.ok(text.includes(user.email_addresses[0].email_address), 'the user, read live');
    assert.match(text, new RegExp(`Session: ${s.id}: active`));
    const html = a.deps.reports.recent.at(-1)!.html;
    assert.ok(!html.includes(jwt) && !text.includes(jwt) && !JWT_TEXT.test(text), 'never the token itself');
    assert.ok(!/<script|<img/i.test(html));
    // Requests: the JWKS (to find the kid), the instance, the session, the user. Nothing from the token's iss.
    const paths = server.requests.map((e) => e.route);
    assert.ok(paths.length <= 4, paths.join(', '));
  });

  it('Explain Token says why a custom-key template token and an expired token would be refused', async () => {
    const s = orgSession();
    await vscode.env.clipboard.writeText(await mint(server, s.id, 'supabase'));
    prompts.answer('Use the token on the clipboard');
    const r = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.equal(r.accept, false);
    assert.match(r.text, /template/i);
    assert.doesNotMatch(r.text, /invalid signature/i);
    prompts.answer('Use the token on the clipboard', 'not a token at all');
    await vscode.env.clipboard.writeText('my-bank-password: hunter2');
    const bad = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.equal(bad.accept, false);
    assert.ok(bad.text.length > 20, 'a sentence says why');
  });

  it('the hover over a token in a .http file: verdict, kind, subject, session, issuer, signature; links only to our two commands; no request', async () => {
    const s = orgSession();
    const jwt = await mint(server, s.id);
    await a.deps.conns.jwks(instanceId); // the JWKS is remembered (as after any Explain or Verify)
    const dir = mkdtempSync(join(tmpdir(), 'clerk-hover-'));
    const file = join(dir, 'requests.http');
    writeFileSync(file, `GET http://localhost:3000/api/me\nAuthorization: Bearer ${jwt}\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    server.resetLog();
    const pos = new vscode.Position(1, 'Authorization: Bearer '.length + 20);
    const ours = await ourHover(doc.uri, pos);
    assert.ok(ours, 'our hover is there');
    assert.match(ours, /session token/i);
    const plainText = unescape(ours);
    // The signature, checked against the remembered key: the kid of the server's key, and the verdict right under the title.
    const kid = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid as string;
    assert.ok(plainText.includes(`Signature: matches key ${kid}`), plainText);
    assert.match(
      plainText,
      /^\*\*Clerk session token \(version 2\)\*\* *\nVerdict: ✓ A backend using @clerk\/backend's verifyToken would accept it now\./m,
    );
    assert.match(plainText, /Expires: in \d+ s \(/, 'a fresh token says the seconds left, not "just now"');
    assert.ok(ours.includes(s.user_id.replace(/_/g, '\\_')) || ours.includes(s.user_id), 'the subject');
    assert.ok(ours.includes(s.id.replace(/_/g, '\\_')) || ours.includes(s.id), 'the session');
    assert.match(ours, /Development|sk\\_test/, 'the issuing instance, from the remembered JWKS');
    assert.ok(!ours.includes(jwt), 'never the token');
    const commands = [...ours.matchAll(/\]\(command:([a-zA-Z.]+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(commands)].sort(), ['clerk.explainToken', 'clerk.showSession']);
    assert.equal(server.requests.length, 0, 'a hover sends no request');
    // Not a token: a dotted identifier gets no hover of ours.
    const code = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const v = foo.bar.baz;\nconst w = a.b.c;\n' });
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code.uri, new vscode.Position(0, 14));
    assert.ok(
      !none
        .flatMap((h) => h.contents)
        .some((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '').includes('clerk.explainToken')),
    );
  });

  it('Show Session reveals and selects a session whose user is not on a loaded page, with at most 2 requests', async () => {
    const s = farSession();
    const users = await userNodes(a); // the first page is loaded
    assert.ok(!users.some((u) => u.user.id === s.user_id), 'the user is not on the loaded page');
    await vscode.env.clipboard.writeText(await mint(server, s.id));
    await a.deps.conns.jwks(instanceId);
    server.resetLog();
    prompts.answer('Use the token on the clipboard');
    const node = await vscode.commands.executeCommand<SessionNode>('clerk.showSession');
    assert.ok(node && node.kind === 'session', 'a session node');
    assert.equal(node.session.id, s.id);
    assert.ok(server.requests.length <= 2, server.requests.map((e) => e.route).join(', ')); // the user, their sessions
    const selected = a.view.selection[0] as SessionNode | undefined;
    assert.equal(selected?.id, node.id, 'selected in the view');
    const again = await findSessionNode(a, s.user_id, s.id);
    assert.equal(again.session.id, s.id, 'the tree shows it under its user');
  });

  it('Verify a template token: sid is not carried by template tokens, sub must match; azp-less tokens are explained', async () => {
    const s = orgSession();
    const node = await findSessionNode(a, s.user_id, s.id);
    const jwt = await mint(server, s.id, 'plain');
    assert.equal(claimsOf(jwt).sid, undefined, 'real template tokens carry no sid');
    assert.equal(claimsOf(jwt).azp, undefined, 'nor azp when minted through the Backend API');
    await vscode.env.clipboard.writeText(jwt);
    prompts.answer('$(clippy) Use the token on the clipboard');
    const r = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', node);
    assert.ok(r?.ok, r?.text);
    assert.match(r.text, /^✓ sid: Not carried by template tokens/m);
    assert.match(r.text, /No azp: minted without a browser Origin/);
    // The custom-key (HS256) template: cannot tell, never a ✓, never "invalid signature".
    await vscode.env.clipboard.writeText(await mint(server, s.id, 'supabase'));
    prompts.answer('$(clippy) Use the token on the clipboard');
    const c = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', node);
    assert.equal(c.ok, false);
    assert.equal(c.verdict.signature.state, 'custom-key');
    assert.match(c.text, /^! Signature: cannot tell: signed with a key of its own/m);
    assert.doesNotMatch(c.text, /✓/);
    assert.doesNotMatch(c.text, /does not match key|INVALID/);
    // A token of another user's session fails on sub.
    const other = server.data.sessions.find((x) => x.status === 'active' && x.user_id !== s.user_id)!;
    await vscode.env.clipboard.writeText(await mint(server, other.id, 'plain'));
    prompts.answer('$(clippy) Use the token on the clipboard');
    const o = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', node);
    assert.equal(o.ok, false);
    assert.match(o.text, /^✗ sub: The token names user /m);
  });

  it("Verify of a forged HS256 token carrying the session's sid: red, says why, sends nothing about it", async () => {
    const s = orgSession();
    const node = await findSessionNode(a, s.user_id, s.id);
    await a.deps.conns.jwks(instanceId);
    await vscode.env.clipboard.writeText(forgedHs256(s));
    await a.tree.whenIdle(); // the user's memberships load beside the sessions: their request is not the test's
    server.resetLog();
    prompts.answer('$(clippy) Use the token on the clipboard');
    const r = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', node);
    assert.ok(r, prompts.messages('error').join('\n'));
    assert.equal(r.ok, false);
    assert.equal(r.verdict.accepted, false);
    assert.notEqual(r.verdict.signature.state, 'custom-key', 'a token with sid is never a custom-key template token');
    assert.match(r.text, /^✗ This token would be refused\.\n {2}- The header names no key \(kid\)/m, r.text);
    assert.match(r.text, /^✗ Signature: INVALID: not signed by Clerk/m);
    assert.doesNotMatch(r.text, /✓/);
    assert.match(r.text, /Not asked: the token's signature does not match a key of this instance/);
    const routes = server.requests.map((e) => e.route);
    assert.ok(
      routes.every((x) => /jwks/.test(x)),
      `only the JWKS may be read: ${routes.join(', ')}`,
    );
    assert.equal(server.count('POST /v1/sessions/{session_id}/verify'), 0, 'the forged token was not sent');
  });

  it('the hover over a token with a bad signature under a known kid: not attributed, no Show Session, no request', async () => {
    const s = orgSession();
    const forged = badSignature(await mint(server, s.id));
    await a.deps.conns.jwks(instanceId);
    const dir = mkdtempSync(join(tmpdir(), 'clerk-hover-'));
    const file = join(dir, 'forged.http');
    writeFileSync(file, `GET http://localhost:3000/api/me\nAuthorization: Bearer ${forged}\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    server.resetLog();
    const ours = await ourHover(doc.uri, new vscode.Position(1, 'Authorization: Bearer '.length + 20));
    assert.ok(ours, 'our hover is there');
    const plainText = unescape(ours);
    assert.match(plainText, /^\*\*Claims to be a Clerk session token \(version 2\), not signed by Clerk\*\*/, plainText);
    assert.match(plainText, /Verdict: ✗ A backend using @clerk\/backend would reject it: The signature does not match key /);
    assert.match(plainText, /Signature: INVALID: not signed by Clerk/);
    assert.doesNotMatch(plainText, /Development|sk_test|Instance:/, 'not attributed to the instance');
    assert.ok(!ours.includes('clerk.showSession'), 'no Show Session link');
    assert.equal(server.requests.length, 0, 'a hover sends no request');
    // Explain of the same token from the hover's link: not attributed, nothing looked up.
    const r = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken', {
      uri: doc.uri.toString(),
      offset: doc.offsetAt(new vscode.Position(1, 'Authorization: Bearer '.length + 5)),
    });
    assert.ok(r, prompts.messages('error').join('\n'));
    assert.equal(r.accept, false);
    assert.equal(r.instanceId, undefined);
    assert.doesNotMatch(r.text, /Show Session|✓/);
    assert.match(r.text, /Not asked: the token is not signed by a key of your instances/);
    assert.equal(server.requests.length, 0, `Explain of a forged token sends nothing: ${server.requests.map((e) => e.route).join(', ')}`);
  });

  it('Explain with a {uri, offset} argument reads only a document already open in the editor', async () => {
    const s = orgSession();
    const dir = mkdtempSync(join(tmpdir(), 'clerk-closed-'));
    const file = join(dir, 'never-opened.http');
    writeFileSync(file, `Authorization: Bearer ${await mint(server, s.id)}\n`);
    const uri = vscode.Uri.file(file).toString();
    const before = prompts.messages('error').length;
    const r = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken', { uri, offset: 30 });
    assert.equal(r, undefined, 'nothing explained');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri), 'the file was not opened');
    const said = prompts.messages('error').slice(before).join('\n');
    assert.match(said, /not open in the editor/, said);
  });
});
