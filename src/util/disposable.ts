// One base for everything that owns disposables: register them as they are made, dispose them all once. No vscode
// import (the shape matches vscode.Disposable, so a vscode.Disposable can be registered and a subclass passed as one).

export interface IDisposable {
  dispose(): unknown;
}

export abstract class Disposable implements IDisposable {
  private readonly toDispose: IDisposable[] = [];
  private disposed = false;

  /** Own `d`: it is disposed with this object (at once, when this object is disposed already). Returns `d`. */
  protected _register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.toDispose.push(d);
    return d;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Dispose what was registered, in the order it was registered, once; a throw is rethrown after all are disposed. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const d of this.toDispose.splice(0)) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
  }
}
