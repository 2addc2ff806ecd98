// The sessions model behind the tree, with no vscode: per instance the pages of users (offset paging, newest
// activity first, each user once), per user the session list for the current status filter (a bounded LRU), the
// search per instance, users made present by revealTarget(), and in-flight tracking. The tree maps it to nodes.
//
// Loads that a caller awaits (ensureUsers, ensureSessions) do not fire onDidChange: the caller renders the result.
// Everything else that changes what the tree shows fires it: loadMore, retry, refresh, search, status, updateSession,
// revealTarget.
import type { ClerkClient } from '../clerk/client';
import type { Session, SessionStatusFilter, User } from '../clerk/types';
import { Emitter, type Disposable, type Event } from './events';
import { LruMap } from './lru';

export type StatusFilter = SessionStatusFilter | 'all';

/** One shape for "not asked yet / loading / loaded / failed"; loading and failed may keep what was loaded before. */
export type Loadable<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly value?: T }
  | { readonly state: 'value'; readonly value: T }
  | { readonly state: 'error'; readonly error: Error; readonly value?: T };

export interface UserPage {
  /** The users of the pages loaded so far, in the API's order (-last_active_at), each once. */
  readonly users: readonly User[];
  /** Users revealTarget() made present that are on no loaded page, the latest first. Disjoint from `users`. */
  readonly revealed: readonly User[];
  /** Rows the API returned so far: the offset of the next page. */
  readonly offset: number;
  /** The last page was short: there is no next page. */
  readonly done: boolean;
}

export interface SessionList {
  /** Newest activity first. */
  readonly sessions: readonly Session[];
  /** The filter the list was read with. */
  readonly status: StatusFilter;
  /** The API's total_count, when the list answer carried one. */
  readonly totalCount?: number;
}

export type ModelChange =
  | { readonly scope: 'all' }
  | { readonly scope: 'instance'; readonly instanceId: string }
  | { readonly scope: 'user'; readonly instanceId: string; readonly userId: string };

export interface ModelLog { info(msg: string): void; error(msg: string, err?: unknown): void }

export interface SessionsModelOptions {
  /** A client for an instance (Connections.client). */
  client(instanceId: string): Promise<ClerkClient> | ClerkClient;
  /** Users per page (clerk.pageSize), read at each page. Default 20. */
  pageSize?: () => number;
  /** The status filter at start. Default 'active'. */
  status?: StatusFilter;
  /** How many users' session lists are kept (least recently used forgotten first). Default 500. */
  maxSessionLists?: number;
  /** How many revealed users are kept per instance. Default 20. */
  maxRevealed?: number;
  /** Sessions read per user (one request). Default 100. */
  sessionLimit?: number;
  log?: ModelLog;
}

export interface RevealResult {
  user: User;
  /** The session, when one was asked for and is in the user's list under the current filter. */
  session?: Session;
}

/** A value that is loaded once at a time: a second load while one runs gets the same promise. */
class Slot<T> {
  value: T | undefined;
  error: Error | undefined;
  loading: Promise<void> | undefined;

  view(): Loadable<T> {
    const v = this.value;
    if (this.loading) return v === undefined ? { state: 'loading' } : { state: 'loading', value: v };
    if (this.error) return v === undefined ? { state: 'error', error: this.error } : { state: 'error', error: this.error, value: v };
    return v === undefined ? { state: 'idle' } : { state: 'value', value: v };
  }
}

interface InstanceState {
  slot: Slot<UserPage>;
  /** The first page was asked for (revealTarget can fill `revealed` before that). */
  started: boolean;
  /** Ids of the users on loaded pages. */
  seen: Set<string>;
}

const EMPTY_PAGE: UserPage = { users: [], revealed: [], offset: 0, done: false };

export class SessionsModel implements Disposable {
  private readonly changed = new Emitter<ModelChange>();
  readonly onDidChange: Event<ModelChange> = this.changed.event;
  private readonly instances = new Map<string, InstanceState>();
  private readonly lists: LruMap<string, Slot<SessionList>>;
  private readonly searches = new Map<string, string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private status: StatusFilter;

  constructor(private readonly opts: SessionsModelOptions) {
    this.status = opts.status ?? 'active';
    this.lists = new LruMap(opts.maxSessionLists ?? 500);
  }

  // ---- filters ------------------------------------------------------------------------------------------------

  get statusFilter(): StatusFilter { return this.status; }

  /** A new status filter: every session list is read again when next shown. */
  setStatus(status: StatusFilter): void {
    this.status = status;
    this.lists.clear();
    this.fire({ scope: 'all' });
  }

  searchOf(instanceId: string): string | undefined { return this.searches.get(instanceId); }

  /** A new search for one instance (undefined or '' clears it): its users are read again from the first page. */
  setSearch(instanceId: string, query: string | undefined): void {
    if (query) this.searches.set(instanceId, query);
    else this.searches.delete(instanceId);
    this.forgetInstance(instanceId);
    this.fire({ scope: 'instance', instanceId });
  }

