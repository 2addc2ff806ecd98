// The sessions model behind the tree, with no vscode: per instance the pages of users (offset paging, newest
// activity first, each user once), per user the session list for the current status filter and the lists of
// ./userLists (organization memberships; bounded LRUs), the search per instance, users made present by revealTarget(), and in-flight tracking.
// The tree maps it to nodes.
//
// Loads that a caller awaits (ensureUsers, ensureSessions, ensureMemberships, ensureUser) do not fire onDidChange: the
// caller renders the result. Everything else that changes what the tree shows fires it: loadMore, retry, refresh,
// search, status, updateSession, revealTarget.
import type { Session, User } from '../clerk/types';
import { Emitter, type Event } from './events';
import { type Loadable, Slot } from './loadable';
import { fill, KeyedLoader } from './loader';
import { Inflight } from './inflight';
import { byActivity, listKey } from './keys';
import { LruMap } from './lru';
import { sessionOrg, type MembershipList, type SessionOrg } from './orgs';
import { USER_LIST_NAMES, USER_LISTS, type UserListName, type UserListValue } from './userLists';
import { DEFAULT_STATUS_FILTER, keepsStatus, statusQuery, type StatusFilter } from './statusFilter';

import type { ModelChange, RevealResult, SessionList, SessionsModelOptions, UserChildren, UserPage } from './modelTypes';
import { Disposable } from '../util/disposable';
import * as l10n from '@vscode/l10n';

export type { Loadable } from './loadable';
export type { ModelChange, ModelLog, RevealResult, SessionList, SessionsModelOptions, UserChildren, UserPage } from './modelTypes';
export type { MembershipList, SessionOrg } from './orgs';
export type { StatusFilter } from './statusFilter';

interface InstanceState {
  slot: Slot<UserPage>;
  /** The first page was asked for (revealTarget can fill `revealed` before that). */
  started: boolean;
  /** Ids of the users on loaded pages. */
  seen: Set<string>;
}

/** The instance and the user of a listKey. */
const instanceOfKey = (key: string): string => key.slice(0, key.indexOf('\u0000'));
const userOfKey = (key: string): string => key.slice(key.indexOf('\u0000') + 1);

const EMPTY_PAGE: UserPage = { users: [], revealed: [], offset: 0, done: false };

export class SessionsModel extends Disposable {
  private readonly changed = this._register(new Emitter<ModelChange>());
  readonly onDidChange: Event<ModelChange> = this.changed.event;
  private readonly instances = new Map<string, InstanceState>();
  private readonly lists: KeyedLoader<SessionList>;
  /** One keyed loader per list of ./userLists, keyed by listKey(instance, user). */
  private readonly userLists: { readonly [K in UserListName]: KeyedLoader<UserListValue<K>> };
  private readonly searches = new Map<string, string>();
  /** Users made present by revealTarget whose lists (memberships, …) wait for a click (bounded like the revealed group). */
  private readonly deferredLists = new Set<string>();
  private readonly inflight = new Inflight();
  /** Sessions this window created through POST /sessions (they have no device: named as test sessions). Bounded. */
  private readonly created = new LruMap<string, true>(200);
  private status: StatusFilter;

  constructor(private readonly opts: SessionsModelOptions) {
    super();
    this.status = opts.status ?? DEFAULT_STATUS_FILTER;
    const max = opts.maxSessionLists ?? 500;
    const inflight = this.inflight;
    this.lists = new KeyedLoader({
      max,
      inflight,
      load: (key) => this.loadSessions(key),
      onError: (key, e) => this.opts.log?.error(`Could not load sessions of ${userOfKey(key)}`, e),
    });
    const loaders: Partial<Record<UserListName, KeyedLoader<unknown>>> = {};
    for (const name of USER_LIST_NAMES) {
      const spec = USER_LISTS[name];
      loaders[name] = new KeyedLoader<unknown>({
        max,
        inflight,
        load: async (key) => spec.load(await this.opts.client(instanceOfKey(key)), userOfKey(key), { limit: this.opts.listLimits?.[name] }),
        onError: (key, e) => this.opts.log?.error(`Could not load ${spec.what} of ${userOfKey(key)}`, e),
      });
    }
    this.userLists = loaders as { [K in UserListName]: KeyedLoader<UserListValue<K>> }; // one per name, by the loop above
  }

  // ---- filters ------------------------------------------------------------------------------------------------

  get statusFilter(): StatusFilter {
    return this.status;
  }

  /** A new status filter: every session list is read again when next shown (memberships are kept). */
  setStatus(status: StatusFilter): void {
    this.status = status;
    this.lists.clear();
    this.changed.fire({ scope: 'all' });
  }

  searchOf(instanceId: string): string | undefined {
    return this.searches.get(instanceId);
  }

