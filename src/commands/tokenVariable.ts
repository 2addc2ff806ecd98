// Session tokens for testing an API: the `${command:clerk.sessionToken}` variable for launch.json / tasks.json (a session
// chosen once per window, its token cached until less than 10 s of its life remain), and Copy as curl… on a session.
// A token goes only to the clipboard or to VS Code as the variable's value: never to the log, a file of ours, a
// notification or the status bar (they name what was copied and when it expires).
import { apiError } from '../clerk/errors';
import * as vscode from 'vscode';
import type { Session } from '../clerk/types';
import { curlUrlState } from '../ids';
import { deviceLabel, formatDuration, localTime, relativeTime, userLabel } from '../util/format';
import { askLifetime } from './session';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { instanceTitle } from '../key/instanceTitle';
import { asNode, type UserNode } from '../tree/nodes';
import { pickInstance, sessionTarget, UsageError } from './targets';
import { curlCommand, shellKind, unquotable, type ShellKind } from '../util/shellQuote';
import { mintToken, type Minted } from './mint';

/** What ${command:clerk.sessionToken}, Choose Session for Token Variable and Copy as curl use of the extension's services. */
export type TokenVariableDeps = Pick<Deps, 'clipboard' | 'conns' | 'keys' | 'log' | 'now' | 'prompts' | 'state' | 'status' | 'tree'>;

/** A cached token is used while more than this much of its life remains. */
export const FRESH_MARGIN_MS = 10_000;

export type { Minted } from './mint';

/** POST /sessions/{id}/tokens: the default session token, through the one mint (exactly a JWT, or an error). */
export async function mintSessionToken(d: Pick<Deps, 'conns'>, instanceId: string, sessionId: string): Promise<Minted> {
  return mintToken(await d.conns.client(instanceId), sessionId);
}

const clock = (ms: number) => {
  const t = localTime(ms);
  return /^\d{4}-\d\d-\d\d /.test(t) ? t.slice(11) : t;
};

/** Copy Session Token for a session the command already has (Create Test Session's "Copy Session Token"). */
export async function copySessionToken(d: Pick<Deps, 'clipboard' | 'conns' | 'status'>, instanceId: string, s: Session): Promise<void> {
  const m = await mintSessionToken(d, instanceId, s.id);
  await d.clipboard.writeText(m.jwt);
  const id = pick(s.id, 60);
  d.status(
    m.exp
      ? vscode.l10n.t('$(check) Clerk: copied a session token for {0}, expires {1} ({2})', id, clock(m.exp), relativeTime(m.exp))
      : vscode.l10n.t('$(check) Clerk: copied a session token for {0}', id),
    10_000,
  );
}

interface Choice {
  instanceId: string;
  sessionId: string;
  what: string;
}
/** The variable's name, passed into sentences as it is: it is not for translation. */
const VARIABLE = '${command:clerk.sessionToken}';
/** A call, not a constant: no vscode.l10n.t runs while the module loads. */
const baseTitle = () => vscode.l10n.t('Session for {0}', VARIABLE);
interface SessionPick extends vscode.QuickPickItem {
  session?: Session;
  user?: UserNode;
  typeId?: boolean;
}

/** The per-window state behind `${command:clerk.sessionToken}`: the chosen session and its cached token (memory only). */
export class TokenVariable {
  private choice: Choice | undefined;
  private cached: (Minted & { sessionId: string; instanceId: string }) | undefined;
  /** The choice (instance/session) the user allowed on a live key: asked again after each new choice. */
  private allowedLive: string | undefined;

  constructor(private readonly d: TokenVariableDeps) {}

  /** The session the variable uses (for tests and the status bar), never its token. */
  get chosen(): Readonly<Choice> | undefined {
    return this.choice;
  }

