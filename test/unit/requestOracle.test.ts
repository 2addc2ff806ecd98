// The request oracle: each request of the table is built as a real Request and run through @clerk/backend's own
// authenticateRequest (createClerkClient with jwtKey: networkless; telemetry off; the API URL a closed loopback port),
// and the same request, written as raw HTTP text, through our parser and explainer. Outcome (signed-in / signed-out /
// handshake / a thrown exception) and reason code must be equal for every request; the expected outcome is written in
// the table too, so two wrong answers cannot agree silently. For a pending session, auth()'s answer is compared too.
// Not in the table: opaque machine tokens whose type is accepted (their verification needs the Backend API's
// verify endpoints, which the local server does not serve yet) and handshake nonces (same reason).
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { createClerkClient } from '@clerk/backend';
import { getCookieSuffix } from '@clerk/shared/keys';
import { explainRequest, type RequestOptions } from '../../src/requests';
import { cookieSuffix, publishableKeyFor } from '../../src/requests/keys';
import { localTime } from '../../src/util/format';

process.env.CLERK_TELEMETRY_DISABLED = '1';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

function rawSign(header: object, payload: unknown, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function makeRsa(kid: string): { priv: KeyObject; pem: string; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return {
    priv: privateKey,
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: j.n, e: j.e },
  };
}

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const T = NOW / 1000;
const DEV_FAPI = 'clean-cat-12.clerk.accounts.dev';
const LIVE_FAPI = 'clerk.example.test';
const PK_DEV = publishableKeyFor(DEV_FAPI, 'development');
const PK_LIVE = publishableKeyFor(LIVE_FAPI, 'production');
const SK = `sk_test_oracleFake${'0'.repeat(30)}`; // made at run time: obviously fake
const APP = 'https://app.example.test';
const SESSION_CAT = 'cl_B7d4PD111AAA';
const TEMPLATE_CAT = 'cl_B7d4PD222AAA';

type Outcome = { status: string; reason: string | null; authSignedOut?: boolean };

interface Case {
  name: string;
  pk?: string | null;
  method?: string;
  url?: string;
  headers?: Array<[string, string]>;
  cookies?: Array<[string, string]>;
  opts?: { authorizedParties?: string[]; acceptsToken?: RequestOptions['acceptsToken']; clockSkewInMs?: number };
  expect: Outcome;
}

