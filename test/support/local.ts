// Inside the extension host: one local Clerk-compatible server for the whole suite, and the extension pointed at it
// through the user's (global) clerk.apiUrl, the only place that setting is read from.
import * as vscode from 'vscode';
import { startClerkServer, makeTestSecretKey, type ClerkServer } from '../server/server';
import { EXTENSION_ID } from '../../src/ids';
import type { TestApi } from '../../src/extension';
import { nextEvent } from './ext';

let server: Promise<ClerkServer> | undefined;

/**
 * Set the user's clerk.apiUrl and wait until VS Code has delivered the change event (the extension refreshes its
 * tree on it), so a test that counts requests afterwards is not crossed by a late refresh.
 */
export async function setApiUrl(url: string): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('clerk');
  if (config().inspect<string>('apiUrl')?.globalValue === url) return;
  const changed = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve();
    }, 5000);
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('clerk.apiUrl')) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  // The extension refreshes its tree on the change: wait for that refresh, not for a time.
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  const tree = ext?.isActive ? ext.exports?.tree : undefined; // not active yet: nothing to refresh
  const refreshed = tree ? nextEvent('the tree refreshed for the new clerk.apiUrl', tree.onDidChangeTreeData, 5000) : undefined;
  await config().update('apiUrl', url, vscode.ConfigurationTarget.Global);
  await changed;
  await refreshed;
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
