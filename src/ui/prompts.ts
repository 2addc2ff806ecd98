// The one seam through which commands ask the user anything: modals, inputs, quick picks, notifications.
// It defaults to vscode.window; the integration tests answer prompts by replacing it (in Test mode only). Input
// prompts and validation messages leave it with no markdown link in them.
import * as vscode from 'vscode';
import { unlink } from '../util/inert';

type Validation = string | vscode.InputBoxValidationMessage | undefined | null;

/** A validation message with no `[x](target)` link left in it (the input box renders links there). */
function inertValidation(r: Validation): Validation {
  if (typeof r === 'string') return unlink(r);
  return r ? { ...r, message: unlink(r.message) } : r;
}

/**
 * An input box's prompt and validation messages render markdown links: every `](` in them is parted here, in the one
 * seam every command asks through, whatever a command put in them (its pieces are already inert; this is the net).
 */
function inertInput(o: vscode.InputBoxOptions): vscode.InputBoxOptions {
  const validate = o.validateInput?.bind(o);
  return {
    ...o,
    prompt: o.prompt === undefined ? undefined : unlink(o.prompt),
    validateInput: validate
      ? (value) => {
          const r = validate(value);
          return r && typeof r === 'object' && 'then' in r ? Promise.resolve(r).then(inertValidation) : inertValidation(r);
        }
      : undefined,
  };
}

/** What a quick pick with item buttons gave: the item, and the index of the item's button when one was pressed. */
export interface ButtonPick<T> {
  item: T;
  button?: number;
}

export interface Prompts {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined>;
  /** A quick pick whose items may carry buttons (QuickPickItem.buttons): a press picks the item with that button. */
  pickWithButtons?<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions,
  ): Thenable<ButtonPick<T> | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  /** A short message in the status bar (a copy's confirmation); hides itself after `ms`. */
  setStatusBarMessage?(text: string, ms: number): vscode.Disposable;
}

function windowPickWithButtons<T extends vscode.QuickPickItem>(items: readonly T[], o: vscode.QuickPickOptions) {
  return new Promise<ButtonPick<T> | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.items = items;
    qp.title = o.title;
    qp.placeholder = o.placeHolder;
    qp.matchOnDescription = o.matchOnDescription ?? false;
    qp.matchOnDetail = o.matchOnDetail ?? false;
    qp.ignoreFocusOut = o.ignoreFocusOut ?? false;
    let done = false;
    const finish = (r: ButtonPick<T> | undefined) => {
      if (done) return;
      done = true;
      resolve(r);
      qp.dispose();
    };
    qp.onDidAccept(() => finish(qp.selectedItems[0] ? { item: qp.selectedItems[0] } : undefined));
    qp.onDidTriggerItemButton((e) => finish({ item: e.item, button: (e.item.buttons ?? []).indexOf(e.button) }));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

export const windowPrompts: Prompts = {
  showInputBox: (o) => vscode.window.showInputBox(o),
  showQuickPick: (items, o) => vscode.window.showQuickPick(items, o),
  pickWithButtons: windowPickWithButtons,
  showWarningMessage: (m, o, ...items) => vscode.window.showWarningMessage(m, o, ...items),
  showInformationMessage: (m, ...items) => vscode.window.showInformationMessage(m, ...items),
  showErrorMessage: (m, ...items) => vscode.window.showErrorMessage(m, ...items),
  setStatusBarMessage: (text, ms) => vscode.window.setStatusBarMessage(text, ms),
};

/** A holder so the test seam can be swapped after activation without re-registering commands. */
export class PromptSeam implements Prompts {
  constructor(public impl: Prompts = windowPrompts) {}
  showInputBox(o: vscode.InputBoxOptions) {
    return this.impl.showInputBox(inertInput(o));
  }
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, o: vscode.QuickPickOptions) {
    return this.impl.showQuickPick(items, o);
  }
  pickWithButtons<T extends vscode.QuickPickItem>(items: readonly T[], o: vscode.QuickPickOptions): Thenable<ButtonPick<T> | undefined> {
    if (this.impl.pickWithButtons) return this.impl.pickWithButtons(items, o);
    return this.impl.showQuickPick(items, o).then((item) => (item ? { item } : undefined));
  }
  showWarningMessage(m: string, o: vscode.MessageOptions, ...items: string[]) {
    return this.impl.showWarningMessage(m, o, ...items);
  }
  showInformationMessage(m: string, ...items: string[]) {
    return this.impl.showInformationMessage(m, ...items);
  }
  showErrorMessage(m: string, ...items: string[]) {
    return this.impl.showErrorMessage(m, ...items);
  }
  setStatusBarMessage(text: string, ms: number): vscode.Disposable {
    return this.impl.setStatusBarMessage ? this.impl.setStatusBarMessage(text, ms) : vscode.window.setStatusBarMessage(text, ms);
  }
}
