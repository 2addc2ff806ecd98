// Commands on a session node: inspect, revoke, verify, copy a JWT from a template, copy id / default token.
import * as vscode from 'vscode';
import { ClerkApiError } from '../clerk/errors';
import { cleanToken, decodeJwt, verifySessionToken, type DecodedJwt, type TokenReport } from '../clerk/tokens';
import type { JwtTemplate, Session } from '../clerk/types';
import { lastTemplateState } from '../ids';
import { SessionNode } from '../tree/nodes';
import { deviceLabel, localTime, relativeTime, userLabel } from '../util/format';
import type { Deps } from './context';

function needSession(node: unknown): SessionNode {
  if (node instanceof SessionNode) return node;
  throw new Error('Run this command from a session in the Clerk view.');
}

function who(d: Deps, node: SessionNode): string {
  const u = node.user ?? d.tree.userOf(node.instanceId, node.session.user_id);
  return u ? userLabel(u) : node.session.user_id;
}

/** Inspect: the session as a read-only JSON document, read afresh from Clerk. From the palette, it asks for an id. */
export async function inspect(d: Deps, node?: SessionNode): Promise<void> {
  if (node) {
    await d.docs.openSession(needSession(node).instanceId, node.session.id);
    return;
  }
  const instances = d.keys.list();
  if (instances.length === 0) throw new Error('Set a secret key first.');
  const inst = instances.length === 1 ? instances[0]
    : d.keys.get((await d.prompts.showQuickPick(instances.map((i) => ({ label: i.name || i.maskedKey, description: i.maskedKey, id: i.id })), { title: 'Inspect session: which instance?' }))?.id ?? '');
  if (!inst) return;
  const id = await d.prompts.showInputBox({ title: 'Inspect session', prompt: 'Session id', placeHolder: 'sess_…', ignoreFocusOut: true, validateInput: (v) => (/^\s*sess_[A-Za-z0-9]+\s*$/.test(v) || v.trim() === '' ? undefined : 'A session id starts with sess_') });
  if (!id?.trim()) return;
  await d.docs.openSession(inst.id, id.trim());
}

/** Revoke: a modal that names the user and the device; only the exact "Revoke" reply revokes. */
export async function revoke(d: Deps, node: SessionNode): Promise<Session | undefined> {
  needSession(node);
  const inst = d.keys.get(node.instanceId);
  const live = inst?.keyEnvironment === 'live';
  const device = deviceLabel(node.session);
  const user = who(d, node);
  const message = live
    ? `Revoke this session on PRODUCTION? ${user} will be signed out of ${device} on your live Clerk instance (${inst?.maskedKey}). This cannot be undone.`
    : `Revoke the session of ${user} on ${device}? They will be signed out there. This cannot be undone.`;
  const answer = await d.prompts.showWarningMessage(message, { modal: true, detail: `Session ${node.session.id}` }, 'Revoke');
  if (answer !== 'Revoke') {
    d.log.info(`Revoke of ${node.session.id} not confirmed: nothing was sent`);
    return undefined;
  }
  const client = await d.conns.client(node.instanceId);
  const s = await client.revokeSession(node.session.id);
  d.tree.updateSession(node.instanceId, s);
  d.log.info(`Revoked ${s.id} (${device}) of ${node.session.user_id}: status ${s.status}`);
  void d.prompts.showInformationMessage(`Clerk: revoked ${user}'s session on ${device} (now ${s.status}).`);
  return s;
}

interface SourcePick extends vscode.QuickPickItem { source: 'paste' | 'clipboard' | 'mint' }

