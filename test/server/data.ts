// Seeded fixture data for the local Clerk-compatible server. Shapes follow the Backend API spec
// (../../../shared/clerk-bapi/2026-05-12.yml, components/schemas: User, EmailAddress, PhoneNumber, Session,
// SessionActivityResponse, JWTTemplate, Instance). Every object here is sent as-is, so nothing outside the
// schemas' properties may appear (User, Session, EmailAddress, PhoneNumber and JWTTemplate have
// additionalProperties: false). Only `pending` sessions carry `tasks` (and the status `pending`): those two do not
// fit the older 2024-10-01 Session schema, every other session does.
// Organizations and memberships follow Organization / OrganizationMembership. The hostile users and sessions
// (HOSTILE) are appended after the pleasant ones, with fixed ids, for the "hostile data stays inert" tests.

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired' | 'removed' | 'abandoned' | 'replaced' | 'pending';
export const SESSION_STATUSES: readonly SessionStatus[] = [
  'active',
  'revoked',
  'ended',
  'expired',
  'removed',
  'abandoned',
  'replaced',
  'pending',
];
/** The values GET /sessions accepts for `status` (the query enum has no `pending`). */
export const SESSION_STATUS_FILTERS: readonly string[] = ['abandoned', 'active', 'ended', 'expired', 'removed', 'replaced', 'revoked'];

export interface Verification {
  object: 'verification_otp' | 'verification_admin';
  status: 'unverified' | 'verified' | 'failed' | 'expired';
  strategy: 'email_code' | 'phone_code' | 'admin';
  attempts: number | null;
  expire_at: number | null;
}

export interface EmailAddress {
  id: string;
  object: 'email_address';
  email_address: string;
  reserved: boolean;
  verification: Verification;
  linked_to: { type: string; id: string }[];
  matches_sso_connection: boolean;
  created_at: number;
  updated_at: number;
}

export interface PhoneNumber {
  id: string;
  object: 'phone_number';
  phone_number: string;
  reserved_for_second_factor: boolean;
  default_second_factor: boolean;
  reserved: boolean;
  verification: Verification;
  linked_to: { type: string; id: string }[];
  backup_codes: string[] | null;
  created_at: number;
  updated_at: number;
}

export interface User {
  id: string;
  object: 'user';
  external_id: string | null;
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  locale: string | null;
  profile_image_url: string;
  image_url: string;
  has_image: boolean;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown> | null;
  unsafe_metadata: Record<string, unknown>;
  email_addresses: EmailAddress[];
  phone_numbers: PhoneNumber[];
  web3_wallets: unknown[];
  passkeys: unknown[];
  password_enabled: boolean;
  two_factor_enabled: boolean;
  totp_enabled: boolean;
  backup_code_enabled: boolean;
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
  password_last_updated_at: number | null;
  external_accounts: unknown[];
  saml_accounts: unknown[];
  enterprise_accounts: unknown[];
  last_sign_in_at: number | null;
  banned: boolean;
  locked: boolean;
  deprovisioned: boolean;
  lockout_expires_in_seconds: number | null;
  verification_attempts_remaining: number | null;
  updated_at: number;
  created_at: number;
  delete_self_enabled: boolean;
  create_organization_enabled: boolean;
  create_organizations_limit: number | null;
  last_active_at: number | null;
  legal_accepted_at: number | null;
  bypass_client_trust: boolean;
}

export interface SessionActivity {
  object: 'session_activity';
  id: string;
  device_type?: string;
  is_mobile: boolean;
  browser_name?: string;
  browser_version?: string;
  ip_address?: string;
  city?: string;
  country?: string;
}

export interface SessionTask {
  key: string;
}

export interface Session {
  object: 'session';
  id: string;
  user_id: string;
  client_id: string;
  /** `{iss, sid, sub}` while impersonated (sub = the impersonator), else null. */
  actor: Record<string, unknown> | null;
  status: SessionStatus;
  last_active_organization_id: string | null;
  last_active_at: number;
  latest_activity?: SessionActivity;
  expire_at: number;
  abandon_at: number;
  updated_at: number;
  created_at: number;
  /** Only on pending sessions: what the user still has to do, e.g. [{ key: 'choose-organization' }]. */
  tasks?: SessionTask[];
}

