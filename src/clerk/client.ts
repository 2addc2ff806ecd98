// ClerkClient: the Backend API over node-fetch. No `vscode` here: this file runs (and is tested) on plain Node.
//
// Every method takes an optional AbortSignal as its LAST parameter.
// Retries: 429 for every method (the request was not processed), honouring Retry-After; GETs also on 502/503/504
// with jittered exponential backoff. Nothing is ever sent before a Retry-After has elapsed (a client-wide gate).
// At most `maxConcurrency` requests are in flight per client.
import fetch from 'node-fetch';
import { createHash } from 'node:crypto';
import {
  ClerkAbortError,
  ClerkApiError,
  ClerkError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkResponseError,
  ClerkTimeoutError,
  type NetworkKind,
  parseClerkErrorBody,
  redact,
} from './errors';
import {
  type CreateSessionTokenParams,
  type Instance,
  type Jwk,
  type Jwks,
  type JwtTemplate,
  type ListSessionsParams,
  type ListUsersParams,
  type Page,
  SESSION_STATUS_FILTERS,
  type Session,
  type Token,
  type TotalCount,
  type User,
} from './types';

export const DEFAULT_API_URL = 'https://api.clerk.com/v1';
export const DEFAULT_API_VERSION = '2026-05-12';

/** The part of a fetch Response the client reads. node-fetch's Response satisfies it. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
}

/** An injectable fetch (tests wrap the real one to add headers such as Prism's `Prefer`). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export type ClerkLogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface ClerkLogEntry {
  level: ClerkLogLevel;
  message: string;
}

export interface ClerkClientOptions {
  secretKey: string;
  /** Default https://api.clerk.com/v1 */
  apiUrl?: string;
  /** Sent as Clerk-API-Version. Default 2026-05-12. */
  apiVersion?: string;
  /** Per attempt, including reading the body. Default 15000. */
  timeoutMs?: number;
  /** The extension's version, for the User-Agent `clerk-sessions-vscode/<version>`. Default 0.0.0. */
  version?: string;
  fetch?: FetchLike;
  /** Requests in flight at once for this client. Default 4. */
  maxConcurrency?: number;
  logger?: (entry: ClerkLogEntry) => void;
  /** The longest Retry-After the client waits out by itself; a longer one fails at once with `retryAfter` set. Default 30000. */
  maxRetryAfterMs?: number;
  /** Base of the exponential backoff for 5xx retries (and 429 without Retry-After). Default 500. */
  retryBaseMs?: number;
  /** Retries of a GET after 502/503/504. Default 2. */
  maxServerErrorRetries?: number;
  /** Retries after 429. Default 3. */
  maxRateLimitRetries?: number;
  /** How long a fetched JWKS is reused. Default 5 minutes. */
  jwksTtlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  /** Already-encoded path below apiUrl, starting with '/'. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Shown in 404 messages: "session 'sess_1'". */
  subject?: string;
}

interface RawResponse {
  status: number;
  text: string;
  headers: FetchResponseLike['headers'];
  /** The body could not be read to the end (connection cut). */
  truncated?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// JWKS cache: per apiUrl + key (the key is hashed, never kept as a map key), shared by clients of the same instance.

interface JwksEntry {
  jwks: Jwks;
  fetchedAt: number;
}
const jwksCache = new Map<string, JwksEntry>();
const jwksInFlight = new Map<string, Promise<Jwks>>();

/** Forget every cached JWKS (tests; after a key is removed). */
export function clearJwksCache(): void {
  jwksCache.clear();
  jwksInFlight.clear();
}

// ---------------------------------------------------------------------------------------------------------------

class Semaphore {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void }> = [];
  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  acquire(signal: AbortSignal | undefined, request: string): Promise<() => void> {
    const release = (): void => {
      this.active--;
      const next = this.waiters.shift();
      if (next) next.grant();
    };
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve(once(release));
        },
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new ClerkAbortError(request));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function sleep(ms: number, signal: AbortSignal | undefined, request: string): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ClerkAbortError(request));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ClerkAbortError(request));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as seconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (!Number.isNaN(at)) return Math.max(0, (at - now) / 1000);
  return undefined;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ALTNAME/i;

