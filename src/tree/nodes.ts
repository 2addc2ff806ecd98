// The Sessions view's rows: plain data with a `kind` (what a row is about, never how it looks), and how each kind is
// drawn: its TreeItem (asked by getTreeItem) and its tooltip (built only when VS Code asks resolveTreeItem, on hover).
// Each question about a kind is ONE `switch (node.kind)` ending in an exhaustiveness check, so a new kind in `Node`
// makes the compiler name every place that must answer for it (here, in the provider, in commands/targets.ts).
// Ids and contextValues come from ./ids (one home). Outside text goes through label() in items and md()/mdCode() in
// tooltips; times are our own formatting. Only the instance tooltip draws icons ($(flame), ours), and its outside text
// is escaped, so no `$(…)` of a name can become one. None is trusted.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import { instanceTitle } from '../key/instanceTitle';
import { Cmd } from '../ids';
import { deviceLabel, fullName, localTime, place, relativeTime, userLabel } from '../util/format';
import { label, md, mdCode } from '../util/inert';
import type { Loadable } from '../model/loadable';
import { membershipOrg, orgName, pendingNote, roleName, taskKeys, tasksText, type MembershipList, type SessionOrg } from '../model/orgs';
import { DEFAULT_STATUS_FILTER, statusFilterLabel, statusName, type StatusFilter } from '../model/statusFilter';
import type { UserListName, UserListValue } from '../model/userLists';
import { instanceContext, messageContext, sessionContext, userContext, userListContext } from './ids';

// ---- the kinds ----------------------------------------------------------------------------------------------------

/** An instance (a stored key). `instance` is its metadata when the row was built; it is drawn from the stored key's now. */
export interface InstanceNode {
  readonly kind: 'instance';
  readonly id: string;
  readonly instanceId: string;
  readonly instance: InstanceMeta;
}

/** A user; `revealed`: shown first because Show Session asked for them and they are on no loaded page. */
export interface UserNode {
  readonly kind: 'user';
  readonly id: string;
  readonly instanceId: string;
  readonly user: User;
  readonly revealed: boolean;
}

export interface SessionNode {
  readonly kind: 'session';
  readonly id: string;
  readonly instanceId: string;
  readonly session: Session;
  readonly user: User | undefined;
}

/**
 * A row under a user for one of their lists (src/model/userLists), drawn by its entry in USER_LIST_ROWS below: the
 * Organizations row, "Organizations: Acme Corp (admin), Globex (member)" or "No organizations".
 */
export interface UserListNode<K extends UserListName = UserListName> {
  readonly kind: 'userList';
  readonly list: K;
  readonly id: string;
  readonly instanceId: string;
  readonly userId: string;
  readonly value: UserListValue<K>;
}

/** "Load 20 more…" under an instance, "20 of 66". */
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly id: string;
  readonly instanceId: string;
  readonly pageSize: number;
  readonly loaded: number;
  readonly total?: number;
}

/** Errors and empty states: a row that says what happened and, for errors, offers Retry and Show Log. */
export interface MessageNode {
  readonly kind: 'message';
  /** treeId.usersMessage / treeId.userMessage / treeId.userList (a list that failed or waits for a click). */
  readonly id: string;
  readonly text: string;
  readonly severity: 'error' | 'empty' | 'info';
  /** Errors: what Retry does (also "click to load"). */
  readonly retry?: () => void;
  /** Outside text (an error message, redacted): shown as plain text. */
  readonly detail?: string;
  /** A 401: the instance whose key to update. */
  readonly authFailed?: { readonly instanceId: string };
}

export type Node = InstanceNode | UserNode | SessionNode | UserListNode | LoadMoreNode | MessageNode;
export type Kind = Node['kind'];

/** The nodes the provider made: a command checks its argument against these, never by its shape. */
const ours = new WeakSet<object>();

/** Make a node (the provider's only way to): plain data, remembered as ours. */
export function node<N extends Node>(n: N): N {
  ours.add(n);
  return n;
}

/** A node of the Sessions view, or undefined for anything else (a command's argument from elsewhere). */
export function asNode(arg: unknown): Node | undefined {
  return typeof arg === 'object' && arg !== null && ours.has(arg) ? (arg as Node) : undefined;
}

/** The compiler's check that a switch over kinds has a case for each: `node` is `never` once all are handled. */
export function unhandled(n: never): never {
  throw new Error(`unknown node kind: ${String((n as { kind?: unknown }).kind)}`);
}

// ---- drawing ------------------------------------------------------------------------------------------------------

/** What an instance row shows besides its key: the instance's search, the sessions' status filter, a window-only key. */
export interface InstanceState {
  search?: string;
  status: StatusFilter;
  windowOnly: boolean;
}

/** What drawing needs to know now, beyond the node (the provider answers from the key store and the model). */
export interface DrawContext {
  /** The stored key's metadata now (undefined once removed) and the instance's search and filter. */
  instance(instanceId: string): InstanceMeta | undefined;
  instanceState(instanceId: string): InstanceState;
  isLive(instanceId: string): boolean;
  isWatched(sessionId: string): boolean;
  isCreatedHere(instanceId: string, sessionId: string): boolean;
  sessionOrg(instanceId: string, session: Session): SessionOrg | undefined;
  memberships(instanceId: string, userId: string): Loadable<MembershipList>;
}

