// Tooltips of the tree's nodes, built only when VS Code asks (resolveTreeItem) or a test reads them. Every piece of
// outside text goes through md()/mdCode(); times are our own formatting. Only the instance tooltip draws icons
// ($(flame), ours), and its outside text is escaped, so no `$(…)` of a name can become one. None is trusted.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import type { Loadable } from '../model/loadable';
import { membershipOrg, orgName, pendingNote, roleName, taskKeys, type MembershipList, type SessionOrg } from '../model/orgs';
import { deviceLabel, fullName, localTime, place, relativeTime, userLabel } from '../util/format';
import { md, mdCode } from '../util/inert';

/** One line of a tooltip: `text` (already escaped where it holds outside text), then a line break. */
function line(m: vscode.MarkdownString, text: string): void {
  m.appendMarkdown(`${text}\n`);
}

export function instanceTooltip(instance: InstanceMeta, title: string, windowOnly: boolean): vscode.MarkdownString {
  const live = instance.keyEnvironment === 'live';
  const m = new vscode.MarkdownString(undefined, true);
  const name = md(title);
  const head = live ? vscode.l10n.t('**{0}** — $(flame) **LIVE (production) key**', name) : vscode.l10n.t('**{0}** — test key', name);
  line(m, `${head}\n`);
  const key = mdCode(instance.maskedKey);
  line(m, windowOnly ? vscode.l10n.t('- Key: {0} (kept for this window only)', key) : vscode.l10n.t('- Key: {0}', key));
  if (instance.environmentType) line(m, vscode.l10n.t('- Environment: {0}', md(instance.environmentType)));
  if (instance.clerkInstanceId) line(m, vscode.l10n.t('- Instance: {0}', mdCode(instance.clerkInstanceId)));
  return m;
}

export function userTooltip(user: User, live: boolean, orgs?: Loadable<MembershipList>): vscode.MarkdownString {
  const m = new vscode.MarkdownString();
  const name = md(fullName(user) ?? userLabel(user));
  line(m, `${live ? vscode.l10n.t('**{0}** (live instance)', name) : `**${name}**`}\n`);
  line(m, vscode.l10n.t('- Id: {0}', mdCode(user.id)));
  for (const e of user.email_addresses ?? []) {
    const email = md(e.email_address);
    const primary = e.id && e.id === user.primary_email_address_id;
    line(m, primary ? vscode.l10n.t('- Email: {0} (primary)', email) : vscode.l10n.t('- Email: {0}', email));
  }
  if (user.username) line(m, vscode.l10n.t('- Username: {0}', md(user.username)));
  line(m, vscode.l10n.t('- Last active: {0}', localTime(user.last_active_at)));
  line(m, vscode.l10n.t('- Created: {0}', localTime(user.created_at)));
  if (user.banned) line(m, vscode.l10n.t('- **Banned**'));
  if (orgs) appendMemberships(m, orgs);
  return m;
}

/** The user's memberships: one line each (name, slug, role, id), or why there are none to show. */
export function appendMemberships(m: vscode.MarkdownString, orgs: Loadable<MembershipList>): void {
  const list = 'value' in orgs ? orgs.value : undefined;
  if (!list) {
    const why =
      orgs.state === 'error'
        ? vscode.l10n.t('**Organizations:** could not be loaded')
        : orgs.state === 'loading'
          ? vscode.l10n.t('**Organizations:** loading…')
          : vscode.l10n.t('**Organizations:** shown once the user is expanded');
    line(m, `\n${why}`);
    return;
  }
  if (list.memberships.length === 0) {
    line(m, `\n${vscode.l10n.t('**Organizations:** none')}`);
    return;
  }
  line(m, `\n${vscode.l10n.t('**Organizations**')}\n`);
  for (const x of list.memberships) {
    const o = membershipOrg(x);
    const slug = o.slug && o.slug !== o.name ? ` (${mdCode(o.slug, 60)})` : '';
    const id = o.id ? ` · ${mdCode(o.id, 60)}` : '';
    line(m, `- ${md(orgName(x), 80)}${slug} — ${md(roleName(x.role) ?? vscode.l10n.t('no role'), 40)}${id}`);
  }
  const more = list.totalCount - list.memberships.length;
  if (more > 0) line(m, vscode.l10n.t('- …and {0} more', more));
}

/** The Organizations row's tooltip. */
export function orgsTooltip(list: MembershipList): vscode.MarkdownString {
  const m = new vscode.MarkdownString();
  appendMemberships(m, { state: 'value', value: list });
  return m;
}

export function sessionTooltip(s: Session, user: User | undefined, live: boolean, org?: SessionOrg): vscode.MarkdownString {
  const m = new vscode.MarkdownString();
  const a = s.latest_activity;
  const [device, status] = [md(deviceLabel(s)), md(s.status)];
  const head = live ? vscode.l10n.t('**{0}** — {1} · live instance', device, status) : vscode.l10n.t('**{0}** — {1}', device, status);
  line(m, `${head}\n`);
  line(m, vscode.l10n.t('- Session: {0}', mdCode(s.id)));
  if (user) line(m, vscode.l10n.t('- User: {0} ({1})', md(userLabel(user)), mdCode(user.id)));
  else line(m, vscode.l10n.t('- User: {0}', mdCode(s.user_id)));
  if (a?.ip_address) line(m, vscode.l10n.t('- IP: {0}', md(a.ip_address)));
  const where = place(s);
  if (where) line(m, vscode.l10n.t('- Location: {0}', md(where)));
  line(m, vscode.l10n.t('- Last active: {0} ({1})', localTime(s.last_active_at), relativeTime(s.last_active_at)));
  line(m, vscode.l10n.t('- Created: {0}', localTime(s.created_at)));
  line(m, vscode.l10n.t('- Expires: {0} ({1})', localTime(s.expire_at), relativeTime(s.expire_at)));
  if (org) line(m, vscode.l10n.t('- Last active organization: {0}', orgText(org)));
  if (s.status === 'pending') {
    const tasks = taskKeys(s);
    const named = tasks.length ? tasks.map((t) => mdCode(t, 60)).join(', ') : vscode.l10n.t('no task named');
    line(m, vscode.l10n.t('- **Pending**: {0}', named));
    line(m, `\n${md(pendingNote())}\n`);
  }
  if (s.actor) {
    const actor = s.actor;
    line(m, vscode.l10n.t('- **Impersonated** by {0}', mdCode(typeof actor.sub === 'string' ? actor.sub : JSON.stringify(s.actor))));
  }
  return m;
}

/** "Acme Corp (`acme`) — role admin · `org_…`", or the bare id when the user's memberships do not name it. */
function orgText(o: SessionOrg): string {
  const id = mdCode(o.id, 60);
  if (!o.known) return vscode.l10n.t("{0} (not among the user's loaded memberships)", id);
  const [name, role] = [md(o.name ?? o.id, 80), md(o.role ?? vscode.l10n.t('unknown'), 40)];
  return o.slug && o.slug !== o.name
    ? vscode.l10n.t('{0} ({1}) — role {2} · {3}', name, mdCode(o.slug, 60), role, id)
    : vscode.l10n.t('{0} — role {1} · {2}', name, role, id);
}
