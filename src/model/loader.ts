// One keyed loader for everything the model reads per key (a user's sessions, a user's memberships): load once at
// a time per key (concurrent asks share one request), keep the result or the error, forget (retry, refresh), and
// stay bounded (least recently used first). `fill` is the one try/catch/finally behind it, also used for the users'
// pages (one slot per instance, loaded page after page). No vscode import.
import { asError, type Loadable, Slot } from './loadable';
import type { Inflight } from './inflight';
import { LruMap } from './lru';

/**
 * Run `produce` into `slot` unless a load is on its way (then join it): its result becomes the value and clears the
 * error; a throw becomes the error (the value before stays). Never rejects. `produce` gets the value before the load.
 */
export function fill<T>(
  slot: Slot<T>,
  produce: (before: T | undefined) => Promise<T>,
  onError: (e: unknown) => void,
  inflight?: Inflight,
): Promise<void> {
  if (slot.loading) return slot.loading;
  const run = async () => {
    try {
      slot.value = await produce(slot.value);
      slot.error = undefined;
    } catch (e) {
      slot.error = asError(e);
      onError(e);
    } finally {
      slot.loading = undefined;
    }
  };
  const p = run();
  slot.loading = inflight ? inflight.track(p) : p;
  return slot.loading;
}

export interface KeyedLoaderOptions<T> {
  /** How many keys are kept at most (the least recently used is forgotten first). */
  readonly max: number;
  /** Read the value of a key (called at most once at a time per key). */
  readonly load: (key: string) => Promise<T>;
  /** Told of every failed load (the error is also kept for the key). */
  readonly onError?: (key: string, e: unknown) => void;
  /** Where loads are tracked, so a caller can wait until nothing loads. */
  readonly inflight?: Inflight;
}

export class KeyedLoader<T> {
  private readonly slots: LruMap<string, Slot<T>>;

  constructor(private readonly opts: KeyedLoaderOptions<T>) {
    this.slots = new LruMap(opts.max);
  }

  /** What is known of a key, without any request (and without counting as a use). */
  view(key: string): Loadable<T> {
    return this.slots.peek(key)?.view() ?? { state: 'idle' };
  }

  /** The loaded value of a key, if any (no request, no use). */
  value(key: string): T | undefined {
    return this.slots.peek(key)?.value;
  }

  /** The key's value, loading it if not asked for yet and waiting for a load on its way. A kept error stays until forget. */
  async ensure(key: string): Promise<Loadable<T>> {
    let s = this.slots.get(key);
    if (!s) {
      s = new Slot();
      this.slots.set(key, s);
      void fill(
        s,
        () => this.opts.load(key),
        (e) => this.opts.onError?.(key, e),
        this.opts.inflight,
      );
    }
    await s.loading; // a load on its way (undefined when none is)
    return s.view();
  }

  /** Change a loaded value in place (no request); nothing when the key has no value. */
  update(key: string, change: (v: T) => T): void {
    const s = this.slots.peek(key);
    if (s?.value !== undefined) s.value = change(s.value);
  }

  /** Forget a key (its value or error): the next ensure loads it again. This is retry and refresh. */
  forget(key: string): void {
    this.slots.delete(key);
  }

  forgetWhere(pick: (key: string) => boolean): void {
    this.slots.deleteWhere((k) => pick(k));
  }

  clear(): void {
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
