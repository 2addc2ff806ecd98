// Explain Request on hostile input: every test feeds one hostile request through the whole core (parse → decide →
// report → both renderers) and asserts that nothing throws, that it takes under 100 ms, and that the specific
// sentence for that input is there. Also: src/requests imports no vscode.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { explainRequest, explainRequestReport, parseRequestText, type RequestOptions } from '../../src/requests';
import { publishableKeyFor } from '../../src/requests/keys';
import { renderHtml, renderText } from '../../src/reports/report';
import { repoRoot } from '../support/paths';

const PK = publishableKeyFor('clerk.example.test', 'production');
const OPTS: RequestOptions = { publishableKey: PK, jwks: { keys: [] }, now: Date.UTC(2026, 10, 27, 12) };
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const fakeJwt = (payload: unknown, header: unknown = { alg: 'RS256', kid: 'k', typ: 'JWT' }): string =>
  `${b64(header)}.${b64(payload)}.c2ln`;

/** Runs the whole core on the text; returns every sentence it produced (as plain text) and the time taken. */
/**
 * The time the core keeps this thread busy, in CPU milliseconds (user + system). Wall time is not used: this machine is
 * shared by several builds at once (load average far above its 2 cores), which stretches wall time but not the work.
 */
async function run(text: unknown, opts: RequestOptions = OPTS): Promise<{ all: string; ms: number; html: string }> {
  const c0 = process.cpuUsage();
  const report = await explainRequestReport(text, opts, 'Fri, 27 Nov 2026 12:00:09 GMT');
  const all = renderText(report);
  const html = renderHtml(report, { nonce: 'n0nce', allowedCommands: [] });
  const c = process.cpuUsage(c0);
  return { all, ms: (c.user + c.system) / 1000, html };
}

