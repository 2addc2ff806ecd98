// Set, import, update, rename and remove secret keys. A key is proven with one GET /instance before it is stored.
import * as vscode from 'vscode';
import type { Instance } from '../clerk/types';
import { Ctx } from '../ids';
import { checkKeyShape } from '../key/keyShape';
import { KeyringError, instanceIdForKey, type InstanceMeta, type KeyStore } from '../key/secretKey';
import { instanceTitle } from '../key/instanceTitle';
import { message, pick } from '../util/inert';
import { errorMessage } from '../util/errors';
import { maskKey } from '../util/redact';
import type { Deps } from './context';
import { instanceTarget, pickInstance } from './targets';

/** What the key commands (Set, Import, Update, Remove Secret Key, Rename Instance) use of the extension's services. */
export type KeyDeps = Pick<Deps, 'conns' | 'keys' | 'log' | 'prompts' | 'status'>;

type NewMeta = Omit<InstanceMeta, 'id' | 'maskedKey' | 'keyEnvironment' | 'addedAt'>;

async function askForKey(deps: KeyDeps, title: string): Promise<string | undefined> {
  const raw = await deps.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t("Paste a secret key from Clerk Dashboard → API keys. It is kept in VS Code's secret storage only."),
    placeHolder: 'sk_test_… or sk_live_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : checkKeyShape(v)),
  });
  if (raw === undefined) return undefined; // dismissed: nothing to do, nothing lost
  const key = raw.trim();
  const problem = checkKeyShape(key);
  if (problem) {
    void deps.prompts.showErrorMessage(vscode.l10n.t('Clerk: the key was not saved. {0}', problem));
    return undefined;
  }
  return key;
}

/** One GET /instance: proves the key and names the instance. Undefined (with a message shown) when it fails. */
async function proveKey(deps: KeyDeps, key: string): Promise<Instance | undefined> {
  try {
    const title = vscode.l10n.t('Clerk: checking the key…');
    const progress = { location: vscode.ProgressLocation.Notification, title, cancellable: true };
    return await vscode.window.withProgress(progress, (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return deps.conns.clientForKey(key).getInstance(ac.signal);
    });
  } catch (e) {
    deps.log.error(`The key ${maskKey(key)} was not saved`, e);
    void deps.prompts.showErrorMessage(vscode.l10n.t('Clerk: the key was not saved. {0}', message(errorMessage(e), 400)));
    return undefined;
  }
}

function metaFrom(instance: Instance, name = ''): NewMeta {
  return { name, environmentType: instance.environment_type, clerkInstanceId: instance.id };
}

/** "Clerk: Set Secret Key": password input, shape check, GET /instance, then SecretStorage. */
export async function setSecretKey(deps: KeyDeps): Promise<InstanceMeta | undefined> {
  const key = await askForKey(deps, vscode.l10n.t('Clerk: Set Secret Key'));
  if (!key) return undefined;
  const instance = await proveKey(deps, key);
  if (!instance) return undefined;
  return storeKey(deps, key, metaFrom(instance));
}

export async function storeKey(deps: KeyDeps, key: string, meta: NewMeta): Promise<InstanceMeta | undefined> {
  let saved: InstanceMeta;
  try {
    saved = await deps.keys.add(key, meta);
  } catch (e) {
    if (!(e instanceof KeyringError)) throw e;
    deps.log.error('Could not store the key', e);
    const keep = vscode.l10n.t('Keep for This Window');
    const answer = await deps.prompts.showWarningMessage(
      vscode.l10n.t(
        '{0} Clerk Sessions can keep the key in memory for this window only; you will be asked again after a reload.',
        message(e.message, 300),
      ),
      { modal: true },
      keep,
    );
    if (answer !== keep) return undefined;
    saved = await deps.keys.add(key, meta, { windowOnly: true });
  }
  deps.conns.forget(saved.id);
  deps.log.info(`Stored the key ${saved.maskedKey} for ${instanceTitle(saved)} (${saved.clerkInstanceId ?? 'unchecked'})`);
  deps.status(vscode.l10n.t('$(key) Clerk: connected {0} · {1}', pick(instanceTitle(saved), 60), saved.maskedKey), 5000);
  return saved;
}

