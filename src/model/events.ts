// A tiny event emitter of the model's own (no vscode): listeners are called in the order they subscribed; one that
// throws does not stop the others. Shaped like vscode.Event so an adapter can forward it as is.

export interface Disposable {
  dispose(): void;
}
export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => void>();
  private disposed = false;

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    // A wrapper, so the same function subscribed twice is two subscriptions, each disposed on its own.
    const l = (e: T) => listener(e);
    this.listeners.add(l);
    return { dispose: () => void this.listeners.delete(l) };
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        // A listener's bug must not break the model; report it where a debugger sees it.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
