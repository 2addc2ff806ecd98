// One "Clerk" LogOutputChannel. Secret keys and JWTs are redacted before anything reaches it.
import * as vscode from 'vscode';
import { redact } from './redact';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
  debug(msg: string): void;
  show(): void;
}

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    error: (m, err) => channel.error(redact(err === undefined ? m : `${m}: ${describe(err)}`)),
    show: () => channel.show(true),
  };
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
