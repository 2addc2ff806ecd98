// Commands on a session: inspect, revoke, copy a JWT from a template, copy id / default token. (Verify: verify.ts.)
// Every name, device and template name in a message goes through src/util/inert.ts.
import { TOKEN_LIFETIME } from '../clerk/constants';
import * as vscode from 'vscode';
import { decodeJwt } from '../clerk/tokens';
import type { JwtTemplate, Session } from '../clerk/types';
import { lastTemplateState } from '../ids';
import { deviceLabel, formatDuration, localTime, parseDuration, relativeTime, userLabel } from '../util/format';
import type { ButtonPick } from '../ui/prompts';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { sessionTarget, UsageError, type SessionTarget } from './targets';
import { mintToken, type MintOptions } from './mint';

/** What Inspect, Revoke, Copy JWT from Template, Copy Session Id and Copy Session Token use of the extension's services. */
export type SessionDeps = Pick<Deps, 'clipboard' | 'conns' | 'docs' | 'keys' | 'log' | 'prompts' | 'state' | 'status' | 'tree'>;

function who(d: SessionDeps, t: SessionTarget): string {
  const u = t.user ?? d.tree.userOf(t.instanceId, t.session.user_id);
  return u ? userLabel(u) : t.session.user_id;
}

/** Inspect: the session as a read-only JSON document, read afresh from Clerk. From the palette, it asks for an id. */
export async function inspect(d: SessionDeps, arg?: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Inspect Session'));
  if (t) await d.docs.openSession(t.instanceId, t.session.id);
}

/** Revoke: a modal that names the user and the device; only the exact "Revoke" reply revokes. */
export async function revoke(d: SessionDeps, arg: unknown): Promise<Session | undefined> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Revoke Session'));
  if (!t) return undefined;
  const inst = d.keys.get(t.instanceId);
  const live = inst?.keyEnvironment === 'live';
  const device = message(deviceLabel(t.session), 80);
  const user = message(who(d, t), 80);
  const text = live
    ? vscode.l10n.t(
        'Revoke this session on PRODUCTION? {0} will be signed out of {1} on your live Clerk instance ({2}). This cannot be undone.',
        user,
        device,
        inst?.maskedKey ?? '',
      )
    : vscode.l10n.t('Revoke the session of {0} on {1}? They will be signed out there. This cannot be undone.', user, device);
  const revokeButton = vscode.l10n.t('Revoke');
  const detail = vscode.l10n.t('Session {0}', message(t.session.id));
  const answer = await d.prompts.showWarningMessage(text, { modal: true, detail }, revokeButton);
  if (answer !== revokeButton) {
    d.log.info(`Revoke of ${t.session.id} not confirmed: nothing was sent`);
    return undefined;
  }
  const client = await d.conns.client(t.instanceId);
  const s = await client.revokeSession(t.session.id);
  d.tree.updateSession(t.instanceId, s);
  d.log.info(`Revoked ${s.id} of ${t.session.user_id}: status ${s.status}`);
  const status = message(s.status, 20);
  void d.prompts.showInformationMessage(vscode.l10n.t("Clerk: revoked {0}'s session on {1} (now {2}).", user, device, status));
  return s;
}

interface TemplatePick extends vscode.QuickPickItem {
  template: JwtTemplate;
}

/** A quick pick whose items carry buttons, through the prompt seam (a seam without it: a plain pick, no buttons pressed). */
export function pickWithButtons<T extends vscode.QuickPickItem>(
  d: SessionDeps,
  items: readonly T[],
  options: vscode.QuickPickOptions,
): Thenable<ButtonPick<T> | undefined> {
  if (d.prompts.pickWithButtons) return d.prompts.pickWithButtons(items, options);
  return d.prompts.showQuickPick(items, options).then((item) => (item ? { item } : undefined));
}

function lifetimeProblem(v: string): string | undefined {
  const n = parseDuration(v);
  return n !== undefined && n >= TOKEN_LIFETIME.min && n <= TOKEN_LIFETIME.max
    ? undefined
    : vscode.l10n.t(
        'A lifetime from {0} to {1}: seconds, or with units such as 10 min, 2 h, 7 d',
        formatDuration(TOKEN_LIFETIME.min),
        formatDuration(TOKEN_LIFETIME.max),
      );
}

/**
 * Ask for a token lifetime (seconds, or words such as "10 min", "2 h"): seconds within Clerk's bounds, or undefined when
 * the user dismissed it. What is out of bounds is refused with a message; nothing is minted then.
 */
export async function askLifetime(d: Pick<Deps, 'prompts'>, title: string, initialSeconds: number): Promise<number | undefined> {
  const v = await d.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'How long the token lives: seconds, or with units such as 10 min, 2 h, 7 d ({0} to {1})',
      formatDuration(TOKEN_LIFETIME.min),
      formatDuration(TOKEN_LIFETIME.max),
    ),
    value: formatDuration(initialSeconds),
    ignoreFocusOut: true,
    validateInput: lifetimeProblem,
  });
  if (v === undefined) return undefined;
  if (lifetimeProblem(v)) {
    throw new UsageError(
      vscode.l10n.t(
        '"{0}" is not a token lifetime from {1} to {2}.',
        message(v, 40),
        formatDuration(TOKEN_LIFETIME.min),
        formatDuration(TOKEN_LIFETIME.max),
      ),
    );
  }
  return parseDuration(v);
}

/** Mint a token through the one mint (src/commands/mint.ts): anything but exactly a JWT is refused, nothing is copied. */
async function mint(d: SessionDeps, t: SessionTarget, opts?: MintOptions): Promise<string> {
  return (await mintToken(await d.conns.client(t.instanceId), t.session.id, opts)).jwt;
}

