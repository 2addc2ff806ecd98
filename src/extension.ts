// activate(): build the pieces, register the view and the commands, push every disposable. No network I/O.
import * as vscode from 'vscode';
import { Cmd, VIEW_SESSIONS } from './ids';
import { KeyStore } from './key/secretKey';
import { PromptSeam } from './ui/prompts';
import { createLogger } from './util/log';
import { redact } from './util/redact';
import { SessionsTree, InstanceNode } from './tree/provider';
import { removeSecretKey, setSecretKey, type KeyDeps } from './commands/key';

/** What the integration tests reach through `extension.exports`; undefined outside VS Code's Test mode. */
export interface TestApi {
  prompts: PromptSeam;
  keys: KeyStore;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  globalStorageUri: vscode.Uri;
  logUri: vscode.Uri;
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const t0 = performance.now();
  const channel = vscode.window.createOutputChannel('Clerk', { log: true });
  const log = createLogger(channel);
  const keys = new KeyStore(context.secrets, context.globalState);
  const prompts = new PromptSeam();
  const tree = new SessionsTree(keys);
  const view = vscode.window.createTreeView(VIEW_SESSIONS, { treeDataProvider: tree, showCollapseAll: true });
  const deps: KeyDeps = { keys, prompts, log };

  const commands: Record<string, (...args: any[]) => unknown> = {
    [Cmd.setSecretKey]: () => setSecretKey(deps),
    [Cmd.removeSecretKey]: (node?: InstanceNode) => removeSecretKey(deps, node?.instance.id),
  };
  context.subscriptions.push(channel, keys, tree, view,
    ...Object.entries(commands).map(([id, fn]) => vscode.commands.registerCommand(id, guarded(id, fn, log, prompts))));

  // Context keys come from SecretStorage, which is local (no network); do it after activate() returns.
  void keys.refreshContext().catch((e) => log.error('Could not read the stored keys', e));

  const activationMs = performance.now() - t0;
  log.debug(`activated in ${activationMs.toFixed(1)} ms`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { prompts, keys, secrets: context.secrets, globalState: context.globalState, globalStorageUri: context.globalStorageUri, logUri: context.logUri, activationMs };
}

/** Every command: errors are logged and shown with a Show Log action, never left as unhandled rejections. */
function guarded(id: string, fn: (...args: any[]) => unknown, log: ReturnType<typeof createLogger>, prompts: PromptSeam) {
  return async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      log.error(`${id} failed`, e);
      const msg = redact(e instanceof Error ? e.message : String(e));
      const choice = await prompts.showErrorMessage(`Clerk: ${msg}`, 'Show Log');
      if (choice === 'Show Log') log.show();
      return undefined;
    }
  };
}

export function deactivate(): void {
  /* everything is in context.subscriptions */
}
