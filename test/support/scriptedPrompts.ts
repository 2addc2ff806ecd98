// A Prompts implementation for the integration tests: answers come from a script, and every question is recorded,
// so a test can check what the user was asked (the modal's wording, the input's options) as well as what happened.
import type * as vscode from 'vscode';
import type { Prompts } from '../../src/ui/prompts';

export type Asked =
  | { kind: 'input'; options: vscode.InputBoxOptions }
  | { kind: 'quickPick'; items: readonly vscode.QuickPickItem[]; options: vscode.QuickPickOptions }
  | { kind: 'warning' | 'info' | 'error'; message: string; items: string[]; modal?: boolean };

/** An answer: a value, or a function of what was asked. undefined = the user dismissed it. */
export type Answer = string | undefined | ((asked: Asked) => unknown);

export class ScriptedPrompts implements Prompts {
  readonly asked: Asked[] = [];
  private readonly answers: Answer[] = [];

  /** Queue answers for the next questions that expect one (inputs, quick picks, modal or actionable messages). */
  answer(...a: Answer[]): this {
    this.answers.push(...a);
    return this;
  }

  get pending(): number {
    return this.answers.length;
  }

  private next(asked: Asked): unknown {
    this.asked.push(asked);
    if (this.answers.length === 0) return undefined;
    const a = this.answers.shift();
    return typeof a === 'function' ? a(asked) : a;
  }

  async showInputBox(options: vscode.InputBoxOptions) {
    const v = this.next({ kind: 'input', options });
    return v === undefined ? undefined : String(v);
  }

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions) {
    const list = await items;
    const v = this.next({ kind: 'quickPick', items: list, options });
    if (v === undefined) return undefined;
    if (typeof v === 'string') return list.find((i) => i.label === v || i.label.includes(v));
    return v as T;
  }

  /** A quick pick with item buttons: answer a label, an item, or `{ item, button }` (the index of the button pressed). */
  async pickWithButtons<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    const v = this.next({ kind: 'quickPick', items, options });
    if (v === undefined) return undefined;
    if (typeof v === 'string') {
      const item = items.find((i) => i.label === v || i.label.includes(v));
      return item ? { item } : undefined;
    }
    return typeof v === 'object' && v !== null && 'item' in v ? (v as { item: T; button?: number }) : { item: v as T };
  }

  async showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    return this.message('warning', message, items, options.modal);
  }

  async showInformationMessage(message: string, ...items: string[]) {
    return this.message('info', message, items);
  }

  async showErrorMessage(message: string, ...items: string[]) {
    return this.message('error', message, items);
  }

  private message(kind: 'warning' | 'info' | 'error', message: string, items: string[], modal?: boolean) {
    // Only a question (a modal, or a message with buttons) takes an answer from the script.
    if (!modal && items.length === 0) {
      this.asked.push({ kind, message, items, modal });
      return undefined;
    }
    const v = this.next({ kind, message, items, modal });
    return v === undefined ? undefined : String(v);
  }

  last(kind?: Asked['kind']): Asked | undefined {
    const list = kind ? this.asked.filter((a) => a.kind === kind) : this.asked;
    return list[list.length - 1];
  }

  /** The status bar messages shown through the seam (copy confirmations), in order. */
  readonly statusMessages: string[] = [];

  setStatusBarMessage(text: string): vscode.Disposable {
    this.statusMessages.push(text);
    return { dispose: () => undefined };
  }

  messages(kind?: 'warning' | 'info' | 'error'): string[] {
    return this.asked.flatMap((a) => ('message' in a && (!kind || a.kind === kind) ? [a.message] : []));
  }
}
