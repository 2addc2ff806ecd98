// Showing any caught value, and the one "is this the key being rejected" test. No vscode import: unit-tested on Node.
import { ClerkApiError } from '../clerk/errors';
import { redact } from './redact';

/** The message of any caught value, redacted: for the log, a toast, an error node. Never throws. */
export function errorMessage(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  } catch {
    text = 'an error that cannot be shown as text';
  }
  return redact(text);
}

/** Clerk rejected the secret key (401): the place to offer "Update Secret Key". */
export function isAuthError(e: unknown): e is ClerkApiError {
  return e instanceof ClerkApiError && e.status === 401;
}
