// The seam between the bundles, checked on the built files: `node esbuild.mjs --production` into a temporary folder,
// exactly as `npm run package` builds dist/, and loaded with Node's require as the extension host loads them. No source
// module is in two files; what activation loads (dist/extension.js and the shared files it requires) stays within its
// budget and holds no HTTP client; and an error thrown by the Clerk client in dist/heavy.js is, by class, the error
// the rest of the extension checks for. The other unit tests bundle everything into one file and cannot see this.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ClerkApiError as BundledClerkApiError } from '../../src/clerk/errors';
import type * as Heavy from '../../src/heavy';
import { makeTestSecretKey, startClerkServer } from '../server/server';
import { repoRoot } from '../support/paths';

interface Output {
  bytes: number;
  inputs: Record<string, { bytesInOutput: number }>;
  imports: { path: string; kind: string; external?: boolean }[];
}

/** The budget of what activation loads, minified (issue 14). */
const ACTIVATION_BUDGET = 100 * 1024;

describe('the built bundles: one seam', function () {
  this.timeout(120_000);
  let dir = '';
  let outputs = new Map<string, Output>(); // by file name (extension.js, shared-….js, …)
  const load = (file: string): unknown => createRequire(__filename)(join(dir, file));
  const output = (name: string): Output => {
    const o = outputs.get(name);
    assert.ok(o, `no ${name} in the build (${[...outputs.keys()].join(', ')})`);
    return o;
  };
  /** The files of ours `name` requires when it loads, itself included. */
  const loadedWith = (name: string): Set<string> => {
    const seen = new Set<string>();
    for (const todo = [name]; todo.length;) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      todo.push(
        ...output(f)
          .imports.filter((i) => i.kind === 'import-statement' && !i.external)
          .map((i) => basename(i.path)),
      );
    }
    return seen;
  };
  const holder = (input: string): string[] => [...outputs].filter(([, o]) => input in o.inputs).map(([f]) => f);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clerk-bundles-'));
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], {
      cwd: repoRoot(),
      env: { ...process.env, CLERK_DIST: dir, CLERK_METAFILE: join(dir, 'meta.json') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { outputs: Record<string, Output> };
    outputs = new Map(Object.entries(meta.outputs).map(([k, o]) => [basename(k), o]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the three entries and the shared files, all CommonJS, each requiring the files the build says it imports', () => {
    const written = readdirSync(dir).filter((f) => f.endsWith('.js'));
    assert.deepEqual(written.sort(), [...outputs.keys()].sort());
    for (const entry of ['extension.js', 'heavy.js', 'heavyCommands.js']) assert.ok(outputs.has(entry), entry);
    for (const f of written) {
      assert.match(f, /^(extension|heavy|heavyCommands|shared-[A-Z0-9]+)\.js$/);
      const code = readFileSync(join(dir, f), 'utf8');
      assert.doesNotMatch(code, /^\s*(import|export)\s*[{*\w]/m, `${f} is not CommonJS`);
      assert.doesNotMatch(code, /\bimport\(/, `${f} has an import()`);
      for (const i of output(f).imports.filter((x) => !x.external))
        assert.ok(code.includes(`require("./${basename(i.path)}")`), `${f} does not require ${i.path}`);
    }
  });

  it('puts no source module in two files (0 bytes in common), and the modules both sides use in a file both load', () => {
    const twice = new Set([...outputs.values()].flatMap((o) => Object.keys(o.inputs)).filter((input) => holder(input).length > 1));
    assert.deepEqual(
      [...twice].map((input) => `${input} in ${holder(input).join(' and ')}`),
      [],
    );
    for (const shared of ['src/clerk/errors.ts', 'src/util/redact.ts', 'src/util/inert.ts', 'src/util/errors.ts']) {
      const [file] = holder(shared);
      assert.ok(file?.startsWith('shared-'), `${shared} is in ${file}`);
      assert.ok(loadedWith('extension.js').has(file) && loadedWith('heavy.js').has(file), `${file} is not loaded by both`);
    }
  });

  it(`keeps what activation loads within ${ACTIVATION_BUDGET / 1024} KB, with no HTTP client, jose, report or heavy command in it`, () => {
    const atActivation = loadedWith('extension.js');
    const bytes = [...atActivation].reduce((n, f) => n + output(f).bytes, 0);
    assert.ok(bytes <= ACTIVATION_BUDGET, `activation loads ${bytes} bytes: ${[...atActivation].join(', ')}`);
    const inputs = [...atActivation].flatMap((f) => Object.keys(output(f).inputs));
    for (const later of [
      'node-fetch',
      'jose',
      'src/clerk/client.ts',
      'src/tokens/verdict.ts',
      'src/reports/report.ts',
      'src/commands/explain.ts',
      'src/commands/request.ts',
    ]) {
      assert.ok(!inputs.some((i) => i.includes(later)), `${later} is loaded at activation`);
    }
    const network = [...atActivation].flatMap((f) =>
      output(f)
        .imports.filter((i) => /^(node:)?(http|https|net|tls|http2)$/.test(i.path))
        .map((i) => `${f}: ${i.path}`),
    );
    assert.deepEqual(network, []);
  });

  it('@vscode/l10n is in one file, loaded with dist/extension.js and with dist/heavy.js: the messages given at activation reach what loads later', () => {
    // src/util/l10n.ts hands VS Code's bundle to @vscode/l10n, which keeps it in a module variable: a second copy in
    // a file loaded on first use would say its sentences in English.
    const l10nInputs = new Set(
      [...outputs.values()].flatMap((o) => Object.keys(o.inputs)).filter((i) => i.includes('node_modules/@vscode/l10n/')),
    );
    assert.ok(l10nInputs.size > 0, 'no @vscode/l10n in the build');
    assert.ok(loadedWith('extension.js').has(holder('src/util/l10n.ts')[0]), 'src/util/l10n.ts is not loaded at activation');
    for (const input of l10nInputs) {
      const files = holder(input);
      assert.equal(files.length, 1, `${input} is in ${files.join(', ')}`);
      assert.ok(loadedWith('extension.js').has(files[0]), `${files[0]} (${input}) is not loaded at activation`);
      assert.ok(loadedWith('heavy.js').has(files[0]), `${files[0]} (${input}) is not loaded with dist/heavy.js`);
    }
  });

  it('an error the client in dist/heavy.js throws is the ClerkApiError of the shared file dist/extension.js loads', async () => {
    const [errorsFile] = holder('src/clerk/errors.ts');
    assert.ok(errorsFile && loadedWith('extension.js').has(errorsFile));
    const heavy = load('heavy.js') as typeof Heavy;
    const server = await startClerkServer({ seed: 3 });
    try {
      const wrongKey = new heavy.ClerkClient({ secretKey: makeTestSecretKey('test'), apiUrl: server.url });
      const e = await wrongKey.getInstance().then(
        () => assert.fail('a wrong key was accepted'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof Error && e.name === 'ClerkApiError', String(e));
      // The class of the thrown error is exported by the one file that holds src/clerk/errors.ts, which dist/extension.js
      // requires: Node's module cache gives both sides that same class object.
      const exported = Object.values(load(errorsFile) as Record<string, unknown>);
      assert.ok(exported.includes(e.constructor), `${errorsFile} does not export the class of the error dist/heavy.js threw`);
      assert.ok(
        // (only classes: the file also exports esbuild's helpers, arrows that instanceof cannot take)
        exported.some((c) => typeof c === 'function' && c.prototype !== undefined && c !== e.constructor && e instanceof c),
        'nor its base classes',
      );
      // The tests' own bundle has its own copy of the class: the test sees the difference the seam removes.
      assert.equal(e instanceof BundledClerkApiError, false);
    } finally {
      await server.stop();
    }
  });
});
