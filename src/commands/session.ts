// Commands on a session: inspect, revoke, copy a JWT from a template, copy id / default token. (Verify: verify.ts.)
// Every name, device and template name in a message goes through src/util/inert.ts.
import * as vscode from 'vscode';
import { decodeJwt } from '../clerk/tokens';
import type { JwtTemplate, Session } from '../clerk/types';
import { lastTemplateState } from '../ids';
import { deviceLabel, localTime, relativeTime, userLabel } from '../util/format';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { sessionTarget, UsageError, type SessionTarget } from './targets';
import { jwtIn } from './verify';

function who(d: Deps, t: SessionTarget): string {
  const u = t.user ?? d.tree.userOf(t.instanceId, t.session.user_id);
  return u ? userLabel(u) : t.session.user_id;
}

/** Inspect: the session as a read-only JSON document, read afresh from Clerk. From the palette, it asks for an id. */
export async function inspect(d: Deps, arg?: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, 'Inspect Session');
  if (t) await d.docs.openSession(t.instanceId, t.session.id);
}

/** Revoke: a modal that names the user and the device; only the exact "Revoke" reply revokes. */
export async function revoke(d: Deps, arg: unknown): Promise<Session | undefined> {
  const t = await sessionTarget(d, arg, 'Revoke Session');
  if (!t) return undefined;
  const inst = d.keys.get(t.instanceId);
  const live = inst?.keyEnvironment === 'live';
  const device = message(deviceLabel(t.session), 80);
  const user = message(who(d, t), 80);
  const text = live
    ? `Revoke this session on PRODUCTION? ${user} will be signed out of ${device} on your live Clerk instance (${inst?.maskedKey}). This cannot be undone.`
    : `Revoke the session of ${user} on ${device}? They will be signed out there. This cannot be undone.`;
  const answer = await d.prompts.showWarningMessage(text, { modal: true, detail: `Session ${message(t.session.id)}` }, 'Revoke');
  if (answer !== 'Revoke') {
    d.log.info(`Revoke of ${t.session.id} not confirmed: nothing was sent`);
    return undefined;
  }
  const client = await d.conns.client(t.instanceId);
  const s = await client.revokeSession(t.session.id);
  d.tree.updateSession(t.instanceId, s);
  d.log.info(`Revoked ${s.id} of ${t.session.user_id}: status ${s.status}`);
  void d.prompts.showInformationMessage(`Clerk: revoked ${user}'s session on ${device} (now ${message(s.status, 20)}).`);
  return s;
}

interface TemplatePick extends vscode.QuickPickItem { template: JwtTemplate; custom: boolean }

/** Shortest and longest lifetime a minted token may be given (Clerk's own bounds for expires_in_seconds). */
export const TOKEN_LIFETIME = { min: 30, max: 315_360_000 } as const;

function lifetimeProblem(v: string): string | undefined {
  const n = Number(v.trim());
  return /^\d+$/.test(v.trim()) && n >= TOKEN_LIFETIME.min && n <= TOKEN_LIFETIME.max ? undefined : `A whole number of seconds, ${TOKEN_LIFETIME.min} or more`;
}

/** Mint a token; anything but a JWT in Clerk's answer is refused, and nothing is copied. */
async function mint(d: Deps, t: SessionTarget, opts?: { template?: string; expiresInSeconds?: number }): Promise<string> {
  const client = await d.conns.client(t.instanceId);
  const { jwt } = await client.createSessionToken(t.session.id, opts);
  if (!jwtIn(jwt)) {
    const what = opts?.template ? `the "${message(opts.template, 60)}" template` : 'a session token';
    throw new Error(`Clerk returned something that is not a JWT for ${what}; nothing was copied.`);
  }
  return jwt;
}

/** Copy a token and say so in the status bar with its expiry; never the token itself. */
async function copyMinted(d: Deps, jwt: string, what: string): Promise<number | undefined> {
  await d.clipboard.writeText(jwt);
  const exp = expiryOf(jwt);
  d.status(`$(check) Clerk: copied ${pick(what, 80)}${exp ? `, expires ${clockTime(exp)} (${relativeTime(exp)})` : ''}`, 10_000);
  return exp;
}

