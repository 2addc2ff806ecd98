// ClerkClient: the Backend API over node-fetch: the operations and the request loop. No `vscode` here: this file runs
// (and is tested) on plain Node. Beside it: gate.ts (concurrency limit, Retry-After gate with one probe), retry.ts
// (when to try again), network.ts (transport errors in words), checks.ts (response and argument checks).
//
// Every method takes an optional AbortSignal as its LAST parameter.
// Retries: 429 for every method (the request was not processed), honouring Retry-After; GETs also on 502/503/504
// with jittered exponential backoff. Nothing is ever sent before a Retry-After has elapsed (a client-wide gate), and
// when it has, one probe goes first: the other callers follow only once it is not rate limited again.
// At most `maxConcurrency` requests are in flight per client; no answer is read past `maxResponseBytes`.
import { createHash } from 'node:crypto';
import nodeFetch from 'node-fetch';
import { apiUrlArg, check, checkSession, checkUser, idArg, limitArg, list, offsetArg, parseJsonBody, positive } from './checks';
import { queryArg, queryIdArg } from './checks';
import { ClerkAbortError, ClerkApiError, ClerkInputError, redact } from './errors';
import { type GateOutcome, RateGate, Semaphore, type Sleep, sleep } from './gate';
import { apiError, type Exchange, exchange, type FetchLike, type RawResponse, type RequestSpec } from './http';
import type { ClerkClientOptions, ClerkLogEntry, ClerkLogLevel, ServerClock } from './options';
import { parseRetryAfter, type RetryCount, RetryPolicy } from './retry';
import { SESSION_STATUS_FILTERS } from './types';
import type { CreateSessionTokenParams, Instance, Jwk, Jwks, JwtTemplate, ListSessionsParams, ListUsersParams } from './types';
import type { Page, Session, Token, TotalCount, User } from './types';
import type { ActorToken, CreateActorTokenParams, CreateSessionParams, MembershipPage, PageParams } from './types';
import { checkActorToken, checkMemberships, membershipsSpec } from './userOps';
import { createActorTokenSpec, createSessionSpec, revokeActorTokenSpec } from './userOps';
import { checkApiKey, checkM2mToken, checkOAuthAccessToken, checkSignInToken, checkTestingToken } from './userOps';
import { createSignInTokenSpec, revokeSignInTokenSpec, verifyApiKeySpec, verifyM2mTokenSpec, verifyOAuthAccessTokenSpec } from './userOps';
import type {
  ApiKey,
  CreateSignInTokenParams,
  InactiveOAuthAccessToken,
  M2mToken,
  OAuthAccessToken,
  SignInToken,
  TestingToken,
} from './types';

export { DEFAULT_API_URL } from './constants';
import { DEFAULT_API_URL, TOKEN_LIFETIME } from './constants';
import * as l10n from '@vscode/l10n';
export const DEFAULT_API_VERSION = '2026-05-12';

export type { FetchInit, FetchLike, FetchResponseLike } from './http';

export type { ClerkClientOptions, ClerkLogEntry, ClerkLogLevel } from './options';
// ---------------------------------------------------------------------------------------------------------------
// JWKS cache: per apiUrl + key (the key is hashed, never kept as a map key), shared by clients of the same instance.

interface JwksEntry {
  jwks: Jwks;
  fetchedAt: number;
}
const jwksCache = new Map<string, JwksEntry>();
const jwksInFlight = new Map<string, Promise<Jwks>>();

/** Forget every cached JWKS. Only the tests and the bench call it, to start from an empty cache. */
export function clearJwksCache(): void {
  jwksCache.clear();
  jwksInFlight.clear();
}

const TEMPLATE_FIELDS = { id: 'string', name: 'string', lifetime: 'number', claims: 'object' } as const;

export class ClerkClient {
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly maxConcurrency: number;

