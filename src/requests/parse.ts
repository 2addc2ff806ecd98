// Reads a request from text in any of the forms a developer pastes: a raw HTTP request (request line and headers, as in
// an .http/.rest file), a curl command, a HAR file or entry, a Cookie header alone, response headers carrying
// x-clerk-auth-status/-reason/-message, or a bare token. Every input is hostile: nothing is executed (curl's $(…),
// backticks and variables stay text), sizes are capped before any work, and every oddity gets one sentence.
// Never throws. No vscode import.

import { jsonDepth, MAX_JSON_DEPTH } from '../tokens/decode';
import * as l10n from '@vscode/l10n';

/** Longest text read at all. A HAR larger than this is refused before JSON.parse (which cannot be interrupted). */
export const MAX_INPUT_CHARS = 4 * 1024 * 1024;
/** Most header lines kept. */
const MAX_HEADERS = 2000;
/** Most curl words read. */
const MAX_WORDS = 5000;

export type RequestForm = 'http' | 'curl' | 'har' | 'cookie' | 'response' | 'headers' | 'token';

export interface ObservedAuth {
  status?: string;
  reason?: string;
  message?: string;
}

export interface ParsedRequest {
  form: RequestForm;
  method: string;
  /** Absolute URL the backend would see. */
  url: string;
  /** Header names in lower case, in order, duplicates kept. */
  headers: Array<[string, string]>;
  /** What the server answered, when the text carries x-clerk-auth-* headers. */
  observed?: ObservedAuth;
  /** Sentences about what was read, skipped or not run. */
  notes: string[];
}

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; sentence: string };

const DEFAULT_URL = 'http://localhost:3000/';
const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STANDARD_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'CONNECT', 'TRACE'];

const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** Combines headers the way the Fetch API's Headers does (Cookie with '; ', others with ', '). */
export function headerGet(headers: Array<[string, string]>, name: string): string | undefined {
  const n = name.toLowerCase();
  const vals = headers.filter(([k]) => k === n).map(([, v]) => v);
  if (vals.length === 0) return undefined;
  return vals.join(n === 'cookie' ? '; ' : ', ');
}

/** The method as a Request normalises it: the standard ones upper-cased, others as written. */
export function normaliseMethod(m: string): string {
  const up = m.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(up) ? up : m;
}

interface HeaderSink {
  headers: Array<[string, string]>;
  notes: string[];
  dropped: { name: number; value: number; many: number; injected: number; wide: number; huge: number };
}

function sink(): HeaderSink {
  return { headers: [], notes: [], dropped: { name: 0, value: 0, many: 0, injected: 0, wide: 0, huge: 0 } };
}

function addHeader(s: HeaderSink, name: string, value: string): void {
  const n = name.trim().toLowerCase();
  // HTTP white space around a value is not part of it (Headers trims it too).
  let a = 0;
  let b = value.length;
  while (a < b && (value.charCodeAt(a) === 0x20 || value.charCodeAt(a) === 0x09)) a++;
  while (b > a && (value.charCodeAt(b - 1) === 0x20 || value.charCodeAt(b - 1) === 0x09)) b--;
  const v = value.slice(a, b);
  if (!TOKEN_CHARS.test(n)) {
    s.dropped.name++;
    return;
  }
  if (/[\r\n]/.test(v)) {
    s.dropped.injected++;
    return;
  }
  if (/[\0]/.test(v)) {
    s.dropped.value++;
    return;
  }
  if (/[\u0100-\uffff]/.test(v)) {
    s.dropped.wide++;
    return;
  }
  if (s.headers.length >= MAX_HEADERS) {
    s.dropped.many++;
    return;
  }
  if (v.length > 16 * 1024) s.dropped.huge++;
  s.headers.push([n, v]);
}

