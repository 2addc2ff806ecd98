// retry.ts on its own: Retry-After read as seconds or an HTTP date, and the decision after a non-2xx answer (which
// statuses, which methods, how long, how many times). Pure functions: no server, no timers.
import * as assert from 'node:assert/strict';
import { parseRetryAfter, type RetryCount, RetryPolicy } from '../../src/clerk/retry';

const NOW = Date.UTC(2026, 4, 12, 12, 0, 0);

describe('retry policy', () => {
  describe('parseRetryAfter', () => {
    it('reads delta-seconds, with spaces around and a fraction', () => {
      assert.equal(parseRetryAfter('2', NOW), 2);
      assert.equal(parseRetryAfter('  7 ', NOW), 7);
      assert.equal(parseRetryAfter('1.5', NOW), 1.5);
      assert.equal(parseRetryAfter('1.25', NOW), 1.25);
      assert.equal(parseRetryAfter('0', NOW), 0);
    });

    it('reads an HTTP date as the seconds left until it, never below 0', () => {
      assert.equal(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW), 90);
      assert.equal(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW), 0);
    });

    it('is undefined when absent or unreadable', () => {
      assert.equal(parseRetryAfter(null, NOW), undefined);
      for (const bad of ['', '  ', 'soon', 'x2', '2x', '1e3', 'tomorrow at noon']) assert.equal(parseRetryAfter(bad, NOW), undefined, bad);
    });
  });

  describe('RetryPolicy', () => {
    const limits = { baseMs: 1000, max5xx: 2, max429: 3, maxRetryAfterMs: 30_000 };
    const fresh = (): RetryCount => ({ n429: 0, n5xx: 0 });

    it('backoff: half to all of base·2^attempt, spread over that range', () => {
      const p = new RetryPolicy(limits);
      for (const attempt of [0, 1, 2, 3]) {
        const base = 1000 * 2 ** attempt;
        const got = Array.from({ length: 200 }, () => p.backoff(attempt));
        assert.ok(
          got.every((ms) => Number.isInteger(ms) && ms >= base / 2 && ms <= base),
          `attempt ${attempt}: ${Math.min(...got)}..${Math.max(...got)}`,
        );
        assert.ok(
          Math.min(...got) < base * 0.6 && Math.max(...got) > base * 0.9,
          `attempt ${attempt} spreads: ${Math.min(...got)}..${Math.max(...got)}`,
        );
      }
    });

    it('429 with Retry-After: retry after it, the gate closed until it and a 25 ms margin; counted; any method', () => {
      const p = new RetryPolicy(limits);
      const count = fresh();
      assert.deepEqual(p.decide('POST', 429, 2, count, NOW), { retry: true, gateUntil: NOW + 2025, sleepMs: 0, delayMs: 2000 });
      assert.deepEqual(count, { n429: 1, n5xx: 0 });
    });

    it('429 without Retry-After: the backoff of the retries so far, no margin', () => {
      const p = new RetryPolicy(limits);
      const count: RetryCount = { n429: 2, n5xx: 0 };
      const d = p.decide('GET', 429, undefined, count, NOW);
      assert.equal(d.retry, true);
      assert.ok(d.delayMs >= 2000 && d.delayMs <= 4000, `${d.delayMs}`);
      assert.equal(d.gateUntil, NOW + d.delayMs);
      assert.equal(d.sleepMs, 0);
      assert.equal(count.n429, 3);
    });

    it('429: no retry past max429 or past the cap, but the gate still closes', () => {
      const p = new RetryPolicy(limits);
      const spent: RetryCount = { n429: 3, n5xx: 0 };
      assert.deepEqual(p.decide('GET', 429, 1, spent, NOW), { retry: false, gateUntil: NOW + 1025, sleepMs: 0, delayMs: 1000 });
      assert.equal(spent.n429, 3, 'not counted');
      const count = fresh();
      assert.deepEqual(p.decide('GET', 429, 31, count, NOW), { retry: false, gateUntil: NOW + 31_025, sleepMs: 0, delayMs: 31_000 });
      assert.equal(count.n429, 0);
      assert.equal(p.decide('GET', 429, 30, fresh(), NOW).retry, true, 'exactly the cap is waited');
    });

    it('502/503/504 on a GET: the backoff in the caller, at least the Retry-After (and margin) before the next attempt', () => {
      const p = new RetryPolicy(limits);
      for (const status of [502, 503, 504]) {
        const count = fresh();
        const d = p.decide('GET', status, undefined, count, NOW);
        assert.equal(d.retry, true);
        assert.ok(d.sleepMs >= 500 && d.sleepMs <= 1000);
        assert.equal(d.delayMs, d.sleepMs);
        assert.equal('gateUntil' in d, false, 'no gate without Retry-After');
        assert.deepEqual(count, { n429: 0, n5xx: 1 });
      }
      const d = p.decide('GET', 503, 3, fresh(), NOW);
      assert.equal(d.delayMs, 3025);
      assert.equal(d.gateUntil, NOW + 3025);
      assert.ok(d.sleepMs >= 500 && d.sleepMs <= 1000);
      const second = p.decide('GET', 503, undefined, { n429: 0, n5xx: 1 }, NOW);
      assert.ok(second.sleepMs >= 1000 && second.sleepMs <= 2000, 'the backoff grows with the retries');
    });

    it('5xx: final past max5xx, past the cap, for a POST and for other statuses', () => {
      const p = new RetryPolicy(limits);
      const none = { retry: false, sleepMs: 0, delayMs: 0 };
      const spent: RetryCount = { n429: 0, n5xx: 2 };
      assert.deepEqual(p.decide('GET', 503, undefined, spent, NOW), none);
      assert.equal(spent.n5xx, 2);
      assert.deepEqual(p.decide('GET', 503, 30, fresh(), NOW), none, '30 s + margin is past the cap');
      assert.deepEqual(new RetryPolicy({ ...limits, baseMs: 61_000 }).decide('GET', 502, undefined, fresh(), NOW), none);
      for (const status of [500, 501, 505, 400, 404, 408, 409])
        assert.deepEqual(p.decide('GET', status, 1, fresh(), NOW), none, `${status}`);
      for (const status of [502, 503, 504]) assert.deepEqual(p.decide('POST', status, undefined, fresh(), NOW), none, `POST ${status}`);
      const d = p.decide('GET', 503, 29.975, fresh(), NOW);
      assert.equal(d.retry, true, 'exactly the cap with its margin is waited');
    });
  });
});
