// decodeJwt and the one verdict with the session match (what Verify shows): tokens minted by the local Clerk server
// (RS256) and tokens made here with jose for the other algorithms and for every way a token can be wrong.
import * as assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey } from 'jose';
import { ClerkClient, clearJwksCache } from '../../src/clerk/client';
import { ClerkTokenError } from '../../src/clerk/errors';
import { decodeJwt, isoOf } from '../../src/clerk/tokens';
import { decodeToken, type DecodedToken } from '../../src/tokens/decode';
import { sessionMatch } from '../../src/tokens/match';
import { verdict } from '../../src/tokens/verdict';
import { signatureRow } from '../../src/tokens/surface';
import type { Jwk, Jwks } from '../../src/clerk/types';
import { explainToken } from '../../src/tokens/explain';
import { startClerkServer, type ClerkServer } from '../server/server';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

interface OwnKey {
  alg: string;
  kid: string;
  priv: CryptoKey | Uint8Array;
  jwk: Jwk;
}

async function makeKey(alg: string, kid: string): Promise<OwnKey> {
  if (alg.startsWith('HS')) {
    const secret = (await generateSecret(alg, { extractable: true })) as CryptoKey;
    const jwk = (await exportJWK(secret)) as Jwk;
    return { alg, kid, priv: secret, jwk: { ...jwk, kid, alg, use: 'sig' } };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = (await exportJWK(publicKey)) as Jwk;
  return { alg, kid, priv: privateKey, jwk: { ...jwk, kid, alg, use: 'sig' } };
}

async function sign(key: OwnKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: 'sess_1', sub: 'user_1', iat: now, nbf: now - 10, exp: now + 60, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.priv);
}