function sinkNotes(s: HeaderSink): string[] {
  const out = [...s.notes];
  const d = s.dropped;
  if (d.name)
    out.push(
      d.name === 1
        ? l10n.t('{0} header line with a name that is not a valid HTTP header name was skipped.', d.name)
        : l10n.t('{0} header lines with a name that is not a valid HTTP header name were skipped.', d.name),
    );
  if (d.injected)
    out.push(
      d.injected === 1
        ? l10n.t(
            '{0} header value held a carriage return or line feed (header injection): skipped, as a real HTTP stack refuses them.',
            d.injected,
          )
        : l10n.t(
            '{0} header values held a carriage return or line feed (header injection): skipped, as a real HTTP stack refuses them.',
            d.injected,
          ),
    );
  if (d.value)
    out.push(
      d.value === 1
        ? l10n.t('{0} header value held a NUL byte: skipped, as a real HTTP stack refuses them.', d.value)
        : l10n.t('{0} header values held a NUL byte: skipped, as a real HTTP stack refuses them.', d.value),
    );
  if (d.wide)
    out.push(
      d.wide === 1
        ? l10n.t(
            '{0} header value held characters beyond one byte (not Latin-1): skipped, as the Fetch API refuses them; a browser percent-encodes such text.',
            d.wide,
          )
        : l10n.t(
            '{0} header values held characters beyond one byte (not Latin-1): skipped, as the Fetch API refuses them; a browser percent-encodes such text.',
            d.wide,
          ),
    );
  if (d.huge)
    out.push(
      d.huge === 1
        ? l10n.t(
            '{0} header is over 16 KB: most servers and proxies refuse the request (431 Request Header Fields Too Large) before any Clerk code runs.',
            d.huge,
          )
        : l10n.t(
            '{0} headers are over 16 KB: most servers and proxies refuse the request (431 Request Header Fields Too Large) before any Clerk code runs.',
            d.huge,
          ),
    );
  if (d.many) out.push(l10n.t`Only the first ${MAX_HEADERS} headers were read; ${d.many} more were skipped.`);
  return out;
}

function observedOf(headers: Array<[string, string]>): ObservedAuth | undefined {
  const status = headerGet(headers, 'x-clerk-auth-status');
  const reason = headerGet(headers, 'x-clerk-auth-reason');
  const message = headerGet(headers, 'x-clerk-auth-message');
  if (status === undefined && reason === undefined && message === undefined) return undefined;
  const o: ObservedAuth = {};
  if (status !== undefined) o.status = status;
  if (reason !== undefined) o.reason = reason;
  if (message !== undefined) o.message = message;
  return o;
}

/** The absolute URL from a request target and the Host header. */
function absoluteUrl(target: string | undefined, headers: Array<[string, string]>, notes: string[]): string {
  const host = headerGet(headers, 'host');
  const t = (target ?? '').trim();
  try {
    if (/^https?:\/\//i.test(t)) return new URL(t).href;
    if (t.startsWith('/') || t === '' || t === '*') {
      if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) return new URL(t.startsWith('/') ? t : '/', `https://${host}`).href;
      if (t.startsWith('/')) {
        notes.push(l10n.t('The request has no Host header; http://localhost:3000 is assumed as its origin.'));
        return new URL(t, DEFAULT_URL).href;
      }
    } else if (/^[A-Za-z0-9.-]+(:\d+)?(\/|$)/.test(t)) return new URL(`https://${t}`).href;
  } catch {
    notes.push(l10n.t`The request target ${JSON.stringify(t.slice(0, 80))} is not a URL; http://localhost:3000/ is assumed.`);
    return DEFAULT_URL;
  }
  if (t) notes.push(l10n.t`The request target ${JSON.stringify(t.slice(0, 80))} is not a URL; http://localhost:3000/ is assumed.`);
  return DEFAULT_URL;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function headerLines(lines: string[], s: HeaderSink): number {
  let i = 0;
  let loneCr = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && s.headers.length > 0) {
      // obs-fold: a continuation of the previous header; HTTP/1.1 forbids it and servers refuse it.
      s.notes.push(l10n.t('A header continues on an indented line (obsolete line folding); servers refuse it, so it was joined here.'));
      const last = s.headers[s.headers.length - 1];
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    if (line.includes('\r')) {
      loneCr++;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      s.dropped.name++;
      continue;
    }
    addHeader(s, line.slice(0, colon), line.slice(colon + 1));
  }
  if (loneCr)
    s.notes.push(
      loneCr === 1
        ? l10n.t('{0} header line held a lone carriage return (header injection): skipped, as a real HTTP stack refuses them.', loneCr)
        : l10n.t('{0} header lines held a lone carriage return (header injection): skipped, as a real HTTP stack refuses them.', loneCr),
    );
  return i;
}