  /** A new search for one instance (undefined or '' clears it): its users are read again from the first page. */
  setSearch(instanceId: string, query: string | undefined): void {
    if (query) this.searches.set(instanceId, query);
    else this.searches.delete(instanceId);
    this.forgetInstance(instanceId);
    this.changed.fire({ scope: 'instance', instanceId });
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
    else await st.slot.loading; // a page on its way (undefined when none is)
    return st.slot.view();
  }

  /** One request: the next page, appended. A call while a page is loading waits for that one instead. */
  async loadMore(instanceId: string): Promise<void> {
    const st = this.instances.get(instanceId);
    if (!st || (st.slot.value?.done && !st.slot.error && !st.slot.loading)) return;
    await this.nextPage(instanceId, st);
    if (this.instances.get(instanceId) === st) this.changed.fire({ scope: 'instance', instanceId });
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
    st.started = true; // (a page on its way: fill joins it)
    const query = this.searches.get(instanceId);
    const produce = async (): Promise<UserPage> => {
      const client = await this.opts.client(instanceId);
      const size = this.opts.pageSize?.() ?? 20;
      const offset = st.slot.value?.offset ?? 0;
      // The first page asks at once how many users match (same filter), for "20 of 66": one more request per page
      // load of an instance, sent beside the list so the page takes no longer. A failed count only leaves it unknown.
      const count =
        offset === 0
          ? client.countUsers({ query }).catch((e: unknown) => {
              this.opts.log?.error(`Could not count the users of ${this.nameOf(instanceId)}`, e);
              return undefined;
            })
          : undefined;
      const [rows, total] = await Promise.all([client.listUsers({ query, orderBy: '-last_active_at', limit: size, offset }), count]);
      // Offset paging repeats a user whose activity moved them up since the last page: keep the first sighting.
      const fresh: User[] = [];
      for (const u of rows)
        if (!st.seen.has(u.id)) {
          st.seen.add(u.id);
          fresh.push(u);
        }
      const cur = st.slot.value ?? EMPTY_PAGE; // read after the await: revealTarget may have changed it meanwhile
      const next: UserPage = {
        users: [...cur.users, ...fresh],
        revealed: cur.revealed.filter((u) => !st.seen.has(u.id)),
        offset: cur.offset + rows.length,
        done: rows.length < size,
        ...((total ?? cur.total) === undefined ? {} : { total: total ?? cur.total }),
      };
      this.opts.log?.info(`Loaded ${rows.length} users (offset ${offset}) of ${this.nameOf(instanceId)}`);
      return next;
    };
    return fill(st.slot, produce, (e) => this.opts.log?.error(`Could not load the users of ${this.nameOf(instanceId)}`, e), this.inflight);
  }

  private nameOf(instanceId: string): string {
    return this.opts.instanceName?.(instanceId) ?? l10n.t`instance ${instanceId}`;
  }

  // ---- sessions -----------------------------------------------------------------------------------------------

  /** What is known of a user's sessions, without any request (and without counting as a use for the LRU). */
  sessions(instanceId: string, userId: string): Loadable<SessionList> {
    return this.lists.view(listKey(instanceId, userId));
  }

  /** The user's sessions, loading them if not asked for yet and waiting for a load on its way. */
  ensureSessions(instanceId: string, userId: string): Promise<Loadable<SessionList>> {
    return this.lists.ensure(listKey(instanceId, userId));
  }

  /** A session this window created (Create Test Session): put in place, and named as a test session from now on. */
  addCreatedSession(instanceId: string, session: Session): void {
    this.created.set(`${instanceId}\u0000${session.id}`, true);
    this.updateSession(instanceId, session);
  }

  /** Was this session created by this window through the API? */
  isCreatedHere(instanceId: string, sessionId: string): boolean {
    return this.created.has(`${instanceId}\u0000${sessionId}`);
  }

  /** Put a session the API just returned (revoke, watch, verify) in place, without a request. */
  updateSession(instanceId: string, session: Session): void {
    this.lists.update(listKey(instanceId, session.user_id), (v) => {
      const keep = keepsStatus(v.status, session.status);
      const others = v.sessions.filter((x) => x.id !== session.id);
      return { ...v, sessions: byActivity(keep ? [...others, session] : others) };
    });
    this.changed.fire({ scope: 'user', instanceId, userId: session.user_id });
  }

