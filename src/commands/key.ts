// Set / remove the secret key.
import * as vscode from 'vscode';
import type { Prompts } from '../ui/prompts';
import type { Logger } from '../util/log';
import { checkKeyShape } from '../key/keyShape';
import { KeyringError, type InstanceMeta, type KeyStore } from '../key/secretKey';

export interface KeyDeps {
  keys: KeyStore;
  prompts: Prompts;
  log: Logger;
}

/** "Clerk: Set Secret Key": a password input that survives focus moving to the browser, a shape check, storage. */
export async function setSecretKey(deps: KeyDeps): Promise<InstanceMeta | undefined> {
  const raw = await deps.prompts.showInputBox({
    title: 'Clerk: Set Secret Key',
    prompt: 'Paste a secret key from Clerk Dashboard → API keys. It is kept in VS Code\'s secret storage only.',
    placeHolder: 'sk_test_… or sk_live_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : checkKeyShape(v)),
  });
  if (raw === undefined) return undefined; // dismissed: nothing to do, nothing lost
  const key = raw.trim();
  const problem = checkKeyShape(key);
  if (problem) {
    void deps.prompts.showErrorMessage(`Clerk: the key was not saved. ${problem}`);
    return undefined;
  }
  return storeKey(deps, key, { name: '' });
}

export async function storeKey(deps: KeyDeps, key: string, meta: Omit<InstanceMeta, 'id' | 'maskedKey' | 'keyEnvironment' | 'addedAt'>): Promise<InstanceMeta | undefined> {
  try {
    const saved = await deps.keys.add(key, meta);
    deps.log.info(`Stored the key for instance ${saved.id} (${saved.maskedKey})`);
    return saved;
  } catch (e) {
    if (!(e instanceof KeyringError)) throw e;
    deps.log.error('Could not store the key', e);
    const keep = 'Keep for This Window';
    const answer = await deps.prompts.showWarningMessage(
      `${e.message} Clerk Sessions can keep the key in memory for this window only; you will be asked again after a reload.`,
      { modal: true }, keep);
    if (answer !== keep) return undefined;
    return deps.keys.add(key, meta, { windowOnly: true });
  }
}

/** "Clerk: Remove Secret Key": for the instance passed in, or one the user picks. */
export async function removeSecretKey(deps: KeyDeps, instanceId?: string): Promise<boolean> {
  const all = deps.keys.list();
  let target = instanceId ? deps.keys.get(instanceId) : all.length === 1 ? all[0] : undefined;
  if (!target && !instanceId && all.length > 1) {
    const pick = await deps.prompts.showQuickPick(
      all.map((i) => ({ label: i.name || i.maskedKey, description: `${i.keyEnvironment === 'live' ? 'LIVE · ' : ''}${i.maskedKey}`, id: i.id })),
      { title: 'Clerk: Remove Secret Key', placeHolder: 'Which instance\'s key should be removed?' });
    target = pick && deps.keys.get(pick.id);
  }
  if (!target) {
    if (all.length === 0) void deps.prompts.showInformationMessage('Clerk: there is no secret key to remove.');
    return false;
  }
  await deps.keys.remove(target.id);
  deps.log.info(`Removed the key for instance ${target.id} (${target.maskedKey})`);
  void vscode.window.setStatusBarMessage(`Clerk: removed the key ${target.maskedKey}`, 4000);
  return true;
}