/** Copy JWT from Template…: pick a template (the last one first), mint, copy; the status bar names it, never the token. */
export async function copyJwtFromTemplate(d: Deps, arg: unknown): Promise<{ template: string; expiresAt?: number } | undefined> {
  const t = await sessionTarget(d, arg, 'Copy JWT from Template');
  if (!t) return undefined;
  const templates = await d.conns.jwtTemplates(t.instanceId);
  if (templates.length === 0) {
    void d.prompts.showInformationMessage('Clerk: this instance has no JWT templates. Create one in Clerk Dashboard → JWT templates.');
    return undefined;
  }
  const last = d.state.get<string>(lastTemplateState(t.instanceId));
  const ordered = [...templates].sort((a, b) => (a.name === last ? -1 : b.name === last ? 1 : a.name.localeCompare(b.name)));
  const claimKeys = (x: JwtTemplate) => Object.keys(x.claims ?? {});
  const items: TemplatePick[] = [
    ...ordered.map((x) => ({
      label: pick(x.name, 80), template: x, custom: false,
      description: `lifetime ${x.lifetime}s${x.name === last ? ' · last used' : ''}`,
      detail: claimKeys(x).length ? pick(`claims: ${claimKeys(x).join(', ')}`, 200) : 'no custom claims',
    })),
    { label: 'with a custom lifetime', kind: vscode.QuickPickItemKind.Separator, template: ordered[0], custom: false },
    ...ordered.map((x) => ({ label: `$(watch) ${pick(x.name, 80)}…`, template: x, custom: true, description: `choose the lifetime (${TOKEN_LIFETIME.min} s or more)` })),
  ];
  const chosen = await d.prompts.showQuickPick(items, { title: pick(`Copy JWT for ${who(d, t)} on ${deviceLabel(t.session)}`), placeHolder: 'JWT template', matchOnDetail: true });
  if (!chosen) return undefined;
  const name = chosen.template.name;
  let expiresInSeconds: number | undefined;
  if (chosen.custom) {
    const v = await d.prompts.showInputBox({
      title: pick(`Lifetime of the "${name}" token`), prompt: `Seconds (${TOKEN_LIFETIME.min} or more)`, value: String(chosen.template.lifetime), ignoreFocusOut: true,
      validateInput: lifetimeProblem,
    });
    if (v === undefined) return undefined;
    if (lifetimeProblem(v)) throw new UsageError(`"${message(v, 40)}" is not a lifetime of ${TOKEN_LIFETIME.min} seconds or more.`);
    expiresInSeconds = Number(v);
  }
  const jwt = await mint(d, t, { template: name, expiresInSeconds });
  await d.state.update(lastTemplateState(t.instanceId), name);
  const exp = await copyMinted(d, jwt, `a JWT from "${name}"`);
  d.log.info(`Copied a JWT from template "${name}" for ${t.session.id}`);
  void d.prompts.showInformationMessage(`Clerk: JWT from "${message(name, 60)}" copied to the clipboard${exp ? `, expires ${relativeTime(exp)}` : ''}.`, 'Decode').then((a) => {
    if (a === 'Decode') void openDecoded(d, jwt, name).catch((e) => d.log.error('Decode failed', e));
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
export async function openDecoded(d: Deps, jwt: string, name: string): Promise<void> {
  const dec = decodeJwt(jwt);
  const readable: Record<string, string> = {};
  for (const k of ['iat', 'nbf', 'exp'] as const) {
    const v = dec.payload[k];
    if (typeof v === 'number') readable[k] = `${localTime(v * 1000)} local (${relativeTime(v * 1000)})`;
  }
  await d.docs.openReport(`jwt-${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}`, JSON.stringify({ header: dec.header, claims: dec.payload, times: readable }, null, 2) + '\n', 'json');
}

export async function copyId(d: Deps, arg: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, 'Copy Session ID');
  if (!t) return;
  await d.clipboard.writeText(t.session.id);
  d.status(`$(check) Clerk: copied ${pick(t.session.id)}`, 5000);
}

/** Copy Session Token: the default session token (no template). */
export async function copyToken(d: Deps, arg: unknown): Promise<void> {
  const t = await sessionTarget(d, arg, 'Copy Session Token');
  if (!t) return;
  await copyMinted(d, await mint(d, t), 'a session token');
}
