// Clerk: Explain Token and Show Session. The token comes from the editor's selection or the token under the cursor,
// else the user's choice of an input box or the clipboard (read only when picked) (or from a hover link, which names a document and an offset, never the token). The issuing
// instance is found by the token's kid in a connected instance's JWKS: nothing is ever fetched from the token's iss.
// The one verdict (src/tokens/verdict.ts) decides; the token is attributed to an instance, offered Show Session and
// looked up live (session, user, allowed origins) only when its signature matches that instance's key.
import * as vscode from 'vscode';
import type { Jwk } from '../clerk/types';
import { Cmd } from '../ids';
import type { LiveTokenFacts } from '../reports/explainReport';
import { heavy } from '../lazy';
import { azpNotes } from '../tokens/azp';
import { decodeToken, jwtIn, type DecodedToken } from '../tokens/decode';
import { findTokens, tokenNear } from '../tokens/detect';
import type { Explanation } from '../tokens/explain';
import { signedByInstance } from '../tokens/surface';
import type { Verdict } from '../tokens/verdict';
import { fullName, primaryEmail } from '../util/format';
import { errorMessage } from '../util/errors';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { UsageError } from './targets';

/** What the commands of this file (Explain Token, Copy Claims, Show Session) use of the extension's services. */
export type ExplainDeps = Pick<Deps, 'clipboard' | 'conns' | 'keys' | 'log' | 'prompts' | 'reports' | 'status' | 'tree' | 'view'>;

/** Where a hover found a token: the document and the offset, so the token itself never travels in a link. */
export interface TokenLocation {
  uri: string;
  offset: number;
}

/** Show Session's target, as an Explain report's link carries it. */
export interface SessionRef {
  instanceId: string;
  userId: string;
  sessionId?: string;
}

function isLocation(a: unknown): a is TokenLocation {
  return (
    typeof a === 'object' && a !== null && typeof (a as TokenLocation).uri === 'string' && typeof (a as TokenLocation).offset === 'number'
  );
}

function isSessionRef(a: unknown): a is SessionRef {
  return (
    typeof a === 'object' && a !== null && typeof (a as SessionRef).instanceId === 'string' && typeof (a as SessionRef).userId === 'string'
  );
}

/** The token under the cursor of the active editor (the window the hover reads), or in its selection; no I/O. */
export function editorToken(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  if (!editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection);
    const found = findTokens(text, { limit: 1 })[0];
    if (found) return found.token;
  }
  return tokenNear(editor.document, editor.document.offsetAt(editor.selection.active))?.token;
}

/**
 * The clipboard's JWT, read only now that the user picked it. A failed read (a browser without clipboard permission)
 * or text that is not a JWT says so in a sentence and returns undefined, so the caller falls back to the paste box.
 */
export async function clipboardToken(d: Pick<Deps, 'clipboard' | 'log' | 'prompts'>): Promise<string | undefined> {
  let text: string;
  try {
    text = await d.clipboard.readText();
  } catch (e) {
    d.log.warn(`Could not read the clipboard: ${errorMessage(e)}`);
    void d.prompts.showWarningMessage(
      vscode.l10n.t('Could not read the clipboard (VS Code may lack the permission): paste the token instead.'),
      {},
    );
    return undefined;
  }
  const t = jwtIn(text);
  if (!t) void d.prompts.showWarningMessage(vscode.l10n.t('The clipboard holds no JWT: paste the token instead.'), {});
  return t;
}

interface ExplainSourcePick extends vscode.QuickPickItem {
  source: 'paste' | 'clipboard';
}

