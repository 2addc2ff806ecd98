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
//   the match spans the lines, `token` is the joined text and `split` is true. A header spans at most
//   MAX_HEADER_JOINS continuations and a token at most MAX_JOINS.
// - Linear in the text on any input. Candidates whose walks overlap (only possible across continuations) share their
//   header's end and everything after it, so they are walked once together (see groupAt); a bounded search stops
//   once no candidate before its bound can still be a token.
// - A hover and Explain from its link read the same window of the document around the offset (tokenNear).

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
  if (!isJsonObject(v)) return undefined;
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

/** Most line continuations a token's header may span (a real header is under 300 characters: a few lines at any width). */
const MAX_HEADER_JOINS = 16;
/** Most line continuations one token may span. */
const MAX_JOINS = 1024;

/** End of the run of base64url characters starting at i. */
function runEnd(text: string, i: number): number {
  while (isB64(text.charCodeAt(i))) i++;
  return i;
}

/** Length of a continuation at i that joins (a base64url character or a dot follows it), or 0. */
function joinAt(text: string, i: number): number {
  const k = continuation(text, i);
  if (k === 0) return 0;
  const next = text.charCodeAt(i + k);
  return isB64(next) || next === 46 ? k : 0;
}

/**
 * The candidates that share a header end (the first dot after them). A candidate starts at an `eyJ` that is not glued
 * to what precedes it; inside one walk that happens only right after a continuation. From every candidate the walk up
 * to the first dot is the same suffix of one walk, and the walk after that dot is the same for all of them (it depends
 * only on the characters and on how many dots were passed). So the group is walked once, and the scan goes on after
 * its first dot: detection is linear in the text, whatever the text.
 */
function groupAt(text: string, at: number, until: number, maxLength: number): { match?: TokenMatch; next: number } {
  // The header walk, in pieces of raw text between continuations, with whether each piece starts a candidate. Only
  // the last KEEP pieces are kept (in the ring): a candidate further back spans too many lines to be a token.
  let count = 0; // pieces walked
  let p = at;
  let pieceStart = at;
  let cand = 1;
  for (;;) {
    p = runEnd(text, p);
    if (text.charCodeAt(p) === 46) break;
    const k = joinAt(text, p);
    if (k === 0) return { next: p }; // no dot: no candidate of this group is a token
    keepPiece(count++, pieceStart, p, cand);
    p += k;
    pieceStart = p;
    cand = p <= until && text.startsWith('eyJ', p) ? 1 : 0;
    // Past `until` no new candidate can start: stop as soon as every kept one spans too many lines or characters.
    if (p > until && !alive(count)) return { next: p };
  }
  const dot = p;
  keepPiece(count++, pieceStart, dot, cand);
  // The first dot continues the token only when a base64url character or a continuation follows it.
  if (!(isB64(text.charCodeAt(dot + 1)) || continuation(text, dot + 1) > 0)) return { next: dot + 1 };

  // The tail, from the first dot to the end of the token: the same for every candidate of the group.
  const lastStart = pieceStart;
  let q = dot + 1;
  let dots = 1;
  let payload = false;
  let joins = 0;
  for (;;) {
    if (q - lastStart > maxLength) return { next: dot + 1 };
    const r = runEnd(text, q);
    if (r > q) {
      if (dots === 1) payload = true;
      q = r;
      continue;
    }
    if (text.charCodeAt(q) === 46) {
      // A later dot: the second one may end the token (an unsigned token's empty signature); a third never does.
      if (!(isB64(text.charCodeAt(q + 1)) || continuation(text, q + 1) > 0 || dots === 1)) break;
      if (++dots > 2) return { next: dot + 1 }; // four parts or more: not a token
      q++;
      continue;
    }
    const k = joinAt(text, q);
    if (k === 0) break;
    if (++joins > MAX_JOINS) return { next: dot + 1 };
    q += k;
  }
  const end = q;
  if (dots !== 2 || !payload) return { next: dot + 1 };

  // The first candidate, in order, that is short enough and whose header decodes.
  const first = Math.max(0, count - KEEP);
  let headerChars = 0;
  for (let c = first; c < count; c++) headerChars += ringEnd[c % KEEP] - ringStart[c % KEEP];
  for (let c = first; c < count; c++) {
    const start = ringStart[c % KEEP];
    const headerJoins = count - 1 - c;
    if (ringCand[c % KEEP] && headerJoins + joins <= MAX_JOINS && headerChars <= MAX_HEADER_CHARS && end - start <= maxLength) {
      const headerText = headerJoins ? joinedRing(text, c, count) : text.slice(start, dot);
      const header = jwtHeaderOf(headerText);
      if (header) {
        let token: string;
        if (headerJoins + joins === 0) token = text.slice(start, end);
        else {
          token = headerText + joinedTail(text, dot, end);
        }
        const m: TokenMatch = { start, end, token, alg: header.alg, split: headerJoins + joins > 0, context: contextOf(text, start) };
        if (header.kid !== undefined) m.kid = header.kid;
        if (header.typ !== undefined) m.typ = header.typ;
        return { match: m, next: end };
      }
    }
    headerChars -= ringEnd[c % KEEP] - ringStart[c % KEEP];
  }
  return { next: dot + 1 };
}

