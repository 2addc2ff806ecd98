// The first things any host must show: the extension activates without touching the network, its commands and
// views are what package.json says, and a key set through the command lands in SecretStorage and nowhere else.
import * as assert from 'node:assert/strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns: typeof import('node:dns') = require('node:dns');
import * as net from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PALETTE_ASKS_FOR_ARGUMENT, secretName } from '../../src/ids';
import { extension, scripted, until, api, removeAllKeys, useOnlyKey } from '../support/ext';
import { localClerk } from '../support/local';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

function* filesUnder(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) yield* filesUnder(p);
    else if (st.isFile() && st.size < 20 * 1024 * 1024) yield p;
  }
}

describe('Foundation', () => {
  before(() => {
    console.log(
      `Running in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}), extension host Node ${process.versions.node}`,
    );
  });

  it('activates (at startup, or now) without sending any network request and without loading dist/heavy.js', async () => {
    const ext = extension();
    const seen: string[] = [];
    if (!ext.isActive) {
      // Not active yet (onStartupFinished has not come): watch every outgoing TCP connection and DNS lookup of this
      // extension host while it activates.
      // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called with its socket
      const origConnect = net.Socket.prototype.connect;
      const origLookup = dns.lookup;
      (net.Socket.prototype as any).connect = function (this: net.Socket, ...args: any[]) {
        // net.connect() (what http.request and fetch use) hands connect its normalized arguments: [options, callback].
        const o = Array.isArray(args[0]) ? args[0][0] : args[0];
        if (o && typeof o === 'object' && o.port !== undefined) seen.push(`connect ${o.host ?? ''}:${o.port}`);
        else if (typeof o === 'number') seen.push(`connect ${args[1] ?? ''}:${o}`);
        return (origConnect as any).apply(this, args);
      };
      (dns as any).lookup = function (...args: any[]) {
        seen.push(`lookup ${args[0]}`);
        return (origLookup as any).apply(this, args);
      };
      try {
        const started = await ext.activate();
        // What activation started in the background: its deferred reads of the keys and .env files, and the tree.
        await started?.settled;
        await started?.tree.whenIdle();
      } finally {
        (net.Socket.prototype as any).connect = origConnect;
        (dns as any).lookup = origLookup;
      }
    } else {
      console.log('      (already active: activated by onStartupFinished before the suite started)');
    }
    assert.deepEqual(seen, [], `activation made network calls: ${seen.join(', ')}`);
    const a = await api();
    console.log(`      activate() took ${a.activationMs.toFixed(1)} ms`);
    // Every request of ours goes through a ClerkClient over the HTTP library in dist/heavy.js: activation loaded neither.
    assert.equal(a.heavyLoaded(), false, 'activation loaded dist/heavy.js');
    assert.equal(ext.isActive, true);
    assert.ok(
      (ext.packageJSON as Manifest & { activationEvents: string[] }).activationEvents.includes('onStartupFinished'),
      'activates after startup, for the hover',
    );
  });

  it('registers every command it declares, and declares every command it registers', async () => {
    const pkg = extension().packageJSON as Manifest;
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('clerk.') && !c.startsWith('clerk.sessions.'))
      .sort();
    assert.deepEqual(registered, declared);
  });

  it('hides every command that takes a tree node from the Command Palette', () => {
    const menus = (extension().packageJSON as Manifest).contributes.menus;
    const nodeCommands = new Set((menus['view/item/context'] ?? []).map((m) => m.command));
    const palette = new Map((menus.commandPalette ?? []).map((m) => [m.command, m.when]));
    const visible = [...nodeCommands].filter((c) => palette.get(c) !== 'false' && !PALETTE_ASKS_FOR_ARGUMENT.includes(c));
    assert.deepEqual(visible, [], 'node commands visible in the palette');
  });

  it('contributes the Sessions view in the Clerk container, and it opens', async () => {
    const pkg = extension().packageJSON as Manifest;
    assert.deepEqual(
      pkg.contributes.views.clerk.map((v) => v.id),
      ['clerk.sessions'],
    );
    const a = await api();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until('the view hidden', () => !a.view.visible, 5000);
    await vscode.commands.executeCommand('workbench.view.extension.clerk');
    await vscode.commands.executeCommand('clerk.sessions.focus');
    await until('the Sessions view visible', () => a.view.visible, 5000);
  });

  it('stores a key set through the command in SecretStorage, and nowhere else', async () => {
    const a = await api();
    const server = await localClerk(); // Set Secret Key proves the key with GET /instance
    const prompts = await scripted();
    const key = server.secretKey;
    prompts.answer(key);
    const saved = await vscode.commands.executeCommand<{ id: string } | undefined>('clerk.setSecretKey');
    const input = prompts.last('input');
    assert.ok(input && input.kind === 'input');
    assert.equal(input.options.password, true, 'the input is a password field');
    assert.equal(input.options.ignoreFocusOut, true, 'the input survives focus moving to the browser');
    assert.ok(saved, 'the command reports the saved instance');
    assert.equal(await a.secrets.get(secretName(saved.id)), key, 'the key is readable from context.secrets');

    // Not in settings (user, workspace, or any clerk.* value)…
    const all =
      JSON.stringify(vscode.workspace.getConfiguration().inspect('clerk') ?? {}) +
      JSON.stringify(vscode.workspace.getConfiguration('clerk'));
    assert.ok(!all.includes(key), 'key found in settings');
    // …not in globalState…
    const state = JSON.stringify(a.globalState.keys().map((k) => [k, a.globalState.get(k)]));
    assert.ok(state.includes(saved.id), 'the instance metadata is in globalState');
    assert.ok(!state.includes(key), 'key found in globalState');
    // …and in no file under the user-data folder (settings.json, state databases, logs, global storage).
    const roots = [process.env.CLERK_TEST_USER_DATA, a.globalStorageUri.fsPath, a.logUri.fsPath].filter((r): r is string => !!r);
    assert.ok(process.env.CLERK_TEST_USER_DATA || vscode.env.appHost === 'desktop', 'the runner tells where the user data is');
    // Scan once what VS Code writes lazily has been written: the log up to the store's line (it names the masked key)…
    const holds = (needle: string) => roots.some((r) => [...filesUnder(r)].some((f) => readFileSync(f).includes(needle)));
    await until('the log file to hold the line of the store', () => holds(`Stored the key sk_test_…${key.slice(-4)}`), 15_000);
    // …and, on the desktop, where globalState is a database file under the user data, the instance metadata in it
    // (code-server keeps globalState in the browser: no file of the server holds it).
    if (vscode.env.appHost === 'desktop') await until('the state database to hold the instance metadata', () => holds(saved.id), 15_000);
    let scanned = 0;
    for (const root of roots) {
      for (const f of filesUnder(root)) {
        scanned++;
        const body = readFileSync(f);
        assert.equal(body.indexOf(key), -1, `key found in ${f}`);
        assert.equal(body.indexOf(Buffer.from(key, 'utf16le')), -1, `key found (UTF-16) in ${f}`);
      }
    }
    console.log(`      scanned ${scanned} files under the user-data folder: no key`);
    assert.ok(scanned > 0, 'found files to scan');
  });

  it('Remove Secret Key deletes the key and its metadata', async () => {
    const a = await api();
    const inst = await useOnlyKey(a, await localClerk());
    assert.equal(a.keys.list().length, 1);
    (await scripted()).answer('Remove');
    await vscode.commands.executeCommand('clerk.removeSecretKey');
    assert.equal(await a.secrets.get(secretName(inst.id)), undefined);
    assert.deepEqual(a.keys.list(), []);
  });

  it('rejects a malformed key with a message and stores nothing', async () => {
    const a = await api();
    await removeAllKeys(a);
    const prompts = await scripted();
    prompts.answer('pk_test_Zm9vYmFyLmNsZXJrLmFjY291bnRzLmRldiQ');
    await vscode.commands.executeCommand('clerk.setSecretKey');
    assert.deepEqual(a.keys.list(), []);
    assert.match(prompts.messages('error').join('\n'), /publishable key/);
  });
});
