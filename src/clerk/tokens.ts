// `decodeJwt`: src/tokens/decode.ts's decodeToken (the one decoder) for callers that want an error thrown on garbage
// (ClerkTokenError) and readable dates. Verification is src/tokens/verdict.ts, the one verdict every surface uses.
import { ClerkTokenError } from './errors';
import { decodeToken } from '../tokens/decode';

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
