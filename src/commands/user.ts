// Commands on a user: Revoke All Sessions…, Create Test Session, Open in Clerk Dashboard (also on an instance).
// Every name, email and error text in a message goes through src/util/inert.ts; nothing is sent before the user's
// exact affirmative, and on a live key the user types the user's email (or id) first.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import { primaryEmail, userLabel } from '../util/format';
import { apiError } from '../clerk/errors';
import { errorMessage } from '../util/errors';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { asNode } from '../tree/nodes';
import { UsageError, userTarget } from './targets';
import { copySessionToken } from './tokenVariable';

/** What the commands of this file (Revoke All Sessions, Create Test Session, Open in Clerk Dashboard) use of the extension's services. */
export type UserDeps = Pick<
  Deps,
  'clipboard' | 'conns' | 'keys' | 'log' | 'openExternal' | 'prompts' | 'status' | 'tree' | 'view' | 'withProgress'
>;

/** Statuses a revoke still changes; every other status is already signed out. */
const REVOCABLE = new Set(['active', 'pending']);
/** The most sessions one list request reads (Clerk's largest page). */
const LIST_LIMIT = 500;

export interface RevokeAllResult {
  total: number;
  revoked: string[];
  alreadyEnded: string[];
  failed: { id: string; reason: string }[];
  /** Sessions not sent because the user cancelled. */
  notSent: string[];
}

const who = (u: User) => message(userLabel(u), 80);

/**
 * The strongest confirmation: the user types the user's email (or, without one, the id). Anything else, or a
 * dismissal, is a no. Case is ignored for the email only.
 */
export async function typedConfirmation(d: Pick<Deps, 'prompts'>, u: User, title: string, why: string): Promise<boolean> {
  const email = primaryEmail(u);
  const expected = email ?? u.id;
  const matches = (v: string) => v.trim() === u.id || (email !== undefined && v.trim().toLowerCase() === email.toLowerCase());
  const typed = await d.prompts.showInputBox({
    title: pick(title, 120),
    prompt: vscode.l10n.t('{0} Type {1} to confirm.', why, pick(expected, 120)),
    placeHolder: pick(expected, 120),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || matches(v) ? undefined : vscode.l10n.t('Type exactly {0}', pick(expected, 140))),
  });
  return typed !== undefined && matches(typed);
}

/** Why a revoke failed, or that it did not need doing: a 4xx saying the session is not active any more. */
export function revokeOutcome(e: unknown): { alreadyEnded: boolean; reason: string } {
  const api = apiError(e);
  if (api && api.status >= 400 && api.status < 500 && api.status !== 429) {
    const said = api.errors.map((x) => `${x.code} ${x.message} ${x.longMessage ?? ''}`).join(' ');
    if (/not[_ ]active|already[_ ](revoked|ended|signed[_ ]out)|is (revoked|ended|expired|removed|abandoned|replaced)\b/i.test(said)) {
      return { alreadyEnded: true, reason: errorMessage(e) };
    }
  }
  return { alreadyEnded: false, reason: errorMessage(e) };
}

/** The key was removed while the command waited. A call, not a constant: no vscode.l10n.t runs while the module loads. */
export const keyRemoved = () => vscode.l10n.t("This instance's key was removed. Refresh the Clerk view.");

/** The Revoke All question: one whole text per case (live or not, one session or several); `user` is already inert. */
function revokeAllQuestion(n: number, user: string, liveKey: string | undefined): string {
  if (liveKey !== undefined) {
    return n === 1
      ? vscode.l10n.t(
          'Revoke ALL 1 session of {0} on PRODUCTION? They will be signed out everywhere on your live Clerk instance ({1}). This cannot be undone.',
          user,
          liveKey,
        )
      : vscode.l10n.t(
          'Revoke ALL {0} sessions of {1} on PRODUCTION? They will be signed out everywhere on your live Clerk instance ({2}). This cannot be undone.',
          n,
          user,
          liveKey,
        );
  }
  return n === 1
    ? vscode.l10n.t('Revoke all 1 session of {0}? They will be signed out on every device. This cannot be undone.', user)
    : vscode.l10n.t('Revoke all {0} sessions of {1}? They will be signed out on every device. This cannot be undone.', n, user);
}

