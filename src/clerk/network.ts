// Transport failures in words: which kind of network error a thrown fetch error is. No `vscode` here.
import type { NetworkKind } from './errors';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ALTNAME/i;

/** The first string `code` along the error's `cause` chain (node-fetch wraps the system error). */
function errorCode(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && c) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** dns, reset, tls or plain network, with the system code when there is one. */
export function classifyNetwork(e: unknown): { kind: NetworkKind; code?: string } {
  // An AbortError nobody asked for is node-fetch's way of saying the response was cut off.
  if (e && typeof e === 'object' && (e as { name?: unknown }).name === 'AbortError') return { kind: 'reset' };
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (code && DNS_CODES.has(code)) return { kind: 'dns', code };
  if (code && RESET_CODES.has(code)) return { kind: 'reset', code };
  if (/socket hang up|premature close/i.test(msg)) return { kind: 'reset', code: code ?? 'ECONNRESET' };
  if ((code && TLS_CODE.test(code)) || /ssl|tls|certificate/i.test(msg)) return { kind: 'tls', ...(code ? { code } : {}) };
  return { kind: 'network', ...(code ? { code } : {}) };
}
