// Labels and times for people. No vscode import: unit-tested on Node.
import * as l10n from '@vscode/l10n';

/**
 * The times these helpers show: 2000-01-01T00:00:00Z up to (not including) 2200-01-01T00:00:00Z, in ms since epoch.
 * Clerk's timestamps are ms since epoch and all fall in it; anything else (absent, NaN, 0, negative, seconds taken
 * for ms such as 1700000000, 1e20) is a value we cannot place, shown as unknownTime() rather than as nonsense.
 */
export const TIME_RANGE = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2200, 0, 1) } as const;
/** What a time we cannot place is shown as (a function: the words come from the l10n bundle loaded at activation). */
export function unknownTime(): string {
  return l10n.t('unknown time');
}

function knownTime(ms: number | null | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= TIME_RANGE.from && ms < TIME_RANGE.to;
}

/** "just now", "3m ago", "in 2d", "5mo ago"; unknownTime() outside TIME_RANGE (or when `now` is). */
export function relativeTime(ms: number | null | undefined, now = Date.now()): string {
  if (!knownTime(ms) || !knownTime(now)) return unknownTime();
  const s = Math.round((now - ms) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  if (a < 45) return l10n.t('just now');
  const v =
    a < 90 * 60
      ? `${Math.max(1, Math.round(a / 60))}m`
      : a < 36 * 3600
        ? `${Math.round(a / 3600)}h`
        : a < 60 * 86400
          ? `${Math.round(a / 86400)}d`
          : `${Math.round(a / (30 * 86400))}mo`;
  return future ? l10n.t('in {0}', v) : l10n.t('{0} ago', v);
}

/** "2026-11-27 14:03:12": the user's own clock, to the second, with no zone or suffix. unknownTime() outside TIME_RANGE. */
export function localTime(ms: number | null | undefined): string {
  if (!knownTime(ms)) return unknownTime();
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "a session", "an instance", "an array", "a user": the English indefinite article for a noun. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) && !/^u[bcdfghjklmnpqrstvwxz][aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * The fields of a Clerk user the labels below read. Structural, so that util/ (the bottom layer) imports nothing from
 * clerk/; src/clerk/types.ts `User` has them all.
 */
export interface UserNames {
  id: string;
  username?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  primary_email_address_id?: string | null;
  email_addresses?: readonly { id?: string; email_address: string }[];
}

/** The fields of a Clerk session the labels below read (src/clerk/types.ts `Session` has them). */
export interface SessionActivityFields {
  latest_activity?: {
    device_type?: string;
    is_mobile?: boolean;
    browser_name?: string;
    browser_version?: string;
    city?: string;
    country?: string;
  } | null;
}

export function primaryEmail(u: UserNames): string | undefined {
  const list = u.email_addresses ?? [];
  return (list.find((e) => e.id && e.id === u.primary_email_address_id) ?? list[0])?.email_address;
}

export function fullName(u: UserNames): string | undefined {
  const n = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return n || undefined;
}

/** What a person recognises a user by: the email, else the name, the username, the id. */
export function userLabel(u: UserNames): string {
  return primaryEmail(u) ?? fullName(u) ?? u.username ?? u.id;
}

/** "Chrome 126 on macOS", "Safari on iPhone", "Unknown browser". */
export function deviceLabel(s: SessionActivityFields): string {
  const a = s.latest_activity;
  if (!a) return l10n.t('Unknown device');
  const major = a.browser_version?.split('.')[0];
  const browser = a.browser_name ? `${a.browser_name}${major ? ` ${major}` : ''}` : undefined;
  const device = a.device_type || (a.is_mobile ? l10n.t('mobile') : undefined);
  if (browser && device) return l10n.t('{0} on {1}', browser, device);
  return browser ?? (device ? l10n.t('Browser on {0}', device) : l10n.t('Unknown browser'));
}

export function place(s: SessionActivityFields): string | undefined {
  const a = s.latest_activity;
  return [a?.city, a?.country].filter(Boolean).join(', ') || undefined;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/**
 * A lifetime in words, exact: "60 s", "90 s", "10 min", "1 h", "1 h 30 min", "7 d", "1 h 1 min 1 s". Under two minutes
 * it stays in seconds (Clerk speaks of a 60-second session token). Not a whole, non-negative, finite number: "? s".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0 || !Number.isInteger(seconds)) return '? s';
  if (seconds < 120) return `${seconds} s`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}`);
  }
  return parts.join(' ');
}

const DURATION_WORDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
};

/** "90", "90 s", "10 min", "1h 30m", "2 hours", "7 d" → seconds; undefined when it is not a duration of whole units. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,12}$/.test(t)) return Number(t);
  if (t === '' || t.length > 60) return undefined;
  const re = /(\d{1,12})\s*([a-z]+)\s*/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const size = DURATION_WORDS[m[2]];
    if (size === undefined) return undefined;
    total += Number(m[1]) * size;
    end = re.lastIndex;
  }
  return end === t.length && Number.isSafeInteger(total) ? total : undefined;
}

/** A session status in words ("active", "revoked"…); a status Clerk adds later is shown as it comes. */
export function statusName(status: string): string {
  switch (status) {
    case 'active':
      return l10n.t('active');
    case 'pending':
      return l10n.t('pending');
    case 'abandoned':
      return l10n.t('abandoned');
    case 'ended':
      return l10n.t('ended');
    case 'expired':
      return l10n.t('expired');
    case 'removed':
      return l10n.t('removed');
    case 'replaced':
      return l10n.t('replaced');
    case 'revoked':
      return l10n.t('revoked');
    default:
      return status;
  }
}
