// What lets a request of a ClerkClient leave: the concurrency limit (a semaphore) and the rate gate (the Retry-After
// window shared by every caller of the client, opened again by one probe). No `vscode` here.
import { ClerkAbortError } from './errors';

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

/** A wait of `ms` on some clock; a cancel rejects with ClerkAbortError at once. */
export type Sleep = (ms: number, signal: AbortSignal | undefined, request: string) => Promise<void>;

/** Waits `ms` on a timer; a cancel rejects with ClerkAbortError at once. */
export function sleep(ms: number, signal: AbortSignal | undefined, request: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ClerkAbortError(request));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
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

/** At most `max` holders at once; the others queue in order and can be cancelled while they wait. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void }> = [];
  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  acquire(signal: AbortSignal | undefined, request: string): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new ClerkAbortError(request));
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

/** A caller's permission to send, from RateGate.enter; hand it back with RateGate.settle. */
export interface GatePass {
  /** This request is the one probe sent after a Retry-After window; the other callers wait for its answer. */
  readonly probe: boolean;
}

/**
 * How the attempt behind a pass ended:
 * - 'open': an HTTP answer that is not a rate limit: the limit is over, everyone may go;
 * - 'limited': a 429 (or a Retry-After), the caller has moved the window with `block`;
 * - 'failed': no answer (network error, timeout, cancel): the window is no better known, another caller probes.
 */
export type GateOutcome = 'open' | 'limited' | 'failed';

/**
 * The Retry-After window of one client. Nothing leaves before it has elapsed; then ONE request (the probe) goes, and
 * the others wait for its answer: they are released when it is not a rate limit, and wait out the new window when it
 * is (then again only one probe goes). `tooLong` builds the error for a window longer than the caller will wait.
 */
export class RateGate {
  #blockedUntil = 0;
  #needsProbe = false;
  #probe: GatePass | undefined;
  readonly #wakers = new Set<() => void>();

  constructor(
    private readonly now: () => number,
    private readonly maxWaitMs: number,
    private readonly tooLong: (request: string, waitMs: number) => Error,
    /** How a window is waited out: a timer, or the client's injected clock. */
    private readonly wait: Sleep = sleep,
  ) {}

  /** Ms until the window ends (0 when none runs). */
  get remainingMs(): number {
    return Math.max(0, this.#blockedUntil - this.now());
  }

  /** A Retry-After (or a backoff) came back: nothing may leave before `until` (ms since epoch), then one probe. */
  block(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
    this.#needsProbe = true;
  }

  /** Resolves when the caller may send; rejects on cancel, or at once when the window is longer than maxWaitMs. */
  async enter(signal: AbortSignal | undefined, request: string): Promise<GatePass> {
    for (;;) {
      if (signal?.aborted) throw new ClerkAbortError(request);
      const wait = this.#blockedUntil - this.now();
      if (wait > 0) {
        if (wait > this.maxWaitMs) throw this.tooLong(request, wait);
        await this.wait(wait, signal, request);
        continue;
      }
      if (!this.#needsProbe) return { probe: false };
      if (!this.#probe) {
        this.#probe = { probe: true };
        return this.#probe;
      }
      await this.#nextChange(signal, request);
    }
  }

  /** Hands a pass back once its attempt has ended. Only the probe's outcome changes the gate. */
  settle(pass: GatePass, outcome: GateOutcome): void {
    if (pass !== this.#probe) return;
    this.#probe = undefined;
    if (outcome === 'open') this.#needsProbe = false;
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const w of wakers) w();
  }

  #nextChange(signal: AbortSignal | undefined, request: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#wakers.delete(wake);
        reject(new ClerkAbortError(request));
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#wakers.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
