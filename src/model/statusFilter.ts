// The tree's session filter (no vscode). Every single status, "current" (active AND pending, the default) and "all".
//
// GET /sessions accepts a `status` filter, but its enum has no `pending` (2026-05-12 spec): a filter that needs pending
// sessions ("current", "pending") lists the user's sessions WITHOUT a status filter in ONE request (limit 100, newest
// first) and keeps the wanted statuses here. Two requests (status=active, then the unfiltered list for pending) would
// double the cost of every expand for no gain: the unfiltered list already holds the active sessions.
import { SESSION_STATUS_FILTERS, type SessionStatusFilter } from '../clerk/types';
import { statusName } from '../util/format';

export { statusName };
import * as l10n from '@vscode/l10n';

export type StatusFilter = SessionStatusFilter | 'pending' | 'current' | 'all';

/** The default: what a user means by "signed in": active sessions, and pending ones (signed in, tasks left). */
export const DEFAULT_STATUS_FILTER: StatusFilter = 'current';

/** Every filter, in the order the Filter Sessions quick pick and the setting list them. */
export const STATUS_FILTERS: readonly StatusFilter[] = [
  'current',
  'active',
  'pending',
  ...SESSION_STATUS_FILTERS.filter((s) => s !== 'active'),
  'all',
];

export function isStatusFilter(v: unknown): v is StatusFilter {
  return (STATUS_FILTERS as readonly unknown[]).includes(v);
}

/** The `status` the list request sends for a filter: undefined means no filter (the whole list, kept client-side). */
export function statusQuery(f: StatusFilter): SessionStatusFilter | undefined {
  return f === 'all' || f === 'current' || f === 'pending' ? undefined : f;
}

/** Does a session with this status belong in a list read with this filter? */
export function keepsStatus(f: StatusFilter, status: string): boolean {
  if (f === 'all') return true;
  if (f === 'current') return status === 'active' || status === 'pending';
  return status === f;
}

/** How a filter is named to people (quick pick, empty rows, the instance's description). */
export function statusFilterLabel(f: StatusFilter): string {
  if (f === 'current') return l10n.t('Active and pending');
  if (f === 'all') return l10n.t('All statuses');
  return statusName(f);
}

/** "No active or pending sessions", "No revoked sessions", "No sessions". */
export function emptyListText(f: StatusFilter): string {
  if (f === 'all') return l10n.t('No sessions');
  return f === 'current' ? l10n.t('No active or pending sessions') : l10n.t('No {0} sessions', statusName(f));
}
