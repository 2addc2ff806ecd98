// The signature check behind every surface (src/tokens/signature.ts, through the one verdict): what the hover, Explain
// Token and Verify say about a token's signature for keys that are not the plain 2048-bit RS256 key, where jose refuses
// for a reason @clerk/backend does not have and the same RSASSA-PKCS1-v1_5 check runs through WebCrypto (an RSA key
// under 2048 bits, `=` padding, an unknown crit), and for keys that cannot check the token (another key type, another
// alg, a broken key). Keys are made here at run time. Written for issue 14 (tests proven by mutation).
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { hoverSummary } from '../../src/tokens/hover';
import { verdict, type JwksLike } from '../../src/tokens/verdict';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const NOW = Date.UTC(2030, 0, 15, 9, 30);
const T = NOW / 1000;
const CLAIMS = {
  azp: 'http://localhost:3000',
  exp: T + 60,
  iat: T - 5,
  iss: 'https://clerk.acme.test',
  nbf: T - 10,
  sid: 'sess_1',
  sub: 'user_1',
  v: 2,
};
const HASH: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function rsa(bits: number): { priv: KeyObject; n: string; e: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { priv: privateKey, n: j.n, e: j.e };
}
function signed(header: Record<string, unknown>, payload: unknown, priv: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const alg = typeof header.alg === 'string' ? header.alg : 'RS256';
  return `${input}.${nodeSign(HASH[alg], Buffer.from(input), priv).toString('base64url')}`;
}
/** The same token with one claim changed after signing. */
function tampered(token: string, claims: Record<string, unknown>): string {
  const [h, , s] = token.split('.');
  return `${h}.${b64({ ...CLAIMS, ...claims })}.${s}`;
}

