// Decoding Clerk tokens (JWTs): `decodeJwt` throws ClerkTokenError on garbage. The check-by-check verification is in
// verifyToken.ts (it needs jose, which is loaded on first use); the vscode-free token core is src/tokens/.
import { ClerkTokenError } from './errors';
import { decodeToken, unwrapToken } from '../tokens/decode';
export type { CheckName, TokenCheck, TokenReport, VerifyOptions } from './verifyToken';

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

export function isoOf(v: unknown): string | undefined {
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
