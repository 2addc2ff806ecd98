// The Explain Token report as data: the one verdict (src/tokens/verdict.ts) first with the reason @clerk/backend fails
// on first, then who issued it (only when the signature matches that instance's key), every claim in words, the
// organization's feature → permissions, what Clerk says of the session and user now (asked only for such a token), and
// the decoded claims. Never the token. Pure: the command gathers the facts, this turns them into a Report. No vscode.
import type { DecodeFailure } from '../tokens/decode';
import type { Explanation } from '../tokens/explain';
import { signatureRow, tokenTitle } from '../tokens/surface';
import type { Verdict } from '../tokens/verdict';
import { utcTooltip, type Mark, type Report, type ReportAction, type ReportRow, type ReportSection } from './report';
import * as l10n from '@vscode/l10n';
import { statusName } from '../util/format';

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
  const who = e.subject ? l10n.t`${title}, for ${person ?? e.subject}` : title;
  sections.push({
    heading: l10n.t('Issued by'),
    rows: [
      {
        label: l10n.t('Instance'),
        value: f.issuer.text,
        mark: f.issuer.instance ? good : sig === 'invalid' || sig === 'unsigned' ? 'fail' : 'warn',
      },
      {
        label: l10n.t('Signature'),
        value: signatureRow(v),
        mark: sig === 'valid' ? good : sig === 'invalid' || sig === 'unsigned' ? 'fail' : 'warn',
      },
      ...(e.issuer ? [{ label: 'iss', value: e.issuer, mono: true } as ReportRow] : []),
      ...(e.alg
        ? [
            {
              label: l10n.t('Algorithm'),
              value: `${e.alg}${e.kid ? l10n.t` · kid ${e.kid}` : l10n.t(' · no kid')}`,
              mono: true,
            } as ReportRow,
          ]
        : []),
    ],
    text: [...v.notes, ...(f.notes ?? [])],
  });
  if (e.organization) {
    const o = e.organization;
    const rows: ReportRow[] = [
      { label: l10n.t('Organization'), value: [o.slug, o.id].filter(Boolean).join(' · ') || l10n.t('unknown') },
      { label: l10n.t('Role'), value: o.roleKey ?? o.role ?? l10n.t('none') },
      { label: l10n.t('Permissions'), value: o.permissions.join(', ') || l10n.t('none') },
      ...o.featurePermissions.map((fp) => ({
        label: l10n.t('Feature {0}', fp.feature),
        value: fp.keys.length ? fp.keys.join(', ') : l10n.t('no permissions'),
      })),
    ];
    sections.push({ heading: l10n.t('Organization'), rows, text: [o.text, ...o.problems] });
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
  if (e.lifetimeSeconds !== undefined) times.push({ label: l10n.t('Lifetime'), value: `${e.lifetimeSeconds} s` });
  if (times.length) sections.push({ heading: l10n.t('Times'), rows: times });
  sections.push({
    heading: l10n.t('Claims'),
    rows: e.claims.map((c) => ({ label: c.claim, value: c.text, mark: c.problem ? 'warn' : undefined })),
  });
  if (e.actor) sections.push({ heading: l10n.t('Impersonation'), text: [e.actor.text] });
  const live: ReportRow[] = [];
  if (f.live?.session) {
    const s = f.live.session;
    live.push(
      s.status
        ? {
            label: l10n.t('Session'),
            value: `${s.id}: ${statusName(s.status)}${s.status === 'active' ? '' : s.status === 'pending' ? l10n.t(" (Clerk's SDKs treat a pending session as signed out unless treatPendingAsSignedOut is false)") : l10n.t(' (not active: Clerk refuses its tokens)')}`,
            mark: s.status === 'active' ? good : 'fail',
          }
        : { label: l10n.t('Session'), value: l10n.t`${s.id}: could not be read: ${s.error ?? l10n.t('unknown error')}`, mark: 'warn' },
    );
  }
  if (f.live?.user) {
    const u = f.live.user;
    live.push(
      u.error
        ? { label: l10n.t('User'), value: l10n.t`${u.id}: could not be read: ${u.error}`, mark: 'warn' }
        : { label: l10n.t('User'), value: [u.name, u.email, u.id].filter(Boolean).join(' · ') },
    );
  }
  if (live.length) sections.push({ heading: l10n.t('Now, from Clerk'), rows: live });
  else
    sections.push({
      heading: l10n.t('Now, from Clerk'),
      text: [
        f.live
          ? l10n.t('Nothing to ask: the token names no session or user.')
          : l10n.t('Not asked: the token is not signed by a key of your instances, so nothing about it was sent to Clerk.'),
      ],
    });
  if (e.notes.length || e.warnings.length) sections.push({ heading: l10n.t('Notes'), text: [...e.notes, ...e.warnings] });
  sections.push({
    heading: l10n.t('Decoded header and claims'),
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
    ? l10n.t('A backend using @clerk/backend would accept this token now.')
    : v.accepted === false
      ? l10n.t('A backend using @clerk/backend would refuse this token now.')
      : l10n.t`Cannot tell whether a backend would accept this token: ${v.unchecked ?? v.signature.sentence}`;
  return {
    title: l10n.t('Token: {0}', who),
    subtitle: e.sessionId
      ? sig === 'valid'
        ? l10n.t('Session {0}', e.sessionId)
        : l10n.t('Session {0} (as the token claims)', e.sessionId)
      : undefined,
    verdict: { ok: accepted, unknown: v.accepted === undefined, text: verdictText, reasons: v.reasons.map((r) => r.sentence) },
    sections,
    actions: f.actions,
  };
}

/** A token that did not decode: the sentence that says why, and nothing else of it. */
export function undecodableReport(failure: DecodeFailure): Report {
  return {
    title: l10n.t('Token: cannot be decoded'),
    verdict: { ok: false, text: l10n.t('A backend using @clerk/backend would refuse this token.'), reasons: [failure.sentence] },
    sections: failure.warnings.length ? [{ heading: l10n.t('Notes'), text: failure.warnings }] : [],
  };
}
