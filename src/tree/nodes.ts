// One class per node kind. Ids and contextValues come from ./ids (one home); labels and descriptions of outside text
// go through label(); tooltips are built lazily (./tooltips) when VS Code resolves the item or something reads them.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { InstanceMeta } from '../key/secretKey';
import { instanceTitle } from '../key/instanceTitle';
import { Cmd } from '../ids';
import { deviceLabel, fullName, place, relativeTime, userLabel } from '../util/format';
import { label } from '../util/inert';
import type { Loadable } from '../model/loadable';
import { orgName, roleName, tasksText, type MembershipList, type SessionOrg } from '../model/orgs';
import { DEFAULT_STATUS_FILTER, statusFilterLabel, statusName, type StatusFilter } from '../model/statusFilter';
import {
  instanceContext,
  messageContext,
  orgsContext,
  sessionContext,
  treeId,
  userContext,
  type InstanceContext,
  type LoadMoreContext,
  type MessageContext,
  type OrgsContext,
  type SessionContext,
  type UserContext,
} from './ids';
import { instanceTooltip, orgsTooltip, sessionTooltip, userTooltip } from './tooltips';

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

type Tip = string | vscode.MarkdownString | undefined;

/** `tooltip` as an own property that builds on first read (a later assignment wins). */
function lazyTooltip(item: vscode.TreeItem, build: () => Tip): void {
  let value: Tip;
  let built = false;
  Object.defineProperty(item, 'tooltip', {
    configurable: true,
    enumerable: true,
    get: () => {
      if (!built) {
        value = build();
        built = true;
      }
      return value;
    },
    set: (v: Tip) => {
      value = v;
      built = true;
    },
  });
}

/** `tooltip` as an own property built on every read (a later assignment wins). */
function dynamicTooltip(item: vscode.TreeItem, build: () => Tip): void {
  let set: { v: Tip } | undefined;
  Object.defineProperty(item, 'tooltip', {
    configurable: true,
    enumerable: true,
    get: () => (set ? set.v : build()),
    set: (v: Tip) => {
      set = { v };
    },
  });
}

/** What an instance row shows besides its key: the instance's search, the sessions' status filter, a window-only key. */
export interface InstanceState {
  search?: string;
  status: StatusFilter;
  windowOnly: boolean;
}

/**
 * An instance row. VS Code keeps the object it was handed and asks getTreeItem for it again on a change: the provider
 * calls show() with what holds now (its name, search, filter) before drawing it, so the row never keeps an old search.
 */
export class InstanceNode extends vscode.TreeItem {
  readonly kind = 'instance' as const;
  declare contextValue: InstanceContext;
  private meta: InstanceMeta;
  constructor(instance: InstanceMeta, state: InstanceState) {
    super(label(instanceTitle(instance), 60), vscode.TreeItemCollapsibleState.Expanded);
    this.meta = instance;
    this.id = treeId.instance(instance.id);
    this.show(instance, state);
  }

  get instance(): InstanceMeta {
    return this.meta;
  }

  /** Draw the row from the instance and its state as they are now. */
  show(instance: InstanceMeta, state: InstanceState): this {
    this.meta = instance;
    const live = instance.keyEnvironment === 'live';
    this.label = label(instanceTitle(instance), 60);
    const bits = [live ? vscode.l10n.t('LIVE') : vscode.l10n.t('test'), instance.maskedKey];
    if (state.search) bits.push(vscode.l10n.t('search: "{0}"', label(state.search, 24)));
    if (state.status !== DEFAULT_STATUS_FILTER) bits.push(vscode.l10n.t('sessions: {0}', statusFilterLabel(state.status)));
    this.description = bits.join(' · ');
    this.contextValue = instanceContext(live, !!state.search);
    this.iconPath = new vscode.ThemeIcon(live ? 'flame' : 'beaker', new vscode.ThemeColor(live ? 'charts.red' : 'charts.blue'));
    lazyTooltip(this, () => instanceTooltip(instance, instanceTitle(instance), state.windowOnly));
    return this;
  }
}

