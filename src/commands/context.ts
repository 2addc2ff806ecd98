// The extension's services, built in activate() and injected. No command takes all of them: each file of commands
// declares the few it uses (`SessionDeps = Pick<Deps, 'conns' | 'prompts' | …>`, a helper its own narrower Pick), so a
// reader sees what a command touches and the compiler keeps it to that.
import type * as vscode from 'vscode';
import type { Connections } from '../connections';
import type { ReportPanels } from '../documents/reportPanel';
import type { SessionDocuments } from '../documents/sessionDocument';
import type { KeyStore } from '../key/secretKey';
import type { Node } from '../tree/nodes';
import type { SessionsTree } from '../tree/provider';
import type { Prompts } from '../ui/prompts';
import type { Logger } from '../util/log';
import type { Watcher } from '../services/watcher';

export interface Deps {
  keys: KeyStore;
  conns: Connections;
  tree: SessionsTree;
  docs: SessionDocuments;
  /** Rendered reports (Verify, Explain Token) in webviews with a strict content security policy. */
  reports: ReportPanels;
  prompts: Prompts;
  log: Logger;
  state: vscode.Memento;
  watcher: Watcher;
  /** The Sessions view (Show Session reveals a node in it). */
  view: vscode.TreeView<Node>;
  /** Where a status-bar message goes (vscode.window.setStatusBarMessage); recorded by the tests. */
  status(text: string, ms?: number): void;
  clipboard: { writeText(text: string): Thenable<void>; readText(): Thenable<string> };
  /** Seams the tests replace, each defaulting to VS Code's own: open a URL outside, a progress notification, the clock. */
  openExternal?: (uri: vscode.Uri) => Thenable<boolean>;
  withProgress?: typeof vscode.window.withProgress;
  now?: () => number;
}
