// The one redaction of the project, for the log, every error message and everything shown to the user: Clerk secret
// keys (wherever they stand, also percent-encoded), JWTs, "Bearer …" values, and any literal secret given.
// No vscode import and no project import (src/clerk/errors.ts builds on it): unit-tested on Node.

/** One character of a key's prefix, as itself or percent-encoded (`_` or `%5F`/`%5f`). */
function ch(c: string): string {
  const hex = c.charCodeAt(0).toString(16);
  const hexClass = [...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
  return `(?:${c}|%${hexClass})`;
}

/**
 * `sk_test_…`, `sk_live_…` (and `rk_` restricted keys) with no word boundary asked for: a key glued to a letter, a
 * digit or `_` (`x_sk_test_…`) is still found. Any character may be percent-encoded (`sk%5Ftest%5F…`, `%73k_test_…`).
 * Over-redaction (`desk_test_x` → `desk_test_…`) is the safe side.
 */
const SECRET_PATTERN = new RegExp(
  `(${ch('s')}|${ch('r')})${ch('k')}${ch('_')}(${[...'test'].map(ch).join('')}|${[...'live'].map(ch).join('')})${ch('_')}` +
    '(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})+',
  'g',
);
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"',]+/gi;

const decodePercent = (s: string): string => s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Masks anything shaped like a Clerk secret key (keeping `sk_test_` so a reader can tell which kind it was), a JWT,
 * a Bearer value, and each literal secret given (also in its percent-encoded form). Idempotent.
 */
export function redact(text: string, ...secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join('[secret]');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('[secret]');
  }
  return out
    .replace(SECRET_PATTERN, (_m, p: string, env: string) => `${decodePercent(p)}k_${decodePercent(env)}_…`)
    .replace(JWT_PATTERN, '[jwt]')
    .replace(BEARER, '$1[redacted]');
}

/** sk_test_…a1b2: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  const m = /^(sk_(?:test|live)_)(.*)$/.exec(key);
  if (!m) return '…';
  return `${m[1]}…${m[2].slice(-4)}`;
}
