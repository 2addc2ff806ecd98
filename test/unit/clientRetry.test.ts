// How long the client waits before trying again, on a clock the test drives (the `now` and `sleep` options): the
// requests go over HTTP to the local Clerk server, the waits are checked to the millisecond instead of being waited
// out. Retry-After (seconds), its margin, the jittered backoff, the retry bounds and the cap on a wait.
import * as assert from 'node:assert/strict';
import nodeFetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type ClerkClientOptions, type ClerkLogEntry, type FetchLike } from '../../src/clerk/client';
import { ClerkAbortError, ClerkApiError } from '../../src/clerk/errors';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';
import { virtualClock, type VirtualClock } from '../support/virtualClock';

describe('ClerkClient retries on a driven clock', function () {
  let server: ClerkServer;
  let clock: VirtualClock;
  const logs: ClerkLogEntry[] = [];
  const warnings = () => logs.filter((l) => l.level === 'warn').map((l) => l.message);

  const mk = (o: Partial<ClerkClientOptions> = {}): ClerkClient =>
    new ClerkClient({
      secretKey: server.secretKey,
      apiUrl: server.url,
      now: clock.now,
      sleep: clock.sleep,
      logger: (e) => logs.push(e),
      ...o,
    });
  const isApi = (status: number, retryAfter?: number) => (e: unknown) =>
    e instanceof ClerkApiError && e.status === status && e.retryAfter === retryAfter;
  const positive = () => clock.waits.filter((w) => w > 0);

  clerkServerSuite(
    { seed: 11 },
    {
      ready: (s) => (server = s),
      each: () => {
        clearJwksCache();
        logs.length = 0;
        clock = virtualClock();
      },
    },
  );

  describe('429', () => {
    it('Retry-After: 1 is waited out in the rate gate, 1 s and a 25 ms margin, then one retry', async () => {
      server.controls.failNext(1, 429, { retryAfter: 1 });
      assert.equal((await mk().getInstance()).object, 'instance');
      assert.equal(server.requests.length, 2);
      assert.deepEqual(clock.waits, [0, 1025]);
      assert.deepEqual(warnings(), ['GET /instance → 429, retrying in 1.0 s (1/3)']);
    });

    it('Retry-After: 0 retries at once (POST too), the gate waiting only the margin', async () => {
      const s = server.data.sessions.find((x) => x.status === 'active')!;
      server.controls.failNext(1, 429, { retryAfter: 0 });
      assert.ok((await mk().createSessionToken(s.id)).jwt);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(clock.waits, [0, 25]);
      assert.deepEqual(warnings(), [`POST /sessions/${s.id}/tokens → 429, retrying in 0.0 s (1/3)`]);
    });

    it('without Retry-After: a backoff of half to all of base·2^n before each of the 3 retries, then the answer', async () => {
      server.controls.failNext(3, 429);
      assert.equal((await mk({ retryBaseMs: 1000 }).getInstance()).object, 'instance');
      assert.equal(server.requests.length, 4);
      const w = positive();
      assert.equal(w.length, 3, `waits ${clock.waits.join(', ')}`);
      [1000, 2000, 4000].forEach((base, i) => assert.ok(w[i] >= base / 2 && w[i] <= base, `wait ${i + 1}: ${w[i]} ms of ${base}`));
      assert.deepEqual(
        warnings(),
        w.map((ms, i) => `GET /instance → 429, retrying in ${(ms / 1000).toFixed(1)} s (${i + 1}/3)`),
      );
    });

    it('gives up after maxRateLimitRetries, with the Retry-After of the last answer', async () => {
      server.controls.failNext(10, 429, { retryAfter: 2 });
      await assert.rejects(mk({ maxRateLimitRetries: 1 }).getInstance(), isApi(429, 2));
      assert.equal(server.requests.length, 2);
      assert.deepEqual(positive(), [2025]);
      assert.match(warnings().at(-1)!, /^GET \/instance → 429 too_many_requests( \(trace [^)]+\))? \(0 ms\)$/);
    });

    it('a Retry-After beyond the cap fails at once; later calls fail with the time left until the window ends', async () => {
      server.controls.failNext(1, 429, { retryAfter: 120 });
      const c = mk();
      await assert.rejects(c.getInstance(), isApi(429, 120));
      assert.deepEqual(positive(), []);
      clock.advance(60_000);
      await assert.rejects(c.listUsers(), isApi(429, 61)); // 60.025 s left
      clock.advance(30_000);
      await assert.rejects(c.getUser('user_x'), isApi(429, 31)); // 30.025 s: still longer than the 30 s cap
      assert.equal(server.requests.length, 1, 'nothing sent inside the window');
      clock.advance(26);
      assert.equal((await c.getInstance()).object, 'instance'); // 29.999 s: waited out
      assert.deepEqual(positive(), [29_999]);
      assert.equal(server.requests.length, 2);
    });

    it('maxRetryAfterMs sets the cap', async () => {
      server.controls.failNext(1, 429, { retryAfter: 2 });
      await assert.rejects(mk({ maxRetryAfterMs: 1999 }).getInstance(), isApi(429, 2));
      assert.equal(server.requests.length, 1);
      server.resetLog();
      server.controls.failNext(1, 429, { retryAfter: 2 });
      assert.equal((await mk({ maxRetryAfterMs: 2025 }).getInstance()).object, 'instance');
      assert.deepEqual(positive(), [2025]);
      assert.equal(server.requests.length, 2);
    });

    it('a cancel during the wait stops the call: nothing more is sent', async () => {
      server.controls.failNext(1, 429, { retryAfter: 3 });
      const ac = new AbortController();
      const c = mk({
        sleep: (ms, signal, request) => {
          if (ms > 0) ac.abort();
          return clock.sleep(ms, signal, request);
        },
      });
      await assert.rejects(c.getInstance(ac.signal), ClerkAbortError);
      assert.equal(server.requests.length, 1);
    });
  });

  describe('502/503/504 on a GET', () => {
    it('sleeps a backoff of half to all of base·2^n in the caller, not in the gate, twice at most', async () => {
      server.controls.failNext(2, 503);
      const c = mk({ retryBaseMs: 1000 });
      assert.equal((await c.getInstance()).object, 'instance');
      assert.equal(server.requests.length, 3);
      const w = clock.waits;
      assert.equal(w.length, 2, `waits ${w.join(', ')}`);
      assert.ok(w[0] >= 500 && w[0] <= 1000, `first ${w[0]}`);
      assert.ok(w[1] >= 1000 && w[1] <= 2000, `second ${w[1]}`);
      assert.deepEqual(
        warnings(),
        w.map((ms, i) => `GET /instance → 503, retrying in ${(ms / 1000).toFixed(1)} s (${i + 1}/2)`),
      );
      // no gate was closed: the next call goes at once
      clock.waits.length = 0;
      await c.listJwtTemplates();
      assert.deepEqual(clock.waits, []);
    });

    it('a Retry-After longer than the backoff: the caller sleeps the backoff, the gate the rest of it', async () => {
      server.controls.failNext(1, 502, { retryAfter: 1 });
      assert.equal((await mk({ retryBaseMs: 20 }).getInstance()).object, 'instance');
      const [backoff, rest] = clock.waits;
      assert.equal(clock.waits.length, 2);
      assert.ok(backoff >= 10 && backoff <= 20, `backoff ${backoff}`);
      assert.equal(backoff + rest, 1025);
      assert.deepEqual(warnings(), ['GET /instance → 502, retrying in 1.0 s (1/2)']);
    });

    it('a backoff longer than the Retry-After: only the backoff is waited', async () => {
      server.controls.failNext(1, 504, { retryAfter: 1 });
      assert.equal((await mk({ retryBaseMs: 4000 }).getInstance()).object, 'instance');
      assert.equal(clock.waits.length, 1);
      const [b] = clock.waits;
      assert.ok(b >= 2000 && b <= 4000, `backoff ${b}`);
      assert.deepEqual(warnings(), [`GET /instance → 504, retrying in ${(b / 1000).toFixed(1)} s (1/2)`]);
    });

    it('maxServerErrorRetries bounds the retries; the last answer is the error', async () => {
      server.controls.failNext(5, 503);
      await assert.rejects(mk({ maxServerErrorRetries: 1 }).getInstance(), isApi(503));
      assert.equal(server.requests.length, 2);
      server.resetLog();
      await assert.rejects(mk({ maxServerErrorRetries: 0 }).getInstance(), isApi(503));
      assert.equal(server.requests.length, 1);
    });

    it('a Retry-After beyond the cap is final, and carries it', async () => {
      server.controls.failNext(1, 503, { retryAfter: 31 });
      await assert.rejects(mk().getInstance(), isApi(503, 31));
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.waits, []);
    });

    it('a backoff beyond the cap is final', async () => {
      server.controls.failNext(1, 503);
      await assert.rejects(mk({ retryBaseMs: 100_000 }).getInstance(), isApi(503));
      assert.equal(server.requests.length, 1);
    });

    it('never for a POST, nor for a 500', async () => {
      const s = server.data.sessions.find((x) => x.status === 'active')!;
      server.controls.failNext(1, 503, { retryAfter: 1 });
      await assert.rejects(mk().revokeSession(s.id), isApi(503, 1));
      server.controls.failNext(1, 500);
      await assert.rejects(mk().getInstance(), isApi(500));
      assert.equal(server.requests.length, 2);
      assert.deepEqual(clock.waits, []);
    });
  });

  describe("Clerk's clock", () => {
    it('reports the offset of the Date header from the middle of the exchange, for every answer', async () => {
      const real = virtualClock(Date.now());
      const seen: Array<{ offsetMs: number; at: number; label: string }> = [];
      server.controls.clockSkew(-3_600_000);
      server.controls.failNext(1, 500);
      const c = mk({ now: real.now, sleep: real.sleep, onServerClock: (x) => seen.push(x) });
      await assert.rejects(c.getInstance(), isApi(500));
      await c.listJwtTemplates();
      assert.deepEqual(
        seen.map((s) => s.label),
        ['GET /instance', 'GET /jwt_templates'],
      );
      for (const s of seen) {
        assert.equal(s.at, real.now());
        // the header has whole seconds: Clerk is 1 h behind, ± the rounding of the header and the test's own time
        assert.ok(Math.abs(s.offsetMs + 3_600_000) <= 1000, `offset ${s.offsetMs}`);
      }
    });

    it('an offset is measured from the middle of the exchange: a server 10 s ahead, a clock that moves 4 s during it', async () => {
      let t = Date.now();
      const at: number[] = [];
      const seen: number[] = [];
      server.controls.clockSkew(10_000);
      const c = mk({
        now: () => t,
        fetch: async (url, init) => {
          const res = await (nodeFetch as unknown as FetchLike)(url, init);
          t += 4000; // the clock moves while the answer comes
          return res;
        },
        onServerClock: (x) => (seen.push(x.offsetMs), at.push(x.at)),
      });
      const start = t;
      await c.getInstance();
      const lag = server.requests[0].at - start; // when the server read the request, on the real clock
      // Clerk's Date (whole seconds, cut down) + 500 ms, minus the middle of the exchange (start + 2 s)
      assert.equal(seen.length, 1);
      assert.ok(seen[0] > 7500 + lag - 1 && seen[0] <= 8500 + lag + 50, `offset ${seen[0]}, lag ${lag}`);
      assert.deepEqual(at, [start + 4000]);
    });
  });
});
