// The user-level operations of ClerkClient (test sessions, impersonation, organization memberships): their argument
// checks (before any request), request shapes and response checks. client.ts sends them. No `vscode` here.
import { check, idArg, limitArg, offsetArg } from './checks';
import { ClerkInputError } from './errors';
import type { RequestSpec } from './http';
import type { ActorToken, CreateActorTokenParams, CreateSessionParams, MembershipPage, OrganizationMembership, PageParams } from './types';
import type {
  ApiKey,
  CreateSignInTokenParams,
  InactiveOAuthAccessToken,
  M2mToken,
  OAuthAccessToken,
  SignInToken,
  TestingToken,
} from './types';
import * as l10n from '@vscode/l10n';

/** An id sent in a JSON body: checked as a path segment would be, sent as given. */
function bodyId(v: unknown, label: string): string {
  idArg(v, label);
  return v as string;
}

function seconds(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an unknown value from outside, shown as it stringifies
    throw new ClerkInputError(l10n.t`${name} must be a whole number of seconds, 1 or more (got ${String(v)}).`);
  }
  return v;
}

export function createSessionSpec(params: CreateSessionParams): RequestSpec {
  const body: Record<string, string> = { user_id: bodyId(params?.userId, l10n.t('user id')) };
  if (params.activeOrganizationId !== undefined)
    body.active_organization_id = bodyId(params.activeOrganizationId, l10n.t('organization id'));
  return { method: 'POST', path: '/sessions', body, subject: l10n.t`user '${params.userId}'` };
}

export function createActorTokenSpec(params: CreateActorTokenParams): RequestSpec {
  const p = params ?? ({} as CreateActorTokenParams);
  const userId = bodyId(p.userId, l10n.t('user id'));
  if (!p.actor || typeof p.actor !== 'object') {
    throw new ClerkInputError(l10n.t('An actor token needs an actor: the id of the impersonating user as `sub`.'));
  }
  const body: Record<string, unknown> = { user_id: userId, actor: { ...p.actor, sub: bodyId(p.actor.sub, l10n.t('actor user id')) } };
  const expires = seconds(p.expiresInSeconds, 'expiresInSeconds');
  if (expires !== undefined) body.expires_in_seconds = expires;
  const maxSession = seconds(p.sessionMaxDurationInSeconds, 'sessionMaxDurationInSeconds');
  if (maxSession !== undefined) body.session_max_duration_in_seconds = maxSession;
  return { method: 'POST', path: '/actor_tokens', body };
}

export function revokeActorTokenSpec(actorTokenId: string): RequestSpec {
  const id = idArg(actorTokenId, l10n.t('actor token id'));
  return { method: 'POST', path: `/actor_tokens/${id}/revoke`, subject: l10n.t`actor token '${actorTokenId}'` };
}

export function membershipsSpec(userId: string, params: PageParams = {}): RequestSpec {
  const id = idArg(userId, l10n.t('user id'));
  const query = new URLSearchParams({ limit: String(limitArg(params?.limit, 10)), offset: String(offsetArg(params?.offset)) });
  return { method: 'GET', path: `/users/${id}/organization_memberships`, query };
}

const ACTOR_TOKEN_FIELDS = { id: 'string', status: 'string', user_id: 'string', actor: 'object', created_at: 'number' } as const;

/** An ActorToken; `url` and `token`, when present (only the create answer needs them), are strings. */
export function checkActorToken(v: unknown, request: string): ActorToken {
  const t = check<ActorToken>(v, l10n.t('actor token'), ACTOR_TOKEN_FIELDS, request);
  for (const f of ['url', 'token'] as const) {
    if (t[f] !== undefined && t[f] !== null) check(t, l10n.t('actor token'), { [f]: 'string' }, request);
  }
  return t;
}

const MEMBERSHIP_FIELDS = { id: 'string', role: 'string', organization: 'object', created_at: 'number' } as const;

/** `{data, total_count}` (the only shape the spec gives this list), each membership with its organization. */
export function checkMemberships(body: unknown, request: string): MembershipPage {
  const page = check<{ data: unknown[]; total_count: number }>(
    body,
    l10n.t('membership list'),
    { data: 'array', total_count: 'number' },
    request,
  );
  const data = page.data.map((m, i) => {
    const ms = check<OrganizationMembership>(m, l10n.t('organization membership'), MEMBERSHIP_FIELDS, request, i, 'data');
    check(ms.organization, 'organization', { id: 'string', name: 'string' }, request, i, 'data');
    return ms;
  });
  return { data, total_count: page.total_count };
}

// ---- machine tokens, testing tokens, sign-in tokens -----------------------------------------------------------

/** The longest machine token sent for verification; anything longer is refused before a request. */
export const MAX_MACHINE_TOKEN_CHARS = 8192;

function machineTokenArg(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ClerkInputError(l10n.t`The ${what} to verify is empty.`);
  if (v.length > MAX_MACHINE_TOKEN_CHARS) {
    throw new ClerkInputError(
      l10n.t`The ${what} is ${v.length} characters long, more than any Clerk token (${MAX_MACHINE_TOKEN_CHARS}); not sent.`,
    );
  }
  if (/[\u0000-\u0020\u007f]/.test(v)) throw new ClerkInputError(l10n.t`The ${what} contains spaces or control characters; not sent.`);
  return v;
}

