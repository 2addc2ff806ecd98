// Redaction for the log and every message shown to the user: the client's own redaction (keys, JWTs) plus any
// "Bearer …" header value. No vscode import: unit-tested on Node.
import { redact as redactSecrets } from '../clerk/errors';

const BEARER = /(Bearer\s+)[^\s"',]+/gi;

export function redact(text: string): string {
  return redactSecrets(text).replace(BEARER, '$1[redacted]');
}

/** sk_test_…a1b2: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  const m = /^(sk_(?:test|live)_)(.*)$/.exec(key);
  if (!m) return '…';
  return `${m[1]}…${m[2].slice(-4)}`;
}
