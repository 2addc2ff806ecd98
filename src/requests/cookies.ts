// The Cookie header read the way @clerk/backend 3.25 reads it (it hands the raw header to the `cookie` package 1.x:
// pairs split on ';', the name and value trimmed of spaces and tabs, a pair without '=' skipped, the first of two
// cookies with one name kept, a value percent-decoded only when it holds '%' and decodes, quotes kept as they are),
// with a sentence for everything a browser or Clerk would treat differently from what the user may expect.
// Never throws; linear in the header's length. No vscode import.

/** Browsers refuse a cookie whose name and value together pass 4096 bytes. */
import * as l10n from '@vscode/l10n';
export const COOKIE_LIMIT = 4096;
/** How many odd cookies are named in one sentence. */
const NAME_LIST = 5;

export interface CookieEntry {
  name: string;
  /** As the server sees it (percent-decoded when that works). */
  value: string;
  raw: string;
  /** Bytes of name=value as the browser counts them against its 4 KB limit. */
  bytes: number;
  /** A later cookie with the same name, ignored. */
  duplicate: boolean;
}

export interface CookieJar {
  /** First value per name, as @clerk/backend reads it. */
  map: Map<string, string>;
  entries: CookieEntry[];
  headerBytes: number;
  findings: string[];
}

function decodeValue(v: string): { value: string; decoded: boolean; failed: boolean } {
  if (v.indexOf('%') === -1) return { value: v, decoded: false, failed: false };
  try {
    return { value: decodeURIComponent(v), decoded: true, failed: false };
  } catch {
    return { value: v, decoded: false, failed: true };
  }
}

function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return s.slice(a, b);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function names(list: string[]): string {
  const shown = list.slice(0, NAME_LIST).map((n) => JSON.stringify(n.length > 60 ? `${n.slice(0, 59)}…` : n));
  return list.length > NAME_LIST ? l10n.t`${shown.join(', ')} and ${list.length - NAME_LIST} more` : shown.join(', ');
}

/** Parses a Cookie header value (without the "Cookie:" name). */
export function parseCookieHeader(header: string): CookieJar {
  const map = new Map<string, string>();
  const entries: CookieEntry[] = [];
  const findings: string[] = [];
  const malformed: string[] = [];
  const dups: string[] = [];
  const quoted: string[] = [];
  const escaped: string[] = [];
  const badEscapes: string[] = [];
  const oversize: string[] = [];
  const odd: string[] = [];
  const equals: string[] = [];
  const len = header.length;
  let index = 0;
  if (len >= 2) {
    while (index < len) {
      const eq = header.indexOf('=', index);
      if (eq === -1) {
        const rest = trimSpaces(header.slice(index));
        if (rest) malformed.push(rest);
        break;
      }
      let end = header.indexOf(';', index);
      if (end === -1) end = len;
      if (eq > end) {
        // A pair without '=' before the next ';': the cookie package skips it.
        const bad = trimSpaces(header.slice(index, end));
        if (bad) malformed.push(bad);
        index = header.lastIndexOf(';', eq - 1) + 1;
        continue;
      }
      const name = trimSpaces(header.slice(index, eq));
      const raw = trimSpaces(header.slice(eq + 1, end));
      const d = decodeValue(raw);
      const bytes = utf8Length(name) + 1 + utf8Length(raw);
      const duplicate = map.has(name);
      if (duplicate) dups.push(name);
      else map.set(name, d.value);
      if (name === '') malformed.push(`=${raw.slice(0, 20)}`);
      if (/^".*"$/s.test(raw) && raw.length >= 2) quoted.push(name);
      if (d.decoded && d.value !== raw) escaped.push(name);
      if (d.failed) badEscapes.push(name);
      if (bytes > COOKIE_LIMIT) oversize.push(name);
      if (raw.includes('=') && !/^[A-Za-z0-9+/_-]+=*$/.test(raw)) equals.push(name);
      if (/[^\x21-\x7e]/.test(name) || /[^\x20-\x7e]/.test(raw)) odd.push(name);
      entries.push({ name, value: d.value, raw, bytes, duplicate });
      index = end + 1;
    }
  }
  const headerBytes = utf8Length(header);
  if (malformed.length)
    findings.push(
      malformed.length === 1
        ? l10n.t(
            '{0} part of the Cookie header are not name=value pairs and are skipped, as Clerk skips them: {1}.',
            malformed.length,
            names(malformed),
          )
        : l10n.t(
            '{0} parts of the Cookie header are not name=value pairs and are skipped, as Clerk skips them: {1}.',
            malformed.length,
            names(malformed),
          ),
    );
  if (dups.length)
    findings.push(
      l10n.t`The Cookie header names ${names([...new Set(dups)])} more than once: Clerk reads the first and ignores the others (browsers send the cookie with the longest path first, so a stale copy set on another path or domain can win).`,
    );
  if (quoted.length)
    findings.push(
      l10n.t`The value of ${names(quoted)} is in double quotes: Clerk keeps the quotes as part of the value, so a token in quotes does not decode.`,
    );
  if (equals.length)
    findings.push(
      l10n.t`The value of ${names(equals)} holds '=': only the first '=' separates a name from its value, so the rest is part of the value.`,
    );
  if (escaped.length) findings.push(l10n.t`The value of ${names(escaped)} is percent-encoded: Clerk decodes it before use.`);
  if (badEscapes.length)
    findings.push(
      l10n.t`The value of ${names(badEscapes)} holds a percent-escape that is not valid UTF-8: Clerk keeps the raw text, undecoded.`,
    );
  if (odd.length)
    findings.push(
      l10n.t`The name or value of ${names(odd)} holds characters a browser never sends in a cookie (spaces, controls or non-ASCII bytes); a server may refuse the header.`,
    );
  if (oversize.length)
    findings.push(
      oversize.length === 1
        ? l10n.t(
            "{0} is over the browsers' 4 KB limit per cookie: a browser would not have stored it, so this request cannot come from a browser as it is.",
            names(oversize),
          )
        : l10n.t(
            "{0} are over the browsers' 4 KB limit per cookie: a browser would not have stored them, so this request cannot come from a browser as it is.",
            names(oversize),
          ),
    );
  if (headerBytes > COOKIE_LIMIT)
    findings.push(
      l10n.t`The whole Cookie header is ${headerBytes.toLocaleString('en-US')} bytes: over 4 KB (many servers and proxies refuse request headers over 8–16 KB, and a __session cookie over 4 KB is dropped by the browser, which loops the handshake).`,
    );
  if (entries.length > 180)
    findings.push(l10n.t`The header carries ${entries.length.toLocaleString('en-US')} cookies; browsers keep about 180 per domain.`);
  return { map, entries, headerBytes, findings };
}
