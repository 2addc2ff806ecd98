// The local instance's signing key and the tokens it mints, as real Clerk mints them through the Backend API
// (/work/shared/clerk-facts/TOKENS.md): session tokens version 2 (or version 1 on request), template tokens with the
// template's claims, lifetime and clock skew; templates with a custom signing key are signed HS256 with a secret
// that is NOT in the JWKS. Nothing minted here has `azp`: a Backend API call has no browser Origin.
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Billing, JwtTemplate, Membership, Organization, Session, User } from './data';

/** `iss` of every token of a development instance: its Frontend API URL. */
export const ISSUER = 'https://local-clerk-sessions.clerk.accounts.dev';
/** `iss` of a production instance (an `sk_live_` key): `https://clerk.<domain>`. */
export const PRODUCTION_ISSUER = 'https://clerk.clerk-sessions.example';
/** The app origin of the development instance (its allowed_origins); minted tokens carry no `azp` at all. */
export const AUTHORIZED_PARTY = 'http://localhost:3000';
/** Lifetime of a default session token, seconds (Clerk's is 60). */
export const SESSION_TOKEN_LIFETIME = 60;
/** nbf = iat minus this, for default session tokens. */
export const SESSION_TOKEN_CLOCK_SKEW = 10;

export type TokenVersion = 1 | 2;

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

/** A fresh secret for the templates with a custom signing key (like a Supabase JWT secret: used as UTF-8 bytes). */
export function makeTemplateSecret(): string {
  return `local-hs256-${randomBytes(32).toString('hex')}`;
}

/** What a token may say about the session's active organization. */
export interface OrgContext {
  org: Organization;
  membership: Membership;
  plan: { plan: string; features: string[] } | undefined;
}

export interface MintContext {
  session: Session;
  user: User | undefined;
  org: OrgContext | undefined;
  billing: Billing;
  issuer: string;
  now?: number;
}

/** Values the template shortcodes can refer to. */
function shortcodes(ctx: MintContext): Record<string, unknown> {
  const { user, session, org } = ctx;
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
    'org.id': org?.org.id ?? null,
    'org.name': org?.org.name ?? null,
    'org.slug': org?.org.slug ?? null,
    'org.role': org?.membership.role ?? null,
    'org.permissions': org ? [...org.membership.permissions] : null,
    'org.public_metadata': org?.org.public_metadata ?? null,
  };
}

/** Looks `a.b.c` up: first as a whole key, then by walking into an object value (`user.public_metadata.x`). */
function lookup(values: Record<string, unknown>, path: string): unknown {
  if (path in values) return values[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (!(head in values)) continue;
    let v: unknown = values[head];
    for (const p of parts.slice(i)) {
      if (v === null || typeof v !== 'object' || !(p in (v as Record<string, unknown>))) return null;
      v = (v as Record<string, unknown>)[p];
    }
    return v ?? null;
  }
  return null;
}

/** Renders `{{user.id}}`-style shortcodes: a string that is exactly one shortcode takes the value (any type; a missing
 * value is null); shortcodes inside a longer string are interpolated as text (null becomes empty). */
