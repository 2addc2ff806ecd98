// How @clerk/backend 3.25's authenticateRequest decides a request: which token it reads and why, and the outcome
// (signed-in / signed-out / handshake) with its reason code. Learned by reading its request.ts, authenticateContext.ts,
// handshake.ts, machine.ts and jwtCategories.ts; our own explanation, not a copy. Every token check goes through the
// project's one verdict engine (src/tokens/verdict.ts); decoding goes through src/tokens/decode.ts.
// Never throws. No vscode import.
import { decodeToken, isJsonObject, type JsonObject } from '../tokens/decode';
import { verdict, type JwksLike, type Verdict } from '../tokens/verdict';
import { parseCookieHeader, type CookieJar } from './cookies';
import { cookieSuffix, parsePublishableKey, type PublishableKeyInfo } from './keys';
import { headerGet, type ParsedRequest } from './parse';
import { localTime, TIME_RANGE } from '../util/format';
import * as l10n from '@vscode/l10n';

export type TokenType = 'session_token' | 'api_key' | 'm2m_token' | 'oauth_token';
export type AcceptsToken = TokenType | 'any' | TokenType[];

export interface RequestOptions {
  publishableKey?: string;
  /** Whether the backend has its secret key (authenticateRequest throws without one, except for M2M). Default true. */
  secretKey?: boolean;
  jwks?: JwksLike | null;
  /** 'pem': the backend was given jwtKey (networkless); 'jwks' (default): it looks the kid up with its secret key. */
  keySource?: 'jwks' | 'pem';
  authorizedParties?: string[];
  acceptsToken?: AcceptsToken;
  clockSkewMs?: number;
  now?: number;
  /** The satellite flag of the app (only the primary-domain rules are explained in full). */
  isSatellite?: boolean;
  /** auth()'s option; default true. */
  treatPendingAsSignedOut?: boolean;
  /** The workspace's @clerk/backend version (from its lockfile), and where it was read; only reported. */
  backendVersion?: { version?: string; source: string };
}

export type Status = 'signed-in' | 'signed-out' | 'handshake' | 'exception' | 'unknown';

export interface Step {
  label: string;
  value: string;
  mark: 'pass' | 'fail' | 'warn' | 'info';
}

export interface TokenUse {
  where: 'header' | 'cookie' | 'handshake';
  /** The header or cookie name. */
  name: string;
  token: string;
  verdict?: Verdict;
}

export interface Decision {
  status: Status;
  /** The reason code authenticateRequest returns (null when signed in). */
  reason: string | null;
  /** What the outcome means, in words. */
  sentence: string;
  /** The path through authenticateRequest, in order. */
  steps: Step[];
  token?: TokenUse;
  /** Why the outcome needs the Backend API to be told (machine token verification, refresh, handshake nonce). */
  needsNetwork?: string;
  /** For a signed-in session: auth() still says signed out (a pending session). */
  authSignedOut?: boolean;
  /** Facts the rest of the report uses. */
  context: DecisionContext;
}

export interface DecisionContext {
  acceptsToken: AcceptsToken;
  method: string;
  url: URL;
  pk?: PublishableKeyInfo;
  suffix: string;
  usesSuffixed?: boolean;
  usesSuffixedWhy?: string;
  cookies: CookieJar;
  tokenInHeader?: string;
  sessionCookie?: string;
  sessionCookieName?: string;
  clientUat: number;
  clientUatName?: string;
  devBrowser?: string;
  handshakeToken?: string;
  handshakeNonce?: string;
  redirectCount: number;
  secFetchDest?: string;
  accept?: string;
  referrer?: string;
  handshakeEligible: boolean;
  handshakeEligibleWhy: string;
  now: number;
}

const SESSION_CAT = 'cl_B7d4PD111AAA';
const IGNORE_CAT = 'cl_I7d4PD111III';
const JWT_FORMAT = /^[a-zA-Z0-9\-_]+\.[a-zA-Z0-9\-_]+\.[a-zA-Z0-9\-_]+$/;
const OAUTH_TYPS = ['at+jwt', 'application/at+jwt'];
const LEGACY_DEV = ['.lcl.dev', '.lclstage.dev', '.lclclerk.com'];
const CURRENT_DEV = ['.accounts.dev', '.accountsstage.dev', '.accounts.lclclerk.com'];

/**
 * A time in seconds since the epoch (iat, __client_uat) as the report shows times: the local clock, to the second
 * (localTime). A value no clock can place (0, negative, not a number) is shown as it is.
 */
function epochTime(seconds: unknown): string {
  return typeof seconds === 'number' && seconds * 1000 >= TIME_RANGE.from && seconds * 1000 < TIME_RANGE.to
    ? localTime(seconds * 1000)
    : JSON.stringify(seconds ?? null);
}

/** decodeJwt as authenticateRequest uses it for routing (no verification): the raw value, no unwrapping. */
let lastDecoded: { token: string; value: { header: JsonObject; payload: JsonObject } | undefined } | undefined;
export function routeDecode(token: string | undefined): { header: JsonObject; payload: JsonObject } | undefined {
  if (!token) return undefined;
  // The same token is looked at several times per decision (and a 1 MB one must not be scanned each time).
  if (lastDecoded?.token === token) return lastDecoded.value;
  const d = decodeToken(token);
  const value = !d.ok || d.token !== token ? undefined : { header: d.header, payload: d.payload };
  lastDecoded = { token, value };
  return value;
}

