// Redaction shared by the log and every message shown to the user. No vscode import: unit-tested on Node.
const SECRET_KEY = /\b(sk|rk)_(test|live)_[A-Za-z0-9_-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"',]+/gi;

export function redact(text: string): string {
  return text
    .replace(SECRET_KEY, (_m, p: string, env: string) => `${p}_${env}_…[redacted]`)
    .replace(JWT, 'eyJ…[redacted JWT]')
    .replace(BEARER, '$1[redacted]');
}

/** sk_test_…a1b2: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  const m = /^(sk_(?:test|live)_)(.*)$/.exec(key);
  if (!m) return '…';
  return `${m[1]}…${m[2].slice(-4)}`;
}
