// The context key `clerk.cursorOnToken`: whether the cursor of the active editor is on a token (or its selection holds
// one), so the editor's context menu offers Clerk: Explain Token and Clerk: Verify Token… there. Cheap by design: read
// through the hover's bounded window (tokenNear, in the activation bundle), debounced, no I/O, never dist/heavy.js.
import * as vscode from 'vscode';
import { findTokens, tokenNear } from '../tokens/detect';

export const CURSOR_ON_TOKEN = 'clerk.cursorOnToken';
/** A selection longer than this is not searched for the menu (Explain still searches it when run). */
const MAX_SELECTION = 16_384;

export class CursorToken implements vscode.Disposable {
  private value = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly delayMs = 150) {
    this.subs = [
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
    ];
    this.schedule();
  }

  /** The key's current value (for the tests). */
  get onToken(): boolean {
    return this.value;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, this.delayMs);
  }

  private update(): void {
    const next = onToken(vscode.window.activeTextEditor);
    if (next === this.value) return;
    this.value = next;
    void vscode.commands.executeCommand('setContext', CURSOR_ON_TOKEN, next);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}

function onToken(editor: vscode.TextEditor | undefined): boolean {
  if (!editor || editor.document.uri.scheme === 'output') return false;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const doc = editor.document;
    const start = doc.offsetAt(sel.start);
    const end = doc.offsetAt(sel.end);
    if (end - start <= MAX_SELECTION && findTokens(doc.getText(sel), { limit: 1 }).length > 0) return true;
  }
  return tokenNear(editor.document, editor.document.offsetAt(sel.active)) !== undefined;
}
