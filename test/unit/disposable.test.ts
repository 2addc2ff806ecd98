// The one disposable base (src/util/disposable.ts): what is registered is disposed once, in order, even when one throws.
import * as assert from 'node:assert/strict';
import { Disposable } from '../../src/util/disposable';

class Owner extends Disposable {
  own<T extends { dispose(): unknown }>(d: T): T {
    return this._register(d);
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
});
