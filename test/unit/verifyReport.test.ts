// The Verify Token Against Session report (src/reports/verifyReport.ts) as a person reads it. Tokens are signed with
// jose by a key made here, or minted by the local Clerk-compatible server (test/server) together with the session and
// user it answers over HTTP; the verdict comes from the real engine (src/tokens/verdict.ts), the sid/sub match from
// src/tokens/match.ts, the live facts and the deprecated endpoint's answer are read as src/commands/verify.ts reads them.
// Whole sentences, their order, the sections and the marks are asserted: ✓ only for a token the verdict accepts, that
// belongs to the session, whose session Clerk says is active. The token itself never appears in the report.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import { ClerkClient, clearJwksCache } from '../../src/clerk/client';
import { apiError } from '../../src/clerk/errors';
import { verifyOverall, verifyReport, type EndpointAnswer, type LiveFacts, type VerifyFacts } from '../../src/reports/verifyReport';
import { renderHtml, renderText, type Report } from '../../src/reports/report';
import { decodeToken } from '../../src/tokens/decode';
import { sessionMatch } from '../../src/tokens/match';
import { verdict, type JwksLike } from '../../src/tokens/verdict';
import { tokenRelative } from '../../src/tokens/words';
import { deviceLabel, localTime, userLabel } from '../../src/util/format';
import { errorMessage } from '../../src/util/errors';
import { startClerkServer, type ClerkServer } from '../server/server';

const NOW = Date.UTC(2026, 10, 27, 12);
const T = NOW / 1000;
const at = (seconds: number): string => localTime(seconds * 1000);
const ISS = 'https://clean-cat-12.clerk.accounts.dev';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const OTHER = generateKeyPairSync('rsa', { modulusLength: 2048 });
let JWKS: JwksLike;
const mint = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = KEY.privateKey): Promise<string> =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'ins_k1', typ: 'JWT', ...header }).sign(key);

const SESSION = { id: 'sess_2abc', user_id: 'user_2abc' };
const CLAIMS = {
  azp: 'https://app.example.test',
  exp: T + 60,
  iat: T - 5,
  nbf: T - 10,
  iss: ISS,
  sid: 'sess_2abc',
  sub: 'user_2abc',
  v: 2,
};
/** GET /sessions/{id} of an active session, as the command turns it into live facts. */
const ACTIVE: LiveFacts = { status: 'active', lastActiveAt: NOW - 120_000, expireAt: NOW + 7 * 86_400_000 };
const VERIFIED: EndpointAnswer = { kind: 'verified', status: 'active' };
const GONE = 'Clerk removed this endpoint in API version 2025-04-10; the offline check above is the supported way.';
const NOT_ASKED = "Not asked: the token's signature does not match a key of this instance, so nothing about it was sent to Clerk.";
const VALID =
  "This token is valid for this session: a backend using @clerk/backend's verifyToken would accept it now, and the session is active.";

