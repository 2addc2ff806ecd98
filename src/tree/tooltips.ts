// Tooltips of the tree's nodes, built only when VS Code asks (resolveTreeItem) or a test reads them. Every piece of
// outside text goes through md()/mdCode(); times are our own formatting. Only the instance tooltip draws icons
// ($(flame), ours), and its outside text is escaped, so no `$(…)` of a name can become one. None is trusted.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import type { Loadable } from '../model/loadable';
import { membershipOrg, orgName, PENDING_NOTE, roleName, taskKeys, type MembershipList, type SessionOrg } from '../model/orgs';
import { deviceLabel, fullName, localTime, place, relativeTime, userLabel } from '../util/format';
import { md, mdCode } from '../util/inert';

export function instanceTooltip(instance: InstanceMeta, title: string, windowOnly: boolean): vscode.MarkdownString {
  const live = instance.keyEnvironment === 'live';
  const m = new vscode.MarkdownString(undefined, true);
  m.appendMarkdown(`**${md(title)}**${live ? ' — $(flame) **LIVE (production) key**' : ' — test key'}\n\n`);
  m.appendMarkdown(`- Key: ${mdCode(instance.maskedKey)}${windowOnly ? ' (kept for this window only)' : ''}\n`);
  if (instance.environmentType) m.appendMarkdown(`- Environment: ${md(instance.environmentType)}\n`);
  if (instance.clerkInstanceId) m.appendMarkdown(`- Instance: ${mdCode(instance.clerkInstanceId)}\n`);
  return m;
}

export function userTooltip(user: User, live: boolean, orgs?: Loadable<MembershipList>): vscode.MarkdownString {
  const m = new vscode.MarkdownString();
  m.appendMarkdown(`**${md(fullName(user) ?? userLabel(user))}**${live ? ' (live instance)' : ''}\n\n`);
  m.appendMarkdown(`- Id: ${mdCode(user.id)}\n`);
  for (const e of user.email_addresses ?? []) {
    m.appendMarkdown(`- Email: ${md(e.email_address)}${e.id && e.id === user.primary_email_address_id ? ' (primary)' : ''}\n`);
  }
  if (user.username) m.appendMarkdown(`- Username: ${md(user.username)}\n`);
  m.appendMarkdown(`- Last active: ${localTime(user.last_active_at)}\n`);
  m.appendMarkdown(`- Created: ${localTime(user.created_at)}\n`);
  if (user.banned) m.appendMarkdown('- **Banned**\n');
  if (orgs) appendMemberships(m, orgs);
  return m;
}

/** The user's memberships: one line each (name, slug, role, id), or why there are none to show. */
export function appendMemberships(m: vscode.MarkdownString, orgs: Loadable<MembershipList>): void {
  const list = 'value' in orgs ? orgs.value : undefined;
  if (!list) {
    const why = orgs.state === 'error' ? 'could not be loaded'
      : orgs.state === 'loading' ? 'loading…' : 'shown once the user is expanded';
    m.appendMarkdown(`\n**Organizations:** ${why}\n`);
    return;
  }
  if (list.memberships.length === 0) {
    m.appendMarkdown('\n**Organizations:** none\n');
    return;
  }
  m.appendMarkdown('\n**Organizations**\n\n');
  for (const x of list.memberships) {
    const o = membershipOrg(x);
    const slug = o.slug && o.slug !== o.name ? ` (${mdCode(o.slug, 60)})` : '';
    const id = o.id ? ` · ${mdCode(o.id, 60)}` : '';
    m.appendMarkdown(`- ${md(orgName(x), 80)}${slug} — ${md(roleName(x.role) ?? 'no role', 40)}${id}\n`);
  }
  const more = list.totalCount - list.memberships.length;
  if (more > 0) m.appendMarkdown(`- …and ${more} more\n`);
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
  m.appendMarkdown(`**${md(deviceLabel(s))}** — ${md(s.status)}${live ? ' · live instance' : ''}\n\n`);
  m.appendMarkdown(`- Session: ${mdCode(s.id)}\n`);
  if (user) m.appendMarkdown(`- User: ${md(userLabel(user))} (${mdCode(user.id)})\n`);
  else m.appendMarkdown(`- User: ${mdCode(s.user_id)}\n`);
  if (a?.ip_address) m.appendMarkdown(`- IP: ${md(a.ip_address)}\n`);
  const where = place(s);
  if (where) m.appendMarkdown(`- Location: ${md(where)}\n`);
  m.appendMarkdown(`- Last active: ${localTime(s.last_active_at)} (${relativeTime(s.last_active_at)})\n`);
  m.appendMarkdown(`- Created: ${localTime(s.created_at)}\n`);
  m.appendMarkdown(`- Expires: ${localTime(s.expire_at)} (${relativeTime(s.expire_at)})\n`);
  if (org) m.appendMarkdown(`- Last active organization: ${orgText(org)}\n`);
  if (s.status === 'pending') {
    const tasks = taskKeys(s);
    m.appendMarkdown(`- **Pending**: ${tasks.length ? tasks.map((t) => mdCode(t, 60)).join(', ') : 'no task named'}\n`);
    m.appendMarkdown(`\n${md(PENDING_NOTE)}\n\n`);
  }
  if (s.actor) {
    const actor = s.actor as Record<string, unknown>;
    m.appendMarkdown(`- **Impersonated** by ${mdCode(typeof actor.sub === 'string' ? actor.sub : JSON.stringify(s.actor))}\n`);
  }
  return m;
}

/** "Acme Corp (`acme`) — role admin · `org_…`", or the bare id when the user's memberships do not name it. */
function orgText(o: SessionOrg): string {
  const id = mdCode(o.id, 60);
  if (!o.known) return `${id} (not among the user's loaded memberships)`;
  const slug = o.slug && o.slug !== o.name ? ` (${mdCode(o.slug, 60)})` : '';
  return `${md(o.name ?? o.id, 80)}${slug} — role ${md(o.role ?? 'unknown', 40)} · ${id}`;
}
