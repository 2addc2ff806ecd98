// The Verify report as data: what was checked offline, what Clerk says of the session now, and what the deprecated
// verify endpoint answered. Pure: the command gathers the facts, this turns them into a Report. No vscode import.
import type { TokenReport } from '../clerk/tokens';
import { localTime, relativeTime } from '../util/format';
import type { Report, ReportRow, ReportSection } from './report';

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
  token: TokenReport;
  /** Extra lines on the token (who omits azp, custom signing keys…), already in words. */
  notes?: string[];
  live: LiveFacts;
  endpoint: EndpointAnswer;
}

const GONE = 'Clerk removed this endpoint in API version 2025-04-10; the offline check above is the supported way.';

export function verifyOverall(f: VerifyFacts): boolean {
  return f.token.ok && f.live.status === 'active';
}

export function verifyReport(f: VerifyFacts): Report {
  const ok = verifyOverall(f);
  const reasons: string[] = [];
  for (const c of f.token.checks) if (!c.pass) reasons.push(`${c.name}: ${c.detail}`);
  if (f.live.status && f.live.status !== 'active')
    reasons.push(`The session is ${f.live.status}: Clerk's middleware refuses tokens of a session that is not active.`);
  if (f.live.error) reasons.push(`The session's live status could not be read: ${f.live.error}`);

  const sections: ReportSection[] = [];
  sections.push({
    heading: 'Session',
    rows: [
      { label: 'Session', value: f.sessionId, mono: true },
      { label: 'User', value: f.user ? `${f.user} (${f.userId})` : f.userId },
      { label: 'Device', value: f.device },
      { label: 'Checked', value: localTime(f.checkedAt) },
    ],
  });
  sections.push({
    heading: `Offline verification against the instance's JWKS: ${!f.token.ok ? 'NOT valid' : f.token.checks.some((c) => c.unchecked) ? 'valid as far as it can be checked' : 'valid'}`,
    rows: f.token.checks.map((c): ReportRow => ({ label: c.name, value: c.detail, mark: c.unchecked ? 'warn' : c.pass ? 'pass' : 'fail' })),
    text: f.notes,
  });
  if (f.token.decoded) {
    const dates = f.token.decoded.dates;
    const times = (['iat', 'nbf', 'exp'] as const)
      .filter((k) => dates[k])
      .map((k): ReportRow => {
        const ms = Date.parse(dates[k]!);
        return { label: k, value: `${localTime(ms)} local (${relativeTime(ms)})` };
      });
    sections.push({ heading: 'Claims', rows: times, block: JSON.stringify(f.token.decoded.payload, null, 2) });
  }
  const live: ReportRow[] = [];
  if (f.live.status) {
    const active = f.live.status === 'active';
    live.push({
      label: 'Status',
      value: active ? 'active' : `${f.live.status}: a token of a session that is not active is refused by Clerk's middleware`,
      mark: active ? 'pass' : 'fail',
    });
    live.push({ label: 'Last active', value: `${localTime(f.live.lastActiveAt)} (${relativeTime(f.live.lastActiveAt)})` });
    live.push({ label: 'Expires', value: `${localTime(f.live.expireAt)} (${relativeTime(f.live.expireAt)})` });
  } else {
    live.push({ label: 'Status', value: `Could not read the session: ${f.live.error ?? 'unknown error'}`, mark: 'warn' });
  }
  sections.push({ heading: 'The session now, from Clerk', rows: live });
  sections.push({ heading: "Clerk's deprecated verify endpoint (POST /sessions/{id}/verify)", rows: [endpointRow(f.endpoint)] });

  return {
    title: `Token check for session ${f.sessionId}`,
    subtitle: `${f.user ?? f.userId} · ${f.device}`,
    verdict: {
      ok,
      text: !ok
        ? 'This token would be refused.'
        : f.token.checks.some((c) => c.unchecked)
          ? "Valid for this session as far as it can be checked here (its signature is not Clerk's to check)."
          : 'This token is valid for this session.',
      reasons,
    },
    sections,
  };
}

function endpointRow(e: EndpointAnswer): ReportRow {
  switch (e.kind) {
    case 'verified':
      return { label: 'Answer', value: `Clerk verified the token against this session (status ${e.status}).`, mark: 'pass' };
    case 'gone':
      return {
        label: 'Answer',
        value: e.earlier
          ? `Not available on this instance (it answered ${e.httpStatus} earlier; refresh the instance to ask again). ${GONE}`
          : `Not available on this instance (${e.httpStatus}${e.code ? ` ${e.code}` : ''}). ${GONE}`,
        mark: 'info',
      };
    case 'refused':
      return { label: 'Answer', value: `Clerk refused the token: ${e.message}`, mark: 'fail' };
    case 'unreachable':
      return { label: 'Answer', value: `Could not ask: ${e.message}`, mark: 'warn' };
  }
}
