// The Explain Token report (src/reports/explainReport.ts) as a person reads it: tokens signed with jose by keys made
// here, the verdict from the real engine (src/tokens/verdict.ts) against a JWKS made here, the explanation from
// src/tokens/explain.ts, and the facts the command gathers (the issuer sentence, what Clerk says now) built as
// src/commands/explain.ts builds them. The rendered text is asserted whole: sentences, their order, sections and marks
// (✓ only on a token the verdict accepts). Hostile claims and names come out escaped in the HTML; the token never
// appears in the report (only its decoded claims do).
import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import { explainReport, undecodableReport, type ExplainFacts, type LiveTokenFacts } from '../../src/reports/explainReport';
import { renderHtml, renderText, type Report } from '../../src/reports/report';
import { decodeToken } from '../../src/tokens/decode';
import { explainToken, type Explanation } from '../../src/tokens/explain';
import { verdict, type JwksLike } from '../../src/tokens/verdict';
import { fullName, localTime, primaryEmail } from '../../src/util/format';

const NOW = Date.UTC(2026, 10, 27, 12);
const T = NOW / 1000;
/** A time claim as the report shows it: the local clock to the second. */
const at = (seconds: number): string => localTime(seconds * 1000);
const ISS = 'https://clean-cat-12.clerk.accounts.dev';
const AZP = 'https://app.example.test';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const OTHER = generateKeyPairSync('rsa', { modulusLength: 2048 });
let JWKS: JwksLike;

