// Claims in words: short value display, minutes and times, the issuer, factor ages; the header's parameters as data,
// with the note about a kid that holds path characters. Plain data, no markdown; no vscode import.
import type { Json, JsonObject } from './decode';
import * as l10n from '@vscode/l10n';

export interface ClaimLine {
  claim: string;
  value: Json;
  /** The claim in words. */
  text: string;
  /** Something a backend would trip over, or that looks wrong. */
  problem?: boolean;
}

export interface FactorAge {
  /** Minutes since the first factor was verified; null = never. */
  first: number | null;
  /** Minutes since the second factor was verified; null = never / none. */
  second: number | null;
  text: string;
}

/** Short, single-value display of a JSON value (not escaped: the sink does that). */
export function show(v: Json | undefined, max = 120): string {
  if (v === undefined) return l10n.t('(absent)');
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an unknown value from outside, shown as it stringifies
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "5 minutes", "2 hours", "3 days". */
export function minutesInWords(m: number): string {
  const a = Math.abs(m);
  if (a < 1) return l10n.t('less than a minute');
  if (a < 90) return Math.round(a) === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', Math.round(a));
  if (a < 48 * 60) return l10n.t`${Math.round(a / 60)} hours`;
  return l10n.t`${Math.round(a / 1440)} days`;
}

/** Seconds → a Date's milliseconds exactly as `new Date(0).setUTCSeconds(s)` gives them (NaN beyond a Date's range). */
export function secondsToDateMs(s: number): number {
  const d = new Date(0);
  d.setUTCSeconds(s);
  return d.getTime();
}

export function issuerText(iss: string): string {
  let host: string;
  try {
    host = new URL(iss).hostname;
  } catch {
    return l10n.t`Issued by ${show(iss)}, which is not a URL (Clerk's iss is the instance's Frontend API URL).`;
  }
  if (host.endsWith('.clerk.accounts.dev')) return l10n.t`Issued by ${iss}: a development instance's Frontend API.`;
  if (host.startsWith('clerk.')) return l10n.t`Issued by ${iss}: a production instance's Frontend API.`;
  return l10n.t`Issued by ${iss} (not shaped like a Clerk Frontend API URL).`;
}

export function factorText(fva: Json): FactorAge | undefined {
  if (!Array.isArray(fva) || fva.length !== 2 || !fva.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  const [a, b] = fva as [number, number];
  const first = a < 0 ? null : a;
  const second = b < 0 ? null : b;
  const one = first === null ? l10n.t('first factor: never verified') : l10n.t`first factor verified ${minutesInWords(first)} ago`;
  const two =
    second === null ? l10n.t('second factor: never (or the user has none)') : l10n.t`second factor verified ${minutesInWords(second)} ago`;
  return { first, second, text: `${one}; ${two}` };
}

/** A header parameter as Explain Token's decoded header shows it: its name and value, in the token's order. */
export interface HeaderLine {
  claim: string;
  value: Json;
}

/**
 * The header's parameters, in the token's order, and a note when its kid holds path or control characters. Explain
 * Token shows the header as decoded JSON; what its alg, typ and cat mean for @clerk/backend the verdict's reasons say.
 */
export function headerLines(h: JsonObject, notes: string[]): HeaderLine[] {
  return Object.keys(h).map((k) => {
    const v = h[k]!;
    if (k === 'kid' && typeof v === 'string' && /[/\\\u0000-\u001f]|\.\./.test(v))
      notes.push(l10n.t('The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.'));
    return { claim: k, value: v };
  });
}

/**
 * A token time relative to now, to the second where seconds matter (tokens live 60 s): "in 40 s", "40 s ago",
 * "in 3 min", "2 h ago", "in 5 days"; "now" only for the same second. Outside a Date's range: "unknown time".
 */
export function tokenRelative(ms: number, now: number): string {
  if (!Number.isFinite(ms) || !Number.isFinite(now)) return l10n.t('unknown time');
  const s = Math.round((ms - now) / 1000);
  if (s === 0) return l10n.t('now');
  const a = Math.abs(s);
  const v =
    a < 120
      ? `${a} s`
      : a < 90 * 60
        ? l10n.t`${Math.round(a / 60)} min`
        : a < 48 * 3600
          ? `${Math.round(a / 3600)} h`
          : l10n.t`${Math.round(a / 86400).toLocaleString('en-US')} days`;
  return s > 0 ? l10n.t('in {0}', v) : l10n.t('{0} ago', v);
}
