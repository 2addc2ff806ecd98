// The logger over the "Clerk" output channel (src/util/log.ts): every line is redacted before the channel sees it, at
// every level; error(msg, err) says what was thrown; show() never takes the focus from the editor. The channel here is
// a small recorder of what reached it (the part of vscode.LogOutputChannel the logger writes to), not a vscode mock.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createLogger, type LogChannel } from '../../src/util/log';

interface Line {
  level: 'info' | 'warn' | 'error' | 'debug';
  text: string;
}

function recordingChannel(): { channel: LogChannel; lines: Line[]; shown: (boolean | undefined)[] } {
  const lines: Line[] = [];
  const shown: (boolean | undefined)[] = [];
  const channel: LogChannel = {
    info: (text) => lines.push({ level: 'info', text }),
    warn: (text) => lines.push({ level: 'warn', text }),
    error: (text) => lines.push({ level: 'error', text }),
    debug: (text) => lines.push({ level: 'debug', text }),
    show: (preserveFocus) => shown.push(preserveFocus),
  };
  return { channel, lines, shown };
}

/** A fake key made by the test: sk_test_ and random hex, never a real one. */
const KEY = `sk_test_${randomBytes(20).toString('hex')}`;
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const JWT = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"sub":"user_2abc","exp":1900000000}')}.${randomBytes(32).toString('base64url')}`;

describe('logger over the Clerk channel', () => {
  it('redacts keys, JWTs and bearer values at every level, and writes each line at its own level', () => {
    const { channel, lines } = recordingChannel();
    const log = createLogger(channel);
    log.info(`key ${KEY}`);
    log.warn(`token ${JWT}`);
    log.debug(`Authorization: Bearer ${JWT.split('.')[2]}`);
    log.error(`failed with ${KEY}`);
    assert.deepEqual(lines, [
      { level: 'info', text: 'key sk_test_…' },
      { level: 'warn', text: 'token [jwt]' },
      { level: 'debug', text: 'Authorization: Bearer [redacted]' },
      { level: 'error', text: 'failed with sk_test_…' },
    ]);
  });

  it('error(msg, err): an Error adds its name and message, redacted', () => {
    const { channel, lines } = recordingChannel();
    const log = createLogger(channel);
    log.error('Revoke failed', new TypeError(`bad key ${KEY}`));
    class KeyringError extends Error {
      override name = 'KeyringError';
    }
    log.error('Storing the key failed', new KeyringError(`no keyring for ${JWT}`));
    assert.deepEqual(
      lines.map((l) => l.text),
      ['Revoke failed: TypeError: bad key sk_test_…', 'Storing the key failed: KeyringError: no keyring for [jwt]'],
    );
    assert.ok(lines.every((l) => l.level === 'error'));
  });

  it('error(msg, err): a thrown value that is not an Error is shown as text; null is shown, only undefined is left out', () => {
    const { channel, lines } = recordingChannel();
    const log = createLogger(channel);
    log.error('Refresh failed', `a string with ${KEY}`);
    log.error('Refresh failed', 42);
    log.error('Refresh failed', null);
    log.error('Refresh failed', { code: 'E1' });
    log.error('Refresh failed', undefined);
    assert.deepEqual(
      lines.map((l) => l.text),
      [
        'Refresh failed: a string with sk_test_…',
        'Refresh failed: 42',
        'Refresh failed: null',
        'Refresh failed: [object Object]',
        'Refresh failed',
      ],
    );
  });

  it('show() opens the channel without taking the focus', () => {
    const { channel, lines, shown } = recordingChannel();
    createLogger(channel).show();
    assert.deepEqual(shown, [true]);
    assert.deepEqual(lines, []);
  });
});
