// Clients per instance, made on demand from the stored key and the settings, and dropped after a short idle time
// so the key is held in memory only while in use. Also the per-instance caches the commands share.
import * as vscode from 'vscode';
import { ClerkClient } from './clerk/client';
import type { JwtTemplate } from './clerk/types';
import { checkApiUrl, readSettings } from './config';
import type { KeyStore } from './key/secretKey';
import type { Logger } from './util/log';

const IDLE_MS = 120_000;

export class NoKeyError extends Error {
  constructor() {
    super('The secret key for this instance is gone (removed in another window?). Set it again.');
    this.name = 'NoKeyError';
  }
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

interface Entry { client: ClerkClient; timer: NodeJS.Timeout; apiUrl: string; timeoutMs: number }

export class Connections implements vscode.Disposable {
  private readonly clients = new Map<string, Entry>();
  private readonly templates = new Map<string, JwtTemplate[]>();
  /** Instances whose deprecated POST /sessions/{id}/verify answered 404 or 410: not asked again until a refresh. */
  readonly verifyGone = new Map<string, number>();

  constructor(private readonly keys: KeyStore, private readonly log: Logger, private readonly version: string) {}

  /** A client for a key that is not stored yet (Set Secret Key checks it with GET /instance first). */
  clientForKey(secretKey: string): ClerkClient {
    const s = readSettings();
    const problem = checkApiUrl(s.apiUrl);
    if (problem) throw new SettingsError(problem);
    return new ClerkClient({
      secretKey,
      apiUrl: s.apiUrl,
      timeoutMs: s.requestTimeoutSeconds * 1000,
      version: this.version,
      logger: (e) => this.log[e.level](`[client] ${e.message}`),
    });
  }

  async client(instanceId: string): Promise<ClerkClient> {
    const s = readSettings();
    const cached = this.clients.get(instanceId);
    if (cached && cached.apiUrl === s.apiUrl && cached.timeoutMs === s.requestTimeoutSeconds * 1000) {
      cached.timer.refresh();
      return cached.client;
    }
    this.drop(instanceId);
    const key = await this.keys.getKey(instanceId);
    if (!key) throw new NoKeyError();
    const client = this.clientForKey(key);
    const timer = setTimeout(() => this.drop(instanceId), IDLE_MS);
    timer.unref?.();
    this.clients.set(instanceId, { client, timer, apiUrl: s.apiUrl, timeoutMs: s.requestTimeoutSeconds * 1000 });
    return client;
  }

  /** The instance's JWT templates, fetched once and kept until a refresh. */
  async jwtTemplates(instanceId: string, signal?: AbortSignal): Promise<JwtTemplate[]> {
    const hit = this.templates.get(instanceId);
    if (hit) return hit;
    const list = await (await this.client(instanceId)).listJwtTemplates(signal);
    this.templates.set(instanceId, list);
    return list;
  }

  /** Forget what is cached for one instance (or all): after a refresh, a new key, a removed key. */
  forget(instanceId?: string): void {
    for (const id of instanceId ? [instanceId] : [...this.clients.keys()]) this.drop(id);
    if (instanceId) {
      this.templates.delete(instanceId);
      this.verifyGone.delete(instanceId);
    } else {
      this.templates.clear();
      this.verifyGone.clear();
    }
  }

  private drop(instanceId: string): void {
    const e = this.clients.get(instanceId);
    if (!e) return;
    clearTimeout(e.timer);
    this.clients.delete(instanceId);
  }

  dispose(): void {
    this.forget();
  }
}
