// One build script. `node esbuild.mjs` bundles the extension (dev: sourcemaps); `--production` minifies;
// `--watch` rebuilds on change; `--tests` bundles the test suites and the local Clerk server into out/.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** node-fetch 3 pulls in web-streams-polyfill through fetch-blob, used only where the runtime has no
 * ReadableStream. Every Node that a VS Code host runs has one, so point the polyfill at the built-ins. */
const noStreamsPolyfill = {
  name: 'no-web-streams-polyfill',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill(\/.*)?$/ }, (a) => ({ path: a.path, namespace: 'builtin-streams' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin-streams' }, () => ({
      contents: 'module.exports = require("node:stream/web");',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [noStreamsPolyfill],
};

function walk(dir, pred, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
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
  outdir: 'out',
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
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] dist/extension.js ${(bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
}
