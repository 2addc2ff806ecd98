// The one verdict, field by field: its sentences, notes, signature line and the unchecked paths, with a key pair made
// here (no server, no network). Each assertion kills a mutant StrykerJS left alive in src/tokens/verdict.ts (the list,
// and the mutants that cannot be killed, are in bench/RESULTS.md, "Survivors in verdict.ts and inert.ts"); the oracle
// suite checks accept/reject and the first reason against @clerk/backend itself.
import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { decodeToken } from '../../src/tokens/decode';
import { noAzpNote, verdict, type Verdict } from '../../src/tokens/verdict';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { priv: privateKey, n: j.n, e: j.e };
};
const K = pair();
const OTHER = pair();
const JWK = { kid: 'k1', kty: 'RSA', alg: 'RS256', use: 'sig', n: K.n, e: K.e };
const JWKS = { keys: [JWK] };
const NOW = Date.UTC(2026, 10, 27, 12);
const T = NOW / 1000;
const AZP = 'https://app.example.test';
const SESSION = { azp: AZP, exp: T + 60, iat: T - 5, nbf: T - 10, iss: 'https://x.clerk.accounts.dev', sid: 'sess_1', sub: 'user_1', v: 2 };
const TEMPLATE = { exp: T + 60, iat: T - 5, iss: 'https://x.clerk.accounts.dev', sub: 'user_1', aud: 'authenticated' };
const H = { alg: 'RS256', kid: 'k1', typ: 'JWT' };