  /** Choose Session for Token Variable: a session node, or (from the palette) a loaded user's session or a typed id. */
  async choose(arg?: unknown): Promise<Readonly<Choice> | undefined> {
    const d = this.d;
    let instanceId: string;
    let session: Session | undefined;
    const row = asNode(arg);
    if (row?.kind === 'session') {
      instanceId = row.instanceId;
      session = row.session;
    } else {
      if (arg !== undefined && arg !== null) {
        throw new UsageError(vscode.l10n.t('"Choose Session for Token Variable" works on a session in the Clerk view.'));
      }
      const inst = await pickInstance(d, vscode.l10n.t('Session for {0}: which instance?', VARIABLE));
      if (!inst) return undefined;
      instanceId = inst.id;
      session = await this.askSession(instanceId);
    }
    if (!session) return undefined;
    if (session.status !== 'active' && session.status !== 'pending') {
      const status = message(session.status, 20);
      throw new UsageError(vscode.l10n.t('That session is {0}: only an active or pending session has tokens.', status));
    }
    const u = d.tree.userOf(instanceId, session.user_id);
    // Raw values: every place that shows `what` makes it inert there.
    const what = vscode.l10n.t('{0} on {1}', u ? userLabel(u) : session.user_id, deviceLabel(session));
    this.choice = { instanceId, sessionId: session.id, what };
    this.cached = undefined;
    this.allowedLive = undefined;
    d.log.info(`Token variable: now uses session ${session.id}`);
    d.status(vscode.l10n.t('$(key) Clerk: {0} now uses {1}', VARIABLE, pick(this.choice.what, 100)), 8000);
    return this.choice;
  }

  private async askSession(instanceId: string): Promise<Session | undefined> {
    const d = this.d;
    const inst = d.keys.get(instanceId);
    // On a production key every picker says so, also when there is only one instance and nothing asked which.
    const liveMark =
      inst?.keyEnvironment === 'live' ? vscode.l10n.t('LIVE · {0} ({1})', pick(instanceTitle(inst), 60), inst.maskedKey) : undefined;
    const title = () => (liveMark ? vscode.l10n.t('{0} · {1}', baseTitle(), liveMark) : baseTitle());
    const instNode = d.tree.instanceNode(instanceId);
    const users = instNode ? (await d.tree.getChildren(instNode)).filter((n): n is UserNode => n.kind === 'user') : [];
    const items: SessionPick[] = [
      ...users.map((u) => ({ label: pick(userLabel(u.user), 80), description: pick(u.user.id, 60), user: u })),
      { label: vscode.l10n.t('$(edit) Enter a session id…'), typeId: true },
    ];
    const chosen = await d.prompts.showQuickPick(items, { title: title(), placeHolder: vscode.l10n.t('Whose session?') });
    if (!chosen) return undefined;
    const client = await d.conns.client(instanceId);
    if (chosen.typeId || !chosen.user) {
      const id = await d.prompts.showInputBox({
        title: title(),
        prompt: vscode.l10n.t('Session id'),
        placeHolder: 'sess_…',
        ignoreFocusOut: true,
        validateInput: (v) =>
          /^\s*sess_[A-Za-z0-9]+\s*$/.test(v) || v.trim() === '' ? undefined : vscode.l10n.t('A session id starts with sess_'),
      });
      return id?.trim() ? client.getSession(id.trim()) : undefined;
    }
    const user = chosen.user.user;
    const all = (await client.listSessions({ userId: user.id, limit: 100 })).data;
    const live = all.filter((s) => s.status === 'active' || s.status === 'pending');
    if (live.length === 0) {
      void d.prompts.showInformationMessage(vscode.l10n.t('Clerk: {0} has no active or pending session.', message(userLabel(user), 80)));
      return undefined;
    }
    const picked = await d.prompts.showQuickPick(
      live.map((s) => ({
        label: pick(deviceLabel(s), 80),
        detail: pick(s.id),
        session: s,
        description: vscode.l10n.t('{0} · active {1}', pick(s.status, 20), relativeTime(s.last_active_at)),
      })),
      {
        title: liveMark
          ? vscode.l10n.t('Session of {0} for {1} · {2}', pick(userLabel(user), 80), VARIABLE, liveMark)
          : vscode.l10n.t('Session of {0} for {1}', pick(userLabel(user), 80), VARIABLE),
        placeHolder: vscode.l10n.t('Which session?'),
      },
    );
    return picked?.session;
  }

