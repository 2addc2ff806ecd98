// The one redaction of the project, for the log, every error message and everything shown to the user: Clerk secret
// keys (wherever they stand, also percent-encoded or base64-encoded), JWTs (also glued to a word, also with a header
// that does not start `eyJ`), "Bearer …" values, and any literal secret given.
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
const BEARER = /(Bearer\s+)[^\s"',]+/gi;

const decodePercent = (s: string): string => s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Runs of base64url characters and dots, and of base64 characters: each found once, so the scans stay linear. */
const DOTTED_RUN = /[A-Za-z0-9_.-]{3,}/g;
const B64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const KEY_INSIDE = /[sr]k_(?:test|live)_[A-Za-z0-9]/;
const B64_VALUE = (c: number): number =>
  c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 45 ? 62 : c === 95 ? 63 : -1;
/** JSON's white space: space, tab, line feed, carriage return. */
const JSON_SPACE = new Set([32, 9, 10, 13]);

/**
 * Whether a base64url text starting at `from` decodes to the start of a JWT header: a JSON object whose first key is a
 * string, JSON white space allowed around the brace. At a part's start it reads on over any amount of white space (the
 * part is read once); elsewhere (a token glued after a word: `tok_eyJ…`) at most 12 characters, so the scan of every
 * start in a part stays linear.
 */
function headerAt(seg: string, from: number): boolean {
  // `{` encodes to a first character `e`; a leading space, tab, line feed or carriage return to `I`, `C` or `D`.
  const c = seg.charCodeAt(from);
  if (c !== 101 && c !== 73 && c !== 67 && c !== 68) return false;
  if (seg.startsWith('eyJ', from)) return true;
  const end = from === 0 ? seg.length : Math.min(seg.length, from + 12);
  let brace = false;
  for (let i = from; i + 4 <= end; i += 4) {
    const v = (k: number) => B64_VALUE(seg.charCodeAt(i + k));
    const m = (v(0) << 18) | (v(1) << 12) | (v(2) << 6) | v(3);
    for (const b of [(m >> 16) & 255, (m >> 8) & 255, m & 255]) {
      if (JSON_SPACE.has(b)) continue;
      if (b === 123 && !brace) brace = true;
      else return brace && b === 34;
    }
  }
  return false;
}

/**
 * JWTs wherever they stand: three base64url parts separated by dots whose first part (or its tail, when the token is
 * glued after a word character: `tok_eyJ…`) decodes to a JSON object. Not only `eyJ…`: a header with white space or
 * another first key starts otherwise. Each run is split once, and each part read once from its start and at most 12
 * characters from every other start: linear.
 */
function redactJwts(text: string): string {
  return text.replace(DOTTED_RUN, (run) => {
    if (!run.includes('.')) return run;
    const parts = run.split('.');
    if (parts.length < 3) return run;
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const seg = parts[i];
      let start = -1;
      if (i + 2 < parts.length) {
        for (let k = 0; k + 3 <= seg.length; k++) {
          if (headerAt(seg, k)) {
            start = k;
            break;
          }
        }
      }
      if (start < 0) {
        out.push(seg);
        continue;
      }
      out.push(`${seg.slice(0, start)}[jwt]`);
      i += 2; // the payload and the signature go with it
    }
    return out.join('.');
  });
}

/** A Clerk secret key inside base64 (Basic auth, an encoded config blob), at any byte alignment. */
function redactEncodedKeys(text: string): string {
  return text.replace(B64_RUN, (run) => {
    const body = run.replace(/=+$/, '');
    for (let shift = 0; shift < 4; shift++) {
      const bytes = Buffer.from(body.slice(shift), 'base64').toString('latin1');
      if (KEY_INSIDE.test(bytes)) return '[secret]';
    }
    return run;
  });
}

/**
 * Masks anything shaped like a Clerk secret key (keeping `sk_test_` so a reader can tell which kind it was), also
 * base64-encoded, a JWT (also glued to a word, also with a header that is not `eyJ…`), a Bearer value, and each
 * literal secret given (also in its percent-encoded form). Idempotent, and linear in the length of the text.
 */
export function redact(text: string, ...secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join('[secret]');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('[secret]');
  }
  out = out.replace(SECRET_PATTERN, (_m, p: string, env: string) => `${decodePercent(p)}k_${decodePercent(env)}_…`);
  return redactEncodedKeys(redactJwts(out)).replace(BEARER, '$1[redacted]');
}

/** sk_test_…a1b2: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  const m = /^(sk_(?:test|live)_)(.*)$/.exec(key);
  if (!m) return '…';
  return `${m[1]}…${m[2].slice(-4)}`;
}
