// Every claim of a Clerk token explained in words, as plain data (no markdown): what kind of token it is, its times
// (local and relative), factor ages, plans, features, the organization with its feature → permissions map, who
// impersonates whom, the session status, and any claim of a template as it is. No vscode import.
// Every string here may hold text from the token: the sink renders it through src/util/inert.ts.
import { localTime } from '../util/format';
import { decodeToken, isJsonObject, type DecodeFailure, type DecodedToken, type Json, type JsonObject } from './decode';
import { describeOrg, describeV1Org, splitScoped, type OrgExplanation } from './org';
import {
  factorText,
  headerLines,
  issuerText,
  secondsToDateMs,
  show,
  tokenRelative,
  type ClaimLine,
  type FactorAge,
  type HeaderLine,
} from './words';
import * as l10n from '@vscode/l10n';

export type TokenKind = 'session-v2' | 'session-v1' | 'template' | 'unknown';

/** Each kind in words (a function: the words come from the l10n bundle loaded at activation). */
export function kindTexts(): Record<TokenKind, string> {
  return {
    'session-v2': l10n.t('Clerk session token (version 2)'),
    'session-v1': l10n.t('Clerk session token (version 1, deprecated since 2025-04-14)'),
    template: l10n.t('JWT template token'),
    unknown: l10n.t('JWT of an unknown kind'),
  };
}

export interface TimeClaim {
  seconds: number;
  ms: number;
  iso: string;
  local: string;
  relative: string;
}

export interface Explanation {
  ok: true;
  kind: TokenKind;
  kindText: string;
  alg?: string;
  kid?: string;
  typ?: string;
  /** The header's parameters as they come (Explain Token shows them as decoded JSON). */
  header: HeaderLine[];
  /** Every payload claim: Clerk's in a fixed order, then the rest as they come. */
  claims: ClaimLine[];
  subject?: string;
  sessionId?: string;
  issuer?: string;
  azp?: string;
  times: { iat?: TimeClaim; nbf?: TimeClaim; exp?: TimeClaim };
  /** exp − iat, seconds. */
  lifetimeSeconds?: number;
  expired?: boolean;
  factors?: FactorAge;
  plans?: Array<{ scope: string; slug: string }>;
  features?: Array<{ scope: string; name: string }>;
  organization?: OrgExplanation;
  actor?: { sub?: string; iss?: string; sid?: string; text: string };
  status?: { value: string; text: string };
  /** Names of the claims that are not Clerk session claims (a template's own, or unknown). */
  otherClaims: string[];
  notes: string[];
  warnings: string[];
}

export type ExplainResult = Explanation | DecodeFailure;

const V1_CLAIMS = [
  'azp',
  'exp',
  'iat',
  'iss',
  'nbf',
  'sid',
  'sub',
  'jti',
  'act',
  'fva',
  'sts',
  'org_id',
  'org_slug',
  'org_role',
  'org_permissions',
];
const v1OrgWords = (): Record<string, string> => ({
  org_id: l10n.t('Active organization'),
  org_slug: l10n.t('Organization slug'),
  org_role: l10n.t('Role'),
  org_permissions: l10n.t('Permissions'),
});
const ORDER = [
  'iss',
  'sub',
  'sid',
  'azp',
  'iat',
  'nbf',
  'exp',
  'jti',
  'v',
  'sts',
  'fva',
  'pla',
  'fea',
  'o',
  'org_id',
  'org_slug',
  'org_role',
  'org_permissions',
  'act',
];

function timeClaim(seconds: number, now: number): TimeClaim | undefined {
  const ms = secondsToDateMs(seconds);
  if (!Number.isFinite(ms)) return undefined;
  return { seconds, ms, iso: new Date(ms).toISOString(), local: localTime(ms), relative: tokenRelative(ms, now) };
}

export function classify(payload: JsonObject): TokenKind {
  const keys = Object.keys(payload);
  if ('v' in payload) return payload.v === 2 && typeof payload.sid === 'string' ? 'session-v2' : 'unknown';
  if (typeof payload.sid === 'string') return keys.every((k) => V1_CLAIMS.includes(k)) ? 'session-v1' : 'template';
  if (typeof payload.sub === 'string' || typeof payload.iss === 'string') return 'template';
  return 'unknown';
}