const REQUEST_LINE = /^([A-Za-z]+)[ \t]+(\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?[ \t]*$/;
const RESPONSE_LINE = /^HTTP\/\d(?:\.\d)?\s+\d{3}/i;
const HEADER_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*:/;
const BARE_TOKEN = /^(?:Bearer\s+)?(?:[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|(?:ak|mt|oat)_[A-Za-z0-9_-]+)$/;

function parseHttp(text: string): ParsedRequest {
  const lines = splitLines(text);
  const s = sink();
  let idx = 0;
  // REST Client files: '###' separators and comment lines before the request.
  while (idx < lines.length && (lines[idx].trim() === '' || /^\s*(#|\/\/)/.test(lines[idx]))) idx++;
  const m = REQUEST_LINE.exec(lines[idx] ?? '');
  let method = 'GET';
  let target: string | undefined;
  if (m) {
    method = m[1]!;
    target = m[2];
    if (!STANDARD_METHODS.includes(method.toUpperCase()))
      s.notes.push(l10n.t`The method ${JSON.stringify(method.slice(0, 20))} is not a standard one.`);
    idx++;
  }
  headerLines(lines.slice(idx), s);
  const notes = sinkNotes(s);
  const url = absoluteUrl(target, s.headers, notes);
  const req: ParsedRequest = { form: m ? 'http' : 'headers', method: normaliseMethod(method), url, headers: s.headers, notes };
  const obs = observedOf(s.headers);
  if (obs) req.observed = obs;
  return req;
}

function parseResponse(text: string): ParsedRequest {
  const lines = splitLines(text);
  const s = sink();
  headerLines(lines.slice(1), s);
  const notes = sinkNotes(s);
  notes.push(
    l10n.t(
      'These are response headers: what the server answered is shown as observed; the request itself is not here, so its cookies and tokens are unknown.',
    ),
  );
  const req: ParsedRequest = { form: 'response', method: 'GET', url: DEFAULT_URL, headers: [], notes };
  const obs = observedOf(s.headers);
  if (obs) req.observed = obs;
  return req;
}

/** Shell words of a curl command, as a POSIX shell would split them, without running anything. */
export function shellWords(text: string): { words: string[]; notes: string[] } {
  const words: string[] = [];
  const notes = new Set<string>();
  let cur = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  const push = (): void => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < n && words.length < MAX_WORDS) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      notes.add(l10n.t('Line continuations (a backslash at the end of a line) were joined.'));
      continue;
    }
    if (c === '^' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      notes.add(l10n.t('Windows line continuations (^) were joined.'));
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      push();
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) {
        notes.add(l10n.t('A single quote is never closed; the rest of the command was read as one word.'));
        cur += text.slice(i + 1);
        i = n;
      } else {
        cur += text.slice(i + 1, end);
        i = end + 1;
      }
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      // ANSI-C quoting: read the common escapes, keep the others as text.
      let j = i + 2;
      while (j < n && text[j] !== "'") {
        if (text[j] === '\\' && j + 1 < n) {
          const e = text[j + 1];
          cur += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '\\' || e === "'" || e === '"' ? e : `\\${e}`;
          j += 2;
        } else cur += text[j++];
      }
      i = j + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n && '"\\$`\n'.includes(text[j + 1])) {
          if (text[j + 1] !== '\n') cur += text[j + 1];
          j += 2;
          continue;
        }
        if (text[j] === '$' && text[j + 1] === '(')
          notes.add(l10n.t('The command holds a command substitution $(…): it was not run; its text is taken literally.'));
        else if (text[j] === '`') notes.add(l10n.t('The command holds backticks: nothing was run; their text is taken literally.'));
        else if (text[j] === '$' && /[A-Za-z_{]/.test(text[j + 1] ?? ''))
          notes.add(l10n.t('The command uses shell variables ($NAME): they were not expanded.'));
        cur += text[j++];
      }
      if (j >= n) notes.add(l10n.t('A double quote is never closed; the rest of the command was read as one word.'));
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < n) {
      cur += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '(')
      notes.add(l10n.t('The command holds a command substitution $(…): it was not run; its text is taken literally.'));
    else if (c === '`') notes.add(l10n.t('The command holds backticks: nothing was run; their text is taken literally.'));
    else if (c === '$' && /[A-Za-z_{]/.test(text[i + 1] ?? ''))
      notes.add(l10n.t('The command uses shell variables ($NAME): they were not expanded.'));
    else if ((c === '|' || c === ';' || c === '&' || c === '>' || c === '<') && cur === '')
      notes.add(l10n.t('Shell operators (|, ;, &, redirections) end the curl command here; what follows was ignored.'));
    if ((c === '|' || c === ';' || c === '&') && cur === '') {
      inWord = false;
      break;
    }
    cur += c;
    i++;
  }
  push();
  if (words.length >= MAX_WORDS) notes.add(l10n.t`Only the first ${MAX_WORDS} words of the command were read.`);
  return { words, notes: [...notes] };
}

/** curl options that take a value (short and long), so the value is not taken for the URL. */
const TAKES_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-x',
  '--proxy',
  '-w',
  '--write-out',
  '-T',
  '--upload-file',
  '-F',
  '--form',
  '-K',
  '--config',
  '--cacert',
  '--cert',
  '--key',
  '-E',
  '-r',
  '--range',
  '--retry',
  '-c',
  '--cookie-jar',
  '-D',
  '--dump-header',
  '--resolve',
  '--connect-to',
  '--limit-rate',
  '-Y',
  '-y',
  '--max-redirs',
  '-U',
  '--proxy-user',
  '--data-urlencode',
  '--json',
  '--oauth2-bearer',
  '-z',
  '--time-cond',
  '--interface',
  '--dns-servers',
  '-P',
  '--ftp-port',
]);

