// Loads under way, so that a caller (the tests, a refresh) can wait until nothing is loading. No vscode import.

export class Inflight {
  private readonly running = new Set<Promise<unknown>>();

  /** Remember a load until it settles; returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    const done = () => void this.running.delete(p);
    p.then(done, done);
    return p;
  }

  /** Resolves when nothing is loading, loads started meanwhile included. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
