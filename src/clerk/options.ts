// The options of a ClerkClient (split from client.ts, which holds the operations and the request loop). No `vscode`.
import type { Sleep } from './gate';
import type { FetchLike } from './http';

/** The client logs each request at debug, retries and failures at warn. */
export type ClerkLogLevel = 'debug' | 'warn';
export interface ClerkLogEntry {
  level: ClerkLogLevel;
  message: string;
}

/** Clerk's clock, from the Date header of one Backend API answer (any status). */
export interface ServerClock {
  /** Clerk's clock minus this machine's, in ms (the header has whole seconds: ±0.5 s of it is rounding). */
  offsetMs: number;
  /** When the answer came, on this machine's clock (ms). */
  at: number;
  /** The request it answered, e.g. "GET /jwks". */
  label: string;
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
  /** The HTTP fetch (tests wrap the real one). Default node-fetch. */
  fetch?: FetchLike;
  /** Requests in flight at once for this client. Default 4. */
  maxConcurrency?: number;
  logger?: (entry: ClerkLogEntry) => void;
  /** Called with Clerk's clock on every answer that carries a Date header (no request of its own). */
  onServerClock?: (clock: ServerClock) => void;
  /** The longest Retry-After the client waits out by itself; a longer one fails at once with `retryAfter` set. Default 30000. */
  maxRetryAfterMs?: number;
  /** Base of the exponential backoff for 5xx retries (and 429 without Retry-After). Default 500. */
  retryBaseMs?: number;
  /** Retries of a GET after 502/503/504. Default 2. */
  maxServerErrorRetries?: number;
  /** Retries after 429. Default 3. */
  maxRateLimitRetries?: number;
  /** The largest answer read; a longer one fails with a ClerkResponseError and is not read further. Default 10 MB. */
  maxResponseBytes?: number;
  /** How long a fetched JWKS is reused. Default 5 minutes. */
  jwksTtlMs?: number;
  /** The clock (ms since epoch). Default Date.now. */
  now?: () => number;
  /**
   * How the client waits: a retry's backoff and a Retry-After window. It resolves after `ms` on the same clock as `now`
   * and rejects with ClerkAbortError when the signal aborts. Default a timer (gate.ts `sleep`).
   */
  sleep?: Sleep;
}