/** Explains a token (or an already decoded one). Never throws: a token that does not decode gives the failure. */
export function explainToken(input: string | DecodedToken, opts: { now?: number } = {}): ExplainResult {
  const d = typeof input === 'string' ? decodeToken(input) : input;
  if (!d.ok) return d;
  const now = opts.now ?? Date.now();
  const p = d.payload;
  const kind = classify(p);
  const notes: string[] = [];
  const header = headerLines(d.header, notes);
  const ex: Explanation = {
    ok: true,
    kind,
    kindText: kindTexts()[kind],
    header,
    claims: [],
    times: {},
    otherClaims: [],
    notes,
    warnings: [...d.warnings],
  };
  if (typeof d.header.alg === 'string') ex.alg = d.header.alg;
  if (typeof d.header.kid === 'string') ex.kid = d.header.kid;
  if (typeof d.header.typ === 'string') ex.typ = d.header.typ;
  if ('v' in p && p.v !== 2)
    notes.push(l10n.t`Claim v is ${show(p.v)}: a session token version this extension does not know (2 is current).`);

  const add = (claim: string, text: string, problem = false): void => {
    const line: ClaimLine = { claim, value: p[claim]!, text };
    if (problem) line.problem = true;
    ex.claims.push(line);
  };
  const keys = Object.keys(p).sort((a, b) => rank(a) - rank(b));
  for (const k of keys) {
    const v = p[k]!;
    switch (k) {
      case 'iss':
        if (typeof v === 'string') {
          ex.issuer = v;
          add(k, issuerText(v));
        } else add(k, l10n.t`iss is ${show(v)}, not a string.`, true);
        break;
      case 'sub':
        if (typeof v === 'string') {
          ex.subject = v;
          add(k, l10n.t`The user: ${v}.`);
        } else add(k, l10n.t`sub is ${show(v)}, not a string: @clerk/backend rejects a token without a string sub.`, true);
        break;
      case 'sid':
        if (typeof v === 'string') {
          ex.sessionId = v;
          add(k, l10n.t`The session: ${v}.`);
        } else add(k, l10n.t`sid is ${show(v)}, not a string.`, true);
        break;
      case 'azp':
        if (typeof v === 'string' && v !== '') {
          ex.azp = v;
          add(k, l10n.t`Made for a browser page at ${v} (the Origin of the request that minted it).`);
        } else add(k, l10n.t`azp is ${show(v)}: a backend that sets authorizedParties rejects it.`, true);
        break;
      case 'iat':
      case 'nbf':
      case 'exp':
        timeLine(k, v, now, ex, add);
        break;
      case 'jti':
        add(k, l10n.t('Token id {0}.', show(v)));
        break;
      case 'v':
        add(k, v === 2 ? l10n.t('Session token claims version 2.') : l10n.t('Version {0}.', show(v)), v !== 2);
        break;
      case 'fva': {
        const f = factorText(v);
        if (f) {
          ex.factors = f;
          add(k, l10n.t`Factor verification age: ${f.text}.`);
        } else add(k, l10n.t`fva is ${show(v)}; expected [minutes since first factor, minutes since second factor].`, true);
        break;
      }
      case 'pla':
        if (typeof v === 'string') {
          ex.plans = splitScoped(v).map(({ scope, name }) => ({ scope: scopeWord(scope), slug: name }));
          add(
            k,
            ex.plans.length
              ? l10n.t`Active plans: ${ex.plans.map((x) => `${x.slug} (${x.scope})`).join(', ')}.`
              : l10n.t('No active plans.'),
          );
        } else add(k, l10n.t`pla is ${show(v)}, not a comma-separated string.`, true);
        break;
      case 'fea':
        if (typeof v === 'string') {
          ex.features = splitScoped(v).map(({ scope, name }) => ({ scope, name }));
          add(
            k,
            ex.features.length
              ? l10n.t`Enabled features: ${ex.features.map((x) => `${x.name} (${scopeWord(x.scope)})`).join(', ')}.`
              : l10n.t('No features.'),
          );
        } else add(k, l10n.t`fea is ${show(v)}, not a comma-separated string.`, true);
        break;
      case 'sts':
        ex.status = { value: typeof v === 'string' ? v : show(v), text: statusText(v) };
        add(k, ex.status.text, v !== 'active');
        break;
      case 'o':
        if (isJsonObject(v)) {
          ex.organization = describeOrg(v, typeof p.fea === 'string' ? p.fea : undefined);
          add(k, ex.organization.text, ex.organization.problems.length > 0);
          notes.push(...ex.organization.problems);
        } else add(k, l10n.t`o is ${show(v)}, not an object.`, true);
        break;
      case 'org_id':
      case 'org_slug':
      case 'org_role':
      case 'org_permissions':
        if (!ex.organization) {
          ex.organization = describeV1Org(p);
          notes.push(...ex.organization.problems);
        }
        add(k, `${v1OrgWords()[k]}: ${show(v)}.`);
        break;
      case 'act':
        ex.actor = actorOf(v, ex.subject);
        add(k, ex.actor.text);
        break;
      default:
        ex.otherClaims.push(k);
        add(
          k,
          kind === 'template'
            ? l10n.t("The template's claim {0} = {1}.", show(k, 60), show(v))
            : l10n.t('Claim {0} = {1}.', show(k, 60), show(v)),
        );
    }
  }
  kindNotes(ex, kind);
  return ex;
}

