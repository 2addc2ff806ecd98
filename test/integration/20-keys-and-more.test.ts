// The rest of the commands and key paths: a failing OS keyring, import from the environment, rename, a rotated key
// after a 401, Stop Watching, Decode, Show Log, Inspect from the palette, and the view's description.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { api, scripted, until, treeChildren, type AnyNode } from '../support/ext';
import { localClerk, setApiUrl } from '../support/local';
import { startClerkServer, type ClerkServer } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

describe('Keys, and the remaining commands', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  const children = (n?: AnyNode) => treeChildren(a, n);
  const roots = () => children();
  const useUrl = setApiUrl;
  const clearKeys = async () => { for (const i of a.keys.list()) await a.keys.remove(i.id); };
  const firstActive = async () => {
    for (const u of (await children((await roots())[0])).filter((n) => n.kind === 'user')) {
      const s = (await children(u)).find((n) => n.kind === 'session' && n.session.status === 'active');
      if (s) return s;
    }
    throw new Error('no active session');
  };

  before(async () => {
    server = await localClerk();
    a = await api();
  });
  beforeEach(async () => {
    server.controls.reset();
    await useUrl(server.url);
    prompts = await scripted();
    await a.tree.whenIdle();
  });

  it('when the OS keyring fails, says so and keeps the key for this window only if asked', async () => {
    await clearKeys();
    const secrets = a.secrets as any;
    const store = secrets.store;
    secrets.store = () => Promise.reject(new Error('An OS keyring couldn\'t be identified for storing the encryption related data in your current desktop environment.'));
    try {
      prompts.answer(server.secretKey, undefined); // the key, then dismiss the offer
      assert.equal(await vscode.commands.executeCommand('clerk.setSecretKey'), undefined);
      assert.equal(a.keys.list().length, 0, 'dismissed: nothing kept');
      const q = prompts.last('warning')!;
      assert.ok('message' in q && /could not save the key in the OS keyring .*OS keyring couldn't be identified/.test(q.message) && q.modal);
      prompts.answer(server.secretKey, 'Keep for This Window');
      const saved = await vscode.commands.executeCommand<any>('clerk.setSecretKey');
      assert.ok(saved && a.keys.isWindowOnly(saved.id));
      assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), undefined, 'not in SecretStorage');
      const [root] = await roots();
      assert.match((root.tooltip as vscode.MarkdownString).value, /kept for this window only/);
      assert.equal((await children(root)).filter((n) => n.kind === 'user').length, 20, 'and it works');
    } finally {
      secrets.store = store;
      await clearKeys();
    }
  });

  it('imports CLERK_SECRET_KEY from the extension host\'s environment after asking', async () => {
    await clearKeys();
    process.env.CLERK_SECRET_KEY = server.secretKey;
    try {
      prompts.answer('Use Key');
      const saved = await vscode.commands.executeCommand<any>('clerk.importSecretKey');
      assert.ok(saved);
      const q = prompts.last('warning')!;
      assert.ok('message' in q && /environment variable/.test(q.message));
      assert.ok(!('message' in q && q.message.includes(server.secretKey)), 'the question shows only the masked key');
      assert.equal(await a.secrets.get(`clerk.secretKey.${saved.id}`), server.secretKey);
      prompts.answer();
      await vscode.commands.executeCommand('clerk.importSecretKey');
      assert.match(prompts.messages('info').join('\n'), /no new CLERK_SECRET_KEY/, 'an imported key is not offered again');
    } finally {
      delete process.env.CLERK_SECRET_KEY;
    }
  });

  it('names the instance in the view description, and Rename Instance renames it', async () => {
    assert.equal(a.view.description, 'Development · test');
    prompts.answer('Staging app');
    await vscode.commands.executeCommand('clerk.renameInstance', (await roots())[0]);
    assert.equal((await roots())[0].label, 'Staging app');
    await until('the description', () => a.view.description === 'Staging app · test');
  });

  it('after a 401 (a rotated key), Update Secret Key from the error node replaces the key and keeps the name', async () => {
    const rotated: ClerkServer = await startClerkServer({ seed: 7 });
    try {
      await useUrl(rotated.url); // the stored key is not this server's: 401
      a.tree.refresh();
      const err = (await children((await roots())[0])).find((n) => n.kind === 'message')!;
      assert.equal(err.contextValue, 'message.error.auth');
      prompts.answer(rotated.secretKey);
      const saved = await vscode.commands.executeCommand<any>('clerk.updateSecretKey', err);
      assert.ok(saved);
      assert.equal(a.keys.list().length, 1, 'the old key was replaced');
      assert.equal(a.keys.list()[0].name, 'Staging app', 'the name was kept');
      a.tree.refresh();
      assert.equal((await children((await roots())[0])).filter((n) => n.kind === 'user').length, 20);
    } finally {
      await useUrl(server.url);
      await clearKeys();
      prompts.answer(server.secretKey);
      await vscode.commands.executeCommand('clerk.setSecretKey');
      await rotated.stop();
    }
  });

  it('Stop Watching stops polling and hides the watch marker', async () => {
    const s = await firstActive();
    await vscode.commands.executeCommand('clerk.session.watch', s);
    assert.ok(a.deps.watcher.isWatching(s.session.id));
    await vscode.commands.executeCommand('clerk.session.unwatch', s);
    assert.equal(a.deps.watcher.isWatching(s.session.id), false);
    server.resetLog();
    await a.deps.watcher.poll(s.session.id);
    assert.equal(server.count(), 0, 'no more polling');
  });

  it('Decode after Copy JWT opens the claims with readable times, never the token', async () => {
    const s = await firstActive();
    prompts.answer((q) => (q.kind === 'quickPick' ? q.items[0] : undefined), 'Decode');
    await vscode.commands.executeCommand('clerk.session.copyJwtFromTemplate', s);
    const ed = await until('the decoded JWT', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-report' && e.document.languageId === 'json'));
    const doc = JSON.parse(ed.document.getText());
    assert.equal(doc.claims.sid, s.session.id);
    assert.match(doc.times.exp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d local \(in /);
    assert.ok(!ed.document.getText().includes(await vscode.env.clipboard.readText()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Inspect from the Command Palette asks for a session id; an unknown id is explained in the document', async () => {
    const s = await firstActive();
    prompts.answer(s.session.id);
    await vscode.commands.executeCommand('clerk.session.inspect');
    const ed = await until('the session', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-session'));
    assert.equal(JSON.parse(ed.document.getText()).session.id, s.session.id);
    prompts.answer('sess_doesnotexist');
    await vscode.commands.executeCommand('clerk.session.inspect');
    const ed2 = await until('the error', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.includes('sess_doesnotexist')));
    assert.match(JSON.parse(ed2.document.getText()).error, /Clerk has no session 'sess_doesnotexist' \(404/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Log opens the Clerk log, and a request to an http (non-loopback) URL is refused before sending', async () => {
    await vscode.commands.executeCommand('clerk.showLog');
    await useUrl('http://clerk.example.invalid/v1');
    a.tree.refresh();
    const err = (await children((await roots())[0])).find((n) => n.kind === 'message')!;
    assert.match(String(err.description), /must use https/);
  });
});
