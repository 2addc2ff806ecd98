// The Sessions tree: instance -> users (a page of clerk.pageSize, -last_active_at) -> the user's Organizations row and
// sessions (filtered by status; by default active and pending). The data lives in SessionsModel (src/model, no
// vscode); this class maps it to nodes and forwards its changes. Expanding an instance is one request; expanding a
// user is at most two sent at once (sessions, memberships); Load more is one request and appends; refresh re-reads
// one node or everything.
import { apiError } from '../clerk/errors';
import { errorMessage } from '../util/errors';
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { Session, User } from '../clerk/types';
import type { Connections } from '../connections';
import { readSettings, type StatusFilter } from '../config';
import type { InstanceMeta, KeyStore } from '../key/secretKey';
import { SessionsModel, type ModelChange, type SessionOrg } from '../model/sessionsModel';
import { emptyListText } from '../model/statusFilter';
import type { Logger } from '../util/log';
import { parseTreeId, treeId } from './ids';
import { NodeIndex } from './nodeIndex';
import { Inflight } from '../model/inflight';
import { instanceTitle } from '../key/instanceTitle';
import {
  node,
  tooltip,
  treeItem,
  unhandled,
  type DrawContext,
  type InstanceNode,
  type InstanceState,
  type MessageNode,
  type Node,
  type SessionNode,
  type UserNode,
  userListRow,
} from './nodes';
import type { Loadable } from '../model/loadable';
import { USER_LIST_NAMES, type UserListName, type UserListValue } from '../model/userLists';

/** A session whose state changed (watch, revoke), or undefined when only the set of watched sessions changed. */
export type WatchChange = { instanceId: string; session: Session } | undefined;

export interface SessionsTreeOptions {
  /** Is this session watched (the "watching" marker and the `.watched` contextValue)? */
  isWatched?: (sessionId: string) => boolean;
  /** Fires when watching starts, stops or a watched session changes; the tree redraws or puts the session in place. */
  onDidChangeWatched?: vscode.Event<WatchChange>;
}

