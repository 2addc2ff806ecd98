// The local Clerk-compatible server: the API surface, the fixtures, the signing key and every fault control.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ISSUER, makeTestSecretKey, startClerkServer, type ClerkServer, type Session, type User } from '../server/server';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('local Clerk server', function () {
  this.timeout(20_000);
  let srv: ClerkServer;
  const auth = () => ({ Authorization: `Bearer ${srv.secretKey}` });
  const get = (path: string, headers: Record<string, string> = auth()) => fetch(srv.url + path, { headers });
  const post = (path: string, body?: unknown, headers: Record<string, string> = auth()) =>
    fetch(srv.url + path, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async (r: Response): Promise<Json> => JSON.parse(await r.text());
  const assertClerkError = (body: Json, code: string) => {
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0, JSON.stringify(body));
    const e = body.errors[0];
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.long_message, 'string');
    assert.equal(e.code, code);
    assert.match(body.clerk_trace_id, /^[0-9a-f]{32}$/);
  };
  const activeSession = (): Session => srv.data.sessions.find((s) => s.status === 'active')!;

  before(async () => {
    srv = await startClerkServer({ seed: 7 });
  });
  after(async () => {
    await srv.stop();
  });
  beforeEach(() => {
    srv.controls.reset();
    srv.resetLog();
  });

  describe('keys and auth', () => {
    it('makes obviously fake keys', () => {
      assert.match(makeTestSecretKey(), /^sk_test_FAKE[0-9a-f]{40}$/);
      assert.match(makeTestSecretKey('live'), /^sk_live_FAKE[0-9a-f]{40}$/);
      assert.match(srv.secretKey, /^sk_test_FAKE/);
      assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.equal(srv.url, `${srv.origin}/v1`);
    });

    it('401 without a key, with a wrong key, with a malformed header', async () => {
      let r = await get('/users', {});
      assert.equal(r.status, 401);
      assert.match(r.headers.get('content-type')!, /^application\/json/);
      assertClerkError(await json(r), 'authentication_invalid');
      r = await get('/users', { Authorization: 'Bearer sk_test_FAKEnotthekey' });
      assert.equal(r.status, 401);
      assertClerkError(await json(r), 'authentication_invalid');
      r = await get('/sessions/sess_x', { Authorization: srv.secretKey });
      assert.equal(r.status, 401);
      assertClerkError(await json(r), 'authorization_header_format_invalid');
    });

    it('instance: development for sk_test, production for sk_live', async () => {
      const body = await json(await get('/instance'));
      assert.equal(body.object, 'instance');
      assert.match(body.id, /^ins_/);
      assert.equal(body.environment_type, 'development');
      assert.ok('allowed_origins' in body && 'workspace_id' in body);
      const live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 3 });
      try {
        const r = await fetch(`${live.url}/instance`, { headers: { Authorization: `Bearer ${live.secretKey}` } });
        assert.equal((await json(r)).environment_type, 'production');
      } finally {
        await live.stop();
      }
    });

    it('unknown routes are 404 ClerkErrors', async () => {
      const r = await get('/nothing/here');
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
    });
  });

  describe('fixtures', () => {
    it('are deterministic for a seed and varied', async () => {
      const other = await startClerkServer({ seed: 7, users: 60 });
      try {
        assert.deepEqual(other.data.users.map((u) => u.id), srv.data.users.map((u) => u.id));
        assert.deepEqual(other.data.sessions.map((s) => s.status), srv.data.sessions.map((s) => s.status));
      } finally {
        await other.stop();
      }
      const users = srv.data.users;
      assert.equal(users.length, 60);
      assert.ok(users.some((u) => u.first_name === null && u.last_name === null), 'a user without a name');
      assert.ok(users.some((u) => u.email_addresses.length > 1), 'a user with several emails');
      assert.ok(users.some((u) => u.primary_email_address_id === null), 'a user without email');
      assert.ok(users.some((u) => u.banned));
      assert.ok(users.some((u) => `${u.first_name} ${u.last_name}`.length > 80), 'a very long name');
      assert.ok(users.some((u) => u.username !== null) && users.some((u) => u.username === null));
      assert.ok(users.some((u) => u.last_active_at === null));
      for (const u of users) {
        if (u.primary_email_address_id) assert.ok(u.email_addresses.some((e) => e.id === u.primary_email_address_id));
        assert.match(u.id, /^user_[0-9A-Za-z]{27}$/);
      }
      const statuses = new Set(srv.data.sessions.map((s) => s.status));
      for (const s of ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending']) assert.ok(statuses.has(s as never), s);
      assert.ok(srv.data.sessions.some((s) => s.actor !== null && typeof s.actor.sub === 'string'), 'an impersonated session');
      assert.equal(srv.data.jwtTemplates.length, 3);
    });

    it('the most recently active users have several active sessions', async () => {
      const top: User[] = await json(await get('/users?order_by=-last_active_at&limit=3'));
      for (const u of top) {
        const sessions: Session[] = await json(await get(`/sessions?user_id=${u.id}&status=active`));
        assert.ok(sessions.length >= 2, `${u.id} has ${sessions.length} active sessions`);
        for (const s of sessions) assert.ok(s.latest_activity === undefined || typeof s.latest_activity.is_mobile === 'boolean');
      }
    });
  });

  describe('users', () => {
    it('lists newest first by default, 10 per page', async () => {
      const list: User[] = await json(await get('/users'));
      assert.equal(list.length, 10);
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.created_at >= list[i]!.created_at);
      assert.equal(list[0]!.object, 'user');
    });

    it('orders by -last_active_at / +created_at with nulls last, limit and offset', async () => {
      const all: User[] = await json(await get('/users?order_by=-last_active_at&limit=500'));
      assert.equal(all.length, 60);
      const times = all.map((u) => u.last_active_at);
      const firstNull = times.indexOf(null);
      assert.ok(firstNull > 0 && times.slice(firstNull).every((t) => t === null));
      for (let i = 1; i < firstNull; i++) assert.ok(times[i - 1]! >= times[i]!);
      const page: User[] = await json(await get('/users?order_by=-last_active_at&limit=7&offset=7'));
      assert.deepEqual(page.map((u) => u.id), all.slice(7, 14).map((u) => u.id));
      const asc: User[] = await json(await get('/users?order_by=%2Bcreated_at&limit=5'));
      for (let i = 1; i < asc.length; i++) assert.ok(asc[i - 1]!.created_at <= asc[i]!.created_at);
      const byName: User[] = await json(await get('/users?order_by=first_name&limit=500'));
      assert.ok(byName[byName.length - 1]!.first_name === null);
    });

    it('filters by query (email, name, id), email_address[], user_id[], username[]', async () => {
      const target = srv.data.users.find((u) => u.email_addresses.length > 0 && u.username !== null && u.first_name !== null)!;
      const email = target.email_addresses[0]!.email_address;
      const byEmail: User[] = await json(await get(`/users?query=${encodeURIComponent(email.toUpperCase())}`));
      assert.ok(byEmail.some((u) => u.id === target.id));
      const byId: User[] = await json(await get(`/users?query=${target.id.slice(5, 20)}`));
      assert.deepEqual(byId.map((u) => u.id), [target.id]);
      const byName: User[] = await json(await get(`/users?query=${encodeURIComponent(target.first_name!.toLowerCase())}&limit=500`));
      assert.ok(byName.some((u) => u.id === target.id));
      const two = srv.data.users.slice(0, 2).map((u) => u.id);
      const byIds: User[] = await json(await get(`/users?user_id=${two[0]}&user_id[]=${two[1]}`));
      assert.deepEqual(new Set(byIds.map((u) => u.id)), new Set(two));
      const byEmails: User[] = await json(await get(`/users?email_address=${encodeURIComponent(email)}`));
      assert.deepEqual(byEmails.map((u) => u.id), [target.id]);
      const byUsername: User[] = await json(await get(`/users?username=${target.username}`));
      assert.deepEqual(byUsername.map((u) => u.id), [target.id]);
      assert.deepEqual(await json(await get('/users?query=zzzz-nobody')), []);
    });

    it('count and get one; 404 for an unknown id', async () => {
      assert.deepEqual(await json(await get('/users/count')), { object: 'total_count', total_count: 60 });
      const banned = await json(await get('/users/count?banned=true'));
      assert.equal(banned.total_count, srv.data.users.filter((u) => u.banned).length);
      const u = srv.data.users[3]!;
      assert.deepEqual(await json(await get(`/users/${u.id}`)), u);
      const r = await get('/users/user_doesnotexist');
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
    });

    it('422 for limit outside 1..500, bad offset or order_by', async () => {
      for (const q of ['limit=0', 'limit=501', 'offset=-1', 'limit=abc', 'order_by=-password']) {
        const r = await get(`/users?${q}`);
        assert.equal(r.status, 422, q);
        const body = await json(r);
        assert.match(body.errors[0].code, /^form_param_(value|format)_invalid$/);
      }
    });
  });

  describe('sessions', () => {
    const richUser = () => {
      const counts = new Map<string, number>();
      for (const s of srv.data.sessions) counts.set(s.user_id, (counts.get(s.user_id) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    };

    it('lists by user_id (newest first) and by client_id, bare array', async () => {
      const uid = richUser();
      const list: Session[] = await json(await get(`/sessions?user_id=${uid}`));
      const expected = srv.data.sessions.filter((s) => s.user_id === uid);
      assert.equal(list.length, expected.length);
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.created_at >= list[i]!.created_at);
      const byClient: Session[] = await json(await get(`/sessions?client_id=${list[0]!.client_id}`));
      assert.ok(byClient.every((s) => s.client_id === list[0]!.client_id) && byClient.length >= 1);
    });

    it('pages with limit/offset; paginated=true gives a bare array by default, {data,total_count} in object mode', async () => {
      const uid = richUser();
      const all: Session[] = await json(await get(`/sessions?user_id=${uid}`));
      const p1: Session[] = await json(await get(`/sessions?user_id=${uid}&limit=1&offset=1&paginated=true`));
      assert.ok(Array.isArray(p1));
      assert.deepEqual(p1.map((s) => s.id), [all[1]!.id]);
      srv.controls.paginatedShape('object');
      const p2 = await json(await get(`/sessions?user_id=${uid}&limit=2&offset=0&paginated=true`));
      assert.equal(p2.total_count, all.length);
      assert.deepEqual(p2.data.map((s: Session) => s.id), all.slice(0, 2).map((s) => s.id));
      const plain = await json(await get(`/sessions?user_id=${uid}&limit=2`));
      assert.ok(Array.isArray(plain), 'without paginated=true it stays an array');
      const t = await json(await get('/jwt_templates?paginated=true'));
      assert.equal(t.total_count, 3);
    });

    it('filters by status; 422 for a bad status, limit, or neither user_id nor client_id', async () => {
      const revoked = srv.data.sessions.find((s) => s.status === 'revoked')!;
      const list: Session[] = await json(await get(`/sessions?user_id=${revoked.user_id}&status=revoked`));
      assert.ok(list.length >= 1 && list.every((s) => s.status === 'revoked'));
      for (const q of [`user_id=${revoked.user_id}&status=bogus`, `user_id=${revoked.user_id}&status=pending`, `user_id=${revoked.user_id}&limit=0`, `user_id=${revoked.user_id}&limit=501`, '']) {
        const r = await get(`/sessions?${q}`);
        assert.equal(r.status, 422, q);
        const body = await json(r);
        assert.match(body.errors[0].code, /^form_param_/);
      }
    });

    it('gets one, revokes it, 404s unknown ids', async () => {
      const s = srv.data.sessions.filter((x) => x.status === 'active')[3]!;
      const one = await json(await get(`/sessions/${s.id}`));
      assert.equal(one.id, s.id);
      assert.equal(one.object, 'session');
      const r = await post(`/sessions/${s.id}/revoke`);
      assert.equal(r.status, 200);
      assert.equal((await json(r)).status, 'revoked');
      assert.equal((await json(await get(`/sessions/${s.id}`))).status, 'revoked');
      for (const p of ['/sessions/sess_nope']) {
        const nf = await get(p);
        assert.equal(nf.status, 404);
        assertClerkError(await json(nf), 'resource_not_found');
      }
      const nf = await post('/sessions/sess_nope/revoke');
      assert.equal(nf.status, 404);
    });
  });

  describe('tokens, templates, JWKS', () => {
    it('JWKS has the RS256 signing key', async () => {
      const jwks = await json(await get('/jwks'));
      assert.equal(jwks.keys.length, 1);
      const k = jwks.keys[0];
      assert.equal(k.kty, 'RSA');
      assert.equal(k.alg, 'RS256');
      assert.equal(k.use, 'sig');
      assert.match(k.kid, /^ins_local_/);
      assert.ok(k.n && k.e);
      assert.deepEqual(k, srv.publicJwk());
    });

    it('mints a session token that verifies against /jwks', async () => {
      const s = activeSession();
      const r = await post(`/sessions/${s.id}/tokens`);
      assert.equal(r.status, 200);
      const body = await json(r);
      assert.equal(body.object, 'token');
      const jwks = createLocalJWKSet(await json(await get('/jwks')));
      const { payload, protectedHeader } = await jwtVerify(body.jwt, jwks, { issuer: ISSUER });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.sid, s.id);
      assert.equal(payload.sub, s.user_id);
      assert.equal(payload.exp! - payload.iat!, 60);
      assert.ok(payload.nbf! <= payload.iat!);
      assert.equal(typeof payload.azp, 'string');
      const longer = await json(await post(`/sessions/${s.id}/tokens`, { expires_in_seconds: 600 }));
      const p2 = (await jwtVerify(longer.jwt, jwks)).payload;
      assert.equal(p2.exp! - p2.iat!, 600);
    });

    it('mints template tokens with rendered claims and the template lifetime', async () => {
      const s = activeSession();
      const user = srv.data.users.find((u) => u.id === s.user_id)!;
      const jwks = createLocalJWKSet(await json(await get('/jwks')));
      const h = await json(await post(`/sessions/${s.id}/tokens/hasura`, {}));
      const { payload } = await jwtVerify(h.jwt, jwks);
      assert.equal((payload['https://hasura.io/jwt/claims'] as Json)['x-hasura-user-id'], user.id);
      assert.equal(payload.exp! - payload.iat!, 600);
      assert.equal(payload.sid, s.id);
      const sb = await json(await post(`/sessions/${s.id}/tokens/supabase`));
      const sp = (await jwtVerify(sb.jwt, jwks)).payload;
      const primary = user.email_addresses.find((e) => e.id === user.primary_email_address_id)?.email_address ?? null;
      assert.equal(sp.email, primary);
      assert.equal(sp.aud, 'authenticated');
      assert.equal(decodeProtectedHeader(sb.jwt).kid, (srv.publicJwk() as Json).kid);
      const list = await json(await get('/jwt_templates'));
      assert.deepEqual(list.map((t: Json) => t.name).sort(), ['hasura', 'integration-test', 'supabase']);
      for (const t of list) {
        assert.equal(t.object, 'jwt_template');
        assert.equal(t.custom_signing_key, false);
        assert.equal(typeof t.lifetime, 'number');
      }
    });

    it('404 for an unknown template, session, or a non-active session; 422 for a bad expires_in_seconds', async () => {
      const s = activeSession();
      let r = await post(`/sessions/${s.id}/tokens/nope`);
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
      r = await post('/sessions/sess_nope/tokens');
      assert.equal(r.status, 404);
      const ended = srv.data.sessions.find((x) => x.status === 'ended')!;
      r = await post(`/sessions/${ended.id}/tokens`);
      assert.equal(r.status, 404);
      assert.equal((await json(r)).errors[0].meta.session_status, 'ended');
      r = await post(`/sessions/${s.id}/tokens`, { expires_in_seconds: 5 });
      assert.equal(r.status, 422);
    });

    it('verify endpoint: ok, wrong token 400, gone 410, missing 404', async () => {
      const [a, b] = srv.data.sessions.filter((x) => x.status === 'active');
      const tok = (await json(await post(`/sessions/${a!.id}/tokens`))).jwt;
      let r = await post(`/sessions/${a!.id}/verify`, { token: tok });
      assert.equal(r.status, 200);
      assert.equal((await json(r)).id, a!.id);
      r = await post(`/sessions/${b!.id}/verify`, { token: tok });
      assert.equal(r.status, 400);
      assertClerkError(await json(r), 'token_invalid');
      r = await post(`/sessions/${a!.id}/verify`, { token: 'not.a.jwt' });
      assert.equal(r.status, 400);
      r = await post(`/sessions/${a!.id}/verify`, {});
      assert.equal(r.status, 400);
      srv.controls.verifyEndpoint('gone');
      r = await post(`/sessions/${a!.id}/verify`, { token: tok });
      assert.equal(r.status, 410);
      assertClerkError(await json(r), 'endpoint_deprecated');
      srv.controls.verifyEndpoint('missing');
      r = await post(`/sessions/${a!.id}/verify`, { token: tok });
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
      srv.controls.verifyEndpoint('ok');
      assert.equal((await post(`/sessions/${a!.id}/verify`, { token: tok })).status, 200);
    });
  });

  describe('controls', () => {
    it('latency is measurable', async () => {
      srv.controls.latency(300);
      const t0 = Date.now();
      assert.equal((await get('/instance')).status, 200);
      assert.ok(Date.now() - t0 >= 280, `took ${Date.now() - t0} ms`);
      srv.controls.reset();
      const t1 = Date.now();
      await get('/instance');
      assert.ok(Date.now() - t1 < 250);
    });

    it('failNext with json, html, empty and truncated bodies, then recovers', async () => {
      srv.controls.failNext(1, 503, { body: 'json', retryAfter: 3 });
      let r = await get('/users');
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '3');
      assertClerkError(await json(r), 'service_unavailable');

      srv.controls.failNext(1, 502, { body: 'html' });
      r = await get('/users');
      assert.equal(r.status, 502);
      assert.match(r.headers.get('content-type')!, /^text\/html/);
      assert.match(await r.text(), /<html>/);

      srv.controls.failNext(1, 500, { body: 'empty' });
      r = await get('/users');
      assert.equal(r.status, 500);
      assert.equal(await r.text(), '');

      srv.controls.failNext(1, 500, { body: 'truncated' });
      r = await get('/users');
      assert.equal(r.status, 500);
      await assert.rejects(r.text());

      r = await get('/users');
      assert.equal(r.status, 200);
    });

    it('failNext counts down and can target one route', async () => {
      srv.controls.failNext(2, 500, { route: 'GET /v1/sessions/{session_id}' });
      const s = activeSession();
      assert.equal((await get('/instance')).status, 200);
      assert.equal((await get(`/sessions/${s.id}`)).status, 500);
      assert.equal((await get(`/sessions/${s.id}`)).status, 500);
      assert.equal((await get(`/sessions/${s.id}`)).status, 200);
      srv.controls.failNext(1, 404, { route: /\/tokens/ });
      assert.equal((await get('/instance')).status, 200);
      assert.equal((await post(`/sessions/${s.id}/tokens`)).status, 404);
    });

    it('rateLimit answers 429 with Retry-After for n requests or for a duration', async () => {
      srv.controls.rateLimit({ n: 2, retryAfter: 1 });
      for (let i = 0; i < 2; i++) {
        const r = await get('/users');
        assert.equal(r.status, 429);
        assert.equal(r.headers.get('retry-after'), '1');
        assertClerkError(await json(r), 'too_many_requests');
      }
      assert.equal((await get('/users')).status, 200);
      srv.controls.rateLimit({ forMs: 200, retryAfter: 2 });
      assert.equal((await get('/users')).status, 429);
      assert.equal((await get('/users')).status, 429);
      await new Promise((r) => setTimeout(r, 250));
      assert.equal((await get('/users')).status, 200);
    });

    it('hang keeps requests open until stop()', async () => {
      const s2 = await startClerkServer({ users: 5 });
      s2.controls.hang(1);
      const hung = fetch(`${s2.url}/instance`, { headers: { Authorization: `Bearer ${s2.secretKey}` } });
      const raced = await Promise.race([hung.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('pending'), 300))]);
      assert.equal(raced, 'pending');
      // the next request is answered normally
      assert.equal((await fetch(`${s2.url}/instance`, { headers: { Authorization: `Bearer ${s2.secretKey}` } })).status, 200);
      const t0 = Date.now();
      await s2.stop();
      assert.ok(Date.now() - t0 < 2000);
      await assert.rejects(hung);
      assert.equal(s2.count('GET /v1/instance'), 2);
      assert.equal(s2.requests[0]!.status, 0);
    });

    it('logs requests per route; control endpoints are not counted', async () => {
      const s = activeSession();
      await get('/users?limit=1');
      await get('/users?limit=2');
      await get(`/sessions/${s.id}`);
      await fetch(`${srv.origin}/__control/log`);
      assert.equal(srv.count(), 3);
      assert.equal(srv.count('GET /v1/users'), 2);
      assert.equal(srv.count('GET /v1/sessions/{session_id}'), 1);
      assert.equal(srv.count(`GET /v1/sessions/${s.id}`), 1);
      assert.equal(srv.count(/sessions/), 1);
      const e = srv.requests[1]!;
      assert.equal(e.method, 'GET');
      assert.equal(e.path, '/v1/users');
      assert.equal(e.search, '?limit=2');
      assert.equal(e.status, 200);
      assert.equal(e.headers.authorization, `Bearer ${srv.secretKey}`);
      srv.resetLog();
      assert.equal(srv.count(), 0);
    });

    it('HTTP /__control endpoints drive the same faults', async () => {
      const c = (name: string, body: unknown) =>
        fetch(`${srv.origin}/__control/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await c('failNext', { n: 1, status: 500, body: 'html', route: 'GET /v1/users' })).status, 200);
      assert.equal((await get('/instance')).status, 200);
      assert.equal((await get('/users')).status, 500);
      await c('failNext', { n: 1, status: 502, routeRegex: '^GET /v1/jwks$' });
      assert.equal((await get('/jwks')).status, 502);
      await c('rateLimit', { n: 1, retryAfter: 5 });
      const r = await get('/users');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '5');
      await c('latency', { ms: 200 });
      const t0 = Date.now();
      await get('/instance');
      assert.ok(Date.now() - t0 >= 180);
      await c('verifyEndpoint', { mode: 'gone' });
      assert.equal((await post(`/sessions/${activeSession().id}/verify`, { token: 'x' })).status, 410);
      await c('reset', {});
      const t1 = Date.now();
      await get('/instance');
      assert.ok(Date.now() - t1 < 150);
      await c('hang', { n: 1 });
      const ac = new AbortController();
      const hung = fetch(`${srv.url}/instance`, { headers: auth(), signal: ac.signal });
      await new Promise((res) => setTimeout(res, 100));
      ac.abort();
      await assert.rejects(hung);
      const log = await json(await fetch(`${srv.origin}/__control/log`));
      assert.equal(log.routes['GET /v1/instance'], 4);
      assert.equal(log.routes['GET /v1/users'], 2);
      assert.equal(log.total, srv.count());
      assert.equal((await c('nope', {})).status, 404);
    });
  });

  describe('cli', () => {
    it('prints the URL and the key, serves, and stops on SIGTERM', async function () {
      const cli = join(__dirname, '..', 'server', 'cli.js');
      const child = spawn(process.execPath, [cli, '--port', '0', '--users', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const lines: string[] = [];
        await new Promise<void>((resolve, reject) => {
          let buf = '';
          child.stdout.on('data', (d: Buffer) => {
            buf += d.toString();
            const parts = buf.split('\n');
            buf = parts.pop()!;
            lines.push(...parts);
            if (lines.length >= 2) resolve();
          });
          child.on('exit', (code) => reject(new Error(`cli exited early: ${code}`)));
        });
        const url = /^Clerk-compatible server: (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(lines[0]!)?.[1];
        const key = /^Secret key: (sk_test_FAKE[0-9a-f]+)$/.exec(lines[1]!)?.[1];
        assert.ok(url, lines[0]);
        assert.ok(key, lines[1]);
        const r = await fetch(`${url}/users/count`, { headers: { Authorization: `Bearer ${key}` } });
        assert.equal((await json(r)).total_count, 5);
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});
