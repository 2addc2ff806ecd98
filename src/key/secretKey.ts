// The secret keys: one SecretStorage entry per instance, metadata (never the key) in globalState, and the two
// context keys the manifest's when-clauses read. A keyring that fails can hold a key for this window only.
// No vscode import: it sits over the minimal SecretStore/StateStore below (context.secrets and context.globalState
// satisfy them) and a setContext callback, and is unit-tested on Node with fakes (test/unit/keyStore.test.ts).
import { createHash } from 'node:crypto';
import { AppError } from '../clerk/errors';
import { Ctx, INSTANCES_STATE, secretName } from '../ids';
import { Emitter, type Disposable } from '../model/events';
import { maskKey } from '../util/redact';
import { keyEnvironment, type KeyEnvironment } from './keyShape';

export interface InstanceMeta {
  /** Local id, derived from the key: stable across windows, says nothing about the key. */
  id: string;
  name: string;
  keyEnvironment: KeyEnvironment;
  /** Clerk's environment_type, when the key was checked against GET /instance. */
  environmentType?: string;
  clerkInstanceId?: string;
  maskedKey: string;
  addedAt: number;
}

/** The part of vscode.SecretStorage the store uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The part of vscode.Memento the store uses. */
export interface StateStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Sets a when-clause context key (in the extension: the `setContext` command). */
export type SetContext = (key: string, value: boolean) => PromiseLike<unknown>;

export const instanceIdForKey = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export class KeyringError extends AppError {
  readonly kind = 'keyring' as const;
  constructor(cause: unknown) {
    super(`VS Code could not save the key in the OS keyring (${cause instanceof Error ? cause.message : String(cause)}).`);
    this.name = 'KeyringError';
  }
}

export class KeyStore implements Disposable {
  private readonly windowOnly = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
    private readonly setContext: SetContext,
  ) {}

  list(): InstanceMeta[] {
    return this.state.get<InstanceMeta[]>(INSTANCES_STATE, []);
  }

  get(id: string): InstanceMeta | undefined {
    return this.list().find((i) => i.id === id);
  }

  isWindowOnly(id: string): boolean {
    return this.windowOnly.has(id);
  }

  /** Read the key when it is needed; nothing keeps it afterwards. */
  async getKey(id: string): Promise<string | undefined> {
    return this.windowOnly.get(id) ?? (await this.secrets.get(secretName(id)));
  }

  /**
   * Store a key and its metadata. Throws KeyringError when SecretStorage fails, unless `windowOnly` is set, in
   * which case the key lives in this window's memory until it closes.
   */
  async add(
    key: string,
    meta: Omit<InstanceMeta, 'id' | 'maskedKey' | 'keyEnvironment' | 'addedAt'>,
    opts: { windowOnly?: boolean } = {},
  ): Promise<InstanceMeta> {
    const id = instanceIdForKey(key);
    if (opts.windowOnly) {
      this.windowOnly.set(id, key);
    } else {
      try {
        await this.secrets.store(secretName(id), key);
      } catch (e) {
        throw new KeyringError(e);
      }
    }
    const existing = this.get(id);
    const entry: InstanceMeta = {
      ...meta,
      id,
      name: meta.name || existing?.name || '',
      keyEnvironment: keyEnvironment(key),
      maskedKey: maskKey(key),
      addedAt: existing?.addedAt ?? Date.now(),
    };
    await this.state.update(INSTANCES_STATE, [...this.list().filter((i) => i.id !== id), entry]);
    await this.refreshContext();
    return entry;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.state.update(
      INSTANCES_STATE,
      this.list().map((i) => (i.id === id ? { ...i, name } : i)),
    );
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    this.windowOnly.delete(id);
    await this.secrets.delete(secretName(id));
    await this.state.update(
      INSTANCES_STATE,
      this.list().filter((i) => i.id !== id),
    );
    await this.refreshContext();
  }

  /**
   * Drop metadata whose key is gone (deleted in another window, or a window-only key after a reload), then set the
   * context keys. Called at activation and explicitly after every store or delete: secrets.onDidChange does not
   * reliably fire in the window that wrote.
   */
  async refreshContext(): Promise<void> {
    const list = this.list();
    const alive: InstanceMeta[] = [];
    for (const i of list) {
      if (this.windowOnly.has(i.id) || (await this.secrets.get(secretName(i.id))) !== undefined) alive.push(i);
    }
    if (alive.length !== list.length) await this.state.update(INSTANCES_STATE, alive);
    await this.setContext(Ctx.hasKey, alive.length > 0);
    await this.setContext(
      Ctx.liveKey,
      alive.some((i) => i.keyEnvironment === 'live'),
    );
    this.changed.fire();
  }

  dispose(): void {
    this.windowOnly.clear();
    this.changed.dispose();
  }
}
