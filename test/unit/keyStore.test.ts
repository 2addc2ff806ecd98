// The key store on plain Node, over fakes of SecretStorage and Memento (issue 14, §4): store/list/get/remove, live and
// test keys, names, metadata that never holds the key, the context keys, and a keyring that fails (the key kept for
// this window only). The keys are made here and obviously fake.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { INSTANCES_STATE, secretName } from '../../src/ids';
import { KeyStore, KeyringError, instanceIdForKey, type SecretStore, type StateStore } from '../../src/key/secretKey';

const fakeKey = (env: 'test' | 'live') => `sk_${env}_FAKE${randomBytes(12).toString('hex')}`;

/** SecretStorage as VS Code gives it: an async string map; `failing` makes store/get reject like a missing keyring. */
class FakeSecrets implements SecretStore {
  readonly entries = new Map<string, string>();
  failing: Error | undefined;
  get(key: string): Promise<string | undefined> {
    return this.failing ? Promise.reject(this.failing) : Promise.resolve(this.entries.get(key));
  }
  store(key: string, value: string): Promise<void> {
    if (this.failing) return Promise.reject(this.failing);
    this.entries.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/** Memento as VS Code keeps it: values go through JSON, so nothing but plain data survives. */
class FakeState implements StateStore {
  readonly raw = new Map<string, string>();
  get<T>(key: string, defaultValue: T): T {
    const v = this.raw.get(key);
    return v === undefined ? defaultValue : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.raw.delete(key);
    else this.raw.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

describe('KeyStore (SecretStorage and Memento fakes)', () => {
  let secrets: FakeSecrets;
  let state: FakeState;
  let context: Map<string, boolean>;
  let keys: KeyStore;
  let changes: number;

  beforeEach(() => {
    secrets = new FakeSecrets();
    state = new FakeState();
    context = new Map();
    keys = new KeyStore(secrets, state, (k, v) => {
      context.set(k, v);
      return Promise.resolve();
    });
    changes = 0;
    keys.onDidChange(() => changes++);
  });
  afterEach(() => keys.dispose());

  it('stores a key in SecretStorage and only its metadata in state; lists, gets and reads it back', async () => {
    const key = fakeKey('test');
    const saved = await keys.add(key, { name: 'Staging', environmentType: 'development', clerkInstanceId: 'ins_fake1' });
    assert.equal(saved.id, instanceIdForKey(key));
    assert.equal(saved.name, 'Staging');
    assert.equal(saved.keyEnvironment, 'test');
    assert.equal(saved.maskedKey, `sk_test_…${key.slice(-4)}`);
    assert.equal(secrets.entries.get(secretName(saved.id)), key);
    assert.deepEqual(keys.list(), [saved]);
    assert.deepEqual(keys.get(saved.id), saved);
    assert.equal(keys.get('nope'), undefined);
    assert.equal(await keys.getKey(saved.id), key);
    assert.equal(keys.isWindowOnly(saved.id), false);
    // The metadata never holds the key, nor a part of it longer than the masked tail.
    const persisted = state.raw.get(INSTANCES_STATE) ?? '';
    assert.ok(persisted.includes(saved.id));
    assert.ok(!persisted.includes(key), 'the key is not in state');
    assert.ok(!persisted.includes(key.slice(8, 20)), 'no part of the key body is in state');
    assert.ok(!saved.id.includes(key.slice(8, 14)), 'the id says nothing about the key');
    assert.equal(context.get('clerk.hasKey'), true);
    assert.equal(context.get('clerk.liveKey'), false);
    assert.ok(changes >= 1, 'listeners hear of it');
  });

  it('tells live keys from test keys, in the metadata and the liveKey context key', async () => {
    const t = await keys.add(fakeKey('test'), { name: '' });
    assert.equal(context.get('clerk.liveKey'), false);
    const l = await keys.add(fakeKey('live'), { name: 'Prod' });
    assert.equal(t.keyEnvironment, 'test');
    assert.equal(l.keyEnvironment, 'live');
    assert.match(l.maskedKey, /^sk_live_…/);
    assert.equal(context.get('clerk.liveKey'), true);
    await keys.remove(l.id);
    assert.equal(context.get('clerk.liveKey'), false);
    assert.equal(context.get('clerk.hasKey'), true);
  });

  it('the same key stored again is one instance: keeps its name and addedAt unless a new name is given; rename', async () => {
    const key = fakeKey('test');
    const first = await keys.add(key, { name: 'Mine' });
    const again = await keys.add(key, { name: '' });
    assert.equal(keys.list().length, 1);
    assert.equal(again.name, 'Mine');
    assert.equal(again.addedAt, first.addedAt);
    await keys.add(key, { name: 'Renamed by add' });
    assert.equal(keys.get(first.id)?.name, 'Renamed by add');
    const before = changes;
    await keys.rename(first.id, 'Other');
    assert.equal(keys.get(first.id)?.name, 'Other');
    assert.ok(changes > before, 'a rename is announced');
    assert.equal(await keys.getKey(first.id), key, 'renaming leaves the key alone');
  });

  it('remove deletes the key and its metadata; the last one clears hasKey', async () => {
    const a = await keys.add(fakeKey('test'), { name: 'A' });
    const b = await keys.add(fakeKey('test'), { name: 'B' });
    await keys.remove(a.id);
    assert.equal(secrets.entries.has(secretName(a.id)), false);
    assert.deepEqual(
      keys.list().map((i) => i.name),
      ['B'],
    );
    assert.equal(await keys.getKey(a.id), undefined);
    assert.equal(context.get('clerk.hasKey'), true);
    await keys.remove(b.id);
    assert.deepEqual(keys.list(), []);
    assert.equal(secrets.entries.size, 0);
    assert.equal(context.get('clerk.hasKey'), false);
  });

  it('refreshContext drops metadata whose key is gone (deleted in another window)', async () => {
    const a = await keys.add(fakeKey('test'), { name: 'A' });
    const b = await keys.add(fakeKey('live'), { name: 'B' });
    secrets.entries.delete(secretName(b.id)); // another window removed it
    await keys.refreshContext();
    assert.deepEqual(
      keys.list().map((i) => i.id),
      [a.id],
    );
    assert.equal(context.get('clerk.liveKey'), false);
  });

  it('a keyring that rejects: add throws KeyringError with the cause and keeps nothing', async () => {
    secrets.failing = new Error("An OS keyring couldn't be identified for storing the encryption related data.");
    const key = fakeKey('test');
    await assert.rejects(keys.add(key, { name: 'X' }), (e: unknown) => {
      assert.ok(e instanceof KeyringError);
      assert.equal(e.kind, 'keyring');
      assert.match(e.message, /could not save the key in the OS keyring .*OS keyring couldn't be identified/);
      assert.ok(!e.message.includes(key), 'the error does not carry the key');
      return true;
    });
    assert.deepEqual(keys.list(), []);
    assert.equal(secrets.entries.size, 0);
  });

  it('a keyring that rejects: windowOnly keeps the key in memory for this window only, never in SecretStorage or state', async () => {
    secrets.failing = new Error('no keyring');
    const key = fakeKey('live');
    const saved = await keys.add(key, { name: 'Temp' }, { windowOnly: true });
    assert.equal(keys.isWindowOnly(saved.id), true);
    assert.equal(await keys.getKey(saved.id), key, 'readable without asking the keyring');
    assert.equal(secrets.entries.size, 0, 'not in SecretStorage');
    assert.ok(!(state.raw.get(INSTANCES_STATE) ?? '').includes(key), 'not in state');
    assert.equal(context.get('clerk.hasKey'), true);
    assert.equal(context.get('clerk.liveKey'), true);
    // A new window (a new store over the same state) has no such key: its metadata is dropped.
    secrets.failing = undefined;
    const next = new KeyStore(secrets, state, (k, v) => {
      context.set(k, v);
      return Promise.resolve();
    });
    await next.refreshContext();
    assert.deepEqual(next.list(), []);
    assert.equal(context.get('clerk.hasKey'), false);
    next.dispose();
    // Removing the window-only key forgets it in this window too.
    await keys.remove(saved.id);
    assert.equal(await keys.getKey(saved.id), undefined);
  });
});
