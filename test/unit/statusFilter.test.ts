// src/model/statusFilter.ts on Node: the filters in their order, what each sends as GET /sessions?status= (checked
// against the local Clerk server over HTTP: the spec's enum has no "pending") and which statuses each keeps, and
// how each is named (English here: no bundle loaded).
import * as assert from 'node:assert/strict';
import { ClerkClient } from '../../src/clerk/client';
import { SESSION_STATUS_FILTERS } from '../../src/clerk/types';
import {
  DEFAULT_STATUS_FILTER,
  emptyListText,
  isStatusFilter,
  keepsStatus,
  STATUS_FILTERS,
  statusFilterLabel,
  statusQuery,
} from '../../src/model/statusFilter';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

const STATUSES = ['active', 'pending', 'abandoned', 'ended', 'expired', 'removed', 'replaced', 'revoked'];

describe('model/statusFilter', function () {
  this.timeout(20_000);

  it('lists "current" first (the default), then active, pending, the other statuses of the API, and "all" last', () => {
    assert.equal(DEFAULT_STATUS_FILTER, 'current');
    assert.deepEqual(STATUS_FILTERS, [
      'current',
      'active',
      'pending',
      'abandoned',
      'ended',
      'expired',
      'removed',
      'replaced',
      'revoked',
      'all',
    ]);
    assert.equal(new Set(STATUS_FILTERS).size, STATUS_FILTERS.length, 'each once');
    for (const s of SESSION_STATUS_FILTERS) assert.ok(STATUS_FILTERS.includes(s), `the API's ${s}`);
  });

  it('isStatusFilter takes exactly the listed filters (a setting may hold anything)', () => {
    for (const f of STATUS_FILTERS) assert.equal(isStatusFilter(f), true, f);
    for (const v of ['', 'Active', 'signed_in', 'current ', undefined, null, 3, ['active'], { status: 'active' }]) {
      assert.equal(isStatusFilter(v), false, JSON.stringify(v));
    }
  });

  it('keepsStatus: "all" keeps every status, "current" active and pending, the others their own', () => {
    for (const st of [...STATUSES, 'some_new_status']) {
      assert.equal(keepsStatus('all', st), true, `all keeps ${st}`);
      assert.equal(keepsStatus('current', st), st === 'active' || st === 'pending', `current and ${st}`);
      for (const f of STATUS_FILTERS.filter((x) => x !== 'all' && x !== 'current'))
        assert.equal(keepsStatus(f, st), f === st, `${f} and ${st}`);
    }
  });

  it('names each filter, and what an empty list under it says', () => {
    const names = Object.fromEntries(STATUS_FILTERS.map((f) => [f, statusFilterLabel(f)]));
    assert.deepEqual(names, {
      current: 'Active and pending',
      active: 'active',
      pending: 'pending',
      abandoned: 'abandoned',
      ended: 'ended',
      expired: 'expired',
      removed: 'removed',
      replaced: 'replaced',
      revoked: 'revoked',
      all: 'All statuses',
    });
    assert.equal(emptyListText('all'), 'No sessions');
    assert.equal(emptyListText('current'), 'No active or pending sessions');
    assert.equal(emptyListText('revoked'), 'No revoked sessions');
    assert.equal(emptyListText('pending'), 'No pending sessions');
  });

  describe('against the local Clerk server', () => {
    let server: ClerkServer;
    let client: ClerkClient;
    clerkServerSuite({ seed: 7, users: 30 }, { ready: (s) => (server = s) });
    before(() => {
      client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, retryBaseMs: 20 });
    });

    it('each filter sends a status the API accepts (none for current, pending, all) and, kept here, lists exactly its sessions', async () => {
      const uid = server.data.users.find((u) => {
        const mine = server.data.sessions.filter((s) => s.user_id === u.id).map((s) => s.status);
        return mine.includes('pending') && mine.includes('active') && new Set(mine).size >= 3;
      })?.id;
      assert.ok(uid, 'a user with pending, active and another status');
      const theirs = server.data.sessions.filter((s) => s.user_id === uid);
      for (const f of STATUS_FILTERS) {
        const q = statusQuery(f);
        assert.equal(q, ['current', 'pending', 'all'].includes(f) ? undefined : f, f);
        server.resetLog();
        const page = await client.listSessions({ userId: uid, status: q, limit: 100 });
        assert.equal(new URLSearchParams(server.requests[0].search).get('status'), q ?? null);
        const kept = page.data.filter((s) => keepsStatus(f, s.status)).map((s) => s.id);
        const want = theirs.filter((s) =>
          f === 'all' ? true : f === 'current' ? ['active', 'pending'].includes(s.status) : s.status === f,
        );
        assert.deepEqual(kept.sort(), want.map((s) => s.id).sort(), f);
      }
      // why pending is kept here: the API refuses it as a filter
      const res = await fetch(`${server.url}/sessions?user_id=${uid}&status=pending`, {
        headers: { authorization: `Bearer ${server.secretKey}` },
      });
      assert.equal(res.status, 422);
    });
  });
});
