// One error hierarchy: every error the project throws on purpose is an AppError with a `kind` and a redacted message;
// errorMessage() shows any caught value redacted; isAuthError() is the one 401 test.
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import { ClerkClient } from '../../src/clerk/client';
import { AppError, ClerkApiError, ClerkError, ClerkInputError, isAuthError } from '../../src/clerk/errors';
import { errorMessage } from '../../src/util/errors';
import { makeTestSecretKey, startClerkServer } from '../server/server';

const key = makeTestSecretKey('test');

/**
 * src/connections.ts and src/key/secretKey.ts import `vscode` (only the extension host has it). Their error classes
 * touch none of it, so an empty module stands in while they load; nothing else of them runs here.
 */
async function loadWithoutVscode<T>(load: () => Promise<T>): Promise<T> {
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = m._load;
  m._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? {} : original.call(this, request, ...rest);
  };
  try {
    return await load();
  } finally {
    m._load = original;
  }
}

describe('one error hierarchy', () => {
  it('NoKeyError, SettingsError and KeyringError are AppErrors with a kind, keeping their names', async () => {
    const { NoKeyError, SettingsError } = await loadWithoutVscode(() => import('../../src/connections'));
    const { KeyringError } = await loadWithoutVscode(() => import('../../src/key/secretKey'));
    const cases: Array<[AppError, string, string]> = [
      [new NoKeyError(), 'NoKeyError', 'no-key'],
      [new SettingsError('clerk.apiUrl must use https.'), 'SettingsError', 'settings'],
      [new KeyringError(new Error('no keyring')), 'KeyringError', 'keyring'],
    ];
    for (const [e, name, kind] of cases) {
      assert.ok(e instanceof AppError, name);
      assert.ok(e instanceof Error);
      assert.ok(!(e instanceof ClerkError), `${name} is not a Clerk client error`);
      assert.equal(e.name, name);
      assert.equal(e.kind, kind);
      assert.equal(JSON.parse(JSON.stringify(e)).kind, kind);
    }
  });

  it('their messages are redacted like every other error', async () => {
    const { KeyringError } = await loadWithoutVscode(() => import('../../src/key/secretKey'));
    const { SettingsError } = await loadWithoutVscode(() => import('../../src/connections'));
    for (const e of [new KeyringError(new Error(`store failed for ${key}`)), new SettingsError(`bad url https://x/?k=${key}`)]) {
      assert.ok(!e.message.includes(key.slice(8)), e.message);
      assert.match(e.message, /sk_test_…/);
    }
  });

  it('the client errors are AppErrors too', () => {
    assert.throws(
      () => new ClerkClient({ secretKey: '' }),
      (e: unknown) => e instanceof AppError && e instanceof ClerkInputError && e.kind === 'input',
    );
  });
});

describe('errorMessage and isAuthError', () => {
  it('errorMessage shows any caught value, redacted, and never throws', () => {
    const tricky = {
      toString() {
        throw new Error('no');
      },
    };
    const cases: Array<[unknown, string]> = [
      [new Error(`boom with ${key}`), 'boom with sk_test_…'],
      [`plain ${key}`, 'plain sk_test_…'],
      [42, '42'],
      [undefined, 'undefined'],
      [null, 'null'],
      [{ a: 1 }, '[object Object]'],
      [tricky, 'an error that cannot be shown as text'],
      [Object.create(null) as unknown, 'an error that cannot be shown as text'],
      ['Authorization: Bearer abc.def', 'Authorization: Bearer [redacted]'],
    ];
    for (const [value, shown] of cases) assert.equal(errorMessage(value), shown);
  });

  it('isAuthError is true for a 401 from Clerk only', async () => {
    const server = await startClerkServer({ seed: 3 });
    try {
      const wrong = new ClerkClient({ secretKey: makeTestSecretKey('test'), apiUrl: server.url });
      const e401 = await wrong.getInstance().catch((e: unknown) => e);
      assert.equal(isAuthError(e401), true);
      const right = new ClerkClient({ secretKey: server.secretKey, apiUrl: server.url });
      const e404 = await right.getSession('sess_nope').catch((e: unknown) => e);
      assert.ok(e404 instanceof ClerkApiError && e404.status === 404);
      assert.equal(isAuthError(e404), false);
      assert.equal(isAuthError(new Error('401')), false);
      assert.equal(isAuthError({ status: 401 }), false);
      // by class, not by shape: an Error that only looks like Clerk's 401 is not one
      assert.equal(isAuthError(Object.assign(new Error('401'), { kind: 'api', status: 401 })), false);
    } finally {
      await server.stop();
    }
  });
});
