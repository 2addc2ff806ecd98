// Clerk: Explain Request. The request comes from a lens on an .http/.rest file (a document and a line, never the text),
// the selection, the request block under the cursor in an .http/.rest file, else an input box. It is explained offline
// the way @clerk/backend's authenticateRequest decides it (src/requests, in dist/heavy.js) and shown in the strict
// report webview. Nothing in the request is sent anywhere: the only requests are GET /jwks of a connected instance,
// when a token's kid is not among the public keys already remembered (as Explain Token does).
import * as vscode from 'vscode';
import type { Jwk } from '../clerk/types';
import { Cmd } from '../ids';
import type { Report, ReportRow } from '../reports/report';
import type { RequestOptions } from '../requests/decide';
import { heavy } from '../lazy';
import { decodeToken } from '../tokens/decode';
import { findTokens } from '../tokens/detect';
import { blockAt, isRequestLocation } from '../ui/requestLens';
import { readSettings } from '../config';
import { errorMessage } from '../util/errors';
import { localTime } from '../util/format';
import type { Deps } from './context';
import { envFileValues } from './key';
import { instanceTarget, UsageError } from './targets';

/** What the commands of this file (Explain Request, Verify with Clerk) use of the extension's services. */
export type RequestDeps = Pick<Deps, 'conns' | 'keys' | 'log' | 'now' | 'prompts' | 'reports' | 'state'>;

/** globalState: the publishable key the user gave last (public by design: it is in every page of the app). */
const PUBLISHABLE_KEY_STATE = 'clerk.publishableKey';
const PK_NAMES = [
  'CLERK_PUBLISHABLE_KEY',
  'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
  'VITE_CLERK_PUBLISHABLE_KEY',
  'PUBLIC_CLERK_PUBLISHABLE_KEY',
  'EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY',
  'REACT_APP_CLERK_PUBLISHABLE_KEY',
];
const PK_SHAPE = /^pk_(test|live)_[A-Za-z0-9+/=_-]{4,400}$/;
/** Framework SDKs that bring @clerk/backend, named when the lockfile does not list @clerk/backend itself. */
const SDKS = [
  '@clerk/nextjs',
  '@clerk/express',
  '@clerk/fastify',
  '@clerk/remix',
  '@clerk/react-router',
  '@clerk/tanstack-react-start',
  '@clerk/astro',
  '@clerk/nuxt',
];
/** Lockfiles larger than this are not read (a lockfile of a monorepo can be tens of MB). */
const MAX_LOCKFILE = 20 * 1024 * 1024;

export interface RequestResult {
  text: string;
  status: string;
  reason: string | null;
}

function isHttpDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'http' || /\.(http|rest)$/i.test(doc.uri.path);
}

