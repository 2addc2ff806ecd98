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
});