export const STATUS_ICON: Readonly<Record<string, readonly [string, string]>> = {
  active: ['pass-filled', 'testing.iconPassed'],
  pending: ['clock', 'charts.yellow'],
  revoked: ['circle-slash', 'testing.iconFailed'],
  ended: ['debug-stop', 'disabledForeground'],
  removed: ['trash', 'disabledForeground'],
  expired: ['history', 'disabledForeground'],
  abandoned: ['circle-outline', 'disabledForeground'],
  replaced: ['arrow-swap', 'disabledForeground'],
};

/** The row VS Code draws for a node, built each time it asks (no tooltip: VS Code asks resolveTreeItem on hover). */
export function treeItem(n: Node, cx: DrawContext): vscode.TreeItem {
  switch (n.kind) {
    case 'instance': {
      const instance = cx.instance(n.instanceId) ?? n.instance;
      const state = cx.instanceState(n.instanceId);
      const live = instance.keyEnvironment === 'live';
      const t = new vscode.TreeItem(label(instanceTitle(instance), 60), vscode.TreeItemCollapsibleState.Expanded);
      const bits = [live ? vscode.l10n.t('LIVE') : vscode.l10n.t('test'), instance.maskedKey];
      if (state.search) bits.push(vscode.l10n.t('search: "{0}"', label(state.search, 24)));
      if (state.status !== DEFAULT_STATUS_FILTER) bits.push(vscode.l10n.t('sessions: {0}', statusFilterLabel(state.status)));
      t.description = bits.join(' · ');
      t.contextValue = instanceContext(live, !!state.search);
      t.iconPath = new vscode.ThemeIcon(live ? 'flame' : 'beaker', new vscode.ThemeColor(live ? 'charts.red' : 'charts.blue'));
      return withId(t, n);
    }
    case 'user': {
      const { user, revealed } = n;
      const t = new vscode.TreeItem(label(userLabel(user), 60), vscode.TreeItemCollapsibleState.Collapsed);
      const name = fullName(user);
      t.description = [
        revealed ? vscode.l10n.t('revealed') : undefined,
        name && name !== userLabel(user) ? label(name, 40) : undefined,
        user.banned ? vscode.l10n.t('banned') : undefined,
        vscode.l10n.t('active {0}', relativeTime(user.last_active_at)),
      ]
        .filter(Boolean)
        .join(' · ');
      t.contextValue = userContext(!!user.banned);
      t.iconPath = new vscode.ThemeIcon(
        user.banned ? 'person-filled' : revealed ? 'pinned' : 'person',
        user.banned ? new vscode.ThemeColor('testing.iconFailed') : undefined,
      );
      return withId(t, n);
    }
    case 'session': {
      const { session, instanceId } = n;
      // POST /sessions makes a session with no device (no latest_activity): one this window made says what it is.
      const name =
        cx.isCreatedHere(instanceId, session.id) && !session.latest_activity
          ? vscode.l10n.t('Test session (created by the API)')
          : deviceLabel(session);
      const t = new vscode.TreeItem(label(name, 60), vscode.TreeItemCollapsibleState.None);
      const where = place(session);
      const org = cx.sessionOrg(instanceId, session);
      const watching = cx.isWatched(session.id);
      t.description = [
        label(statusName(session.status), 20),
        session.status === 'pending' ? tasksText(session) : undefined,
        relativeTime(session.last_active_at),
        where ? label(where.split(',')[0], 30) : undefined,
        org ? vscode.l10n.t('org: {0}', label(org.name ?? org.id, 30)) : undefined,
        session.actor ? vscode.l10n.t('impersonated') : undefined,
        watching ? vscode.l10n.t('watching') : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      t.contextValue = sessionContext(session.status, watching);
      const known = Object.hasOwn(STATUS_ICON, session.status) ? STATUS_ICON[session.status] : undefined;
      const [icon, color] = known ?? ['question', 'disabledForeground'];
      t.iconPath = new vscode.ThemeIcon(session.actor ? 'person-add' : icon, new vscode.ThemeColor(color));
      t.command = { command: Cmd.inspect, title: vscode.l10n.t('Inspect Session'), arguments: [n] }; // a click inspects
      return withId(t, n);
    }
    case 'userList': {
      const row = userListRow(n.list);
      const t = new vscode.TreeItem(label(row.text(n.value), 200), vscode.TreeItemCollapsibleState.None);
      t.contextValue = userListContext(n.list, row.any(n.value));
      t.iconPath = new vscode.ThemeIcon(row.icon);
      return withId(t, n);
    }
    case 'loadMore': {
      const { pageSize, loaded, total } = n;
      const next = total === undefined ? pageSize : Math.max(1, Math.min(pageSize, total - loaded));
      const t = new vscode.TreeItem(vscode.l10n.t('Load {0} more…', next), vscode.TreeItemCollapsibleState.None);
      t.description = total === undefined ? vscode.l10n.t('{0} shown', loaded) : vscode.l10n.t('{0} of {1}', loaded, total);
      t.iconPath = new vscode.ThemeIcon('fold-down');
      t.contextValue = 'loadMore';
      t.command = { command: Cmd.loadMore, title: vscode.l10n.t('Load More'), arguments: [n] };
      return withId(t, n);
    }
    case 'message': {
      const t = new vscode.TreeItem(label(n.text, 120), vscode.TreeItemCollapsibleState.None);
      t.description = n.detail === undefined ? undefined : label(n.detail, 300);
      const isError = n.severity === 'error';
      t.iconPath = new vscode.ThemeIcon(isError ? 'error' : 'info', isError ? new vscode.ThemeColor('errorForeground') : undefined);
      t.contextValue = messageContext(n.severity, !!n.authFailed);
      const title = isError ? vscode.l10n.t('Retry') : vscode.l10n.t('Load');
      if (n.retry) t.command = { command: Cmd.retry, title, arguments: [n] };
      return withId(t, n);
    }
    default:
      return unhandled(n);
  }
}

function withId(t: vscode.TreeItem, n: Node): vscode.TreeItem {
  t.id = n.id;
  return t;
}

type Tip = string | vscode.MarkdownString | undefined;

/** A node's tooltip, built when VS Code asks (resolveTreeItem, on hover) from what holds then. */
export function tooltip(n: Node, cx: DrawContext): Tip {
  switch (n.kind) {
    case 'instance': {
      const instance = cx.instance(n.instanceId) ?? n.instance;
      return instanceTooltip(instance, instanceTitle(instance), cx.instanceState(n.instanceId).windowOnly);
    }
    case 'user':
      return userTooltip(n.user, cx.isLive(n.instanceId), cx.memberships(n.instanceId, n.user.id));
    case 'session':
      return sessionTooltip(n.session, n.user, cx.isLive(n.instanceId), cx.sessionOrg(n.instanceId, n.session));
    case 'userList':
      return userListRow(n.list).tooltip(n.value);
    case 'loadMore':
      return undefined;
    case 'message': {
      const text = label(n.text, 120);
      const detail = n.detail === undefined ? undefined : label(n.detail, 300);
      return detail ? `${text}\n\n${detail}` : text; // a plain string: not rendered as markdown
    }
    default:
      return unhandled(n);
  }
}

// ---- the per-user lists' rows ---------------------------------------------------------------------------------------

/** How a list of src/model/userLists is drawn under a user (its id part and contextValue: its entry's `row` there). */
export interface UserListRow<K extends UserListName> {
  /** The row's text (outside text in it already through label()). */
  text(value: UserListValue<K>): string;
  /** Whether the list holds anything (else the contextValue ends in `.none`). */
  any(value: UserListValue<K>): boolean;
  icon: string;
  tooltip(value: UserListValue<K>): vscode.MarkdownString;
  /** The row's title while the list waits for a click (a revealed user's), and when it failed to load. */
  title(): string;
  failed(): string;
}

export const USER_LIST_ROWS: { readonly [K in UserListName]: UserListRow<K> } = {
  memberships: {
    text: (list) => {
      const names = list.memberships.map((m) => `${label(orgName(m), 40)} (${label(roleName(m.role) ?? vscode.l10n.t('no role'), 20)})`);
      const more = list.totalCount - list.memberships.length;
      const all = names.join(', ');
      return names.length === 0
        ? vscode.l10n.t('No organizations')
        : more > 0
          ? vscode.l10n.t('Organizations: {0} and {1} more', all, more)
          : vscode.l10n.t('Organizations: {0}', all);
    },
    any: (list) => list.memberships.length > 0,
    icon: 'organization',
    tooltip: (list) => orgsTooltip(list),
    title: () => vscode.l10n.t('Organizations'),
    failed: () => vscode.l10n.t('Could not load organizations'),
  },
};

/** A list's row, typed for a list name that may be any of them (a node's `list`). */
export function userListRow<K extends UserListName>(list: K): UserListRow<K> {
  return USER_LIST_ROWS[list];
}

// ---- tooltips -----------------------------------------------------------------------------------------------------

/** One line of a tooltip: `text` (already escaped where it holds outside text), then a line break. */
function line(m: vscode.MarkdownString, text: string): void {
  m.appendMarkdown(`${text}\n`);
}

function instanceTooltip(instance: InstanceMeta, title: string, windowOnly: boolean): vscode.MarkdownString {
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

function userTooltip(user: User, live: boolean, orgs?: Loadable<MembershipList>): vscode.MarkdownString {
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
function appendMemberships(m: vscode.MarkdownString, orgs: Loadable<MembershipList>): void {
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
function orgsTooltip(list: MembershipList): vscode.MarkdownString {
  const m = new vscode.MarkdownString();
  appendMemberships(m, { state: 'value', value: list });
  return m;
}

function sessionTooltip(s: Session, user: User | undefined, live: boolean, org?: SessionOrg): vscode.MarkdownString {
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
