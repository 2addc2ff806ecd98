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
import { api, scripted, labelOf, roots, treeChildren, useOnlyKey, type InstanceNode, type TreeNode } from '../support/ext';
import { localClerk } from '../support/local';
import type { ClerkServer } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

describe('Newcomer: search, filter, click, test session, status bar', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let fired: (TreeNode | undefined)[] = [];
  let sub: vscode.Disposable | undefined;

  before(async () => {
    server = await localClerk();
    a = await api();
  });
  beforeEach(async () => {
    server.controls.reset();
    await useOnlyKey(a, server);
    prompts = await scripted();
    server.resetLog();
    fired = [];
    sub = a.tree.onDidChangeTreeData((n) => fired.push(n ?? undefined));
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
    assert.equal(labelOf(item), labelOf(drawn));
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
});
