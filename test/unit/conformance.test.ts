// Conformance with Clerk's official Backend API spec, checked by Stoplight Prism.
//
// 1. `prism proxy 2026-05-12.yml <local server>/v1 --errors` sits between ClerkClient and the local Clerk server.
//    Every client operation goes through it; any request of ours or any response of the server that breaks the
//    spec comes back as a Prism violation (422 / 500 problem+json and/or the sl-violations header) and fails.
// 2. A second proxy on 2024-10-01.yml carries the deprecated POST /sessions/{id}/verify.
// 3. `prism mock 2026-05-12.yml --errors` with `Prefer: code=…` forces the spec's error bodies at the client.
import * as assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type FetchLike, type FetchResponseLike } from '../../src/clerk/client';
import { ClerkApiError, ClerkError } from '../../src/clerk/errors';
import { decodeToken } from '../../src/tokens/decode';
import { sessionMatch } from '../../src/tokens/match';
import { verdict } from '../../src/tokens/verdict';
import { HOSTILE, HOSTILE_USERS, makeTestSecretKey, startClerkServer, type ClerkServer } from '../server/server';
import { specPath, startPrism, violationsOf, type PrismInstance, type Violation } from '../support/prism';

interface Exchange {
  method: string;
  url: string;
  status: number;
  violations: Violation[];
}

/** A fetch that records each exchange with the Prism violations found in it. */
function recordingFetch(log: Exchange[], extraHeaders: Record<string, string> = {}): FetchLike {
  const realFetch = fetch as unknown as FetchLike;
  return async (url, init) => {
    const res = await realFetch(url, { ...init, headers: { ...init.headers, ...extraHeaders } });
    const text = await res.text();
    log.push({ method: init.method, url, status: res.status, violations: violationsOf(res.status, res.headers, text) });
    const out: FetchResponseLike = { status: res.status, headers: res.headers, text: async () => text };
    return out;
  };
}

