// The rate gate: after a Retry-After window one probe goes, and the other callers of the client follow only when it
// is not rate limited again. Against the local Clerk server's 429 storm, with send/answer times taken around fetch
// on a clock the test drives (the windows are waited out on it at once); the timer-based sleep is tested alone.
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import fetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type FetchLike } from '../../src/clerk/client';
import { ClerkAbortError } from '../../src/clerk/errors';
import { RateGate, Semaphore, sleep } from '../../src/clerk/gate';
import { virtualClock } from '../support/virtualClock';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

interface Attempt {
  sentAt: number;
  answeredAt?: number;
  status?: number;
  retryAfter?: number;
}

function recordingFetch(log: Attempt[], now: () => number): FetchLike {
  return async (url, init) => {
    const a: Attempt = { sentAt: now() };
    log.push(a);
    const res = await (fetch as unknown as FetchLike)(url, init);
    a.answeredAt = now();
    a.status = res.status;
    const ra = res.headers.get('retry-after');
    if (ra !== null) a.retryAfter = Number(ra);
    return res;
  };
}

/** Attempts sent after a 429 had come back and before its Retry-After elapsed. */
const early = (log: Attempt[]) =>
  log.filter((r) =>
    log.some(
      (l) => l.status === 429 && l.retryAfter !== undefined && r.sentAt > l.answeredAt! && r.sentAt < l.answeredAt! + l.retryAfter * 1000,
    ),
  );

