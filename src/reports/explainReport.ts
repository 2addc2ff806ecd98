// The Explain Token report as data: the verdict first, then who issued it, every claim in words, the organization's
// feature → permissions, what Clerk says of the session and user now, and the decoded claims. Never the token.
// Pure: the command gathers the facts, this turns them into a Report. No vscode import.
import type { DecodeFailure } from '../tokens/decode';
import type { Explanation } from '../tokens/explain';
import type { Report, ReportAction, ReportRow, ReportSection } from './report';

/** Would a backend using @clerk/backend's verifyToken accept the token now, and if not, every reason. */
export interface VerdictFacts {
  accept: boolean;
  /** Every reason it would be refused (empty when accepted), in words. */
  reasons: string[];
  /** Things worth knowing that do not decide the verdict (no azp, custom signing key…). */
  notes: string[];
  /** True when the signature could not be checked (no connected instance has the key). */
  unchecked?: boolean;
}

export interface IssuerFacts {
  /** The connected instance whose JWKS holds the token's kid. */
  instance?: string;
  text: string;
}

export interface LiveTokenFacts {
  session?: { id: string; status?: string; error?: string };
  user?: { id: string; name?: string; email?: string; error?: string };
}

export interface ExplainFacts {
  explanation: Explanation;
  verdict: VerdictFacts;
  issuer: IssuerFacts;
  live: LiveTokenFacts;
  actions: ReportAction[];
}

export function explainReport(f: ExplainFacts): Report {
  const e = f.explanation;
  const sections: ReportSection[] = [];
  const who = e.subject ? `${e.kindText} for ${e.subject}` : e.kindText;
  sections.push({
    heading: 'Issued by',
    rows: [
      { label: 'Instance', value: f.issuer.text, mark: f.issuer.instance ? 'pass' : 'warn' },
      ...(e.issuer ? [{ label: 'iss', value: e.issuer, mono: true } as ReportRow] : []),
      ...(e.alg ? [{ label: 'Algorithm', value: `${e.alg}${e.kid ? ` · kid ${e.kid}` : ' · no kid'}`, mono: true } as ReportRow] : []),
    ],
    text: f.verdict.notes,
  });
  if (e.organization) {
    const o = e.organization;
    const rows: ReportRow[] = [
      { label: 'Organization', value: [o.slug, o.id].filter(Boolean).join(' · ') || 'unknown' },
      { label: 'Role', value: o.roleKey ?? o.role ?? 'none' },
      { label: 'Permissions', value: o.permissions.join(', ') || 'none' },
      ...o.featurePermissions.map((fp) => ({
        label: `Feature ${fp.feature}`,
        value: fp.keys.length ? fp.keys.join(', ') : 'no permissions',
      })),
    ];
    sections.push({ heading: 'Organization', rows, text: [o.text, ...o.problems] });
  }
  const times: ReportRow[] = (['iat', 'nbf', 'exp'] as const).flatMap((k) => {
    const t = e.times[k];
    return t
      ? [
          {
            label: k,
            value: `${t.local} local (${t.relative})`,
            mark: k === 'exp' ? (e.expired ? 'fail' : 'pass') : undefined,
          } as ReportRow,
        ]
      : [];
  });
  if (e.lifetimeSeconds !== undefined) times.push({ label: 'Lifetime', value: `${e.lifetimeSeconds} s` });
  if (times.length) sections.push({ heading: 'Times', rows: times });
  sections.push({
    heading: 'Claims',
    rows: e.claims.map((c) => ({ label: c.claim, value: c.text, mark: c.problem ? 'warn' : undefined })),
  });
  if (e.actor) sections.push({ heading: 'Impersonation', text: [e.actor.text] });
  const live: ReportRow[] = [];
  if (f.live.session) {
    const s = f.live.session;
    live.push(
      s.status
        ? {
            label: 'Session',
            value: `${s.id}: ${s.status}${s.status === 'active' ? '' : s.status === 'pending' ? " (Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false)" : ' (not active: Clerk refuses its tokens)'}`,
            mark: s.status === 'active' ? 'pass' : 'fail',
          }
        : { label: 'Session', value: `${s.id}: could not be read: ${s.error ?? 'unknown error'}`, mark: 'warn' },
    );
  }
  if (f.live.user) {
    const u = f.live.user;
    live.push(
      u.error
        ? { label: 'User', value: `${u.id}: could not be read: ${u.error}`, mark: 'warn' }
        : { label: 'User', value: [u.name, u.email, u.id].filter(Boolean).join(' · ') },
    );
  }
  if (live.length) sections.push({ heading: 'Now, from Clerk', rows: live });
  else sections.push({ heading: 'Now, from Clerk', text: ['Not asked: no connected instance issued this token.'] });
  if (e.notes.length || e.warnings.length) sections.push({ heading: 'Notes', text: [...e.notes, ...e.warnings] });
  sections.push({
    heading: 'Decoded header and claims',
    block: JSON.stringify(
      {
        header: Object.fromEntries(e.header.map((h) => [h.claim, h.value])),
        claims: Object.fromEntries(e.claims.map((c) => [c.claim, c.value])),
      },
      null,
      2,
    ),
  });

  const verdictText = f.verdict.accept
    ? 'A backend using @clerk/backend would accept this token now.'
    : f.verdict.unchecked
      ? "A backend using @clerk/backend would not accept this token as one of your instances' tokens."
      : 'A backend using @clerk/backend would refuse this token now.';
  return {
    title: `Token: ${who}`,
    subtitle: e.sessionId ? `Session ${e.sessionId}` : undefined,
    verdict: { ok: f.verdict.accept, text: verdictText, reasons: f.verdict.reasons },
    sections,
    actions: f.actions,
  };
}

/** A token that did not decode: the sentence that says why, and nothing else of it. */
export function undecodableReport(failure: DecodeFailure): Report {
  return {
    title: 'Token: cannot be decoded',
    verdict: { ok: false, text: 'A backend using @clerk/backend would refuse this token.', reasons: [failure.sentence] },
    sections: failure.warnings.length ? [{ heading: 'Notes', text: failure.warnings }] : [],
  };
}
