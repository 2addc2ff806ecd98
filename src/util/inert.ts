// The one place that turns text from outside (API data: names, emails, user agents, cities, template names, error
// messages; every claim of a token) into something inert for the place it is shown. No vscode import: unit-tested on
// Node. Every sink that shows such text goes through one of these:
//   message()  notification and modal text (VS Code renders [x](command:…) there as a live link)
//   label()    tree item labels and descriptions (plain text; no icons, no markdown)
//   pick()     quick-pick labels/descriptions/details, input-box titles, status-bar text ($(icon) is rendered there)
//   md()       text inside a MarkdownString (hover, tooltip): every markdown/HTML/autolink/icon trigger escaped
//   mdCode()   a value as an inline code span that no backtick in it can close
//   html()     text inside the HTML of a webview (the reports), attribute-safe

/** Bidirectional overrides and isolates, and the invisible marks that reorder text around them. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 controls other than the white space we fold. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029\u0085]+/g;
/**
 * Invisible characters: every Unicode format character (zero-width space and joiners, word joiner and the invisible
 * operators, BOM, soft hyphen, Mongolian vowel separator, the tag block…), the combining grapheme joiner, the rest of
 * the tag block, and the Hangul fillers, which draw as blanks. Removed, so two names that look the same are the same.
 */
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u{E0000}-\u{E007F}]/gu;
/** `[text](target)`: a link wherever VS Code renders markdown links (notifications, input prompts, validation). */
const LINK_JOIN = /\]\s*\(/g;

export const DEFAULT_MAX = 200;

/** Well-formed, single-line, no controls or direction overrides, at most `max` characters (an ellipsis marks a cut). */
export function plain(value: unknown, max = DEFAULT_MAX): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an unknown value from outside, shown as it stringifies
  let s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  s = toWellFormed(s).replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(BIDI, '').replace(INVISIBLE, '').trim();
  if (s.length > max) s = `${sliceWhole(s, Math.max(1, max - 1))}…`;
  return s;
}

/** Notification and modal text: `[x](command:…)` and `[x](https:…)` can no longer form a link. */
export function message(value: unknown, max = 120): string {
  // VS Code's notification renderer links `[text](target)` only when `](` stand together: part them.
  return unlink(plain(value, max));
}

/** Parts every `](` so no markdown link can form; for text that is already plain (a whole prompt or message). */
export function unlink(text: string): string {
  return text.replace(LINK_JOIN, '] (');
}

/** Tree labels and descriptions: plain text; these places render neither markdown nor icons. */
export function label(value: unknown, max = 80): string {
  return plain(value, max);
}

/**
 * Quick-pick items, input-box titles and prompts, status-bar text: `$(name)` would be drawn as an icon; and no
 * `[x](command:…)` link can form either (input prompts and validation messages render links).
 */
export function pick(value: unknown, max = 120): string {
  return unlink(plain(value, max)).replace(/\$\(/g, '\\$(');
}

/**
 * Text inside markdown: every ASCII punctuation mark is backslash-escaped, which CommonMark allows for all of them.
 * That stops emphasis, links, images, raw HTML, entities, tables, headings, `$(icon)` and the autolinks of
 * `https://`, `www.` and e-mail addresses (their patterns need an unescaped `:`, `.` or `@`).
 */
export function md(value: unknown, max = DEFAULT_MAX): string {
  return plain(value, max).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A value as an inline code span: nothing in a code span renders, and the fence is longer than any backtick run. */
export function mdCode(value: unknown, max = DEFAULT_MAX): string {
  const s = plain(value, max);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s === '' ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A multi-line block (JSON) as a fenced code block that no run of backticks in it can close. */
export function mdFence(text: string, lang = ''): string {
  const s = toWellFormed(text).replace(CONTROL, '').replace(BIDI, '').replace(INVISIBLE, '');
  const longest = Math.max(2, ...(s.match(/`{3,}/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${s}\n${fence}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text or attribute value inside webview HTML. Multi-line text keeps its line breaks when `multiline` is set. */
export function html(value: unknown, max = DEFAULT_MAX, multiline = false): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an unknown value from outside, shown as it stringifies
  const raw = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const s = multiline ? cut(toWellFormed(raw).replace(CONTROL, '').replace(BIDI, '').replace(INVISIBLE, ''), max) : plain(raw, max);
  return s.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

function cut(s: string, max: number): string {
  return s.length > max ? `${sliceWhole(s, Math.max(1, max - 1))}…` : s;
}

/** Cut without leaving half a surrogate pair at the end. */
function sliceWhole(s: string, n: number): string {
  const c = s.charCodeAt(n - 1);
  return c >= 0xd800 && c <= 0xdbff ? s.slice(0, n - 1) : s.slice(0, n);
}

/** Lone surrogates become U+FFFD (String.prototype.toWellFormed is Node 20+, typed only in newer libs). */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