/** Revoke All Sessions…: one list, one modal (and the typed email on a live key), then the revokes, 4 at a time. */
export async function revokeAllSessions(d: UserDeps, arg: unknown): Promise<RevokeAllResult | undefined> {
  const node = userTarget(arg, vscode.l10n.t('Revoke All Sessions'));
  const { instanceId, user } = node;
  const inst = d.keys.get(instanceId);
  if (!inst) throw new UsageError(keyRemoved());
  const live = inst.keyEnvironment === 'live';
  const client = await d.conns.client(instanceId);
  const page = await client.listSessions({ userId: user.id, limit: LIST_LIMIT });
  const targets = page.data.filter((s) => REVOCABLE.has(s.status));
  if (targets.length === 0) {
    void d.prompts.showInformationMessage(vscode.l10n.t('Clerk: {0} has no active or pending sessions: nothing to revoke.', who(user)));
    return { total: 0, revoked: [], alreadyEnded: [], failed: [], notSent: [] };
  }
  const question = revokeAllQuestion(targets.length, who(user), live ? inst.maskedKey : undefined);
  // The cap note is a remark of its own after the question's last sentence.
  const text =
    page.data.length >= LIST_LIMIT ? vscode.l10n.t('{0} (only the first {1} sessions were read)', question, LIST_LIMIT) : question;
  const detail = vscode.l10n.t('Active or pending sessions: {0}. User {1}', targets.length, message(user.id, 80));
  const revokeAll = vscode.l10n.t('Revoke All');
  const answer = await d.prompts.showWarningMessage(text, { modal: true, detail }, revokeAll);
  if (answer !== revokeAll) {
    d.log.info(`Revoke all of ${user.id} not confirmed: nothing was sent`);
    return undefined;
  }
  const title = vscode.l10n.t('Revoke all sessions on PRODUCTION');
  if (live && !(await typedConfirmation(d, user, title, vscode.l10n.t('This signs the user out everywhere.')))) {
    d.log.info(`Revoke all of ${user.id}: the typed confirmation did not match, nothing was sent`);
    void d.prompts.showInformationMessage(vscode.l10n.t("Clerk: the confirmation did not match the user's email, so nothing was revoked."));
    return undefined;
  }
  const result = await revokeEach(d, instanceId, user, targets);
  report(d, user, result);
  return result;
}

async function revokeEach(d: UserDeps, instanceId: string, user: User, targets: Session[]): Promise<RevokeAllResult> {
  const client = await d.conns.client(instanceId);
  const r: RevokeAllResult = { total: targets.length, revoked: [], alreadyEnded: [], failed: [], notSent: [] };
  const withProgress = d.withProgress ?? vscode.window.withProgress.bind(vscode.window);
  await withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      cancellable: true,
      // A progress title is a notification: it renders [x](command:…) links, so it takes the notification escaper.
      title: vscode.l10n.t('Clerk: revoking the sessions of {0}', message(userLabel(user), 80)),
    },
    async (progress, token) => {
      let next = 0;
      let done = 0;
      const step = 100 / targets.length;
      progress.report({ message: vscode.l10n.t('{0} of {1}', 0, targets.length) });
      const worker = async () => {
        // A cancel stops new requests; those already sent finish and are reported.
        while (next < targets.length && !token.isCancellationRequested) {
          const s = targets[next++];
          try {
            const after = await client.revokeSession(s.id);
            d.tree.updateSession(instanceId, after);
            (after.status === 'revoked' ? r.revoked : r.alreadyEnded).push(s.id);
          } catch (e) {
            const o = revokeOutcome(e);
            if (o.alreadyEnded) r.alreadyEnded.push(s.id);
            else r.failed.push({ id: s.id, reason: o.reason });
            d.log.warn(`Revoke of ${s.id} ${o.alreadyEnded ? 'not needed' : 'failed'}: ${o.reason}`);
          }
          done++;
          const said = token.isCancellationRequested
            ? vscode.l10n.t('{0} of {1} (cancelling)', done, targets.length)
            : vscode.l10n.t('{0} of {1}', done, targets.length);
          progress.report({ increment: step, message: said });
        }
      };
      await Promise.all(Array.from({ length: Math.min(client.maxConcurrency, targets.length) }, worker));
      r.notSent = targets.slice(next).map((s) => s.id);
    },
  );
  d.log.info(
    `Revoke all of ${user.id}: ${r.revoked.length} revoked, ${r.alreadyEnded.length} already ended, ` +
      `${r.failed.length} failed, ${r.notSent.length} not sent`,
  );
  return r;
}

/**
 * The sentence that reports a Revoke All: one whole sentence per case, for translators. The placeholders are the same in
 * every case: {0} revoked, {1} total, {2} the user, {3} already ended, {4} failed, {5} the first failure, {6} not sent.
 */
