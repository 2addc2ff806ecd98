// The local instance's signing key and session tokens: RS256 JWTs minted with jose, published as a JWKS.
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { JwtTemplate, Session, User } from './data';

/** `iss` of every token this server mints (a Frontend API origin, as in real Clerk tokens). */
export const ISSUER = 'https://clerk.local.test';
/** `azp` of every token (the app origin the session belongs to). */
export const AUTHORIZED_PARTY = 'http://localhost:3000';
/** Lifetime of a default session token, seconds (Clerk's is 60). */
export const SESSION_TOKEN_LIFETIME = 60;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: { kid: string; kty: 'RSA'; use: 'sig'; alg: 'RS256'; n: string; e: string };
}

export function makeSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `ins_local_${randomBytes(10).toString('hex')}`;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kid, privateKey, publicKey, publicJwk: { kid, kty: 'RSA', use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e } };
}

/** Values the template shortcodes can refer to. */
function shortcodes(user: User | undefined, session: Session): Record<string, unknown> {
  const primary = user?.email_addresses.find((e) => e.id === user.primary_email_address_id);
  const phone = user?.phone_numbers.find((p) => p.id === user.primary_phone_number_id);
  return {
    'user.id': user?.id ?? session.user_id,
    'user.first_name': user?.first_name ?? null,
    'user.last_name': user?.last_name ?? null,
    'user.full_name': user ? [user.first_name, user.last_name].filter(Boolean).join(' ') || null : null,
    'user.username': user?.username ?? null,
    'user.primary_email_address': primary?.email_address ?? null,
    'user.primary_phone_number': phone?.phone_number ?? null,
    'user.image_url': user?.image_url ?? null,
    'user.has_image': user?.has_image ?? false,
    'user.public_metadata': user?.public_metadata ?? {},
    'user.unsafe_metadata': user?.unsafe_metadata ?? {},
    'user.external_id': user?.external_id ?? null,
    'user.created_at': user ? Math.floor(user.created_at / 1000) : null,
    'session.id': session.id,
    'session.actor': session.actor,
  };
}

/** Renders `{{user.id}}`-style shortcodes: a string that is exactly one shortcode takes the value (any type);
 * shortcodes inside a longer string are interpolated as text (null becomes empty). */
export function renderClaims(claims: unknown, values: Record<string, unknown>): unknown {
  if (typeof claims === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(claims);
    if (whole) return whole[1]! in values ? values[whole[1]!] : null;
    const out = claims.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, k: string) => {
      const v = values[k];
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    return out.trim();
  }
  if (Array.isArray(claims)) return claims.map((c) => renderClaims(c, values));
  if (claims && typeof claims === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(claims)) o[k] = renderClaims(v, values);
    return o;
  }
  return claims;
}

export async function mintToken(
  key: SigningKey,
  session: Session,
  user: User | undefined,
  opts: { template?: JwtTemplate; expiresInSeconds?: number | null; now?: number } = {},
): Promise<string> {
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  const lifetime = opts.expiresInSeconds ?? opts.template?.lifetime ?? SESSION_TOKEN_LIFETIME;
  const base: Record<string, unknown> = { azp: AUTHORIZED_PARTY, sid: session.id };
  if (session.actor) base.act = session.actor;
  let payload: Record<string, unknown>;
  if (opts.template) {
    const custom = renderClaims(opts.template.claims, shortcodes(user, session)) as Record<string, unknown>;
    // reserved claims are always set by Clerk, whatever the template says
    for (const k of ['iss', 'sub', 'iat', 'exp', 'nbf', 'jti', 'sid']) delete custom[k];
    payload = { ...custom, ...base, jti: randomUUID().replace(/-/g, '').slice(0, 20) };
  } else {
    payload = { ...base, v: 2 };
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(session.user_id)
    .setIssuedAt(iat)
    .setNotBefore(iat - 10)
    .setExpirationTime(iat + lifetime)
    .sign(key.privateKey);
}

export type TokenCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'expired' | 'invalid' | 'session_mismatch'; message: string };

/** Checks that `token` was minted by this server (signature, kid, exp/nbf with 5 s skew) for `session`. */
export async function checkToken(key: SigningKey, token: string, session: Session): Promise<TokenCheck> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, { algorithms: ['RS256'], issuer: ISSUER, clockTolerance: 5 });
    if (protectedHeader.kid !== key.kid) return { ok: false, reason: 'invalid', message: 'unknown kid' };
    if (payload.sid !== session.id) return { ok: false, reason: 'session_mismatch', message: `token belongs to session ${String(payload.sid)}` };
    if (payload.sub !== session.user_id) return { ok: false, reason: 'session_mismatch', message: 'token subject is not the session user' };
    return { ok: true, payload: payload as Record<string, unknown> };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired', message: 'token expired' };
    return { ok: false, reason: 'invalid', message: e instanceof Error ? e.message : String(e) };
  }
}
