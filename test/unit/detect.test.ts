// findTokens / tokenAt: true positives with exact offsets, false positives that must stay quiet, and a scan of this
// project's own src/ and test/ that finds tokens only in the files that hold real token fixtures.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findTokens, tokenAt } from '../../src/tokens/detect';
import { repoRoot } from '../support/paths';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const sig = Buffer.from('a fake signature made by the test, 32+ bytes long').toString('base64url');
const make = (claims: object = { sub: 'user_1', sid: 'sess_1' }, header: object = { alg: 'RS256', kid: 'ins_1', typ: 'JWT' }): string =>
  `${b64(header)}.${b64(claims)}.${sig}`;
const TOKEN = make();

function only(text: string): ReturnType<typeof findTokens>[number] {
  const found = findTokens(text);
  assert.equal(found.length, 1, `one token in ${JSON.stringify(text.slice(0, 80))}: ${found.length}`);
  return found[0]!;
}

describe('token detection', () => {
  describe('finds', () => {
    const placed: Array<[string, string, string, string]> = [
      // name, before, after, context
      ['a bare token', 'token ', ' here', 'plain'],
      ['after Bearer', 'Authorization: Bearer ', '\n', 'bearer'],
      ['in double quotes', 'const t = "', '";', 'quoted'],
      ['in a JSON string', '{"jwt":"', '","x":1}', 'quoted'],
      ['in a URL query, before &x=1', 'https://app.test/cb?token=', '&x=1', 'url-query'],
      ['in a URL fragment', 'https://app.test/#id_token=', '', 'url-fragment'],
      ['in a cookie', 'Cookie: __session=', '; __client_uat=1', 'cookie'],
      ['after an assignment', 'CLERK_TOKEN=', '', 'assignment'],
      ['at the end of a sentence', 'The token is ', '.', 'plain'],
      ['in backticks', 'use `', '` here', 'quoted'],
    ];
    for (const [name, before, after, context] of placed) {
      it(name, () => {
        const text = `${before}${TOKEN}${after}`;
        const m = only(text);
        assert.equal(m.start, before.length);
        assert.equal(m.end, before.length + TOKEN.length);
        assert.equal(m.token, TOKEN);
        assert.equal(m.alg, 'RS256');
        assert.equal(m.kid, 'ins_1');
        assert.equal(m.typ, 'JWT');
        assert.equal(m.split, false);
        assert.equal(m.context, context);
      });
    }

    it('an unsigned token (alg none, empty signature)', () => {
      const t = `${b64({ alg: 'none' })}.${b64({ sub: 'u' })}.`;
      const m = only(`x ${t} y`);
      assert.equal(m.token, t);
      assert.equal(m.alg, 'none');
    });

    it('a token split across lines with backslash-newline (and CRLF, and indentation)', () => {
      const [a, b, c] = [TOKEN.slice(0, 25), TOKEN.slice(25, 90), TOKEN.slice(90)];
      const text = `curl -H "Authorization: Bearer ${a}\\\n    ${b}\\\r\n\t${c}" https://x`;
      const m = only(text);
      assert.equal(m.token, TOKEN);
      assert.equal(m.split, true);
      assert.equal(m.context, 'bearer');
      assert.equal(text.slice(m.start, m.start + 25), TOKEN.slice(0, 25));
      assert.equal(text[m.end], '"');
      // a hover anywhere on it, even on the continuation, finds it
      for (const off of [m.start, m.start + 24, m.start + 26, m.start + 28, text.indexOf(TOKEN.slice(90)), m.end - 1]) {
        assert.equal(tokenAt(text, off)?.token, TOKEN, `offset ${off}`);
      }
    });

    it('many tokens in order, with exact offsets', () => {
      const tokens = Array.from({ length: 50 }, (_, i) => make({ sub: `user_${i}` }));
      const text = tokens.map((t, i) => `line ${i}: Bearer ${t} ok`).join('\n');
      const found = findTokens(text);
      assert.deepEqual(
        found.map((f) => f.token),
        tokens,
      );
      for (const f of found) assert.equal(text.slice(f.start, f.end), f.token);
      assert.equal(findTokens(text, { limit: 3 }).length, 3);
      assert.equal(findTokens(text, { from: found[10]!.start })[0]!.token, tokens[10]);
    });

    it('tokenAt: inside, at the edges, and not outside', () => {
      const text = `a ${TOKEN} b ${make({ sub: 'other' })}`;
      const start = 2;
      const end = start + TOKEN.length;
      assert.equal(tokenAt(text, start)?.token, TOKEN);
      assert.equal(tokenAt(text, end - 1)?.token, TOKEN);
      assert.equal(tokenAt(text, start + 40)?.token, TOKEN);
      assert.equal(tokenAt(text, end), undefined, 'the space after it');
      assert.equal(tokenAt(text, start - 1), undefined, 'the space before it');
      assert.equal(tokenAt(text, end + 3)?.start, end + 3, 'the second token');
      assert.equal(tokenAt(text, -1), undefined);
      assert.equal(tokenAt(text, text.length), undefined);
    });
  });

  describe('stays quiet on', () => {
    const quiet: Array<[string, string]> = [
      ['three dotted identifiers', 'a.b.c foo.bar.baz this.props.value'],
      ['version strings and domains', 'v1.2.3 node 20.19.43 api.clerk.com www.example.com clerk.accounts.dev'],
      ['eyJ followed by non-JSON', `${Buffer.from('{not json at all').toString('base64url')}.${b64({})}.${sig}`],
      ['eyJ on a JSON header without alg', make({}, { typ: 'JWT', kid: 'x' })],
      ['eyJ on a header whose alg is not a string', make({}, { alg: 5 })],
      ['eyJ on a header whose alg is null', make({}, { alg: null })],
      ['a token glued to a longer base64 run', `QUJD${TOKEN}`],
      ['a token after a dot (one part of something longer)', `x.${TOKEN}`],
      ['four parts', `${TOKEN}.more`],
      ['five parts (JWE)', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`],
      ['two parts', `${b64({ alg: 'RS256' })}.${b64({})}`],
      ['an empty payload', `${b64({ alg: 'RS256' })}..${sig}`],
      ['the bare word eyJ', 'eyJ eyJ. eyJ.. .eyJ'],
      ['a regex that looks for tokens', String.raw`/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g`],
      ['a header over 2 KB', make({}, { alg: 'RS256', pad: 'p'.repeat(3000) })],
      ['a backslash-newline that does not continue a token', `${b64({ alg: 'RS256' })}\\\n\n.${b64({})}.x`],
    ];
    for (const [name, text] of quiet) {
      it(name, () => {
        assert.deepEqual(
          findTokens(text).map((m) => m.token.slice(0, 30)),
          [],
        );
        for (let off = 0; off < text.length; off += 7) assert.equal(tokenAt(text, off), undefined);
      });
    }
  });

  it('this project: tokens only in the files that hold token fixtures', () => {
    const root = repoRoot();
    // file → how many tokens it holds on purpose
    const allowed: Record<string, number> = {
      'test/unit/errors.test.ts': 1, // a fake token sent to the deprecated verify endpoint
      'test/unit/format.test.ts': 1, // a fake token that the log redaction must hide
    };
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.') || /^(cs-|node\d)/.test(name)) continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js|mjs|json|md)$/.test(name)) files.push(p);
      }
    };
    walk(join(root, 'src'));
    walk(join(root, 'test'));
    assert.ok(files.length > 40, `read ${files.length} files`);
    const hits: Record<string, number> = {};
    for (const f of files) {
      const n = findTokens(readFileSync(f, 'utf8')).length;
      if (n) hits[relative(root, f)] = n;
    }
    assert.deepEqual(hits, allowed);
  });

  it('scans 10 MB with 1,000 tokens quickly (no quadratic path)', () => {
    const filler = 'INFO 2026-11-27T12:00:00Z request id=abc.def.ghi path=/v1/users?limit=20 took 12ms eyJ-not-a-token\n';
    const lines: string[] = [];
    let size = 0;
    let n = 0;
    while (size < 10 * 1024 * 1024) {
      const line = n < 1000 && lines.length % 100 === 7 ? `auth Bearer ${make({ sub: `user_${n++}` })}\n` : filler;
      lines.push(line);
      size += line.length;
    }
    const text = lines.join('');
    const t0 = process.hrtime.bigint();
    const found = findTokens(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(found.length, n);
    assert.ok(ms < 500, `${ms.toFixed(1)} ms`);
  });
});
