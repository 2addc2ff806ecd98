// Requests in .http/.rest files (the REST Client format): where each request block starts, by cheap line scanning, and
// a CodeLens "Clerk: Explain Request" above each. Loaded at activation: no dist/heavy.js, no I/O, nothing read but the
// document's lines. The command gets the document and the line, never the request's text.
import * as vscode from 'vscode';
import { Cmd } from '../ids';

/** Where a request of a .http file is: the line of its request line and the lines of its block (end exclusive). */
export interface RequestBlock {
  line: number;
  end: number;
}

/** The document and line a lens (or the command's caller) names. */
export interface RequestLocation {
  uri: string;
  line: number;
}

const SEPARATOR = /^\s*###/;
const SKIP = /^\s*(?:$|#|\/\/|@[A-Za-z0-9_.-]+\s*=)/;
const REQUEST_START = /^\s*(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)\s+\S|https?:\/\/\S|curl(?:\.exe)?\s)/i;
/** A lens per request, for this many lines of a document at most (a huge generated file gets the first ones). */
const MAX_LINES = 50_000;
const MAX_LENSES = 500;

export function isRequestLocation(a: unknown): a is RequestLocation {
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof (a as RequestLocation).uri === 'string' &&
    typeof (a as RequestLocation).line === 'number' &&
    Number.isInteger((a as RequestLocation).line)
  );
}

/** The request blocks of a REST Client document: blocks between `###` lines, each starting at its request line. */
export function requestBlocks(lineAt: (i: number) => string, lineCount: number): RequestBlock[] {
  const out: RequestBlock[] = [];
  const n = Math.min(lineCount, MAX_LINES);
  let start: number | undefined;
  const close = (end: number) => {
    if (start !== undefined) out.push({ line: start, end });
    start = undefined;
  };
  let inBlockRequest = false;
  for (let i = 0; i < n && out.length < MAX_LENSES; i++) {
    const text = lineAt(i);
    if (SEPARATOR.test(text)) {
      close(i);
      inBlockRequest = false;
      continue;
    }
    if (inBlockRequest || SKIP.test(text)) continue;
    if (REQUEST_START.test(text)) {
      start = i;
      inBlockRequest = true;
    } else inBlockRequest = true; // something else opens the block (a stray header): not a request line
  }
  close(n);
  return out;
}

/** The block the line is in (or the nearest one above it within the same `###` section). */
export function blockAt(lineAt: (i: number) => string, lineCount: number, line: number): RequestBlock | undefined {
  return requestBlocks(lineAt, lineCount).find((b) => line >= sectionStart(lineAt, b.line) && line < b.end);
}

function sectionStart(lineAt: (i: number) => string, line: number): number {
  let i = line;
  while (i > 0 && !SEPARATOR.test(lineAt(i - 1))) i--;
  return i;
}

export const REQUEST_DOCUMENTS: vscode.DocumentSelector = [{ language: 'http' }, { pattern: '**/*.http' }, { pattern: '**/*.rest' }];

export class RequestLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const title = vscode.l10n.t('Clerk: Explain Request');
    return requestBlocks((i) => doc.lineAt(i).text, doc.lineCount).map(
      (b) =>
        new vscode.CodeLens(new vscode.Range(b.line, 0, b.line, 0), {
          title,
          command: Cmd.explainRequest,
          arguments: [{ uri: doc.uri.toString(), line: b.line } satisfies RequestLocation],
        }),
    );
  }
}
