// Hostile tokens through every stage of src/tokens: detect, decode, explain, verdict, hover summary. None may throw;
// each gets its own sentence, asserted here. No prototype is polluted on the way.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { decodeToken, MAX_TOKEN_CHARS } from '../../src/tokens/decode';
import { findTokens, tokenAt } from '../../src/tokens/detect';
import { explainToken, type Explanation } from '../../src/tokens/explain';
import { hoverSummary } from '../../src/tokens/hover';
import { verdict, type Verdict } from '../../src/tokens/verdict';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const raw = (bytes: number[] | Buffer): string => Buffer.from(bytes).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pub = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
const JWKS = { keys: [{ kid: 'k1', kty: 'RSA', alg: 'RS256', use: 'sig', n: pub.n, e: pub.e }] };
const NOW = Date.UTC(2026, 10, 27, 12);
const T = NOW / 1000;
const GOOD = { sub: 'user_1', sid: 'sess_1', v: 2, iat: T - 5, nbf: T - 10, exp: T + 60, iss: 'https://clerk.example.test' };
const H = { alg: 'RS256', kid: 'k1', typ: 'JWT' };
function signed(header: object | string, payload: unknown): string {
  const h = typeof header === 'string' ? header : b64(header);
  const input = `${h}.${typeof payload === 'string' && payload.startsWith('=') ? payload.slice(1) : b64(payload)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

interface Hostile {
  name: string;
  text: string;
  /** The decode failure sentence, or the verdict / explain sentence (a note or reason) that must appear. */
  decode?: string | RegExp;
  reason?: string | RegExp;
  note?: string | RegExp;
  explain?: string | RegExp;
  /** A header parameter Explain Token must keep as plain data: its name and value. */
  header?: [string, unknown];
  /** Detection: how many tokens findTokens reports in `text`. */
  found?: number;
}

const cases: Hostile[] = [
  {
    name: '1 MB payload',
    text: signed(H, { ...GOOD, pad: 'x'.repeat(1024 * 1024) }),
    found: 1,
    decode: new RegExp(
      "^This token is 1,398,\\d{3} characters long; tokens over 64 KB are not decoded \\(Clerk's tokens travel in a cookie " +
        'and stay under 4 KB\\)\\.$',
    ),
  },
  { name: 'payload nested 100,000 deep', text: signed(H, `=${b64(deep(100_000))}`), decode: /^This token is [\d,]+ characters long/ },
  {
    name: 'payload nested 65 deep (under the size cap)',
    text: signed(H, `=${b64(`{"a":${deep(64)}}`)}`),
    decode: "This JWT's payload is nested more than 64 levels deep.",
  },
  {
    name: 'header nested 65 deep',
    text: `${b64(`{"alg":"RS256","x":${deep(64)}}`)}.${b64(GOOD)}.sig`,
    decode: "This JWT's header is nested more than 64 levels deep.",
  },
  {
    name: '__proto__ claim',
    text: signed(H, `=${b64(`{"sub":"user_1","exp":${T + 60},"__proto__":{"polluted":true}}`)}`),
    explain: 'The template\'s claim "__proto__" = {"polluted":true}.',
  },
  {
    name: 'constructor.prototype claim',
    text: signed(H, { ...GOOD, constructor: { prototype: { polluted: true } } }),
    explain: 'Claim "constructor" = {"prototype":{"polluted":true}}.',
  },
  {
    name: '__proto__ in the header',
    text: signed(`${b64('{"alg":"RS256","kid":"k1","__proto__":{"polluted":1}}')}`, GOOD),
    header: ['__proto__', { polluted: 1 }],
  },
  {
    name: 'kid __proto__ (jwks lookup)',
    text: signed({ alg: 'RS256', kid: '__proto__' }, GOOD),
    reason:
      /^Not signed by a key of your instances: key "__proto__" is not in their JWKS \(they have: k1\)\. It comes from another instance/,
  },
  {
    name: 'invalid base64url in the payload',
    text: `${b64(H)}.ab*cd.sig`,
    decode: "This JWT's payload contains characters that are not base64url.",
  },
  {
    name: 'base64 (+ and /) instead of base64url',
    text: `${b64(H)}.${Buffer.from('{"sub":"??>>"}').toString('base64')}.sig`,
    decode: "This JWT's payload contains + or /, which is base64 but not base64url.",
  },
  {
    name: 'impossible base64 length',
    text: `${b64(H)}.eyJhY.sig`,
    decode: "This JWT's payload has a length that no base64url encoding has (one character too many or too few).",
  },
  {
    name: 'stray bits in the last character',
    text: `${b64(H)}.${b64(GOOD).slice(0, -1)}${b64(GOOD).length % 4 === 2 ? 'B' : '_'}.sig`,
    decode: /^This JWT's payload (ends in a character with stray bits|is not JSON)/,
  },
  {
    name: 'non-UTF-8 bytes in a claim',
    text: signed(
      H,
      `=${raw(Buffer.concat([Buffer.from('{"sub":"user_1","name":"'), Buffer.from([0xff, 0xfe]), Buffer.from(`","exp":${T + 60}}`)]))}`,
    ),
    explain: 'The payload holds bytes that are not UTF-8; they are shown as \uFFFD.',
  },
  {
    name: 'non-UTF-8 bytes as the whole payload',
    text: `${b64(H)}.${raw([0xc3, 0x28, 0xa0, 0xa1])}.sig`,
    decode: "This JWT's payload is not JSON.",
  },
  {
    name: "alg 'none'",
    text: `${b64({ alg: 'none', kid: 'k1' })}.${b64(GOOD)}.`,
    reason: "The token is unsigned (alg 'none'); @clerk/backend accepts RS256, RS384 and RS512 only.",
    found: 1,
  },
  {
    name: 'unknown crit',
    text: signed({ ...H, crit: ['x-bank'], 'x-bank': true }, GOOD),
    note: 'The header has crit: @clerk/backend ignores it (a strict RFC 7515 verifier rejects extensions it does not know).',
  },
  {
    name: 'kid with ../',
    text: signed({ alg: 'RS256', kid: '../../etc/passwd' }, GOOD),
    explain: 'The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.',
  },
  {
    name: 'kid with NUL',
    text: signed({ alg: 'RS256', kid: 'k1\u0000.pem' }, GOOD),
    explain: 'The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.',
  },
  { name: 'payload is a JSON array', text: signed(H, [1, 2, 3]), decode: "This JWT's payload is not a JSON object (it is a JSON array)." },
  {
    name: 'payload is a JSON string',
    text: signed(H, '"hello"'),
    decode: "This JWT's payload is not a JSON object (it is a JSON string).",
  },
  { name: 'payload is JSON null', text: signed(H, 'null'), decode: "This JWT's payload is not a JSON object (it is JSON null)." },
  {
    name: 'header is JSON null',
    text: `${b64('null')}.${b64(GOOD)}.sig`,
    decode: "This JWT's header is not a JSON object (it is JSON null).",
  },
  {
    name: 'numbers as strings for exp and iat',
    text: signed(H, { ...GOOD, exp: String(T + 60), iat: String(T) }),
    reason: `The token's exp is "${T + 60}"; @clerk/backend requires a number.`,
    explain: `exp is "${T + 60}", not a number of seconds: @clerk/backend rejects the token.`,
  },
  {
    name: 'exp far beyond a Date',
    text: signed(H, { ...GOOD, exp: 9e15 }),
    note: 'exp 9000000000000000 is beyond the dates JavaScript can hold: @clerk/backend treats the token as never expiring.',
  },
  {
    name: 'token split across lines with backslash-newline',
    text: (() => {
      const t = signed(H, GOOD);
      return `curl -H "Authorization: Bearer ${t.slice(0, 30)}\\\n    ${t.slice(30, 200)}\\\n    ${t.slice(200)}"`;
    })(),
    found: 1,
    note: /^$|/,
  },
  { name: 'token in a URL query', text: `https://app.example.test/cb?token=${signed(H, GOOD)}&x=1`, found: 1, note: /^$|/ },
  { name: 'empty parts', text: '..', decode: "This JWT's header is empty." },
  { name: 'empty payload', text: `${b64(H)}..sig`, decode: "This JWT's payload is empty." },
  {
    name: 'four parts',
    text: `${b64(H)}.${b64(GOOD)}.c.d`,
    decode: "This isn't a JWT: it has 4 parts; a JWT has 3 separated by dots.",
    found: 0,
  },
  {
    name: 'two parts',
    text: `${b64(H)}.${b64(GOOD)}`,
    decode: "This isn't a JWT: it has 2 parts; a JWT has 3 separated by dots.",
    found: 0,
  },
  {
    name: 'five parts (JWE)',
    text: `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`,
    decode: 'This is an encrypted token (JWE, 5 parts); Clerk session tokens are signed JWTs with 3 parts.',
    found: 0,
  },
  {
    name: 'huge header',
    text: `${b64({ alg: 'RS256', junk: 'j'.repeat(70_000) })}.${b64(GOOD)}.sig`,
    decode: /^This token is 93,\d{3} characters long/,
    found: 0,
  },
  {
    name: 'header without alg',
    text: signed({ kid: 'k1' }, GOOD),
    reason: "The header's alg is (absent); @clerk/backend accepts RS256, RS384 and RS512 only.",
    found: 0,
  },
  {
    name: 'controls and bidi overrides in claims',
    text: signed(H, { ...GOOD, sub: 'user_1\u202e\u0007[x](command:evil)' }),
    explain: 'The user: user_1\u202e\u0007[x](command:evil).',
  },
];

