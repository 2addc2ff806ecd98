// Machine tokens (API keys, M2M tokens, OAuth access tokens), testing tokens and sign-in tokens of the local
// Clerk-compatible server, and a test-only minting of the cookies and handshake payloads that Clerk's Frontend API sets.
// Shapes follow ../shared/clerk-bapi/2026-05-12.yml (APIKey, M2MToken, OAuth access token verify, TestingToken,
// SignInToken) and @clerk/backend's handshake reading (a JWT whose `handshake` claim lists Set-Cookie lines).
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './jwt';

export type MachineState = 'valid' | 'revoked' | 'expired';

/** An API key as POST /api_keys/verify answers it (additionalProperties: false in the spec). */
export interface ApiKeyRecord {
  object: 'api_key';
  id: string;
  type: string;
  subject: string;
  name: string;
  claims: Record<string, unknown> | null;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_by: string | null;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface M2mTokenRecord {
  object: 'machine_to_machine_token';
  id: string;
  subject: string;
  claims: Record<string, unknown> | null;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface OAuthTokenRecord {
  object: 'clerk_idp_oauth_access_token';
  id: string;
  client_id: string;
  subject: string;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_at: number;
  updated_at: number;
}

/** A seeded machine token: the secret a caller presents and the record the verify endpoint answers with. */
export interface Seeded<R> {
  secret: string;
  state: MachineState;
  record: R;
}

export interface MachineTokens {
  apiKeys: Record<MachineState, Seeded<ApiKeyRecord>>;
  m2mTokens: Record<MachineState, Seeded<M2mTokenRecord>>;
  /** Opaque `oat_…` access tokens. */
  oauthTokens: Record<MachineState, Seeded<OAuthTokenRecord>>;
  /** JWT access tokens (`typ: at+jwt`, signed by the instance key): a valid and an expired one. */
  oauthJwts: { valid: string; expired: string };
  /** The record of the valid JWT access token (verify answers it for `oauthJwts.valid`). */
  oauthJwtRecord: OAuthTokenRecord;
}

const hex = (n: number): string => randomBytes(n).toString('hex');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** `prefix_2` + 26 base62 characters: the 27-character id shape the spec's patterns ask for (`^user_\w{27}$`). */
export const clerkId = (prefix: string): string => `${prefix}_2${[...randomBytes(26)].map((b) => BASE62[b % 62]).join('')}`;

/**
 * Seeds one valid, one revoked and one expired token of each kind, and two JWT OAuth access tokens. `userId` is the
 * subject of the API keys and OAuth tokens (a seeded user whose id matches the spec's pattern).
 */
export async function seedMachineTokens(key: SigningKey, issuer: string, userId: string, nowMs: number): Promise<MachineTokens> {
  const machine = clerkId('mch');
  const otherMachine = clerkId('mch');
  const ts = (state: MachineState) => {
    const created = nowMs - 7 * 86_400_000;
    const expiration = state === 'expired' ? nowMs - 86_400_000 : state === 'revoked' ? null : nowMs + 30 * 86_400_000;
    return { created_at: created, updated_at: state === 'valid' ? created : nowMs - 3_600_000, expiration };
  };
  const reason = (state: MachineState) => (state === 'revoked' ? 'Revoked from the local server fixtures' : null);
  const states: MachineState[] = ['valid', 'revoked', 'expired'];
  const apiKeys = {} as Record<MachineState, Seeded<ApiKeyRecord>>;
  const m2mTokens = {} as Record<MachineState, Seeded<M2mTokenRecord>>;
  const oauthTokens = {} as Record<MachineState, Seeded<OAuthTokenRecord>>;
  for (const state of states) {
    apiKeys[state] = {
      secret: `ak_FAKE${hex(24)}`,
      state,
      record: {
        object: 'api_key',
        id: `ak_${hex(16)}`,
        type: 'api_key',
        subject: userId,
        name: `local ${state} key`,
        claims: { team: 'local' },
        scopes: ['read:sessions'],
        revoked: state === 'revoked',
        revocation_reason: reason(state),
        expired: state === 'expired',
        created_by: userId,
        last_used_at: null,
        ...ts(state),
      },
    };
    m2mTokens[state] = {
      secret: `mt_FAKE${hex(24)}`,
      state,
      record: {
        object: 'machine_to_machine_token',
        id: `mt_${hex(16)}`,
        subject: machine,
        claims: null,
        scopes: [otherMachine],
        revoked: state === 'revoked',
        revocation_reason: reason(state),
        expired: state === 'expired',
        last_used_at: null,
        ...ts(state),
      },
    };
    oauthTokens[state] = {
      secret: `oat_FAKE${hex(24)}`,
      state,
      record: {
        object: 'clerk_idp_oauth_access_token',
        id: `oat_${hex(16)}`,
        client_id: `client_${hex(8)}`,
        subject: userId,
        scopes: ['profile', 'email'],
        revoked: state === 'revoked',
        revocation_reason: reason(state),
        expired: state === 'expired',
        ...ts(state),
      },
    };
  }
  const jwtRecord: OAuthTokenRecord = {
    object: 'clerk_idp_oauth_access_token',
    id: `oat_${hex(16)}`,
    client_id: `client_${hex(8)}`,
    subject: userId,
    scopes: ['profile'],
    revoked: false,
    revocation_reason: null,
    expired: false,
    expiration: nowMs + 3_600_000,
    created_at: nowMs,
    updated_at: nowMs,
  };
  const atJwt = (id: string, iat: number, exp: number) =>
    new SignJWT({ client_id: jwtRecord.client_id, scope: jwtRecord.scopes.join(' ') })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(userId)
      .setJti(id)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
  const now = Math.floor(nowMs / 1000);
  return {
    apiKeys,
    m2mTokens,
    oauthTokens,
    oauthJwts: { valid: await atJwt(jwtRecord.id, now, now + 3600), expired: await atJwt(`oat_${hex(16)}`, now - 7200, now - 3600) },
    oauthJwtRecord: jwtRecord,
  };
}

/** A JWT's payload without checking it (the server checks signatures by its own key where it matters). */
export function peekJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- browser cookies

/** `pk_test_`/`pk_live_` + base64 of the Frontend API host + `$` (the publishable key shape, @clerk/shared keys). */
export function publishableKeyFor(issuer: string, environment: 'development' | 'production'): string {
  const host = new URL(issuer).host;
  return `pk_${environment === 'production' ? 'live' : 'test'}_${Buffer.from(`${host}$`).toString('base64')}`;
}

/** @clerk/shared getCookieSuffix: the first 8 characters of the URL-safe base64 of SHA-1(publishable key). */
export function cookieSuffix(publishableKey: string): string {
  return createHash('sha1').update(publishableKey).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
}

export interface BrowserCookieOptions {
  /** The session token for `__session` (absent: a signed-out browser, `__client_uat=0` and `__session` cleared). */
  sessionToken?: string;
  /** `__client_uat` in seconds (default: the session token's `iat`, or 0 when signed out). */
  clientUat?: number;
  /** Also set the suffixed variants `__session_<suffix>` and `__client_uat_<suffix>` (default true, as Clerk does). */
  suffixed?: boolean;
  /** A dev browser JWT for `__clerk_db_jwt` (development instances; default: one is made). `null`: none. */
  devBrowser?: string | null;
  /** Domain attribute of `__client_uat` (default 'localhost'). */
  domain?: string;
}

/** The Set-Cookie lines Clerk's Frontend API sends for this browser state (the `handshake` claim's list). */
export function frontendSetCookies(publishableKey: string, environment: 'development' | 'production', o: BrowserCookieOptions): string[] {
  const suffix = cookieSuffix(publishableKey);
  const iat = o.sessionToken ? peekJwt(o.sessionToken)?.payload.iat : undefined;
  const uat = o.clientUat ?? (o.sessionToken ? (typeof iat === 'number' ? iat : 0) : 0);
  const domain = o.domain ?? 'localhost';
  const secure = environment === 'production' ? '; Secure' : '';
  const session = o.sessionToken ? `${o.sessionToken}; Path=/; SameSite=Lax${secure}` : `; Path=/; Max-Age=0; SameSite=Lax${secure}`;
  const clientUat = `${uat}; Path=/; Domain=${domain}; Max-Age=315360000; SameSite=Lax${secure}`;
  const lines = [`__session=${session}`, `__client_uat=${clientUat}`];
  if (o.suffixed !== false) lines.push(`__session_${suffix}=${session}`, `__client_uat_${suffix}=${clientUat}`);
  if (environment === 'development' && o.devBrowser !== null) {
    const db = o.devBrowser ?? `dvb_${clerkId('dvb').slice(4)}`;
    lines.push(`__clerk_db_jwt=${db}; Path=/; SameSite=Lax`);
    if (o.suffixed !== false) lines.push(`__clerk_db_jwt_${suffix}=${db}; Path=/; SameSite=Lax`);
  }
  return lines;
}

/** `__clerk_handshake`: a JWT signed by the instance key whose `handshake` claim lists the Set-Cookie lines. */
export async function mintHandshake(key: SigningKey, setCookies: string[], nowMs = Date.now()): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ handshake: setCookies })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(now)
    .setNotBefore(now - 10)
    .setExpirationTime(now + 60)
    .sign(key.privateKey);
}

/** The `Cookie` header a browser sends after applying Set-Cookie lines (name=value of each line not cleared). */
export function cookieHeaderFrom(setCookies: string[]): string {
  return setCookies
    .filter((l) => !/;\s*Max-Age=0\b/i.test(l))
    .map((l) => l.split(';')[0])
    .join('; ');
}
