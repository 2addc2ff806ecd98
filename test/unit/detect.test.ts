// findTokens / tokenAt: true positives with exact offsets, false positives that must stay quiet, and a scan of this
// project's own src/ and test/ that finds tokens only in the files that hold real token fixtures.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findTokens, tokenAt, tokenNear, type LinedDocument, MAX_WINDOW_CHARS } from '../../src/tokens/detect';
import { repoRoot } from '../support/paths';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const sig = Buffer.from('a fake signature made by the test, 32+ bytes long').toString('base64url');
const make = (claims: object = { sub: 'user_1', sid: 'sess_1' }, header: object = { alg: 'RS256', kid: 'ins_1', typ: 'JWT' }): string =>
  `${b64(header)}.${b64(claims)}.${sig}`;
const TOKEN = make();

/** CPU time of this process in ms: a loaded machine slows the wall clock, not this much. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** A CPU budget in ms; `npm run mutate` scales it (CLERK_CPU_BUDGET_SCALE), since Stryker's instrumented code runs slower. */
const budget = (ms: number): number => ms * Number(process.env.CLERK_CPU_BUDGET_SCALE ?? 1);

function only(text: string): ReturnType<typeof findTokens>[number] {
  const found = findTokens(text);
  assert.equal(found.length, 1, `one token in ${JSON.stringify(text.slice(0, 80))}: ${found.length}`);
  return found[0];
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
      assert.equal(findTokens(text, { from: found[10].start })[0].token, tokens[10]);
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
    const t0 = cpuMs();
    const found = findTokens(text);
    const ms = cpuMs() - t0;
    assert.equal(found.length, n);
    // About 20 ms of CPU; the budget leaves room for a slow machine, a quadratic path would take minutes.
    assert.ok(ms < budget(3000), `${ms.toFixed(1)} ms`);
  });

  describe('adversarial input: linear time, same answers', () => {
    // Each shape made the old detection walk the same characters once per candidate (quadratic: the first shape, 84 KB,
    // blocked the extension host for 16 s). At 64 KB (256 KB for the cheaper valid-header chain) the old code took 5 to
    // 23 s of CPU per shape; this one takes a few milliseconds, so the budget below is generous and still fails clearly
    // on a quadratic path.
    const JWT = make();
    const H = b64({ alg: 'RS256', kid: 'ins_1', typ: 'JWT' });
    const size = 64 * 1024;
    const fill = (unit: string, bytes = size): string => unit.repeat(Math.ceil(bytes / unit.length));
    const shapes: Array<[string, string, string[]]> = [
      // name, text, the tokens it holds
      ['continuation chain of eyJ pieces, then a JWT', fill('eyJA\\\n ') + JWT, [JWT]],
      ['the same with CRLF and deep indentation', fill('eyJA\\\r\n\t\t    ') + JWT, [JWT]],
      ['a chain of pieces that are each a valid header, then a JWT', `${fill(`${H}\\\n`, 4 * size)}${JWT}`, [JWT]],
      ['a chain that reaches a dot, then a long payload and no third part', `${fill('eyJA\\\n')}.${'A'.repeat(size)}`, []],
      ['a chain whose pieces carry dots', fill('eyJA.AB\\\n  '), []],
      ['a chain of indentation-heavy continuations', fill(`eyJhbGciOi\\\n${' '.repeat(200)}`), []],
      ['a payload split over more lines than a token may span', `${H}.${fill('QUJD\\\n ')}x.${sig}`, []],
      ['many bare eyJ prefixes', fill('eyJ eyJ. eyJ.. .eyJ eyJ.eyJ.eyJ "eyJ" eyJ\\ '), []],
      ['a long run of base64url characters with dots', `eyJ${fill('AAAAAAAA.')}`, []],
      ['glued eyJ after dots and letters', fill('x.eyJhbGciOi.eyJ') + ` ${JWT}`, [JWT]],
      [
        'one very long line: a token with a 1 MB payload',
        `Bearer ${H}.${'A'.repeat(1024 * 1024)}.${sig}`,
        [`${H}.${'A'.repeat(1024 * 1024)}.${sig}`],
      ],
    ];
    for (const [name, text, expected] of shapes) {
      it(name, function () {
        this.timeout(120_000); // so that a quadratic path fails on the time below, with its figure, not on mocha's timeout
        const t0 = cpuMs();
        const found = findTokens(text);
        const offsets = [0, 1, 7, text.length >> 1, text.length - 40, text.length - 1];
        const at = offsets.map((o) => tokenAt(text, o)?.token);
        const ms = cpuMs() - t0;
        assert.deepEqual(
          found.map((m) => m.token.slice(0, 60)),
          expected.map((t) => t.slice(0, 60)),
        );
        for (const m of found) assert.equal(m.token, text.slice(m.start, m.end), 'exact offsets');
        for (const [i, o] of offsets.entries()) {
          const covering = found.find((m) => m.start <= o && o < m.end);
          assert.equal(at[i], covering?.token, `tokenAt(${o})`);
        }
        assert.ok(ms < budget(2000), `${(text.length / 1024).toFixed(0)} KB took ${ms.toFixed(0)} ms`);
      });
    }

    it('a header may span 16 continuations, not 17; a token 1,024, not 1,025', () => {
      const header = b64({ alg: 'RS256', kid: 'k'.repeat(60) });
      const lines = (s: string, n: number): string => {
        const cut = (i: number): number => Math.floor((i * s.length) / (n + 1));
        return Array.from({ length: n + 1 }, (_, i) => s.slice(cut(i), cut(i + 1))).join('\\\n  ');
      };
      assert.ok(header.length > 17 * 2);
      const body = `.${b64({ sub: 'u' })}.${sig}`;
      assert.equal(findTokens(`t ${lines(header, 16)}${body}`)[0]?.token, header + body);
      assert.equal(findTokens(`t ${lines(header, 17)}${body}`).length, 0);
      const payload = 'QUJD'.repeat(1100);
      assert.equal(findTokens(`t ${header}.${lines(payload, 1024)}.${sig}`)[0]?.token === `${header}.${payload}.${sig}`, true);
      assert.equal(findTokens(`t ${header}.${lines(payload, 1025)}.${sig}`).length, 0);
    });
  });

  describe('tokenNear: the window a hover and Explain from its link both read', () => {
    /** A document of lines, as tokenNear reads it (offsets, lines, and a line with its line break). */
    function lined(text: string): LinedDocument {
      const starts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
      const lineEnd = (l: number): number => {
        const next = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
        return next > starts[l] && text[next - 1] === '\r' && l + 1 < starts.length ? next - 1 : next;
      };
      const breakEnd = (l: number): number => (l + 1 < starts.length ? starts[l + 1] : text.length);
      let reads = 0;
      const doc = {
        lineCount: starts.length,
        positionAt: (o: number) => {
          let l = 0;
          while (l + 1 < starts.length && starts[l + 1] <= o) l++;
          return { line: l };
        },
        lineAt: (l: number) => {
          reads += lineEnd(l) - starts[l];
          return {
            text: text.slice(starts[l], lineEnd(l)),
            range: { start: starts[l], end: lineEnd(l) },
            rangeIncludingLineBreak: [starts[l], breakEnd(l)],
          };
        },
        offsetAt: (p: unknown) => p as number,
        getText: (r: unknown) => {
          const [a, b] = r as [number, number];
          reads += b - a;
          return text.slice(a, b);
        },
        get reads() {
          return reads;
        },
      };
      return doc;
    }

    it('finds a split token from any of its lines, with document offsets, and not when it runs past the window', () => {
      const parts = TOKEN.match(/.{1,40}/g)!;
      const text = `# request\nAuthorization: Bearer ${parts.join('\\\r\n  ')}\r\nnext line\n`;
      const doc = lined(text);
      const start = text.indexOf(parts[0]);
      for (const p of parts) {
        const m = tokenNear(doc, text.indexOf(p) + 3);
        assert.equal(m?.token, TOKEN, p);
        assert.equal(m?.start, start);
        assert.equal(text[m.end], '\r');
      }
      // 30 lines of continuation: more than the window's 8 lines each way. Cut by the window, the token is not found
      // at all (never a shorter token made of the lines the window holds).
      const long = make({ sub: 'user_1', pad: 'p'.repeat(1200) }).match(/.{1,50}/g)!;
      const text2 = `x\n${long.join('\\\n')}\ny\n`;
      const doc2 = lined(text2);
      for (const p of [long[0], long[3], long[15], long[long.length - 1]])
        assert.equal(tokenNear(doc2, text2.indexOf(p) + 1), undefined, p);
      assert.equal(findTokens(text2).length, 1, 'the whole text holds it');
    });

    it('reads a bounded window: the 84 KB adversarial document, and a token deep inside a 1 MB line', () => {
      const JWT = make();
      const text = 'eyJA\\\n '.repeat(12_000) + JWT;
      const doc = lined(text);
      const t0 = cpuMs();
      const m = tokenNear(doc, text.length - 10);
      assert.equal(m?.token, JWT);
      assert.equal(m?.start, text.length - JWT.length);
      assert.ok(cpuMs() - t0 < 1000);
      // One line of 1 MB: the window is that line, cut around the offset at characters no token holds.
      const line = `${'word '.repeat(100_000)}Bearer ${JWT} ${'x'.repeat(600_000)}`;
      const at = line.indexOf(JWT);
      assert.ok(at > MAX_WINDOW_CHARS);
      const big = lined(`a\n${line}\nb`);
      const reads = (): number => (big as unknown as { reads: number }).reads;
      const before = reads();
      const found = tokenNear(big, 2 + at + 100);
      assert.equal(found?.token, JWT);
      assert.equal(found?.start, 2 + at);
      assert.ok(reads() - before < 1.5 * line.length, 'the line once, not the lines around it');
      // A token-shaped piece inside a long base64 run is glued to it, also when the cut falls inside the run.
      const run = `${'QUJD'.repeat(100_000)}${JWT}${'QUJD'.repeat(100_000)}`;
      const glued = lined(run);
      assert.equal(tokenNear(glued, 400_000 + 50), undefined);
    });
  });
});
