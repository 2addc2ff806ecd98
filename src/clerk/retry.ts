// When a request is tried again, and how long it waits first. No `vscode` here.
//   429 (any method: the request was not processed): after Retry-After, else a jittered exponential backoff; the
//       wait closes the client's rate gate, so every caller waits and one probe goes first.
//   502/503/504 on a GET: a jittered exponential backoff, at least any Retry-After (which also closes the gate).
//   Anything else is final. A wait longer than maxRetryAfterMs is not waited out: the error carries `retryAfter`.

/** Retry-After as seconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (!Number.isNaN(at)) return Math.max(0, (at - now) / 1000);
  return undefined;
}

export interface RetryLimits {
  /** Base of the exponential backoff. */
  baseMs: number;
  /** Retries of a GET after 502/503/504. */
  max5xx: number;
  /** Retries after 429. */
  max429: number;
  /** The longest wait the client takes by itself. */
  maxRetryAfterMs: number;
}

/** Retries used so far by one call. */
export interface RetryCount {
  n429: number;
  n5xx: number;
}

export interface RetryDecision {
  retry: boolean;
  /** Close the client's rate gate until then (ms since epoch). */
  gateUntil?: number;
  /** The caller's own wait before its next attempt (the gate adds its window on top). */
  sleepMs: number;
  /** The wait until the next attempt, for the log. */
  delayMs: number;
}

/** Small margin past a Retry-After, so a server that counts whole seconds has surely reopened. */
const MARGIN_MS = 25;

export class RetryPolicy {
  constructor(readonly limits: RetryLimits) {}

  /** Jittered exponential backoff: between half and all of base × 2^attempt. */
  backoff(attempt: number): number {
    const base = this.limits.baseMs * 2 ** attempt;
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  /** What to do after a non-2xx answer. Counts the retry in `count` when it says retry. */
  decide(method: string, status: number, retryAfterS: number | undefined, count: RetryCount, now: number): RetryDecision {
    const { max429, max5xx, maxRetryAfterMs } = this.limits;
    if (status === 429) {
      const delayMs = retryAfterS !== undefined ? retryAfterS * 1000 : this.backoff(count.n429);
      const gateUntil = now + delayMs + (retryAfterS !== undefined ? MARGIN_MS : 0);
      const retry = count.n429 < max429 && delayMs <= maxRetryAfterMs;
      if (retry) count.n429++;
      return { retry, gateUntil, sleepMs: 0, delayMs };
    }
    if (method === 'GET' && (status === 502 || status === 503 || status === 504) && count.n5xx < max5xx) {
      const backoff = this.backoff(count.n5xx);
      const delayMs = Math.max(backoff, retryAfterS !== undefined ? retryAfterS * 1000 + MARGIN_MS : 0);
      if (delayMs <= maxRetryAfterMs) {
        count.n5xx++;
        const d: RetryDecision = { retry: true, sleepMs: backoff, delayMs };
        if (retryAfterS !== undefined) d.gateUntil = now + retryAfterS * 1000 + MARGIN_MS;
        return d;
      }
    }
    return { retry: false, sleepMs: 0, delayMs: 0 };
  }
}
