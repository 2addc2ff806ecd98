// Verify Token Against Session: the token under the cursor (its session named by its sid), else a token from the user
// (the clipboard, read only when picked; pasted; or freshly minted), decode it once, give it the one verdict every surface gives (src/tokens/verdict.ts) against the instance's
// JWKS, match it to the session, and only for a token whose signature matches the instance's key read the session's
// live status and the deprecated verify endpoint. One rendered report, built by a pure renderer.
import * as vscode from 'vscode';
import type { ClerkClient } from '../clerk/client';
import type { Jwks } from '../clerk/types';
import { heavy } from '../lazy';
import { decodeToken, jwtIn, unwrapToken, type DecodedToken } from '../tokens/decode';
import { azpNotes } from '../tokens/azp';
import { sessionMatch } from '../tokens/match';
import { signedByInstance } from '../tokens/surface';
import type { Verdict } from '../tokens/verdict';
import type { Report } from '../reports/report';
import type { EndpointAnswer, LiveFacts } from '../reports/verifyReport';
import { deviceLabel, userLabel } from '../util/format';
import { apiError } from '../clerk/errors';
import { errorMessage } from '../util/errors';
import { message, pick } from '../util/inert';
import type { Deps } from './context';
import { pickInstance, sessionTarget, UsageError, type SessionTarget } from './targets';
import { clipboardToken, editorToken, keysFor } from './explain';
import { mintToken } from './mint';

/** What the commands of this file (Verify Token Against Session) use of the extension's services. */
export type VerifyDeps = Pick<Deps, 'clipboard' | 'conns' | 'keys' | 'log' | 'prompts' | 'reports' | 'tree'>;

/** A call, not a constant: no vscode.l10n.t runs while the module loads. */
const notAJwt = () =>
  vscode.l10n.t(
    'That is not a JWT (three base64url parts separated by dots, the first a JSON header with "alg"): nothing was sent to Clerk.',
  );

interface SourcePick extends vscode.QuickPickItem {
  source: 'cursor' | 'paste' | 'clipboard' | 'mint';
}

/**
 * Where the token comes from: the token under the cursor (offered first when there is one), the clipboard (offered
 * always, read only when picked: a browser-hosted VS Code may refuse a read), pasted, or freshly minted.
 */
export async function acquireToken(d: VerifyDeps, target: SessionTarget, client: () => Promise<ClerkClient>): Promise<string | undefined> {
  const atCursor = editorToken();
  const items: SourcePick[] = [
    ...(atCursor ? [{ label: vscode.l10n.t('$(selection) Use the token under the cursor'), source: 'cursor' as const }] : []),
    { label: vscode.l10n.t('$(clippy) Use the token on the clipboard'), source: 'clipboard' },
    { label: vscode.l10n.t('$(edit) Paste a token'), source: 'paste' },
    {
      label: vscode.l10n.t('$(key) Mint a fresh token for this session'),
      source: 'mint',
      description: vscode.l10n.t('one request to Clerk'),
    },
  ];
  const chosen = await d.prompts.showQuickPick<SourcePick>(items, {
    title: vscode.l10n.t('Verify a token against {0}', pick(deviceLabel(target.session))),
    placeHolder: vscode.l10n.t('Where is the token?'),
  });
  if (!chosen) return undefined;
  if (chosen.source === 'cursor' && atCursor) return atCursor;
  if (chosen.source === 'clipboard') {
    // Read only now; a failed read or text that is not a JWT says so, and the paste box follows.
    const now = await clipboardToken(d);
    if (now) return now;
  }
  if (chosen.source === 'paste' || chosen.source === 'clipboard') {
    const v = await d.prompts.showInputBox({
      title: vscode.l10n.t('Verify a session token'),
      prompt: vscode.l10n.t('Paste a Clerk session token (a JWT). It is not stored.'),
      password: true,
      ignoreFocusOut: true,
    });
    if (v === undefined) return undefined;
    if (!unwrapToken(v).token) throw new UsageError(vscode.l10n.t('No token was pasted.'));
    const t = jwtIn(v);
    if (!t) throw new UsageError(notAJwt());
    return t;
  }
  return (await mintToken(await client(), target.session.id)).jwt;
}

/** The instance's JWKS (remembered for hovers), refetched once for a kid it does not have (a rotated key). */
export async function instanceKeys(d: VerifyDeps, client: ClerkClient, t: DecodedToken, instanceId: string): Promise<Jwks> {
  const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
  let jwks = await d.conns.jwks(instanceId);
  if (kid && !jwks.keys.some((k) => k.kid === kid) && (await client.getJwkForKid(kid))) jwks = await d.conns.jwks(instanceId);
  return jwks;
}

/** One GET /sessions/{id}: the status now. A failure is a fact of the report, not an error of the command. */
export async function liveFacts(
  client: ClerkClient,
  sessionId: string,
): Promise<{ facts: LiveFacts; found: boolean; session?: Awaited<ReturnType<ClerkClient['getSession']>> }> {
  try {
    const s = await client.getSession(sessionId);
    return { facts: { status: s.status, lastActiveAt: s.last_active_at, expireAt: s.expire_at }, found: true, session: s };
  } catch (e) {
    return { facts: { error: errorMessage(e) }, found: false };
  }
}