/** The token to work on: from a hover's location, the selection or the cursor, else the user's choice (paste / clipboard). */
export async function tokenFrom(d: ExplainDeps, arg: unknown, title: string): Promise<string | undefined> {
  if (isLocation(arg)) {
    // Only a document already open in the editor: a link must not make the extension open (and read) any file.
    const doc = vscode.workspace.textDocuments.find((x) => x.uri.toString() === arg.uri);
    if (!doc) throw new UsageError(vscode.l10n.t('That document is not open in the editor: open it and hover over the token again.'));
    const found = tokenNear(doc, arg.offset); // the window the hover read
    if (!found) throw new UsageError(vscode.l10n.t('The token is no longer there: the document changed.'));
    return found.token;
  }
  if (arg !== undefined && arg !== null && !(arg instanceof vscode.Uri)) {
    throw new UsageError(vscode.l10n.t('"{0}" takes a token from the editor, the clipboard or an input box.', title));
  }
  const inEditor = editorToken();
  if (inEditor) return inEditor;
  // The clipboard is offered, never read unasked: a browser-hosted VS Code may refuse (and toast) on any read.
  const items: ExplainSourcePick[] = [
    { label: vscode.l10n.t('$(edit) Paste a token'), source: 'paste' },
    { label: vscode.l10n.t('$(clippy) Use the token on the clipboard'), source: 'clipboard' },
  ];
  const chosen = await d.prompts.showQuickPick<ExplainSourcePick>(items, {
    title,
    placeHolder: vscode.l10n.t('No token under the cursor: where is the token?'),
  });
  if (!chosen) return undefined;
  if (chosen.source === 'clipboard') {
    const clip = await clipboardToken(d);
    if (clip) return clip;
  }
  const typed = await d.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t('Paste a JWT (a Clerk session or template token). It is not stored or sent anywhere but your Clerk instance.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (typed === undefined || !typed.trim()) return undefined;
  return typed.trim();
}

/** The keys to judge a token with, and the connected instance whose JWKS holds its kid (when one does). */
interface KeysFound {
  instanceId?: string;
  jwks: { keys: Jwk[] } | null;
}

/** One instance's public keys: remembered (no request), else GET /jwks; a failure is logged and counts as none. */
async function keysOf(d: Pick<Deps, 'conns' | 'log'>, instanceId: string, maskedKey: string, refetch: boolean): Promise<Jwk[] | undefined> {
  const remembered = d.conns.rememberedKeys(instanceId);
  if (remembered.length && !refetch) return remembered;
  try {
    return (await d.conns.jwks(instanceId)).keys;
  } catch (e) {
    d.log.warn(`Could not read the JWKS of ${maskedKey}: ${errorMessage(e)}`);
    return remembered.length ? remembered : undefined;
  }
}

/**
 * The instance whose JWKS holds the kid (remembered keys first, then each instance's JWKS, one request each), with that
 * JWKS; else every connected instance's keys, so that a kid of none of them is judged "not signed by your instances".
 */
export async function keysFor(d: Pick<Deps, 'conns' | 'keys' | 'log'>, kid: string | undefined): Promise<KeysFound> {
  if (kid) {
    const known = d.conns.knownKey(kid);
    if (known) return { instanceId: known.instanceId, jwks: { keys: d.conns.rememberedKeys(known.instanceId) } };
  }
  const all: Jwk[] = [];
  let any = false;
  for (const i of d.keys.list()) {
    const keys = await keysOf(d, i.id, i.maskedKey, kid !== undefined);
    if (!keys) continue;
    any = true;
    if (kid && keys.some((k) => k.kid === kid)) return { instanceId: i.id, jwks: { keys } };
    all.push(...keys);
  }
  return { jwks: any ? { keys: all } : null };
}

async function liveFactsOf(d: ExplainDeps, instanceId: string, e: Explanation): Promise<LiveTokenFacts> {
  const facts: LiveTokenFacts = {};
  const client = await d.conns.client(instanceId);
  if (e.sessionId) {
    try {
      facts.session = { id: e.sessionId, status: (await client.getSession(e.sessionId)).status };
    } catch (err) {
      facts.session = { id: e.sessionId, error: errorMessage(err) };
    }
  }
  if (e.subject) {
    try {
      const u = await client.getUser(e.subject);
      facts.user = { id: u.id, name: fullName(u), email: primaryEmail(u) };
    } catch (err) {
      facts.user = { id: e.subject, error: errorMessage(err) };
    }
  }
  return facts;
}

/** Decoded claims of explained tokens, for the report's "Copy Claims" link (bounded; never the token). */
const claimsShown = new Map<string, string>();
let nextClaims = 0;

export interface ExplainResult {
  explanation?: Explanation;
  accept: boolean;
  text: string;
  instanceId?: string;
}

export async function explainTokenCommand(d: ExplainDeps, arg?: unknown): Promise<ExplainResult | undefined> {
  const token = await tokenFrom(d, arg, vscode.l10n.t('Clerk: Explain Token'));
  if (!token) return undefined;
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    const shown = d.reports.show('explain/undecodable', heavy().undecodableReport(decoded));
    return { accept: false, text: shown.text };
  }
  const e = heavy().explainToken(decoded) as Explanation;
  if (e.sessionId ?? e.subject) d.reports.loading(`explain/${e.sessionId ?? e.subject}`, vscode.l10n.t('Token: checking…'));
  const found = await keysFor(d, e.kid);
  const v = await heavy().verdict(decoded, found.jwks);
  // Attributed, looked up and offered Show Session only when the signature matches the instance's key.
  const issuerId = found.instanceId !== undefined && signedByInstance(v) ? found.instanceId : undefined;
  const inst = issuerId ? d.keys.get(issuerId) : undefined;
  // The instance's allowed origins (one GET /instance, cached) are read only to judge an azp the token has.
  const instance = inst && e.azp ? await d.conns.instance(inst.id).catch(() => undefined) : undefined;
  const live = inst ? await liveFactsOf(d, inst.id, e) : undefined;
  const claimsId = String(++nextClaims);
  claimsShown.set(claimsId, JSON.stringify(decoded.payload, null, 2));
  if (claimsShown.size > 20) claimsShown.delete(claimsShown.keys().next().value!);
  const actions = [
    ...(inst && e.subject
      ? [
          {
            title: vscode.l10n.t('Show Session'),
            command: Cmd.showSession,
            args: [{ instanceId: inst.id, userId: e.subject, sessionId: e.sessionId }],
          },
        ]
      : []),
    { title: vscode.l10n.t('Copy Claims'), command: Cmd.copyClaims, args: [claimsId] },
  ];
  const report = heavy().explainReport({
    explanation: e,
    verdict: v,
    notes: inst && e.azp ? azpNotes(e.azp, instance?.allowed_origins) : [],
    issuer: inst
      ? {
          instance: inst.id,
          text: vscode.l10n.t(
            '{0} ({1}): its JWKS holds kid {2}, and the signature matches that key.',
            inst.name || inst.environmentType || vscode.l10n.t('Instance'),
            inst.maskedKey,
            e.kid ?? '',
          ),
        }
      : { text: notIssuedBy(found, v) },
    ...(live ? { live } : {}),
    actions,
  });
  const shown = d.reports.show(`explain/${e.sessionId ?? e.subject ?? claimsId}`, report);
  return { explanation: e, accept: v.accepted === true, text: shown.text, instanceId: inst?.id };
}

