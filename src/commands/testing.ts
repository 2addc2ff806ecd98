// Tokens for testing: Copy Testing Token (POST /testing_tokens) on an instance, and Copy Sign-in URL… for a user
// (POST /sign_in_tokens) with Revoke Sign-in Token (POST /sign_in_tokens/{id}/revoke) on its notification. Tokens and
// URLs are secrets: they go to the clipboard only, never to the log, a notification or the status bar. A live key asks
// for the same typed confirmation as Sign In as This User.
import * as vscode from 'vscode';
import { errorMessage } from '../util/errors';
import { localTime, userLabel } from '../util/format';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { instanceTarget, UsageError, userTarget } from './targets';
import { keyRemoved, typedConfirmation } from './user';

/** What the commands of this file (Copy Testing Token, Copy Sign-in URL) use of the extension's services. */
export type TestingDeps = Pick<Deps, 'clipboard' | 'conns' | 'keys' | 'log' | 'now' | 'prompts' | 'status'>;

/** The sign-in URL's default lifetime: short, it is a credential. */
export const SIGN_IN_TOKEN_DEFAULT_MINUTES = 10;

/** Copy Testing Token: a fresh token on the clipboard, and how to pass it. */
export async function copyTestingToken(d: TestingDeps, arg: unknown): Promise<void> {
  const inst = await instanceTarget(d, arg, vscode.l10n.t('Copy Testing Token'));
  if (!inst) return;
  const client = await d.conns.client(inst.id);
  const t = await client.createTestingToken();
  await d.clipboard.writeText(t.token);
  // expires_at comes in seconds; a millisecond value is read as such
  const expiresMs = t.expires_at < 1e12 ? t.expires_at * 1000 : t.expires_at;
  d.log.info(`Copied a testing token of ${inst.id}, valid until ${localTime(expiresMs)}`);
  void d.prompts.showInformationMessage(
    vscode.l10n.t(
      'Clerk: a testing token is on the clipboard (valid until {0}). Pass it to the Frontend API as the __clerk_testing_token query parameter, or let @clerk/testing do it with setupClerkTestingToken().',
      localTime(expiresMs),
    ),
  );
}

/** Copy Sign-in URL…: asks the lifetime, confirms a live key by the user's email typed, copies the one-time URL. */
export async function copySignInUrl(d: TestingDeps, arg: unknown): Promise<void> {
  const title = vscode.l10n.t('Copy Sign-in URL');
  const { instanceId, user } = userTarget(arg, title);
  const inst = d.keys.get(instanceId);
  if (!inst) throw new UsageError(keyRemoved());
  const typedMinutes = await d.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t('Minutes the sign-in URL for {0} stays usable (it works once).', message(userLabel(user), 80)),
    value: String(SIGN_IN_TOKEN_DEFAULT_MINUTES),
    validateInput: (v) => (minutesOf(v) === undefined ? vscode.l10n.t('Type a whole number of minutes, 1 to 1440.') : undefined),
  });
  if (typedMinutes === undefined) return;
  const minutes = minutesOf(typedMinutes);
  if (minutes === undefined)
    throw new UsageError(vscode.l10n.t('"{0}" is not a whole number of minutes from 1 to 1440.', message(typedMinutes, 40)));
  if (inst.keyEnvironment === 'live') {
    const why = vscode.l10n.t('The URL signs in as this real user on your live instance without their password or second factor.');
    if (!(await typedConfirmation(d, user, vscode.l10n.t('Sign-in URL on PRODUCTION'), why))) {
      d.log.info(`Sign-in URL for ${user.id}: the typed confirmation did not match, nothing was sent`);
      void d.prompts.showInformationMessage(
        vscode.l10n.t("Clerk: the confirmation did not match the user's email, so no sign-in URL was made."),
      );
      return;
    }
  }
  const client = await d.conns.client(instanceId);
  const t = await client.createSignInToken({ userId: user.id, expiresInSeconds: minutes * 60 });
  const url = httpUrl(t.url);
  if (!url) {
    throw new Error(vscode.l10n.t('Clerk made sign-in token {0} but its URL is missing or not http(s).', message(t.id, 60)));
  }
  await d.clipboard.writeText(url);
  const until = localTime((d.now?.() ?? Date.now()) + minutes * 60_000);
  d.log.info(`Copied a sign-in URL for ${user.id} (sign-in token ${t.id}), usable once until ${until}`);
  const revoke = vscode.l10n.t('Revoke Sign-in Token');
  const answer = await d.prompts.showInformationMessage(
    vscode.l10n.t('Clerk: a sign-in URL for {0} is on the clipboard. It works once, until {1}.', message(userLabel(user), 80), until),
    revoke,
  );
  if (answer !== revoke) return;
  try {
    const r = await client.revokeSignInToken(t.id);
    d.log.info(`Revoked sign-in token ${t.id} (${r.status})`);
    d.status(vscode.l10n.t('$(check) Clerk: revoked the sign-in URL for {0}', pick(userLabel(user), 60)), 10_000);
  } catch (e) {
    d.log.error(`Revoking sign-in token ${t.id} failed`, e);
    void d.prompts.showErrorMessage(vscode.l10n.t('Clerk: {0}', message(errorMessage(e), 400)));
  }
}

function minutesOf(v: string): number | undefined {
  const t = v.trim();
  if (!/^\d{1,4}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 1440 ? n : undefined;
}

function httpUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? raw : undefined;
  } catch {
    return undefined;
  }
}
