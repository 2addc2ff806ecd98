// A local Clerk-compatible Backend API server for tests and demos: Node `http`, no framework.
// The contract is the official spec in /work/shared/clerk-bapi (2026-05-12.yml; the deprecated
// POST /sessions/{session_id}/verify from 2024-10-01.yml). Faults (latency, errors, 429s, hangs) are driven
// from tests through `controls`, or from another process through POST /__control/*.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import {
  clerkId,
  cookieHeaderFrom,
  frontendSetCookies,
  mintHandshake,
  peekJwt,
  publishableKeyFor,
  seedMachineTokens,
  type BrowserCookieOptions,
  type MachineTokens,
} from './machine';
import { generateData, SESSION_STATUS_FILTERS, type Membership, type ServerData, type Session, type User } from './data';
import {
  checkToken,
  ISSUER,
  makeSigningKey,
  makeTemplateSecret,
  mintSessionToken,
  mintTemplateToken,
  PRODUCTION_ISSUER,
  type OrgContext,
  type SigningKey,
  type TokenVersion,
} from './jwt';

export type {
  ServerData,
  User,
  Session,
  SessionActivity,
  SessionStatus,
  SessionTask,
  EmailAddress,
  PhoneNumber,
  JwtTemplate,
  Instance,
  Organization,
  Membership,
  Billing,
} from './data';
export { HOSTILE, HOSTILE_USERS, HOSTILE_TEMPLATE_NAME, ROLE_PERMISSIONS } from './data';
export { ISSUER, PRODUCTION_ISSUER, AUTHORIZED_PARTY, SESSION_TOKEN_LIFETIME, SESSION_TOKEN_CLOCK_SKEW, type TokenVersion } from './jwt';

export interface ClerkServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The accepted secret key; a fresh `sk_test_FAKE…` key if absent. An `sk_live_…` key makes a production instance. */
  secretKey?: string;
  /** Number of seeded users (default 60). */
  users?: number;
  /** Seed of the fixture data (default 1): same seed, same ids, names and statuses. */
  seed?: number;
  /**
   * Shape of list responses when the request says `paginated=true`. 'array' (default) answers a bare array,
   * the only shape the spec's Session.List / JWTTemplate.List responses allow (a prism proxy accepts it).
   * 'object' answers `{data, total_count}` like the live API does for paginated=true (prism rejects that).
   */
  paginatedShape?: 'array' | 'object';
  /** Version of the default session tokens: 2 (default, as Clerk since 2025-04) or 1 (older instances). */
  tokenVersion?: TokenVersion;
  /** Append the HOSTILE users and sessions after the seeded ones, and the hostile template (default true; the demo says false). */
  hostile?: boolean;
}

/** A sign-in token as POST /sign_in_tokens answers it (SignInToken in the spec). */
export interface SignInToken {
  object: 'sign_in_token';
  id: string;
  status: 'pending' | 'accepted' | 'revoked';
  user_id: string;
  token: string;
  url: string;
  created_at: number;
  updated_at: number;
}

/** An actor (impersonation) token as POST /actor_tokens answers it (ActorToken in the spec). */
export interface ActorToken {
  object: 'actor_token';
  id: string;
  status: 'pending' | 'accepted' | 'revoked';
  user_id: string;
  actor: Record<string, unknown>;
  token: string;
  url: string;
  created_at: number;
  updated_at: number;
}

