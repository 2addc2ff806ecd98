// Registers every command from one table. Each handler is guarded: a failure is logged (redacted) and shown with
// the actions that lead somewhere (Update Secret Key after a 401, Show Log), never left as an unhandled rejection.
import * as vscode from 'vscode';
import { deviceLabel } from '../util/format';
import { STATUS_FILTERS, statusFilterLabel } from '../model/statusFilter';
import type { StatusFilter } from '../config';
import { Cmd } from '../ids';
import { asNode, type Node } from '../tree/nodes';
import { message, pick } from '../util/inert';
import { isAuthError } from '../clerk/errors';
import { errorMessage } from '../util/errors';
import type { Deps } from './context';
import { importSecretKey, removeSecretKey, renameInstance, setSecretKey, updateSecretKey } from './key';
import { instanceTarget, sessionTarget, UsageError } from './targets';
// The other command modules load on first use (dist/heavyCommands.js): ./lazy.ts has a stand-in for each.
import {
  copyAsCurl,
  copyClaims,
  copyId,
  copyJwtFromTemplate,
  copySignInUrl,
  copyTestingToken,
  copyToken,
  createTestSession,
  explainRequestCommand,
  explainTokenCommand,
  Impersonations,
  inspect,
  openInDashboard,
  revoke,
  revokeAllSessions,
  showSession,
  TokenVariable,
  verify,
  verifyMachineTokenCommand,
} from './lazy';

type Handler = (...args: unknown[]) => unknown;

export function commandTable(d: Deps): Record<string, Handler> {
  const tokenVariable = new TokenVariable(d); // per window, in memory only
  const impersonations = new Impersonations(d);
  return {
    [Cmd.setSecretKey]: () => setSecretKey(d),
    [Cmd.importSecretKey]: () => importSecretKey(d),
    [Cmd.removeSecretKey]: (n?: unknown) => removeSecretKey(d, n),
    [Cmd.updateSecretKey]: (n?: unknown) => updateSecretKey(d, n),
    [Cmd.renameInstance]: (n?: unknown) => renameInstance(d, n),
    [Cmd.refresh]: () => d.tree.refresh(),
    [Cmd.refreshNode]: (n?: unknown) => d.tree.refresh(node(n, vscode.l10n.t('Refresh'))),
    [Cmd.searchUsers]: (n?: unknown) => searchUsers(d, n),
    [Cmd.clearSearch]: async (n?: unknown) => {
      const all = n === undefined ? d.keys.list() : [await instanceTarget(d, n, vscode.l10n.t('Clear Search'))];
      for (const i of all) if (i) d.tree.setSearch(i.id, undefined);
    },
    [Cmd.filterSessions]: () => filterSessions(d),
    [Cmd.loadMore]: (n?: unknown) => {
      const row = asNode(n);
      if (row?.kind !== 'loadMore') {
        throw new UsageError(vscode.l10n.t('"Load more" works on the "Load more…" row of the Clerk view.'));
      }
      return d.tree.loadMore(row.instanceId);
    },
    [Cmd.retry]: (n?: unknown) => {
      const row = asNode(n);
      return row?.kind === 'message' && row.retry ? row.retry() : d.tree.refresh();
    },
    [Cmd.showLog]: () => d.log.show(),
    [Cmd.inspect]: (n?: unknown) => inspect(d, n),
    [Cmd.revoke]: (n?: unknown) => revoke(d, n),
    [Cmd.verify]: (n?: unknown) => verify(d, n),
    [Cmd.copyJwt]: (n?: unknown) => copyJwtFromTemplate(d, n),
    [Cmd.copyId]: (n?: unknown) => copyId(d, n),
    [Cmd.copyToken]: (n?: unknown) => copyToken(d, n),
    [Cmd.explainToken]: (a?: unknown) => explainTokenCommand(d, a),
    [Cmd.showSession]: (a?: unknown) => showSession(d, a),
    [Cmd.copyClaims]: (a?: unknown) => copyClaims(d, a),
    [Cmd.copyTestingToken]: (n?: unknown) => copyTestingToken(d, n),
    [Cmd.copySignInUrl]: (n?: unknown) => copySignInUrl(d, n),
    [Cmd.watch]: async (n?: unknown) => {
      const t = await sessionTarget(d, n, vscode.l10n.t('Watch Session'));
      if (!t) return;
      d.watcher.start(t.instanceId, t.session);
      d.status(vscode.l10n.t('$(eye) Clerk: watching the session on {0}', pick(deviceLabel(t.session), 80)), 4000);
    },
    [Cmd.unwatch]: async (n?: unknown) => {
      const t = await sessionTarget(d, n, vscode.l10n.t('Stop Watching'));
      if (t) d.watcher.stop(t.session.id, 'stopped by the user');
    },
    [Cmd.revokeAllSessions]: (n?: unknown) => revokeAllSessions(d, n),
    [Cmd.createTestSession]: (n?: unknown) => createTestSession(d, n),
    [Cmd.impersonate]: (n?: unknown) => impersonations.signInAs(n),
    [Cmd.revokeImpersonation]: () => impersonations.revoke(),
    [Cmd.openInDashboard]: (n?: unknown) => openInDashboard(d, n),
    // Run by VS Code for ${command:clerk.sessionToken}: whatever arguments it passes are ignored.
    [Cmd.sessionToken]: () => tokenVariable.token(),
    [Cmd.chooseTokenSession]: (n?: unknown) => tokenVariable.choose(n),
    [Cmd.copyAsCurl]: (n?: unknown) => copyAsCurl(d, n),
    [Cmd.explainRequest]: (a?: unknown) => explainRequestCommand(d, a),
    [Cmd.verifyMachineToken]: (a?: unknown) => verifyMachineTokenCommand(d, a),
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
      d.reports.abandon(errorMessage(e));
      const updateKey = vscode.l10n.t('Update Secret Key');
      const showLog = vscode.l10n.t('Show Log');
      const actions = isAuthError(e) ? [updateKey, showLog] : [showLog];
      // Error text can carry what Clerk or a proxy wrote: shown inert.
      const choice = await d.prompts.showErrorMessage(vscode.l10n.t('Clerk: {0}', message(errorMessage(e), 400)), ...actions);
      if (choice === showLog) d.log.show();
      // The node the command ran on says which instance's key to update (updateSecretKey asks when it cannot tell).
      if (choice === updateKey) await vscode.commands.executeCommand(Cmd.updateSecretKey, args[0]);
      return undefined;
    }
  };
}