describe('tokens', function () {
  let server: ClerkServer;
  let client: ClerkClient;
  let jwks: Jwks;
  let minted: string;
  let sess: { id: string; user_id: string };
  const keys: Record<string, OwnKey> = {};
  let ownJwks: Jwks;

  before(async () => {
    server = await startClerkServer({ seed: 3 });
    clearJwksCache();
    client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url });
    sess = server.data.sessions.find((s) => s.status === 'active')!;
    minted = (await client.createSessionToken(sess.id)).jwt;
    jwks = await client.getJwks();
    for (const alg of ['RS256', 'RS384', 'PS256', 'ES256', 'ES384', 'EdDSA', 'HS256']) keys[alg] = await makeKey(alg, `kid_${alg}`);
    ownJwks = { keys: Object.values(keys).map((k) => k.jwk) };
  });
  after(async () => {
    await server.stop();
  });

  describe('decodeJwt', () => {
    it('decodes a token from the server with readable dates', () => {
      const d = decodeJwt(minted);
      assert.equal(d.header.alg, 'RS256');
      assert.equal(d.header.kid, (server.publicJwk() as { kid: string }).kid);
      assert.equal(d.payload.sid, sess.id);
      assert.equal(d.dates.exp, new Date(d.payload.exp! * 1000).toISOString());
      assert.match(d.dates.iat!, /^\d{4}-\d\d-\d\dT/);
      assert.ok(d.dates.nbf);
    });

    it('gives dates only for numeric iat/exp/nbf a Date can hold', () => {
      const d = decodeJwt(`${b64({ alg: 'RS256' })}.${b64({ iat: '1700000000', exp: 1e20, nbf: 0 })}.sig`);
      assert.deepEqual(d.dates, { nbf: '1970-01-01T00:00:00.000Z' });
      assert.equal(isoOf('5'), undefined, 'a numeric string is not a date');
      assert.equal(isoOf(true), undefined);
      assert.equal(isoOf(Infinity), undefined);
      assert.equal(isoOf(NaN), undefined);
      assert.equal(isoOf(1.5), '1970-01-01T00:00:01.500Z');
    });

    it('accepts a pasted "Bearer " prefix, quotes and whitespace', () => {
      assert.equal(decodeJwt(`  Bearer ${minted}\n`).payload.sid, sess.id);
      assert.equal(decodeJwt(`"${minted}"`).payload.sid, sess.id);
    });

    const garbage: Array<[string, string, string]> = [
      ['empty', '', 'The token is empty.'],
      ['one part', 'abc', "This isn't a JWT: it has 1 part; a JWT has 3 separated by dots."],
      ['two parts', 'a.b', "This isn't a JWT: it has 2 parts; a JWT has 3 separated by dots."],
      ['four parts', 'a.b.c.d', "This isn't a JWT: it has 4 parts; a JWT has 3 separated by dots."],
      ['an encrypted JWE', 'a.b.c.d.e', 'This is an encrypted token (JWE, 5 parts); Clerk session tokens are signed JWTs with 3 parts.'],
      ['an empty header', `.${b64({})}.sig`, "This JWT's header is empty."],
      ['a header that is not base64url', `a+b/.${b64({})}.sig`, "This JWT's header contains + or /, which is base64 but not base64url."],
      ['a header that is not JSON', `${Buffer.from('hello').toString('base64url')}.${b64({})}.sig`, "This JWT's header is not JSON."],
      ['a header that is a JSON array', `${b64([1])}.${b64({})}.sig`, "This JWT's header is not a JSON object (it is a JSON array)."],
      [
        'a payload that is not JSON',
        `${b64({ alg: 'RS256' })}.${Buffer.from('{"sub":').toString('base64url')}.sig`,
        "This JWT's payload is not JSON.",
      ],
      [
        'a payload that is a string',
        `${b64({ alg: 'RS256' })}.${b64('hi')}.sig`,
        "This JWT's payload is not a JSON object (it is a JSON string).",
      ],
      [
        'a signature with bad characters',
        `${b64({ alg: 'RS256' })}.${b64({})}.si=g`,
        "This JWT's signature contains characters that are not base64url.",
      ],
    ];
    for (const [name, token, message] of garbage) {
      it(`refuses ${name}`, () => {
        assert.throws(
          () => decodeJwt(token),
          (e: unknown) => e instanceof ClerkTokenError && e.kind === 'token' && e.message === message,
        );
      });
    }
  });

  describe('explainToken (src/tokens)', () => {
    it('puts fva, pla/fea, o.fpm, act, sts and a missing azp into words', () => {
      const now = Date.UTC(2026, 10, 27, 12);
      const T = now / 1000;
      const t = `${b64({ alg: 'RS256', kid: 'ins_1' })}.${b64({
        iss: 'https://x.clerk.accounts.dev',
        sub: 'user_1',
        sid: 'sess_1',
        v: 2,
        iat: T - 5,
        nbf: T - 10,
        exp: T + 55,
        fva: [5, -1],
        pla: 'u:free,o:pro',
        fea: 'u:basic,o:dashboard,o:teams',
        sts: 'pending',
        o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
        act: { iss: 'https://dashboard.clerk.com', sid: 'sess_a', sub: 'user_admin' },
      })}.c2ln`;
      const e = explainToken(t, { now });
      assert.ok(e.ok);
      if (!e.ok) return;
      assert.equal(e.kind, 'session-v2');
      assert.equal(e.factors!.text, 'first factor verified 5 minutes ago; second factor: never (or the user has none)');
      assert.deepEqual(e.plans, [
        { scope: 'user', slug: 'free' },
        { scope: 'organization', slug: 'pro' },
      ]);
      assert.deepEqual(
        e.organization!.featurePermissions.map((f) => [f.feature, f.permissions]),
        [
          ['dashboard', ['manage', 'read']],
          ['teams', ['read']],
        ],
      );
      assert.equal(
        e.actor!.text,
        'Impersonation: user user_admin is acting as user user_1 through the Clerk Dashboard, from their session sess_a.',
      );
      assert.match(e.status!.text, /^Session pending: .*treatPendingAsSignedOut/);
      assert.equal(e.lifetimeSeconds, 60);
      assert.ok(!e.notes.some((n) => /azp/.test(n)), "a missing azp is the verdict's note, not the explanation's");
      const tmpl = explainToken(`${b64({ alg: 'RS256' })}.${b64({ sub: 'user_1', iss: 'https://x', aud: 'authenticated' })}.c2ln`, { now });
      assert.ok(tmpl.ok && tmpl.kind === 'template' && tmpl.otherClaims.join() === 'aud');
    });
  });

  describe('the one verdict with the session match (what Verify shows)', () => {
    const dec = (t: string): DecodedToken => {
      const d = decodeToken(t);
      assert.ok(d.ok, t.slice(0, 30));
      return d;
    };
    const matchOf = (t: string, s = sess) => sessionMatch(dec(t), s);

    it('accepts a fresh server token against the instance JWKS, and it belongs to its session', async () => {
      const v = await verdict(minted, jwks);
      assert.equal(v.accepted, true, v.sentence);
      assert.equal(v.signature.state, 'valid');
      assert.match(v.signature.sentence, /^The RS256 signature matches key /);
      // Explain's and Verify's Signature row: one sentence, the key named once.
      assert.equal(signatureRow(v), `matches key ${v.signature.kid} (RS256).`);
      assert.ok(matchOf(minted).every((m) => m.pass));
    });

    it('a template token: sid is not carried, sub must match; a session token without sid fails the sid match', async () => {
      const tmpl = server.data.jwtTemplates.find((t) => !t.custom_signing_key)!;
      const t = (await client.createSessionToken(sess.id, { template: tmpl.name })).jwt;
      assert.equal(decodeJwt(t).payload.sid, undefined, 'the server mints template tokens without sid, like Clerk');
      assert.equal((await verdict(t, jwks)).accepted, true);
      const m = matchOf(t);
      assert.equal(m.find((x) => x.name === 'sid')!.detail, 'Not carried by template tokens (the user is checked by sub instead).');
      assert.ok(m.every((x) => x.pass));
      assert.equal(matchOf(t, { id: sess.id, user_id: 'user_other' }).find((x) => x.name === 'sub')!.pass, false);
      const own = await sign(keys.RS256, { sid: undefined, v: 2 });
      assert.equal(matchOf(own, { id: 'sess_1', user_id: 'user_1' }).find((x) => x.name === 'sid')!.pass, false);
    });

    it('reports a token of another session and another user', () => {
      const m = matchOf(minted, { id: 'sess_other', user_id: 'user_other' });
      assert.equal(m[0].detail, `The token names session "${sess.id}", not sess_other.`);
      assert.equal(m[1].detail, `The token names user "${sess.user_id}", not user_other.`);
    });

    it('applies the clock skew to exp, nbf and iat, and says times to the second', async () => {
      const d = decodeJwt(minted).payload;
      assert.equal((await verdict(minted, jwks, { now: (d.exp! + 3) * 1000 })).accepted, true, 'within 5 s skew');
      const expired = await verdict(minted, jwks, { now: (d.exp! + 600) * 1000 });
      assert.equal(expired.reasons[0].kind, 'expired');
      assert.match(expired.reasons[0].sentence, /\(10 min ago\)/);
      assert.equal((await verdict(minted, jwks, { now: (d.exp! + 3) * 1000, clockSkewMs: 0 })).reasons[0].kind, 'expired');
      const early = await verdict(minted, jwks, { now: (d.nbf! - 60) * 1000 });
      assert.deepEqual(
        early.reasons.map((r) => r.kind),
        ['not-yet-valid', 'iat-future'],
      );
      assert.match(early.reasons[0].sentence, /\(in 60 s\)/);
      const fresh = explainToken(minted, { now: (d.exp! - 40) * 1000 });
      assert.ok(fresh.ok && fresh.times.exp!.relative === 'in 40 s', 'not "just now"');
      const gone = explainToken(minted, { now: (d.exp! + 40) * 1000 });
      assert.ok(gone.ok && gone.times.exp!.relative === '40 s ago');
    });

    for (const alg of ['PS256', 'ES256', 'ES384', 'EdDSA']) {
      it(`rejects ${alg} (Clerk signs RS256; @clerk/backend accepts RS256/384/512 only), never as a custom-key template`, async () => {
        const v = await verdict(await sign(keys[alg], {}), ownJwks);
        assert.equal(v.accepted, false);
        assert.equal(v.reasons[0].kind, 'alg');
        assert.notEqual(v.signature.state, 'valid');
      });
    }

    it('an HS256 token with sid or v: 2 is a forgery, never a custom-key template token', async () => {
      const secret = new TextEncoder().encode('any-secret-the-forger-likes-000000000000');
      for (const claims of [{ sid: sess.id }, { v: 2 }]) {
        const t = await new SignJWT({ sub: sess.user_id, exp: Math.floor(Date.now() / 1000) + 60, ...claims })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(secret);
        const v = await verdict(t, jwks);
        assert.equal(v.accepted, false);
        assert.deepEqual(
          v.reasons.map((r) => r.kind),
          ['kid-missing', 'alg'],
        );
        assert.equal(v.signature.state, 'invalid');
      }
    });

    it('a kid the JWKS does not have: not signed by a key of your instances (cannot tell the signature)', async () => {
      const v = await verdict(minted, ownJwks);
      assert.equal(v.accepted, false);
      assert.equal(v.reasons[0].kind, 'kid-unknown');
      assert.match(v.reasons[0].sentence, /^Not signed by a key of your instances: key .* rotated/);
      assert.equal(v.signature.state, 'no-key');
    });

    it('another key under the same kid, a tampered payload, alg none, HS256 under an RSA kid: never a valid signature', async () => {
      const kid = (server.publicJwk() as { kid: string }).kid;
      const impostor = await makeKey('RS256', kid);
      const forged = await verdict(await sign(impostor, { sid: sess.id, sub: sess.user_id }), jwks);
      assert.equal(forged.signature.state, 'invalid');
      assert.equal(forged.reasons[0].kind, 'signature');
      const [h, , sg] = minted.split('.');
      const tampered = await verdict(`${h}.${b64({ ...decodeJwt(minted).payload, sub: 'user_admin' })}.${sg}`, jwks);
      assert.equal(tampered.signature.state, 'invalid');
      const none = await verdict(`${b64({ alg: 'none', kid })}.${b64(decodeJwt(minted).payload)}.`, jwks);
      assert.equal(none.signature.state, 'unsigned');
      assert.equal(none.reasons[0].kind, 'alg');
      const hs = await verdict(await sign(await makeKey('HS256', kid), {}), jwks);
      assert.equal(hs.accepted, false);
      assert.equal(hs.reasons[0].kind, 'alg');
      assert.match(hs.reasons[0].sentence, /forgery/);
    });

    it('never throws, whatever it is given', async () => {
      const inputs: unknown[] = [
        '',
        ' ',
        'a.b.c',
        '...',
        'eyJ.eyJ.x',
        null,
        undefined,
        42,
        {},
        minted.slice(0, 40),
        `${minted}x`,
        'Bearer',
      ];
      for (let i = 0; i < 100; i++)
        inputs.push(Buffer.from(Array.from({ length: 1 + (i % 90) }, (_, j) => (i * 31 + j * 7) % 256)).toString('latin1'));
      const badSets: unknown[] = [jwks, null, undefined, {}, { keys: null }, { keys: [null, 5, 'x', { kid: 1 }] }];
      for (const input of inputs)
        for (const set of badSets) {
          const v = await verdict(input as string, set as Jwks);
          assert.notEqual(v.accepted, true);
          assert.equal(typeof v.sentence, 'string');
        }
      const broken = await verdict(minted, { keys: [{ ...jwks.keys[0], n: 'AAAA' }] });
      assert.equal(broken.accepted, false);
      assert.notEqual(broken.signature.state, 'valid');
    });
  });
});