let lastFormat: { token: string; jwt: boolean } | undefined;
function isJwtFormat(t: string): boolean {
  if (lastFormat?.token !== t) lastFormat = { token: t, jwt: JWT_FORMAT.test(t) };
  return lastFormat.jwt;
}

export function isOAuthJwt(t: string): boolean {
  if (!isJwtFormat(t)) return false;
  const d = routeDecode(t);
  return !!d && typeof d.header.typ === 'string' && OAUTH_TYPS.includes(d.header.typ);
}
export function isM2MJwt(t: string): boolean {
  if (!isJwtFormat(t)) return false;
  const d = routeDecode(t);
  return !!d && typeof d.payload.sub === 'string' && d.payload.sub.startsWith('mch_');
}
export const isMachineJwt = (t: string): boolean => isOAuthJwt(t) || isM2MJwt(t);
export const isMachinePrefix = (t: string): boolean => t.startsWith('mt_') || t.startsWith('oat_') || t.startsWith('ak_');
export const isMachineToken = (t: string): boolean => isMachinePrefix(t) || isMachineJwt(t);
export function machineTokenType(t: string): TokenType | undefined {
  if (t.startsWith('mt_') || isM2MJwt(t)) return 'm2m_token';
  if (t.startsWith('oat_') || isOAuthJwt(t)) return 'oauth_token';
  if (t.startsWith('ak_')) return 'api_key';
  return undefined;
}
/** The header's cat names a class other than session tokens (template, M2M…). */
export function nonSessionCategory(t: string): boolean {
  const d = routeDecode(t);
  return !!d && d.header.cat !== undefined && d.header.cat !== SESSION_CAT && d.header.cat !== IGNORE_CAT;
}
export function accepts(type: TokenType | undefined, a: AcceptsToken): boolean {
  if (!type) return false;
  if (a === 'any') return true;
  return (Array.isArray(a) ? a : [a]).includes(type);
}

/** Each token type in words (a function: the words come from the l10n bundle loaded at activation). */
export function typeTexts(): Record<TokenType, string> {
  return {
    session_token: l10n.t('a session token'),
    api_key: l10n.t('an API key'),
    m2m_token: l10n.t('an M2M token'),
    oauth_token: l10n.t('an OAuth access token'),
  };
}

export function acceptsText(a: AcceptsToken): string {
  return Array.isArray(a) ? `[${a.join(', ')}]` : a;
}

/** What each reason code means, in words. */
export function reasonMeaning(reason: string): string {
  if (reason.startsWith('session-token-expired-refresh-')) {
    const r = reason.slice('session-token-expired-refresh-'.length);
    const why: Record<string, string> = {
      'non-eligible-no-refresh-cookie': l10n.t('there is no __refresh cookie to refresh it with'),
      'non-eligible-non-get': l10n.t('only GET requests are refreshed'),
      null: l10n.t('refresh does not apply'),
    };
    return l10n.t`The session token has expired and was not refreshed (${why[r] ?? r}); a browser gets a fresh one through the handshake (or from Clerk's frontend SDK within a minute).`;
  }
  const M: Record<string, string> = {
    'client-uat-but-no-session-token': l10n.t(
      'The client is signed in (__client_uat is set) but no __session cookie came with the request: the session token cookie was dropped (over 4 KB, blocked third-party cookie, another domain) or not yet set.',
    ),
    'dev-browser-missing': l10n.t(
      'A development instance needs the dev browser token (__clerk_db_jwt cookie or query parameter) and the request has none: the browser has not been through Clerk on this origin yet, or the cookie was dropped.',
    ),
    'dev-browser-sync': l10n.t('The URL carries __clerk_db_jwt: the development instance syncs the dev browser through a handshake.'),
    'primary-responds-to-syncing': l10n.t(
      'A satellite asked this primary domain to sync (__clerk_redirect_url); it answers by redirecting back.',
    ),
    'primary-domain-cross-origin-sync': l10n.t(
      'A signed-in document request came from another origin (a satellite domain): the primary domain syncs through a handshake.',
    ),
    'satellite-needs-syncing': l10n.t('A satellite domain needs to sync its session from the primary domain.'),
    'session-token-and-uat-missing': l10n.t(
      'There is neither a session token nor a __client_uat: the browser is signed out (or has never signed in).',
    ),
    'session-token-missing': l10n.t('The handshake set no __session cookie: the client is signed out.'),
    'session-token-iat-before-client-uat': l10n.t(
      "The session token was issued before the client's last update (__client_uat): it is stale (the client signed in again, switched session or organization); a fresh token is needed.",
    ),
    'session-token-nbf': l10n.t(
      "The session token is not valid yet (nbf is in the future beyond the clock skew): a clock is wrong, often this machine's (WSL or a VM after sleep).",
    ),
    'session-token-iat-in-the-future': l10n.t(
      "The session token was issued in the future beyond the clock skew: a clock is wrong, often this machine's (WSL or a VM after sleep).",
    ),
    'session-token-but-no-client-uat': l10n.t(
      'A __session cookie came without __client_uat: the cookies are out of step; a handshake sets both.',
    ),
    'active-organization-mismatch': l10n.t("The URL names an organization other than the session's active one."),
    'token-type-mismatch': l10n.t(
      'The token is not of a type this endpoint accepts (acceptsToken): a template or machine JWT sent as a session token, a machine token where none is accepted, or a session token where only machine tokens are.',
    ),
    'unexpected-error': l10n.t('authenticateRequest met an error it does not classify (for example a token that names no usable key).'),
    'token-invalid': l10n.t('The token is not a well-formed Clerk JWT (or it is an M2M JWT presented as a session token).'),
    'token-expired': l10n.t('The token has expired.'),
    'token-not-active-yet': l10n.t('The token is not valid yet (nbf in the future).'),
    'token-iat-in-the-future': l10n.t('The token was issued in the future.'),
    'token-invalid-signature': l10n.t(
      'The signature does not match: the token was signed by another key (another instance, or a tampered token).',
    ),
    'token-invalid-algorithm': l10n.t('The token is signed with an algorithm Clerk does not accept (RS256/384/512 only).'),
    'token-invalid-authorized-parties': l10n.t(
      "The token's azp (the origin that asked for it) is missing or not in the backend's authorizedParties.",
    ),
    'token-verification-failed': l10n.t(
      'The token failed verification (a missing or wrongly typed claim, or a key that cannot verify it).',
    ),
    'jwk-kid-mismatch': l10n.t(
      "The token's kid is not in the instance's JWKS: it comes from another instance (mismatched keys), or the key was rotated.",
    ),
    'jwk-failed-to-resolve': l10n.t('No key was available to verify the token (no secret key and no jwtKey).'),
    'No token in header': l10n.t('Machine tokens are read only from the Authorization header, and there is none.'),
  };
  return M[reason] ?? l10n.t('A reason code this explainer does not describe.');
}

