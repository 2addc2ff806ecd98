// One HTTP exchange of the client (http.ts) against a raw local HTTP server that answers what Clerk's edge and the
// proxies in front of it can answer: bodies cut short, blank or non-JSON error bodies, trace headers, exact size
// caps, a cancel while the answer is awaited. Only loopback; the test keys are fake.
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClerkClient, type ClerkClientOptions, type ClerkLogEntry, type FetchLike } from '../../src/clerk/client';
import { ClerkAbortError, ClerkApiError, ClerkNetworkError, ClerkResponseError } from '../../src/clerk/errors';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('ClerkClient: one exchange against a raw HTTP server', function () {
  let server: http.Server;
  let origin = '';
  let handler: Handler = (_req, res) => res.end();
  const logs: ClerkLogEntry[] = [];
  const key = 'sk_test_FAKE' + 'x'.repeat(20);
  const mk = (o: Partial<ClerkClientOptions> = {}): ClerkClient =>
    new ClerkClient({ secretKey: key, apiUrl: `${origin}/v1`, logger: (e) => logs.push(e), maxServerErrorRetries: 0, ...o });
  const answer =
    (status: number, body: string, headers: Record<string, string> = {}): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };
  const INSTANCE = JSON.stringify({ object: 'instance', id: 'ins_1', environment_type: 'development' });

  before(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    logs.length = 0;
  });

  it('an error answer cut short is still that answer: its status, read as a body that is not valid JSON', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"errors":[{"code":');
      setTimeout(() => res.destroy(), 20);
    };
    await assert.rejects(
      mk().getInstance(),
      (e: unknown) =>
        e instanceof ClerkApiError &&
        e.status === 500 &&
        e.message === "Clerk's API answered 500 with a body that is not valid JSON (cut short?) for GET /instance. Try again in a moment.",
    );
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"object":');
      setTimeout(() => res.destroy(), 20);
    };
    await assert.rejects(mk().getInstance(), (e: unknown) => e instanceof ClerkNetworkError && e.kind === 'reset');
  });

  it('error bodies: blank, not JSON, JSON that is not Clerk’s, a 300', async () => {
    const cases: Array<[Handler, string]> = [
      [answer(500, ' \n '), "Clerk's API answered 500 with an empty body for GET /instance. Try again in a moment."],
      [
        answer(500, '{oops'),
        "Clerk's API answered 500 with a body that is not valid JSON (cut short?) for GET /instance. Try again in a moment.",
      ],
      [answer(400, '{"message":"nope"}'), 'Clerk rejected the request (400).'],
      [answer(300, ''), "Clerk's API answered with a redirect (300) for GET /instance. Check the API URL."],
      [
        answer(404, '{"errors":[{"code":"resource_not_found","message":"not found"}]}'),
        'Clerk found nothing at GET /instance (404 resource_not_found): not found.',
      ],
    ];
    for (const [h, message] of cases) {
      handler = h;
      await assert.rejects(mk().getInstance(), (e: unknown) => e instanceof ClerkApiError && (assert.equal(e.message, message), true));
    }
  });

  it('the trace id: from the body, else from x-clerk-trace-id or cf-ray, else none', async () => {
    const clerkBody = (trace?: string) =>
      JSON.stringify({ errors: [{ code: 'form_param_missing', message: 'missing' }], ...(trace ? { clerk_trace_id: trace } : {}) });
    const traceOf = async (h: Handler) => {
      handler = h;
      try {
        await mk().getInstance();
      } catch (e) {
        assert.ok(e instanceof ClerkApiError);
        return e.traceId;
      }
      assert.fail('no error');
    };
    assert.equal(await traceOf(answer(422, clerkBody('trace_body'), { 'x-clerk-trace-id': 'trace_header' })), 'trace_body');
    assert.equal(await traceOf(answer(422, clerkBody(), { 'x-clerk-trace-id': 'trace_header' })), 'trace_header');
    assert.equal(await traceOf(answer(422, clerkBody(), { 'cf-ray': '8a1b-FRA' })), '8a1b-FRA');
    assert.equal(await traceOf(answer(422, clerkBody())), undefined);
    assert.match(logs.at(-1)!.message, /^GET \/instance → 422 form_param_missing \(\d+ ms\)$/);
  });

  it('a transport failure is logged with the request and the reason', async () => {
    handler = (req) => req.socket.destroy();
    await assert.rejects(mk().getInstance(), ClerkNetworkError);
    assert.ok(
      logs.some((l) => l.level === 'warn' && l.message.startsWith('GET /instance failed: ')),
      logs.map((l) => l.message).join('\n'),
    );
  });

  it('a cancel while the answer is awaited ends the exchange at once, and leaves no listener on the signal', async () => {
    handler = () => undefined; // never answers
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(mk({ timeoutMs: 5000 }).getInstance(ac.signal), ClerkAbortError);
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
    handler = answer(200, INSTANCE);
    const kept = new AbortController();
    await mk().getInstance(kept.signal);
    assert.equal(getEventListeners(kept.signal, 'abort').length, 0);
  });

  it('the size cap: a body of exactly the cap is read, one byte more is not', async () => {
    const n = Buffer.byteLength(INSTANCE);
    handler = answer(200, INSTANCE, { 'Content-Length': String(n) });
    assert.equal((await mk({ maxResponseBytes: n }).getInstance()).id, 'ins_1');
    await assert.rejects(mk({ maxResponseBytes: n - 1 }).getInstance(), ClerkResponseError);
  });

  it('a fetch without a body stream: the text, capped the same way', async () => {
    const textOnly: FetchLike = async () => ({ status: 200, headers: new Map<string, string>() as never, text: async () => INSTANCE });
    const headers = { get: () => null };
    const f: FetchLike = async (u, i) => ({ ...(await textOnly(u, i)), headers });
    const n = Buffer.byteLength(INSTANCE);
    assert.equal((await mk({ fetch: f, maxResponseBytes: n }).getInstance()).id, 'ins_1');
    await assert.rejects(
      mk({ fetch: f, maxResponseBytes: n - 1 }).getInstance(),
      (e: unknown) =>
        e instanceof ClerkResponseError && e.message === `Clerk's answer to GET /instance was larger than ${n - 1} bytes; stopped reading.`,
    );
  });

  it('a body stream of strings and of byte views is read whole', async () => {
    const bytes = Buffer.from(`xx${INSTANCE}yy`);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 2, bytes.byteLength - 4);
    const headers = { get: () => null };
    for (const chunks of [[INSTANCE.slice(0, 10), INSTANCE.slice(10)], [view]]) {
      const f: FetchLike = async () => ({
        status: 200,
        headers,
        text: async () => assert.fail('the stream is read'),
        body: (async function* () {
          yield* chunks;
        })(),
      });
      assert.equal((await mk({ fetch: f }).getInstance()).id, 'ins_1');
    }
  });

  it('the cap in words: MB, KB or bytes', async () => {
    const f =
      (size: number): FetchLike =>
      async () => ({ status: 200, headers: { get: (h: string) => (h === 'content-length' ? String(size) : null) }, text: async () => '' });
    const cases: Array<[number, string]> = [
      [1024 * 1024, '1 MB'],
      [1.5 * 1024 * 1024, '1.5 MB'],
      [3 * 1024 * 1024 + 1024, '3073 KB'],
      [1024, '1 KB'],
      [1025, '1025 bytes'],
      [512, '512 bytes'],
    ];
    for (const [cap, words] of cases) {
      await assert.rejects(
        mk({ fetch: f(cap + 1), maxResponseBytes: cap }).getInstance(),
        (e: unknown) =>
          e instanceof ClerkResponseError &&
          (assert.equal(e.message, `Clerk's answer to GET /instance was larger than ${words}; stopped reading.`), true),
      );
    }
  });
});
