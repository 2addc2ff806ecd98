// Our verdict against @clerk/backend's own verifyToken, token by token. Tokens are crafted here (an RSA key pair made
// by the test; its public JWK is the JWKS and its PEM is verifyToken's jwtKey, networkless) or minted by the local
// Clerk server. For each: same accept/reject, and our first reason's clerkReason equals the reason verifyToken reports.
// The expected kind per token is asserted too, so two wrong answers cannot agree silently.
import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifyToken } from '@clerk/backend';
import { ClerkClient, clearJwksCache } from '../../src/clerk/client';
import { verdict, type ReasonKind, type Verdict } from '../../src/tokens/verdict';
import { startClerkServer, type ClerkServer } from '../server/server';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const HASH: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/** Signs any header and payload, however odd (jose refuses to sign unknown crit and the like, as it should). */
function rawSign(header: object, payload: unknown, key: KeyObject, alg = 'RS256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${nodeSign(HASH[alg]!, Buffer.from(input), key).toString('base64url')}`;
}

function makeRsa(): { priv: KeyObject; pem: string; jwk: { kid: string; kty: 'RSA'; alg: 'RS256'; use: 'sig'; n: string; e: string } } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return {
    priv: privateKey,
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { kid: 'ins_oracle_1', kty: 'RSA', alg: 'RS256', use: 'sig', n: j.n, e: j.e },
  };
}

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0); // whole second
const T = NOW / 1000;
const AZP = 'https://app.example.test';
const ISS = 'https://clean-cat-12.clerk.accounts.dev';

interface Case {
  name: string;
  token: () => Promise<string> | string;
  expect: 'accept' | ReasonKind;
  /** The clock of the check; a function for tokens minted during the run (read when the case runs). */
  now?: number | (() => number);
  parties?: string[];
  skew?: number;
  /** Which key the backend was given: ours (default) or the local server's. */
  server?: boolean;
}

const nowOf = (c: Case): number => (typeof c.now === 'function' ? c.now() : (c.now ?? NOW));

type ClerkOutcome = { accepted: true } | { accepted: false; reason: string };

async function clerkSays(token: string, pem: string, c: Case): Promise<ClerkOutcome> {
  const realNow = Date.now;
  const now = nowOf(c);
  Date.now = () => now;
  try {
    const opts: Record<string, unknown> = { jwtKey: pem };
    if (c.parties) opts.authorizedParties = c.parties;
    if (c.skew !== undefined) opts.clockSkewInMs = c.skew;
    const r = (await verifyToken(token, opts as never)) as { data?: unknown; errors?: Array<{ reason?: string }> };
    if (r.errors && r.errors.length)
      return { accepted: false, reason: typeof r.errors[0]?.reason === 'string' ? r.errors[0].reason : 'exception' };
    return { accepted: true };
  } catch (e) {
    // The public verifyToken throws its first error (a TokenVerificationError with a reason, or whatever else broke).
    const reason = (e as { reason?: unknown })?.reason;
    return { accepted: false, reason: typeof reason === 'string' ? reason : 'exception' };
  } finally {
    Date.now = realNow;
  }
}