export class UserNode extends vscode.TreeItem {
  readonly kind = 'user' as const;
  declare contextValue: UserContext;
  /**
   * `revealed`: shown first because Show Session asked for this user, who is on no loaded page. `orgs`: the user's
   * memberships as the model knows them now (read each time the tooltip is, so it lists them once they are loaded).
   */
  constructor(
    readonly instanceId: string,
    readonly user: User,
    opts: { live: boolean; revealed?: boolean; orgs?: () => Loadable<MembershipList> },
  ) {
    super(label(userLabel(user), 60), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = treeId.user(instanceId, user.id);
    const name = fullName(user);
    const shown = userLabel(user);
    this.description = [
      opts.revealed ? vscode.l10n.t('revealed') : undefined,
      name && name !== shown ? label(name, 40) : undefined,
      user.banned ? vscode.l10n.t('banned') : undefined,
      vscode.l10n.t('active {0}', relativeTime(user.last_active_at)),
    ]
      .filter(Boolean)
      .join(' · ');
    this.contextValue = userContext(!!user.banned);
    this.iconPath = new vscode.ThemeIcon(
      user.banned ? 'person-filled' : opts.revealed ? 'pinned' : 'person',
      user.banned ? new vscode.ThemeColor('testing.iconFailed') : undefined,
    );
    const orgs = opts.orgs;
    if (orgs) dynamicTooltip(this, () => userTooltip(user, opts.live, orgs()));
    else lazyTooltip(this, () => userTooltip(user, opts.live));
  }
}

export class SessionNode extends vscode.TreeItem {
  readonly kind = 'session' as const;
  declare contextValue: SessionContext;
  constructor(
    readonly instanceId: string,
    readonly session: Session,
    readonly user: User | undefined,
    opts: { live: boolean; watching: boolean; org?: SessionOrg; createdHere?: boolean },
  ) {
    // POST /sessions makes a session with no device (no latest_activity): one this window made says what it is.
    const name = opts.createdHere && !session.latest_activity ? vscode.l10n.t('Test session (created by the API)') : deviceLabel(session);
    super(label(name, 60), vscode.TreeItemCollapsibleState.None);
    this.id = treeId.session(instanceId, session.id);
    const where = place(session);
    const org = opts.org;
    this.description = [
      label(statusName(session.status), 20),
      session.status === 'pending' ? tasksText(session) : undefined,
      relativeTime(session.last_active_at),
      where ? label(where.split(',')[0], 30) : undefined,
      org ? vscode.l10n.t('org: {0}', label(org.name ?? org.id, 30)) : undefined,
      session.actor ? vscode.l10n.t('impersonated') : undefined,
      opts.watching ? vscode.l10n.t('watching') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    this.contextValue = sessionContext(session.status, opts.watching);
    const known = Object.hasOwn(STATUS_ICON, session.status) ? STATUS_ICON[session.status] : undefined;
    const [icon, color] = known ?? ['question', 'disabledForeground'];
    this.iconPath = new vscode.ThemeIcon(session.actor ? 'person-add' : icon, new vscode.ThemeColor(color));
    this.command = { command: Cmd.inspect, title: vscode.l10n.t('Inspect Session'), arguments: [this] }; // a click inspects
    lazyTooltip(this, () => sessionTooltip(session, user, opts.live, org));
  }
}

/** The first row under a user: "Organizations: Acme Corp (admin), Globex (member)" or "No organizations". */
export class OrgsNode extends vscode.TreeItem {
  readonly kind = 'orgs' as const;
  declare contextValue: OrgsContext;
  constructor(
    readonly instanceId: string,
    readonly userId: string,
    readonly list: MembershipList,
  ) {
    const names = list.memberships.map((m) => `${label(orgName(m), 40)} (${label(roleName(m.role) ?? vscode.l10n.t('no role'), 20)})`);
    const more = list.totalCount - list.memberships.length;
    const all = names.join(', ');
    const text =
      names.length === 0
        ? vscode.l10n.t('No organizations')
        : more > 0
          ? vscode.l10n.t('Organizations: {0} and {1} more', all, more)
          : vscode.l10n.t('Organizations: {0}', all);
    super(label(text, 200), vscode.TreeItemCollapsibleState.None);
    this.id = treeId.userOrgs(instanceId, userId);
    this.contextValue = orgsContext(names.length > 0);
    this.iconPath = new vscode.ThemeIcon('organization');
    lazyTooltip(this, () => orgsTooltip(list));
  }
}

export class LoadMoreNode extends vscode.TreeItem {
  readonly kind = 'loadMore' as const;
  declare contextValue: LoadMoreContext;
  constructor(
    readonly instanceId: string,
    opts: { pageSize: number; loaded: number; total?: number },
  ) {
    const next = opts.total === undefined ? opts.pageSize : Math.max(1, Math.min(opts.pageSize, opts.total - opts.loaded));
    super(vscode.l10n.t('Load {0} more…', next), vscode.TreeItemCollapsibleState.None);
    this.id = treeId.loadMore(instanceId);
    this.description =
      opts.total === undefined ? vscode.l10n.t('{0} shown', opts.loaded) : vscode.l10n.t('{0} of {1}', opts.loaded, opts.total);
    this.iconPath = new vscode.ThemeIcon('fold-down');
    this.contextValue = 'loadMore';
    this.command = { command: Cmd.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] };
  }
}

export interface MessageOptions {
  /** The id the message gets (treeId.usersMessage / treeId.userMessage). */
  id: string;
  text: string;
  severity: 'error' | 'empty' | 'info';
  /** Errors: what Retry does. */
  retry?: () => void;
  /** Outside text (an error message, redacted): shown as plain text. */
  detail?: string;
  /** A 401: the instance whose key to update. */
  authFailed?: { instanceId: string };
}

/** Errors and empty states: a node that says what happened and, for errors, offers Retry and Show Log. */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message' as const;
  declare contextValue: MessageContext;
  readonly severity: MessageOptions['severity'];
  readonly retry?: () => void;
  readonly authFailed?: { instanceId: string };
  constructor(o: MessageOptions) {
    super(label(o.text, 120), vscode.TreeItemCollapsibleState.None);
    this.id = o.id;
    this.severity = o.severity;
    this.retry = o.retry;
    this.authFailed = o.authFailed;
    const detail = o.detail === undefined ? undefined : label(o.detail, 300);
    this.description = detail;
    const text = typeof this.label === 'string' ? this.label : (this.label?.label ?? '');
    lazyTooltip(this, () => (detail ? `${text}\n\n${detail}` : text)); // a plain string: not rendered as markdown
    const isError = o.severity === 'error';
    this.iconPath = new vscode.ThemeIcon(isError ? 'error' : 'info', isError ? new vscode.ThemeColor('errorForeground') : undefined);
    this.contextValue = messageContext(o.severity, !!o.authFailed);
    const title = o.severity === 'error' ? vscode.l10n.t('Retry') : vscode.l10n.t('Load');
    if (o.retry) this.command = { command: Cmd.retry, title, arguments: [this] };
  }
}

export type Node = InstanceNode | UserNode | SessionNode | OrgsNode | LoadMoreNode | MessageNode;

/** What getTreeItem hands VS Code: the node's fields but no tooltip, so VS Code asks resolveTreeItem on hover. */
export function drawable(n: Node): vscode.TreeItem {
  const t = new vscode.TreeItem(n.label ?? '', n.collapsibleState);
  t.id = n.id;
  t.description = n.description;
  t.contextValue = n.contextValue;
  t.iconPath = n.iconPath;
  t.command = n.command;
  t.accessibilityInformation = n.accessibilityInformation;
  return t;
}
