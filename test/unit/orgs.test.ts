// src/model/orgs.ts on Node: a user's memberships and a session's last active organization in words, from what the
// local Clerk server returns over HTTP (the real client), and from the odd shapes Clerk may send (a field missing,
// empty or of another type: never a throw).
import * as assert from 'node:assert/strict';
import { ClerkClient } from '../../src/clerk/client';
import type { OrganizationMembership, Session } from '../../src/clerk/types';
import { membershipOrg, orgName, pendingNote, roleName, sessionOrg, taskKeys, tasksText, type MembershipList } from '../../src/model/orgs';
import type { ClerkServer } from '../server/server';
import { clerkServerSuite } from '../support/serverSuite';

describe('model/orgs: memberships and organizations in words', function () {
  this.timeout(20_000);
  let server: ClerkServer;
  let client: ClerkClient;
  /** A user with at least two memberships, their list as the API sends it, and one of their sessions with an organization. */
  let list: MembershipList;
  let session: Session;
  let pending: Session;
  clerkServerSuite({ seed: 7, users: 30 }, { ready: (s) => (server = s) });

  before(async () => {
    client = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url, retryBaseMs: 20 });
    const s = server.data.sessions.find(
      (x) => x.last_active_organization_id && server.data.memberships.filter((m) => m.user_id === x.user_id).length >= 2,
    );
    assert.ok(s, 'a session with a last active organization, of a user in two organizations');
    const page = await client.listOrganizationMemberships(s.user_id, { limit: 100 });
    list = { memberships: page.data, totalCount: page.total_count };
    assert.ok(list.memberships.length >= 2);
    session = (await client.listSessions({ userId: s.user_id, limit: 100 })).data.find((x) => x.id === s.id)!;
    const p = server.data.sessions.find((x) => x.status === 'pending');
    assert.ok(p, 'a pending session');
    pending = (await client.listSessions({ userId: p.user_id, limit: 100 })).data.find((x) => x.id === p.id)!;
  });

  const withOrg = (m: OrganizationMembership, org: unknown): OrganizationMembership => ({
    ...m,
    organization: org as OrganizationMembership['organization'],
  });

  it('roleName drops the "org:" prefix only, and has no name for nothing', () => {
    assert.equal(roleName('org:admin'), 'admin');
    assert.equal(roleName('org:member'), 'member');
    assert.equal(roleName('admin'), 'admin', 'no prefix: as it is');
    assert.equal(roleName('my:org:admin'), 'my:org:admin', 'only a leading prefix');
    assert.equal(roleName('org:'), '');
    assert.equal(roleName(''), undefined);
    assert.equal(roleName(undefined), undefined);
    assert.equal(roleName(null), undefined);
    for (const m of list.memberships) assert.equal(roleName(m.role), m.role.replace(/^org:/, ''));
  });

  it('membershipOrg reads id, name and slug of what the API sent, and nothing of a missing or odd organization', () => {
    const m = list.memberships[0];
    const stored = server.data.organizations.find((o) => o.id === m.organization.id)!;
    assert.deepEqual(membershipOrg(m), { id: stored.id, name: stored.name, slug: stored.slug });
    assert.deepEqual(membershipOrg(withOrg(m, undefined)), {});
    assert.deepEqual(membershipOrg(withOrg(m, null)), {});
    assert.deepEqual(membershipOrg(withOrg(m, 'org_1')), {}, 'a string is no organization');
    assert.deepEqual(membershipOrg(withOrg(m, { id: 'org_1', name: '', slug: 7 })), { id: 'org_1', name: undefined, slug: undefined });
    assert.deepEqual(membershipOrg(withOrg(m, {})), { id: undefined, name: undefined, slug: undefined });
  });

  it('orgName: the name, else the slug, else the id, else "unnamed organization"', () => {
    const m = list.memberships[0];
    assert.equal(orgName(m), m.organization.name);
    assert.equal(orgName(withOrg(m, { id: 'org_1', slug: 'acme' })), 'acme');
    assert.equal(orgName(withOrg(m, { id: 'org_1', name: '', slug: 'acme' })), 'acme', 'an empty name is no name');
    assert.equal(orgName(withOrg(m, { id: 'org_1', slug: '' })), 'org_1');
    assert.equal(orgName(withOrg(m, {})), 'unnamed organization');
    assert.equal(orgName(withOrg(m, null)), 'unnamed organization');
  });

  it("sessionOrg resolves the session's organization against the memberships the API sent", () => {
    const orgId = session.last_active_organization_id!;
    const stored = server.data.organizations.find((o) => o.id === orgId)!;
    const role = server.data.memberships.find((x) => x.user_id === session.user_id && x.organization_id === orgId)!.role;
    assert.deepEqual(sessionOrg(session, list), {
      id: orgId,
      name: stored.name,
      slug: stored.slug,
      role: role.replace(/^org:/, ''),
      rawRole: role,
      known: true,
    });
    // the other membership is not taken for it (the first one in the list is not "the" organization)
    const other = list.memberships.find((x) => x.organization.id !== orgId)!;
    assert.equal(sessionOrg({ ...session, last_active_organization_id: other.organization.id }, list)?.name, other.organization.name);
  });

  it('sessionOrg: the id only when the memberships are not loaded or do not hold it; nothing without an organization', () => {
    const orgId = session.last_active_organization_id!;
    assert.deepEqual(sessionOrg(session, undefined), { id: orgId, known: false });
    assert.deepEqual(sessionOrg(session, { memberships: [], totalCount: 0 }), { id: orgId, known: false });
    assert.deepEqual(sessionOrg({ ...session, last_active_organization_id: 'org_left' }, list), { id: 'org_left', known: false });
    assert.equal(sessionOrg({ ...session, last_active_organization_id: null }, list), undefined);
    assert.equal(sessionOrg({ ...session, last_active_organization_id: undefined }, list), undefined);
    assert.equal(sessionOrg({ ...session, last_active_organization_id: '' }, list), undefined);
    assert.equal(sessionOrg({ ...session, last_active_organization_id: 42 as unknown as string }, list), undefined);
  });

  it('sessionOrg: the slug stands for a missing name; a role that is no string is unknown', () => {
    const orgId = session.last_active_organization_id!;
    const odd = list.memberships.map((m) =>
      m.organization.id === orgId ? { ...withOrg(m, { ...m.organization, name: '' }), role: 5 as unknown as string } : m,
    );
    const r = sessionOrg(session, { memberships: odd, totalCount: odd.length });
    const slug = server.data.organizations.find((o) => o.id === orgId)!.slug;
    assert.deepEqual(r, { id: orgId, name: slug, slug, role: undefined, rawRole: undefined, known: true });
  });

  it("taskKeys and tasksText: the pending session's tasks, defensively", () => {
    assert.deepEqual(taskKeys(pending), ['choose-organization']);
    assert.equal(tasksText(pending), '1 task');
    assert.deepEqual(taskKeys(session), [], 'an active session has no tasks');
    assert.equal(tasksText(session), undefined);
    assert.deepEqual(taskKeys({ ...pending, tasks: null }), []);
    assert.deepEqual(taskKeys({ ...pending, tasks: { key: 'x' } as unknown as unknown[] }), [], 'not an array: none');
    const odd = { ...pending, tasks: [{ key: 'a' }, { key: '' }, { key: 3 }, null, 'b', { key: 'reset-password' }] };
    assert.deepEqual(taskKeys(odd), ['a', 'unknown task', 'unknown task', 'unknown task', 'unknown task', 'reset-password']);
    assert.equal(tasksText(odd), '6 tasks');
    assert.equal(tasksText({ ...pending, tasks: [{ key: 'a' }, { key: 'b' }] }), '2 tasks');
    assert.equal(tasksText({ ...pending, tasks: [] }), undefined);
  });

  it('pendingNote says why a pending session looks signed out', () => {
    assert.equal(
      pendingNote(),
      "Pending: signed in, with tasks left. Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false.",
    );
  });
});
