// What the Sessions view says about itself besides its rows: the active searches and the session filter in the view's
// message (above the rows), and the context key that turns the title's filter icon into a filled one while a filter
// other than the default is on (package.json shows clerk.filterSessions or clerk.filterSessionsOn by it).
import * as vscode from 'vscode';
import { Cmd } from '../ids';
import type { KeyStore } from '../key/secretKey';
import { DEFAULT_STATUS_FILTER, statusFilterLabel } from '../model/statusFilter';
import { label } from '../util/inert';
import { instanceTitle } from '../key/instanceTitle';
import type { SessionsTree } from './provider';
import { Disposable } from '../util/disposable';

/** The context key package.json's view/title menu reads: true while the status filter is not the default. */
export const FILTER_ON_CONTEXT = 'clerk.sessionFilterOn';
/** The filled-icon twin of Filter Sessions by Status, shown in the view title while a filter is on. */
export const FILTER_ON_COMMAND = 'clerk.filterSessionsOn';

/** "Users matching "ann" · Sessions: revoked", or undefined when nothing narrows the view. */
export function viewMessage(tree: SessionsTree, keys: KeyStore): string | undefined {
  const list = keys.list();
  const parts: string[] = [];
  for (const i of list) {
    const q = tree.searchOf(i.id);
    if (!q) continue;
    parts.push(
      list.length > 1
        ? vscode.l10n.t('{0}: users matching "{1}"', label(instanceTitle(i), 40), label(q, 40))
        : vscode.l10n.t('Users matching "{0}"', label(q, 40)),
    );
  }
  if (list.length > 0 && tree.statusFilter !== DEFAULT_STATUS_FILTER)
    parts.push(vscode.l10n.t('Sessions: {0}', statusFilterLabel(tree.statusFilter)));
  return parts.length ? parts.join(' · ') : undefined;
}

export class ViewState extends Disposable {
  private filterOn = false;

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly tree: SessionsTree,
    private readonly keys: KeyStore,
  ) {
    super();
    this._register(tree.onDidChangeTreeData(() => this.update()));
    this._register(keys.onDidChange(() => this.update()));
    this._register(vscode.commands.registerCommand(FILTER_ON_COMMAND, () => vscode.commands.executeCommand(Cmd.filterSessions)));
    this.update();
  }

  /** Whether the view title shows the filled filter icon (what the context key was last set to). */
  get filtered(): boolean {
    return this.filterOn;
  }

  update(): void {
    const m = viewMessage(this.tree, this.keys);
    if ((this.view.message ?? undefined) !== m) this.view.message = m;
    const on = this.keys.list().length > 0 && this.tree.statusFilter !== DEFAULT_STATUS_FILTER;
    if (on !== this.filterOn) {
      this.filterOn = on;
      void vscode.commands.executeCommand('setContext', FILTER_ON_CONTEXT, on);
    }
  }
}
