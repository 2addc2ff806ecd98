// Checks of what Clerk answered (the fields and types the spec promises) and of the arguments given (before any
// request). A missing optional field never throws; extra fields are kept. No `vscode` here.
import { withArticle as an } from '../util/format';
import { ClerkInputError, ClerkResponseError } from './errors';
import type { Session, User } from './types';
import * as l10n from '@vscode/l10n';

type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** typeof, with 'null' and 'array' told apart. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const described = (t: string): string => (t === 'null' ? 'null' : an(t));

export function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

/** The body of a 2xx answer as JSON, or a ClerkResponseError saying why it is not. */
export function parseJsonBody(text: string, contentType: string | null, label: string, status: number): unknown {
  if (text.trim() === '') {
    throw new ClerkResponseError(l10n.t`Clerk returned an empty answer (${status}) for ${label}.`, label, status);
  }
  if (looksLikeHtml(text, contentType)) {
    throw new ClerkResponseError(
      l10n.t`Clerk's API answered ${status} with an HTML page instead of JSON for ${label}. A proxy or captive portal may be in the way, or the API URL is wrong.`,
      label,
      status,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ClerkResponseError(l10n.t`Clerk returned a body that is not valid JSON (cut short?) for ${label}.`, label, status);
  }
}

/** `v` is an object with each field of the given type; `index`/`listName` say where it stood in a list. */
export function check<T>(
  v: unknown,
  what: string,
  fields: Record<string, FieldType>,
  request: string,
  index?: number,
  listName?: string,
): T {
  const where = index === undefined ? '' : l10n.t` (item ${index + 1} of ${listName ? `'${listName}'` : l10n.t('the list')})`;
  const prefix = index === undefined ? '' : `${listName ?? ''}[${index}].`;
  if (typeOf(v) !== 'object') {
    const msg = l10n.t`Clerk returned ${described(typeOf(v))} where ${an(what)} was expected${where} (${request}).`;
    throw new ClerkResponseError(msg, request, 200);
  }
  const o = v as Record<string, unknown>;
  for (const [name, type] of Object.entries(fields)) {
    if (!(name in o) || o[name] === undefined) {
      throw new ClerkResponseError(l10n.t`Clerk returned ${an(what)} without '${name}'${where} (${request}).`, request, 200, prefix + name);
    }
    const actual = typeOf(o[name]);
    if (actual !== type) {
      throw new ClerkResponseError(
        l10n.t`Clerk returned ${an(what)} whose '${name}' is ${described(actual)}, not ${an(type)}${where} (${request}).`,
        request,
        200,
        prefix + name,
      );
    }
  }
  return v as T;
}

/** A bare array or `{data, total_count}`. */
export function list(body: unknown, what: string, request: string): { data: unknown[]; totalCount?: number } {
  if (Array.isArray(body)) return { data: body };
  if (body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)) {
    const tc = (body as { total_count?: unknown }).total_count;
    const data = (body as { data: unknown[] }).data;
    return typeof tc === 'number' ? { data, totalCount: tc } : { data };
  }
  throw new ClerkResponseError(
    l10n.t`Clerk returned ${described(typeOf(body))} where ${an(what)} list was expected (${request}).`,
    request,
    200,
  );
}

export function checkUser(v: unknown, request: string, index?: number): User {
  return check<User>(v, 'user', { id: 'string', email_addresses: 'array', created_at: 'number' }, request, index);
}

const SESSION_FIELDS: Record<string, FieldType> = {
  id: 'string',
  user_id: 'string',
  client_id: 'string',
  status: 'string',
  last_active_at: 'number',
  expire_at: 'number',
  abandon_at: 'number',
  created_at: 'number',
  updated_at: 'number',
};

export function checkSession(v: unknown, request: string, index?: number): Session {
  return check<Session>(v, 'session', SESSION_FIELDS, request, index);
}

// ---- arguments (before any request) ---------------------------------------------------------------------------

/** The API base URL without a trailing slash; `example` is shown when it is not a URL. */
export function apiUrlArg(raw: string, example: string): string {
  const rawUrl = raw.trim();
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ClerkInputError(l10n.t`The Clerk API URL '${rawUrl}' is not a valid URL. It should look like ${example}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClerkInputError(l10n.t`The Clerk API URL must start with https:// (got '${url.protocol}').`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ClerkInputError(l10n.t('The Clerk API URL must not contain credentials, a query or a fragment.'));
  }
  return url.toString().replace(/\/+$/, '');
}

export function positive(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ClerkInputError(l10n.t`${name} must be a positive number (got ${String(v)}).`);
  }
  return v;
}

/** A lone UTF-16 surrogate cannot be sent: percent-encoding throws on it, URLSearchParams silently replaces it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(v: string, label: string): void {
  if (LONE_SURROGATE.test(v)) {
    throw new ClerkInputError(
      l10n.t`The ${label} contains a broken character (half of a UTF-16 surrogate pair), so it cannot be sent to Clerk. Copy it again.`,
    );
  }
}

/** Validates and percent-encodes one path segment. '.' and '..' are refused: URL parsing would resolve them. */
export function idArg(v: unknown, label: string): string {
  if (typeof v !== 'string' || v.trim() === '') {
    const got = v === '' ? l10n.t('an empty string') : typeOf(v) === 'string' ? l10n.t('only spaces') : typeOf(v);
    throw new ClerkInputError(l10n.t`A ${label} is required (got ${got}).`);
  }
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new ClerkInputError(l10n.t`The ${label} contains control characters.`);
  if (v === '.' || v === '..') throw new ClerkInputError(l10n.t`'${v}' is not a valid ${label}.`);
  wellFormed(v, label);
  return encodeURIComponent(v);
}

export function queryIdArg(v: unknown, label: string): string {
  if (typeof v !== 'string' || v.trim() === '')
    throw new ClerkInputError(l10n.t`A ${label} is required to list sessions (got an empty value).`);
  wellFormed(v, label);
  return v;
}

/** A search text: trimmed, undefined when empty. */
export function queryArg(v: string | undefined): string | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  wellFormed(v, l10n.t('search text'));
  return v.trim();
}

export function limitArg(v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1 || v > 500)
    throw new ClerkInputError(l10n.t`limit must be a whole number from 1 to 500 (got ${String(v)}).`);
  return v;
}

export function offsetArg(v: number | undefined): number {
  if (v === undefined) return 0;
  if (!Number.isInteger(v) || v < 0) throw new ClerkInputError(l10n.t`offset must be a whole number, 0 or more (got ${String(v)}).`);
  return v;
}
