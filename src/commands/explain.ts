// Clerk: Explain Token and Show Session. The token comes from the editor's selection, else the clipboard when it holds
// a JWT, else an input box (or from a hover link, which names a document and an offset, never the token). The issuing
// instance is found by the token's kid in a connected instance's JWKS: nothing is ever fetched from the token's iss.
import * as vscode from 'vscode';
import type { Jwk } from '../clerk/types';
import { Cmd } from '../ids';
import type { LiveTokenFacts } from '../reports/explainReport';
import { heavy } from '../lazy';
import { azpNotes } from '../tokens/azp';
import { decodeToken, type DecodedToken } from '../tokens/decode';
import { findTokens, tokenNear } from '../tokens/detect';
import type { Explanation } from '../tokens/explain';
import { fullName, primaryEmail } from '../util/format';
import { errorMessage } from '../util/errors';
import { pick } from '../util/inert';
import type { Deps } from './context';
import { UsageError } from './targets';
import { jwtIn } from './verify';

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

/** The token to work on: from a hover's location, the selection, the clipboard (only a JWT), or the user. */
export async function tokenFrom(d: Deps, arg: unknown, title: string): Promise<string | undefined> {
  if (isLocation(arg)) {
    const doc =
      vscode.workspace.textDocuments.find((x) => x.uri.toString() === arg.uri) ??
      (await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri)));
    const found = tokenNear(doc, arg.offset); // the window the hover read
    if (!found) throw new UsageError(vscode.l10n.t('The token is no longer there: the document changed.'));
    return found.token;
  }
  if (arg !== undefined && arg !== null && !(arg instanceof vscode.Uri)) {
    throw new UsageError(vscode.l10n.t('"{0}" takes a token from the editor, the clipboard or an input box.', title));
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection);
    const found = findTokens(text, { limit: 1 })[0];
    if (found) return found.token;
  }
  const clip = jwtIn(await d.clipboard.readText());
  if (clip) return clip;
  const typed = await d.prompts.showInputBox({
    title,
    prompt: vscode.l10n.t('Paste a JWT (a Clerk session or template token). It is not stored or sent anywhere but your Clerk instance.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (typed === undefined || !typed.trim()) return undefined;
  return typed.trim();
}

/** The connected instance that signs with this kid: remembered keys first, then each instance's JWKS (one request each). */
async function issuerOf(d: Deps, kid: string | undefined): Promise<{ instanceId: string; jwk: Jwk } | undefined> {
  if (!kid) return undefined;
  const known = d.conns.knownKey(kid);
  if (known) return known;
  for (const i of d.keys.list()) {
    try {
      const jwk = (await d.conns.jwks(i.id)).keys.find((k) => k.kid === kid);
      if (jwk) return { instanceId: i.id, jwk };
    } catch (e) {
      d.log.warn(`Could not read the JWKS of ${i.maskedKey}: ${errorMessage(e)}`);
    }
  }
  return undefined;
}

async function liveFactsOf(d: Deps, instanceId: string, e: Explanation): Promise<LiveTokenFacts> {
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

export async function explainTokenCommand(d: Deps, arg?: unknown): Promise<ExplainResult | undefined> {
  const token = await tokenFrom(d, arg, vscode.l10n.t('Clerk: Explain Token'));
  if (!token) return undefined;
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    const shown = d.reports.show('explain/undecodable', heavy().undecodableReport(decoded));
    return { accept: false, text: shown.text };
  }
  const e = heavy().explainToken(decoded) as Explanation;
  const issuer = await issuerOf(d, e.kid);
  const inst = issuer ? d.keys.get(issuer.instanceId) : undefined;
  // The instance's allowed origins (one GET /instance, cached) are read only to judge an azp the token has.
  const instance = inst && e.azp ? await d.conns.instance(inst.id).catch(() => undefined) : undefined;
  const v = await heavy().verdict(decoded, issuer ? { keys: [issuer.jwk] } : null);
  const verdict = {
    accept: v.accepted === true,
    reasons: v.reasons.map((r) => r.sentence),
    // The verdict already says what a missing azp means; the instance's allowed origins judge a present one.
    notes: [
      ...v.notes,
      ...(e.azp
        ? azpNotes(e.azp, instance?.allowed_origins)
        : v.notes.some((n) => /\bazp\b/.test(n))
          ? []
          : azpNotes(undefined, undefined)),
    ],
    unchecked: v.accepted === undefined || Boolean(v.unchecked),
  };
  const live = issuer ? await liveFactsOf(d, issuer.instanceId, e) : {};
  const claimsId = String(++nextClaims);
  claimsShown.set(claimsId, JSON.stringify(decoded.payload, null, 2));
  if (claimsShown.size > 20) claimsShown.delete(claimsShown.keys().next().value!);
  const actions = [
    ...(issuer && e.subject
      ? [
          {
            title: vscode.l10n.t('Show Session'),
            command: Cmd.showSession,
            args: [{ instanceId: issuer.instanceId, userId: e.subject, sessionId: e.sessionId }],
          },
        ]
      : []),
    { title: vscode.l10n.t('Copy Claims'), command: Cmd.copyClaims, args: [claimsId] },
  ];
  const report = heavy().explainReport({
    explanation: e,
    verdict,
    issuer: inst
      ? {
          instance: inst.id,
          text: vscode.l10n.t(
            '{0} ({1}): its JWKS holds kid {2}.',
            inst.name || inst.environmentType || vscode.l10n.t('Instance'),
            inst.maskedKey,
            e.kid ?? '',
          ),
        }
      : {
          text: e.kid
            ? vscode.l10n.t("None of your connected instances has the key {0}. Nothing was fetched from the token's iss.", e.kid)
            : vscode.l10n.t('The token names no key (kid): it was not signed by a Clerk instance key.'),
        },
    live,
    actions,
  });
  const shown = d.reports.show(`explain/${e.sessionId ?? e.subject ?? claimsId}`, report);
  return { explanation: e, accept: verdict.accept, text: shown.text, instanceId: issuer?.instanceId };
}

export async function copyClaims(d: Deps, arg: unknown): Promise<void> {
  const claims = typeof arg === 'string' ? claimsShown.get(arg) : undefined;
  if (!claims) throw new UsageError(vscode.l10n.t('Those claims are no longer kept: explain the token again.'));
  await d.clipboard.writeText(claims);
  d.status(vscode.l10n.t('$(check) Clerk: copied the decoded claims'), 4000);
}

/** Show Session: reveal (and select) the token's session in the tree, loading that user when not on a loaded page. */
export async function showSession(d: Deps, arg?: unknown): Promise<unknown> {
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

async function refOf(d: Deps, t: DecodedToken): Promise<SessionRef> {
  const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
  const issuer = await issuerOf(d, kid);
  if (!issuer) throw new UsageError(vscode.l10n.t('None of your connected instances issued this token (its kid is in no JWKS of theirs).'));
  const sub = typeof t.payload.sub === 'string' ? t.payload.sub : undefined;
  if (!sub) throw new UsageError(vscode.l10n.t('The token names no user (sub).'));
  const sid = typeof t.payload.sid === 'string' ? t.payload.sid : undefined;
  return { instanceId: issuer.instanceId, userId: sub, sessionId: sid };
}
