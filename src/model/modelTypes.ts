// The shapes SessionsModel hands out and takes (no vscode).
import type { ClerkClient } from '../clerk/client';
import type { Session, User } from '../clerk/types';
import type { Loadable } from './loadable';
import type { UserListName, UserListValue } from './userLists';
import type { StatusFilter } from './statusFilter';

export interface UserPage {
  /** The users of the pages loaded so far, in the API's order (-last_active_at), each once. */
  readonly users: readonly User[];
  /** Users revealTarget() made present that are on no loaded page, the latest first. Disjoint from `users`. */
  readonly revealed: readonly User[];
  /** Rows the API returned so far: the offset of the next page. */
  readonly offset: number;
  /** The last page was short: there is no next page. */
  readonly done: boolean;
  /** How many users match (GET /users/count, asked with the first page), when known. */
  readonly total?: number;
}

export interface SessionList {
  /** Newest activity first, only those the filter keeps. */
  readonly sessions: readonly Session[];
  /** The filter the list was read with. */
  readonly status: StatusFilter;
  /** Rows the one list request returned (before "current" / "pending" kept theirs client-side). */
  readonly read: number;
  /** The API's total_count (of what the request asked for: all statuses when no status was sent), when given. */
  readonly totalCount?: number;
}

/** What expanding a user loads: their sessions, and each list of ./userLists (their organization memberships, …). */
export type UserChildren = { readonly sessions: Loadable<SessionList> } & { readonly [K in UserListName]: Loadable<UserListValue<K>> };

export type ModelChange =
  | { readonly scope: 'all' }
  | { readonly scope: 'instance'; readonly instanceId: string }
  | { readonly scope: 'user'; readonly instanceId: string; readonly userId: string };

export interface ModelLog {
  info(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export interface SessionsModelOptions {
  /** A client for an instance (Connections.client). */
  client(instanceId: string): Promise<ClerkClient> | ClerkClient;
  /** Users per page (clerk.pageSize), read at each page. Default 20. */
  pageSize?: () => number;
  /** The status filter at start. Default 'current' (active and pending). */
  status?: StatusFilter;
  /** How many users' session lists (and, apart, each per-user list) are kept, least recently used forgotten first. Default 500. */
  maxSessionLists?: number;
  /** How many revealed users are kept per instance. Default 20. */
  maxRevealed?: number;
  /** Sessions read per user (one request). Default 100. */
  sessionLimit?: number;
  /** Rows read per user and list of ./userLists (one request), e.g. { memberships: 100 }. Default: the list's own. */
  listLimits?: { readonly [K in UserListName]?: number };
  log?: ModelLog;
  /** How the log names an instance (its name, not the internal id). Default: the id. */
  instanceName?: (instanceId: string) => string;
}

export interface RevealResult {
  user: User;
  /** The session, when one was asked for and is in the user's list under the current filter. */
  session?: Session;
}
