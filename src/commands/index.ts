// Registers every command from one table. Each handler is guarded: a failure is logged (redacted) and shown with
// the actions that lead somewhere (Update Secret Key after a 401, Show Log), never left as an unhandled rejection.
import * as vscode from 'vscode';
import { ClerkApiError } from '../clerk/errors';
import { SESSION_STATUS_FILTERS } from '../clerk/types';
import type { StatusFilter } from '../config';
import { Cmd } from '../ids';
import { InstanceNode, LoadMoreNode, MessageNode, SessionNode, type Node } from '../tree/nodes';
import { redact } from '../util/redact';
import type { Deps } from './context';
import { importSecretKey, removeSecretKey, renameInstance, setSecretKey, updateSecretKey } from './key';
import { copyId, copyJwtFromTemplate, copyToken, inspect, revoke, verify } from './session';

type Handler = (...args: any[]) => unknown;

export function commandTable(d: Deps): Record<string, Handler> {
  return {
    [Cmd.setSecretKey]: () => setSecretKey(d),
    [Cmd.importSecretKey]: () => importSecretKey(d),
    [Cmd.removeSecretKey]: (n?: InstanceNode) => removeSecretKey(d, n),
    [Cmd.updateSecretKey]: (n?: InstanceNode | MessageNode) => updateSecretKey(d, n),
    [Cmd.renameInstance]: (n?: InstanceNode) => renameInstance(d, n),
    [Cmd.refresh]: () => d.tree.refresh(),
    [Cmd.refreshNode]: (n?: Node) => d.tree.refresh(n),
    [Cmd.searchUsers]: (n?: InstanceNode) => searchUsers(d, n),
    [Cmd.clearSearch]: (n?: InstanceNode) => { for (const i of n ? [n.instance] : d.keys.list()) d.tree.setSearch(i.id, undefined); },
    [Cmd.filterSessions]: () => filterSessions(d),
    [Cmd.loadMore]: (n: LoadMoreNode) => d.tree.loadMore(n.instanceId),
    [Cmd.retry]: (n?: MessageNode) => (n?.retry ? n.retry() : d.tree.refresh()),
    [Cmd.showLog]: () => d.log.show(),
    [Cmd.inspect]: (n?: SessionNode) => inspect(d, n),
    [Cmd.revoke]: (n: SessionNode) => revoke(d, n),
    [Cmd.verify]: (n: SessionNode) => verify(d, n),
    [Cmd.copyJwt]: (n: SessionNode) => copyJwtFromTemplate(d, n),
    [Cmd.copyId]: (n: SessionNode) => copyId(d, n),
    [Cmd.copyToken]: (n: SessionNode) => copyToken(d, n),
    [Cmd.watch]: (n: SessionNode) => { d.watcher.start(n.instanceId, n.session); d.status(`$(eye) Clerk: watching the session on ${n.label}`, 4000); },
    [Cmd.unwatch]: (n: SessionNode) => d.watcher.stop(n.session.id, 'stopped by the user'),
  };
}

export function registerCommands(d: Deps): vscode.Disposable[] {
  return Object.entries(commandTable(d)).map(([id, fn]) => vscode.commands.registerCommand(id, guarded(d, id, fn)));
}

function guarded(d: Deps, id: string, fn: Handler): Handler {
  return async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      d.log.error(`${id} failed`, e);
      const msg = redact(e instanceof Error ? e.message : String(e));
      const auth = e instanceof ClerkApiError && e.status === 401;
      const actions = auth ? ['Update Secret Key', 'Show Log'] : ['Show Log'];
      const choice = await d.prompts.showErrorMessage(`Clerk: ${msg}`, ...actions);
      if (choice === 'Show Log') d.log.show();
      if (choice === 'Update Secret Key') {
        const n = args[0];
        const instanceId = n instanceof SessionNode ? n.instanceId : n instanceof InstanceNode ? n.instance.id : undefined;
        const inst = instanceId ? d.keys.get(instanceId) : undefined;
        await vscode.commands.executeCommand(Cmd.updateSecretKey, inst ? new InstanceNode(inst, { status: 'active', windowOnly: false }) : undefined);
      }
      return undefined;
    }
  };
}

async function searchUsers(d: Deps, node?: InstanceNode): Promise<void> {
  const all = d.keys.list();
  const inst = node?.instance ?? (all.length === 1 ? all[0] : d.keys.get((await d.prompts.showQuickPick(all.map((i) => ({ label: i.name || i.maskedKey, description: i.maskedKey, id: i.id })), { title: 'Search users in which instance?' }))?.id ?? ''));
  if (!inst) return;
  const q = await d.prompts.showInputBox({ title: 'Search users', prompt: 'Email, name, username or user id. Empty clears the search.', value: d.tree.searchOf(inst.id) ?? '' });
  if (q === undefined) return;
  d.tree.setSearch(inst.id, q.trim() || undefined);
}

interface StatusPick extends vscode.QuickPickItem { status: StatusFilter }

async function filterSessions(d: Deps): Promise<void> {
  const current = d.tree.statusFilter;
  const items: StatusPick[] = [...SESSION_STATUS_FILTERS.map((s) => s as StatusFilter), 'all' as StatusFilter].map((s) => ({
    label: s === 'all' ? 'All statuses' : s, status: s, description: s === current ? 'current' : undefined, picked: s === current,
  }));
  const pick = await d.prompts.showQuickPick(items, { title: 'Show sessions with status', placeHolder: `Now: ${current}` });
  if (pick) d.tree.setStatus(pick.status);
}
