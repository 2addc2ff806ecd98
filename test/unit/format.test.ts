// The extension's own pure helpers: key shape, masking, redaction, API URL policy, labels and times.
import * as assert from 'node:assert/strict';
import { checkKeyShape, keyEnvironment } from '../../src/key/keyShape';
import { maskKey, redact } from '../../src/util/redact';
import { checkApiUrl } from '../../src/util/apiUrl';
import { deviceLabel, localTime, relativeTime, userLabel } from '../../src/util/format';
import type { Session, User } from '../../src/clerk/types';

const key = `sk_test_FAKE${'ab12'.repeat(8)}`;

describe('key shape', () => {
  it('accepts sk_test_ and sk_live_ keys, and tells them apart', () => {
    assert.equal(checkKeyShape(key), undefined);
    assert.equal(checkKeyShape(` ${key.replace('test', 'live')}\n`), undefined);
    assert.equal(keyEnvironment(key), 'test');
    assert.equal(keyEnvironment(key.replace('test', 'live')), 'live');
  });
  it('says what is wrong with a key that is not one', () => {
    assert.match(checkKeyShape('')!, /Paste the secret key/);
    assert.match(checkKeyShape('pk_test_abcdefabcdefabcdef')!, /publishable key/);
    assert.match(checkKeyShape('sk_test_abc def ghi jkl mno')!, /spaces or line breaks/);
    assert.match(checkKeyShape('rk_test_abcdefabcdefabcdef')!, /starts with sk_test_ or sk_live_/);
    assert.match(checkKeyShape('sk_test_abc')!, /cut short/);
    assert.match(checkKeyShape('sk_test_abcdefghijk$lmnop')!, /cut short or has characters/);
  });
});

describe('masking and redaction', () => {
  it('masks a key to its prefix and last four characters', () => {
    assert.equal(maskKey(key), 'sk_test_…ab12');
    assert.equal(maskKey('nonsense'), '…');
  });
  it('redacts keys, JWTs and bearer values from any text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const out = redact(`key=${key} token=${jwt} Authorization: Bearer abc.def`);
    assert.ok(!out.includes(key) && !out.includes(jwt) && !out.includes('abc.def'), out);
  });
});

describe('clerk.apiUrl policy', () => {
  it('allows https anywhere and http only on loopback', () => {
    assert.equal(checkApiUrl('https://api.clerk.com/v1'), undefined);
    for (const u of ['http://127.0.0.1:4010/v1', 'http://localhost:3000/v1', 'http://[::1]:3000/v1']) assert.equal(checkApiUrl(u), undefined, u);
    assert.match(checkApiUrl('http://evil.example/v1')!, /must use https/);
    assert.match(checkApiUrl('http://10.0.0.1/v1')!, /must use https/);
    assert.match(checkApiUrl('ftp://127.0.0.1/v1')!, /must use https/);
    assert.match(checkApiUrl('not a url')!, /not a URL/);
  });
});

describe('labels and times', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('relative times', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 3 * 60_000, now), '3m ago');
    assert.equal(relativeTime(now - 5 * 3600_000, now), '5h ago');
    assert.equal(relativeTime(now + 2 * 86400_000, now), 'in 2d');
    assert.equal(relativeTime(null, now), 'never');
  });
  it('local times to the second', () => {
    assert.match(localTime(now), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(localTime(undefined), '—');
  });
  it('device labels from the latest activity', () => {
    const s = (a: Partial<Session['latest_activity']> | null) => ({ latest_activity: a } as unknown as Session);
    assert.equal(deviceLabel(s({ browser_name: 'Chrome', browser_version: '126.0.1', device_type: 'macOS', is_mobile: false })), 'Chrome 126 on macOS');
    assert.equal(deviceLabel(s({ browser_name: 'Safari', device_type: 'iPhone', is_mobile: true })), 'Safari on iPhone');
    assert.equal(deviceLabel(s({ is_mobile: true })), 'Browser on mobile');
    assert.equal(deviceLabel(s(null)), 'Unknown device');
  });
  it('user labels: primary email, else name, username, id', () => {
    const u = (x: Partial<User>) => ({ id: 'user_1', email_addresses: [], ...x } as unknown as User);
    assert.equal(userLabel(u({ primary_email_address_id: 'e2', email_addresses: [{ id: 'e1', email_address: 'a@x.test' }, { id: 'e2', email_address: 'b@x.test' }] as any })), 'b@x.test');
    assert.equal(userLabel(u({ first_name: 'Ada', last_name: 'Lovelace' })), 'Ada Lovelace');
    assert.equal(userLabel(u({ username: 'ada' })), 'ada');
    assert.equal(userLabel(u({})), 'user_1');
  });
});
