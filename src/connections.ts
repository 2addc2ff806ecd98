// Clients per instance, made on demand from the stored key and the settings, and dropped after a short idle time
// so the key is held in memory only while in use. Also the per-instance caches the commands share.
import * as vscode from 'vscode';
import type { ClerkClient } from './clerk/client';
import { heavy } from './lazy';
import { AppError } from './clerk/errors';
import type { ServerClock } from './clerk/options';
import type { Instance, Jwk, Jwks, JwtTemplate } from './clerk/types';
import { checkApiUrl, readSettings } from './config';
import type { KeyStore } from './key/secretKey';
import { instanceTitle } from './key/instanceTitle';
import type { Logger } from './util/log';

const IDLE_MS = 120_000;
/**
 * globalState key of an instance's public signing keys (JWKS): public data, kept so a hover can check offline. The value
 * names the API URL the keys came from: keys remembered under another clerk.apiUrl (a mock, a proxy) are never used
 * for this one, and are forgotten when clerk.apiUrl changes.
 */
const jwksState = (instanceId: string) => `clerk.jwks.${instanceId}`;

interface RememberedJwks {
  apiUrl: string;
  keys: Jwk[];
}

function isRemembered(v: unknown): v is RememberedJwks {
  return (
    typeof v === 'object' && v !== null && typeof (v as RememberedJwks).apiUrl === 'string' && Array.isArray((v as RememberedJwks).keys)
  );
}
/** The fields of a public JWK worth keeping; anything else an answer carries is dropped. */
const PUBLIC_JWK_FIELDS = ['kid', 'kty', 'alg', 'use', 'n', 'e', 'crv', 'x', 'y'] as const;

export class NoKeyError extends AppError {
  readonly kind = 'no-key' as const;
  constructor() {
    super('The secret key for this instance is gone (removed in another window?). Set it again.');
    this.name = 'NoKeyError';
  }
}

export class SettingsError extends AppError {
  readonly kind = 'settings' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

interface Entry {
  client: ClerkClient;
  timer: NodeJS.Timeout;
  apiUrl: string;
  timeoutMs: number;
}

export class Connections implements vscode.Disposable {
  private readonly clients = new Map<string, Entry>();
  private readonly templates = new Map<string, JwtTemplate[]>();
  /** Instances whose deprecated POST /sessions/{id}/verify answered 404 or 410: not asked again until a refresh. */
  private readonly verifyGone = new Map<string, number>();

  private readonly instances = new Map<string, Instance>();
  /** instanceId + "\n" + API URL whose public keys learnPublicKeys fetched (or tried to) in this window. */
  private readonly keysTried = new Set<string>();
  /** Clerk's clock from the Date header of the latest Backend API answer in this window (no request of its own). */
  serverClock: (ServerClock & { apiUrl: string }) | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly log: Logger,
    private readonly version: string,
    private readonly state?: vscode.Memento,
  ) {}

  /** GET /jwks for an instance (the client caches it); its public keys are remembered for offline checks. */
  async jwks(instanceId: string, signal?: AbortSignal): Promise<Jwks> {
    const client = await this.client(instanceId);
    const apiUrl = this.clients.get(instanceId)?.apiUrl ?? readSettings().apiUrl;
    const jwks = await client.getJwks({}, signal);
    const keep: RememberedJwks = {
      apiUrl,
      keys: jwks.keys.map(
        (k) => Object.fromEntries(PUBLIC_JWK_FIELDS.filter((f) => typeof k[f] === 'string').map((f) => [f, k[f]])) as Jwk,
      ),
    };
    const before = JSON.stringify(this.state?.get(jwksState(instanceId)) ?? null);
    if (before !== JSON.stringify(keep)) await this.state?.update(jwksState(instanceId), keep);
    return jwks;
  }

