// activate(): build the pieces, register the view, documents and commands, push every disposable. No network I/O:
// nothing is fetched until the user expands a node or runs a command.
import * as vscode from 'vscode';
import { REPORT_COMMANDS, REPORT_SCHEME, REPORT_VIEW, SESSION_SCHEME, VIEW_SESSIONS } from './ids';
import { KeyStore } from './key/secretKey';
import { PromptSeam } from './ui/prompts';
import { createLogger } from './util/log';
import { Connections } from './connections';
import { SessionsTree } from './tree/provider';
import { instanceIdOf } from './tree/ids';
import { ViewState } from './tree/viewState';
import { InstanceStatusBar } from './ui/statusBar';
import { SessionDocuments } from './documents/sessionDocument';
import { ReportPanels } from './documents/reportPanel';
import { TokenHover } from './ui/hover';
import { REQUEST_DOCUMENTS, RequestLens } from './ui/requestLens';
import { CursorToken } from './ui/cursorToken';
import { heavyLoaded } from './lazy';
import { Watcher } from './services/watcher';
import { registerCommands } from './commands/index';
import { updateKeyFound } from './commands/key';
import { onSettingProblem, readSettings } from './config';
import type { Deps } from './commands/context';
import { useL10nBundle } from './util/l10n';

/** What the integration tests reach through `extension.exports`; undefined outside VS Code's Test mode. */
export interface TestApi {
  deps: Deps;
  prompts: PromptSeam;
  keys: KeyStore;
  tree: SessionsTree;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  globalStorageUri: vscode.Uri;
  logUri: vscode.Uri;
  activationMs: number;
  view: vscode.TreeView<unknown>;
  /** The view's message (searches, filter) and the filled filter icon's context key. */
  viewState: ViewState;
  /** The status bar item of the instance in use (name, environment, LIVE). */
  statusBar: InstanceStatusBar;
  /** The context key clerk.cursorOnToken (the editor menu's Explain Token and Verify Token…). */
  cursorToken: CursorToken;
  /** Activation's deferred local reads (the stored keys, the workspace's .env files) have finished. */
  settled: Promise<void>;
  /** Whether dist/heavy.js (HTTP library, jose, explainer, reports) has been loaded: not by activation. */
  heavyLoaded: () => boolean;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const t0 = performance.now();
  useL10nBundle(vscode.l10n.bundle); // the vscode-free core's sentences, in the display language
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const channel = vscode.window.createOutputChannel('Clerk', { log: true });
  const log = createLogger(channel);
  onSettingProblem((m) => log.warn(m));
  const keys = new KeyStore(context.secrets, context.globalState, (key, value) => vscode.commands.executeCommand('setContext', key, value));
  const prompts = new PromptSeam();
  const conns = new Connections(keys, log, (context.extension.packageJSON as { version?: string }).version ?? '0.0.0', context.globalState);
  const reports = new ReportPanels(REPORT_VIEW, REPORT_COMMANDS);
  const watcher = new Watcher(conns, prompts, log, () => readSettings().watchIntervalSeconds * 1000);
  const tree = new SessionsTree(keys, conns, log, { isWatched: (id) => watcher.isWatching(id), onDidChangeWatched: watcher.onDidChange });
  const docs = new SessionDocuments(
    conns,
    (i, u) => tree.userOf(i, u),
    (i, s) => tree.resolveSessionOrg(i, s),
  );
  const view = vscode.window.createTreeView(VIEW_SESSIONS, { treeDataProvider: tree, showCollapseAll: true });
  // The view is shown (package.json: when clerk.viewReady) only once its data provider is registered: VS Code 1.139 draws
  // a visible view before its welcome content is registered and says "There is no data provider registered…".
  void vscode.commands.executeCommand('setContext', 'clerk.viewReady', true);
  const viewState = new ViewState(view, tree, keys);
  const statusBar = new InstanceStatusBar(keys, {
    selected: () => instanceIdOf(view.selection[0]?.id),
    onDidChangeSelection: view.onDidChangeSelection,
    select: async (id) => {
      const n = tree.instanceNode(id);
      // The status bar shows the choice already; the row may not be drawn yet (a key just added, the view hidden).
      if (n) await view.reveal(n, { select: true, focus: false, expand: false }).then(undefined, (e) => log.debug(`reveal: ${String(e)}`));
    },
    showLog: () => log.show(),
    prompts,
  });
  let statusMessage: vscode.Disposable | undefined;
  const deps: Deps = {
    keys,
    conns,
    tree,
    docs,
    reports,
    prompts,
    log,
    watcher,
    view,
    state: context.globalState,
    clipboard: vscode.env.clipboard,
    status: (text, ms = 5000) => {
      statusMessage?.dispose(); // one message at a time; nothing piles up in the subscriptions
      statusMessage = prompts.setStatusBarMessage(text, ms);
    },
  };
  const hover = new TokenHover(conns, keys);
  const cursorToken = new CursorToken();
  const describe = () => {
    view.description = tree.describe(instanceIdOf(view.selection[0]?.id));
  };

  context.subscriptions.push(
    channel,
    keys,
    conns,
    tree,
    docs,
    reports,
    watcher,
    view,
    viewState,
    statusBar,
    vscode.workspace.onDidGrantWorkspaceTrust(() => void updateKeyFound(keys)),
    vscode.languages.registerHoverProvider({ pattern: '**' }, hover),
    vscode.languages.registerCodeLensProvider(REQUEST_DOCUMENTS, new RequestLens()),
    cursorToken,
    {
      dispose: () => {
        statusMessage?.dispose();
      },
    },
    vscode.workspace.registerTextDocumentContentProvider(SESSION_SCHEME, docs),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, docs),
    ...registerCommands(deps),
    keys.onDidChange(describe),
    view.onDidChangeSelection(describe),
    context.secrets.onDidChange(() => void keys.refreshContext()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('clerk.apiUrl') ||
        e.affectsConfiguration('clerk.pageSize') ||
        e.affectsConfiguration('clerk.requestTimeoutSeconds')
      )
        tree.refresh();
      if (e.affectsConfiguration('clerk.apiUrl')) void conns.forgetAllPublicKeys();
      if (e.affectsConfiguration('clerk.defaultSessionStatus')) tree.setStatus(readSettings().defaultSessionStatus);
    }),
  );

  // Local reads only (SecretStorage, the workspace's .env files), after activate() has returned.
  const settled = new Promise<void>((resolve) =>
    setTimeout(() => {
      keys
        .refreshContext()
        .then(() => updateKeyFound(keys))
        .catch((e) => log.error('Could not read the stored keys', e))
        .finally(resolve);
    }, 0),
  );

  const activationMs = performance.now() - t0;
  log.debug(`activated in ${activationMs.toFixed(1)} ms`);
  if (!testMode) return undefined;
  return {
    deps,
    prompts,
    keys,
    tree,
    secrets: context.secrets,
    globalState: context.globalState,
    globalStorageUri: context.globalStorageUri,
    logUri: context.logUri,
    activationMs,
    view,
    viewState,
    statusBar,
    cursorToken,
    settled,
    heavyLoaded,
  };
}

export function deactivate(): void {
  /* everything is in context.subscriptions */
}