describe('request oracle: our explainer equals @clerk/backend authenticateRequest', function () {
  this.timeout(120_000);
  const k = makeRsa('ins_req_1');
  const other = makeRsa('ins_req_other');
  const jwks = { keys: [k.jwk] };
  let sfxDev = '';
  let sfxLive = '';

  const claims = (iss: string, extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const c: Record<string, unknown> = {
      azp: APP,
      exp: T + 55,
      iat: T - 5,
      iss: `https://${iss}`,
      jti: 'j1',
      nbf: T - 10,
      sid: 'sess_2abc',
      sub: 'user_2abc',
      v: 2,
      sts: 'active',
      ...extra,
    };
    for (const key of Object.keys(c)) if (c[key] === undefined) delete c[key];
    return c;
  };
  const tok = (iss: string, extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: KeyObject = k.priv): string =>
    rawSign({ alg: 'RS256', kid: 'ins_req_1', typ: 'JWT', cat: SESSION_CAT, ...header }, claims(iss, extra), key);
  const dev = (extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key?: KeyObject): string =>
    tok(DEV_FAPI, extra, header, key);
  const live = (extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key?: KeyObject): string =>
    tok(LIVE_FAPI, extra, header, key);

  const DOC: Array<[string, string]> = [
    ['accept', 'text/html,application/xhtml+xml'],
    ['sec-fetch-dest', 'document'],
  ];
  const API: Array<[string, string]> = [
    ['accept', 'application/json'],
    ['sec-fetch-dest', 'empty'],
  ];
  const bearer = (t: string): Array<[string, string]> => [['authorization', `Bearer ${t}`]];
  const DB: [string, string] = ['__clerk_db_jwt', 'dvb_2devbrowser'];
  const uat = (v: number | string): [string, string] => ['__client_uat', String(v)];
  const sess = (t: string): [string, string] => ['__session', t];

  const cases = (): Case[] => {
    const SIN = { status: 'signed-in', reason: null };
    const out = (reason: string): Outcome => ({ status: 'signed-out', reason });
    const hs = (reason: string): Outcome => ({ status: 'handshake', reason });
    const EXP_NOCOOKIE = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';
    const sUat = (v: number | string, sfx: string): [string, string] => [`__client_uat_${sfx}`, String(v)];
    const sSess = (t: string, sfx: string): [string, string] => [`__session_${sfx}`, t];
    return [
      // Authorization header (development instance: the header path never looks at the dev browser).
      { name: 'header: valid session token', headers: [...API, ...bearer(dev())], expect: SIN },
      {
        name: 'header: expired, API request',
        headers: [...API, ...bearer(dev({ exp: T - 60, iat: T - 120, nbf: T - 125 }))],
        expect: out(EXP_NOCOOKIE),
      },
      {
        name: 'header: expired, page load',
        headers: [...DOC, ...bearer(dev({ exp: T - 60, iat: T - 120, nbf: T - 125 }))],
        expect: hs(EXP_NOCOOKIE),
      },
      {
        name: 'header: expired, POST page load',
        method: 'POST',
        headers: [...DOC, ...bearer(dev({ exp: T - 60, iat: T - 120, nbf: T - 125 }))],
        expect: out('session-token-expired-refresh-non-eligible-non-get'),
      },
      { name: 'header: nbf in the future', headers: [...API, ...bearer(dev({ nbf: T + 30 }))], expect: out('session-token-nbf') },
      {
        name: 'header: iat in the future',
        headers: [...API, ...bearer(dev({ iat: T + 30, nbf: undefined }))],
        expect: out('session-token-iat-in-the-future'),
      },
      {
        name: 'header: signed by another key',
        headers: [...API, ...bearer(dev({}, {}, other.priv))],
        expect: out('token-invalid-signature'),
      },
      {
        name: 'header: template token (cat) as a session token',
        headers: [...API, ...bearer(dev({ sid: undefined, v: undefined }, { cat: TEMPLATE_CAT }))],
        expect: out('token-type-mismatch'),
      },
      {
        name: 'header: M2M JWT (sub mch_)',
        headers: [...API, ...bearer(dev({ sub: 'mch_2abc', sid: undefined }, { cat: undefined }))],
        expect: out('token-type-mismatch'),
      },
      {
        name: 'header: OAuth JWT (typ at+jwt)',
        headers: [...API, ...bearer(dev({}, { typ: 'at+jwt', cat: undefined }))],
        expect: out('token-type-mismatch'),
      },
      { name: 'header: not a JWT', headers: [...API, ['authorization', 'Bearer not-a-token']], expect: out('token-invalid') },
      {
        name: 'header: "Bearer" alone is taken as the token',
        headers: [...API, ['authorization', 'Bearer']],
        expect: out('token-invalid'),
      },
      {
        name: 'header: Basic scheme is ignored (cookies decide)',
        headers: [...API, ['authorization', 'Basic dXNlcjpwYXNz']],
        expect: out('dev-browser-missing'),
      },
      {
        name: 'header: lower-case "bearer" is ignored',
        headers: [...API, ['authorization', `bearer ${dev()}`]],
        expect: out('dev-browser-missing'),
      },
      { name: 'header: token without a scheme', headers: [...API, ['authorization', dev()]], expect: SIN },
      {
        name: 'header: azp missing, authorizedParties set',
        headers: [...API, ...bearer(dev({ azp: undefined }))],
        opts: { authorizedParties: [APP] },
        expect: out('token-invalid-authorized-parties'),
      },
      {
        name: 'header: azp wrong, authorizedParties set',
        headers: [...API, ...bearer(dev({ azp: 'https://evil.test' }))],
        opts: { authorizedParties: [APP] },
        expect: out('token-invalid-authorized-parties'),
      },
      {
        name: 'header: azp right, authorizedParties set',
        headers: [...API, ...bearer(dev())],
        opts: { authorizedParties: [APP] },
        expect: SIN,
      },
      { name: 'header: azp wrong, no authorizedParties', headers: [...API, ...bearer(dev({ azp: 'https://evil.test' }))], expect: SIN },
      { name: 'header: azp missing, no authorizedParties', headers: [...API, ...bearer(dev({ azp: undefined }))], expect: SIN },
      {
        name: 'header: pending session',
        headers: [...API, ...bearer(dev({ sts: 'pending' }))],
        expect: { status: 'signed-in', reason: null, authSignedOut: true },
      },
      {
        name: 'header: M2M category JWT',
        headers: [...API, ...bearer(dev({}, { cat: 'cl_B7d4PD333AAA' }))],
        expect: out('token-type-mismatch'),
      },
      // Clock skew at the 5 s leeway's edges.
      { name: 'skew: nbf exactly 5 s ahead', headers: [...API, ...bearer(dev({ nbf: T + 5 }))], expect: SIN },
      { name: 'skew: nbf 6 s ahead', headers: [...API, ...bearer(dev({ nbf: T + 6 }))], expect: out('session-token-nbf') },
      { name: 'skew: iat exactly 5 s ahead', headers: [...API, ...bearer(dev({ iat: T + 5, nbf: undefined }))], expect: SIN },
      {
        name: 'skew: iat 6 s ahead',
        headers: [...API, ...bearer(dev({ iat: T + 6, nbf: undefined }))],
        expect: out('session-token-iat-in-the-future'),
      },
      { name: 'skew: exp 4 s ago', headers: [...API, ...bearer(dev({ exp: T - 4 }))], expect: SIN },
      { name: 'skew: exp exactly 5 s ago', headers: [...API, ...bearer(dev({ exp: T - 5 }))], expect: out(EXP_NOCOOKIE) },
      {
        name: 'skew: clockSkewInMs 0, nbf 1 s ahead',
        headers: [...API, ...bearer(dev({ nbf: T + 1 }))],
        opts: { clockSkewInMs: 0 },
        expect: out('session-token-nbf'),
      },
      // Cookies on a development instance.
      { name: 'dev: no cookies, API request', headers: API, expect: out('dev-browser-missing') },
      { name: 'dev: no cookies, page load', headers: DOC, expect: hs('dev-browser-missing') },
      { name: 'dev: dev browser only', headers: DOC, cookies: [DB], expect: out('session-token-and-uat-missing') },
      { name: 'dev: signed in', headers: DOC, cookies: [DB, uat(T - 60), sess(dev())], expect: SIN },
      {
        name: 'dev: __clerk_db_jwt in the URL',
        url: 'http://localhost:3000/?__clerk_db_jwt=dvb_x',
        headers: DOC,
        cookies: [DB],
        expect: hs('dev-browser-sync'),
      },
      { name: 'dev: session cookie, no dev browser', headers: DOC, cookies: [uat(T - 60), sess(dev())], expect: hs('dev-browser-missing') },
      // Cookies on a production instance.
      { name: 'live: no cookies', pk: PK_LIVE, headers: DOC, expect: out('session-token-and-uat-missing') },
      {
        name: 'live: __client_uat 0, no session',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(0)],
        expect: out('session-token-and-uat-missing'),
      },
      {
        name: 'live: session, no __client_uat, page load',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [sess(live())],
        expect: hs('session-token-but-no-client-uat'),
      },
      {
        name: 'live: session, __client_uat 0, API',
        pk: PK_LIVE,
        headers: API,
        cookies: [uat(0), sess(live())],
        expect: out('session-token-but-no-client-uat'),
      },
      {
        name: 'live: __client_uat, no session, page load',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60)],
        expect: hs('client-uat-but-no-session-token'),
      },
      { name: 'live: __client_uat older than the token', pk: PK_LIVE, headers: DOC, cookies: [uat(T - 60), sess(live())], expect: SIN },
      { name: 'live: __client_uat equal to iat', pk: PK_LIVE, headers: DOC, cookies: [uat(T - 5), sess(live())], expect: SIN },
      {
        name: 'live: __client_uat newer than the token, page load',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 4), sess(live())],
        expect: hs('session-token-iat-before-client-uat'),
      },
      {
        name: 'live: __client_uat newer than the token, API',
        pk: PK_LIVE,
        headers: API,
        cookies: [uat(T - 4), sess(live())],
        expect: out('session-token-iat-before-client-uat'),
      },
      {
        name: 'live: __client_uat not a number',
        pk: PK_LIVE,
        headers: API,
        cookies: [uat('abc'), sess(live())],
        expect: out('session-token-but-no-client-uat'),
      },
      {
        name: 'live: redirect loop (count 3)',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 4), sess(live()), ['__clerk_redirect_count', '3']],
        expect: out('session-token-iat-before-client-uat'),
      },
      {
        name: 'live: expired cookie, page load',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 200), sess(live({ exp: T - 60, iat: T - 120, nbf: T - 125 }))],
        expect: hs(EXP_NOCOOKIE),
      },
      {
        name: 'live: template token in the cookie',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({ sid: undefined }, { cat: TEMPLATE_CAT }))],
        expect: out('token-type-mismatch'),
      },
      {
        name: 'live: session cookie not a JWT',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess('garbage')],
        expect: out('token-invalid'),
      },
      {
        name: 'live: session cookie in quotes',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(`"${live()}"`)],
        expect: out('token-invalid'),
      },
      {
        name: 'live: cookie signed by another key',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({}, {}, other.priv))],
        expect: out('token-invalid-signature'),
      },
      {
        name: 'live: cookie azp missing, authorizedParties set',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({ azp: undefined }))],
        opts: { authorizedParties: [APP] },
        expect: out('token-invalid-authorized-parties'),
      },
      {
        name: 'live: cookie azp missing, no authorizedParties',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({ azp: undefined }))],
        expect: SIN,
      },
      {
        name: 'live: pending session in the cookie',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({ sts: 'pending' }))],
        expect: { status: 'signed-in', reason: null, authSignedOut: true },
      },
      {
        name: 'live: duplicate __session, first one stale',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess('stale'), sess(live())],
        expect: out('token-invalid'),
      },
      // Suffixed cookies.
      {
        name: 'suffix: suffixed cookies only',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [sUat(T - 60, sfxLive), sSess(live(), sfxLive)],
        expect: SIN,
      },
      {
        name: 'suffix: unsuffixed session from another instance',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(tok('other-app-1.clerk.accounts.dev')), sUat(T - 60, sfxLive), sSess(live(), sfxLive)],
        expect: SIN,
      },
      {
        name: 'suffix: unsuffixed newer than suffixed (both signed in)',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live()), sUat(T - 60, sfxLive), sSess(live({ iat: T - 30, exp: T - 10, nbf: T - 31 }), sfxLive)],
        expect: SIN,
      },
      {
        name: 'suffix: suffixed __client_uat 0, unsuffixed signed in',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live()), sUat(0, sfxLive)],
        expect: SIN,
      },
      {
        name: 'suffix: suffixed session without suffixed __client_uat',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [sSess(live(), sfxLive)],
        expect: out('session-token-and-uat-missing'),
      },
      {
        name: 'suffix: suffixed says signed in, unsuffixed newer session stale uat',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(0), sUat(T - 4, sfxLive), sSess(live(), sfxLive)],
        expect: hs('session-token-iat-before-client-uat'),
      },
      {
        name: 'suffix (dev): suffixed expired, unsuffixed __client_uat 0',
        headers: DOC,
        cookies: [DB, uat(0), sUat(T - 200, sfxDev), sSess(dev({ exp: T - 60, iat: T - 120, nbf: T - 125 }), sfxDev)],
        expect: out('session-token-and-uat-missing'),
      },
      {
        name: 'suffix (dev): suffixed dev browser',
        headers: DOC,
        cookies: [[`__clerk_db_jwt_${sfxDev}`, 'dvb_s'], sUat(T - 60, sfxDev), sSess(dev(), sfxDev)],
        expect: SIN,
      },
      {
        name: 'suffix: unsuffixed session without iss',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live({ iss: undefined })), sUat(T - 60, sfxLive)],
        expect: SIN,
      },
      // Handshake eligibility.
      {
        name: 'eligible: sec-fetch-dest iframe',
        pk: PK_LIVE,
        headers: [['sec-fetch-dest', 'iframe']],
        cookies: [uat(T - 60)],
        expect: hs('client-uat-but-no-session-token'),
      },
      {
        name: 'eligible: accept text/html, no sec-fetch-dest',
        pk: PK_LIVE,
        headers: [['accept', 'text/html']],
        cookies: [uat(T - 60)],
        expect: hs('client-uat-but-no-session-token'),
      },
      {
        name: 'not eligible: accept text/html with sec-fetch-dest empty',
        pk: PK_LIVE,
        headers: [
          ['accept', 'text/html'],
          ['sec-fetch-dest', 'empty'],
        ],
        cookies: [uat(T - 60)],
        expect: out('client-uat-but-no-session-token'),
      },
      {
        name: 'not eligible: accept */* ',
        pk: PK_LIVE,
        headers: [['accept', '*/*']],
        cookies: [uat(T - 60)],
        expect: out('client-uat-but-no-session-token'),
      },
      {
        name: 'not eligible: HEAD page load',
        pk: PK_LIVE,
        method: 'HEAD',
        headers: DOC,
        cookies: [uat(T - 60)],
        expect: out('client-uat-but-no-session-token'),
      },
      {
        name: 'referrer: signed in from another origin',
        pk: PK_LIVE,
        url: `${APP}/`,
        headers: [...DOC, ['referer', 'https://satellite.test/x']],
        cookies: [uat(T - 60), sess(live())],
        expect: hs('primary-domain-cross-origin-sync'),
      },
      {
        name: 'referrer: from the accounts portal',
        pk: PK_LIVE,
        url: `${APP}/`,
        headers: [...DOC, ['referer', 'https://accounts.example.test/sign-in']],
        cookies: [uat(T - 60), sess(live())],
        expect: SIN,
      },
      {
        name: 'referrer: from the same origin',
        pk: PK_LIVE,
        url: `${APP}/`,
        headers: [...DOC, ['referer', `${APP}/a`]],
        cookies: [uat(T - 60), sess(live())],
        expect: SIN,
      },
      // Machine tokens, offline outcomes.
      {
        name: 'machine: api_key, no header',
        pk: PK_LIVE,
        headers: API,
        opts: { acceptsToken: 'api_key' },
        expect: out('No token in header'),
      },
      {
        name: 'machine: api_key, session JWT',
        headers: [...API, ...bearer(dev())],
        opts: { acceptsToken: 'api_key' },
        expect: out('token-type-mismatch'),
      },
      {
        name: 'machine: m2m_token, ak_ key',
        headers: [...API, ...bearer('ak_2abcdefghijklmnop')],
        opts: { acceptsToken: 'm2m_token' },
        expect: out('token-type-mismatch'),
      },
      {
        name: 'machine: oauth_token, mt_ token',
        headers: [...API, ...bearer('mt_2abcdefghijklmnop')],
        opts: { acceptsToken: 'oauth_token' },
        expect: out('token-type-mismatch'),
      },
      { name: 'machine: session_token, ak_ key', headers: [...API, ...bearer('ak_2abcdefghijklmnop')], expect: out('token-invalid') },
      { name: 'machine: session_token, oat_ token', headers: [...API, ...bearer('oat_2abcdefghijklmnop')], expect: out('token-invalid') },
      {
        name: 'machine: [api_key, m2m_token], session JWT',
        headers: [...API, ...bearer(dev())],
        opts: { acceptsToken: ['api_key', 'm2m_token'] },
        expect: out('token-type-mismatch'),
      },
      {
        name: 'machine: [session_token], ak_ key',
        headers: [...API, ...bearer('ak_2abcdefghijklmnop')],
        opts: { acceptsToken: ['session_token'] },
        expect: out('token-type-mismatch'),
      },
      { name: 'machine: [api_key], no header', headers: API, opts: { acceptsToken: ['api_key'] }, expect: out('token-type-mismatch') },
      {
        name: 'machine: any, template JWT',
        headers: [...API, ...bearer(dev({ sid: undefined }, { cat: TEMPLATE_CAT }))],
        opts: { acceptsToken: 'any' },
        expect: out('token-type-mismatch'),
      },
      { name: 'machine: any, session JWT', headers: [...API, ...bearer(dev())], opts: { acceptsToken: 'any' }, expect: SIN },
      {
        name: 'machine: any, expired session JWT',
        headers: [...API, ...bearer(dev({ exp: T - 60 }))],
        opts: { acceptsToken: 'any' },
        expect: out(EXP_NOCOOKIE),
      },
      {
        name: 'machine: [session_token, api_key], cookies',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [uat(T - 60), sess(live())],
        opts: { acceptsToken: ['session_token', 'api_key'] },
        expect: SIN,
      },
      {
        name: 'machine: oauth_token, M2M JWT',
        headers: [...API, ...bearer(dev({ sub: 'mch_2abc' }, { cat: undefined }))],
        opts: { acceptsToken: 'oauth_token' },
        expect: out('token-type-mismatch'),
      },
      // Handshake tokens.
      {
        name: 'handshake: sets a valid session',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [
          [
            '__clerk_handshake',
            rawSign(
              { alg: 'RS256', kid: 'ins_req_1', typ: 'JWT' },
              { handshake: [`__session=${live()}; Path=/`, `__client_uat=${T - 5}; Path=/`] },
              k.priv,
            ),
          ],
        ],
        expect: SIN,
      },
      {
        name: 'handshake: signs out (no __session line)',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [
          ['__clerk_handshake', rawSign({ alg: 'RS256', kid: 'ins_req_1', typ: 'JWT' }, { handshake: ['__client_uat=0; Path=/'] }, k.priv)],
        ],
        expect: out('session-token-missing'),
      },
      {
        name: 'handshake (live): another key, decided from cookies',
        pk: PK_LIVE,
        headers: DOC,
        cookies: [['__clerk_handshake', rawSign({ alg: 'RS256', kid: 'ins_req_1', typ: 'JWT' }, { handshake: [] }, other.priv)]],
        expect: out('session-token-and-uat-missing'),
      },
      {
        name: 'handshake (dev): another key throws',
        url: `http://localhost:3000/?__clerk_handshake=${rawSign({ alg: 'RS256', kid: 'ins_req_1', typ: 'JWT' }, { handshake: [] }, other.priv)}`,
        headers: DOC,
        cookies: [DB],
        expect: { status: 'exception', reason: null },
      },
      { name: 'options: no publishable key', pk: null, headers: DOC, expect: { status: 'exception', reason: null } },
    ];
  };

  const toHttp = (c: Case, url: string): string => {
    const u = new URL(url);
    const lines = [`${c.method ?? 'GET'} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`];
    for (const [n, v] of c.headers ?? []) lines.push(`${n}: ${v}`);
    if (c.cookies?.length) lines.push(`Cookie: ${c.cookies.map(([n, v]) => `${n}=${v}`).join('; ')}`);
    return lines.join('\r\n') + '\r\n\r\n';
  };

  async function clerkSays(c: Case, url: string, pk: string | undefined): Promise<Outcome> {
    const headers = new Headers(c.headers ?? []);
    if (c.cookies?.length) headers.set('cookie', c.cookies.map(([n, v]) => `${n}=${v}`).join('; '));
    const request = new Request(url, { method: c.method ?? 'GET', headers });
    const realNow = Date.now;
    const realLog = console.log;
    const realError = console.error;
    const realWarn = console.warn;
    Date.now = () => NOW;
    console.log = console.error = console.warn = () => undefined;
    try {
      const client = createClerkClient({
        secretKey: SK,
        publishableKey: pk,
        jwtKey: k.pem,
        apiUrl: 'http://127.0.0.1:9',
        telemetry: { disabled: true },
      });
      const o: Record<string, unknown> = { jwtKey: k.pem, secretKey: SK };
      if (pk !== undefined) o.publishableKey = pk;
      else o.publishableKey = '';
      if (c.opts?.authorizedParties) o.authorizedParties = c.opts.authorizedParties;
      if (c.opts?.acceptsToken) o.acceptsToken = c.opts.acceptsToken;
      if (c.opts?.clockSkewInMs !== undefined) o.clockSkewInMs = c.opts.clockSkewInMs;
      const state = (await client.authenticateRequest(request, o as never)) as unknown as {
        status: string;
        reason: string | null;
        tokenType: string;
        toAuth: () => { userId?: string | null } | null;
      };
      const r: Outcome = { status: state.status, reason: state.reason ?? null };
      if (state.status === 'signed-in' && state.tokenType === 'session_token') {
        const auth = state.toAuth();
        if (auth && !auth.userId) r.authSignedOut = true;
      }
      return r;
    } catch {
      return { status: 'exception', reason: null };
    } finally {
      Date.now = realNow;
      console.log = realLog;
      console.error = realError;
      console.warn = realWarn;
    }
  }

  async function oursSays(c: Case, url: string, pk: string | undefined): Promise<Outcome> {
    const o: RequestOptions = { jwks, keySource: 'pem', now: NOW, secretKey: true };
    if (pk !== undefined) o.publishableKey = pk;
    if (c.opts?.authorizedParties) o.authorizedParties = c.opts.authorizedParties;
    if (c.opts?.acceptsToken) o.acceptsToken = c.opts.acceptsToken;
    if (c.opts?.clockSkewInMs !== undefined) o.clockSkewMs = c.opts.clockSkewInMs;
    const e = await explainRequest(toHttp(c, url), o);
    assert.ok(e.ok, `${c.name}: the request text did not parse: ${e.ok ? '' : e.sentence}`);
    const r: Outcome = { status: e.decision.status, reason: e.decision.reason };
    if (e.decision.authSignedOut) r.authSignedOut = true;
    return r;
  }

  before(async () => {
    sfxDev = await getCookieSuffix(PK_DEV);
    sfxLive = await getCookieSuffix(PK_LIVE);
  });

  it('computes the cookie suffix as @clerk/shared does', () => {
    assert.equal(cookieSuffix(PK_DEV), sfxDev);
    assert.equal(cookieSuffix(PK_LIVE), sfxLive);
  });

  it('agrees with authenticateRequest on every request of the table (outcome and reason)', async () => {
    const table = cases();
    assert.ok(table.length >= 50, `only ${table.length} requests`);
    const disagreements: string[] = [];
    const wrong: string[] = [];
    for (const c of table) {
      const url = c.url ?? 'http://localhost:3000/dashboard';
      const pk = c.pk === null ? undefined : (c.pk ?? PK_DEV);
      const clerk = await clerkSays(c, url, pk);
      const ours = await oursSays(c, url, pk);
      if (JSON.stringify(clerk) !== JSON.stringify(ours))
        disagreements.push(`${c.name}: Clerk ${JSON.stringify(clerk)}, ours ${JSON.stringify(ours)}`);
      if (JSON.stringify(clerk) !== JSON.stringify(c.expect))
        wrong.push(`${c.name}: Clerk ${JSON.stringify(clerk)}, table ${JSON.stringify(c.expect)}`);
    }
    const agree = table.length - disagreements.length;
    console.log(`      request oracle: ${agree}/${table.length} requests agree (${((100 * agree) / table.length).toFixed(1)} %)`);
    assert.deepEqual(wrong, [], 'the table expects what authenticateRequest does');
    assert.deepEqual(disagreements, []);
  });
  it("shows the token's iat and __client_uat as local times, with the seconds between them", async () => {
    const jwks1 = { jwks, keySource: 'pem' as const, now: NOW, secretKey: true, publishableKey: PK_LIVE };
    const row = async (uatSeconds: number): Promise<string> => {
      const c: Case = { name: 'uat', headers: API, cookies: [uat(uatSeconds), sess(live())], expect: { status: '', reason: null } };
      const e = await explainRequest(toHttp(c, 'http://localhost:3000/api/me'), jwks1);
      assert.ok(e.ok);
      const s = e.decision.steps.find((x) => x.label === '__client_uat');
      assert.ok(s, JSON.stringify(e.decision.steps));
      return s.value;
    };
    // iat is T - 5 (claims()); the times as the rest of the report shows them (localTime), never raw epoch seconds.
    const newer = await row(T + 55);
    assert.equal(
      newer,
      `The token's iat (${localTime((T - 5) * 1000)}) is 60 s before __client_uat (${localTime((T + 55) * 1000)}): the client changed after this token was issued.`,
    );
    const older = await row(T - 65);
    assert.equal(
      older,
      `The token's iat (${localTime((T - 5) * 1000)}) is not before __client_uat (${localTime((T - 65) * 1000)}): 60 s after it.`,
    );
    for (const v of [newer, older]) assert.doesNotMatch(v, new RegExp(`${T - 5}|${T + 55}|${T - 65}`), v);
  });

  it('agrees on 400 random requests built from the same parts (differential)', async () => {
    let seed = 20261127;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const one = <X>(xs: X[]): X => xs[Math.floor(rnd() * xs.length)];
    const maybe = (p: number): boolean => rnd() < p;
    const disagreements: string[] = [];
    let compared = 0;
    let skipped = 0;
    const seen = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const isLive = maybe(0.5);
      const pk = isLive ? PK_LIVE : PK_DEV;
      const sfx = isLive ? sfxLive : sfxDev;
      const mint = isLive ? live : dev;
      const tokens: Record<string, () => string> = {
        valid: () => mint(),
        expired: () => mint({ exp: T - 60, iat: T - 120, nbf: T - 125 }),
        nbf: () => mint({ nbf: T + 30 }),
        template: () => mint({ sid: undefined }, { cat: TEMPLATE_CAT }),
        noAzp: () => mint({ azp: undefined }),
        pending: () => mint({ sts: 'pending' }),
        otherKey: () => mint({}, {}, other.priv),
        otherInstance: () => tok('other-app-1.clerk.accounts.dev'),
        noIss: () => mint({ iss: undefined }),
        garbage: () => 'garbage',
        m2m: () => mint({ sub: 'mch_1' }, { cat: undefined }),
      };
      const tokenKinds = Object.keys(tokens);
      const headers: Array<[string, string]> = [];
      const dest = one(['document', 'iframe', 'empty', 'none', 'none']);
      if (dest !== 'none') headers.push(['sec-fetch-dest', dest]);
      const accept = one(['text/html,*/*', 'application/json', '*/*', 'none']);
      if (accept !== 'none') headers.push(['accept', accept]);
      const ref = one([
        'none',
        'none',
        `${APP}/x`,
        'https://satellite.test/',
        `https://accounts.${isLive ? 'example.test' : 'clean-cat-12.accounts.dev'}/`,
      ]);
      if (ref !== 'none') headers.push(['referer', ref]);
      const auth = one(['none', 'none', 'none', 'bearer', 'lower', 'basic', 'ak', 'mt', 'bare']);
      const authToken = tokens[one(tokenKinds)]();
      if (auth === 'bearer') headers.push(['authorization', `Bearer ${authToken}`]);
      else if (auth === 'lower') headers.push(['authorization', `bearer ${authToken}`]);
      else if (auth === 'basic') headers.push(['authorization', 'Basic dXNlcjpwYXNz']);
      else if (auth === 'ak') headers.push(['authorization', 'Bearer ak_2abcdefghijklmnop']);
      else if (auth === 'mt') headers.push(['authorization', 'Bearer mt_2abcdefghijklmnop']);
      else if (auth === 'bare') headers.push(['authorization', authToken]);
      const cookies: Array<[string, string]> = [];
      const uats = ['0', String(T - 60), String(T - 4), 'abc', String(T + 100)];
      if (maybe(0.6)) cookies.push(['__client_uat', one(uats)]);
      if (maybe(0.6)) cookies.push(['__session', tokens[one(tokenKinds)]()]);
      if (maybe(0.35)) cookies.push([`__client_uat_${sfx}`, one(uats)]);
      if (maybe(0.35)) cookies.push([`__session_${sfx}`, tokens[one(tokenKinds)]()]);
      if (maybe(0.5)) cookies.push(['__clerk_db_jwt', 'dvb_1']);
      if (maybe(0.15)) cookies.push([`__clerk_db_jwt_${sfx}`, 'dvb_2']);
      if (maybe(0.1)) cookies.push(['__clerk_redirect_count', one(['1', '3'])]);
      if (maybe(0.1)) cookies.push(['__session', tokens[one(tokenKinds)]()]);
      for (let j = cookies.length - 1; j > 0; j--) {
        const r = Math.floor(rnd() * (j + 1));
        [cookies[j], cookies[r]] = [cookies[r], cookies[j]];
      }
      const opts: Case['opts'] = {};
      const at = one<RequestOptions['acceptsToken'] | undefined>([
        undefined,
        undefined,
        undefined,
        'any',
        ['session_token', 'api_key'],
        'api_key',
        'oauth_token',
      ]);
      if (at) opts.acceptsToken = at;
      if (maybe(0.3)) opts.authorizedParties = [APP];
      const c: Case = {
        name: `random #${i}`,
        method: one(['GET', 'GET', 'GET', 'POST', 'HEAD']),
        url: one([`${APP}/page`, `${APP}/page`, `${APP}/?__clerk_db_jwt=dvb_q`]),
        headers,
        cookies,
        opts,
        expect: { status: '', reason: null },
      };
      const ours = await oursSays(c, c.url!, pk);
      if (ours.status === 'unknown') {
        skipped++;
        continue;
      }
      const clerk = await clerkSays(c, c.url!, pk);
      compared++;
      const key = `${clerk.status}:${clerk.reason}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (JSON.stringify(clerk) !== JSON.stringify(ours))
        disagreements.push(
          `#${i} ${c.method} ${c.url} ${JSON.stringify({ auth, cookies: cookies.map(([n]) => n), opts })}: Clerk ${JSON.stringify(clerk)}, ours ${JSON.stringify(ours)}`,
        );
    }
    console.log(
      `      differential: ${compared - disagreements.length}/${compared} agree; ${skipped} need the Backend API (not compared); ${seen.size} distinct outcomes`,
    );
    assert.ok(seen.size >= 12, `too few distinct outcomes: ${[...seen.keys()].join(', ')}`);
    assert.deepEqual(disagreements.slice(0, 10), []);
  });
});
