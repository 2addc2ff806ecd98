// Networkless verification of a session token against a JWKS, one check per step, for the Verify command. No network
// here: the JWKS is passed in (the client fetches and caches it). `verifySessionToken` never throws.
import { errorMessage } from '../util/errors';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { Jwk, Jwks } from './types';
import { classify } from '../tokens/explain';
import { cleanToken, decodeJwt, isoOf, type DecodedJwt } from './tokens';

export type CheckName = 'well-formed' | 'kid' | 'signature' | 'exp' | 'nbf' | 'iat' | 'sid' | 'sub';

export interface TokenCheck {
  name: CheckName;
  pass: boolean;
  detail: string;
  /** Passed only because it cannot be checked here (a template's custom signing key). */
  unchecked?: true;
}

export interface TokenReport {
  ok: boolean;
  checks: TokenCheck[];
  /** The decoded token when it was well-formed. */
  decoded?: DecodedJwt;
}

export interface VerifyOptions {
  jwks: Jwks | { keys: unknown[] };
  /** When given, the `sid` claim must equal it. */
  sessionId?: string;
  /** When given, the `sub` claim must equal it. */
  userId?: string;
  /** Tolerance for exp / nbf / iat. Default 5000 ms. */
  clockSkewMs?: number;
  /** The time to check against (tests). Default now. */
  now?: Date | number;
}

/** Signing algorithms accepted per JWK key type. `none` never is. */
const ALGS_BY_KTY: Record<string, readonly string[]> = {
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  EC: ['ES256', 'ES384', 'ES512'],
  OKP: ['EdDSA', 'Ed25519'],
  oct: ['HS256', 'HS384', 'HS512'],
};

