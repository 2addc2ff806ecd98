// Verify Token Against Session: get a token from the user (clipboard only when it holds a JWT, pasted, or freshly
// minted), decode it once, give it the one verdict every surface gives (src/tokens/verdict.ts) against the instance's
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
import { apiError, errorMessage } from '../util/errors';
import { pick } from '../util/inert';
import type { Deps } from './context';
import { sessionTarget, UsageError, type SessionTarget } from './targets';
import { mintToken } from './mint';

/** A call, not a constant: no vscode.l10n.t runs while the module loads. */
const notAJwt = () =>
  vscode.l10n.t(
    'That is not a JWT (three base64url parts separated by dots, the first a JSON header with "alg"): nothing was sent to Clerk.',
  );

interface SourcePick extends vscode.QuickPickItem {
  source: 'paste' | 'clipboard' | 'mint';
}

/** Where the token comes from. The clipboard is offered only when it holds a JWT; text that is not one is refused. */
export async function acquireToken(d: Deps, target: SessionTarget, client: () => Promise<ClerkClient>): Promise<string | undefined> {
  const onClipboard = jwtIn(await d.clipboard.readText());
  const items: SourcePick[] = [
    ...(onClipboard ? [{ label: vscode.l10n.t('$(clippy) Use the token on the clipboard'), source: 'clipboard' as const }] : []),
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
  if (chosen.source === 'clipboard') {
    // Read again: the clipboard may have changed while the pick was open.
    const now = jwtIn(await d.clipboard.readText());
    // Two whole sentences: the second is the one the paste path shows alone.
    if (!now) throw new UsageError(vscode.l10n.t('The clipboard no longer holds a JWT. {0}', notAJwt()));
    return now;
  }
  if (chosen.source === 'paste') {
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
export async function instanceKeys(d: Deps, client: ClerkClient, t: DecodedToken, instanceId: string): Promise<Jwks> {
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
  d: Deps,
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

export async function verify(d: Deps, arg: unknown): Promise<VerifyResult | undefined> {
  const target = await sessionTarget(d, arg, vscode.l10n.t('Verify Token Against Session'));
  if (!target) return undefined;
  const client = () => d.conns.client(target.instanceId);
  const token = await acquireToken(d, target, client);
  if (!token) return undefined;
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new UsageError(notAJwt());
  d.reports.loading(`verify/${target.instanceId}/${target.session.id}`, vscode.l10n.t('Token check for session {0}', target.session.id));
  const c = await client();
  const jwks = await instanceKeys(d, c, decoded, target.instanceId);
  const verdict = await heavy().verdict(decoded, jwks);
  const match = sessionMatch(decoded, target.session);
  const user = target.user ?? d.tree.userOf(target.instanceId, target.session.user_id);
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
