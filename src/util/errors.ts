// Showing any caught value, and the one "is this the key being rejected" test. No vscode import: unit-tested on Node.
import type { ClerkApiError } from '../clerk/errors';
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

/**
 * An answer of Clerk's API with an error status, or undefined. Checked by shape, not instanceof: the client lives in
 * dist/heavy.js (loaded on first use), whose classes are not the ones the activation bundle would import.
 */
export function apiError(e: unknown): ClerkApiError | undefined {
  const x = e as { kind?: unknown; status?: unknown } | null;
  return e instanceof Error && x?.kind === 'api' && typeof x.status === 'number' ? (e as ClerkApiError) : undefined;
}

/** Clerk rejected the secret key (401): the place to offer "Update Secret Key". */
export function isAuthError(e: unknown): e is ClerkApiError {
  return apiError(e)?.status === 401;
}