/** Why the token is not attributed to an instance, in one sentence. Nothing was fetched from the token's iss. */
function notIssuedBy(found: KeysFound, v: Verdict): string {
  if (!found.jwks)
    return vscode.l10n.t("No connected instance: the signature cannot be checked. Nothing was fetched from the token's iss.");
  if (found.instanceId === undefined) {
    return v.signature.state === 'custom-key'
      ? vscode.l10n.t("Signed with a key of its own (a template's custom signing key), not by a key of your instances.")
      : vscode.l10n.t("Not signed by a key of your instances (a rotated key is possible). Nothing was fetched from the token's iss.");
  }
  return vscode.l10n.t('Not signed by Clerk: the kid names a key of one of your instances, but the signature does not match it.');
}

export async function copyClaims(d: ExplainDeps, arg: unknown): Promise<void> {
  const claims = typeof arg === 'string' ? claimsShown.get(arg) : undefined;
  if (!claims) throw new UsageError(vscode.l10n.t('Those claims are no longer kept: explain the token again.'));
  await d.clipboard.writeText(claims);
  d.status(vscode.l10n.t('$(check) Clerk: copied the decoded claims'), 4000);
}

/** Show Session: reveal (and select) the token's session in the tree, loading that user when not on a loaded page. */
export async function showSession(d: ExplainDeps, arg?: unknown): Promise<unknown> {
  let ref: SessionRef | undefined = isSessionRef(arg) ? arg : undefined;
  if (!ref) {
    const token = await tokenFrom(d, arg, vscode.l10n.t('Clerk: Show Session'));
    if (!token) return undefined;
    const decoded = decodeToken(token);
    if (!decoded.ok) throw new UsageError(decoded.sentence);
    ref = await refOf(d, decoded);
  }
  const node = await d.tree.revealTarget(ref.instanceId, ref.userId, ref.sessionId);
  if (!node) {
    throw new UsageError(
      vscode.l10n.t(
        'The session {0} of {1} is not in the tree: it may have ended (change the status filter to see ended sessions).',
        pick(ref.sessionId ?? '', 60),
        pick(ref.userId, 60),
      ),
    );
  }
  await vscode.commands.executeCommand('workbench.view.extension.clerk');
  await d.view.reveal(node, { select: true, focus: true, expand: true });
  return node;
}

async function refOf(d: ExplainDeps, t: DecodedToken): Promise<SessionRef> {
  const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
  const found = await keysFor(d, kid);
  const v = await heavy().verdict(t, found.jwks);
  if (found.instanceId === undefined || !signedByInstance(v)) {
    throw new UsageError(
      vscode.l10n.t(
        'None of your connected instances signed this token: {0}',
        message(v.reasons[0]?.sentence ?? v.signature.sentence, 300),
      ),
    );
  }
  const issuer = { instanceId: found.instanceId };
  const sub = typeof t.payload.sub === 'string' ? t.payload.sub : undefined;
  if (!sub) throw new UsageError(vscode.l10n.t('The token names no user (sub).'));
  const sid = typeof t.payload.sid === 'string' ? t.payload.sid : undefined;
  return { instanceId: issuer.instanceId, userId: sub, sessionId: sid };
}
