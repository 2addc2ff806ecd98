// The Verify report as data: the one verdict every surface gives (src/tokens/verdict.ts), whether the token belongs to
// this session, what Clerk says of the session now, and what the deprecated verify endpoint answered. Live facts exist
// only for a token whose signature matches the instance's key: for any other, nothing was sent. Pure: the command
// gathers the facts, this turns them into a Report. No vscode import.
import type { MatchCheck } from '../tokens/match';
import { signatureRow, tokenTitle } from '../tokens/surface';
import type { Verdict } from '../tokens/verdict';
import { explainToken } from '../tokens/explain';
import { tokenRelative } from '../tokens/words';
import { localTime } from '../util/format';
import { utcTooltip, type Mark, type Report, type ReportRow, type ReportSection } from './report';
import * as l10n from '@vscode/l10n';
import { statusName } from '../util/format';
/** What Clerk says of the session now (one GET /sessions/{id}), or why it could not be read. */
export interface LiveFacts {
  status?: string;
  lastActiveAt?: number;
  expireAt?: number;
  error?: string;
}

/** The deprecated POST /sessions/{id}/verify: what it answered, or that it is known to be gone. */
export type EndpointAnswer =
  | { kind: 'verified'; status: string }
  | { kind: 'gone'; httpStatus: number; code?: string; earlier: boolean }
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; message: string };

export interface VerifyFacts {
  sessionId: string;
  userId: string;
  user?: string;
  device: string;
  checkedAt: number;
  /** The verdict, against the instance's JWKS. */
  verdict: Verdict;
  /** sid (or, for a template token, "not carried") and sub against the session. */
  match: MatchCheck[];
  /** Extra lines on the token (an azp against the instance's allowed origins), already in words. */
  notes?: string[];
  /** Absent: not asked, because the signature does not match an instance key. */
  live?: LiveFacts;
  endpoint?: EndpointAnswer;
}

const gone = (): string => l10n.t('Clerk removed this endpoint in API version 2025-04-10; the offline check above is the supported way.');
const notAsked = (): string =>
  l10n.t("Not asked: the token's signature does not match a key of this instance, so nothing about it was sent to Clerk.");

/** ✓ only when the verdict accepts the token, it belongs to this session, and Clerk says the session is active. */
export function verifyOverall(f: VerifyFacts): boolean {
  return f.verdict.accepted === true && f.match.every((m) => m.pass) && f.live?.status === 'active';
}

