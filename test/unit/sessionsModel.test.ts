// SessionsModel on plain Node against the local Clerk server over HTTP, the parts model.test.ts leaves: what it logs
// (and how it names an instance), a failed user count, the options (sessionLimit, listLimits, maxRevealed), the
// API's total_count, sessions this window created, Retry when nothing or only a first page failed, and its sizes.
import * as assert from 'node:assert/strict';
import { ClerkClient } from '../../src/clerk/client';
import { ClerkApiError } from '../../src/clerk/errors';
import type { User } from '../../src/clerk/types';
import {
  SessionsModel,
  type Loadable,
  type ModelChange,
  type SessionList,
  type SessionsModelOptions,
  type UserPage,
} from '../../src/model/sessionsModel';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

describe('SessionsModel: logs, options and the edges', function () {
  this.timeout(20_000);
  let server: ClerkServer;
  let client: ClerkClient;
  let ordered: User[];
  let models: SessionsModel[] = [];
  const INST = 'inst1';
  const MEMBERSHIPS = 'GET /v1/users/{user_id}/organization_memberships';

  const mk = (o: Partial<SessionsModelOptions> = {}) => {
    const lines: string[] = [];
    const log = { info: (msg: string) => lines.push(`info ${msg}`), error: (msg: string) => lines.push(`error ${msg}`) };
    const m = new SessionsModel({ client: () => client, pageSize: () => 20, log, ...o });
    const changes: ModelChange[] = [];
    m.onDidChange((c) => changes.push(c));
    models.push(m);
    return { m, changes, lines };
  };
  const page = (l: Loadable<UserPage>): UserPage => {
    assert.ok('value' in l && l.value, `a page of users, not ${l.state}`);
    return l.value;
  };
  const withSessions = (status = 'active') =>
    ordered.filter((u) => server.data.sessions.some((s) => s.user_id === u.id && s.status === status));

  clerkServerSuite({ seed: 7, users: 45 }, { ready: (s) => (server = s) });
  before(async () => {
    client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, retryBaseMs: 20 });
    ordered = await client.listUsers({ limit: 500 });
  });
  afterEach(async () => {
    for (const m of models) {
      await m.whenIdle();
      m.dispose();
    }
    models = [];
    server.controls.paginatedShape('array');
  });

  it('logs each page it loaded and each load that failed, naming the instance as told (by default: its id)', async () => {
    const { m, lines } = mk({ instanceName: (id) => `Acme (${id})` });
    const u = withSessions()[0];
    await m.ensureUsers(INST);
    await m.loadMore(INST);
    server.controls.failNext(1, 401, { route: 'GET /v1/users' });
    await m.loadMore(INST);
    server.controls.failNext(1, 401, { route: 'GET /v1/sessions' });
    server.controls.failNext(1, 403, { route: MEMBERSHIPS });
    await m.ensureUser(INST, u.id);
    assert.deepEqual(lines.slice(0, 3), [
      'info Loaded 20 users (offset 0) of Acme (inst1)',
      'info Loaded 20 users (offset 20) of Acme (inst1)',
      'error Could not load the users of Acme (inst1)',
    ]);
    // the two loads of an expand run at once: either may fail first
    assert.deepEqual(lines.slice(3).sort(), [
      `error Could not load sessions of ${u.id}`,
      `error Could not load the organization memberships of ${u.id}`,
    ]);
    const { m: plain, lines: plainLines } = mk();
    await plain.ensureUsers('ins_2');
    assert.deepEqual(plainLines, ['info Loaded 20 users (offset 0) of instance ins_2']);
  });

  it('a failed count leaves the total unknown (and logged) while the page loads; the next pages ask for no count', async () => {
    const { m, lines } = mk();
    server.controls.failNext(1, 401, { route: 'GET /v1/users/count' });
    const p = page(await m.ensureUsers(INST));
    assert.equal(p.users.length, 20);
    assert.equal(p.total, undefined);
    assert.ok(!('total' in p), 'no total at all, not total: undefined');
    assert.deepEqual(lines, ['error Could not count the users of instance inst1', 'info Loaded 20 users (offset 0) of instance inst1']);
    await m.loadMore(INST);
    assert.equal(server.count('GET /v1/users/count'), 1);
    assert.equal(page(m.users(INST)).total, undefined);
  });

  it('reads as many sessions and memberships per user as told, and keeps the total_count the API sends', async () => {
    const u = withSessions().find((x) => server.data.sessions.filter((s) => s.user_id === x.id).length >= 2)!;
    const { m } = mk({ sessionLimit: 7, listLimits: { memberships: 3 }, status: 'all' });
    await m.ensureUser(INST, u.id);
    const q = (route: string) => new URLSearchParams(server.requests.find((r) => r.route === route)!.search);
    assert.equal(q('GET /v1/sessions').get('limit'), '7');
    assert.equal(q(MEMBERSHIPS).get('limit'), '3');
    const l = m.sessions(INST, u.id);
    assert.ok('value' in l && l.value);
    assert.equal(l.value.totalCount, undefined, 'the plain array shape has no total_count');
    assert.ok(!('totalCount' in l.value));
    assert.equal(l.value.read, l.value.sessions.length);

    server.controls.paginatedShape('object'); // as the live API answers paginated=true
    const { m: m2 } = mk({ sessionLimit: 1, status: 'all' });
    const one = await m2.ensureSessions(INST, u.id);
    assert.ok('value' in one && one.value);
    assert.equal(one.value.read, 1);
    assert.equal(one.value.totalCount, server.data.sessions.filter((s) => s.user_id === u.id).length);
  });

  it('keeps at most maxRevealed revealed users, the latest first', async () => {
    const { m } = mk({ maxRevealed: 2 });
    const far = ordered.slice(-3);
    for (const u of far) await m.revealTarget(INST, u.id);
    assert.deepEqual(
      page(m.users(INST)).revealed.map((u) => u.id),
      [far[2].id, far[1].id],
    );
    const { m: dflt } = mk();
    const many = ordered.slice(-22);
    for (const u of many) await dflt.revealTarget(INST, u.id);
    assert.equal(page(dflt.users(INST)).revealed.length, 20, 'twenty by default');
  });

  it('a session created here is put in place and known as created here, per instance', async () => {
    const u = withSessions()[0];
    const { m, changes } = mk({ status: 'active' });
    await m.ensureSessions(INST, u.id);
    const created = await client.createSession({ userId: u.id });
    server.resetLog();
    assert.equal(m.isCreatedHere(INST, created.id), false);
    m.addCreatedSession(INST, created);
    assert.equal(server.count(), 0, 'no request');
    assert.equal(m.isCreatedHere(INST, created.id), true);
    assert.equal(m.isCreatedHere('other', created.id), false, 'another instance did not create it');
    const l = m.sessions(INST, u.id);
    assert.ok('value' in l && l.value?.sessions.some((s) => s.id === created.id), 'in the list');
    assert.deepEqual(changes.at(-1), { scope: 'user', instanceId: INST, userId: u.id });
  });

  it('Retry of an instance never loaded only redraws; after a failed first page it reads the first page again', async () => {
    const { m, changes } = mk();
    m.retry('nowhere');
    assert.deepEqual(changes, [{ scope: 'instance', instanceId: 'nowhere' }]);
    await m.whenIdle();
    assert.equal(server.count(), 0);
    assert.equal(m.users('nowhere').state, 'idle');

    server.controls.failNext(1, 401, { route: 'GET /v1/users' });
    assert.equal((await m.ensureUsers(INST)).state, 'error');
    m.retry(INST);
    assert.deepEqual(changes.at(-1), { scope: 'instance', instanceId: INST });
    assert.equal(m.users(INST).state, 'idle', 'the error is gone, nothing is loading yet');
    assert.equal(page(await m.ensureUsers(INST)).users.length, 20);
    const offsets = server.requests.filter((r) => r.route === 'GET /v1/users').map((r) => new URLSearchParams(r.search).get('offset'));
    assert.deepEqual(offsets, ['0', '0']);
  });

  it('Load more of an instance never expanded sends nothing; its size counts what is kept', async () => {
    const { m, changes } = mk();
    await m.loadMore(INST);
    assert.equal(server.count(), 0);
    assert.deepEqual(changes, []);
    assert.deepEqual(m.size, { instances: 0, sessionLists: 0, membershipLists: 0, inflight: 0 });
    const u = withSessions()[0];
    await m.ensureUsers(INST);
    await m.ensureUser(INST, u.id);
    await m.ensureSessions(INST, withSessions()[1].id);
    assert.deepEqual(m.size, { instances: 1, sessionLists: 2, membershipLists: 1, inflight: 0 });
  });

  const sessionsOf = (l: Loadable<SessionList>): SessionList => {
    assert.ok('value' in l && l.value, `a session list, not ${l.state}`);
    return l.value;
  };
  const memberOf = (uid: string) => server.data.memberships.filter((x) => x.user_id === uid);

  it("asks for each instance's own client, and keeps instances, searches and lists apart", async () => {
    const asked: string[] = [];
    const wrong = new ClerkClient({ secretKey: 'sk_test_' + 'x'.repeat(40), apiUrl: server.url, retryBaseMs: 20 });
    const { m } = mk({ client: (id) => (asked.push(id), id === 'bad' ? wrong : client) });
    const u = ordered.find((x) => memberOf(x.id).length > 0 && withSessions().includes(x))!;
    const good = await m.ensureUser(INST, u.id);
    const bad = await m.ensureUser('bad', u.id);
    assert.deepEqual([...new Set(asked)].sort(), ['bad', INST]);
    assert.deepEqual([good.sessions.state, good.memberships.state], ['value', 'value']);
    assert.deepEqual([bad.sessions.state, bad.memberships.state], ['error', 'error'], "the other instance's key is refused");
    assert.ok(bad.sessions.state === 'error' && bad.sessions.error instanceof ClerkApiError && bad.sessions.error.status === 401);
  });

  it('an empty search is no search', async () => {
    const { m } = mk();
    m.setSearch(INST, '');
    assert.equal(m.searchOf(INST), undefined);
    await m.ensureUsers(INST);
    assert.equal(new URLSearchParams(server.requests.find((r) => r.route === 'GET /v1/users')!.search).get('query'), null);
  });

  it('pages of the size given (read at each page), 20 when none is', async () => {
    const limits = () => server.requests.filter((r) => r.route === 'GET /v1/users').map((r) => new URLSearchParams(r.search).get('limit'));
    const { m } = mk({ pageSize: undefined });
    assert.equal(page(await m.ensureUsers(INST)).users.length, 20);
    let size = 7;
    const { m: small } = mk({ pageSize: () => size });
    assert.equal(page(await small.ensureUsers(INST)).users.length, 7);
    size = 9;
    await small.loadMore(INST);
    assert.equal(page(small.users(INST)).users.length, 16);
    assert.deepEqual(limits(), ['20', '7', '9']);
  });

  it('without a log, a failed count still leaves the page loaded', async () => {
    const m = new SessionsModel({ client: () => client, pageSize: () => 20 });
    models.push(m);
    server.controls.failNext(1, 401, { route: 'GET /v1/users/count' });
    const p = page(await m.ensureUsers(INST));
    assert.equal(p.users.length, 20);
    assert.equal(p.total, undefined);
  });

  it('userOf finds a user on the loaded pages or revealed, and no one else', async () => {
    const { m } = mk();
    assert.equal(m.userOf(INST, ordered[0].id), undefined, 'nothing loaded');
    await m.ensureUsers(INST);
    assert.equal(m.userOf(INST, ordered[13].id)?.id, ordered[13].id);
    assert.equal(m.userOf(INST, ordered[30].id), undefined, 'not on a loaded page');
    await m.revealTarget(INST, ordered[30].id);
    assert.equal(m.userOf(INST, ordered[30].id)?.id, ordered[30].id, 'revealed');
    assert.equal(m.userOf(INST, 'user_nobody'), undefined);
  });

  it('a Load more that a refresh overtook lands nowhere and says nothing', async () => {
    const { m, changes } = mk();
    await m.ensureUsers(INST);
    server.controls.latency(100);
    const more = m.loadMore(INST);
    await new Promise((r) => setTimeout(r, 20));
    m.refresh(INST);
    await more;
    assert.deepEqual(changes, [{ scope: 'instance', instanceId: INST }], "only the refresh's");
    assert.equal(m.users(INST).state, 'idle');
  });

  it('updateSession replaces one session and keeps the others of the list', async () => {
    const u = ordered.find((x) => server.data.sessions.filter((s) => s.user_id === x.id && s.status === 'active').length >= 2)!;
    assert.ok(u, 'a user with two active sessions');
    const { m } = mk({ status: 'active' });
    const before = sessionsOf(await m.ensureSessions(INST, u.id)).sessions;
    const revoked = await client.revokeSession(before[0].id);
    m.updateSession(INST, revoked);
    assert.deepEqual(
      sessionsOf(m.sessions(INST, u.id)).sessions.map((s) => s.id),
      before.slice(1).map((s) => s.id),
    );
  });

  it('resolveSessionOrg sends nothing for a session without an organization', async () => {
    const s = server.data.sessions.find((x) => !x.last_active_organization_id && memberOf(x.user_id).length > 0)!;
    const { m } = mk();
    const session = (await client.listSessions({ userId: s.user_id, limit: 100 })).data.find((x) => x.id === s.id)!;
    server.resetLog();
    assert.equal(await m.resolveSessionOrg(INST, session), undefined);
    assert.equal(server.count(), 0);
  });

  describe('revealTarget', () => {
    it('does not reveal a user the first page brought while their own request was on its way', async () => {
      const { m } = mk();
      server.controls.latency(50);
      server.controls.failNext(1, 503, { route: 'GET /v1/users/{user_id}' }); // retried: the user arrives after the page
      const first = m.ensureUsers(INST);
      const r = await m.revealTarget(INST, ordered[0].id);
      await first;
      assert.equal(r.user.id, ordered[0].id);
      const p = page(m.users(INST));
      assert.deepEqual(p.revealed, []);
      assert.equal(p.users.filter((u) => u.id === ordered[0].id).length, 1);
    });

    it('joins a session list on its way, and needs no request for a loaded list that has the session (or when none is asked)', async () => {
      const u = ordered.find((x) => server.data.sessions.filter((s) => s.user_id === x.id && s.status === 'active').length >= 2)!;
      const { m, changes } = mk();
      await m.ensureUsers(INST);
      server.resetLog();
      server.controls.latency(50);
      const loading = m.ensureSessions(INST, u.id);
      const list = server.data.sessions.filter((s) => s.user_id === u.id && s.status === 'active');
      const r = await m.revealTarget(INST, u.id, list[1].id);
      await loading;
      assert.equal(server.count('GET /v1/sessions'), 1, 'the list on its way was joined');
      assert.equal(r.session?.id, list[1].id);
      assert.deepEqual(changes, [], 'nothing new to draw');
      for (const sid of [list[0].id, list[1].id, undefined]) {
        const again = await m.revealTarget(INST, u.id, sid);
        assert.equal(again.user.id, u.id);
        assert.equal(again.session?.id, sid);
      }
      assert.equal(server.count(), 1, 'loaded and holding the session: no request');
    });

    it('reading the list again tells the tree (one user change), and a failure of that read is thrown', async () => {
      const u = withSessions()[0];
      const { m, changes } = mk();
      await m.ensureUsers(INST);
      await m.ensureSessions(INST, u.id);
      changes.length = 0;
      const r = await m.revealTarget(INST, u.id, 'sess_created_elsewhere');
      assert.deepEqual(changes, [{ scope: 'user', instanceId: INST, userId: u.id }]);
      assert.deepEqual(Object.keys(r), ['user']);
      assert.equal(r.user.id, u.id);
      server.controls.failNext(1, 401, { route: 'GET /v1/sessions' });
      await assert.rejects(
        m.revealTarget(INST, u.id, 'sess_created_elsewhere'),
        (e: unknown) => e instanceof ClerkApiError && e.status === 401,
      );
    });

    it("a revealed user's memberships wait for a click, unless something else is loading them", async () => {
      const u = ordered[40];
      const { m } = mk();
      await m.revealTarget(INST, u.id);
      assert.equal((await m.ensureUser(INST, u.id)).memberships.state, 'idle');
      const inspect = m.ensureMemberships(INST, u.id); // Inspect asks for them meanwhile
      const children = await m.ensureUser(INST, u.id);
      assert.equal(children.memberships.state, 'value', 'the expand waits for the load on its way');
      await inspect;
      assert.equal(server.count(MEMBERSHIPS), 1);
    });

    it('a user whose memberships were loaded is not deferred by a reveal: a refresh reads them again at once', async () => {
      const u = withSessions()[0];
      const { m } = mk();
      await m.ensureUsers(INST);
      await m.ensureUser(INST, u.id);
      await m.revealTarget(INST, u.id, 'sess_created_elsewhere');
      m.refresh(INST, u.id);
      server.resetLog();
      const c = await m.ensureUser(INST, u.id);
      assert.equal(c.memberships.state, 'value');
      assert.equal(server.count(MEMBERSHIPS), 1);
    });

    it('keeps at most maxRevealed users waiting for their memberships: the oldest loads them on expand', async () => {
      const [a, b, c] = ordered.slice(-3);
      const { m } = mk({ maxRevealed: 2 });
      for (const u of [a, b, c]) await m.revealTarget(INST, u.id);
      server.resetLog();
      const states = [];
      for (const u of [a, b, c]) states.push((await m.ensureUser(INST, u.id)).memberships.state);
      assert.deepEqual(states, ['value', 'idle', 'idle']);
      assert.equal(server.count(MEMBERSHIPS), 1);
    });
  });

  describe('refresh, retry, retainInstances', () => {
    it('refresh fires exactly one change of its scope', async () => {
      const u = withSessions()[0];
      const { m, changes } = mk();
      m.refresh(INST, u.id);
      m.refresh(INST);
      m.refresh();
      assert.deepEqual(changes, [
        { scope: 'user', instanceId: INST, userId: u.id },
        { scope: 'instance', instanceId: INST },
        { scope: 'all' },
      ]);
    });

    it("refreshing one instance keeps another's users and session lists", async () => {
      const u = withSessions()[0];
      const { m } = mk();
      for (const id of ['a', 'b']) {
        await m.ensureUsers(id);
        await m.ensureUser(id, u.id);
      }
      m.refresh('a');
      assert.deepEqual([m.users('b').state, m.sessions('b', u.id).state, m.memberships('b', u.id).state], ['value', 'value', 'value']);
      assert.deepEqual([m.users('a').state, m.sessions('a', u.id).state, m.memberships('a', u.id).state], ['idle', 'idle', 'idle']);
    });

    it('Retry after a failed Load more fires one change and loads the page', async () => {
      const { m, changes } = mk();
      await m.ensureUsers(INST);
      server.controls.failNext(1, 401, { route: 'GET /v1/users' });
      await m.loadMore(INST);
      changes.length = 0;
      m.retry(INST);
      assert.deepEqual(changes, [{ scope: 'instance', instanceId: INST }]);
      await m.whenIdle();
      assert.equal(page(m.users(INST)).users.length, 40);
    });

    it("retainInstances keeps the listed instances' users, searches and lists, and forgets the others'", async () => {
      const u = withSessions()[0];
      const { m, changes } = mk();
      for (const id of ['a', 'b']) {
        m.setSearch(id, u.id);
        await m.ensureUsers(id);
        await m.ensureUser(id, u.id);
      }
      changes.length = 0;
      m.retainInstances(['a', 'c']);
      assert.deepEqual([m.users('a').state, m.sessions('a', u.id).state, m.memberships('a', u.id).state], ['value', 'value', 'value']);
      assert.equal(m.searchOf('a'), u.id);
      assert.deepEqual([m.users('b').state, m.sessions('b', u.id).state, m.memberships('b', u.id).state], ['idle', 'idle', 'idle']);
      assert.equal(m.searchOf('b'), undefined);
      assert.deepEqual(m.size, { instances: 1, sessionLists: 1, membershipLists: 1, inflight: 0 });
      assert.deepEqual(changes, [], 'no event');
    });

    it('retainInstances also forgets the lists of an instance whose users were never listed', async () => {
      const u = withSessions()[0];
      const { m } = mk();
      await m.ensureUser('b', u.id); // Inspect or a reveal can load a user's lists before any page of users
      assert.equal(m.users('b').state, 'idle');
      m.retainInstances(['a']);
      assert.deepEqual([m.sessions('b', u.id).state, m.memberships('b', u.id).state], ['idle', 'idle']);
      assert.deepEqual(m.size, { instances: 0, sessionLists: 0, membershipLists: 0, inflight: 0 });
    });
  });
});
