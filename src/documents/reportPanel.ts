// Reports (Verify, Explain Token) shown rendered in a webview with a strict content security policy: no scripts, no
// images, no remote anything; links only to the few commands the report offers. Never the raw token.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Report } from '../reports/report';
import { heavy } from '../lazy';
import { plain } from '../util/inert';
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

  show(key: string, report: Report, column = vscode.ViewColumn.Active): ShownReport {
    const nonce = randomBytes(16).toString('base64');
    const body = redact(heavy().renderHtml(report, { nonce, allowedCommands: this.allowed }));
    const text = redact(heavy().renderText(report));
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal(column, false);
    } else {
      panel = vscode.window.createWebviewPanel(
        this.viewType,
        plain(report.title, 60),
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
      });
      this.panels.set(key, p);
      while (this.panels.size > KEEP) {
        const [oldest] = this.panels.entries();
        this.panels.delete(oldest[0]);
        oldest[1].dispose();
      }
    }
    panel.title = plain(report.title, 60);
    panel.webview.html = body;
    const shown = { key, text, html: body, panel };
    this.recent.push(shown);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    return shown;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    this.recent.length = 0;
  }
}
