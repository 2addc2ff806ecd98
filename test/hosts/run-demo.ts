// `npm run demo [-- --port 8080] [--api-port 8081]`: the local Clerk-compatible server with seeded users and
// sessions, and code-server with the packaged extension pointed at it. Runs until Ctrl-C, then stops both.
import { startDemo, type Demo, type DemoOptions } from './demo';

function portArg(name: string): number | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const raw = a === `--${name}` ? argv[i + 1] : a.startsWith(`--${name}=`) ? a.slice(name.length + 3) : undefined;
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      console.error(`--${name} must be a port number, got ${raw}`);
      process.exit(2);
    }
    return n;
  }
  return undefined;
}

/** Says when the tree first listed users and sessions (the local server answered them), counted from the URL. */
function watchFirstRequests(server: Demo['server'], t0: number): void {
  const firsts: [RegExp, string][] = [
    [/^GET \/v1\/users$/, 'the tree listed users'],
    [/^GET \/v1\/sessions$/, 'the tree listed the first sessions'],
  ];
  const timer = setInterval(() => {
    for (const first of [...firsts]) {
      if (!server.requests.some((r) => first[0].test(r.route) && r.status === 200)) continue;
      console.log(`  ${first[1]} ${((performance.now() - t0) / 1000).toFixed(1)} s after the URL was printed`);
      firsts.splice(firsts.indexOf(first), 1);
    }
    if (firsts.length === 0) clearInterval(timer);
  }, 250);
  timer.unref();
}

async function main(): Promise<void> {
  const known = /^--(port|api-port)(=|$)|^\d+$|^--echo$/;
  const unknown = process.argv.slice(2).filter((a) => !known.test(a));
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}; usage: npm run demo -- [--port N] [--api-port N] [--echo]`);
    process.exit(2);
  }
  const opts: DemoOptions = { echo: process.argv.includes('--echo') };
  const port = portArg('port');
  const apiPort = portArg('api-port');
  if (port !== undefined) opts.port = port;
  if (apiPort !== undefined) opts.apiPort = apiPort;

  console.log('Starting the local Clerk server and code-server…');
  const demo = await startDemo(opts);
  const { server } = demo;
  console.log(
    [
      '',
      `  Local Clerk API:  ${server.url}  (${server.data.users.length} seeded users, ${server.data.sessions.length} sessions)`,
      `  Secret key:       ${server.secretKey}  (in code-server's environment as CLERK_SECRET_KEY)`,
      `  code-server:      ${demo.host.version} with clerk-sessions.vsix, clerk.apiUrl = ${server.url}`,
      '',
      `  Open ${demo.url}`,
      '  then the Clerk view in the activity bar, and use the key it offers (or Set Secret Key and paste the key above).',
      '  The workspace has requests.http: tokens minted just now (hover one, or Clerk: Explain Token on it), and a task',
      '  that uses ${command:clerk.sessionToken}. Welcome: Open Walkthrough… → "Get Started with Clerk Sessions" is a guided tour.',
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
  watchFirstRequests(server, performance.now());

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server and the local Clerk server…`);
    demo.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
