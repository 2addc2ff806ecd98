// Client-level measurements against the local Clerk-compatible server, in this process:
// - overhead: 100 getSession sequentially and with 4 at a time, 50 ms injected latency, against raw node-fetch
//   doing the same requests and against the physical limit (requests × latency / concurrency); @clerk/backend too;
// - requests per operation, ours and @clerk/backend's, counted at the server;
// - a 429 storm (Retry-After: 2 for 5 s): requests sent before a Retry-After elapsed, the time to success, and the
//   requests sent (one probe per window: 4 calls cost 10, not 16).
import fetch from 'node-fetch';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { ClerkClient, clearJwksCache, type FetchLike } from '../src/clerk/client';
import { verdict } from '../src/tokens/verdict';
import { startClerkServer, type ClerkServer, type RequestLogEntry } from '../test/server/server';
import { repoRoot } from '../test/hosts/demo';

/** The local Clerk server in its own process (npm run clerk-local's cli.js), driven over its /__control API, so
 * that its work does not share the event loop with the clients being measured. */
export interface RemoteServer {
  url: string;
  origin: string;
  secretKey: string;
  latency(ms: number): Promise<void>;
  resetLog(): Promise<void>;
  count(): Promise<number>;
  sessionIds(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startServerProcess(): Promise<RemoteServer> {
  const child = spawn(process.execPath, [join(repoRoot, 'out', 'test', 'server', 'cli.js'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; !/Secret key: \S+/.test(out); i++) {
    if (i > 300 || child.exitCode !== null) throw new Error(`the local Clerk server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /Clerk-compatible server: (\S+)/.exec(out)![1];
  const secretKey = /Secret key: (\S+)/.exec(out)![1];
  const origin = new URL(url).origin;
  const post = async (name: string, body: object = {}) => {
    const r = await fetch(`${origin}/__control/${name}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });
    if (r.status !== 200) throw new Error(`control ${name}: ${r.status}`);
    await r.text();
  };
  const auth = { Authorization: `Bearer ${secretKey}` };
  return {
    url,
    origin,
    secretKey,
    latency: (ms) => post('latency', { ms }),
    resetLog: () => post('resetLog'),
    count: async () => ((await (await fetch(`${origin}/__control/log`)).json()) as { total: number }).total,
    sessionIds: async () => {
      const users = (await (await fetch(`${url}/users?limit=20`, { headers: auth })).json()) as { id: string }[];
      const ids: string[] = [];
      for (const u of users) {
        const list = (await (await fetch(`${url}/sessions?user_id=${u.id}&paginated=true&limit=100`, { headers: auth })).json()) as
          { id: string }[] | { data: { id: string }[] };
        ids.push(...(Array.isArray(list) ? list : list.data).map((x) => x.id));
      }
      return ids;
    },
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) {
          r();
          return;
        }
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs `n` calls of `fn(i)` with `concurrency` workers; returns the wall time in ms. */
async function timed(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return performance.now() - t0;
}

export interface OverheadResult {
  latencyMs: number;
  n: number;
  rounds: number;
  /** median wall ms per variant and concurrency */
  wall: Record<'raw' | 'ours' | 'clerk', Record<1 | 4, number>>;
  requests: Record<'raw' | 'ours' | 'clerk', Record<1 | 4, number>>;
}

export async function measureOverhead(server: RemoteServer, rounds: number, n = 100, latencyMs = 50): Promise<OverheadResult> {
  const ids = await server.sessionIds();
  if (ids.length === 0) throw new Error('the local server has no sessions');
  const id = (i: number) => ids[i % ids.length];
  const headers = {
    Authorization: `Bearer ${server.secretKey}`,
    'Clerk-API-Version': '2026-05-12',
    'User-Agent': 'bench-raw/0',
    Accept: 'application/json',
  };
  const raw = async (i: number) => {
    const res = await fetch(`${server.url}/sessions/${encodeURIComponent(id(i))}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`raw fetch got ${res.status}`);
    return JSON.parse(text) as unknown;
  };
  const ours = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, maxConcurrency: 4 });
  const clerk = createClerkClient({ secretKey: server.secretKey, apiUrl: server.origin });
  const variants = {
    raw,
    ours: (i: number) => ours.getSession(id(i)),
    clerk: (i: number) => clerk.sessions.getSession(id(i)),
  };
  // warm up connections and code paths, without latency
  await server.latency(0);
  for (const f of Object.values(variants)) await timed(8, 4, f);
  await server.latency(latencyMs);
  const samples = {
    raw: { 1: [] as number[], 4: [] as number[] },
    ours: { 1: [] as number[], 4: [] as number[] },
    clerk: { 1: [] as number[], 4: [] as number[] },
  };
  const requests = { raw: { 1: 0, 4: 0 }, ours: { 1: 0, 4: 0 }, clerk: { 1: 0, 4: 0 } };
  const names = Object.keys(variants) as (keyof typeof variants)[];
  for (let r = 0; r < rounds; r++) {
    for (const c of [1, 4] as const) {
      // rotate the order each round so no variant always runs first
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        await server.resetLog();
        samples[name][c].push(await timed(n, c, variants[name]));
        requests[name][c] = await server.count();
      }
    }
  }
  await server.latency(0);
  const wall = Object.fromEntries(names.map((k) => [k, { 1: median(samples[k][1]), 4: median(samples[k][4]) }])) as OverheadResult['wall'];
  return { latencyMs, n, rounds, wall, requests };
}

export interface OpCounts {
  ops: { name: string; ours: number; clerk: number; oursOk: boolean; clerkOk: boolean; clerkNote?: string }[];
}

/** Requests each operation costs, ours vs @clerk/backend, on a fresh server (revokes change data). */
export async function countOperations(): Promise<OpCounts> {
  const server = await startClerkServer({ port: 0 });
  try {
    clearJwksCache();
    const ours = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url });
    const clerk = createClerkClient({ secretKey: server.secretKey, apiUrl: server.origin });
    const active = server.data.sessions.filter((s) => s.status === 'active');
    const userId = active[0].user_id;
    const [s1, s2] = [active[0].id, active[1].id];
    const template = server.data.jwtTemplates[0].name;
    const tokenOf = async () => (await ours.createSessionToken(s1)).jwt;
    const tokA = await tokenOf();
    const tokB = await tokenOf();
    const ops: [string, () => Promise<unknown>, () => Promise<unknown>, string?][] = [
      [
        'list users (first page of 20)',
        () => ours.listUsers({ limit: 20 }),
        () => clerk.users.getUserList({ limit: 20, orderBy: '-last_active_at' }),
        'getUserList also asks GET /users/count',
      ],
      ['list sessions of a user', () => ours.listSessions({ userId }), () => clerk.sessions.getSessionList({ userId })],
      ['get session', () => ours.getSession(s1), () => clerk.sessions.getSession(s1)],
      ['revoke session', () => ours.revokeSession(s2), () => clerk.sessions.revokeSession(active[2].id)],
      [
        `mint token from template '${template}'`,
        () => ours.createSessionToken(s1, { template }),
        () => clerk.sessions.getToken(s1, template),
      ],
      [
        'verify token, first (fetches JWKS)',
        async () => verdict(tokA, await ours.getJwks()).then(okReport),
        () => verifyToken(tokA, { secretKey: server.secretKey, apiUrl: server.origin, skipJwksCache: false }).then(okVerify),
      ],
      [
        'verify token, again (JWKS cached)',
        async () => verdict(tokB, await ours.getJwks()).then(okReport),
        () => verifyToken(tokB, { secretKey: server.secretKey, apiUrl: server.origin }).then(okVerify),
      ],
    ];
    const out: OpCounts['ops'] = [];
    for (const [name, a, b, note] of ops) {
      const row: OpCounts['ops'][number] = { name, ours: 0, clerk: 0, oursOk: true, clerkOk: true };
      if (note) row.clerkNote = note;
      server.resetLog();
      await a().catch((e: unknown) => {
        row.oursOk = false;
        row.clerkNote = `ours failed: ${String(e)}`;
      });
      row.ours = server.count();
      server.resetLog();
      await b().catch((e: unknown) => {
        row.clerkOk = false;
        row.clerkNote = `@clerk/backend failed: ${e instanceof Error ? e.message : String(e)}`;
      });
      row.clerk = server.count();
      out.push(row);
    }
    return { ops: out };
  } finally {
    await server.stop();
  }
}

function okReport(v: { accepted: boolean | undefined; sentence: string }): void {
  if (v.accepted !== true) throw new Error(v.sentence);
}
function okVerify(r: unknown): void {
  const e = (r as { errors?: unknown[] } | undefined)?.errors;
  if (e && e.length) throw e[0] instanceof Error ? e[0] : new Error(String(e[0]));
}

export interface StormResult {
  name: string;
  calls: number;
  requests: number;
  /** requests sent after a 429 had come back and before its Retry-After elapsed (client-side times for ours) */
  early: number;
  /** the same from the server's request log alone (10 ms slack for requests already in flight) */
  earlyByServerLog: number;
  /** ms from the first call to the last call settling */
  ms: number;
  ok: boolean;
  outcome: string;
  /** arrival at the server, ms after the first request, and the status: "0:429 2031:429 …" */
  timeline: string;
}

/** A fetch for our client that records, in this process, when each attempt was sent and when each answer came. */
function recordingFetch(events: { sentAt: number; answeredAt?: number; status?: number; retryAfter?: number }[]): FetchLike {
  return async (url, init) => {
    const e: (typeof events)[number] = { sentAt: performance.now() };
    events.push(e);
    const res = await (fetch as unknown as FetchLike)(url, init);
    e.answeredAt = performance.now();
    e.status = res.status;
    const ra = res.headers.get('retry-after');
    if (ra !== null) e.retryAfter = Number(ra);
    return res;
  };
}

/** Attempts sent after a 429 had been received and before its Retry-After elapsed (both times taken in this
 * process, so requests already in flight when a 429 came back do not count). */
function sentEarly(events: { sentAt: number; answeredAt?: number; status?: number; retryAfter?: number }[]): number {
  const limits = events.filter((e) => e.status === 429 && e.answeredAt !== undefined && e.retryAfter !== undefined);
  return events.filter((r) => limits.some((l) => r.sentAt > l.answeredAt! && r.sentAt < l.answeredAt! + l.retryAfter! * 1000)).length;
}

/** The same question from the server's log alone: arrivals within a Retry-After of a 429, more than `slackMs` after
 * it (the local server answers a 429 at once; requests arriving within the slack were in flight already). */
function earlyByServerLog(log: RequestLogEntry[], retryAfterS: number, slackMs = 10): number {
  const limits = log.filter((e) => e.status === 429).map((e) => e.at);
  return log.filter((r) => limits.some((t) => r.at > t + slackMs && r.at < t + retryAfterS * 1000)).length;
}

function failure(failed: PromiseRejectedResult[], calls: number): string {
  const r = failed[0].reason as unknown;
  const status = String((r as { status?: number }).status ?? '');
  return `${failed.length}/${calls} failed: ${status} ${r instanceof Error ? r.message.slice(0, 80) : ''}`.trim();
}

/** A client that honours Retry-After: 2 through the 5 s storm and sends one probe per window: all `calls` at 0 s, one
 * probe at 2 s and one at 4 s (both 429), then at 6 s the probe that succeeds and the other calls behind it. */
const fewestRequests = (calls: number) => calls + 2 + calls;

export async function measureStorm(server: ClerkServer): Promise<StormResult[]> {
  const forMs = 5000;
  const retryAfter = 2;
  const ids = server.data.sessions.map((s) => s.id);
  const results: StormResult[] = [];
  const scenario = async (name: string, calls: number, call: (i: number) => Promise<unknown>, events?: Parameters<typeof sentEarly>[0]) => {
    server.controls.reset();
    server.resetLog();
    server.controls.rateLimit({ forMs, retryAfter });
    const t0 = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: calls }, (_, i) => call(i)));
    const ms = performance.now() - t0;
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    const log = [...server.requests];
    results.push({
      name,
      calls,
      requests: log.length,
      early: events ? sentEarly(events) : earlyByServerLog(log, retryAfter),
      earlyByServerLog: earlyByServerLog(log, retryAfter),
      ms,
      ok: failed.length === 0,
      timeline: log.map((e) => `${e.at - (log[0]?.at ?? 0)}:${e.status}`).join(' '),
      outcome:
        (failed.length === 0 ? 'all succeeded' : failure(failed, calls)) +
        (name.startsWith('ours') ? `; fewest possible with one probe per window: ${fewestRequests(calls)}` : ''),
    });
    server.controls.reset();
    await new Promise((r) => setTimeout(r, 200));
  };
  const ev1: Parameters<typeof sentEarly>[0] = [];
  const one = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, fetch: recordingFetch(ev1) });
  await scenario('ours: 1 getSession', 1, (i) => one.getSession(ids[i]), ev1);
  const ev4: Parameters<typeof sentEarly>[0] = [];
  const shared = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, fetch: recordingFetch(ev4) });
  await scenario('ours: 4 concurrent getSession', 4, (i) => shared.getSession(ids[i]), ev4);
  const clerk = createClerkClient({ secretKey: server.secretKey, apiUrl: server.origin });
  await scenario('@clerk/backend: 1 getSession', 1, (i) => clerk.sessions.getSession(ids[i]));
  return results;
}

export { median };
