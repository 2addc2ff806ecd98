// decodeJwt and networkless verifySessionToken: tokens minted by the local Clerk server (RS256) and tokens made
// here with jose for the other algorithms and for every way a token can be wrong.
import * as assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey } from 'jose';
import { ClerkClient, clearJwksCache } from '../../src/clerk/client';
import { ClerkTokenError } from '../../src/clerk/errors';
import { decodeJwt, type TokenReport } from '../../src/clerk/tokens';
import { verifySessionToken } from '../../src/clerk/verifyToken';
import type { Jwk, Jwks } from '../../src/clerk/types';
import { explainToken } from '../../src/tokens/explain';
import { startClerkServer, type ClerkServer } from '../server/server';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const check = (r: TokenReport, name: string) => r.checks.find((c) => c.name === name);
const passed = (r: TokenReport, name: string): boolean | undefined => check(r, name)?.pass;

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
      assert.match(e.notes[0]!, /^No azp: the token was minted without a browser Origin/);
      const tmpl = explainToken(`${b64({ alg: 'RS256' })}.${b64({ sub: 'user_1', iss: 'https://x', aud: 'authenticated' })}.c2ln`, { now });
      assert.ok(tmpl.ok && tmpl.kind === 'template' && tmpl.otherClaims.join() === 'aud');
    });
  });

  describe('verifySessionToken', () => {
    it('passes every check for a fresh server token against the instance JWKS', async () => {
      const r = await verifySessionToken(minted, { jwks, sessionId: sess.id, userId: sess.user_id });
      assert.equal(r.ok, true, JSON.stringify(r.checks));
      assert.deepEqual(
        r.checks.map((c) => c.name),
        ['well-formed', 'kid', 'signature', 'exp', 'nbf', 'iat', 'sid', 'sub'],
      );
      assert.match(check(r, 'signature')!.detail, /^Valid RS256 signature by key /);
      assert.equal(r.decoded?.payload.sid, sess.id);
    });

    it('passes sid for a template token (it carries none) and still checks sub', async () => {
      const tmpl = server.data.jwtTemplates.find((t) => !t.custom_signing_key)!;
      const t = (await client.createSessionToken(sess.id, { template: tmpl.name })).jwt;
      assert.equal(decodeJwt(t).payload.sid, undefined, 'the server mints template tokens without sid, like Clerk');
      const r = await verifySessionToken(t, { jwks, sessionId: sess.id, userId: sess.user_id });
      assert.equal(r.ok, true, JSON.stringify(r.checks));
      assert.equal(check(r, 'sid')!.detail, 'Not carried by template tokens (the user is checked by sub instead).');
      const other = await verifySessionToken(t, { jwks, sessionId: sess.id, userId: 'user_other' });
      assert.equal(other.ok, false);
      assert.equal(passed(other, 'sub'), false);
      // A session token without sid is still a failure.
      const own = await sign(keys.RS256!, { sid: undefined, v: 2 });
      const r2 = await verifySessionToken(own, { jwks: ownJwks, sessionId: 'sess_1' });
      assert.equal(passed(r2, 'sid'), false);
    });

    it('finds the key through the client, refetching for an unknown kid', async () => {
      const kid = decodeJwt(minted).header.kid!;
      const jwk = await client.getJwkForKid(kid);
      const r = await verifySessionToken(minted, { jwks: { keys: [jwk!] } });
      assert.equal(r.ok, true);
    });

    it('reports a token of another session and another user', async () => {
      const r = await verifySessionToken(minted, { jwks, sessionId: 'sess_other', userId: 'user_other' });
      assert.equal(r.ok, false);
      assert.equal(passed(r, 'signature'), true);
      assert.equal(check(r, 'sid')!.detail, `The token belongs to session ${sess.id}, not sess_other.`);
      assert.equal(check(r, 'sub')!.detail, `The token is for user ${sess.user_id}, not user_other.`);
    });

    it('applies the clock skew to exp, nbf and iat', async () => {
      const d = decodeJwt(minted).payload;
      const justExpired = await verifySessionToken(minted, { jwks, now: (d.exp! + 3) * 1000 });
      assert.equal(passed(justExpired, 'exp'), true, 'within 5 s skew');
      const expired = await verifySessionToken(minted, { jwks, now: (d.exp! + 600) * 1000 });
      assert.equal(expired.ok, false);
      assert.equal(passed(expired, 'exp'), false);
      assert.match(check(expired, 'exp')!.detail, /^Expired 10 min ago \(at \d{4}-/);
      const noSkew = await verifySessionToken(minted, { jwks, now: (d.exp! + 3) * 1000, clockSkewMs: 0 });
      assert.equal(passed(noSkew, 'exp'), false);
      const early = await verifySessionToken(minted, { jwks, now: new Date((d.nbf! - 60) * 1000) });
      assert.equal(passed(early, 'nbf'), false);
      assert.match(check(early, 'nbf')!.detail, /^Not valid for another 60 s/);
      assert.equal(passed(early, 'iat'), false);
      assert.match(check(early, 'iat')!.detail, /in the future/);
    });

    for (const alg of ['RS384', 'PS256', 'ES256', 'ES384', 'EdDSA', 'HS256']) {
      it(`verifies ${alg}`, async () => {
        const t = await sign(keys[alg]!, {});
        const r = await verifySessionToken(t, { jwks: ownJwks, sessionId: 'sess_1', userId: 'user_1' });
        assert.equal(r.ok, true, JSON.stringify(r.checks));
      });
    }

    it('fails a kid the JWKS does not have, and does not check the signature', async () => {
      const r = await verifySessionToken(minted, { jwks: ownJwks });
      assert.equal(r.ok, false);
      assert.equal(passed(r, 'kid'), false);
      assert.match(check(r, 'kid')!.detail, /is not in the instance's JWKS \(it has: kid_RS256, /);
      assert.equal(check(r, 'signature')!.detail, 'Not checked: no matching key.');
    });

    it('fails a token signed by another key under the same kid', async () => {
      const impostor = await makeKey('RS256', (server.publicJwk() as { kid: string }).kid);
      const t = await sign(impostor, { sid: sess.id, sub: sess.user_id });
      const r = await verifySessionToken(t, { jwks });
      assert.equal(passed(r, 'kid'), true);
      assert.equal(passed(r, 'signature'), false);
      assert.match(check(r, 'signature')!.detail, /^The signature does not match key /);
    });

    it('fails a tampered payload', async () => {
      const [h, , s] = minted.split('.');
      const payload = { ...decodeJwt(minted).payload, sub: 'user_admin' };
      const r = await verifySessionToken(`${h}.${b64(payload)}.${s}`, { jwks });
      assert.equal(passed(r, 'signature'), false);
    });

    it("fails alg 'none'", async () => {
      const kid = (server.publicJwk() as { kid: string }).kid;
      const payload = decodeJwt(minted).payload;
      const r = await verifySessionToken(`${b64({ alg: 'none', kid })}.${b64(payload)}.`, { jwks });
      assert.equal(r.ok, false);
      assert.equal(check(r, 'signature')!.detail, "The token is unsigned (alg 'none').");
    });

    it('fails HS256 against an RSA key (algorithm confusion)', async () => {
      const kid = (server.publicJwk() as { kid: string }).kid;
      const hs = await makeKey('HS256', kid);
      const t = await sign(hs, {});
      const r = await verifySessionToken(t, { jwks });
      assert.equal(check(r, 'signature')!.detail, 'The token says HS256, which a RSA key cannot verify.');
    });

    it("fails a token whose alg is not the key's alg", async () => {
      const ps = keys.PS256!;
      const t = await sign(ps, {}, { kid: 'kid_labelled_rs256' });
      const r = await verifySessionToken(t, { jwks: { keys: [{ ...ps.jwk, kid: 'kid_labelled_rs256', alg: 'RS256' }] } });
      assert.equal(check(r, 'signature')!.detail, 'Key kid_labelled_rs256 is for RS256, but the token says PS256.');
    });

    it('fails missing exp and iat, and a missing kid', async () => {
      const t = await new SignJWT({ sid: 'sess_1' }).setProtectedHeader({ alg: 'RS256', kid: 'kid_RS256' }).sign(keys.RS256!.priv);
      const r = await verifySessionToken(t, { jwks: ownJwks });
      assert.equal(check(r, 'exp')!.detail, "The token has no 'exp' (expiry) claim.");
      assert.equal(check(r, 'iat')!.detail, "The token has no 'iat' (issued at) claim.");
      assert.equal(check(r, 'nbf')!.detail, "No 'nbf' claim.");
      const noKid = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(keys.RS256!.priv);
      const r2 = await verifySessionToken(noKid, { jwks: ownJwks });
      assert.equal(check(r2, 'kid')!.detail, "The token's header has no 'kid', so no key of the instance can be chosen.");
    });

    it('reports garbage as not well-formed and the rest as not checked', async () => {
      const r = await verifySessionToken('garbage', { jwks, sessionId: 's', userId: 'u' });
      assert.equal(r.ok, false);
      assert.equal(check(r, 'well-formed')!.detail, "This isn't a JWT: it has 1 part; a JWT has 3 separated by dots.");
      assert.equal(r.checks.length, 8);
      assert.ok(r.checks.slice(1).every((c) => !c.pass && c.detail.startsWith('Not checked')));
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
        '\u0000.\u0000.\u0000',
      ];
      for (let i = 0; i < 200; i++)
        inputs.push(Buffer.from(Array.from({ length: 1 + (i % 90) }, (_, j) => (i * 31 + j * 7) % 256)).toString('latin1'));
      const badSets: unknown[] = [
        jwks,
        null,
        undefined,
        {},
        { keys: null },
        { keys: [null, 5, 'x', { kid: 1 }] },
        { keys: [{ ...jwks.keys[0], n: 'AAAA' }] },
      ];
      for (const input of inputs) {
        for (const set of badSets) {
          const r = await verifySessionToken(input as string, { jwks: set as Jwks });
          assert.equal(typeof r.ok, 'boolean');
          assert.ok(Array.isArray(r.checks) && r.checks.length > 0);
        }
      }
      // a real token with a broken key in the JWKS
      const r = await verifySessionToken(minted, { jwks: { keys: [{ ...jwks.keys[0]!, n: 'AAAA' }] } });
      assert.equal(r.ok, false);
      assert.equal(passed(r, 'signature'), false);
    });
  });
});
