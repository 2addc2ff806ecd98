// The Sessions tree. Roots: one node per stored key (instance).
import * as vscode from 'vscode';
import type { InstanceMeta, KeyStore } from '../key/secretKey';

export class InstanceNode extends vscode.TreeItem {
  constructor(readonly instance: InstanceMeta) {
    super(instance.name || (instance.keyEnvironment === 'live' ? 'Live instance' : 'Test instance'), vscode.TreeItemCollapsibleState.Collapsed);
    const live = instance.keyEnvironment === 'live';
    this.id = `instance/${instance.id}`;
    this.description = `${live ? 'LIVE · ' : ''}${instance.maskedKey}`;
    this.contextValue = live ? 'instance.live' : 'instance.test';
    this.iconPath = new vscode.ThemeIcon(live ? 'warning' : 'beaker', new vscode.ThemeColor(live ? 'charts.red' : 'charts.blue'));
  }
}

export type Node = InstanceNode;

export class SessionsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly keys: KeyStore) {
    this.subs.push(keys.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.keys.list().map((i) => new InstanceNode(i));
    return [];
  }

  refresh(node?: Node): void {
    this.changed.fire(node);
  }

  dispose(): void {
    this.changed.dispose();
    this.subs.forEach((s) => s.dispose());
  }
}
