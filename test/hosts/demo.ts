// The demo's pieces, shared by `npm run demo` (run-demo.ts) and the README screenshot (demo-shot.ts): the local
// Clerk-compatible server with its seeded data (without the hostile fixtures the tests use), and code-server 4.100.3
// with the packaged VSIX installed, `clerk.apiUrl` pointing at that server (user settings) and CLERK_SECRET_KEY (the
// server's key) in its environment. The workspace holds requests.http with tokens the server mints at start (test
// data signed with the server's throwaway key) and a task that uses ${command:clerk.sessionToken}.
// Everything binds to 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, repoRoot, type Host } from './hosts';
import { startCodeServer, type CodeServer } from './codeServer';
import { startClerkServer, type ClerkServer } from '../server/server';

export { findRepoRoot, repoRoot };
const hostsDir = join(repoRoot, 'test', 'hosts');

export const DEMO_HOST = 'vscode-1.100';
export const defaultVsix = join(repoRoot, 'clerk-sessions.vsix');

/** code-server 4.100.3 (runs on this Node), installed with test/hosts/install.sh when it is missing. */
export function demoHost(install = true): Host {
  const dir = join(hostsDir, 'cs-1.100');
  const pkg = join(dir, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg)) {
    if (!install) throw new Error(`code-server is not installed (${pkg} missing): run bash test/hosts/install.sh --host ${DEMO_HOST}`);
    console.error(
      `code-server is not installed yet: bash test/hosts/install.sh --host ${DEMO_HOST} --no-browser (once; it compiles native modules: 3–6 min on 2 cores, a progress line every 15 s)`,
    );
    const r = spawnSync('bash', [join(hostsDir, 'install.sh'), '--host', DEMO_HOST, '--no-browser'], { stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(pkg)) throw new Error('installing code-server failed (see above)');
  }
  return {
    name: DEMO_HOST,
    dir,
    node: process.execPath,
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
  };
}

export interface DemoOptions {
  /** code-server's port (0 or absent: a free one). */
  port?: number;
  /** The local Clerk server's port (0 or absent: a free one). */
  apiPort?: number;
  vsix?: string;
  /** Echo code-server's output to stderr. */
  echo?: boolean;
}