function rank(k: string): number {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.length : i;
}

function scopeWord(scope: string): string {
  return scope === 'u'
    ? l10n.t('user')
    : scope === 'o'
      ? l10n.t('organization')
      : scope === 'uo' || scope === 'ou'
        ? l10n.t('user and organization')
        : l10n.t`scope ${scope}`;
}

function statusText(v: Json): string {
  if (v === 'pending') {
    return l10n.t`Session pending: the user signed in but has tasks left (e.g. choose an organization). Clerk's SDKs treat a pending session as signed out by default (treatPendingAsSignedOut).`;
  }
  if (v === 'active') return l10n.t('Session active.');
  return l10n.t`Session status ${show(v)}.`;
}

function actorOf(v: Json, subject: string | undefined): NonNullable<Explanation['actor']> {
  if (!isJsonObject(v)) return { text: l10n.t`act is ${show(v)}, not an object.` };
  const a: NonNullable<Explanation['actor']> = { text: '' };
  if (typeof v.sub === 'string') a.sub = v.sub;
  if (typeof v.iss === 'string') a.iss = v.iss;
  if (typeof v.sid === 'string') a.sid = v.sid;
  const by = a.sub ? l10n.t`user ${a.sub}` : l10n.t('someone');
  const via =
    a.iss && /dashboard\.clerk\.com/.test(a.iss) ? l10n.t(' through the Clerk Dashboard') : a.iss ? l10n.t` (issuer ${a.iss})` : '';
  const as = subject ? l10n.t`user ${subject}` : l10n.t('this user');
  a.text = l10n.t`Impersonation: ${by} is acting as ${as}${via}${a.sid ? l10n.t`, from their session ${a.sid}` : ''}.`;
  return a;
}

function timeLine(k: 'iat' | 'nbf' | 'exp', v: Json, now: number, ex: Explanation, add: (c: string, t: string, p?: boolean) => void): void {
  const word = { iat: l10n.t('Issued'), nbf: l10n.t('Valid from'), exp: l10n.t('Expires') }[k];
  if (typeof v !== 'number') {
    add(k, l10n.t`${k} is ${show(v)}, not a number of seconds: @clerk/backend rejects the token.`, true);
    return;
  }
  const t = timeClaim(v, now);
  if (!t) {
    add(
      k,
      l10n.t`${k} is ${v}, beyond the dates JavaScript can hold${k === 'exp' ? l10n.t(': @clerk/backend treats it as never expiring') : ''}.`,
      true,
    );
    return;
  }
  ex.times[k] = t;
  let text = `${word} ${t.local} (${t.relative}).`;
  if (k === 'exp') {
    ex.expired = t.ms <= now;
    text = ex.expired ? l10n.t('Expired {0} ({1}).', t.local, t.relative) : text;
    const iat = ex.times.iat;
    if (iat) {
      ex.lifetimeSeconds = v - iat.seconds;
      text += l10n.t(' Lifetime {0} s.', ex.lifetimeSeconds);
    }
  }
  if (k === 'nbf' && ex.times.iat && v < ex.times.iat.seconds)
    text += l10n.t` (${ex.times.iat.seconds - v} s before iat: the allowed clock skew.)`;
  add(k, text, (k === 'exp' && ex.expired) || (k !== 'exp' && t.ms > now));
}

function kindNotes(ex: Explanation, kind: TokenKind): void {
  // A missing azp and a template token's missing sid are the verdict's notes, which every surface shows with its
  // verdict (src/tokens/verdict.ts): said here too, they read twice in two wordings in the Explain report.
  if (kind === 'session-v1') ex.notes.push(l10n.t('Version 1 claims (org_id, org_role…): the instance predates API version 2025-04-10.'));
}
