// Showing any caught value. No vscode import: unit-tested on Node. (Which error it is: src/clerk/errors.ts.)
import { redact } from './redact';
import * as l10n from '@vscode/l10n';

/** The message of any caught value, redacted: for the log, a toast, an error node. Never throws. */
export function errorMessage(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  } catch {
    text = l10n.t('an error that cannot be shown as text');
  }
  return redact(text);
}