/** The bodies carry the token: no `subject` (it would put the secret into a 404 message). */
export function verifyApiKeySpec(secret: string): RequestSpec {
  return { method: 'POST', path: '/api_keys/verify', body: { secret: machineTokenArg(secret, l10n.t('API key')) } };
}
export function verifyM2mTokenSpec(token: string): RequestSpec {
  return { method: 'POST', path: '/m2m_tokens/verify', body: { token: machineTokenArg(token, l10n.t('M2M token')) } };
}
export function verifyOAuthAccessTokenSpec(accessToken: string): RequestSpec {
  return {
    method: 'POST',
    path: '/oauth_applications/access_tokens/verify',
    body: { access_token: machineTokenArg(accessToken, l10n.t('OAuth access token')) },
  };
}

const VERIFIED_FIELDS = { id: 'string', subject: 'string', revoked: 'boolean', expired: 'boolean', created_at: 'number' } as const;

/** Nullable fields: absent, null, or of their type. */
function nullable(o: Record<string, unknown>, what: string, fields: Record<string, 'string' | 'number' | 'object'>, request: string): void {
  for (const [f, type] of Object.entries(fields)) {
    if (o[f] !== undefined && o[f] !== null) check(o, what, { [f]: type }, request);
  }
}

function scopesOf(o: Record<string, unknown>, what: string, request: string): void {
  if (o.scopes === undefined) return;
  const s = check<{ scopes: unknown[] }>(o, what, { scopes: 'array' }, request);
  if (s.scopes.some((x) => typeof x !== 'string')) {
    check({ scope: s.scopes.find((x) => typeof x !== 'string') }, what, { scope: 'string' }, request);
  }
}

export function checkApiKey(v: unknown, request: string): ApiKey {
  const k = check<ApiKey>(v, l10n.t('API key'), { ...VERIFIED_FIELDS, name: 'string', scopes: 'array' }, request);
  nullable(k, l10n.t('API key'), { revocation_reason: 'string', expiration: 'number', claims: 'object' }, request);
  scopesOf(k, l10n.t('API key'), request);
  return k;
}

export function checkM2mToken(v: unknown, request: string): M2mToken {
  const t = check<M2mToken>(v, l10n.t('M2M token'), VERIFIED_FIELDS, request);
  nullable(t, l10n.t('M2M token'), { revocation_reason: 'string', expiration: 'number', claims: 'object' }, request);
  scopesOf(t, l10n.t('M2M token'), request);
  return t;
}

/** An access token, or `{active: false}` (a JWT access token that is not active). */
export function checkOAuthAccessToken(v: unknown, request: string): OAuthAccessToken | InactiveOAuthAccessToken {
  if (v && typeof v === 'object' && !Array.isArray(v) && 'active' in v && !('id' in v)) {
    const a = check<{ active: boolean }>(v, l10n.t('OAuth verification'), { active: 'boolean' }, request);
    if (a.active === false) return { active: false };
  }
  const t = check<OAuthAccessToken>(v, l10n.t('OAuth access token'), { ...VERIFIED_FIELDS, client_id: 'string', scopes: 'array' }, request);
  nullable(t, l10n.t('OAuth access token'), { revocation_reason: 'string', expiration: 'number' }, request);
  scopesOf(t, l10n.t('OAuth access token'), request);
  return t;
}

export function checkTestingToken(v: unknown, request: string): TestingToken {
  return check<TestingToken>(v, l10n.t('testing token'), { token: 'string', expires_at: 'number' }, request);
}

export function createSignInTokenSpec(params: CreateSignInTokenParams): RequestSpec {
  const p = params ?? ({} as CreateSignInTokenParams);
  const body: Record<string, unknown> = { user_id: bodyId(p.userId, l10n.t('user id')) };
  if (p.organizationId !== undefined) body.org_id = bodyId(p.organizationId, l10n.t('organization id'));
  const expires = seconds(p.expiresInSeconds, 'expiresInSeconds');
  if (expires !== undefined) body.expires_in_seconds = expires;
  return { method: 'POST', path: '/sign_in_tokens', body, subject: l10n.t`user '${p.userId}'` };
}

export function revokeSignInTokenSpec(signInTokenId: string): RequestSpec {
  const id = idArg(signInTokenId, l10n.t('sign-in token id'));
  return { method: 'POST', path: `/sign_in_tokens/${id}/revoke`, subject: l10n.t`sign-in token '${signInTokenId}'` };
}

/** A SignInToken; `url` and `token`, when present (the create answer), are strings. */
export function checkSignInToken(v: unknown, request: string): SignInToken {
  const t = check<SignInToken>(
    v,
    l10n.t('sign-in token'),
    { id: 'string', status: 'string', user_id: 'string', created_at: 'number' },
    request,
  );
  nullable(t, l10n.t('sign-in token'), { url: 'string', token: 'string' }, request);
  return t;
}
