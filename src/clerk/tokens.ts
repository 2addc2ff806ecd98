// Decoding and networkless verification of Clerk session tokens (JWTs). No network here: the JWKS is passed in
// (the client fetches and caches it). `decodeJwt` throws ClerkTokenError on garbage; `verifySessionToken` never throws.
// The vscode-free token core is src/tokens/ (detect, decode, explain, the @clerk/backend verdict); this file keeps the
// Verify command's check-by-check report on top of its decoder.
import { compactVerify, importJWK, type JWK } from 'jose';
import { ClerkTokenError } from './errors';
import type { Jwk, Jwks } from './types';
import { decodeToken, unwrapToken } from '../tokens/decode';
import { classify } from '../tokens/explain';

export interface JwtHeader {
  alg?: string;
  kid?: string;
  typ?: string;
  [k: string]: unknown;
}

export interface JwtPayload {
  iss?: string;
  sub?: string;
  sid?: string;
  azp?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  [k: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  /** iat / exp / nbf as ISO 8601 strings, when present and numeric. */
  dates: { iat?: string; exp?: string; nbf?: string };
}

function isoOf(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const d = new Date(v * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Strips whitespace, quotes, a leading "Bearer " and line continuations that come along when a token is pasted. */
export function cleanToken(raw: string): string {
  return typeof raw === 'string' ? unwrapToken(raw).token : '';
}

/**
 * Decodes (does not verify) a JWT. Throws ClerkTokenError with a readable message when it isn't one. Hostile input is
 * safe (src/tokens/decode.ts): a size cap, strict base64url, a depth cap, objects without a prototype.
 */
export function decodeJwt(token: string): DecodedJwt {
  const d = decodeToken(token);
  if (!d.ok) throw new ClerkTokenError(d.sentence);
  const header = d.header as JwtHeader;
  const payload = d.payload as JwtPayload;
  const dates: DecodedJwt['dates'] = {};
  for (const k of ['iat', 'exp', 'nbf'] as const) {
    const iso = isoOf(payload[k]);
    if (iso) dates[k] = iso;
  }
  return { header, payload, dates };
}

export type CheckName = 'well-formed' | 'kid' | 'signature' | 'exp' | 'nbf' | 'iat' | 'sid' | 'sub';

export interface TokenCheck {
  name: CheckName;
  pass: boolean;
  detail: string;
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
      add('well-formed', false, e instanceof Error ? e.message : 'The token could not be decoded.');
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
    if (typeof header.kid !== 'string' || header.kid === '') {
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
    if (!jwk) {
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
              : `The signature could not be checked: ${e instanceof Error ? e.message : String(e)}`,
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
    skip(`an unexpected error occurred (${e instanceof Error ? e.message : String(e)}).`);
    return finish();
  }
}
