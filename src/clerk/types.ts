// Shapes of the Clerk Backend API objects this extension reads, with the spec's field names (2026-05-12).
// Only what the extension uses is typed precisely; everything else is kept as it arrives.

export interface Instance {
  object: 'instance';
  id: string;
  environment_type: string; // "development" | "production" | …
  allowed_origins?: string[] | null;
  workspace_id?: string | null;
  [extra: string]: unknown;
}

export interface EmailAddress {
  id?: string;
  object: 'email_address';
  email_address: string;
  reserved?: boolean;
  verification?: { status?: string; strategy?: string; [k: string]: unknown } | null;
  created_at?: number;
  updated_at?: number;
  [extra: string]: unknown;
}

export interface PhoneNumber {
  id?: string;
  object: 'phone_number';
  phone_number: string;
  [extra: string]: unknown;
}

export interface User {
  id: string;
  object: 'user';
  external_id?: string | null;
  primary_email_address_id?: string | null;
  primary_phone_number_id?: string | null;
  username?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  image_url?: string;
  has_image?: boolean;
  public_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown> | null;
  email_addresses: EmailAddress[];
  phone_numbers?: PhoneNumber[];
  banned?: boolean;
  locked?: boolean;
  last_sign_in_at?: number | null;
  last_active_at?: number | null;
  created_at: number;
  updated_at?: number;
  [extra: string]: unknown;
}

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired' | 'removed' | 'abandoned' | 'replaced' | 'pending';

/** `status` values the list endpoint accepts as a filter (the spec's enum for GET /sessions?status=). */
export const SESSION_STATUS_FILTERS = ['abandoned', 'active', 'ended', 'expired', 'removed', 'replaced', 'revoked'] as const;
export type SessionStatusFilter = (typeof SESSION_STATUS_FILTERS)[number];

export interface SessionActivity {
  object: string;
  id: string;
  device_type?: string;
  is_mobile: boolean;
  browser_name?: string;
  browser_version?: string;
  ip_address?: string;
  city?: string;
  country?: string;
  [extra: string]: unknown;
}

export interface Session {
  object: 'session';
  id: string;
  user_id: string;
  client_id: string;
  actor?: Record<string, unknown> | null;
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the known values for the reader; Clerk may add others
  status: SessionStatus | string;
  last_active_organization_id?: string | null;
  last_active_at: number;
  latest_activity?: SessionActivity | null;
  expire_at: number;
  abandon_at: number;
  updated_at: number;
  created_at: number;
  tasks?: unknown[] | null;
  [extra: string]: unknown;
}

export interface JwtTemplate {
  object: 'jwt_template';
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowed_clock_skew?: number;
  custom_signing_key?: boolean;
  signing_algorithm?: string;
  created_at?: number;
  updated_at?: number;
  [extra: string]: unknown;
}

export interface Token {
  object: 'token';
  jwt: string;
  [extra: string]: unknown;
}

export interface TotalCount {
  object: 'total_count';
  total_count: number;
}

// JWKs are the token core's (src/tokens/jwk.ts): it checks signatures with them; the client fetches them.
export type { Jwk, Jwks } from '../tokens/jwk';

/** A page of results: `totalCount` when the server said how many there are in all. */
export interface Page<T> {
  data: T[];
  totalCount?: number;
}

export type UserOrderBy =
  | 'created_at'
  | '+created_at'
  | '-created_at'
  | 'updated_at'
  | '+updated_at'
  | '-updated_at'
  | 'email_address'
  | '+email_address'
  | '-email_address'
  | 'web3wallet'
  | '+web3wallet'
  | '-web3wallet'
  | 'first_name'
  | '+first_name'
  | '-first_name'
  | 'last_name'
  | '+last_name'
  | '-last_name'
  | 'phone_number'
  | '+phone_number'
  | '-phone_number'
  | 'username'
  | '+username'
  | '-username'
  | 'last_active_at'
  | '+last_active_at'
  | '-last_active_at'
  | 'last_sign_in_at'
  | '+last_sign_in_at'
  | '-last_sign_in_at';

export interface ListUsersParams {
  /** Partial match on emails, phone numbers, usernames, names, ids. */
  query?: string;
  orderBy?: UserOrderBy;
  limit?: number;
  offset?: number;
}