function rs(header: object, payload: unknown, key = K.priv): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
function hs(header: object, payload: unknown, secret = 'a-template-secret-made-by-the-test'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const ACCEPT = "A backend using @clerk/backend's verifyToken would accept this token now.";
const REJECT = "A backend using @clerk/backend's verifyToken would reject this token: ";
const CANNOT = 'Cannot tell offline whether a backend would accept this token: ';
const kinds = (v: Verdict) => v.reasons.map((r) => r.kind);

describe('verdict: sentences, notes and the signature line', function () {
  this.timeout(30_000);

  it('an accepted token: the sentence, the signature line with its kid, no notes', async () => {
    const v = await verdict(rs(H, SESSION), JWKS, { now: NOW });
    assert.equal(v.accepted, true);
    assert.equal(v.sentence, ACCEPT);
    assert.deepEqual(v.signature, { state: 'valid', sentence: 'The RS256 signature matches key k1.', kid: 'k1' });
    assert.deepEqual(v.notes, []);
    assert.equal(v.clerkReason, undefined);
    assert.ok(v.decoded?.ok);
  });

  it('a key without kid: a signature line without kid (PEM), and no key to choose by kid (JWKS)', async () => {
    const bare = { keys: [{ kty: 'RSA', n: K.n, e: K.e }] };
    const t = rs({ alg: 'RS256' }, SESSION);
    const pem = await verdict(t, bare, { now: NOW, keySource: 'pem' });
    assert.equal(pem.accepted, true);
    assert.deepEqual(pem.signature, { state: 'valid', sentence: 'The RS256 signature matches the key.' });
    assert.deepEqual(pem.notes, ['The token names no kid; a backend that looks keys up by kid (secret key) would reject it.']);
    const byKid = await verdict(t, bare, { now: NOW });
    assert.deepEqual(kinds(byKid), ['kid-missing'], 'a token without kid finds no key, not the key without kid');
  });

  it('the reject sentence names the first reason and counts the others', async () => {
    const one = await verdict(rs(H, { ...SESSION, sub: 5 }), JWKS, { now: NOW });
    assert.deepEqual(kinds(one), ['sub-missing']);
    assert.equal(one.reasons[0].sentence, "The token's sub is 5; @clerk/backend requires a string sub.");
    assert.equal(one.sentence, `${REJECT}${one.reasons[0].sentence}`);
    assert.equal(one.clerkReason, 'token-verification-failed');
    const two = await verdict(rs(H, { ...SESSION, sub: 5, exp: 'soon' }), JWKS, { now: NOW });
    assert.deepEqual(kinds(two), ['sub-missing', 'exp-invalid']);
    assert.equal(two.reasons[1].sentence, `The token's exp is "soon"; @clerk/backend requires a number.`);
    assert.equal(two.sentence, `${REJECT}${two.reasons[0].sentence} (and 1 more reason)`);
    const three = await verdict(rs(H, { ...SESSION, sub: 5, exp: 'soon', nbf: 'x', iat: 'y' }), JWKS, { now: NOW });
    assert.deepEqual(kinds(three), ['sub-missing', 'exp-invalid', 'nbf-invalid', 'iat-invalid']);
    assert.equal(three.reasons[2].sentence, `The token's nbf is "x"; @clerk/backend requires a number.`);
    assert.equal(three.reasons[3].sentence, `The token's iat is "y"; @clerk/backend requires a number.`);
    assert.equal(three.sentence, `${REJECT}${three.reasons[0].sentence} (and 3 more reasons)`);
    const threeExactly = await verdict(rs(H, { ...SESSION, sub: 5, exp: 'soon', nbf: 'x' }), JWKS, { now: NOW });
    assert.equal(threeExactly.sentence, `${REJECT}${threeExactly.reasons[0].sentence} (and 2 more reasons)`);
  });

  it('times: the skew in words, a NaN skew is the default, a Date clock works like a number', async () => {
    const expired = await verdict(rs(H, { ...SESSION, exp: T - 6 }), JWKS, { now: NOW, clockSkewMs: NaN });
    assert.deepEqual(kinds(expired), ['expired']);
    assert.match(expired.reasons[0].sentence, /^Expired .* \(6 s ago\); a backend allows 5000 ms of clock skew\.$/);
    const early = await verdict(rs(H, { ...SESSION, nbf: T + 60, iat: T + 60 }), JWKS, { now: new Date(NOW) });
    assert.deepEqual(kinds(early), ['not-yet-valid', 'iat-future']);
    assert.match(early.reasons[0].sentence, /^Not valid before .* \(in 60 s\), even with 5000 ms of clock skew\. Is a clock wrong\?$/);
    assert.match(early.reasons[1].sentence, /^Issued in the future: .* \(in 60 s\), beyond 5000 ms of clock skew\. Is a clock wrong\?$/);
  });

  it('notes: no azp only on an accepted session or template token; a template without sid; a pending session; crit', async () => {
    const noAzp =
      'No azp: minted without a browser Origin (e.g. through the Backend API). A backend that sets authorizedParties would reject it.';
    assert.equal(noAzpNote(), noAzp);
    const { azp: _azp, ...bare } = SESSION;
    assert.deepEqual((await verdict(rs(H, bare), JWKS, { now: NOW })).notes, [noAzp]);
    const rejected = await verdict(rs(H, { ...bare, exp: T - 600 }), JWKS, { now: NOW });
    assert.equal(rejected.accepted, false);
    assert.deepEqual(rejected.notes, [], 'the azp note is dropped when the token is rejected anyway');
    const rejectedPending = await verdict(rs(H, { ...bare, exp: T - 600, sts: 'pending' }), JWKS, { now: NOW });
    assert.equal(rejectedPending.accepted, false);
    assert.equal(rejectedPending.notes.length, 1, 'only the azp note is dropped, the others stay');
    assert.match(rejectedPending.notes[0], /^The session is pending/);
    const unknownKind = await verdict(rs(H, { sub: 'user_1', v: 1, exp: T + 60 }), JWKS, { now: NOW });
    assert.equal(unknownKind.accepted, true);
    assert.deepEqual(unknownKind.notes, [], 'a token of no known kind, without azp or sid: no note');
    const template = await verdict(rs(H, TEMPLATE), JWKS, { now: NOW });
    assert.equal(template.accepted, true);
    assert.deepEqual(template.notes, [noAzp, 'A template token carries no sid: that is expected, not a failure.']);
    const templateWithSid = await verdict(rs(H, { ...TEMPLATE, azp: AZP, sid: 'sess_1' }), JWKS, { now: NOW });
    assert.deepEqual(templateWithSid.notes, []);
    const pending = await verdict(rs(H, { ...SESSION, sts: 'pending' }), JWKS, { now: NOW });
    assert.deepEqual(pending.notes, [
      'The session is pending: verifyToken accepts the token, but authenticateRequest / auth() treat a pending session as signed out by default (treatPendingAsSignedOut).',
    ]);
    assert.deepEqual((await verdict(rs(H, { ...SESSION, sts: 'active' }), JWKS, { now: NOW })).notes, []);
    const crit = 'The header has crit: @clerk/backend ignores it (a strict RFC 7515 verifier rejects extensions it does not know).';
    for (const c of ['x-mystery', ['x-mystery']])
      assert.deepEqual((await verdict(rs({ ...H, crit: c }, SESSION), JWKS, { now: NOW })).notes, [crit], JSON.stringify(c));
  });

  it('authorizedParties: the missing and the foreign azp, with the parties listed', async () => {
    const parties = [AZP, 'http://localhost:3000'];
    const { azp: _azp, ...bare } = SESSION;
    const missing = await verdict(rs(H, bare), JWKS, { now: NOW, authorizedParties: parties });
    assert.deepEqual(missing.reasons, [
      {
        kind: 'azp-missing',
        clerkReason: 'token-invalid-authorized-parties',
        sentence: `The token has no azp (minted without a browser Origin, e.g. through the Backend API), and the backend's authorizedParties (${AZP}, http://localhost:3000) require one.`,
      },
    ]);
    const foreign = await verdict(rs(H, { ...SESSION, azp: 'https://evil.test' }), JWKS, { now: NOW, authorizedParties: parties });
    assert.equal(
      foreign.reasons[0].sentence,
      `The token was made for "https://evil.test", which is not among the backend's authorizedParties (${AZP}, http://localhost:3000).`,
    );
  });

  it('typ and M2M: their sentences', async () => {
    const typ = await verdict(rs({ ...H, typ: 'JWS' }, SESSION), JWKS, { now: NOW });
    assert.equal(typ.reasons[0].sentence, `The header's typ is "JWS"; @clerk/backend accepts only "JWT" (or none).`);
    const m2m = await verdict(rs({ ...H, cat: 'cl_B7d4PD333AAA' }, SESSION), JWKS, { now: NOW });
    assert.equal(m2m.reasons[0].sentence, 'This is a machine (M2M) token; verifyToken refuses it as a session token.');
  });

  it('no JWKS, or none usable: cannot tell, and says which', async () => {
    const t = rs(H, SESSION);
    for (const none of [undefined, null]) {
      const v = await verdict(t, none, { now: NOW });
      assert.equal(v.accepted, undefined);
      assert.equal(v.unchecked, 'No JWKS was given, so the signature was not checked.');
      assert.deepEqual(v.signature, { state: 'unchecked', sentence: 'Not checked: no JWKS was given.' });
      assert.equal(v.sentence, `${CANNOT}No JWKS was given, so the signature was not checked.`);
    }
    const noKeysPem = await verdict(t, { keys: [] }, { now: NOW, keySource: 'pem' });
    assert.equal(noKeysPem.accepted, undefined, 'given the PEM but no key: cannot tell, never accepted');
    assert.deepEqual(noKeysPem.reasons, []);
    assert.equal(noKeysPem.sentence, `${CANNOT}Cannot tell: no key of your instances has this kid.`);
    const empty = await verdict(t, {} as never, { now: NOW });
    assert.equal(empty.unchecked, 'The JWKS given has no usable keys, so the signature was not checked.');
    assert.equal(empty.sentence, `${CANNOT}The JWKS given has no usable keys, so the signature was not checked.`);
  });

  it('a JWKS with junk in it: the junk is skipped, a key without kty is no key', async () => {
    assert.equal((await verdict(rs(H, SESSION), { keys: [null, 5, 'x', JWK] }, { now: NOW })).accepted, true);
    const ktyLess = await verdict(rs({ ...H, kid: 'x' }, SESSION), { keys: [{ kid: 'x', n: K.n, e: K.e }] }, { now: NOW });
    assert.deepEqual(kinds(ktyLess), ['kid-unknown']);
    assert.match(ktyLess.reasons[0].sentence, /\(they have: none\)/);
    assert.deepEqual(ktyLess.signature, { state: 'no-key', sentence: 'Cannot tell: no key of your instances has this kid.' });
  });

  it('kid: the keys it could have named, a kid that is not a string, a kid Object.prototype has', async () => {
    const two = { keys: [JWK, { ...JWK, kid: 'k2', n: OTHER.n }] };
    const unknown = await verdict(rs({ ...H, kid: 'k9' }, SESSION), two, { now: NOW });
    assert.equal(
      unknown.reasons[0].sentence,
      'Not signed by a key of your instances: key "k9" is not in their JWKS (they have: k1, k2). It comes from another instance, or the key was rotated (refresh the instance to read its keys again).',
    );
    const numeric = await verdict(rs({ ...H, kid: 5 }, SESSION), JWKS, { now: NOW });
    assert.deepEqual(kinds(numeric), ['kid-missing']);
    assert.equal(
      numeric.reasons[0].sentence,
      'The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.',
    );
    assert.deepEqual(numeric.signature, { state: 'invalid', sentence: 'Not a signature by Clerk: the header names no key (kid).' });
    const proto = await verdict(rs({ ...H, kid: 'constructor' }, SESSION), JWKS, { now: NOW });
    assert.equal(proto.clerkReason, 'token-verification-failed');
    assert.equal((await verdict(rs({ ...H, kid: 'k9' }, SESSION), JWKS, { now: NOW })).clerkReason, 'jwk-kid-mismatch');
  });

  it('PEM: a kid that names no key is noted only when the signature matches', async () => {
    const good = await verdict(rs({ ...H, kid: 'ins_x' }, SESSION), JWKS, { now: NOW, keySource: 'pem' });
    assert.equal(good.accepted, true);
    assert.deepEqual(good.notes, [
      'The kid "ins_x" does not name the key that signed it; a backend that looks keys up by kid (secret key) would reject it.',
    ]);
    const bad = await verdict(rs({ ...H, kid: 'ins_x' }, SESSION, OTHER.priv), JWKS, { now: NOW, keySource: 'pem' });
    assert.equal(bad.accepted, false);
    assert.deepEqual(bad.notes, []);
  });

  it('a key that cannot verify RS256 (an EC key under the kid): token-verification-failed', async () => {
    const ec = { keys: [{ kid: 'k1', kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }] };
    const v = await verdict(rs(H, SESSION), ec, { now: NOW });
    assert.equal(v.accepted, false);
    assert.equal(v.clerkReason, 'token-verification-failed');
    assert.equal(v.signature.state, 'invalid');
  });

  it('custom-key templates: one reason, its sentences, and what is never taken for one', async () => {
    const custom = `Signed with "HS256": a key of its own (a JWT template with a custom signing key, e.g. Supabase's JWT secret), not one Clerk's JWKS serves. Only the holder of that key can verify it; @clerk/backend's verifyToken accepts RS256, RS384 and RS512 only.`;
    const t = hs({ alg: 'HS256', typ: 'JWT' }, TEMPLATE);
    const byKid = await verdict(t, JWKS, { now: NOW });
    assert.deepEqual(byKid.reasons, [{ kind: 'custom-key', clerkReason: 'jwk-kid-mismatch', sentence: custom }]);
    assert.deepEqual(byKid.signature, {
      state: 'custom-key',
      sentence: `Cannot tell: signed with "HS256" by a key of its own, which Clerk's JWKS does not hold.`,
    });
    const pemTyp = await verdict(hs({ alg: 'HS256', typ: 'JWS' }, TEMPLATE), JWKS, { now: NOW, keySource: 'pem' });
    assert.deepEqual(kinds(pemTyp), ['typ', 'custom-key']);
    // An unknown kid is still a custom key; a kid of the instance's keys makes it key confusion.
    assert.deepEqual(kinds(await verdict(hs({ alg: 'HS256', kid: 'kid_custom' }, TEMPLATE), JWKS, { now: NOW })), ['custom-key']);
    const two = { keys: [JWK, { ...JWK, kid: 'k2', n: OTHER.n }] };
    assert.deepEqual(kinds(await verdict(hs({ alg: 'HS256', kid: 'k2' }, TEMPLATE), two, { now: NOW })), ['alg']);
    // A JWKS key without kid does not make a kid-less HMAC token key confusion.
    const bare = { keys: [{ kty: 'RSA', n: K.n, e: K.e }] };
    assert.deepEqual(kinds(await verdict(hs({ alg: 'HS256' }, TEMPLATE), bare, { now: NOW })), ['custom-key']);
    // Only HS256/384/512 exactly, and only a string.
    for (const alg of ['XHS256', 'HS2560', ['HS256']]) {
      const v = await verdict(hs({ alg }, TEMPLATE), JWKS, { now: NOW, keySource: 'pem' });
      assert.deepEqual(kinds(v), ['alg'], JSON.stringify(alg));
      assert.equal(
        v.reasons[0].sentence,
        `The header's alg is ${JSON.stringify(alg)}; @clerk/backend accepts RS256, RS384 and RS512 only.`,
      );
    }
  });

  it('alg: forgery only for HS under an instance kid; the signature line of a foreign alg and of none', async () => {
    for (const alg of ['XHS256', 'HS256x', ['HS256']]) {
      const v = await verdict(hs({ alg, kid: 'k1' }, SESSION), JWKS, { now: NOW });
      assert.doesNotMatch(v.reasons[0].sentence, /forgery/, JSON.stringify(alg));
    }
    const es = await verdict(rs({ alg: 'ES256', kid: 'k1' }, SESSION), JWKS, { now: NOW });
    assert.deepEqual(es.signature, {
      state: 'invalid',
      sentence: 'Not a signature by Clerk: its alg is "ES256", and Clerk signs with RS256.',
    });
    const none = await verdict(`${b64({ alg: 'none', kid: 'k1' })}.${b64(SESSION)}.`, JWKS, { now: NOW });
    assert.deepEqual(none.signature, { state: 'unsigned', sentence: 'Unsigned (alg none): not signed by Clerk.' });
  });

  it('too large or too deep to decode: cannot tell, with the reason why', async () => {
    const large = `eyJ${'a'.repeat(70_000)}`;
    const deep = `${b64(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`)}.${b64(SESSION)}.c2ln`;
    for (const t of [large, deep]) {
      const d = decodeToken(t);
      assert.ok(!d.ok && (d.kind === 'too-large' || d.kind === 'too-deep'), d.ok ? '' : d.kind);
      const v = await verdict(t, JWKS, { now: NOW });
      assert.equal(v.accepted, undefined);
      assert.deepEqual(v.reasons, []);
      assert.equal(v.unchecked, d.sentence);
      assert.equal(v.sentence, `${CANNOT}${d.sentence}`);
    }
  });

  it('a token that does not decode: one reason, no signature check, nothing decoded', async () => {
    const v = await verdict('a.b', JWKS, { now: NOW });
    assert.deepEqual(v.reasons, [{ kind: 'malformed', clerkReason: 'token-invalid', sentence: decodeTokenSentence('a.b') }]);
    assert.deepEqual(v.signature, { state: 'unchecked', sentence: 'Not checked: the token does not decode.' });
    assert.ok(!('decoded' in v));
    const notJson = await verdict(`${b64(H)}.${b64('{not json')}.c2ln`, JWKS, { now: NOW });
    assert.deepEqual(notJson.reasons, [
      { kind: 'malformed', clerkReason: 'token-invalid', sentence: decodeTokenSentence(`${b64(H)}.${b64('{not json')}.c2ln`) },
    ]);
    const header = await verdict(`${b64([1])}.${b64(SESSION)}.c2ln`, JWKS, { now: NOW });
    assert.deepEqual(header.signature, { state: 'unchecked', sentence: 'Not checked: the header is not an object.' });
    // Not a string at all: the decoder's own sentence.
    assert.equal((await verdict({} as never, JWKS)).reasons[0].sentence, 'No token was given.');
  });

  it('never throws: a JWKS that throws when read gives "could not be checked"', async () => {
    const hostile = {
      get keys(): unknown[] {
        throw new Error('boom');
      },
    };
    const v = await verdict(rs(H, SESSION), hostile, { now: NOW });
    assert.deepEqual(
      { ...v },
      {
        accepted: undefined,
        sentence: 'The token could not be checked (boom).',
        unchecked: 'boom',
        reasons: [],
        signature: { state: 'unchecked', sentence: 'Not checked.' },
        notes: [],
      },
    );
  });
});

function decodeTokenSentence(t: string): string {
  const d = decodeToken(t);
  assert.ok(!d.ok);
  return d.sentence;
}
