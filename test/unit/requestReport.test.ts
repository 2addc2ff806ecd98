// Explain Request's report in a person's words: one time format (local, as the rest of the report), __client_uat
// values with their time, a handshake's Set-Cookie lines without stray separators, every word through l10n.
import * as assert from 'node:assert/strict';
import { explainRequestReport, type RequestOptions } from '../../src/requests';
import { publishableKeyFor } from '../../src/requests/keys';
import { renderText } from '../../src/reports/report';
import { localTime } from '../../src/util/format';

const NOW = Date.UTC(2026, 10, 27, 12);
const OPTS: RequestOptions = { publishableKey: publishableKeyFor('clerk.example.test', 'production'), jwks: { keys: [] }, now: NOW };
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: unknown): string => `${b64({ alg: 'RS256', kid: 'k', typ: 'JWT' })}.${b64(payload)}.c2ln`;
const UAT = Math.floor(NOW / 1000) - 60;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

async function text(...lines: string[]): Promise<string> {
  const report = await explainRequestReport(
    ['GET /dashboard HTTP/1.1', 'Host: app.example.test', 'Accept: text/html', 'Sec-Fetch-Dest: document', ...lines].join('\r\n'),
    OPTS,
    'Fri, 27 Nov 2026 12:00:09 GMT',
  );
  return renderText(report);
}

describe('Explain Request: the report in words', () => {
  it('times are local, as in the rest of the report: the token, Clerk clock and __client_uat; no ISO time', async () => {
    const session = jwt({
      sid: 'sess_1',
      sub: 'user_1',
      iss: 'https://clerk.example.test',
      iat: UAT - 30,
      nbf: UAT - 40,
      exp: UAT + 30,
      v: 2,
    });
    const all = await text(`Cookie: __client_uat=${UAT}; __session=${session}`);
    assert.doesNotMatch(all, ISO, all);
    assert.ok(all.includes(`${UAT} (${localTime(UAT * 1000)})`), `the __client_uat cookie with its time:\n${all}`);
    assert.ok(all.includes(localTime((UAT - 30) * 1000)), `iat as a local time:\n${all}`);
    assert.ok(all.includes(`${localTime(NOW + 9000)} (this machine is 9 s behind)`), `Clerk's clock as a local time:\n${all}`);
  });

  it('a signed-out __client_uat of 0 says so', async () => {
    assert.match(await text('Cookie: __client_uat=0'), /__client_uat: \d+ bytes · 0 \(signed out\)/);
  });

  it("a handshake's Set-Cookie lines: a token's size in words, __client_uat's time, attributes after one separator", async () => {
    const session = jwt({ sid: 'sess_1', sub: 'user_1', iat: 1, exp: 2 });
    const hs = jwt({ handshake: [`__session=${session}; Path=/; Secure`, `__client_uat=${UAT}; Path=/`, '__session_x=; Max-Age=0'] });
    const all = await text(`Cookie: __clerk_handshake=${hs}`);
    assert.match(all, new RegExp(`set: a token of ${session.length} characters · Path=/; Secure`), all);
    assert.ok(all.includes(`set: ${UAT} (${localTime(UAT * 1000)}) · Path=/`), all);
    assert.doesNotMatch(all, / ·;/, 'a separator followed by the attributes’ own semicolon');
    assert.match(all, /! __session_x: deleted/);
    assert.doesNotMatch(all, ISO, all);
  });
});
