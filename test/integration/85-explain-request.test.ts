// Clerk: Explain Request in a real extension host: a request from the selection (a stale token under a newer
// __client_uat), a request in an .http file run from its CodeLens (a token without azp while clerk.authorizedParties
// is set, the @clerk/backend version read from the workspace's lockfile), a handshake decoded, and no request to the
// Backend API for a request without machine tokens once the instance's public keys are known (counted at the server).
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { RequestResult } from '../../src/commands/request';
import { publishableKeyFor } from '../../src/requests/keys';
import { localTime } from '../../src/util/format';
import { localClerkSuite } from '../support/suite';
import { refresh, until, userNodes, whenIdle } from '../support/ext';
import { ISSUER } from '../server/jwt';
import type { ClerkServer, Session } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';
import {
  AUTHORIZED_PARTIES,
  azpHttpFile,
  claimsOf,
  clientUatRequest,
  handshakeRequest,
  m2mRequest,
  mintOverApi,
} from '../server/requestFixtures';

const PK = publishableKeyFor(new URL(ISSUER).host, 'development');

const mint = mintOverApi;

describe('Explain Request', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let folder: vscode.Uri;
  const written: vscode.Uri[] = [];

  const activeSession = (): Session => server.data.sessions.find((s) => s.status === 'active' && !s.actor)!;

  async function write(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    written.push(uri);
    return uri;
  }

  async function explainSelection(text: string): Promise<RequestResult> {
    const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount, 0);
    // The command reads the active editor: wait until the extension host knows it is this one (after the previous
    // test's editors were closed, it can still name the last one for a moment).
    await until('the new document is the active editor', () => vscode.window.activeTextEditor?.document === doc);
    const r = await vscode.commands.executeCommand<RequestResult>('clerk.explainRequest');
    assert.ok(r, `the command returned its result (${prompts.messages().join(' | ')})`);
    return r;
  }

  localClerkSuite({
    ready: (s) => ({ server, a } = s),
    prepare: () =>
      Promise.resolve(vscode.workspace.getConfiguration('clerk').update('authorizedParties', undefined, vscode.ConfigurationTarget.Global)),
    each: (s) => ({ prompts } = s),
    closeEditors: true,
  });

  before(async () => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the test host has a workspace folder');
    folder = f.uri;
    // The app's publishable key, where an app keeps it.
    await write('.env.local', `# the app's keys\nNEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=${PK}\n`);
  });

  after(async () => {
    for (const u of written) await vscode.workspace.fs.delete(u).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('clerk').update('authorizedParties', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a signed-out request whose __client_uat is newer than its token: the stale token, in words', async () => {
    const jwt = await mint(server, activeSession().id);
    const { text, iat } = clientUatRequest(jwt);
    const r = await explainSelection(text);
    assert.equal(r.status, 'signed-out', r.text);
    assert.equal(r.reason, 'session-token-iat-before-client-uat', r.text);
    assert.match(r.text, /authenticateRequest: signed-out \(session-token-iat-before-client-uat\)/);
    assert.ok(
      r.text.includes(`The token's iat (${localTime(iat * 1000)}) is 60 s before __client_uat (${localTime((iat + 60) * 1000)})`),
      r.text,
    );
    assert.match(r.text, /Carried in: cookie __session/);
    assert.match(r.text, /Publishable key from: \.env\.local/);
    assert.match(r.text, /development instance, Frontend API local-clerk-sessions\.clerk\.accounts\.dev/);
    assert.ok(!r.text.includes(jwt) && !a.deps.reports.recent.at(-1)!.html.includes(jwt), 'never the token itself');
    assert.equal(
      prompts.asked.filter((q) => q.kind === 'input').length,
      0,
      'nothing asked: the request came from the selection, the key from .env.local',
    );
  });

  it('a request in an .http file, run from its CodeLens: no azp while clerk.authorizedParties is set; the version from the lockfile', async () => {
    await vscode.workspace.getConfiguration('clerk').update('authorizedParties', AUTHORIZED_PARTIES, vscode.ConfigurationTarget.Global);
    const lock = { name: 'app', lockfileVersion: 3, packages: { 'node_modules/@clerk/backend': { version: '2.9.1' } } };
    await write('package-lock.json', JSON.stringify(lock, null, 2));
    const jwt = await mint(server, activeSession().id);
    assert.equal(claimsOf(jwt).azp, undefined, 'the server mints without azp (no browser Origin)');
    const uri = await write('api.http', azpHttpFile(jwt).text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter(
      (l) => l.command?.command === 'clerk.explainRequest',
    );
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [4, 'Clerk: Explain Request'],
        [8, 'Clerk: Explain Request'],
      ],
      'one lens above each request line',
    );
    assert.ok(!JSON.stringify(lenses.map((l) => l.command?.arguments)).includes(jwt), 'a lens carries the line, never the request');
    server.resetLog();
    const r = await vscode.commands.executeCommand<RequestResult>(lenses[1].command!.command, ...(lenses[1].command!.arguments ?? []));
    assert.ok(r, prompts.messages().join(' | '));
    assert.equal(r.status, 'signed-out', r.text);
    assert.equal(r.reason, 'token-invalid-authorized-parties', r.text);
    assert.match(r.text, /The token has no azp .*authorizedParties \(http:\/\/localhost:3000\) require one/);
    assert.match(r.text, /authorizedParties: http:\/\/localhost:3000\n/);
    assert.match(r.text, /Carried in: Authorization header/);
    assert.match(r.text, /Request: GET http:\/\/localhost:3000\/api\/me/, 'the file variable {{host}} was substituted');
    assert.match(
      r.text,
      /! Version: @clerk\/backend 2\.9\.1 \(from package-lock\.json\), but the rules here were checked against @clerk\/backend 3\.25/,
    );
    // The cursor in the first block explains that request, not the one below.
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(5, 0, 5, 0);
    const first = await vscode.commands.executeCommand<RequestResult>('clerk.explainRequest');
    assert.match(first.text, /Request: GET http:\/\/localhost:3000\/health/);
    // A development instance without the dev browser cookie: decided before any token is looked at.
    assert.equal(first.reason, 'dev-browser-missing', first.text);
  });

  it('a decoded handshake: its Set-Cookie lines and what applying it would do', async () => {
    const jwt = await mint(server, activeSession().id);
    const iat = Number(claimsOf(jwt).iat);
    // A handshake signed by a key no connected instance has: decoded and shown, its signature not trusted.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'RS256', kid: 'ins_not_connected', typ: 'JWT' })}.${b64({
      iat,
      exp: iat + 600,
      handshake: [
        `__session=${jwt}; Path=/; SameSite=Lax`,
        `__client_uat=${iat}; Path=/; Max-Age=315360000; SameSite=Lax`,
        '__clerk_db_jwt=dvb_2devbrowser; Path=/; SameSite=Lax',
      ],
    })}`;
    const hs = `${input}.${nodeSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    const r = await explainSelection(handshakeRequest(hs));
    assert.match(r.text, /## Handshake/);
    assert.match(r.text, /__session: set: a token of \d+ characters/);
    assert.match(r.text, /__client_uat: set: \d+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) · Path=\//);
    assert.match(r.text, /Applying it signs the browser in/);
    assert.match(r.text, /__clerk_hs_reason: session-token-expired-refresh-non-eligible-no-refresh-cookie/);
    assert.notEqual(r.status, 'signed-in', 'a handshake signed by no connected instance is not trusted');
    assert.ok(!r.text.includes(jwt) && !r.text.includes(hs), 'neither token itself');
  });

  it('an M2M token: nothing sent until "Verify with Clerk", then one POST /m2m_tokens/verify and subject, scopes, expiry, revoked; an API key and OAuth access tokens', async () => {
    const mt = server.machineTokens.m2mTokens.valid;
    server.resetLog();
    const r = await explainSelection(m2mRequest(mt.secret));
    assert.match(r.text, /## Machine token/);
    assert.deepEqual(
      server.requests.map((e) => e.route),
      [],
      'nothing sent before the user asks',
    );
    // The link the report shows, run as a click runs it (the command and its JSON-encoded arguments from the href).
    const href = /href="command:(clerk\.verifyMachineToken)\?([^"]+)"/.exec(a.deps.reports.recent.at(-1)!.html);
    assert.ok(href, 'the report links "Verify with Clerk"');
    const args = JSON.parse(decodeURIComponent(href[2].replace(/&amp;/g, '&'))) as unknown[];
    const v = await vscode.commands.executeCommand<RequestResult>(href[1], ...args);
    assert.ok(v, prompts.messages().join(' | '));
    assert.equal(v.status, 'verified', v.text);
    assert.deepEqual(
      server.requests.map((e) => e.route),
      ['POST /v1/m2m_tokens/verify'],
    );
    assert.match(v.text, /## Verified with Clerk/);
    // Clerk's answer heads the report; the offline outcome for the acceptsToken assumed is named as such, beneath it.
    assert.match(v.text, /✓ Clerk: the machine token is valid\n {2}- With the options assumed here, authenticateRequest: /);
    assert.match(v.text, /Expires: (never|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\n/);
    assert.match(v.text, new RegExp(`Subject: ${mt.record.subject} \\(a machine\\)`));
    assert.match(v.text, /✓ Revoked: no/);
    assert.match(v.text, /Sent: POST \/m2m_tokens\/verify to /);
    assert.ok(!v.text.includes(mt.secret), 'never the token itself');
    // A revoked API key: refused, and why.
    const ak = server.machineTokens.apiKeys.revoked;
    await explainSelection(`GET http://localhost:3000/api/data\nAuthorization: Bearer ${ak.secret}\n`);
    const href2 = /href="command:(clerk\.verifyMachineToken)\?([^"]+)"/.exec(a.deps.reports.recent.at(-1)!.html)!;
    const w = await vscode.commands.executeCommand<RequestResult>(href2[1], ...(JSON.parse(decodeURIComponent(href2[2])) as unknown[]));
    assert.equal(w.status, 'refused', w.text);
    // Clerk answers 404 for an API key it no longer accepts (revoked): said in words.
    assert.match(w.text, /✗ Answer: 404: Clerk does not know this token on this instance, or no longer accepts it\./);
    // An OAuth access token (oat_): one POST /oauth_applications/access_tokens/verify, the OAuth client and scopes.
    const verifyLink = async (secret: string): Promise<RequestResult> => {
      server.resetLog();
      await explainSelection(`GET http://localhost:3000/api/profile\nAuthorization: Bearer ${secret}\n`);
      const l = /href="command:(clerk\.verifyMachineToken)\?([^"]+)"/.exec(a.deps.reports.recent.at(-1)!.html);
      assert.ok(l, 'the report links "Verify with Clerk"');
      const x = await vscode.commands.executeCommand<RequestResult>(
        l[1],
        ...(JSON.parse(decodeURIComponent(l[2].replace(/&amp;/g, '&'))) as unknown[]),
      );
      assert.ok(x, prompts.messages().join(' | '));
      assert.ok(!x.text.includes(secret), 'never the token itself');
      return x;
    };
    const oat = server.machineTokens.oauthTokens.valid;
    const o = await verifyLink(oat.secret);
    assert.equal(o.status, 'verified', o.text);
    assert.deepEqual(
      server.requests.map((e) => e.route),
      ['POST /v1/oauth_applications/access_tokens/verify'],
    );
    assert.match(o.text, new RegExp(`OAuth client: ${oat.record.client_id}`));
    assert.match(o.text, /Scopes: profile, email/);
    assert.match(o.text, /Sent: POST \/oauth_applications\/access_tokens\/verify to /);
    // An expired one: refused (Clerk answers 404 for an access token it no longer accepts).
    const gone = await verifyLink(server.machineTokens.oauthTokens.expired.secret);
    assert.equal(gone.status, 'refused', gone.text);
  });

  it("Clerk's clock from the Date header of an answer the extension already got: warned when it is off by more than the 5 s leeway", async () => {
    const jwt = await mint(server, activeSession().id);
    const iat = Number(claimsOf(jwt).iat);
    const text = `Cookie: __clerk_db_jwt=dvb_2devbrowser; __client_uat=${iat - 5}; __session=${jwt}`;
    try {
      // Clerk's clock 30 s behind this machine's; the tree reads users (an answer it needs anyway), then the request is explained.
      server.controls.clockSkew(-30_000);
      refresh(a);
      await userNodes(a);
      await whenIdle(a);
      await explainSelection(text); // the kid may be new: GET /jwks, also skewed
      server.resetLog();
      const r = await explainSelection(text);
      assert.deepEqual(
        server.requests.map((e) => e.route),
        [],
        'no request of its own for the clock',
      );
      assert.match(
        r.text,
        /! Clerk's clock: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(this machine is (29\.\d|30(\.\d)?|31(\.0)?) s ahead\)/,
        r.text,
      );
      assert.match(r.text, /This machine's clock differs from Clerk's by (29\.\d|3\d(\.\d)?) s, more than the 5 s leeway/);
      assert.match(
        r.text,
        /Clerk's clock from: the Date header of the answer to GET \/(users|jwks)[^,]*, \d+ s ago \(no request of its own\)/,
      );
      // Back in step: the next answer moves the clock back, and the warning goes.
      server.controls.clockSkew(0);
      refresh(a);
      await userNodes(a);
      await whenIdle(a);
      const ok = await explainSelection(text);
      assert.match(
        ok.text,
        /✓ Clerk's clock: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(this machine is (0(\.\d)?|1(\.0)?) s (ahead|behind)\)/,
        ok.text,
      );
      assert.doesNotMatch(ok.text, /differs from Clerk's/);
    } finally {
      server.controls.clockSkew(0);
    }
  });

  it('sends nothing for a request without machine tokens once the public keys are known (counted at the server)', async () => {
    const jwt = await mint(server, activeSession().id);
    const iat = Number(claimsOf(jwt).iat);
    const text = `Cookie: __clerk_db_jwt=dvb_2devbrowser; __client_uat=${iat - 5}; __session=${jwt}`;
    await explainSelection(text); // the first run may read the JWKS (the kid is new); it is remembered
    server.resetLog();
    const r = await explainSelection(text);
    assert.equal(r.status, 'signed-in', r.text);
    assert.match(r.text, /✓ Verdict: A backend using @clerk\/backend's verifyToken would accept this token/);
    assert.deepEqual(
      server.requests.map((e) => e.route),
      [],
      'no request reached the server',
    );
  });
});
