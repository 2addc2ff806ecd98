// Inside the extension host: one local Clerk-compatible server for the whole suite, and the extension pointed at it
// through the user's (global) clerk.apiUrl, the only place that setting is read from.
import * as vscode from 'vscode';
import { startClerkServer, makeTestSecretKey, type ClerkServer } from '../server/server';

let server: Promise<ClerkServer> | undefined;

export function localClerk(): Promise<ClerkServer> {
  server ??= (async () => {
    const s = await startClerkServer({ seed: 7 });
    await vscode.workspace.getConfiguration('clerk').update('apiUrl', s.url, vscode.ConfigurationTarget.Global);
    return s;
  })();
  return server;
}

export { makeTestSecretKey };