function revokeAllReport(user: string, r: RevokeAllResult): string {
  const a = [r.revoked.length, r.total, user, r.alreadyEnded.length, r.failed.length, message(r.failed[0]?.reason, 300), r.notSent.length];
  const ended = r.alreadyEnded.length > 0;
  const failed = r.failed.length;
  const cancelled = r.notSent.length > 0;
  if (!failed && !cancelled) {
    return ended
      ? vscode.l10n.t('Clerk: revoked {0} of {1} sessions of {2}; {3} had already ended.', ...a)
      : vscode.l10n.t('Clerk: revoked {0} of {1} sessions of {2}.', ...a);
  }
  if (!failed) {
    return ended
      ? vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {3} had already ended; cancelled: {6} not sent.', ...a)
      : vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; cancelled: {6} not sent.', ...a);
  }
  if (failed === 1 && ended) {
    return cancelled
      ? vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {3} had already ended; {4} failed: {5}; cancelled: {6} not sent.', ...a)
      : vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {3} had already ended; {4} failed: {5}.', ...a);
  }
  if (failed === 1) {
    return cancelled
      ? vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {4} failed: {5}; cancelled: {6} not sent.', ...a)
      : vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {4} failed: {5}.', ...a);
  }
  if (ended) {
    return cancelled
      ? vscode.l10n.t(
          'Clerk: {0} of {1} sessions of {2} revoked; {3} had already ended; {4} failed: {5} (and others: see the log); cancelled: {6} not sent.',
          ...a,
        )
      : vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {3} had already ended; {4} failed: {5} (and others: see the log).', ...a);
  }
  return cancelled
    ? vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {4} failed: {5} (and others: see the log); cancelled: {6} not sent.', ...a)
    : vscode.l10n.t('Clerk: {0} of {1} sessions of {2} revoked; {4} failed: {5} (and others: see the log).', ...a);
}

/** One message: success only when every session is signed out; a partial result says what failed and what was not sent. */
function report(d: UserDeps, user: User, r: RevokeAllResult): void {
  const text = revokeAllReport(who(user), r);
  if (r.failed.length === 0 && r.notSent.length === 0) {
    void d.prompts.showInformationMessage(text);
    return;
  }
  const showLog = vscode.l10n.t('Show Log');
  const show = r.failed.length ? d.prompts.showErrorMessage(text, showLog) : d.prompts.showWarningMessage(text, {}, showLog);
  void show.then((a) => (a === showLog ? d.log.show() : undefined));
}

/** Create Test Session: POST /sessions, for development instances only; refused before any request on a live key. */
export async function createTestSession(d: UserDeps, arg: unknown): Promise<Session | undefined> {
  const { instanceId, user } = userTarget(arg, vscode.l10n.t('Create Test Session'));
  const inst = d.keys.get(instanceId);
  if (!inst) throw new UsageError(keyRemoved());
  if (inst.keyEnvironment === 'live' || inst.environmentType === 'production') {
    throw new UsageError(
      vscode.l10n.t(
        '"Create Test Session" works only on development instances: Clerk does not create sessions through the Backend API on production, and nothing was sent.',
      ),
    );
  }
  const s = await (await d.conns.client(instanceId)).createSession({ userId: user.id });
  d.tree.addCreatedSession(instanceId, s);
  d.log.info(`Created test session ${s.id} for ${user.id}`);
  // Show it: the user's sessions are loaded (one list request when they were not) and the new row selected.
  try {
    await d.view.reveal(await d.tree.revealTarget(instanceId, user.id, s.id), { select: true, focus: false, expand: true });
  } catch (e) {
    d.log.error(`Could not reveal the test session ${s.id}`, e);
  }
  const copyToken = vscode.l10n.t('Copy Session Token');
  const created = vscode.l10n.t('Clerk: created a test session for {0} ({1}).', who(user), message(s.id, 60));
  void d.prompts.showInformationMessage(created, copyToken).then((a) => {
    if (a === copyToken) void copySessionToken(d, instanceId, s).catch((e) => d.log.error('Copy Session Token failed', e));
  });
  return s;
}

export const DASHBOARD = 'https://dashboard.clerk.com/last-active';

/**
 * Open in Clerk Dashboard: a user's page, or the users list for an instance (or from the palette). The URI is built
 * from its parts: the id is one encoded query value, so no id can add a parameter or a fragment.
 */
export async function openInDashboard(d: UserDeps, arg: unknown): Promise<string> {
  let path = 'users';
  const row = asNode(arg);
  if (row?.kind === 'user') path = `users/${encodeURIComponent(row.user.id)}`;
  else if (arg !== undefined && arg !== null && row?.kind !== 'instance') {
    throw new UsageError(vscode.l10n.t('"Open in Clerk Dashboard" works on a user or an instance in the Clerk view.'));
  }
  const uri = vscode.Uri.from({ scheme: 'https', authority: 'dashboard.clerk.com', path: '/last-active', query: `path=${path}` });
  await openUrl(d, uri);
  return uri.toString(true);
}

/** Opens a URL outside VS Code: a URI built from parts as it is; a string (a URL from Clerk) parsed first. */
export function openUrl(d: Pick<Deps, 'openExternal'>, url: string | vscode.Uri): Thenable<boolean> {
  const uri = typeof url === 'string' ? vscode.Uri.parse(url) : url;
  return d.openExternal ? d.openExternal(uri) : vscode.env.openExternal(uri);
}
