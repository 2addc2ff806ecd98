// The one disposable base (src/util/disposable.ts): what is registered is disposed once, in order, even when one throws.
import * as assert from 'node:assert/strict';
import { Disposable } from '../../src/util/disposable';

class Owner extends Disposable {
  own<T extends { dispose(): unknown }>(d: T): T {
    return this._register(d);
  }
  get gone(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable base', () => {
  const recorder = (log: string[], name: string, fail = false) => ({
    dispose: () => {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  });

  it('disposes what was registered once, in order; registering after dispose disposes at once', () => {
    const log: string[] = [];
    const o = new Owner();
    o.own(recorder(log, 'a'));
    o.own(recorder(log, 'b'));
    o.dispose();
    o.dispose();
    assert.deepEqual(log, ['a', 'b']);
    o.own(recorder(log, 'late'));
    assert.deepEqual(log, ['a', 'b', 'late']);
  });

  it('a throwing disposable does not stop the others; its error is rethrown after', () => {
    const log: string[] = [];
    const o = new Owner();
    o.own(recorder(log, 'a', true));
    o.own(recorder(log, 'b'));
    assert.throws(() => o.dispose(), /a failed/);
    assert.deepEqual(log, ['a', 'b']);
  });

  it('says whether it is disposed: not before, yes after (also after a throwing dispose)', () => {
    const o = new Owner();
    assert.equal(o.gone, false);
    o.dispose();
    assert.equal(o.gone, true);
    const p = new Owner();
    p.own(recorder([], 'a', true));
    assert.throws(() => p.dispose(), /a failed/);
    assert.equal(p.gone, true);
  });

  it('two or more throwing disposables: one AggregateError with every error, after all were disposed', () => {
    const log: string[] = [];
    const o = new Owner();
    o.own(recorder(log, 'a', true));
    o.own(recorder(log, 'b'));
    o.own(recorder(log, 'c', true));
    let thrown: unknown;
    try {
      o.dispose();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof AggregateError, String(thrown));
    assert.equal(thrown.message, '2 disposables failed to dispose');
    assert.deepEqual(
      thrown.errors.map((e: Error) => e.message),
      ['a failed', 'c failed'],
    );
    assert.deepEqual(log, ['a', 'b', 'c']);
    o.dispose(); // once: nothing is disposed or thrown again
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('one throwing disposable: its own error, not wrapped', () => {
    const o = new Owner();
    const error = new Error('only one');
    o.own({
      dispose: () => {
        throw error;
      },
    });
    assert.throws(
      () => o.dispose(),
      (e: unknown) => e === error,
    );
  });
});