  /** `${command:clerk.sessionToken}`: a token with more than 10 s to live, minted only when the cached one is not. */
  async token(): Promise<string | undefined> {
    if (!this.choice && !(await this.choose())) return undefined;
    const c = this.choice!;
    if (!(await this.allowLive(c))) return undefined;
    const now = this.d.now?.() ?? Date.now();
    const hit = this.cached;
    const same = hit && hit.sessionId === c.sessionId && hit.instanceId === c.instanceId;
    if (same && hit.exp !== undefined && hit.exp - now > FRESH_MARGIN_MS) return hit.jwt;
    this.cached = undefined;
    let m: Minted;
    try {
      m = await mintSessionToken(this.d, c.instanceId, c.sessionId);
    } catch (e) {
      const api = apiError(e);
      if (api?.status === 404) {
        this.choice = undefined;
        throw new UsageError(
          vscode.l10n.t(
            'The session chosen for {0} ({1}) has no tokens any more: it ended or was revoked. Run the launch or task again to choose another one. ({2})',
            VARIABLE,
            message(c.what, 80),
            message(api.message, 200),
          ),
        );
      }
      throw e;
    }
    this.cached = { ...m, sessionId: c.sessionId, instanceId: c.instanceId };
    this.d.log.info(`Token variable: minted a session token for ${c.sessionId}${m.exp ? `, expires ${localTime(m.exp)}` : ''}`);
    return m.jwt;
  }

  /**
   * On a production (sk_live_) key: a modal that says PRODUCTION and names the instance and the session, on the first
   * token after each choice. Without it any task or launch configuration of the window would get live tokens unasked.
   */
  private async allowLive(c: Choice): Promise<boolean> {
    const inst = this.d.keys.get(c.instanceId);
    if (inst?.keyEnvironment !== 'live') return true;
    const key = `${c.instanceId}/${c.sessionId}`;
    if (this.allowedLive === key) return true;
    const allow = vscode.l10n.t('Allow');
    const text = vscode.l10n.t(
      'Hand out session tokens of PRODUCTION? {0} will give every task and launch configuration of this window that uses it a token of {1} on your live Clerk instance {2} ({3}), without asking again until you choose another session.',
      VARIABLE,
      message(c.what, 80),
      message(instanceTitle(inst), 60),
      inst.maskedKey,
    );
    const detail = vscode.l10n.t('Session {0}', message(c.sessionId, 80));
    const answer = await this.d.prompts.showWarningMessage(text, { modal: true, detail }, allow);
    if (answer !== allow) {
      this.d.log.info(`Token variable: a token of ${c.sessionId} on a live key was not allowed; nothing was minted`);
      return false;
    }
    this.allowedLive = key;
    return true;
  }
}

