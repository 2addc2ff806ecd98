// The Explain Request report as plain data (a Report, rendered by src/reports/report.ts's strict renderers, which
// escape every string). Every string taken from the request is hostile: it is only ever put in a row value, a text
// line or a block, never in markup, and long values are cut. No vscode import.
import type { Report, ReportRow, ReportSection } from '../reports/report';
import { decodeToken, type JsonObject } from '../tokens/decode';
import { secondsToDateMs } from '../tokens/words';
import { COOKIE_LIMIT } from './cookies';
import {
  acceptsText,
  isMachineToken,
  machineTokenType,
  reasonMeaning,
  typeTexts,
  type Decision,
  type RequestOptions,
  type TokenType,
} from './decide';
import { headerGet, type ParsedRequest } from './parse';
import * as l10n from '@vscode/l10n';
import { redact } from '../util/redact';
import { localTime } from '../util/format';

/**
 * The request's URL as shown: tokens in it (a `__clerk_handshake` JWT carries the session token in its Set-Cookie
 * lines; `__clerk_db_jwt`, `__session` may ride in the query too) masked before it is cut, so not even a token's start
 * is on screen.
 */
function shownUrl(url: string): string {
  return redact(url);
}

/** The five acceptsToken settings a machine token is judged against. */
export const ACCEPTS_SETTINGS: Array<RequestOptions['acceptsToken'] & string> = [
  'session_token',
  'api_key',
  'm2m_token',
  'oauth_token',
  'any',
];

export interface RequestReportInput {
  request: ParsedRequest;
  decision: Decision;
  options: RequestOptions;
  /** The decision under each acceptsToken setting, for a machine token (see explainRequest). */
  alternatives?: Array<{ acceptsToken: string; decision: Decision }>;
  /** The Date header of a Backend API answer, to compare this machine's clock with Clerk's. */
  serverDate?: string | number;
}

const LEEWAY_MS = 5000;
const cut = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const secs = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;

function statusText(d: Decision): string {
  if (d.status === 'exception') return l10n.t('authenticateRequest throws');
  if (d.status === 'unknown') return l10n.t('Cannot be decided offline');
  return d.reason ? `${d.status} (${d.reason})` : d.status;
}

/** The version the verdict is for: the workspace's, when its lockfile names it, else the one assumed. */
function versionRow(v: RequestOptions['backendVersion']): ReportRow {
  const checked = l10n.t('the rules here were checked against @clerk/backend 3.25; the verdict is for 3.25');
  if (!v?.version)
    return {
      label: l10n.t('Version'),
      value: l10n.t('@clerk/backend 3.25 assumed ({0}); {1}', v ? cut(v.source, 200) : l10n.t('no lockfile read'), checked),
    };
  const m = /^(\d+)\.(\d+)/.exec(v.version);
  const same = !!m && Number(m[1]) === 3 && Number(m[2]) >= 25;
  return {
    label: l10n.t('Version'),
    value: same
      ? `@clerk/backend ${cut(v.version, 40)} (from ${cut(v.source, 200)}); ${checked}`
      : `@clerk/backend ${cut(v.version, 40)} (from ${cut(v.source, 200)}), but ${checked}: where the rules changed (a missing azp with authorizedParties set, a template token sent as a session token, machine tokens) your version may decide otherwise.`,
    mark: same ? 'info' : 'warn',
  };
}

