// Reports (Verify, Explain Token) shown rendered in a webview with a strict content security policy: no scripts, no
// images, no remote anything; links only to the few commands the report offers. Never the raw token.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Report } from '../reports/report';
import { heavy } from '../lazy';
import { html, plain } from '../util/inert';
import { redact } from '../util/redact';

/** Commands a report may link to (Show Session, Copy Claims, …); everything else in a report is inert text. */
export type AllowedCommands = readonly string[];

const KEEP = 20;

export interface ShownReport {
  key: string;
  text: string;
  html: string;
  panel: vscode.WebviewPanel;
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** The last reports shown, newest last (bounded): what the tests read, and what Copy Report copies. */
  readonly recent: ShownReport[] = [];

  constructor(
    private readonly viewType: string,
    private readonly allowed: AllowedCommands,
  ) {}

  /** Panels opened with "Checking…" whose report has not come yet (key → panel). */
  private readonly pending = new Map<string, vscode.WebviewPanel>();

  /**
   * Open (or reveal) the report's panel at once, saying "Checking…", before the network work that makes the report; show()
   * with the same key fills it. A command that fails instead leaves it to abandon(), which says so in the panel.
   */
  loading(key: string, title: string, column = vscode.ViewColumn.Active): void {
    const panel = this.panel(key, title, column);
    panel.title = plain(title, 60);
    panel.webview.html = page(title, [vscode.l10n.t('Checking…')]);
    this.pending.set(key, panel);
  }

  /** The HTML a report's panel shows now (for the tests), or undefined when there is no such panel. */
  htmlOf(key: string): string | undefined {
    return this.panels.get(key)?.webview.html;
  }

  /** A command failed: every panel still saying "Checking…" says that the check did not finish, and why (inert). */
  abandon(reason: string): void {
    for (const [key, panel] of this.pending) {
      panel.webview.html = page(panel.title, [vscode.l10n.t('The check did not finish.'), reason]);
      this.pending.delete(key);
    }
  }

  show(key: string, report: Report, column = vscode.ViewColumn.Active): ShownReport {
    const nonce = randomBytes(16).toString('base64');
    const body = redact(heavy().renderHtml(report, { nonce, allowedCommands: this.allowed }));
    const text = redact(heavy().renderText(report));
    const panel = this.panel(key, report.title, column);
    this.pending.delete(key);
    panel.title = plain(report.title, 60);
    panel.webview.html = body;
    const shown = { key, text, html: body, panel };
    this.recent.push(shown);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    return shown;
  }

  private panel(key: string, title: string, column: vscode.ViewColumn): vscode.WebviewPanel {
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal(column, false);
    } else {
      panel = vscode.window.createWebviewPanel(
        this.viewType,
        plain(title, 60),
        { viewColumn: column, preserveFocus: false },
        {
          enableScripts: false,
          enableForms: false,
          enableCommandUris: this.allowed,
          localResourceRoots: [],
          retainContextWhenHidden: false,
        },
      );
      const p = panel;
      p.onDidDispose(() => {
        if (this.panels.get(key) === p) this.panels.delete(key);
        if (this.pending.get(key) === p) this.pending.delete(key);
      });
      this.panels.set(key, p);
      while (this.panels.size > KEEP) {
        const [oldest] = this.panels.entries();
        this.panels.delete(oldest[0]);
        oldest[1].dispose();
      }
    }
    return panel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    this.pending.clear();
    this.recent.length = 0;
  }
}

/** A page with a title and lines of text only: no script, no style from outside, no link (a strict content security policy). */
function page(title: string, lines: string[]): string {
  const body = lines.map((l) => `<p>${html(redact(l), 400)}</p>`).join('');
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${html(title, 200)}</title></head>` +
    `<body style="font-family: var(--vscode-font-family); color: var(--vscode-foreground)"><h1>${html(title, 200)}</h1>${body}</body></html>`
  );
}