describe('rate gate: one probe after a Retry-After window', function () {
  let server: ClerkServer;

  clerkServerSuite({ seed: 5 }, { ready: (s) => (server = s), each: () => clearJwksCache() });

  it('4 concurrent calls through a storm of 6 rate limits (Retry-After: 2): 10 requests, none early, probes one at a time', async () => {
    const clock = virtualClock();
    const log: Attempt[] = [];
    let inFlight = 0;
    const inFlightAtSend: number[] = [];
    const c = new ClerkClient({
      secretKey: server.secretKey,
      apiUrl: server.url,
      now: clock.now,
      sleep: clock.sleep,
      fetch: async (url, init) => {
        inFlightAtSend.push(inFlight++);
        try {
          return await clock.track(recordingFetch(log, clock.now)(url, init));
        } finally {
          inFlight--;
        }
      },
    });
    const ids = server.data.sessions.slice(0, 4).map((s) => s.id);
    server.controls.rateLimit({ n: 6, retryAfter: 2 });
    const t0 = clock.now();
    const got = await Promise.all(ids.map((id) => c.getSession(id)));
    assert.deepEqual(
      got.map((s) => s.id),
      ids,
      'all four succeed',
    );
    assert.deepEqual(
      log.map((a) => a.status),
      [429, 429, 429, 429, 429, 429, 200, 200, 200, 200],
    );
    assert.equal(server.requests.length, 10);
    assert.deepEqual(early(log), [], 'nothing sent inside a Retry-After window');
    // after the first four, one probe at a time until one is answered 200, then the other three together
    assert.deepEqual(inFlightAtSend.slice(4, 7), [0, 0, 0], 'each probe alone');
    assert.deepEqual(
      log.slice(4).map((a) => a.sentAt - t0),
      [2025, 4050, 6075, 6075, 6075, 6075],
    );
    assert.equal(clock.now() - t0, 6075, 'three windows of 2 s and a margin');
  });

  it('a probe that dies hands the probe on to the next caller, and a cancelled waiter leaves', async () => {
    const gate = new RateGate(
      () => 1000,
      30_000,
      () => new Error('too long'),
    );
    gate.block(1000); // a window that has already elapsed: the next one in is the probe
    const first = await gate.enter(undefined, 'GET /a');
    assert.equal(first.probe, true);
    const ac = new AbortController();
    let secondPass: { probe: boolean } | undefined;
    const second = gate.enter(undefined, 'GET /b').then((p) => (secondPass = p));
    const cancelled = gate.enter(ac.signal, 'GET /c');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(secondPass, undefined, 'waits for the probe');
    ac.abort();
    await assert.rejects(cancelled, ClerkAbortError);
    gate.settle(first, 'failed'); // network error: no news about the limit
    await second;
    assert.equal(secondPass!.probe, true, 'the next caller probes');
    const third = gate.enter(undefined, 'GET /d');
    gate.settle(secondPass!, 'open');
    assert.equal((await third).probe, false, 'open: everyone goes');
  });

  describe('on a driven clock', () => {
    const tooLong = (request: string, waitMs: number) => new Error(`${request} too long: ${waitMs}`);

    it('nothing passes before the window ends; then one probe, the others after its answer', async () => {
      const clock = virtualClock();
      const gate = new RateGate(clock.now, 30_000, tooLong, clock.sleep);
      assert.equal(gate.remainingMs, 0);
      assert.deepEqual(await gate.enter(undefined, 'GET /a'), { probe: false }, 'no window: go');
      gate.block(clock.now() + 2000);
      gate.block(clock.now() + 500); // an earlier end never shortens the window
      assert.equal(gate.remainingMs, 2000);
      const probe = await gate.enter(undefined, 'GET /a');
      assert.deepEqual(clock.waits, [2000]);
      assert.equal(probe.probe, true);
      assert.equal(gate.remainingMs, 0);
      let other: { probe: boolean } | undefined;
      const waiting = gate.enter(undefined, 'GET /b').then((p) => (other = p));
      await new Promise((r) => setImmediate(r));
      assert.equal(other, undefined, 'waits for the probe');
      gate.settle({ probe: true }, 'open'); // not the probe's pass: ignored
      await new Promise((r) => setImmediate(r));
      assert.equal(other, undefined, 'only the probe settles the gate');
      // the probe is limited again: a new window, then one new probe
      gate.block(clock.now() + 1000);
      gate.settle(probe, 'limited');
      await waiting;
      assert.deepEqual(clock.waits, [2000, 1000]);
      assert.equal(other!.probe, true, 'after a limited probe the next one in probes again');
      gate.settle(other!, 'open');
      assert.deepEqual(await gate.enter(undefined, 'GET /c'), { probe: false }, 'open: everyone goes');
    });

    it('a window longer than maxWaitMs fails at once with its length; exactly maxWaitMs is waited', async () => {
      const clock = virtualClock();
      const gate = new RateGate(clock.now, 5000, tooLong, clock.sleep);
      gate.block(clock.now() + 5001);
      await assert.rejects(gate.enter(undefined, 'GET /x'), /^Error: GET \/x too long: 5001$/);
      clock.advance(1);
      assert.equal((await gate.enter(undefined, 'GET /x')).probe, true);
      assert.deepEqual(clock.waits, [5000]);
    });

    it('a cancelled caller leaves at once, before and while it waits', async () => {
      const clock = virtualClock();
      const gate = new RateGate(clock.now, 30_000, tooLong, clock.sleep);
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(gate.enter(ac.signal, 'GET /a'), (e: unknown) => e instanceof ClerkAbortError && e.message.includes('GET /a'));
      assert.deepEqual(clock.waits, []);
    });
  });

  describe('Semaphore', () => {
    it('lets max holders in, queues the rest in order, and a release counts once', async () => {
      const sem = new Semaphore(2);
      const r1 = await sem.acquire(undefined, 'a');
      const r2 = await sem.acquire(undefined, 'b');
      assert.equal(sem.inFlight, 2);
      const order: string[] = [];
      const q3 = sem.acquire(undefined, 'c').then((r) => (order.push('c'), r));
      const q4 = sem.acquire(undefined, 'd').then((r) => (order.push('d'), r));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, []);
      r1();
      r1(); // twice: still one slot
      const r3 = await q3;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, ['c']);
      assert.equal(sem.inFlight, 2);
      r2();
      const r4 = await q4;
      assert.deepEqual(order, ['c', 'd']);
      r3();
      r4();
      assert.equal(sem.inFlight, 0);
    });

    it('a cancelled waiter leaves the queue; a cancelled caller never enters', async () => {
      const sem = new Semaphore(1);
      const r1 = await sem.acquire(undefined, 'a');
      const ac = new AbortController();
      const gone = sem.acquire(ac.signal, 'GET /gone');
      const next = sem.acquire(undefined, 'next');
      ac.abort();
      await assert.rejects(gone, (e: unknown) => e instanceof ClerkAbortError && e.message.includes('GET /gone'));
      r1();
      const r2 = await next;
      assert.equal(sem.inFlight, 1, 'the slot went to the next waiter, not to the cancelled one');
      r2();
      await assert.rejects(sem.acquire(ac.signal, 'late'), ClerkAbortError);
      assert.equal(sem.inFlight, 0);
    });
  });

  describe('abort listeners', () => {
    // A long-lived signal (a view's, a command's) is handed to many waits: each must take its listener back when it ends,
    // whether it ran out, was granted or was cancelled.
    const listeners = (s: AbortSignal): number => getEventListeners(s, 'abort').length;

    it('sleep, a queued acquire and a wait for the probe leave none behind, however they end', async () => {
      const kept = new AbortController();
      await sleep(5, kept.signal, 'x');
      assert.equal(listeners(kept.signal), 0, 'sleep ran out');
      const cancelled = new AbortController();
      const slept = sleep(5000, cancelled.signal, 'x');
      assert.equal(listeners(cancelled.signal), 1);
      cancelled.abort();
      await assert.rejects(slept, ClerkAbortError);
      assert.equal(listeners(cancelled.signal), 0, 'sleep cancelled');

      const sem = new Semaphore(1);
      const r1 = await sem.acquire(undefined, 'a');
      const queued = sem.acquire(kept.signal, 'b');
      const gone = new AbortController();
      const left = sem.acquire(gone.signal, 'c');
      assert.equal(listeners(kept.signal) + listeners(gone.signal), 2);
      gone.abort();
      await assert.rejects(left, ClerkAbortError);
      assert.equal(listeners(gone.signal), 0, 'acquire cancelled');
      r1();
      (await queued)();
      assert.equal(listeners(kept.signal), 0, 'acquire granted');

      const gate = new RateGate(
        () => 1000,
        30_000,
        () => new Error('too long'),
      );
      gate.block(1000);
      const probe = await gate.enter(undefined, 'GET /a');
      const waiting = gate.enter(kept.signal, 'GET /b');
      const off = new AbortController();
      const dropped = gate.enter(off.signal, 'GET /c');
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(listeners(kept.signal) + listeners(off.signal), 2);
      off.abort();
      await assert.rejects(dropped, ClerkAbortError);
      assert.equal(listeners(off.signal), 0, 'wait for the probe cancelled');
      gate.settle(probe, 'open');
      await waiting;
      assert.equal(listeners(kept.signal), 0, 'woken by the probe');
    });
  });

  describe('sleep', () => {
    it('waits its time on a timer; 0 or less at once; a cancel rejects at once', async () => {
      let t = Date.now();
      await sleep(60, undefined, 'x');
      assert.ok(Date.now() - t >= 55, `${Date.now() - t} ms`);
      t = Date.now();
      await sleep(0, undefined, 'x');
      await sleep(-5, undefined, 'x');
      assert.ok(Date.now() - t < 50);
      const ac = new AbortController();
      t = Date.now();
      const p = sleep(5000, ac.signal, 'GET /w');
      setTimeout(() => ac.abort(), 20);
      await assert.rejects(p, (e: unknown) => e instanceof ClerkAbortError && e.message.includes('GET /w'));
      assert.ok(Date.now() - t < 1000);
      await assert.rejects(sleep(0, ac.signal, 'GET /w'), ClerkAbortError);
      await sleep(10, new AbortController().signal, 'x'); // an unused signal: resolves
    });
  });
});