describe('conformance with the Clerk Backend API spec (Prism)', function () {
  this.timeout(180_000);
  let server: ClerkServer;
  let proxy: PrismInstance;
  let proxy2024: PrismInstance;
  let mock: PrismInstance;
  const log: Exchange[] = [];
  /** Exchanges that are meant to show a violation (negative controls), left out of the clean count. */
  const expectedBad = new Set<Exchange>();

  const viaProxy = (p: PrismInstance, o: { secretKey?: string; apiVersion?: string } = {}) =>
    new ClerkClient({
      secretKey: o.secretKey ?? server.secretKey,
      apiUrl: p.url, // the spec's paths have no /v1: Prism forwards /instance to <upstream>/instance = server/v1/instance
      apiVersion: o.apiVersion ?? '2026-05-12',
      fetch: recordingFetch(log),
      retryBaseMs: 10,
    });

  /** A raw call through a proxy (for the operations ClerkClient does not have), recorded like the client's. */
  const raw = async (p: PrismInstance, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${server.secretKey}`, 'Clerk-API-Version': '2026-05-12' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await recordingFetch(log)(`${p.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  const assertClean = (from: number) => {
    const bad = log.slice(from).filter((x) => x.violations.length && !expectedBad.has(x));
    assert.deepEqual(
      bad.map(
        (x) => `${x.method} ${x.url} → ${x.status}: ${x.violations.map((v) => `${(v.location ?? []).join('.')} ${v.message}`).join('; ')}`,
      ),
      [],
    );
  };

  before(async function () {
    server = await startClerkServer({ seed: 5 });
    [proxy, proxy2024, mock] = await Promise.all([
      startPrism({ mode: 'proxy', spec: specPath('2026-05-12'), upstream: server.url }),
      startPrism({ mode: 'proxy', spec: specPath('2024-10-01'), upstream: server.url }),
      startPrism({ mode: 'mock', spec: specPath('2026-05-12') }),
    ]);
  });
  after(async () => {
    await Promise.all([proxy?.stop(), proxy2024?.stop(), mock?.stop()]);
    await server?.stop();
    const clean = log.filter((x) => !x.violations.length).length;
    const bad = log.filter((x) => x.violations.length && !expectedBad.has(x)).length;
    console.log(
      `      ${clean} requests through the validating proxy, ${bad} violations (${expectedBad.size} planted negative controls caught)`,
    );
  });
  beforeEach(() => {
    server.controls.reset();
    clearJwksCache();
  });

  describe('through the validating proxy (2026-05-12)', () => {
    it('every read operation conforms', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      const inst = await c.getInstance();
      assert.equal(inst.object, 'instance');
      const users = await c.listUsers();
      assert.equal(users.length, 20);
      await c.listUsers({ limit: 5, offset: 5, orderBy: '-created_at' });
      await c.listUsers({ query: users[0].email_addresses[0]?.email_address ?? users[0].id, orderBy: '+last_sign_in_at' });
      assert.equal(await c.countUsers(), server.data.users.length);
      await c.countUsers({ query: 'a' });
      for (const u of users.slice(0, 5)) await c.getUser(u.id);
      for (const u of users.slice(0, 8)) {
        const page = await c.listSessions({ userId: u.id, limit: 10, offset: 0 });
        for (const s of page.data.slice(0, 2)) await c.getSession(s.id);
      }
      const any = server.data.sessions[0];
      await c.listSessions({ clientId: any.client_id });
      for (const status of ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced'] as const) {
        await c.listSessions({ userId: any.user_id, status });
      }
      const templates = await c.listJwtTemplates();
      assert.ok(templates.length > 0);
      const jwks = await c.getJwks();
      assert.ok(jwks.keys.length > 0);
      assert.ok((await c.getJwkForKid('kid_not_there')) === undefined);
      assertClean(from);
      assert.ok(log.length - from >= 30, `${log.length - from} requests`);
    });

    it('minting and revoking conform, and minted tokens verify against the proxied JWKS', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      const actives = server.data.sessions.filter((s) => s.status === 'active').slice(0, 4);
      const jwks = await c.getJwks();
      for (const s of actives) {
        const t = await c.createSessionToken(s.id);
        const d = decodeToken(t.jwt);
        assert.ok(d.ok, t.jwt.slice(0, 20));
        const v = await verdict(d, jwks);
        assert.equal(v.accepted, true, v.sentence);
        assert.ok(d.ok && sessionMatch(d, s).every((m) => m.pass));
        await c.createSessionToken(s.id, { expiresInSeconds: 300 });
      }
      for (const t of server.data.jwtTemplates) await c.createSessionToken(actives[0].id, { template: t.name });
      await c.createSessionToken(actives[0].id, { template: server.data.jwtTemplates[0].name, expiresInSeconds: 30 });
      const revoked = await c.revokeSession(actives[3].id);
      assert.equal(revoked.status, 'revoked');
      assertClean(from);
    });

    it('pending sessions with tasks, organizations, memberships, POST /sessions and actor tokens conform', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      const pending = server.data.sessions.filter((s) => s.status === 'pending');
      assert.ok(pending.length > 0);
      for (const s of pending.slice(0, 3)) {
        const got = await c.getSession(s.id);
        assert.deepEqual((got as unknown as { tasks: unknown }).tasks, [{ key: 'choose-organization' }]);
        await c.listSessions({ userId: s.user_id });
        await c.createSessionToken(s.id);
      }
      const members = [...new Set(server.data.memberships.map((m) => m.user_id))].slice(0, 5);
      for (const uid of members) {
        const r = await raw(proxy, 'GET', `/users/${uid}/organization_memberships?limit=10&offset=0`);
        assert.equal(r.status, 200);
        assert.ok(r.body.total_count >= 1);
      }
      assert.equal((await raw(proxy, 'GET', '/users/user_nobody/organization_memberships')).body.total_count, 0);
      for (const o of server.data.organizations) {
        assert.equal((await raw(proxy, 'GET', `/organizations/${o.id}`)).status, 200);
        assert.equal((await raw(proxy, 'GET', `/organizations/${o.slug}?include_members_count=true`)).status, 200);
      }
      assert.equal((await raw(proxy, 'GET', '/organizations/org_nope')).status, 404);
      const org = server.data.organizations[0];
      const admin = server.data.memberships.find((m) => m.organization_id === org.id)!;
      const created = await raw(proxy, 'POST', '/sessions', { user_id: admin.user_id, active_organization_id: org.id });
      assert.equal(created.status, 200);
      assert.equal(created.body.last_active_organization_id, org.id);
      await c.createSessionToken(created.body.id);
      assert.equal((await raw(proxy, 'POST', '/sessions', { user_id: 'user_nope' })).status, 404);
      const outsider = server.data.users.find((u) => !server.data.memberships.some((m) => m.user_id === u.id))!;
      assert.equal((await raw(proxy, 'POST', '/sessions', { user_id: outsider.id, active_organization_id: org.id })).status, 422);
      const t = await raw(proxy, 'POST', '/actor_tokens', { user_id: outsider.id, actor: { sub: admin.user_id }, expires_in_seconds: 600 });
      assert.equal(t.status, 200);
      assert.equal(t.body.status, 'pending');
      assert.equal((await raw(proxy, 'POST', '/actor_tokens', { user_id: 'user_nope', actor: { sub: admin.user_id } })).status, 422);
      assert.equal((await raw(proxy, 'POST', `/actor_tokens/${t.body.id}/revoke`)).body.status, 'revoked');
      assert.equal((await raw(proxy, 'POST', `/actor_tokens/${t.body.id}/revoke`)).status, 400);
      assert.equal((await raw(proxy, 'POST', '/actor_tokens/act_nope/revoke')).status, 404);
      assertClean(from);
    });

    it('machine-token verify, testing tokens, sign-in tokens and domains conform (answers and errors)', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      const m = server.machineTokens;
      assert.equal((await c.verifyApiKey(m.apiKeys.valid.secret)).id, m.apiKeys.valid.record.id);
      assert.equal((await c.verifyM2mToken(m.m2mTokens.valid.secret)).id, m.m2mTokens.valid.record.id);
      assert.equal(((await c.verifyOAuthAccessToken(m.oauthTokens.valid.secret)) as { id: string }).id, m.oauthTokens.valid.record.id);
      assert.equal(((await c.verifyOAuthAccessToken(m.oauthJwts.valid)) as { id: string }).id, m.oauthJwtRecord.id);
      assert.deepEqual(await c.verifyOAuthAccessToken(m.oauthJwts.expired), { active: false });
      const is404 = (e: unknown) => e instanceof ClerkApiError && e.status === 404;
      for (const state of ['revoked', 'expired'] as const) {
        await assert.rejects(c.verifyApiKey(m.apiKeys[state].secret), is404);
        await assert.rejects(c.verifyM2mToken(m.m2mTokens[state].secret), is404);
        await assert.rejects(c.verifyOAuthAccessToken(m.oauthTokens[state].secret), is404);
      }
      await assert.rejects(c.verifyApiKey('ak_FAKEunknown'), is404);
      server.controls.inactiveMachineTokens('flagged');
      assert.equal((await c.verifyApiKey(m.apiKeys.revoked.secret)).revoked, true);
      assert.equal((await c.verifyM2mToken(m.m2mTokens.expired.secret)).expired, true);
      assert.equal(((await c.verifyOAuthAccessToken(m.oauthTokens.revoked.secret)) as { revoked: boolean }).revoked, true);
      server.controls.inactiveMachineTokens('notFound');
      // a wrong secret key: 401 as on every operation (what @clerk/backend reads as an invalid secret key); the spec
      // lists no 401 for the verify operations, so this one call goes to the server directly, not through the proxy
      const wrong = new ClerkClient({ secretKey: makeTestSecretKey(), apiUrl: server.url, retryBaseMs: 10 });
      await assert.rejects(wrong.verifyApiKey(m.apiKeys.valid.secret), (e: unknown) => e instanceof ClerkApiError && e.status === 401);
      const t = await c.createTestingToken();
      assert.equal(typeof t.token, 'string');
      const user = server.data.sessions.find((s) => s.status === 'active')!.user_id;
      const sit = await c.createSignInToken({ userId: user, expiresInSeconds: 600 });
      const member = server.data.memberships[0];
      await c.createSignInToken({ userId: member.user_id, organizationId: member.organization_id });
      await assert.rejects(c.createSignInToken({ userId: 'user_nothere' }), is404);
      assert.equal((await c.revokeSignInToken(sit.id)).status, 'revoked');
      await assert.rejects(c.revokeSignInToken(sit.id), (e: unknown) => e instanceof ClerkApiError && e.status === 400);
      await assert.rejects(c.revokeSignInToken('sit_nothere'), is404);
      const domains = await raw(proxy, 'GET', '/domains');
      assert.equal(domains.body.data[0].frontend_api_url, server.issuer);
      assertClean(from);
    });

    it('hostile users, sessions and template names conform and mint', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      for (const h of HOSTILE_USERS) {
        const found = await c.listUsers({ query: h.email });
        assert.deepEqual(
          found.map((u) => u.id),
          [h.id],
        );
        await c.getUser(h.id);
        const page = await c.listSessions({ userId: h.id, status: 'active' });
        assert.ok(page.data.some((s) => s.id === h.sessionId));
      }
      const ua = await c.getSession(HOSTILE.sessions.sessionId);
      assert.equal(ua.latest_activity?.browser_name, HOSTILE.browserName);
      assert.equal((await c.getSession(HOSTILE.sessions.citySessionId)).latest_activity?.city, HOSTILE.city);
      assert.ok((await c.listJwtTemplates()).some((t) => t.name === HOSTILE.templateName));
      await c.createSessionToken(HOSTILE.commandLink.sessionId, { template: HOSTILE.templateName });
      assertClean(from);
    });

    it('error answers conform: 404, 401, and the client reads them', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      await assert.rejects(
        c.getSession('sess_missing'),
        (e: unknown) => e instanceof ClerkApiError && e.status === 404 && e.code === 'resource_not_found',
      );
      await assert.rejects(c.getUser('user_missing'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      await assert.rejects(c.revokeSession('sess_missing'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      await assert.rejects(c.createSessionToken('sess_missing'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      const wrong = viaProxy(proxy, { secretKey: makeTestSecretKey() });
      await assert.rejects(
        wrong.getSession('sess_x'),
        (e: unknown) => e instanceof ClerkApiError && e.status === 401 && e.code === 'authentication_invalid',
      );
      await assert.rejects(wrong.listUsers(), (e: unknown) => e instanceof ClerkApiError && e.status === 401);
      assertClean(from);
    });

    it('path-unsafe ids reach the server as one encoded segment and conform', async () => {
      const from = log.length;
      const c = viaProxy(proxy);
      server.resetLog();
      await assert.rejects(c.getSession('../users'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      await assert.rejects(c.getUser('a/b'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ['/v1/sessions/..%2Fusers', '/v1/users/a%2Fb'],
      );
      assertClean(from);
    });

    it('negative control: the proxy does catch a response that breaks the spec', async () => {
      // {data, total_count} is what the live API answers for paginated=true, but the spec says a bare array.
      server.controls.paginatedShape('object');
      const before = log.length;
      const c = viaProxy(proxy);
      const s = server.data.sessions[0];
      await assert.rejects(c.listSessions({ userId: s.user_id }), (e: unknown) => e instanceof ClerkApiError && e.status === 500);
      const x = log[before];
      assert.ok(
        x.violations.some((v) => (v.location ?? []).includes('response')),
        JSON.stringify(x.violations),
      );
      expectedBad.add(x);
    });

    it('negative control: the proxy does catch a request that breaks the spec', async () => {
      const res = await fetch(`${proxy.url}/sessions?user_id=u&status=bogus&limit=9999`, {
        headers: { Authorization: `Bearer ${server.secretKey}` },
      });
      const text = await res.text();
      const v = violationsOf(res.status, res.headers, text);
      assert.equal(res.status, 422);
      assert.ok(v.some((x) => (x.location ?? []).join('.') === 'query.status'));
      assert.ok(v.some((x) => (x.location ?? []).join('.') === 'query.limit'));
      const entry: Exchange = { method: 'GET', url: res.url, status: res.status, violations: v };
      log.push(entry);
      expectedBad.add(entry);
    });
  });

  describe('the deprecated verify endpoint (2024-10-01 proxy)', () => {
    it('verify, and its 410 / 404 answers, conform', async () => {
      const from = log.length;
      const c = viaProxy(proxy2024, { apiVersion: '2024-10-01' });
      // `pending` and `tasks` are newer than the 2024-10-01 Session schema: a user without pending sessions
      const s = server.data.sessions.find(
        (x) => x.status === 'active' && !server.data.sessions.some((y) => y.user_id === x.user_id && y.status === 'pending'),
      )!;
      const { jwt } = await c.createSessionToken(s.id);
      const v = await c.verifySession(s.id, jwt);
      assert.equal(v.id, s.id);
      await assert.rejects(c.verifySession(s.id, 'not.a.token'), (e: unknown) => e instanceof ClerkApiError && e.status === 400);
      server.controls.verifyEndpoint('gone');
      await assert.rejects(c.verifySession(s.id, jwt), (e: unknown) => e instanceof ClerkApiError && e.status === 410);
      server.controls.verifyEndpoint('missing');
      await assert.rejects(c.verifySession(s.id, jwt), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
      // the rest of the client against the older contract
      await c.getInstance();
      await c.getSession(s.id);
      await c.listSessions({ userId: s.user_id });
      await c.getJwks();
      assertClean(from);
    });
  });

  describe("the spec's error bodies at the client (prism mock, Prefer: code=…)", () => {
    const viaMock = (prefer: string) =>
      new ClerkClient({
        secretKey: makeTestSecretKey(),
        apiUrl: mock.url,
        fetch: recordingFetch([], { Prefer: prefer }),
        retryBaseMs: 10,
        maxServerErrorRetries: 0,
      });

    const cases: Array<[string, number, (c: ClerkClient) => Promise<unknown>, RegExp]> = [
      [
        'code=401',
        401,
        (c) => c.getSession('sess_1'),
        /^Clerk rejected the secret key \(401 .+\)\. Check the key in Clerk Dashboard → API keys\.$/,
      ],
      ['code=404', 404, (c) => c.getUser('user_1'), /^Clerk has no user 'user_1' \(404 .+\)/],
      ['code=400', 400, (c) => c.revokeSession('sess_1'), /^Clerk rejected the request \(400 .+\)/],
      ['code=422', 422, (c) => c.listSessions({ userId: 'user_1' }), /^Clerk rejected the request \(422 .+\)/],
      [
        'code=404',
        404,
        (c) => c.createSessionToken('sess_1', { template: 'hasura' }),
        /^Clerk has no session 'sess_1' or JWT template 'hasura' \(404 .+\)/,
      ],
      ['code=401', 401, (c) => c.createSessionToken('sess_1'), /^Clerk rejected the secret key/],
      ['code=400', 400, (c) => c.listUsers(), /^Clerk rejected the request \(400 .+\)/],
    ];
    for (const [prefer, status, call, message] of cases) {
      it(`${prefer} → ClerkApiError ${status} with a readable message`, async () => {
        await assert.rejects(call(viaMock(prefer)), (e: unknown) => {
          assert.ok(e instanceof ClerkApiError, String(e));
          assert.equal(e.status, status);
          assert.ok(e.errors.length >= 1, 'the spec body was parsed');
          assert.match(e.message, message);
          return true;
        });
      });
    }

    it('the mock validates our requests: a well-formed call is not rejected as 422 by Prism', async () => {
      // Prism checks the request before it honours Prefer; a bad request would come back 422 + problem+json.
      const seen: Exchange[] = [];
      const c404 = new ClerkClient({
        secretKey: makeTestSecretKey(),
        apiUrl: mock.url,
        fetch: recordingFetch(seen, { Prefer: 'code=404' }),
      });
      const c422 = new ClerkClient({
        secretKey: makeTestSecretKey(),
        apiUrl: mock.url,
        fetch: recordingFetch(seen, { Prefer: 'code=422' }),
      });
      await assert.rejects(c404.getSession('sess_1'), ClerkError);
      await assert.rejects(c404.createSessionToken('sess_1', { expiresInSeconds: 60 }), ClerkError);
      await assert.rejects(c404.createSessionToken('sess_1', { template: 'hasura', expiresInSeconds: 3600 }), ClerkError);
      await assert.rejects(c422.listSessions({ userId: 'user_1', status: 'active', limit: 5, offset: 0 }), ClerkError);
      await assert.rejects(c422.listUsers({ query: 'ada', limit: 500, offset: 20 }), ClerkError);
      assert.deepEqual(
        seen.map((x) => x.status),
        [404, 404, 404, 422, 422],
      );
      assert.ok(
        seen.every((x) => x.violations.length === 0),
        JSON.stringify(seen),
      );
    });
  });
});
