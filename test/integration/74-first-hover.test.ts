// The first hover after connecting a key (issue 16): a hover sends no request, so it checks a signature only against
// public keys already remembered. Before, they were remembered only by Explain or Verify, and a newcomer's first hover
// (the demo's requests.http) said "Cannot tell: no key of your instances has this kid". Now the tree's first load of an
// instance fetches its JWKS once (never activate(): see 00-foundation), so the first hover gives a verdict.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { InstanceMeta } from '../../src/key/secretKey';
import { removeAllKeys, settleTree } from '../support/ext';
import { localClerkSuite } from '../support/suite';
import type { ClerkServer } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

/** Our hover's markdown at a position, with its escapes removed, or undefined. */
async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .find((v) => v.includes('clerk.explainToken'))
    ?.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('The first hover after connecting a key', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;

  localClerkSuite({ ready: (s) => ({ server, a } = s), each: (s) => ({ prompts } = s), closeEditors: true });

  it('connect a key, the tree loads: the hover over a fresh session token gives a verdict (✓), not "cannot tell", and sends nothing', async () => {
    // A newcomer's start: no key, no public key remembered (as in a fresh profile).
    for (const i of a.keys.list()) await a.deps.conns.forgetPublicKeys(i.id);
    await removeAllKeys(a);
    assert.deepEqual(a.keys.list(), []);
    server.resetLog();
    prompts.answer(server.secretKey);
    const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.setSecretKey');
    assert.ok(saved, 'the key was stored');
    await settleTree(a); // the view draws the instance's first page of users (VS Code may have asked already)
    // Its public keys are remembered now (for the hover), read with at most one GET /jwks: the client may still hold
    // the JWKS it read earlier in this window (5 min), and then sends nothing.
    assert.ok(a.deps.conns.rememberedKeys(saved.id).length > 0, 'the first load of the instance remembered its public keys');
    assert.ok(server.count('GET /v1/jwks') <= 1, `${server.count('GET /v1/jwks')} GET /jwks`);

    const s = server.data.sessions.find((x) => x.status === 'active' && !x.actor)!;
    const res = await fetch(`${server.url}/sessions/${s.id}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 200);
    const jwt = ((await res.json()) as { jwt: string }).jwt;
    const file = join(mkdtempSync(join(tmpdir(), 'clerk-first-hover-')), 'requests.http');
    writeFileSync(file, `GET http://localhost:3000/api/me\nAuthorization: Bearer ${jwt}\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);

    server.resetLog();
    const text = await ourHover(doc.uri, new vscode.Position(1, 'Authorization: Bearer '.length + 20));
    assert.ok(text, 'our hover is there');
    assert.match(text, /^Verdict: ✓ A backend using @clerk\/backend's verifyToken would accept it now\./m, text);
    assert.doesNotMatch(text, /cannot tell/i);
    const kid = (JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
    assert.ok(text.includes(`Signature: matches key ${kid}`), text);
    assert.equal(server.requests.length, 0, 'a hover sends no request');

    // Redraws and refreshes do not read the JWKS again: it is remembered.
    a.tree.refresh();
    await settleTree(a);
    assert.equal(server.count('GET /v1/jwks'), 0, 'no second GET /jwks');
  });
});