export interface JwtTemplate {
  object: 'jwt_template';
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowed_clock_skew: number;
  custom_signing_key: boolean;
  signing_algorithm: string;
  created_at: number;
  updated_at: number;
}

export interface Instance {
  object: 'instance';
  id: string;
  environment_type: 'development' | 'production';
  allowed_origins: string[] | null;
  workspace_id: string | null;
}

export interface Organization {
  object: 'organization';
  id: string;
  name: string;
  slug: string;
  image_url: string;
  has_image: boolean;
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** A membership as stored; the server turns it into the spec's OrganizationMembership. */
export interface Membership {
  id: string;
  organization_id: string;
  user_id: string;
  /** e.g. 'org:admin' (always with the `org:` prefix, as the Backend API answers it) */
  role: string;
  role_name: string;
  /** e.g. 'org:sys_memberships:read', 'org:dashboard:manage' */
  permissions: string[];
  created_at: number;
  updated_at: number;
}

/** Plans and features behind the `pla` / `fea` / `o.fpm` claims of version-2 session tokens. */
export interface Billing {
  /** slug of every user's plan (`u:<slug>` in pla) */
  userPlan: string;
  /** user-scoped features (`u:<feature>` in fea when no organization is active) */
  userFeatures: string[];
  /** organization id → its plan slug and the features the plan enables (`o:<feature>` in fea) */
  orgPlans: Record<string, { plan: string; features: string[] }>;
}

export interface ServerData {
  users: User[];
  sessions: Session[];
  jwtTemplates: JwtTemplate[];
  instance: Instance;
  organizations: Organization[];
  memberships: Membership[];
  billing: Billing;
}

export interface DataOptions {
  users: number;
  seed: number;
  now: number;
  environment: 'development' | 'production';
  /** Append the HOSTILE users and sessions and seed the hostile template name (default true; false for the demo). */
  hostile?: boolean;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, good enough for fixtures. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class Gen {
  readonly rng: () => number;
  constructor(seed: number) {
    this.rng = makeRng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  /** Clerk-style id: prefix + 27 base62 characters, starting with '2' like real ids. */
  id(prefix: string): string {
    let s = '2';
    for (let i = 0; i < 26; i++) s += BASE62[Math.floor(this.rng() * 62)];
    return `${prefix}_${s}`;
  }
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Radia',
  'Edsger',
  'Frances',
  'John',
  'Katherine',
  'Tim',
  'Hedy',
  'Donald',
  'Sophie',
  'Yukihiro',
  'Anita',
  'Guido',
  'Mary',
  'Bjarne',
  'Shafi',
  'Leslie',
  'Jean',
  'Niklaus',
  'Lynn',
  'Whitfield',
  'Karen',
  'Ole',
  'Zoë',
  'José',
  'Łukasz',
  'Amélie',
  'Søren',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Perlman',
  'Dijkstra',
  'Allen',
  'McCarthy',
  'Johnson',
  'Berners-Lee',
  'Lamarr',
  'Knuth',
  'Wilson',
  'Matsumoto',
  'Borg',
  'van Rossum',
  'Kenneth',
  'Stroustrup',
  'Goldwasser',
  'Lamport',
  'Sammet',
  'Wirth',
  'Conway',
  'Diffie',
  'Spärck Jones',
  'Dahl',
  'García',
  'Müller',
  'Nowak',
  'Østergaard',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme.test', 'initech.test', 'globex.example'];
const PLACES: readonly [string, string][] = [
  ['Berlin', 'DE'],
  ['Paris', 'FR'],
  ['London', 'GB'],
  ['New York', 'US'],
  ['San Francisco', 'US'],
  ['Tokyo', 'JP'],
  ['São Paulo', 'BR'],
  ['Lagos', 'NG'],
  ['Bengaluru', 'IN'],
  ['Sydney', 'AU'],
  ['Toronto', 'CA'],
  ['Zürich', 'CH'],
  ['Kraków', 'PL'],
  ['Athens', 'GR'],
];
interface Device {
  device_type: string;
  is_mobile: boolean;
  browsers: readonly [string, number][];
}
const DEVICES: readonly Device[] = [
  {
    device_type: 'Macintosh',
    is_mobile: false,
    browsers: [
      ['Chrome', 126],
      ['Safari', 17],
      ['Firefox', 127],
      ['Arc', 1],
    ],
  },
  {
    device_type: 'Windows',
    is_mobile: false,
    browsers: [
      ['Chrome', 125],
      ['Edge', 126],
      ['Firefox', 126],
    ],
  },
  {
    device_type: 'Linux',
    is_mobile: false,
    browsers: [
      ['Firefox', 127],
      ['Chrome', 126],
    ],
  },
  {
    device_type: 'iPhone',
    is_mobile: true,
    browsers: [
      ['Safari', 17],
      ['Chrome', 126],
    ],
  },
  { device_type: 'iPad', is_mobile: true, browsers: [['Safari', 17]] },
  {
    device_type: 'Android',
    is_mobile: true,
    browsers: [
      ['Chrome', 126],
      ['Samsung Internet', 25],
    ],
  },
];

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

function verifiedEmail(): Verification {
  return { object: 'verification_otp', status: 'verified', strategy: 'email_code', attempts: 1, expire_at: null };
}

function makeEmail(g: Gen, address: string, at: number, verified: boolean, now: number): EmailAddress {
  return {
    id: g.id('idn'),
    object: 'email_address',
    email_address: address,
    reserved: false,
    verification: verified
      ? verifiedEmail()
      : { object: 'verification_otp', status: 'unverified', strategy: 'email_code', attempts: 0, expire_at: now + 10 * MIN },
    linked_to: [],
    matches_sso_connection: false,
    created_at: at,
    updated_at: at,
  };
}

export function generateData(opts: DataOptions): ServerData {
  const g = new Gen(opts.seed);
  const now = opts.now;
  const n = Math.max(0, Math.floor(opts.users));
  const users: User[] = [];
  const usedEmails = new Set<string>();
  const usedUsernames = new Set<string>();

  for (let i = 0; i < n; i++) {
    const id = g.id('user');
    const created_at = now - g.int(30, 500) * DAY - g.int(0, DAY);
    let first: string | null = g.pick(FIRST);
    let last: string | null = g.pick(LAST);
    if (i % 9 === 4) {
      first = null;
      last = null;
    } // no name at all
    else if (i % 13 === 6) last = null; // first name only
    if (i === 7) {
      first = 'Maximiliane-Alexandrina Konstantina Theodora';
      last = 'von Hohenzollern-Sigmaringen-Wittelsbach de la Fuente y Montenegro';
    }
    // last activity: the first five are "right now", a few never signed in, the rest spread over weeks.
    let last_active_at: number | null;
    if (i < 5) last_active_at = now - (i + 1) * 3 * MIN - g.int(0, 60_000);
    else if (i % 17 === 10) last_active_at = null;
    else last_active_at = now - g.int(1, 40) * DAY + g.int(0, DAY - 1) - DAY / 2;
    if (last_active_at !== null && last_active_at < created_at) last_active_at = created_at + HOUR;

    const base = first || last ? slug([first, last].filter(Boolean).join(' ')) || `user${i}` : `user${i}`;
    const emails: EmailAddress[] = [];
    const phoneOnly = i % 19 === 12;
    if (!phoneOnly) {
      const count = 1 + (g.chance(0.25) ? 1 : 0) + (g.chance(0.08) ? 1 : 0) + (i === 1 ? 1 : 0);
      for (let k = 0; k < count; k++) {
        let addr = `${base}${k === 0 ? '' : `+${k}`}@${g.pick(DOMAINS)}`;
        while (usedEmails.has(addr)) addr = `${base}${g.int(2, 999)}@${g.pick(DOMAINS)}`;
        usedEmails.add(addr);
        emails.push(makeEmail(g, addr, created_at + k * DAY, k === 0 || g.chance(0.7), now));
      }
    }
    // the primary address is not always the first one
    const primaryEmail = emails.length === 0 ? null : emails.length > 1 && i % 2 === 1 ? emails[1] : emails[0];
    if (primaryEmail) primaryEmail.verification = verifiedEmail();

    const phones: PhoneNumber[] = [];
    if (phoneOnly || g.chance(0.3)) {
      phones.push({
        id: g.id('idn'),
        object: 'phone_number',
        phone_number: `+1555555${String(100 + i).padStart(4, '0')}`,
        reserved_for_second_factor: false,
        default_second_factor: false,
        reserved: false,
        verification: { object: 'verification_otp', status: 'verified', strategy: 'phone_code', attempts: 1, expire_at: null },
        linked_to: [],
        backup_codes: null,
        created_at,
        updated_at: created_at,
      });
    }

    let username: string | null = null;
    if (g.chance(0.5) || phoneOnly) {
      username = base.replace(/\./g, '_').slice(0, 40);
      while (usedUsernames.has(username)) username = `${username}${g.int(1, 9)}`;
      usedUsernames.add(username);
    }
    const has_image = g.chance(0.45);
    const image_url = has_image ? `https://img.clerk.com/local/avatars/${id}.png` : 'https://img.clerk.com/local/default-avatar.png';
    const mfa = g.chance(0.2);
    const banned = i === 11;
    const locked = i === 13;
    const updated_at = Math.max(created_at, last_active_at ?? created_at);
    users.push({
      id,
      object: 'user',
      external_id: g.chance(0.15) ? `ext_${1000 + i}` : null,
      primary_email_address_id: primaryEmail ? primaryEmail.id : null,
      primary_phone_number_id: phones[0] ? phones[0].id : null,
      primary_web3_wallet_id: null,
      username,
      first_name: first,
      last_name: last,
      locale: g.chance(0.3) ? g.pick(['en-US', 'de-DE', 'fr-FR', 'ja-JP']) : null,
      profile_image_url: image_url,
      image_url,
      has_image,
      public_metadata: i % 10 === 0 ? { role: 'admin' } : {},
      private_metadata: {},
      unsafe_metadata: {},
      email_addresses: emails,
      phone_numbers: phones,
      web3_wallets: [],
      passkeys: [],
      password_enabled: !phoneOnly,
      two_factor_enabled: mfa,
      totp_enabled: mfa,
      backup_code_enabled: mfa,
      mfa_enabled_at: mfa ? created_at + DAY : null,
      mfa_disabled_at: null,
      password_last_updated_at: phoneOnly ? null : created_at,
      external_accounts: [],
      saml_accounts: [],
      enterprise_accounts: [],
      last_sign_in_at: last_active_at === null ? null : last_active_at - g.int(0, 3) * DAY - g.int(0, HOUR),
      banned,
      locked,
      deprovisioned: false,
      lockout_expires_in_seconds: locked ? 1800 : null,
      verification_attempts_remaining: locked ? 0 : 100,
      updated_at,
      created_at,
      delete_self_enabled: true,
      create_organization_enabled: true,
      create_organizations_limit: null,
      last_active_at,
      legal_accepted_at: null,
      bypass_client_trust: false,
    });
    const u = users[users.length - 1];
    if (u.last_sign_in_at !== null && u.last_sign_in_at < created_at) u.last_sign_in_at = created_at;
  }

  const sessions = generateSessions(g, users, now);

  const templateAt = now - 90 * DAY;
  const template = (
    name: string,
    claims: Record<string, unknown>,
    lifetime: number,
    allowed_clock_skew: number,
    at: number,
    signing: { custom_signing_key: boolean; signing_algorithm: string } = { custom_signing_key: false, signing_algorithm: 'RS256' },
  ): JwtTemplate => ({
    object: 'jwt_template',
    id: g.id('jtmp'),
    name,
    claims,
    lifetime,
    allowed_clock_skew,
    ...signing,
    created_at: templateAt + at * DAY,
    updated_at: templateAt + (at + 1) * DAY,
  });
  const jwtTemplates: JwtTemplate[] = [
    // Supabase's own template: signed with the Supabase JWT secret (HS256), so Clerk's JWKS cannot verify it.
    template(
      'supabase',
      { aud: 'authenticated', role: 'authenticated', email: '{{user.primary_email_address}}', app_metadata: {}, user_metadata: {} },
      3600,
      5,
      0,
      { custom_signing_key: true, signing_algorithm: 'HS256' },
    ),
    template(
      'hasura',
      {
        'https://hasura.io/jwt/claims': {
          'x-hasura-default-role': 'user',
          'x-hasura-allowed-roles': ['user'],
          'x-hasura-user-id': '{{user.id}}',
        },
      },
      600,
      10,
      2,
    ),
    // the session id in a claim of the template's own: the only way a template token carries it
    template(
      'integration-test',
      {
        aud: 'integration-test',
        name: '{{user.first_name}} {{user.last_name}}',
        username: '{{user.username}}',
        session: '{{session.id}}',
        meta: '{{user.public_metadata}}',
      },
      120,
      0,
      5,
    ),
    // plain: only the default claims
    template('plain', {}, 60, 5, 7),
    template(
      'org-claims',
      { email: '{{user.primary_email_address}}', org_id: '{{org.id}}', org_role: '{{org.role}}', org_slug: '{{org.slug}}' },
      300,
      5,
      8,
    ),
    // a hostile NAME (the spec puts no pattern on template names)
    template(HOSTILE_TEMPLATE_NAME, { note: 'hostile template name' }, 60, 5, 9),
  ];

  // Made either way (the same ids follow), kept only when the hostile fixtures are wanted.
  if (opts.hostile === false)
    jwtTemplates.splice(
      jwtTemplates.findIndex((t) => t.name === HOSTILE_TEMPLATE_NAME),
      1,
    );

  const instance: Instance = {
    object: 'instance',
    id: g.id('ins'),
    environment_type: opts.environment,
    // the origins set with PATCH /instance (allowed_origins); Clerk answers null until some are set
    allowed_origins: opts.environment === 'development' ? ['http://localhost:3000'] : null,
    workspace_id: null,
  };
  const { organizations, memberships, billing } = generateOrganizations(g, users, sessions, now);
  if (opts.hostile !== false) addHostile(users, sessions, now);
  sessions.sort((a, b) => b.created_at - a.created_at);
  return { users, sessions, jwtTemplates, instance, organizations, memberships, billing };
}

function pickStatus(g: Gen): SessionStatus {
  const r = g.rng();
  if (r < 0.36) return 'active';
  if (r < 0.51) return 'expired';
  if (r < 0.63) return 'revoked';
  if (r < 0.75) return 'ended';
  if (r < 0.83) return 'abandoned';
  if (r < 0.89) return 'removed';
  if (r < 0.95) return 'replaced';
  return 'pending';
}

function generateSessions(g: Gen, users: User[], now: number): Session[] {
  const sessions: Session[] = [];
  // users ordered by most recent activity: the first few get several active sessions
  const byActivity = [...users].sort((a, b) => (b.last_active_at ?? -1) - (a.last_active_at ?? -1));
  byActivity.forEach((u, rank) => {
    if (u.last_active_at === null) return;
    let statuses: SessionStatus[];
    if (rank < 4) {
      const k = g.int(2, 4);
      statuses = Array.from({ length: k }, (_, j) => (j < 2 ? 'active' : pickStatus(g)));
    } else {
      const k = g.int(0, 4);
      statuses = Array.from({ length: k }, () => pickStatus(g));
    }
    let sharedClient: string | null = null;
    statuses.forEach((status, j) => {
      const recent = j === 0 ? u.last_active_at! : u.last_active_at! - g.int(0, 6) * DAY - g.int(0, DAY);
      const last_active_at = Math.max(u.created_at, recent);
      const created_at = Math.max(u.created_at, last_active_at - g.int(0, 20) * DAY - g.int(HOUR, DAY));
      let expire_at = last_active_at + 7 * DAY;
      let abandon_at = created_at + 30 * DAY;
      let updated_at = last_active_at;
      if (status === 'active' || status === 'pending') {
        if (expire_at <= now) expire_at = now + g.int(1, 6) * DAY;
        if (abandon_at <= now) abandon_at = now + g.int(7, 29) * DAY;
      } else if (status === 'expired') {
        expire_at = Math.min(expire_at, now - g.int(1, 3) * HOUR);
        updated_at = Math.max(last_active_at, expire_at);
      } else if (status === 'abandoned') {
        abandon_at = Math.min(abandon_at, now - g.int(1, 48) * HOUR);
        updated_at = Math.max(last_active_at, abandon_at);
      } else {
        updated_at = Math.min(now, last_active_at + g.int(1, 120) * MIN);
      }
      const dev = g.pick(DEVICES);
      const [browser_name, major] = g.pick(dev.browsers);
      const [city, country] = g.pick(PLACES);
      const activity: SessionActivity = {
        object: 'session_activity',
        id: g.id('sess_activity'),
        device_type: dev.device_type,
        is_mobile: dev.is_mobile,
        browser_name,
        browser_version: `${major}.0.${g.int(0, 6000)}.${g.int(0, 200)}`,
        ip_address: `203.0.113.${g.int(1, 254)}`,
        city,
        country,
      };
      if (g.chance(0.06)) delete activity.city; // geolocation unknown
      // the second session of a multi-session user sometimes lives in the same client (browser)
      let client_id = g.id('client');
      if (j === 0) sharedClient = client_id;
      else if (j === 1 && sharedClient && g.chance(0.3)) client_id = sharedClient;
      const s: Session = {
        object: 'session',
        id: g.id('sess'),
        user_id: u.id,
        client_id,
        actor: null,
        status,
        last_active_organization_id: null,
        last_active_at,
        latest_activity: activity,
        expire_at,
        abandon_at,
        updated_at,
        created_at,
      };
      if (g.chance(0.04)) delete s.latest_activity;
      sessions.push(s);
    });
  });

  // every status at least once (sessions of users outside the top four)
  const topIds = new Set(byActivity.slice(0, 4).map((u) => u.id));
  const others = sessions.filter((s) => !topIds.has(s.user_id));
  for (const status of SESSION_STATUSES) {
    if (sessions.some((s) => s.status === status)) continue;
    const victim = others.find((s) => sessions.filter((x) => x.status === s.status).length > 2);
    if (!victim) break;
    victim.status = status;
    if (status === 'expired') victim.expire_at = Math.min(victim.expire_at, now - HOUR);
    if (status === 'abandoned') victim.abandon_at = Math.min(victim.abandon_at, now - HOUR);
    if (status === 'active' || status === 'pending') {
      victim.expire_at = Math.max(victim.expire_at, now + DAY);
      victim.abandon_at = Math.max(victim.abandon_at, now + 7 * DAY);
    }
  }

  // one impersonated session: the third most active user is being impersonated by the first
  const target = byActivity[2];
  const admin = byActivity[0];
  if (target && admin) {
    const s = sessions.find((x) => x.user_id === target.id && x.status === 'active');
    if (s) s.actor = { iss: 'https://dashboard.clerk.com', sid: g.id('sess'), sub: admin.id };
  }
  // a pending session still has tasks: here, choosing an organization
  for (const s of sessions) if (s.status === 'pending') s.tasks = [{ key: 'choose-organization' }];
  // newest first, as Clerk lists them
  sessions.sort((a, b) => b.created_at - a.created_at);
  return sessions;
}

// ---------------------------------------------------------------------------------------------- organizations

const ORGS: readonly { name: string; slug: string; plan: string; features: string[] }[] = [
  { name: 'Acme Corp', slug: 'acme', plan: 'pro', features: ['dashboard', 'teams'] },
  { name: 'Globex', slug: 'globex', plan: 'free_org', features: ['dashboard'] },
  { name: 'Initech', slug: 'initech', plan: 'pro', features: ['dashboard', 'teams'] },
];

/** The permissions of each role: system permissions, then `org:<feature>:<permission>` ones. */
export const ROLE_PERMISSIONS: Readonly<Record<string, { name: string; permissions: string[] }>> = {
  'org:admin': {
    name: 'Admin',
    permissions: [
      'org:sys_profile:manage',
      'org:sys_profile:delete',
      'org:sys_memberships:read',
      'org:sys_memberships:manage',
      'org:sys_domains:read',
      'org:sys_domains:manage',
      'org:dashboard:manage',
      'org:dashboard:read',
      'org:teams:read',
    ],
  },
  'org:member': { name: 'Member', permissions: ['org:sys_memberships:read', 'org:dashboard:read', 'org:teams:read'] },
};

function generateOrganizations(
  g: Gen,
  users: User[],
  sessions: Session[],
  now: number,
): { organizations: Organization[]; memberships: Membership[]; billing: Billing } {
  const organizations: Organization[] = [];
  const memberships: Membership[] = [];
  const billing: Billing = { userPlan: 'free_user', userFeatures: ['ai_assistant'], orgPlans: {} };
  const byActivity = [...users].filter((u) => u.last_active_at !== null).sort((a, b) => b.last_active_at! - a.last_active_at!);
  if (byActivity.length === 0) return { organizations, memberships, billing };
  ORGS.forEach((o, i) => {
    const creator = byActivity[i % byActivity.length];
    const created_at = Math.max(creator.created_at, now - (200 - i * 30) * DAY);
    const org: Organization = {
      object: 'organization',
      id: g.id('org'),
      name: o.name,
      slug: o.slug,
      image_url: 'https://img.clerk.com/local/default-org.png',
      has_image: false,
      max_allowed_memberships: 5,
      admin_delete_enabled: true,
      public_metadata: {},
      private_metadata: {},
      created_by: creator.id,
      created_at,
      updated_at: created_at + DAY,
    };
    organizations.push(org);
    billing.orgPlans[org.id] = { plan: o.plan, features: [...o.features] };
  });
  const join = (u: User, org: Organization, role: string) => {
    const at = Math.max(u.created_at, org.created_at) + HOUR;
    memberships.push({
      id: g.id('orgmem'),
      organization_id: org.id,
      user_id: u.id,
      role,
      role_name: ROLE_PERMISSIONS[role].name,
      permissions: [...ROLE_PERMISSIONS[role].permissions],
      created_at: at,
      updated_at: at,
    });
  };
  // the most active users belong to organizations (the first is admin of two), a few others too
  byActivity.forEach((u, rank) => {
    if (rank === 0) {
      join(u, organizations[0], 'org:admin');
      join(u, organizations[1], 'org:admin');
    } else if (rank < 8 || g.chance(0.2)) {
      join(u, organizations[rank % organizations.length], rank % 3 === 1 ? 'org:admin' : 'org:member');
    }
  });
  // active sessions of members mostly have an active organization (the one last active)
  for (const s of sessions) {
    if (s.status !== 'active') continue;
    const mine = memberships.filter((m) => m.user_id === s.user_id);
    if (mine.length > 0 && g.chance(0.75)) s.last_active_organization_id = g.pick(mine).organization_id;
  }
  return { organizations, memberships, billing };
}

// ---------------------------------------------------------------------------------------------- hostile data

/** The name of the seeded JWT template whose name is hostile. */
export const HOSTILE_TEMPLATE_NAME = '[x](command:clerk.removeSecretKey)';

interface HostileSeed {
  /** fixed user id (the same for every seed) */
  id: string;
  email: string;
  first_name: string;
  last_name: string | null;
  /** fixed id of the user's ACTIVE session (hostile activity where noted) */
  sessionId: string;
}

const LONG_NAME = 'A'.repeat(250) + 'B'.repeat(250);

/**
 * Hostile users and sessions, appended after the pleasant ones (they are last active weeks ago, so the demo's first
 * page stays pleasant). Each has an email (findable by search) and at least one ACTIVE session.
 */
export const HOSTILE = {
  commandLink: {
    id: 'user_2HostileCommandLink00000000',
    email: 'hostile.command@attacker.invalid',
    first_name: '[Open](command:clerk.removeSecretKey)',
    last_name: 'Link',
    sessionId: 'sess_2HostileCommandLink00000000',
  },
  markdownImage: {
    id: 'user_2HostileMarkdownImage000000',
    email: 'hostile.image@attacker.invalid',
    first_name: '![x](https://attacker.invalid/p.png)',
    last_name: 'Image',
    sessionId: 'sess_2HostileMarkdownImage000000',
  },
  html: {
    id: 'user_2HostileRawHtml000000000000',
    email: 'hostile.html@attacker.invalid',
    first_name: '<img src=x onerror=alert(1)>',
    last_name: 'Html',
    sessionId: 'sess_2HostileRawHtml000000000000',
  },
  rtl: {
    id: 'user_2HostileRightToLeft00000000',
    email: 'hostile.rtl@attacker.invalid',
    first_name: 'Eve \u202Egnp.exe',
    last_name: 'Override',
    sessionId: 'sess_2HostileRightToLeft00000000',
  },
  longName: {
    id: 'user_2HostileLongName00000000000',
    email: 'hostile.long@attacker.invalid',
    first_name: LONG_NAME,
    last_name: null,
    sessionId: 'sess_2HostileLongName00000000000',
  },
  /** An ordinary name; its ACTIVE session `sessionId` has the link in browser_name and device_type, its second ACTIVE
   * session `citySessionId` a markdown image as the city. */
  sessions: {
    id: 'user_2HostileSessions00000000000',
    email: 'hostile.sessions@attacker.invalid',
    first_name: 'Mallory',
    last_name: 'Sessions',
    sessionId: 'sess_2HostileUserAgent0000000000',
    citySessionId: 'sess_2HostileCity000000000000000',
  },
  /** browser_name / device_type of HOSTILE.sessions.sessionId */
  browserName: '[Undo revoke](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22x%22%7D)',
  /** city of HOSTILE.sessions.citySessionId */
  city: '![x](https://attacker.invalid/p.png)',
  templateName: HOSTILE_TEMPLATE_NAME,
} as const;

/** Every hostile user, in the order they are appended. */
export const HOSTILE_USERS: readonly HostileSeed[] = [
  HOSTILE.commandLink,
  HOSTILE.markdownImage,
  HOSTILE.html,
  HOSTILE.rtl,
  HOSTILE.longName,
  HOSTILE.sessions,
];

function addHostile(users: User[], sessions: Session[], now: number): void {
  HOSTILE_USERS.forEach((h, i) => {
    const created_at = now - (600 + i) * DAY; // older than every seeded user: last in the default -created_at order
    const last_active_at = now - (33 + i) * DAY - i * HOUR;
    const emailId = `idn_${h.id.slice(5)}`;
    users.push({
      id: h.id,
      object: 'user',
      external_id: null,
      primary_email_address_id: emailId,
      primary_phone_number_id: null,
      primary_web3_wallet_id: null,
      username: null,
      first_name: h.first_name,
      last_name: h.last_name,
      locale: null,
      profile_image_url: 'https://img.clerk.com/local/default-avatar.png',
      image_url: 'https://img.clerk.com/local/default-avatar.png',
      has_image: false,
      public_metadata: {},
      private_metadata: {},
      unsafe_metadata: {},
      email_addresses: [
        {
          id: emailId,
          object: 'email_address',
          email_address: h.email,
          reserved: false,
          verification: verifiedEmail(),
          linked_to: [],
          matches_sso_connection: false,
          created_at,
          updated_at: created_at,
        },
      ],
      phone_numbers: [],
      web3_wallets: [],
      passkeys: [],
      password_enabled: true,
      two_factor_enabled: false,
      totp_enabled: false,
      backup_code_enabled: false,
      mfa_enabled_at: null,
      mfa_disabled_at: null,
      password_last_updated_at: created_at,
      external_accounts: [],
      saml_accounts: [],
      enterprise_accounts: [],
      last_sign_in_at: last_active_at - HOUR,
      banned: false,
      locked: false,
      deprovisioned: false,
      lockout_expires_in_seconds: null,
      verification_attempts_remaining: 100,
      updated_at: last_active_at,
      created_at,
      delete_self_enabled: true,
      create_organization_enabled: true,
      create_organizations_limit: null,
      last_active_at,
      legal_accepted_at: null,
      bypass_client_trust: false,
    });
    const session = (id: string, activity: Partial<SessionActivity>, ageHours: number): Session => ({
      object: 'session',
      id,
      user_id: h.id,
      client_id: `client_${id.slice(5)}`,
      actor: null,
      status: 'active',
      last_active_organization_id: null,
      last_active_at: last_active_at - ageHours * HOUR,
      latest_activity: {
        object: 'session_activity',
        id: `sess_activity_${id.slice(5)}`,
        device_type: 'Macintosh',
        is_mobile: false,
        browser_name: 'Chrome',
        browser_version: '126.0.0.0',
        ip_address: '203.0.113.66',
        city: 'Berlin',
        country: 'DE',
        ...activity,
      },
      expire_at: now + 5 * DAY,
      abandon_at: now + 20 * DAY,
      updated_at: last_active_at - ageHours * HOUR,
      created_at: last_active_at - (ageHours + 24) * HOUR,
    });
    if (h === HOSTILE.sessions) {
      sessions.push(session(h.sessionId, { browser_name: HOSTILE.browserName, device_type: HOSTILE.browserName }, 0));
      sessions.push(session(HOSTILE.sessions.citySessionId, { city: HOSTILE.city, country: 'ZZ' }, 2));
    } else {
      sessions.push(session(h.sessionId, {}, 0));
    }
  });
}