/** The workspace's .env files read for keys, in order. */
export const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local'];

/** The first value of any of `names` in each of the workspace's .env files (only in a trusted workspace), in order. */
export async function envFileValues(
  names: readonly string[],
  trusted = vscode.workspace.isTrusted,
): Promise<{ value: string; where: string }[]> {
  const found: { value: string; where: string }[] = [];
  // In Restricted Mode the workspace's files are not to be trusted with our prompts: only the host's environment counts.
  const folders = trusted ? (vscode.workspace.workspaceFolders ?? []) : [];
  const re = new RegExp(`^\\s*(?:export\\s+)?(?:${names.join('|')})\\s*=\\s*["']?([^"'\\s#]+)`, 'm');
  for (const folder of folders) {
    for (const f of ENV_FILES) {
      const uri = vscode.Uri.joinPath(folder.uri, f);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      const m = re.exec(text);
      if (m) found.push({ value: m[1], where: vscode.workspace.asRelativePath(uri) });
    }
  }
  return found;
}

/** Where a CLERK_SECRET_KEY can be found without asking: the workspace's .env files, then this process's environment. */
export async function findKeys(trusted = vscode.workspace.isTrusted): Promise<{ key: string; where: string }[]> {
  const found: { key: string; where: string }[] = [];
  for (const f of await envFileValues(['CLERK_SECRET_KEY'], trusted))
    if (!checkKeyShape(f.value)) found.push({ key: f.value, where: f.where });
  const env = process.env.CLERK_SECRET_KEY?.trim();
  if (env && !checkKeyShape(env)) found.push({ key: env, where: vscode.l10n.t('the CLERK_SECRET_KEY environment variable') });
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.key) && seen.add(f.key));
}

/** Set clerk.keyFound for the welcome view: a key is there to import that is not stored yet. */
export async function updateKeyFound(keys: KeyStore): Promise<boolean> {
  const stored = new Set(keys.list().map((i) => i.id));
  const any = (await findKeys()).some((f) => !stored.has(instanceIdForKey(f.key)));
  await vscode.commands.executeCommand('setContext', Ctx.keyFound, any);
  return any;
}

interface FoundPick extends vscode.QuickPickItem {
  key: string;
  where: string;
}

/** "Clerk: Import Secret Key": from .env files or the environment, after asking. */
export async function importSecretKey(deps: KeyDeps): Promise<InstanceMeta | undefined> {
  const stored = new Set(deps.keys.list().map((i) => i.id));
  const found = (await findKeys()).filter((f) => !stored.has(instanceIdForKey(f.key)));
  if (found.length === 0) {
    const text = vscode.l10n.t(
      'Clerk: no new CLERK_SECRET_KEY found in .env, .env.local, .env.development, .env.development.local or the environment.',
    );
    void deps.prompts.showInformationMessage(text);
    return undefined;
  }
  let chosen: { key: string; where: string } | undefined = found[0];
  if (found.length > 1) {
    chosen = await deps.prompts.showQuickPick<FoundPick>(
      found.map((f) => ({ label: maskKey(f.key), description: pick(f.where), key: f.key, where: f.where })),
      { title: vscode.l10n.t('Clerk: Import Secret Key'), placeHolder: vscode.l10n.t('Which key?') },
    );
    if (!chosen) return undefined;
  }
  const live = chosen.key.startsWith('sk_live_');
  const where = message(chosen.where, 120);
  const useKey = vscode.l10n.t('Use Key');
  const question = live
    ? vscode.l10n.t("Use the LIVE (production) key {0} from {1}? It will be kept in VS Code's secret storage.", maskKey(chosen.key), where)
    : vscode.l10n.t("Use the key {0} from {1}? It will be kept in VS Code's secret storage.", maskKey(chosen.key), where);
  const answer = await deps.prompts.showWarningMessage(question, { modal: true }, useKey);
  if (answer !== useKey) return undefined;
  const instance = await proveKey(deps, chosen.key);
  if (!instance) return undefined;
  const saved = await storeKey(deps, chosen.key, metaFrom(instance));
  await updateKeyFound(deps.keys);
  return saved;
}

