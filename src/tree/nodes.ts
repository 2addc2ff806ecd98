// One class per node kind. Ids are scoped per instance so two instances never collide, and a refresh that builds
// new node objects for the same things gives them the same ids.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import { deviceLabel, fullName, localTime, place, relativeTime, truncate, userLabel } from '../util/format';
import { Cmd } from '../ids';

export const STATUS_ICON: Record<string, [string, string]> = {
  active: ['pass-filled', 'testing.iconPassed'],
  pending: ['clock', 'charts.yellow'],
  revoked: ['circle-slash', 'testing.iconFailed'],
  ended: ['debug-stop', 'disabledForeground'],
  removed: ['trash', 'disabledForeground'],
  expired: ['history', 'disabledForeground'],
  abandoned: ['circle-outline', 'disabledForeground'],
  replaced: ['arrow-swap', 'disabledForeground'],
};

export function instanceTitle(i: InstanceMeta): string {
  if (i.name) return i.name;
  const env = i.environmentType ? i.environmentType[0].toUpperCase() + i.environmentType.slice(1) : i.keyEnvironment === 'live' ? 'Production' : 'Development';
  return env;
}

export class InstanceNode extends vscode.TreeItem {
  readonly kind = 'instance' as const;
  constructor(readonly instance: InstanceMeta, extra: { search?: string; status: string; windowOnly: boolean }) {
    super(instanceTitle(instance), vscode.TreeItemCollapsibleState.Expanded);
    const live = instance.keyEnvironment === 'live';
    this.id = `i/${instance.id}`;
    const bits = [live ? 'LIVE' : 'test', instance.maskedKey];
    if (extra.search) bits.push(`search: "${truncate(extra.search, 24)}"`);
    if (extra.status !== 'active') bits.push(`sessions: ${extra.status}`);
    this.description = bits.join(' · ');
    this.contextValue = `instance.${live ? 'live' : 'test'}${extra.search ? '.searching' : ''}`;
    this.iconPath = new vscode.ThemeIcon(live ? 'flame' : 'beaker', new vscode.ThemeColor(live ? 'charts.red' : 'charts.blue'));
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${instanceTitle(instance)}**${live ? ' — $(flame) **LIVE (production) key**' : ' — test key'}\n\n`);
    md.appendMarkdown(`- Key: \`${instance.maskedKey}\`${extra.windowOnly ? ' (kept for this window only)' : ''}\n`);
    if (instance.environmentType) md.appendMarkdown(`- Environment: ${instance.environmentType}\n`);
    if (instance.clerkInstanceId) md.appendMarkdown(`- Instance: \`${instance.clerkInstanceId}\`\n`);
    this.tooltip = md;
  }
}

export class UserNode extends vscode.TreeItem {
  readonly kind = 'user' as const;
  constructor(readonly instanceId: string, readonly user: User, live: boolean) {
    super(truncate(userLabel(user), 60), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `i/${instanceId}/u/${user.id}`;
    const name = fullName(user);
    const label = userLabel(user);
    const desc = [name && name !== label ? truncate(name, 40) : undefined, user.banned ? 'banned' : undefined, `active ${relativeTime(user.last_active_at)}`].filter(Boolean);
    this.description = desc.join(' · ');
    this.contextValue = `user${user.banned ? '.banned' : ''}`;
    this.iconPath = new vscode.ThemeIcon(user.banned ? 'person-filled' : 'person', user.banned ? new vscode.ThemeColor('testing.iconFailed') : undefined);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(name ?? label)}**${live ? ' (live instance)' : ''}\n\n`);
    md.appendMarkdown(`- Id: \`${user.id}\`\n`);
    for (const e of user.email_addresses ?? []) md.appendMarkdown(`- Email: ${escapeMd(e.email_address)}${e.id === user.primary_email_address_id ? ' (primary)' : ''}\n`);
    if (user.username) md.appendMarkdown(`- Username: ${escapeMd(user.username)}\n`);
    md.appendMarkdown(`- Last active: ${localTime(user.last_active_at)}\n`);
    md.appendMarkdown(`- Created: ${localTime(user.created_at)}\n`);
    if (user.banned) md.appendMarkdown(`- **Banned**\n`);
    this.tooltip = md;
  }
}

