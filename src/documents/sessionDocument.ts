// Read-only virtual documents: a session as JSON (clerk-session:/<instance>/<session>.json, re-read from Clerk each
// time it is opened), and reports kept in memory (clerk-report:/…: verify reports, decoded JWTs). Never the raw token.
import * as vscode from 'vscode';
import type { Session, User } from '../clerk/types';
import type { Connections } from '../connections';
import { pendingNote, taskKeys, type SessionOrg } from '../model/orgs';
import { REPORT_SCHEME, SESSION_SCHEME } from '../ids';
import { deviceLabel, fullName, localTime, primaryEmail } from '../util/format';
import { errorMessage } from '../util/errors';
import { redact } from '../util/redact';

/** Reports kept for reopening (decoded JWTs): the oldest go first past this many. */
const KEEP_REPORTS = 50;

const TIME_FIELDS = ['last_active_at', 'expire_at', 'abandon_at', 'created_at', 'updated_at'];

/**
 * The session with a readable local time beside each epoch value, the user, the activity and the actor; for a pending
 * session its tasks and what that means; the last active organization with the user's role in it. It is JSON text
 * (JSON.stringify escapes whatever the API sent), shown in a read-only editor: nothing in it is rendered.
 */
export function sessionJson(s: Session, user: User | undefined, org?: SessionOrg): string {
  const withTimes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    withTimes[k] = v;
    if (TIME_FIELDS.includes(k) && typeof v === 'number') withTimes[`${k}_local`] = localTime(v);
  }
  const doc = {
    summary: {
      device: deviceLabel(s),
      status: s.status,
      user: user ? { id: user.id, name: fullName(user) ?? null, email: primaryEmail(user) ?? null } : { id: s.user_id },
      impersonated_by: s.actor ?? null,
      ...(s.status === 'pending' ? { pending: { tasks: taskKeys(s), note: pendingNote() } } : {}),
      last_active_organization: org ? orgSummary(org) : null,
    },
    session: withTimes,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function orgSummary(o: SessionOrg): Record<string, unknown> {
  if (!o.known) {
    return { id: o.id, name: null, role: null, note: vscode.l10n.t("not among the user's organization memberships that were read") };
  }
  return { id: o.id, name: o.name ?? null, slug: o.slug ?? null, role: o.rawRole ?? null };
}

export class SessionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly reports = new Map<string, string>();
  /** How many reports are kept (bounded; for the tests). */
  get reportCount(): number {
    return this.reports.size;
  }
  private n = 0;

  /** `orgOf`: the session's last active organization and the user's role (the tree's loaded memberships, else ≤ 1 request). */
  constructor(
    private readonly conns: Connections,
    private readonly userOf: (instanceId: string, userId: string) => User | undefined,
    private readonly orgOf?: (instanceId: string, s: Session) => Promise<SessionOrg | undefined>,
  ) {}

  static sessionUri(instanceId: string, sessionId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: SESSION_SCHEME, path: `/${instanceId}/${sessionId}.json` });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    if (uri.scheme === REPORT_SCHEME) {
      return this.reports.get(uri.path) ?? `${vscode.l10n.t('This report is gone: it is kept only until the window closes.')}\n`;
    }
    const m = /^\/([^/]+)\/([^/]+)\.json$/.exec(uri.path);
    if (!m) return `${vscode.l10n.t('Not a Clerk session address: {0}', uri.toString())}\n`;
    const [, instanceId, sessionId] = m;
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    try {
      const client = await this.conns.client(instanceId);
      const s = await client.getSession(sessionId, ac.signal);
      const orgId = s.last_active_organization_id;
      const org = (await this.orgOf?.(instanceId, s).catch(() => undefined)) ?? (orgId ? { id: orgId, known: false } : undefined);
      return sessionJson(s, this.userOf(instanceId, s.user_id), org);
    } catch (e) {
      return JSON.stringify({ error: errorMessage(e), session_id: sessionId }, null, 2) + '\n';
    }
  }

  /** Open (or re-read, when already open) a session document. */
  async openSession(instanceId: string, sessionId: string): Promise<vscode.TextEditor> {
    const uri = SessionDocuments.sessionUri(instanceId, sessionId);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const json = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(json, { preview: true });
  }

  /** Open a report kept in memory, as Markdown or JSON. */
  async openReport(name: string, body: string, language: 'markdown' | 'json'): Promise<vscode.TextEditor> {
    const path = `/${++this.n}/${name}.${language === 'json' ? 'json' : 'md'}`;
    this.reports.set(path, redact(body));
    for (const old of this.reports.keys()) {
      if (this.reports.size <= KEEP_REPORTS) break;
      this.reports.delete(old);
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: REPORT_SCHEME, path }));
    const typed = doc.languageId === language ? doc : await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(typed, { preview: false });
  }

  dispose(): void {
    this.changed.dispose();
    this.reports.clear();
  }
}