function parseCurl(text: string): ParsedRequest {
  const { words, notes: shellNotes } = shellWords(text);
  const s = sink();
  s.notes.push(...shellNotes);
  let method: string | undefined;
  let url: string | undefined;
  let hasData = false;
  let get = false;
  const cookies: string[] = [];
  const next = (k: number): string | undefined => words[k + 1];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    let opt = w;
    let val: string | undefined;
    let consumed = false;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    if (eq > 2) {
      opt = w.slice(0, eq);
      val = w.slice(eq + 1);
    } else if (/^-[HbXAeu]./.test(w) && !w.startsWith('--')) {
      opt = w.slice(0, 2);
      val = w.slice(2);
    }
    const value = (): string => {
      if (val !== undefined) return val;
      consumed = true;
      return next(k) ?? '';
    };
    switch (opt) {
      case '-H':
      case '--header': {
        const h = value();
        const colon = h.indexOf(':');
        if (colon > 0) {
          const name = h.slice(0, colon);
          const v = h.slice(colon + 1);
          if (v.trim() === '' && !h.endsWith(';'))
            s.notes.push(l10n.t`curl removes the header ${JSON.stringify(name.slice(0, 40))} given without a value.`);
          else addHeader(s, name, v);
        } else if (h.endsWith(';')) addHeader(s, h.slice(0, -1), '');
        else s.dropped.name++;
        break;
      }
      case '-b':
      case '--cookie': {
        const c = value();
        if (c.includes('=')) cookies.push(c);
        else s.notes.push(l10n.t`-b ${JSON.stringify(c.slice(0, 60))} names a cookie file; it was not read.`);
        break;
      }
      case '-A':
      case '--user-agent':
        addHeader(s, 'user-agent', value());
        break;
      case '-e':
      case '--referer':
        addHeader(s, 'referer', value().replace(/;auto$/, ''));
        break;
      case '-X':
      case '--request':
        method = value();
        break;
      case '--url':
        url = value();
        break;
      case '-u':
      case '--user':
        value();
        s.notes.push(l10n.t('The command sends Basic credentials (-u); Clerk ignores an Authorization header that is not Bearer.'));
        addHeader(s, 'authorization', l10n.t('Basic (credentials not shown)'));
        break;
      case '--oauth2-bearer':
        addHeader(s, 'authorization', `Bearer ${value()}`);
        break;
      case '-d':
      case '--data':
      case '--data-raw':
      case '--data-binary':
      case '--data-ascii':
      case '--data-urlencode':
      case '--json':
        value();
        hasData = true;
        break;
      case '-G':
      case '--get':
        get = true;
        break;
      case '-I':
      case '--head':
        method ??= 'HEAD';
        break;
      default:
        if (TAKES_VALUE.has(opt)) value();
        else if (!w.startsWith('-') && url === undefined) url = w;
    }
    if (consumed) k++;
  }
  if (cookies.length) addHeader(s, 'cookie', cookies.join('; '));
  const m = method ?? (hasData && !get ? 'POST' : 'GET');
  const notes = sinkNotes(s);
  if (!url) notes.push(l10n.t('The curl command names no URL.'));
  const target = url && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? `https://${url}` : url;
  const abs = absoluteUrl(target, s.headers, notes);
  return { form: 'curl', method: normaliseMethod(m), url: abs, headers: s.headers, notes };
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

