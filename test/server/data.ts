// Seeded fixture data for the local Clerk-compatible server. Shapes follow the Backend API spec
// (../../../shared/clerk-bapi/2026-05-12.yml, components/schemas: User, EmailAddress, PhoneNumber, Session,
// SessionActivityResponse, JWTTemplate, Instance). Every object here is sent as-is, so nothing outside the
// schemas' properties may appear (User, Session, EmailAddress, PhoneNumber and JWTTemplate have
// additionalProperties: false). Sessions carry no `tasks`, so they also fit the 2024-10-01 Session schema.

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired' | 'removed' | 'abandoned' | 'replaced' | 'pending';
export const SESSION_STATUSES: readonly SessionStatus[] = ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending'];
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

export interface Session {
  object: 'session';
  id: string;
  user_id: string;
  client_id: string;
  actor: Record<string, unknown> | null;
  status: SessionStatus;
  last_active_organization_id: string | null;
  last_active_at: number;
  latest_activity?: SessionActivity;
  expire_at: number;
  abandon_at: number;
  updated_at: number;
  created_at: number;
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

export interface ServerData {
  users: User[];
  sessions: Session[];
  jwtTemplates: JwtTemplate[];
  instance: Instance;
}

export interface DataOptions {
  users: number;
  seed: number;
  now: number;
  environment: 'development' | 'production';
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
    return xs[Math.floor(this.rng() * xs.length)] as T;
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

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Edsger', 'Frances', 'John', 'Katherine', 'Tim', 'Hedy', 'Donald', 'Sophie', 'Yukihiro', 'Anita', 'Guido', 'Mary', 'Bjarne', 'Shafi', 'Leslie', 'Jean', 'Niklaus', 'Lynn', 'Whitfield', 'Karen', 'Ole', 'Zoë', 'José', 'Łukasz', 'Amélie', 'Søren'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Dijkstra', 'Allen', 'McCarthy', 'Johnson', 'Berners-Lee', 'Lamarr', 'Knuth', 'Wilson', 'Matsumoto', 'Borg', 'van Rossum', 'Kenneth', 'Stroustrup', 'Goldwasser', 'Lamport', 'Sammet', 'Wirth', 'Conway', 'Diffie', 'Spärck Jones', 'Dahl', 'García', 'Müller', 'Nowak', 'Østergaard'];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme.test', 'initech.test', 'globex.example'];
const PLACES: readonly [string, string][] = [
  ['Berlin', 'DE'], ['Paris', 'FR'], ['London', 'GB'], ['New York', 'US'], ['San Francisco', 'US'], ['Tokyo', 'JP'],
  ['São Paulo', 'BR'], ['Lagos', 'NG'], ['Bengaluru', 'IN'], ['Sydney', 'AU'], ['Toronto', 'CA'], ['Zürich', 'CH'],
  ['Kraków', 'PL'], ['Athens', 'GR'],
];
interface Device { device_type: string; is_mobile: boolean; browsers: readonly [string, number][] }
const DEVICES: readonly Device[] = [
  { device_type: 'Macintosh', is_mobile: false, browsers: [['Chrome', 126], ['Safari', 17], ['Firefox', 127], ['Arc', 1]] },
  { device_type: 'Windows', is_mobile: false, browsers: [['Chrome', 125], ['Edge', 126], ['Firefox', 126]] },
  { device_type: 'Linux', is_mobile: false, browsers: [['Firefox', 127], ['Chrome', 126]] },
  { device_type: 'iPhone', is_mobile: true, browsers: [['Safari', 17], ['Chrome', 126]] },
  { device_type: 'iPad', is_mobile: true, browsers: [['Safari', 17]] },
  { device_type: 'Android', is_mobile: true, browsers: [['Chrome', 126], ['Samsung Internet', 25]] },
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
    if (i % 9 === 4) { first = null; last = null; } // no name at all
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
    const primaryEmail = emails.length === 0 ? null : emails.length > 1 && i % 2 === 1 ? emails[1]! : emails[0]!;
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
    const u = users[users.length - 1]!;
    if (u.last_sign_in_at !== null && u.last_sign_in_at < created_at) u.last_sign_in_at = created_at;
  }

  const sessions = generateSessions(g, users, now);

  const templateAt = now - 90 * DAY;
  const jwtTemplates: JwtTemplate[] = [
    {
      object: 'jwt_template', id: g.id('jtmp'), name: 'supabase',
      claims: { aud: 'authenticated', role: 'authenticated', email: '{{user.primary_email_address}}', app_metadata: {}, user_metadata: {} },
      lifetime: 3600, allowed_clock_skew: 5, custom_signing_key: false, signing_algorithm: 'RS256',
      created_at: templateAt, updated_at: templateAt + DAY,
    },
    {
      object: 'jwt_template', id: g.id('jtmp'), name: 'hasura',
      claims: {
        'https://hasura.io/jwt/claims': {
          'x-hasura-default-role': 'user',
          'x-hasura-allowed-roles': ['user'],
          'x-hasura-user-id': '{{user.id}}',
        },
      },
      lifetime: 600, allowed_clock_skew: 10, custom_signing_key: false, signing_algorithm: 'RS256',
      created_at: templateAt + 2 * DAY, updated_at: templateAt + 2 * DAY,
    },
    {
      object: 'jwt_template', id: g.id('jtmp'), name: 'integration-test',
      claims: { aud: 'integration-test', name: '{{user.first_name}} {{user.last_name}}', username: '{{user.username}}', session: '{{session.id}}', meta: '{{user.public_metadata}}' },
      lifetime: 120, allowed_clock_skew: 0, custom_signing_key: false, signing_algorithm: 'RS256',
      created_at: templateAt + 5 * DAY, updated_at: templateAt + 6 * DAY,
    },
  ];

  const instance: Instance = {
    object: 'instance',
    id: g.id('ins'),
    environment_type: opts.environment,
    allowed_origins: opts.environment === 'development' ? ['http://localhost:3000'] : null,
    workspace_id: null,
  };
  return { users, sessions, jwtTemplates, instance };
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
    if (s) s.actor = { iss: 'https://dashboard.clerk.com', sub: admin.id };
  }
  // newest first, as Clerk lists them
  sessions.sort((a, b) => b.created_at - a.created_at);
  return sessions;
}
