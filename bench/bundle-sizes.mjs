// Bundle sizes for the same five operations (list users, list sessions, get session, revoke, mint a template token
// and verify a token): our src/clerk client + tokens, and @clerk/backend, both bundled by esbuild the way the
// extension is (node20, cjs, minified, the same web-streams-polyfill substitution). Prints JSON on stdout.
// Plain .mjs (not .ts) so that `esbuild.mjs --tests` does not bundle esbuild into out/.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

// The same substitution esbuild.mjs makes for the extension: node-fetch's fetch-blob -> Node's built-in streams.
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

const entries = {
  ours: `
    import { ClerkClient } from './src/clerk/client';
    import { verdict } from './src/tokens/verdict';
    export async function ops(secretKey: string, apiUrl: string, token: string) {
      const c = new ClerkClient({ secretKey, apiUrl });
      const users = await c.listUsers({ limit: 20 });
      const sessions = await c.listSessions({ userId: users[0]!.id });
      const s = await c.getSession(sessions.data[0]!.id);
      await c.revokeSession(s.id);
      const t = await c.createSessionToken(s.id, { template: 'supabase' });
      return [t, await verdict(token, await c.getJwks())];
    }`,
  clerkBackend: `
    import { createClerkClient, verifyToken } from '@clerk/backend';
    export async function ops(secretKey: string, apiUrl: string, token: string) {
      const c = createClerkClient({ secretKey, apiUrl });
      const users = await c.users.getUserList({ limit: 20 });
      const sessions = await c.sessions.getSessionList({ userId: users.data[0]!.id });
      const s = await c.sessions.getSession(sessions.data[0]!.id);
      await c.sessions.revokeSession(s.id);
      const t = await c.sessions.getToken(s.id, 'supabase');
      return [t, await verifyToken(token, { secretKey, apiUrl })];
    }`,
};

const out = {};
for (const [name, contents] of Object.entries(entries)) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: repo, loader: 'ts', sourcefile: `${name}-entry.ts` },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    logLevel: 'error',
    plugins: [noStreamsPolyfill],
    metafile: true,
  });
  const code = r.outputFiles[0].contents;
  // the five largest inputs, for the report
  const inputs = Object.entries(r.metafile.outputs)[0][1].inputs;
  const byPkg = {};
  for (const [path, v] of Object.entries(inputs)) {
    const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const k = m ? m[1] : path.startsWith('src/') ? 'src' : path;
    byPkg[k] = (byPkg[k] ?? 0) + v.bytesInOutput;
  }
  out[name] = {
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    top: Object.entries(byPkg)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  };
}
process.stdout.write(JSON.stringify(out));
