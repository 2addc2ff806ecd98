// A newcomer's first hour (issue 16), in the real extension host against the local Clerk server: search and Clear
// Search as the view draws them, the search and filter shown on the view, the filter icon, a click on a session,
// Create Test Session revealing its session, Load more with the total, and the status bar item.
//
// "As the view draws them": VS Code keeps the objects getChildren handed it and, when the provider fires a change
// naming one, asks getTreeItem for THAT object again (a change naming nothing re-reads the roots). redrawn() does the
// same, so a row that keeps an old label or contextValue is caught here as it would be on screen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import {
  scripted,
  labelOf,
  roots,
  sessionNodes,
  treeChildren,
  until,
  userNodes,
  useOnlyKey,
  type InstanceNode,
  type LoadMoreNode,
  type TreeNode,
  type UserNode,
  rowOf,
} from '../support/ext';
import { makeTestSecretKey } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startClerkServer, type ClerkServer } from '../server/server';
import type { Asked } from '../support/scriptedPrompts';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

describe('Newcomer: search, filter, click, test session, status bar', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let fired: (TreeNode | undefined)[] = [];
  let sub: vscode.Disposable | undefined;

  localClerkSuite({
    ready: (s) => ({ server, a } = s),
    each: (s) => {
      prompts = s.prompts;
      fired = [];
      sub = a.tree.onDidChangeTreeData((n) => fired.push(n ?? undefined));
    },
  });
  afterEach(() => sub?.dispose());

  /** The instance row as VS Code draws it after the changes fired since `drawn` was handed out. */
  const redrawn = async (drawn: InstanceNode): Promise<vscode.TreeItem> => {
    await a.tree.whenIdle();
    assert.ok(fired.length > 0, 'the tree said something changed');
    if (fired.some((n) => n === undefined)) return a.tree.getTreeItem((await roots(a))[0]);
    assert.ok(
      fired.every((n) => n === drawn || n?.kind !== 'instance'),
      'a change names the instance row VS Code was handed, not another object',
    );
    return a.tree.getTreeItem(drawn);
  };

  const message = () => String(a.view.message ?? '');

  it('search and Clear Search redraw the instance row and the view message (no full refresh)', async () => {
    const target = server.data.users[7];
    const email = target.email_addresses[0].email_address;
    const [drawn] = await roots(a); // what VS Code was handed
    await treeChildren(a, drawn);
    assert.doesNotMatch(message(), /matching/);

    prompts.answer(email);
    await vscode.commands.executeCommand('clerk.searchUsers', drawn);
    let item = await redrawn(drawn);
    assert.match(
      String(item.description),
      new RegExp(`search: "${email.slice(0, 10).replace(/[.+]/g, '\\$&')}`),
      'the row shows the search',
    );
    assert.equal(item.contextValue, 'instance.test.searching', 'Clear Search is offered on the row');
    assert.deepEqual(
      (await treeChildren(a, drawn)).map((n) => (n.kind === 'user' ? n.user.id : n.kind)),
      [target.id],
    );
    assert.ok(message().includes(`Users matching "${email.slice(0, 10)}`), `the view message names the search: ${message()}`);

    fired = [];
    await vscode.commands.executeCommand('clerk.clearSearch', drawn);
    item = await redrawn(drawn);
    assert.doesNotMatch(String(item.description), /search/, 'the row no longer shows the search');
    assert.equal(item.contextValue, 'instance.test', 'Clear Search is no longer offered');
    assert.equal((await treeChildren(a, drawn)).filter((n) => n.kind === 'user').length, 20);
    assert.doesNotMatch(message(), /matching/, 'the view message no longer names a search');
    assert.equal(labelOf(item), labelOf(rowOf(a, drawn)));
  });

  it('the filter shows on the view message, the instance row and the title icon', async () => {
    const [drawn] = await roots(a);
    prompts.answer('Active and pending'); // the default: no filter on
    await vscode.commands.executeCommand('clerk.filterSessions');
    assert.equal(a.tree.statusFilter, 'current');
    assert.equal(a.viewState.filtered, false, 'the plain filter icon');
    assert.doesNotMatch(message(), /Sessions:/);
    assert.doesNotMatch(String((await redrawn(drawn)).description), /sessions:/);

    fired = [];
    prompts.answer('revoked');
    await vscode.commands.executeCommand('clerk.filterSessionsOn'); // the filled icon's command asks the same
    assert.equal(a.tree.statusFilter, 'revoked');
    assert.equal(a.viewState.filtered, true, 'the filled filter icon');
    assert.match(message(), /Sessions: revoked/);
    assert.match(String((await redrawn(drawn)).description), /sessions: revoked/);

    // the title shows one of the two icons, by the context key the view state sets
    const pkg = vscode.extensions.getExtension('clerk-sessions.clerk-sessions')!.packageJSON as {
      contributes: { commands: { command: string; icon?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    const title = pkg.contributes.menus['view/title'];
    assert.match(title.find((m) => m.command === 'clerk.filterSessions')?.when ?? '', /!clerk\.sessionFilterOn/);
    assert.match(title.find((m) => m.command === 'clerk.filterSessionsOn')?.when ?? '', /(^|[^!])clerk\.sessionFilterOn/);
    assert.equal(pkg.contributes.commands.find((c) => c.command === 'clerk.filterSessionsOn')?.icon, '$(filter-filled)');
    assert.equal(pkg.contributes.commands.find((c) => c.command === 'clerk.filterSessions')?.icon, '$(filter)');
  });

  /** A user of the first page with an active session (their sessions listed, as when the user looks at them). */
  const userWithActive = async (): Promise<{ u: UserNode; rows: TreeNode[] }> => {
    for (const u of await userNodes(a)) {
      if (!server.data.sessions.some((x) => x.user_id === u.user.id && x.status === 'active' && x.latest_activity)) continue;
      return { u, rows: await treeChildren(a, u) };
    }
    throw new Error('no user with an active session on the first page');
  };

  it('a click on a session row opens Inspect for that session', async () => {
    const { rows } = await userWithActive();
    const s = rows.find((n) => n.kind === 'session');
    assert.ok(s && s.kind === 'session');
    const item = a.tree.getTreeItem(s);
    assert.equal(item.command?.command, 'clerk.session.inspect', 'the row has a click command');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? [])); // what a click runs
    const ed = await until('the session document', () =>
      vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.scheme === 'clerk-session' && e.document.getText().includes(s.session.id),
      ),
    );
    assert.ok(ed.document.getText().includes(s.session.id));
    assert.equal(prompts.messages('error').length, 0);
  });

  it('Create Test Session reveals and selects the new session, named as a test session, with one request', async () => {
    const { u } = await userWithActive();
    server.resetLog();
    const s = await vscode.commands.executeCommand<{ id: string } | undefined>('clerk.user.createTestSession', u);
    assert.ok(s, 'a session was created');
    assert.deepEqual(
      server.requests.map((r) => r.route),
      ['POST /v1/sessions'],
      'the loaded list got the session in place: no re-read',
    );
    const sel = await until('the new session selected in the view', () =>
      (a.view.selection as TreeNode[]).find((n) => n.kind === 'session' && n.session.id === s.id),
    );
    assert.equal(labelOf(a.tree.getTreeItem(sel)), 'Test session (created by the API)');
    assert.equal(a.view.visible, true, 'the view is shown');
    const row = (await sessionNodes(a, u)).find((n) => n.session.id === s.id);
    assert.equal(row && labelOf(rowOf(a, row)), 'Test session (created by the API)', 'also when the user is drawn again');
  });

  it('Load more says how many of how many, the count asked beside the first page (2 requests at once), Load more 1', async () => {
    const total = server.data.users.length;
    a.tree.refresh();
    await a.tree.whenIdle();
    server.resetLog();
    const [inst] = await roots(a);
    let rows = await treeChildren(a, inst);
    assert.deepEqual(server.requests.map((r) => r.route).sort(), ['GET /v1/users', 'GET /v1/users/count']);
    let more = rows.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more);
    assert.equal(String(rowOf(a, more).description), `20 of ${total}`);
    server.resetLog();
    await vscode.commands.executeCommand('clerk.loadMore', more);
    rows = await treeChildren(a, inst);
    assert.deepEqual(
      server.requests.map((r) => r.route),
      ['GET /v1/users'],
      'Load more is one request',
    );
    more = rows.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more);
    assert.equal(String(rowOf(a, more).description), `40 of ${total}`);
    // a search counts what it matches, with the same query
    const email = server.data.users[3].email_addresses[0].email_address;
    server.resetLog();
    a.tree.setSearch(inst.instanceId, email);
    await treeChildren(a, inst);
    const count = server.requests.find((r) => r.route === 'GET /v1/users/count');
    assert.equal(new URLSearchParams(count?.search).get('query'), email);
  });

  it('the status bar names the instance and its environment; LIVE on the warning colour; a click switches instance', async () => {
    const item = a.statusBar.item;
    assert.match(item.text, /Clerk: Development$/);
    assert.doesNotMatch(item.text, /LIVE/);
    assert.equal(item.backgroundColor, undefined);
    await a.keys.rename((await roots(a))[0].instanceId, 'Acme dev');
    assert.match(item.text, /Acme dev · Development/);

    const live = await startClerkServer({ secretKey: makeTestSecretKey('live'), users: 5, hostile: false });
    try {
      const inst = await useOnlyKey(a, live);
      assert.equal(inst.keyEnvironment, 'live');
      assert.match(item.text, /LIVE/);
      assert.equal((item.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
      assert.equal(a.statusBar.current?.id, inst.id);
      // both keys stored: the click lists them and Show Log; choosing the other one shows it
      await useOnlyKey(a, server);
      const devId = a.keys.list()[0].id;
      await a.keys.add(live.secretKey, { name: '' }); // stored as Set Secret Key would, without the check against GET /instance
      prompts = await scripted();
      assert.equal(a.keys.list().length, 2);
      const liveId = a.keys.list().find((i) => i.keyEnvironment === 'live')!.id;
      prompts.answer((q: Asked) =>
        q.kind === 'quickPick' ? q.items.find((i) => (i as { instanceId?: string }).instanceId === liveId) : undefined,
      );
      await vscode.commands.executeCommand('clerk.statusBarMenu');
      const asked = prompts.asked.find((q) => q.kind === 'quickPick');
      assert.ok(asked?.kind === 'quickPick');
      assert.ok(
        asked.items.some((i) => /Show Log/.test(i.label)),
        'the menu offers the log',
      );
      assert.equal(asked.items.filter((i) => (i as { instanceId?: string }).instanceId).length, 2);
      assert.equal(a.statusBar.current?.id, liveId);
      assert.match(item.text, /LIVE/);
      prompts.answer((q: Asked) =>
        q.kind === 'quickPick' ? q.items.find((i) => (i as { instanceId?: string }).instanceId === devId) : undefined,
      );
      await vscode.commands.executeCommand('clerk.statusBarMenu');
      assert.equal(a.statusBar.current?.id, devId);
      assert.doesNotMatch(item.text, /LIVE/);
      assert.equal(item.backgroundColor, undefined);
    } finally {
      await useOnlyKey(a, server);
      await live.stop();
    }
  });

  it('after Sign In as This User, the notification offers Revoke Impersonation, and it revokes that link', async () => {
    const [target, actor] = await userNodes(a);
    server.resetLog();
    prompts.answer(
      (q: Asked) => (q.kind === 'quickPick' ? q.items.find((i) => (i as { userId?: string }).userId === actor.user.id) : undefined),
      'Create Link',
      'Revoke Impersonation',
    );
    const made = await vscode.commands.executeCommand<{ id: string }>('clerk.user.impersonate', target);
    const note = prompts.asked.find((q) => q.kind === 'info');
    assert.ok(note && 'items' in note && (note.items as string[]).includes('Revoke Impersonation'), 'a Revoke Impersonation button');
    assert.ok(note && 'message' in note && !/"Clerk: Revoke Impersonation"/.test(String(note.message)), 'no command named in the text');
    await until('the link revoked', () => server.actorTokens.find((x) => x.id === made.id)?.status === 'revoked');
    assert.equal(server.count('POST /v1/actor_tokens/{actor_token_id}/revoke'), 1);
  });

  it("Explain Token's and Explain Request's keybindings are free of VS Code's default keybindings", async () => {
    const pkg = vscode.extensions.getExtension('clerk-sessions.clerk-sessions')!.packageJSON as {
      contributes: { keybindings: { command: string; key: string; mac?: string }[] };
    };
    const ours = pkg.contributes.keybindings.find((k) => k.command === 'clerk.explainToken');
    assert.ok(ours, 'Explain Token has a keybinding');
    const request = pkg.contributes.keybindings.find((k) => k.command === 'clerk.explainRequest');
    assert.ok(request, 'Explain Request has a keybinding');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await until('the default keybindings', () =>
      vscode.window.visibleTextEditors.map((e) => e.document).find((d) => /"key":/.test(d.getText()) && /"command":/.test(d.getText())),
    );
    const text = doc.getText();
    assert.ok(text.length > 10_000, 'the whole list of defaults');
    // The list holds the extensions' keybindings too: ours are left out, every other one counts.
    const entries = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({
      key: m[1].toLowerCase(),
      command: m[2],
    }));
    assert.ok(
      entries.some((e) => e.command === 'clerk.explainToken' && e.key === ours.key),
      'the list holds our keybinding (so it is the live list)',
    );
    assert.ok(
      entries.some((e) => e.command === 'clerk.explainRequest' && e.key === request.key),
      "the list holds Explain Request's keybinding",
    );
    const keys = entries.filter((e) => !e.command.startsWith('clerk.')).map((e) => e.key);
    assert.ok(keys.length > 300, `${keys.length} default keybindings read`);
    const first = (k: string) => k.split(' ')[0];
    for (const k of pkg.contributes.keybindings.map((x) => x.key.toLowerCase())) {
      const near = [...new Set(keys.filter((d) => /^ctrl\+(alt|shift\+alt|alt\+shift)\+[a-z0-9]$/.test(d)))].sort().join(' ');
      assert.ok(!keys.includes(k), `${k} is a default keybinding (defaults with ctrl+alt: ${near})`);
      assert.ok(!keys.some((d) => first(d) === k || first(k) === d), `${k} clashes with a default chord`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