function isKnownClerkReferrer(referrer: string | undefined, pk: PublishableKeyInfo | undefined): boolean {
  if (!referrer) return false;
  try {
    const r = new URL(referrer);
    const host = r.hostname;
    const fapi = pk?.frontendApi ?? '';
    if (fapi) {
      const fapiHost = fapi.startsWith('http') ? new URL(fapi).hostname : fapi;
      if (host === fapiHost) return true;
    }
    if (pk?.instanceType !== 'production') {
      if (LEGACY_DEV.some((s) => host.startsWith('accounts.') && host.endsWith(s))) return true;
      if (CURRENT_DEV.some((s) => host.endsWith(s) && !host.endsWith(`.clerk${s}`))) return true;
    }
    if (fapi) {
      const accounts = `https://${fapi.replace(/clerk\.accountsstage\./, 'accountsstage.').replace(/clerk\.accounts\.|clerk\./, 'accounts.')}`;
      if (r.origin === new URL(accounts).origin) return true;
    }
    return false;
  } catch {
    return false;
  }
}

function isCrossOriginReferrer(referrer: string | undefined, url: URL): boolean {
  if (!referrer) return false;
  try {
    return new URL(referrer).origin !== url.origin;
  } catch {
    return false;
  }
}

/** The URL the backend sees: x-forwarded-host / host and x-forwarded-proto override the request URL's origin. */
function clerkUrl(req: ParsedRequest): URL {
  let initial: URL;
  try {
    initial = new URL(req.url);
  } catch {
    initial = new URL('http://localhost:3000/');
  }
  const fh = headerGet(req.headers, 'x-forwarded-host');
  const fp = headerGet(req.headers, 'x-forwarded-proto');
  const host = headerGet(req.headers, 'host');
  const resolvedHost = fh !== undefined ? fh.split(',')[0] : host;
  const resolvedProto = fp !== undefined ? fp.split(',')[0] : initial.protocol.replace(/[:/]/, '');
  const origin = resolvedHost && resolvedProto ? `${resolvedProto}://${resolvedHost}` : initial.origin;
  if (origin === initial.origin) return initial;
  try {
    return new URL(initial.pathname + initial.search, origin);
  } catch {
    return initial;
  }
}

function tokenInHeaderOf(auth: string | undefined): string | undefined {
  if (!auth) return undefined;
  const sp = auth.indexOf(' ');
  const scheme = sp === -1 ? auth : auth.slice(0, sp);
  const rest = sp === -1 ? '' : auth.slice(sp + 1);
  const token = rest.split(' ')[0] ?? '';
  if (!token) return scheme;
  return scheme === 'Bearer' ? token : undefined;
}

interface Ctx extends DecisionContext {
  o: RequestOptions;
  steps: Step[];
  jwks: JwksLike | null | undefined;
  token?: TokenUse;
}

