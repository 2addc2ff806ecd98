// SessionsModel (src/model, no vscode) on plain Node against the real local Clerk server over HTTP: paging,
// de-duplication, loads that wait for each other, errors and retry, search, status filter, updateSession,
// whenIdle, the bound on session lists, revealTarget's request budget, the default "active and pending" view (one
// request per user) and a user's organization memberships (at most one more request, sent at once).
import * as assert from 'node:assert/strict';
import { ClerkClient } from '../../src/clerk/client';
import { ClerkApiError } from '../../src/clerk/errors';
import type { User } from '../../src/clerk/types';
import { Inflight } from '../../src/model/inflight';
import { KeyedLoader } from '../../src/model/loader';
import { LruMap } from '../../src/model/lru';
import { SessionsModel, type Loadable, type ModelChange, type SessionsModelOptions, type UserPage } from '../../src/model/sessionsModel';
import type { MembershipList, SessionList } from '../../src/model/sessionsModel';
import { STATUS_FILTERS } from '../../src/model/statusFilter';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

describe('SessionsModel against the local Clerk server', function () {
  this.timeout(20_000);
  let server: ClerkServer;
  let client: ClerkClient;
  let ordered: User[]; // every user, as GET /users orders them (-last_active_at)
  let models: SessionsModel[] = [];
  const INST = 'inst1';

  const mk = (o: Partial<SessionsModelOptions> = {}): { m: SessionsModel; changes: ModelChange[] } => {
    const m = new SessionsModel({ client: () => client, pageSize: () => 20, ...o });
    const changes: ModelChange[] = [];
    m.onDidChange((c) => changes.push(c));
    models.push(m);
    return { m, changes };
  };
  const page = (l: Loadable<UserPage>): UserPage => {
    assert.ok('value' in l && l.value, `a page of users, not ${l.state}${l.state === 'error' ? `: ${l.error.message}` : ''}`);
    return l.value;
  };
  const offsets = () => server.requests.filter((r) => r.route === 'GET /v1/users').map((r) => new URLSearchParams(r.search).get('offset'));
  const withSessions = (status = 'active') =>
    ordered.filter((u) => server.data.sessions.some((s) => s.user_id === u.id && s.status === status));

  // 45 users, and the server's hostile users after them
  clerkServerSuite({ seed: 7, users: 45 }, { ready: (s) => (server = s) });

  before(async () => {
    client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, retryBaseMs: 20 });
    ordered = await client.listUsers({ limit: 500 });
    const n = ordered.length;
    assert.ok(n > 40 && n < 60 && n % 20 !== 0, `${n} users: three pages, the last short`);
  });
  afterEach(async () => {
    for (const m of models) {
      await m.whenIdle();
      m.dispose();
    }
    models = [];
  });

  describe('user pages', () => {
    it('pages by offset, appending, with exactly one request per page (the first with the count beside it), until a short page', async () => {
      const { m, changes } = mk();
      assert.equal(m.users(INST).state, 'idle');
      assert.equal(server.count(), 0, 'nothing is read before it is asked for');
      let p = page(await m.ensureUsers(INST));
      assert.equal(server.count('GET /v1/users'), 1);
      assert.equal(server.count('GET /v1/users/count'), 1, 'the first page asks how many users there are, at once');
      assert.equal(server.count(), 2);
      assert.equal(p.total, ordered.length);
      assert.deepEqual(
        p.users.map((u) => u.id),
        ordered.slice(0, 20).map((u) => u.id),
      );
      assert.equal(p.done, false);
      await m.ensureUsers(INST);
      assert.equal(server.count(), 2, 'a loaded page is not read again');
      await m.loadMore(INST);
      assert.equal(server.count(), 3, 'Load more: one request, no count');
      assert.equal(page(m.users(INST)).done, false);
      await m.loadMore(INST);
      assert.equal(server.count(), 4);
      assert.deepEqual(offsets(), ['0', '20', '40']);
      p = page(m.users(INST));
      assert.deepEqual(
        p.users.map((u) => u.id),
        ordered.map((u) => u.id),
        'every user once, in order',
      );
      assert.equal(p.done, true);
      assert.equal(p.offset, ordered.length);
      await m.loadMore(INST);
      assert.equal(server.count(), 4, 'no request after the last page');
      assert.equal(p.total, ordered.length, 'the total is kept');
      const twice = [
        { scope: 'instance', instanceId: INST },
        { scope: 'instance', instanceId: INST },
      ];
      assert.deepEqual(changes, twice, 'loadMore fires; ensureUsers does not');
      const q = new URLSearchParams(server.requests.find((r) => r.route === 'GET /v1/users')!.search);
      assert.equal(q.get('order_by'), '-last_active_at');
      assert.equal(q.get('limit'), '20');
    });

    it('keeps a user once when activity moved them up between pages (offset paging repeats one)', async () => {
      const { m } = mk();
      page(await m.ensureUsers(INST));
      const mover = server.data.users.find((u) => u.id === ordered[30].id)!;
      const was = mover.last_active_at;
      mover.last_active_at = Date.now() + 60_000; // now first: everyone before it shifts one place down
      try {
        await m.loadMore(INST);
        const p = page(m.users(INST));
        const rows = 20;
        assert.equal(p.offset, 40, 'the next offset counts the rows the API sent');
        assert.equal(p.users.length, 20 + rows - 1, 'the repeated user was dropped');
        assert.equal(new Set(p.users.map((u) => u.id)).size, p.users.length, 'no user twice');
        assert.equal(p.users[20].id, ordered[20].id);
      } finally {
        mover.last_active_at = was;
      }
    });

    it('a second expand or Load more while a page loads waits for it: one request', async () => {
      const { m } = mk();
      server.controls.latency(150);
      const [a, b] = await Promise.all([m.ensureUsers(INST), m.ensureUsers(INST), m.loadMore(INST)]);
      assert.equal(server.count('GET /v1/users'), 1);
      assert.equal(page(a).users.length, 20);
      assert.equal(page(b).users, page(a).users, 'both see the same page');
      await Promise.all([m.loadMore(INST), m.loadMore(INST)]);
      assert.equal(server.count('GET /v1/users'), 2, 'two Load more clicks at once are one request');
      assert.equal(page(m.users(INST)).users.length, 40);
    });

    it('keeps an error without asking again, and Retry asks once more and recovers', async () => {
      const { m, changes } = mk();
      server.controls.failNext(1, 401, { route: 'GET /v1/users' });
      const l = await m.ensureUsers(INST);
      assert.equal(l.state, 'error');
      assert.ok(l.state === 'error' && l.error instanceof ClerkApiError && l.error.status === 401);
      await m.ensureUsers(INST);
      assert.equal(server.count('GET /v1/users'), 1, 'drawing the error again does not request again');
      m.retry(INST);
      assert.deepEqual(changes.at(-1), { scope: 'instance', instanceId: INST });
      assert.equal(page(await m.ensureUsers(INST)).users.length, 20);
      assert.equal(server.count('GET /v1/users'), 2);

      server.controls.failNext(1, 401, { route: 'GET /v1/users' });
      await m.loadMore(INST);
      const failed = m.users(INST);
      assert.equal(failed.state, 'error', 'a failed Load more is an error');
      assert.equal(page(failed).users.length, 20, 'that keeps the users already loaded');
      m.retry(INST);
      await m.whenIdle();
      assert.equal(page(m.users(INST)).users.length, 40, 'Retry loaded the page that failed');
      assert.deepEqual(offsets(), ['0', '0', '20', '20']);
    });

    it('searches per instance: the query goes to the API, paging starts over, clearing goes back', async () => {
      const { m, changes } = mk();
      await m.ensureUsers(INST);
      const target = ordered[33];
      const email = target.email_addresses[0].email_address;
      m.setSearch(INST, email);
      assert.equal(m.searchOf(INST), email);
      assert.deepEqual(changes.at(-1), { scope: 'instance', instanceId: INST });
      server.resetLog();
      const found = page(await m.ensureUsers(INST));
      assert.deepEqual(
        found.users.map((u) => u.id),
        [target.id],
      );
      assert.equal(found.done, true);
      const list = new URLSearchParams(server.requests.find((r) => r.route === 'GET /v1/users')!.search);
      assert.equal(list.get('query'), email);
      assert.equal(list.get('offset'), '0');
      const count = server.requests.find((r) => r.route === 'GET /v1/users/count');
      assert.equal(new URLSearchParams(count!.search).get('query'), email, 'the count has the same query');
      assert.equal(found.total, 1);
      assert.equal(m.searchOf('other'), undefined, 'a search belongs to one instance');
      m.setSearch(INST, undefined);
      assert.equal(page(await m.ensureUsers(INST)).users.length, 20);
    });
  });

  describe('session lists', () => {
    it("loads a user's sessions once with the status filter; concurrent expands wait for one request", async () => {
      const { m } = mk({ status: 'active' });
      const u = withSessions()[0];
      server.controls.latency(100);
      const [a, b] = await Promise.all([m.ensureSessions(INST, u.id), m.ensureSessions(INST, u.id)]);
      assert.equal(server.count('GET /v1/sessions'), 1);
      assert.ok('value' in a && 'value' in b && a.value === b.value);
      const q = new URLSearchParams(server.requests[0].search);
      assert.equal(q.get('user_id'), u.id);
      assert.equal(q.get('status'), 'active');
      const list = 'value' in a ? a.value!.sessions : [];
      const expected = server.data.sessions.filter((s) => s.user_id === u.id && s.status === 'active');
      assert.deepEqual(list.map((s) => s.id).sort(), expected.map((s) => s.id).sort());
      const times = list.map((s) => s.last_active_at);
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        'newest activity first',
      );
    });

    it('a new status filter forgets every list and reads with it', async () => {
      const { m, changes } = mk();
      const u = withSessions()[0];
      await m.ensureSessions(INST, u.id);
      m.setStatus('all');
      assert.deepEqual(changes.at(-1), { scope: 'all' });
      assert.equal(m.sessions(INST, u.id).state, 'idle');
      const all = await m.ensureSessions(INST, u.id);
      assert.equal(server.count('GET /v1/sessions'), 2);
      assert.equal(new URLSearchParams(server.requests[1].search).get('status'), null, '"all" sends no status');
      assert.equal('value' in all ? all.value!.sessions.length : -1, server.data.sessions.filter((s) => s.user_id === u.id).length);
      assert.equal(m.statusFilter, 'all');
    });

    it('keeps a session list error until Retry, which reads that list again', async () => {
      const { m, changes } = mk();
      const u = withSessions()[0];
      server.controls.failNext(1, 401, { route: 'GET /v1/sessions' });
      assert.equal((await m.ensureSessions(INST, u.id)).state, 'error');
      assert.equal((await m.ensureSessions(INST, u.id)).state, 'error');
      assert.equal(server.count(), 1);
      m.retry(INST, u.id);
      assert.deepEqual(changes.at(-1), { scope: 'user', instanceId: INST, userId: u.id });
      assert.equal((await m.ensureSessions(INST, u.id)).state, 'value');
      assert.equal(server.count(), 2);
    });

    it('updateSession puts a session the API returned in place, without a request', async () => {
      const { m, changes } = mk({ status: 'all' });
      const u = withSessions()[0];
      const before = await m.ensureSessions(INST, u.id);
      const target = ('value' in before ? before.value!.sessions : []).find((s) => s.status === 'active')!;
      const revoked = await client.revokeSession(target.id);
      assert.equal(revoked.status, 'revoked');
      server.resetLog();
      m.updateSession(INST, revoked);
      assert.equal(server.count(), 0);
      assert.deepEqual(changes.at(-1), { scope: 'user', instanceId: INST, userId: u.id });
      const after = m.sessions(INST, u.id);
      const inList = ('value' in after ? after.value!.sessions : []).filter((s) => s.id === target.id);
      assert.equal(inList.length, 1, 'replaced, not added twice');
      assert.equal(inList[0].status, 'revoked');

      const { m: activeOnly } = mk({ status: 'active' });
      const other = withSessions()[1];
      const l = await activeOnly.ensureSessions(INST, other.id);
      const victim = ('value' in l ? l.value!.sessions : [])[0];
      activeOnly.updateSession(INST, await client.revokeSession(victim.id));
      const now = activeOnly.sessions(INST, other.id);
      assert.ok('value' in now && !now.value!.sessions.some((s) => s.id === victim.id), 'a revoked session leaves the "active" list');
    });

    it("keeps at most maxSessionLists users' lists, forgetting the least recently used", async () => {
      const { m } = mk({ maxSessionLists: 3, status: 'all' });
      const five = ordered.slice(0, 5);
      for (const u of five) await m.ensureSessions(INST, u.id);
      assert.equal(server.count('GET /v1/sessions'), 5);
      assert.equal(m.size.sessionLists, 3);
      assert.equal(m.sessions(INST, five[0].id).state, 'idle', 'the oldest was forgotten');
      assert.equal(m.sessions(INST, five[4].id).state, 'value');
      await m.ensureSessions(INST, five[2].id); // a use: now the most recent
      assert.equal(server.count('GET /v1/sessions'), 5, 'a kept list is not read again');
      await m.ensureSessions(INST, five[0].id);
      assert.equal(server.count('GET /v1/sessions'), 6, 'a forgotten one is read again');
      assert.equal(m.size.sessionLists, 3);
      assert.equal(m.sessions(INST, five[3].id).state, 'idle', 'the least recently used went, not the one just used');
      assert.equal(m.sessions(INST, five[2].id).state, 'value');
    });

    it('LruMap evicts in use order and reports what it evicted', () => {
      const gone: string[] = [];
      const lru = new LruMap<string, number>(2, (k) => gone.push(k));
      lru.set('a', 1).set('b', 2);
      lru.get('a');
      lru.set('c', 3);
      assert.deepEqual([...lru.keys()], ['a', 'c']);
      assert.deepEqual(gone, ['b']);
      assert.equal(lru.get('zz'), undefined);
      assert.equal(lru.has('zz'), false, 'reading a missing key adds nothing');
      assert.deepEqual([...lru.keys()], ['a', 'c']);
      assert.throws(() => new LruMap(0), { name: 'RangeError', message: 'LruMap needs room for at least one entry, not 0' });
      assert.throws(() => new LruMap(Number.NaN), RangeError);
      const one = new LruMap<string, number>(1).set('x', 1).set('y', 2);
      assert.deepEqual([...one.keys()], ['y'], 'room for one');
    });
  });

  describe('whenIdle and refresh', () => {
    it('whenIdle waits for a load a refresh left behind, until the server has answered it', async () => {
      const { m, changes } = mk();
      server.controls.latency(200);
      void m.ensureUsers(INST);
      m.refresh();
      assert.deepEqual(changes.at(-1), { scope: 'all' });
      assert.equal(m.size.inflight, 1);
      await m.whenIdle();
      assert.equal(m.size.inflight, 0);
      assert.equal(server.count('GET /v1/users'), 1);
      assert.ok(
        server.requests.every((r) => r.status !== 0),
        'every request was answered',
      );
      assert.equal(m.users(INST).state, 'idle', 'the late answer did not land in the refreshed model');
    });

    it('refresh of one user forgets only that list; of an instance, its users and lists', async () => {
      const { m } = mk();
      const [u1, u2] = withSessions();
      await m.ensureUsers(INST);
      await m.ensureSessions(INST, u1.id);
      await m.ensureSessions(INST, u2.id);
      m.refresh(INST, u1.id);
      assert.equal(m.sessions(INST, u1.id).state, 'idle');
      assert.equal(m.sessions(INST, u2.id).state, 'value');
      assert.equal(m.users(INST).state, 'value');
      m.refresh(INST);
      assert.equal(m.sessions(INST, u2.id).state, 'idle');
      assert.equal(m.users(INST).state, 'idle');
    });

    it('retainInstances forgets instances whose key is gone, with their searches', async () => {
      const { m } = mk();
      await m.ensureUsers('a');
      await m.ensureUsers('b');
      m.setSearch('b', 'x');
      m.retainInstances(['a']);
      assert.equal(m.users('a').state, 'value');
      assert.equal(m.users('b').state, 'idle');
      assert.equal(m.searchOf('b'), undefined);
    });
  });

  describe('revealTarget (Show Session)', () => {
    it('makes a user on no loaded page present with ≤ 2 requests (memberships wait for a click), returns the session', async () => {
      const { m, changes } = mk();
      await m.ensureUsers(INST);
      const far = withSessions().find((u) => ordered.indexOf(u) >= 40)!;
      assert.ok(far, 'a user with an active session beyond the first two pages');
      const sess = server.data.sessions.find((s) => s.user_id === far.id && s.status === 'active')!;
      server.resetLog();
      const r = await m.revealTarget(INST, far.id, sess.id);
      assert.ok(server.count() <= 2, `requests: ${server.requests.map((x) => x.route).join(', ')}`);
      const routes = server.requests.map((x) => x.route);
      assert.deepEqual(routes, ['GET /v1/users/{user_id}', 'GET /v1/sessions']);
      server.resetLog();
      const children = await m.ensureUser(INST, far.id);
      assert.equal(children.memberships.state, 'idle', 'expanding the revealed user does not ask for memberships');
      assert.equal(server.count(), 0);
      m.retryMemberships(INST, far.id);
      assert.equal((await m.ensureUser(INST, far.id)).memberships.state, 'value', 'a click loads them');
      assert.equal(server.count(), 1);
      assert.equal(r.user.id, far.id);
      assert.equal(r.session?.id, sess.id);
      const p = page(m.users(INST));
      assert.deepEqual(
        p.revealed.map((u) => u.id),
        [far.id],
      );
      assert.ok(!p.users.some((u) => u.id === far.id));
      assert.equal(m.userOf(INST, far.id)?.id, far.id);
      assert.ok(changes.some((c) => c.scope === 'instance') && changes.some((c) => c.scope === 'user'));

      server.resetLog();
      const again = await m.revealTarget(INST, far.id, sess.id);
      assert.equal(server.count(), 0, 'known user and loaded list: no request');
      assert.equal(again.session?.id, sess.id);

      await m.loadMore(INST);
      await m.loadMore(INST);
      const all = page(m.users(INST));
      assert.equal(all.revealed.length, 0, 'once a page brings the user, they are shown in place only');
      assert.equal(all.users.filter((u) => u.id === far.id).length, 1);
    });

    it('works before the instance was ever expanded, and keeps the revealed user when the first page arrives', async () => {
      const { m } = mk();
      const far = ordered[ordered.length - 1];
      const r = await m.revealTarget(INST, far.id);
      assert.equal(server.count(), 2);
      assert.equal(r.session, undefined);
      const p = page(await m.ensureUsers(INST));
      assert.equal(server.count(), 4, 'the first page (and its count) are then read as usual');
      assert.deepEqual(
        p.revealed.map((u) => u.id),
        [far.id],
      );
      assert.equal(p.users.length, 20);
    });

    it('reads a loaded list again (once) when it lacks the session, and throws what the API threw', async () => {
      const { m } = mk({ status: 'all' });
      const u = withSessions()[0];
      await m.ensureUsers(INST);
      await m.ensureUser(INST, u.id);
      server.resetLog();
      const r = await m.revealTarget(INST, u.id, 'sess_not_there');
      assert.equal(server.count(), 1, 'one re-read of the list, no user request');
      assert.equal(r.session, undefined);
      await assert.rejects(m.revealTarget(INST, 'user_does_not_exist'), (e: unknown) => e instanceof ClerkApiError && e.status === 404);
    });
  });

  describe('pending sessions and organizations', () => {
    const sessionsOf = (l: Loadable<SessionList>) => {
      assert.ok('value' in l && l.value, `a session list, not ${l.state}${l.state === 'error' ? `: ${l.error.message}` : ''}`);
      return l.value;
    };
    const membershipsOf = (l: Loadable<MembershipList>) => {
      assert.ok('value' in l && l.value, `memberships, not ${l.state}${l.state === 'error' ? `: ${l.error.message}` : ''}`);
      return l.value;
    };
    const userWith = (pred: (uid: string) => boolean) => {
      const u = ordered.find((x) => pred(x.id));
      assert.ok(u, 'a user the seeded data has');
      return u;
    };
    const has = (uid: string, status: string) => server.data.sessions.some((s) => s.user_id === uid && s.status === status);
    const memberOf = (uid: string) => server.data.memberships.filter((x) => x.user_id === uid);

    it('the default filter is "current": active AND pending, with ONE unfiltered request per user, pending kept', async () => {
      const { m } = mk();
      assert.equal(m.statusFilter, 'current');
      const u = userWith((id) => has(id, 'pending'));
      const l = sessionsOf(await m.ensureSessions(INST, u.id));
      assert.equal(server.count(), 1, `requests: ${server.requests.map((r) => r.route + r.search).join(', ')}`);
      const q = new URLSearchParams(server.requests[0].search);
      assert.equal(q.get('status'), null, 'no status filter: the list endpoint has no "pending"');
      assert.equal(q.get('user_id'), u.id);
      assert.equal(q.get('limit'), '100');
      const want = server.data.sessions.filter((s) => s.user_id === u.id && (s.status === 'active' || s.status === 'pending'));
      assert.deepEqual(l.sessions.map((s) => s.id).sort(), want.map((s) => s.id).sort());
      assert.equal(l.read, server.data.sessions.filter((s) => s.user_id === u.id).length, 'every status was read, once');
      const pending = l.sessions.filter((s) => s.status === 'pending');
      assert.ok(pending.length > 0, 'the pending session is kept');
      for (const p of pending) assert.deepEqual(p.tasks, [{ key: 'choose-organization' }]);

      // Why: the server (as the spec) refuses status=pending.
      const headers = { authorization: `Bearer ${server.secretKey}` };
      const res = await fetch(`${server.url}/sessions?user_id=${u.id}&status=pending`, { headers });
      assert.equal(res.status, 422);
    });

    it('"pending" alone is one unfiltered request too; single statuses send their filter; updateSession follows it', async () => {
      const u = userWith((id) => has(id, 'pending') && ['active', 'revoked', 'ended', 'expired'].some((st) => has(id, st)));
      const { m } = mk({ status: 'pending' });
      const p = sessionsOf(await m.ensureSessions(INST, u.id));
      assert.ok(p.sessions.length > 0 && p.sessions.every((s) => s.status === 'pending'));
      assert.equal(new URLSearchParams(server.requests[0].search).get('status'), null);
      for (const f of STATUS_FILTERS.filter((x) => !['current', 'pending', 'all'].includes(x))) {
        m.setStatus(f);
        server.resetLog();
        const l = sessionsOf(await m.ensureSessions(INST, u.id));
        assert.equal(server.count(), 1);
        assert.equal(new URLSearchParams(server.requests[0].search).get('status'), f);
        assert.ok(l.sessions.every((s) => s.status === f));
      }
      m.setStatus('current');
      const cur = sessionsOf(await m.ensureSessions(INST, u.id));
      const pend = cur.sessions.find((s) => s.status === 'pending')!;
      m.updateSession(INST, { ...pend, status: 'active' });
      assert.ok(
        sessionsOf(m.sessions(INST, u.id)).sessions.some((s) => s.id === pend.id),
        'pending → active stays under "current"',
      );
      m.updateSession(INST, { ...pend, status: 'revoked' });
      assert.ok(!sessionsOf(m.sessions(INST, u.id)).sessions.some((s) => s.id === pend.id), 'revoked leaves "current"');
    });

    it("memberships beyond one request's limit: the rows asked for, and the total as Clerk counts it", async () => {
      const { m } = mk({ listLimits: { memberships: 1 } });
      const u = userWith((id) => memberOf(id).length >= 2);
      const list = membershipsOf((await m.ensureUser(INST, u.id)).memberships);
      assert.equal(list.memberships.length, 1, 'one row, as asked (limit 1)');
      assert.equal(list.totalCount, memberOf(u.id).length, 'the total counts the rows not sent too');
      assert.match(server.requests.find((r) => r.route.endsWith('organization_memberships'))!.search, /[?&]limit=1(&|$)/);
    });

    it('expanding a user sends the sessions and the memberships at once: one more request, none for a second expand', async () => {
      const { m } = mk();
      const u = userWith((id) => memberOf(id).length >= 2);
      server.controls.latency(300);
      const t = Date.now();
      const { sessions, memberships } = await m.ensureUser(INST, u.id);
      const took = Date.now() - t;
      const both = ['GET /v1/sessions', 'GET /v1/users/{user_id}/organization_memberships'];
      assert.deepEqual(server.requests.map((r) => r.route).sort(), both);
      const [r1, r2] = server.requests;
      assert.ok(Math.abs(r1.at - r2.at) < 250, `both were sent before either was answered (${Math.abs(r1.at - r2.at)} ms apart)`);
      assert.ok(took < 550, `in parallel: ${took} ms for two requests of 300 ms`);
      sessionsOf(sessions);
      const list = membershipsOf(memberships);
      assert.equal(list.totalCount, memberOf(u.id).length);
      assert.deepEqual(
        list.memberships.map((x) => x.organization.id).sort(),
        memberOf(u.id)
          .map((x) => x.organization_id)
          .sort(),
      );
      assert.deepEqual(
        list.memberships.map((x) => x.role).sort(),
        memberOf(u.id)
          .map((x) => x.role)
          .sort(),
      );
      server.controls.latency(0);
      server.resetLog();
      await m.ensureUser(INST, u.id);
      assert.equal(server.count(), 0, 'a second expand reads nothing');
      m.setStatus('all');
      await m.ensureUser(INST, u.id);
      assert.deepEqual(
        server.requests.map((r) => r.route),
        ['GET /v1/sessions'],
        'a new filter re-reads only the sessions',
      );
      m.refresh(INST, u.id);
      assert.equal(m.memberships(INST, u.id).state, 'idle', 'refreshing the user forgets the memberships too');
      server.resetLog();
      await m.ensureUser(INST, u.id);
      assert.equal(server.count(), 2);
      const q = new URLSearchParams(server.requests.find((r) => r.route.endsWith('organization_memberships'))!.search);
      assert.equal(q.get('limit'), '100');
      const none = userWith((id) => memberOf(id).length === 0);
      assert.equal(membershipsOf(await m.ensureMemberships(INST, none.id)).memberships.length, 0);
    });

    it("resolves a session's last active organization (name, role) from the loaded memberships; the id when unknown", async () => {
      const s = server.data.sessions.find((x) => x.last_active_organization_id && x.status === 'active');
      assert.ok(s, 'a session with a last active organization');
      const org = server.data.organizations.find((o) => o.id === s.last_active_organization_id)!;
      const role = server.data.memberships.find((x) => x.user_id === s.user_id && x.organization_id === org.id)!.role;
      const { m } = mk();
      const before = sessionsOf(await m.ensureSessions(INST, s.user_id)).sessions.find((x) => x.id === s.id)!;
      assert.deepEqual(m.sessionOrg(INST, before), { id: org.id, known: false }, 'memberships not loaded: the id only');
      server.resetLog();
      const r = await m.resolveSessionOrg(INST, before);
      assert.equal(server.count(), 1, 'Inspect without an expand: one request for the memberships');
      assert.deepEqual(r, { id: org.id, name: org.name, slug: org.slug, role: role.replace(/^org:/, ''), rawRole: role, known: true });
      server.resetLog();
      assert.deepEqual(await m.resolveSessionOrg(INST, before), r);
      assert.equal(server.count(), 0, 'loaded: no request');
      assert.deepEqual(m.sessionOrg(INST, { ...before, last_active_organization_id: 'org_gone' }), { id: 'org_gone', known: false });
      assert.equal(m.sessionOrg(INST, { ...before, last_active_organization_id: null }), undefined);
      const plain = { ...before, last_active_organization_id: null };
      assert.equal(await m.resolveSessionOrg(INST, plain), undefined);
    });

    it('a failed memberships load is kept apart from the sessions; its Retry reads only the memberships', async () => {
      const { m, changes } = mk();
      const u = userWith((id) => memberOf(id).length > 0);
      server.controls.failNext(1, 403, { route: 'GET /v1/users/{user_id}/organization_memberships' });
      const first = await m.ensureUser(INST, u.id);
      assert.equal(first.sessions.state, 'value');
      assert.equal(first.memberships.state, 'error');
      server.resetLog();
      m.retryMemberships(INST, u.id);
      assert.deepEqual(changes.at(-1), { scope: 'user', instanceId: INST, userId: u.id });
      const again = await m.ensureUser(INST, u.id);
      assert.deepEqual(
        server.requests.map((r) => r.route),
        ['GET /v1/users/{user_id}/organization_memberships'],
      );
      assert.equal(membershipsOf(again.memberships).memberships.length, memberOf(u.id).length);
      m.retainInstances([]);
      assert.equal(m.size.membershipLists, 0, 'forgotten with their instance');
    });

    it("refreshing an instance or searching it forgets its users' memberships (read again, once); another instance's stay", async () => {
      const { m } = mk();
      const u = userWith((id) => memberOf(id).length > 0);
      const route = 'GET /v1/users/{user_id}/organization_memberships';
      await m.ensureUser('a', u.id);
      await m.ensureUser('b', u.id);
      assert.equal(server.count(route), 2, 'one request per instance');
      m.refresh('a');
      assert.equal(m.memberships('a', u.id).state, 'idle', 'refreshing the instance forgets its memberships');
      assert.equal(m.memberships('b', u.id).state, 'value', "another instance's stay");
      await m.ensureUser('b', u.id);
      await m.ensureUser('a', u.id);
      assert.equal(server.count(route), 3, 'read again for the refreshed instance only');
      m.setSearch('a', u.id);
      assert.equal(m.memberships('a', u.id).state, 'idle', 'a new search forgets them too');
      assert.equal(membershipsOf(await m.ensureMemberships('a', u.id)).memberships.length, memberOf(u.id).length);
      assert.equal(server.count(route), 4);
      assert.equal(m.memberships('b', u.id).state, 'value');
    });
  });
});