export interface ListSessionsParams {
  userId?: string;
  clientId?: string;
  status?: SessionStatusFilter;
  limit?: number;
  offset?: number;
}

export interface CreateSessionTokenParams {
  /** A JWT template name; without it the default session token is minted. */
  template?: string;
  /** Lifetime override, 30 … 315360000 s. */
  expiresInSeconds?: number;
}

export interface CreateSessionParams {
  userId: string;
  /** The organization the new session has active (the user must be a member). */
  activeOrganizationId?: string;
}

/** An impersonation token (POST /actor_tokens). `url` (and `token`) carry a one-time secret: never logged. */
export interface ActorToken {
  object: 'actor_token';
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the known values for the reader; Clerk may add others
  status: 'pending' | 'accepted' | 'revoked' | string;
  user_id: string;
  actor: Record<string, unknown>;
  token?: string | null;
  url?: string | null;
  created_at: number;
  updated_at?: number;
  [extra: string]: unknown;
}

export interface CreateActorTokenParams {
  /** The user being impersonated. */
  userId: string;
  /** At least `sub`: the id of the user who impersonates. The whole object ends up in the session token's `act`. */
  actor: { sub: string; [extra: string]: unknown };
  /** Lifetime of the token (Clerk's default: 3600). */
  expiresInSeconds?: number;
  /** The longest the impersonation session lasts (Clerk's default: 1800). */
  sessionMaxDurationInSeconds?: number;
}

export interface Organization {
  object?: 'organization';
  id: string;
  name: string;
  slug?: string | null;
  [extra: string]: unknown;
}

/** A user's membership in an organization; `role` as `org:<role>`. */
export interface OrganizationMembership {
  object: 'organization_membership';
  id: string;
  role: string;
  role_name?: string;
  permissions?: string[];
  public_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown> | null;
  organization: Organization;
  public_user_data?: Record<string, unknown> | null;
  created_at: number;
  updated_at?: number;
  [extra: string]: unknown;
}

export interface PageParams {
  limit?: number;
  offset?: number;
}

export interface MembershipPage {
  data: OrganizationMembership[];
  total_count: number;
}

/** POST /api_keys/verify: a verified API key. `claims` are the key's custom claims. */
export interface ApiKey {
  object: 'api_key';
  id: string;
  type: string;
  subject: string;
  name: string;
  claims: Record<string, unknown> | null;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_by: string | null;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
  [extra: string]: unknown;
}

/** POST /m2m_tokens/verify: a verified machine-to-machine token; `subject` is the machine (mch_…). */
export interface M2mToken {
  object: 'machine_to_machine_token';
  id: string;
  subject: string;
  claims?: Record<string, unknown> | null;
  scopes?: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
  [extra: string]: unknown;
}

/** POST /oauth_applications/access_tokens/verify: a verified OAuth access token issued by the instance. */
export interface OAuthAccessToken {
  object: 'clerk_idp_oauth_access_token';
  id: string;
  client_id: string;
  subject: string;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_at: number;
  updated_at: number;
  [extra: string]: unknown;
}

/** The OAuth verify answer for a JWT access token that is not active (expired). */
export interface InactiveOAuthAccessToken {
  active: false;
}

/** POST /testing_tokens. `token` lets end-to-end tests past bot protection: a secret, never logged. */
export interface TestingToken {
  object: 'testing_token';
  token: string;
  /** When it stops working, as Clerk sends it (seconds since the epoch). */
  expires_at: number;
}

/** POST /sign_in_tokens. `url` and `token` sign the user in once: secrets, never logged. */
export interface SignInToken {
  object: 'sign_in_token';
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the known values for the reader; Clerk may add others
  status: 'pending' | 'accepted' | 'revoked' | string;
  user_id: string;
  token?: string;
  url?: string | null;
  created_at: number;
  updated_at: number;
  [extra: string]: unknown;
}

export interface CreateSignInTokenParams {
  userId: string;
  /** The organization to activate when the user signs in (the user must be a member). */
  organizationId?: string;
  /** Lifetime of the token (Clerk's default: 30 days). */
  expiresInSeconds?: number;
}
