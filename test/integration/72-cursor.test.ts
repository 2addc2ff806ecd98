// The token under the cursor (issue 16 §2): the editor menu's context key, Explain Token and Verify acting on the token
// under the cursor without a selection, and no clipboard read the user did not ask for (counted on the extension's own
// Deps clipboard seam, which every command reads through).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import type { ExplainResult } from '../../src/commands/explain';
import { extension, findSessionNode, until } from '../support/ext';
import { localClerkSuite } from '../support/suite';
import type { ClerkServer, Session } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

async function mint(server: ClerkServer, sessionId: string, template?: string): Promise<string> {
  const res = await fetch(`${server.url}/sessions/${sessionId}/tokens${template ? `/${encodeURIComponent(template)}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(res.status, 200, `minting for ${sessionId}: ${res.status}`);
  return ((await res.json()) as { jwt: string }).jwt;
}

describe('The token under the cursor', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  let reads: number;
  let clipboardFails: boolean;
  let realClipboard: TestApi['deps']['clipboard'];

  const active = (n = 0): Session =>
    server.data.sessions.filter((s) => s.status === 'active' && !s.actor && !s.user_id.includes('Hostile'))[n];

  /** An editor on a .http file whose line 1 carries the token; the cursor put at `col` of `line`. */
  async function editorWith(jwt: string, line: number, col: number): Promise<vscode.TextEditor> {
    const dir = mkdtempSync(join(tmpdir(), 'clerk-cursor-'));
    const file = join(dir, 'requests.http');
    writeFileSync(file, `GET http://localhost:3000/api/me\nAuthorization: Bearer ${jwt}\n\nGET http://localhost:3000/health\n`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    editor.selection = new vscode.Selection(line, col, line, col);
    return editor;
  }
  const onTokenCol = 'Authorization: Bearer '.length + 25;

  localClerkSuite({
    ready: (s) => ({ server, a } = s),
    each: (s) => {
      prompts = s.prompts;
      reads = 0;
      clipboardFails = false;
    },
    closeEditors: true,
  });

  before(() => {
    realClipboard = a.deps.clipboard;
    // The extension's own clipboard seam, observed: every read counted; a read can be made to fail (no permission).
    a.deps.clipboard = {
      writeText: (t) => realClipboard.writeText(t),
      readText: () => {
        reads++;
        return clipboardFails ? Promise.reject(new Error('NotAllowedError: Read permission denied.')) : realClipboard.readText();
      },
    };
  });

  after(() => {
    a.deps.clipboard = realClipboard;
  });

  it('the context key follows the cursor on and off a token, and the editor menu offers Explain and Verify with it', async () => {
    const pkg = JSON.parse(readFileSync(join(extension().extensionPath, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const menu = pkg.contributes.menus['editor/context'];
    for (const c of ['clerk.explainToken', 'clerk.session.verify']) {
      assert.ok(
        menu.some((m) => m.command === c && m.when?.includes('clerk.cursorOnToken')),
        `${c} in the editor menu when the cursor is on a token`,
      );
    }
    const editor = await editorWith(await mint(server, active().id), 1, onTokenCol);
    await until('the key says: on a token', () => a.cursorToken.onToken);
    editor.selection = new vscode.Selection(3, 2, 3, 2);
    await until('the key says: not on a token', () => !a.cursorToken.onToken);
    editor.selection = new vscode.Selection(1, onTokenCol, 1, onTokenCol);
    await until('on a token again', () => a.cursorToken.onToken);
    assert.equal(reads, 0, 'the clipboard is never read for the key');
  });

  it('Explain Token without a selection explains the token under the cursor, not the clipboard, and never reads it', async () => {
    const s = active();
    const other = active(1);
    await realClipboard.writeText(await mint(server, other.id));
    await editorWith(await mint(server, s.id), 1, onTokenCol);
    const r = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.ok(r?.explanation, 'explained');
    assert.equal(r.explanation.sessionId, s.id, 'the token under the cursor');
    assert.equal(prompts.asked.filter((x) => x.kind === 'quickPick' || x.kind === 'input').length, 0, 'nothing asked');
    assert.equal(reads, 0, 'the clipboard was not read');
  });

  it('Explain Token with no token at the cursor offers paste or clipboard, and reads the clipboard only when picked', async () => {
    const s = active();
    const jwt = await mint(server, s.id);
    await realClipboard.writeText(jwt);
    // Pasted: the clipboard is offered, never read.
    prompts.answer('Paste a token', jwt);
    const pasted = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.equal(pasted?.explanation?.sessionId, s.id);
    const offered = prompts.last('quickPick');
    assert.ok(offered && offered.kind === 'quickPick' && offered.items.some((i) => i.label.includes('Use the token on the clipboard')));
    assert.equal(reads, 0, 'offered, not read');
    // Picked: read once.
    prompts.answer('Use the token on the clipboard');
    const clip = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.equal(clip?.explanation?.sessionId, s.id);
    assert.equal(reads, 1, 'read once, when picked');
    // A refused read says so in a sentence and falls back to the paste box.
    clipboardFails = true;
    prompts.answer('Use the token on the clipboard', jwt);
    const fallback = await vscode.commands.executeCommand<ExplainResult>('clerk.explainToken');
    assert.equal(fallback?.explanation?.sessionId, s.id, 'the paste box took over');
    assert.ok(
      prompts.messages('warning').some((m) => /Could not read the clipboard/.test(m)),
      prompts.messages().join('\n'),
    );
    assert.equal(prompts.messages('error').length, 0, 'no error toast');
  });

  it('Verify from the editor menu verifies the token under the cursor against the session it names, reading no clipboard', async () => {
    const s = active();
    await realClipboard.writeText('not a token');
    const editor = await editorWith(await mint(server, s.id), 1, onTokenCol);
    const r = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', editor.document.uri);
    assert.ok(r, prompts.messages().join('\n'));
    assert.ok(r.ok, r.text);
    assert.ok(r.text.includes(s.id), 'the session the token names');
    assert.equal(prompts.asked.filter((x) => x.kind === 'quickPick' || x.kind === 'input').length, 0, 'nothing asked');
    assert.equal(reads, 0, 'the clipboard was not read');
  });

  it('Verify from a session row offers the cursor token and the clipboard, and reads the clipboard only when picked', async () => {
    const s = active();
    const jwt = await mint(server, s.id);
    await editorWith(jwt, 1, onTokenCol);
    const node = await findSessionNode(a, s.user_id, s.id);
    prompts.answer('Use the token under the cursor');
    const r = await vscode.commands.executeCommand<VerifyResult>('clerk.session.verify', node);
    assert.ok(r?.ok, r?.text);
    const offered = prompts.last('quickPick');
    assert.ok(offered && offered.kind === 'quickPick' && offered.items.some((i) => i.label.includes('Use the token on the clipboard')));
    assert.equal(reads, 0, 'offered, not read');
  });
});