export function verifyReport(f: VerifyFacts): Report {
  const v = f.verdict;
  const ok = verifyOverall(f);
  const accepted = v.accepted === true;
  // ✓ marks only on a token the verdict accepts: a sid that matches on a forged token is not a pass.
  const good: Mark = accepted ? 'pass' : 'info';
  const reasons: string[] = [];
  for (const r of v.reasons) reasons.push(r.sentence);
  if (v.accepted === undefined) reasons.push(l10n.t`Cannot tell: ${v.unchecked ?? v.signature.sentence}`);
  for (const m of f.match) if (!m.pass) reasons.push(`${m.name}: ${m.detail}`);
  if (f.live?.status && f.live.status !== 'active')
    reasons.push(l10n.t`The session is ${statusName(f.live.status)}: Clerk's middleware refuses tokens of a session that is not active.`);
  if (f.live?.error) reasons.push(l10n.t`The session's live status could not be read: ${f.live.error}`);

  const sections: ReportSection[] = [];
  sections.push({
    heading: l10n.t('Session'),
    rows: [
      { label: l10n.t('Session'), value: f.sessionId, mono: true },
      { label: l10n.t('User'), value: f.user ? `${f.user} (${f.userId})` : f.userId },
      { label: l10n.t('Device'), value: f.device },
      { label: l10n.t('Checked'), value: localTime(f.checkedAt), tooltip: utcTooltip(f.checkedAt) },
    ],
  });
  const sig = v.signature.state;
  const sigMark: Mark = sig === 'valid' ? good : sig === 'invalid' || sig === 'unsigned' ? 'fail' : 'warn';
  const tokenRows: ReportRow[] = [
    {
      label: l10n.t('Verdict'),
      value: accepted ? l10n.t('accepted') : v.accepted === false ? l10n.t('rejected') : l10n.t('cannot tell'),
      mark: accepted ? 'pass' : v.accepted === false ? 'fail' : 'warn',
    },
    { label: l10n.t('Signature'), value: signatureRow(v), mark: sigMark },
    ...v.reasons.map((r): ReportRow => ({ label: r.kind, value: r.sentence, mark: 'fail' })),
    ...f.match.map((m): ReportRow => ({ label: m.name, value: m.detail, mark: m.pass ? good : 'fail' })),
  ];
  sections.push({
    heading: l10n.t("The token, as @clerk/backend's verifyToken checks it against the instance's JWKS"),
    rows: tokenRows,
    text: [...v.notes, ...(f.notes ?? [])],
  });
  const e = v.decoded ? explainToken(v.decoded, { now: f.checkedAt }) : undefined;
  if (v.decoded && e?.ok) {
    const times = (['iat', 'nbf', 'exp'] as const).flatMap((k): ReportRow[] => {
      const t = e.times[k];
      return t ? [{ label: k, value: `${t.local} (${t.relative})`, tooltip: utcTooltip(t.ms) }] : [];
    });
    sections.push({ heading: l10n.t('Claims'), rows: times, block: JSON.stringify(v.decoded.payload, null, 2) });
  }
  if (f.live) {
    const live: ReportRow[] = [];
    if (f.live.status) {
      const active = f.live.status === 'active';
      live.push({
        label: l10n.t('Status'),
        value: active
          ? l10n.t('active')
          : l10n.t`${statusName(f.live.status)}: a token of a session that is not active is refused by Clerk's middleware`,
        mark: active ? good : 'fail',
      });
      live.push({
        label: l10n.t('Last active'),
        value: `${localTime(f.live.lastActiveAt)} (${relTime(f.live.lastActiveAt, f.checkedAt)})`,
        tooltip: utcTooltip(f.live.lastActiveAt),
      });
      live.push({
        label: l10n.t('Expires'),
        value: `${localTime(f.live.expireAt)} (${relTime(f.live.expireAt, f.checkedAt)})`,
        tooltip: utcTooltip(f.live.expireAt),
      });
    } else {
      live.push({
        label: l10n.t('Status'),
        value: l10n.t`Could not read the session: ${f.live.error ?? l10n.t('unknown error')}`,
        mark: 'warn',
      });
    }
    sections.push({ heading: l10n.t('The session now, from Clerk'), rows: live });
  } else sections.push({ heading: l10n.t('The session now, from Clerk'), text: [notAsked()] });
  // Not asked: the section above already says so (each note is said once), so no heading is left standing empty.
  if (f.endpoint)
    sections.push({
      heading: l10n.t("Clerk's deprecated verify endpoint (POST /sessions/{id}/verify)"),
      rows: [endpointRow(f.endpoint, good)],
    });

  const title = e?.ok ? tokenTitle(e.kind, e.kindText, v) : l10n.t('Not a readable JWT');
  return {
    title: l10n.t`Token check: ${f.user ?? f.userId} · ${f.device}`,
    subtitle: l10n.t`${title} · session ${f.sessionId} · times are local (UTC on hover)`,
    verdict: {
      ok,
      unknown: !ok && v.accepted === undefined,
      text: ok
        ? l10n.t(
            "This token is valid for this session: a backend using @clerk/backend's verifyToken would accept it now, and the session is active.",
          )
        : v.accepted === false
          ? l10n.t('This token would be refused.')
          : v.accepted === undefined
            ? l10n.t('Cannot tell whether this token would be accepted.')
            : l10n.t('This token would be refused for this session.'),
      reasons,
    },
    sections,
  };
}

/** tokenRelative says "unknown time" of a time that is not a finite number: here, one Clerk did not send. */
function relTime(ms: number | undefined, now: number): string {
  return tokenRelative(ms ?? NaN, now);
}

function endpointRow(e: EndpointAnswer, good: Mark): ReportRow {
  switch (e.kind) {
    case 'verified':
      return { label: l10n.t('Answer'), value: l10n.t`Clerk verified the token against this session (status ${e.status}).`, mark: good };
    case 'gone':
      return {
        label: l10n.t('Answer'),
        value: e.earlier
          ? l10n.t`Not available on this instance (it answered ${e.httpStatus} earlier; refresh the instance to ask again). ${gone()}`
          : l10n.t`Not available on this instance (${e.httpStatus}${e.code ? ` ${e.code}` : ''}). ${gone()}`,
        mark: 'info',
      };
    case 'refused':
      return { label: l10n.t('Answer'), value: l10n.t`Clerk refused the token: ${e.message}`, mark: 'fail' };
    case 'unreachable':
      return { label: l10n.t('Answer'), value: l10n.t`Could not ask: ${e.message}`, mark: 'warn' };
  }
}