function optionsSection(o: RequestOptions, d: Decision): ReportSection {
  const pk = d.context.pk;
  const rows: ReportRow[] = [
    {
      label: l10n.t('Publishable key'),
      value: pk
        ? pk.instanceType === 'production'
          ? l10n.t('production instance, Frontend API {0}; cookie suffix {1}', pk.frontendApi, d.context.suffix)
          : l10n.t('development instance, Frontend API {0}; cookie suffix {1}', pk.frontendApi, d.context.suffix)
        : o.publishableKey
          ? l10n.t('given but not valid')
          : l10n.t('none given'),
      mark: pk ? 'info' : 'warn',
    },
    {
      label: l10n.t('Secret key'),
      value: o.secretKey === false ? l10n.t('absent') : l10n.t('present (assumed)'),
      mark: o.secretKey === false ? 'warn' : 'info',
    },
    {
      label: l10n.t('Key source'),
      value: o.keySource === 'pem' ? l10n.t('jwtKey (PEM public key; kid not looked at)') : l10n.t("the instance's JWKS, looked up by kid"),
    },
    {
      label: 'authorizedParties',
      value: o.authorizedParties?.length ? o.authorizedParties.join(', ') : l10n.t('not set (azp not checked)'),
    },
    { label: 'acceptsToken', value: acceptsText(o.acceptsToken ?? 'session_token') + (o.acceptsToken ? '' : l10n.t(' (the default)')) },
    { label: 'clockSkewInMs', value: `${o.clockSkewMs ?? LEEWAY_MS}${o.clockSkewMs === undefined ? l10n.t(' (the default)') : ''}` },
    { label: 'treatPendingAsSignedOut', value: String(o.treatPendingAsSignedOut ?? true) },
    versionRow(o.backendVersion),
  ];
  return {
    heading: l10n.t('Options assumed'),
    rows,
    text: [
      l10n.t(
        'These are the options of clerkMiddleware() / authenticateRequest(). Change them where your app creates its middleware: clerkMiddleware({ authorizedParties: [...] }), auth.protect({ token: ... }) or authenticateRequest(request, { acceptsToken: ... }); the publishable and secret keys come from CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY.',
      ),
    ],
  };
}

function claimTime(p: JsonObject, name: string, now: number): { ms: number; row: ReportRow } | undefined {
  const v = p[name];
  if (typeof v !== 'number') return undefined;
  const ms = secondsToDateMs(v);
  if (!Number.isFinite(ms)) return undefined;
  const diff = ms - now;
  const rel = diff >= 0 ? l10n.t`${secs(diff)} ahead of now` : l10n.t`${secs(-diff)} ago`;
  let mark: ReportRow['mark'] = 'info';
  if ((name === 'iat' || name === 'nbf') && diff > LEEWAY_MS) mark = 'fail';
  else if ((name === 'iat' || name === 'nbf') && diff > 0) mark = 'warn';
  else if (name === 'exp' && diff <= -LEEWAY_MS) mark = 'fail';
  return { ms, row: { label: name, value: `${localTime(ms)} (${rel})`, mark } };
}

function clockSection(d: Decision, serverDate: string | number | undefined): ReportSection | undefined {
  const now = d.context.now;
  const rows: ReportRow[] = [];
  const text: string[] = [];
  const payload = d.token ? decodeToken(d.token.token) : undefined;
  if (payload?.ok) {
    for (const n of ['iat', 'nbf', 'exp']) {
      const t = claimTime(payload.payload, n, now);
      if (t) rows.push(t.row);
    }
    const iat = payload.payload.iat;
    if (typeof iat === 'number') {
      const diff = secondsToDateMs(iat) - now;
      if (diff > LEEWAY_MS)
        text.push(
          l10n.t`The token was issued ${secs(diff)} in the future of this machine's clock, beyond the 5 s leeway: a clock is wrong (this machine's, or the server's). WSL and VMs lose time after sleep; resync (e.g. "sudo hwclock -s" in WSL).`,
        );
      else if (diff > 0)
        text.push(l10n.t`The token was issued ${secs(diff)} ahead of this machine's clock: within the 5 s leeway, but close.`);
    }
  }
  if (serverDate !== undefined) {
    const ms = typeof serverDate === 'number' ? serverDate : Date.parse(serverDate);
    if (Number.isFinite(ms)) {
      const skew = now - ms;
      rows.push({
        label: l10n.t("Clerk's clock"),
        value:
          skew >= 0
            ? l10n.t('{0} (this machine is {1} ahead)', localTime(ms), secs(Math.abs(skew)))
            : l10n.t('{0} (this machine is {1} behind)', localTime(ms), secs(Math.abs(skew))),
        mark: Math.abs(skew) > LEEWAY_MS ? 'warn' : 'pass',
      });
      // A Date header has whole seconds: up to 1 s of the difference is rounding.
      if (Math.abs(skew) > LEEWAY_MS + 1000)
        text.push(
          l10n.t`This machine's clock differs from Clerk's by ${secs(Math.abs(skew))}, more than the 5 s leeway: tokens will look expired or not yet valid. Sync the clock.`,
        );
    } else rows.push({ label: l10n.t("Clerk's clock"), value: l10n.t('the Date header given does not parse'), mark: 'warn' });
  }
  if (!rows.length && !text.length) return undefined;
  return { heading: l10n.t('Clock'), rows, text };
}

