// The Sessions tree: instance -> users (20 a page, -last_active_at) -> sessions (filtered by status).
// Expanding a node is one request; Load more is one request and appends; refresh re-reads one node or everything.
import * as vscode from 'vscode';
import { ClerkApiError } from '../clerk/errors';
import type { Session, User } from '../clerk/types';
import type { Connections } from '../connections';
import { readSettings, type StatusFilter } from '../config';
import type { KeyStore } from '../key/secretKey';
import type { Logger } from '../util/log';
import { redact } from '../util/redact';
import { InstanceNode, LoadMoreNode, MessageNode, SessionNode, UserNode, instanceTitle, type Node } from './nodes';

interface UserPages { users: User[]; done: boolean; totalCount?: number; error?: unknown; loading?: Promise<void> }
interface SessionList { sessions?: Session[]; error?: unknown; loading?: Promise<void> }

export class SessionsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private readonly pages = new Map<string, UserPages>();
  private readonly sessions = new Map<string, SessionList>(); // key: instanceId/userId
  private readonly searches = new Map<string, string>();
  private readonly nodes = new Map<string, Node>(); // last node object built for each id
  private status: StatusFilter;
  watched: (sessionId: string) => boolean = () => false;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly keys: KeyStore, private readonly conns: Connections, private readonly log: Logger) {
    this.status = readSettings().defaultSessionStatus;
    this.subs.push(keys.onDidChange(() => this.keysChanged()));
  }

  get statusFilter(): StatusFilter { return this.status; }
  searchOf(instanceId: string): string | undefined { return this.searches.get(instanceId); }

  getTreeItem(node: Node): vscode.TreeItem { return node; }

  getParent(node: Node): Node | undefined {
    if (node instanceof UserNode || node instanceof LoadMoreNode) return this.nodes.get(`i/${node.instanceId}`);
    if (node instanceof SessionNode) return this.nodes.get(`i/${node.instanceId}/u/${node.session.user_id}`);
    return undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      return this.keep(this.keys.list().map((i) => new InstanceNode(i, { search: this.searches.get(i.id), status: this.status, windowOnly: this.keys.isWindowOnly(i.id) })));
    }
    if (node instanceof InstanceNode) return this.keep(await this.usersOf(node));
    if (node instanceof UserNode) return this.keep(await this.sessionsOf(node));
    return [];
  }

  private keep<T extends Node>(list: T[]): T[] {
    for (const n of list) if (n.id) this.nodes.set(n.id, n);
    return list;
  }

  private isLive(instanceId: string): boolean {
    return this.keys.get(instanceId)?.keyEnvironment === 'live';
  }

  private async usersOf(node: InstanceNode): Promise<Node[]> {
    const id = node.instance.id;
    let p = this.pages.get(id);
    if (!p) {
      p = { users: [], done: false };
      this.pages.set(id, p);
      await this.fetchPage(id, p);
    } else if (p.loading) {
      await p.loading;
    }
    const live = this.isLive(id);
    const out: Node[] = p.users.map((u) => new UserNode(id, u, live));
    if (p.error !== undefined) {
      out.push(this.errorNode(`i/${id}/users`, p.users.length ? 'Could not load more users' : 'Could not load users', p.error, id, () => {
        p!.error = undefined;
        if (p!.users.length === 0) this.pages.delete(id);
        this.changed.fire(this.nodes.get(`i/${id}`));
      }));
    } else if (p.users.length === 0) {
      const q = this.searches.get(id);
      out.push(new MessageNode(`i/${id}/users`, q ? `No users match "${q}"` : 'This instance has no users yet', 'empty', undefined, q ? 'Clear the search from the instance\'s inline action' : undefined));
    } else if (!p.done) {
      out.push(new LoadMoreNode(id, readSettings().pageSize, p.users.length, p.totalCount));
    }
    return out;
  }

  /** One request: the next page of users, appended. A second call while one is running waits for it. */
  private fetchPage(instanceId: string, p: UserPages): Promise<void> {
    if (p.loading) return p.loading;
    const run = async () => {
      const { pageSize } = readSettings();
      try {
        const client = await this.conns.client(instanceId);
        const page = await client.listUsers({ query: this.searches.get(instanceId), orderBy: '-last_active_at', limit: pageSize, offset: p.users.length });
        const seen = new Set(p.users.map((u) => u.id));
        p.users.push(...page.filter((u) => !seen.has(u.id))); // offset paging can repeat a user that moved up
        p.done = page.length < pageSize;
        p.error = undefined;
        this.log.info(`Loaded ${page.length} users (offset ${p.users.length - page.length}) for instance ${instanceId}`);
      } catch (e) {
        p.error = e;
        this.log.error(`Could not load users for instance ${instanceId}`, e);
      } finally {
        p.loading = undefined;
      }
    };
    p.loading = this.track(run());
    return p.loading;
  }

  async loadMore(instanceId: string): Promise<void> {
    const p = this.pages.get(instanceId);
    if (!p || p.done) return;
    await this.fetchPage(instanceId, p);
    this.changed.fire(this.nodes.get(`i/${instanceId}`));
  }

  private async sessionsOf(node: UserNode): Promise<Node[]> {
    const key = `${node.instanceId}/${node.user.id}`;
    let s = this.sessions.get(key);
    if (!s) {
      const list: SessionList = {};
      this.sessions.set(key, list);
      list.loading = this.track((async () => {
        try {
          const client = await this.conns.client(node.instanceId);
          const page = await client.listSessions({ userId: node.user.id, status: this.status === 'all' ? undefined : this.status, limit: 100 });
          list.sessions = page.data;
        } catch (e) {
          list.error = e;
          this.log.error(`Could not load sessions of ${node.user.id}`, e);
        } finally {
          list.loading = undefined;
        }
      })());
      s = list;
    }
    if (s.loading) await s.loading; // a second expansion while the first is loading waits for it
    const parentId = node.id!;
    if (s.error !== undefined) {
      return [this.errorNode(parentId, 'Could not load sessions', s.error, node.instanceId, () => {
        this.sessions.delete(key);
        this.changed.fire(this.nodes.get(parentId));
      })];
    }
    const list = s.sessions ?? [];
    if (list.length === 0) {
      return [new MessageNode(parentId, this.status === 'all' ? 'No sessions' : `No ${this.status} sessions`, 'empty', undefined,
        this.status === 'all' ? undefined : 'Change the filter in the view title to see others')];
    }
    const live = this.isLive(node.instanceId);
    return [...list].sort((a, b) => b.last_active_at - a.last_active_at)
      .map((x) => new SessionNode(node.instanceId, x, node.user, { live, watching: this.watched(x.id) }));
  }

  private errorNode(parentId: string, title: string, e: unknown, instanceId: string, retry: () => void): MessageNode {
    const msg = redact(e instanceof Error ? e.message : String(e));
    const auth = e instanceof ClerkApiError && e.status === 401;
    return new MessageNode(parentId, auth ? 'Clerk rejected the secret key' : title, 'error', retry, msg, auth ? { instanceId } : undefined);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Resolves when no page or session list is being loaded (one a refresh left behind included). */
  async whenIdle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Put a session the API just returned (after revoke, watch) in place, without another request. */
  updateSession(instanceId: string, session: Session): void {
    const key = `${instanceId}/${session.user_id}`;
    const s = this.sessions.get(key);
    if (s?.sessions) {
      const keepIt = this.status === 'all' || session.status === this.status;
      s.sessions = s.sessions.flatMap((x) => (x.id === session.id ? (keepIt ? [session] : []) : [x]));
    }
    this.changed.fire(this.nodes.get(`i/${instanceId}/u/${session.user_id}`));
  }

  userOf(instanceId: string, userId: string): User | undefined {
    return this.pages.get(instanceId)?.users.find((u) => u.id === userId);
  }

  setSearch(instanceId: string, query: string | undefined): void {
    if (query) this.searches.set(instanceId, query);
    else this.searches.delete(instanceId);
    this.forgetInstance(instanceId);
    this.changed.fire(undefined);
  }

  setStatus(status: StatusFilter): void {
    this.status = status;
    this.sessions.clear();
    this.changed.fire(undefined);
  }

  /** Re-read one node (and what hangs below it), or the whole tree. */
  refresh(node?: Node): void {
    if (!node) {
      this.pages.clear();
      this.sessions.clear();
      this.conns.forget();
      this.changed.fire(undefined);
      return;
    }
    if (node instanceof InstanceNode) {
      this.forgetInstance(node.instance.id);
      this.conns.forget(node.instance.id);
      this.changed.fire(this.nodes.get(node.id!) ?? undefined);
    } else if (node instanceof UserNode) {
      this.sessions.delete(`${node.instanceId}/${node.user.id}`);
      this.changed.fire(this.nodes.get(node.id!));
    } else if (node instanceof SessionNode) {
      this.sessions.delete(`${node.instanceId}/${node.session.user_id}`);
      this.changed.fire(this.nodes.get(`i/${node.instanceId}/u/${node.session.user_id}`));
    } else {
      this.changed.fire(undefined);
    }
  }

  /** Keys were stored, renamed or removed: forget only what belonged to instances that are gone, and redraw. */
  private keysChanged(): void {
    const alive = new Set(this.keys.list().map((i) => i.id));
    for (const id of [...this.pages.keys()]) if (!alive.has(id)) this.forgetInstance(id);
    for (const id of [...this.searches.keys()]) if (!alive.has(id)) this.searches.delete(id);
    this.changed.fire(undefined);
  }

  /** Re-render without re-reading (watch markers, names). */
  redraw(): void { this.changed.fire(undefined); }

  private forgetInstance(instanceId: string): void {
    this.pages.delete(instanceId);
    for (const k of [...this.sessions.keys()]) if (k.startsWith(`${instanceId}/`)) this.sessions.delete(k);
  }

  /** "Development · test" / "Production · LIVE": the view's description, so nobody forgets which key is in use. */
  describe(selected?: string): string | undefined {
    const list = this.keys.list();
    if (list.length === 0) return undefined;
    const i = list.find((x) => x.id === selected) ?? list[0];
    const tag = `${instanceTitle(i)} · ${i.keyEnvironment === 'live' ? 'LIVE' : 'test'}`;
    return list.length > 1 ? `${tag} (+${list.length - 1})` : tag;
  }

  dispose(): void {
    this.changed.dispose();
    this.subs.forEach((s) => s.dispose());
  }
}
