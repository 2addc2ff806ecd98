// Commands on a user: Revoke All Sessions…, Create Test Session, Open in Clerk Dashboard (also on an instance).
// Every name, email and error text in a message goes through src/util/inert.ts; nothing is sent before the user's
// exact affirmative, and on a live key the user types the user's email (or id) first.
import * as vscode from 'vscode';
import { ClerkApiError } from '../clerk/errors';
import type { Session, User } from '../clerk/types';
import { primaryEmail, userLabel } from '../util/format';
import { errorMessage } from '../util/errors';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { InstanceNode, UserNode } from '../tree/nodes';
import { UsageError, userTarget } from './targets';
import { copySessionToken } from './tokenVariable';

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
export async function typedConfirmation(d: Deps, u: User, title: string, why: string): Promise<boolean> {
  const email = primaryEmail(u);
  const expected = email ?? u.id;
  const matches = (v: string) => v.trim() === u.id || (email !== undefined && v.trim().toLowerCase() === email.toLowerCase());
  const typed = await d.prompts.showInputBox({
    title: pick(title, 120),
    prompt: pick(`${why} Type ${expected} to confirm.`, 300),
    placeHolder: pick(expected, 120),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || matches(v) ? undefined : pick(`Type exactly ${expected}`, 160)),
  });
  return typed !== undefined && matches(typed);
}

