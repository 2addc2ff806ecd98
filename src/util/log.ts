// One "Clerk" LogOutputChannel. Secret keys and JWTs are redacted before anything reaches it. No vscode import: the
// channel is handed in (extension.ts passes the LogOutputChannel it creates).
import { redact } from './redact';

/** The part of vscode.LogOutputChannel the logger writes to. */
export interface LogChannel {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  show(preserveFocus?: boolean): void;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
  debug(msg: string): void;
  show(): void;
}

export function createLogger(channel: LogChannel): Logger {
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
