// What a command acts on. A command that takes a tree node checks that it got one of ours; from the Command Palette
// (no argument) it asks; anything else is refused with a sentence. One "which instance?" pick for every command.
import { AppError } from '../clerk/errors';
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import { instanceTitle } from '../key/instanceTitle';
import { asNode, unhandled, type UserNode } from '../tree/nodes';
import { pick } from '../util/inert';
import type { Deps } from './context';

/** A mistake in how a command was called (a wrong argument, a token that is not one): shown as is, never retried. */
export class UsageError extends AppError {
  readonly kind = 'usage' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface SessionTarget {
  instanceId: string;
  session: Session;
  user?: User;
}

/** The one "which instance?" pick: undefined when dismissed; no question when there is only one. */
export async function pickInstance(d: Pick<Deps, 'keys' | 'prompts'>, title: string): Promise<InstanceMeta | undefined> {
  const all = d.keys.list();
  if (all.length === 0) throw new UsageError(vscode.l10n.t('Set a secret key first (Clerk: Set Secret Key).'));
  if (all.length === 1) return all[0];
  const chosen = await d.prompts.showQuickPick(
    all.map((i) => ({
      label: pick(instanceTitle(i)),
      id: i.id,
      description: i.keyEnvironment === 'live' ? vscode.l10n.t('LIVE · {0}', i.maskedKey) : i.maskedKey,
    })),
    { title, placeHolder: vscode.l10n.t('Which instance?') },
  );
  return chosen ? d.keys.get(chosen.id) : undefined;
}

/** The instance an argument belongs to (any of our nodes), or undefined. */
export function instanceIdOf(arg: unknown): string | undefined {
  const n = asNode(arg);
  if (!n) return undefined;
  switch (n.kind) {
    case 'instance':
    case 'user':
    case 'session':
      return n.instanceId;
    case 'message':
      return n.authFailed?.instanceId;
    case 'userList':
    case 'loadMore':
      return undefined;
    default:
      return unhandled(n);
  }
}

/** An instance node, or (from the palette) the instance the user picks. */
export async function instanceTarget(d: Pick<Deps, 'keys' | 'prompts'>, arg: unknown, title: string): Promise<InstanceMeta | undefined> {
  if (arg === undefined || arg === null) return pickInstance(d, title);
  const id = instanceIdOf(arg);
  const inst = id ? d.keys.get(id) : undefined;
  if (inst) return inst;
  throw new UsageError(vscode.l10n.t('"{0}" works on an instance in the Clerk view; it was given something else.', title));
}

/** A session node, or (from the palette) a session id the user types, read from Clerk with one request. */
export async function sessionTarget(
  d: Pick<Deps, 'conns' | 'keys' | 'prompts' | 'tree'>,
  arg: unknown,
  title: string,
): Promise<SessionTarget | undefined> {
  const n = asNode(arg);
  if (n?.kind === 'session') return { instanceId: n.instanceId, session: n.session, user: n.user };
  if (arg !== undefined && arg !== null) {
    throw new UsageError(vscode.l10n.t('"{0}" works on a session in the Clerk view; it was given something else.', title));
  }
  const inst = await pickInstance(d, vscode.l10n.t('{0}: which instance?', title));
  if (!inst) return undefined;
  const id = await d.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t('Session id'),
    placeHolder: 'sess_…',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^\s*sess_[A-Za-z0-9]+\s*$/.test(v) || v.trim() === '' ? undefined : vscode.l10n.t('A session id starts with sess_'),
  });
  if (!id?.trim()) return undefined;
  const session = await (await d.conns.client(inst.id)).getSession(id.trim());
  return { instanceId: inst.id, session, user: d.tree.userOf(inst.id, session.user_id) };
}

/** A user node; users exist only in the tree, so anything else is refused. */
export function userTarget(arg: unknown, title: string): UserNode {
  const n = asNode(arg);
  if (n?.kind === 'user') return n;
  throw new UsageError(vscode.l10n.t('"{0}" works on a user in the Clerk view.', title));
}