function usesSuffixedCookies(c: CookieJar, suffix: string, pk: PublishableKeyInfo, now: number): { uses: boolean; why: string } {
  const get = (n: string): string | undefined => c.map.get(n) || undefined;
  const sUat = get(`__client_uat_${suffix}`);
  const uat = get('__client_uat');
  const sSession = get(`__session_${suffix}`) || '';
  const session = get('__session') || '';
  const sessData = routeDecode(session);
  if (session && !(sessData && sessData.payload.iss))
    return { uses: false, why: l10n.t('The unsuffixed __session has no iss (or does not decode): the unsuffixed cookies are read.') };
  if (session) {
    const iss = sessData!.payload.iss;
    const belongs = typeof iss === 'string' && iss.replace(/https?:\/\//gi, '') === pk.frontendApi;
    if (!belongs)
      return {
        uses: true,
        why: l10n.t`The unsuffixed __session was issued by ${(JSON.stringify(iss ?? null) ?? 'null').slice(0, 80)}, not this instance (${pk.frontendApi}): the suffixed cookies are trusted.`,
      };
  }
  if (!sUat && !sSession) return { uses: false, why: l10n.t('There are no suffixed cookies: the unsuffixed ones are read.') };
  const iat = (v: unknown): number => (typeof v === 'number' && v ? v : 0);
  const sessionIat = iat(sessData?.payload.iat);
  const sData = routeDecode(sSession);
  const sIat = iat(sData?.payload.iat);
  if (sUat !== '0' && uat !== '0' && sessionIat > sIat)
    return { uses: false, why: l10n.t('Both sets say signed in and the unsuffixed __session is newer: the unsuffixed cookies are read.') };
  if (sUat === '0' && uat !== '0')
    return {
      uses: false,
      why: l10n.t('The suffixed __client_uat says signed out but the unsuffixed one does not: the unsuffixed cookies are read.'),
    };
  if (pk.instanceType !== 'production') {
    const exp = sData?.payload.exp;
    const expired = !!sData && (exp as number) <= Math.floor(now / 1000);
    if (sUat !== '0' && uat === '0' && expired)
      return {
        uses: false,
        why: l10n.t(
          'On a development instance the suffixed session has expired while the unsuffixed __client_uat is 0: the unsuffixed cookies are read.',
        ),
      };
  }
  if (!sUat && sSession)
    return { uses: false, why: l10n.t('There is a suffixed __session but no suffixed __client_uat: the unsuffixed cookies are read.') };
  return { uses: true, why: l10n.t`The suffixed cookies (suffix ${suffix}, from the publishable key) are read.` };
}

function done(c: Ctx, status: Status, reason: string | null, extra: Partial<Decision> = {}): Decision {
  const ctx: DecisionContext = { ...c };
  delete (ctx as Partial<Ctx>).o;
  delete (ctx as Partial<Ctx>).steps;
  delete (ctx as Partial<Ctx>).jwks;
  delete (ctx as Partial<Ctx>).token;
  const sentence =
    extra.sentence ??
    (status === 'signed-in'
      ? 'Signed in.'
      : status === 'handshake'
        ? l10n.t`Handshake: the browser is redirected through the Frontend API to refresh its cookies. ${reasonMeaning(reason ?? '')}`
        : status === 'signed-out'
          ? reasonMeaning(reason ?? '')
          : '');
  const out: Decision = { status, reason, sentence, steps: c.steps, context: ctx, ...extra };
  if (c.token && !out.token) out.token = c.token;
  return out;
}

async function check(c: Ctx, token: string): Promise<Verdict> {
  const opts: Parameters<typeof verdict>[2] = { now: c.now, keySource: c.o.keySource ?? 'jwks' };
  if (c.o.authorizedParties) opts.authorizedParties = c.o.authorizedParties;
  if (c.o.clockSkewMs !== undefined) opts.clockSkewMs = c.o.clockSkewMs;
  // Clerk decodes the raw value: wrapping our decoder would remove (quotes, spaces) makes it token-invalid.
  const d = decodeToken(token);
  if (d.ok && d.token !== token) {
    return verdict(
      {
        ok: false,
        kind: 'parts',
        sentence: l10n.t('The value is wrapped (quotes, spaces or a Bearer prefix) and does not decode as it is.'),
        token,
        warnings: [],
      },
      c.jwks,
      opts,
    );
  }
  return verdict(d, c.jwks, opts);
}

function maybeHandshake(c: Ctx, reason: string): Decision {
  if (!c.handshakeEligible) {
    c.steps.push({
      label: l10n.t('Handshake'),
      value: l10n.t`Not possible: ${c.handshakeEligibleWhy} So the answer is signed-out.`,
      mark: 'info',
    });
    return done(c, 'signed-out', reason);
  }
  if (c.redirectCount === 3) {
    c.steps.push({
      label: l10n.t('Handshake'),
      value: l10n.t(
        'The __clerk_redirect_count cookie is 3: a redirect loop. authenticateRequest stops and answers signed-out ("Refreshing the session token resulted in an infinite redirect loop": usually mismatched publishable and secret keys, clock skew, or a cookie the browser drops).',
      ),
      mark: 'fail',
    });
    return done(c, 'signed-out', reason);
  }
  c.steps.push({ label: l10n.t('Handshake'), value: l10n.t('Eligible: {0}', c.handshakeEligibleWhy), mark: 'info' });
  return done(c, 'handshake', reason);
}

function sessionError(c: Ctx, v: Verdict, carrier: 'header' | 'cookie'): Decision {
  const r = v.clerkReason;
  if (!r || r === 'exception') {
    c.steps.push({
      label: l10n.t('Verification'),
      value: l10n.t`${v.sentence} authenticateRequest reports it as an unexpected error.`,
      mark: 'fail',
    });
    return done(c, 'signed-out', 'unexpected-error');
  }
  c.steps.push({ label: l10n.t('Verification'), value: v.sentence, mark: 'fail' });
  const refresh = c.cookies.map.get(`__refresh_${c.suffix}`);
  let refreshError: string | null;
  if (r === 'token-expired' && refresh && c.method === 'GET') {
    return done(c, 'unknown', null, {
      sentence: l10n.t(
        'The session token has expired and the request carries a __refresh cookie: authenticateRequest asks the Backend API to refresh the session (POST /sessions/{id}/refresh). Signed in if that succeeds; otherwise a handshake or signed-out with reason session-token-expired-refresh-<error>.',
      ),
      needsNetwork: l10n.t('Refreshing an expired session token needs the Backend API.'),
    });
  }
  if (c.method !== 'GET') refreshError = 'non-eligible-non-get';
  else if (!refresh) refreshError = 'non-eligible-no-refresh-cookie';
  else refreshError = null;
  if (r === 'token-expired' || r === 'token-not-active-yet' || r === 'token-iat-in-the-future') {
    const reason =
      r === 'token-expired'
        ? `session-token-expired-refresh-${refreshError}`
        : r === 'token-not-active-yet'
          ? 'session-token-nbf'
          : 'session-token-iat-in-the-future';
    c.steps.push({
      label: l10n.t('Timing error'),
      value: l10n.t`A timing error from the ${carrier} token can be fixed by a handshake (a fresh token).`,
      mark: 'info',
    });
    return maybeHandshake(c, reason);
  }
  return done(c, 'signed-out', r, { sentence: `${reasonMeaning(r)} (${v.reasons[0]?.sentence ?? v.sentence})` });
}

function signedInOrPending(c: Ctx, v: Verdict): Decision {
  const payload = v.decoded?.payload;
  const pending = payload?.sts === 'pending';
  const treat = c.o.treatPendingAsSignedOut ?? true;
  c.steps.push({ label: l10n.t('Verification'), value: v.sentence, mark: 'pass' });
  if (pending) {
    return done(c, 'signed-in', null, {
      authSignedOut: treat,
      sentence: treat
        ? l10n.t(
            'authenticateRequest says signed-in, but the session is pending (sts "pending": a task such as choosing an organization is unfinished), so auth() treats it as signed out unless the app passes treatPendingAsSignedOut: false.',
          )
        : l10n.t('Signed in with a pending session (the app passes treatPendingAsSignedOut: false).'),
    });
  }
  return done(c, 'signed-in', null, { sentence: l10n.t('Signed in: the session token is valid and auth() returns its user and session.') });
}

async function headerSession(c: Ctx, token: string): Promise<Decision> {
  if (isMachineJwt(token) || nonSessionCategory(token)) {
    const d = routeDecode(token);
    c.steps.push({
      label: l10n.t('Token class'),
      value: isMachineJwt(token)
        ? l10n.t('The token is a machine JWT (an M2M token with sub mch_… or an OAuth access token with typ at+jwt), not a session token.')
        : l10n.t`The header's cat ${JSON.stringify(d?.header.cat)} marks a JWT other than a session token (a JWT template or M2M token): refused as a session token.`,
      mark: 'fail',
    });
    return done(c, 'signed-out', 'token-type-mismatch');
  }
  const v = await check(c, token);
  c.token = { where: 'header', name: l10n.t('Authorization'), token, verdict: v };
  if (v.accepted === undefined) return unknownVerdict(c, v);
  if (!v.accepted) return sessionError(c, v, 'header');
  return signedInOrPending(c, v);
}

function unknownVerdict(c: Ctx, v: Verdict): Decision {
  return done(c, 'unknown', null, {
    sentence: l10n.t`The outcome depends on the token's signature, which cannot be checked offline: ${v.unchecked ?? v.sentence} Signed in if it is good.`,
  });
}

function machineNeedsVerify(c: Ctx, token: string, type: TokenType): Decision {
  const opaque = !isJwtFormat(token);
  const endpoint =
    type === 'api_key'
      ? 'POST /api_keys/verify'
      : type === 'm2m_token'
        ? 'POST /m2m_tokens/verify'
        : 'POST /oauth_applications/access_tokens/verify';
  c.steps.push({
    label: l10n.t('Machine token'),
    value: l10n.t`${typeTexts()[type]} is accepted by acceptsToken ${acceptsText(c.acceptsToken)}: it is verified next.`,
    mark: 'pass',
  });
  return done(c, 'unknown', null, {
    sentence: opaque
      ? l10n.t`${typeTexts()[type][0].toUpperCase()}${typeTexts()[type].slice(1)} is accepted by type; whether it is valid (known, not revoked, not expired) only the Backend API can say (${endpoint}). Signed in if it verifies; signed-out with its error code otherwise.`
      : l10n.t`A JWT ${typeTexts()[type].slice(typeTexts()[type].indexOf(' ') + 1)} is accepted by type; it is verified against the instance's keys as a machine JWT. Signed in if it verifies.`,
    needsNetwork: opaque
      ? l10n.t`Verifying ${typeTexts()[type]} needs the Backend API (${endpoint}).`
      : l10n.t('Verifying a machine JWT needs the instance key.'),
  });
}

async function headerPath(c: Ctx, token: string): Promise<Decision> {
  const a = c.acceptsToken;
  c.steps.push({
    label: l10n.t('Token used'),
    value: l10n.t('The Authorization header carries a token: it is checked on its own, and cookies are not looked at.'),
    mark: 'info',
  });
  if (a === 'any' || Array.isArray(a)) {
    if (isMachineToken(token)) {
      const type = machineTokenType(token)!;
      if (!accepts(type, a)) {
        c.steps.push({
          label: l10n.t('Token type'),
          value: l10n.t`${typeTexts()[type]} is not in acceptsToken ${acceptsText(a)}.`,
          mark: 'fail',
        });
        return done(c, 'signed-out', 'token-type-mismatch');
      }
      return machineNeedsVerify(c, token, type);
    }
    if (nonSessionCategory(token)) {
      c.steps.push({
        label: l10n.t('Token class'),
        value: l10n.t("The header's cat marks a JWT other than a session token: refused as a session token."),
        mark: 'fail',
      });
      return done(c, 'signed-out', 'token-type-mismatch');
    }
    const v = await check(c, token);
    c.token = { where: 'header', name: l10n.t('Authorization'), token, verdict: v };
    if (v.accepted === undefined) return unknownVerdict(c, v);
    if (!v.accepted) return sessionError(c, v, 'header');
    return signedInOrPending(c, v);
  }
  if (a === 'session_token') return headerSession(c, token);
  // A single machine type.
  if (!isMachineToken(token)) {
    c.steps.push({ label: l10n.t('Token type'), value: l10n.t`The token is not a machine token, and acceptsToken is ${a}.`, mark: 'fail' });
    return done(c, 'signed-out', 'token-type-mismatch');
  }
  const type = machineTokenType(token)!;
  if (!accepts(type, a)) {
    c.steps.push({
      label: l10n.t('Token type'),
      value: l10n.t`${typeTexts()[type]} is not ${typeTexts()[a]} (acceptsToken ${a}).`,
      mark: 'fail',
    });
    return done(c, 'signed-out', 'token-type-mismatch');
  }
  return machineNeedsVerify(c, token, type);
}

async function resolveHandshakeToken(c: Ctx): Promise<Decision | undefined> {
  const token = c.handshakeToken!;
  const v = await check(c, token);
  const d = routeDecode(token);
  const typOk = !d || d.header.typ === undefined || d.header.typ === 'JWT';
  const algOk = !d || ['RS256', 'RS384', 'RS512'].includes(d.header.alg as string);
  const catOk = !d || !(d.header.cat !== undefined && d.header.cat !== SESSION_CAT && d.header.cat !== IGNORE_CAT);
  const sigOk = v.signature.state === 'valid';
  const dev = c.pk?.instanceType === 'development';
  if (!d || !typOk || !algOk || !catOk || !sigOk) {
    if (v.signature.state === 'unchecked' && d && typOk && algOk && catOk)
      return done(c, 'unknown', null, { sentence: l10n.t('The handshake token cannot be checked without the instance key.') });
    const why = !d
      ? l10n.t('it does not decode')
      : !typOk
        ? l10n.t('its typ is not JWT')
        : !algOk
          ? l10n.t('its alg is not RS256/384/512')
          : !catOk
            ? l10n.t('its cat marks a JWT other than a session-class token')
            : l10n.t('its signature does not match the instance key');
    c.steps.push({ label: l10n.t('Handshake'), value: l10n.t`The __clerk_handshake token fails verification: ${why}.`, mark: 'fail' });
    if (dev) {
      return done(c, 'exception', null, {
        sentence: l10n.t`On a development instance authenticateRequest throws ("Handshake token verification failed"): ${why}. If the keys were switched locally, clear the cookies and try again.`,
      });
    }
    c.steps.push({
      label: l10n.t('Handshake'),
      value: l10n.t('On a production instance the failure is logged and the request is decided from its cookies.'),
      mark: 'info',
    });
    return undefined;
  }
  const lines = Array.isArray(d.payload.handshake) ? d.payload.handshake : [];
  let sessionToken = '';
  for (const line of lines) {
    if (typeof line !== 'string') continue;
    const first = line.split(';')[0] ?? '';
    const name = first.split('=')[0] ?? '';
    if (name.startsWith('__session')) sessionToken = first.split('=')[1] ?? '';
  }
  c.steps.push({
    label: l10n.t('Handshake'),
    value:
      lines.length === 1
        ? l10n.t('The __clerk_handshake token verifies; it sets {0} cookie.', lines.length)
        : l10n.t('The __clerk_handshake token verifies; it sets {0} cookies.', lines.length),
    mark: 'pass',
  });
  if (!sessionToken) return done(c, 'signed-out', 'session-token-missing');
  let sv = await check(c, sessionToken);
  c.token = { where: 'handshake', name: l10n.t('__session (from the handshake)'), token: sessionToken, verdict: sv };
  if (sv.accepted === undefined) return unknownVerdict(c, sv);
  if (sv.accepted) return signedInOrPending(c, sv);
  const timing =
    sv.clerkReason === 'token-expired' || sv.clerkReason === 'token-not-active-yet' || sv.clerkReason === 'token-iat-in-the-future';
  if (dev && timing) {
    c.steps.push({
      label: l10n.t('Clock skew'),
      value: l10n.t('Development instances retry a handshake token with a clock skew of one day (and log "Clock skew detected").'),
      mark: 'warn',
    });
    const o = { ...c.o, clockSkewMs: 86_400_000 };
    sv = await check({ ...c, o }, sessionToken);
    if (sv.accepted) return signedInOrPending(c, sv);
  }
  c.steps.push({
    label: l10n.t('Handshake'),
    value: l10n.t(
      'The session token from the handshake fails verification: the failure is logged and the request is decided from its cookies.',
    ),
    mark: 'warn',
  });
  return undefined;
}

async function cookiePath(c: Ctx): Promise<Decision> {
  const hasUat = c.clientUat;
  const hasSession = !!c.sessionCookie;
  const dev = c.pk?.instanceType === 'development';
  if (c.handshakeNonce) {
    return done(c, 'unknown', null, {
      sentence: l10n.t(
        'The request carries a handshake nonce: authenticateRequest fetches the cookies it stands for from the Backend API (GET /clients/handshake_payload) and decides from them.',
      ),
      needsNetwork: l10n.t('Resolving a handshake nonce needs the Backend API.'),
    });
  }
  if (c.handshakeToken) {
    const r = await resolveHandshakeToken(c);
    if (r) return r;
  }
  if (!c.o.isSatellite && dev && c.url.searchParams.get('__clerk_redirect_url')) {
    c.steps.push({
      label: l10n.t('Multi-domain'),
      value: l10n.t('The URL carries __clerk_redirect_url: a satellite asked this primary domain to sync.'),
      mark: 'info',
    });
    return maybeHandshake(c, 'primary-responds-to-syncing');
  }
  if (dev && c.url.searchParams.has('__clerk_db_jwt')) {
    c.steps.push({
      label: l10n.t('Dev browser'),
      value: l10n.t('The URL carries __clerk_db_jwt: the development instance syncs it through a handshake.'),
      mark: 'info',
    });
    return maybeHandshake(c, 'dev-browser-sync');
  }
  if (dev && !c.devBrowser) {
    c.steps.push({
      label: l10n.t('Dev browser'),
      value: l10n.t('Development instance and no __clerk_db_jwt (cookie or query parameter).'),
      mark: 'fail',
    });
    return maybeHandshake(c, 'dev-browser-missing');
  }
  if (dev)
    c.steps.push({
      label: l10n.t('Dev browser'),
      value: l10n.t('Development instance with a dev browser token (__clerk_db_jwt).'),
      mark: 'pass',
    });
  if (!hasUat && !hasSession) {
    c.steps.push({ label: l10n.t('Cookies'), value: l10n.t('No session token cookie and __client_uat is absent or 0.'), mark: 'info' });
    return done(c, 'signed-out', 'session-token-and-uat-missing');
  }
  if (!hasUat && hasSession) {
    c.steps.push({ label: l10n.t('Cookies'), value: l10n.t('A session token cookie but __client_uat is absent or 0.'), mark: 'warn' });
    return maybeHandshake(c, 'session-token-but-no-client-uat');
  }
  if (hasUat && !hasSession) {
    c.steps.push({
      label: l10n.t('Cookies'),
      value: l10n.t`__client_uat is ${epochTime(c.clientUat)} but there is no session token cookie.`,
      mark: 'warn',
    });
    return maybeHandshake(c, 'client-uat-but-no-session-token');
  }
  const token = c.sessionCookie!;
  const d = routeDecode(token);
  if (!d) {
    const v = await check(c, token);
    c.token = { where: 'cookie', name: c.sessionCookieName ?? '__session', token, verdict: v };
    c.steps.push({
      label: l10n.t('Session cookie'),
      value: l10n.t`The session cookie does not decode as a JWT: ${v.reasons[0]?.sentence ?? v.sentence}`,
      mark: 'fail',
    });
    return done(c, 'signed-out', 'token-invalid');
  }
  if (isMachineJwt(token) || nonSessionCategory(token)) {
    c.steps.push({
      label: l10n.t('Token class'),
      value: l10n.t('The session cookie holds a machine JWT or a JWT of another class (cat): refused as a session token.'),
      mark: 'fail',
    });
    c.token = { where: 'cookie', name: c.sessionCookieName ?? '__session', token };
    return done(c, 'signed-out', 'token-type-mismatch');
  }
  const iat = d.payload.iat as number;
  if (iat < c.clientUat) {
    c.steps.push({
      label: '__client_uat',
      value: l10n.t`The token's iat (${epochTime(d.payload.iat)}) is ${c.clientUat - iat} s before __client_uat (${epochTime(c.clientUat)}): the client changed after this token was issued.`,
      mark: 'fail',
    });
    c.token = { where: 'cookie', name: c.sessionCookieName ?? '__session', token };
    return maybeHandshake(c, 'session-token-iat-before-client-uat');
  }
  c.steps.push({
    label: '__client_uat',
    value:
      typeof iat === 'number' && iat >= c.clientUat
        ? l10n.t`The token's iat (${epochTime(iat)}) is not before __client_uat (${epochTime(c.clientUat)}): ${iat - c.clientUat} s after it.`
        : l10n.t`The token's iat (${epochTime(d.payload.iat)}) is not before __client_uat (${epochTime(c.clientUat)}).`,
    mark: 'pass',
  });
  const v = await check(c, token);
  c.token = { where: 'cookie', name: c.sessionCookieName ?? '__session', token, verdict: v };
  if (v.accepted === undefined) return unknownVerdict(c, v);
  if (!v.accepted) return sessionError(c, v, 'cookie');
  if (!('azp' in d.payload) || !d.payload.azp)
    c.steps.push({
      label: 'azp',
      value: l10n.t('The cookie token has no azp: accepted now, with a warning that a future version will refuse it.'),
      mark: 'warn',
    });
  const cross =
    !c.o.isSatellite &&
    c.method === 'GET' &&
    c.secFetchDest === 'document' &&
    isCrossOriginReferrer(c.referrer, c.url) &&
    !isKnownClerkReferrer(c.referrer, c.pk) &&
    c.redirectCount === 0;
  if (cross) {
    c.steps.push({ label: l10n.t('Verification'), value: v.sentence, mark: 'pass' });
    c.steps.push({
      label: l10n.t('Referrer'),
      value: l10n.t`A document request from another origin (${c.referrer ?? ''}) that is not Clerk's: the primary domain syncs through a handshake.`,
      mark: 'info',
    });
    return maybeHandshake(c, 'primary-domain-cross-origin-sync');
  }
  return signedInOrPending(c, v);
}

function eligibility(method: string, dest: string | undefined, accept: string | undefined): { ok: boolean; why: string } {
  if (method !== 'GET')
    return { ok: false, why: l10n.t`a handshake is a redirect, and only GET requests are redirected (this is ${method}).` };
  if (dest === 'document' || dest === 'iframe') return { ok: true, why: l10n.t`a GET with sec-fetch-dest: ${dest} (a page load).` };
  if (!dest && accept?.startsWith('text/html'))
    return { ok: true, why: l10n.t('a GET without sec-fetch-dest that accepts text/html first (a page load).') };
  if (dest)
    return {
      ok: false,
      why: l10n.t`sec-fetch-dest is ${JSON.stringify(dest.slice(0, 40))}, not document or iframe (an API or asset request).`,
    };
  return { ok: false, why: l10n.t('no sec-fetch-dest and accept does not start with text/html (an API request).') };
}

/** The decision for a parsed request. Never throws. */
export async function decide(req: ParsedRequest, o: RequestOptions = {}): Promise<Decision> {
  const acceptsToken: AcceptsToken = o.acceptsToken ?? 'session_token';
  const now = o.now ?? Date.now();
  const url = clerkUrl(req);
  const get = (n: string): string | undefined => headerGet(req.headers, n) || undefined;
  const cookies = parseCookieHeader(get('cookie') ?? '');
  const secFetchDest = get('sec-fetch-dest');
  const accept = get('accept');
  const el = eligibility(req.method, secFetchDest, accept);
  const c: Ctx = {
    o,
    steps: [],
    jwks: o.jwks,
    acceptsToken,
    method: req.method,
    url,
    suffix: '',
    cookies,
    clientUat: 0,
    redirectCount: 0,
    handshakeEligible: el.ok,
    handshakeEligibleWhy: el.why,
    now,
  };
  if (secFetchDest !== undefined) c.secFetchDest = secFetchDest;
  if (accept !== undefined) c.accept = accept;
  const referrer = get('referer');
  if (referrer !== undefined) c.referrer = referrer;
  try {
    const machineOnly = acceptsToken === 'm2m_token' || acceptsToken === 'api_key';
    if (o.publishableKey) c.suffix = cookieSuffix(o.publishableKey);
    const tih = tokenInHeaderOf(get('authorization'));
    if (tih !== undefined) c.tokenInHeader = tih;
    if (!machineOnly) {
      const pk = parsePublishableKey(o.publishableKey);
      if (!pk.ok) {
        c.steps.push({ label: l10n.t('Publishable key'), value: pk.sentence, mark: 'fail' });
        return done(c, 'exception', null, { sentence: pk.sentence });
      }
      c.pk = pk;
      const u = usesSuffixedCookies(cookies, c.suffix, pk, now);
      c.usesSuffixed = u.uses;
      c.usesSuffixedWhy = u.why;
      const read = (n: string): { v?: string; name: string } => {
        const name = u.uses ? `${n}_${c.suffix}` : n;
        const v = cookies.map.get(name) || undefined;
        return v === undefined ? { name } : { v, name };
      };
      const s = read('__session');
      if (s.v !== undefined) c.sessionCookie = s.v;
      c.sessionCookieName = s.name;
      const uat = read('__client_uat');
      c.clientUatName = uat.name;
      c.clientUat = Number.parseInt(uat.v || '') || 0;
      const db = url.searchParams.get('__clerk_db_jwt') || read('__clerk_db_jwt').v;
      if (db) c.devBrowser = db;
      const hs = url.searchParams.get('__clerk_handshake') || cookies.map.get('__clerk_handshake') || undefined;
      if (hs) c.handshakeToken = hs;
      c.redirectCount = Number(cookies.map.get('__clerk_redirect_count')) || 0;
      const nonce = url.searchParams.get('__clerk_handshake_nonce') || cookies.map.get('__clerk_handshake_nonce') || undefined;
      if (nonce) c.handshakeNonce = nonce;
    }
    if (acceptsToken !== 'm2m_token' && o.secretKey === false) {
      return done(c, 'exception', null, {
        sentence: l10n.t('Without a secret key authenticateRequest throws ("Missing Clerk Secret Key").'),
      });
    }
    if (acceptsToken === 'm2m_token' && o.secretKey === false) {
      return done(c, 'exception', null, {
        sentence: l10n.t('Machine token authentication requires a machine secret key or the secret key: authenticateRequest throws.'),
      });
    }
    if (Array.isArray(acceptsToken)) {
      const t = c.tokenInHeader;
      const type: TokenType = t ? (isMachineToken(t) ? machineTokenType(t)! : 'session_token') : 'session_token';
      if (!accepts(type, acceptsToken)) {
        c.steps.push({
          label: l10n.t('Token type'),
          value: l10n.t`${t ? l10n.t`The header carries ${typeTexts()[type]}` : l10n.t('There is no token in the header, so a session token is assumed')}; acceptsToken ${acceptsText(acceptsToken)} does not include ${type}.`,
          mark: 'fail',
        });
        return done(c, 'signed-out', 'token-type-mismatch');
      }
    }
    if (c.tokenInHeader) return await headerPath(c, c.tokenInHeader);
    if (acceptsToken === 'oauth_token' || acceptsToken === 'api_key' || acceptsToken === 'm2m_token') {
      c.steps.push({
        label: l10n.t('Token used'),
        value: l10n.t`acceptsToken is ${acceptsToken}: machine tokens are read only from the Authorization header, and there is none.`,
        mark: 'fail',
      });
      return done(c, 'signed-out', l10n.t('No token in header'));
    }
    c.steps.push({
      label: l10n.t('Token used'),
      value: l10n.t`No Authorization header: the ${c.sessionCookieName ?? '__session'} cookie is used with ${c.clientUatName ?? '__client_uat'}. ${c.usesSuffixedWhy ?? ''}`,
      mark: 'info',
    });
    return await cookiePath(c);
  } catch (e) {
    return done(c, 'exception', null, {
      sentence: l10n.t`The request could not be decided (${e instanceof Error ? e.message.slice(0, 200) : l10n.t('unknown error')}).`,
    });
  }
}

/** The header value of a decoded payload, for the report. */
export function payloadOf(token: string | undefined): JsonObject | undefined {
  const d = routeDecode(token);
  return d && isJsonObject(d.payload) ? d.payload : undefined;
}
