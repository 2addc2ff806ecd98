// The user-level operations of ClerkClient (test sessions, impersonation, organization memberships): their argument
// checks (before any request), request shapes and response checks. client.ts sends them. No `vscode` here.
import { check, idArg, limitArg, offsetArg } from './checks';
import { ClerkInputError } from './errors';
import type { RequestSpec } from './http';
import type { ActorToken, CreateActorTokenParams, CreateSessionParams, MembershipPage, OrganizationMembership, PageParams } from './types';

/** An id sent in a JSON body: checked as a path segment would be, sent as given. */
function bodyId(v: unknown, label: string): string {
  idArg(v, label);
  return v as string;
}

function seconds(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ClerkInputError(`${name} must be a whole number of seconds, 1 or more (got ${String(v)}).`);
  }
  return v;
}

export function createSessionSpec(params: CreateSessionParams): RequestSpec {
  const body: Record<string, string> = { user_id: bodyId(params?.userId, 'user id') };
  if (params.activeOrganizationId !== undefined) body.active_organization_id = bodyId(params.activeOrganizationId, 'organization id');
  return { method: 'POST', path: '/sessions', body, subject: `user '${params.userId}'` };
}

export function createActorTokenSpec(params: CreateActorTokenParams): RequestSpec {
  const p = params ?? ({} as CreateActorTokenParams);
  const userId = bodyId(p.userId, 'user id');
  if (!p.actor || typeof p.actor !== 'object') {
    throw new ClerkInputError('An actor token needs an actor: the id of the impersonating user as `sub`.');
  }
  const body: Record<string, unknown> = { user_id: userId, actor: { ...p.actor, sub: bodyId(p.actor.sub, 'actor user id') } };
  const expires = seconds(p.expiresInSeconds, 'expiresInSeconds');
  if (expires !== undefined) body.expires_in_seconds = expires;
  const maxSession = seconds(p.sessionMaxDurationInSeconds, 'sessionMaxDurationInSeconds');
  if (maxSession !== undefined) body.session_max_duration_in_seconds = maxSession;
  return { method: 'POST', path: '/actor_tokens', body };
}

export function revokeActorTokenSpec(actorTokenId: string): RequestSpec {
  const id = idArg(actorTokenId, 'actor token id');
  return { method: 'POST', path: `/actor_tokens/${id}/revoke`, subject: `actor token '${actorTokenId}'` };
}

export function membershipsSpec(userId: string, params: PageParams = {}): RequestSpec {
  const id = idArg(userId, 'user id');
  const query = new URLSearchParams({ limit: String(limitArg(params?.limit, 10)), offset: String(offsetArg(params?.offset)) });
  return { method: 'GET', path: `/users/${id}/organization_memberships`, query };
}

const ACTOR_TOKEN_FIELDS = { id: 'string', status: 'string', user_id: 'string', actor: 'object', created_at: 'number' } as const;

/** An ActorToken; `url` and `token`, when present (only the create answer needs them), are strings. */
export function checkActorToken(v: unknown, request: string): ActorToken {
  const t = check<ActorToken>(v, 'actor token', ACTOR_TOKEN_FIELDS, request);
  for (const f of ['url', 'token'] as const) {
    if (t[f] !== undefined && t[f] !== null) check(t, 'actor token', { [f]: 'string' }, request);
  }
  return t;
}

const MEMBERSHIP_FIELDS = { id: 'string', role: 'string', organization: 'object', created_at: 'number' } as const;

/** `{data, total_count}` (the only shape the spec gives this list), each membership with its organization. */
export function checkMemberships(body: unknown, request: string): MembershipPage {
  const page = check<{ data: unknown[]; total_count: number }>(body, 'membership list', { data: 'array', total_count: 'number' }, request);
  const data = page.data.map((m, i) => {
    const ms = check<OrganizationMembership>(m, 'organization membership', MEMBERSHIP_FIELDS, request, i, 'data');
    check(ms.organization, 'organization', { id: 'string', name: 'string' }, request, i, 'data');
    return ms;
  });
  return { data, total_count: page.total_count };
}