type Extra = Partial<Omit<VerifyFacts, 'verdict' | 'match'>>;
async function checked(token: string, extra: Extra = {}, jwks: JwksLike | null = JWKS, session = SESSION): Promise<Report> {
  const d = decodeToken(token);
  const v = await verdict(d, jwks, { now: NOW });
  return verifyReport({
    sessionId: session.id,
    userId: session.user_id,
    user: 'ada@example.test',
    device: 'Chrome 126 on macOS',
    checkedAt: NOW,
    verdict: v,
    match: d.ok ? sessionMatch(d, session) : [],
    ...extra,
  });
}
function section(text: string, heading: string): string[] {
  const i = text.indexOf(`\n## ${heading}\n`);
  assert.ok(i >= 0, `no section ${heading}:\n${text}`);
  const rest = text.slice(i + heading.length + 5);
  const end = rest.indexOf('\n\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).replace(/\n$/, '').split('\n');
}
const TOKEN_HEADING = "The token, as @clerk/backend's verifyToken checks it against the instance's JWKS";
const LIVE_HEADING = 'The session now, from Clerk';
const ENDPOINT_HEADING = "Clerk's deprecated verify endpoint (POST /sessions/{id}/verify)";

describe('Verify report', function () {
  this.timeout(30_000);
  before(async () => {
    JWKS = { keys: [{ ...(await exportJWK(KEY.publicKey)), kid: 'ins_k1', alg: 'RS256', use: 'sig' }] };
  });

  it('a token of this session, accepted, the session active: the whole report with ✓, never the token', async () => {
    const token = await mint(CLAIMS);
    const r = await checked(token, { live: ACTIVE, endpoint: VERIFIED });
    const text = renderText(r);
    assert.equal(
      text,
      [
        'Token check: ada@example.test · Chrome 126 on macOS',
        'Clerk session token (version 2) · session sess_2abc · times are local (UTC on hover)',
        '',
        `✓ ${VALID}`,
        '',
        '## Session',
        'Session: sess_2abc',
        'User: ada@example.test (user_2abc)',
        'Device: Chrome 126 on macOS',
        `Checked: ${localTime(NOW)}`,
        '',
        `## ${TOKEN_HEADING}`,
        '✓ Verdict: accepted',
        '✓ Signature: matches key ins_k1 (RS256).',
        '✓ sid: The token names session sess_2abc.',
        '✓ sub: The token names user user_2abc.',
        '',
        '## Claims',
        `iat: ${at(T - 5)} (5 s ago)`,
        `nbf: ${at(T - 10)} (10 s ago)`,
        `exp: ${at(T + 60)} (in 60 s)`,
        JSON.stringify(CLAIMS, null, 2),
        '',
        `## ${LIVE_HEADING}`,
        '✓ Status: active',
        `Last active: ${localTime(NOW - 120_000)} (2 min ago)`,
        `Expires: ${localTime(NOW + 7 * 86_400_000)} (in 7 days)`,
        '',
        `## ${ENDPOINT_HEADING}`,
        '✓ Answer: Clerk verified the token against this session (status active).',
        '',
      ].join('\n'),
    );
    assert.deepEqual(r.verdict, { ok: true, unknown: false, text: VALID, reasons: [] });
    // UTC on hover: the checked time, the claim times and the live times carry their UTC in a tooltip.
    const html = renderHtml(r, { nonce: 'n', allowedCommands: [] });
    for (const ms of [NOW, (T - 5) * 1000, (T + 60) * 1000, NOW - 120_000, NOW + 7 * 86_400_000])
      assert.ok(html.includes(`title="${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC"`), String(ms));
    assert.ok(html.includes('<td class="mono">sess_2abc</td>'), 'the session id in a monospace font');
    for (const out of [text, html]) assert.ok(!out.includes(token) && !out.includes(token.split('.')[2]), 'the token is not shown');
  });

  it('✓ needs all three: accepted, of this session, the session active', async () => {
    const token = await mint(CLAIMS);
    const d = decodeToken(token);
    assert.ok(d.ok);
    const v = await verdict(d, JWKS, { now: NOW });
    const base: VerifyFacts = {
      sessionId: 'sess_2abc',
      userId: 'user_2abc',
      device: 'd',
      checkedAt: NOW,
      verdict: v,
      match: sessionMatch(d, SESSION),
      live: ACTIVE,
    };
    assert.equal(verifyOverall(base), true);
    assert.equal(verifyOverall({ ...base, live: { ...ACTIVE, status: 'revoked' } }), false);
    assert.equal(verifyOverall({ ...base, live: undefined }), false);
    assert.equal(verifyOverall({ ...base, match: sessionMatch(d, { ...SESSION, id: 'sess_other' }) }), false);
    assert.equal(verifyOverall({ ...base, match: sessionMatch(d, { ...SESSION, user_id: 'user_other' }) }), false);
    assert.equal(verifyOverall({ ...base, verdict: await verdict(d, null, { now: NOW }) }), false);
    assert.equal(verifyOverall({ ...base, verdict: await verdict(d, JWKS, { now: NOW + 3_600_000 }) }), false);
  });

  it('an accepted token of another session: refused for this session, the sid the reason, its row ✗ and the sub row ✓', async () => {
    const r = await checked(await mint({ ...CLAIMS, sid: 'sess_other' }), { live: ACTIVE, endpoint: VERIFIED });
    const text = renderText(r);
    assert.deepEqual(r.verdict, {
      ok: false,
      unknown: false,
      text: 'This token would be refused for this session.',
      reasons: ['sid: The token names session "sess_other", not sess_2abc.'],
    });
    assert.deepEqual(section(text, TOKEN_HEADING), [
      '✓ Verdict: accepted',
      '✓ Signature: matches key ins_k1 (RS256).',
      '✗ sid: The token names session "sess_other", not sess_2abc.',
      '✓ sub: The token names user user_2abc.',
    ]);
  });

  it('an accepted token whose session is no longer active: refused, with why, and the Status row ✗', async () => {
    const revoked: LiveFacts = { status: 'revoked', lastActiveAt: NOW - 3_600_000, expireAt: NOW + 86_400_000 };
    const r = await checked(await mint(CLAIMS), { live: revoked, endpoint: VERIFIED });
    const text = renderText(r);
    assert.equal(r.verdict?.text, 'This token would be refused for this session.');
    assert.deepEqual(r.verdict?.reasons, ["The session is revoked: Clerk's middleware refuses tokens of a session that is not active."]);
    assert.deepEqual(section(text, LIVE_HEADING), [
      "✗ Status: revoked: a token of a session that is not active is refused by Clerk's middleware",
      `Last active: ${localTime(NOW - 3_600_000)} (60 min ago)`,
      `Expires: ${localTime(NOW + 86_400_000)} (in 24 h)`,
    ]);
  });

  it('the session could not be read: the reason says so, the Status row !; unknown times are said to be unknown', async () => {
    const token = await mint(CLAIMS);
    const r = await checked(token, { live: { error: 'Clerk answered 503 Service Unavailable' }, endpoint: VERIFIED });
    assert.deepEqual(r.verdict?.reasons, ["The session's live status could not be read: Clerk answered 503 Service Unavailable"]);
    assert.deepEqual(section(renderText(r), LIVE_HEADING), [
      '! Status: Could not read the session: Clerk answered 503 Service Unavailable',
    ]);
    const none = await checked(token, { live: {} });
    assert.deepEqual(none.verdict?.reasons, []);
    assert.equal(none.verdict?.text, 'This token would be refused for this session.');
    assert.deepEqual(section(renderText(none), LIVE_HEADING), ['! Status: Could not read the session: unknown error']);
    const noTimes = await checked(token, { live: { status: 'active' } });
    assert.deepEqual(section(renderText(noTimes), LIVE_HEADING), [
      '✓ Status: active',
      'Last active: unknown time (unknown time)',
      'Expires: unknown time (unknown time)',
    ]);
  });

  it('a refused token (expired): "would be refused", every reason, no ✓ even where the sid and sub match', async () => {
    const token = await mint({ ...CLAIMS, iat: T - 3600, nbf: T - 3600, exp: T - 60 });
    const r = await checked(token, { live: ACTIVE, endpoint: VERIFIED });
    const text = renderText(r);
    assert.ok(!text.includes('✓'), text);
    const expired = `Expired ${at(T - 60)} (60 s ago); a backend allows 5000 ms of clock skew.`;
    assert.deepEqual(r.verdict, { ok: false, unknown: false, text: 'This token would be refused.', reasons: [expired] });
    assert.deepEqual(section(text, TOKEN_HEADING), [
      '✗ Verdict: rejected',
      '· Signature: matches key ins_k1 (RS256).',
      `✗ expired: ${expired}`,
      '· sid: The token names session sess_2abc.',
      '· sub: The token names user user_2abc.',
    ]);
    assert.equal(section(text, LIVE_HEADING)[0], '· Status: active');
    assert.deepEqual(section(text, ENDPOINT_HEADING), ['· Answer: Clerk verified the token against this session (status active).']);
  });

  it('a forgery: every reason (the signature, then the sid and sub of another session), nothing asked of Clerk', async () => {
    const token = await mint({ ...CLAIMS, sid: 'sess_x', sub: 'user_x' }, {}, OTHER.privateKey);
    const r = await checked(token);
    const text = renderText(r);
    const sig = 'The signature does not match key ins_k1: the token was altered or signed by another key.';
    assert.equal(
      r.subtitle,
      'Claims to be a Clerk session token (version 2), not signed by Clerk · session sess_2abc · times are local (UTC on hover)',
    );
    assert.deepEqual(r.verdict?.reasons, [
      sig,
      'sid: The token names session "sess_x", not sess_2abc.',
      'sub: The token names user "user_x", not user_2abc.',
    ]);
    assert.deepEqual(section(text, TOKEN_HEADING), [
      '✗ Verdict: rejected',
      `✗ Signature: INVALID: not signed by Clerk. ${sig}`,
      `✗ signature: ${sig}`,
      '✗ sid: The token names session "sess_x", not sess_2abc.',
      '✗ sub: The token names user "user_x", not user_2abc.',
    ]);
    // Said once: the endpoint was not asked either, and no empty heading is left for it.
    assert.deepEqual(section(text, LIVE_HEADING), [NOT_ASKED]);
    assert.ok(!text.includes(ENDPOINT_HEADING), text);
    assert.equal(text.split(NOT_ASKED).length, 2, text);
  });

  it('no JWKS: "cannot tell" (?), the signature and verdict rows !, the reason why first', async () => {
    const r = await checked(await mint(CLAIMS), {}, null);
    const text = renderText(r);
    assert.deepEqual(r.verdict, {
      ok: false,
      unknown: true,
      text: 'Cannot tell whether this token would be accepted.',
      reasons: ['Cannot tell: No JWKS was given, so the signature was not checked.'],
    });
    assert.equal(text.split('\n')[3], '? Cannot tell whether this token would be accepted.');
    assert.equal(
      r.subtitle,
      'Clerk session token (version 2), signature not checked (no key of a connected instance) · session sess_2abc · times are local (UTC on hover)',
    );
    assert.deepEqual(section(text, TOKEN_HEADING), [
      '! Verdict: cannot tell',
      '! Signature: not checked: no key of a connected instance is known. Not checked: no JWKS was given.',
      '· sid: The token names session sess_2abc.',
      '· sub: The token names user user_2abc.',
    ]);
  });

  it('an unsigned template token: the signature ✗, the sid not carried, the notes under the token, the title what it claims', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISS, sub: 'user_2abc', iat: T - 5, exp: T + 60, aud: 'x' })}.`;
    const r = await checked(token, { notes: ['The azp note, in words.'] });
    const text = renderText(r);
    assert.equal(
      r.subtitle,
      'Claims to be a JWT template token, unsigned: not signed by Clerk · session sess_2abc · times are local (UTC on hover)',
    );
    assert.deepEqual(section(text, TOKEN_HEADING), [
      'A template token carries no sid: that is expected, not a failure.',
      'The azp note, in words.',
      '✗ Verdict: rejected',
      '✗ Signature: none (alg none): not signed by Clerk. Unsigned (alg none): not signed by Clerk.',
      '✗ kid-missing: The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.',
      "✗ alg: The token is unsigned (alg 'none'); @clerk/backend accepts RS256, RS384 and RS512 only.",
      '· sid: Not carried by template tokens (the user is checked by sub instead).',
      '· sub: The token names user user_2abc.',
    ]);
    assert.deepEqual(section(text, 'Claims').slice(0, 2), [`iat: ${at(T - 5)} (5 s ago)`, `exp: ${at(T + 60)} (in 60 s)`]);
  });

  it('a token that does not decode: "Not a readable JWT", no Claims section, the user named by id when no label is known', async () => {
    const r = await checked('not.a.jwt', { user: undefined });
    const text = renderText(r);
    assert.equal(r.title, 'Token check: user_2abc · Chrome 126 on macOS');
    assert.equal(r.subtitle, 'Not a readable JWT · session sess_2abc · times are local (UTC on hover)');
    assert.deepEqual(section(text, 'Session').slice(0, 2), ['Session: sess_2abc', 'User: user_2abc']);
    assert.ok(!text.includes('## Claims'), text);
    assert.equal(r.verdict?.text, 'This token would be refused.');
  });

  it("the deprecated endpoint's answers: gone (now or earlier, with or without a code), refused, unreachable", async () => {
    const token = await mint(CLAIMS);
    const answer = async (endpoint: EndpointAnswer) =>
      section(renderText(await checked(token, { live: ACTIVE, endpoint })), ENDPOINT_HEADING);
    assert.deepEqual(await answer({ kind: 'gone', httpStatus: 410, code: 'endpoint_deprecated', earlier: false }), [
      `· Answer: Not available on this instance (410 endpoint_deprecated). ${GONE}`,
    ]);
    assert.deepEqual(await answer({ kind: 'gone', httpStatus: 404, earlier: false }), [
      `· Answer: Not available on this instance (404). ${GONE}`,
    ]);
    assert.deepEqual(await answer({ kind: 'gone', httpStatus: 410, earlier: true }), [
      `· Answer: Not available on this instance (it answered 410 earlier; refresh the instance to ask again). ${GONE}`,
    ]);
    assert.deepEqual(await answer({ kind: 'refused', message: 'Token is expired' }), [
      '✗ Answer: Clerk refused the token: Token is expired',
    ]);
    assert.deepEqual(await answer({ kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:9' }), [
      '! Answer: Could not ask: connect ECONNREFUSED 127.0.0.1:9',
    ]);
  });

  it('hostile names and claims stay inert in the HTML', async () => {
    const evil = '[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
    const token = await mint({ ...CLAIMS, sid: `sess_<b>`, name: evil });
    const r = await checked(token, {
      user: evil,
      device: `<script>alert(1)</script>`,
      live: { error: evil },
      endpoint: { kind: 'refused', message: evil },
    });
    const html = renderHtml(r, { nonce: 'n', allowedCommands: [] });
    assert.doesNotMatch(html, /<img|<script|<b>/);
    assert.ok(
      html.includes(
        '<h1>Token check: [x](command:workbench.action.terminal.new) &lt;img src=x onerror=alert(1)&gt; · &lt;script&gt;alert(1)&lt;/script&gt;</h1>',
      ),
      html,
    );
    assert.ok(
      html.includes('Clerk refused the token: [x](command:workbench.action.terminal.new) &lt;img src=x onerror=alert(1)&gt;'),
      html,
    );
    assert.ok(html.includes('The token names session &quot;sess_&lt;b&gt;&quot;, not sess_2abc.'), html);
  });

  describe('with the local Clerk server', () => {
    let server: ClerkServer;
    before(async () => {
      server = await startClerkServer({ seed: 7, users: 8 });
      clearJwksCache();
    });
    after(() => server.stop());

    it('a token the server minted for an active session, the session and user it answers: ✓, then the endpoint gone', async () => {
      const client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url });
      const listed = server.data.sessions.find((s) => s.status === 'active')!;
      const token = (await client.createSessionToken(listed.id)).jwt;
      const d = decodeToken(token);
      assert.ok(d.ok);
      const jwks = await client.getJwks();
      const session = await client.getSession(listed.id);
      const user = await client.getUser(session.user_id);
      const checkedAt = Date.now();
      const endpointOf = async (): Promise<EndpointAnswer> => {
        try {
          return { kind: 'verified', status: (await client.verifySession(session.id, token)).status };
        } catch (e) {
          const api = apiError(e);
          if (api && api.status === 410) return { kind: 'gone', httpStatus: api.status, code: api.errors[0]?.code, earlier: false };
          return { kind: 'refused', message: errorMessage(e) };
        }
      };
      const facts = async (): Promise<VerifyFacts> => ({
        sessionId: session.id,
        userId: session.user_id,
        user: userLabel(user),
        device: deviceLabel(session),
        checkedAt,
        verdict: await verdict(d, jwks, { now: checkedAt }),
        match: sessionMatch(d, session),
        live: { status: session.status, lastActiveAt: session.last_active_at, expireAt: session.expire_at },
        endpoint: await endpointOf(),
      });
      const r = verifyReport(await facts());
      const text = renderText(r);
      assert.equal(r.verdict?.ok, true, text);
      assert.equal(r.title, `Token check: ${userLabel(user)} · ${deviceLabel(session)}`);
      // Minted through the Backend API: no azp, which only a backend that sets authorizedParties minds.
      assert.deepEqual(section(text, TOKEN_HEADING), [
        'No azp: minted without a browser Origin (e.g. through the Backend API). A backend that sets authorizedParties would reject it.',
        '✓ Verdict: accepted',
        `✓ Signature: matches key ${String(d.header.kid)} (RS256).`,
        `✓ sid: The token names session ${session.id}.`,
        `✓ sub: The token names user ${session.user_id}.`,
      ]);
      assert.deepEqual(section(text, LIVE_HEADING), [
        '✓ Status: active',
        `Last active: ${localTime(session.last_active_at)} (${tokenRelative(session.last_active_at, checkedAt)})`,
        `Expires: ${localTime(session.expire_at)} (${tokenRelative(session.expire_at, checkedAt)})`,
      ]);
      assert.deepEqual(section(text, ENDPOINT_HEADING), ['✓ Answer: Clerk verified the token against this session (status active).']);
      assert.ok(!text.includes(token), 'the token is not shown');

      server.controls.verifyEndpoint('gone');
      const gone = renderText(verifyReport(await facts()));
      assert.deepEqual(section(gone, ENDPOINT_HEADING), [`· Answer: Not available on this instance (410 endpoint_deprecated). ${GONE}`]);
    });
  });
});
