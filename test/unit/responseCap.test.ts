// The size cap on an answer: the client stops reading past maxResponseBytes (10 MB by default) and says so, whether
// the body is endless, announced too large, or just too long; memory stays flat. Raw sockets and a plain HTTP server.
import * as assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { ClerkClient } from '../../src/clerk/client';
import { ClerkInputError, ClerkResponseError } from '../../src/clerk/errors';
import { makeTestSecretKey } from '../server/server';
import { startHttpServer, startRawServer, type Running } from '../support/net';

const key = makeTestSecretKey('test');

/** Answers every request with `head` and then writes 64 KB chunks for as long as the socket takes them. */
function endless(head: string): (s: Socket) => void {
  return (s) => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    s.once('data', () => {
      s.write(head);
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk)) sent += chunk.length;
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    s.on('close', () => (endless.sent = sent));
  };
}
endless.sent = 0;

describe('response size cap', function () {
  this.timeout(30_000);
  const servers: Running[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });
  const mk = (origin: string, o: Partial<ConstructorParameters<typeof ClerkClient>[0]> = {}) =>
    new ClerkClient({ secretKey: key, apiUrl: `${origin}/v1`, timeoutMs: 20_000, ...o });

  it('an endless 200 body: stops at 10 MB with a sentence, memory stays low', async () => {
    const raw = await startRawServer(endless('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n'));
    servers.push(raw);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = Date.now();
    let error: unknown;
    try {
      await mk(raw.origin).getInstance();
    } catch (e) {
      error = e;
    } finally {
      clearInterval(sampler);
    }
    assert.ok(error instanceof ClerkResponseError, String(error));
    assert.equal(error.kind, 'response');
    assert.equal(error.message, "Clerk's answer to GET /instance was larger than 10 MB; stopped reading.");
    assert.equal(error.status, 200);
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
    const grew = (peak - before) / 1024 / 1024;
    assert.ok(grew < 80, `RSS grew by ${grew.toFixed(1)} MB`);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(endless.sent < 64 * 1024 * 1024, `the server could push ${endless.sent} bytes: the connection was not closed`);
  });

  it('an endless error body (500) is capped the same way', async () => {
    const raw = await startRawServer(endless('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n'));
    servers.push(raw);
    await assert.rejects(
      mk(raw.origin, { maxResponseBytes: 256 * 1024 }).listJwtTemplates(),
      (e: unknown) =>
        e instanceof ClerkResponseError &&
        e.status === 500 &&
        e.message === "Clerk's answer to GET /jwt_templates was larger than 256 KB; stopped reading.",
    );
  });

  it('a Content-Length above the cap fails before the body is read', async () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{';
    const raw = await startRawServer((s) => s.once('data', () => s.write(head)));
    servers.push(raw);
    const t0 = Date.now();
    await assert.rejects(
      mk(raw.origin).getInstance(),
      (e: unknown) =>
        e instanceof ClerkResponseError && e.message === "Clerk's answer to GET /instance was larger than 10 MB; stopped reading.",
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  it('maxResponseBytes is an option: a body one byte over fails, one at the cap passes', async () => {
    let size = 0;
    const http = await startHttpServer((_req, res) => {
      const pad = 'x'.repeat(size - '{"object":"instance","id":"ins_1","environment_type":"development","pad":""}'.length);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"object":"instance","id":"ins_1","environment_type":"development","pad":"${pad}"}`);
    });
    servers.push(http);
    const c = mk(http.origin, { maxResponseBytes: 1000 });
    size = 1000;
    assert.equal((await c.getInstance()).id, 'ins_1');
    size = 1001;
    await assert.rejects(
      c.getInstance(),
      (e: unknown) =>
        e instanceof ClerkResponseError && e.message === "Clerk's answer to GET /instance was larger than 1000 bytes; stopped reading.",
    );
  });

  it('refuses a cap that is not a positive number', () => {
    assert.throws(
      () => mk('http://127.0.0.1:1', { maxResponseBytes: 0 }),
      (e: unknown) => e instanceof ClerkInputError && e.message === 'maxResponseBytes must be a positive number (got 0).',
    );
  });
});