/** Why a revoke failed, or that it did not need doing: a 4xx saying the session is not active any more. */
export function revokeOutcome(e: unknown): { alreadyEnded: boolean; reason: string } {
  if (e instanceof ClerkApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
    const said = e.errors.map((x) => `${x.code} ${x.message} ${x.longMessage ?? ''}`).join(' ');
    if (/not[_ ]active|already[_ ](revoked|ended|signed[_ ]out)|is (revoked|ended|expired|removed|abandoned|replaced)\b/i.test(said)) {
      return { alreadyEnded: true, reason: errorMessage(e) };
    }
  }
  return { alreadyEnded: false, reason: errorMessage(e) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Revoke All Sessions…: one list, one modal (and the typed email on a live key), then the revokes, 4 at a time. */
export async function revokeAllSessions(d: Deps, arg: unknown): Promise<RevokeAllResult | undefined> {
  const node = userTarget(arg, 'Revoke All Sessions');
  const { instanceId, user } = node;
  const inst = d.keys.get(instanceId);
  if (!inst) throw new UsageError('This instance\'s key was removed. Refresh the Clerk view.');
  const live = inst.keyEnvironment === 'live';
  const client = await d.conns.client(instanceId);
  const page = await client.listSessions({ userId: user.id, limit: LIST_LIMIT });
  const targets = page.data.filter((s) => REVOCABLE.has(s.status));
  if (targets.length === 0) {
    void d.prompts.showInformationMessage(`Clerk: ${who(user)} has no active or pending sessions: nothing to revoke.`);
    return { total: 0, revoked: [], alreadyEnded: [], failed: [], notSent: [] };
  }
  const count = plural(targets.length, 'session');
  const more = page.data.length >= LIST_LIMIT ? ` (only the first ${LIST_LIMIT} sessions were read)` : '';
  const text = live
    ? `Revoke ALL ${count} of ${who(user)} on PRODUCTION? They will be signed out everywhere on your live Clerk instance ` +
      `(${inst.maskedKey}). This cannot be undone.${more}`
    : `Revoke all ${count} of ${who(user)}? They will be signed out on every device. This cannot be undone.${more}`;
  const detail = `Active or pending sessions: ${targets.length}. User ${message(user.id, 80)}`;
  const answer = await d.prompts.showWarningMessage(text, { modal: true, detail }, 'Revoke All');
  if (answer !== 'Revoke All') {
    d.log.info(`Revoke all of ${user.id} not confirmed: nothing was sent`);
    return undefined;
  }
  if (live && !(await typedConfirmation(d, user, 'Revoke all sessions on PRODUCTION', 'This signs the user out everywhere.'))) {
    d.log.info(`Revoke all of ${user.id}: the typed confirmation did not match, nothing was sent`);
    void d.prompts.showInformationMessage('Clerk: the confirmation did not match the user\'s email, so nothing was revoked.');
    return undefined;
  }
  const result = await revokeEach(d, instanceId, user, targets);
  report(d, user, result);
  return result;
}

async function revokeEach(d: Deps, instanceId: string, user: User, targets: Session[]): Promise<RevokeAllResult> {
  const client = await d.conns.client(instanceId);
  const r: RevokeAllResult = { total: targets.length, revoked: [], alreadyEnded: [], failed: [], notSent: [] };
  const withProgress = d.withProgress ?? vscode.window.withProgress.bind(vscode.window);
  await withProgress(
    {
      location: vscode.ProgressLocation.Notification, cancellable: true,
      title: pick(`Clerk: revoking the sessions of ${userLabel(user)}`, 120),
    },
    async (progress, token) => {
      let next = 0;
      let done = 0;
      const step = 100 / targets.length;
      progress.report({ message: `0 of ${targets.length}` });
      const worker = async () => {
        // A cancel stops new requests; those already sent finish and are reported.
        while (next < targets.length && !token.isCancellationRequested) {
          const s = targets[next++]!;
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
          const cancelling = token.isCancellationRequested ? ' (cancelling)' : '';
          progress.report({ increment: step, message: `${done} of ${targets.length}${cancelling}` });
        }
      };
      await Promise.all(Array.from({ length: Math.min(client.maxConcurrency, targets.length) }, worker));
      r.notSent = targets.slice(next).map((s) => s.id);
    },
  );
  d.log.info(`Revoke all of ${user.id}: ${r.revoked.length} revoked, ${r.alreadyEnded.length} already ended, ` +
    `${r.failed.length} failed, ${r.notSent.length} not sent`);
  return r;
}

/** One message: success only when every session is signed out; a partial result says what failed and what was not sent. */
function report(d: Deps, user: User, r: RevokeAllResult): void {
  const ended = r.alreadyEnded.length ? `; ${r.alreadyEnded.length} had already ended` : '';
  const others = r.failed.length > 1 ? ' (and others: see the log)' : '';
  const failed = r.failed.length ? `; ${r.failed.length} failed: ${r.failed[0]!.reason}${others}` : '';
  const cancelled = r.notSent.length ? `; cancelled: ${r.notSent.length} not sent` : '';
  if (r.failed.length === 0 && r.notSent.length === 0) {
    const text = `Clerk: revoked ${r.revoked.length} of ${r.total} sessions of ${userLabel(user)}${ended}.`;
    void d.prompts.showInformationMessage(message(text, 400));
    return;
  }
  const counts = `${r.revoked.length} of ${r.total} sessions of ${userLabel(user)} revoked`;
  const text = message(`Clerk: ${counts}${ended}${failed}${cancelled}.`, 500);
  const show = r.failed.length ? d.prompts.showErrorMessage(text, 'Show Log') : d.prompts.showWarningMessage(text, {}, 'Show Log');
  void show.then((a) => (a === 'Show Log' ? d.log.show() : undefined));
}

/** Create Test Session: POST /sessions, for development instances only; refused before any request on a live key. */
export async function createTestSession(d: Deps, arg: unknown): Promise<Session | undefined> {
  const { instanceId, user } = userTarget(arg, 'Create Test Session');
  const inst = d.keys.get(instanceId);
  if (!inst) throw new UsageError('This instance\'s key was removed. Refresh the Clerk view.');
  if (inst.keyEnvironment === 'live' || inst.environmentType === 'production') {
    throw new UsageError('"Create Test Session" works only on development instances: Clerk does not create sessions through ' +
      'the Backend API on production, and nothing was sent.');
  }
  const s = await (await d.conns.client(instanceId)).createSession({ userId: user.id });
  d.tree.updateSession(instanceId, s);
  d.log.info(`Created test session ${s.id} for ${user.id}`);
  void d.prompts.showInformationMessage(`Clerk: created a test session for ${who(user)} (${message(s.id, 60)}).`, 'Copy Session Token')
    .then((a) => {
      if (a === 'Copy Session Token') void copySessionToken(d, instanceId, s).catch((e) => d.log.error('Copy Session Token failed', e));
    });
  return s;
}

export const DASHBOARD = 'https://dashboard.clerk.com/last-active';

/** Open in Clerk Dashboard: a user's page, or the users list for an instance (or from the palette). */
export async function openInDashboard(d: Deps, arg: unknown): Promise<string> {
  let path = 'users';
  if (arg instanceof UserNode) path = `users/${encodeURIComponent(arg.user.id)}`;
  else if (arg !== undefined && arg !== null && !(arg instanceof InstanceNode)) {
    throw new UsageError('"Open in Clerk Dashboard" works on a user or an instance in the Clerk view.');
  }
  const url = `${DASHBOARD}?path=${path}`;
  await openUrl(d, url);
  return url;
}

export function openUrl(d: Deps, url: string): Thenable<boolean> {
  return d.openExternal ? d.openExternal(url) : vscode.env.openExternal(vscode.Uri.parse(url));
}
