// The one home of the tree's ids and contextValues. No vscode import: unit-tested on Node.
//
// Ids are scoped per instance, so two instances never collide, and nodes built again for the same things get the
// same ids (no "element already registered"). Each part is URI-encoded, so an id containing '/' cannot be misread;
// Clerk's ids ([A-Za-z0-9_]) are unchanged by it.
//   i/<instance>                 InstanceNode
//   i/<instance>/u/<user>        UserNode
//   i/<instance>/s/<session>     SessionNode
//   i/<instance>/more            LoadMoreNode
//   i/<instance>/users/msg       MessageNode under the instance (error, empty)
//   i/<instance>/u/<user>/msg    MessageNode under a user
//   i/<instance>/u/<user>/orgs   the user's Organizations row (a UserListNode, or a MessageNode when they failed to load);
//                                each list of src/model/userLists has its row, named by its entry's `row` there
import type { SessionStatus } from '../clerk/types';
import { USER_LIST_NAMES, USER_LISTS, type UserListName } from '../model/userLists';

const enc = encodeURIComponent;

/** A per-user list's row: the last part of its tree id and its contextValue (their entry in src/model/userLists). */
export const userListRowId = <K extends UserListName>(list: K): (typeof USER_LISTS)[K]['row'] => USER_LISTS[list].row;

export const treeId = {
  instance: (instanceId: string) => `i/${enc(instanceId)}`,
  user: (instanceId: string, userId: string) => `i/${enc(instanceId)}/u/${enc(userId)}`,
  session: (instanceId: string, sessionId: string) => `i/${enc(instanceId)}/s/${enc(sessionId)}`,
  loadMore: (instanceId: string) => `i/${enc(instanceId)}/more`,
  usersMessage: (instanceId: string) => `i/${enc(instanceId)}/users/msg`,
  userMessage: (instanceId: string, userId: string) => `${treeId.user(instanceId, userId)}/msg`,
  userList: (instanceId: string, userId: string, list: UserListName) => `${treeId.user(instanceId, userId)}/${userListRowId(list).idPart}`,
} as const;

export type ParsedTreeId =
  | { kind: 'instance'; instanceId: string }
  | { kind: 'user'; instanceId: string; userId: string }
  | { kind: 'session'; instanceId: string; sessionId: string }
  | { kind: 'loadMore'; instanceId: string }
  | { kind: 'message'; instanceId: string; userId?: string }
  | { kind: 'userList'; list: UserListName; instanceId: string; userId: string };

/** The parts of an id this module built; undefined for anything else. */
export function parseTreeId(id: string | undefined): ParsedTreeId | undefined {
  if (!id) return undefined;
  const p = id.split('/');
  if (p[0] !== 'i' || p.length < 2 || !p[1]) return undefined;
  const dec = (s: string | undefined): string | undefined => {
    if (!s) return undefined;
    try {
      return decodeURIComponent(s);
    } catch {
      return undefined;
    }
  };
  const instanceId = dec(p[1]);
  if (instanceId === undefined) return undefined;
  const rest = p.slice(2);
  if (rest.length === 0) return { kind: 'instance', instanceId };
  if (rest.length === 1 && rest[0] === 'more') return { kind: 'loadMore', instanceId };
  if (rest.length === 2 && rest[0] === 'users' && rest[1] === 'msg') return { kind: 'message', instanceId };
  const part = dec(rest[1]);
  if (part === undefined) return undefined;
  if (rest[0] === 'u' && rest.length === 2) return { kind: 'user', instanceId, userId: part };
  if (rest[0] === 'u' && rest.length === 3 && rest[2] === 'msg') return { kind: 'message', instanceId, userId: part };
  const list = rest[0] === 'u' && rest.length === 3 ? USER_LIST_NAMES.find((l) => userListRowId(l).idPart === rest[2]) : undefined;
  if (list) return { kind: 'userList', list, instanceId, userId: part };
  if (rest[0] === 's' && rest.length === 2) return { kind: 'session', instanceId, sessionId: part };
  return undefined;
}

/** The instance an id belongs to (the view's selection → its description). */
export function instanceIdOf(id: string | undefined): string | undefined {
  return parseTreeId(id)?.instanceId;
}

// ---- contextValues: package.json's menus match these (`viewItem =~ /^session\.active/`), so they are typed ----------

const KNOWN_STATUSES: readonly SessionStatus[] = ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending'];

export type InstanceContext = `instance.${'live' | 'test'}${'' | '.searching'}`;
export type UserContext = `user${'' | '.banned'}`;
export type SessionContext = `session.${SessionStatus | 'unknown'}${'' | '.watched'}`;
export type LoadMoreContext = 'loadMore';
export type MessageContext = 'message' | 'message.error' | 'message.error.auth';
/** A user's list row (the Organizations row: `organizations`, `organizations.none` when they belong to none). */
export type UserListContext = `${(typeof USER_LISTS)[UserListName]['row']['context']}${'' | '.none'}`;
export type ContextValue = InstanceContext | UserContext | SessionContext | LoadMoreContext | MessageContext | UserListContext;

export function instanceContext(live: boolean, searching: boolean): InstanceContext {
  return `instance.${live ? 'live' : 'test'}${searching ? '.searching' : ''}`;
}

export function userContext(banned: boolean): UserContext {
  return banned ? 'user.banned' : 'user';
}

/** A status the API sends that we do not know becomes `unknown`: no menu item claims it, and no outside text gets in. */
export function sessionContext(status: string, watched: boolean): SessionContext {
  const s = (KNOWN_STATUSES as readonly string[]).includes(status) ? (status as SessionStatus) : 'unknown';
  return `session.${s}${watched ? '.watched' : ''}`;
}

export function userListContext(list: UserListName, any: boolean): UserListContext {
  return `${userListRowId(list).context}${any ? '' : '.none'}`;
}

export function messageContext(severity: 'error' | 'empty' | 'info', authFailed: boolean): MessageContext {
  if (severity !== 'error') return 'message';
  return authFailed ? 'message.error.auth' : 'message.error';
}