/** A __client_uat value as a person reads it: its seconds with the local time, "0" as signed out, anything else cut. */
function clientUatWords(value: string): string {
  if (value === '0') return l10n.t('0 (signed out)');
  return /^[1-9][0-9]{0,11}$/.test(value) ? `${value} (${localTime(Number(value) * 1000)})` : cut(value, 40);
}

function cookieSection(d: Decision): ReportSection | undefined {
  const jar = d.context.cookies;
  if (!jar.entries.length && !jar.findings.length) return undefined;
  const relevant = jar.entries.filter((e) =>
    /^__(session|client_uat|clerk_db_jwt|clerk_handshake|clerk_redirect_count|refresh|clerk_handshake_nonce)(_|$)/.test(e.name),
  );
  const rows: ReportRow[] = relevant.slice(0, 40).map((e) => ({
    label: cut(e.name, 60),
    value: l10n.t`${e.bytes.toLocaleString('en-US')} bytes${e.duplicate ? l10n.t(' · duplicate, ignored') : ''}${e.name.startsWith('__session') || e.name.startsWith('__clerk') ? '' : ` · ${e.name.startsWith('__client_uat') ? clientUatWords(e.value) : cut(e.value, 40)}`}`,
    mark: e.bytes > COOKIE_LIMIT ? 'fail' : e.duplicate ? 'warn' : 'info',
    mono: true,
  }));
  if (relevant.length > 40) rows.push({ label: l10n.t('More'), value: l10n.t`${relevant.length - 40} more Clerk cookies not listed` });
  rows.push({
    label: l10n.t('Cookie header'),
    value:
      jar.entries.length === 1
        ? l10n.t('{0} bytes, {1} cookie', jar.headerBytes.toLocaleString('en-US'), jar.entries.length.toLocaleString('en-US'))
        : l10n.t('{0} bytes, {1} cookies', jar.headerBytes.toLocaleString('en-US'), jar.entries.length.toLocaleString('en-US')),
    mark: jar.headerBytes > COOKIE_LIMIT ? 'warn' : 'info',
  });
  const text = [...jar.findings];
  if (d.context.usesSuffixedWhy) text.unshift(d.context.usesSuffixedWhy);
  return { heading: l10n.t('Cookies'), rows, text };
}

