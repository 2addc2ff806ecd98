// One HTTP exchange of the client: the request under a timeout and the caller's AbortSignal, the answer read up to a
// size cap, transport failures mapped to ClerkError kinds, and an error answer turned into a ClerkApiError.
// Retries, the rate gate and the concurrency limit are the request loop's (client.ts). No `vscode` here.
import { looksLikeHtml } from './checks';
import { ClerkAbortError, ClerkApiError, ClerkError, ClerkNetworkError, ClerkResponseError, ClerkTimeoutError } from './errors';
import { parseClerkErrorBody } from './errors';
import { classifyNetwork } from './network';
import * as l10n from '@vscode/l10n';

/** The part of a fetch Response the client reads. node-fetch's Response satisfies it. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a stream (node-fetch has it): read chunk by chunk so that reading can stop at the size cap. */
  body?: AsyncIterable<Uint8Array | string> | null;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
}

/** An injectable fetch (tests wrap the real one to add headers such as Prism's `Prefer`). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Already-encoded path below apiUrl, starting with '/'. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Shown in 404 messages: "session 'sess_1'". */
  subject?: string;
}

export interface RawResponse {
  status: number;
  text: string;
  headers: FetchResponseLike['headers'];
  /** The body could not be read to the end (connection cut). */
  truncated?: boolean;
}

export interface Exchange {
  fetch: FetchLike;
  url: string;
  init: Omit<FetchInit, 'signal'>;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
  /** "GET /sessions/sess_1", for messages. */
  label: string;
  warn: (message: string) => void;
}

/** Sends once; returns the answer (any status) or throws a ClerkError (network, timeout, aborted, response too large). */
export async function exchange(x: Exchange): Promise<RawResponse> {
  const { signal, label } = x;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, x.timeoutMs);
  const onAbort = (): void => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const res = await x.fetch(x.url, { ...x.init, signal: controller.signal });
    let text: string;
    try {
      text = await readCapped(res, x.maxBytes);
    } catch (e) {
      if (e instanceof TooLarge) {
        controller.abort(); // close the connection: the rest of the body is never read
        const msg = l10n.t`Clerk's answer to ${label} was larger than ${formatBytes(x.maxBytes)}; stopped reading.`;
        const err = new ClerkResponseError(msg, label, res.status);
        x.warn(err.message);
        throw err;
      }
      // An error answer whose body was cut short is still an answer: report its status.
      if (signal?.aborted || timedOut || (res.status >= 200 && res.status < 300)) throw e;
      return { status: res.status, text: '', headers: res.headers, truncated: true };
    }
    return { status: res.status, text, headers: res.headers };
  } catch (e) {
    if (signal?.aborted) throw new ClerkAbortError(label);
    if (timedOut) throw new ClerkTimeoutError(x.timeoutMs, label);
    if (e instanceof ClerkError) throw e;
    const { kind, code } = classifyNetwork(e);
    const err = new ClerkNetworkError(kind, new URL(x.url).host, code, label);
    x.warn(`${label} failed: ${err.message}`);
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Thrown inside readCapped when the body passes the cap. */
class TooLarge extends Error {}

/** The body as text, never holding more than `max` bytes of it: a declared or actual larger body throws TooLarge. */
async function readCapped(res: FetchResponseLike, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new TooLarge();
  const stream = res.body;
  if (!stream || typeof (stream as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    const text = await res.text();
    if (Buffer.byteLength(text) > max) throw new TooLarge();
    return text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += b.length;
    if (size > max) throw new TooLarge(); // leaving the loop destroys the stream
    chunks.push(b);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

/** 10485760 → "10 MB", 65536 → "64 KB", 1000 → "1000 bytes". */
function formatBytes(n: number): string {
  const MB = 1024 * 1024;
  if (n >= MB && (n * 10) % MB === 0) return `${+(n / MB).toFixed(1)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return l10n.t`${n} bytes`;
}

/** A non-2xx answer as a ClerkApiError: Clerk's error body when it is one, else what the body looked like. */
export function apiError(spec: RequestSpec, res: RawResponse, retryAfter: number | undefined): ClerkApiError {
  const label = `${spec.method} ${spec.path}`;
  const init: ConstructorParameters<typeof ClerkApiError>[0] = { status: res.status, errors: [], request: label };
  if (retryAfter !== undefined) init.retryAfter = Math.ceil(retryAfter);
  if (spec.subject !== undefined) init.subject = spec.subject;
  const headerTrace = res.headers.get('x-clerk-trace-id') ?? res.headers.get('cf-ray');
  if (headerTrace) init.traceId = headerTrace;
  const text = res.text;
  if (res.status >= 300 && res.status < 400) {
    init.bodyProblem = 'redirect';
  } else if (res.truncated) {
    init.bodyProblem = 'malformed';
  } else if (text.trim() === '') {
    init.bodyProblem = 'empty';
  } else if (looksLikeHtml(text, res.headers.get('content-type'))) {
    init.bodyProblem = 'html';
  } else {
    let parsed: unknown;
    let ok = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      ok = false;
    }
    const body = ok ? parseClerkErrorBody(parsed) : undefined;
    if (!ok) {
      init.bodyProblem = 'malformed';
    } else if (body) {
      init.errors = body.errors;
      if (body.traceId) init.traceId = body.traceId;
    } else {
      init.bodyProblem = 'not-clerk';
    }
  }
  return new ClerkApiError(init);
}
