// src/clerk/** must run on plain Node: no import or require of 'vscode' anywhere in it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../support/paths';

const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"`])vscode(?:\/[^'"`]*)?\1/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(m|c)?[jt]s$/.test(name) ? [p] : [];
  });
}

describe('src/clerk imports no vscode', () => {
  const root = repoRoot();
  const dir = join(root, 'src', 'clerk');

  it('finds the Clerk sources', () => {
    const found = files(dir).map((f) => relative(dir, f));
    for (const f of ['client.ts', 'errors.ts', 'tokens.ts', 'types.ts']) assert.ok(found.includes(f), `missing ${f}`);
  });

  it('no file in src/clerk imports or requires vscode', () => {
    const offenders = files(dir).filter((f) => VSCODE_IMPORT.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(root, f)),
      [],
    );
  });

  it('the check itself catches every form', () => {
    for (const bad of [
      "import * as vscode from 'vscode';",
      'import { window } from "vscode";',
      "import 'vscode';",
      "const v = require('vscode');",
      'const v = require ( "vscode" );',
      "const v = await import('vscode');",
      "export { Uri } from 'vscode';",
      "import type { Uri } from 'vscode/types';",
    ]) {
      assert.ok(VSCODE_IMPORT.test(bad), bad);
    }
    for (const ok of ['// talks to vscode through the extension', "const s = 'vscode-like';", "import x from './vscodeish';"]) {
      assert.ok(!VSCODE_IMPORT.test(ok), ok);
    }
  });
});
