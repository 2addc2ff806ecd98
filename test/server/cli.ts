// `npm run clerk-local`: the local Clerk-compatible server on its own, for demos and other processes.
// Usage: node out/test/server/cli.js [--port N] [--host H] [--seed N] [--users N] [--key sk_test_…] [--live] [--no-hostile]
// (--no-hostile: without the users, sessions and template named with command links, markdown and HTML that the tests use)
// Port also from CLERK_LOCAL_PORT (default 0: a free port). Prints the API URL and the secret key, runs until
// SIGINT/SIGTERM. Faults are driven with
// POST http://127.0.0.1:PORT/__control/{latency,failNext,rateLimit,hang,verifyEndpoint,paginatedShape,tokenVersion,clockSkew,
// inactiveMachineTokens,reset};
// GET /__control/{log,templateSecrets,tokenVersion}. Add --v1 for version-1 session tokens.
import { makeTestSecretKey, startClerkServer, type ClerkServerOptions } from './server';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function intArg(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name} must be a non-negative integer, got ${raw}`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const opts: ClerkServerOptions = {
    port: intArg('port', arg('port') ?? process.env.CLERK_LOCAL_PORT) ?? 0,
    secretKey: arg('key') ?? process.env.CLERK_LOCAL_SECRET_KEY ?? makeTestSecretKey(process.argv.includes('--live') ? 'live' : 'test'),
  };
  const host = arg('host');
  if (host) opts.host = host;
  const seed = intArg('seed', arg('seed'));
  if (seed !== undefined) opts.seed = seed;
  if (process.argv.includes('--v1')) opts.tokenVersion = 1;
  if (process.argv.includes('--no-hostile')) opts.hostile = false;
  const users = intArg('users', arg('users'));
  if (users !== undefined) opts.users = users;

  const server = await startClerkServer(opts);
  console.log(`Clerk-compatible server: ${server.url}`);
  console.log(`Secret key: ${server.secretKey}`);
  console.log(
    `Controls: POST ${server.origin}/__control/{latency,failNext,rateLimit,hang,verifyEndpoint,paginatedShape,tokenVersion,reset}, ` +
      `GET ${server.origin}/__control/{log,templateSecrets,tokenVersion}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => {
        console.log(`Stopped (${signal}).`);
        process.exit(0);
      },
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
