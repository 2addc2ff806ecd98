// The status bar item shown while a key is connected: which instance the Clerk view acts on, and its environment.
// A live key shows LIVE on the warning background, so nobody forgets they act on production. A click offers the other
// instances (selecting one in the view makes it the one shown) and the log.
import * as vscode from 'vscode';
import type { InstanceMeta, KeyStore } from '../key/secretKey';
import { pick } from '../util/inert';
import type { PromptSeam } from './prompts';
import { instanceTitle } from '../key/instanceTitle';

export const STATUS_BAR_COMMAND = 'clerk.statusBarMenu';

/** "Development" / "Production" / "Staging": Clerk's environment type when the key was checked, else the key's kind. */
export function environmentName(i: InstanceMeta): string {
  const t = i.environmentType;
  if (t) return t[0].toUpperCase() + t.slice(1);
  return i.keyEnvironment === 'live' ? vscode.l10n.t('Production') : vscode.l10n.t('Development');
}

interface MenuItem extends vscode.QuickPickItem {
  instanceId?: string;
  log?: boolean;
}

export class InstanceStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];
  /** The instance chosen from the menu or selected in the view; the first stored one when none is. */
  private chosen: string | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly opts: {
      /** The instance of the row selected in the view, if any. */
      selected: () => string | undefined;
      onDidChangeSelection: vscode.Event<unknown>;
      /** Make an instance the one the view shows selected (reveal its row). */
      select: (instanceId: string) => Thenable<void> | void;
      showLog: () => void;
      prompts: PromptSeam;
    },
  ) {
    this.item = vscode.window.createStatusBarItem('clerk.instance', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Clerk Instance');
    this.item.command = STATUS_BAR_COMMAND;
    this.subs.push(
      this.item,
      keys.onDidChange(() => this.update()),
      opts.onDidChangeSelection(() => {
        const id = opts.selected();
        if (id) this.chosen = id;
        this.update();
      }),
      vscode.commands.registerCommand(STATUS_BAR_COMMAND, () => this.menu()),
    );
    this.update();
  }

  /** The instance the item shows now, or undefined (no key: the item is hidden). */
  get current(): InstanceMeta | undefined {
    const list = this.keys.list();
    return list.find((i) => i.id === this.chosen) ?? list[0];
  }

  update(): void {
    const i = this.current;
    if (!i) {
      this.item.hide();
      return;
    }
    const live = i.keyEnvironment === 'live';
    const name = pick(instanceTitle(i), 40);
    const env = environmentName(i);
    const others = this.keys.list().length - 1;
    // An unnamed instance is called by its environment: say it once ("Development", not "Development · Development").
    const what = i.name ? vscode.l10n.t('{0} · {1}', name, pick(env, 20)) : pick(env, 20);
    const text = live ? vscode.l10n.t('$(flame) Clerk: {0} · LIVE', what) : vscode.l10n.t('$(beaker) Clerk: {0}', what);
    this.item.text = others > 0 ? vscode.l10n.t('{0} (+{1})', text, others) : text;
    this.item.backgroundColor = live ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = live
      ? vscode.l10n.t(
          'Clerk: {0} with a LIVE key ({1}): actions act on production. Click to switch instance or show the log.',
          name,
          i.maskedKey,
        )
      : vscode.l10n.t('Clerk: {0} with a test key ({1}). Click to switch instance or show the log.', name, i.maskedKey);
    this.item.accessibilityInformation = {
      label: live ? vscode.l10n.t('Clerk instance {0}, LIVE key', name) : vscode.l10n.t('Clerk instance {0}', name),
    };
    this.item.show();
  }

  /** The click: the stored instances (the shown one marked), then Show Log. */
  async menu(): Promise<void> {
    const cur = this.current;
    const items: MenuItem[] = this.keys.list().map((i) => ({
      label: `${i.keyEnvironment === 'live' ? '$(flame)' : '$(beaker)'} ${pick(instanceTitle(i), 60)}`,
      description: [
        environmentName(i),
        i.keyEnvironment === 'live' ? vscode.l10n.t('LIVE') : undefined,
        i.maskedKey,
        i.id === cur?.id ? vscode.l10n.t('shown') : undefined,
      ]
        .filter(Boolean)
        .map((x) => pick(x, 40))
        .join(' · '),
      instanceId: i.id,
    }));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: vscode.l10n.t('$(output) Show Log'), log: true });
    const chosen = await this.opts.prompts.showQuickPick(items, {
      title: vscode.l10n.t('Clerk: switch instance or show the log'),
      placeHolder: vscode.l10n.t('Instance to show'),
    });
    if (!chosen) return;
    if (chosen.log || !chosen.instanceId) return this.opts.showLog();
    this.chosen = chosen.instanceId;
    this.update();
    await this.opts.select(chosen.instanceId);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
