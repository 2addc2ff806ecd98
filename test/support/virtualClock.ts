// A clock the tests drive: `now` and `sleep` handed to a ClerkClient (or a RateGate) so that a Retry-After or a
// backoff is waited out on this clock at once instead of on a timer. Every wait is recorded, so a test can check
// how long the client chose to wait. The HTTP exchanges themselves stay real: wrap them in `track`, and a wait then
// ends only once every tracked exchange has been answered (time does not jump while a request is on the wire).
import { ClerkAbortError } from '../../src/clerk/errors';

export interface VirtualClock {
  now: () => number;
  sleep: (ms: number, signal: AbortSignal | undefined, request: string) => Promise<void>;
  /** Every wait asked for, in order (including zero waits). A wait moves the clock to its end (if not already past it). */
  readonly waits: number[];
  /** Moves the clock on by `ms`. */
  advance(ms: number): void;
  /** A real exchange in progress: no wait ends before it has settled. */
  track<T>(p: Promise<T>): Promise<T>;
}

export function virtualClock(start = Date.UTC(2026, 4, 12, 12, 0, 0)): VirtualClock {
  let t = start;
  let busy = 0;
  let idle: Array<() => void> = [];
  const waits: number[] = [];
  return {
    now: () => t,
    waits,
    advance(ms) {
      t += ms;
    },
    track(p) {
      busy++;
      return p.finally(() => {
        if (--busy === 0) {
          const woken = idle;
          idle = [];
          for (const w of woken) w();
        }
      });
    },
    async sleep(ms, signal, request) {
      if (signal?.aborted) throw new ClerkAbortError(request);
      waits.push(ms);
      const until = t + ms;
      // a real wait yields to other callers: so does this one; callers that wait together wake together
      await new Promise((r) => setImmediate(r));
      while (busy > 0) await new Promise<void>((r) => idle.push(r));
      if (signal?.aborted) throw new ClerkAbortError(request);
      t = Math.max(t, until);
    },
  };
}