  // The key lives in a private field (not enumerable by util.inspect / JSON.stringify).
  readonly #secretKey: string;
  readonly #fetch: FetchLike;
  readonly #logger?: (entry: ClerkLogEntry) => void;
  readonly #onServerClock?: (clock: ServerClock) => void;
  readonly #semaphore: Semaphore;
  /** No request leaves before a Retry-After has elapsed; then one probe first. */
  readonly #gate: RateGate;
  readonly #retry: RetryPolicy;
  readonly #maxResponseBytes: number;
  readonly #jwksTtlMs: number;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #jwksCacheKey: string;

  constructor(options: ClerkClientOptions) {
    const key = typeof options.secretKey === 'string' ? options.secretKey.trim() : '';
    if (!key) throw new ClerkInputError(l10n.t('No Clerk secret key is set. Add one with "Clerk: Set Secret Key".'));
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new ClerkInputError(
        l10n.t(
          'The secret key contains spaces, line breaks or other characters a key never has. Copy it again from Clerk Dashboard → API keys.',
        ),
      );
    }
    this.#secretKey = key;

    this.apiUrl = apiUrlArg(options.apiUrl ?? DEFAULT_API_URL, DEFAULT_API_URL);

    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    this.timeoutMs = positive(options.timeoutMs, 15_000, 'timeoutMs');
    this.userAgent = `clerk-sessions-vscode/${options.version ?? '0.0.0'}`;
    this.maxConcurrency = Math.floor(positive(options.maxConcurrency, 4, 'maxConcurrency'));
    // The HTTP fetch is handed in (tests wrap it); by default node-fetch, which is bundled beside this client in
    // dist/heavy.js and so loads with it on first use, never at activation.
    this.#fetch = options.fetch ?? ((url, init) => nodeFetch(url, init));
    if (options.logger) this.#logger = options.logger;
    if (options.onServerClock) this.#onServerClock = options.onServerClock;
    this.#semaphore = new Semaphore(this.maxConcurrency);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleep;
    const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.#gate = new RateGate(this.#now, maxRetryAfterMs, (label, waitMs) => rateLimited(label, waitMs / 1000), this.#sleep);
    this.#retry = new RetryPolicy({
      baseMs: options.retryBaseMs ?? 500,
      max5xx: options.maxServerErrorRetries ?? 2,
      max429: options.maxRateLimitRetries ?? 3,
      maxRetryAfterMs,
    });
    this.#maxResponseBytes = Math.floor(positive(options.maxResponseBytes, 10 * 1024 * 1024, 'maxResponseBytes'));
    this.#jwksTtlMs = options.jwksTtlMs ?? 5 * 60_000;
    this.#jwksCacheKey = `${this.apiUrl}\n${createHash('sha256').update(key).digest('hex')}`;
  }

  /** Requests currently in flight (for tests of the concurrency limit). */
  get inFlight(): number {
    return this.#semaphore.inFlight;
  }

  toJSON(): Record<string, unknown> {
    return { apiUrl: this.apiUrl, apiVersion: this.apiVersion, userAgent: this.userAgent };
  }

  // ---- operations -------------------------------------------------------------------------------------------

  /** GET /instance */
  async getInstance(signal?: AbortSignal): Promise<Instance> {
    const body = await this.#json({ method: 'GET', path: '/instance' }, signal);
    return check<Instance>(body, 'instance', { id: 'string', environment_type: 'string' }, 'GET /instance');
  }

  /** GET /users, newest activity first by default. */
  async listUsers(params: ListUsersParams = {}, signal?: AbortSignal): Promise<User[]> {
    const q = new URLSearchParams();
    const query = queryArg(params.query);
    if (query !== undefined) q.set('query', query);
    q.set('order_by', params.orderBy ?? '-last_active_at');
    q.set('limit', String(limitArg(params.limit, 20)));
    q.set('offset', String(offsetArg(params.offset)));
    const body = await this.#json({ method: 'GET', path: '/users', query: q }, signal);
    const { data } = list(body, 'user', 'GET /users');
    return data.map((u, i) => checkUser(u, 'GET /users', i));
  }

  /** GET /users/count */
  async countUsers(params: { query?: string } = {}, signal?: AbortSignal): Promise<number> {
    const q = new URLSearchParams();
    const query = queryArg(params.query);
    if (query !== undefined) q.set('query', query);
    const body = await this.#json({ method: 'GET', path: '/users/count', query: q }, signal);
    return check<TotalCount>(body, l10n.t('user count'), { total_count: 'number' }, 'GET /users/count').total_count;
  }

  /** GET /users/{user_id} */
  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    const id = idArg(userId, l10n.t('user id'));
    const body = await this.#json({ method: 'GET', path: `/users/${id}`, subject: l10n.t`user '${userId}'` }, signal);
    return checkUser(body, `GET /users/${id}`);
  }

  /** GET /sessions?paginated=true — needs a userId or a clientId. Reads a bare array or `{data, total_count}`. */
  async listSessions(params: ListSessionsParams, signal?: AbortSignal): Promise<Page<Session>> {
    const p = params ?? {};
    if (!p.userId && !p.clientId) {
      throw new ClerkInputError(l10n.t('Listing sessions needs a user id or a client id (Clerk requires one of them).'));
    }
    const q = new URLSearchParams();
    if (p.userId !== undefined) q.set('user_id', queryIdArg(p.userId, l10n.t('user id')));
    if (p.clientId !== undefined) q.set('client_id', queryIdArg(p.clientId, l10n.t('client id')));
    if (p.status !== undefined) {
      if (!(SESSION_STATUS_FILTERS as readonly string[]).includes(p.status)) {
        const known = SESSION_STATUS_FILTERS.join(', ');
        throw new ClerkInputError(l10n.t`'${String(p.status)}' is not a session status Clerk can filter by (${known}).`);
      }
      q.set('status', p.status);
    }
    q.set('paginated', 'true');
    if (p.limit !== undefined) q.set('limit', String(limitArg(p.limit, 10)));
    if (p.offset !== undefined) q.set('offset', String(offsetArg(p.offset)));
    const body = await this.#json({ method: 'GET', path: '/sessions', query: q }, signal);
    const page = list(body, 'session', 'GET /sessions');
    const data = page.data.map((s, i) => checkSession(s, 'GET /sessions', i));
    return page.totalCount !== undefined ? { data, totalCount: page.totalCount } : { data };
  }

  /** GET /sessions/{session_id} */
  async getSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, l10n.t('session id'));
    const body = await this.#json({ method: 'GET', path: `/sessions/${id}`, subject: l10n.t`session '${sessionId}'` }, signal);
    return checkSession(body, `GET /sessions/${id}`);
  }

  /** POST /sessions/{session_id}/revoke — never retried except after 429. */
  async revokeSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, l10n.t('session id'));
    const body = await this.#json({ method: 'POST', path: `/sessions/${id}/revoke`, subject: l10n.t`session '${sessionId}'` }, signal);
    return checkSession(body, `POST /sessions/${id}/revoke`);
  }

  /**
   * POST /sessions/{session_id}/verify — deprecated; only older API versions have it (2024-10-01).
   * A 404/410 from it surfaces as ClerkApiError (status 404/410): callers report it as "not available".
   */
  async verifySession(sessionId: string, token: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, l10n.t('session id'));
    if (typeof token !== 'string' || token.trim() === '')
      throw new ClerkInputError(l10n.t('A session token is required to verify a session.'));
    const body = await this.#json(
      { method: 'POST', path: `/sessions/${id}/verify`, body: { token: token.trim() }, subject: l10n.t`session '${sessionId}'` },
      signal,
    );
    return checkSession(body, `POST /sessions/${id}/verify`);
  }

  /** POST /sessions/{id}/tokens or /sessions/{id}/tokens/{template}; a body only when a lifetime is given. */
  async createSessionToken(sessionId: string, params: CreateSessionTokenParams = {}, signal?: AbortSignal): Promise<Token> {
    const id = idArg(sessionId, l10n.t('session id'));
    const p = params ?? {};
    let path = `/sessions/${id}/tokens`;
    let subject = l10n.t`session '${sessionId}'`;
    if (p.template !== undefined) {
      path += `/${idArg(p.template, l10n.t('JWT template name'))}`;
      subject = l10n.t`session '${sessionId}' or JWT template '${p.template}'`;
    }
    let body: unknown;
    if (p.expiresInSeconds !== undefined) {
      const s = p.expiresInSeconds;
      if (!Number.isInteger(s) || s < TOKEN_LIFETIME.min || s > TOKEN_LIFETIME.max) {
        const range = l10n.t`from ${TOKEN_LIFETIME.min} to ${TOKEN_LIFETIME.max}`;
        throw new ClerkInputError(l10n.t`A token lifetime must be a whole number of seconds ${range} (got ${String(s)}).`);
      }
      body = { expires_in_seconds: s };
    }
    const json = await this.#json({ method: 'POST', path, body, subject }, signal);
    return check<Token>(json, 'token', { jwt: 'string' }, `POST ${path}`);
  }

  /** POST /sessions — for testing only: Clerk refuses it on production instances. Never retried except after 429. */
  async createSession(params: CreateSessionParams, signal?: AbortSignal): Promise<Session> {
    return checkSession(await this.#json(createSessionSpec(params), signal), 'POST /sessions');
  }

  /** POST /actor_tokens — an impersonation token (a one-time sign-in URL) for a user, acted by `actor.sub`. */
  async createActorToken(params: CreateActorTokenParams, signal?: AbortSignal): Promise<ActorToken> {
    return checkActorToken(await this.#json(createActorTokenSpec(params), signal), 'POST /actor_tokens');
  }

  /** POST /actor_tokens/{id}/revoke — only a pending (not yet used) actor token can be revoked. */
  async revokeActorToken(actorTokenId: string, signal?: AbortSignal): Promise<ActorToken> {
    const spec = revokeActorTokenSpec(actorTokenId);
    return checkActorToken(await this.#json(spec, signal), `POST ${spec.path}`);
  }

  /** POST /api_keys/verify — 404 (ClerkApiError) for a key Clerk does not know or no longer accepts. */
  async verifyApiKey(secret: string, signal?: AbortSignal): Promise<ApiKey> {
    return checkApiKey(await this.#json(verifyApiKeySpec(secret), signal), 'POST /api_keys/verify');
  }

  /** POST /m2m_tokens/verify — 404 (ClerkApiError) for a token Clerk does not know or no longer accepts. */
  async verifyM2mToken(token: string, signal?: AbortSignal): Promise<M2mToken> {
    return checkM2mToken(await this.#json(verifyM2mTokenSpec(token), signal), 'POST /m2m_tokens/verify');
  }

  /** POST /oauth_applications/access_tokens/verify — `{active: false}` for a JWT access token that is not active; 404 for unknown. */
  async verifyOAuthAccessToken(accessToken: string, signal?: AbortSignal): Promise<OAuthAccessToken | InactiveOAuthAccessToken> {
    const spec = verifyOAuthAccessTokenSpec(accessToken);
    return checkOAuthAccessToken(await this.#json(spec, signal), `POST ${spec.path}`);
  }

  /** POST /testing_tokens — a short-lived token that lets end-to-end tests past bot protection. */
  async createTestingToken(signal?: AbortSignal): Promise<TestingToken> {
    return checkTestingToken(await this.#json({ method: 'POST', path: '/testing_tokens' }, signal), 'POST /testing_tokens');
  }

  /** POST /sign_in_tokens — a one-time sign-in URL for a user. Never retried except after 429. */
  async createSignInToken(params: CreateSignInTokenParams, signal?: AbortSignal): Promise<SignInToken> {
    return checkSignInToken(await this.#json(createSignInTokenSpec(params), signal), 'POST /sign_in_tokens');
  }

  /** POST /sign_in_tokens/{id}/revoke — only a pending (not yet used) sign-in token can be revoked. */
  async revokeSignInToken(signInTokenId: string, signal?: AbortSignal): Promise<SignInToken> {
    const spec = revokeSignInTokenSpec(signInTokenId);
    return checkSignInToken(await this.#json(spec, signal), `POST ${spec.path}`);
  }

  /** GET /users/{user_id}/organization_memberships: one page (newest first) and the total. */
  async listOrganizationMemberships(userId: string, params: PageParams = {}, signal?: AbortSignal): Promise<MembershipPage> {
    const spec = membershipsSpec(userId, params);
    return checkMemberships(await this.#json(spec, signal), `GET ${spec.path}`);
  }

  /** GET /jwt_templates */
  async listJwtTemplates(signal?: AbortSignal): Promise<JwtTemplate[]> {
    const body = await this.#json({ method: 'GET', path: '/jwt_templates' }, signal);
    const { data } = list(body, l10n.t('JWT template'), 'GET /jwt_templates');
    return data.map((t, i) => check<JwtTemplate>(t, l10n.t('JWT template'), TEMPLATE_FIELDS, 'GET /jwt_templates', i));
  }

  /** GET /jwks, cached per API URL + key for jwksTtlMs (5 min). */
  async getJwks(options: { forceRefresh?: boolean } = {}, signal?: AbortSignal): Promise<Jwks> {
    const k = this.#jwksCacheKey;
    const cached = jwksCache.get(k);
    if (!options?.forceRefresh && cached && this.#now() - cached.fetchedAt < this.#jwksTtlMs) return cached.jwks;
    const pending = jwksInFlight.get(k);
    if (pending) return pending;
    const p = (async () => {
      const body = await this.#json({ method: 'GET', path: '/jwks' }, signal);
      const jwks = check<Jwks>(body, 'JWKS', { keys: 'array' }, 'GET /jwks');
      jwks.keys.forEach((key, i) => check<Jwk>(key, l10n.t('JWKS key'), { kid: 'string', kty: 'string' }, 'GET /jwks', i, 'keys'));
      jwksCache.set(k, { jwks, fetchedAt: this.#now() });
      return jwks;
    })();
    jwksInFlight.set(k, p);
    try {
      return await p;
    } finally {
      jwksInFlight.delete(k);
    }
  }

  /** The JWKS key with this kid; refetches the JWKS once when the cached copy doesn't have it (key rotation). */
  async getJwkForKid(kid: string, signal?: AbortSignal): Promise<Jwk | undefined> {
    if (typeof kid !== 'string' || kid === '') throw new ClerkInputError(l10n.t('A key id (kid) is required.'));
    const first = await this.getJwks({}, signal);
    const hit = first.keys.find((key) => key.kid === kid);
    if (hit) return hit;
    const fresh = await this.getJwks({ forceRefresh: true }, signal);
    return fresh.keys.find((key) => key.kid === kid);
  }

  // ---- transport --------------------------------------------------------------------------------------------

  async #json(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    const res = await this.#send(spec, signal);
    return parseJsonBody(res.text, res.headers.get('content-type'), `${spec.method} ${spec.path}`, res.status);
  }

  /** Sends with retries, the concurrency limit and the rate gate; returns a 2xx response or throws. */
  async #send(spec: RequestSpec, signal: AbortSignal | undefined): Promise<RawResponse> {
    const label = `${spec.method} ${spec.path}`;
    if (signal?.aborted) throw new ClerkAbortError(label);
    const count: RetryCount = { n429: 0, n5xx: 0 };
    for (;;) {
      const pass = await this.#gate.enter(signal, label);
      let res: RawResponse | undefined;
      let outcome: GateOutcome = 'failed';
      let retryAfter: number | undefined;
      let decision: ReturnType<RetryPolicy['decide']> | undefined;
      let started = 0;
      try {
        const release = await this.#semaphore.acquire(signal, label);
        try {
          // The window may have been moved (by an answer to a request already in flight) while we queued for a slot.
          if (this.#gate.remainingMs > 0) outcome = 'limited';
          else {
            started = this.#now();
            res = await exchange(this.#exchange(spec, signal, label));
            this.#serverClock(res, started, label);
          }
        } finally {
          release();
        }
        if (res && (res.status < 200 || res.status >= 300)) {
          retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.#now());
          decision = this.#retry.decide(spec.method, res.status, retryAfter, count, this.#now());
          // Close the gate before the probe's waiters wake, so they see the new window.
          if (decision.gateUntil !== undefined) this.#gate.block(decision.gateUntil);
        }
        if (res) outcome = decision?.gateUntil !== undefined ? 'limited' : 'open';
      } finally {
        this.#gate.settle(pass, outcome);
      }
      if (!res) continue;
      const ms = this.#now() - started;
      if (!decision) {
        this.#log('debug', `${label}${spec.query && [...spec.query.keys()].length ? `?${spec.query}` : ''} → ${res.status} (${ms} ms)`);
        return res;
      }
      if (decision.retry) {
        const n = res.status === 429 ? `${count.n429}/${this.#retry.limits.max429}` : `${count.n5xx}/${this.#retry.limits.max5xx}`;
        this.#log('warn', `${label} → ${res.status}, retrying in ${(decision.delayMs / 1000).toFixed(1)} s (${n})`);
        await this.#sleep(decision.sleepMs, signal, label);
        continue;
      }
      const err = apiError(spec, res, retryAfter);
      const trace = err.traceId ? ` (trace ${err.traceId})` : '';
      this.#log('warn', `${label} → ${res.status}${err.code ? ` ${err.code}` : ''}${trace} (${ms} ms)`);
      throw err;
    }
  }

  /** Clerk's clock against ours from an answer's Date header, compared with the middle of the exchange. */
  #serverClock(res: RawResponse, started: number, label: string): void {
    if (!this.#onServerClock) return;
    const date = Date.parse(res.headers.get('date') ?? '');
    if (!Number.isFinite(date)) return;
    const ended = this.#now();
    // The header has whole seconds, cut down: +500 ms is its middle.
    this.#onServerClock({ offsetMs: Math.round(date + 500 - (started + ended) / 2), at: ended, label });
  }

  #exchange(spec: RequestSpec, signal: AbortSignal | undefined, label: string): Exchange {
    const qs = spec.query && [...spec.query.keys()].length ? `?${spec.query.toString()}` : '';
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#secretKey}`,
      'Clerk-API-Version': this.apiVersion,
      'User-Agent': this.userAgent,
      Accept: 'application/json',
    };
    const init: Exchange['init'] = { method: spec.method, headers, redirect: 'manual' };
    if (spec.body !== undefined) {
      init.body = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json';
    }
    return {
      fetch: this.#fetch,
      url: `${this.apiUrl}${spec.path}${qs}`,
      init,
      timeoutMs: this.timeoutMs,
      maxBytes: this.#maxResponseBytes,
      signal,
      label,
      warn: (m) => this.#log('warn', m),
    };
  }

  #log(level: ClerkLogLevel, message: string): void {
    if (!this.#logger) return;
    try {
      this.#logger({ level, message: redact(message, this.#secretKey) });
    } catch {
      // A failing logger must never break a request.
    }
  }
}

function rateLimited(label: string, seconds: number): ClerkApiError {
  return new ClerkApiError({ status: 429, errors: [], retryAfter: Math.ceil(seconds), request: label });
}