/** REST Client file variables (`@name = value`), substituted into {{name}}; anything else in braces stays as written. */
function fileVariables(doc: vscode.TextDocument): Map<string, string> {
  const vars = new Map<string, string>();
  const n = Math.min(doc.lineCount, 50_000);
  for (let i = 0; i < n && vars.size < 200; i++) {
    const m = /^\s*@([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/.exec(doc.lineAt(i).text);
    if (m) vars.set(m[1], m[2]);
  }
  return vars;
}

/** The request block of an .http/.rest document at a line, as text (request line, headers, body). */
function blockText(doc: vscode.TextDocument, line: number): string | undefined {
  const b = blockAt((i) => doc.lineAt(i).text, doc.lineCount, line);
  if (!b) return undefined;
  const vars = fileVariables(doc);
  const lines: string[] = [];
  for (let i = b.line; i < b.end; i++) {
    const t = doc.lineAt(i).text;
    if (/^\s*(#|\/\/)/.test(t)) continue; // REST Client comments inside a request
    lines.push(t.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (all, name: string) => vars.get(name) ?? all));
  }
  // REST Client accepts a bare URL as a GET request.
  if (/^\s*https?:\/\//i.test(lines[0] ?? '')) lines[0] = `GET ${lines[0].trim()}`;
  return lines.join('\n');
}

/** The request text: a lens's location, the selection, the block under the cursor in an .http/.rest file, or the user. */
async function requestText(d: RequestDeps, arg: unknown): Promise<string | undefined> {
  if (isRequestLocation(arg)) {
    const doc =
      vscode.workspace.textDocuments.find((x) => x.uri.toString() === arg.uri) ??
      (await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri)));
    const text = arg.line < doc.lineCount ? blockText(doc, arg.line) : undefined;
    if (!text) throw new UsageError(vscode.l10n.t('The request is no longer there: the document changed.'));
    return text;
  }
  if (arg !== undefined && arg !== null && !(arg instanceof vscode.Uri)) {
    throw new UsageError(vscode.l10n.t('"{0}" takes a request from the editor or an input box.', vscode.l10n.t('Clerk: Explain Request')));
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) return editor.document.getText(editor.selection);
  if (editor && isHttpDocument(editor.document)) {
    const text = blockText(editor.document, editor.selection.active.line);
    if (text) return text;
  }
  const typed = await d.prompts.showInputBox({
    title: vscode.l10n.t('Clerk: Explain Request'),
    prompt: vscode.l10n.t(
      'Paste a Cookie header, a curl command or a token. For a whole request, select it in an editor (or put the cursor in it in an .http file) and run the command again. Nothing is sent anywhere.',
    ),
    ignoreFocusOut: true,
  });
  if (typed === undefined || !typed.trim()) return undefined;
  return typed;
}

/** The publishable key: the workspace's .env files (trusted workspaces), this process's environment, the one given last, or asked. */
async function publishableKey(d: RequestDeps): Promise<{ key: string; where: string } | undefined> {
  for (const f of await envFileValues(PK_NAMES)) if (PK_SHAPE.test(f.value)) return { key: f.value, where: f.where };
  for (const n of PK_NAMES) {
    const v = process.env[n]?.trim();
    if (v && PK_SHAPE.test(v)) return { key: v, where: vscode.l10n.t('the {0} environment variable', n) };
  }
  const kept = d.state.get<string>(PUBLISHABLE_KEY_STATE);
  if (kept && PK_SHAPE.test(kept)) return { key: kept, where: vscode.l10n.t('the publishable key given before') };
  const typed = await d.prompts.showInputBox({
    title: vscode.l10n.t('Clerk: Explain Request'),
    prompt: vscode.l10n.t(
      "The publishable key of the app that received the request (pk_test_… or pk_live_…, in your app's .env). It is public, and kept for next time. Leave it empty to explain without one.",
    ),
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim() || PK_SHAPE.test(v.trim()) ? undefined : vscode.l10n.t('A publishable key starts with pk_test_ or pk_live_.'),
  });
  const key = typed?.trim();
  if (!key || !PK_SHAPE.test(key)) return undefined;
  await d.state.update(PUBLISHABLE_KEY_STATE, key);
  return { key, where: vscode.l10n.t('the publishable key you gave') };
}

/** The @clerk/backend version of the workspace, from its lockfile (trusted workspaces only). */
export async function backendVersion(): Promise<{ version?: string; source: string }> {
  const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []) : [];
  let sdk: string | undefined;
  for (const folder of folders) {
    for (const file of ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'npm-shrinkwrap.json']) {
      const uri = vscode.Uri.joinPath(folder.uri, file);
      let text: string;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_LOCKFILE) continue;
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      const where = vscode.workspace.asRelativePath(uri);
      const v = lockVersion(text, file, '@clerk/backend');
      if (v) return { version: v, source: where };
      for (const s of SDKS) {
        const sv = lockVersion(text, file, s);
        if (sv && !sdk) sdk = `${s} ${sv} in ${where}, which does not name the @clerk/backend it brings`;
      }
    }
  }
  return {
    source:
      sdk ?? (folders.length ? 'no lockfile of the workspace names @clerk/backend' : 'no trusted workspace folder to read a lockfile from'),
  };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The version of a package in a lockfile's text (npm, pnpm, yarn classic and berry). */
