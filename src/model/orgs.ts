// A user's organization memberships and a session's last active organization, in words (no vscode). Names, slugs
// and roles are outside text: callers show them through src/util/inert.ts.
import type { OrganizationMembership, Session } from '../clerk/types';
import * as l10n from '@vscode/l10n';

export interface MembershipList {
  /** As the API ordered them (newest membership first). */
  readonly memberships: readonly OrganizationMembership[];
  /** The API's total_count: more than `memberships.length` when the user has more than one request's worth. */
  readonly totalCount: number;
}

/** A session's last active organization, resolved against the user's loaded memberships. */
export interface SessionOrg {
  readonly id: string;
  /** The organization's name, else its slug; undefined when the user's memberships do not name it. */
  readonly name?: string;
  readonly slug?: string;
  /** The user's role in it without the `org:` prefix ("admin"), when known. */
  readonly role?: string;
  /** The raw role as the API sends it ("org:admin"). */
  readonly rawRole?: string;
  /** false: the memberships were not loaded, or do not hold this organization (left it, or beyond the first page). */
  readonly known: boolean;
}

/** "org:admin" → "admin"; anything else as it is. */
export function roleName(role: string | undefined | null): string | undefined {
  if (typeof role !== 'string' || role === '') return undefined;
  return role.startsWith('org:') ? role.slice(4) : role;
}

/** The organization of a membership: id, and its name (else slug), defensively (a missing field never throws). */
export function membershipOrg(m: OrganizationMembership): { id?: string; name?: string; slug?: string } {
  const o = (m as { organization?: unknown }).organization;
  if (!o || typeof o !== 'object') return {};
  const rec = o as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { id: str(rec.id), name: str(rec.name), slug: str(rec.slug) };
}

/** What a membership is called: the organization's name, else its slug, else its id. */
export function orgName(m: OrganizationMembership): string {
  const o = membershipOrg(m);
  return o.name ?? o.slug ?? o.id ?? l10n.t('unnamed organization');
}

/** The session's last active organization, or undefined when it has none. */
export function sessionOrg(s: Session, list: MembershipList | undefined): SessionOrg | undefined {
  const id = s.last_active_organization_id;
  if (typeof id !== 'string' || id === '') return undefined;
  const m = list?.memberships.find((x) => membershipOrg(x).id === id);
  if (!m) return { id, known: false };
  const o = membershipOrg(m);
  const rawRole = typeof m.role === 'string' ? m.role : undefined;
  return { id, name: o.name ?? o.slug, slug: o.slug, role: roleName(rawRole), rawRole, known: true };
}

/** The pending session's tasks as keys ("choose-organization"), defensively: a task without a key is "unknown task". */
export function taskKeys(s: Session): string[] {
  if (!Array.isArray(s.tasks)) return [];
  return s.tasks.map((t) => {
    const k = (t as { key?: unknown } | null | undefined)?.key; // a string or a number has no key either
    return typeof k === 'string' && k !== '' ? k : l10n.t('unknown task');
  });
}

/** "1 task" / "2 tasks" (no count when Clerk sent none). */
export function tasksText(s: Session): string | undefined {
  const n = taskKeys(s).length;
  return n === 0 ? undefined : n === 1 ? l10n.t('1 task') : l10n.t('{0} tasks', n);
}

/** One line on why a pending session looks signed out to an app (TOKENS.md, Sessions). */
/** A function: the words come from the l10n bundle loaded at activation. */
export function pendingNote(): string {
  return l10n.t(
    "Pending: signed in, with tasks left. Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false.",
  );
}