function allText(e: Explanation): string[] {
  return [...e.notes, ...e.warnings, ...e.claims.map((c) => c.text), e.kindText];
}
function verdictText(v: Verdict): string[] {
  return [v.sentence, ...v.reasons.map((r) => r.sentence), ...v.notes, v.signature.sentence];
}
function has(list: string[], want: string | RegExp): boolean {
  return list.some((s) => (typeof want === 'string' ? s === want : want.test(s)));
}

describe('hostile tokens', function () {
  this.timeout(30_000);
  for (const c of cases) {
    it(c.name, async () => {
      const found = findTokens(c.text);
      if (c.found !== undefined) assert.equal(found.length, c.found, JSON.stringify(found.map((f) => f.token.slice(0, 40))));
      for (const off of [0, c.text.length >> 1, c.text.length - 1]) tokenAt(c.text, off);
      const input = found[0]?.token ?? c.text;
      const d = decodeToken(input);
      const e = explainToken(input, { now: NOW });
      const v = await verdict(input, JWKS, { now: NOW });
      const vPem = await verdict(input, JWKS, { now: NOW, keySource: 'pem', authorizedParties: ['https://a.test'] });
      const vNone = await verdict(input, undefined, { now: NOW });
      const h = await hoverSummary(input, { jwks: JWKS, now: NOW });
      for (const x of [v, vPem, vNone]) assert.equal(typeof x.sentence, 'string');
      assert.equal(typeof h.ok, 'boolean');
      if (c.decode !== undefined) {
        assert.equal(d.ok, false, 'decoding fails');
        if (!d.ok) {
          assert.ok(has([d.sentence], c.decode), d.sentence);
          assert.equal(e.ok, false);
          assert.ok(h.problem === d.sentence);
          assert.ok(v.accepted !== true, v.sentence);
        }
      } else assert.equal(d.ok, true, d.ok ? '' : d.sentence);
      if (c.reason !== undefined) {
        assert.equal(v.accepted, false);
        assert.ok(
          has(
            v.reasons.map((r) => r.sentence),
            c.reason,
          ),
          JSON.stringify(v.reasons),
        );
      }
      if (c.note !== undefined)
        assert.ok(has([...v.notes, ...(e.ok ? allText(e) : [])], c.note), JSON.stringify([v.notes, e.ok && e.notes]));
      if (c.explain !== undefined) {
        assert.ok(e.ok, 'explained');
        if (e.ok) assert.ok(has([...allText(e), ...verdictText(v)], c.explain), JSON.stringify(allText(e)));
      }
      if (c.header !== undefined) {
        const [name, value] = c.header;
        assert.equal(JSON.stringify(e.ok && e.header.filter((p) => p.claim === name)), JSON.stringify([{ claim: name, value }]));
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
      assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    });
  }

  it('the split and URL-query tokens verify like the plain token', async () => {
    for (const c of cases.filter((x) => /split|URL query/.test(x.name))) {
      const m = findTokens(c.text)[0];
      const v = await verdict(m.token, JWKS, { now: NOW });
      assert.equal(v.accepted, true, v.sentence);
      assert.equal(c.text.slice(m.start, m.start + 3), 'eyJ');
      if (c.name.includes('split')) assert.equal(m.split, true);
      else assert.equal(c.text.slice(m.end, m.end + 4), '&x=1');
    }
  });

  it(`caps decoding at ${MAX_TOKEN_CHARS} characters and never throws on non-strings`, async () => {
    for (const x of [undefined, null, 42, {}, [], Symbol('s')] as unknown[]) {
      assert.equal(decodeToken(x).ok, false);
      assert.equal((await verdict(x as string, JWKS)).accepted, false);
      assert.equal(findTokens(x as string).length, 0);
      assert.equal(tokenAt(x as string, 0), undefined);
    }
  });
});