  // ---- users --------------------------------------------------------------------------------------------------

  /** What is known of an instance's users, without any request. */
  users(instanceId: string): Loadable<UserPage> {
    return this.instances.get(instanceId)?.slot.view() ?? { state: 'idle' };
  }

  /** The users, loading the first page if it was never asked for and waiting for a page on its way. */
  async ensureUsers(instanceId: string): Promise<Loadable<UserPage>> {
    const st = this.instanceState(instanceId);
    if (!st.started) await this.nextPage(instanceId, st);
    else if (st.slot.loading) await st.slot.loading;
    return st.slot.view();
  }

  /** One request: the next page, appended. A call while a page is loading waits for that one instead. */
  async loadMore(instanceId: string): Promise<void> {
    const st = this.instances.get(instanceId);
    if (!st || (st.slot.value?.done && !st.slot.error && !st.slot.loading)) return;
    await this.nextPage(instanceId, st);
    if (this.instances.get(instanceId) === st) this.fire({ scope: 'instance', instanceId });
  }

  /** A user from a loaded page or revealed, without any request. */
  userOf(instanceId: string, userId: string): User | undefined {
    const v = this.instances.get(instanceId)?.slot.value;
    return v?.users.find((u) => u.id === userId) ?? v?.revealed.find((u) => u.id === userId);
  }

  private instanceState(instanceId: string): InstanceState {
    let st = this.instances.get(instanceId);
    if (!st) {
      st = { slot: new Slot(), started: false, seen: new Set() };
      this.instances.set(instanceId, st);
    }
    return st;
  }

  private nextPage(instanceId: string, st: InstanceState): Promise<void> {
    if (st.slot.loading) return st.slot.loading;
    st.started = true;
    const query = this.searches.get(instanceId);
    const run = async () => {
      try {
        const client = await this.opts.client(instanceId);
        const size = this.opts.pageSize?.() ?? 20;
        const offset = st.slot.value?.offset ?? 0;
        const rows = await client.listUsers({ query, orderBy: '-last_active_at', limit: size, offset });
        // Offset paging repeats a user whose activity moved them up since the last page: keep the first sighting.
        const fresh: User[] = [];
        for (const u of rows) if (!st.seen.has(u.id)) { st.seen.add(u.id); fresh.push(u); }
        const cur = st.slot.value ?? EMPTY_PAGE; // read after the await: revealTarget may have changed it meanwhile
        st.slot.value = {
          users: [...cur.users, ...fresh],
          revealed: cur.revealed.filter((u) => !st.seen.has(u.id)),
          offset: cur.offset + rows.length,
          done: rows.length < size,
        };
        st.slot.error = undefined;
        this.opts.log?.info(`Loaded ${rows.length} users (offset ${offset}) for instance ${instanceId}`);
      } catch (e) {
        st.slot.error = asError(e);
        this.opts.log?.error(`Could not load users for instance ${instanceId}`, e);
      } finally {
        st.slot.loading = undefined;
      }
    };
    st.slot.loading = this.track(run());
    return st.slot.loading;
  }

  // ---- sessions -----------------------------------------------------------------------------------------------

  /** What is known of a user's sessions, without any request (and without counting as a use for the LRU). */
  sessions(instanceId: string, userId: string): Loadable<SessionList> {
    return this.lists.peek(listKey(instanceId, userId))?.view() ?? { state: 'idle' };
  }

  /** The user's sessions, loading them if not asked for yet and waiting for a load on its way. */
  async ensureSessions(instanceId: string, userId: string): Promise<Loadable<SessionList>> {
    const key = listKey(instanceId, userId);
    let s = this.lists.get(key);
    if (!s) {
      s = new Slot();
      this.lists.set(key, s);
      void this.loadSessions(instanceId, userId, s);
    }
    if (s.loading) await s.loading;
    return s.view();
  }

  /** Put a session the API just returned (revoke, watch, verify) in place, without a request. */
  updateSession(instanceId: string, session: Session): void {
    const s = this.lists.peek(listKey(instanceId, session.user_id));
    if (s?.value) {
      const keep = s.value.status === 'all' || session.status === s.value.status;
      const others = s.value.sessions.filter((x) => x.id !== session.id);
      s.value = { ...s.value, sessions: byActivity(keep ? [...others, session] : others) };
    }
    this.fire({ scope: 'user', instanceId, userId: session.user_id });
  }

  private loadSessions(instanceId: string, userId: string, s: Slot<SessionList>): Promise<void> {
    if (s.loading) return s.loading;
    const status = this.status;
    const run = async () => {
      try {
        const client = await this.opts.client(instanceId);
        const limit = this.opts.sessionLimit ?? 100;
        const page = await client.listSessions({ userId, status: status === 'all' ? undefined : status, limit });
        s.value = page.totalCount === undefined
          ? { sessions: byActivity(page.data), status }
          : { sessions: byActivity(page.data), status, totalCount: page.totalCount };
        s.error = undefined;
      } catch (e) {
        s.error = asError(e);
        this.opts.log?.error(`Could not load sessions of ${userId}`, e);
      } finally {
        s.loading = undefined;
      }
    };
    s.loading = this.track(run());
    return s.loading;
  }