describe('KeyedLoader (the one loader behind session lists and memberships)', () => {
  // A load that counts its calls and settles when told: the loader's own behaviour, no server needed.
  const counted = () => {
    const calls: string[] = [];
    const pending: { key: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
    const load = (key: string) =>
      new Promise<string>((resolve, reject) => {
        calls.push(key);
        pending.push({ key, resolve, reject });
      });
    return { calls, pending, load };
  };
  const tick = () => new Promise((r) => setImmediate(r));

  it('concurrent ensures of one key share one load; the value is kept (no second load)', async () => {
    const c = counted();
    const l = new KeyedLoader<string>({ max: 10, load: c.load });
    const a = l.ensure('k');
    const b = l.ensure('k');
    await tick();
    assert.deepEqual(c.calls, ['k']);
    assert.equal(l.view('k').state, 'loading');
    c.pending[0].resolve('v');
    assert.deepEqual(
      [await a, await b],
      [
        { state: 'value', value: 'v' },
        { state: 'value', value: 'v' },
      ],
    );
    assert.deepEqual(await l.ensure('k'), { state: 'value', value: 'v' });
    assert.deepEqual(c.calls, ['k']);
  });

  it('keeps a failure (reported once) until forget; ensure after forget loads again (retry)', async () => {
    const c = counted();
    const errors: string[] = [];
    const l = new KeyedLoader<string>({ max: 10, load: c.load, onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`) });
    const first = l.ensure('k');
    await tick();
    c.pending[0].reject(new Error('boom'));
    const got = await first;
    assert.equal(got.state, 'error');
    assert.deepEqual(errors, ['k: boom']);
    assert.equal((await l.ensure('k')).state, 'error', 'a kept error is not retried by itself');
    assert.equal(c.calls.length, 1);
    l.forget('k');
    assert.equal(l.view('k').state, 'idle');
    const again = l.ensure('k');
    await tick();
    assert.equal(c.calls.length, 2);
    c.pending[1].resolve('ok');
    assert.deepEqual(await again, { state: 'value', value: 'ok' });
  });

  it('a failed load without an onError is kept as the error all the same', async () => {
    const l = new KeyedLoader<string>({ max: 10, load: () => Promise.reject(new Error('offline')) });
    const got = await l.ensure('k');
    assert.ok(got.state === 'error' && got.error.message === 'offline', got.state);
  });

  it('stays bounded: the least recently used key is forgotten first and loads again when asked', async () => {
    const calls: string[] = [];
    const l = new KeyedLoader<string>({ max: 2, load: (k) => (calls.push(k), Promise.resolve(k.toUpperCase())) });
    await l.ensure('a');
    await l.ensure('b');
    await l.ensure('a'); // a is now the most recently used
    await l.ensure('c'); // b goes
    assert.equal(l.size, 2);
    assert.equal(l.view('b').state, 'idle');
    assert.deepEqual(l.view('a'), { state: 'value', value: 'A' });
    await l.ensure('b');
    assert.deepEqual(calls, ['a', 'b', 'c', 'b']);
  });

  it('update changes a loaded value without a load; forgetWhere and clear forget what they pick', async () => {
    const calls: string[] = [];
    const l = new KeyedLoader<string>({ max: 10, load: (k) => (calls.push(k), Promise.resolve(k)) });
    l.update('x', (v) => v + '!'); // nothing loaded: nothing happens
    assert.equal(l.view('x').state, 'idle');
    await l.ensure('i1/a');
    await l.ensure('i2/b');
    l.update('i1/a', (v) => v + '!');
    assert.equal(l.value('i1/a'), 'i1/a!');
    l.forgetWhere((k) => k.startsWith('i1/'));
    assert.deepEqual([l.view('i1/a').state, l.view('i2/b').state], ['idle', 'value']);
    l.clear();
    assert.equal(l.size, 0);
    assert.deepEqual(calls, ['i1/a', 'i2/b']);
  });

  it('tracks its loads in the given Inflight, so whenIdle waits for them', async () => {
    const inflight = new Inflight();
    const c = counted();
    const l = new KeyedLoader<string>({ max: 10, load: c.load, inflight });
    void l.ensure('k');
    await tick();
    assert.equal(inflight.size, 1);
    let idle = false;
    const w = inflight.whenIdle().then(() => (idle = true));
    await tick();
    assert.equal(idle, false);
    c.pending[0].resolve('v');
    await w;
    assert.equal(inflight.size, 0);
  });
});