function errorCode(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && c) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function classifyNetwork(e: unknown): { kind: NetworkKind; code?: string } {
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (code && DNS_CODES.has(code)) return { kind: 'dns', code };
  if (code && RESET_CODES.has(code)) return { kind: 'reset', code };
  if (/socket hang up|premature close/i.test(msg)) return { kind: 'reset', code: code ?? 'ECONNRESET' };
  if ((code && TLS_CODE.test(code)) || /ssl|tls|certificate/i.test(msg)) return { kind: 'tls', ...(code ? { code } : {}) };
  return { kind: 'network', ...(code ? { code } : {}) };
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** "a session", "an instance", "an array". */
function an(word: string): string {
  return `${/^[aeiou]/i.test(word) && !/^u[bcdfghjklmnpqrstvwxz][aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const INTEGER_MAX_TOKEN_LIFETIME = 315_360_000;

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
  readonly #semaphore: Semaphore;
  readonly #maxRetryAfterMs: number;
  readonly #retryBaseMs: number;
  readonly #max5xx: number;
  readonly #max429: number;
  readonly #jwksTtlMs: number;
  readonly #now: () => number;
  readonly #jwksCacheKey: string;
  /** No request leaves before this time (ms since epoch): set by Retry-After. */
  #blockedUntil = 0;

  constructor(options: ClerkClientOptions) {
    const key = typeof options.secretKey === 'string' ? options.secretKey.trim() : '';
    if (!key) throw new ClerkInputError('No Clerk secret key is set. Add one with "Clerk: Set Secret Key".');
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new ClerkInputError('The secret key contains spaces, line breaks or other characters a key never has. Copy it again from Clerk Dashboard → API keys.');
    }
    this.#secretKey = key;

    const rawUrl = (options.apiUrl ?? DEFAULT_API_URL).trim();
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new ClerkInputError(`The Clerk API URL '${redact(rawUrl)}' is not a valid URL. It should look like ${DEFAULT_API_URL}.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ClerkInputError(`The Clerk API URL must start with https:// (got '${url.protocol}').`);
    }
    if (url.username || url.password || url.search || url.hash) {
      throw new ClerkInputError('The Clerk API URL must not contain credentials, a query or a fragment.');
    }
    this.apiUrl = url.toString().replace(/\/+$/, '');

    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    this.timeoutMs = positive(options.timeoutMs, 15_000, 'timeoutMs');
    this.userAgent = `clerk-sessions-vscode/${options.version ?? '0.0.0'}`;
    this.maxConcurrency = Math.floor(positive(options.maxConcurrency, 4, 'maxConcurrency'));
    this.#fetch = options.fetch ?? (fetch as unknown as FetchLike);
    if (options.logger) this.#logger = options.logger;
    this.#semaphore = new Semaphore(this.maxConcurrency);
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.#retryBaseMs = options.retryBaseMs ?? 500;
    this.#max5xx = options.maxServerErrorRetries ?? 2;
    this.#max429 = options.maxRateLimitRetries ?? 3;
    this.#jwksTtlMs = options.jwksTtlMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
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
    return this.#check<Instance>(body, 'instance', { id: 'string', environment_type: 'string' }, 'GET /instance');
  }

  /** GET /users, newest activity first by default. */
  async listUsers(params: ListUsersParams = {}, signal?: AbortSignal): Promise<User[]> {
    const q = new URLSearchParams();
    if (params.query !== undefined && params.query.trim() !== '') q.set('query', params.query.trim());
    q.set('order_by', params.orderBy ?? '-last_active_at');
    q.set('limit', String(limitArg(params.limit, 20)));
    q.set('offset', String(offsetArg(params.offset)));
    const body = await this.#json({ method: 'GET', path: '/users', query: q }, signal);
    const { data } = this.#list(body, 'user', 'GET /users');
    return data.map((u, i) => this.#checkUser(u, 'GET /users', i));
  }

  /** GET /users/count */
  async countUsers(params: { query?: string } = {}, signal?: AbortSignal): Promise<number> {
    const q = new URLSearchParams();
    if (params.query !== undefined && params.query.trim() !== '') q.set('query', params.query.trim());
    const body = await this.#json({ method: 'GET', path: '/users/count', query: q }, signal);
    return this.#check<TotalCount>(body, 'user count', { total_count: 'number' }, 'GET /users/count').total_count;
  }

  /** GET /users/{user_id} */
  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    const id = idArg(userId, 'user id');
    const body = await this.#json({ method: 'GET', path: `/users/${id}`, subject: `user '${userId}'` }, signal);
    return this.#checkUser(body, `GET /users/${id}`);
  }

  /** GET /sessions?paginated=true — needs a userId or a clientId. Reads a bare array or `{data, total_count}`. */
  async listSessions(params: ListSessionsParams, signal?: AbortSignal): Promise<Page<Session>> {
    const p = params ?? {};
    if (!p.userId && !p.clientId) {
      throw new ClerkInputError('Listing sessions needs a user id or a client id (Clerk requires one of them).');
    }
    const q = new URLSearchParams();
    if (p.userId !== undefined) q.set('user_id', queryIdArg(p.userId, 'user id'));
    if (p.clientId !== undefined) q.set('client_id', queryIdArg(p.clientId, 'client id'));
    if (p.status !== undefined) {
      if (!(SESSION_STATUS_FILTERS as readonly string[]).includes(p.status)) {
        throw new ClerkInputError(`'${String(p.status)}' is not a session status Clerk can filter by (${SESSION_STATUS_FILTERS.join(', ')}).`);
      }
      q.set('status', p.status);
    }
    q.set('paginated', 'true');
    if (p.limit !== undefined) q.set('limit', String(limitArg(p.limit, 10)));
    if (p.offset !== undefined) q.set('offset', String(offsetArg(p.offset)));
    const body = await this.#json({ method: 'GET', path: '/sessions', query: q }, signal);
    const page = this.#list(body, 'session', 'GET /sessions');
    const data = page.data.map((s, i) => this.#checkSession(s, 'GET /sessions', i));
    return page.totalCount !== undefined ? { data, totalCount: page.totalCount } : { data };
  }

  /** GET /sessions/{session_id} */
  async getSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, 'session id');
    const body = await this.#json({ method: 'GET', path: `/sessions/${id}`, subject: `session '${sessionId}'` }, signal);
    return this.#checkSession(body, `GET /sessions/${id}`);
  }

  /** POST /sessions/{session_id}/revoke — never retried except after 429. */
  async revokeSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, 'session id');
    const body = await this.#json({ method: 'POST', path: `/sessions/${id}/revoke`, subject: `session '${sessionId}'` }, signal);
    return this.#checkSession(body, `POST /sessions/${id}/revoke`);
  }

  /**
   * POST /sessions/{session_id}/verify — deprecated; only older API versions have it (2024-10-01).
   * A 404/410 from it surfaces as ClerkApiError (status 404/410): callers report it as "not available".
   */
  async verifySession(sessionId: string, token: string, signal?: AbortSignal): Promise<Session> {
    const id = idArg(sessionId, 'session id');
    if (typeof token !== 'string' || token.trim() === '') throw new ClerkInputError('A session token is required to verify a session.');
    const body = await this.#json(
      { method: 'POST', path: `/sessions/${id}/verify`, body: { token: token.trim() }, subject: `session '${sessionId}'` },
      signal,
    );
    return this.#checkSession(body, `POST /sessions/${id}/verify`);
  }

  /** POST /sessions/{id}/tokens or /sessions/{id}/tokens/{template}; a body only when a lifetime is given. */
  async createSessionToken(sessionId: string, params: CreateSessionTokenParams = {}, signal?: AbortSignal): Promise<Token> {
    const id = idArg(sessionId, 'session id');
    const p = params ?? {};
    let path = `/sessions/${id}/tokens`;
    let subject = `session '${sessionId}'`;
    if (p.template !== undefined) {
      path += `/${idArg(p.template, 'JWT template name')}`;
      subject = `session '${sessionId}' or JWT template '${p.template}'`;
    }
    let body: unknown;
    if (p.expiresInSeconds !== undefined) {
      const s = p.expiresInSeconds;
      if (!Number.isInteger(s) || s < 30 || s > INTEGER_MAX_TOKEN_LIFETIME) {
        throw new ClerkInputError(`A token lifetime must be a whole number of seconds from 30 to ${INTEGER_MAX_TOKEN_LIFETIME} (got ${String(s)}).`);
      }
      body = { expires_in_seconds: s };
    }
    const json = await this.#json({ method: 'POST', path, body, subject }, signal);
    return this.#check<Token>(json, 'token', { jwt: 'string' }, `POST ${path}`);
  }

  /** GET /jwt_templates */
  async listJwtTemplates(signal?: AbortSignal): Promise<JwtTemplate[]> {
    const body = await this.#json({ method: 'GET', path: '/jwt_templates' }, signal);
    const { data } = this.#list(body, 'JWT template', 'GET /jwt_templates');
    return data.map((t, i) =>
      this.#check<JwtTemplate>(t, 'JWT template', { id: 'string', name: 'string', lifetime: 'number', claims: 'object' }, 'GET /jwt_templates', i),
    );
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
      const jwks = this.#check<Jwks>(body, 'JWKS', { keys: 'array' }, 'GET /jwks');
      jwks.keys.forEach((key, i) => this.#check<Jwk>(key, 'JWKS key', { kid: 'string', kty: 'string' }, 'GET /jwks', i, 'keys'));
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
    if (typeof kid !== 'string' || kid === '') throw new ClerkInputError('A key id (kid) is required.');
    const first = await this.getJwks({}, signal);
    const hit = first.keys.find((key) => key.kid === kid);
    if (hit) return hit;
    const fresh = await this.getJwks({ forceRefresh: true }, signal);
    return fresh.keys.find((key) => key.kid === kid);
  }

  // ---- response checks --------------------------------------------------------------------------------------

  #checkUser(v: unknown, request: string, index?: number): User {
    return this.#check<User>(v, 'user', { id: 'string', email_addresses: 'array', created_at: 'number' }, request, index);
  }

  #checkSession(v: unknown, request: string, index?: number): Session {
    return this.#check<Session>(
      v,
      'session',
      {
        id: 'string',
        user_id: 'string',
        client_id: 'string',
        status: 'string',
        last_active_at: 'number',
        expire_at: 'number',
        abandon_at: 'number',
        created_at: 'number',
        updated_at: 'number',
      },
      request,
      index,
    );
  }

  #check<T>(v: unknown, what: string, fields: Record<string, FieldType>, request: string, index?: number, listName?: string): T {
    const where = index === undefined ? '' : ` (item ${index + 1} of ${listName ? `'${listName}'` : 'the list'})`;
    const prefix = index === undefined ? '' : `${listName ?? ''}[${index}].`;
    if (typeOf(v) !== 'object') {
      throw new ClerkResponseError(`Clerk returned ${typeOf(v) === 'null' ? 'null' : an(typeOf(v))} where ${an(what)} was expected${where} (${request}).`, request, 200);
    }
    const o = v as Record<string, unknown>;
    for (const [name, type] of Object.entries(fields)) {
      if (!(name in o) || o[name] === undefined) {
        throw new ClerkResponseError(`Clerk returned ${an(what)} without '${name}'${where} (${request}).`, request, 200, prefix + name);
      }
      const actual = typeOf(o[name]);
      if (actual !== type) {
        throw new ClerkResponseError(
          `Clerk returned ${an(what)} whose '${name}' is ${actual === 'null' ? 'null' : an(actual)}, not ${an(type)}${where} (${request}).`,
          request,
          200,
          prefix + name,
        );
      }
    }
    return v as T;
  }

  #list(body: unknown, what: string, request: string): { data: unknown[]; totalCount?: number } {
    if (Array.isArray(body)) return { data: body };
    if (body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)) {
      const tc = (body as { total_count?: unknown }).total_count;
      const data = (body as { data: unknown[] }).data;
      return typeof tc === 'number' ? { data, totalCount: tc } : { data };
    }
    throw new ClerkResponseError(`Clerk returned ${typeOf(body) === 'null' ? 'null' : an(typeOf(body))} where ${an(what)} list was expected (${request}).`, request, 200);
  }

  // ---- transport --------------------------------------------------------------------------------------------

  async #json(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    const res = await this.#send(spec, signal);
    const label = `${spec.method} ${spec.path}`;
    const text = res.text;
    if (text.trim() === '') {
      throw new ClerkResponseError(`Clerk returned an empty answer (${res.status}) for ${label}.`, label, res.status);
    }
    if (looksLikeHtml(text, res.headers.get('content-type'))) {
      throw new ClerkResponseError(
        `Clerk's API answered ${res.status} with an HTML page instead of JSON for ${label}. A proxy or captive portal may be in the way, or the API URL is wrong.`,
        label,
        res.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ClerkResponseError(`Clerk returned a body that is not valid JSON (cut short?) for ${label}.`, label, res.status);
    }
  }

  /** Sends with retries, the concurrency limit and the Retry-After gate; returns a 2xx response or throws. */
  async #send(spec: RequestSpec, signal: AbortSignal | undefined): Promise<RawResponse> {
    const label = `${spec.method} ${spec.path}`;
    if (signal?.aborted) throw new ClerkAbortError(label);
    let n429 = 0;
    let n5xx = 0;
    for (;;) {
      // Respect a Retry-After that any earlier answer to this client set.
      const wait = this.#blockedUntil - this.#now();
      if (wait > 0) {
        if (wait > this.#maxRetryAfterMs) throw this.#rateLimited(label, wait / 1000);
        await sleep(wait, signal, label);
      }
      const release = await this.#semaphore.acquire(signal, label);
      let res: RawResponse;
      const started = this.#now();
      try {
        // The gate may have been moved while we queued for a slot.
        if (this.#blockedUntil > this.#now()) continue;
        res = await this.#attempt(spec, signal, label);
      } finally {
        release();
      }
      const ms = this.#now() - started;
      const status = res.status;
      if (status >= 200 && status < 300) {
        this.#log('debug', `${label}${spec.query && [...spec.query.keys()].length ? `?${spec.query}` : ''} → ${status} (${ms} ms)`);
        return res;
      }
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.#now());
      if (status === 429) {
        const delayMs = retryAfter !== undefined ? retryAfter * 1000 : this.#backoff(n429);
        if (retryAfter !== undefined) this.#blockedUntil = Math.max(this.#blockedUntil, this.#now() + delayMs + 25);
        if (n429 < this.#max429 && delayMs <= this.#maxRetryAfterMs) {
          n429++;
          this.#log('warn', `${label} → 429, retrying in ${(delayMs / 1000).toFixed(1)} s (${n429}/${this.#max429})`);
          if (retryAfter === undefined) await sleep(delayMs, signal, label);
          continue;
        }
      } else if (spec.method === 'GET' && (status === 502 || status === 503 || status === 504) && n5xx < this.#max5xx) {
        const backoff = this.#backoff(n5xx);
        const delayMs = Math.max(backoff, retryAfter !== undefined ? retryAfter * 1000 + 25 : 0);
        if (delayMs <= this.#maxRetryAfterMs) {
          if (retryAfter !== undefined) this.#blockedUntil = Math.max(this.#blockedUntil, this.#now() + retryAfter * 1000 + 25);
          n5xx++;
          this.#log('warn', `${label} → ${status}, retrying in ${(delayMs / 1000).toFixed(1)} s (${n5xx}/${this.#max5xx})`);
          await sleep(delayMs, signal, label);
          continue;
        }
      }
      const err = this.#apiError(spec, res, retryAfter);
      this.#log('warn', `${label} → ${status}${err.code ? ` ${err.code}` : ''}${err.traceId ? ` (trace ${err.traceId})` : ''} (${ms} ms)`);
      throw err;
    }
  }

  #backoff(attempt: number): number {
    const base = this.#retryBaseMs * 2 ** attempt;
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  #rateLimited(label: string, seconds: number): ClerkApiError {
    return new ClerkApiError({ status: 429, errors: [], retryAfter: Math.ceil(seconds), request: label });
  }

  /** One HTTP exchange under the timeout; maps transport failures to ClerkError kinds. */
  async #attempt(spec: RequestSpec, signal: AbortSignal | undefined, label: string): Promise<RawResponse> {
    const qs = spec.query && [...spec.query.keys()].length ? `?${spec.query.toString()}` : '';
    const url = `${this.apiUrl}${spec.path}${qs}`;
    const host = new URL(url).host;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#secretKey}`,
      'Clerk-API-Version': this.apiVersion,
      'User-Agent': this.userAgent,
      Accept: 'application/json',
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json';
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    if (signal) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      const init: FetchInit = { method: spec.method, headers, signal: controller.signal, redirect: 'manual' };
      if (body !== undefined) init.body = body;
      const res = await this.#fetch(url, init);
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        // An error answer whose body was cut short is still an answer: report its status.
        if (signal?.aborted || timedOut || (res.status >= 200 && res.status < 300)) throw e;
        return { status: res.status, text: '', headers: res.headers, truncated: true };
      }
      return { status: res.status, text, headers: res.headers };
    } catch (e) {
      if (signal?.aborted) throw new ClerkAbortError(label);
      if (timedOut) throw new ClerkTimeoutError(this.timeoutMs, label);
      if (e instanceof ClerkError) throw e;
      // An AbortError nobody asked for is node-fetch's way of saying the response was cut off.
      const { kind, code } =
        e && typeof e === 'object' && (e as { name?: unknown }).name === 'AbortError' ? { kind: 'reset' as const, code: undefined } : classifyNetwork(e);
      const err = new ClerkNetworkError(kind, host, code, label);
      this.#log('warn', `${label} failed: ${err.message}`);
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #apiError(spec: RequestSpec, res: RawResponse, retryAfter: number | undefined): ClerkApiError {
    const label = `${spec.method} ${spec.path}`;
    const init: ConstructorParameters<typeof ClerkApiError>[0] = { status: res.status, errors: [], request: label };
    if (retryAfter !== undefined) init.retryAfter = Math.ceil(retryAfter);
    if (spec.subject !== undefined) init.subject = spec.subject;
    const headerTrace = res.headers.get('x-clerk-trace-id') ?? res.headers.get('cf-ray');
    if (headerTrace) init.traceId = headerTrace;
    const text = res.text;
    if (res.status >= 300 && res.status < 400) {
      init.bodyProblem = 'redirect';
    } else if (res.truncated) {
      init.bodyProblem = 'malformed';
    } else if (text.trim() === '') {
      init.bodyProblem = 'empty';
    } else if (looksLikeHtml(text, res.headers.get('content-type'))) {
      init.bodyProblem = 'html';
    } else {
      let parsed: unknown;
      let ok = true;
      try {
        parsed = JSON.parse(text);
      } catch {
        ok = false;
      }
      if (!ok) {
        init.bodyProblem = 'malformed';
      } else {
        const body = parseClerkErrorBody(parsed);
        if (body) {
          init.errors = body.errors;
          if (body.traceId) init.traceId = body.traceId;
        } else {
          init.bodyProblem = 'not-clerk';
        }
      }
    }
    return new ClerkApiError(init);
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

// ---- argument checks (before any request) ---------------------------------------------------------------------

function positive(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ClerkInputError(`${name} must be a positive number (got ${String(v)}).`);
  return v;
}

/** Validates and percent-encodes one path segment. '.' and '..' are refused: URL parsing would resolve them. */
function idArg(v: unknown, label: string): string {
  if (typeof v !== 'string' || v.trim() === '') {
    throw new ClerkInputError(`A ${label} is required (got ${v === '' ? 'an empty string' : typeOf(v) === 'string' ? 'only spaces' : typeOf(v)}).`);
  }
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new ClerkInputError(`The ${label} contains control characters.`);
  if (v === '.' || v === '..') throw new ClerkInputError(`'${v}' is not a valid ${label}.`);
  return encodeURIComponent(v);
}

function queryIdArg(v: unknown, label: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ClerkInputError(`A ${label} is required to list sessions (got an empty value).`);
  return v;
}

function limitArg(v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1 || v > 500) throw new ClerkInputError(`limit must be a whole number from 1 to 500 (got ${String(v)}).`);
  return v;
}

function offsetArg(v: number | undefined): number {
  if (v === undefined) return 0;
  if (!Number.isInteger(v) || v < 0) throw new ClerkInputError(`offset must be a whole number, 0 or more (got ${String(v)}).`);
  return v;
}
