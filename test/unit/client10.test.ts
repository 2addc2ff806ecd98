// ClerkClient's user-level operations against the real local Clerk server over HTTP: POST /sessions (test sessions),
// POST /actor_tokens and its revoke (impersonation), GET /users/{id}/organization_memberships. Argument checks send
// nothing; answers are checked; a POST is never retried after a 5xx.
import * as assert from 'node:assert/strict';
import nodeFetch from 'node-fetch';
import { ClerkClient, clearJwksCache, type ClerkClientOptions, type FetchLike } from '../../src/clerk/client';
import { ClerkApiError, ClerkInputError, ClerkResponseError } from '../../src/clerk/errors';
import { decodeJwt } from '../../src/clerk/tokens';
import { makeTestSecretKey, startClerkServer, type ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

describe('ClerkClient: test sessions, actor tokens, organization memberships', function () {
  let server: ClerkServer;
  const mk = (o: Partial<ClerkClientOptions> = {}): ClerkClient =>
    new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, retryBaseMs: 20, ...o });
  const someUser = () => server.data.users[3];
  const bodies: unknown[] = [];
  /** The real fetch, recording each JSON body sent. */
  const recording: FetchLike = (url, init) => {
    if (init.body !== undefined) bodies.push(JSON.parse(init.body));
    return nodeFetch(url, init);
  };

  clerkServerSuite(
    { seed: 7 },
    {
      ready: (s) => (server = s),
      each: () => {
        clearJwksCache();
        bodies.length = 0;
      },
    },
  );

  describe('createSession', () => {
    it('creates an active session for the user with one POST /sessions carrying only user_id', async () => {
      const u = someUser();
      const before = server.data.sessions.length;
      const s = await mk({ fetch: recording }).createSession({ userId: u.id });
      assert.equal(s.user_id, u.id);
      assert.equal(s.status, 'active');
      assert.match(s.id, /^sess_/);
      assert.equal(server.data.sessions.length, before + 1);
      assert.equal(server.data.sessions.find((x) => x.id === s.id)?.user_id, u.id, 'the server holds the new session');
      assert.deepEqual(
        server.requests.map((r) => r.route),
        ['POST /v1/sessions'],
      );
      assert.deepEqual(bodies, [{ user_id: u.id }]);
    });

    it('sets the active organization when given one the user is a member of', async () => {
      const m = server.data.memberships[0];
      const s = await mk({ fetch: recording }).createSession({ userId: m.user_id, activeOrganizationId: m.organization_id });
      assert.equal(s.last_active_organization_id, m.organization_id);
      assert.deepEqual(bodies, [{ user_id: m.user_id, active_organization_id: m.organization_id }]);
    });

    it('refuses an empty or broken user id before any request', async () => {
      for (const bad of ['', '  ', '..', 'user_\u0000x']) {
        await assert.rejects(mk().createSession({ userId: bad }), ClerkInputError, JSON.stringify(bad));
      }
      assert.equal(server.requests.length, 0);
    });

    it('an unknown user is a 404 that names the user', async () => {
      const err = await mk()
        .createSession({ userId: 'user_doesnotexist' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof ClerkApiError);
      assert.equal(err.status, 404);
      assert.match(err.message, /user 'user_doesnotexist'/);
    });

    it('is refused by a production instance (sk_live_), as the spec says', async () => {
      const live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 3, hostile: false });
      try {
        const c = new ClerkClient({ secretKey: live.secretKey, apiUrl: live.url });
        const err = await c.createSession({ userId: live.data.users[0].id }).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(err instanceof ClerkApiError);
        assert.equal(err.status, 400);
        assert.equal(err.code, 'operation_not_allowed_on_production_instance');
        assert.equal(live.count('POST /v1/sessions'), 1);
      } finally {
        await live.stop();
      }
    });

    it('is not retried after a 503 (a POST), but is after a 429', async () => {
      server.controls.failNext(1, 503, { route: 'POST /v1/sessions' });
      await assert.rejects(mk().createSession({ userId: someUser().id }), (e: unknown) => e instanceof ClerkApiError && e.status === 503);
      assert.equal(server.count('POST /v1/sessions'), 1);
      server.resetLog();
      server.controls.failNext(1, 429, { route: 'POST /v1/sessions', retryAfter: 0 });
      const s = await mk().createSession({ userId: someUser().id });
      assert.equal(s.status, 'active');
      assert.equal(server.count('POST /v1/sessions'), 2);
    });

    it('refuses an answer that is not a session', async () => {
      const broken: FetchLike = async () => ({
        status: 200,
        headers: { get: (n: string) => (n === 'content-type' ? 'application/json' : null) },
        text: async () => JSON.stringify({ object: 'session', id: 'sess_1' }),
      });
      await assert.rejects(mk({ fetch: broken }).createSession({ userId: 'user_1' }), ClerkResponseError);
    });
  });

  describe('actor tokens', () => {
    it('creates an actor token: a one-time URL, the actor as given, the lifetime asked for', async () => {
      const [target, actor] = [server.data.users[1], server.data.users[2]];
      const t = await mk({ fetch: recording }).createActorToken({ userId: target.id, actor: { sub: actor.id }, expiresInSeconds: 600 });
      assert.equal(t.status, 'pending');
      assert.equal(t.user_id, target.id);
      assert.deepEqual(t.actor, { sub: actor.id });
      assert.equal(typeof t.url, 'string');
      assert.ok(t.url!.includes(t.token!), 'the URL carries the ticket');
      const claims = decodeJwt(t.token!).payload;
      assert.equal((claims.exp as number) - (claims.iat as number), 600);
      assert.equal(server.actorTokens[server.actorTokens.length - 1].id, t.id);
      assert.deepEqual(bodies, [{ user_id: target.id, actor: { sub: actor.id }, expires_in_seconds: 600 }]);
    });

    it('refuses a missing actor, an empty actor id or a bad lifetime before any request', async () => {
      const userId = someUser().id;
      const c = mk();
      await assert.rejects(c.createActorToken({ userId, actor: { sub: '' } }), ClerkInputError);
      await assert.rejects(c.createActorToken({ userId, actor: undefined as never }), ClerkInputError);
      await assert.rejects(c.createActorToken({ userId: '', actor: { sub: 'user_x' } }), ClerkInputError);
      await assert.rejects(c.createActorToken({ userId, actor: { sub: 'user_x' }, expiresInSeconds: 0 }), ClerkInputError);
      await assert.rejects(c.createActorToken({ userId, actor: { sub: 'user_x' }, sessionMaxDurationInSeconds: 1.5 }), ClerkInputError);
      assert.equal(server.requests.length, 0);
    });

    it("revokes a pending actor token once; a second revoke is the server's 400, sent once", async () => {
      const c = mk();
      const t = await c.createActorToken({ userId: server.data.users[1].id, actor: { sub: server.data.users[2].id } });
      const r = await c.revokeActorToken(t.id);
      assert.equal(r.id, t.id);
      assert.equal(r.status, 'revoked');
      assert.equal(server.actorTokens.find((x) => x.id === t.id)?.status, 'revoked');
      server.resetLog();
      const err = await c.revokeActorToken(t.id).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ClerkApiError);
      assert.equal(err.status, 400);
      assert.equal(err.code, 'actor_token_cannot_be_revoked');
      assert.equal(server.count('POST /v1/actor_tokens/{actor_token_id}/revoke'), 1);
    });

    it('an unknown actor token is a 404 naming it; a path-breaking id is refused before any request', async () => {
      const err = await mk()
        .revokeActorToken('act_nope')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof ClerkApiError);
      assert.equal(err.status, 404);
      assert.match(err.message, /actor token 'act_nope'/);
      server.resetLog();
      await assert.rejects(mk().revokeActorToken('..'), ClerkInputError);
      assert.equal(server.requests.length, 0);
    });

    it('refuses an actor token whose url is not a string', async () => {
      const broken: FetchLike = async () => ({
        status: 200,
        headers: { get: (n: string) => (n === 'content-type' ? 'application/json' : null) },
        text: async () =>
          JSON.stringify({ object: 'actor_token', id: 'act_1', status: 'pending', user_id: 'u', actor: {}, created_at: 1, url: 5 }),
      });
      await assert.rejects(mk({ fetch: broken }).createActorToken({ userId: 'user_1', actor: { sub: 'user_2' } }), /url/);
    });
  });

  describe('listOrganizationMemberships', () => {
    const memberOfMost = () => {
      const counts = new Map<string, number>();
      for (const m of server.data.memberships) counts.set(m.user_id, (counts.get(m.user_id) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    };

    it("lists a user's memberships with their organizations and the total, in one request", async () => {
      const [userId, n] = memberOfMost();
      const page = await mk().listOrganizationMemberships(userId);
      assert.equal(page.total_count, n);
      assert.equal(page.data.length, Math.min(n, 10));
      const expected = server.data.memberships.filter((m) => m.user_id === userId);
      for (const m of page.data) {
        assert.equal(m.object, 'organization_membership');
        assert.match(m.role, /^org:/);
        const e = expected.find((x) => x.id === m.id);
        assert.ok(e, `membership ${m.id} belongs to the user`);
        assert.equal(m.organization.id, e.organization_id);
        assert.equal(typeof m.organization.name, 'string');
      }
      assert.deepEqual(
        server.requests.map((r) => `${r.route}${r.search}`),
        [`GET /v1/users/{user_id}/organization_memberships?limit=10&offset=0`],
      );
    });

    it('pages with limit and offset', async () => {
      const [userId, n] = memberOfMost();
      assert.ok(n >= 2, 'the seed has a user with two memberships');
      const c = mk();
      const first = await c.listOrganizationMemberships(userId, { limit: 1 });
      const second = await c.listOrganizationMemberships(userId, { limit: 1, offset: 1 });
      assert.equal(first.data.length, 1);
      assert.equal(second.data.length, 1);
      assert.notEqual(first.data[0].id, second.data[0].id);
      assert.equal(server.requests[1].search, '?limit=1&offset=1');
    });

    it('a user without memberships has an empty list and a total of 0', async () => {
      const lonely = server.data.users.find((u) => !server.data.memberships.some((m) => m.user_id === u.id));
      assert.ok(lonely, 'the seed has a user without memberships');
      assert.deepEqual(await mk().listOrganizationMemberships(lonely.id), { data: [], total_count: 0 });
    });

    it('refuses bad arguments before any request, and an answer without organizations or total', async () => {
      await assert.rejects(mk().listOrganizationMemberships(''), ClerkInputError);
      await assert.rejects(mk().listOrganizationMemberships('user_1', { limit: 0 }), ClerkInputError);
      await assert.rejects(mk().listOrganizationMemberships('user_1', { offset: -1 }), ClerkInputError);
      assert.equal(server.requests.length, 0);
      const answer =
        (body: unknown): FetchLike =>
        async () => ({
          status: 200,
          headers: { get: (h: string) => (h === 'content-type' ? 'application/json' : null) },
          text: async () => JSON.stringify(body),
        });
      const m = { object: 'organization_membership', id: 'orgmem_1', role: 'org:admin', created_at: 1 };
      await assert.rejects(mk({ fetch: answer({ data: [m], total_count: 1 }) }).listOrganizationMemberships('user_1'), /organization/);
      await assert.rejects(mk({ fetch: answer([]) }).listOrganizationMemberships('user_1'), ClerkResponseError);
      await assert.rejects(
        mk({ fetch: answer({ data: [{ ...m, organization: { id: 'org_1', name: 'A' } }] }) }).listOrganizationMemberships('user_1'),
        /total_count/,
      );
    });
  });
});
