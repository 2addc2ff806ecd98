// Safe decoding of JWTs that may be hostile: a size cap, strict base64url (as strict as @clerk/backend's own parser),
// bytes that are not UTF-8, JSON nested too deep, `__proto__` / `constructor` keys (every object comes back with a null
// prototype, so no key can reach Object.prototype). Never throws: a failure is a result with one sentence.
// No vscode import.

import * as l10n from '@vscode/l10n';
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Longest token decoded, in characters. Clerk's tokens travel in a cookie (≤ 4 KB); 64 KB leaves room for templates. */
export const MAX_TOKEN_CHARS = 64 * 1024;
/** Deepest JSON nesting decoded. Clerk's claims are 3 levels deep; template metadata rarely passes 10. */
export const MAX_JSON_DEPTH = 64;

export type PartName = 'header' | 'payload' | 'signature';

export type DecodeFailureKind = 'empty' | 'too-large' | 'parts' | 'jwe' | 'empty-part' | 'base64url' | 'json' | 'too-deep' | 'not-object';

export interface TokenParts {
  header: string;
  payload: string;
  signature: string;
}

export interface DecodedToken {
  ok: true;
  /** The token as decoded: pasted wrapping (Bearer, quotes, white space, backslash-newlines) removed. */
  token: string;
  parts: TokenParts;
  header: JsonObject;
  payload: JsonObject;
  signature: Uint8Array;
  /** Things worth saying that do not stop decoding (bytes that are not UTF-8, padding, removed line breaks). */
  warnings: string[];
}

export interface DecodeFailure {
  ok: false;
  kind: DecodeFailureKind;
  /** The part that failed, when one did. */
  part?: PartName;
  sentence: string;
  token: string;
  parts?: TokenParts;
  /** The header, when it decoded to an object although a later part failed. */
  header?: JsonObject;
  /** The payload's JSON value when it parsed but is not an object (an array, a string, null…). */
  payloadValue?: Json;
  signature?: Uint8Array;
  warnings: string[];
}

export type DecodeResult = DecodedToken | DecodeFailure;

const B64URL_CHARS = /^[A-Za-z0-9_-]*$/;
const B64_VALUE = (c: number): number =>
  c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 45 ? 62 : c === 95 ? 63 : -1;

export type B64Result = { ok: true; bytes: Uint8Array; padded: boolean } | { ok: false; why: string };

/**
 * Strict base64url: only `A-Z a-z 0-9 - _`, trailing `=` tolerated (as @clerk/backend's parser tolerates them), no length
 * that no encoding produces, no stray bits in the last character.
 */