export class SessionsTree extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: SessionsModel;
  private readonly index = new NodeIndex<Node>();
  private readonly isWatched: (sessionId: string) => boolean;
  /** What drawing a row needs to know now: the stored key, the model, the watcher. */
  private readonly cx: DrawContext;
  /** Loads beside the model's (an instance's public keys), so whenIdle waits for them too. */
  private readonly side = new Inflight();

  constructor(
    private readonly keys: KeyStore,
    private readonly conns: Connections,
    log: Logger,
    opts: SessionsTreeOptions = {},
  ) {
    super();
    this.model = new SessionsModel({
      client: (id) => conns.client(id),
      pageSize: () => readSettings().pageSize,
      status: readSettings().defaultSessionStatus,
      log,
      instanceName: (id) => {
        const i = keys.get(id);
        return i ? `"${instanceTitle(i)}" (${i.maskedKey})` : 'a removed instance';
      },
    });
    this.isWatched = opts.isWatched ?? (() => false);
    const model = this.model;
    this.cx = {
      instance: (id) => keys.get(id),
      instanceState: (id) => this.instanceState(id),
      isLive: (id) => this.isLive(id),
      isWatched: (id) => this.isWatched(id),
      isCreatedHere: (id, sessionId) => model.isCreatedHere(id, sessionId),
      sessionOrg: (id, s) => model.sessionOrg(id, s),
      memberships: (id, userId) => model.memberships(id, userId),
    };
    this._register(this.model);
    this._register(this.model.onDidChange((c) => this.changed.fire(this.nodeFor(c))));
    this._register(keys.onDidChange(() => this.keysChanged()));
    if (opts.onDidChangeWatched) {
      this._register(opts.onDidChangeWatched((c) => (c ? this.model.updateSession(c.instanceId, c.session) : this.redraw())));
    }
  }

  get statusFilter(): StatusFilter {
    return this.model.statusFilter;
  }
  searchOf(instanceId: string): string | undefined {
    return this.model.searchOf(instanceId);
  }
  userOf(instanceId: string, userId: string) {
    return this.model.userOf(instanceId, userId);
  }

  // ---- TreeDataProvider ---------------------------------------------------------------------------------------

  /**
   * The row, built each time VS Code asks (also again for an object it was handed before, when a change event names
   * it): drawn from what holds now (an instance's name, search and filter; a session's watch marker), not from when
   * the node was made.
   */
  getTreeItem(node: Node): vscode.TreeItem {
    return treeItem(node, this.cx);
  }

  /** The tooltip, built only now (VS Code asks on hover). */
  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    item.tooltip = tooltip(node, this.cx);
    return item;
  }

  getParent(node: Node): Node | undefined {
    switch (node.kind) {
      case 'instance':
        return undefined;
      case 'user':
      case 'loadMore':
        return this.instanceNode(node.instanceId);
      case 'session':
        return this.userNode(node.instanceId, node.session.user_id);
      case 'userList':
        return this.userNode(node.instanceId, node.userId);
      case 'message': {
        const at = parseTreeId(node.id); // under its user (its sessions or its organizations), or under the instance
        if (at?.kind === 'userList') return this.userNode(at.instanceId, at.userId);
        if (at?.kind !== 'message') return undefined;
        return at.userId === undefined ? this.instanceNode(at.instanceId) : this.userNode(at.instanceId, at.userId);
      }
      default:
        return unhandled(node);
    }
  }

  async getChildren(parent?: Node): Promise<Node[]> {
    const list = await this.childrenOf(parent);
    this.index.rendered(parent?.id, list);
    return list;
  }

  private async childrenOf(parent?: Node): Promise<Node[]> {
    if (!parent) return this.keys.list().map((i) => this.newInstanceNode(i));
    switch (parent.kind) {
      case 'instance':
        return this.usersOf(parent.instanceId);
      case 'user':
        return this.sessionsOf(parent);
      case 'session':
      case 'userList':
      case 'loadMore':
      case 'message':
        return [];
      default:
        return unhandled(parent);
    }
  }

  // ---- nodes --------------------------------------------------------------------------------------------------

  /** The InstanceNode drawn now for an instance (or one made the same way); undefined when no key is stored for it. */
  instanceNode(instanceId: string): InstanceNode | undefined {
    const drawn = this.index.get(treeId.instance(instanceId));
    if (drawn?.kind === 'instance') return drawn;
    const i = this.keys.get(instanceId);
    return i ? this.newInstanceNode(i) : undefined;
  }

  private newInstanceNode(i: InstanceMeta): InstanceNode {
    return node({ kind: 'instance', id: treeId.instance(i.id), instanceId: i.id, instance: i });
  }

  private instanceState(instanceId: string): InstanceState {
    return { search: this.model.searchOf(instanceId), status: this.model.statusFilter, windowOnly: this.keys.isWindowOnly(instanceId) };
  }

  private userNode(instanceId: string, userId: string): UserNode | undefined {
    const drawn = this.index.get(treeId.user(instanceId, userId));
    if (drawn?.kind === 'user') return drawn;
    const user = this.model.userOf(instanceId, userId);
    if (!user) return undefined;
    const revealed = this.model.users(instanceId);
    const isRevealed = 'value' in revealed && !!revealed.value?.revealed.some((u) => u.id === userId);
    return this.newUserNode(instanceId, user, isRevealed);
  }

  private newUserNode(instanceId: string, user: User, revealed: boolean): UserNode {
    return node({ kind: 'user', id: treeId.user(instanceId, user.id), instanceId, user, revealed });
  }

  private newSessionNode(instanceId: string, session: Session, user: User | undefined): SessionNode {
    return node({ kind: 'session', id: treeId.session(instanceId, session.id), instanceId, session, user });
  }

  private message(m: Omit<MessageNode, 'kind'>): MessageNode {
    return node({ kind: 'message', ...m });
  }

  /** For Inspect: the session's last active organization and the user's role in it (≤ 1 request, see the model). */
  resolveSessionOrg(instanceId: string, s: Session): Promise<SessionOrg | undefined> {
    return this.model.resolveSessionOrg(instanceId, s);
  }

  private isLive(instanceId: string): boolean {
    return this.keys.get(instanceId)?.keyEnvironment === 'live';
  }

  private async usersOf(instanceId: string): Promise<Node[]> {
    // The instance's first load in this window also fetches its public keys (once), for the hover: not awaited here.
    void this.side.track(this.conns.learnPublicKeys(instanceId));
    const l = await this.model.ensureUsers(instanceId);
    const page = 'value' in l ? l.value : undefined;
    const out: Node[] = [
      ...(page?.revealed ?? []).map((u) => this.newUserNode(instanceId, u, true)),
      ...(page?.users ?? []).map((u) => this.newUserNode(instanceId, u, false)),
    ];
    const id = treeId.usersMessage(instanceId);
    if (l.state === 'error') {
      const title = page?.users.length ? vscode.l10n.t('Could not load more users') : vscode.l10n.t('Could not load users');
      out.push(this.errorNode(id, title, l.error, instanceId, () => this.model.retry(instanceId)));
    } else if (!page?.users.length) {
      const q = this.model.searchOf(instanceId);
      out.push(
        this.message({
          id,
          severity: 'empty',
          text: q ? vscode.l10n.t('No users match "{0}"', q) : vscode.l10n.t('This instance has no users yet'),
          detail: q ? vscode.l10n.t("Clear the search from the instance's inline action") : undefined,
        }),
      );
    } else if (!page.done) {
      const loaded = page.users.length;
      const total = page.total === undefined ? undefined : Math.max(page.total, loaded);
      out.push(node({ kind: 'loadMore', id: treeId.loadMore(instanceId), instanceId, pageSize: readSettings().pageSize, loaded, total }));
    }
    return out;
  }

  /** A row per list of the user (the Organizations row), then the sessions: all requests sent at once (each only when not loaded yet). */
  private async sessionsOf(parent: UserNode): Promise<Node[]> {
    const { instanceId, user } = parent;
    const loaded = await this.model.ensureUser(instanceId, user.id);
    const l = loaded.sessions;
    const out: Node[] = [];
    for (const list of USER_LIST_NAMES) {
      const row = this.userListRow(list, instanceId, user.id, loaded[list]);
      if (row) out.push(row);
    }
    const id = treeId.userMessage(instanceId, user.id);
    if (l.state === 'error') {
      out.push(
        this.errorNode(id, vscode.l10n.t('Could not load sessions'), l.error, instanceId, () => this.model.retry(instanceId, user.id)),
      );
      return out;
    }
    const value = 'value' in l ? l.value : undefined;
    const list = value?.sessions ?? [];
    const status = this.model.statusFilter;
    // One request reads the newest `read` sessions: with "current" / "pending" older ones of those statuses may be missing.
    const total = value?.totalCount;
    const cut = value && total !== undefined && total > value.read;
    if (list.length === 0) {
      out.push(
        this.message({
          id,
          severity: 'empty',
          text: emptyListText(status),
          detail: cut
            ? vscode.l10n.t('the newest {0} of {1} sessions were read', value.read, total)
            : status === 'all'
              ? undefined
              : vscode.l10n.t('Change the filter in the view title to see others'),
        }),
      );
      return out;
    }
    out.push(...list.map((s) => this.newSessionNode(instanceId, s, user)));
    if (cut) {
      const text =
        value.read === list.length
          ? vscode.l10n.t('{0} of {1} sessions shown', list.length, total)
          : vscode.l10n.t('{0} shown: the newest {1} of {2} sessions were read', list.length, value.read, total);
      out.push(this.message({ id, severity: 'info', text, detail: vscode.l10n.t('the most recently created') }));
    }
    return out;
  }

  /** A user's list as a row: loaded, failed (Retry), or waiting for a click (a revealed user's); nothing while loading. */
  private userListRow<K extends UserListName>(
    list: K,
    instanceId: string,
    userId: string,
    l: Loadable<UserListValue<K>>,
  ): Node | undefined {
    const id = treeId.userList(instanceId, userId, list);
    const retry = () => this.model.retryUserList(list, instanceId, userId);
    if (l.state === 'error') return this.errorNode(id, userListRow(list).failed(), l.error, instanceId, retry);
    if ('value' in l && l.value) return node({ kind: 'userList', list, id, instanceId, userId, value: l.value });
    if (l.state === 'idle') {
      return this.message({ id, text: userListRow(list).title(), severity: 'info', detail: vscode.l10n.t('click to load'), retry });
    }
    return undefined;
  }

  private errorNode(id: string, title: string, e: unknown, instanceId: string, retry: () => void): MessageNode {
    const auth = apiError(e)?.status === 401;
    return this.message({
      id,
      severity: 'error',
      retry,
      text: auth ? vscode.l10n.t('Clerk rejected the secret key') : title,
      detail: errorMessage(e),
      authFailed: auth ? { instanceId } : undefined,
    });
  }

  /** The node VS Code knows for a change, or undefined (redraw all) when that node is not drawn. */
  private nodeFor(c: ModelChange): Node | undefined {
    if (c.scope === 'instance') return this.index.get(treeId.instance(c.instanceId));
    if (c.scope === 'user') return this.index.get(treeId.user(c.instanceId, c.userId));
    return undefined;
  }

  // ---- actions ------------------------------------------------------------------------------------------------

  loadMore(instanceId: string): Promise<void> {
    return this.model.loadMore(instanceId);
  }
  /** Resolves when nothing is loading: the model's loads and the public keys learnt beside them. */
  async whenIdle(): Promise<void> {
    do {
      await this.model.whenIdle();
      await this.side.whenIdle();
    } while (this.side.size > 0);
  }
  updateSession(instanceId: string, session: Session): void {
    this.model.updateSession(instanceId, session);
  }
  /** A session Create Test Session made: in place, named as a test session (it has no device). */
  addCreatedSession(instanceId: string, session: Session): void {
    this.model.addCreatedSession(instanceId, session);
  }
  setSearch(instanceId: string, query: string | undefined): void {
    this.model.setSearch(instanceId, query);
  }
  setStatus(status: StatusFilter): void {
    this.model.setStatus(status);
  }

  /**
   * For TreeView.reveal (Show Session): make the user present under the instance (in the "revealed" group shown
   * first, when on no loaded page), load their sessions (and memberships, at once), and return the SessionNode, or
   * the UserNode when no session was asked for or it is not in the list under the current filter. At most three
   * requests: the user, then their sessions and memberships side by side.
   */
  async revealTarget(instanceId: string, userId: string, sessionId?: string): Promise<SessionNode | UserNode> {
    const r = await this.model.revealTarget(instanceId, userId, sessionId);
    const userNode = this.userNode(instanceId, userId) ?? this.newUserNode(instanceId, r.user, true);
    return r.session ? this.newSessionNode(instanceId, r.session, r.user) : userNode;
  }

  /** Re-read one node (and what hangs below it), or the whole tree. */
  refresh(node?: Node): void {
    if (!node) {
      this.conns.forget();
      return this.model.refresh();
    }
    switch (node.kind) {
      case 'instance':
        this.conns.forget(node.instanceId);
        return this.model.refresh(node.instanceId);
      case 'user':
        return this.model.refresh(node.instanceId, node.user.id);
      case 'session':
        return this.model.refresh(node.instanceId, node.session.user_id);
      case 'userList':
        return this.model.refresh(node.instanceId, node.userId);
      case 'loadMore':
      case 'message':
        return this.changed.fire(undefined);
      default:
        return unhandled(node);
    }
  }

  /** Keys were stored, renamed or removed: forget only what belonged to instances that are gone, and redraw. */
  private keysChanged(): void {
    this.model.retainInstances(this.keys.list().map((i) => i.id));
    this.changed.fire(undefined);
  }

  /** Re-render without re-reading (watch markers, names). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** "Development · test" / "Production · LIVE": the view's description, so nobody forgets which key is in use. */
  describe(selected?: string): string | undefined {
    const list = this.keys.list();
    if (list.length === 0) return undefined;
    const i = list.find((x) => x.id === selected) ?? list[0];
    const tag = `${instanceTitle(i)} · ${i.keyEnvironment === 'live' ? vscode.l10n.t('LIVE') : vscode.l10n.t('test')}`;
    return list.length > 1 ? `${tag} (+${list.length - 1})` : tag;
  }
}
