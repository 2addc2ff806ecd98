// A hover over a JWT in any editor: the verdict first (with its first reason), kind, subject, session, expiry, the
// issuing instance only when the signature matches its remembered key, and the signature in the words every surface
// uses. No request from a hover, ever; it honours its cancellation token.
// Links go only to Explain Token and Show Session, with the document and offset as arguments (never the token), and
// every piece of token text is escaped through src/util/inert.ts.
import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { Cmd } from '../ids';
import type { KeyStore } from '../key/secretKey';
import type { HoverSummary } from '../tokens/hover';
import { heavy } from '../lazy';
import { tokenNear } from '../tokens/detect';
import { md, mdCode } from '../util/inert';
import { instanceTitle } from '../key/instanceTitle';

export class TokenHover implements vscode.HoverProvider {
  constructor(
    private readonly conns: Connections,
    private readonly keys: KeyStore,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, cancel: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    // The lines around the cursor (a token split across lines stays findable); Explain from the link reads the same.
    const offset = doc.offsetAt(pos);
    const found = tokenNear(doc, offset);
    if (!found || cancel.isCancellationRequested) return undefined;
    // Every remembered key of every connected instance: a kid none of them has gets a verdict too (not theirs).
    const known = this.conns.knownKeys();
    const summary = await heavy().hoverSummary(found.token, {
      jwks: known.length ? { keys: known.map((k) => k.jwk) } : null,
      instanceOf: (kid) => {
        const k = known.find((x) => x.jwk.kid === kid);
        const inst = k ? this.keys.get(k.instanceId) : undefined;
        return inst ? `${instanceTitle(inst)} (${inst.maskedKey})` : undefined;
      },
    });
    if (cancel.isCancellationRequested) return undefined;
    const at = { uri: doc.uri.toString(), offset };
    const hover = new vscode.Hover(
      render(summary, at, vscode.workspace.isTrusted),
      new vscode.Range(doc.positionAt(found.start), doc.positionAt(found.end)),
    );
    return hover;
  }
}

export function render(s: HoverSummary, at: { uri: string; offset: number }, trusted: boolean): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', false);
  m.isTrusted = { enabledCommands: [Cmd.explainToken, Cmd.showSession] };
  m.supportHtml = false;
  const rows: string[] = [`**${md(s.kindText, 160)}**`];
  for (const line of s.lines) rows.push(`${md(line.label, 40)}: ${line.code ? mdCode(line.value, 120) : md(line.value, 400)}`);
  m.appendMarkdown(rows.join('  \n'));
  const args = encodeURIComponent(JSON.stringify([at]));
  const links = [`[${vscode.l10n.t('Explain')}](command:${Cmd.explainToken}?${args} "${vscode.l10n.t('Clerk: Explain Token')}")`];
  if (s.canShowSession && trusted) {
    const tip = vscode.l10n.t('Reveal the session in the Clerk view');
    links.push(`[${vscode.l10n.t('Show Session')}](command:${Cmd.showSession}?${args} "${tip}")`);
  }
  m.appendMarkdown(`\n\n${links.join(' · ')}`);
  return m;
}
