// The rate gate: after a Retry-After window one probe goes, and the other callers of the client follow only when it
// is not rate limited again. Against the local Clerk server's 429 storm, with send/answer times taken around fetch.
import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type FetchLike } from '../../src/clerk/client';
import { ClerkAbortError } from '../../src/clerk/errors';
import { RateGate } from '../../src/clerk/gate';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

interface Attempt {
  sentAt: number;
  answeredAt?: number;
  status?: number;
  retryAfter?: number;
}

function recordingFetch(log: Attempt[]): FetchLike {
  return async (url, init) => {
    const a: Attempt = { sentAt: Date.now() };
    log.push(a);
    const res = await (fetch as unknown as FetchLike)(url, init);
    a.answeredAt = Date.now();
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
  this.timeout(20_000);
  let server: ClerkServer;

  clerkServerSuite({ seed: 5 }, { ready: (s) => (server = s), each: () => clearJwksCache() });

  it('4 concurrent calls through a 5 s storm (Retry-After: 2) send at most 10 requests, none early', async () => {
    const log: Attempt[] = [];
    const c = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, fetch: recordingFetch(log) });
    const ids = server.data.sessions.slice(0, 4).map((s) => s.id);
    server.controls.rateLimit({ forMs: 5000, retryAfter: 2 });
    const t0 = Date.now();
    const got = await Promise.all(ids.map((id) => c.getSession(id)));
    const ms = Date.now() - t0;
    assert.deepEqual(
      got.map((s) => s.id),
      ids,
      'all four succeed',
    );
    const timeline = server.requests.map((r) => `${r.at - t0}:${r.status}`).join(' ');
    assert.ok(server.requests.length <= 10, `${server.requests.length} requests: ${timeline}`);
    assert.equal(log.length, server.requests.length);
    assert.deepEqual(early(log), [], 'nothing sent inside a Retry-After window');
    // after the first four, the 429s are one probe at a time
    const after = log.slice(4).filter((a) => a.status === 429);
    for (let i = 1; i < after.length; i++) assert.ok(after[i].sentAt >= after[i - 1].answeredAt!, 'probes one after another');
    assert.ok(ms >= 6000 - 50 && ms < 9000, `${ms} ms`);
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
});
