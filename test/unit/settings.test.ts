// Settings that are not finite numbers (issue 13, 5.4): a workspace's "clerk.watchIntervalSeconds": "x" must not become
// NaN (Watch would poll every millisecond); every numeric setting falls back to its default with a sentence for the log.
import * as assert from 'node:assert/strict';
import { numberSetting } from '../../src/util/settings';

describe('numeric settings', () => {
  it('a value that is not a finite number falls back to the default, with a sentence that names the setting', () => {
    for (const raw of ['x', '10', '', NaN, Infinity, -Infinity, true, [], {}, [5]]) {
      const r = numberSetting('watchIntervalSeconds', raw, 10, 2, 3600);
      assert.equal(r.value, 10, `${JSON.stringify(raw)} → ${r.value}`);
      assert.ok(Number.isFinite(r.value));
      assert.match(r.problem ?? '', /clerk\.watchIntervalSeconds .*not a number: using its default, 10\./, String(raw));
    }
  });

  it('a number is rounded and kept in range; out of range says so; absent is the default without a word', () => {
    assert.deepEqual(numberSetting('pageSize', 50, 20, 1, 500), { value: 50 });
    assert.equal(numberSetting('pageSize', 0, 20, 1, 500).value, 1);
    assert.equal(numberSetting('pageSize', 1e9, 20, 1, 500).value, 500);
    assert.equal(numberSetting('pageSize', 2.6, 20, 1, 500).value, 3);
    assert.match(numberSetting('pageSize', -4, 20, 1, 500).problem ?? '', /clerk\.pageSize is -4: using 1/);
    assert.deepEqual(numberSetting('requestTimeoutSeconds', undefined, 15, 1, 300), { value: 15 });
  });

  it('the sentence says what stands in the setting: a string (cut to 40 characters), a number, or the kind of value', () => {
    const problem = (raw: unknown) => numberSetting('pageSize', raw, 20, 1, 500).problem;
    assert.equal(problem('x'), 'The setting clerk.pageSize is "x", not a number: using its default, 20.');
    assert.equal(problem(NaN), 'The setting clerk.pageSize is NaN, not a number: using its default, 20.');
    assert.equal(problem(-Infinity), 'The setting clerk.pageSize is -Infinity, not a number: using its default, 20.');
    assert.equal(problem(true), 'The setting clerk.pageSize is boolean, not a number: using its default, 20.');
    assert.equal(problem([5]), 'The setting clerk.pageSize is object, not a number: using its default, 20.');
    const long = `${'9'.repeat(30)}${'z'.repeat(70)}`;
    assert.equal(problem(long), `The setting clerk.pageSize is "${'9'.repeat(30)}${'z'.repeat(10)}", not a number: using its default, 20.`);
  });

  it('null (a workspace that clears the setting) is the default without a word, like an absent setting', () => {
    assert.deepEqual(numberSetting('watchIntervalSeconds', null, 10, 2, 3600), { value: 10 });
  });

  it('out of range or not whole: the exact sentence, with the value used and the range', () => {
    assert.deepEqual(numberSetting('pageSize', 2.6, 20, 1, 500), {
      value: 3,
      problem: 'The setting clerk.pageSize is 2.6: using 3 (a whole number from 1 to 500).',
    });
    assert.deepEqual(numberSetting('pageSize', 1e9, 20, 1, 500), {
      value: 500,
      problem: 'The setting clerk.pageSize is 1000000000: using 500 (a whole number from 1 to 500).',
    });
    assert.deepEqual(numberSetting('pageSize', 500, 20, 1, 500), { value: 500 });
    assert.deepEqual(numberSetting('pageSize', 1, 20, 1, 500), { value: 1 });
  });
});