function handshakeSection(req: ParsedRequest, d: Decision): ReportSection | undefined {
  let url: URL | undefined;
  try {
    url = new URL(req.url);
  } catch {
    url = undefined;
  }
  const hsReason = url?.searchParams.get('__clerk_hs_reason');
  const token = d.context.handshakeToken;
  if (!token && !hsReason && !d.context.handshakeNonce) return undefined;
  const rows: ReportRow[] = [];
  const text: string[] = [];
  if (hsReason) rows.push({ label: '__clerk_hs_reason', value: `${cut(hsReason, 80)}: ${reasonMeaning(hsReason)}`, mark: 'info' });
  if (d.context.handshakeNonce)
    text.push(l10n.t('A handshake nonce: the backend exchanges it for the cookies through GET /clients/handshake_payload.'));
  if (token) {
    const dt = decodeToken(token);
    if (!dt.ok) text.push(l10n.t`The __clerk_handshake value is not a JWT: ${dt.sentence}`);
    else {
      const lines = dt.payload.handshake;
      if (!Array.isArray(lines)) text.push(l10n.t('The handshake token has no handshake list: it sets no cookies.'));
      else {
        for (const line of lines.slice(0, 30)) {
          if (typeof line !== 'string') {
            rows.push({ label: l10n.t('Not a line'), value: l10n.t('an entry that is not a string is ignored'), mark: 'warn' });
            continue;
          }
          const first = line.split(';')[0] ?? '';
          const name = first.split('=')[0] ?? '';
          const value = first.slice(name.length + 1);
          const attrs = line.slice(first.length);
          const deletes = /;\s*max-age=0\b/i.test(attrs) || /;\s*expires=[^;]*19[0-9]{2}/i.test(attrs) || value === '';
          rows.push({
            label: cut(name, 60) || l10n.t('(no name)'),
            value: deletes
              ? l10n.t('deleted')
              : l10n.t`set: ${name.startsWith('__session') ? l10n.t`a token of ${value.length.toLocaleString('en-US')} characters` : name.startsWith('__client_uat') ? clientUatWords(value) : cut(value, 60)}${attrs.replace(/^[\s;]+/, '') ? ` · ${cut(attrs.replace(/^[\s;]+/, ''), 100)}` : ''}`,
            mark: deletes ? 'warn' : 'info',
            mono: true,
          });
        }
        if (lines.length > 30) rows.push({ label: l10n.t('More'), value: l10n.t`${lines.length - 30} more Set-Cookie lines` });
        const setsSession = lines.some((l) => typeof l === 'string' && /^__session(_[^=]*)?=[^;]+/.test(l));
        text.push(
          setsSession
            ? l10n.t('Applying it signs the browser in: the backend sets these cookies and verifies the new session token.')
            : l10n.t('Applying it signs the browser out: no session token is set.'),
        );
      }
    }
  }
  return { heading: l10n.t('Handshake'), rows, text };
}

function machineSection(input: RequestReportInput): ReportSection | undefined {
  const t = input.decision.context.tokenInHeader;
  if (!t || !isMachineToken(t)) return undefined;
  const type = machineTokenType(t) as TokenType;
  const rows: ReportRow[] = (input.alternatives ?? []).map((a) => ({
    label: `acceptsToken ${a.acceptsToken}`,
    value:
      a.decision.status === 'unknown'
        ? l10n.t`accepted by type; ${a.decision.needsNetwork ?? l10n.t('verification decides')}`
        : statusText(a.decision),
    mark: a.decision.status === 'signed-out' ? 'fail' : a.decision.status === 'unknown' ? 'info' : 'pass',
  }));
  const opaque = !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(t);
  return {
    heading: l10n.t('Machine token'),
    rows: [
      {
        label: l10n.t('Kind'),
        value: `${typeTexts()[type]}${opaque ? l10n.t` (opaque, prefix ${t.slice(0, t.indexOf('_') + 1)})` : ' (JWT)'}`,
      },
      ...rows,
    ],
    text: [
      opaque
        ? l10n.t(
            'Nothing was sent: whether it is valid, revoked or expired only the Backend API can say (the verify endpoints). Machine tokens are read only from the Authorization header.',
          )
        : l10n.t('A machine JWT: verified against the instance key as a machine token, refused as a session token.'),
    ],
  };
}

function tokenSection(d: Decision): ReportSection | undefined {
  const u = d.token;
  if (!u) return undefined;
  const rows: ReportRow[] = [
    {
      label: l10n.t('Carried in'),
      value:
        u.where === 'header'
          ? l10n.t('Authorization header')
          : u.where === 'cookie'
            ? l10n.t`cookie ${cut(u.name, 60)}`
            : l10n.t('the handshake'),
    },
    {
      label: l10n.t('Size'),
      value: l10n.t`${u.token.length.toLocaleString('en-US')} characters`,
      mark: u.token.length > COOKIE_LIMIT ? 'warn' : 'info',
    },
  ];
  const dt = decodeToken(u.token);
  if (dt.ok) {
    for (const n of ['sub', 'sid', 'azp', 'iss', 'sts'])
      if (dt.payload[n] !== undefined) rows.push({ label: n, value: cut(JSON.stringify(dt.payload[n]), 200), mono: true });
    if (dt.header.cat !== undefined) rows.push({ label: 'cat', value: cut(JSON.stringify(dt.header.cat), 60), mono: true });
  }
  const v = u.verdict;
  const text: string[] = [];
  if (v) {
    rows.push({ label: l10n.t('Verdict'), value: v.sentence, mark: v.accepted === true ? 'pass' : v.accepted === false ? 'fail' : 'warn' });
    for (const r of v.reasons.slice(1)) text.push(`Also: ${r.sentence}`);
    text.push(...v.notes);
  }
  return { heading: l10n.t('Token used'), rows, text };
}

