// Claims and header parameters in words: short value display, minutes and times, the issuer, factor ages, and each
// header parameter (alg, kid, typ, crit, cat). Plain data, no markdown; no vscode import.
import type { Json, JsonObject } from './decode';
import * as l10n from '@vscode/l10n';

export interface ClaimLine {
  claim: string;
  value: Json;
  /** The claim in words. */
  text: string;
  /** A claim Clerk documents for this kind of token (false: a template's own claim, or unknown). */
  known: boolean;
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

const algTexts = (): Record<string, string> => ({
  RS256: l10n.t("RSA signature with SHA-256: what a Clerk instance's own key signs with."),
  RS384: l10n.t('RSA signature with SHA-384.'),
  RS512: l10n.t('RSA signature with SHA-512.'),
  HS256: l10n.t("HMAC with a shared secret: a template's custom signing key (e.g. Supabase's JWT secret); Clerk's JWKS cannot check it."),
  HS384: l10n.t("HMAC with a shared secret: a template's custom signing key; Clerk's JWKS cannot check it."),
  HS512: l10n.t("HMAC with a shared secret: a template's custom signing key; Clerk's JWKS cannot check it."),
  none: l10n.t('Unsigned: anyone could have written this token.'),
});

export function headerLines(h: JsonObject, notes: string[]): ClaimLine[] {
  const lines: ClaimLine[] = [];
  for (const k of Object.keys(h)) {
    const v = h[k]!;
    let text: string;
    let problem = false;
    let known = true;
    if (k === 'alg') {
      text =
        typeof v === 'string'
          ? (algTexts()[v] ?? l10n.t`Signed with ${show(v)} (a key of its own, not one Clerk's JWKS serves).`)
          : l10n.t('alg is not a string.');
      problem = v !== 'RS256';
    } else if (k === 'kid') {
      text =
        typeof v === 'string' ? l10n.t`Key id ${show(v)}: which key of the instance's JWKS signed it.` : l10n.t('kid is not a string.');
      if (typeof v === 'string' && /[/\\\u0000-\u001f]|\.\./.test(v)) {
        problem = true;
        notes.push(
          l10n.t('The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.'),
        );
      }
    } else if (k === 'typ') {
      text = v === 'JWT' ? l10n.t('Type JWT.') : l10n.t`Type ${show(v)}: @clerk/backend accepts only "JWT" (or no typ).`;
      problem = v !== 'JWT';
    } else if (k === 'crit') {
      text = l10n.t`Critical extensions ${show(v)}: RFC 7515 says a verifier that does not know them must reject the token; @clerk/backend ignores crit.`;
      problem = true;
    } else if (k === 'cat') {
      const m2m = v === 'cl_B7d4PD333AAA' ? l10n.t(': a machine (M2M) token, which verifyToken refuses as a session token') : '';
      text = l10n.t`Token category ${show(v)}${m2m}.`;
    } else {
      known = false;
      text = l10n.t`Header parameter ${show(k, 60)} = ${show(v)}.`;
    }
    const line: ClaimLine = { claim: k, value: v, text, known };
    if (problem) line.problem = true;
    lines.push(line);
  }
  return lines;
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
