// The compact "hover summary" of a token: pure data that a hover provider renders (through src/util/inert.ts, since
// every string may hold token text). Offline: the JWKS is passed in (cached by the caller). Never throws.
// No vscode import.
import { decodeToken, type DecodeResult } from './decode';
import { explainToken, type TokenKind } from './explain';
import { signatureWords, signedByInstance, tokenTitle, verdictLine, verdictMark, type VerdictMark } from './surface';
import { noAzpNote, verdict, type JwksLike, type ReasonKind, type SignatureState } from './verdict';
import * as l10n from '@vscode/l10n';

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
  /** The instance whose key signed it: only when the signature matches that key. */
  instance?: string;
  expiry?: { relative: string; local: string; expired: boolean };
  actor?: string;
  status?: string;
  organization?: string;
  signature: { state: SignatureState; sentence: string };
  /** The summary as label/value rows, in display order (`code`: show the value as code). */
  lines: HoverLine[];
  /** A session token signed by a connected instance's key: "Show Session" can find it. */
  canShowSession: boolean;
  verdict?: { accepted: boolean | undefined; sentence: string; reasons: Array<{ kind: ReasonKind; sentence: string }> };
  /** The verdict as one line with its mark (✓ accepted, ✗ rejected with the first reason, ? cannot tell). */
  headline?: { mark: VerdictMark; text: string };
  /** The signature in words, as every surface says it. */
  signatureText?: string;
  notes: string[];
}

export interface HoverLine {
  label: string;
  value: string;
  code?: boolean;
}

export interface HoverOptions {
  /** Every public key the hover may check with (all connected instances' remembered JWKS); none: cannot tell. */
  jwks?: JwksLike | null;
  /** kid → the name of the instance that holds it. Used only when the signature matches that key. */
  instanceOf?: (kid: string) => string | undefined;
  /** kid → instance name (e.g. from every stored instance's cached JWKS), as instanceOf. */
  kidToInstance?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  authorizedParties?: string[];
  clockSkewMs?: number;
  now?: number;
}

function instanceFor(map: HoverOptions['kidToInstance'], kid: string | undefined): string | undefined {
  if (!map || kid === undefined) return undefined;
  if (map instanceof Map) return (map as ReadonlyMap<string, string>).get(kid);
  return Object.prototype.hasOwnProperty.call(map, kid) ? (map as Record<string, string>)[kid] : undefined;
}

export async function hoverSummary(token: string | DecodeResult, opts: HoverOptions = {}): Promise<HoverSummary> {
  const d = typeof token === 'string' ? decodeToken(token) : token;
  if (!d.ok) {
    return {
      ok: false,
      problem: d.sentence,
      signature: { state: 'unchecked', sentence: l10n.t('Not checked: the token does not decode.') },
      notes: [],
      lines: [{ label: l10n.t('Not a JWT'), value: d.sentence }],
      canShowSession: false,
      kindText: l10n.t('Not a readable JWT'),
    };
  }
  const now = opts.now ?? Date.now();
  const ex = explainToken(d, { now });
  const v = await verdict(d, opts.jwks, { now, authorizedParties: opts.authorizedParties, clockSkewMs: opts.clockSkewMs });
  const s: HoverSummary = {
    ok: true,
    signature: { state: v.signature.state, sentence: v.signature.sentence },
    notes: [...v.notes],
    lines: [],
    canShowSession: false,
  };
  if (!ex.ok) return s;
  const genuine = signedByInstance(v);
  s.kind = ex.kind;
  s.kindText = tokenTitle(ex.kind, ex.kindText, v);
  if (ex.alg !== undefined) s.alg = ex.alg;
  if (ex.kid !== undefined) s.kid = ex.kid;
  if (ex.subject !== undefined) s.subject = ex.subject;
  if (ex.sessionId !== undefined) s.session = ex.sessionId;
  if (ex.issuer !== undefined) s.issuer = ex.issuer;
  // Attribution only for a signature that matches an instance's key: a kid alone is anyone's to copy.
  if (genuine && ex.kid !== undefined) {
    let inst: string | undefined;
    try {
      inst = opts.instanceOf?.(ex.kid) ?? instanceFor(opts.kidToInstance, ex.kid);
    } catch {
      inst = undefined;
    }
    if (inst !== undefined) s.instance = inst;
  }
  const exp = ex.times.exp;
  if (exp) s.expiry = { relative: exp.relative, local: exp.local, expired: exp.ms <= now };
  if (ex.actor) s.actor = ex.actor.text;
  if (ex.status) s.status = ex.status.text;
  if (ex.organization) s.organization = ex.organization.text;
  s.verdict = { accepted: v.accepted, sentence: v.sentence, reasons: v.reasons.map((r) => ({ kind: r.kind, sentence: r.sentence })) };
  s.headline = { mark: verdictMark(v), text: verdictLine(v) };
  s.signatureText = signatureWords(v.signature);
  s.canShowSession = genuine && s.instance !== undefined && s.subject !== undefined && (s.kind === 'session-v2' || s.kind === 'session-v1');
  s.lines = linesOf(s);
  return s;
}

function linesOf(s: HoverSummary): HoverLine[] {
  // The verdict with its first reason comes first, right under the title.
  const l: HoverLine[] = [];
  if (s.headline) l.push({ label: l10n.t('Verdict'), value: s.headline.text });
  if (s.subject !== undefined) l.push({ label: l10n.t('User'), value: s.subject, code: true });
  if (s.session !== undefined) l.push({ label: l10n.t('Session'), value: s.session, code: true });
  if (s.expiry)
    l.push({ label: s.expiry.expired ? l10n.t('Expired') : l10n.t('Expires'), value: `${s.expiry.relative} (${s.expiry.local})` });
  if (s.instance !== undefined) l.push({ label: l10n.t('Instance'), value: s.instance });
  else if (s.issuer !== undefined) l.push({ label: l10n.t('Issuer (claimed)'), value: s.issuer, code: true });
  if (s.actor !== undefined) l.push({ label: l10n.t('Impersonated'), value: s.actor });
  if (s.status !== undefined) l.push({ label: l10n.t('Status'), value: s.status });
  if (s.organization !== undefined) l.push({ label: l10n.t('Organization'), value: s.organization });
  l.push({ label: l10n.t('Signature'), value: s.signatureText ?? s.signature.sentence });
  if (s.verdict && s.verdict.reasons.length > 1)
    l.push({
      label: l10n.t('Also'),
      value: s.verdict.reasons
        .slice(1)
        .map((r) => r.kind)
        .join(', '),
    });
  if (s.notes.includes(noAzpNote())) l.push({ label: l10n.t('Note'), value: noAzpNote() });
  return l;
}
