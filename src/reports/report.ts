// A report (Verify, Explain Token) as data, and its two renderings: HTML for a webview with a strict content security
// policy, and plain text (what tests read and what "Copy Report" copies). No vscode import: unit-tested on Node.
// Every string in a Report is treated as hostile: the renderers escape all of them, ours included.
import { html, plain } from '../util/inert';

export type Mark = 'pass' | 'fail' | 'warn' | 'info';

export interface ReportRow {
  label: string;
  value: string;
  mark?: Mark;
  /** Shown in a monospace font (ids, claim values). */
  mono?: boolean;
  /** A tooltip on the value (the UTC time of a local time). */
  tooltip?: string;
}

export interface ReportSection {
  heading: string;
  rows?: ReportRow[];
  text?: string[];
  /** A block shown as is (JSON of the decoded claims); escaped, never interpreted. */
  block?: string;
}

/** A link that runs one of our own commands; the webview allows only the ids its panel was opened with. */
export interface ReportAction {
  title: string;
  command: string;
  args?: unknown[];
}

export interface Report {
  title: string;
  subtitle?: string;
  /** ✓ when ok; ? when `unknown` (cannot tell); ✗ otherwise. The first reason is the one that decides. */
  verdict?: { ok: boolean; text: string; reasons?: string[]; unknown?: boolean };
  sections: ReportSection[];
  actions?: ReportAction[];
}

const MARK_TEXT: Record<Mark, string> = { pass: '✓', fail: '✗', warn: '!', info: '·' };

function verdictSign(v: NonNullable<Report['verdict']>): string {
  return v.ok ? '✓' : v.unknown ? '?' : '✗';
}
const MAX_VALUE = 2000;
const MAX_BLOCK = 200_000;

/** The report with each note said once: a sentence already shown (the verdict's notes, azp, template) is not repeated. */
export function distinctNotes(r: Report): Report {
  const seen = new Set<string>([...(r.verdict?.reasons ?? [])]);
  const sections = r.sections.map((s) => {
    if (!s.text) return s;
    const text = s.text.filter((t) => {
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    });
    return { ...s, text };
  });
  return { ...r, sections };
}

/** A row's UTC tooltip for a time in ms: "2026-11-30 04:39:10 UTC". */
export function utcTooltip(ms: number | null | undefined): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined;
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}

export function renderText(r: Report): string {
  r = distinctNotes(r);
  const out: string[] = [plain(r.title, 300)];
  if (r.subtitle) out.push(plain(r.subtitle, 500));
  if (r.verdict) {
    out.push('', `${verdictSign(r.verdict)} ${plain(r.verdict.text, 500)}`);
    for (const reason of r.verdict.reasons ?? []) out.push(`  - ${plain(reason, MAX_VALUE)}`);
  }
  for (const s of r.sections) {
    out.push('', `## ${plain(s.heading, 300)}`);
    for (const t of s.text ?? []) out.push(plain(t, MAX_VALUE));
    for (const row of s.rows ?? [])
      out.push(`${row.mark ? `${MARK_TEXT[row.mark]} ` : ''}${plain(row.label, 200)}: ${plain(row.value, MAX_VALUE)}`);
    if (s.block !== undefined) out.push(s.block.length > MAX_BLOCK ? `${s.block.slice(0, MAX_BLOCK)}…` : s.block);
  }
  return out.join('\n') + '\n';
}

/** A command: URI for an action; the arguments travel JSON-encoded, as VS Code expects. */
export function commandHref(a: ReportAction): string {
  const args = a.args && a.args.length ? `?${encodeURIComponent(JSON.stringify(a.args))}` : '';
  return `command:${a.command}${args}`;
}

export function renderHtml(r: Report, opts: { nonce: string; allowedCommands: readonly string[] }): string {
  r = distinctNotes(r);
  const h = (v: unknown, max = MAX_VALUE) => html(v, max);
  const parts: string[] = [];
  parts.push(`<h1>${h(r.title, 300)}</h1>`);
  if (r.subtitle) parts.push(`<p class="sub">${h(r.subtitle, 500)}</p>`);
  if (r.verdict) {
    parts.push(
      `<div class="verdict ${r.verdict.ok ? 'ok' : r.verdict.unknown ? 'unknown' : 'bad'}"><strong>${verdictSign(r.verdict)} ${h(r.verdict.text, 500)}</strong>`,
    );
    if (r.verdict.reasons?.length) parts.push(`<ul>${r.verdict.reasons.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`);
    parts.push('</div>');
  }
  const actions = (r.actions ?? []).filter((a) => opts.allowedCommands.includes(a.command));
  if (actions.length)
    parts.push(`<p class="actions">${actions.map((a) => `<a href="${h(commandHref(a), 100_000)}">${h(a.title, 80)}</a>`).join(' ')}</p>`);
  for (const s of r.sections) {
    parts.push(`<h2>${h(s.heading, 300)}</h2>`);
    for (const t of s.text ?? []) parts.push(`<p>${h(t)}</p>`);
    if (s.rows?.length) {
      parts.push('<table>');
      for (const row of s.rows) {
        const mark = row.mark ? `<span class="mark ${row.mark}">${MARK_TEXT[row.mark]}</span> ` : '';
        parts.push(
          `<tr><th>${h(row.label, 200)}</th><td class="${row.mono ? 'mono' : ''}"${row.tooltip ? ` title="${h(row.tooltip, 100)}"` : ''}>${mark}${h(row.value)}</td></tr>`,
        );
      }
      parts.push('</table>');
    }
    if (s.block !== undefined) parts.push(`<pre>${html(s.block, MAX_BLOCK, true)}</pre>`);
  }
  const csp = `default-src 'none'; style-src 'nonce-${opts.nonce}'; img-src 'none'; script-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${opts.nonce}">${STYLE}</style>
<title>${h(r.title, 200)}</title></head>
<body>
${parts.join('\n')}
</body></html>
`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; max-width: 980px; }
h1 { font-size: 1.5em; font-weight: 600; margin: 18px 0 4px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 22px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 3px; }
.sub { color: var(--vscode-descriptionForeground); margin-top: 0; }
.verdict { border-left: 4px solid; padding: 8px 12px; margin: 14px 0; background: var(--vscode-textBlockQuote-background, #8881); }
.verdict.ok { border-color: var(--vscode-testing-iconPassed, #3a3); }
.verdict.bad { border-color: var(--vscode-testing-iconFailed, #d33); }
.verdict.unknown { border-color: var(--vscode-editorWarning-foreground, #c90); }
.verdict ul { margin: 6px 0 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, #8882); }
th { font-weight: 600; white-space: nowrap; width: 1%; }
td { overflow-wrap: anywhere; }
.mono, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { background: var(--vscode-textCodeBlock-background, #8881); padding: 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.mark.pass { color: var(--vscode-testing-iconPassed, #3a3); font-weight: 700; }
.mark.fail { color: var(--vscode-testing-iconFailed, #d33); font-weight: 700; }
.mark.warn { color: var(--vscode-editorWarning-foreground, #c90); font-weight: 700; }
.mark.info { color: var(--vscode-descriptionForeground); }
.actions a { display: inline-block; margin-right: 14px; color: var(--vscode-textLink-foreground); }
`;
