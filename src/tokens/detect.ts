// Finds JWT-shaped strings in text, with offsets: for a hover at a position and for scanning a whole file.
// A candidate is three base64url parts joined by dots whose first part starts with `eyJ` (base64 of `{"`) and decodes to
// a JSON object with a string `alg`. Cheap: `indexOf('eyJ')`, a walk over the token's characters, then the header
// alone is decoded. No vscode import.
//
// Choices:
// - A candidate must not be glued to what precedes it: a base64url character or a dot right before `eyJ` means it is
//   the middle of something longer (a bigger base64 blob, `x.eyJ…` with more parts), and is skipped.
// - Four or more parts (a JWE, or a JWT followed by `.more`) are not a token. A single trailing dot is punctuation.
// - Quotes, `Bearer `, `?token=` / `&x=1`, JSON string quotes and cookies (`__session=…;`) end or precede the token
//   naturally: none of their characters can be in one. `context` says which of these surrounded it.
// - A backslash-newline (shell and C-style continuation), with the indentation after it, inside a token is skipped:
//   the match spans the lines, `token` is the joined text and `split` is true.

import { base64urlBytes, isJsonObject } from './decode';

export type TokenContext = 'bearer' | 'url-query' | 'url-fragment' | 'cookie' | 'quoted' | 'assignment' | 'plain';

export interface TokenMatch {
  /** Offset of the first character, in UTF-16 code units of the text. */
  start: number;
  /** Offset just after the last character. */
  end: number;
  /** The token; when it was split across lines, the joined text. */
  token: string;
  /** Its header's `alg`, `kid` and `typ` (the header is decoded to find it). */
  alg: string;
  kid?: string;
  typ?: string;
  /** True when the token spans lines joined by backslash-newline. */
  split: boolean;
  /** What surrounds it. */
  context: TokenContext;
}

export interface FindOptions {
  /** Start scanning at this offset (the rules still look at the character before it). Default 0. */
  from?: number;
  /** Only candidates starting at or before this offset. Default the end of the text. */
  until?: number;
  /** Stop after this many matches. Default no limit. */
  limit?: number;
  /** Ignore candidates longer than this (characters). Default 4 MB: a hover can still say "too large". */
  maxLength?: number;
}

/** Longest header decoded while scanning: a real one is under 300 characters. */
const MAX_HEADER_CHARS = 2048;

