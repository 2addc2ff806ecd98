// The lists the model reads per user besides their sessions: one entry each, and the model does the rest. Expanding a
// user sends one request per list at once with the sessions' (SessionsModel.ensureUser); each list is kept per user
// in its own bounded keyed loader (load once at a time, keep the error until retry, least recently used forgotten
// first), forgotten by refresh, by a new search and with its instance. A list's value type is what its `load` returns.
// No vscode import.
import type { ClerkClient } from '../clerk/client';
import type { MembershipList } from './orgs';

/** What a per-user list needs besides its `load`: how the log names it, and how many rows one request asks for. */
export interface UserListOptions {
  /** Rows asked for per request, by list (SessionsModelOptions.membershipLimit, …). */
  readonly limit?: number;
}

export interface UserListSpec<T> {
  /** How the log names the list ("Could not load {what} of user_…"). */
  readonly what: string;
  /**
   * Its row under a user in the tree (src/tree/ids): the last part of the row's id (i/<instance>/u/<user>/<idPart>) and
   * its contextValue (`<context>`, or `<context>.none` when the list is empty; package.json's menus match it). Both stay
   * as they are once shipped. Here, beside the list, so that a new list is one entry (its drawing: src/tree/nodes.ts).
   */
  readonly row: { readonly idPart: string; readonly context: string };
  /** One request: the user's list. */
  readonly load: (client: ClerkClient, userId: string, o: UserListOptions) => Promise<T>;
}

export const USER_LISTS = {
  /**
   * Organization memberships: one request per user, never more (limit 100, no paging): few users belong to more. Not
   * read with the user pages (one request per user of every page, for rows nobody opened) nor per session (a session
   * names only its last active organization's id, which these resolve to a name and a role).
   */
  memberships: {
    what: 'the organization memberships',
    row: { idPart: 'orgs', context: 'organizations' } as const,
    load: async (client, userId, o): Promise<MembershipList> => {
      const page = await client.listOrganizationMemberships(userId, { limit: o.limit ?? 100 });
      return { memberships: page.data, totalCount: Math.max(page.total_count, page.data.length) };
    },
  },
} satisfies Record<string, UserListSpec<unknown>>; // `as const` on the data only: Stryker mutates nothing inside an `as` expression

export type UserListName = keyof typeof USER_LISTS;
export type UserListValue<K extends UserListName> = Awaited<ReturnType<(typeof USER_LISTS)[K]['load']>>;
export const USER_LIST_NAMES = Object.keys(USER_LISTS) as UserListName[];
