// Every bad input and fault we can produce, against the real local Clerk server (and small raw servers for what
// an HTTP server can't do): each asserts the error class, its `kind`, and the exact message a person reads.
// The last test proves the secret key appears in none of these errors (message, stack, JSON, inspect) nor the log.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ClerkClient, clearJwksCache, type ClerkClientOptions } from '../../src/clerk/client';
import {
  ClerkAbortError,
  ClerkApiError,
  ClerkError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkResponseError,
  ClerkTimeoutError,
  type ClerkErrorKind,
} from '../../src/clerk/errors';
import { makeTestSecretKey, type ClerkServer } from '../server/server';
import { closedPort, startHttpServer, startRawServer, startSelfSignedHttpsServer, type Running } from '../support/net';
import { clerkServerSuite } from '../support/serverSuite';

type Cls = new (...args: never[]) => ClerkError;

interface Case {
  name: string;
  run: () => unknown;
  cls: Cls;
  kind: ClerkErrorKind;
  /** Exact message, or a function of the context when it contains a port / id. */
  message: string | (() => string);
  status?: number;
  /** Requests the local server must have seen (0 = rejected before sending). */
  requests?: number;
  extra?: (e: ClerkError) => void;
}

describe('Clerk client errors: bad inputs and faults', function () {
  let server: ClerkServer;
  const logLines: string[] = [];
  const thrown: Array<{ name: string; error: unknown }> = [];
  const wrongKey = makeTestSecretKey('test');
  const raw: Record<string, Running> = {};
  let refusedPort = 0;
  let selfSigned: Running | undefined;

  const mk = (o: Partial<ClerkClientOptions> = {}): ClerkClient =>
    new ClerkClient({
      secretKey: server.secretKey,
      apiUrl: server.url,
      retryBaseMs: 10,
      logger: (e) => logLines.push(`${e.level} ${e.message}`),
      ...o,
    });
  const at = (r: Running, scheme: 'http' | 'https' = 'http') => `${r.origin.replace(/^https?:/, `${scheme}:`)}/v1`;
  const host = (r: Running) => `127.0.0.1:${r.port}`;
  const session = (status = 'active') => {
    const s = server.data.sessions.find((x) => x.status === status);
    assert.ok(s, `the seed has a ${status} session`);
    return s;
  };
  /** Temporarily changes live server data for one call. */
  async function withPatched<T extends object>(
    obj: T,
    patch: (o: Record<string, unknown>) => void,
    call: () => Promise<unknown>,
  ): Promise<unknown> {
    const saved = { ...obj };
    try {
      patch(obj as unknown as Record<string, unknown>);
      return await call();
    } finally {
      for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
      Object.assign(obj, saved);
    }
  }

  clerkServerSuite({ seed: 11 }, { ready: (s) => (server = s), each: () => clearJwksCache() });

  before(async () => {
    refusedPort = await closedPort();
    raw.destroy = await startRawServer((s) => s.destroy());
    raw.rst = await startRawServer((s) => s.once('data', () => s.resetAndDestroy()));
    raw.garbage = await startRawServer((s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.2\r\nnot http at all\r\n\r\n')));
    raw.http = await startHttpServer((req, res) => {
      if (req.url?.endsWith('/redirect/instance')) {
        res.writeHead(302, { Location: 'https://example.invalid/elsewhere' });
        res.end();
      } else if (req.url?.endsWith('/proxyjson/sessions/sess_1/revoke')) {
        res.writeHead(502, { 'Content-Type': 'application/json', 'cf-ray': '8a1b2c3d4e5f-FRA' });
        res.end('{"message":"upstream connect error"}');
      } else if (req.url?.endsWith('/notjson/instance')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('OK');
      } else if (req.url?.endsWith('/list/jwt_templates')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"object":"list","items":[]}');
      } else if (req.url?.endsWith('/jwksbad/jwks')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}');
      } else if (req.url?.includes('/count/users/count')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"object":"total_count","total_count":"many"}');
      } else if (req.url?.endsWith('/date/instance')) {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': new Date(Date.now() + 3_600_000).toUTCString() });
        res.end(
          '{"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"Slow down"}],"clerk_trace_id":"trace_abc"}',
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    selfSigned = await startSelfSignedHttpsServer();
  });
  after(async () => {
    for (const r of Object.values(raw)) await r.stop();
    await selfSigned?.stop();
  });

  const cases: Case[] = [
    // ---- answers from Clerk with an error status
    {
      name: 'a wrong secret key (401)',
      run: () => mk({ secretKey: wrongKey }).getInstance(),
      cls: ClerkApiError,
      kind: 'api',
      status: 401,
      requests: 1,
      message: 'Clerk rejected the secret key (401 authentication_invalid). Check the key in Clerk Dashboard → API keys.',
      extra: (e) => assert.match((e as ClerkApiError).traceId ?? '', /^[0-9a-f]{32}$/),
    },
    {
      name: 'a key without access (403)',
      run: () => (server.controls.failNext(1, 403), mk().listUsers()),
      cls: ClerkApiError,
      kind: 'api',
      status: 403,
      requests: 1,
      message:
        'Clerk refused this request (403 authorization_invalid): Unauthorized request (injected by the local Clerk server). The secret key may lack access to this instance.',
    },
    {
      name: 'an unknown session (404)',
      run: () => mk().getSession('sess_nope'),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: "Clerk has no session 'sess_nope' (404 resource_not_found): No session was found with id sess_nope.",
      extra: (e) => assert.equal((e as ClerkApiError).code, 'resource_not_found'),
    },
    {
      name: 'an unknown user (404)',
      run: () => mk().getUser('user_nope'),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: "Clerk has no user 'user_nope' (404 resource_not_found): No user was found with id user_nope.",
    },
    {
      name: 'revoking an unknown session (404)',
      run: () => mk().revokeSession('sess_gone'),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: "Clerk has no session 'sess_gone' (404 resource_not_found): No session was found with id sess_gone.",
    },
    {
      name: 'an unknown JWT template (404)',
      run: () => mk().createSessionToken(session().id, { template: 'no_such_template' }),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: () =>
        `Clerk has no session '${session().id}' or JWT template 'no_such_template' (404 resource_not_found): No JWT template exists with name: no_such_template.`,
    },
    {
      name: 'a token for a revoked session (404)',
      run: () => mk().createSessionToken(session('revoked').id),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: () =>
        `Clerk has no session '${session('revoked').id}' (404 resource_not_found): Session ${session('revoked').id} is not active (status: revoked); tokens can only be created for active sessions.`,
    },
    {
      name: 'the verify endpoint is gone (410)',
      run: () => (
        server.controls.verifyEndpoint('gone'),
        mk({ apiVersion: '2024-10-01' }).verifySession(session().id, 'eyJhbGciOiJSUzI1NiJ9.e30.sig')
      ),
      cls: ClerkApiError,
      kind: 'api',
      status: 410,
      requests: 1,
      message:
        'Clerk no longer offers this endpoint (410 endpoint_deprecated): POST /v1/sessions/{session_id}/verify is deprecated and no longer available. Use networkless verification of session tokens against the instance JWKS.',
    },
    {
      name: 'the verify endpoint is missing (404)',
      run: () => (server.controls.verifyEndpoint('missing'), mk().verifySession(session().id, 'x.y.z')),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: () => `Clerk has no session '${session().id}' (404 resource_not_found): The requested resource was not found.`,
    },
    {
      name: "verifying with another session's token (400)",
      run: async () => {
        const c = mk();
        const others = server.data.sessions.filter((x) => x.status === 'active');
        const { jwt } = await c.createSessionToken(others[1].id);
        server.resetLog();
        return c.verifySession(others[0].id, jwt);
      },
      cls: ClerkApiError,
      kind: 'api',
      status: 400,
      requests: 1,
      message: () => {
        const others = server.data.sessions.filter((x) => x.status === 'active');
        return `Clerk rejected the request (400 token_invalid): The token could not be verified for session ${others[0].id}: token belongs to session ${others[1].id}.`;
      },
    },
    {
      name: 'verifying with a garbage token (400)',
      run: () => mk().verifySession(session().id, 'not-a-jwt'),
      cls: ClerkApiError,
      kind: 'api',
      status: 400,
      requests: 1,
      message: () =>
        `Clerk rejected the request (400 token_invalid): The token could not be verified for session ${session().id}: Invalid Compact JWS.`,
    },
    {
      name: 'a rejected parameter (422)',
      run: () => (server.controls.failNext(1, 422), mk().listSessions({ userId: 'user_1' })),
      cls: ClerkApiError,
      kind: 'api',
      status: 422,
      requests: 1,
      message: 'Clerk rejected the request (422 form_param_value_invalid): is invalid (injected by the local Clerk server).',
    },
    {
      name: 'a server error with a JSON body (500)',
      run: () => (server.controls.failNext(1, 500), mk().getInstance()),
      cls: ClerkApiError,
      kind: 'api',
      status: 500,
      requests: 1,
      message:
        'Clerk had a server problem (500 internal_clerk_error): Oops, an unexpected error occurred (injected by the local Clerk server). Try again in a moment.',
    },
    {
      name: 'a proxy HTML page (502, after 2 retries)',
      run: () => (server.controls.failNext(3, 502, { body: 'html' }), mk().getInstance()),
      cls: ClerkApiError,
      kind: 'api',
      status: 502,
      requests: 3,
      message:
        "Clerk's API answered 502 with an HTML page instead of JSON for GET /instance. A proxy, firewall or captive portal may be in the way, or the API URL is wrong.",
    },
    {
      name: 'unavailable on revoke (503, not retried)',
      run: () => (server.controls.failNext(1, 503), mk().revokeSession(session().id)),
      cls: ClerkApiError,
      kind: 'api',
      status: 503,
      requests: 1,
      message:
        'Clerk had a server problem (503 service_unavailable): Service unavailable (injected by the local Clerk server). Try again in a moment.',
    },
    {
      name: 'a gateway timeout on minting (504, not retried)',
      run: () => (server.controls.failNext(1, 504), mk().createSessionToken(session().id)),
      cls: ClerkApiError,
      kind: 'api',
      status: 504,
      requests: 1,
      message:
        'Clerk had a server problem (504 gateway_timeout): Gateway timeout (injected by the local Clerk server). Try again in a moment.',
    },
    {
      name: 'an empty error body (500)',
      run: () => (server.controls.failNext(1, 500, { body: 'empty' }), mk().getInstance()),
      cls: ClerkApiError,
      kind: 'api',
      status: 500,
      requests: 1,
      message: "Clerk's API answered 500 with an empty body for GET /instance. Try again in a moment.",
    },
    {
      name: 'a truncated JSON error body (500)',
      run: () => (server.controls.failNext(1, 500, { body: 'truncated' }), mk().getInstance()),
      cls: ClerkApiError,
      kind: 'api',
      status: 500,
      requests: 1,
      message: "Clerk's API answered 500 with a body that is not valid JSON (cut short?) for GET /instance. Try again in a moment.",
    },
    {
      name: 'an HTML 404 page on a POST',
      run: () => (server.controls.failNext(1, 404, { body: 'html' }), mk().revokeSession(session().id)),
      cls: ClerkApiError,
      kind: 'api',
      status: 404,
      requests: 1,
      message: () =>
        `Clerk's API answered 404 with an HTML page instead of JSON for POST /sessions/${session().id}/revoke. A proxy, firewall or captive portal may be in the way, or the API URL is wrong.`,
    },
    {
      name: 'a Retry-After longer than the cap (429)',
      run: () => (server.controls.failNext(1, 429, { retryAfter: 120 }), mk().getInstance()),
      cls: ClerkApiError,
      kind: 'api',
      status: 429,
      requests: 1,
      message: 'Clerk is limiting the request rate (429 too_many_requests). Try again in 2 min.',
      extra: (e) => assert.equal((e as ClerkApiError).retryAfter, 120),
    },
    {
      name: 'rate limited through every retry (429)',
      run: () => (server.controls.rateLimit({ n: 10, retryAfter: 0 }), mk().listJwtTemplates()),
      cls: ClerkApiError,
      kind: 'api',
      status: 429,
      requests: 4,
      message: 'Clerk is limiting the request rate (429 too_many_requests). Try again in 1 s.',
    },
    {
      name: 'a Retry-After given as an HTTP date an hour away (429)',
      run: () => mk({ apiUrl: `${raw.http.origin}/date` }).getInstance(),
      cls: ClerkApiError,
      kind: 'api',
      status: 429,
      message: 'Clerk is limiting the request rate (429 too_many_requests). Try again in 60 min.',
      extra: (e) => {
        assert.equal((e as ClerkApiError).traceId, 'trace_abc');
        assert.ok(((e as ClerkApiError).retryAfter ?? 0) > 3500);
      },
    },
    {
      name: 'a non-Clerk JSON error from a proxy (502 on POST)',
      run: () => mk({ apiUrl: `${raw.http.origin}/proxyjson` }).revokeSession('sess_1'),
      cls: ClerkApiError,
      kind: 'api',
      status: 502,
      message: 'Clerk had a server problem (502). Try again in a moment.',
      extra: (e) => assert.equal((e as ClerkApiError).traceId, '8a1b2c3d4e5f-FRA'),
    },
    {
      name: 'a redirect (302)',
      run: () => mk({ apiUrl: `${raw.http.origin}/redirect` }).getInstance(),
      cls: ClerkApiError,
      kind: 'api',
      status: 302,
      message: "Clerk's API answered with a redirect (302) for GET /instance. Check the API URL.",
    },

    // ---- 2xx answers that break the contract
    {
      name: 'an HTML page with 200',
      run: () => (server.controls.failNext(1, 200, { body: 'html' }), mk().getInstance()),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message:
        "Clerk's API answered 200 with an HTML page instead of JSON for GET /instance. A proxy or captive portal may be in the way, or the API URL is wrong.",
    },
    {
      name: 'an empty 200',
      run: () => (server.controls.failNext(1, 200, { body: 'empty' }), mk().getInstance()),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: 'Clerk returned an empty answer (200) for GET /instance.',
    },
    {
      name: 'plain text with 200',
      run: () => mk({ apiUrl: `${raw.http.origin}/notjson` }).getInstance(),
      cls: ClerkResponseError,
      kind: 'response',
      message: 'Clerk returned a body that is not valid JSON (cut short?) for GET /instance.',
    },
    {
      name: 'an error body with status 200 (no id)',
      run: () => (server.controls.failNext(1, 200), mk().getSession('sess_1')),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: "Clerk returned a session without 'id' (GET /sessions/sess_1).",
      extra: (e) => assert.equal((e as ClerkResponseError).field, 'id'),
    },
    {
      name: "a session without 'status'",
      run: () => {
        const s = session();
        return withPatched(
          s,
          (o) => delete o.status,
          () => mk().getSession(s.id),
        );
      },
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: () => `Clerk returned a session without 'status' (GET /sessions/${session().id}).`,
    },
    {
      name: "a user whose 'created_at' is a string",
      run: () =>
        withPatched(
          server.data.users[0],
          (u) => (u.created_at = 'yesterday'),
          () => mk().getUser(server.data.users[0].id),
        ),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: () => `Clerk returned a user whose 'created_at' is a string, not a number (GET /users/${server.data.users[0].id}).`,
    },
    {
      name: "a session list item without 'client_id'",
      run: async () => {
        const s = session();
        const ordered = server.data.sessions.filter((x) => x.user_id === s.user_id).sort((a, b) => b.created_at - a.created_at);
        return withPatched(
          ordered[0],
          (o) => delete o.client_id,
          () => mk().listSessions({ userId: s.user_id }),
        );
      },
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: "Clerk returned a session without 'client_id' (item 1 of the list) (GET /sessions).",
      extra: (e) => assert.equal((e as ClerkResponseError).field, '[0].client_id'),
    },
    {
      name: "a JWT template without 'name'",
      run: () =>
        withPatched(
          server.data.jwtTemplates[0],
          (t) => delete t.name,
          () => mk().listJwtTemplates(),
        ),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: "Clerk returned a JWT template without 'name' (item 1 of the list) (GET /jwt_templates).",
    },
    {
      name: "an instance without 'environment_type'",
      run: () =>
        withPatched(
          server.data.instance,
          (i) => delete i.environment_type,
          () => mk().getInstance(),
        ),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      message: "Clerk returned an instance without 'environment_type' (GET /instance).",
    },
    {
      name: 'an object where a list was expected',
      run: () => mk({ apiUrl: `${raw.http.origin}/list` }).listJwtTemplates(),
      cls: ClerkResponseError,
      kind: 'response',
      message: 'Clerk returned an object where a JWT template list was expected (GET /jwt_templates).',
    },
    {
      name: "a JWKS key without 'kid'",
      run: () => mk({ apiUrl: `${raw.http.origin}/jwksbad` }).getJwks(),
      cls: ClerkResponseError,
      kind: 'response',
      message: "Clerk returned a JWKS key without 'kid' (item 1 of 'keys') (GET /jwks).",
      extra: (e) => assert.equal((e as ClerkResponseError).field, 'keys[0].kid'),
    },
    {
      name: 'a count that is not a number',
      run: () => mk({ apiUrl: `${raw.http.origin}/count` }).countUsers(),
      cls: ClerkResponseError,
      kind: 'response',
      message: "Clerk returned a user count whose 'total_count' is a string, not a number (GET /users/count).",
    },

    // ---- transport faults
    {
      name: 'connection refused',
      run: () => mk({ apiUrl: `http://127.0.0.1:${refusedPort}/v1` }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'network',
      message: () =>
        `Couldn't connect to 127.0.0.1:${refusedPort}: the connection was refused (ECONNREFUSED). Check the API URL and your network.`,
    },
    {
      name: 'a host name that does not resolve (DNS)',
      run: () => mk({ apiUrl: 'https://api.clerk-sessions-test.invalid/v1' }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'dns',
      message: () =>
        `Couldn't find the Clerk API host 'api.clerk-sessions-test.invalid' (${dnsCode}). Check your network connection and the API URL.`,
    },
    {
      name: 'a TLS handshake with something that is not TLS',
      run: () => mk({ apiUrl: at(raw.garbage, 'https') }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'tls',
      message: () =>
        `Couldn't make a secure connection to ${host(raw.garbage)} (EPROTO): it doesn't answer HTTPS properly. Check the API URL; a proxy or firewall may be in the way.`,
    },
    {
      name: 'a self-signed certificate',
      run: () => (selfSigned ? mk({ apiUrl: at(selfSigned, 'https') }).getInstance() : Promise.reject(new Error('SKIP'))),
      cls: ClerkNetworkError,
      kind: 'tls',
      message: () =>
        `Couldn't make a secure connection to ${host(selfSigned!)}: its certificate isn't trusted (DEPTH_ZERO_SELF_SIGNED_CERT). A proxy or firewall may be intercepting HTTPS, or the API URL is wrong.`,
    },
    {
      name: 'a server that closes the connection at once',
      run: () => mk({ apiUrl: at(raw.destroy) }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'reset',
      message: () => `The connection to ${host(raw.destroy)} was closed before Clerk's answer arrived (ECONNRESET). Try again.`,
    },
    {
      name: 'a TCP reset after the request',
      run: () => mk({ apiUrl: at(raw.rst) }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'reset',
      message: () => `The connection to ${host(raw.rst)} was closed before Clerk's answer arrived (ECONNRESET). Try again.`,
    },
    {
      name: 'a 200 body cut off mid-way',
      run: () => (server.controls.failNext(1, 200, { body: 'truncated' }), mk().getInstance()),
      cls: ClerkNetworkError,
      kind: 'reset',
      requests: 1,
      message: () => `The connection to ${new URL(server.origin).host} was closed before Clerk's answer arrived (ECONNRESET). Try again.`,
    },
    {
      name: 'a server that does not speak HTTP',
      run: () => mk({ apiUrl: at(raw.garbage) }).getInstance(),
      cls: ClerkNetworkError,
      kind: 'network',
      message: () =>
        `The server at ${host(raw.garbage)} didn't answer in HTTP (HPE_INVALID_CONSTANT). Check the API URL: it should point at Clerk's Backend API.`,
    },
    {
      name: 'no answer within the timeout (hang)',
      run: () => (server.controls.hang(1), mk({ timeoutMs: 300 }).getInstance()),
      cls: ClerkTimeoutError,
      kind: 'timeout',
      requests: 1,
      message: "Clerk didn't answer within 300 ms (GET /instance). Check your network, or try again.",
    },
    {
      name: 'a slow answer past the timeout',
      run: () => (server.controls.latency(1500), mk({ timeoutMs: 1200 }).listUsers()),
      cls: ClerkTimeoutError,
      kind: 'timeout',
      requests: 1,
      message: "Clerk didn't answer within 1.2 s (GET /users). Check your network, or try again.",
    },
    {
      name: 'the user cancels a request in flight',
      run: () => {
        server.controls.hang(1);
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 100);
        return mk().getSession('sess_1', ac.signal);
      },
      cls: ClerkAbortError,
      kind: 'aborted',
      requests: 1,
      message: 'The request to Clerk was cancelled (GET /sessions/sess_1).',
    },
    {
      name: 'an already-cancelled signal',
      run: () => mk().revokeSession('sess_1', AbortSignal.abort()),
      cls: ClerkAbortError,
      kind: 'aborted',
      requests: 0,
      message: 'The request to Clerk was cancelled (POST /sessions/sess_1/revoke).',
    },

    // ---- bad inputs, refused before any request
    {
      name: 'an empty session id',
      run: () => mk().getSession(''),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'A session id is required (got an empty string).',
    },
    {
      name: 'a blank user id',
      run: () => mk().getUser('   '),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'A user id is required (got only spaces).',
    },
    {
      name: "a session id '..'",
      run: () => mk().revokeSession('..'),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: "'..' is not a valid session id.",
    },
    {
      name: 'a session id with a line break',
      run: () => mk().getSession('sess_1\nHost: evil'),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'The session id contains control characters.',
    },
    {
      name: 'a session id with a lone surrogate',
      run: () => mk().getSession('sess_\uD800'),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message:
        'The session id contains a broken character (half of a UTF-16 surrogate pair), so it cannot be sent to Clerk. Copy it again.',
    },
    {
      name: 'a JWT template name with a lone low surrogate',
      run: () => mk().createSessionToken('sess_1', { template: '\uDC00tpl' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message:
        'The JWT template name contains a broken character (half of a UTF-16 surrogate pair), so it cannot be sent to Clerk. Copy it again.',
    },
    {
      name: 'a user id with a lone surrogate for listing sessions',
      run: () => mk().listSessions({ userId: 'user_\uD83D' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'The user id contains a broken character (half of a UTF-16 surrogate pair), so it cannot be sent to Clerk. Copy it again.',
    },
    {
      name: 'an answer larger than the size cap',
      run: () => mk({ maxResponseBytes: 2048 }).listUsers({ limit: 100 }),
      cls: ClerkResponseError,
      kind: 'response',
      requests: 1,
      status: 200,
      message: "Clerk's answer to GET /users was larger than 2 KB; stopped reading.",
    },
    {
      name: 'an empty JWT template name',
      run: () => mk().createSessionToken('sess_1', { template: '' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'A JWT template name is required (got an empty string).',
    },
    {
      name: 'listing sessions with neither user nor client',
      run: () => mk().listSessions({}),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'Listing sessions needs a user id or a client id (Clerk requires one of them).',
    },
    {
      name: 'an unknown session status filter',
      run: () => mk().listSessions({ userId: 'user_1', status: 'bogus' as never }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: "'bogus' is not a session status Clerk can filter by (abandoned, active, ended, expired, removed, replaced, revoked).",
    },
    {
      name: 'limit 0',
      run: () => mk().listUsers({ limit: 0 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'limit must be a whole number from 1 to 500 (got 0).',
    },
    {
      name: 'limit 501',
      run: () => mk().listSessions({ userId: 'u', limit: 501 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'limit must be a whole number from 1 to 500 (got 501).',
    },
    {
      name: 'limit 2.5',
      run: () => mk().listUsers({ limit: 2.5 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'limit must be a whole number from 1 to 500 (got 2.5).',
    },
    {
      name: 'offset -1',
      run: () => mk().listUsers({ offset: -1 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'offset must be a whole number, 0 or more (got -1).',
    },
    {
      name: 'a token lifetime of 10 s',
      run: () => mk().createSessionToken('sess_1', { expiresInSeconds: 10 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'A token lifetime must be a whole number of seconds from 30 to 315360000 (got 10).',
    },
    {
      name: 'verifying with an empty token',
      run: () => mk().verifySession('sess_1', '  '),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'A session token is required to verify a session.',
    },
    {
      name: 'an empty secret key',
      run: () => mk({ secretKey: '' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'No Clerk secret key is set. Add one with "Clerk: Set Secret Key".',
    },
    {
      name: 'a secret key with a space inside',
      run: () => mk({ secretKey: `${server.secretKey.slice(0, 20)} ${server.secretKey.slice(20)}` }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message:
        'The secret key contains spaces, line breaks or other characters a key never has. Copy it again from Clerk Dashboard → API keys.',
    },
    {
      name: 'an API URL that is not a URL',
      run: () => mk({ apiUrl: 'api.clerk.com v1' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: "The Clerk API URL 'api.clerk.com v1' is not a valid URL. It should look like https://api.clerk.com/v1.",
    },
    {
      name: 'an ftp:// API URL',
      run: () => mk({ apiUrl: 'ftp://api.clerk.com/v1' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: "The Clerk API URL must start with https:// (got 'ftp:').",
    },
    {
      name: 'an API URL with credentials',
      run: () => mk({ apiUrl: 'https://user:pw@api.clerk.com/v1' }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'The Clerk API URL must not contain credentials, a query or a fragment.',
    },
    {
      name: 'a zero timeout',
      run: () => mk({ timeoutMs: 0 }),
      cls: ClerkInputError,
      kind: 'input',
      requests: 0,
      message: 'timeoutMs must be a positive number (got 0).',
    },
  ];

  let dnsCode = 'ENOTFOUND';

  for (const c of cases) {
    it(c.name, async function () {
      if (c.name === 'a self-signed certificate' && !selfSigned) this.skip();
      if (c.name.includes('DNS')) this.timeout(20_000);
      let error: unknown;
      try {
        await c.run();
      } catch (e) {
        error = e;
      }
      assert.ok(error !== undefined, 'expected an error');
      thrown.push({ name: c.name, error });
      if (c.kind === 'dns' && error instanceof ClerkNetworkError && error.code) dnsCode = error.code;
      assert.ok(error instanceof c.cls, `expected ${c.cls.name}, got ${String(error)}`);
      assert.ok(error instanceof ClerkError);
      assert.equal(error.kind, c.kind);
      assert.equal(error.message, typeof c.message === 'function' ? c.message() : c.message);
      assert.ok(!(error instanceof SyntaxError));
      if (c.status !== undefined) assert.equal((error as ClerkApiError).status, c.status);
      if (c.requests !== undefined) assert.equal(server.requests.length, c.requests, 'requests the server saw');
      c.extra?.(error);
    });
  }

  it('has at least 30 distinct bad inputs and faults', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  });

  it('never shows the secret key: message, stack, JSON, String, util.inspect, log', () => {
    assert.ok(thrown.length >= 30, `collected ${thrown.length} errors`);
    const secrets = [server.secretKey, wrongKey, server.secretKey.slice('sk_test_'.length), wrongKey.slice('sk_test_'.length)];
    for (const { name, error } of thrown) {
      const e = error as Error;
      const forms = [
        e.message,
        e.stack ?? '',
        String(e),
        JSON.stringify(e),
        inspect(e, { showHidden: true, depth: Infinity, getters: true }),
        inspect({ wrapped: e }, { depth: Infinity }),
      ];
      for (const f of forms) for (const s of secrets) assert.ok(!f.includes(s), `the key leaked through "${name}": ${f.slice(0, 200)}`);
    }
    const client = mk();
    for (const f of [JSON.stringify(client), inspect(client, { showHidden: true, depth: Infinity }), String(client)]) {
      for (const s of secrets) assert.ok(!f.includes(s), 'the client object shows its key');
    }
    assert.ok(logLines.length > 10, 'the logger saw the failures');
    for (const line of logLines) for (const s of secrets) assert.ok(!line.includes(s), `the key leaked into the log: ${line}`);
  });

  it('JSON form of an API error carries what the UI needs', () => {
    const api = thrown.find((t) => t.name === 'an unknown session (404)')!.error as ClerkApiError;
    const j = JSON.parse(JSON.stringify(api)) as Record<string, unknown>;
    assert.equal(j.kind, 'api');
    assert.equal(j.status, 404);
    assert.equal(j.name, 'ClerkApiError');
    assert.equal(j.request, 'GET /sessions/sess_nope');
    assert.equal((j.errors as Array<{ code: string }>)[0].code, 'resource_not_found');
    assert.equal(typeof j.traceId, 'string');
  });
});
