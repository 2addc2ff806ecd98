// Small pure helpers of the sessions model. No vscode import.
import type { Session } from '../clerk/types';

/** The key of one user's lists (sessions, memberships) within an instance. */
export function listKey(instanceId: string, userId: string): string {
  return `${instanceId}\u0000${userId}`;
}

/** Newest activity first. */
export function byActivity(list: readonly Session[]): Session[] {
  return [...list].sort((a, b) => (b.last_active_at ?? 0) - (a.last_active_at ?? 0));
}