  private async loadSessions(key: string): Promise<SessionList> {
    const [instanceId, userId] = [instanceOfKey(key), userOfKey(key)];
    const status = this.status; // read before the first await: the filter this load was asked for
    const client = await this.opts.client(instanceId);
    const limit = this.opts.sessionLimit ?? 100;
    // ONE request per user whatever the filter: the list's `status` filter has no `pending`, so "current" and
    // "pending" read the unfiltered list (newest first) and keep their statuses here (see statusFilter.ts).
    const page = await client.listSessions({ userId, status: statusQuery(status), limit });
    const sessions = byActivity(page.data.filter((x) => keepsStatus(status, x.status)));
    const read = page.data.length;
    return page.totalCount === undefined ? { sessions, status, read } : { sessions, status, read, totalCount: page.totalCount };
  }

  // ---- the per-user lists (./userLists: organization memberships, …) ------------------------------------------
  //
  // How they load: expanding a user asks for the sessions AND each list at once (ensureUser: the requests in parallel,
  // so the expand takes as long as the slowest one, not the sum), one request per list, never more. A new status
  // filter re-reads only the sessions; refreshing the user re-reads all. Why memberships are read this way and not
  // with the user pages or per session: see their entry in ./userLists.

  /** What is known of a user's memberships, without any request. */
  memberships(instanceId: string, userId: string): Loadable<MembershipList> {
    return this.userList('memberships', instanceId, userId);
  }

  /** The user's memberships, loading them (one request) if not asked for yet and waiting for a load on its way. */
  ensureMemberships(instanceId: string, userId: string): Promise<Loadable<MembershipList>> {
    return this.ensureUserList('memberships', instanceId, userId);
  }

  /** What is known of one of a user's lists (./userLists), without any request. */
  userList<K extends UserListName>(name: K, instanceId: string, userId: string): Loadable<UserListValue<K>> {
    return this.userLists[name].view(listKey(instanceId, userId));
  }

  /** One of the user's lists, loading it (one request) if not asked for yet and waiting for a load on its way. */
  ensureUserList<K extends UserListName>(name: K, instanceId: string, userId: string): Promise<Loadable<UserListValue<K>>> {
    return this.userLists[name].ensure(listKey(instanceId, userId));
  }

  /** Expanding a user: the sessions and every list of ./userLists, all requests sent at once (each only when not loaded). */
  async ensureUser(instanceId: string, userId: string): Promise<UserChildren> {
    const key = listKey(instanceId, userId);
    // A user Show Session revealed keeps the reveal at two requests: their lists load when their row is clicked.
    const deferred = this.deferredLists.has(key);
    const ask = (name: UserListName) =>
      deferred && this.userList(name, instanceId, userId).state === 'idle'
        ? this.userList(name, instanceId, userId)
        : this.ensureUserList(name, instanceId, userId);
    const [sessions, ...lists] = await Promise.all([this.ensureSessions(instanceId, userId), ...USER_LIST_NAMES.map(ask)]);
    return { sessions, ...Object.fromEntries(USER_LIST_NAMES.map((name, i) => [name, lists[i]])) } as UserChildren;
  }

  /** A session's last active organization from the loaded memberships (no request); undefined when it has none. */
  sessionOrg(instanceId: string, session: Session): SessionOrg | undefined {
    return sessionOrg(session, this.userLists.memberships.value(listKey(instanceId, session.user_id)));
  }

  /**
   * The same, for Inspect: from the loaded memberships when the user was expanded, else one request for them (only
   * when the session has a last active organization at all). Throws nothing: a failed load leaves the id unresolved.
   */
  async resolveSessionOrg(instanceId: string, session: Session): Promise<SessionOrg | undefined> {
    if (!session.last_active_organization_id) return undefined;
    await this.ensureMemberships(instanceId, session.user_id); // no request when loaded
    return this.sessionOrg(instanceId, session);
  }

  /** Ask again for one of a user's lists (their sessions stay); also the first ask for a revealed user's. */
  retryUserList(name: UserListName, instanceId: string, userId: string): void {
    this.deferredLists.delete(listKey(instanceId, userId));
    this.userLists[name].forget(listKey(instanceId, userId));
    this.changed.fire({ scope: 'user', instanceId, userId });
  }

  /** Ask again for one user's memberships (their sessions stay); also the first ask for a revealed user's. */
  retryMemberships(instanceId: string, userId: string): void {
    this.retryUserList('memberships', instanceId, userId);
  }

  // ---- reveal -------------------------------------------------------------------------------------------------

