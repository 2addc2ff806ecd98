// RS256/RS384/RS512 signature checks against one JWK, offline. The key is imported as @clerk/backend imports it
// (WebCrypto, RSASSA-PKCS1-v1_5, for "verify"), so a JWK it refuses is refused here too: a `use` other than "sig", or
// `key_ops` without "verify", which jose's importJWK lets through. jose then checks the signature; where jose refuses
// for a reason @clerk/backend does not have (an unknown `crit` extension, `=` padding, an RSA key under 2048 bits),
// WebCrypto checks it with the same key, as @clerk/backend's does. Imported keys are cached per JWK object, so a cached
// JWKS costs one import per key. Never throws. No vscode import.
import { errorMessage } from '../util/errors';
import { webcrypto } from 'node:crypto';
import { compactVerify } from 'jose';
import type { Jwk } from './jwk';
import type { TokenParts } from './decode';
import * as l10n from '@vscode/l10n';

export interface SigCheck {
  state: 'valid' | 'invalid' | 'alg-key-mismatch' | 'unusable';
  sentence: string;
  kid?: string;
}

const HASH: Record<string, string> = { RS256: 'SHA-256', RS384: 'SHA-384', RS512: 'SHA-512' };
const algorithm = (alg: string) => ({ name: 'RSASSA-PKCS1-v1_5', hash: { name: HASH[alg] } });

const cache = new WeakMap<object, Map<string, Promise<CryptoKey>>>();

function imported(jwk: Jwk, alg: string): Promise<CryptoKey> {
  let m = cache.get(jwk);
  if (!m) cache.set(jwk, (m = new Map<string, Promise<CryptoKey>>()));
  let p = m.get(alg);
  if (!p) {
    p = webcrypto.subtle.importKey('jwk', jwk as JsonWebKey, algorithm(alg), false, ['verify']);
    p.catch(() => m.delete(alg));
    m.set(alg, p);
  }
  return p;
}

function critOption(token: string): Record<string, boolean> | undefined {
  try {
    const h = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as { crit?: unknown };
    if (!Array.isArray(h.crit) || !h.crit.every((x) => typeof x === 'string')) return undefined;
    return Object.fromEntries(h.crit.map((n) => [n, false]));
  } catch {
    return undefined;
  }
}

/** Checks the token's signature with one key. `alg` must be RS256/RS384/RS512 (the caller has checked). */
export async function checkSignature(token: string, parts: TokenParts, alg: string, jwk: Jwk): Promise<SigCheck> {
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  const name = kid === undefined ? l10n.t('the key') : l10n.t`key ${kid}`;
  const done = (state: SigCheck['state'], sentence: string): SigCheck =>
    kid === undefined ? { state, sentence } : { state, sentence, kid };
  if (!HASH[alg]) return done('unusable', l10n.t`The token says ${alg}, which an instance key cannot verify.`);
  if (jwk.kty !== 'RSA')
    return done('unusable', l10n.t`The token says ${alg}, which ${name} cannot verify: its key type is ${String(jwk.kty)}, not RSA.`);
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    return done(
      'alg-key-mismatch',
      l10n.t`The ${name} is for ${String(jwk.alg)}, but the token says ${alg}: @clerk/backend fails such a token.`,
    );
  }
  const valid = done('valid', l10n.t`The ${alg} signature matches ${name}.`);
  const invalid = done('invalid', l10n.t`The signature does not match ${name}: the token was altered or signed by another key.`);
  let key: CryptoKey;
  try {
    key = await imported(jwk, alg);
  } catch (e) {
    return done('unusable', l10n.t`The ${name} could not be used to check the signature (${errorMessage(e)}).`);
  }
  try {
    const crit = critOption(token);
    await compactVerify(token, key, crit ? { algorithms: [alg], crit } : { algorithms: [alg] });
    return valid;
  } catch (e) {
    if ((e as { code?: unknown })?.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return invalid;
  }
  try {
    const sig = Buffer.from(parts.signature.replace(/=+$/, ''), 'base64url');
    const data = new TextEncoder().encode(`${parts.header}.${parts.payload}`);
    return (await webcrypto.subtle.verify(algorithm(alg).name, key, sig, data)) ? valid : invalid;
  } catch (e) {
    return done('unusable', l10n.t`The ${name} could not be used to check the signature (${errorMessage(e)}).`);
  }
}
