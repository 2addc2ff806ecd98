// The Explain Token report as data: the one verdict (src/tokens/verdict.ts) first with the reason @clerk/backend fails
// on first, then who issued it (only when the signature matches that instance's key), every claim in words, the
// organization's feature → permissions, what Clerk says of the session and user now (asked only for such a token), and
// the decoded claims. Never the token. Pure: the command gathers the facts, this turns them into a Report. No vscode.
import type { DecodeFailure } from '../tokens/decode';
import type { Explanation } from '../tokens/explain';
import { signatureWords, tokenTitle } from '../tokens/surface';
import type { Verdict } from '../tokens/verdict';
import { utcTooltip, type Mark, type Report, type ReportAction, type ReportRow, type ReportSection } from './report';

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
  verdict: Verdict;
  /** Notes on an azp the token carries, against the instance's allowed origins. */
  notes?: string[];
  issuer: IssuerFacts;
  /** Absent: not asked (the signature does not match a key of a connected instance). */
  live?: LiveTokenFacts;
  actions: ReportAction[];
}

export function explainReport(f: ExplainFacts): Report {
  const e = f.explanation;
  const v = f.verdict;
  const accepted = v.accepted === true;
  // ✓ marks only on a token the verdict accepts.
  const good: Mark = accepted ? 'pass' : 'info';
  const sig = v.signature.state;
  const sections: ReportSection[] = [];
  const title = tokenTitle(e.kind, e.kindText, v);
  const person = f.live?.user && !f.live.user.error ? (f.live.user.email ?? f.live.user.name) : undefined;
  const who = e.subject ? `${title}, for ${person ?? e.subject}` : title;
  sections.push({
    heading: 'Issued by',
    rows: [
      {
        label: 'Instance',
        value: f.issuer.text,
        mark: f.issuer.instance ? good : sig === 'invalid' || sig === 'unsigned' ? 'fail' : 'warn',
      },
      {
        label: 'Signature',
        value: `${signatureWords(v.signature)}. ${v.signature.sentence}`,
        mark: sig === 'valid' ? good : sig === 'invalid' || sig === 'unsigned' ? 'fail' : 'warn',
      },
      ...(e.issuer ? [{ label: 'iss', value: e.issuer, mono: true } as ReportRow] : []),
      ...(e.alg ? [{ label: 'Algorithm', value: `${e.alg}${e.kid ? ` · kid ${e.kid}` : ' · no kid'}`, mono: true } as ReportRow] : []),
    ],
    text: [...v.notes, ...(f.notes ?? [])],
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
            value: `${t.local} (${t.relative})`,
            tooltip: utcTooltip(t.ms),
            mark: k === 'exp' ? (e.expired ? 'fail' : good) : undefined,
          },
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
  if (f.live?.session) {
    const s = f.live.session;
    live.push(
      s.status
        ? {
            label: 'Session',
            value: `${s.id}: ${s.status}${s.status === 'active' ? '' : s.status === 'pending' ? " (Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false)" : ' (not active: Clerk refuses its tokens)'}`,
            mark: s.status === 'active' ? good : 'fail',
          }
        : { label: 'Session', value: `${s.id}: could not be read: ${s.error ?? 'unknown error'}`, mark: 'warn' },
    );
  }
  if (f.live?.user) {
    const u = f.live.user;
    live.push(
      u.error
        ? { label: 'User', value: `${u.id}: could not be read: ${u.error}`, mark: 'warn' }
        : { label: 'User', value: [u.name, u.email, u.id].filter(Boolean).join(' · ') },
    );
  }
  if (live.length) sections.push({ heading: 'Now, from Clerk', rows: live });
  else
    sections.push({
      heading: 'Now, from Clerk',
      text: [
        f.live
          ? 'Nothing to ask: the token names no session or user.'
          : 'Not asked: the token is not signed by a key of your instances, so nothing about it was sent to Clerk.',
      ],
    });
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

  const verdictText = accepted
    ? 'A backend using @clerk/backend would accept this token now.'
    : v.accepted === false
      ? 'A backend using @clerk/backend would refuse this token now.'
      : `Cannot tell whether a backend would accept this token: ${v.unchecked ?? v.signature.sentence}`;
  return {
    title: `Token: ${who}`,
    subtitle: e.sessionId ? `Session ${e.sessionId}${sig === 'valid' ? '' : ' (as the token claims)'}` : undefined,
    verdict: { ok: accepted, unknown: v.accepted === undefined, text: verdictText, reasons: v.reasons.map((r) => r.sentence) },
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
