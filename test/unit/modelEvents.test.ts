// The model's small parts on Node: its event emitter (order, unsubscribe, a throwing listener, dispose), the Slot that
// holds one loaded value (its four states, with and without a value kept), and the keys and order of session lists.
import * as assert from 'node:assert/strict';
import type { Session } from '../../src/clerk/types';
import { Emitter } from '../../src/model/events';
import { byActivity, listKey } from '../../src/model/keys';
import { asError, Slot } from '../../src/model/loadable';

/** Catch what is thrown outside any stack (queueMicrotask) while `run` runs, instead of mocha failing the test. */
async function uncaught(run: () => void): Promise<unknown[]> {
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const caught: unknown[] = [];
  process.on('uncaughtException', (e) => caught.push(e));
  try {
    run();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const l of saved) process.on('uncaughtException', l);
  }
  return caught;
}

describe('model/events: Emitter', () => {
  it('calls listeners in the order they subscribed, with the event; a disposed subscription is no longer called', () => {
    const e = new Emitter<number>();
    const got: string[] = [];
    const a = e.event((n) => got.push(`a${n}`));
    e.event((n) => got.push(`b${n}`));
    e.fire(1);
    a.dispose();
    e.fire(2);
    assert.deepEqual(got, ['a1', 'b1', 'b2']);
  });

  it('the same function subscribed twice is two subscriptions, each disposed on its own', () => {
    const e = new Emitter<string>();
    const got: string[] = [];
    const f = (s: string) => got.push(s);
    const one = e.event(f);
    e.event(f);
    e.fire('x');
    one.dispose();
    e.fire('y');
    assert.deepEqual(got, ['x', 'x', 'y']);
  });

  it('a listener that throws does not stop the others; its error is thrown later, where a debugger sees it', async () => {
    const e = new Emitter<void>();
    const got: string[] = [];
    const boom = new Error('listener bug');
    e.event(() => got.push('first'));
    e.event(() => {
      throw boom;
    });
    e.event(() => got.push('third'));
    const caught = await uncaught(() => {
      assert.doesNotThrow(() => e.fire());
      assert.deepEqual(got, ['first', 'third'], 'every listener ran, synchronously');
    });
    assert.deepEqual(caught, [boom]);
  });

  it('dispose drops every listener, and a subscription after it is never called', () => {
    const e = new Emitter<number>();
    const got: number[] = [];
    e.event((n) => got.push(n));
    e.dispose();
    e.fire(1);
    const late = e.event((n) => got.push(n * 10));
    e.fire(2);
    late.dispose(); // harmless
    assert.deepEqual(got, []);
  });
});

describe('model/loadable: Slot and asError', () => {
  const err = new Error('401');
  const never = new Promise<void>(() => undefined);

  it('idle, then the value', () => {
    const s = new Slot<string>();
    assert.deepEqual(s.view(), { state: 'idle' });
    s.value = 'v';
    assert.deepEqual(s.view(), { state: 'value', value: 'v' });
    s.value = '';
    assert.deepEqual(s.view(), { state: 'value', value: '' }, 'a falsy value is a value');
  });

  it('loading: with the value loaded before when there is one, whatever the error', () => {
    const s = new Slot<number>();
    s.loading = never;
    assert.deepEqual(s.view(), { state: 'loading' });
    s.error = err;
    assert.deepEqual(s.view(), { state: 'loading' }, 'a load on its way hides the last error');
    s.value = 0;
    assert.deepEqual(s.view(), { state: 'loading', value: 0 });
  });

  it('error: with the value loaded before when there is one', () => {
    const s = new Slot<string[]>();
    s.error = err;
    assert.deepEqual(s.view(), { state: 'error', error: err });
    s.value = ['u1'];
    const v = s.view();
    assert.deepEqual(v, { state: 'error', error: err, value: ['u1'] });
    assert.equal(v.state === 'error' && v.error, err, 'the error itself');
  });

  it('asError keeps an Error and wraps anything else', () => {
    assert.equal(asError(err), err);
    const e = asError('offline');
    assert.ok(e instanceof Error);
    assert.equal(e.message, 'offline');
    assert.equal(asError(undefined).message, 'undefined');
  });
});

describe('model/keys', () => {
  const s = (id: string, last_active_at: number | undefined) => ({ id, last_active_at }) as Session;

  it('listKey keeps instance and user apart', () => {
    assert.equal(listKey('ins_1', 'user_2'), 'ins_1\u0000user_2');
    assert.notEqual(listKey('a', 'bc'), listKey('ab', 'c'));
  });

  it('byActivity: newest activity first, a missing time last, the input left as it was', () => {
    const list = [s('old', 100), s('none', undefined), s('new', 300), s('mid', 200)];
    assert.deepEqual(
      byActivity(list).map((x) => x.id),
      ['new', 'mid', 'old', 'none'],
    );
    assert.deepEqual(
      list.map((x) => x.id),
      ['old', 'none', 'new', 'mid'],
      'not sorted in place',
    );
    const two = [s('a', 5), s('b', undefined)];
    assert.deepEqual(
      byActivity(two).map((x) => x.id),
      ['a', 'b'],
    );
    assert.deepEqual(
      byActivity([two[1], two[0]]).map((x) => x.id),
      ['a', 'b'],
    );
  });
});
