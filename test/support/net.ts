// Small servers that produce faults a Clerk-compatible server can't: refused ports, resets, non-HTTP garbage,
// TLS failures, redirects and odd bodies. Test-only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Running {
  origin: string;
  port: number;
  stop(): Promise<void>;
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

async function listen(server: Server, scheme: 'http' | 'https'): Promise<Running> {
  const sockets = track(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function freePort(): Promise<number> {
  return closedPort();
}

/** A TCP server that runs `onSocket` for each connection (destroy it, write garbage, …). */
export function startRawServer(onSocket: (s: Socket) => void): Promise<Running> {
  const server = createNetServer((s) => {
    s.on('error', () => undefined);
    onSocket(s);
  });
  return listen(server, 'http');
}

/** A plain HTTP server with a hand-written handler. */
export function startHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  return listen(createHttpServer(handler), 'http');
}

/**
 * An HTTPS server with a self-signed certificate made by openssl at run time (no key material in the repo).
 * Undefined when openssl isn't installed.
 */
export async function startSelfSignedHttpsServer(): Promise<Running | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'k.pem'));
    const cert = readFileSync(join(dir, 'c.pem'));
    const server = createHttpsServer({ key, cert }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    return await listen(server, 'https');
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
