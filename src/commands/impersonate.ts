// Sign In as This User… (POST /actor_tokens) and Revoke Impersonation (POST /actor_tokens/{id}/revoke) for the links
// made in this window. The sign-in URL carries a one-time token: it goes to the clipboard or the browser only, never to
// the log, a notification or the status bar. Development: one modal. Live key: a warning that impersonation bypasses
// the user's second factor, then the user's email typed.
import { apiError } from '../clerk/errors';
import { errorMessage } from '../util/errors';
import * as vscode from 'vscode';
import type { ActorToken, User } from '../clerk/types';
import { actorState } from '../ids';
import { localTime, userLabel } from '../util/format';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import type { UserNode } from '../tree/nodes';
import { UsageError, userTarget } from './targets';
import { keyRemoved, openUrl, typedConfirmation } from './user';

/** What Sign In as This User… and Revoke Impersonation use of the extension's services. */
export type ImpersonateDeps = Pick<
  Deps,
  'clipboard' | 'conns' | 'keys' | 'log' | 'now' | 'openExternal' | 'prompts' | 'state' | 'status' | 'tree'
>;

/** How long a sign-in link stays usable: short, it is a credential. */
export const ACTOR_TOKEN_SECONDS = 600;

export interface Impersonation {
  instanceId: string;
  id: string;
  userId: string;
  actorId: string;
  what: string;
  createdAt: number;
  expiresAt: number;
  status: string;
}

interface ActorPick extends vscode.QuickPickItem {
  userId?: string;
  typeId?: boolean;
}

const USER_ID = /^user_[A-Za-z0-9]+$/;

/** The actor tokens made in this window (ids and names only; never the URL or token). */
export class Impersonations {
  readonly made: Impersonation[] = [];

  constructor(private readonly d: ImpersonateDeps) {}

  /** Sign In as This User…: returns what was made (the URL only to the caller, for Copy/Open), or undefined. */
  async signInAs(arg: unknown): Promise<Impersonation | undefined> {
    const d = this.d;
    const { instanceId, user } = userTarget(arg, vscode.l10n.t('Sign In as This User'));
    const inst = d.keys.get(instanceId);
    if (!inst) throw new UsageError(keyRemoved());
    const actorId = await this.chooseActor(instanceId, user);
    if (!actorId) return undefined;
    const live = inst.keyEnvironment === 'live';
    const target = message(userLabel(user), 80);
    const actor = d.tree.userOf(instanceId, actorId);
    const actorText = message(actor ? `${userLabel(actor)} (${actorId})` : actorId, 100);
    const minutes = ACTOR_TOKEN_SECONDS / 60;
    const text = live
      ? vscode.l10n.t(
          'Impersonate {0} on PRODUCTION? The link signs in as this real user on your live instance ({1}), WITHOUT their password or second factor: impersonation bypasses multi-factor authentication. Everything done in that session acts on their account. The link works once, for {2} minutes.',
          target,
          inst.maskedKey,
          minutes,
        )
      : vscode.l10n.t(
          'Create a link that signs in as {0}? It works once, for {1} minutes, and skips their password and second factor.',
          target,
          minutes,
        );
    const detail = vscode.l10n.t("Acting user (recorded as the session's actor): {0}", actorText);
    const button = live ? vscode.l10n.t('Continue…') : vscode.l10n.t('Create Link');
    if ((await d.prompts.showWarningMessage(text, { modal: true, detail }, button)) !== button) {
      d.log.info(`Impersonation of ${user.id} not confirmed: nothing was sent`);
      return undefined;
    }
    const why = vscode.l10n.t("Impersonation bypasses the user's second factor.");
    if (live && !(await typedConfirmation(d, user, vscode.l10n.t('Impersonate a user on PRODUCTION'), why))) {
      d.log.info(`Impersonation of ${user.id}: the typed confirmation did not match, nothing was sent`);
      void d.prompts.showInformationMessage(
        vscode.l10n.t("Clerk: the confirmation did not match the user's email, so no sign-in link was made."),
      );
      return undefined;
    }
    await d.state.update(actorState(instanceId), actorId);
    const client = await d.conns.client(instanceId);
    const t = await client.createActorToken({ userId: user.id, actor: { sub: actorId }, expiresInSeconds: ACTOR_TOKEN_SECONDS });
    const now = d.now?.() ?? Date.now();
    const made: Impersonation = {
      instanceId,
      id: t.id,
      userId: user.id,
      actorId,
      what: userLabel(user),
      status: t.status,
      createdAt: now,
      expiresAt: now + ACTOR_TOKEN_SECONDS * 1000,
    };
    this.made.push(made);
    const url = signInUrl(t);
    d.log.info(`Created actor token ${t.id} to sign in as ${user.id} (actor ${actorId}), valid until ${localTime(made.expiresAt)}`);
    const [copyUrl, open, revoke] = [vscode.l10n.t('Copy URL'), vscode.l10n.t('Open'), vscode.l10n.t('Revoke Impersonation')];
    const until = localTime(made.expiresAt);
    void d.prompts
      .showInformationMessage(
        vscode.l10n.t('Clerk: a sign-in link as {0} is ready. It works once, until {1}.', target, until),
        copyUrl,
        open,
        revoke,
      )
      .then(async (a) => {
        if (a === copyUrl) {
          await d.clipboard.writeText(url);
          const as = pick(userLabel(user), 60);
          d.status(vscode.l10n.t('$(check) Clerk: copied the sign-in link as {0} (works once, until {1})', as, until), 10_000);
        } else if (a === open) await openUrl(d, url);
        else if (a === revoke) await this.revokeOne(made);
      })
      .then(undefined, (e) => {
        d.log.error('Copy, open or revoke of the sign-in link failed', e);
        void d.prompts.showErrorMessage(vscode.l10n.t('Clerk: {0}', message(errorMessage(e), 400)));
      });
    return made;
  }

