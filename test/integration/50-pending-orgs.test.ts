// Pending sessions and organizations in the real extension host, against the local Clerk-compatible server over HTTP:
// the default view ("current": active and pending, one unfiltered request per user), a pending session's row, tooltip
// and Inspect; expanding a user (sessions and memberships sent at once, at most two requests); the Organizations row;
// a session's last active organization in its row, tooltip and Inspect, with the user's role.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import {
  until,
  findUserNode,
  sessionNodes,
  treeChildren,
  tooltipOf,
  labelOf,
  instanceNode,
  type TreeNode,
  type UserNode,
  rowOf,
} from '../support/ext';
import { localClerkSuite } from '../support/suite';
import type { ClerkServer } from '../server/server';
import type { Asked, ScriptedPrompts } from '../support/scriptedPrompts';

const SESSIONS = 'GET /v1/sessions';
const MEMBERSHIPS = 'GET /v1/users/{user_id}/organization_memberships';

describe('Pending sessions and organizations', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;

  const routes = () => server.requests.map((r) => r.route);
  /** The default of clerk.defaultSessionStatus as the manifest declares it, applied to the tree. */
  const useDefaultFilter = async () => {
    const def = vscode.workspace.getConfiguration('clerk').inspect<string>('defaultSessionStatus')?.defaultValue;
    assert.equal(def, 'current', 'the setting\'s default is "current" (active and pending)');
    a.tree.setStatus(def);
    await a.tree.whenIdle();
  };
  /** The user's node, drawn afresh (their lists forgotten), with the request log cleared. */
  const freshUser = async (userId: string): Promise<UserNode> => {
    const u = await findUserNode(a, userId);
    a.tree.refresh(u);
    await a.tree.whenIdle();
    server.resetLog();
    return u;
  };
  /** The organization memberships of a user as the API orders them (newest first): "Acme Corp (admin)". */
  const expectedOrgs = (userId: string) =>
    server.data.memberships
      .filter((m) => m.user_id === userId)
      .sort((x, y) => y.created_at - x.created_at)
      .map((m) => {
        const org = server.data.organizations.find((o) => o.id === m.organization_id)!;
        return `${org.name} (${m.role.replace(/^org:/, '')})`;
      });
  const openInspect = async (node: TreeNode) => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('clerk.session.inspect', node);
    const isDoc = (e: vscode.TextEditor) => e.document.uri.scheme === 'clerk-session';
    const ed = await until('the session document', () => vscode.window.visibleTextEditors.find(isDoc));
    return JSON.parse(ed.document.getText());
  };

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a pending session by default (one unfiltered request), with its tasks and the SDK note in the tooltip', async () => {
    await useDefaultFilter();
    const pending = server.data.sessions.find((s) => s.status === 'pending' && !s.actor);
    assert.ok(pending, 'the server seeds a pending session');
    const u = await freshUser(pending.user_id);
    const rows = await sessionNodes(a, u);
    assert.equal(server.count(SESSIONS), 1, `requests: ${routes().join(', ')}`);
    const q = new URLSearchParams(server.requests.find((r) => r.route === SESSIONS)!.search);
    assert.equal(q.get('status'), null, 'no status filter: the list endpoint refuses "pending"');
    assert.equal(q.get('limit'), '100');
    const want = server.data.sessions.filter((s) => s.user_id === u.user.id && (s.status === 'active' || s.status === 'pending'));
    assert.deepEqual(rows.map((n) => n.session.id).sort(), want.map((s) => s.id).sort(), 'active and pending, nothing else');
    const node = rows.find((n) => n.session.id === pending.id);
    assert.ok(node, 'the pending session is listed');
    const row = rowOf(a, node);
    assert.equal(row.contextValue, 'session.pending');
    assert.match(String(row.description), /^pending · 1 task · /);
    assert.ok(row.iconPath instanceof vscode.ThemeIcon && row.iconPath.id === 'clock', 'its own icon');
    const tip = tooltipOf(row);
    assert.match(tip, /Pending/);
    assert.match(tip, /choose-organization/);
    assert.match(tip, /treatPendingAsSignedOut/);

    const doc = await openInspect(node);
    assert.deepEqual(doc.summary.pending.tasks, ['choose-organization']);
    assert.match(doc.summary.pending.note, /signed out unless treatPendingAsSignedOut is false/);

    // The quick pick offers it first, by name, beside every single status and "All statuses".
    let seen: Asked | undefined;
    prompts.answer((q2: Asked) => {
      seen = q2;
      return undefined;
    });
    await vscode.commands.executeCommand('clerk.filterSessions');
    assert.ok(seen && 'items' in seen, 'Filter Sessions asked');
    const labels = (seen.items as vscode.QuickPickItem[]).map((i) => i.label);
    assert.deepEqual(labels.slice(0, 3), ['Active and pending', 'active', 'pending']);
    assert.ok(labels.includes('revoked') && labels.includes('All statuses'));
    assert.equal(a.tree.statusFilter, 'current', 'dismissed: unchanged');
  });

  it('expanding a user sends its sessions and memberships at once (≤ 2 requests); the Organizations row comes first', async () => {
    await useDefaultFilter();
    const member = server.data.users.find((x) => server.data.memberships.filter((m) => m.user_id === x.id).length >= 2);
    assert.ok(member, 'a user in two organizations');
    const u = await freshUser(member.id);
    const kids = await treeChildren(a, u);
    assert.ok(server.count() <= 2, `requests: ${routes().join(', ')}`);
    assert.deepEqual(routes().sort(), [SESSIONS, MEMBERSHIPS].sort());
    const [r1, r2] = server.requests;
    console.log(`      expand: ${server.count()} requests (${routes().join(', ')}), sent ${Math.abs(r1.at - r2.at)} ms apart`);
    assert.equal(kids[0]?.kind, 'userList', 'the first row');
    assert.equal(labelOf(rowOf(a, kids[0])), `Organizations: ${expectedOrgs(member.id).join(', ')}`);
    assert.equal(rowOf(a, kids[0]).contextValue, 'organizations');
    assert.ok(kids.slice(1).every((k) => k.kind === 'session' || k.kind === 'message'));

    server.resetLog();
    await treeChildren(a, u);
    assert.equal(server.count(), 0, 'expanding again reads nothing');
    const userTip = tooltipOf(
      rowOf(
        a,
        (await treeChildren(a, await instanceNode(a))).find((n) => n.id === u.id)!,
      ),
    );
    for (const name of expectedOrgs(member.id)) assert.ok(userTip.includes(name.split(' (')[0]), `${name} in ${userTip}`);
    assert.match(userTip, /Organizations/);

    const loner = server.data.users.find((x) => x.last_active_at !== null && !server.data.memberships.some((m) => m.user_id === x.id));
    assert.ok(loner, 'a user in no organization');
    const lonely = await treeChildren(a, await freshUser(loner.id));
    assert.equal(server.count(), 2);
    assert.equal(labelOf(rowOf(a, lonely[0])), 'No organizations');
    assert.equal(rowOf(a, lonely[0]).contextValue, 'organizations.none');
  });

  it("a session shows its last active organization; Inspect adds it with the user's role, no request beyond the session", async () => {
    const s = server.data.sessions.find((x) => x.status === 'active' && x.last_active_organization_id && !x.actor);
    assert.ok(s, 'an active session with a last active organization');
    const org = server.data.organizations.find((o) => o.id === s.last_active_organization_id)!;
    const role = server.data.memberships.find((m) => m.user_id === s.user_id && m.organization_id === org.id)!.role;
    const u = await freshUser(s.user_id); // the "active" filter (useOnlyKey): the org shows under every filter
    const node = (await sessionNodes(a, u)).find((n) => n.session.id === s.id);
    assert.ok(node, 'the session is listed');
    const row = rowOf(a, node);
    assert.match(String(row.description), new RegExp(`· org: ${org.name} ·|· org: ${org.name}$`));
    const tip = tooltipOf(row);
    assert.match(tip, /Last active organization/);
    assert.ok(tip.includes(org.name) && tip.includes(`role ${role.replace(/^org:/, '')}`) && tip.includes(org.id), tip);

    server.resetLog();
    const doc = await openInspect(node);
    assert.deepEqual(routes(), ['GET /v1/sessions/{session_id}'], 'the memberships were loaded with the expand');
    assert.deepEqual(doc.summary.last_active_organization, { id: org.id, name: org.name, slug: org.slug, role });
    assert.equal(doc.session.last_active_organization_id, org.id);

    // Inspect straight after a refresh (memberships forgotten): one more request, at most.
    a.tree.refresh();
    await a.tree.whenIdle();
    server.resetLog();
    const again = await openInspect(node);
    // The visible tree may re-read its first page after the refresh (GET /v1/users and its count): not Inspect's doing.
    const inspects = routes().filter((r) => r !== 'GET /v1/users' && r !== 'GET /v1/users/count');
    assert.ok(inspects.length <= 2 && inspects.includes('GET /v1/sessions/{session_id}'), `requests: ${routes().join(', ')}`);
    assert.equal(again.summary.last_active_organization.role, role);
  });
});
