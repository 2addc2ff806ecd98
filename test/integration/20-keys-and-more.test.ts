// The rest of the commands and key paths: import from the environment, rename, a rotated key
// after a 401, Stop Watching, Decode, Show Log, Inspect from the palette, and the view's description.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { InstanceMeta } from '../../src/key/secretKey';
import {
  until,
  treeChildren,
  roots as rootNodes,
  userNodes,
  sessionNodes,
  removeAllKeys,
  findUserNode,
  type SessionNode,
  type TreeNode,
  rowOf,
} from '../support/ext';
import { setApiUrl } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startClerkServer, type ClerkServer } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

describe('Keys, and the remaining commands', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  const children = (n?: TreeNode) => treeChildren(a, n);
  const roots = () => rootNodes(a);
  const useUrl = setApiUrl;
  const clearKeys = () => removeAllKeys(a);
  const firstActive = async (): Promise<SessionNode> => {
    for (const u of await userNodes(a)) {
      const s = (await sessionNodes(a, u)).find((n) => n.session.status === 'active');
      if (s) return s;
    }
    throw new Error('no active session');
  };
  const anotherActive = async (not: string): Promise<SessionNode> => {
    for (const u of await userNodes(a)) {
      const s = (await sessionNodes(a, u)).find((n) => n.session.status === 'active' && n.session.id !== not);
      if (s) return s;
    }
    throw new Error('no second active session');
  };

  // Each test: exactly this server's key, no name, no search, a settled tree, an empty request log.
  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s) });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // A failing OS keyring (KeyringError, the window-only key) is tested on Node over a SecretStorage fake:
  // test/unit/keyStore.test.ts. No host test patches the live SecretStorage.

  it("imports CLERK_SECRET_KEY from the extension host's environment after asking", async () => {
    await clearKeys();
    process.env.CLERK_SECRET_KEY = server.secretKey;
    try {
      prompts.answer('Use Key');
      const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.importSecretKey');
      assert.ok(saved);
      const q = prompts.last('warning')!;
      assert.ok('message' in q && /environment variable/.test(q.message));
      assert.ok(!('message' in q && q.message.includes(server.secretKey)), 'the question shows only the masked key');
      assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), server.secretKey);
      const warnings = prompts.messages('warning').length;
      await vscode.commands.executeCommand('clerk.importSecretKey');
      assert.equal(prompts.messages('warning').length, warnings, 'no question the second time');
      assert.match(prompts.messages('info').join('\n'), /no new CLERK_SECRET_KEY/, 'an imported key is not offered again');
    } finally {
      delete process.env.CLERK_SECRET_KEY;
    }
  });

  it('names the instance in the view description, and Rename Instance renames it', async () => {
    assert.equal(a.view.description, 'Development · test');
    prompts.answer('Staging app');
    await vscode.commands.executeCommand('clerk.renameInstance', (await roots())[0]);
    assert.equal(rowOf(a, (await roots())[0]).label, 'Staging app');
    await until('the description', () => a.view.description === 'Staging app · test');
  });

  it('after a 401 (a rotated key), Update Secret Key from the error node replaces the key and keeps the name', async () => {
    const rotated: ClerkServer = await startClerkServer({ seed: 7 });
    try {
      await a.keys.rename(a.keys.list()[0].id, 'Staging app');
      await useUrl(rotated.url); // the stored key is not this server's: 401
      a.tree.refresh();
      const err = (await children((await roots())[0])).find((n) => n.kind === 'message');
      assert.ok(err, 'an error row');
      assert.equal(rowOf(a, err).contextValue, 'message.error.auth');
      prompts.answer(rotated.secretKey);
      const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.updateSecretKey', err);
      assert.ok(saved);
      assert.equal(a.keys.list().length, 1, 'the old key was replaced');
      assert.equal(a.keys.list()[0].name, 'Staging app', 'the name was kept');
      a.tree.refresh();
      assert.equal((await children((await roots())[0])).filter((n) => n.kind === 'user').length, 20);
    } finally {
      await useUrl(server.url);
      await rotated.stop();
    }
  });

  it('Stop Watching stops polling and hides the watch marker', async () => {
    const config = vscode.workspace.getConfiguration('clerk');
    await config.update('watchIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    try {
      const s = await firstActive();
      const polls = () =>
        server.requests.filter((r) => r.route === 'GET /v1/sessions/{session_id}' && r.path.endsWith(s.session.id)).length;
      server.resetLog();
      await vscode.commands.executeCommand('clerk.session.watch', s);
      assert.ok(a.deps.watcher.isWatching(s.session.id));
      await until('a poll while watching', () => polls() >= 1, 5000);
      const user = await findUserNode(a, s.session.user_id);
      const marked = (await sessionNodes(a, user)).find((n) => n.session.id === s.session.id);
      assert.ok(marked, 'the watched session is listed');
      assert.match(String(rowOf(a, marked).description), /watching/);
      await vscode.commands.executeCommand('clerk.session.unwatch', marked);
      assert.equal(a.deps.watcher.isWatching(s.session.id), false);
      const after = polls();
      // A watch on another session shows the interval going by: two of its polls mean a poll of s was due.
      const other = await anotherActive(s.session.id);
      const pollsOf = (id: string) =>
        server.requests.filter((r) => r.route === 'GET /v1/sessions/{session_id}' && r.path.endsWith(id)).length;
      const otherBefore = pollsOf(other.session.id);
      await vscode.commands.executeCommand('clerk.session.watch', other);
      try {
        await until('two polls of the other watched session', () => pollsOf(other.session.id) >= otherBefore + 2, 10_000);
      } finally {
        await vscode.commands.executeCommand('clerk.session.unwatch', other);
      }
      assert.equal(polls(), after, 'no more polling');
      const unmarked = (await sessionNodes(a, user)).find((n) => n.session.id === s.session.id);
      assert.ok(unmarked, 'still listed');
      assert.doesNotMatch(String(rowOf(a, unmarked).description), /watching/);
      assert.equal(rowOf(a, unmarked).contextValue, 'session.active');
    } finally {
      await config.update('watchIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Decode after Copy JWT opens the claims with readable times, never the token', async () => {
    const s = await firstActive();
    // A template token carries no sid; 'integration-test' puts the session id in a claim of its own.
    prompts.answer((q) => (q.kind === 'quickPick' ? q.items.find((i) => i.label === 'integration-test') : undefined), 'Decode');
    await vscode.commands.executeCommand('clerk.session.copyJwtFromTemplate', s);
    const ed = await until('the decoded JWT', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-report' && e.document.languageId === 'json'),
    );
    const doc = JSON.parse(ed.document.getText());
    assert.equal(doc.claims.session, s.session.id);
    assert.equal(doc.claims.sub, s.session.user_id);
    assert.match(doc.times.exp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d local \(in /);
    assert.ok(!ed.document.getText().includes(await vscode.env.clipboard.readText()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Inspect from the Command Palette asks for a session id; an unknown id is explained in a message', async () => {
    const s = await firstActive();
    prompts.answer(s.session.id);
    await vscode.commands.executeCommand('clerk.session.inspect');
    const ed = await until('the session', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-session'));
    assert.equal(JSON.parse(ed.document.getText()).session.id, s.session.id);
    prompts.answer('sess_doesnotexist');
    await vscode.commands.executeCommand('clerk.session.inspect');
    assert.match(prompts.messages('error').join('\n'), /Clerk has no session 'sess_doesnotexist' \(404/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.includes('sess_doesnotexist')), 'no document for it');
  });

  it('Show Log opens the Clerk log, and a request to an http (non-loopback) URL is refused before sending', async () => {
    await vscode.commands.executeCommand('clerk.showLog');
    assert.equal(prompts.messages('error').length, 0);
    await useUrl('http://clerk.example.invalid/v1');
    try {
      a.tree.refresh();
      server.resetLog();
      const err = (await children((await roots())[0])).find((n) => n.kind === 'message');
      assert.ok(err, 'an error row');
      assert.match(String(rowOf(a, err).description), /must use https/);
    } finally {
      await useUrl(server.url);
    }
  });
});