  /** The impersonating user: the one used last on this instance, a loaded user, or a typed id. */
  private async chooseActor(instanceId: string, target: User): Promise<string | undefined> {
    const d = this.d;
    const last = d.state.get<string>(actorState(instanceId));
    const instNode = d.tree.instanceNode(instanceId);
    const rows = instNode ? await d.tree.getChildren(instNode) : [];
    const loaded = rows.filter((n): n is UserNode => n.kind === 'user').map((n) => n.user);
    const lastUser = last ? d.tree.userOf(instanceId, last) : undefined;
    const items: ActorPick[] = [];
    if (last) {
      const description = vscode.l10n.t('{0} · last used', pick(last, 60));
      items.push({ label: pick(lastUser ? userLabel(lastUser) : last, 80), description, userId: last });
    }
    for (const u of loaded) {
      if (u.id === last) continue;
      const description = u.id === target.id ? vscode.l10n.t('{0} · the user themself', pick(u.id, 60)) : pick(u.id, 60);
      items.push({ label: pick(userLabel(u), 80), description, userId: u.id });
    }
    items.push({ label: vscode.l10n.t('$(edit) Enter a user id…'), typeId: true });
    const chosen = await d.prompts.showQuickPick(items, {
      title: vscode.l10n.t('Sign in as {0}: who is acting?', pick(userLabel(target), 80)),
      placeHolder: vscode.l10n.t('The user who impersonates (usually you)'),
    });
    if (!chosen) return undefined;
    if (!chosen.typeId) return chosen.userId;
    const typed = await d.prompts.showInputBox({
      title: vscode.l10n.t('The acting user'),
      prompt: vscode.l10n.t('User id of the person who impersonates'),
      placeHolder: 'user_…',
      value: last,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || USER_ID.test(v.trim()) ? undefined : vscode.l10n.t('A user id looks like user_2abc…')),
    });
    if (!typed?.trim()) return undefined;
    if (!USER_ID.test(typed.trim())) throw new UsageError(vscode.l10n.t('"{0}" is not a user id (user_…).', message(typed, 60)));
    return typed.trim();
  }

  /** Revoke Impersonation: pick one of this window's links still pending; revoke it. */
  async revoke(): Promise<ActorToken | undefined> {
    const d = this.d;
    const pending = this.made.filter((m) => m.status === 'pending' && d.keys.get(m.instanceId));
    if (pending.length === 0) {
      void d.prompts.showInformationMessage(
        vscode.l10n.t('Clerk: no sign-in link made in this window is waiting to be used: nothing to revoke.'),
      );
      return undefined;
    }
    const chosen = await d.prompts.showQuickPick(
      pending.map((m) => ({
        label: pick(m.what, 80),
        description: vscode.l10n.t('{0} · made {1}', pick(m.id, 80), localTime(m.createdAt)),
        detail: vscode.l10n.t('acting user {0}; usable until {1}', pick(m.actorId, 120), localTime(m.expiresAt)),
        m,
      })),
      { title: vscode.l10n.t('Revoke a sign-in link (impersonation)'), placeHolder: vscode.l10n.t('Which link?') },
    );
    return chosen ? this.revokeOne(chosen.m) : undefined;
  }

  /** Revoke one link of this window (the notification's Revoke Impersonation button, or the one picked). */
  async revokeOne(m: Impersonation): Promise<ActorToken | undefined> {
    const d = this.d;
    try {
      const t = await (await d.conns.client(m.instanceId)).revokeActorToken(m.id);
      m.status = t.status;
      d.log.info(`Revoked actor token ${m.id}: status ${t.status}`);
      const [what, status] = [message(m.what, 80), message(t.status, 20)];
      void d.prompts.showInformationMessage(vscode.l10n.t('Clerk: the sign-in link as {0} is revoked (now {1}).', what, status));
      return t;
    } catch (e) {
      const api = apiError(e);
      if (api?.status === 400) {
        m.status = 'used or revoked';
        const text = vscode.l10n.t(
          'Clerk: the sign-in link as {0} cannot be revoked: it was already used or revoked. ({1})',
          message(m.what, 80),
          message(api.message, 200),
        );
        void d.prompts.showWarningMessage(text, {});
        return undefined;
      }
      throw e;
    }
  }
}

/** The sign-in URL of an actor token: http(s) only, else refused (it comes from outside). */
function signInUrl(t: ActorToken): string {
  const raw = typeof t.url === 'string' ? t.url : '';
  let ok: boolean;
  try {
    const u = new URL(raw);
    ok = u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      vscode.l10n.t(
        'Clerk made actor token {0} but its sign-in URL is missing or not http(s); revoke it with "Clerk: Revoke Impersonation".',
        message(t.id, 60),
      ),
    );
  }
  return raw;
}