async function hostile(text: unknown, expect: RegExp, opts?: RequestOptions): Promise<string> {
  const r = await run(text, opts);
  assert.ok(r.ms < 100 * Number(process.env.CLERK_CPU_BUDGET_SCALE ?? 1), `took ${r.ms.toFixed(1)} ms`);
  assert.match(r.all, expect);
  assert.ok(!/<script|<img|<a href="javascript/i.test(r.html), 'markup from the request reached the HTML');
  return r.all;
}

const http = (...lines: string[]): string =>
  ['GET /dashboard HTTP/1.1', 'Host: app.example.test', 'Accept: text/html', 'Sec-Fetch-Dest: document', ...lines].join('\r\n');

describe('Explain Request: hostile input', function () {
  this.timeout(30_000);

  before(async () => {
    await run(http('Cookie: a=b')); // warm up the code paths once, so the timings measure the input
  });

  it('refuses a 50 MB HAR file with a sentence, without parsing it', async () => {
    const har = `{"log":{"entries":[${'{"request":{"method":"GET","url":"https://a.test/","headers":[]}},'.repeat(800_000)}]}}`;
    assert.ok(har.length > 50 * 1024 * 1024);
    await hostile(har, /requests over 4\.0 MB are not read/);
  });

  it('refuses 5 MB of any text', async () => {
    await hostile('GET / HTTP/1.1\n' + 'x'.repeat(5 * 1024 * 1024), /are not read/);
  });

  it('reads a 1 MB header and says servers refuse it', async () => {
    await hostile(http(`X-Big: ${'a'.repeat(1024 * 1024)}`), /over 16 KB: most servers and proxies refuse/);
  });

  it('reads a 1 MB Cookie header and says it is over 4 KB', async () => {
    await hostile(http(`Cookie: __session=${'a'.repeat(1024 * 1024)}; __client_uat=1`), /over the browsers' 4 KB limit per cookie/);
  });

  it('reads 10,000 cookies and says browsers keep about 180', async () => {
    const jar = Array.from({ length: 10_000 }, (_, i) => `c${i}=v${i}`).join('; ');
    await hostile(http(`Cookie: ${jar}`), /10,000 cookies; browsers keep about 180/);
  });

  it('duplicate __session cookies: the first is read', async () => {
    await hostile(http('Cookie: __client_uat=1700000000; __session=first; __session=second'), /more than once: Clerk reads the first/);
  });

  it('malformed cookie pairs are skipped', async () => {
    await hostile(http('Cookie: junk; __session; =x; a=b'), /not name=value pairs and are skipped/);
  });

  it("a cookie value with ';' inside quotes splits as Clerk splits it", async () => {
    await hostile(http('Cookie: __session="a;b"; __client_uat=1'), /not name=value pairs/);
  });

  it("a cookie value with '=' keeps the rest of the value", async () => {
    await hostile(http('Cookie: __session=a=b=c; __client_uat=1'), /only the first '=' separates/);
  });

  it('a quoted token keeps its quotes and does not decode', async () => {
    const all = await hostile(
      http(`Cookie: __client_uat=1; __session="${fakeJwt({ sub: 'u', iss: 'https://clerk.example.test', iat: 2 })}"`),
      /keeps the quotes/,
    );
    assert.match(all, /token-invalid/);
  });

  it('percent-escaped cookie values are decoded', async () => {
    await hostile(http('Cookie: __client_uat=%31%37; a=%E2%82%AC'), /percent-encoded: Clerk decodes it/);
  });

  it('a percent-escape that is not UTF-8 is kept raw', async () => {
    await hostile(http('Cookie: __session=%FF%FE; __client_uat=1'), /not valid UTF-8: Clerk keeps the raw text/);
  });

  it('non-ASCII bytes in a cookie are named', async () => {
    await hostile(http('Cookie: __session=caf\u00e9; __client_uat=1'), /characters a browser never sends in a cookie/);
  });

  it('characters beyond Latin-1 in a header are refused as the Fetch API refuses them', async () => {
    await hostile(http('Cookie: __session=\u20ac\u{1F600}'), /beyond one byte/);
  });

  it('control characters in cookie names are named and never rendered raw', async () => {
    const all = await hostile(http('Cookie: \u0007__session\u001b=x; __client_uat=1'), /characters a browser never sends/);
    assert.ok(!all.includes('\u0007') && !all.includes('\u001b'));
  });

  it('bidi overrides in a cookie header are refused (beyond one byte) and never rendered raw', async () => {
    const all = await hostile(http('Cookie: \u202e__session=x; __client_uat=1'), /beyond one byte/);
    assert.ok(!/\u202e/.test(all));
  });

  it('__proto__ and constructor cookies are plain cookies', async () => {
    await hostile(http('Cookie: __proto__=1; constructor=2; __client_uat=0'), /session-token-and-uat-missing/);
  });

  it('CR/LF header injection in a curl header is refused', async () => {
    await hostile(
      "curl https://app.example.test/ -H $'X-A: 1\\r\\nCookie: __session=evil'",
      /carriage return or line feed \(header injection\)/,
    );
  });

  it('a lone CR inside a raw header line is refused', async () => {
    await hostile(http('X-A: 1\rCookie: __session=evil'), /lone carriage return \(header injection\)/);
  });

  it('curl $(…) is never run', async () => {
    const marker = join(tmpdir(), `clerk-req-pwned-${process.pid}`);
    rmSync(marker, { force: true });
    await hostile(
      `curl "https://app.example.test/$(touch ${marker})" -H "Cookie: __client_uat=0"`,
      /command substitution \$\(…\): it was not run/,
    );
    assert.equal(existsSync(marker), false);
  });

  it('curl backticks are never run', async () => {
    await hostile('curl https://app.example.test/ -H "Authorization: Bearer `cat ~/.ssh/id_rsa`"', /backticks: nothing was run/);
  });

  it('curl line continuations are joined', async () => {
    const all = await hostile(
      'curl https://app.example.test/ \\\n  -H "Cookie: __client_uat=0" \\\n  -H "Accept: text/html"',
      /Line continuations/,
    );
    assert.match(all, /session-token-and-uat-missing/);
  });

  it('curl shell variables are not expanded', async () => {
    await hostile('curl https://app.example.test/ -H "Authorization: Bearer $TOKEN"', /shell variables \(\$NAME\): they were not expanded/);
  });

  it('curl with an unclosed quote', async () => {
    await hostile('curl "https://app.example.test/ -H \'Cookie: a', /A double quote is never closed/);
  });

  it('curl piped into another command: the rest is ignored', async () => {
    await hostile('curl https://app.example.test/ -H "Cookie: __client_uat=0" | sh', /Shell operators/);
  });

  it('curl -b with a file name does not read the file', async () => {
    await hostile('curl -b /etc/passwd https://app.example.test/', /names a cookie file; it was not read/);
  });

  it('a HAR that is not JSON', async () => {
    await hostile('{"log": {"entries": [', /not valid JSON/);
  });

  it('a HAR nested a million deep', async () => {
    await hostile('['.repeat(1_000_000), /nested more than 64 levels deep/);
  });

  it('a HAR with no entries', async () => {
    await hostile('{"log":{"entries":[]}}', /holds no entries/);
  });

  it('a HAR with 20,000 entries picks the one with credentials', async () => {
    const e = (h: string): string => `{"request":{"method":"GET","url":"https://app.example.test/","headers":[${h}]}}`;
    const har = `{"log":{"entries":[${Array.from({ length: 20_000 }, () => e('')).join(',')},${e('{"name":"Cookie","value":"__client_uat=0"}')}]}}`;
    await hostile(har, /20,001 entries; entry 20001/);
  });

  it('a HAR whose headers are not strings', async () => {
    await hostile(
      '{"request":{"method":{"x":1},"url":"https://app.example.test/","headers":[{"name":1,"value":null},"x",null]}}',
      /session-token-and-uat-missing/,
    );
  });

  it('a handshake whose value is not a JWT', async () => {
    await hostile(http('Cookie: __clerk_handshake=not-a-jwt'), /__clerk_handshake value is not a JWT/);
  });

  it('a handshake whose payload handshake is not a list', async () => {
    await hostile(http(`Cookie: __clerk_handshake=${fakeJwt({ handshake: 'x' })}`), /has no handshake list/);
  });

  it('a handshake with hostile Set-Cookie lines is shown as text', async () => {
    const t = fakeJwt({ handshake: ['<script>alert(1)</script>=x', 42, '__session=; Max-Age=0'] });
    const all = await hostile(http(`Cookie: __clerk_handshake=${t}`), /deleted/);
    assert.match(all, /not a string is ignored/);
  });

  it('a handshake token in the URL, with a session token inside: neither is shown, not even cut short', async () => {
    const session = fakeJwt({ sid: 'sess_1', sub: 'user_1', iat: 1, exp: 2 });
    const t = fakeJwt({ handshake: [`__session=${session}; Path=/; Secure`, '__client_uat=1; Path=/'] });
    const r = await run(['GET /dashboard?__clerk_handshake=' + t + ' HTTP/1.1', 'Host: app.example.test', 'Accept: text/html'].join('\n'));
    const JWT_START = /eyJ[\w-]{8,}\.eyJ/;
    assert.doesNotMatch(r.all, JWT_START, 'a token (or its start) in the text');
    assert.doesNotMatch(r.html, JWT_START, 'a token (or its start) in the HTML');
    assert.match(r.all, /__session/, 'the handshake is still explained');
  });

  it('a 1 MB machine token', async () => {
    await hostile(['GET /api HTTP/1.1', 'Host: a.test', `Authorization: Bearer ak_${'x'.repeat(1024 * 1024)}`].join('\n'), /an API key/);
  });

  it('a 1 MB JWT in the Authorization header', async () => {
    await hostile(
      ['GET /api HTTP/1.1', 'Host: a.test', `Authorization: Bearer ${'a'.repeat(512 * 1024)}.${'b'.repeat(512 * 1024)}.c`].join('\n'),
      /not decoded|Cannot/,
    );
  });

  it('an Authorization header of 100,000 spaces', async () => {
    await hostile(['GET /api HTTP/1.1', 'Host: a.test', `Authorization: Bearer${' '.repeat(100_000)}x`].join('\n'), /token-invalid/);
  });

  it('5,000 headers: the first 2,000 are read', async () => {
    await hostile(
      ['GET / HTTP/1.1', ...Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`)].join('\n'),
      /Only the first 2000 headers were read/,
    );
  });

  it('header lines with invalid names are skipped', async () => {
    await hostile(http('Bad Header: x', '<b>: y'), /not a valid HTTP header name/);
  });

  it('a request target that is not a URL', async () => {
    await hostile('GET http://[::1 HTTP/1.1\nHost: a.test', /is not a URL/);
  });

  it('obsolete line folding is named', async () => {
    await hostile(http('Cookie: __client_uat=0;', ' a=b'), /obsolete line folding/);
  });

  it('response headers with markup in the reason and message', async () => {
    const r = await hostile(
      'HTTP/1.1 401 Unauthorized\nx-clerk-auth-status: signed-out\nx-clerk-auth-reason: <img src=x onerror=alert(1)>\nx-clerk-auth-message: [x](command:evil)',
      /These are response headers/,
    );
    assert.match(r, /The server said/);
  });

  it('hostile __client_uat values', async () => {
    for (const v of ['1e400', 'NaN', '-1', '0x10', ' 12 ']) await hostile(http(`Cookie: __client_uat=${v}`), /authenticateRequest/);
  });

  it('a publishable key that is not one', async () => {
    await hostile(http('Cookie: a=b'), /does not decode to a Frontend API host|does not start with pk_/, {
      ...OPTS,
      publishableKey: 'pk_test_<script>',
    });
  });

  it('no text, or not text at all', async () => {
    for (const t of ['', '   \n\t', undefined, null, 42, {}, ['GET /']]) await hostile(t, /No request text was given|The text is empty/);
  });

  it('prose is not a request', async () => {
    await hostile('Hello, why am I signed out?', /not a request Clerk Sessions can read/);
  });

  it('parseRequestText never throws on random bytes', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 300; i++) {
      const s = Array.from({ length: Math.floor(rnd() * 400) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
      const pre = ['', 'curl ', 'GET / HTTP/1.1\n', '{', 'Cookie: ', 'HTTP/1.1 200\n'][i % 6];
      const r = parseRequestText(pre + s);
      assert.equal(typeof r.ok, 'boolean');
    }
  });

  it('src/requests imports no vscode', () => {
    const dir = join(repoRoot(), 'src', 'requests');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('decide.ts') && files.includes('parse.ts'));
    for (const f of files) assert.ok(!/from\s*['"]vscode['"]|require\(\s*['"]vscode['"]/.test(readFileSync(join(dir, f), 'utf8')), f);
  });

  it('explainRequest gives the outcome for each acceptsToken setting for a machine token', async () => {
    const e = await explainRequest(['GET /api HTTP/1.1', 'Host: a.test', 'Authorization: Bearer mt_2abcdefghijklmnop'].join('\n'), OPTS);
    assert.ok(e.ok && e.alternatives);
    const by = Object.fromEntries(e.alternatives.map((a) => [a.acceptsToken, `${a.decision.status}:${a.decision.reason}`]));
    assert.deepEqual(by, {
      session_token: 'signed-out:token-invalid',
      api_key: 'signed-out:token-type-mismatch',
      m2m_token: 'unknown:null',
      oauth_token: 'signed-out:token-type-mismatch',
      any: 'unknown:null',
    });
  });
});
