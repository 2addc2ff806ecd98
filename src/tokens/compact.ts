// Exactly a compact JWT: what a minted token must be before it is copied, put in a shell command or handed to a task.
// No unwrapping (quotes, backticks, `Bearer `, white space): Clerk's answer is used as it is or not at all. No vscode import.
import { decodeToken } from './decode';

/** `header.payload.signature`, each part base64url without padding, nothing before or after. */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `text` itself when it is exactly a compact JWT whose header is a JSON object with `alg`; otherwise undefined. */
export function exactJwt(text: unknown): string | undefined {
  if (typeof text !== 'string' || !COMPACT.test(text)) return undefined;
  const d = decodeToken(text);
  return d.ok && d.token === text && typeof d.header.alg === 'string' ? text : undefined;
}