/** Copy a token (from `template`, else the default session token) and say so in the status bar with its expiry; never the token. */
async function copyMinted(d: SessionDeps, jwt: string, template?: string): Promise<number | undefined> {
  await d.clipboard.writeText(jwt);
  const exp = expiryOf(jwt);
  const name = template === undefined ? '' : pick(template, 66);
  let text: string;
  if (exp) {
    const [clock, rel] = [clockTime(exp), relativeTime(exp)];
    text =
      template === undefined
        ? vscode.l10n.t('$(check) Clerk: copied a session token, expires {0} ({1})', clock, rel)
        : vscode.l10n.t('$(check) Clerk: copied a JWT from "{0}", expires {1} ({2})', name, clock, rel);
  } else {
    text =
      template === undefined
        ? vscode.l10n.t('$(check) Clerk: copied a session token')
        : vscode.l10n.t('$(check) Clerk: copied a JWT from "{0}"', name);
  }
  d.status(text, 10_000);
  return exp;
}

/**
 * Copy JWT from Template…: one item per template (the last one first), its lifetime in words; the item's clock button
 * asks for a custom lifetime first. Mint, copy; the status bar and a notification name it, never the token.
 */
export async function copyJwtFromTemplate(d: SessionDeps, arg: unknown): Promise<{ template: string; expiresAt?: number } | undefined> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Copy JWT from Template'));
  if (!t) return undefined;
  const templates = await d.conns.jwtTemplates(t.instanceId);
  if (templates.length === 0) {
    void d.prompts.showInformationMessage(
      vscode.l10n.t('Clerk: this instance has no JWT templates. Create one in Clerk Dashboard → JWT templates.'),
    );
    return undefined;
  }
  const last = d.state.get<string>(lastTemplateState(t.instanceId));
  const ordered = [...templates].sort((a, b) => (a.name === last ? -1 : b.name === last ? 1 : a.name.localeCompare(b.name)));
  const claimKeys = (x: JwtTemplate) => Object.keys(x.claims ?? {});
  const customButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('clock'),
    tooltip: vscode.l10n.t('Custom lifetime…'),
  };
  const items: TemplatePick[] = ordered.map((x) => ({
    label: pick(x.name, 80),
    template: x,
    description:
      x.name === last
        ? vscode.l10n.t('lifetime {0} · last used', formatDuration(x.lifetime))
        : vscode.l10n.t('lifetime {0}', formatDuration(x.lifetime)),
    detail: claimKeys(x).length ? vscode.l10n.t('claims: {0}', pick(claimKeys(x).join(', '), 190)) : vscode.l10n.t('no custom claims'),
    buttons: [customButton],
  }));
  const title = vscode.l10n.t('Copy JWT for {0} on {1}', pick(who(d, t), 60), pick(deviceLabel(t.session), 60));
  const chosen = await pickWithButtons(d, items, {
    title,
    placeHolder: vscode.l10n.t('JWT template (the clock button: a custom lifetime)'),
    matchOnDetail: true,
  });
  if (!chosen) return undefined;
  const name = chosen.item.template.name;
  let expiresInSeconds: number | undefined;
  if (chosen.button === 0) {
    expiresInSeconds = await askLifetime(d, vscode.l10n.t('Lifetime of the "{0}" token', pick(name, 100)), chosen.item.template.lifetime);
    if (expiresInSeconds === undefined) return undefined;
  }
  const jwt = await mint(d, t, { template: name, expiresInSeconds });
  await d.state.update(lastTemplateState(t.instanceId), name);
  const exp = await copyMinted(d, jwt, name);
  d.log.info(`Copied a JWT from template "${name}" for ${t.session.id}`);
  const decodeButton = vscode.l10n.t('Decode');
  const copied = exp
    ? vscode.l10n.t('Clerk: JWT from "{0}" copied to the clipboard, expires {1}.', message(name, 60), relativeTime(exp))
    : vscode.l10n.t('Clerk: JWT from "{0}" copied to the clipboard.', message(name, 60));
  void d.prompts.showInformationMessage(copied, decodeButton).then((a) => {
    if (a === decodeButton) void openDecoded(d, jwt, name).catch((e) => d.log.error('Decode failed', e));
  });
  return { template: name, expiresAt: exp };
}

/** "14:03:12": the time of day of a local time, or the whole text when the time is unknown. */
function clockTime(ms: number): string {
  const t = localTime(ms);
  return /^\d{4}-\d\d-\d\d /.test(t) ? t.slice(11) : t;
}

function expiryOf(jwt: string): number | undefined {
  try {
    const exp = decodeJwt(jwt).payload.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Decode: the header and claims, with readable times, never the token or its signature. */
export async function openDecoded(d: SessionDeps, jwt: string, name: string): Promise<void> {
  const dec = decodeJwt(jwt);
  const readable: Record<string, string> = {};
  for (const k of ['iat', 'nbf', 'exp'] as const) {
    const v = dec.payload[k];
    if (typeof v === 'number') readable[k] = vscode.l10n.t('{0} local ({1})', localTime(v * 1000), relativeTime(v * 1000));
  }
  await d.docs.openReport(
    `jwt-${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}`,
    JSON.stringify({ header: dec.header, claims: dec.payload, times: readable }, null, 2) + '\n',
    'json',
  );
}

export async function copyId(d: SessionDeps, arg: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Copy Session ID'));
  if (!t) return;
  await d.clipboard.writeText(t.session.id);
  d.status(vscode.l10n.t('$(check) Clerk: copied {0}', pick(t.session.id)), 5000);
}

/** Copy Session Token: the default session token (no template). */
export async function copyToken(d: SessionDeps, arg: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Copy Session Token'));
  if (!t) return;
  await copyMinted(d, await mint(d, t));
}