function isB64(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

/** Length of a backslash-newline continuation (with the next line's indentation) at i, or 0. */
function continuation(text: string, i: number): number {
  if (text.charCodeAt(i) !== 92) return 0;
  let j = i + 1;
  if (text.charCodeAt(j) === 13) j++;
  if (text.charCodeAt(j) !== 10) return 0;
  j++;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  return j - i;
}

interface Header {
  alg: string;
  kid?: string;
  typ?: string;
}

/** Decodes a header part; returns its alg/kid/typ when it is a JSON object with a string `alg`. */
export function jwtHeaderOf(part: string): Header | undefined {
  if (part.length < 4 || part.length > MAX_HEADER_CHARS) return undefined;
  const b = base64urlBytes(part);
  if (!b.ok) return undefined;
  // Only alg / kid / typ are read, as own properties: no reviver or depth pass needed for a header this short.
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(v as never)) return undefined;
  const o = v as Record<string, unknown>;
  const own = (k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
  const alg = own('alg');
  if (typeof alg !== 'string') return undefined;
  const h: Header = { alg };
  const kid = own('kid');
  const typ = own('typ');
  if (typeof kid === 'string') h.kid = kid;
  if (typeof typ === 'string') h.typ = typ;
  return h;
}

function contextOf(text: string, start: number): TokenContext {
  const before = text.slice(Math.max(0, start - 24), start);
  if (/bearer\s+$/i.test(before)) return 'bearer';
  if (/[?&][\w.~%-]*=$/.test(before)) return 'url-query';
  if (/#[\w.~%-]*=$/.test(before)) return 'url-fragment';
  if (/(^|[;\s])__(session|client|clerk_db_jwt)[\w-]*=$/.test(before)) return 'cookie';
  if (/["'`]$/.test(before)) return 'quoted';
  if (/[=:]\s*$/.test(before)) return 'assignment';
  return 'plain';
}

const RUN = /[A-Za-z0-9_-]+/y;

/** Tries a candidate whose `eyJ` is at `start`. */
function candidateAt(text: string, start: number, maxLength: number): TokenMatch | undefined {
  const n = text.length;
  let i = start;
  let dots = 0;
  let split = false;
  const pieces: string[] = [];
  let pieceStart = start;
  for (;;) {
    if (i - start > maxLength) return undefined;
    const c = text.charCodeAt(i);
    if (i < n && isB64(c)) {
      RUN.lastIndex = i;
      RUN.test(text);
      i = RUN.lastIndex;
      continue;
    }
    if (c === 46 && i < n) {
      // A dot continues the token only when a base64url character (or a continuation) follows it.
      if (isB64(text.charCodeAt(i + 1)) || continuation(text, i + 1) > 0 || dots === 1) {
        dots++;
        i++;
        continue;
      }
      break;
    }
    const k = i < n ? continuation(text, i) : 0;
    if (k > 0 && (isB64(text.charCodeAt(i + k)) || text.charCodeAt(i + k) === 46)) {
      pieces.push(text.slice(pieceStart, i));
      split = true;
      i += k;
      pieceStart = i;
      continue;
    }
    break;
  }
  const end = i;
  pieces.push(text.slice(pieceStart, end));
  const token = split ? pieces.join('') : pieces[0]!;
  if (dots !== 2) return undefined;
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (second === first + 1) return undefined; // empty payload
  const header = jwtHeaderOf(token.slice(0, first));
  if (!header) return undefined;
  const m: TokenMatch = { start, end, token, alg: header.alg, split, context: contextOf(text, start) };
  if (header.kid !== undefined) m.kid = header.kid;
  if (header.typ !== undefined) m.typ = header.typ;
  return m;
}

/** Every JWT in the text, in order. */
export function findTokens(text: string, options: FindOptions = {}): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (typeof text !== 'string') return out;
  const limit = options.limit ?? Infinity;
  const maxLength = options.maxLength ?? 4 * 1024 * 1024;
  let i = Math.max(0, options.from ?? 0);
  const until = options.until ?? text.length;
  const bounded = until < text.length - 3;
  while (out.length < limit) {
    // A bounded search looks at a short slice only (a hover must not scan the rest of a big file).
    const at = bounded ? indexIn(text, i, until) : text.indexOf('eyJ', i);
    if (at < 0 || at > until) break;
    const prev = at > 0 ? text.charCodeAt(at - 1) : -1;
    if (prev !== -1 && (isB64(prev) || prev === 46)) {
      i = at + 3;
      continue;
    }
    const m = candidateAt(text, at, maxLength);
    if (m) {
      out.push(m);
      i = m.end;
    } else i = at + 3;
  }
  return out;
}

function indexIn(text: string, from: number, until: number): number {
  if (from > until) return -1;
  const k = text.slice(from, until + 3).indexOf('eyJ');
  return k < 0 ? -1 : from + k;
}

/**
 * The token covering `offset` (start ≤ offset < end), or undefined. Looks back only over characters a token can hold
 * (and continuations), so a hover in a big file costs about the length of the token.
 */
export function tokenAt(text: string, offset: number, options: { maxLength?: number } = {}): TokenMatch | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset >= text.length) return undefined;
  const maxLength = options.maxLength ?? 4 * 1024 * 1024;
  let j = offset;
  // On a continuation's backslash, line break or indentation: start from its backslash.
  for (let p = offset; p >= 0 && offset - p < 256; p--) {
    const c = text.charCodeAt(p);
    if (c === 92 && p + continuation(text, p) > offset) {
      j = p;
      break;
    }
    if (!(c === 92 || c === 13 || c === 10 || c === 32 || c === 9)) break;
  }
  const floor = Math.max(0, j - maxLength);
  while (j > floor) {
    const c = text.charCodeAt(j - 1);
    if (isB64(c) || c === 46) {
      j--;
      continue;
    }
    // Step back over a continuation ending at j: backslash, optional CR, LF, indentation.
    let k = j;
    while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
    if (k > 0 && text.charCodeAt(k - 1) === 10) {
      let b = k - 1;
      if (b > 0 && text.charCodeAt(b - 1) === 13) b--;
      if (b > 0 && text.charCodeAt(b - 1) === 92) {
        j = b - 1;
        continue;
      }
    }
    break;
  }
  for (let from = j; ;) {
    const m = findTokens(text, { from, until: offset, maxLength, limit: 1 })[0];
    if (!m || m.start > offset) return undefined;
    if (offset < m.end) return m;
    from = m.end;
  }
}