export function lockVersion(text: string, file: string, name: string): string | undefined {
  if (file.endsWith('.json')) {
    try {
      const lock = JSON.parse(text) as {
        packages?: Record<string, { version?: unknown }>;
        dependencies?: Record<string, { version?: unknown }>;
      };
      const v = lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version;
      return typeof v === 'string' ? v.slice(0, 40) : undefined;
    } catch {
      return undefined;
    }
  }
  const n = esc(name);
  const re =
    file === 'pnpm-lock.yaml'
      ? new RegExp(`^\\s+['"]?/?${n}[@/](\\d+\\.\\d+\\.\\d+[^:'"(\\s]*)`, 'm')
      : new RegExp(`^"?${n}@[^\\n]*:\\r?\\n\\s+version:?\\s+"?(\\d+\\.\\d+\\.\\d+[^"\\s]*)`, 'm');
  return re.exec(text)?.[1]?.slice(0, 40);
}

/** The public keys for the request's tokens, by kid: remembered ones first, then each connected instance's JWKS. */
async function keysFor(d: RequestDeps, text: string): Promise<Jwk[]> {
  const kids = new Set<string>();
  for (const t of findTokens(text, { limit: 8 })) {
    const dt = decodeToken(t.token);
    if (!dt.ok) continue;
    if (typeof dt.header.kid === 'string') kids.add(dt.header.kid);
    // A handshake token carries the session token in its Set-Cookie lines.
    const hs = dt.payload.handshake;
    if (Array.isArray(hs))
      for (const inner of findTokens(hs.filter((l) => typeof l === 'string').join('\n'), { limit: 8 })) {
        const di = decodeToken(inner.token);
        if (di.ok && typeof di.header.kid === 'string') kids.add(di.header.kid);
      }
  }
  const keys: Jwk[] = [];
  for (const kid of kids) {
    const known = d.conns.knownKey(kid);
    if (known) {
      keys.push(known.jwk);
      continue;
    }
    for (const i of d.keys.list()) {
      try {
        const jwk = (await d.conns.jwks(i.id)).keys.find((k) => k.kid === kid);
        if (jwk) {
          keys.push(jwk);
          break;
        }
      } catch (e) {
        d.log.warn(`Could not read the JWKS of ${i.maskedKey}: ${errorMessage(e)}`);
      }
    }
  }
  return keys;
}