/** A node of ours for commands that work on any node (Refresh); anything else is refused. */
function node(n: unknown, title: string): Node | undefined {
  if (n === undefined || n === null) return undefined;
  const row = asNode(n);
  if (row) return row;
  throw new UsageError(vscode.l10n.t('"{0}" works on a row of the Clerk view.', title));
}

async function searchUsers(d: Pick<Deps, 'keys' | 'prompts' | 'tree'>, n?: unknown): Promise<void> {
  const inst = await instanceTarget(d, n, vscode.l10n.t('Search Users'));
  if (!inst) return;
  const q = await d.prompts.showInputBox({
    title: vscode.l10n.t('Search users'),
    prompt: vscode.l10n.t('Email, name, username or user id. Empty clears the search.'),
    value: d.tree.searchOf(inst.id) ?? '',
  });
  if (q === undefined) return;
  d.tree.setSearch(inst.id, q.trim() || undefined);
}

interface StatusPick extends vscode.QuickPickItem {
  status: StatusFilter;
}

async function filterSessions(d: Pick<Deps, 'prompts' | 'tree'>): Promise<void> {
  const current = d.tree.statusFilter;
  const items: StatusPick[] = STATUS_FILTERS.map((s) => ({
    label: statusFilterLabel(s),
    status: s,
    description: s === current ? vscode.l10n.t('current') : undefined,
    picked: s === current,
  }));
  const pick = await d.prompts.showQuickPick(items, {
    title: vscode.l10n.t('Show sessions with status'),
    placeHolder: vscode.l10n.t('Now: {0}', statusFilterLabel(current)),
  });
  if (pick) d.tree.setStatus(pick.status);
}