  /**
   * Make a user present (revealed, shown first under the instance, when on no loaded page) and their sessions
   * loaded, for TreeView.reveal. At most two requests: GET /users/{id} when the user is not known yet, then the user's
   * session list when it is not loaded or lacks `sessionId`. Their memberships are not asked for: the Organizations
   * row under the revealed user offers to load them (one request, when clicked).
   * Throws what the sessions or the user request threw; a failed memberships load shows under the user instead.
   */
  async revealTarget(instanceId: string, userId: string, sessionId?: string): Promise<RevealResult> {
    let user = this.userOf(instanceId, userId);
    if (!user) {
      const client = await this.opts.client(instanceId);
      const got = await this.inflight.track(client.getUser(userId));
      user = this.userOf(instanceId, userId) ?? got; // a page may have brought them meanwhile
      if (!this.userOf(instanceId, userId)) {
        const st = this.instanceState(instanceId);
        const cur = st.slot.value ?? EMPTY_PAGE;
        st.slot.value = { ...cur, revealed: [got, ...cur.revealed].slice(0, this.opts.maxRevealed ?? 20) };
      }
      this.changed.fire({ scope: 'instance', instanceId });
    }
    const key = listKey(instanceId, userId);
    let l = this.lists.view(key);
    if (l.state === 'loading') l = await this.lists.ensure(key);
    const has = (v: SessionList) => sessionId === undefined || v.sessions.some((x) => x.id === sessionId);
    if (l.state !== 'value' || !has(l.value)) {
      this.lists.forget(key);
      if (USER_LIST_NAMES.some((name) => this.userList(name, instanceId, userId).state === 'idle')) {
        this.deferredLists.add(key);
        if (this.deferredLists.size > (this.opts.maxRevealed ?? 20)) this.deferredLists.delete(this.deferredLists.values().next().value!);
      }
      l = await this.lists.ensure(key);
      this.changed.fire({ scope: 'user', instanceId, userId });
    }
    if (l.state === 'error') throw l.error;
    const session = l.state === 'value' ? l.value.sessions.find((x) => x.id === sessionId) : undefined;
    return session ? { user, session } : { user };
  }

  // ---- refresh, retry -----------------------------------------------------------------------------------------

  /** Forget what was read (everything, one instance, or one user's sessions) so it is read again when shown. */
  refresh(instanceId?: string, userId?: string): void {
    if (instanceId === undefined) {
      this.instances.clear();
      this.lists.clear();
      for (const name of USER_LIST_NAMES) this.userLists[name].clear();
      this.changed.fire({ scope: 'all' });
    } else if (userId === undefined) {
      this.forgetInstance(instanceId);
      this.changed.fire({ scope: 'instance', instanceId });
    } else {
      this.lists.forget(listKey(instanceId, userId));
      for (const name of USER_LIST_NAMES) this.userLists[name].forget(listKey(instanceId, userId));
      this.changed.fire({ scope: 'user', instanceId, userId });
    }
  }

  /** Ask again for what failed: the users' next page (or first page), or one user's sessions. */
  retry(instanceId: string, userId?: string): void {
    if (userId !== undefined) {
      // the user's sessions only: their memberships have their own Retry
      this.lists.forget(listKey(instanceId, userId));
      return this.changed.fire({ scope: 'user', instanceId, userId });
    }
    const st = this.instances.get(instanceId);
    if (!st) return this.changed.fire({ scope: 'instance', instanceId });
    st.slot.error = undefined;
    if (!st.slot.value?.users.length) {
      st.started = false; // the next render asks for the first page
      this.changed.fire({ scope: 'instance', instanceId });
    } else {
      void this.loadMore(instanceId); // the redraw below waits for it (ensureUsers joins the load on its way)
      this.changed.fire({ scope: 'instance', instanceId });
    }
  }

  /** Keep only the instances still stored (keys removed elsewhere): forget the rest. No event. */
  retainInstances(alive: Iterable<string>): void {
    const keep = new Set(alive);
    for (const id of [...this.instances.keys()]) if (!keep.has(id)) this.forgetInstance(id);
    for (const id of [...this.searches.keys()]) if (!keep.has(id)) this.searches.delete(id);
    this.lists.forgetWhere((k) => !keep.has(k.slice(0, k.indexOf('\u0000'))));
    for (const name of USER_LIST_NAMES) this.userLists[name].forgetWhere((k) => !keep.has(k.slice(0, k.indexOf('\u0000'))));
  }

  private forgetInstance(instanceId: string): void {
    this.instances.delete(instanceId);
    this.lists.forgetWhere((k) => k.startsWith(`${instanceId}\u0000`));
    for (const name of USER_LIST_NAMES) this.userLists[name].forgetWhere((k) => k.startsWith(`${instanceId}\u0000`));
  }

  // ---- bookkeeping --------------------------------------------------------------------------------------------

  /** Resolves when nothing is being loaded (loads a refresh left behind included). */
  whenIdle(): Promise<void> {
    return this.inflight.whenIdle();
  }

  /** How much is kept (for tests and the log). */
  get size(): { instances: number; sessionLists: number; membershipLists: number; inflight: number } {
    return {
      instances: this.instances.size,
      sessionLists: this.lists.size,
      membershipLists: this.userLists.memberships.size,
      inflight: this.inflight.size,
    };
  }
}
