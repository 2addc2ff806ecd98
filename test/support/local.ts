// Inside the extension host: one local Clerk-compatible server for the whole suite, and the extension pointed at it
// through the user's (global) clerk.apiUrl, the only place that setting is read from.
import * as vscode from 'vscode';
import { startClerkServer, makeTestSecretKey, type ClerkServer } from '../server/server';
import { EXTENSION_ID } from '../../src/ids';
import type { TestApi } from '../../src/extension';
import { nextEvent } from './ext';

let server: Promise<ClerkServer> | undefined;

/**
 * Set the user's clerk.apiUrl and wait until VS Code has delivered the change event and the extension has refreshed
 * its tree on it, so a test that counts requests afterwards is not crossed by a late refresh. Fails saying which of
 * the two did not come (VS Code delivers a settings change through a file write: slow on a loaded machine).
 */
export async function setApiUrl(url: string, timeoutMs = 20_000): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('clerk');
  if (config().inspect<string>('apiUrl')?.globalValue === url) return;
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  const tree = ext?.isActive ? ext.exports?.tree : undefined; // not active yet: nothing to refresh
  const both = Promise.all([
    nextEvent('VS Code to deliver the change of clerk.apiUrl', vscode.workspace.onDidChangeConfiguration, timeoutMs, (e) =>
      e.affectsConfiguration('clerk.apiUrl'),
    ),
    tree ? nextEvent('the tree refreshed for the new clerk.apiUrl', tree.onDidChangeTreeData, timeoutMs) : undefined,
  ]);
  both.catch(() => undefined); // awaited below; not an unhandled rejection when the update itself throws first
  await config().update('apiUrl', url, vscode.ConfigurationTarget.Global);
  await both;
}

export function localClerk(): Promise<ClerkServer> {
  server ??= (async () => {
    const s = await startClerkServer({ seed: 7 });
    await setApiUrl(s.url);
    return s;
  })();
  return server;
}

export { makeTestSecretKey };