export class SessionNode extends vscode.TreeItem {
  readonly kind = 'session' as const;
  constructor(readonly instanceId: string, readonly session: Session, readonly user: User | undefined, opts: { live: boolean; watching: boolean }) {
    super(deviceLabel(session), vscode.TreeItemCollapsibleState.None);
    this.id = `i/${instanceId}/s/${session.id}`;
    const where = place(session);
    this.description = [session.status, relativeTime(session.last_active_at), where?.split(',')[0], session.actor ? 'impersonated' : undefined, opts.watching ? 'watching' : undefined]
      .filter(Boolean).join(' · ');
    this.contextValue = `session.${session.status}${opts.watching ? '.watched' : ''}`;
    const [icon, color] = STATUS_ICON[session.status] ?? ['question', 'disabledForeground'];
    this.iconPath = new vscode.ThemeIcon(session.actor ? 'person-add' : icon, new vscode.ThemeColor(color));
    this.tooltip = sessionTooltip(session, user, opts.live);
    this.command = undefined;
  }
}

export function sessionTooltip(s: Session, user: User | undefined, live: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const a = s.latest_activity;
  md.appendMarkdown(`**${escapeMd(deviceLabel(s))}** — ${s.status}${live ? ' · live instance' : ''}\n\n`);
  md.appendMarkdown(`- Session: \`${s.id}\`\n`);
  if (user) md.appendMarkdown(`- User: ${escapeMd(userLabel(user))} (\`${user.id}\`)\n`);
  else md.appendMarkdown(`- User: \`${s.user_id}\`\n`);
  if (a?.ip_address) md.appendMarkdown(`- IP: ${escapeMd(a.ip_address)}\n`);
  const where = place(s);
  if (where) md.appendMarkdown(`- Location: ${escapeMd(where)}\n`);
  md.appendMarkdown(`- Last active: ${localTime(s.last_active_at)} (${relativeTime(s.last_active_at)})\n`);
  md.appendMarkdown(`- Created: ${localTime(s.created_at)}\n`);
  md.appendMarkdown(`- Expires: ${localTime(s.expire_at)} (${relativeTime(s.expire_at)})\n`);
  if (s.actor) md.appendMarkdown(`- **Impersonated** by \`${escapeMd(String((s.actor as Record<string, unknown>).sub ?? JSON.stringify(s.actor)))}\`\n`);
  return md;
}

export class LoadMoreNode extends vscode.TreeItem {
  readonly kind = 'loadMore' as const;
  constructor(readonly instanceId: string, pageSize: number, loaded: number, total?: number) {
    super(`Load ${pageSize} more…`, vscode.TreeItemCollapsibleState.None);
    this.id = `i/${instanceId}/more`;
    this.description = total !== undefined ? `${loaded} of ${total}` : `${loaded} shown`;
    this.iconPath = new vscode.ThemeIcon('fold-down');
    this.contextValue = 'loadMore';
    this.command = { command: Cmd.loadMore, title: 'Load More', arguments: [this] };
  }
}

/** Errors and empty states: a node that says what happened and, for errors, offers Retry and Show Log. */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message' as const;
  constructor(readonly parentId: string, text: string, readonly severity: 'error' | 'empty' | 'info', readonly retry?: () => void, detail?: string, readonly authFailed?: { instanceId: string }) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = `${parentId}/msg`;
    this.description = detail;
    this.tooltip = detail ? `${text}\n\n${detail}` : text;
    this.iconPath = new vscode.ThemeIcon(severity === 'error' ? 'error' : 'info', severity === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    this.contextValue = severity === 'error' ? (authFailed ? 'message.error.auth' : 'message.error') : 'message';
    if (severity === 'error' && retry) this.command = { command: Cmd.retry, title: 'Retry', arguments: [this] };
  }
}

export type Node = InstanceNode | UserNode | SessionNode | LoadMoreNode | MessageNode;

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
