// Requests per user action, counted at the local Clerk server (its request log, read over HTTP through
// /__control/log), driving the extension in the real extension host through its TestApi and its commands.
// Nodes are told apart by contextValue: this suite is a separate bundle, so `instanceof` the extension's classes fails.
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { Cmd } from '../../src/ids';
import { ScriptedPrompts } from '../../test/support/scriptedPrompts';

type Node = vscode.TreeItem & { instanceId?: string; session?: { id: string; status: string; user_id: string }; user?: { id: string } };

export interface ActionCount {
  action: string;
  requests: number;
  routes: Record<string, number>;
  note?: string;
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
  const roots = (await tree.getChildren()) as Node[];
  const instance = roots[0];
  if (!instance) throw new Error('no instance node after storing the key');

  const users = await measure('first page of users', async () => (await tree.getChildren(instance as never)) as Node[]);
  const userNodes = users.filter((n) => /^user/.test(n.contextValue ?? ''));
  const loadMore = users.find((n) => n.contextValue === 'loadMore');
  // the first user with an active session: expand users until one has one (each expand is measured once, the first)
  let sessions: Node[] = [];
  let user: Node | undefined;
  for (const u of userNodes) {
    const kids = out.some((o) => o.action === 'expand a user')
      ? ((await tree.getChildren(u as never)) as Node[])
      : await measure('expand a user', async () => (await tree.getChildren(u as never)) as Node[]);
    if (kids.some((k) => k.contextValue?.startsWith('session.active'))) {
      sessions = kids;
      user = u;
      break;
    }
  }
  if (!user) throw new Error('no user with an active session in the first page');
  if (loadMore) await measure('load more', () => Promise.resolve(vscode.commands.executeCommand(Cmd.loadMore, loadMore)));
  const active = sessions.filter((k) => k.contextValue?.startsWith('session.active'));
  const s0 = active[0];
  await measure('inspect', () => Promise.resolve(vscode.commands.executeCommand(Cmd.inspect, s0)));

  // a token for verify, minted straight from the server (not counted)
  const tokRes = await fetch(`${apiUrl}/sessions/${s0.session!.id}/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}` },
  });
  const token = ((await tokRes.json()) as { jwt: string }).jwt;

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
    return tree.getChildren(user as never);
  });
  const errors = prompts.messages('error');
  if (errors.length) throw new Error(`a command failed: ${errors.join(' | ')}`);
  return out;
}