export interface RequestLogEntry {
  method: string;
  /** URL path without the query string, e.g. /v1/sessions/sess_2abc */
  path: string;
  /** The query string including '?', or '' (an addition to the agreed shape). */
  search: string;
  /** e.g. 'GET /v1/sessions/{session_id}'; for unknown paths `${method} ${path}` */
  route: string;
  /** 0 while the request has no answer (or never will: hang) */
  status: number;
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

export type FailBody = 'json' | 'html' | 'empty' | 'truncated';

export interface ClerkServer {
  url: string;
  origin: string;
  secretKey: string;
  requests: RequestLogEntry[];
  count(route?: string | RegExp): number;
  resetLog(): void;
  controls: {
    latency(ms: number): void;
    failNext(n: number, status: number, opts?: { body?: FailBody; retryAfter?: number; route?: string | RegExp }): void;
    rateLimit(opts: { forMs?: number; n?: number; retryAfter: number }): void;
    hang(n: number): void;
    verifyEndpoint(mode: 'ok' | 'gone' | 'missing'): void;
    /** Switches the paginated=true list shape (see ClerkServerOptions.paginatedShape). An addition. */
    paginatedShape(shape: 'array' | 'object'): void;
    /** Version of the default session tokens from now on (reset() goes back to the option, default 2). An addition. */
    tokenVersion(version: TokenVersion): void;
    /** Skews the `Date` header of every answer by `ms` (positive: the server's clock is ahead). An addition. */
    clockSkew(ms: number): void;
    /**
     * How the verify endpoints answer a revoked or expired opaque machine token: 'notFound' (default, the strict
     * reading: @clerk/backend takes any 200 as verified) or 'flagged' (200 with revoked/expired set). An addition.
     */
    inactiveMachineTokens(mode: 'notFound' | 'flagged'): void;
    reset(): void;
  };
  data: ServerData;
  /** Actor tokens made with POST /actor_tokens, oldest first. */
  actorTokens: ActorToken[];
  /** Sign-in tokens made with POST /sign_in_tokens, oldest first. */
  signInTokens: SignInToken[];
  /** Testing tokens made with POST /testing_tokens, oldest first. */
  testingTokens: { token: string; expires_at: number }[];
  /** Seeded API keys, M2M tokens and OAuth access tokens (valid, revoked, expired) that the verify endpoints know. */
  machineTokens: MachineTokens;
  /** The instance's publishable key (pk_test_/pk_live_ + base64 of the Frontend API host + '$'). */
  publishableKey: string;
  /** Test-only: what Clerk's Frontend API would set for a browser (see test/server/machine.ts). */
  frontend: {
    setCookies(o: BrowserCookieOptions): string[];
    /** A `__clerk_handshake` JWT signed by the instance key listing those Set-Cookie lines. */
    handshake(o: BrowserCookieOptions): Promise<string>;
    /** The Cookie header a browser sends after those lines. */
    cookieHeader(o: BrowserCookieOptions): string;
    /** A fresh session token for a seeded session (its default claims, the current token version). */
    sessionToken(sessionId: string, opts?: { nowMs?: number; expiresInSeconds?: number }): Promise<string>;
  };
  /** `iss` of every token: a development Frontend API URL, or https://clerk.<domain> for an sk_live_ key. */
  issuer: string;
  /** 'production' for an sk_live_ key: POST /sessions is refused there, as on real production instances. */
  environment: 'development' | 'production';
  /** The secret (UTF-8 bytes, HS256) that signs the templates with custom_signing_key, e.g. 'supabase'; made at start,
   * not in the JWKS. Undefined for a template without a custom key or an unknown name. */
  templateSecret(templateName: string): string | undefined;
  publicJwk(): object;
  stop(): Promise<void>;
}

/** An obviously fake key: 'sk_test_FAKE' + 40 random hex characters. */
export function makeTestSecretKey(kind: 'test' | 'live' = 'test'): string {
  return `sk_${kind}_FAKE${randomBytes(20).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------- errors

interface ErrorItem {
  message: string;
  long_message: string;
  code: string;
  meta?: Record<string, unknown>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string,
    readonly meta?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function traceId(): string {
  return randomBytes(16).toString('hex');
}

function errorBody(items: ErrorItem[], trace: string): object {
  return { errors: items, clerk_trace_id: trace };
}

const notFound = (what: string, id?: string): ApiError =>
  new ApiError(404, 'resource_not_found', 'not found', id ? `No ${what} was found with id ${id}` : `The requested ${what} was not found`);

const paramInvalid = (name: string, long: string): ApiError =>
  new ApiError(422, 'form_param_value_invalid', 'is invalid', long, { param_name: name });

const paramFormat = (name: string, long: string): ApiError =>
  new ApiError(422, 'form_param_format_invalid', 'is invalid', long, { param_name: name });

const FAULT_CODES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['authentication_invalid', 'Invalid authentication'],
  403: ['authorization_invalid', 'Unauthorized request'],
  404: ['resource_not_found', 'not found'],
  409: ['conflict', 'Conflict'],
  410: ['gone', 'Gone'],
  422: ['form_param_value_invalid', 'is invalid'],
  429: ['too_many_requests', 'Too many requests'],
  500: ['internal_clerk_error', 'Oops, an unexpected error occurred'],
  502: ['bad_gateway', 'Bad gateway'],
  503: ['service_unavailable', 'Service unavailable'],
  504: ['gateway_timeout', 'Gateway timeout'],
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// ---------------------------------------------------------------------------------------------- routing

interface Ctx {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}
type Handler = (ctx: Ctx) => Promise<{ status?: number; body: unknown }> | { status?: number; body: unknown };
interface Route {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

function route(method: string, template: string, handler: Handler): Route {
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      }) +
      '$',
  );
  return { method, template, re, names, handler };
}

/** Values of an array query parameter, whether sent as `x=a&x=b` or `x[]=a&x[]=b`. */
function many(q: URLSearchParams, name: string): string[] {
  return [...q.getAll(name), ...q.getAll(`${name}[]`)]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw paramFormat(name, `${name} must be an integer`);
  const v = Number(raw);
  if (v < min || v > max) throw paramInvalid(name, `${name} must be between ${min} and ${max}`);
  return v;
}

function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw paramFormat(name, `${name} must be true or false`);
}

const USER_ORDER_FIELDS = [
  'created_at',
  'updated_at',
  'email_address',
  'web3wallet',
  'first_name',
  'last_name',
  'phone_number',
  'username',
  'last_active_at',
  'last_sign_in_at',
];

function primaryEmail(u: User): string | null {
  return u.email_addresses.find((e) => e.id === u.primary_email_address_id)?.email_address ?? null;
}
function primaryPhone(u: User): string | null {
  return u.phone_numbers.find((p) => p.id === u.primary_phone_number_id)?.phone_number ?? null;
}

function userSortKey(u: User, field: string): string | number | null {
  switch (field) {
    case 'email_address':
      return primaryEmail(u)?.toLowerCase() ?? null;
    case 'phone_number':
      return primaryPhone(u);
    case 'web3wallet':
      return null;
    case 'first_name':
      return u.first_name?.toLowerCase() ?? null;
    case 'last_name':
      return u.last_name?.toLowerCase() ?? null;
    case 'username':
      return u.username?.toLowerCase() ?? null;
    case 'updated_at':
      return u.updated_at;
    case 'last_active_at':
      return u.last_active_at;
    case 'last_sign_in_at':
      return u.last_sign_in_at;
    default:
      return u.created_at;
  }
}

function filterUsers(all: User[], q: URLSearchParams, memberships: readonly Membership[] = []): User[] {
  let users = all;
  const ids = many(q, 'user_id');
  const include = ids.filter((v) => !v.startsWith('-')).map((v) => v.replace(/^\+/, ''));
  const exclude = new Set(ids.filter((v) => v.startsWith('-')).map((v) => v.slice(1)));
  if (include.length) users = users.filter((u) => include.includes(u.id));
  if (exclude.size) users = users.filter((u) => !exclude.has(u.id));
  const ext = many(q, 'external_id');
  const extIn = ext.filter((v) => !v.startsWith('-')).map((v) => v.replace(/^\+/, ''));
  const extOut = new Set(ext.filter((v) => v.startsWith('-')).map((v) => v.slice(1)));
  if (extIn.length) users = users.filter((u) => u.external_id !== null && extIn.includes(u.external_id));
  if (extOut.size) users = users.filter((u) => u.external_id === null || !extOut.has(u.external_id));
  const emails = many(q, 'email_address').map((e) => e.toLowerCase());
  if (emails.length) users = users.filter((u) => u.email_addresses.some((e) => emails.includes(e.email_address.toLowerCase())));
  const phones = many(q, 'phone_number');
  if (phones.length) users = users.filter((u) => u.phone_numbers.some((p) => phones.includes(p.phone_number)));
  const usernames = many(q, 'username').map((e) => e.toLowerCase());
  if (usernames.length) users = users.filter((u) => u.username !== null && usernames.includes(u.username.toLowerCase()));
  if (many(q, 'web3_wallet').length) users = [];
  const orgIds = many(q, 'organization_id');
  if (orgIds.length) users = users.filter((u) => memberships.some((m) => m.user_id === u.id && orgIds.includes(m.organization_id)));

  const has = (hay: string | null, needle: string) => hay !== null && hay.toLowerCase().includes(needle);
  const query = q.get('query')?.trim().toLowerCase();
  if (query) {
    users = users.filter(
      (u) =>
        has(u.id, query) ||
        has(u.username, query) ||
        has(u.first_name, query) ||
        has(u.last_name, query) ||
        has([u.first_name, u.last_name].filter(Boolean).join(' '), query) ||
        u.email_addresses.some((e) => has(e.email_address, query)) ||
        u.phone_numbers.some((p) => has(p.phone_number, query)),
    );
  }
  const eq = q.get('email_address_query')?.trim().toLowerCase();
  if (eq) users = users.filter((u) => u.email_addresses.some((e) => has(e.email_address, eq)));
  const pq = q.get('phone_number_query')?.trim().toLowerCase();
  if (pq) users = users.filter((u) => u.phone_numbers.some((p) => has(p.phone_number, pq)));
  const uq = q.get('username_query')?.trim().toLowerCase();
  if (uq) users = users.filter((u) => has(u.username, uq));
  const nq = q.get('name_query')?.trim().toLowerCase();
  if (nq)
    users = users.filter(
      (u) => has(u.first_name, nq) || has(u.last_name, nq) || has([u.first_name, u.last_name].filter(Boolean).join(' '), nq),
    );
  const banned = boolParam(q, 'banned');
  if (banned !== undefined) users = users.filter((u) => u.banned === banned);
  const big = Number.MAX_SAFE_INTEGER;
  const range = (name: string): number | undefined => {
    const raw = q.get(name);
    return raw === null || raw === '' ? undefined : intParam(q, name, 0, 0, big);
  };
  const laBefore = range('last_active_at_before');
  const laAfter = range('last_active_at_after') ?? range('last_active_at_since');
  const cBefore = range('created_at_before');
  const cAfter = range('created_at_after');
  const lsBefore = range('last_sign_in_at_before');
  const lsAfter = range('last_sign_in_at_after');
  if (laBefore !== undefined) users = users.filter((u) => u.last_active_at !== null && u.last_active_at < laBefore);
  if (laAfter !== undefined) users = users.filter((u) => u.last_active_at !== null && u.last_active_at > laAfter);
  if (cBefore !== undefined) users = users.filter((u) => u.created_at < cBefore);
  if (cAfter !== undefined) users = users.filter((u) => u.created_at > cAfter);
  if (lsBefore !== undefined) users = users.filter((u) => u.last_sign_in_at !== null && u.last_sign_in_at < lsBefore);
  if (lsAfter !== undefined) users = users.filter((u) => u.last_sign_in_at !== null && u.last_sign_in_at > lsAfter);
  return users;
}

function orderUsers(users: User[], q: URLSearchParams): { users: User[]; field: string } {
  const raw = (q.getAll('order_by')[0] ?? '-created_at').trim() || '-created_at';
  const desc = raw.startsWith('-');
  const field = raw.replace(/^[+-]/, '');
  if (!USER_ORDER_FIELDS.includes(field)) {
    throw paramInvalid('order_by', `order_by must be one of ${USER_ORDER_FIELDS.join(', ')}, optionally prefixed with + or -`);
  }
  const sorted = [...users].sort((a, b) => {
    const ka = userSortKey(a, field);
    const kb = userSortKey(b, field);
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1; // nulls last, either direction
    } else if (ka !== kb) {
      const c = ka < kb ? -1 : 1;
      return desc ? -c : c;
    }
    // stable tie-break: newest first, then id
    return b.created_at - a.created_at || (a.id < b.id ? -1 : 1);
  });
  return { users: sorted, field };
}

// ---------------------------------------------------------------------------------------------- server

export async function startClerkServer(opts: ClerkServerOptions = {}): Promise<ClerkServer> {
  const host = opts.host ?? '127.0.0.1';
  const secretKey = opts.secretKey ?? makeTestSecretKey('test');
  const environment = secretKey.startsWith('sk_live_') ? 'production' : 'development';
  const data = generateData({ users: opts.users ?? 60, seed: opts.seed ?? 1, now: Date.now(), environment, hostile: opts.hostile ?? true });
  const key: SigningKey = makeSigningKey();
  const issuer = environment === 'production' ? PRODUCTION_ISSUER : ISSUER;
  const templateSecrets = new Map(
    data.jwtTemplates.filter((t) => t.custom_signing_key).map((t) => [t.name, makeTemplateSecret()] as const),
  );
  let tokenVersion: TokenVersion = opts.tokenVersion ?? 2;
  const actorTokens: ActorToken[] = [];
  const signInTokens: SignInToken[] = [];
  const testingTokens: { token: string; expires_at: number }[] = [];
  const subjectUser = data.users.find((u) => /^user_\w{27}$/.test(u.id))?.id ?? clerkId('user');
  const machineTokens = await seedMachineTokens(key, issuer, subjectUser, Date.now());
  const publishableKey = publishableKeyFor(issuer, environment);
  let clockSkewMs = 0;
  let inactiveMachine: 'notFound' | 'flagged' = 'notFound';

  // fault state
  let latencyMs = 0;
  interface FailRule {
    remaining: number;
    status: number;
    body: FailBody;
    retryAfter?: number;
    route?: string | RegExp;
  }
  let failRules: FailRule[] = [];
  let rate: { until?: number; remaining?: number; retryAfter: number } | null = null;
  let hangRemaining = 0;
  let verifyMode: 'ok' | 'gone' | 'missing' = 'ok';
  let paginatedShape: 'array' | 'object' = opts.paginatedShape ?? 'array';
  const hung = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const requests: RequestLogEntry[] = [];

  const findSession = (id: string): Session => {
    const s = data.sessions.find((x) => x.id === id);
    if (!s) throw notFound('session', id);
    return s;
  };

  const list = <T>(items: T[], q: URLSearchParams): unknown => {
    const paginated = boolParam(q, 'paginated');
    const limit = intParam(q, 'limit', 10, 1, 500);
    const offset = intParam(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const page = items.slice(offset, offset + limit);
    return paginated && paginatedShape === 'object' ? { data: page, total_count: items.length } : page;
  };

  const readTokenOptions = (body: unknown): number | null => {
    if (body === undefined || body === null) return null;
    if (typeof body !== 'object' || Array.isArray(body))
      throw new ApiError(400, 'request_body_invalid', 'Request body invalid', 'The request body must be a JSON object');
    const v = (body as Record<string, unknown>).expires_in_seconds;
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw paramFormat('expires_in_seconds', 'expires_in_seconds must be an integer');
    if (v < 30 || v > 315360000) throw paramInvalid('expires_in_seconds', 'expires_in_seconds must be between 30 and 315360000');
    return v;
  };

  const findUser = (id: string): User | undefined => data.users.find((u) => u.id === id);

  /** The session's active organization, if it has one and the user is still a member. */
  const orgContext = (s: Session): OrgContext | undefined => {
    if (!s.last_active_organization_id) return undefined;
    const org = data.organizations.find((o) => o.id === s.last_active_organization_id);
    const membership = data.memberships.find((m) => m.organization_id === s.last_active_organization_id && m.user_id === s.user_id);
    return org && membership ? { org, membership, plan: data.billing.orgPlans[org.id] } : undefined;
  };

  const mint = async (sessionId: string, templateName: string | undefined, body: unknown) => {
    const s = findSession(sessionId);
    const template = templateName === undefined ? undefined : data.jwtTemplates.find((t) => t.name === templateName);
    if (templateName !== undefined && !template) {
      throw new ApiError(404, 'resource_not_found', 'not found', `No JWT template exists with name: ${templateName}`);
    }
    const expiresIn = readTokenOptions(body);
    // a pending session still gets tokens (they say sts: pending); every other status is signed out
    if (s.status !== 'active' && s.status !== 'pending') {
      throw new ApiError(
        404,
        'resource_not_found',
        'not found',
        `Session ${s.id} is not active (status: ${s.status}); tokens can only be created for active sessions`,
        { session_status: s.status },
      );
    }
    const ctx = { session: s, user: findUser(s.user_id), org: orgContext(s), billing: data.billing, issuer };
    const jwt = template
      ? await mintTemplateToken(key, template, ctx, { expiresInSeconds: expiresIn, secret: templateSecrets.get(template.name) ?? '' })
      : await mintSessionToken(key, ctx, { version: tokenVersion, expiresInSeconds: expiresIn });
    return { body: { object: 'token', jwt } };
  };

  const bodyObject = (body: unknown): Record<string, unknown> => {
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body))
      throw new ApiError(400, 'request_body_invalid', 'Request body invalid', 'The request body must be a JSON object');
    return body as Record<string, unknown>;
  };
  const requiredString = (b: Record<string, unknown>, name: string): string => {
    const v = b[name];
    if (v === undefined || v === null || v === '') {
      throw new ApiError(422, 'form_param_missing', 'missing parameter', `${name} must be included.`, { param_name: name });
    }
    if (typeof v !== 'string') throw paramFormat(name, `${name} must be a string`);
    return v;
  };
  const newId = (prefix: string): string => {
    const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    return `${prefix}_2${[...randomBytes(26)].map((b) => BASE62[b % 62]).join('')}`;
  };

  /** OrganizationMembership as the spec shapes it. */
  const membershipBody = (m: Membership): object => {
    const org = data.organizations.find((o) => o.id === m.organization_id)!;
    const u = findUser(m.user_id);
    return {
      object: 'organization_membership',
      id: m.id,
      role: m.role,
      role_name: m.role_name,
      permissions: [...m.permissions],
      public_metadata: {},
      private_metadata: {},
      organization: org,
      public_user_data: {
        user_id: m.user_id,
        first_name: u?.first_name ?? null,
        last_name: u?.last_name ?? null,
        profile_image_url: u?.profile_image_url ?? null,
        image_url: u?.image_url ?? '',
        has_image: u?.has_image ?? false,
        identifier: u ? (primaryEmail(u) ?? u.username ?? null) : null,
        username: u?.username ?? null,
        banned: u?.banned ?? false,
        deprovisioned: u?.deprovisioned ?? false,
      },
      created_at: m.created_at,
      updated_at: m.updated_at,
    };
  };

  const routes: Route[] = [
    route('GET', '/v1/instance', () => ({ body: data.instance })),
    route('GET', '/v1/jwks', () => ({ body: { keys: [key.publicJwk] } })),
    route('GET', '/v1/domains', () => {
      const host = new URL(issuer).host;
      const dev = environment === 'development';
      const domain = {
        object: 'domain',
        id: `dmn_${data.instance.id.slice(4)}`,
        name: dev ? host : host.replace(/^clerk\./, ''),
        is_satellite: false,
        frontend_api_url: issuer,
        accounts_portal_url: dev
          ? `https://${host.replace('.clerk.accounts.dev', '.accounts.dev')}`
          : `https://accounts.${host.replace(/^clerk\./, '')}`,
        proxy_url: null,
        development_origin: dev ? 'http://localhost:3000' : '',
        cname_targets: null,
      };
      return { body: { data: [domain], total_count: 1 } };
    }),
    route('POST', '/v1/api_keys/verify', ({ body }) => {
      const secret = requiredString(bodyObject(body), 'secret');
      const found = Object.values(machineTokens.apiKeys).find((t) => t.secret === secret);
      if (!found || (found.state !== 'valid' && inactiveMachine === 'notFound')) {
        throw new ApiError(404, 'resource_not_found', 'not found', 'API key not found');
      }
      return { body: found.record };
    }),
    route('POST', '/v1/m2m_tokens/verify', ({ body }) => {
      const token = requiredString(bodyObject(body), 'token');
      const found = Object.values(machineTokens.m2mTokens).find((t) => t.secret === token);
      if (!found || (found.state !== 'valid' && inactiveMachine === 'notFound')) {
        throw new ApiError(404, 'resource_not_found', 'not found', 'Machine token not found');
      }
      return { body: found.record };
    }),
    route('POST', '/v1/oauth_applications/access_tokens/verify', async ({ body }) => {
      const b = bodyObject(body);
      // `secret` is the deprecated name of the same field
      const token = b.access_token !== undefined ? requiredString(b, 'access_token') : requiredString(b, 'secret');
      const notFoundErr = () => new ApiError(404, 'resource_not_found', 'not found', 'OAuth token not found');
      const peek = peekJwt(token);
      if (peek) {
        const typ = peek.header.typ;
        if (typ !== 'at+jwt' && typ !== 'application/at+jwt') throw notFoundErr();
        try {
          await jwtVerify(token, key.publicKey, { issuer, typ: String(typ), clockTolerance: 0 });
        } catch (e) {
          // the spec's {active: false}: a JWT access token that is not active (expired)
          if (e instanceof joseErrors.JWTExpired) return { body: { active: false } };
          throw notFoundErr();
        }
        if (peek.payload.jti !== machineTokens.oauthJwtRecord.id) throw notFoundErr();
        return { body: machineTokens.oauthJwtRecord };
      }
      const found = Object.values(machineTokens.oauthTokens).find((t) => t.secret === token);
      if (!found || (found.state !== 'valid' && inactiveMachine === 'notFound')) throw notFoundErr();
      return { body: found.record };
    }),
    route('POST', '/v1/testing_tokens', () => {
      const now = Math.floor(Date.now() / 1000);
      // a testing token lives for an hour; expires_at in seconds, as Clerk answers it
      const t = { token: `${now}-${randomBytes(24).toString('base64url')}`, expires_at: now + 3600 };
      testingTokens.push(t);
      return { body: { object: 'testing_token', ...t } };
    }),
    route('POST', '/v1/sign_in_tokens', async ({ body }) => {
      const b = bodyObject(body);
      const userId = requiredString(b, 'user_id');
      if (!findUser(userId)) throw notFound('user', userId);
      const raw = b.expires_in_seconds;
      if (raw !== undefined && raw !== null && (typeof raw !== 'number' || !Number.isInteger(raw))) {
        throw paramFormat('expires_in_seconds', 'expires_in_seconds must be an integer');
      }
      if (typeof raw === 'number' && raw < 1) throw paramInvalid('expires_in_seconds', 'expires_in_seconds must be at least 1');
      const orgId = b.org_id;
      if (orgId !== undefined && orgId !== null) {
        if (typeof orgId !== 'string') throw paramFormat('org_id', 'org_id must be a string');
        if (!data.organizations.some((o) => o.id === orgId)) throw notFound('organization', orgId);
        if (!data.memberships.some((m) => m.organization_id === orgId && m.user_id === userId)) {
          throw paramInvalid('org_id', `User ${userId} is not a member of organization ${orgId}`);
        }
      }
      const now = Date.now();
      const id = clerkId('sit');
      const claims: Record<string, unknown> = { sid: id, st: 'sign_in_token', iid: data.instance.id };
      if (typeof orgId === 'string') claims.org_id = orgId;
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(now / 1000) + (raw ?? 2592000))
        .sign(key.privateKey);
      const t: SignInToken = {
        object: 'sign_in_token',
        id,
        status: 'pending',
        user_id: userId,
        token,
        url: `${issuer}/v1/tickets/accept?ticket=${token}`,
        created_at: now,
        updated_at: now,
      };
      signInTokens.push(t);
      return { body: t };
    }),
    route('POST', '/v1/sign_in_tokens/{sign_in_token_id}/revoke', ({ params }) => {
      const t = signInTokens.find((x) => x.id === params.sign_in_token_id);
      if (!t) throw notFound('sign in token', params.sign_in_token_id);
      if (t.status !== 'pending') {
        throw new ApiError(
          400,
          'sign_in_token_cannot_be_revoked',
          'cannot be revoked',
          `Only pending sign-in tokens can be revoked; this one is ${t.status}.`,
        );
      }
      t.status = 'revoked';
      t.updated_at = Date.now();
      // the revoke answer carries no token nor url
      const { token: _t, url: _u, ...rest } = t;
      return { body: rest };
    }),
    route('GET', '/v1/users', ({ query }) => {
      const limit = intParam(query, 'limit', 10, 1, 500);
      const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const { users, field } = orderUsers(filterUsers(data.users, query, data.memberships), query);
      let start = offset;
      const after = query.get('starting_after');
      if (after) {
        if (field !== 'created_at') throw paramInvalid('starting_after', 'starting_after requires ordering by created_at');
        if (offset !== 0) throw paramInvalid('offset', 'offset cannot be combined with starting_after');
        const i = users.findIndex((u) => u.id === after);
        start = i < 0 ? users.length : i + 1;
      }
      return { body: users.slice(start, start + limit) };
    }),
    route('GET', '/v1/users/count', ({ query }) => ({
      body: { object: 'total_count', total_count: filterUsers(data.users, query, data.memberships).length },
    })),
    route('GET', '/v1/users/{user_id}/organization_memberships', ({ params, query }) => {
      const limit = intParam(query, 'limit', 10, 1, 500);
      const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      // the spec answers only 200 / 403: an unknown user simply has no memberships
      const mine = data.memberships.filter((m) => m.user_id === params.user_id).sort((a, b) => b.created_at - a.created_at);
      return { body: { data: mine.slice(offset, offset + limit).map(membershipBody), total_count: mine.length } };
    }),
    route('GET', '/v1/organizations/{organization_id}', ({ params, query }) => {
      const org = data.organizations.find((o) => o.id === params.organization_id || o.slug === params.organization_id);
      if (!org) throw notFound('organization', params.organization_id);
      const members = data.memberships.filter((m) => m.organization_id === org.id).length;
      return { body: boolParam(query, 'include_members_count') ? { ...org, members_count: members } : org };
    }),
    route('POST', '/v1/actor_tokens', async ({ body }) => {
      const b = bodyObject(body);
      const userId = requiredString(b, 'user_id');
      const actor = b.actor;
      if (!actor || typeof actor !== 'object' || Array.isArray(actor)) {
        throw new ApiError(422, 'form_param_missing', 'missing parameter', 'actor must be included.', { param_name: 'actor' });
      }
      const sub = (actor as Record<string, unknown>).sub;
      if (typeof sub !== 'string' || sub === '') {
        throw new ApiError(422, 'form_param_missing', 'missing parameter', 'actor.sub must be included.', { param_name: 'actor.sub' });
      }
      // the spec lists no 404 here: an unknown user is an invalid parameter
      if (!findUser(userId)) throw paramInvalid('user_id', `No user was found with id ${userId}`);
      const raw = b.expires_in_seconds;
      if (raw !== undefined && (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0)) {
        throw paramInvalid('expires_in_seconds', 'expires_in_seconds must be a positive integer');
      }
      const now = Date.now();
      const id = newId('act');
      const token = await new SignJWT({ act: actor, ticket_type: 'actor_token' })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(userId)
        .setJti(id)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(now / 1000) + (raw ?? 3600))
        .sign(key.privateKey);
      const t: ActorToken = {
        object: 'actor_token',
        id,
        status: 'pending',
        user_id: userId,
        actor: { ...(actor as Record<string, unknown>) },
        token,
        url: `${issuer}/v1/tickets/accept?ticket=${token}`,
        created_at: now,
        updated_at: now,
      };
      actorTokens.push(t);
      return { body: t };
    }),
    route('POST', '/v1/actor_tokens/{actor_token_id}/revoke', ({ params }) => {
      const t = actorTokens.find((x) => x.id === params.actor_token_id);
      if (!t) throw notFound('actor token', params.actor_token_id);
      if (t.status !== 'pending') {
        throw new ApiError(
          400,
          'actor_token_cannot_be_revoked',
          'cannot be revoked',
          `Only pending actor tokens can be revoked; this one is ${t.status}.`,
        );
      }
      t.status = 'revoked';
      t.updated_at = Date.now();
      return { body: t };
    }),
    route('GET', '/v1/users/{user_id}', ({ params }) => {
      const u = data.users.find((x) => x.id === params.user_id);
      if (!u) throw notFound('user', params.user_id);
      return { body: u };
    }),
    route('GET', '/v1/sessions', ({ query }) => {
      const userId = query.get('user_id');
      const clientId = query.get('client_id');
      const status = query.get('status');
      if (status !== null && !SESSION_STATUS_FILTERS.includes(status)) {
        throw paramInvalid('status', `status must be one of ${SESSION_STATUS_FILTERS.join(', ')}`);
      }
      if (!userId && !clientId) {
        throw new ApiError(422, 'form_param_missing', 'missing parameter', 'Either user_id or client_id must be provided', {
          param_name: 'user_id',
        });
      }
      let sessions = data.sessions;
      if (userId) sessions = sessions.filter((s) => s.user_id === userId);
      if (clientId) sessions = sessions.filter((s) => s.client_id === clientId);
      if (status) sessions = sessions.filter((s) => s.status === status);
      sessions = [...sessions].sort((a, b) => b.created_at - a.created_at);
      return { body: list(sessions, query) };
    }),
    route('POST', '/v1/sessions', ({ body }) => {
      const b = bodyObject(body);
      if (environment === 'production') {
        // the spec: "intended only for use in testing, and is not available for production instances"
        throw new ApiError(
          400,
          'operation_not_allowed_on_production_instance',
          'not allowed on production',
          'Creating sessions through the Backend API is only available for development instances.',
        );
      }
      const userId = requiredString(b, 'user_id');
      const u = findUser(userId);
      if (!u) throw notFound('user', userId);
      let orgId: string | null = null;
      if (b.active_organization_id !== undefined && b.active_organization_id !== null) {
        orgId = requiredString(b, 'active_organization_id');
        if (!data.organizations.some((o) => o.id === orgId)) throw notFound('organization', orgId);
        if (!data.memberships.some((m) => m.organization_id === orgId && m.user_id === userId)) {
          throw paramInvalid('active_organization_id', `User ${userId} is not a member of organization ${orgId}`);
        }
      }
      const now = Date.now();
      const s: Session = {
        object: 'session',
        id: newId('sess'),
        user_id: userId,
        client_id: newId('client'),
        actor: null,
        status: 'active',
        last_active_organization_id: orgId,
        last_active_at: now,
        expire_at: now + 7 * 86_400_000,
        abandon_at: now + 30 * 86_400_000,
        updated_at: now,
        created_at: now,
      };
      data.sessions.unshift(s);
      u.last_active_at = now;
      return { body: s };
    }),
    route('GET', '/v1/sessions/{session_id}', ({ params }) => ({ body: findSession(params.session_id) })),
    route('POST', '/v1/sessions/{session_id}/revoke', ({ params }) => {
      const s = findSession(params.session_id);
      if (s.status !== 'revoked') {
        s.status = 'revoked';
        s.updated_at = Date.now();
      }
      return { body: s };
    }),
    route('POST', '/v1/sessions/{session_id}/verify', async ({ params, body }) => {
      if (verifyMode === 'missing') throw notFound('resource');
      if (verifyMode === 'gone') {
        throw new ApiError(
          410,
          'endpoint_deprecated',
          'Endpoint deprecated',
          'POST /v1/sessions/{session_id}/verify is deprecated and no longer available. ' +
            'Use networkless verification of session tokens against the instance JWKS.',
        );
      }
      const s = findSession(params.session_id);
      const token = body && typeof body === 'object' ? (body as Record<string, unknown>).token : undefined;
      if (typeof token !== 'string' || token === '') {
        throw new ApiError(400, 'form_param_missing', 'missing parameter', 'token is required', { param_name: 'token' });
      }
      const check = await checkToken(key, token, s, issuer);
      if (!check.ok) {
        const code = check.reason === 'expired' ? 'token_expired' : 'token_invalid';
        throw new ApiError(
          400,
          code,
          check.reason === 'expired' ? 'Token expired' : 'Token invalid',
          `The token could not be verified for session ${s.id}: ${check.message}`,
        );
      }
      if (s.status !== 'active') {
        throw new ApiError(400, 'session_not_active', 'Session not active', `Session ${s.id} is ${s.status}`, { session_status: s.status });
      }
      return { body: s };
    }),
    route('POST', '/v1/sessions/{session_id}/tokens', ({ params, body }) => mint(params.session_id, undefined, body)),
    route('POST', '/v1/sessions/{session_id}/tokens/{template_name}', ({ params, body }) =>
      mint(params.session_id, params.template_name, body),
    ),
    route('GET', '/v1/jwt_templates', ({ query }) => ({ body: list(data.jwtTemplates, query) })),
    route('GET', '/v1/jwt_templates/{template_id}', ({ params }) => {
      const t = data.jwtTemplates.find((x) => x.id === params.template_id);
      if (!t) throw notFound('JWT template', params.template_id);
      return { body: t };
    }),
  ];

  const matchRoute = (method: string, path: string): { r: Route; params: Record<string, string> } | undefined => {
    for (const r of routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { r, params };
    }
    return undefined;
  };
  const routeName = (method: string, path: string): string => {
    const m = matchRoute(method, path);
    return m ? `${method} ${m.r.template}` : `${method} ${path}`;
  };

  const matches = (pattern: string | RegExp, entry: { route: string; method: string; path: string }): boolean =>
    typeof pattern === 'string'
      ? pattern === entry.route || pattern === `${entry.method} ${entry.path}`
      : pattern.test(entry.route) || pattern.test(`${entry.method} ${entry.path}`);

  const sendJson = (
    res: ServerResponse,
    entry: RequestLogEntry | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (entry) entry.status = status;
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const sendError = (res: ServerResponse, entry: RequestLogEntry | undefined, e: ApiError, trace = traceId()) => {
    const item: ErrorItem = { message: e.message, long_message: e.longMessage, code: e.code };
    if (e.meta) item.meta = e.meta;
    sendJson(res, entry, e.status, errorBody([item], trace), { 'X-Clerk-Trace-Id': trace, ...e.headers });
  };

  const sendFault = (res: ServerResponse, entry: RequestLogEntry, rule: { status: number; body: FailBody; retryAfter?: number }) => {
    entry.status = rule.status;
    const headers: Record<string, string> = {};
    if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
    const trace = traceId();
    const [code, message] = FAULT_CODES[rule.status] ?? ['unexpected_error', 'Unexpected error'];
    const json = JSON.stringify(errorBody([{ message, long_message: `${message} (injected by the local Clerk server)`, code }], trace));
    switch (rule.body) {
      case 'html': {
        const text =
          `<!DOCTYPE html>\n<html><head><title>${rule.status} ${STATUS_TEXT[rule.status] ?? 'Error'}</title></head>` +
          `<body><center><h1>${rule.status} ${STATUS_TEXT[rule.status] ?? 'Error'}</h1></center><hr><center>nginx</center></body></html>\n`;
        res.writeHead(rule.status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
        res.end(text);
        return;
      }
      case 'empty':
        res.writeHead(rule.status, { 'Content-Type': 'application/json', 'Content-Length': 0, ...headers });
        res.end();
        return;
      case 'truncated': {
        // headers promise the whole body; half of it is written, then the connection is cut
        res.writeHead(rule.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), ...headers });
        res.write(json.slice(0, Math.floor(json.length / 2)), () => {
          setTimeout(() => res.socket?.destroy(), 10);
        });
        return;
      }
      default:
        res.writeHead(rule.status, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(json),
          'X-Clerk-Trace-Id': trace,
          ...headers,
        });
        res.end(json);
    }
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const parseJson = (text: string): unknown => {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(400, 'request_body_invalid', 'Request body invalid', 'The request body is not valid JSON');
    }
  };

  const authenticate = (req: IncomingMessage) => {
    const h = req.headers.authorization;
    if (h === undefined || h.trim() === '') {
      throw new ApiError(
        401,
        'authentication_invalid',
        'Invalid authentication',
        'Unable to authenticate the request, you need to supply an active API key',
      );
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) {
      throw new ApiError(
        401,
        'authorization_header_format_invalid',
        'Invalid Authorization header format',
        'Invalid Authorization header format. It should be in the form "Bearer <secret_key>"',
      );
    }
    if (m[1] !== secretKey) {
      throw new ApiError(
        401,
        'authentication_invalid',
        'Invalid authentication',
        'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
      );
    }
  };

  // --------------------------------------------------------------------------- controls

  const controls: ClerkServer['controls'] = {
    latency(ms) {
      latencyMs = Math.max(0, Number(ms) || 0);
    },
    failNext(n, status, o = {}) {
      const rule: FailRule = { remaining: Math.max(0, Math.floor(n)), status, body: o.body ?? 'json' };
      if (o.retryAfter !== undefined) rule.retryAfter = o.retryAfter;
      if (o.route !== undefined) rule.route = o.route;
      if (rule.remaining > 0) failRules.push(rule);
    },
    rateLimit(o) {
      const r: { until?: number; remaining?: number; retryAfter: number } = { retryAfter: o.retryAfter };
      if (o.forMs !== undefined) r.until = Date.now() + o.forMs;
      if (o.n !== undefined) r.remaining = o.n;
      if (r.until === undefined && r.remaining === undefined) r.remaining = 1;
      rate = r;
    },
    hang(n) {
      hangRemaining = Math.max(0, Math.floor(n));
    },
    verifyEndpoint(mode) {
      if (mode !== 'ok' && mode !== 'gone' && mode !== 'missing') throw new Error(`unknown verify mode ${String(mode)}`);
      verifyMode = mode;
    },
    paginatedShape(shape) {
      if (shape !== 'array' && shape !== 'object') throw new Error(`unknown shape ${String(shape)}`);
      paginatedShape = shape;
    },
    tokenVersion(version) {
      if (version !== 1 && version !== 2) throw new Error(`unknown token version ${String(version)}`);
      tokenVersion = version;
    },
    clockSkew(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`clock skew must be a number of milliseconds`);
      clockSkewMs = ms;
    },
    inactiveMachineTokens(mode) {
      if (mode !== 'notFound' && mode !== 'flagged') throw new Error(`unknown mode ${String(mode)}`);
      inactiveMachine = mode;
    },
    reset() {
      latencyMs = 0;
      failRules = [];
      rate = null;
      hangRemaining = 0;
      verifyMode = 'ok';
      paginatedShape = opts.paginatedShape ?? 'array';
      tokenVersion = opts.tokenVersion ?? 2;
      clockSkewMs = 0;
      inactiveMachine = 'notFound';
    },
  };

  const countBy = (pattern?: string | RegExp): number =>
    pattern === undefined ? requests.length : requests.filter((e) => matches(pattern, e)).length;

  const handleControl = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    try {
      if (req.method === 'GET' && name === 'log') {
        const routesCount: Record<string, number> = {};
        for (const e of requests) routesCount[e.route] = (routesCount[e.route] ?? 0) + 1;
        sendJson(res, undefined, 200, {
          total: requests.length,
          routes: routesCount,
          requests: requests.map(({ method, path, search, route: r, status, at }) => ({ method, path, search, route: r, status, at })),
        });
        return;
      }
      if (req.method === 'GET' && name === 'templateSecrets') {
        const out: Record<string, { algorithm: string; secret: string }> = {};
        for (const t of data.jwtTemplates) {
          const secret = templateSecrets.get(t.name);
          if (secret !== undefined) out[t.name] = { algorithm: t.signing_algorithm, secret };
        }
        sendJson(res, undefined, 200, { templates: out });
        return;
      }
      if (req.method === 'GET' && name === 'tokenVersion') {
        sendJson(res, undefined, 200, { version: tokenVersion });
        return;
      }
      if (req.method !== 'POST')
        throw new ApiError(
          405,
          'method_not_allowed',
          'Method not allowed',
          'Control endpoints take POST (GET only for /__control/log, templateSecrets, tokenVersion)',
        );
      const raw = parseJson(await readBody(req));
      const b = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const num = (k: string): number | undefined => (typeof b[k] === 'number' ? b[k] : undefined);
      switch (name) {
        case 'latency':
          controls.latency(num('ms') ?? 0);
          break;
        case 'failNext': {
          const o: { body?: FailBody; retryAfter?: number; route?: string | RegExp } = {};
          if (typeof b.body === 'string') o.body = b.body as FailBody;
          if (num('retryAfter') !== undefined) o.retryAfter = num('retryAfter')!;
          if (typeof b.route === 'string') o.route = b.route;
          if (typeof b.routeRegex === 'string') o.route = new RegExp(b.routeRegex);
          controls.failNext(num('n') ?? 1, num('status') ?? 500, o);
          break;
        }
        case 'rateLimit': {
          const o: { forMs?: number; n?: number; retryAfter: number } = { retryAfter: num('retryAfter') ?? 1 };
          if (num('forMs') !== undefined) o.forMs = num('forMs')!;
          if (num('n') !== undefined) o.n = num('n')!;
          controls.rateLimit(o);
          break;
        }
        case 'hang':
          controls.hang(num('n') ?? 1);
          break;
        case 'verifyEndpoint':
          controls.verifyEndpoint(String(b.mode) as 'ok');
          break;
        case 'paginatedShape':
          controls.paginatedShape(String(b.shape) as 'array');
          break;
        case 'tokenVersion':
          controls.tokenVersion(num('version') as TokenVersion);
          break;
        case 'clockSkew':
          controls.clockSkew(num('ms') as number);
          break;
        case 'inactiveMachineTokens':
          controls.inactiveMachineTokens(String(b.mode) as 'notFound');
          break;
        case 'reset':
          controls.reset();
          break;
        case 'resetLog':
          requests.length = 0;
          break;
        default:
          throw new ApiError(404, 'resource_not_found', 'not found', `No control named ${name}`);
      }
      sendJson(res, undefined, 200, { ok: true });
    } catch (e) {
      if (e instanceof ApiError) sendError(res, undefined, e);
      else sendError(res, undefined, new ApiError(400, 'bad_request', 'Bad control request', e instanceof Error ? e.message : String(e)));
    }
  };

  // --------------------------------------------------------------------------- request handling

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    // every answer carries Date (HTTP-date, whole seconds), skewed by the clockSkew control
    res.setHeader('Date', new Date(Date.now() + clockSkewMs).toUTCString());
    if (path.startsWith('/__control/')) {
      await handleControl(req, res, path.slice('/__control/'.length));
      return;
    }
    const entry: RequestLogEntry = {
      method,
      path,
      search: url.search,
      route: routeName(method, path),
      status: 0,
      at: Date.now(),
      headers: { ...req.headers },
    };
    requests.push(entry);

    if (hangRemaining > 0) {
      hangRemaining--;
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (res.destroyed) return;

    if (rate) {
      const active = (rate.until === undefined || Date.now() < rate.until) && (rate.remaining === undefined || rate.remaining > 0);
      if (active) {
        if (rate.remaining !== undefined) rate.remaining--;
        sendError(
          res,
          entry,
          new ApiError(
            429,
            'too_many_requests',
            'Too many requests',
            'You have exceeded the rate limit. Please try again later.',
            undefined,
            { 'Retry-After': String(rate.retryAfter) },
          ),
        );
        return;
      }
      rate = null;
    }
    const rule = failRules.find((r) => r.remaining > 0 && (r.route === undefined || matches(r.route, entry)));
    if (rule) {
      rule.remaining--;
      failRules = failRules.filter((r) => r.remaining > 0);
      sendFault(res, entry, rule);
      return;
    }

    try {
      const m = matchRoute(method, path);
      if (!path.startsWith('/v1/') && path !== '/v1') throw notFound('resource');
      authenticate(req);
      if (!m) throw new ApiError(404, 'resource_not_found', 'not found', `The requested resource ${method} ${path} was not found`);
      const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? parseJson(await readBody(req)) : undefined;
      const out = await m.r.handler({ method, params: m.params, query: url.searchParams, body });
      sendJson(res, entry, out.status ?? 200, out.body);
    } catch (e) {
      if (e instanceof ApiError) sendError(res, entry, e);
      else {
        sendError(
          res,
          entry,
          new ApiError(
            500,
            'internal_clerk_error',
            'Oops, an unexpected error occurred',
            `The local Clerk server failed: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500);
        res.end();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('server has no TCP address');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;

  let stopped: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    origin,
    secretKey,
    requests,
    count: countBy,
    resetLog: () => {
      requests.length = 0;
    },
    controls,
    data,
    actorTokens,
    signInTokens,
    testingTokens,
    machineTokens,
    publishableKey,
    frontend: {
      setCookies: (o) => frontendSetCookies(publishableKey, environment, o),
      handshake: (o) => mintHandshake(key, frontendSetCookies(publishableKey, environment, o)),
      cookieHeader: (o) => cookieHeaderFrom(frontendSetCookies(publishableKey, environment, o)),
      sessionToken: async (sessionId, o = {}) => {
        const s = findSession(sessionId);
        const ctx = {
          session: s,
          user: findUser(s.user_id),
          org: orgContext(s),
          billing: data.billing,
          issuer,
          now: o.nowMs ?? Date.now(),
        };
        return mintSessionToken(key, ctx, { version: tokenVersion, expiresInSeconds: o.expiresInSeconds ?? null });
      },
    },
    issuer,
    environment,
    templateSecret: (name: string) => templateSecrets.get(name),
    publicJwk: () => ({ ...key.publicJwk }),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const res of hung) res.socket?.destroy();
        hung.clear();
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}
