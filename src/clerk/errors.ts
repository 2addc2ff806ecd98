// The project's errors: AppError, the one base (its subclasses also live in src/connections.ts and src/key/secretKey.ts),
// and the errors of the Clerk client. Every error has a `kind` (for code) and a `message` a person can act on.
// No error keeps the request's headers or options: the secret key must never reach a message, a log line, or the
// JSON / util.inspect form of a thrown object. `redact` (src/util/redact.ts, re-exported here) is a second line of
// defence for anything echoed back.
import { redact } from '../util/redact';
import * as l10n from '@vscode/l10n';

export { redact };

/** What went wrong, for code that branches on it (the tree's error node, the toast's action). */
export type ClerkErrorKind =
  | 'api' // Clerk answered with an error status (4xx/5xx)
  | 'network' // could not connect (ECONNREFUSED, unreachable host, …)
  | 'dns' // the API host name does not resolve
  | 'tls' // the secure connection failed (bad or self-signed certificate, not TLS at all)
  | 'reset' // the connection was reset or closed before a full response arrived
  | 'timeout' // no answer within timeoutMs
  | 'aborted' // the caller cancelled (AbortSignal)
  | 'response' // an answer that breaks the contract (2xx not JSON, a required field missing, larger than the cap)
  | 'input' // an argument was rejected before any request was sent
  | 'token'; // a string that is not a decodable JWT

/** Errors of the extension outside the Clerk client (src/connections.ts, src/key/secretKey.ts). */
export type ExtensionErrorKind =
  | 'no-key' // the stored key for an instance is gone
  | 'settings' // a setting (clerk.apiUrl, …) cannot be used
  | 'keyring' // the OS keyring refused to store the key
  | 'usage'; // a command was given something it does not work on (src/commands/targets.ts)

export type AppErrorKind = ClerkErrorKind | ExtensionErrorKind;

/**
 * The base of every error the project throws on purpose. Its message is redacted at construction, its `kind` says
 * what went wrong, and its JSON form is secret-free. Code that shows a caught value uses `errorMessage` (src/util/errors.ts).
 */
export abstract class AppError extends Error {
  abstract readonly kind: AppErrorKind;

  protected constructor(message: string) {
    super(redact(message));
  }

  /** A plain, secret-free view used by JSON.stringify. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    for (const [k, v] of Object.entries(this)) if (v !== undefined) out[k] = v;
    return out;
  }
}

/** Every error of the Clerk client. */
export abstract class ClerkError extends AppError {
  abstract override readonly kind: ClerkErrorKind;
  /** e.g. "GET /sessions/sess_123" (path only, no query, no headers). Empty for errors raised before a request. */
  readonly request: string;

  protected constructor(message: string, request = '') {
    super(message);
    this.request = request;
  }
}

/** One entry of Clerk's `{errors: [...]}` body, with camelCase names. */
export interface ClerkApiErrorDetail {
  code: string;
  message: string;
  longMessage?: string;
  meta?: Record<string, unknown>;
}

export interface ClerkApiErrorInit {
  status: number;
  errors: ClerkApiErrorDetail[];
  traceId?: string;
  retryAfter?: number;
  request: string;
  /** How the body looked when it was not a Clerk error body. */
  bodyProblem?: 'html' | 'empty' | 'malformed' | 'not-clerk' | 'redirect';
  /** A short label for what the request was about, e.g. "session 'sess_1'". */
  subject?: string;
}

/** Clerk (or something in front of it) answered with an error status. */
export class ClerkApiError extends ClerkError {
  readonly kind = 'api' as const;
  readonly status: number;
  readonly errors: ClerkApiErrorDetail[];
  readonly traceId?: string;
  /** Seconds to wait before trying again (from Retry-After), when the server said so. */
  readonly retryAfter?: number;