// The last KEEP pieces of a header walk, by piece number modulo KEEP. One ring serves every call: detection is
// synchronous and never re-entered.
const KEEP = MAX_HEADER_JOINS + 1;
const ringStart = new Int32Array(KEEP);
const ringEnd = new Int32Array(KEEP);
const ringCand = new Uint8Array(KEEP);

function keepPiece(c: number, start: number, end: number, cand: number): void {
  ringStart[c % KEEP] = start;
  ringEnd[c % KEEP] = end;
  ringCand[c % KEEP] = cand;
}

/** Whether a kept piece starts a candidate that could still begin a token (its header not yet too long). */
function alive(count: number): boolean {
  let chars = 0;
  // From the newest piece back: the pieces after a candidate count towards its header, and so do the lines.
  for (let c = count - 1; c >= Math.max(0, count - KEEP + 1); c--) {
    chars += ringEnd[c % KEEP] - ringStart[c % KEEP];
    if (chars > MAX_HEADER_CHARS) return false;
    if (ringCand[c % KEEP]) return true;
  }
  return false;
}

/** The text from the first dot to the end of a token, its continuations left out (walked again: once per match). */
function joinedTail(text: string, from: number, end: number): string {
  let s = '';
  let start = from;
  for (let q = from; q < end;) {
    const k = isB64(text.charCodeAt(q)) || text.charCodeAt(q) === 46 ? 0 : joinAt(text, q);
    if (k === 0) {
      q++;
      continue;
    }
    s += text.slice(start, q);
    q += k;
    start = q;
  }
  return s + text.slice(start, end);
}

/** The text of kept pieces c… up to count, joined. */
function joinedRing(text: string, c: number, count: number): string {
  let s = '';
  for (; c < count; c++) s += text.slice(ringStart[c % KEEP], ringEnd[c % KEEP]);
  return s;
}

/** Every JWT in the text, in order. Linear in the length of the text. */
export function findTokens(text: string, options: FindOptions = {}): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (typeof text !== 'string') return out;
  const limit = options.limit ?? Infinity;
  const maxLength = options.maxLength ?? 4 * 1024 * 1024;
  const until = Math.min(options.until ?? text.length, text.length);
  // A bounded search looks for `eyJ` in a short prefix only (a hover must not scan the rest of a big file).
  const hay = until < text.length - 3 ? text.slice(0, until + 3) : text;
  let i = Math.max(0, options.from ?? 0);
  while (out.length < limit) {
    const at = hay.indexOf('eyJ', i);
    if (at < 0 || at > until) break;
    const prev = at > 0 ? text.charCodeAt(at - 1) : -1;
    if (prev !== -1 && (isB64(prev) || prev === 46)) {
      i = at + 3;
      continue;
    }
    const g = groupAt(text, at, until, maxLength);
    if (g.match) out.push(g.match);
    i = Math.max(g.next, at + 3);
  }
  return out;
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

