// One set-up for the unit suites that talk to the local Clerk-compatible server over HTTP (Node, no vscode): the
// server started once for the suite and stopped after it, and before each test its faults and latency off and its
// request log empty, so what a test counts is what its own calls sent.
import { startClerkServer, type ClerkServer, type ClerkServerOptions } from '../server/server';

export interface ServerSuite {
  /** Once, after the server started (before the suite's own `before` hooks). */
  ready?: (server: ClerkServer) => unknown;
  /** Before each test, after the reset (before the suite's own `beforeEach` hooks). */
  each?: (server: ClerkServer) => unknown;
}

/** Registers the suite's hooks (call it first in a `describe`); the suite keeps its own variable through `ready`. */
export function clerkServerSuite(options: ClerkServerOptions, o: ServerSuite): void {
  let server: ClerkServer | undefined;
  before(async () => {
    server = await startClerkServer(options);
    await o.ready?.(server);
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    if (!server) throw new Error('the server of the suite did not start');
    server.controls.reset();
    server.resetLog();
    await o.each?.(server);
  });
}