describe('oracle: our verdict equals @clerk/backend verifyToken', function () {
  this.timeout(60_000);
  const k = makeRsa();
  const other = makeRsa();
  let server: ClerkServer;
  let serverPem = '';
  let serverJwks: { keys: unknown[] };
  let sessionToken = '';
  let templateToken = '';
  let customKeyToken = '';

  const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    azp: AZP,
    exp: T + 60,
    iat: T - 5,
    iss: ISS,
    jti: 'j1',
    nbf: T - 10,
    sid: 'sess_2abc',
    sub: 'user_2abc',
    v: 2,
    fva: [3, -1],
    pla: 'u:free',
    fea: 'u:basic',
    sts: 'active',
    ...extra,
  });
  const jose = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = k.priv): Promise<string> => {
    const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    return new SignJWT(clean).setProtectedHeader({ alg: 'RS256', kid: k.jwk.kid, typ: 'JWT', ...header }).sign(key);
  };

  before(async () => {
    server = await startClerkServer({ seed: 11 });
    clearJwksCache();
    const client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url });
    const sess = server.data.sessions.find((s) => s.status === 'active')!;
    sessionToken = (await client.createSessionToken(sess.id)).jwt;
    const rsaTemplate = server.data.jwtTemplates.find((t) => !t.custom_signing_key)!;
    templateToken = (await client.createSessionToken(sess.id, { template: rsaTemplate.name })).jwt;
    const custom = server.data.jwtTemplates.find((t) => t.custom_signing_key);
    customKeyToken = custom ? (await client.createSessionToken(sess.id, { template: custom.name })).jwt : '';
    serverJwks = await client.getJwks();
    serverPem = createPublicKey({ key: server.publicJwk() as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  });
  after(async () => {
    await server.stop();
  });

  const cases: Case[] = [
    { name: 'valid v2 session token', token: () => jose(claims()), expect: 'accept' },
    { name: 'valid, azp among authorizedParties', token: () => jose(claims()), parties: [AZP, 'http://localhost:3000'], expect: 'accept' },
    {
      name: 'template token (no sid, own claims)',
      token: () =>
        jose({
          ...claims({ sid: undefined, v: undefined, fva: undefined, pla: undefined, fea: undefined, sts: undefined }),
          aud: 'authenticated',
          role: 'authenticated',
          email: 'ada@example.test',
        }),
      expect: 'accept',
    },
    { name: 'expired a minute ago', token: () => jose(claims({ exp: T - 60 })), expect: 'expired' },
    { name: 'exp edge: now = exp + skew (expired)', token: () => jose(claims({ exp: T - 5 })), expect: 'expired' },
    { name: 'exp edge: now = exp + skew - 1 ms (valid)', token: () => jose(claims({ exp: T - 5 })), now: NOW - 1, expect: 'accept' },
    { name: 'exp edge with clockSkewInMs 0', token: () => jose(claims({ exp: T })), skew: 0, expect: 'expired' },
    { name: 'nbf beyond the skew', token: () => jose(claims({ nbf: T + 6, iat: T - 5 })), expect: 'not-yet-valid' },
    { name: 'nbf edge: exactly now + skew (valid)', token: () => jose(claims({ nbf: T + 5 })), expect: 'accept' },
    { name: 'nbf edge: now + skew + 1 ms short', token: () => jose(claims({ nbf: T + 5 })), now: NOW - 1, expect: 'not-yet-valid' },
    { name: 'iat in the future (no nbf)', token: () => jose(claims({ nbf: undefined, iat: T + 30 })), expect: 'iat-future' },
    { name: 'iat edge: exactly now + skew', token: () => jose(claims({ nbf: undefined, iat: T + 5 })), expect: 'accept' },
    { name: 'signed by another key, same kid', token: () => jose(claims(), {}, other.priv), expect: 'signature' },
    { name: 'signed by an unknown key and kid', token: () => jose(claims(), { kid: 'ins_elsewhere' }, other.priv), expect: 'kid-unknown' },
    {
      name: 'payload tampered (sub changed)',
      token: async () => {
        const [h, , s] = (await jose(claims())).split('.');
        return `${h}.${b64(claims({ sub: 'user_admin' }))}.${s}`;
      },
      expect: 'signature',
    },
    { name: "alg 'none'", token: () => `${b64({ alg: 'none', typ: 'JWT', kid: k.jwk.kid })}.${b64(claims())}.`, expect: 'alg' },
    {
      name: 'HS256 custom-key template',
      token: () =>
        new SignJWT(claims({ sid: undefined, v: undefined }))
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(new TextEncoder().encode('fake-supabase-secret-made-by-the-test-000000')),
      expect: 'custom-key',
    },
    { name: 'no azp, no authorizedParties', token: () => jose(claims({ azp: undefined })), expect: 'accept' },
    { name: 'no azp, authorizedParties set', token: () => jose(claims({ azp: undefined })), parties: [AZP], expect: 'azp-missing' },
    { name: 'wrong azp', token: () => jose(claims({ azp: 'https://evil.example.test' })), parties: [AZP], expect: 'azp-mismatch' },
    {
      name: 'v1 with org claims',
      token: () =>
        jose({
          azp: AZP,
          exp: T + 60,
          iat: T - 5,
          iss: ISS,
          nbf: T - 10,
          sid: 'sess_1',
          sub: 'user_1',
          org_id: 'org_1',
          org_slug: 'acme',
          org_role: 'org:admin',
          org_permissions: ['org:sys_memberships:manage'],
        }),
      expect: 'accept',
    },
    {
      name: 'v2 with organization (o, fea, fpm)',
      token: () =>
        jose(claims({ fea: 'o:dashboard,o:teams', o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' } })),
      expect: 'accept',
    },
    {
      name: 'impersonated (act)',
      token: () => jose(claims({ act: { iss: 'https://dashboard.clerk.com', sid: 'sess_imp', sub: 'user_admin' } })),
      expect: 'accept',
    },
    { name: 'pending session (sts)', token: () => jose(claims({ sts: 'pending' })), expect: 'accept' },
    { name: 'typ at+jwt', token: () => jose(claims(), { typ: 'at+jwt' }), expect: 'typ' },
    { name: 'sub missing', token: () => jose(claims({ sub: undefined })), expect: 'sub-missing' },
    {
      name: 'exp as a string',
      token: () => rawSign({ alg: 'RS256', kid: k.jwk.kid, typ: 'JWT' }, claims({ exp: String(T + 60) }), k.priv),
      expect: 'exp-invalid',
    },
    {
      name: 'nbf as a string',
      token: () => rawSign({ alg: 'RS256', kid: k.jwk.kid }, claims({ nbf: String(T) }), k.priv),
      expect: 'nbf-invalid',
    },
    {
      name: 'RS384 with the RS256 key',
      token: () => rawSign({ alg: 'RS384', kid: k.jwk.kid }, claims(), k.priv, 'RS384'),
      expect: 'alg-key-mismatch',
    },
    {
      name: 'unknown crit (ignored by both)',
      token: () => rawSign({ alg: 'RS256', kid: k.jwk.kid, crit: ['x-mystery'], 'x-mystery': 1 }, claims(), k.priv),
      expect: 'accept',
    },
    { name: 'machine (M2M) category', token: () => jose(claims(), { cat: 'cl_B7d4PD333AAA' }), expect: 'm2m' },
    { name: 'exp beyond a Date (never expires)', token: () => jose(claims({ exp: 1e13 })), expect: 'accept' },
    { name: 'payload is a JSON array', token: () => rawSign({ alg: 'RS256', kid: k.jwk.kid }, [1, 2], k.priv), expect: 'malformed' },
    { name: 'three dotted words', token: () => 'a.b.c', expect: 'malformed' },
    {
      name: 'expired and wrong azp and iat future (every reason)',
      token: () => jose(claims({ exp: T - 600, azp: 'x', iat: T + 600, nbf: undefined })),
      parties: [AZP],
      expect: 'azp-mismatch',
    },
    { name: 'server: session token (no azp)', server: true, token: () => sessionToken, now: () => Date.now(), expect: 'accept' },
    {
      name: 'server: session token, authorizedParties set',
      server: true,
      token: () => sessionToken,
      now: () => Date.now(),
      parties: [AZP],
      expect: 'azp-missing',
    },
    { name: 'server: template token', server: true, token: () => templateToken, now: () => Date.now(), expect: 'accept' },
    { name: 'server: HS256 custom-key template', server: true, token: () => customKeyToken, now: () => Date.now(), expect: 'custom-key' },
    {
      name: 'server: session token an hour later',
      server: true,
      token: () => sessionToken,
      now: () => Date.now() + 3600_000,
      expect: 'expired',
    },
  ];

  const rows: string[] = [];
  let agree = 0;
  for (const c of cases) {
    it(c.name, async () => {
      const token = await c.token();
      assert.ok(token, 'the token was made');
      const pem = c.server ? serverPem : k.pem;
      const jwks = c.server ? serverJwks : { keys: [k.jwk] };
      const clerk = await clerkSays(token, pem, c);
      const ours: Verdict = await verdict(token, jwks, {
        keySource: 'pem',
        now: nowOf(c),
        authorizedParties: c.parties,
        clockSkewMs: c.skew,
      });
      const oursJwks = await verdict(token, jwks, { now: nowOf(c), authorizedParties: c.parties, clockSkewMs: c.skew });
      const same = ours.accepted === clerk.accepted && (clerk.accepted || ours.clerkReason === clerk.reason);
      if (same) agree++;
      rows.push(
        `${same ? 'agree   ' : 'DISAGREE'} | ${c.name.padEnd(52)} | clerk: ${clerk.accepted ? 'accept' : clerk.reason} | ours: ${
          ours.accepted ? 'accept' : `${ours.reasons.map((r) => r.kind).join('+')} → ${ours.clerkReason}`
        } | by kid: ${oursJwks.accepted ? 'accept' : oursJwks.reasons[0]?.kind}`,
      );
      assert.equal(
        ours.accepted,
        clerk.accepted,
        `accept: ours ${String(ours.accepted)} (${ours.sentence}), clerk ${JSON.stringify(clerk)}`,
      );
      if (!clerk.accepted) assert.equal(ours.clerkReason, clerk.reason, ours.sentence);
      assert.equal(ours.accepted ? 'accept' : ours.reasons[0]!.kind, c.expect, ours.sentence);
      // The default (kid looked up in the JWKS) agrees on accept/reject for every token whose kid names the key.
      if (c.expect !== 'kid-unknown') assert.equal(oursJwks.accepted, ours.accepted, oursJwks.sentence);
    });
  }

  after(() => {
    console.log(`\n${rows.join('\n')}\n${cases.length} tokens, ${agree} agree`);
    assert.ok(cases.length >= 25);
  });
});