function isObj(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHar(text: string): ParseResult {
  let data: unknown;
  // JSON.parse cannot be interrupted: refuse deep nesting (a HAR is 6 levels deep) before handing it over.
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return {
      ok: false,
      sentence: l10n.t`The JSON is nested more than ${MAX_JSON_DEPTH} levels deep; a HAR file is not, so it was not read.`,
    };
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, sentence: l10n.t('The text starts like JSON (a HAR file) but is not valid JSON.') };
  }
  const notes: string[] = [];
  let entry: unknown = data;
  if (isObj(data) && isObj(data.log)) {
    const entries = data.log.entries;
    if (!Array.isArray(entries) || entries.length === 0) return { ok: false, sentence: l10n.t('The HAR file holds no entries.') };
    // The first entry that carries Clerk credentials, else the first.
    const carries = (e: JsonValue): boolean =>
      isObj(e) &&
      isObj(e.request) &&
      Array.isArray(e.request.headers) &&
      e.request.headers.some((h) => isObj(h) && typeof h.name === 'string' && /^(cookie|authorization)$/i.test(h.name));
    const idx = entries.findIndex(carries);
    entry = entries[idx === -1 ? 0 : idx];
    if (entries.length > 1)
      notes.push(
        l10n.t`The HAR file holds ${entries.length.toLocaleString('en-US')} entries; entry ${(idx === -1 ? 0 : idx) + 1} (the first that carries cookies or an Authorization header) is explained.`,
      );
  } else if (Array.isArray(data)) {
    entry = data[0];
    if (data.length > 1) notes.push(l10n.t`The JSON holds ${data.length} items; the first is explained.`);
  }
  const request = isObj(entry) && isObj(entry.request) ? entry.request : isObj(entry) && typeof entry.url === 'string' ? entry : undefined;
  if (!request) return { ok: false, sentence: l10n.t('The JSON is not a HAR file or entry: no request with a url was found in it.') };
  const s = sink();
  s.notes.push(...notes);
  const hs = Array.isArray(request.headers) ? request.headers : [];
  let cookieHeader = false;
  for (const h of hs) {
    if (!isObj(h) || typeof h.name !== 'string' || typeof h.value !== 'string') continue;
    if (h.name.startsWith(':')) {
      if (h.name === ':authority') addHeader(s, 'host', h.value);
      continue; // HTTP/2 pseudo-headers
    }
    if (/^cookie$/i.test(h.name)) cookieHeader = true;
    addHeader(s, h.name, h.value);
  }
  if (!cookieHeader && Array.isArray(request.cookies) && request.cookies.length) {
    const pairs = request.cookies
      .filter((c): c is Record<string, JsonValue> => isObj(c) && typeof c.name === 'string' && typeof c.value === 'string')
      .map((c) => `${c.name as string}=${c.value as string}`);
    if (pairs.length) {
      addHeader(s, 'cookie', pairs.join('; '));
      s.notes.push(
        l10n.t('The HAR entry lists its cookies separately (the browser left the Cookie header out); they were joined into one.'),
      );
    }
  }
  const method = typeof request.method === 'string' ? request.method : 'GET';
  const out = sinkNotes(s);
  const url = absoluteUrl(typeof request.url === 'string' ? request.url : undefined, s.headers, out);
  const req: ParsedRequest = { form: 'har', method: normaliseMethod(method), url, headers: s.headers, notes: out };
  if (isObj(entry) && isObj(entry.response) && Array.isArray(entry.response.headers)) {
    const rs = sink();
    for (const h of entry.response.headers)
      if (isObj(h) && typeof h.name === 'string' && typeof h.value === 'string') addHeader(rs, h.name, h.value);
    const obs = observedOf(rs.headers);
    if (obs) req.observed = obs;
  }
  return { ok: true, request: req };
}