  // ---- reveal -------------------------------------------------------------------------------------------------

  /**
   * Make a user present (revealed, shown first under the instance, when on no loaded page) and their sessions
   * loaded, for TreeView.reveal. At most two requests: GET /users/{id} when the user is not known yet, and the
   * user's session list when it is not loaded or lacks `sessionId`. Throws what the API threw.
   */
  async revealTarget(instanceId: string, userId: string, sessionId?: string): Promise<RevealResult> {
    let user = this.userOf(instanceId, userId);
    if (!user) {
      const client = await this.opts.client(instanceId);
      const got = await this.track(client.getUser(userId));
      user = this.userOf(instanceId, userId) ?? got; // a page may have brought them meanwhile
      if (!this.userOf(instanceId, userId)) {
        const st = this.instanceState(instanceId);
        const cur = st.slot.value ?? EMPTY_PAGE;
        st.slot.value = { ...cur, revealed: [got, ...cur.revealed].slice(0, this.opts.maxRevealed ?? 20) };
      }
      this.fire({ scope: 'instance', instanceId });
    }
    const key = listKey(instanceId, userId);
    let s = this.lists.get(key);
    if (s?.loading) await s.loading;
    const has = (l: Slot<SessionList> | undefined) =>
      !!l?.value && (sessionId === undefined || l.value.sessions.some((x) => x.id === sessionId));
    if (!s || s.error || !has(s)) {
      s = new Slot();
      this.lists.set(key, s);
      await this.loadSessions(instanceId, userId, s);
      this.fire({ scope: 'user', instanceId, userId });
    }
    if (s.error) throw s.error;
    const session = sessionId === undefined ? undefined : s.value?.sessions.find((x) => x.id === sessionId);
    return session ? { user, session } : { user };
  }

  // ---- refresh, retry -----------------------------------------------------------------------------------------

  /** Forget what was read (everything, one instance, or one user's sessions) so it is read again when shown. */
  refresh(instanceId?: string, userId?: string): void {
    if (instanceId === undefined) {
      this.instances.clear();
      this.lists.clear();
      this.fire({ scope: 'all' });
    } else if (userId === undefined) {
      this.forgetInstance(instanceId);
      this.fire({ scope: 'instance', instanceId });
    } else {
      this.lists.delete(listKey(instanceId, userId));
      this.fire({ scope: 'user', instanceId, userId });
    }
  }

  /** Ask again for what failed: the users' next page (or first page), or one user's sessions. */
  retry(instanceId: string, userId?: string): void {
    if (userId !== undefined) {
      this.refresh(instanceId, userId);
      return;
    }
    const st = this.instances.get(instanceId);
    if (!st) return this.fire({ scope: 'instance', instanceId });
    st.slot.error = undefined;
    if (!st.slot.value?.users.length) {
      st.started = false; // the next render asks for the first page
      this.fire({ scope: 'instance', instanceId });
    } else {
      void this.loadMore(instanceId); // the redraw below waits for it (ensureUsers joins the load on its way)
      this.fire({ scope: 'instance', instanceId });
    }
  }

  /** Keep only the instances still stored (keys removed elsewhere): forget the rest. No event. */
  retainInstances(alive: Iterable<string>): void {
    const keep = new Set(alive);
    for (const id of [...this.instances.keys()]) if (!keep.has(id)) this.forgetInstance(id);
    for (const id of [...this.searches.keys()]) if (!keep.has(id)) this.searches.delete(id);
    this.lists.deleteWhere((k) => !keep.has(k.slice(0, k.indexOf('\u0000'))));
  }

  private forgetInstance(instanceId: string): void {
    this.instances.delete(instanceId);
    this.lists.deleteWhere((k) => k.startsWith(`${instanceId}\u0000`));
  }

  // ---- bookkeeping --------------------------------------------------------------------------------------------

  /** Resolves when nothing is being loaded (loads a refresh left behind included). */
  async whenIdle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** How much is kept (for tests and the log). */
  get size(): { instances: number; sessionLists: number; inflight: number } {
    return { instances: this.instances.size, sessionLists: this.lists.size, inflight: this.inflight.size };
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = () => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private fire(c: ModelChange): void { this.changed.fire(c); }

  dispose(): void { this.changed.dispose(); }
}

function listKey(instanceId: string, userId: string): string {
  return `${instanceId}\u0000${userId}`;
}

function byActivity(list: readonly Session[]): Session[] {
  return [...list].sort((a, b) => (b.last_active_at ?? 0) - (a.last_active_at ?? 0));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
