// One build script. `node esbuild.mjs` bundles the extension (dev: sourcemaps); `--production` minifies;
// `--watch` rebuilds on change; `--tests` bundles the test suites and the local Clerk server into out/.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

// Two files: dist/extension.js is what activation loads; dist/heavy.js (HTTP library, jose, the token explainer and
// verdict, the report renderers) is required on first use through src/lazy.ts.
const extension = {
  ...common,
  entryPoints: { extension: 'src/extension.ts', heavy: 'src/heavy.ts' },
  outdir: process.env.CLERK_DIST || 'dist',
  external: ['vscode', './heavy.js'],
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
  const size = (f) =>
    Object.entries(result.metafile.outputs)
      .filter(([k]) => k.endsWith(f))
      .reduce((n, [, o]) => n + o.bytes, 0);
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  console.log(
    `[esbuild] dist/extension.js ${kb(size('extension.js'))} (loaded at activation) + dist/heavy.js ${kb(size('heavy.js'))} (on first use)${production ? ', minified' : ''}`,
  );
}
