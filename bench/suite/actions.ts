// Requests per user action, counted at the local Clerk server (its request log, read over HTTP through
// /__control/log), driving the extension in the real extension host through its TestApi and its commands.
// Nodes are plain data told apart by their `kind` (src/tree/nodes.ts), the same in this separate bundle.
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { RequestResult } from '../../src/commands/request';
import { Cmd } from '../../src/ids';
import { publishableKeyFor } from '../../src/requests/keys';
import { ScriptedPrompts } from '../../test/support/scriptedPrompts';
import { is, type SessionNode, type UserNode } from '../../test/support/ext';

export interface ActionCount {
  action: string;
  requests: number;
  routes: Record<string, number>;
  note?: string;
  /** Wall time of the command in the host, ms (median when it ran more than once). */
  ms?: number;
}

export async function runActions(api: TestApi): Promise<ActionCount[]> {
  const apiUrl = vscode.workspace.getConfiguration('clerk').inspect<string>('apiUrl')?.globalValue;
  const key = process.env.CLERK_SECRET_KEY;
  if (!apiUrl || !key) throw new Error('clerk.apiUrl (user settings) and CLERK_SECRET_KEY must be set');
  const origin = new URL(apiUrl).origin;
  const control = async (name: string, method = 'POST'): Promise<unknown> => {
    const r = await fetch(`${origin}/__control/${name}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    return r.json();
  };
  const log = async () => (await control('log', 'GET')) as { total: number; routes: Record<string, number> };
  const out: ActionCount[] = [];
  const measure = async <T>(action: string, fn: () => Promise<T>, note?: string): Promise<T> => {
    await control('resetLog');
    const v = await fn();
    const l = await log();
    out.push({ action, requests: l.total, routes: l.routes, ...(note ? { note } : {}) });
    return v;
  };

  const prompts = new ScriptedPrompts();
  api.prompts.impl = prompts;
  await api.keys.add(key, { name: 'Bench' });
  const tree = api.tree;
  const roots = await tree.getChildren();
  const instance = roots[0];
  if (!instance) throw new Error('no instance node after storing the key');

  const users = await measure('first page of users', async () => await tree.getChildren(instance as never));
  const userNodes = users.filter((n): n is UserNode => is(n, 'user'));
  const loadMore = users.find((n) => is(n, 'loadMore'));
  // the first user with an active session: expand users until one has one (each expand is measured once, the first)
  let sessions: SessionNode[] = [];
  let user: UserNode | undefined;
  for (const u of userNodes) {
    const kids = out.some((o) => o.action === 'expand a user')
      ? await tree.getChildren(u)
      : await measure('expand a user', async () => await tree.getChildren(u as never));
    const own = kids.filter((k): k is SessionNode => is(k, 'session'));
    if (own.some((k) => k.session.status === 'active')) {
      sessions = own;
      user = u;
      break;
    }
  }
  if (!user) throw new Error('no user with an active session in the first page');
  if (loadMore) await measure('load more', () => Promise.resolve(vscode.commands.executeCommand(Cmd.loadMore, loadMore)));
  const active = sessions.filter((k) => k.session.status === 'active');
  const s0 = active[0];
  await measure('inspect', () => Promise.resolve(vscode.commands.executeCommand(Cmd.inspect, s0)));

  // a token for verify, minted straight from the server (not counted)
  const tokRes = await fetch(`${apiUrl}/sessions/${s0.session.id}/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}` },
  });
  const token = ((await tokRes.json()) as { jwt: string }).jwt;

  // Explain Request over a captured request (a browser's page request, its cookies as Clerk's Frontend API set them),
  // selected in an editor: first with the instance's public keys not known yet (GET /jwks), then known (median of 20).
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iss: string; iat: number };
  process.env.CLERK_PUBLISHABLE_KEY = publishableKeyFor(new URL(claims.iss).host, 'development');
  const captured = [
    'GET http://localhost:3000/dashboard HTTP/1.1',
    'Host: localhost:3000',
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language: en-US,en;q=0.9',
    'Referer: http://localhost:3000/',
    'Sec-Fetch-Dest: document',
    'Sec-Fetch-Mode: navigate',
    'Sec-Fetch-Site: same-origin',
    `Cookie: __clerk_db_jwt=dvb_2benchdevbrowser; __client_uat=${claims.iat - 5}; __session=${token}; theme=dark`,
    '',
  ].join('\n');
  const reqDoc = await vscode.workspace.openTextDocument({ content: captured, language: 'plaintext' });
  const explainOnce = async (): Promise<{ ms: number; r: RequestResult }> => {
    // The report opens in the editor area and becomes the active one: the request is selected again before each run
    // (as a user does), outside the time measured.
    const reqEditor = await vscode.window.showTextDocument(reqDoc);
    reqEditor.selection = new vscode.Selection(0, 0, reqDoc.lineCount, 0);
    const t = performance.now();
    const r = await vscode.commands.executeCommand<RequestResult | undefined>(Cmd.explainRequest);
    const took = performance.now() - t;
    if (!r)
      throw new Error(
        `Explain Request gave no result (active editor: ${vscode.window.activeTextEditor ? 'a text editor' : 'none'}): ${prompts.messages().join(' | ')}`,
      );
    return { ms: took, r };
  };
  const first = await measure('explain request, first (public keys not known: fetches the JWKS)', explainOnce);
  out[out.length - 1].ms = first.ms;
  out[out.length - 1].note = `outcome ${first.r.status}${first.r.reason ? ` (${first.r.reason})` : ''}`;
  const times: number[] = [];
  let last: RequestResult | undefined;
  await measure('explain request, public keys known (20 runs)', async () => {
    for (let i = 0; i < 20; i++) {
      const x = await explainOnce();
      times.push(x.ms);
      last = x.r;
    }
  });
  times.sort((a, b) => a - b);
  out[out.length - 1].ms = times[Math.floor(times.length / 2)];
  out[out.length - 1].note =
    `outcome ${last?.status ?? '?'}${last?.reason ? ` (${last.reason})` : ''}; min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`;

  prompts.answer('supabase');
  await measure('copy JWT from template, first (lists templates)', () => Promise.resolve(vscode.commands.executeCommand(Cmd.copyJwt, s0)));
  prompts.answer('supabase');
  await measure('copy JWT from template (template list cached)', () => Promise.resolve(vscode.commands.executeCommand(Cmd.copyJwt, s0)));
  prompts.answer('Paste a token', token);
  await measure(
    'verify, first (fetches JWKS)',
    () => Promise.resolve(vscode.commands.executeCommand(Cmd.verify, s0)),
    'JWKS + live status (GET session) + the deprecated verify endpoint',
  );
  prompts.answer('Paste a token', token);
  await measure(
    'verify (JWKS cached)',
    () => Promise.resolve(vscode.commands.executeCommand(Cmd.verify, s0)),
    'live status (GET session) + the deprecated verify endpoint',
  );
  // a hover over a token in an editor (the JWKS is known now, from verify): counted like the commands
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('no workspace folder for the hover document');
  const file = vscode.Uri.joinPath(folder, 'bench-token.log');
  const line = 'INFO auth ok header="Authorization: Bearer ';
  await vscode.workspace.fs.writeFile(file, Buffer.from(`first line\n${line}${token}"\nlast line\n`));
  const doc = await vscode.workspace.openTextDocument(file);
  const hovers = await measure('hover over a token in an editor (JWKS cached)', () =>
    Promise.resolve(
      vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, line.length + 20)),
    ),
  );
  const ours = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).find((t) => /Signature/.test(t));
  if (!ours) throw new Error(`no hover from the extension over the token (${hovers.length} hovers)`);
  out[out.length - 1].note = `the hover's signature line: ${/Signature[^\n]*/.exec(ours)?.[0]?.trim() ?? '?'}`;
  const victim = active[1] ?? s0;
  prompts.answer('Revoke');
  await measure('revoke', () => Promise.resolve(vscode.commands.executeCommand(Cmd.revoke, victim)));
  await measure('refresh one user', async () => {
    await vscode.commands.executeCommand(Cmd.refreshNode, user);
    return tree.getChildren(user);
  });
  const errors = prompts.messages('error');
  if (errors.length) throw new Error(`a command failed: ${errors.join(' | ')}`);
  return out;
}