export function renderClaims(claims: unknown, values: Record<string, unknown>): unknown {
  if (typeof claims === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(claims);
    if (whole) return lookup(values, whole[1]);
    const out = claims.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, k: string) => {
      const v = lookup(values, k);
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

const jti = (): string => randomUUID().replace(/-/g, '').slice(0, 20);

/** `fva`: minutes since the first and the second factor were verified (-1: never / no second factor). */
function factorAge(ctx: MintContext, nowMs: number): [number, number] {
  const first = Math.max(0, Math.floor((nowMs - ctx.session.created_at) / 60_000));
  return [first, ctx.user?.two_factor_enabled ? first : -1];
}

/** `o` of a version-2 token: role without `org:`, `per` the feature permissions, `fpm` one bitmask per org feature. */
function orgClaimV2(o: OrgContext): { o: Record<string, unknown>; features: string[] } {
  const features = o.plan?.features ?? [];
  const featurePerms = o.membership.permissions
    .map((p) => /^org:([^:]+):([^:]+)$/.exec(p))
    .filter((m): m is RegExpExecArray => m !== null && features.includes(m[1]));
  const per: string[] = [];
  for (const m of featurePerms) if (!per.includes(m[2])) per.push(m[2]);
  const fpm = features.map((f) => featurePerms.filter((m) => m[1] === f).reduce((bits, m) => bits | (1 << per.indexOf(m[2])), 0));
  return {
    o: { id: o.org.id, slg: o.org.slug, rol: o.membership.role.replace(/^org:/, ''), per: per.join(','), fpm: fpm.join(',') },
    features,
  };
}

/** The claims of a default session token (without iss/sub/iat/nbf/exp, which the signer sets). */
export function sessionClaims(ctx: MintContext, version: TokenVersion, nowMs: number): Record<string, unknown> {
  const { session, org, billing } = ctx;
  const claims: Record<string, unknown> = { sid: session.id };
  if (version === 2) {
    claims.jti = jti();
    claims.v = 2;
    claims.fva = factorAge(ctx, nowMs);
    const pla = [`u:${billing.userPlan}`];
    let fea = billing.userFeatures.map((f) => `u:${f}`);
    if (org) {
      const { o, features } = orgClaimV2(org);
      if (org.plan) pla.push(`o:${org.plan.plan}`);
      // with an active organization, fea lists the organization's features: o.fpm has one entry per fea entry
      fea = features.map((f) => `o:${f}`);
      claims.o = o;
    }
    claims.pla = pla.join(',');
    claims.fea = fea.join(',');
    if (session.status === 'pending') claims.sts = 'pending';
  } else {
    claims.fva = factorAge(ctx, nowMs);
    if (org) {
      claims.org_id = org.org.id;
      claims.org_slug = org.org.slug;
      claims.org_role = org.membership.role;
      claims.org_permissions = [...org.membership.permissions];
    }
  }
  if (session.actor) claims.act = { ...session.actor };
  return claims;
}

const RESERVED_TEMPLATE_CLAIMS = ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub'];

export async function mintSessionToken(
  key: SigningKey,
  ctx: MintContext,
  opts: { version: TokenVersion; expiresInSeconds?: number | null },
): Promise<string> {
  const nowMs = ctx.now ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT(sessionClaims(ctx, opts.version, nowMs))
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setSubject(ctx.session.user_id)
    .setIssuedAt(iat)
    .setNotBefore(iat - SESSION_TOKEN_CLOCK_SKEW)
    .setExpirationTime(iat + (opts.expiresInSeconds ?? SESSION_TOKEN_LIFETIME))
    .sign(key.privateKey);
}

/** A template token: the default claims (no azp, sid or v) plus the template's rendered claims. A template with
 * `custom_signing_key` is signed with `secret` (HS256, no kid); the others with the instance key (RS256, its kid). */
export async function mintTemplateToken(
  key: SigningKey,
  template: JwtTemplate,
  ctx: MintContext,
  opts: { expiresInSeconds?: number | null; secret: string },
): Promise<string> {
  const nowMs = ctx.now ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  const custom = renderClaims(template.claims, shortcodes(ctx)) as Record<string, unknown>;
  for (const k of RESERVED_TEMPLATE_CLAIMS) delete custom[k];
  const jwt = new SignJWT({ ...custom, jti: jti() })
    .setIssuer(ctx.issuer)
    .setSubject(ctx.session.user_id)
    .setIssuedAt(iat)
    .setNotBefore(iat - template.allowed_clock_skew)
    .setExpirationTime(iat + (opts.expiresInSeconds ?? template.lifetime));
  if (template.custom_signing_key) {
    if (template.signing_algorithm !== 'HS256')
      throw new Error(`the local server signs custom-key templates with HS256 only, not ${template.signing_algorithm}`);
    return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(opts.secret));
  }
  return jwt.setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

export type TokenCheck =
  { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'expired' | 'invalid' | 'session_mismatch'; message: string };

/** Checks that `token` was minted by this server (signature, kid, exp/nbf with 5 s skew) for `session`. */
export async function checkToken(key: SigningKey, token: string, session: Session, issuer: string): Promise<TokenCheck> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, { algorithms: ['RS256'], issuer, clockTolerance: 5 });
    if (protectedHeader.kid !== key.kid) return { ok: false, reason: 'invalid', message: 'unknown kid' };
    if (payload.sid !== session.id)
      return { ok: false, reason: 'session_mismatch', message: `token belongs to session ${String(payload.sid)}` };
    if (payload.sub !== session.user_id) return { ok: false, reason: 'session_mismatch', message: 'token subject is not the session user' };
    return { ok: true, payload: payload };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired', message: 'token expired' };
    return { ok: false, reason: 'invalid', message: e instanceof Error ? e.message : String(e) };
  }
}