export interface Demo {
  server: ClerkServer;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The workbench URL with the demo folder open. */
  url: string;
  workspace: string;
  host: Host;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the local Clerk server and code-server with the VSIX installed. Stop it with `stop()`. */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const vsix = opts.vsix ?? defaultVsix;
  if (!existsSync(vsix)) throw new Error(`No VSIX at ${vsix}: run npm run package first`);
  const host = demoHost();
  const server = await startClerkServer({ port: opts.apiPort ?? 0, host: '127.0.0.1', hostile: false });
  const workspace = mkdtempSync(join(tmpdir(), 'clerk-demo-'));
  try {
    await seedWorkspace(server, workspace);
  } catch (e) {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
  let cs: CodeServer | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await cs?.stop();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    cs = await startCodeServer(host, {
      vsix: [vsix],
      workspace,
      port: opts.port,
      echo: opts.echo,
      userSettings: { 'clerk.apiUrl': server.url },
      env: { CLERK_SECRET_KEY: server.secretKey },
      unsetEnv: ['CLERK_SESSIONS_TEST'],
    });
    const base = cs.base;
    return { server, base, url: `${base}/?folder=${encodeURIComponent(workspace)}`, workspace, host, log: () => cs!.log(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** POST /sessions/{id}/tokens[/template] on the local server, as a backend would: the token Clerk answers. */
async function mint(server: ClerkServer, sessionId: string, opts: { template?: string; expiresInSeconds?: number } = {}): Promise<string> {
  const path = `/sessions/${sessionId}/tokens${opts.template ? `/${encodeURIComponent(opts.template)}` : ''}`;
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(opts.expiresInSeconds ? { expires_in_seconds: opts.expiresInSeconds } : {}),
  });
  const body = (await res.json()) as { jwt?: string };
  if (res.status !== 200 || typeof body.jwt !== 'string')
    throw new Error(`the local server did not mint a token for the demo (${res.status} on POST ${path})`);
  return body.jwt;
}

/** The template the demo's template token comes from: Clerk's Hasura integration template. */
export const DEMO_TEMPLATE = 'hasura';
/** Lifetime of the demo's fresh tokens: long enough to try everything (Clerk's own session tokens live 60 s). */
const FRESH_SECONDS = 3600;
/** The shortest lifetime Clerk accepts: the "expired" token has expired well before anyone opens the file. */
const EXPIRED_SECONDS = 30;

/**
 * Writes the demo workspace: README.md, requests.http (a session token, an organization session token, a template
 * token, an expired session token and a browser request with the __session cookie, all minted now by the local
 * server) and .vscode/tasks.json (a task that passes ${command:clerk.sessionToken} through the environment).
 */
export async function seedWorkspace(server: ClerkServer, workspace: string): Promise<void> {
  const { sessions, memberships } = server.data;
  const usable = sessions.filter((s) => s.status === 'active' && !s.actor);
  const inOrg = (s: (typeof sessions)[number]) =>
    !!s.last_active_organization_id &&
    memberships.some((m) => m.organization_id === s.last_active_organization_id && m.user_id === s.user_id);
  const plain = usable.find((s) => !inOrg(s));
  const org = usable.find((s) => inOrg(s) && s.user_id !== plain?.user_id);
  if (!plain || !org) throw new Error('the local server seeded no active session with and without an organization');
  const sessionToken = await mint(server, plain.id, { expiresInSeconds: FRESH_SECONDS });
  const orgToken = await mint(server, org.id, { expiresInSeconds: FRESH_SECONDS });
  const templateToken = await mint(server, plain.id, { template: DEMO_TEMPLATE, expiresInSeconds: FRESH_SECONDS });
  const expiredToken = await mint(server, org.id, { expiresInSeconds: EXPIRED_SECONDS });
  const cookieToken = await mint(server, plain.id, { expiresInSeconds: FRESH_SECONDS });
  const iat = (jwt: string): number =>
    (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number }).iat;

  writeFileSync(
    join(workspace, 'README.md'),
    [
      '# Clerk Sessions demo',
      '',
      '1. Open the **Clerk** view in the activity bar and use the key it offers (*Import Secret Key*).',
      '2. Open `requests.http`: hover a token, or put the cursor on one and run *Clerk: Explain Token*.',
      '3. *Welcome: Open Walkthrough…* → *Get Started with Clerk Sessions* walks through the rest.',
      '',
      'Everything here is test data from the local Clerk-compatible server started by `npm run demo`: its users, its key',
      'and the tokens in `requests.http`, minted when the demo started. Nothing listens on localhost:3000.',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(workspace, 'requests.http'),
    [
      '# Tokens minted by the local Clerk-compatible server when `npm run demo` started (test data, throwaway key).',
      '# Hover a token: whose it is, which session, whether it is expired. Put the cursor on one (or select it) and run',
      '# "Clerk: Explain Token" for the full report. Nothing listens on localhost:3000: these are what your API receives.',
      '',
      `### A session token, as your frontend sends it (minted for ${FRESH_SECONDS / 3600} h here; Clerk's own live 60 s)`,
      'GET http://localhost:3000/api/me',
      `Authorization: Bearer ${sessionToken}`,
      '',
      '### A session token with an active organization: role, permissions and features (o, o.fpm)',
      'GET http://localhost:3000/api/org/projects',
      `Authorization: Bearer ${orgToken}`,
      '',
      `### A JWT template token ("${DEMO_TEMPLATE}"): the template's claims, no sid`,
      'POST http://localhost:3000/v1/graphql',
      `Authorization: Bearer ${templateToken}`,
      'Content-Type: application/json',
      '',
      '{"query": "{ me { id } }"}',
      '',
      `### An expired session token (minted with ${EXPIRED_SECONDS} s to live, the shortest Clerk allows)`,
      'GET http://localhost:3000/api/me',
      `Authorization: Bearer ${expiredToken}`,
      '',
      '### A page request from a signed-in browser: the __session cookie and __client_uat',
      'GET http://localhost:3000/dashboard',
      'Accept: text/html',
      'Sec-Fetch-Dest: document',
      `Cookie: __client_uat=${iat(cookieToken)}; __session=${cookieToken}`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'tasks.json'),
    JSON.stringify(
      {
        version: '2.0.0',
        tasks: [
          {
            label: 'show the claims of a fresh session token',
            detail: 'CLERK_TOKEN comes from ${command:clerk.sessionToken}: pick a session once, a fresh token each run',
            type: 'process',
            command: process.execPath,
            args: [
              '-e',
              "const t = process.env.CLERK_TOKEN ?? ''; console.log(JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()))",
            ],
            options: { env: { CLERK_TOKEN: '${command:clerk.sessionToken}' } },
            problemMatcher: [],
          },
        ],
      },
      null,
      2,
    ) + '\n',
  );
}