/** Reads a request from text. Never throws. */
export function parseRequestText(input: unknown): ParseResult {
  try {
    if (typeof input !== 'string') return { ok: false, sentence: l10n.t('No request text was given.') };
    if (input.length > MAX_INPUT_CHARS)
      return {
        ok: false,
        sentence: l10n.t`The text is ${mb(input.length)}; requests over ${mb(MAX_INPUT_CHARS)} are not read. For a HAR file, export only the request in question (in the browser's Network panel: Copy → Copy as cURL, or Copy request headers).`,
      };
    const text = input.replace(/^\uFEFF/, '');
    const head = text.trimStart();
    if (head === '')
      return {
        ok: false,
        sentence: l10n.t('The text is empty: paste a request, a curl command, a HAR entry, a Cookie header or response headers.'),
      };
    if (head[0] === '{' || head[0] === '[') return parseHar(head);
    if (/^curl(\.exe)?\s/i.test(head)) return { ok: true, request: parseCurl(head) };
    const first = head.slice(0, Math.min(head.length, 8192)).split(/\r?\n/, 1)[0];
    if (RESPONSE_LINE.test(first)) return { ok: true, request: parseResponse(head) };
    if (/^cookie\s*:/i.test(first) && !/\r?\n\s*\S/.test(head.slice(first.length))) {
      const s = sink();
      addHeader(s, 'cookie', first.slice(first.indexOf(':') + 1));
      const notes = sinkNotes(s);
      notes.push(l10n.t('Only a Cookie header was given: a GET document request to http://localhost:3000/ is assumed.'));
      return {
        ok: true,
        request: {
          form: 'cookie',
          method: 'GET',
          url: DEFAULT_URL,
          headers: [['accept', 'text/html'], ['sec-fetch-dest', 'document'], ...s.headers],
          notes,
        },
      };
    }
    if (REQUEST_LINE.test(first) || HEADER_LINE.test(first)) {
      const r = parseHttp(head);
      if (r.form === 'headers' && r.observed && !r.headers.some(([k]) => k === 'cookie' || k === 'authorization')) {
        r.form = 'response';
        r.notes.push(l10n.t('These are response headers: the request itself is not here, so its cookies and tokens are unknown.'));
      }
      return { ok: true, request: r };
    }
    const single = head.trim();
    if (!/\s/.test(single.replace(/^Bearer\s+/, '')) && BARE_TOKEN.test(single)) {
      const s = sink();
      addHeader(s, 'authorization', /^Bearer\s/.test(single) ? single : `Bearer ${single}`);
      const notes = sinkNotes(s);
      notes.push(l10n.t('A bare token was given: it is explained as sent in an Authorization: Bearer header of an API request.'));
      return { ok: true, request: { form: 'token', method: 'GET', url: DEFAULT_URL, headers: s.headers, notes } };
    }
    if (/^[^\s=;]+=[^;]*(;|$)/.test(single) && !single.includes('\n')) {
      const s = sink();
      addHeader(s, 'cookie', single);
      const notes = sinkNotes(s);
      notes.push(l10n.t('The text reads as a Cookie header value: a GET document request to http://localhost:3000/ is assumed.'));
      return {
        ok: true,
        request: {
          form: 'cookie',
          method: 'GET',
          url: DEFAULT_URL,
          headers: [['accept', 'text/html'], ['sec-fetch-dest', 'document'], ...s.headers],
          notes,
        },
      };
    }
    return {
      ok: false,
      sentence: l10n.t(
        'This is not a request Clerk Sessions can read: paste a raw HTTP request, a curl command, a HAR entry, a Cookie header, response headers or a token.',
      ),
    };
  } catch (e) {
    return {
      ok: false,
      sentence: l10n.t`The request could not be read (${e instanceof Error ? e.message.slice(0, 200) : l10n.t('unknown error')}).`,
    };
  }
}