const mint = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = KEY.privateKey): Promise<string> =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'ins_k1', typ: 'JWT', ...header }).sign(key);
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A v2 session token as Clerk mints it (one minute of life), with an organization and its feature → permissions map. */
const SESSION = {
  azp: AZP,
  exp: T + 60,
  iat: T - 5,
  nbf: T - 10,
  iss: ISS,
  jti: 'jti_1',
  sid: 'sess_2abc',
  sub: 'user_2abc',
  v: 2,
  fea: 'o:dashboard,o:teams',
  o: { id: 'org_2abc', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
};
/** What the server answers for GET /users/{id} (the fields the command reads: names and email addresses). */
const ADA = {
  id: 'user_2abc',
  first_name: 'Ada',
  last_name: 'Lovelace',
  primary_email_address_id: 'idn_1',
  email_addresses: [{ id: 'idn_1', email_address: 'ada@example.test' }],
};
const liveUser = (u: typeof ADA): NonNullable<LiveTokenFacts['user']> => ({ id: u.id, name: fullName(u), email: primaryEmail(u) });
/** The issuer sentence of a token signed by the instance's key, as the command words it. */
const ISSUER = { instance: 'ins_dev', text: 'Development (sk_test_…0000): its JWKS holds kid ins_k1, and the signature matches that key.' };
const NOT_OURS = { text: "Not signed by a key of your instances (a rotated key is possible). Nothing was fetched from the token's iss." };
const ACTIONS = [
  { title: 'Show Session', command: 'clerk.showSession', args: [{ instanceId: 'ins_dev', userId: 'user_2abc', sessionId: 'sess_2abc' }] },
  { title: 'Copy Claims', command: 'clerk.copyClaims', args: ['1'] },
];

async function explained(
  token: string,
  facts: Partial<Omit<ExplainFacts, 'explanation' | 'verdict'>> = {},
  jwks: JwksLike | null = JWKS,
): Promise<Report> {
  const d = decodeToken(token);
  assert.ok(d.ok, d.ok ? '' : d.sentence);
  const v = await verdict(d, jwks, { now: NOW });
  const e = explainToken(d, { now: NOW }) as Explanation;
  return explainReport({ explanation: e, verdict: v, issuer: NOT_OURS, actions: [], ...facts });
}
/** The lines of one section of the rendered text, its heading left out. */
function section(text: string, heading: string): string[] {
  const i = text.indexOf(`\n## ${heading}\n`);
  assert.ok(i >= 0, `no section ${heading}:\n${text}`);
  const rest = text.slice(i + heading.length + 5);
  const end = rest.indexOf('\n\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).replace(/\n$/, '').split('\n');
}
const headings = (text: string): string[] => [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1]);

describe('Explain Token report', function () {
  this.timeout(30_000);
  before(async () => {
    JWKS = { keys: [{ ...(await exportJWK(KEY.publicKey)), kid: 'ins_k1', alg: 'RS256', use: 'sig' }] };
  });

  it('an accepted session token: the whole report, ✓ where it is earned, who it is for, live facts, never the token', async () => {
    const token = await mint({ ...SESSION, act: { sub: 'user_admin', iss: 'https://dashboard.clerk.com', sid: 'sess_admin' } });
    const r = await explained(token, {
      issuer: ISSUER,
      live: { session: { id: 'sess_2abc', status: 'active' }, user: liveUser(ADA) },
      actions: ACTIONS,
    });
    const text = renderText(r);
    const claims = { ...SESSION, act: { sub: 'user_admin', iss: 'https://dashboard.clerk.com', sid: 'sess_admin' } };
    const block = JSON.stringify(
      {
        header: { alg: 'RS256', kid: 'ins_k1', typ: 'JWT' },
        claims: Object.fromEntries(
          ['iss', 'sub', 'sid', 'azp', 'iat', 'nbf', 'exp', 'jti', 'v', 'fea', 'o', 'act'].map((k) => [
            k,
            claims[k as keyof typeof claims],
          ]),
        ),
      },
      null,
      2,
    );
    const impersonation =
      'Impersonation: user user_admin is acting as user user_2abc through the Clerk Dashboard, from their session sess_admin.';
    const org = 'Active organization org_2abc (slug acme), role admin; permissions by feature: dashboard → manage, read; teams → read.';
    assert.equal(
      text,
      [
        'Token: Clerk session token (version 2), for ada@example.test',
        'Session sess_2abc',
        '',
        '✓ A backend using @clerk/backend would accept this token now.',
        '',
        '## Issued by',
        '✓ Instance: Development (sk_test_…0000): its JWKS holds kid ins_k1, and the signature matches that key.',
        '✓ Signature: matches key ins_k1 (RS256).',
        `iss: ${ISS}`,
        'Algorithm: RS256 · kid ins_k1',
        '',
        '## Organization',
        org,
        'Organization: acme · org_2abc',
        'Role: org:admin',
        'Permissions: manage, read',
        'Feature dashboard: org:dashboard:manage, org:dashboard:read',
        'Feature teams: org:teams:read',
        '',
        '## Times',
        `iat: ${at(T - 5)} (5 s ago)`,
        `nbf: ${at(T - 10)} (10 s ago)`,
        `✓ exp: ${at(T + 60)} (in 60 s)`,
        'Lifetime: 65 s',
        '',
        '## Claims',
        `iss: Issued by ${ISS}: a development instance's Frontend API.`,
        'sub: The user: user_2abc.',
        'sid: The session: sess_2abc.',
        `azp: Made for a browser page at ${AZP} (the Origin of the request that minted it).`,
        `iat: Issued ${at(T - 5)} (5 s ago).`,
        `nbf: Valid from ${at(T - 10)} (10 s ago). (5 s before iat: the allowed clock skew.)`,
        `exp: Expires ${at(T + 60)} (in 60 s). Lifetime 65 s.`,
        'jti: Token id "jti_1".',
        'v: Session token claims version 2.',
        'fea: Enabled features: dashboard (organization), teams (organization).',
        `o: ${org}`,
        `act: ${impersonation}`,
        '',
        '## Impersonation',
        impersonation,
        '',
        '## Now, from Clerk',
        '✓ Session: sess_2abc: active',
        'User: Ada Lovelace · ada@example.test · user_2abc',
        '',
        '## Decoded header and claims',
        block,
        '',
      ].join('\n'),
    );
    assert.deepEqual(r.verdict, {
      ok: true,
      unknown: false,
      text: 'A backend using @clerk/backend would accept this token now.',
      reasons: [],
    });
    assert.deepEqual(r.actions, ACTIONS);
    // The claims are shown; the token and its signature are not.
    const html = renderHtml(r, { nonce: 'n', allowedCommands: ['clerk.showSession', 'clerk.copyClaims'] });
    for (const out of [text, html]) {
      assert.ok(!out.includes(token), 'the token');
      assert.ok(!out.includes(token.split('.')[2]), 'its signature');
    }
  });

  it('who it is for: the email, else the name, else the sub (also when the user could not be read)', async () => {
    const token = await mint(SESSION);
    const title = async (user: LiveTokenFacts['user']) => (await explained(token, { issuer: ISSUER, live: { user } })).title;
    assert.equal(await title(liveUser(ADA)), 'Token: Clerk session token (version 2), for ada@example.test');
    assert.equal(await title(liveUser({ ...ADA, email_addresses: [] })), 'Token: Clerk session token (version 2), for Ada Lovelace');
    assert.equal(await title({ id: 'user_2abc', error: 'Not found' }), 'Token: Clerk session token (version 2), for user_2abc');
    assert.equal(await title(undefined), 'Token: Clerk session token (version 2), for user_2abc');
    // No sub: the title is what the token is, for nobody.
    const noSub = { ...SESSION, sub: undefined };
    assert.equal((await explained(await mint(noSub), { issuer: ISSUER })).title, 'Token: Clerk session token (version 2)');
  });

  it('what Clerk says now: a session that is not active, pending, unreadable; a user unreadable or without names', async () => {
    const token = await mint(SESSION);
    const now = async (live: LiveTokenFacts) => section(renderText(await explained(token, { issuer: ISSUER, live })), 'Now, from Clerk');
    assert.deepEqual(await now({ session: { id: 'sess_2abc', status: 'revoked' }, user: { id: 'user_2abc' } }), [
      '✗ Session: sess_2abc: revoked (not active: Clerk refuses its tokens)',
      'User: user_2abc',
    ]);
    assert.deepEqual(await now({ session: { id: 'sess_2abc', status: 'pending' } }), [
      "✗ Session: sess_2abc: pending (Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false)",
    ]);
    assert.deepEqual(
      await now({ session: { id: 'sess_2abc', error: 'Clerk answered 500' }, user: { id: 'user_2abc', error: 'Not found' } }),
      ['! Session: sess_2abc: could not be read: Clerk answered 500', '! User: user_2abc: could not be read: Not found'],
    );
    assert.deepEqual(await now({ session: { id: 'sess_2abc' } }), ['! Session: sess_2abc: could not be read: unknown error']);
    // Asked, with nothing to ask about (the command asks only for a sid or a sub the token has).
    assert.deepEqual(await now({}), ['Nothing to ask: the token names no session or user.']);
  });

  it('a token the verdict refuses: no ✓ anywhere, the reason under the ✗, the expired exp marked', async () => {
    const token = await mint({ ...SESSION, iat: T - 3600, nbf: T - 3600, exp: T - 60 });
    const r = await explained(token, { issuer: ISSUER, live: { session: { id: 'sess_2abc', status: 'active' } } });
    const text = renderText(r);
    assert.ok(!text.includes('✓'), text);
    const expired = `Expired ${at(T - 60)} (60 s ago); a backend allows 5000 ms of clock skew.`;
    assert.deepEqual(r.verdict, {
      ok: false,
      unknown: false,
      text: 'A backend using @clerk/backend would refuse this token now.',
      reasons: [expired],
    });
    assert.deepEqual(text.split('\n').slice(0, 5), [
      'Token: Clerk session token (version 2), for user_2abc',
      'Session sess_2abc',
      '',
      '✗ A backend using @clerk/backend would refuse this token now.',
      `  - ${expired}`,
    ]);
    // Attributed (the signature matches), but only an accepted token earns ✓: the good marks are plain dots.
    assert.deepEqual(section(text, 'Issued by').slice(0, 2), [`· Instance: ${ISSUER.text}`, '· Signature: matches key ins_k1 (RS256).']);
    assert.deepEqual(section(text, 'Times'), [
      `iat: ${at(T - 3600)} (60 min ago)`,
      `nbf: ${at(T - 3600)} (60 min ago)`,
      `✗ exp: ${at(T - 60)} (60 s ago)`,
      'Lifetime: 3540 s',
    ]);
    assert.ok(section(text, 'Claims').includes(`! exp: Expired ${at(T - 60)} (60 s ago). Lifetime 3540 s.`), text);
    assert.deepEqual(section(text, 'Now, from Clerk'), ['· Session: sess_2abc: active']);
  });

  it('a forgery (another key under the instance kid): ✗ instance and signature, the sid only "as the token claims", nothing asked', async () => {
    const token = await mint(SESSION, {}, OTHER.privateKey);
    const r = await explained(token, { actions: [ACTIONS[1]] });
    const text = renderText(r);
    assert.ok(!text.includes('✓'), text);
    assert.equal(r.title, 'Token: Claims to be a Clerk session token (version 2), not signed by Clerk, for user_2abc');
    assert.equal(r.subtitle, 'Session sess_2abc (as the token claims)');
    assert.deepEqual(r.verdict?.reasons, ['The signature does not match key ins_k1: the token was altered or signed by another key.']);
    assert.deepEqual(section(text, 'Issued by'), [
      `✗ Instance: ${NOT_OURS.text}`,
      '✗ Signature: INVALID: not signed by Clerk. The signature does not match key ins_k1: the token was altered or signed by another key.',
      `iss: ${ISS}`,
      'Algorithm: RS256 · kid ins_k1',
    ]);
    assert.deepEqual(section(text, 'Now, from Clerk'), [
      'Not asked: the token is not signed by a key of your instances, so nothing about it was sent to Clerk.',
    ]);
  });

  it('no JWKS to check it against: "cannot tell" (?), the instance and signature marked !, the notes of the verdict first', async () => {
    const token = await mint({ ...SESSION, azp: undefined, o: undefined, fea: undefined }, { kid: undefined });
    const r = await explained(
      token,
      { issuer: { text: "No connected instance: the signature cannot be checked. Nothing was fetched from the token's iss." } },
      null,
    );
    const text = renderText(r);
    assert.equal(r.title, 'Token: Clerk session token (version 2), signature not checked (no key of a connected instance), for user_2abc');
    assert.equal(r.subtitle, 'Session sess_2abc (as the token claims)');
    assert.deepEqual(r.verdict, {
      ok: false,
      unknown: true,
      text: 'Cannot tell whether a backend would accept this token: No JWKS was given, so the signature was not checked.',
      reasons: [],
    });
    assert.equal(
      text.split('\n')[3],
      '? Cannot tell whether a backend would accept this token: No JWKS was given, so the signature was not checked.',
    );
    assert.deepEqual(section(text, 'Issued by'), [
      "! Instance: No connected instance: the signature cannot be checked. Nothing was fetched from the token's iss.",
      '! Signature: not checked: no key of a connected instance is known. Not checked: no JWKS was given.',
      `iss: ${ISS}`,
      'Algorithm: RS256 · no kid',
    ]);
    assert.deepEqual(headings(text), ['Issued by', 'Times', 'Claims', 'Now, from Clerk', 'Decoded header and claims']);
  });

  it("a template's own key (HS256): cannot tell who signed it, marked !; its notes said once each", async () => {
    const secret = 'a-template-secret-made-by-the-test';
    const token = await new SignJWT({ iss: ISS, sub: 'user_2abc', iat: T - 5, exp: T + 60, aud: 'authenticated', role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));
    const r = await explained(token, {
      issuer: { text: "Signed with a key of its own (a template's custom signing key), not by a key of your instances." },
    });
    const text = renderText(r);
    assert.equal(r.title, 'Token: JWT signed with a key of its own (a custom signing key), not by Clerk, for user_2abc');
    assert.equal(r.subtitle, undefined, 'a template token names no session');
    assert.equal(r.verdict?.ok, false);
    assert.deepEqual(section(text, 'Issued by'), [
      'A template token carries no sid: that is expected, not a failure.',
      "! Instance: Signed with a key of its own (a template's custom signing key), not by a key of your instances.",
      `! Signature: cannot tell: signed with a key of its own (a template's custom signing key). Cannot tell: signed with "HS256" by a key of its own, which Clerk's JWKS does not hold.`,
      `iss: ${ISS}`,
      'Algorithm: HS256 · no kid',
    ]);
    assert.deepEqual(section(text, 'Claims').slice(-2), [
      'aud: The template\'s claim "aud" = "authenticated".',
      'role: The template\'s claim "role" = "authenticated".',
    ]);
    // Said once, by the verdict: not again in other words among the notes.
    assert.equal(text.match(/carries no sid/g)?.length, 1, text);
    assert.ok(!text.includes('## Organization') && !text.includes('## Impersonation'), text);
  });

  it('an unsigned token (alg none): ✗ instance and signature, no Algorithm kid, the decode warning among the notes', async () => {
    const token = `${b64({ alg: 'none' })}.${b64({ sub: 'user_2abc', sid: 'sess_2abc', v: 2, iat: T, exp: T + 60 })}.`;
    const r = await explained(token);
    const text = renderText(r);
    assert.equal(r.title, 'Token: Claims to be a Clerk session token (version 2), unsigned: not signed by Clerk, for user_2abc');
    assert.deepEqual(r.verdict?.reasons, [
      'The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.',
      "The token is unsigned (alg 'none'); @clerk/backend accepts RS256, RS384 and RS512 only.",
    ]);
    assert.deepEqual(section(text, 'Issued by'), [
      `✗ Instance: ${NOT_OURS.text}`,
      '✗ Signature: none (alg none): not signed by Clerk. Unsigned (alg none): not signed by Clerk.',
      'Algorithm: none · no kid',
    ]);
    assert.deepEqual(section(text, 'Times'), [`iat: ${at(T)} (now)`, `· exp: ${at(T + 60)} (in 60 s)`, 'Lifetime: 60 s']);
    assert.deepEqual(section(text, 'Notes'), ['The token has no signature (its third part is empty).']);
  });

  it('no alg, no times: no Algorithm row, no Times section; a lifetime of 0 s is still said', async () => {
    const input = `${b64({ typ: 'JWT', kid: 'ins_k1' })}.${b64({ sub: 'user_2abc', iss: ISS })}`;
    const sig = createHmac('sha256', 'x').update(input).digest('base64url');
    const text = renderText(await explained(`${input}.${sig}`));
    assert.deepEqual(section(text, 'Issued by').slice(-3), [
      `✗ Instance: ${NOT_OURS.text}`,
      '✗ Signature: INVALID: not signed by Clerk. Not a signature by Clerk: its alg is (absent), and Clerk signs with RS256.',
      `iss: ${ISS}`,
    ]);
    assert.deepEqual(headings(text), ['Issued by', 'Claims', 'Now, from Clerk', 'Decoded header and claims']);
    const zero = renderText(await explained(await mint({ sub: 'user_2abc', iss: ISS, iat: T, exp: T })));
    assert.deepEqual(section(zero, 'Times'), [`iat: ${at(T)} (now)`, `✗ exp: ${at(T)} (now)`, 'Lifetime: 0 s']);
    const nbfOnly = renderText(await explained(await mint({ sub: 'user_2abc', iss: ISS, nbf: T - 10 })));
    assert.deepEqual(section(nbfOnly, 'Times'), [`nbf: ${at(T - 10)} (10 s ago)`]);
  });

  it('an organization with little said: unknown id, no role, no permissions, a feature without permissions', async () => {
    const token = await mint({ ...SESSION, fea: 'o:dashboard', o: { fpm: '0' } });
    const text = renderText(await explained(token, { issuer: ISSUER, live: {} }));
    assert.deepEqual(section(text, 'Organization'), [
      'Active organization an organization, role (none); permissions by feature: dashboard → none.',
      'Organization: unknown',
      'Role: none',
      'Permissions: none',
      'Feature dashboard: no permissions',
    ]);
    // Version 1 claims: the role as the token carries it, the slug alone.
    const v1 = await mint({
      iss: ISS,
      sub: 'user_2abc',
      sid: 'sess_2abc',
      iat: T - 5,
      exp: T + 60,
      org_slug: 'acme',
      org_role: 'org:member',
      org_permissions: ['org:a:b'],
    });
    assert.deepEqual(section(renderText(await explained(v1)), 'Organization'), [
      'Active organization (no id) (slug acme), role org:member; permissions: org:a:b.',
      'Organization: acme',
      'Role: org:member',
      'Permissions: org:a:b',
    ]);
  });

  it('hostile claims and names stay inert: escaped in the HTML, one line in the text', async () => {
    const evil = '[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
    const token = await mint({ ...SESSION, sid: undefined, v: undefined, o: undefined, fea: undefined, name: evil, 'x<script>': 'a\nb' });
    const user = liveUser({ ...ADA, first_name: evil, email_addresses: [] });
    const r = await explained(token, { issuer: ISSUER, live: { user }, actions: ACTIONS });
    const html = renderHtml(r, { nonce: 'n', allowedCommands: ['clerk.copyClaims'] });
    assert.doesNotMatch(html, /<img|<script/, 'no markup from the token or the user');
    assert.ok(html.includes('[x](command:workbench.action.terminal.new) &lt;img src=x onerror=alert(1)&gt; Lovelace'), 'the name, escaped');
    assert.ok(html.includes('&quot;x&lt;script&gt;&quot;: &quot;a\\nb&quot;'), 'the claim name in the decoded block, escaped');
    assert.ok(!html.includes('href="command:workbench') && !html.includes('href="command:clerk.showSession'), 'only allowed actions link');
    const text = renderText(r);
    assert.equal(text.split('\n')[0], `Token: JWT template token, for ${evil} Lovelace`);
    assert.ok(text.includes(`name: The template's claim "name" = "${evil}".`), text);
  });

  it('a token that does not decode: the sentence why, the decode notes, nothing else of it', () => {
    const bad = decodeToken('eyJhbGciOiJSUzI1NiJ9=.%%%.c2ln');
    assert.ok(!bad.ok);
    const r = undecodableReport(bad);
    assert.equal(
      renderText(r),
      [
        'Token: cannot be decoded',
        '',
        '✗ A backend using @clerk/backend would refuse this token.',
        `  - ${bad.sentence}`,
        '',
        '## Notes',
        "The header ends in '=' padding, which base64url in a JWT leaves out.",
        '',
      ].join('\n'),
    );
    const parts = decodeToken('not-a-jwt');
    assert.ok(!parts.ok);
    assert.equal(
      renderText(undecodableReport(parts)),
      "Token: cannot be decoded\n\n✗ A backend using @clerk/backend would refuse this token.\n  - This isn't a JWT: it has 1 part; a JWT has 3 separated by dots.\n",
    );
    assert.deepEqual(undecodableReport(parts).sections, []);
  });
});