function ago(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/**
 * Verifies a session token without the network: structure, key, signature, exp / nbf / iat (with skew), and
 * optionally sid / sub. Returns one check per step; never throws.
 */
export async function verifySessionToken(token: string, options: VerifyOptions): Promise<TokenReport> {
  const checks: TokenCheck[] = [];
  const add = (name: CheckName, pass: boolean, detail: string): void => {
    checks.push({ name, pass, detail });
  };
  const finish = (decoded?: DecodedJwt): TokenReport => {
    const r: TokenReport = { ok: checks.length > 0 && checks.every((c) => c.pass), checks };
    if (decoded) r.decoded = decoded;
    return r;
  };
  const skip = (reason: string): void => {
    const names: CheckName[] = ['kid', 'signature', 'exp', 'nbf', 'iat'];
    if (options?.sessionId !== undefined) names.push('sid');
    if (options?.userId !== undefined) names.push('sub');
    for (const n of names) if (!checks.some((c) => c.name === n)) add(n, false, `Not checked: ${reason}`);
  };

  try {
    const skewS = Math.max(0, options?.clockSkewMs ?? 5000) / 1000;
    const nowMs = options?.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
    const nowS = nowMs / 1000;

    // 1. well-formed
    let decoded: DecodedJwt;
    const t = typeof token === 'string' ? cleanToken(token) : '';
    try {
      decoded = decodeJwt(t);
    } catch (e) {
      add('well-formed', false, e instanceof Error ? errorMessage(e) : 'The token could not be decoded.');
      skip('the token is not a well-formed JWT.');
      return finish();
    }
    const { header, payload } = decoded;
    if (typeof header.alg !== 'string' || header.alg === '') {
      add('well-formed', false, "The token's header has no 'alg'.");
      skip('the token is not a well-formed JWT.');
      return finish(decoded);
    }
    add('well-formed', true, `A JWT signed with ${header.alg}${header.typ ? ` (typ ${header.typ})` : ''}.`);

    // 2. kid in the JWKS
    const keys = Array.isArray(options?.jwks?.keys) ? (options.jwks.keys as unknown[]) : [];
    let jwk: Jwk | undefined;
    const inJwks = typeof header.kid === 'string' && keys.some((k) => !!k && typeof k === 'object' && (k as Jwk).kid === header.kid);
    // A template with a custom signing key (Supabase: HS256 with its own secret) signs with a key Clerk's JWKS does
    // not hold: its signature can only be checked by the key's holder. Not a failure, and never "invalid signature".
    const customKey =
      !inJwks && header.alg !== 'none' && (classify(payload as never) === 'template' || !/^(RS|PS|ES)\d+$|^EdDSA$/.test(header.alg));
    if (customKey) {
      const note = `Signed with the template's own key (${header.alg}${header.kid ? `, kid ${header.kid}` : ', no kid'}), not one of the instance's: Clerk's JWKS cannot check it; only the key's holder can.`;
      checks.push({ name: 'kid', pass: true, unchecked: true, detail: note });
      checks.push({
        name: 'signature',
        pass: true,
        unchecked: true,
        detail: 'Not checkable here (custom signing key); the times and claims below are checked.',
      });
    } else if (typeof header.kid !== 'string' || header.kid === '') {
      add('kid', false, "The token's header has no 'kid', so no key of the instance can be chosen.");
    } else {
      jwk = keys.find((k): k is Jwk => !!k && typeof k === 'object' && (k as Jwk).kid === header.kid);
      if (jwk) add('kid', true, `Key ${header.kid} is in the instance's JWKS.`);
      else {
        const known = keys.map((k) => (k && typeof k === 'object' ? String((k as Jwk).kid) : '?')).join(', ') || 'none';
        add('kid', false, `Key ${header.kid} is not in the instance's JWKS (it has: ${known}). The token may come from another instance.`);
      }
    }

    // 3. signature
    if (customKey) {
      /* said above */
    } else if (!jwk) {
      add('signature', false, 'Not checked: no matching key.');
    } else {
      const alg = header.alg;
      const allowed = ALGS_BY_KTY[jwk.kty] ?? [];
      if (alg === 'none') {
        add('signature', false, "The token is unsigned (alg 'none').");
      } else if (!allowed.includes(alg)) {
        add('signature', false, `The token says ${alg}, which a ${jwk.kty} key cannot verify.`);
      } else if (jwk.alg && jwk.alg !== alg) {
        add('signature', false, `Key ${jwk.kid} is for ${jwk.alg}, but the token says ${alg}.`);
      } else {
        try {
          const key = await importJWK(jwk as JWK, alg);
          await compactVerify(t, key, { algorithms: [alg] });
          add('signature', true, `Valid ${alg} signature by key ${jwk.kid}.`);
        } catch (e) {
          const code = (e as { code?: unknown })?.code;
          add(
            'signature',
            false,
            code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
              ? `The signature does not match key ${jwk.kid}: the token was altered or signed by another key.`
              : `The signature could not be checked: ${errorMessage(e)}`,
          );
        }
      }
    }

    // 4. exp
    const exp = payload.exp;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      add('exp', false, exp === undefined ? "The token has no 'exp' (expiry) claim." : "The token's 'exp' is not a number.");
    } else if (nowS > exp + skewS) {
      add('exp', false, `Expired ${ago(nowS - exp)} ago (at ${isoOf(exp)}).`);
    } else {
      add('exp', true, `Expires in ${ago(exp - nowS)} (at ${isoOf(exp)}).`);
    }

    // 5. nbf (optional claim)
    const nbf = payload.nbf;
    if (nbf === undefined) {
      add('nbf', true, "No 'nbf' claim.");
    } else if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
      add('nbf', false, "The token's 'nbf' is not a number.");
    } else if (nowS + skewS < nbf) {
      add('nbf', false, `Not valid for another ${ago(nbf - nowS)} (from ${isoOf(nbf)}). Is a clock wrong?`);
    } else {
      add('nbf', true, `Valid since ${isoOf(nbf)}.`);
    }

    // 6. iat
    const iat = payload.iat;
    if (typeof iat !== 'number' || !Number.isFinite(iat)) {
      add('iat', false, iat === undefined ? "The token has no 'iat' (issued at) claim." : "The token's 'iat' is not a number.");
    } else if (iat > nowS + skewS) {
      add('iat', false, `Issued ${ago(iat - nowS)} in the future (${isoOf(iat)}). Is a clock wrong?`);
    } else {
      add('iat', true, `Issued ${ago(nowS - iat)} ago (${isoOf(iat)}).`);
    }

    // 7. sid / 8. sub
    if (options?.sessionId !== undefined) {
      if (payload.sid === undefined && classify(payload as never) === 'template') {
        add('sid', true, 'Not carried by template tokens (the user is checked by sub instead).');
      } else if (payload.sid === options.sessionId) add('sid', true, `The token belongs to session ${options.sessionId}.`);
      else if (payload.sid === undefined) add('sid', false, `The token has no 'sid' claim; expected ${options.sessionId}.`);
      else add('sid', false, `The token belongs to session ${String(payload.sid)}, not ${options.sessionId}.`);
    }
    if (options?.userId !== undefined) {
      if (payload.sub === options.userId) add('sub', true, `The token is for user ${options.userId}.`);
      else if (payload.sub === undefined) add('sub', false, `The token has no 'sub' claim; expected ${options.userId}.`);
      else add('sub', false, `The token is for user ${String(payload.sub)}, not ${options.userId}.`);
    }
    return finish(decoded);
  } catch (e) {
    // Defensive: nothing above should throw, but a report is always returned.
    if (!checks.some((c) => c.name === 'well-formed')) add('well-formed', false, 'The token could not be read.');
    skip(`an unexpected error occurred (${errorMessage(e)}).`);
    return finish();
  }
}
