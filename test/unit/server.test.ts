// The local Clerk-compatible server: the API surface, the fixtures, the signing key and every fault control.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  HOSTILE,
  HOSTILE_USERS,
  ISSUER,
  makeTestSecretKey,
  PRODUCTION_ISSUER,
  startClerkServer,
  type ClerkServer,
  type Session,
  type User,
} from '../server/server';

type Json = any;

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
        assert.deepEqual(
          other.data.users.map((u) => u.id),
          srv.data.users.map((u) => u.id),
        );
        assert.deepEqual(
          other.data.sessions.map((s) => s.status),
          srv.data.sessions.map((s) => s.status),
        );
      } finally {
        await other.stop();
      }
      const users = srv.data.users;
      assert.equal(users.length, 60 + HOSTILE_USERS.length, '60 seeded users, then the hostile ones');
      assert.deepEqual(
        users.slice(60).map((u) => u.id),
        HOSTILE_USERS.map((h) => h.id),
      );
      assert.ok(
        users.some((u) => u.first_name === null && u.last_name === null),
        'a user without a name',
      );
      assert.ok(
        users.some((u) => u.email_addresses.length > 1),
        'a user with several emails',
      );
      assert.ok(
        users.some((u) => u.primary_email_address_id === null),
        'a user without email',
      );
      assert.ok(users.some((u) => u.banned));
      assert.ok(
        users.some((u) => `${u.first_name} ${u.last_name}`.length > 80),
        'a very long name',
      );
      assert.ok(users.some((u) => u.username !== null) && users.some((u) => u.username === null));
      assert.ok(users.some((u) => u.last_active_at === null));
      for (const u of users) {
        if (u.primary_email_address_id) assert.ok(u.email_addresses.some((e) => e.id === u.primary_email_address_id));
        assert.match(u.id, /^user_[0-9A-Za-z]{27}$/);
      }
      const statuses = new Set(srv.data.sessions.map((s) => s.status));
      for (const s of ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending'])
        assert.ok(statuses.has(s as never), s);
      assert.ok(
        srv.data.sessions.some((s) => s.actor !== null && typeof s.actor.sub === 'string'),
        'an impersonated session',
      );
      assert.deepEqual(
        srv.data.jwtTemplates.map((t) => t.name),
        ['supabase', 'hasura', 'integration-test', 'plain', 'org-claims', HOSTILE.templateName],
      );
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
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].created_at >= list[i].created_at);
      assert.equal(list[0].object, 'user');
    });

    it('orders by -last_active_at / +created_at with nulls last, limit and offset', async () => {
      const all: User[] = await json(await get('/users?order_by=-last_active_at&limit=500'));
      assert.equal(all.length, srv.data.users.length);
      const times = all.map((u) => u.last_active_at);
      const firstNull = times.indexOf(null);
      assert.ok(firstNull > 0 && times.slice(firstNull).every((t) => t === null));
      for (let i = 1; i < firstNull; i++) assert.ok(times[i - 1]! >= times[i]!);
      const page: User[] = await json(await get('/users?order_by=-last_active_at&limit=7&offset=7'));
      assert.deepEqual(
        page.map((u) => u.id),
        all.slice(7, 14).map((u) => u.id),
      );
      const asc: User[] = await json(await get('/users?order_by=%2Bcreated_at&limit=5'));
      for (let i = 1; i < asc.length; i++) assert.ok(asc[i - 1].created_at <= asc[i].created_at);
      const byName: User[] = await json(await get('/users?order_by=first_name&limit=500'));
      assert.ok(byName[byName.length - 1].first_name === null);
    });

    it('filters by query (email, name, id), email_address[], user_id[], username[]', async () => {
      const target = srv.data.users.find((u) => u.email_addresses.length > 0 && u.username !== null && u.first_name !== null)!;
      const email = target.email_addresses[0].email_address;
      const byEmail: User[] = await json(await get(`/users?query=${encodeURIComponent(email.toUpperCase())}`));
      assert.ok(byEmail.some((u) => u.id === target.id));
      const byId: User[] = await json(await get(`/users?query=${target.id.slice(5, 20)}`));
      assert.deepEqual(
        byId.map((u) => u.id),
        [target.id],
      );
      const byName: User[] = await json(await get(`/users?query=${encodeURIComponent(target.first_name!.toLowerCase())}&limit=500`));
      assert.ok(byName.some((u) => u.id === target.id));
      const two = srv.data.users.slice(0, 2).map((u) => u.id);
      const byIds: User[] = await json(await get(`/users?user_id=${two[0]}&user_id[]=${two[1]}`));
      assert.deepEqual(new Set(byIds.map((u) => u.id)), new Set(two));
      const byEmails: User[] = await json(await get(`/users?email_address=${encodeURIComponent(email)}`));
      assert.deepEqual(
        byEmails.map((u) => u.id),
        [target.id],
      );
      const byUsername: User[] = await json(await get(`/users?username=${target.username}`));
      assert.deepEqual(
        byUsername.map((u) => u.id),
        [target.id],
      );
      assert.deepEqual(await json(await get('/users?query=zzzz-nobody')), []);
    });

    it('count and get one; 404 for an unknown id', async () => {
      assert.deepEqual(await json(await get('/users/count')), { object: 'total_count', total_count: 60 + HOSTILE_USERS.length });
      const banned = await json(await get('/users/count?banned=true'));
      assert.equal(banned.total_count, srv.data.users.filter((u) => u.banned).length);
      const u = srv.data.users[3];
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
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    };

    it('lists by user_id (newest first) and by client_id, bare array', async () => {
      const uid = richUser();
      const list: Session[] = await json(await get(`/sessions?user_id=${uid}`));
      const expected = srv.data.sessions.filter((s) => s.user_id === uid);
      assert.equal(list.length, expected.length);
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].created_at >= list[i].created_at);
      const byClient: Session[] = await json(await get(`/sessions?client_id=${list[0].client_id}`));
      assert.ok(byClient.every((s) => s.client_id === list[0].client_id) && byClient.length >= 1);
    });

    it('pages with limit/offset; paginated=true gives a bare array by default, {data,total_count} in object mode', async () => {
      const uid = richUser();
      const all: Session[] = await json(await get(`/sessions?user_id=${uid}`));
      const p1: Session[] = await json(await get(`/sessions?user_id=${uid}&limit=1&offset=1&paginated=true`));
      assert.ok(Array.isArray(p1));
      assert.deepEqual(
        p1.map((s) => s.id),
        [all[1].id],
      );
      srv.controls.paginatedShape('object');
      const p2 = await json(await get(`/sessions?user_id=${uid}&limit=2&offset=0&paginated=true`));
      assert.equal(p2.total_count, all.length);
      assert.deepEqual(
        p2.data.map((s: Session) => s.id),
        all.slice(0, 2).map((s) => s.id),
      );
      const plain = await json(await get(`/sessions?user_id=${uid}&limit=2`));
      assert.ok(Array.isArray(plain), 'without paginated=true it stays an array');
      const t = await json(await get('/jwt_templates?paginated=true'));
      assert.equal(t.total_count, srv.data.jwtTemplates.length);
    });

    it('filters by status; 422 for a bad status, limit, or neither user_id nor client_id', async () => {
      const revoked = srv.data.sessions.find((s) => s.status === 'revoked')!;
      const list: Session[] = await json(await get(`/sessions?user_id=${revoked.user_id}&status=revoked`));
      assert.ok(list.length >= 1 && list.every((s) => s.status === 'revoked'));
      for (const q of [
        `user_id=${revoked.user_id}&status=bogus`,
        `user_id=${revoked.user_id}&status=pending`,
        `user_id=${revoked.user_id}&limit=0`,
        `user_id=${revoked.user_id}&limit=501`,
        '',
      ]) {
        const r = await get(`/sessions?${q}`);
        assert.equal(r.status, 422, q);
        const body = await json(r);
        assert.match(body.errors[0].code, /^form_param_/);
      }
    });

    it('gets one, revokes it, 404s unknown ids', async () => {
      const s = srv.data.sessions.filter((x) => x.status === 'active')[3];
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
      assert.match(ISSUER, /^https:\/\/[a-z0-9-]+\.clerk\.accounts\.dev$/);
      assert.equal(payload.sid, s.id);
      assert.equal(payload.sub, s.user_id);
      assert.equal(payload.exp! - payload.iat!, 60);
      assert.equal(payload.iat! - payload.nbf!, 10, 'nbf is iat minus the clock skew');
      assert.equal(payload.v, 2);
      assert.ok(!('azp' in payload), 'minted through the Backend API: no Origin, no azp');
      assert.equal(typeof payload.jti, 'string');
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
      assert.equal(payload.iat! - payload.nbf!, 10, 'allowed_clock_skew of the template');
      assert.deepEqual(
        Object.keys(payload)
          .filter((k) => !k.startsWith('https://'))
          .sort(),
        ['exp', 'iat', 'iss', 'jti', 'nbf', 'sub'],
        'default claims only: no azp, no sid, no v',
      );
      const it = (await jwtVerify((await json(await post(`/sessions/${s.id}/tokens/integration-test`))).jwt, jwks)).payload;
      assert.equal(it.session, s.id, 'the session id only in a claim of the template');
      assert.ok(!('sid' in it));
      assert.equal(it.iat, it.nbf, 'allowed_clock_skew 0');
      const plain = (await jwtVerify((await json(await post(`/sessions/${s.id}/tokens/plain`))).jwt, jwks)).payload;
      assert.deepEqual(Object.keys(plain).sort(), ['exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);
      const list = await json(await get('/jwt_templates'));
      assert.deepEqual(
        list.map((t: Json) => t.name),
        srv.data.jwtTemplates.slice(0, 10).map((t) => t.name),
      );
      for (const t of list) {
        assert.equal(t.object, 'jwt_template');
        assert.equal(t.custom_signing_key, t.name === 'supabase');
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
      const tok = (await json(await post(`/sessions/${a.id}/tokens`))).jwt;
      let r = await post(`/sessions/${a.id}/verify`, { token: tok });
      assert.equal(r.status, 200);
      assert.equal((await json(r)).id, a.id);
      r = await post(`/sessions/${b.id}/verify`, { token: tok });
      assert.equal(r.status, 400);
      assertClerkError(await json(r), 'token_invalid');
      r = await post(`/sessions/${a.id}/verify`, { token: 'not.a.jwt' });
      assert.equal(r.status, 400);
      r = await post(`/sessions/${a.id}/verify`, {});
      assert.equal(r.status, 400);
      srv.controls.verifyEndpoint('gone');
      r = await post(`/sessions/${a.id}/verify`, { token: tok });
      assert.equal(r.status, 410);
      assertClerkError(await json(r), 'endpoint_deprecated');
      srv.controls.verifyEndpoint('missing');
      r = await post(`/sessions/${a.id}/verify`, { token: tok });
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
      srv.controls.verifyEndpoint('ok');
      assert.equal((await post(`/sessions/${a.id}/verify`, { token: tok })).status, 200);
    });
  });

  describe('truthful tokens (TOKENS.md)', () => {
    const jwksOf = async () => createLocalJWKSet(await json(await get('/jwks')));
    const mintFor = async (sessionId: string, template?: string) => {
      const r = await post(`/sessions/${sessionId}/tokens${template ? `/${encodeURIComponent(template)}` : ''}`);
      assert.equal(r.status, 200, await r.clone().text());
      return (await json(r)).jwt as string;
    };
    const withOrg = () =>
      srv.data.sessions.find((s) => s.status === 'active' && s.last_active_organization_id !== null && s.actor === null)!;
    const withoutOrg = () =>
      srv.data.sessions.find((s) => s.status === 'active' && s.last_active_organization_id === null && s.actor === null)!;

    it('version 2: o {id, slg, rol, per, fpm} with an active organization, pla / fea / fva; no sts when active', async () => {
      const s = withOrg();
      const m = srv.data.memberships.find((x) => x.user_id === s.user_id && x.organization_id === s.last_active_organization_id)!;
      const org = srv.data.organizations.find((o) => o.id === m.organization_id)!;
      const { payload } = await jwtVerify(await mintFor(s.id), await jwksOf(), { issuer: ISSUER });
      assert.equal(payload.v, 2);
      assert.equal(payload.sid, s.id);
      assert.ok(!('sts' in payload) && !('azp' in payload) && !('org_id' in payload));
      const o = payload.o as Json;
      assert.deepEqual(Object.keys(o).sort(), ['fpm', 'id', 'per', 'rol', 'slg']);
      assert.equal(o.id, org.id);
      assert.equal(o.slg, org.slug);
      assert.equal(`org:${o.rol}`, m.role, 'rol has no org: prefix');
      // decode fpm back into permissions: it must give exactly the membership's feature permissions
      const fea = String(payload.fea).split(',');
      const per = String(o.per).split(',').filter(Boolean);
      const fpm = String(o.fpm).split(',').map(Number);
      assert.equal(fpm.length, fea.length, 'one fpm entry per fea entry');
      const decoded = fea.flatMap((f, i) => per.filter((_p, bit) => (fpm[i] & (1 << bit)) !== 0).map((p) => `org:${f.split(':')[1]}:${p}`));
      const features = srv.data.billing.orgPlans[org.id].features;
      const expected = m.permissions.filter((p) => features.includes(p.split(':')[1]));
      assert.deepEqual(decoded.sort(), expected.sort());
      assert.ok(fea.every((f) => f.startsWith('o:')));
      assert.match(String(payload.pla), new RegExp(`^u:[a-z_]+,o:${srv.data.billing.orgPlans[org.id].plan}$`));
      const fva = payload.fva as number[];
      assert.ok(Array.isArray(fva) && fva.length === 2 && fva[0] >= 0 && (fva[1] === -1 || fva[1] >= 0));
    });

    it('the documented example: admin of Acme (dashboard manage+read, teams read) gets per manage,read and fpm 3,2', async () => {
      const acme = srv.data.organizations.find((o) => o.slug === 'acme')!;
      const admin = srv.data.memberships.find((m) => m.organization_id === acme.id && m.role === 'org:admin')!;
      const r = await post('/sessions', { user_id: admin.user_id, active_organization_id: acme.id });
      assert.equal(r.status, 200);
      const p = decodeJwt(await mintFor((await json(r)).id));
      assert.equal(p.fea, 'o:dashboard,o:teams');
      assert.deepEqual(p.o, { id: acme.id, slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' });
    });

    it('without an active organization: no o, fea are user features', async () => {
      const p = decodeJwt(await mintFor(withoutOrg().id));
      assert.ok(!('o' in p));
      assert.match(String(p.fea), /^u:/);
      assert.match(String(p.pla), /^u:[a-z_]+$/);
    });

    it('a pending session has tasks, and its token says sts: pending', async () => {
      const s = srv.data.sessions.find((x) => x.status === 'pending')!;
      const one = await json(await get(`/sessions/${s.id}`));
      assert.deepEqual(one.tasks, [{ key: 'choose-organization' }]);
      assert.ok(srv.data.sessions.filter((x) => x.status !== 'pending').every((x) => x.tasks === undefined));
      const p = decodeJwt(await mintFor(s.id));
      assert.equal(p.sts, 'pending');
      const r = await get(`/sessions?user_id=${s.user_id}&status=pending`);
      assert.equal(r.status, 422, 'the status filter does not accept pending');
      const all: Session[] = await json(await get(`/sessions?user_id=${s.user_id}&limit=500`));
      assert.ok(
        all.some((x) => x.id === s.id),
        'listed without a filter',
      );
    });

    it('an impersonated session: act {iss, sid, sub}', async () => {
      const s = srv.data.sessions.find((x) => x.actor !== null && x.status === 'active')!;
      const p = decodeJwt(await mintFor(s.id));
      assert.deepEqual(Object.keys(p.act as object).sort(), ['iss', 'sid', 'sub']);
      assert.equal((p.act as Json).sub, s.actor!.sub);
    });

    it('version 1 on request (control and option): org_id, org_slug, org_role with org:, org_permissions; no v/fea/pla/sts/o', async () => {
      const s = withOrg();
      const m = srv.data.memberships.find((x) => x.user_id === s.user_id && x.organization_id === s.last_active_organization_id)!;
      srv.controls.tokenVersion(1);
      const p = decodeJwt(await mintFor(s.id));
      for (const k of ['v', 'fea', 'pla', 'sts', 'o', 'azp']) assert.ok(!(k in p), k);
      assert.equal(p.org_id, m.organization_id);
      assert.equal(p.org_role, m.role);
      assert.match(String(p.org_role), /^org:/);
      assert.equal(p.org_slug, srv.data.organizations.find((o) => o.id === m.organization_id)!.slug);
      assert.deepEqual(p.org_permissions, m.permissions);
      const pending = srv.data.sessions.find((x) => x.status === 'pending')!;
      assert.ok(!('sts' in decodeJwt(await mintFor(pending.id))));
      srv.controls.reset();
      assert.equal(decodeJwt(await mintFor(s.id)).v, 2, 'reset goes back to version 2');
      const c = (body: unknown) => fetch(`${srv.origin}/__control/tokenVersion`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal((await c({ version: 1 })).status, 200);
      assert.equal((await json(await fetch(`${srv.origin}/__control/tokenVersion`))).version, 1);
      assert.ok(!('v' in decodeJwt(await mintFor(s.id))));
      assert.equal((await c({ version: 3 })).status, 400);
      await c({ version: 2 });
      const v1 = await startClerkServer({ users: 5, tokenVersion: 1 });
      try {
        const a = v1.data.sessions.find((x) => x.status === 'active')!;
        const r = await fetch(`${v1.url}/sessions/${a.id}/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${v1.secretKey}` },
        });
        assert.ok(!('v' in decodeJwt((await json(r)).jwt)));
      } finally {
        await v1.stop();
      }
    });

    it('custom_signing_key template: HS256 with the server secret, no kid, not verifiable with the JWKS', async () => {
      const s = activeSession();
      const t = srv.data.jwtTemplates.find((x) => x.name === 'supabase')!;
      assert.equal(t.custom_signing_key, true);
      assert.equal(t.signing_algorithm, 'HS256');
      const jwt = await mintFor(s.id, 'supabase');
      const header = decodeProtectedHeader(jwt);
      assert.equal(header.alg, 'HS256');
      assert.equal(header.kid, undefined);
      await assert.rejects(jwtVerify(jwt, await jwksOf()));
      const secret = srv.templateSecret('supabase')!;
      assert.match(secret, /^local-hs256-[0-9a-f]{64}$/);
      const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), { issuer: ISSUER });
      const user = srv.data.users.find((u) => u.id === s.user_id)!;
      assert.equal(payload.email, user.email_addresses.find((e) => e.id === user.primary_email_address_id)?.email_address ?? null);
      assert.equal(payload.aud, 'authenticated');
      assert.equal(payload.exp! - payload.iat!, 3600);
      assert.equal(payload.iat! - payload.nbf!, 5);
      assert.ok(!('sid' in payload) && !('azp' in payload) && !('v' in payload));
      await assert.rejects(jwtVerify(jwt, new TextEncoder().encode('another secret')));
      const ctl = await json(await fetch(`${srv.origin}/__control/templateSecrets`));
      assert.deepEqual(ctl.templates, { supabase: { algorithm: 'HS256', secret } });
      assert.equal(srv.templateSecret('hasura'), undefined);
      const other = await startClerkServer({ users: 2 });
      try {
        assert.notEqual(other.templateSecret('supabase'), secret, 'a fresh secret per server');
      } finally {
        await other.stop();
      }
    });

    it('org shortcodes render the active organization, null without one', async () => {
      const s = withOrg();
      const m = srv.data.memberships.find((x) => x.user_id === s.user_id && x.organization_id === s.last_active_organization_id)!;
      const jwks = await jwksOf();
      const p = (await jwtVerify(await mintFor(s.id, 'org-claims'), jwks)).payload;
      assert.equal(p.org_id, m.organization_id);
      assert.equal(p.org_role, m.role);
      const q = (await jwtVerify(await mintFor(withoutOrg().id, 'org-claims'), jwks)).payload;
      assert.equal(q.org_id, null);
      assert.equal(q.org_role, null);
    });

    it('a live (production) instance: iss is https://clerk.<domain>', async () => {
      const live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 4 });
      try {
        assert.equal(live.issuer, PRODUCTION_ISSUER);
        assert.equal(live.environment, 'production');
        const a = live.data.sessions.find((x) => x.status === 'active')!;
        const r = await fetch(`${live.url}/sessions/${a.id}/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${live.secretKey}` },
        });
        assert.equal(decodeJwt((await json(r)).jwt).iss, PRODUCTION_ISSUER);
      } finally {
        await live.stop();
      }
    });
  });

  describe('organizations, POST /sessions, actor tokens, instance', () => {
    it('GET /users/{id}/organization_memberships: {data, total_count}, org:-prefixed roles, permissions, paging', async () => {
      const m = srv.data.memberships[0];
      const body = await json(await get(`/users/${m.user_id}/organization_memberships`));
      const mine = srv.data.memberships.filter((x) => x.user_id === m.user_id);
      assert.equal(body.total_count, mine.length);
      assert.equal(body.data.length, mine.length);
      for (const x of body.data) {
        assert.equal(x.object, 'organization_membership');
        assert.match(x.role, /^org:/);
        assert.ok(Array.isArray(x.permissions) && x.permissions.length > 0);
        assert.equal(x.organization.object, 'organization');
        assert.equal(x.public_user_data.user_id, m.user_id);
      }
      const admin = srv.data.memberships.filter((x) => x.user_id === m.user_id).length > 1;
      assert.ok(admin, 'the most active user belongs to two organizations');
      const p = await json(await get(`/users/${m.user_id}/organization_memberships?limit=1&offset=1`));
      assert.equal(p.data.length, 1);
      assert.equal(p.total_count, mine.length);
      assert.deepEqual(await json(await get('/users/user_nobody/organization_memberships')), { data: [], total_count: 0 });
      const nobody = srv.data.users.find((u) => !srv.data.memberships.some((x) => x.user_id === u.id))!;
      assert.equal((await json(await get(`/users/${nobody.id}/organization_memberships`))).total_count, 0);
    });

    it('GET /organizations/{id or slug}; 404 otherwise; GET /users?organization_id filters', async () => {
      const org = srv.data.organizations[0];
      assert.deepEqual(await json(await get(`/organizations/${org.id}`)), org);
      assert.equal(
        (await json(await get(`/organizations/${org.slug}?include_members_count=true`))).members_count,
        srv.data.memberships.filter((m) => m.organization_id === org.id).length,
      );
      const r = await get('/organizations/org_nope');
      assert.equal(r.status, 404);
      assertClerkError(await json(r), 'resource_not_found');
      const members: User[] = await json(await get(`/users?organization_id=${org.id}&limit=500`));
      assert.deepEqual(
        new Set(members.map((u) => u.id)),
        new Set(srv.data.memberships.filter((m) => m.organization_id === org.id).map((m) => m.user_id)),
      );
    });

    it('POST /sessions creates an active session on development; 404 / 422 for bad input; 400 on production', async () => {
      const u = srv.data.users[5];
      const r = await post('/sessions', { user_id: u.id });
      assert.equal(r.status, 200);
      const s = await json(r);
      assert.equal(s.object, 'session');
      assert.equal(s.status, 'active');
      assert.equal(s.user_id, u.id);
      assert.equal(s.last_active_organization_id, null);
      assert.match(s.id, /^sess_[0-9A-Za-z]{27}$/);
      assert.equal((await json(await get(`/sessions/${s.id}`))).id, s.id);
      assert.equal((await post('/sessions', { user_id: 'user_nope' })).status, 404);
      const missing = await post('/sessions', {});
      assert.equal(missing.status, 422);
      assertClerkError(await json(missing), 'form_param_missing');
      const outsider = srv.data.users.find((x) => !srv.data.memberships.some((m) => m.user_id === x.id))!;
      assert.equal((await post('/sessions', { user_id: outsider.id, active_organization_id: srv.data.organizations[0].id })).status, 422);
      assert.equal((await post('/sessions', { user_id: outsider.id, active_organization_id: 'org_nope' })).status, 404);
      const live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 3 });
      try {
        const lr = await fetch(`${live.url}/sessions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${live.secretKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ user_id: live.data.users[0].id }),
        });
        assert.equal(lr.status, 400);
        assert.match((await json(lr)).errors[0].long_message, /development/);
        assert.equal(live.data.sessions.filter((x) => x.user_id === live.data.users[0].id && x.created_at > Date.now() - 5000).length, 0);
      } finally {
        await live.stop();
      }
    });

    it('POST /actor_tokens makes a pending token with a sign-in URL; revoke revokes once; bad input is 422, unknown id 404', async () => {
      const [target, admin] = [srv.data.users[2], srv.data.users[0]];
      const r = await post('/actor_tokens', { user_id: target.id, actor: { sub: admin.id }, expires_in_seconds: 600 });
      assert.equal(r.status, 200);
      const t = await json(r);
      assert.equal(t.object, 'actor_token');
      assert.equal(t.status, 'pending');
      assert.equal(t.user_id, target.id);
      assert.deepEqual(t.actor, { sub: admin.id });
      assert.ok(t.url.startsWith(`${srv.issuer}/v1/tickets/accept?ticket=`) && t.url.endsWith(t.token));
      const claims = decodeJwt(t.token);
      assert.equal(claims.exp! - claims.iat!, 600);
      const rv = await post(`/actor_tokens/${t.id}/revoke`);
      assert.equal(rv.status, 200);
      assert.equal((await json(rv)).status, 'revoked');
      assert.equal(srv.actorTokens.find((x) => x.id === t.id)!.status, 'revoked');
      assert.equal((await post(`/actor_tokens/${t.id}/revoke`)).status, 400);
      assert.equal((await post('/actor_tokens/act_nope/revoke')).status, 404);
      for (const bad of [
        { user_id: target.id },
        { user_id: target.id, actor: {} },
        { actor: { sub: admin.id } },
        { user_id: 'user_nope', actor: { sub: admin.id } },
      ]) {
        const b = await post('/actor_tokens', bad);
        assert.equal(b.status, 422, JSON.stringify(bad));
        assert.match((await json(b)).errors[0].code, /^form_param_/);
      }
    });

    it('instance: allowed_origins ["http://localhost:3000"] for development', async () => {
      assert.deepEqual((await json(await get('/instance'))).allowed_origins, ['http://localhost:3000']);
    });
  });

  describe('hostile data', () => {
    it('each hostile user is appended after the pleasant ones, has an email found by search and an ACTIVE session', async () => {
      const top: User[] = await json(await get('/users?order_by=-last_active_at&limit=20'));
      const hostileIds = new Set(HOSTILE_USERS.map((h) => h.id));
      assert.ok(
        top.every((u) => !hostileIds.has(u.id)),
        'the first page the demo shows stays pleasant',
      );
      const newest: User[] = await json(await get('/users?limit=20'));
      assert.ok(
        newest.every((u) => !hostileIds.has(u.id)),
        'also in the default -created_at order',
      );
      for (const h of HOSTILE_USERS) {
        const found: User[] = await json(await get(`/users?query=${encodeURIComponent(h.email)}`));
        assert.deepEqual(
          found.map((u) => u.id),
          [h.id],
          h.email,
        );
        assert.equal(found[0].first_name, h.first_name);
        const active: Session[] = await json(await get(`/sessions?user_id=${h.id}&status=active`));
        assert.ok(
          active.some((s) => s.id === h.sessionId),
          h.id,
        );
      }
      assert.equal(HOSTILE.longName.first_name.length, 500);
      assert.ok(HOSTILE.rtl.first_name.includes('\u202E'));
      assert.match(HOSTILE.commandLink.first_name, /^\[Open\]\(command:clerk\.removeSecretKey\)$/);
      assert.match(HOSTILE.markdownImage.first_name, /^!\[x\]\(https:\/\/attacker\.invalid\/p\.png\)$/);
      assert.equal(HOSTILE.html.first_name, '<img src=x onerror=alert(1)>');
    });

    it('hostile session activity (browser name, city) and a hostile template name that still mints', async () => {
      const ua = await json(await get(`/sessions/${HOSTILE.sessions.sessionId}`));
      assert.equal(ua.status, 'active');
      assert.equal(ua.latest_activity.browser_name, HOSTILE.browserName);
      assert.match(ua.latest_activity.browser_name, /\[Undo revoke\]\(command:workbench\.action\.terminal\.sendSequence\?/);
      const city = await json(await get(`/sessions/${HOSTILE.sessions.citySessionId}`));
      assert.equal(city.status, 'active');
      assert.equal(city.latest_activity.city, HOSTILE.city);
      const names = (await json(await get('/jwt_templates?limit=100'))).map((t: Json) => t.name);
      assert.ok(names.includes(HOSTILE.templateName));
      const r = await post(`/sessions/${HOSTILE.commandLink.sessionId}/tokens/${encodeURIComponent(HOSTILE.templateName)}`);
      assert.equal(r.status, 200);
      assert.equal(decodeJwt((await json(r)).jwt).sub, HOSTILE.commandLink.id);
    });

    it('hostile: false (the demo) leaves them out, the hostile template name too, and keeps every other id', async () => {
      const calm = await startClerkServer({ users: 4, hostile: false });
      const same = await startClerkServer({ users: 4 });
      try {
        assert.equal(calm.data.users.length, 4);
        assert.ok(!calm.data.sessions.some((s) => s.id === HOSTILE.sessions.sessionId));
        const names = (await (
          await fetch(`${calm.url}/jwt_templates?limit=100`, { headers: { Authorization: `Bearer ${calm.secretKey}` } })
        ).json()) as {
          name: string;
        }[];
        assert.ok(names.length > 0 && !names.some((t) => t.name === HOSTILE.templateName), names.map((t) => t.name).join(', '));
        assert.deepEqual(
          calm.data.jwtTemplates.map((t) => t.id),
          same.data.jwtTemplates.filter((t) => t.name !== HOSTILE.templateName).map((t) => t.id),
        );
        assert.deepEqual(
          calm.data.users.map((u) => u.id),
          same.data.users.slice(0, 4).map((u) => u.id),
        );
      } finally {
        await calm.stop();
        await same.stop();
      }
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
      const raced = await Promise.race([
        hung.then(
          () => 'answered',
          () => 'failed',
        ),
        new Promise((r) => setTimeout(() => r('pending'), 300)),
      ]);
      assert.equal(raced, 'pending');
      // the next request is answered normally
      assert.equal((await fetch(`${s2.url}/instance`, { headers: { Authorization: `Bearer ${s2.secretKey}` } })).status, 200);
      const t0 = Date.now();
      await s2.stop();
      assert.ok(Date.now() - t0 < 2000);
      await assert.rejects(hung);
      assert.equal(s2.count('GET /v1/instance'), 2);
      assert.equal(s2.requests[0].status, 0);
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
      const e = srv.requests[1];
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
        fetch(`${srv.origin}/__control/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
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
        const url = /^Clerk-compatible server: (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(lines[0])?.[1];
        const key = /^Secret key: (sk_test_FAKE[0-9a-f]+)$/.exec(lines[1])?.[1];
        assert.ok(url, lines[0]);
        assert.ok(key, lines[1]);
        const r = await fetch(`${url}/users/count`, { headers: { Authorization: `Bearer ${key}` } });
        assert.equal((await json(r)).total_count, 5 + HOSTILE_USERS.length);
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
  describe('machine tokens, testing and sign-in tokens, domains, Date, Frontend API cookies', () => {
    it('POST /api_keys/verify: valid answers the key; revoked, expired and unknown are 404; a bad key 401; no secret 422', async () => {
      const k = srv.machineTokens.apiKeys;
      let r = await post('/api_keys/verify', { secret: k.valid.secret });
      assert.equal(r.status, 200);
      const body = await json(r);
      assert.equal(body.object, 'api_key');
      assert.match(body.id, /^ak_[0-9a-f]{32}$/);
      assert.match(body.subject, /^user_\w{27}$/);
      assert.equal(body.revoked, false);
      assert.equal(body.expired, false);
      for (const s of [k.revoked.secret, k.expired.secret, 'ak_FAKEunknown']) {
        r = await post('/api_keys/verify', { secret: s });
        assert.equal(r.status, 404, s.slice(0, 8));
        assertClerkError(await json(r), 'resource_not_found');
      }
      r = await post('/api_keys/verify', { secret: k.valid.secret }, { Authorization: 'Bearer sk_test_FAKEwrong' });
      assert.equal(r.status, 401);
      assertClerkError(await json(r), 'authentication_invalid');
      r = await post('/api_keys/verify', {});
      assert.equal(r.status, 422);
      assertClerkError(await json(r), 'form_param_missing');
      srv.controls.inactiveMachineTokens('flagged');
      const flagged = await json(await post('/api_keys/verify', { secret: k.revoked.secret }));
      assert.equal(flagged.revoked, true);
      assert.equal(typeof flagged.revocation_reason, 'string');
      assert.equal((await json(await post('/api_keys/verify', { secret: k.expired.secret }))).expired, true);
    });

    it('POST /m2m_tokens/verify: valid answers an mch_ subject; revoked, expired, unknown 404; bad key 401', async () => {
      const t = srv.machineTokens.m2mTokens;
      const body = await json(await post('/m2m_tokens/verify', { token: t.valid.secret }));
      assert.equal(body.object, 'machine_to_machine_token');
      assert.match(body.id, /^mt_[0-9a-f]{32}$/);
      assert.match(body.subject, /^mch_\w{27}$/);
      for (const s of [t.revoked.secret, t.expired.secret, 'mt_FAKEunknown'])
        assert.equal((await post('/m2m_tokens/verify', { token: s })).status, 404);
      assert.equal((await post('/m2m_tokens/verify', { token: t.valid.secret }, {})).status, 401);
      // the field is `token`, not `secret`
      assert.equal((await post('/m2m_tokens/verify', { secret: t.valid.secret })).status, 422);
    });

    it('POST /oauth_applications/access_tokens/verify: opaque and JWT tokens; an expired JWT is {active: false}', async () => {
      const o = srv.machineTokens.oauthTokens;
      const body = await json(await post('/oauth_applications/access_tokens/verify', { access_token: o.valid.secret }));
      assert.equal(body.object, 'clerk_idp_oauth_access_token');
      assert.match(body.id, /^oat_[0-9a-f]{32}$/);
      for (const s of [o.revoked.secret, o.expired.secret, 'oat_FAKEunknown'])
        assert.equal((await post('/oauth_applications/access_tokens/verify', { access_token: s })).status, 404);
      const jwt = await json(await post('/oauth_applications/access_tokens/verify', { access_token: srv.machineTokens.oauthJwts.valid }));
      assert.equal(jwt.id, srv.machineTokens.oauthJwtRecord.id);
      assert.equal(decodeProtectedHeader(srv.machineTokens.oauthJwts.valid).typ, 'at+jwt');
      const expired = await post('/oauth_applications/access_tokens/verify', { access_token: srv.machineTokens.oauthJwts.expired });
      assert.equal(expired.status, 200);
      assert.deepEqual(await json(expired), { active: false });
      // a session token is not an access token
      const session = await srv.frontend.sessionToken(activeSession().id);
      assert.equal((await post('/oauth_applications/access_tokens/verify', { access_token: session })).status, 404);
      assert.equal((await post('/oauth_applications/access_tokens/verify', { access_token: o.valid.secret }, {})).status, 401);
    });

    it('POST /testing_tokens answers a fresh token that expires in seconds an hour ahead', async () => {
      const a = await json(await post('/testing_tokens'));
      const b = await json(await post('/testing_tokens'));
      assert.equal(a.object, 'testing_token');
      assert.notEqual(a.token, b.token);
      const now = Math.floor(Date.now() / 1000);
      assert.ok(a.expires_at > now + 3000 && a.expires_at <= now + 3601, String(a.expires_at));
      assert.equal(srv.testingTokens.length, 2);
      assert.equal((await post('/testing_tokens', undefined, {})).status, 401);
    });

    it('POST /sign_in_tokens and /revoke: expiry, org membership, unknown user 404, revoke once', async () => {
      const userId = activeSession().user_id;
      let r = await post('/sign_in_tokens', { user_id: userId, expires_in_seconds: 600 });
      assert.equal(r.status, 200);
      const t = await json(r);
      assert.equal(t.object, 'sign_in_token');
      assert.equal(t.status, 'pending');
      assert.equal(t.user_id, userId);
      assert.ok(t.url.startsWith(`${srv.issuer}/v1/tickets/accept?ticket=`));
      const claims = decodeJwt(t.token);
      assert.equal(claims.exp! - claims.iat!, 600);
      // default: 30 days
      const d = decodeJwt((await json(await post('/sign_in_tokens', { user_id: userId }))).token);
      assert.equal(d.exp! - d.iat!, 2592000);
      assert.equal((await post('/sign_in_tokens', { user_id: 'user_nobody' })).status, 404);
      assert.equal((await post('/sign_in_tokens', { user_id: userId, expires_in_seconds: 0 })).status, 422);
      assert.equal((await post('/sign_in_tokens', {})).status, 422);
      const member = srv.data.memberships[0];
      const withOrg = await json(await post('/sign_in_tokens', { user_id: member.user_id, org_id: member.organization_id }));
      assert.equal(decodeJwt(withOrg.token).org_id, member.organization_id);
      const stranger = srv.data.users.find(
        (u) => !srv.data.memberships.some((m) => m.user_id === u.id && m.organization_id === member.organization_id),
      )!;
      assert.equal((await post('/sign_in_tokens', { user_id: stranger.id, org_id: member.organization_id })).status, 422);
      assert.equal((await post('/sign_in_tokens', { user_id: userId, org_id: 'org_nothere' })).status, 404);
      r = await post(`/sign_in_tokens/${t.id}/revoke`);
      assert.equal(r.status, 200);
      const revoked = await json(r);
      assert.equal(revoked.status, 'revoked');
      assert.equal(revoked.token, undefined);
      r = await post(`/sign_in_tokens/${t.id}/revoke`);
      assert.equal(r.status, 400);
      assert.equal((await post('/sign_in_tokens/sit_nothere/revoke')).status, 404);
    });

    it('GET /domains names the Frontend API; the publishable key encodes its host', async () => {
      const body = await json(await get('/domains'));
      assert.equal(body.total_count, 1);
      assert.equal(body.data[0].frontend_api_url, srv.issuer);
      assert.equal(body.data[0].is_satellite, false);
      assert.match(srv.publishableKey, /^pk_test_/);
      assert.equal(Buffer.from(srv.publishableKey.slice(8), 'base64').toString(), `${new URL(srv.issuer).host}$`);
    });

    it('every answer has a Date header, skewed by the clockSkew control (also over POST /__control)', async () => {
      const at = (r: Response) => Date.parse(r.headers.get('date')!);
      let r = await get('/instance');
      assert.ok(Math.abs(at(r) - Date.now()) < 2000);
      srv.controls.clockSkew(3_600_000);
      r = await get('/instance');
      assert.ok(Math.abs(at(r) - Date.now() - 3_600_000) < 2000, r.headers.get('date')!);
      r = await get('/users', {});
      assert.equal(r.status, 401);
      assert.ok(Math.abs(at(r) - Date.now() - 3_600_000) < 2000);
      await fetch(`${srv.origin}/__control/clockSkew`, { method: 'POST', body: JSON.stringify({ ms: -120_000 }) });
      r = await get('/instance');
      assert.ok(Math.abs(at(r) - Date.now() + 120_000) < 2000, r.headers.get('date')!);
      srv.controls.reset();
      assert.ok(Math.abs(at(await get('/instance')) - Date.now()) < 2000);
    });

    it('mints Frontend API cookies and a __clerk_handshake JWT signed by the instance key', async () => {
      const token = await srv.frontend.sessionToken(activeSession().id);
      const lines = srv.frontend.setCookies({ sessionToken: token });
      const suffix = createHash('sha1').update(srv.publishableKey).digest('base64url').slice(0, 8);
      assert.ok(lines.some((l) => l.startsWith(`__session=${token};`)));
      assert.ok(lines.some((l) => l.startsWith(`__session_${suffix}=${token};`)));
      assert.ok(lines.some((l) => l.startsWith(`__client_uat=${decodeJwt(token).iat};`)));
      assert.ok(lines.some((l) => l.startsWith(`__client_uat_${suffix}=`)));
      assert.ok(lines.some((l) => l.startsWith('__clerk_db_jwt=')));
      const hs = await srv.frontend.handshake({ sessionToken: token, suffixed: false, devBrowser: null });
      const jwks = createLocalJWKSet({ keys: [srv.publicJwk()] });
      const { payload } = await jwtVerify(hs, jwks);
      assert.deepEqual(payload.handshake, [lines[0], lines[1]]);
      const signedOut = srv.frontend.cookieHeader({ suffixed: false, devBrowser: null });
      assert.equal(signedOut, '__client_uat=0');
    });
  });
});