describe('signature: what every surface says about a token signature', function () {
  this.timeout(60_000);
  const big = rsa(2048);
  const small = rsa(1024);

  it('RS256, RS384 and RS512 with the instance key: the signature matches the key, named by its kid', async () => {
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const jwks = { keys: [{ kty: 'RSA', kid: 'ins_k', alg, use: 'sig', n: big.n, e: big.e }] };
      const v = await verdict(signed({ alg, kid: 'ins_k', typ: 'JWT' }, CLAIMS, big.priv), jwks, { now: NOW });
      assert.equal(v.accepted, true, alg);
      assert.deepEqual(v.signature, { state: 'valid', sentence: `The ${alg} signature matches key ins_k.`, kid: 'ins_k' });
    }
  });

  it('an RSA key under 2048 bits (jose refuses it, @clerk/backend does not): checked all the same, RS256 to RS512', async () => {
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const jwks = { keys: [{ kty: 'RSA', kid: 'ins_small', alg, use: 'sig', n: small.n, e: small.e }] };
      const token = signed({ alg, kid: 'ins_small', typ: 'JWT' }, CLAIMS, small.priv);
      const v = await verdict(token, jwks, { now: NOW });
      assert.equal(v.accepted, true, alg);
      assert.deepEqual(v.signature, { state: 'valid', sentence: `The ${alg} signature matches key ins_small.`, kid: 'ins_small' });
      // Altered after signing, or signed by another key: not a match.
      for (const forged of [
        tampered(token, { sub: 'user_admin' }),
        signed({ alg, kid: 'ins_small', typ: 'JWT' }, CLAIMS, rsa(1024).priv),
      ]) {
        const f = await verdict(forged, jwks, { now: NOW });
        assert.equal(f.accepted, false, alg);
        assert.deepEqual(f.signature, {
          state: 'invalid',
          sentence: 'The signature does not match key ins_small: the token was altered or signed by another key.',
          kid: 'ins_small',
        });
        assert.deepEqual(
          f.reasons.map((r) => [r.kind, r.clerkReason]),
          [['signature', 'token-invalid-signature']],
        );
      }
    }
  });

  it('a signature with = padding (pasted from a base64 tool) is checked as @clerk/backend checks it', async () => {
    const jwks = { keys: [{ kty: 'RSA', kid: 'ins_k', alg: 'RS256', use: 'sig', n: big.n, e: big.e }] };
    const token = signed({ alg: 'RS256', kid: 'ins_k', typ: 'JWT' }, CLAIMS, big.priv);
    for (const padded of [`${token}=`, `${token}==`]) {
      const v = await verdict(padded, jwks, { now: NOW });
      assert.deepEqual(v.signature, { state: 'valid', sentence: 'The RS256 signature matches key ins_k.', kid: 'ins_k' }, padded.slice(-3));
    }
    const bad = await verdict(`${tampered(token, { sid: 'sess_2' })}==`, jwks, { now: NOW });
    assert.equal(bad.signature.state, 'invalid');
  });

  it('a crit header jose does not know: @clerk/backend ignores crit, so the signature still matches (and a note says so)', async () => {
    const jwks = { keys: [{ kty: 'RSA', kid: 'ins_k', alg: 'RS256', use: 'sig', n: big.n, e: big.e }] };
    for (const crit of [['urn:acme:x'], ['exp'], [1]]) {
      const token = signed({ alg: 'RS256', kid: 'ins_k', typ: 'JWT', crit, 'urn:acme:x': true }, CLAIMS, big.priv);
      const v = await verdict(token, jwks, { now: NOW });
      assert.equal(v.signature.state, 'valid', JSON.stringify(crit));
      assert.equal(v.accepted, true);
      const f = await verdict(tampered(token, { sub: 'user_2' }), jwks, { now: NOW });
      assert.equal(f.signature.state, 'invalid', JSON.stringify(crit));
    }
  });

  it('a key of another type under the kid (EC): the hover says the key cannot verify an RS256 token', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const jwks = { keys: [{ ...ec, kid: 'ins_ec', use: 'sig' }] } as JwksLike;
    const h = await hoverSummary(signed({ alg: 'RS256', kid: 'ins_ec', typ: 'JWT' }, CLAIMS, big.priv), { jwks, now: NOW });
    const sentence = 'The token says RS256, which key ins_ec cannot verify: its key type is EC, not RSA.';
    assert.deepEqual(h.lines[0], { label: 'Verdict', value: `✗ A backend using @clerk/backend would reject it: ${sentence}` });
    assert.deepEqual(h.signature, { state: 'invalid', sentence });
    const v = await verdict(signed({ alg: 'RS256', kid: 'ins_ec', typ: 'JWT' }, CLAIMS, big.priv), jwks, { now: NOW });
    assert.equal(v.clerkReason, 'token-verification-failed');
  });

  it('an instance key for another alg than the token says: @clerk/backend fails the token, and the hover says why', async () => {
    const jwks = { keys: [{ kty: 'RSA', kid: 'ins_k', alg: 'RS384', use: 'sig', n: big.n, e: big.e }] };
    const v = await verdict(signed({ alg: 'RS256', kid: 'ins_k', typ: 'JWT' }, CLAIMS, big.priv), jwks, { now: NOW });
    const sentence = 'The key ins_k is for RS384, but the token says RS256: @clerk/backend fails such a token.';
    assert.deepEqual(v.signature, { state: 'invalid', sentence, kid: 'ins_k' });
    assert.deepEqual(v.reasons, [{ kind: 'alg-key-mismatch', clerkReason: 'token-verification-failed', sentence }]);
  });

  it('a broken key in the JWKS (its modulus is missing): the key could not be used, said in a sentence, never thrown', async () => {
    const jwks = { keys: [{ kty: 'RSA', kid: 'ins_bad', alg: 'RS256', use: 'sig', e: 'AQAB' }] };
    const token = signed({ alg: 'RS256', kid: 'ins_bad', typ: 'JWT' }, CLAIMS, big.priv);
    const v = await verdict(token, jwks, { now: NOW });
    assert.equal(v.signature.state, 'invalid');
    assert.match(v.signature.sentence, /^The key ins_bad could not be used to check the signature \(.+\)\.$/);
    assert.deepEqual(
      v.reasons.map((r) => [r.kind, r.clerkReason, r.sentence]),
      [['signature', 'token-verification-failed', v.signature.sentence]],
    );
    const h = await hoverSummary(token, { jwks, now: NOW });
    assert.equal(h.lines[0].value, `✗ A backend using @clerk/backend would reject it: ${v.signature.sentence}`);
  });

  it('a key without a string kid (jwtKey, kid not looked at) is "the key", in every sentence', async () => {
    const token = signed({ alg: 'RS256', typ: 'JWT' }, CLAIMS, big.priv);
    for (const kid of [undefined, 7]) {
      const jwks = { keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', n: big.n, e: big.e, ...(kid === undefined ? {} : { kid }) }] };
      const v = await verdict(token, jwks, { now: NOW, keySource: 'pem' });
      assert.deepEqual(v.signature, { state: 'valid', sentence: 'The RS256 signature matches the key.' }, String(kid));
      const f = await verdict(tampered(token, { sub: 'user_2' }), jwks, { now: NOW, keySource: 'pem' });
      assert.deepEqual(
        f.signature,
        { state: 'invalid', sentence: 'The signature does not match the key: the token was altered or signed by another key.' },
        String(kid),
      );
    }
  });
});
