// The one seam through which commands ask the user anything: modals, inputs, quick picks, notifications.
// It defaults to vscode.window; the integration tests answer prompts by replacing it (in Test mode only).
import * as vscode from 'vscode';

export interface Prompts {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
}

export const windowPrompts: Prompts = {
  showInputBox: (o) => vscode.window.showInputBox(o),
  showQuickPick: (items, o) => vscode.window.showQuickPick(items, o),
  showWarningMessage: (m, o, ...items) => vscode.window.showWarningMessage(m, o, ...items),
  showInformationMessage: (m, ...items) => vscode.window.showInformationMessage(m, ...items),
  showErrorMessage: (m, ...items) => vscode.window.showErrorMessage(m, ...items),
};

/** A holder so the test seam can be swapped after activation without re-registering commands. */
export class PromptSeam implements Prompts {
  constructor(public impl: Prompts = windowPrompts) {}
  showInputBox(o: vscode.InputBoxOptions) {
    return this.impl.showInputBox(o);
  }
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, o: vscode.QuickPickOptions) {
    return this.impl.showQuickPick(items, o);
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
}