/** The report for an explained request. */
export function requestReport(input: RequestReportInput): Report {
  const { request: req, decision: d } = input;
  const ok = d.status === 'signed-in' && !d.authSignedOut;
  const sections: ReportSection[] = [];
  const outcome: ReportRow[] = [
    {
      label: l10n.t('Status'),
      value: d.status === 'unknown' ? l10n.t('cannot be told offline') : d.status,
      mark: ok ? 'pass' : d.status === 'unknown' ? 'warn' : 'fail',
    },
  ];
  if (d.reason)
    outcome.push({ label: l10n.t('Reason'), value: d.reason, mono: true }, { label: l10n.t('Meaning'), value: reasonMeaning(d.reason) });
  if (d.needsNetwork) outcome.push({ label: l10n.t('Needs'), value: d.needsNetwork, mark: 'info' });
  if (req.observed) {
    const same =
      (req.observed.status === undefined || req.observed.status === d.status) &&
      (req.observed.reason === undefined || req.observed.reason === (d.reason ?? ''));
    outcome.push({
      label: l10n.t('The server said'),
      value: `${cut(req.observed.status ?? l10n.t('(no status)'), 40)}${req.observed.reason ? ` · ${cut(req.observed.reason, 80)}` : ''}${req.observed.message ? ` · ${cut(req.observed.message, 300)}` : ''}`,
      mark: req.form === 'response' ? 'info' : same ? 'pass' : 'warn',
    });
    if (req.observed.reason) outcome.push({ label: l10n.t('Its meaning'), value: reasonMeaning(req.observed.reason) });
  }
  sections.push({ heading: l10n.t('Outcome'), rows: outcome });
  sections.push({
    heading: l10n.t('How authenticateRequest decided'),
    rows: d.steps.map((s) => ({ label: s.label, value: s.value, mark: s.mark })),
  });
  const tok = tokenSection(d);
  if (tok) sections.push(tok);
  const m = machineSection(input);
  if (m) sections.push(m);
  const hs = handshakeSection(req, d);
  if (hs) sections.push(hs);
  const cookies = cookieSection(d);
  if (cookies) sections.push(cookies);
  const clock = clockSection(d, input.serverDate);
  if (clock) sections.push(clock);
  sections.push(optionsSection(input.options, d));
  const auth = headerGet(req.headers, 'authorization');
  sections.push({
    heading: l10n.t('Request as read'),
    rows: [
      { label: l10n.t('Form'), value: req.form },
      { label: l10n.t('Request'), value: `${cut(req.method, 20)} ${cut(shownUrl(req.url), 300)}`, mono: true },
      { label: l10n.t('Headers'), value: `${req.headers.length}${auth ? l10n.t(' (with Authorization)') : ''}` },
      {
        label: l10n.t('Page load'),
        value: d.context.handshakeEligible
          ? l10n.t`yes: ${d.context.handshakeEligibleWhy}`
          : l10n.t('no: {0}', d.context.handshakeEligibleWhy),
      },
    ],
    text: req.notes,
  });
  return {
    title: l10n.t('Explain Request'),
    subtitle: `${cut(req.method, 20)} ${cut(shownUrl(req.url), 160)}`,
    verdict: { ok, text: `authenticateRequest: ${statusText(d)}`, reasons: [d.sentence] },
    sections,
  };
}