const EXAMPLE_URL = 'http://localhost:3000/api/me';
const MAX_URL = 2000;
/** A loopback address typed without a scheme: localhost, 127.x.x.x or [::1], a port, then a path, query or nothing. */
const BARE_LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?:[/?#]|$)/i;

/** The URL as typed, with `http://` put before a loopback address typed without one (`localhost:3000/path`). */
export function withScheme(v: string): string {
  const t = v.trim();
  return BARE_LOOPBACK.test(t) ? `http://${t}` : t;
}

/** Why text is not an http(s) URL to put in a curl command; undefined when it is one (a bare loopback address is one). */
export function curlUrlProblem(v: string): string | undefined {
  const t = withScheme(v);
  if (t === '') return vscode.l10n.t('A URL, such as {0}', EXAMPLE_URL);
  if (/[\s\u0000-\u001f\u007f]/.test(t)) return vscode.l10n.t('A URL has no spaces or control characters');
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return vscode.l10n.t('Not a URL: it should look like {0}', EXAMPLE_URL);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return vscode.l10n.t('Only http:// and https:// URLs');
  if (u.username || u.password) return vscode.l10n.t('Leave credentials out of the URL: the session token is the credential');
  if (t.length > MAX_URL) return vscode.l10n.t('That URL is too long ({0} characters at most)', MAX_URL);
  return undefined;
}

/** The shell Copy as curl writes for: the terminal's default shell, else the platform's. */
const SHELL_NAMES: Record<ShellKind, string> = { posix: 'sh', fish: 'fish', powershell: 'PowerShell', cmd: 'cmd.exe' };

/** A session token's lifetime when none is asked for (Clerk's default), shown in words; the token itself says its expiry. */
const DEFAULT_SESSION_LIFETIME = 60;
/** What "Longer-lived" proposes first. */
const LONGER_LIFETIME = 3600;

interface LifetimePick extends vscode.QuickPickItem {
  custom: boolean;
}

/** Copy as curl…: asks for a URL (remembered per instance) and a lifetime, mints a fresh token, copies the command. */
export async function copyAsCurl(d: TokenVariableDeps, arg: unknown): Promise<{ url: string; expiresAt?: number } | undefined> {
  const t = await sessionTarget(d, arg, vscode.l10n.t('Copy as curl'));
  if (!t) return undefined;
  const last = d.state.get<string>(curlUrlState(t.instanceId));
  const typed = await d.prompts.showInputBox({
    title: vscode.l10n.t('Copy as curl: the URL to call with a fresh session token'),
    prompt: vscode.l10n.t('An http:// or https:// URL of your API (localhost:3000/path gets http://)'),
    value: last ?? 'http://localhost:3000/',
    ignoreFocusOut: true,
    validateInput: curlUrlProblem,
  });
  if (typed === undefined) return undefined;
  const problem = curlUrlProblem(typed);
  if (problem) throw new UsageError(vscode.l10n.t('{0} (got "{1}").', problem, message(typed, 80)));
  const url = new URL(withScheme(typed)).href;
  const shell = shellKind(vscode.env.shell, process.platform);
  const bad = unquotable(shell, url);
  if (bad.length) {
    throw new UsageError(
      vscode.l10n.t(
        'The URL holds {0}, which {1} acts on even inside quotes, so no command for it can be copied safely. Use a URL without them, or make PowerShell or a POSIX shell the default terminal shell.',
        bad.map((c) => JSON.stringify(c)).join(' '),
        SHELL_NAMES[shell],
      ),
    );
  }
  await d.state.update(curlUrlState(t.instanceId), url);
  const lifetimes: LifetimePick[] = [
    {
      label: vscode.l10n.t('Session token'),
      description: vscode.l10n.t('the default lifetime (usually {0})', formatDuration(DEFAULT_SESSION_LIFETIME)),
      custom: false,
    },
    {
      label: vscode.l10n.t('$(clock) Longer-lived token…'),
      description: vscode.l10n.t('choose its lifetime, such as {0}', formatDuration(LONGER_LIFETIME)),
      detail: vscode.l10n.t('For calls you repeat: anyone who holds the command can use the token until it expires.'),
      custom: true,
    },
  ];
  const lifetime = await d.prompts.showQuickPick(lifetimes, {
    title: vscode.l10n.t('Copy as curl: how long the token lives'),
    placeHolder: vscode.l10n.t('Token lifetime'),
  });
  if (!lifetime) return undefined;
  let expiresInSeconds: number | undefined;
  if (lifetime.custom) {
    expiresInSeconds = await askLifetime(d, vscode.l10n.t('Copy as curl: lifetime of the session token'), LONGER_LIFETIME);
    if (expiresInSeconds === undefined) return undefined;
  }
  const m = await mintToken(await d.conns.client(t.instanceId), t.session.id, { expiresInSeconds });
  const cmd = curlCommand(shell, m.jwt, url);
  if (!('command' in cmd)) throw new UsageError(vscode.l10n.t('That URL cannot be quoted for {0}.', SHELL_NAMES[shell]));
  await d.clipboard.writeText(cmd.command);
  const u = t.user ?? d.tree.userOf(t.instanceId, t.session.user_id);
  const whose = message(vscode.l10n.t('{0} on {1}', u ? userLabel(u) : t.session.user_id, deviceLabel(t.session)), 120);
  const where = message(url, 120);
  void d.prompts.showInformationMessage(
    m.exp
      ? vscode.l10n.t(
          'Clerk: copied a curl command for {0} with a session token of {1}. The token expires at {2} ({3}).',
          where,
          whose,
          clock(m.exp),
          relativeTime(m.exp),
        )
      : vscode.l10n.t('Clerk: copied a curl command for {0} with a session token of {1}.', where, whose),
  );
  d.log.info(`Copied a curl command with a session token of ${t.session.id}${expiresInSeconds ? ` (lifetime ${expiresInSeconds} s)` : ''}`);
  return m.exp ? { url, expiresAt: m.exp } : { url };
}