  /**
   * The first use of an instance in this window (the tree loads it): when no public keys of it are remembered for the
   * API URL now set, GET /jwks once, so that a hover (which sends nothing) can check a signature before any Explain or
   * Verify. Tried once per instance and API URL per window (a failure is logged, not retried on every redraw); never
   * from activate(). Resolves when done, never rejects.
   */
  async learnPublicKeys(instanceId: string): Promise<void> {
    if (this.rememberedKeys(instanceId).length > 0) return;
    const tried = `${instanceId}\n${readSettings().apiUrl}`;
    if (this.keysTried.has(tried)) return;
    this.keysTried.add(tried);
    try {
      await this.jwks(instanceId);
    } catch (e) {
      const i = this.keys.get(instanceId);
      const name = i ? `"${instanceTitle(i)}" (${i.maskedKey})` : instanceId;
      this.log.error(
        `Could not read the public keys (GET /jwks) of ${name}; a hover cannot check signatures until Explain or Verify reads them`,
        e,
      );
    }
  }

  /** The instance's remembered public keys, when they came from the API URL now set; else none. */
  rememberedKeys(instanceId: string): Jwk[] {
    const v = this.state?.get<unknown>(jwksState(instanceId));
    return isRemembered(v) && v.apiUrl === readSettings().apiUrl ? v.keys.filter((k) => typeof k?.kid === 'string') : [];
  }

  /** The connected instance whose remembered JWKS has this kid, without any request (hovers). */
  knownKey(kid: string): { instanceId: string; jwk: Jwk } | undefined {
    for (const i of this.keys.list()) {
      const jwk = this.rememberedKeys(i.id).find((k) => k.kid === kid);
      if (jwk) return { instanceId: i.id, jwk };
    }
    return undefined;
  }

  /** Every remembered public key of every connected instance, with the instance that holds it (hovers: no request). */
  knownKeys(): Array<{ instanceId: string; jwk: Jwk }> {
    return this.keys.list().flatMap((i) => this.rememberedKeys(i.id).map((jwk) => ({ instanceId: i.id, jwk })));
  }

  /** clerk.apiUrl changed: every remembered public key came from another server, so all of them go. */
  async forgetAllPublicKeys(): Promise<void> {
    this.keysTried.clear();
    for (const i of this.keys.list()) await this.state?.update(jwksState(i.id), undefined);
  }

  /** The instance's key was removed: its remembered public keys go too. */
  async forgetPublicKeys(instanceId: string): Promise<void> {
    for (const t of this.keysTried) if (t.startsWith(`${instanceId}\n`)) this.keysTried.delete(t);
    await this.state?.update(jwksState(instanceId), undefined);
  }

  /** GET /instance (allowed origins and the like), once per instance until a refresh. */
  async instance(instanceId: string, signal?: AbortSignal): Promise<Instance> {
    const hit = this.instances.get(instanceId);
    if (hit) return hit;
    const got = await (await this.client(instanceId)).getInstance(signal);
    this.instances.set(instanceId, got);
    return got;
  }

  /** A client for a key that is not stored yet (Set Secret Key checks it with GET /instance first). */
  clientForKey(secretKey: string): ClerkClient {
    const s = readSettings();
    const problem = checkApiUrl(s.apiUrl);
    if (problem) throw new SettingsError(problem);
    // The client (with its HTTP library) is in dist/heavy.js: loaded by the first request, never by activation.
    return new (heavy().ClerkClient)({
      secretKey,
      apiUrl: s.apiUrl,
      timeoutMs: s.requestTimeoutSeconds * 1000,
      version: this.version,
      logger: (e) => this.log[e.level](`[client] ${e.message}`),
      onServerClock: (c) => (this.serverClock = { ...c, apiUrl: s.apiUrl }),
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

  /** The status (404 or 410) with which this instance said its deprecated verify endpoint is gone, if it did. */
  verifyGoneStatus(instanceId: string): number | undefined {
    return this.verifyGone.get(instanceId);
  }

  markVerifyGone(instanceId: string, status: number): void {
    this.verifyGone.set(instanceId, status);
  }

  /** Forget what is cached for one instance (or all): after a refresh, a new key, a removed key. */
  forget(instanceId?: string): void {
    for (const id of instanceId ? [instanceId] : [...this.clients.keys()]) this.drop(id);
    if (instanceId) {
      this.templates.delete(instanceId);
      this.instances.delete(instanceId);
      this.verifyGone.delete(instanceId);
    } else {
      this.templates.clear();
      this.instances.clear();
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
