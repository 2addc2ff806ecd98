// ClerkClient against the real local Clerk server over HTTP: operations, headers, paging, path safety, retries,
// the Retry-After gate, the concurrency limit and the JWKS cache.
import * as assert from 'node:assert/strict';
import nodeFetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type ClerkClientOptions, type ClerkLogEntry, type FetchLike } from '../../src/clerk/client';
import { ClerkAbortError, ClerkApiError, ClerkInputError } from '../../src/clerk/errors';
import { decodeJwt } from '../../src/clerk/tokens';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';
import { virtualClock } from '../support/virtualClock';

describe('ClerkClient against the local Clerk server', function () {
  let server: ClerkServer;
  const logs: ClerkLogEntry[] = [];

  const mk = (o: Partial<ClerkClientOptions> = {}): ClerkClient =>
    new ClerkClient({
      secretKey: server.secretKey,
      apiUrl: server.url,
      version: '1.2.3',
      retryBaseMs: 20,
      logger: (e) => logs.push(e),
      ...o,
    });

  const activeSession = () => {
    const s = server.data.sessions.find((x) => x.status === 'active');
    assert.ok(s, 'the seed has an active session');
    return s;
  };

  clerkServerSuite(
    { seed: 7 },
    {
      ready: (s) => (server = s),
      each: () => {
        clearJwksCache();
        logs.length = 0;
      },
    },
  );

  describe('requests', () => {
    it('sends the key, API version, User-Agent and Accept on every request', async () => {
      const inst = await mk().getInstance();
      assert.equal(inst.object, 'instance');
      assert.equal(inst.environment_type, 'development');
      const h = server.requests[0].headers;
      assert.equal(h.authorization, `Bearer ${server.secretKey}`);
      assert.equal(h['clerk-api-version'], '2026-05-12');
      assert.equal(h['user-agent'], 'clerk-sessions-vscode/1.2.3');
      assert.equal(h.accept, 'application/json');
      assert.equal(server.requests[0].path, '/v1/instance');
    });

    it('defaults: api.clerk.com, 2026-05-12, 15 s, version 0.0.0, 4 at a time', () => {
      const c = new ClerkClient({ secretKey: 'sk_test_abc' });
      assert.equal(c.apiUrl, 'https://api.clerk.com/v1');
      assert.equal(c.apiVersion, '2026-05-12');
      assert.equal(c.timeoutMs, 15000);
      assert.equal(c.userAgent, 'clerk-sessions-vscode/0.0.0');
      assert.equal(c.maxConcurrency, 4);
    });

    it('sends an overridden API version', async () => {
      await mk({ apiVersion: '2024-10-01' }).getInstance();
      assert.equal(server.requests[0].headers['clerk-api-version'], '2024-10-01');
    });

    it('lists users by -last_active_at, 20 a page by default', async () => {
      const users = await mk().listUsers();
      assert.equal(users.length, 20);
      const r = server.requests[0];
      const q = new URLSearchParams(r.search);
      assert.equal(q.get('order_by'), '-last_active_at');
      assert.equal(q.get('limit'), '20');
      assert.equal(q.get('offset'), '0');
      const times = users.map((u) => u.last_active_at).filter((t): t is number => typeof t === 'number');
      for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'ordered newest activity first');
    });

    it('pages users by offset without overlap', async () => {
      const c = mk();
      const a = await c.listUsers({ limit: 5, offset: 0 });
      const b = await c.listUsers({ limit: 5, offset: 5 });
      assert.equal(a.length, 5);
      assert.equal(b.length, 5);
      assert.equal(new Set([...a, ...b].map((u) => u.id)).size, 10);
    });

    it('searches users with query and counts them', async () => {
      const c = mk();
      const target = server.data.users[3];
      const email = target.email_addresses[0].email_address;
      const found = await c.listUsers({ query: email, orderBy: '-created_at' });
      assert.ok(found.some((u) => u.id === target.id));
      assert.equal(new URLSearchParams(server.requests[0].search).get('query'), email);
      assert.equal(await c.countUsers(), server.data.users.length);
      assert.equal(await c.countUsers({ query: email }), found.length);
    });

    it('gets one user', async () => {
      const u = server.data.users[0];
      const got = await mk().getUser(u.id);
      assert.equal(got.id, u.id);
      assert.equal(server.requests[0].path, `/v1/users/${u.id}`);
    });

    it('lists sessions with paginated=true and reads a bare array', async () => {
      const s = activeSession();
      const page = await mk().listSessions({ userId: s.user_id });
      assert.ok(page.data.length >= 1);
      assert.ok(page.data.every((x) => x.user_id === s.user_id));
      assert.equal(page.totalCount, undefined);
      const q = new URLSearchParams(server.requests[0].search);
      assert.equal(q.get('paginated'), 'true');
      assert.equal(q.get('user_id'), s.user_id);
    });

    it('lists sessions and reads {data, total_count}', async () => {
      server.controls.paginatedShape('object');
      const s = activeSession();
      const all = server.data.sessions.filter((x) => x.user_id === s.user_id);
      const page = await mk().listSessions({ userId: s.user_id, limit: 1 });
      assert.equal(page.data.length, 1);
      assert.equal(page.totalCount, all.length);
    });

    it('filters sessions by status and by client', async () => {
      const s = activeSession();
      const c = mk();
      const active = await c.listSessions({ userId: s.user_id, status: 'active' });
      assert.ok(active.data.length >= 1 && active.data.every((x) => x.status === 'active'));
      const byClient = await c.listSessions({ clientId: s.client_id });
      assert.ok(byClient.data.some((x) => x.id === s.id));
    });

    it('gets and revokes a session', async () => {
      const s = activeSession();
      const c = mk();
      assert.equal((await c.getSession(s.id)).id, s.id);
      const revoked = await c.revokeSession(s.id);
      assert.equal(revoked.status, 'revoked');
      assert.equal(server.data.sessions.find((x) => x.id === s.id)!.status, 'revoked');
      assert.equal(server.requests[1].method, 'POST');
      assert.equal(server.requests[1].path, `/v1/sessions/${s.id}/revoke`);
    });

    it('mints a default session token with no body, and a template token with a lifetime', async () => {
      const s = activeSession();
      const c = mk();
      const t1 = await c.createSessionToken(s.id);
      const d1 = decodeJwt(t1.jwt);
      assert.equal(d1.payload.sid, s.id);
      assert.equal(d1.payload.sub, s.user_id);
      assert.equal(server.requests[0].path, `/v1/sessions/${s.id}/tokens`);
      assert.equal(server.requests[0].headers['content-type'], undefined, 'no body without a lifetime');

      const template = server.data.jwtTemplates[0];
      const t2 = await c.createSessionToken(s.id, { template: template.name, expiresInSeconds: 120 });
      const d2 = decodeJwt(t2.jwt);
      assert.equal(d2.payload.exp! - d2.payload.iat!, 120);
      assert.equal(server.requests[1].path, `/v1/sessions/${s.id}/tokens/${encodeURIComponent(template.name)}`);
      assert.equal(server.requests[1].headers['content-type'], 'application/json');
    });

    it('lists JWT templates', async () => {
      const ts = await mk().listJwtTemplates();
      assert.deepEqual(
        ts.map((t) => t.name),
        server.data.jwtTemplates.map((t) => t.name),
      );
    });

    it('verifies a session with a fresh token over the deprecated endpoint', async () => {
      const s = activeSession();
      const c = mk({ apiVersion: '2024-10-01' });
      const { jwt } = await c.createSessionToken(s.id);
      const v = await c.verifySession(s.id, jwt);
      assert.equal(v.id, s.id);
      assert.equal(server.requests[1].path, `/v1/sessions/${s.id}/verify`);
    });

    it('accepts extra fields and missing optional ones', async () => {
      const s = activeSession();
      const copy = { ...s };
      try {
        (s as unknown as Record<string, unknown>).brand_new_field = { x: 1 };
        delete (s as unknown as Record<string, unknown>).latest_activity;
        delete (s as unknown as Record<string, unknown>).actor;
        const got = await mk().getSession(s.id);
        assert.equal(got.brand_new_field && typeof got.brand_new_field, 'object');
        assert.equal(got.latest_activity, undefined);
      } finally {
        delete (s as unknown as Record<string, unknown>).brand_new_field;
        Object.assign(s, copy);
      }
    });
  });

  describe('path safety', () => {
    const cases: Array<[string, (c: ClerkClient) => Promise<unknown>, string]> = [
      ['../users', (c) => c.getSession('../users'), '/v1/sessions/..%2Fusers'],
      ['a/b', (c) => c.getUser('a/b'), '/v1/users/a%2Fb'],
      [
        '../../jwks as a template',
        (c) => c.createSessionToken('sess_x', { template: '../../jwks' }),
        '/v1/sessions/sess_x/tokens/..%2F..%2Fjwks',
      ],
      ['?query', (c) => c.getSession('x?status=active'), '/v1/sessions/x%3Fstatus%3Dactive'],
      ['#fragment', (c) => c.revokeSession('x#y'), '/v1/sessions/x%23y/revoke'],
      ['%2e%2e', (c) => c.getSession('%2e%2e'), '/v1/sessions/%252e%252e'],
      ['backslash', (c) => c.getUser('..\\users'), '/v1/users/..%5Cusers'],
      ['an emoji (a whole surrogate pair)', (c) => c.getSession('sess_\u{1F600}'), '/v1/sessions/sess_%F0%9F%98%80'],
    ];
    for (const [name, call, expected] of cases) {
      it(`an id like ${name} stays one path segment`, async () => {
        await assert.rejects(call(mk()), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
        assert.equal(server.requests.length, 1);
        assert.equal(server.requests[0].path, expected);
      });
    }

    it("refuses '.', '..' and empty ids before any request", async () => {
      const c = mk();
      for (const bad of ['', ' ', '.', '..']) {
        await assert.rejects(c.getSession(bad), ClerkInputError);
        await assert.rejects(c.revokeSession(bad), ClerkInputError);
        await assert.rejects(c.createSessionToken('sess_1', { template: bad }), ClerkInputError);
      }
      assert.equal(server.requests.length, 0);
    });
  });

  describe('retries', () => {
    it('retries a 429 only after Retry-After has elapsed', async () => {
      const clock = virtualClock();
      server.controls.failNext(1, 429, { retryAfter: 1 });
      const inst = await mk({ now: clock.now, sleep: clock.sleep }).getInstance();
      assert.equal(inst.object, 'instance');
      assert.equal(server.requests.length, 2);
      assert.deepEqual(clock.waits, [0, 1025], 'the second request 1 s (and a margin) after the first answer');
      assert.ok(logs.some((l) => l.level === 'warn' && /429, retrying/.test(l.message)));
    });

    it('retries a 429 for POSTs too (the request was not processed)', async () => {
      const s = activeSession();
      server.controls.failNext(1, 429, { retryAfter: 0 });
      const t = await mk().createSessionToken(s.id);
      assert.ok(t.jwt);
      assert.equal(server.count(/tokens/), 2);
    });

    it('holds back every request of the client while a Retry-After runs', async () => {
      const clock = virtualClock();
      const sentAt: Array<[string, number]> = [];
      const c = mk({
        now: clock.now,
        sleep: clock.sleep,
        maxRateLimitRetries: 0,
        fetch: (url, init) => (sentAt.push([new URL(url).pathname, clock.now()]), (nodeFetch as unknown as FetchLike)(url, init)),
      });
      const t0 = clock.now();
      server.controls.failNext(1, 429, { retryAfter: 1, route: 'GET /v1/instance' });
      await assert.rejects(c.getInstance(), (e: unknown) => e instanceof ClerkApiError && e.status === 429 && e.retryAfter === 1);
      await c.listJwtTemplates(); // another call of the client: must wait behind the gate
      assert.deepEqual(sentAt, [
        ['/v1/instance', t0],
        ['/v1/jwt_templates', t0 + 1025],
      ]);
    });

    it('gives up at once on a Retry-After beyond the cap, and sends nothing until it has passed', async () => {
      const c = mk();
      server.controls.failNext(1, 429, { retryAfter: 120 });
      await assert.rejects(c.getInstance(), (e: unknown) => e instanceof ClerkApiError && e.status === 429 && e.retryAfter === 120);
      await assert.rejects(c.listUsers(), (e: unknown) => e instanceof ClerkApiError && e.status === 429 && (e.retryAfter ?? 0) > 100);
      assert.equal(server.requests.length, 1);
    });

    it('stops after 3 retries of 429', async () => {
      server.controls.rateLimit({ n: 10, retryAfter: 0 });
      await assert.rejects(mk().getInstance(), (e: unknown) => e instanceof ClerkApiError && e.status === 429);
      assert.equal(server.requests.length, 4);
    });

    it('a cancel cuts a Retry-After wait short', async () => {
      server.controls.failNext(1, 429, { retryAfter: 20 });
      const ac = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ac.abort(), 150);
      await assert.rejects(mk().getInstance(ac.signal), ClerkAbortError);
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(server.requests.length, 1);
    });

    for (const status of [502, 503, 504]) {
      it(`retries a GET after ${status}, twice at most`, async () => {
        server.controls.failNext(2, status);
        assert.equal((await mk().getInstance()).object, 'instance');
        assert.equal(server.requests.length, 3);
        server.resetLog();
        server.controls.failNext(3, status);
        await assert.rejects(mk().getInstance(), (e: unknown) => e instanceof ClerkApiError && e.status === status);
        assert.equal(server.requests.length, 3);
      });
    }

    it('does not retry a GET after 500', async () => {
      server.controls.failNext(1, 500);
      await assert.rejects(mk().getInstance(), (e: unknown) => e instanceof ClerkApiError && e.status === 500);
      assert.equal(server.requests.length, 1);
    });

    it('never retries revoke or token minting after a 5xx', async () => {
      const s = activeSession();
      const c = mk();
      for (const status of [500, 502, 503, 504]) {
        server.resetLog();
        server.controls.failNext(1, status);
        await assert.rejects(c.revokeSession(s.id), (e: unknown) => e instanceof ClerkApiError && e.status === status);
        assert.equal(server.requests.length, 1);
        server.resetLog();
        server.controls.failNext(1, status);
        await assert.rejects(c.createSessionToken(s.id), (e: unknown) => e instanceof ClerkApiError && e.status === status);
        assert.equal(server.requests.length, 1);
      }
    });

    it('waits at least a 503 Retry-After before retrying a GET', async () => {
      const clock = virtualClock();
      server.controls.failNext(1, 503, { retryAfter: 1 });
      await mk({ now: clock.now, sleep: clock.sleep }).getInstance();
      assert.equal(server.requests.length, 2);
      assert.equal(
        clock.waits.reduce((a, b) => a + b, 0),
        1025,
      );
    });
  });

  describe('concurrency', () => {
    it('keeps at most 4 requests in flight by default', async () => {
      server.controls.latency(150);
      const c = mk();
      let maxClient = 0;
      let maxServer = 0;
      const timer = setInterval(() => {
        maxClient = Math.max(maxClient, c.inFlight);
        maxServer = Math.max(maxServer, server.requests.filter((r) => r.status === 0).length);
      }, 10);
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 10 }, () => c.getInstance()));
      clearInterval(timer);
      assert.equal(server.requests.length, 10);
      assert.ok(maxClient <= 4 && maxServer <= 4, `client ${maxClient}, server ${maxServer}`);
      assert.ok(maxServer >= 3, 'requests did run in parallel');
      assert.ok(Date.now() - t0 >= 3 * 150 - 20, '10 requests at 4 a time take 3 rounds');
    });

    it('honours a custom limit of 1', async () => {
      server.controls.latency(50);
      const c = mk({ maxConcurrency: 1 });
      let max = 0;
      const timer = setInterval(() => (max = Math.max(max, server.requests.filter((r) => r.status === 0).length)), 5);
      await Promise.all(Array.from({ length: 4 }, () => c.getInstance()));
      clearInterval(timer);
      assert.equal(max, 1);
    });

    it('a queued request can be cancelled before it is sent', async () => {
      server.controls.latency(200);
      const c = mk({ maxConcurrency: 1 });
      const first = c.getInstance();
      const ac = new AbortController();
      const second = c.getInstance(ac.signal);
      setTimeout(() => ac.abort(), 20);
      await assert.rejects(second, ClerkAbortError);
      await first;
      assert.equal(server.requests.length, 1);
    });
  });

  describe('JWKS', () => {
    it('caches the JWKS for 5 minutes per API URL and key', async () => {
      let now = Date.now();
      const c = mk({ now: () => now });
      const a = await c.getJwks();
      await c.getJwks();
      await mk({ now: () => now }).getJwks(); // another client, same instance and key: shared cache
      assert.equal(server.count('GET /v1/jwks'), 1);
      assert.equal(a.keys[0].kid, (server.publicJwk() as { kid: string }).kid);
      now += 5 * 60_000 + 1;
      await c.getJwks();
      assert.equal(server.count('GET /v1/jwks'), 2);
      await c.getJwks({ forceRefresh: true });
      assert.equal(server.count('GET /v1/jwks'), 3);
    });

    it('finds a key by kid and refetches once when the kid is unknown', async () => {
      const c = mk();
      const kid = (server.publicJwk() as { kid: string }).kid;
      assert.equal((await c.getJwkForKid(kid))!.kid, kid);
      assert.equal(server.count('GET /v1/jwks'), 1);
      assert.equal(await c.getJwkForKid('ins_rotated_away'), undefined);
      assert.equal(server.count('GET /v1/jwks'), 2);
    });

    it('shares one request among concurrent callers', async () => {
      server.controls.latency(50);
      const c = mk();
      await Promise.all([c.getJwks(), c.getJwks(), c.getJwks()]);
      assert.equal(server.count('GET /v1/jwks'), 1);
    });
  });

  describe('logging', () => {
    it('logs each request with its status, never the key', async () => {
      await mk().getInstance();
      assert.ok(logs.some((l) => l.level === 'debug' && /GET \/instance → 200/.test(l.message)));
      assert.ok(logs.every((l) => !l.message.includes(server.secretKey)));
    });

    it('survives a logger that throws', async () => {
      const c = mk({
        logger: () => {
          throw new Error('boom');
        },
      });
      assert.equal((await c.getInstance()).object, 'instance');
    });
  });
  describe('machine tokens, testing tokens and sign-in tokens', () => {
    it('verifyApiKey / verifyM2mToken / verifyOAuthAccessToken: valid answers, 404 for revoked, expired and unknown', async () => {
      const c = mk();
      const m = server.machineTokens;
      const key = await c.verifyApiKey(m.apiKeys.valid.secret);
      assert.equal(key.id, m.apiKeys.valid.record.id);
      assert.deepEqual(key.scopes, ['read:sessions']);
      assert.equal((await c.verifyM2mToken(m.m2mTokens.valid.secret)).subject, m.m2mTokens.valid.record.subject);
      const oat = await c.verifyOAuthAccessToken(m.oauthTokens.valid.secret);
      assert.ok(!('active' in oat) && oat.client_id === m.oauthTokens.valid.record.client_id);
      assert.deepEqual(await c.verifyOAuthAccessToken(m.oauthJwts.expired), { active: false });
      const is404 = (e: unknown) => e instanceof ClerkApiError && e.status === 404;
      for (const state of ['revoked', 'expired'] as const) {
        await assert.rejects(c.verifyApiKey(m.apiKeys[state].secret), is404);
        await assert.rejects(c.verifyM2mToken(m.m2mTokens[state].secret), is404);
        await assert.rejects(c.verifyOAuthAccessToken(m.oauthTokens[state].secret), is404);
      }
      await assert.rejects(c.verifyApiKey('ak_FAKEunknown'), (e: unknown) => is404(e) && !String((e as Error).message).includes('ak_FAKE'));
      // nothing in the log carries a token
      const secrets = [m.apiKeys.valid.secret, m.m2mTokens.valid.secret, m.oauthTokens.valid.secret, 'ak_FAKEunknown'];
      for (const l of logs) for (const sec of secrets) assert.ok(!l.message.includes(sec), l.message);
    });

    it('the server flagging revoked keys: the client reads revoked, expired and the reason', async () => {
      server.controls.inactiveMachineTokens('flagged');
      const k = await mk().verifyApiKey(server.machineTokens.apiKeys.revoked.secret);
      assert.equal(k.revoked, true);
      assert.equal(k.revocation_reason, server.machineTokens.apiKeys.revoked.record.revocation_reason);
      assert.equal((await mk().verifyM2mToken(server.machineTokens.m2mTokens.expired.secret)).expired, true);
    });

    it('a wrong secret key is a 401; an empty, huge or spaced token is refused before any request', async () => {
      const wrong = mk({ secretKey: 'sk_test_FAKEwrongwrongwrong' });
      await assert.rejects(
        wrong.verifyApiKey(server.machineTokens.apiKeys.valid.secret),
        (e: unknown) => e instanceof ClerkApiError && e.status === 401,
      );
      await assert.rejects(wrong.createTestingToken(), (e: unknown) => e instanceof ClerkApiError && e.status === 401);
      server.resetLog();
      const c = mk();
      await assert.rejects(c.verifyApiKey(''), ClerkInputError);
      await assert.rejects(c.verifyM2mToken('mt_' + 'x'.repeat(1_000_000)), ClerkInputError);
      await assert.rejects(c.verifyOAuthAccessToken('oat_a\r\nX-Injected: 1'), ClerkInputError);
      await assert.rejects(c.verifyApiKey(42 as unknown as string), ClerkInputError);
      assert.equal(server.count(), 0);
    });

    it('a verify answer of the wrong shape is a response error, not a token', async () => {
      const c = mk();
      server.controls.failNext(1, 200, { body: 'empty', route: 'POST /v1/api_keys/verify' });
      await assert.rejects(c.verifyApiKey(server.machineTokens.apiKeys.valid.secret));
    });

    it('createTestingToken, createSignInToken (expiry, organization) and revokeSignInToken', async () => {
      const c = mk();
      const t = await c.createTestingToken();
      assert.equal(t.token, server.testingTokens.at(-1)!.token);
      assert.ok(t.expires_at > Date.now() / 1000);
      const userId = activeSession().user_id;
      const s = await c.createSignInToken({ userId, expiresInSeconds: 600 });
      assert.equal(s.status, 'pending');
      assert.ok(s.url?.includes('ticket='));
      const claims = decodeJwt(s.token!).payload;
      assert.equal(Number(claims.exp) - Number(claims.iat), 600);
      const member = server.data.memberships[0];
      const o = await c.createSignInToken({ userId: member.user_id, organizationId: member.organization_id });
      assert.equal(decodeJwt(o.token!).payload.org_id, member.organization_id);
      assert.equal((await c.revokeSignInToken(s.id)).status, 'revoked');
      await assert.rejects(c.revokeSignInToken(s.id), (e: unknown) => e instanceof ClerkApiError && e.status === 400);
      await assert.rejects(c.createSignInToken({ userId: 'user_nothere' }), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      await assert.rejects(c.createSignInToken({ userId, expiresInSeconds: 0 }), ClerkInputError);
      await assert.rejects(c.revokeSignInToken(''), ClerkInputError);
      for (const l of logs) assert.ok(!l.message.includes(s.token!) && !l.message.includes(t.token), l.message);
    });
  });
});
