// Requests for Clerk: Explain Request that the integration test (test/integration/85-explain-request) and the README
// screenshots (test/ui/05-requests) both explain: one text each, so the report the README shows is the one tested.
// Tokens are minted by the local server over HTTP (POST /sessions/{id}/tokens: no azp, as the Backend API mints them).
import { AUTHORIZED_PARTY } from './jwt';

/** A session token for `sessionId`, minted as an app's server mints one: POST /sessions/{id}/tokens (no azp). */
export async function mintOverApi(server: { url: string; secretKey: string }, sessionId: string): Promise<string> {
  const res = await fetch(`${server.url}/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 200) throw new Error(`minting for ${sessionId}: ${res.status}`);
  return ((await res.json()) as { jwt: string }).jwt;
}

/** The payload of a JWT, unverified. */
export const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** A captured API request whose `__client_uat` is 60 s newer than its session token's iat: signed out, stale token. */
export function clientUatRequest(jwt: string): { text: string; iat: number; clientUat: number } {
  const iat = Number(claimsOf(jwt).iat);
  const clientUat = iat + 60;
  const text = [
    'GET http://localhost:3000/api/me HTTP/1.1',
    'Host: localhost:3000',
    'Accept: application/json',
    `Cookie: __clerk_db_jwt=dvb_2devbrowser; __client_uat=${clientUat}; __session=${jwt}`,
    '',
  ].join('\n');
  return { text, iat, clientUat };
}

/** The `clerk.authorizedParties` the .http request is explained with: the app's origin. */
export const AUTHORIZED_PARTIES = [AUTHORIZED_PARTY];

/**
 * An `.http` file (REST Client / httpYac syntax) with two requests: a health check, and the profile with a session
 * token in `Authorization: Bearer` through a file variable. Its request lines are on lines 4 and 8 (0-based).
 */
export function azpHttpFile(jwt: string): { text: string; requestLines: [number, number] } {
  const text = [
    '@host = http://localhost:3000',
    `@token = ${jwt}`,
    '',
    '### a health check',
    'GET {{host}}/health',
    '',
    '###',
    '# the profile, with the token the backend got',
    'GET {{host}}/api/me',
    'Authorization: Bearer {{token}}',
    'Accept: application/json',
    '',
  ].join('\n');
  return { text, requestLines: [4, 8] };
}

/** A request from a server or job with an M2M token (`mt_…`) in `Authorization: Bearer`. */
export function m2mRequest(secret: string): string {
  return `POST http://localhost:3000/api/jobs\nAuthorization: Bearer ${secret}\nAccept: application/json\n`;
}

/** The page load a browser makes after Clerk's Frontend API redirected it back with a handshake in the URL. */
export function handshakeRequest(handshake: string, reason = 'session-token-expired-refresh-non-eligible-no-refresh-cookie'): string {
  return [
    `GET http://localhost:3000/dashboard?__clerk_handshake=${handshake}&__clerk_hs_reason=${reason} HTTP/1.1`,
    'Accept: text/html',
    'Sec-Fetch-Dest: document',
    '',
  ].join('\n');
}
