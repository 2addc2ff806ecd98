// Inside the extension host: one local Clerk-compatible server for the whole suite, and the extension pointed at it
// through the user's (global) clerk.apiUrl, the only place that setting is read from.
import * as vscode from 'vscode';
import { startClerkServer, makeTestSecretKey, type ClerkServer } from '../server/server';

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
  await config().update('apiUrl', url, vscode.ConfigurationTarget.Global);
  await changed;
  await new Promise((r) => setTimeout(r, 50)); // the extension's own listener runs after ours
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