/** How many lines above and below an offset a hover (and Explain from its link) reads. */
export const WINDOW_LINES = 8;
/** The most characters it reads; over that, the offset's line alone, cut around the offset. */
export const MAX_WINDOW_CHARS = 256 * 1024;

/** A document as tokenNear reads it, line by line: a vscode.TextDocument is one (this module imports no vscode). */
export interface LinedDocument {
  readonly lineCount: number;
  positionAt(offset: number): { readonly line: number };
  lineAt(line: number): {
    readonly text: string;
    readonly range: { readonly start: unknown; readonly end: unknown };
    readonly rangeIncludingLineBreak: unknown;
  };
  offsetAt(position: unknown): number;
  getText(range: unknown): string;
}

/** The window of text read around an offset: `text` starts at document offset `base`. */
export interface TokenWindow {
  text: string;
  base: number;
  /** The window starts (ends) where a continuation may join the text before (after) it. */
  cutBefore: boolean;
  cutAfter: boolean;
}

const inToken = (c: number): boolean => isB64(c) || c === 46;
const endsInBackslash = (s: string): boolean => s.charCodeAt(s.length - 1) === 92;

/** The lines around `offset` (WINDOW_LINES each way), or the offset's line cut around it when they are too long. */
export function tokenWindow(doc: LinedDocument, offset: number): TokenWindow {
  const line = doc.positionAt(offset).line;
  const first = Math.max(0, line - WINDOW_LINES);
  const last = Math.min(doc.lineCount - 1, line + WINDOW_LINES);
  const base = doc.offsetAt(doc.lineAt(first).range.start);
  const lastLine = doc.lineAt(last);
  const cutBefore = first > 0 && endsInBackslash(doc.lineAt(first - 1).text);
  const cutAfter = last < doc.lineCount - 1 && endsInBackslash(lastLine.text);
  if (doc.offsetAt(lastLine.range.end) - base <= MAX_WINDOW_CHARS) {
    const parts: string[] = [];
    for (let i = first; i < last; i++) parts.push(doc.getText(doc.lineAt(i).rangeIncludingLineBreak));
    parts.push(lastLine.text);
    return { text: parts.join(''), base, cutBefore, cutAfter };
  }
  // Cut where no token can go on (a character no token holds), so no piece of a longer run looks like a token.
  const own = doc.lineAt(line);
  const text = own.text;
  const lineStart = doc.offsetAt(own.range.start);
  const col = offset - lineStart;
  let a = Math.max(0, col - MAX_WINDOW_CHARS / 2);
  let b = Math.min(text.length, col + MAX_WINDOW_CHARS / 2);
  while (a > 0 && a < col && inToken(text.charCodeAt(a - 1))) a++;
  while (b < text.length && b > col && inToken(text.charCodeAt(b))) b--;
  if ((a > 0 && inToken(text.charCodeAt(a - 1))) || (b < text.length && inToken(text.charCodeAt(b)))) {
    return { text: '', base: offset, cutBefore: false, cutAfter: false };
  }
  return {
    text: text.slice(a, b),
    base: lineStart + a,
    cutBefore: a === 0 && line > 0 && endsInBackslash(doc.lineAt(line - 1).text),
    cutAfter: b === text.length && line < doc.lineCount - 1 && endsInBackslash(text),
  };
}

/**
 * The token covering `offset` in the document, read through tokenWindow, with start and end as document offsets; or
 * undefined, also when the token may go on past the window. A hover and Explain from its link both call this with the
 * same offset, so they read the same window and find the same token.
 */
export function tokenNear(doc: LinedDocument, offset: number): TokenMatch | undefined {
  const w = tokenWindow(doc, offset);
  const m = tokenAt(w.text, offset - w.base);
  if (!m) return undefined;
  if ((w.cutBefore && m.start === 0) || (w.cutAfter && m.end === w.text.length - 1)) return undefined;
  return { ...m, start: m.start + w.base, end: m.end + w.base };
}