/** clerk.authorizedParties: the origins the app's clerkMiddleware({ authorizedParties }) lists (strings only). */
function authorizedParties(): string[] {
  const v = vscode.workspace.getConfiguration('clerk').get<unknown>('authorizedParties');
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/**
 * Clerk's clock, from the Date header of the latest Backend API answer (no request of its own): as "Clerk's time now"
 * for the report's Clock section (its difference from `now` is the measured offset), and where it was measured.
 */
function clerkClock(d: Pick<Deps, 'conns'>, now: number): { serverDate: number; row: ReportRow } | undefined {
  const c = d.conns.serverClock;
  if (!c || c.apiUrl !== readSettings().apiUrl) return undefined;
  const ago = Math.max(0, Math.round((Date.now() - c.at) / 1000));
  return {
    serverDate: now + c.offsetMs,
    row: {
      label: vscode.l10n.t("Clerk's clock from"),
      value: vscode.l10n.t('the Date header of the answer to {0}, {1} s ago (no request of its own)', c.label, ago),
    },
  };
}

/** The Clock section shows the offset to Clerk's clock, or says why it is not known. */
function addClock(report: Report, clock: ReturnType<typeof clerkClock>): void {
  let section = report.sections.find((s) => s.heading === 'Clock');
  if (!section) {
    if (!report.sections.length) return; // the request could not be read
    section = { heading: 'Clock', rows: [] };
    report.sections.push(section);
  }
  (section.rows ??= []).push(
    clock?.row ?? {
      label: vscode.l10n.t("Clerk's clock"),
      value: vscode.l10n.t('not known yet: no Backend API answer in this window (connect an instance, or refresh the tree)'),
    },
  );
}

export async function explainRequestCommand(d: RequestDeps, arg?: unknown): Promise<RequestResult | undefined> {
  const text = await requestText(d, arg);
  if (text === undefined) return undefined;
  const pk = await publishableKey(d);
  const keys = await keysFor(d, text);
  const parties = authorizedParties();
  const options: RequestOptions = {
    ...(pk ? { publishableKey: pk.key } : {}),
    ...(parties.length ? { authorizedParties: parties } : {}),
    jwks: keys.length ? { keys } : null,
    backendVersion: await backendVersion(),
    ...(d.now ? { now: d.now() } : {}),
  };
  const clock = clerkClock(d, options.now ?? Date.now());
  const { explanation: explained, report } = await heavy().explainRequestFull(text, options, clock?.serverDate);
  addClock(report, clock);
  if (pk) {
    const opts = report.sections.find((s) => s.heading === 'Options assumed');
    opts?.rows?.push({ label: vscode.l10n.t('Publishable key from'), value: pk.where });
  }
  // An opaque machine token: only the Backend API can say whether it is valid; verified only when the user asks.
  const machine = explained.ok ? explained.decision.context.tokenInHeader : undefined;
  const kind = machine ? opaqueKind(machine) : undefined;
  if (machine && kind) {
    const id = String(++nextMachine);
    machineShown.set(id, { text, options, token: machine, kind, pkWhere: pk?.where });
    if (machineShown.size > 20) machineShown.delete(machineShown.keys().next().value!);
    report.actions = [{ title: vscode.l10n.t('Verify with Clerk'), command: Cmd.verifyMachineToken, args: [id] }];
  }
  const shown = d.reports.show('request', report);
  return {
    text: shown.text,
    status: explained.ok ? explained.decision.status : 'unreadable',
    reason: explained.ok ? explained.decision.reason : null,
  };
}

type MachineKind = 'api_key' | 'm2m_token' | 'oauth_token';

/** Requests with an opaque machine token, for the report's "Verify with Clerk" link (bounded; in memory only). */
const machineShown = new Map<string, { text: string; options: RequestOptions; token: string; kind: MachineKind; pkWhere?: string }>();
let nextMachine = 0;

function opaqueKind(t: string): MachineKind | undefined {
  if (!/^(ak|mt|oat)_[A-Za-z0-9_-]+$/.test(t)) return undefined;
  return t.startsWith('ak_') ? 'api_key' : t.startsWith('mt_') ? 'm2m_token' : 'oauth_token';
}

const when = (s: number | null | undefined): string =>
  typeof s === 'number' && Number.isFinite(s) ? localTime(s < 1e12 ? s * 1000 : s) : vscode.l10n.t('never');

function subjectKind(sub: string): string {
  if (sub.startsWith('user_')) return vscode.l10n.t('a user');
  if (sub.startsWith('org_')) return vscode.l10n.t('an organization');
  if (sub.startsWith('mch_')) return vscode.l10n.t('a machine');
  return vscode.l10n.t('an unknown kind of subject');
}

/** "Verify with Clerk" on an Explain Request report: the verify endpoint for the token's kind, then the report again. */
export async function verifyMachineTokenCommand(d: RequestDeps, arg: unknown): Promise<RequestResult | undefined> {
  const entry = typeof arg === 'string' ? machineShown.get(arg) : undefined;
  if (!entry) throw new UsageError(vscode.l10n.t('That request is no longer kept: explain it again.'));
  const inst = await instanceTarget(d, undefined, vscode.l10n.t('Verify with Clerk: which instance issued the token?'));
  if (!inst) return undefined;
  const client = await d.conns.client(inst.id);
  const rows: ReportRow[] = [];
  const text: string[] = [];
  let valid = false;
  const endpoint =
    entry.kind === 'api_key'
      ? 'POST /api_keys/verify'
      : entry.kind === 'm2m_token'
        ? 'POST /m2m_tokens/verify'
        : 'POST /oauth_applications/access_tokens/verify';
  try {
    const r =
      entry.kind === 'api_key'
        ? await client.verifyApiKey(entry.token)
        : entry.kind === 'm2m_token'
          ? await client.verifyM2mToken(entry.token)
          : await client.verifyOAuthAccessToken(entry.token);
    if ('active' in r && r.active === false) {
      rows.push({ label: vscode.l10n.t('Active'), value: vscode.l10n.t('no: Clerk says the access token is not active'), mark: 'fail' });
    } else if ('subject' in r) {
      valid = !r.revoked && !r.expired;
      rows.push(
        { label: vscode.l10n.t('Token id'), value: r.id, mono: true },
        { label: vscode.l10n.t('Subject'), value: vscode.l10n.t('{0} ({1})', r.subject, subjectKind(r.subject)), mono: true },
      );
      if (typeof r.name === 'string') rows.push({ label: vscode.l10n.t('Name'), value: r.name });
      if (typeof r.client_id === 'string') rows.push({ label: vscode.l10n.t('OAuth client'), value: r.client_id, mono: true });
      const scopes = Array.isArray(r.scopes) ? r.scopes.filter((x): x is string => typeof x === 'string') : [];
      rows.push({ label: vscode.l10n.t('Scopes'), value: scopes.length ? scopes.join(', ') : vscode.l10n.t('none') });
      if (r.claims && typeof r.claims === 'object')
        rows.push({ label: vscode.l10n.t('Claims'), value: JSON.stringify(r.claims).slice(0, 600), mono: true });
      rows.push({
        label: vscode.l10n.t('Expires'),
        value: r.expiration === null ? vscode.l10n.t('never') : when(r.expiration),
        mark: r.expired ? 'fail' : 'info',
      });
      rows.push({
        label: vscode.l10n.t('Revoked'),
        value: r.revoked
          ? vscode.l10n.t(
              'yes: {0}',
              typeof r.revocation_reason === 'string' && r.revocation_reason ? r.revocation_reason : vscode.l10n.t('no reason given'),
            )
          : vscode.l10n.t('no'),
        mark: r.revoked ? 'fail' : 'pass',
      });
      if (r.expired) rows.push({ label: vscode.l10n.t('Expired'), value: vscode.l10n.t('yes'), mark: 'fail' });
    }
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    rows.push({
      label: vscode.l10n.t('Answer'),
      value:
        status === 404
          ? vscode.l10n.t('404: Clerk does not know this token on this instance, or no longer accepts it.')
          : vscode.l10n.t('The verification failed: {0}', errorMessage(e)),
      mark: 'fail',
    });
  }
  text.push(
    valid
      ? vscode.l10n.t(
          'Clerk accepts the token: authenticateRequest gives signed-in where acceptsToken includes its kind (see Machine token), and token-type-mismatch elsewhere.',
        )
      : vscode.l10n.t('Clerk refuses the token: authenticateRequest gives signed-out for every acceptsToken setting.'),
    vscode.l10n.t(
      'Sent: {0} to {1} ({2}), on your command; nothing else of the request.',
      endpoint,
      inst.name || inst.environmentType || vscode.l10n.t('the instance'),
      inst.maskedKey,
    ),
  );
  const clock = clerkClock(d, entry.options.now ?? Date.now());
  const { report } = await heavy().explainRequestFull(entry.text, entry.options, clock?.serverDate);
  addClock(report, clock);
  if (entry.pkWhere)
    report.sections
      .find((s) => s.heading === 'Options assumed')
      ?.rows?.push({ label: vscode.l10n.t('Publishable key from'), value: entry.pkWhere });
  const verified: Report['sections'][number] = { heading: vscode.l10n.t('Verified with Clerk'), rows, text };
  const at = report.sections.findIndex((s) => s.heading === 'Machine token');
  report.sections.splice(at >= 0 ? at + 1 : 1, 0, verified);
  // Clerk's answer heads the report; the offline outcome (for the acceptsToken assumed) follows as one reason, named
  // as such, so a valid token is not shown beside an unexplained "signed-out".
  const offline = report.verdict;
  report.verdict = {
    ok: valid,
    text: valid ? vscode.l10n.t('Clerk: the machine token is valid') : vscode.l10n.t('Clerk: the machine token is refused'),
    reasons: offline
      ? [
          vscode.l10n.t(
            'With the options assumed here, {0}. {1} The Machine token section gives the outcome for each acceptsToken setting.',
            offline.text,
            offline.reasons?.[0] ?? '',
          ),
        ]
      : [],
  };
  const shown = d.reports.show('request', report);
  return { text: shown.text, status: valid ? 'verified' : 'refused', reason: null };
}