export function base64urlBytes(s: string): B64Result {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  const body = end === s.length ? s : s.slice(0, end);
  if (!B64URL_CHARS.test(body)) {
    return {
      ok: false,
      why: /[+/]/.test(body)
        ? l10n.t('contains + or /, which is base64 but not base64url')
        : l10n.t('contains characters that are not base64url'),
    };
  }
  const rem = body.length % 4;
  if (rem === 1) return { ok: false, why: l10n.t('has a length that no base64url encoding has (one character too many or too few)') };
  if (rem !== 0) {
    const last = B64_VALUE(body.charCodeAt(body.length - 1));
    const stray = rem === 2 ? last & 0x0f : last & 0x03;
    if (stray !== 0) return { ok: false, why: l10n.t('ends in a character with stray bits (not canonical base64url)') };
  }
  return { ok: true, bytes: Buffer.from(body, 'base64url'), padded: end !== s.length };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOOSE = new TextDecoder('utf-8');

/** UTF-8 text; bytes that are not UTF-8 become U+FFFD (as @clerk/backend decodes them) and say so. */
export function utf8(bytes: Uint8Array): { text: string; clean: boolean } {
  try {
    return { text: UTF8.decode(bytes), clean: true };
  } catch {
    return { text: UTF8_LOOSE.decode(bytes), clean: false };
  }
}

/** Deepest nesting of arrays/objects in JSON text, counted without parsing (so a hostile depth cannot recurse). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function nullProto(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value)) o[k] = (value as Record<string, unknown>)[k];
    return o;
  }
  return value;
}

export type JsonResult = { ok: true; value: Json } | { ok: false; kind: 'json' | 'too-deep'; why: string };

/** JSON.parse with a depth cap; every object in the result has a null prototype. */
export function safeJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonResult {
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) return { ok: false, kind: 'too-deep', why: l10n.t`is nested more than ${maxDepth} levels deep` };
  try {
    return { ok: true, value: JSON.parse(text, nullProto) as Json };
  } catch {
    return { ok: false, kind: 'json', why: l10n.t('is not JSON') };
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What kind of JSON value this is, in words ("a JSON array", "the JSON string \"hi\""). */
export function jsonKind(v: Json | undefined): string {
  if (v === null) return l10n.t('JSON null');
  if (Array.isArray(v)) return l10n.t('a JSON array');
  if (typeof v === 'string') return l10n.t('a JSON string');
  if (typeof v === 'number') return l10n.t('a JSON number');
  if (typeof v === 'boolean') return l10n.t('a JSON boolean');
  return l10n.t('a JSON object');
}

/**
 * Removes what comes along when a token is pasted or copied out of code: surrounding white space, a `Bearer ` prefix,
 * one pair of quotes, backslash-newline continuations and line breaks inside it.
 */
export function unwrapToken(raw: string): { token: string; joined: boolean } {
  let t = raw.trim();
  if (/^bearer\s+/i.test(t)) t = t.replace(/^bearer\s+/i, '');
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")) || (t[0] === '`' && t.endsWith('`')))) {
    t = t.slice(1, -1).trim();
  }
  if (!/\s|\\/.test(t)) return { token: t, joined: false };
  const j = t.replace(/\\\r?\n/g, '').replace(/\s+/g, '');
  return { token: j, joined: j !== t };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Decodes (does not verify) a JWT. Never throws. */
export function decodeToken(input: unknown, opts: { maxChars?: number; maxDepth?: number } = {}): DecodeResult {
  const maxChars = opts.maxChars ?? MAX_TOKEN_CHARS;
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const warnings: string[] = [];
  const fail = (kind: DecodeFailureKind, sentence: string, extra: Partial<DecodeFailure> = {}): DecodeFailure => ({
    ok: false,
    kind,
    sentence,
    token: extra.token ?? '',
    warnings,
    ...extra,
  });
  if (typeof input !== 'string') return fail('empty', l10n.t('No token was given.'));
  // Refuse before copying anything: unwrapping cannot shrink a token below a quarter of its raw size in real text.
  if (input.length > maxChars * 4) return fail('too-large', tooLarge(input.length, maxChars));
  const { token, joined } = unwrapToken(input);
  if (token === '') return fail('empty', l10n.t('The token is empty.'));
  if (token.length > maxChars) return fail('too-large', tooLarge(token.length, maxChars), { token: token.slice(0, 64) });
  if (joined) warnings.push(l10n.t('Line breaks inside the token were removed before decoding.'));
  const split = token.split('.');
  if (split.length === 5)
    return fail('jwe', l10n.t('This is an encrypted token (JWE, 5 parts); Clerk session tokens are signed JWTs with 3 parts.'), { token });
  if (split.length !== 3) {
    const n = split.length;
    return fail(
      'parts',
      n === 1
        ? l10n.t("This isn't a JWT: it has 1 part; a JWT has 3 separated by dots.")
        : l10n.t("This isn't a JWT: it has {0} parts; a JWT has 3 separated by dots.", n),
      { token },
    );
  }
  const parts: TokenParts = { header: split[0], payload: split[1], signature: split[2] };
  const base = { token, parts };

  const decodePart = (which: 'header' | 'payload'): { ok: true; value: Json } | DecodeFailure => {
    const raw = parts[which];
    if (raw === '') return fail('empty-part', l10n.t`This JWT's ${which} is empty.`, { ...base, part: which });
    const b = base64urlBytes(raw);
    if (!b.ok) return fail('base64url', `This JWT's ${which} ${b.why}.`, { ...base, part: which });
    if (b.padded) warnings.push(l10n.t`The ${which} ends in '=' padding, which base64url in a JWT leaves out.`);
    const u = utf8(b.bytes);
    if (!u.clean) warnings.push(l10n.t('The {0} holds bytes that are not UTF-8; they are shown as {1}.', which, '\uFFFD'));
    const j = safeJson(u.text, maxDepth);
    if (!j.ok) return fail(j.kind, `This JWT's ${which} ${j.why}.`, { ...base, part: which });
    return { ok: true, value: j.value };
  };

  const h = decodePart('header');
  if (!('value' in h)) return h;
  if (!isJsonObject(h.value)) {
    return fail('not-object', l10n.t`This JWT's header is not a JSON object (it is ${jsonKind(h.value)}).`, { ...base, part: 'header' });
  }
  const header = h.value;
  const sig = base64urlBytes(parts.signature);
  if (!sig.ok) return fail('base64url', l10n.t`This JWT's signature ${sig.why}.`, { ...base, header, part: 'signature' });
  const p = decodePart('payload');
  if (!('value' in p)) return { ...p, header };
  if (!isJsonObject(p.value)) {
    return fail('not-object', l10n.t`This JWT's payload is not a JSON object (it is ${jsonKind(p.value)}).`, {
      ...base,
      header,
      part: 'payload',
      payloadValue: p.value,
      signature: sig.bytes,
    });
  }
  if (parts.signature === '') warnings.push(l10n.t('The token has no signature (its third part is empty).'));
  return { ok: true, token, parts, header, payload: p.value, signature: sig.bytes, warnings };
}

function tooLarge(chars: number, max: number): string {
  return l10n.t`This token is ${fmt(chars)} characters long; tokens over ${Math.round(max / 1024)} KB are not decoded (Clerk's tokens travel in a cookie and stay under 4 KB).`;
}

/** The decoded token if `text` (pasted wrapping such as `Bearer ` or quotes removed) is a JWT: the header is JSON with `alg`. */
export function jwtOf(text: string | undefined): DecodedToken | undefined {
  const d = decodeToken(text ?? '');
  return d.ok && typeof d.header.alg === 'string' ? d : undefined;
}

/** The token if `text` (pasted wrapping such as `Bearer ` or quotes removed) is a JWT: the header is JSON with `alg`. */
export function jwtIn(text: string | undefined): string | undefined {
  return jwtOf(text)?.token;
}
