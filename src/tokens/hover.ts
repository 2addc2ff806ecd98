// The compact "hover summary" of a token: pure data that a hover provider renders (through src/util/inert.ts, since
// every string may hold token text). Offline: the JWKS is passed in (cached by the caller). Never throws.
// No vscode import.
import type { Jwk } from '../clerk/types';
import { decodeToken } from './decode';
import { explainToken, type TokenKind } from './explain';
import { verdict, type JwksLike, type ReasonKind, type SignatureState } from './verdict';

export interface HoverSummary {
  /** False when the text does not decode as a JWT; `problem` says why. */
  ok: boolean;
  problem?: string;
  kind?: TokenKind;
  kindText?: string;
  alg?: string;
  kid?: string;
  subject?: string;
  session?: string;
  issuer?: string;
  /** The instance whose key signed it, when the kid is in the map given. */
  instance?: string;
  expiry?: { relative: string; local: string; expired: boolean };
  actor?: string;
  status?: string;
  organization?: string;
  signature: { state: SignatureState; sentence: string };
  /** The summary as label/value rows, in display order (`code`: show the value as code). */
  lines: HoverLine[];
  /** A session token whose issuing instance is known: "Show Session" can find it. */
  canShowSession: boolean;
  verdict?: { accepted: boolean | undefined; sentence: string; reasons: Array<{ kind: ReasonKind; sentence: string }> };
  notes: string[];
}

export interface HoverLine {
  label: string;
  value: string;
  code?: boolean;
}

export interface HoverOptions {
  jwks?: JwksLike | null;
  /** Another way to find the key: kid → the JWK and the name of the instance that holds it (takes precedence). */
  keyFor?: (kid: string) => { jwk: Jwk; instance?: string } | undefined;
  /** kid → instance name (e.g. from every stored instance's cached JWKS). */
  kidToInstance?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  authorizedParties?: string[];
  clockSkewMs?: number;
  now?: number;
}

function instanceFor(map: HoverOptions['kidToInstance'], kid: string | undefined): string | undefined {
  if (!map || kid === undefined) return undefined;
  if (map instanceof Map) return map.get(kid);
  return Object.prototype.hasOwnProperty.call(map, kid) ? (map as Record<string, string>)[kid] : undefined;
}

export async function hoverSummary(token: string, opts: HoverOptions = {}): Promise<HoverSummary> {
  const d = decodeToken(token);
  if (!d.ok) {
    return {
      ok: false,
      problem: d.sentence,
      signature: { state: 'unchecked', sentence: 'Not checked: the token does not decode.' },
      notes: [],
      lines: [{ label: 'Not a JWT', value: d.sentence }],
      canShowSession: false,
      kindText: 'Not a readable JWT',
    };
  }
  const now = opts.now ?? Date.now();
  const ex = explainToken(d, { now });
  const kid = typeof d.header.kid === 'string' ? d.header.kid : undefined;
  let found: ReturnType<NonNullable<HoverOptions['keyFor']>>;
  try {
    found = kid !== undefined && opts.keyFor ? opts.keyFor(kid) : undefined;
  } catch {
    found = undefined;
  }
  const jwks = found ? { keys: [found.jwk] } : opts.jwks;
  const v = await verdict(d, jwks, { now, authorizedParties: opts.authorizedParties, clockSkewMs: opts.clockSkewMs });
  const s: HoverSummary = {
    ok: true,
    signature: { state: v.signature.state, sentence: v.signature.sentence },
    notes: [...v.notes],
    lines: [],
    canShowSession: false,
  };
  if (!ex.ok) return s;
  s.kind = ex.kind;
  s.kindText = ex.kindText;
  if (ex.alg !== undefined) s.alg = ex.alg;
  if (ex.kid !== undefined) s.kid = ex.kid;
  if (ex.subject !== undefined) s.subject = ex.subject;
  if (ex.sessionId !== undefined) s.session = ex.sessionId;
  if (ex.issuer !== undefined) s.issuer = ex.issuer;
  const inst = found?.instance ?? instanceFor(opts.kidToInstance, ex.kid);
  if (inst !== undefined) s.instance = inst;
  const exp = ex.times.exp;
  if (exp) s.expiry = { relative: exp.relative, local: exp.local, expired: exp.ms <= now };
  if (ex.actor) s.actor = ex.actor.text;
  if (ex.status) s.status = ex.status.text;
  if (ex.organization) s.organization = ex.organization.text;
  s.verdict = { accepted: v.accepted, sentence: v.sentence, reasons: v.reasons.map((r) => ({ kind: r.kind, sentence: r.sentence })) };
  s.canShowSession = !!found && s.subject !== undefined && (s.kind === 'session-v2' || s.kind === 'session-v1');
  s.lines = linesOf(s);
  return s;
}

const SIGNATURE_WORDS: Record<SignatureState, string> = {
  valid: 'valid',
  invalid: 'INVALID',
  'custom-key': 'custom signing key: not checkable with Clerk keys',
  unsigned: 'none (alg none)',
  'no-key': 'key not in the JWKS',
  unchecked: 'not checked (no key of a connected instance)',
};

function linesOf(s: HoverSummary): HoverLine[] {
  const l: HoverLine[] = [];
  if (s.subject !== undefined) l.push({ label: 'User', value: s.subject, code: true });
  if (s.session !== undefined) l.push({ label: 'Session', value: s.session, code: true });
  if (s.expiry) l.push({ label: s.expiry.expired ? 'Expired' : 'Expires', value: `${s.expiry.relative} (${s.expiry.local})` });
  if (s.instance !== undefined) l.push({ label: 'Instance', value: s.instance });
  else if (s.issuer !== undefined) l.push({ label: 'Issuer', value: s.issuer, code: true });
  if (s.actor !== undefined) l.push({ label: 'Impersonated', value: s.actor });
  if (s.status !== undefined) l.push({ label: 'Status', value: s.status });
  if (s.organization !== undefined) l.push({ label: 'Organization', value: s.organization });
  l.push({ label: 'Signature', value: SIGNATURE_WORDS[s.signature.state] });
  if (s.verdict && s.verdict.accepted !== undefined) {
    l.push({
      label: 'Backend',
      value: s.verdict.accepted ? 'would accept it now' : `would reject it: ${s.verdict.reasons.map((r) => r.kind).join(', ')}`,
    });
  }
  return l;
}