/** Verify: check a token the user brings against this session, networkless first, then the live status. */
export async function verify(d: Deps, node: SessionNode): Promise<{ report: TokenReport; text: string } | undefined> {
  needSession(node);
  const pick = await d.prompts.showQuickPick<SourcePick>([
    { label: '$(clippy) Use the token on the clipboard', source: 'clipboard' },
    { label: '$(edit) Paste a token', source: 'paste' },
    { label: '$(key) Mint a fresh token for this session', source: 'mint', description: 'one request to Clerk' },
  ], { title: `Verify a token against ${deviceLabel(node.session)}`, placeHolder: 'Where is the token?' });
  if (!pick) return undefined;
  let token: string | undefined;
  const client = await d.conns.client(node.instanceId);
  if (pick.source === 'clipboard') {
    token = cleanToken(await d.clipboard.readText());
    if (!token) throw new Error('The clipboard is empty: copy a session token first, or paste one.');
  } else if (pick.source === 'paste') {
    const v = await d.prompts.showInputBox({ title: 'Verify a session token', prompt: 'Paste a Clerk session token (a JWT). It is not stored.', password: true, ignoreFocusOut: true });
    if (v === undefined) return undefined;
    token = cleanToken(v);
    if (!token) throw new Error('No token was pasted.');
  } else {
    token = (await client.createSessionToken(node.session.id)).jwt;
  }

  let decoded: DecodedJwt | undefined;
  try { decoded = decodeJwt(token); } catch { /* the report says it is not well-formed */ }
  const kid = decoded?.header.kid;
  const jwks = kid ? { keys: [await client.getJwkForKid(kid)].filter((k) => k !== undefined) } : await client.getJwks();
  const report = await verifySessionToken(token, { jwks, sessionId: node.session.id, userId: node.session.user_id });

  const lines: string[] = [];
  lines.push(`# Token check for session \`${node.session.id}\``, '');
  lines.push(`- User: ${who(d, node)} (\`${node.session.user_id}\`)`, `- Device: ${deviceLabel(node.session)}`, `- Checked: ${localTime(Date.now())}`, '');
  lines.push(`## Networkless verification (JWKS): ${report.ok ? '✓ valid' : '✗ NOT valid'}`, '');
  lines.push('| check | result | detail |', '| --- | --- | --- |');
  for (const c of report.checks) lines.push(`| ${c.name} | ${c.pass ? '✓ pass' : '✗ FAIL'} | ${c.detail.replace(/\|/g, '\\|')} |`);
  if (report.decoded) {
    lines.push('', '## Claims', '', '```json', JSON.stringify(report.decoded.payload, null, 2), '```');
    const dates = report.decoded.dates;
    lines.push('', ...(['iat', 'nbf', 'exp'] as const).filter((k) => dates[k]).map((k) => `- ${k}: ${localTime(Date.parse(dates[k]!))} local (${relativeTime(Date.parse(dates[k]!))})`));
  }
  lines.push('', '## The session now, from Clerk', '');
  let liveOk = false;
  let sessionFound = false;
  try {
    const s = await client.getSession(node.session.id);
    sessionFound = true;
    liveOk = s.status === 'active';
    lines.push(`- Status: **${s.status}** ${liveOk ? '✓' : '✗ a token for a session that is not active is refused by Clerk\'s middleware'}`);
    lines.push(`- Last active: ${localTime(s.last_active_at)} (${relativeTime(s.last_active_at)}); expires ${localTime(s.expire_at)}`);
    if (s.status !== node.session.status) d.tree.updateSession(node.instanceId, s);
  } catch (e) {
    lines.push(`- Could not read the session: ${e instanceof Error ? e.message : String(e)}`);
  }
  lines.push('', '## Clerk\'s deprecated verify endpoint (POST /sessions/{id}/verify)', '');
  const gone = d.conns.verifyGone.get(node.instanceId);
  if (gone) {
    lines.push(`- Not available on this instance (it answered ${gone} earlier; refresh the instance to ask again): Clerk removed this endpoint in API version 2025-04-10; the networkless check above is the supported way.`);
  } else {
    try {
      const s = await client.verifySession(node.session.id, token);
      lines.push(`- ✓ Clerk verified the token against this session (status ${s.status}).`);
    } catch (e) {
      if (e instanceof ClerkApiError && (e.status === 410 || (e.status === 404 && sessionFound))) {
        d.conns.verifyGone.set(node.instanceId, e.status);
        lines.push(`- Not available on this instance (${e.status}${e.errors[0]?.code ? ` ${e.errors[0].code}` : ''}): Clerk removed this endpoint in API version 2025-04-10; the networkless check above is the supported way.`);
      } else if (e instanceof ClerkApiError && e.status < 500) {
        lines.push(`- ✗ Clerk refused the token: ${e.message}`);
      } else {
        lines.push(`- Could not ask: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  lines.push('', `**Overall: ${report.ok && liveOk ? '✓ this token is valid for this session' : '✗ this token would be refused'}**`, '');
  const text = lines.join('\n');
  await d.docs.openReport(`verify-${node.session.id}`, text, 'markdown');
  return { report, text };
}

interface TemplatePick extends vscode.QuickPickItem { template: JwtTemplate; custom: boolean }

/** Copy JWT from Template…: pick a template (the last one first), mint, copy; the status bar names it, never the token. */
export async function copyJwtFromTemplate(d: Deps, node: SessionNode): Promise<{ template: string; expiresAt?: number } | undefined> {
  needSession(node);
  const templates = await d.conns.jwtTemplates(node.instanceId);
  if (templates.length === 0) {
    void d.prompts.showInformationMessage('Clerk: this instance has no JWT templates. Create one in Clerk Dashboard → JWT templates.');
    return undefined;
  }
  const last = d.state.get<string>(lastTemplateState(node.instanceId));
  const ordered = [...templates].sort((a, b) => (a.name === last ? -1 : b.name === last ? 1 : a.name.localeCompare(b.name)));
  const claimKeys = (t: JwtTemplate) => Object.keys(t.claims ?? {});
  const items: TemplatePick[] = [
    ...ordered.map((t) => ({
      label: t.name, template: t, custom: false,
      description: `lifetime ${t.lifetime}s${t.name === last ? ' · last used' : ''}`,
      detail: claimKeys(t).length ? `claims: ${claimKeys(t).join(', ')}` : 'no custom claims',
    })),
    { label: 'with a custom lifetime', kind: vscode.QuickPickItemKind.Separator, template: ordered[0], custom: false },
    ...ordered.map((t) => ({ label: `$(watch) ${t.name}…`, template: t, custom: true, description: 'choose the lifetime (30 s or more)' })),
  ];
  const pick = await d.prompts.showQuickPick(items, { title: `Copy JWT for ${who(d, node)} on ${deviceLabel(node.session)}`, placeHolder: 'JWT template', matchOnDetail: true });
  if (!pick) return undefined;
  let expiresInSeconds: number | undefined;
  if (pick.custom) {
    const v = await d.prompts.showInputBox({
      title: `Lifetime of the "${pick.template.name}" token`, prompt: 'Seconds (30 or more)', value: String(pick.template.lifetime), ignoreFocusOut: true,
      validateInput: (s) => (/^\d+$/.test(s.trim()) && Number(s) >= 30 && Number(s) <= 315_360_000 ? undefined : 'A whole number of seconds, 30 or more'),
    });
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim()) || Number(v) < 30) throw new Error(`"${v}" is not a lifetime of 30 seconds or more.`);
    expiresInSeconds = Number(v);
  }
  const client = await d.conns.client(node.instanceId);
  const { jwt } = await client.createSessionToken(node.session.id, { template: pick.template.name, expiresInSeconds });
  await d.clipboard.writeText(jwt);
  await d.state.update(lastTemplateState(node.instanceId), pick.template.name);
  const exp = expiryOf(jwt);
  d.status(`$(check) Clerk: copied a JWT from "${pick.template.name}"${exp ? `, expires ${localTime(exp).slice(11)} (${relativeTime(exp)})` : ''}`, 10_000);
  d.log.info(`Copied a JWT from template "${pick.template.name}" for ${node.session.id}`);
  void d.prompts.showInformationMessage(`Clerk: JWT from "${pick.template.name}" copied to the clipboard${exp ? `, expires ${relativeTime(exp)}` : ''}.`, 'Decode').then((a) => {
    if (a === 'Decode') void openDecoded(d, jwt, pick.template.name);
  });
  return { template: pick.template.name, expiresAt: exp };
}

function expiryOf(jwt: string): number | undefined {
  try {
    const exp = decodeJwt(jwt).payload.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Decode: the header and claims, with readable times, never the token or its signature. */
export async function openDecoded(d: Deps, jwt: string, name: string): Promise<void> {
  const dec = decodeJwt(jwt);
  const readable: Record<string, string> = {};
  for (const k of ['iat', 'nbf', 'exp'] as const) {
    const v = dec.payload[k];
    if (typeof v === 'number') readable[k] = `${localTime(v * 1000)} local (${relativeTime(v * 1000)})`;
  }
  await d.docs.openReport(`jwt-${name}`, JSON.stringify({ header: dec.header, claims: dec.payload, times: readable }, null, 2) + '\n', 'json');
}

export async function copyId(d: Deps, node: SessionNode): Promise<void> {
  needSession(node);
  await d.clipboard.writeText(node.session.id);
  d.status(`$(check) Clerk: copied ${node.session.id}`, 5000);
}

/** Copy Session Token: the default session token (no template). */
export async function copyToken(d: Deps, node: SessionNode): Promise<void> {
  needSession(node);
  const client = await d.conns.client(node.instanceId);
  const { jwt } = await client.createSessionToken(node.session.id);
  await d.clipboard.writeText(jwt);
  const exp = expiryOf(jwt);
  d.status(`$(check) Clerk: copied a session token${exp ? `, expires ${localTime(exp).slice(11)} (${relativeTime(exp)})` : ''}`, 10_000);
}
