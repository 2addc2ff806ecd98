// The core runs on plain Node: no import or require of 'vscode' in any room below the layer of src/config.ts in
// docs/ARCHITECTURE.md (util, ids.ts, tokens, clerk, model, reports, heavy.ts, lazy.ts), so it is unit-tested without a host.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectLayers, roomOf } from '../support/layers';
import { repoRoot } from '../support/paths';

const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"`])vscode(?:\/[^'"`]*)?\1/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(m|c)?[jt]s$/.test(name) ? [p] : [];
  });
}

describe('the core imports no vscode', () => {
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

  it('no file of a room below src/config.ts imports or requires vscode (util, tokens, model, reports, …)', () => {
    const rank = projectLayers();
    const line = rank.get('config.ts');
    assert.ok(line !== undefined, 'config.ts is on no layer');
    const core = [...rank].filter(([, r]) => r < line).map(([room]) => room);
    for (const room of ['util', 'ids.ts', 'tokens', 'clerk', 'model', 'reports', 'heavy.ts', 'lazy.ts'])
      assert.ok(core.includes(room), room);
    const src = join(root, 'src');
    const offenders = files(src)
      .map((f) => relative(src, f).split('\\').join('/'))
      .filter((f) => core.includes(roomOf(f)) && VSCODE_IMPORT.test(readFileSync(join(src, f), 'utf8')));
    assert.deepEqual(offenders, []);
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