/** The deprecated endpoint, unless this instance already said it is gone; a 404 only counts when the session exists. */
export async function askDeprecatedEndpoint(
  d: VerifyDeps,
  client: ClerkClient,
  target: SessionTarget,
  token: string,
  sessionFound: boolean,
): Promise<EndpointAnswer> {
  const gone = d.conns.verifyGoneStatus(target.instanceId);
  if (gone) return { kind: 'gone', httpStatus: gone, earlier: true };
  try {
    const s = await client.verifySession(target.session.id, token);
    return { kind: 'verified', status: s.status };
  } catch (e) {
    const api = apiError(e);
    if (api && (api.status === 410 || (api.status === 404 && sessionFound))) {
      d.conns.markVerifyGone(target.instanceId, api.status);
      return { kind: 'gone', httpStatus: api.status, code: api.errors[0]?.code, earlier: false };
    }
    if (api && api.status < 500) return { kind: 'refused', message: errorMessage(e) };
    return { kind: 'unreachable', message: errorMessage(e) };
  }
}

export interface VerifyResult {
  verdict: Verdict;
  view: Report;
  text: string;
  ok: boolean;
}

/**
 * The session a token names (its sid), in the instance whose JWKS holds its kid (else the only or a picked instance);
 * undefined for a token without sid, so the caller asks for the session.
 */
async function targetOfToken(d: VerifyDeps, token: string, title: string): Promise<SessionTarget | undefined> {
  const decoded = decodeToken(token);
  if (!decoded.ok) return undefined;
  const sid = decoded.payload.sid;
  if (typeof sid !== 'string' || !/^sess_[A-Za-z0-9]+$/.test(sid)) return undefined;
  const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
  const found = await keysFor(d, kid);
  const inst =
    (found.instanceId ? d.keys.get(found.instanceId) : undefined) ?? (await pickInstance(d, vscode.l10n.t('{0}: which instance?', title)));
  if (!inst) return undefined;
  let session;
  try {
    session = await (await d.conns.client(inst.id)).getSession(sid);
  } catch (e) {
    throw new UsageError(
      vscode.l10n.t('The session {0} named by the token could not be read: {1}', pick(sid, 60), message(errorMessage(e), 300)),
    );
  }
  return { instanceId: inst.id, session, user: d.tree.userOf(inst.id, session.user_id) };
}

export async function verify(d: VerifyDeps, arg: unknown): Promise<VerifyResult | undefined> {
  const title = vscode.l10n.t('Verify Token Against Session');
  // From the editor (the palette or its context menu): the token under the cursor, against the session it names.
  const fromEditor = arg === undefined || arg === null || arg instanceof vscode.Uri;
  const atCursor = fromEditor ? editorToken() : undefined;
  const target =
    (atCursor ? await targetOfToken(d, atCursor, title) : undefined) ?? (await sessionTarget(d, fromEditor ? undefined : arg, title));
  if (!target) return undefined;
  const client = () => d.conns.client(target.instanceId);
  const token = atCursor ?? (await acquireToken(d, target, client));
  if (!token) return undefined;
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new UsageError(notAJwt());
  const user = target.user ?? d.tree.userOf(target.instanceId, target.session.user_id);
  d.reports.loading(
    `verify/${target.instanceId}/${target.session.id}`,
    vscode.l10n.t('Token check: {0} · {1}', user ? userLabel(user) : target.session.user_id, deviceLabel(target.session)),
  );
  const c = await client();
  const jwks = await instanceKeys(d, c, decoded, target.instanceId);
  const verdict = await heavy().verdict(decoded, jwks);
  const match = sessionMatch(decoded, target.session);
  // Only a token signed by the instance's key goes any further: for any other, nothing is sent (not even the token).
  let live: Awaited<ReturnType<typeof liveFacts>> | undefined;
  let endpoint: EndpointAnswer | undefined;
  let notes: string[] = [];
  if (signedByInstance(verdict)) {
    live = await liveFacts(c, target.session.id);
    if (live.session && live.session.status !== target.session.status) d.tree.updateSession(target.instanceId, live.session);
    endpoint = await askDeprecatedEndpoint(d, c, target, decoded.token, live.found);
    const raw = decoded.payload.azp;
    const azp = typeof raw === 'string' && raw ? raw : undefined;
    // The instance's allowed origins (one GET /instance, cached) are read only to judge an azp the token has.
    const instance = azp ? await d.conns.instance(target.instanceId).catch(() => undefined) : undefined;
    if (azp) notes = azpNotes(azp, instance?.allowed_origins);
  }
  const view = heavy().verifyReport({
    sessionId: target.session.id,
    userId: target.session.user_id,
    user: user ? userLabel(user) : undefined,
    device: deviceLabel(target.session),
    checkedAt: Date.now(),
    verdict,
    match,
    notes,
    ...(live ? { live: live.facts } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  const shown = d.reports.show(`verify/${target.instanceId}/${target.session.id}`, view);
  return { verdict, view, text: shown.text, ok: view.verdict?.ok ?? false };
}