/** After a 401: replace an instance's key with a new one (proved first), keeping its name. */
export async function updateSecretKey(deps: KeyDeps, node?: unknown): Promise<InstanceMeta | undefined> {
  // A node of ours names the instance; anything else is refused; from the palette the user picks (or sets a first key).
  let old: InstanceMeta | undefined;
  const title = vscode.l10n.t('Update Secret Key');
  if (node !== undefined && node !== null) old = await instanceTarget(deps, node, title);
  else if (deps.keys.list().length > 0) {
    old = await pickInstance(deps, title);
    if (!old) return undefined;
  }
  const key = await askForKey(
    deps,
    old
      ? vscode.l10n.t('Clerk: Update Secret Key for {0} ({1})', pick(instanceTitle(old), 80), old.maskedKey)
      : vscode.l10n.t('Clerk: Set Secret Key'),
  );
  if (!key) return undefined;
  const instance = await proveKey(deps, key);
  if (!instance) return undefined;
  const saved = await storeKey(deps, key, metaFrom(instance, old?.name ?? ''));
  if (saved && old && old.id !== saved.id) await deps.keys.remove(old.id);
  return saved;
}

export async function renameInstance(deps: KeyDeps, node?: unknown): Promise<void> {
  const target = await instanceTarget(deps, node, vscode.l10n.t('Rename Instance'));
  if (!target) return;
  const name = await deps.prompts.showInputBox({
    title: vscode.l10n.t('Rename instance'),
    value: instanceTitle(target),
    prompt: vscode.l10n.t('A name for {0}', target.maskedKey),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name cannot be empty')),
  });
  if (name === undefined || !name.trim()) return;
  await deps.keys.rename(target.id, name.trim());
}

/** "Clerk: Remove Secret Key": for the instance passed in, or one the user picks (none asked with one instance); a modal first. */
export async function removeSecretKey(deps: KeyDeps, node?: unknown): Promise<boolean> {
  if (deps.keys.list().length === 0) {
    void deps.prompts.showInformationMessage(vscode.l10n.t('Clerk: there is no secret key to remove.'));
    return false;
  }
  const target = await instanceTarget(deps, node, vscode.l10n.t('Remove Secret Key'));
  if (!target) return false;
  // Always asked, also from the palette with one instance, where nothing else names what would be removed.
  const name = message(instanceTitle(target), 60);
  const question =
    target.keyEnvironment === 'live'
      ? vscode.l10n.t(
          'Remove the PRODUCTION secret key {0} of {1} from VS Code? The Clerk view stops showing this instance until you set the key again; the key stays valid in Clerk.',
          target.maskedKey,
          name,
        )
      : vscode.l10n.t(
          'Remove the secret key {0} of {1} from VS Code? The Clerk view stops showing this instance until you set the key again; the key stays valid in Clerk.',
          target.maskedKey,
          name,
        );
  const remove = vscode.l10n.t('Remove');
  if ((await deps.prompts.showWarningMessage(question, { modal: true }, remove)) !== remove) {
    deps.log.info(`Removing the key ${target.maskedKey} was not confirmed: it is kept`);
    return false;
  }
  await deps.keys.remove(target.id);
  deps.conns.forget(target.id);
  await deps.conns.forgetPublicKeys(target.id);
  deps.log.info(`Removed the key ${target.maskedKey}`);
  deps.status(vscode.l10n.t('Clerk: removed the key {0}', target.maskedKey), 4000);
  await updateKeyFound(deps.keys);
  return true;
}
