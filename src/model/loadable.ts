// "Not asked yet / loading / loaded / failed", and the slot that holds one value loaded once at a time (no vscode).

/** One shape for "not asked yet / loading / loaded / failed"; loading and failed may keep what was loaded before. */
export type Loadable<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly value?: T }
  | { readonly state: 'value'; readonly value: T }
  | { readonly state: 'error'; readonly error: Error; readonly value?: T };

/** A value that is loaded once at a time: a second load while one runs gets the same promise. */
export class Slot<T> {
  value: T | undefined;
  error: Error | undefined;
  loading: Promise<void> | undefined;

  view(): Loadable<T> {
    const v = this.value;
    if (this.loading) return v === undefined ? { state: 'loading' } : { state: 'loading', value: v };
    if (this.error) return v === undefined ? { state: 'error', error: this.error } : { state: 'error', error: this.error, value: v };
    return v === undefined ? { state: 'idle' } : { state: 'value', value: v };
  }
}

export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
