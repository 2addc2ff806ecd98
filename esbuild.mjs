// One build script. `node esbuild.mjs` bundles the extension (dev: sourcemaps); `--production` minifies;
// `--watch` rebuilds on change; `--tests` bundles the test suites and the local Clerk server into out/.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/**
 * node-fetch 3 brings polyfills for web APIs (ReadableStream, Blob, File, FormData) that every Node a VS Code host runs
 * (20 and later) has built in: point them at the built-ins. Its multipart parser is only for Response.formData(),
 * which the client never calls. Together this takes about 70 KB out of the minified bundle.
 */
const SHIMS = {
  'web-streams-polyfill': 'module.exports = require("node:stream/web");',
  'fetch-blob': 'export default globalThis.Blob;',
  'fetch-blob/from.js':
    'const no = () => { throw new Error("not supported in this bundle"); };\n' +
    'export const Blob = globalThis.Blob, File = globalThis.File, fileFrom = no, fileFromSync = no, blobFrom = no, blobFromSync = no;',
  'formdata-polyfill/esm.min.js':
    'export const FormData = globalThis.FormData;\n' +
    'export const formDataToBlob = () => { throw new Error("FormData bodies are not supported in this bundle"); };',
  './utils/multipart-parser.js': 'export const toFormData = () => { throw new Error("formData() is not supported in this bundle"); };',
};
const runtimeWebApis = {
  name: 'runtime-web-apis',
  setup(build) {
    build.onResolve(
      { filter: /^(web-streams-polyfill(\/.*)?|fetch-blob(\/from\.js)?|formdata-polyfill\/esm\.min\.js|\.\/utils\/multipart-parser\.js)$/ },
      (a) => {
        if (a.path.startsWith('./') && !a.importer.includes('node-fetch')) return undefined;
        const key = a.path.startsWith('web-streams-polyfill') ? 'web-streams-polyfill' : a.path;
        return { path: key, namespace: 'runtime-web-apis' };
      },
    );
    build.onLoad({ filter: /.*/, namespace: 'runtime-web-apis' }, (a) => ({ contents: SHIMS[a.path], loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [runtimeWebApis],
  legalComments: 'none',
};

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

// The extension's files, one seam between them. dist/extension.js is what activation loads; dist/heavy.js (entry
// src/heavy.ts: HTTP library, jose, the Clerk client, the token explainer and verdict, the report renderers) and
// dist/heavyCommands.js (entry src/commands/heavyCommands.ts: the command modules activation does not need) are
// required on first use, through src/lazy.ts and src/commands/lazy.ts. Every module two of them use is in one
// dist/shared-<hash>.js, once: esbuild computes these chunks itself (code splitting), so there is no list to keep.
// Node's module cache then gives each module one identity at run time: an error thrown in dist/heavy.js is
// `instanceof` the class dist/extension.js imports. esbuild splits only ESM output, and VS Code 1.100 (our oldest
// host) loads CommonJS extensions only, so the build has two passes: esbuild bundles and splits to ESM in a scratch
// folder, then converts each file on its own to CommonJS (`import … from './shared-….js'` becomes a require).
// test/unit/bundles.test.ts checks the outcome on the built files.
const ENTRIES = { extension: 'src/extension.ts', heavy: 'src/heavy.ts', heavyCommands: 'src/commands/heavyCommands.ts' };
const outdir = process.env.CLERK_DIST || 'dist';
const scratch = join(outdir, '.esm');

/** The second pass: each ESM file of the scratch folder, as CommonJS in outdir (source maps chained to src/). */
const toCommonJs = {
  name: 'esm-to-commonjs',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
      for (const f of readdirSync(outdir))
        if (/^(extension|heavy|heavyCommands|shared-[A-Z0-9]+)\.js(\.map)?$/.test(f)) rmSync(join(outdir, f));
      await esbuild.build({
        entryPoints: files,
        outdir,
        bundle: false,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        // node-fetch's import() of its multipart parser (a shim here) becomes a require: one module system throughout
        supported: { 'dynamic-import': false },
        logLevel: 'warning',
        legalComments: 'none',
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
      });
      // What the files hold, for the size line, the benchmark and the bundle test: the split's metafile with each
      // output under its final name and its final size.
      const final = (f) =>
        relative(process.cwd(), join(outdir, basename(f)))
          .split(sep)
          .join('/');
      const outputs = {};
      for (const [f, o] of Object.entries(result.metafile.outputs)) {
        if (!f.endsWith('.js')) continue;
        outputs[final(f)] = {
          ...o,
          bytes: statSync(final(f)).size,
          imports: o.imports.map((i) => ({ ...i, path: i.external ? i.path : final(i.path) })),
        };
      }
      rmSync(scratch, { recursive: true, force: true });
      result.metafile.outputs = outputs;
    });
  },
};

const extension = {
  ...common,
  plugins: [...common.plugins, toCommonJs],
  entryPoints: ENTRIES,
  outdir: scratch,
  format: 'esm',
  splitting: true,
  chunkNames: 'shared-[hash]',
  external: ['vscode', './heavy.js', './heavyCommands.js'],
  define: { LAZY_HEAVY_FILE: 'true' },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
};

const tests = {
  ...common,
  entryPoints: [
    ...walk('test', (p) => /\.test\.ts$/.test(p)),
    ...walk('test', (p) => /(^|\/)(index|cli|main|run-[a-z-]+)\.ts$/.test(p)),
    ...walk('bench', (p) => /\.ts$/.test(p)),
  ],
  // CLERK_OUT lets several people (or helpers) build the tests side by side without overwriting each other.
  outdir: process.env.CLERK_OUT || 'out',
  define: { LAZY_HEAVY_FILE: 'false' },
  outbase: '.',
  // mocha and vscode are resolved at run time: mocha from node_modules, vscode from the extension host.
  external: ['vscode', 'mocha', 'playwright-core', '@stoplight/*', '@clerk/backend', '@vscode/test-electron'],
  sourcemap: 'inline',
};

if (args.has('--tests')) {
  await esbuild.build(tests);
} else if (args.has('--watch')) {
  const ctx = await esbuild.context(extension);
  await ctx.watch();
  console.log('[esbuild] watching src/');
} else {
  const result = await esbuild.build(extension);
  if (process.env.CLERK_METAFILE) (await import('node:fs')).writeFileSync(process.env.CLERK_METAFILE, JSON.stringify(result.metafile));
  const outs = result.metafile.outputs;
  const file = (name) => Object.keys(outs).find((k) => basename(k) === name);
  // What activation loads: dist/extension.js and the shared files it requires, and theirs.
  const atActivation = new Set();
  for (const todo = [file('extension.js')]; todo.length;) {
    const f = todo.pop();
    if (atActivation.has(f)) continue;
    atActivation.add(f);
    todo.push(...outs[f].imports.filter((i) => i.kind === 'import-statement' && outs[i.path]).map((i) => i.path));
  }
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const sum = (files) => files.reduce((n, f) => n + outs[f].bytes, 0);
  const later = Object.keys(outs).filter((f) => !atActivation.has(f));
  const where = new Map();
  for (const o of Object.values(outs))
    for (const [input, v] of Object.entries(o.inputs)) where.set(input, [...(where.get(input) ?? []), v.bytesInOutput]);
  const twice = [...where.values()].filter((w) => w.length > 1);
  console.log(
    `[esbuild] at activation ${kb(sum([...atActivation]))} (${[...atActivation].map((f) => `${basename(f)} ${kb(outs[f].bytes)}`).join(' + ')}); ` +
      `on first use ${later.map((f) => `${basename(f)} ${kb(outs[f].bytes)}`).join(', ')}; ` +
      `modules in two files: ${twice.length} (${twice.flat().reduce((n, b) => n + b, 0)} bytes)${production ? '; minified' : ''}`,
  );
}
