// The hover over a JWT in the editor (src/tokens/hover.ts): for representative tokens, the whole summary the hover
// provider renders: its title, its rows (label, value, and whether the value is shown as code) in display order, the
// verdict with its reasons, the attribution to an instance and whether "Show Session" is offered. Keys are made here
// at run time with jose; the clock is fixed, so every relative time is exact. Written for issue 14 (tests proven by
// mutation): the hover's words are the product, so the English sentences are asserted whole.
import * as assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { hoverSummary, type HoverOptions, type HoverSummary } from '../../src/tokens/hover';
import { decodeToken } from '../../src/tokens/decode';
import { noAzpNote, type JwksLike } from '../../src/tokens/verdict';
import { localTime } from '../../src/util/format';

const NOW = Date.UTC(2030, 0, 15, 9, 30);
const T = NOW / 1000;
const ISS = 'https://clerk.acme.test';
const KID = 'ins_2hover';
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** The value of an expiry row: relative, then the local time (the machine's zone). */
const at = (seconds: number, relative: string): string => `${relative} (${localTime(seconds * 1000)})`;

const ACCEPT = "✓ A backend using @clerk/backend's verifyToken would accept it now.";
const REJECT = '✗ A backend using @clerk/backend would reject it: ';
const V2 = 'Clerk session token (version 2)';

describe('hover summary: what the hover over a JWT shows', function () {
  let key: CryptoKey;
  let other: CryptoKey;
  let jwks: JwksLike;

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    other = (await generateKeyPair('RS256')).privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
  });

  /** A token as Clerk mints it (or as a test bends it): header and claims exactly as given, signed with `by`. */
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, by?: CryptoKey): Promise<string> =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT', ...header }).sign(by ?? key);
  const session = (more: Record<string, unknown> = {}): Record<string, unknown> => ({
    azp: 'http://localhost:3000',
    exp: T + 60,
    iat: T - 5,
    iss: ISS,
    nbf: T - 10,
    sid: 'sess_2abc',
    sub: 'user_2abc',
    v: 2,
    ...more,
  });
  const hover = (token: string, opts: HoverOptions = {}): Promise<HoverSummary> => hoverSummary(token, { jwks, now: NOW, ...opts });
  const rows = (h: HoverSummary): string[] => h.lines.map((l) => `${l.label}${l.code ? ' (code)' : ''}: ${l.value}`);

  it('a valid session token signed by a connected instance: ✓, its user, session, expiry, instance; Show Session offered', async () => {
    const token = await sign(session());
    const h = await hover(token, { instanceOf: (kid) => (kid === KID ? 'Acme (development)' : undefined) });
    const expected: HoverSummary = {
      ok: true,
      signature: { state: 'valid', sentence: `The RS256 signature matches key ${KID}.` },
      notes: [],
      lines: [
        { label: 'Verdict', value: ACCEPT },
        { label: 'User', value: 'user_2abc', code: true },
        { label: 'Session', value: 'sess_2abc', code: true },
        { label: 'Expires', value: at(T + 60, 'in 60 s') },
        { label: 'Instance', value: 'Acme (development)' },
        { label: 'Signature', value: `matches key ${KID}` },
      ],
      canShowSession: true,
      kind: 'session-v2',
      kindText: V2,
      alg: 'RS256',
      kid: KID,
      subject: 'user_2abc',
      session: 'sess_2abc',
      issuer: ISS,
      instance: 'Acme (development)',
      expiry: { relative: 'in 60 s', local: localTime((T + 60) * 1000), expired: false },
      verdict: { accepted: true, sentence: "A backend using @clerk/backend's verifyToken would accept this token now.", reasons: [] },
      headline: { mark: 'pass', text: ACCEPT },
      signatureText: `matches key ${KID}`,
    };
    assert.deepEqual(h, expected);
    // The same summary from a token already decoded (the hover provider decodes once for several surfaces).
    assert.deepEqual(await hoverSummary(decodeToken(token), { jwks, now: NOW, instanceOf: () => 'Acme (development)' }), expected);
  });

  it('the instance comes from instanceOf first, else from kidToInstance (a Map or a plain record, own keys only)', async () => {
    const token = await sign(session());
    const instanceRow = async (opts: HoverOptions) => (await hover(token, opts)).lines.find((l) => l.label === 'Instance')?.value;
    assert.equal(await instanceRow({ kidToInstance: new Map([[KID, 'From a Map']]) }), 'From a Map');
    assert.equal(await instanceRow({ kidToInstance: { [KID]: 'From a record' } }), 'From a record');
    assert.equal(await instanceRow({ instanceOf: () => 'From instanceOf', kidToInstance: { [KID]: 'From a record' } }), 'From instanceOf');
    assert.equal(await instanceRow({ instanceOf: () => undefined, kidToInstance: { [KID]: 'From a record' } }), 'From a record');
    // No instance known for the kid: the issuer the token claims is shown instead, as code, and no Show Session.
    for (const opts of [
      {},
      { kidToInstance: new Map([['ins_other', 'Other']]) },
      { kidToInstance: { ins_other: 'Other' } },
    ] as HoverOptions[]) {
      const h = await hover(token, opts);
      assert.equal(h.instance, undefined);
      assert.deepEqual(h.lines[4], { label: 'Issuer (claimed)', value: ISS, code: true });
      assert.equal(h.canShowSession, false);
    }
    // A lookup that throws is as if it knew nothing: the hover still shows.
    const h = await hover(token, {
      instanceOf: () => {
        throw new Error('store gone');
      },
    });
    assert.equal(h.instance, undefined);
    assert.equal(h.headline?.text, ACCEPT);
  });

  it('a kid named like a member of Object.prototype is not found in a plain record', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const protoJwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'toString', alg: 'RS256' }] };
    const token = await sign(session(), { kid: 'toString' }, pair.privateKey);
    const h = await hoverSummary(token, { jwks: protoJwks, now: NOW, kidToInstance: {} });
    assert.equal(h.signature.state, 'valid');
    assert.equal(h.instance, undefined);
    assert.equal(h.canShowSession, false);
  });

  it('no azp and no authorizedParties: accepted, with the note that a backend setting authorizedParties would reject it', async () => {
    const claims = session();
    delete claims.azp;
    const h = await hover(await sign(claims), { instanceOf: () => 'Acme' });
    assert.equal(h.headline?.mark, 'pass');
    assert.deepEqual(h.notes, [noAzpNote()]);
    assert.deepEqual(h.lines.at(-1), {
      label: 'Note',
      value:
        'No azp: minted without a browser Origin (e.g. through the Backend API). A backend that sets authorizedParties would reject it.',
    });
    // With authorizedParties, the missing azp is the reason itself, not a note.
    const strict = await hover(await sign(claims), { instanceOf: () => 'Acme', authorizedParties: ['http://localhost:3000'] });
    assert.deepEqual(rows(strict).slice(0, 1), [
      `Verdict: ${REJECT}The token has no azp (minted without a browser Origin, e.g. through the Backend API), and the backend's authorizedParties (http://localhost:3000) require one.`,
    ]);
    assert.ok(!strict.lines.some((l) => l.label === 'Note'));
  });

  it('an expired token: ✗ with the reason, the "Expired" row, and Show Session still offered (the key is genuine)', async () => {
    const h = await hover(await sign(session({ iat: T - 120, nbf: T - 130, exp: T - 60 })), { instanceOf: () => 'Acme' });
    assert.deepEqual(rows(h), [
      `Verdict: ${REJECT}Expired ${localTime((T - 60) * 1000)} (60 s ago); a backend allows 5000 ms of clock skew.`,
      'User (code): user_2abc',
      'Session (code): sess_2abc',
      `Expired: ${at(T - 60, '60 s ago')}`,
      'Instance: Acme',
      `Signature: matches key ${KID}`,
    ]);
    assert.deepEqual(h.expiry, { relative: '60 s ago', local: localTime((T - 60) * 1000), expired: true });
    assert.deepEqual(h.verdict?.reasons, [
      { kind: 'expired', sentence: `Expired ${localTime((T - 60) * 1000)} (60 s ago); a backend allows 5000 ms of clock skew.` },
    ]);
    assert.equal(h.headline?.mark, 'fail');
    assert.equal(h.canShowSession, true);
  });

  it('exp exactly now: the row says Expired, while the verdict still accepts it within the clock skew', async () => {
    const h = await hover(await sign(session({ exp: T })), { instanceOf: () => 'Acme' });
    assert.deepEqual(h.lines[3], { label: 'Expired', value: at(T, 'now') });
    assert.equal(h.expiry?.expired, true);
    assert.equal(h.headline?.text, ACCEPT);
    // One second later it is not yet expired.
    const later = await hover(await sign(session({ exp: T + 1 })), { instanceOf: () => 'Acme' });
    assert.deepEqual(later.lines[3], { label: 'Expires', value: at(T + 1, 'in 1 s') });
  });

  it('a token not yet valid, made for another origin and issued in the future: the first reason, then "Also" with the others', async () => {
    const h = await hover(await sign(session({ azp: 'https://evil.example', iat: T + 600, nbf: T + 600, exp: T + 660 })), {
      instanceOf: () => 'Acme',
      authorizedParties: ['http://localhost:3000'],
    });
    assert.equal(
      h.lines[0].value,
      `${REJECT}The token was made for "https://evil.example", which is not among the backend's authorizedParties (http://localhost:3000).`,
    );
    assert.deepEqual(h.lines.at(-1), { label: 'Also', value: 'not-yet-valid, iat-future' });
    assert.deepEqual(
      h.verdict?.reasons.map((r) => r.kind),
      ['azp-mismatch', 'not-yet-valid', 'iat-future'],
    );
    assert.equal(
      h.verdict?.sentence,
      `A backend using @clerk/backend's verifyToken would reject this token: ${h.verdict?.reasons[0].sentence} (and 2 more reasons)`,
    );
  });

  it('a forged signature (another key under the instance kid): no instance, the claimed issuer, INVALID, no Show Session', async () => {
    const h = await hover(await sign(session(), {}, other), { instanceOf: () => 'Acme' });
    assert.equal(h.kindText, 'Claims to be a Clerk session token (version 2), not signed by Clerk');
    assert.deepEqual(rows(h), [
      `Verdict: ${REJECT}The signature does not match key ${KID}: the token was altered or signed by another key.`,
      'User (code): user_2abc',
      'Session (code): sess_2abc',
      `Expires: ${at(T + 60, 'in 60 s')}`,
      `Issuer (claimed) (code): ${ISS}`,
      'Signature: INVALID: not signed by Clerk',
    ]);
    assert.equal(h.instance, undefined);
    assert.equal(h.canShowSession, false);
    assert.deepEqual(h.signature, {
      state: 'invalid',
      sentence: `The signature does not match key ${KID}: the token was altered or signed by another key.`,
    });
  });

  it('a kid no connected instance has: ✗ (no key to check it with), the signature cannot be told, the title says so', async () => {
    const h = await hover(await sign(session(), { kid: 'ins_elsewhere' }), { instanceOf: () => 'Acme' });
    assert.equal(h.kindText, 'Claims to be a Clerk session token (version 2), not signed by a key of your instances');
    assert.equal(h.headline?.mark, 'fail');
    assert.equal(
      h.lines[0].value,
      `${REJECT}Not signed by a key of your instances: key "ins_elsewhere" is not in their JWKS (they have: ${KID}). It comes from another instance, or the key was rotated (refresh the instance to read its keys again).`,
    );
    assert.deepEqual(h.lines.at(-1), { label: 'Signature', value: "cannot tell: its kid is in none of your instances' JWKS" });
    assert.equal(h.instance, undefined);
    assert.equal(h.canShowSession, false);
  });

  it('no JWKS known: ? cannot tell, the title says the signature was not checked', async () => {
    const h = await hoverSummary(await sign(session()), { now: NOW, instanceOf: () => 'Acme' });
    assert.equal(h.kindText, `${V2}, signature not checked (no key of a connected instance)`);
    assert.deepEqual(h.headline, { mark: 'unknown', text: '? Cannot tell: No JWKS was given, so the signature was not checked.' });
    assert.deepEqual(h.lines.at(-1), { label: 'Signature', value: 'not checked: no key of a connected instance is known' });
    assert.equal(h.canShowSession, false);
  });

  it('a JWT template token: its kind, the note that it carries no sid, no Session row and no Show Session', async () => {
    const h = await hover(await sign({ aud: 'convex', exp: T + 60, iat: T - 5, iss: ISS, nbf: T - 10, sub: 'user_2abc' }), {
      instanceOf: () => 'Acme',
    });
    assert.equal(h.kind, 'template');
    assert.equal(h.kindText, 'JWT template token');
    assert.equal(h.session, undefined);
    assert.deepEqual(rows(h), [
      `Verdict: ${ACCEPT}`,
      'User (code): user_2abc',
      `Expires: ${at(T + 60, 'in 60 s')}`,
      'Instance: Acme',
      `Signature: matches key ${KID}`,
      'Note: No azp: minted without a browser Origin (e.g. through the Backend API). A backend that sets authorizedParties would reject it.',
    ]);
    assert.deepEqual(h.notes, [noAzpNote(), 'A template token carries no sid: that is expected, not a failure.']);
    assert.equal(h.canShowSession, false);
  });

  it('a version 1 session token with org claims: Show Session offered, and the organization in words', async () => {
    const h = await hover(
      await sign({
        azp: 'http://localhost:3000',
        exp: T + 60,
        iat: T - 5,
        iss: ISS,
        nbf: T - 10,
        org_id: 'org_1',
        org_permissions: ['org:sys_profile:manage', 'org:sys_memberships:read'],
        org_role: 'org:admin',
        org_slug: 'acme',
        sid: 'sess_2abc',
        sub: 'user_2abc',
      }),
      { instanceOf: () => 'Acme' },
    );
    assert.equal(h.kind, 'session-v1');
    assert.equal(h.canShowSession, true);
    assert.deepEqual(h.lines.at(-2), {
      label: 'Organization',
      value: 'Active organization org_1 (slug acme), role org:admin; permissions: org:sys_profile:manage, org:sys_memberships:read.',
    });
  });

  it('a version 2 token with an organization, a pending status and an impersonator: a row for each, in order', async () => {
    const h = await hover(
      await sign(
        session({
          act: { iss: 'https://dashboard.clerk.com', sid: 'sess_actor', sub: 'user_actor' },
          fea: 'o:dashboard,o:teams',
          o: { fpm: '3,2', id: 'org_2', per: 'manage,read', rol: 'admin', slg: 'acme' },
          sts: 'pending',
        }),
      ),
      { instanceOf: () => 'Acme' },
    );
    assert.deepEqual(rows(h).slice(4), [
      'Instance: Acme',
      'Impersonated: Impersonation: user user_actor is acting as user user_2abc through the Clerk Dashboard, from their session sess_actor.',
      "Status: Session pending: the user signed in but has tasks left (e.g. choose an organization). Clerk's SDKs treat a pending session as signed out by default (treatPendingAsSignedOut).",
      'Organization: Active organization org_2 (slug acme), role admin; permissions by feature: dashboard → manage, read; teams → read.',
      `Signature: matches key ${KID}`,
    ]);
    assert.deepEqual(h.notes, [
      'The session is pending: verifyToken accepts the token, but authenticateRequest / auth() treat a pending session as signed out by default (treatPendingAsSignedOut).',
    ]);
  });

  it('a genuine session token without sub: no User row, the reason, and no Show Session (nothing to look up)', async () => {
    const claims = session();
    delete claims.sub;
    const h = await hover(await sign(claims), { instanceOf: () => 'Acme' });
    assert.equal(h.subject, undefined);
    assert.deepEqual(rows(h).slice(0, 2), [
      `Verdict: ${REJECT}The token's sub is (absent); @clerk/backend requires a string sub.`,
      'Session (code): sess_2abc',
    ]);
    assert.equal(h.instance, 'Acme');
    assert.equal(h.canShowSession, false);
  });

  it('a token with no kid, no sub, no sid, no iss, no exp (alg none): only what it has, nothing made up', async () => {
    const h = await hover(`${b64({ alg: 'none' })}.${b64({ v: 2, sid: 'sess_x' })}.`, { instanceOf: () => 'Acme' });
    const expected: HoverSummary = {
      ok: true,
      signature: { state: 'unsigned', sentence: 'Unsigned (alg none): not signed by Clerk.' },
      notes: [],
      lines: [
        {
          label: 'Verdict',
          value: `${REJECT}The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.`,
        },
        { label: 'Session', value: 'sess_x', code: true },
        { label: 'Signature', value: 'none (alg none): not signed by Clerk' },
        { label: 'Also', value: 'alg, sub-missing, exp-invalid' },
      ],
      canShowSession: false,
      kind: 'session-v2',
      kindText: `Claims to be a ${V2}, unsigned: not signed by Clerk`,
      alg: 'none',
      session: 'sess_x',
      verdict: {
        accepted: false,
        sentence:
          "A backend using @clerk/backend's verifyToken would reject this token: The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk. (and 3 more reasons)",
        reasons: [
          {
            kind: 'kid-missing',
            sentence: 'The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.',
          },
          { kind: 'alg', sentence: "The token is unsigned (alg 'none'); @clerk/backend accepts RS256, RS384 and RS512 only." },
          { kind: 'sub-missing', sentence: "The token's sub is (absent); @clerk/backend requires a string sub." },
          { kind: 'exp-invalid', sentence: "The token's exp is (absent); @clerk/backend requires a number." },
        ],
      },
      headline: {
        mark: 'fail',
        text: `${REJECT}The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.`,
      },
      signatureText: 'none (alg none): not signed by Clerk',
    };
    assert.deepEqual(h, expected);
  });

  it('hostile claim text is passed on verbatim, as code, for the renderer to make inert', async () => {
    const sub = 'user_1 [click](command:clerk.revoke) <img src=x>\n**bold**';
    const iss = 'javascript:alert(1)//`';
    const h = await hover(await sign(session({ sub, iss })));
    assert.deepEqual(h.lines[1], { label: 'User', value: sub, code: true });
    assert.deepEqual(h.lines[4], { label: 'Issuer (claimed)', value: iss, code: true });
  });

  it('text that is not a JWT: one row saying why, the signature not checked, nothing else', async () => {
    const h = await hover('eyJhbGciOi.x');
    const d = decodeToken('eyJhbGciOi.x');
    assert.ok(!d.ok);
    assert.deepEqual(h, {
      ok: false,
      problem: d.sentence,
      signature: { state: 'unchecked', sentence: 'Not checked: the token does not decode.' },
      notes: [],
      lines: [{ label: 'Not a JWT', value: d.sentence }],
      canShowSession: false,
      kindText: 'Not a readable JWT',
    });
    assert.match(d.sentence, /\S/);
  });
});