  constructor(init: ClerkApiErrorInit) {
    super(apiMessage(init), init.request);
    this.name = 'ClerkApiError';
    this.status = init.status;
    this.errors = init.errors.map((e) => ({
      code: e.code,
      message: redact(e.message),
      ...(e.longMessage !== undefined ? { longMessage: redact(e.longMessage) } : {}),
      ...(e.meta !== undefined ? { meta: e.meta } : {}),
    }));
    if (init.traceId !== undefined) this.traceId = init.traceId;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
  }

  /** The first error's code (e.g. `resource_not_found`), or undefined when the body had none. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/**
 * An answer of Clerk's API with an error status, or undefined. Checked by class: this module has one identity at run
 * time (the build puts every module two bundles use into one shared file, docs/ARCHITECTURE.md "The seam").
 */
export function apiError(e: unknown): ClerkApiError | undefined {
  return e instanceof ClerkApiError ? e : undefined;
}

/** Clerk rejected the secret key (401): the place to offer "Update Secret Key". */
export function isAuthError(e: unknown): e is ClerkApiError {
  return apiError(e)?.status === 401;
}

function apiMessage(init: ClerkApiErrorInit): string {
  const { status } = init;
  const first = init.errors[0];
  const tag = first ? `${status} ${first.code}` : `${status}`;
  const said = first ? (first.longMessage || first.message || '').trim() : '';
  const saidPart = said ? `: ${said.replace(/\.$/, '')}.` : '.';
  const where = init.request ? l10n.t` for ${init.request}` : '';
  const again = status >= 500 ? l10n.t(' Try again in a moment.') : '';

  switch (init.bodyProblem) {
    case 'html':
      return l10n.t`Clerk's API answered ${status} with an HTML page instead of JSON${where}. A proxy, firewall or captive portal may be in the way, or the API URL is wrong.`;
    case 'empty':
      return l10n.t`Clerk's API answered ${status} with an empty body${where}.${status >= 500 ? l10n.t(' Try again in a moment.') : ''}`;
    case 'malformed':
      return l10n.t`Clerk's API answered ${status} with a body that is not valid JSON (cut short?)${where}.${again}`;
    case 'redirect':
      return l10n.t`Clerk's API answered with a redirect (${status})${where}. Check the API URL.`;
    default:
      break;
  }
  if (status === 401) {
    return l10n.t`Clerk rejected the secret key (${tag}). Check the key in Clerk Dashboard → API keys.`;
  }
  if (status === 403) {
    return l10n.t`Clerk refused this request (${tag})${saidPart} The secret key may lack access to this instance.`;
  }
  if (status === 404) {
    const what = init.subject
      ? l10n.t`Clerk has no ${init.subject}`
      : l10n.t`Clerk found nothing at ${init.request || l10n.t('this address')}`;
    return `${what} (${tag})${saidPart}`;
  }
  if (status === 410) {
    return l10n.t`Clerk no longer offers this endpoint (${tag})${saidPart}`;
  }
  if (status === 429) {
    const wait = init.retryAfter !== undefined ? l10n.t` Try again in ${formatSeconds(init.retryAfter)}.` : l10n.t(' Try again shortly.');
    return l10n.t`Clerk is limiting the request rate (${tag}).${wait}`;
  }
  if (status >= 500) {
    return l10n.t`Clerk had a server problem (${tag})${saidPart} Try again in a moment.`;
  }
  return l10n.t`Clerk rejected the request (${tag})${saidPart}`;
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return l10n.t`${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export type NetworkKind = 'network' | 'dns' | 'tls' | 'reset';

/** The request never got a proper HTTP answer: refused, unresolvable, TLS broken, or reset. */
export class ClerkNetworkError extends ClerkError {
  readonly kind: NetworkKind;
  /** The system error code, e.g. ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT, ECONNRESET. */
  readonly code?: string;
  readonly host: string;

  constructor(kind: NetworkKind, host: string, code: string | undefined, request: string) {
    super(networkMessage(kind, host, code), request);
    this.name = 'ClerkNetworkError';
    this.kind = kind;
    this.host = host;
    if (code !== undefined) this.code = code;
  }
}

function networkMessage(kind: NetworkKind, host: string, code: string | undefined): string {
  const c = code ? ` (${code})` : '';
  switch (kind) {
    case 'dns':
      return l10n.t`Couldn't find the Clerk API host '${host}'${c}. Check your network connection and the API URL.`;
    case 'tls':
      return code && /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME/i.test(code)
        ? l10n.t`Couldn't make a secure connection to ${host}: its certificate isn't trusted${c}. A proxy or firewall may be intercepting HTTPS, or the API URL is wrong.`
        : l10n.t`Couldn't make a secure connection to ${host}${c}: it doesn't answer HTTPS properly. Check the API URL; a proxy or firewall may be in the way.`;
    case 'reset':
      return l10n.t`The connection to ${host} was closed before Clerk's answer arrived${c}. Try again.`;
    case 'network':
    default:
      if (code && code.startsWith('HPE_')) {
        return l10n.t`The server at ${host} didn't answer in HTTP (${code}). Check the API URL: it should point at Clerk's Backend API.`;
      }
      return code === 'ECONNREFUSED'
        ? l10n.t`Couldn't connect to ${host}: the connection was refused (ECONNREFUSED). Check the API URL and your network.`
        : l10n.t`Couldn't reach ${host}${c}. Check your network connection and the API URL.`;
  }
}

export class ClerkTimeoutError extends ClerkError {
  readonly kind = 'timeout' as const;
  readonly timeoutMs: number;
  constructor(timeoutMs: number, request: string) {
    super(
      l10n.t`Clerk didn't answer within ${formatMs(timeoutMs)}${request ? ` (${request})` : ''}. Check your network, or try again.`,
      request,
    );
    this.name = 'ClerkTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export class ClerkAbortError extends ClerkError {
  readonly kind = 'aborted' as const;
  constructor(request: string) {
    super(l10n.t`The request to Clerk was cancelled${request ? ` (${request})` : ''}.`, request);
    this.name = 'ClerkAbortError';
  }
}

/** A successful status with a body that breaks the contract: not JSON, or a required field missing / mistyped. */
export class ClerkResponseError extends ClerkError {
  readonly kind = 'response' as const;
  /** The field that was missing or wrong, when there is one (dotted path, e.g. "keys[0].kid"). */
  readonly field?: string;
  readonly status: number;
  constructor(message: string, request: string, status: number, field?: string) {
    super(message, request);
    this.name = 'ClerkResponseError';
    this.status = status;
    if (field !== undefined) this.field = field;
  }
}

/** An argument was rejected before any request was made (empty id, bad limit, bad URL, unusable key). */
export class ClerkInputError extends ClerkError {
  readonly kind = 'input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ClerkInputError';
  }
}

/** A string that cannot be decoded as a JWT. */
export class ClerkTokenError extends ClerkError {
  readonly kind = 'token' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ClerkTokenError';
  }
}

/** Turns a `{errors:[{code,message,long_message,meta}], clerk_trace_id}` body into details; undefined if it isn't one. */
export function parseClerkErrorBody(body: unknown): { errors: ClerkApiErrorDetail[]; traceId?: string } | undefined {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { errors?: unknown }).errors)) return undefined;
  const raw = (body as { errors: unknown[]; clerk_trace_id?: unknown }).errors;
  const errors: ClerkApiErrorDetail[] = [];
  for (const e of raw) {
    if (!e || typeof e !== 'object') continue;
    const o = e as Record<string, unknown>;
    const d: ClerkApiErrorDetail = {
      code: typeof o.code === 'string' ? o.code : 'unknown',
      message: typeof o.message === 'string' ? o.message : '',
    };
    if (typeof o.long_message === 'string') d.longMessage = o.long_message;
    if (o.meta && typeof o.meta === 'object') d.meta = o.meta as Record<string, unknown>;
    errors.push(d);
  }
  const trace = (body as { clerk_trace_id?: unknown }).clerk_trace_id;
  return typeof trace === 'string' ? { errors, traceId: trace } : { errors };
}
