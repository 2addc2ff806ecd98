// The edges of token detection (src/tokens/detect.ts) on small inputs, asserted on exact offsets: which characters end a
// token or glue it to what precedes it, backslash-newline continuations at every place in a token, which piece of a
// continued header starts the token, the limits (header 2,048 characters, 1,024 continuations, maxLength, until), the
// context words, and tokenNear's window (lines around the hover, one long line cut around it, tokens the window cuts).
// Written for issue 14 (tests proven by mutation): the complexity tests in detect.test.ts (megabytes, CPU budgets) are
// left out of the Stryker run, so every behaviour they check is checked here too, on inputs a mutant run can afford.
import * as assert from 'node:assert/strict';
import {
  findTokens,
  jwtHeaderOf,
  tokenAt,
  tokenNear,
  type LinedDocument,
  type TokenMatch,
  MAX_WINDOW_CHARS,
} from '../../src/tokens/detect';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const sig = Buffer.from('a fake signature made by the test, 32+ bytes long').toString('base64url');
const H = b64({ alg: 'RS256', kid: 'ins_1', typ: 'JWT' });
const P = b64({ sub: 'user_1', sid: 'sess_1' });
const TOKEN = `${H}.${P}.${sig}`;
const OTHER = `${H}.${b64({ sub: 'user_2' })}.${sig}`;
/** A header that decodes (JSON may start with a space) but does not start with `eyJ`: never a candidate. */
const SPACED = b64(' {"alg":"RS256"}');
/** A line continuation as a shell writes it. */
const NL = '\\\n  ';

/** start, end, token and split of every match. */
const spans = (text: string, options?: Parameters<typeof findTokens>[1]): Array<[number, number, string, boolean]> =>
  findTokens(text, options).map((m) => [m.start, m.end, m.token, m.split]);

/** A header of exactly n base64url characters (n a multiple of 4). */
function headerOf(n: number): string {
  const bytes = (n / 4) * 3;
  const base = JSON.stringify({ alg: 'RS256', pad: '' }).length;
  const h = b64({ alg: 'RS256', pad: 'p'.repeat(bytes - base) });
  assert.equal(h.length, n);
  return h;
}

/** A document of lines as tokenNear reads it; like VS Code's, lineAt throws for a line the document does not have. */
function lined(text: string): LinedDocument & { readonly reads: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const check = (l: number): void => {
    if (!Number.isInteger(l) || l < 0 || l >= starts.length) throw new Error(`Illegal value for line: ${l}`);
  };
  const lineEnd = (l: number): number => {
    const next = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
    return next > starts[l] && text[next - 1] === '\r' && l + 1 < starts.length ? next - 1 : next;
  };
  const breakEnd = (l: number): number => (l + 1 < starts.length ? starts[l + 1] : text.length);
  let reads = 0;
  return {
    lineCount: starts.length,
    positionAt: (o: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo };
    },
    lineAt: (l: number) => {
      check(l);
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
}

/** Where tokenNear puts a token of the document, or undefined. */
const near = (text: string, offset: number): [number, number, string] | undefined => {
  const m = tokenNear(lined(text), offset);
  return m && [m.start, m.end, m.token];
};

describe('token detection: edges on small inputs', () => {
  describe('the characters around a token', () => {
    it('any character outside the base64url alphabet and the dot ends a token, exactly before it', () => {
      for (const c of [
        '}',
        '{',
        '|',
        '~',
        'é',
        '€',
        '"',
        "'",
        '`',
        ')',
        ']',
        ',',
        ';',
        '&',
        '#',
        '+',
        '/',
        '=',
        '<',
        '*',
        '!',
        ' ',
        '\t',
        '\n',
      ]) {
        const text = `(${TOKEN}${c}x`;
        assert.deepEqual(spans(text), [[1, 1 + TOKEN.length, TOKEN, false]], JSON.stringify(c));
      }
    });

    it('a token is glued to a base64url character or a dot before it, not to anything else', () => {
      for (const c of ['A', 'z', '0', '9', '-', '_', '.']) assert.deepEqual(spans(`${c}${TOKEN}`), [], c);
      for (const c of ['}', '{', '|', '~', 'é', '"', '/', '+', '=', '\\', ' ', '\n'])
        assert.deepEqual(spans(`${c}${TOKEN}`), [[1, 1 + TOKEN.length, TOKEN, false]], JSON.stringify(c));
    });

    it('a token at offset 0 and one that ends the text', () => {
      assert.deepEqual(spans(TOKEN), [[0, TOKEN.length, TOKEN, false]]);
      assert.equal(tokenAt(TOKEN, 0)?.start, 0);
      assert.equal(tokenAt(TOKEN, TOKEN.length - 1)?.end, TOKEN.length);
    });

    it('two tokens on a line, each once, also when one follows a continued candidate', () => {
      const text = `a=${TOKEN}&b=${OTHER}`;
      assert.deepEqual(spans(text), [
        [2, 2 + TOKEN.length, TOKEN, false],
        [2 + TOKEN.length + 3, text.length, OTHER, false],
      ]);
      // The scan goes on after the match, not inside it: the token that starts after a continuation is found once.
      const cont = `eyJA\\\n${TOKEN} ${OTHER}`;
      assert.deepEqual(spans(cont), [
        [6, 6 + TOKEN.length, TOKEN, false],
        [7 + TOKEN.length, cont.length, OTHER, false],
      ]);
    });

    it('kid and typ only when they are strings; a header without them adds no such keys', () => {
      const bare = `${b64({ alg: 'ES256' })}.${P}.${sig}`;
      assert.deepEqual(findTokens(`x ${bare}`), [
        { start: 2, end: 2 + bare.length, token: bare, alg: 'ES256', split: false, context: 'plain' },
      ]);
      const odd = `${b64({ alg: 'RS256', kid: 5, typ: ['JWT'] })}.${P}.${sig}`;
      assert.deepEqual(findTokens(odd), [{ start: 0, end: odd.length, token: odd, alg: 'RS256', split: false, context: 'plain' }]);
      assert.deepEqual(findTokens(`"${TOKEN}"`), [
        { start: 1, end: 1 + TOKEN.length, token: TOKEN, alg: 'RS256', kid: 'ins_1', typ: 'JWT', split: false, context: 'quoted' },
      ]);
    });
  });

  describe('backslash-newline continuations', () => {
    it('a backslash followed by anything but a line break continues nothing (a JSON "\\n" escape after a token)', () => {
      const json = `{"log":"Bearer ${TOKEN}\\nnext line"}`;
      const at = json.indexOf(TOKEN);
      assert.deepEqual(spans(json), [[at, at + TOKEN.length, TOKEN, false]]);
      const cr = `${TOKEN}\\\rnext`;
      assert.deepEqual(spans(cr), [[0, TOKEN.length, TOKEN, false]]);
    });

    it('a continuation joins only when a base64url character or a dot follows it', () => {
      // followed by a quote: the token ends at the backslash, not split
      const quoteAfter = `${TOKEN}${NL}"next"`;
      assert.deepEqual(spans(quoteAfter), [[0, TOKEN.length, TOKEN, false]]);
      // before the first dot, right after the first dot, right after the second
      const texts = [`${H}${NL}.${P}.${sig}`, `${H}.${NL}${P}.${sig}`, `${H}.${P}.${NL}${sig}`, `${H}.${P}${NL}.${sig}`];
      for (const t of texts) assert.deepEqual(spans(t), [[0, t.length, TOKEN, true]], t);
      // a header split in two, with CRLF
      const split = `x ${H.slice(0, 10)}\\\r\n\t${H.slice(10)}.${P}.${sig} y`;
      assert.deepEqual(spans(split), [[2, split.length - 2, TOKEN, true]]);
    });

    it('a continuation does not make a fourth part or an empty payload acceptable', () => {
      assert.deepEqual(spans(`${TOKEN}.${NL}more`), []);
      assert.deepEqual(spans(`${H}.${NL}.${sig}`), []);
      assert.deepEqual(spans(`${H}.${NL}${NL}.${sig}`), []);
      // an unsigned token continued before its empty signature is still one
      const unsigned = `${b64({ alg: 'none' })}.${NL}${P}.`;
      assert.deepEqual(spans(`${unsigned} `), [[0, unsigned.length, `${b64({ alg: 'none' })}.${P}.`, true]]);
    });

    it('after a continuation, the first piece that starts with eyJ and decodes starts the token, at its own offset', () => {
      // An earlier call leaves a piece that is not a candidate in the detector's ring: it must not leak into the next.
      assert.deepEqual(spans(`eyJA${NL}AAAA.x.y`), []);
      const text = `eyJA\\\n${TOKEN}`;
      assert.deepEqual(spans(text), [[6, text.length, TOKEN, false]]);
      assert.equal(tokenAt(text, 6)?.start, 6);
      assert.equal(tokenAt(text, 2), undefined, 'on the piece that does not decode');
      assert.deepEqual(spans(text, { until: 6 }), [[6, text.length, TOKEN, false]]);
      assert.deepEqual(spans(text, { until: 5 }), [], 'the token starts after until');
      // And a candidate left in the ring must not leak either.
      assert.deepEqual(jwtHeaderOf(SPACED), { alg: 'RS256' }, 'it decodes...');
      assert.deepEqual(spans(`eyJA\\\n${SPACED}.${P}.${sig}`), [], '...but a piece that does not start with eyJ starts no token');
      assert.deepEqual(spans(`${SPACED}.${P}.${sig}`), []);
      // Two pieces that do not decode, then the token's header: the third candidate is the token.
      const third = `eyJA\\\neyJB\\\n${TOKEN}`;
      assert.deepEqual(spans(third), [[12, third.length, TOKEN, false]]);
    });

    it('a header may span 16 continuations, not 17; a token 1,024, not 1,025, header and payload together', () => {
      const header = b64({ alg: 'RS256', kid: 'k'.repeat(60) });
      const lines = (s: string, n: number): string => {
        const cut = (i: number): number => Math.floor((i * s.length) / (n + 1));
        return Array.from({ length: n + 1 }, (_, i) => s.slice(cut(i), cut(i + 1))).join('\\\n  ');
      };
      const body = `.${b64({ sub: 'u' })}.${sig}`;
      assert.equal(findTokens(`t ${lines(header, 16)}${body}`)[0]?.token, header + body);
      assert.deepEqual(findTokens(`t ${lines(header, 17)}${body}`), []);
      const payload = 'QUJD'.repeat(1100);
      const whole = `${header}.${payload}.${sig}`;
      assert.deepEqual(
        findTokens(`t ${header}.${lines(payload, 1024)}.${sig}`).map((m) => [m.token, m.split]),
        [[whole, true]],
      );
      assert.deepEqual(findTokens(`t ${header}.${lines(payload, 1025)}.${sig}`), []);
      // one continuation in the header and 1,024 in the payload: 1,025 in all
      assert.deepEqual(findTokens(`t ${lines(header, 1)}.${lines(payload, 1024)}.${sig}`), []);
      assert.deepEqual(
        findTokens(`t ${lines(header, 1)}.${lines(payload, 1023)}.${sig}`).map((m) => m.token),
        [whole],
      );
    });
  });

  describe('limits and options', () => {
    it('a header of 2,048 characters is read, a longer one is not', () => {
      const h2048 = headerOf(2048);
      const t = `${h2048}.${P}.${sig}`;
      assert.deepEqual(spans(` ${t}`), [[1, 1 + t.length, t, false]]);
      const h2052 = headerOf(2052);
      assert.deepEqual(spans(` ${h2052}.${P}.${sig}`), []);
      assert.equal(jwtHeaderOf(h2048)?.alg, 'RS256');
      assert.equal(jwtHeaderOf(h2052), undefined);
      // The same 2,048 characters over three lines, the dot after the last continuation: still read.
      const three = `${h2048.slice(0, 1000)}${NL}${h2048.slice(1000)}${NL}.${P}.${sig}`;
      assert.equal(tokenAt(three, 0)?.token, t);
      assert.equal(findTokens(three)[0]?.token, t);
    });

    it('jwtHeaderOf: a JSON object with a string alg, nothing else', () => {
      assert.deepEqual(jwtHeaderOf(H), { alg: 'RS256', kid: 'ins_1', typ: 'JWT' });
      assert.deepEqual(jwtHeaderOf(b64({ alg: 'HS256', kid: null, typ: 1 })), { alg: 'HS256' });
      for (const json of ['null', '[1]', '"alg"', '7', '{"alg":1}', '{"kid":"k"}', '{"alg":"RS256"', '{}'])
        assert.equal(jwtHeaderOf(b64(json)), undefined, json);
      assert.equal(jwtHeaderOf('eyJ'), undefined);
      assert.equal(jwtHeaderOf(''), undefined);
      // inherited properties are not the header's
      assert.equal(jwtHeaderOf(b64('{"__proto__":{"alg":"RS256"}}')), undefined);
    });

    it('maxLength: a token of exactly maxLength characters is found, one character more is not', () => {
      const text = `x ${TOKEN}`;
      assert.deepEqual(spans(text, { maxLength: TOKEN.length }), [[2, text.length, TOKEN, false]]);
      assert.deepEqual(spans(text, { maxLength: TOKEN.length - 1 }), []);
      assert.equal(tokenAt(text, 5, { maxLength: TOKEN.length })?.token, TOKEN);
      assert.equal(tokenAt(text, 5, { maxLength: TOKEN.length - 1 }), undefined);
      // A split token counts its whole span, continuations included, from its first piece.
      const split = `x ${H.slice(0, 20)}${NL}${H.slice(20)}.${P}.${sig}`;
      const span = split.length - 2;
      assert.deepEqual(spans(split, { maxLength: span }), [[2, split.length, TOKEN, true]]);
      assert.deepEqual(spans(split, { maxLength: span - 1 }), []);
    });

    it('until: only tokens that start at or before it; from: scanning starts there', () => {
      const text = `${TOKEN} ${OTHER}`;
      assert.deepEqual(
        findTokens(text, { until: 5 }).map((m) => m.token),
        [TOKEN],
      );
      assert.deepEqual(
        findTokens(text, { until: TOKEN.length + 1 }).map((m) => m.token),
        [TOKEN, OTHER],
      );
      assert.deepEqual(
        findTokens(text, { until: TOKEN.length }).map((m) => m.token),
        [TOKEN],
      );
      assert.deepEqual(
        findTokens(text, { from: 1 }).map((m) => m.token),
        [OTHER],
      );
      assert.deepEqual(findTokens(text, { limit: 1 }).length, 1);
      // A bounded search past a long chain of continued pieces stops without a token (and without looping).
      const chain = `eyJA${'\\\nAAAA'.repeat(20)}.x.y`;
      assert.deepEqual(findTokens(chain, { until: 0 }), []);
      assert.equal(tokenAt(chain, 0), undefined);
    });

    it('a hover on the first line of a continued header far into a text still finds the token', () => {
      const pad = ' '.repeat(3000);
      const text = `${pad}${H.slice(0, 20)}${NL}${H.slice(20)}.${P}.${sig}`;
      assert.deepEqual([tokenAt(text, 3000)?.start, tokenAt(text, 3000)?.token], [3000, TOKEN]);
      // the same after a long piece that does not decode (its header would be too long): the later piece starts it
      const long = `eyJ${'A'.repeat(2101)}${NL}${H.slice(0, 20)}${NL}${H.slice(20)}.${P}.${sig}`;
      const at = long.indexOf(H.slice(0, 20));
      assert.deepEqual([tokenAt(long, at)?.start, tokenAt(long, at)?.token], [at, TOKEN]);
    });

    it('a hover on a CRLF continuation (its backslash, CR or LF) finds the token', () => {
      const text = `Bearer ${H}.${P.slice(0, 9)}\\\r\n  ${P.slice(9)}.${sig}`;
      const b = text.indexOf('\\');
      for (const off of [b, b + 1, b + 2, b + 3, b + 4])
        assert.equal(tokenAt(text, off)?.token, TOKEN, `offset ${off - b} after the backslash`);
    });
  });

  describe('context', () => {
    const cases: Array<[string, TokenMatch['context']]> = [
      ['Bearer ', 'bearer'],
      ['Authorization: bearer\t', 'bearer'],
      ['Bearer  ', 'bearer'],
      ['Bearer x ', 'plain'],
      ['/cb?a=1&token=', 'url-query'],
      ['/cb?a=1 ', 'plain'],
      ['/#a=1 ', 'plain'],
      ['/#state=x&id_token=', 'url-query'],
      ['__session=', 'cookie'],
      ['Cookie: __session_Zx9-y=', 'cookie'],
      ['__client_uat=1;__clerk_db_jwt=', 'cookie'],
      ['__session=x; ', 'plain'],
      ['my__session=', 'assignment'],
      ['"a" ', 'plain'],
      ["'", 'quoted'],
      ['a=b ', 'plain'],
      ['key: ', 'assignment'],
      ['key:\t', 'assignment'],
      ['x = ', 'assignment'],
      ['Bearer                          ', 'plain'], // the 24 characters before it are all spaces
    ];
    for (const [before, context] of cases) {
      it(`${JSON.stringify(before)} → ${context}`, () => {
        assert.deepEqual(
          findTokens(`${before}${TOKEN}`).map((m) => [m.start, m.context]),
          [[before.length, context]],
        );
      });
    }
  });

  describe('tokenNear: the window', () => {
    const split = (parts: number): string[] => {
      const n = Math.ceil(TOKEN.length / parts);
      return Array.from({ length: parts }, (_, i) => TOKEN.slice(i * n, (i + 1) * n));
    };

    it('a token alone in a document, one that ends it, one before a full stop, one before a final backslash', () => {
      assert.deepEqual(near(TOKEN, 5), [0, TOKEN.length, TOKEN]);
      assert.deepEqual(near(`a\n${TOKEN}`, 7), [2, 2 + TOKEN.length, TOKEN]);
      assert.deepEqual(near(`The token is ${TOKEN}.`, 20), [13, 13 + TOKEN.length, TOKEN]);
      assert.deepEqual(near(`x\nrun ${TOKEN}\\`, 20), [6, 6 + TOKEN.length, TOKEN]);
    });

    it('document offsets for a token on line 20', () => {
      const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
      lines[20] = `Authorization: Bearer ${TOKEN}`;
      const text = lines.join('\n');
      const at = text.indexOf(TOKEN);
      assert.deepEqual(near(text, at + 30), [at, at + TOKEN.length, TOKEN]);
      assert.equal(near(text, at - 2), undefined);
    });

    it('a token continued past the last line of the window is not shown; from a line that holds it all, it is', () => {
      const parts = split(12);
      const text = `${parts.join('\\\n')}\nnext`;
      // the window of line 1 ends at line 9, which ends in a backslash: the token may go on
      assert.equal(findTokens(`${parts.slice(0, 10).join('\\\n')}\\`).length, 1, 'the part in the window looks like a token');
      assert.equal(near(text, text.indexOf(parts[1]) + 1), undefined);
      assert.deepEqual(near(text, text.indexOf(parts[3]) + 1), [0, text.length - 5, TOKEN]);
      // the same token ending in a full stop on the last line of the window is whole
      const stop = `${parts.join('\\\n')}.\nnext\nmore`;
      const lastLine = text.indexOf(parts[11]);
      assert.deepEqual(near(stop, stop.indexOf(parts[3]) + 1), [0, lastLine + parts[11].length, TOKEN]);
    });

    it('a token that starts the window right after a line ending in a backslash is not shown; after any other line, it is', () => {
      const parts = split(12);
      const cont = `foo \\\n${parts.join('\\\n')}\nend`;
      const hover = cont.indexOf(parts[8]) + 1; // line 9: the window starts at line 1, the token's first
      assert.equal(near(cont, hover), undefined);
      assert.equal(findTokens(cont)[0]?.token, TOKEN, 'the whole text holds it');
      const plain = `foo\n${parts.join('\\\n')}\nend`;
      assert.deepEqual(near(plain, plain.indexOf(parts[8]) + 1), [4, plain.length - 4, TOKEN]);
    });

    it('a window that starts after a backslash line or ends on one still shows a token inside it', () => {
      const lines8 = 'l\n'.repeat(8);
      const before = `foo \\\n${lines8}${TOKEN}`; // the window of the token's line starts at line 1
      assert.deepEqual(near(before, before.length - 5), [before.length - TOKEN.length, before.length, TOKEN]);
      const after = `${TOKEN}\n${lines8.slice(2)}bar \\\nnext`; // the window of line 0 ends at line 8, 'bar \\'
      assert.deepEqual(near(after, 5), [0, TOKEN.length, TOKEN]);
    });

    it('a window of exactly MAX_WINDOW_CHARS is read line by line (a split token is found)', () => {
      const head = `${TOKEN.slice(0, 50)}\\\n  ${TOKEN.slice(50)}\n`;
      const text = head + 'x'.repeat(MAX_WINDOW_CHARS - head.length);
      assert.equal(text.length, MAX_WINDOW_CHARS);
      assert.deepEqual(near(text, 10), [0, head.length - 1, TOKEN]);
      // and far below 256 K of other lines, the window is only the lines around it
      const filler = `${'f'.repeat(99)}\n`.repeat(3000);
      const below = filler + head + 'tail';
      const doc = lined(below);
      const m = tokenNear(doc, filler.length + 10);
      assert.deepEqual(m && [m.start, m.end, m.token], [filler.length, filler.length + head.length - 1, TOKEN]);
      assert.ok(doc.reads < 10_000, `read ${doc.reads} characters`);
    });

    describe('a line longer than MAX_WINDOW_CHARS: the line alone, cut around the offset where no token goes on', () => {
      const half = MAX_WINDOW_CHARS / 2;

      it('a token in the middle of a long line of words, with document offsets, the line read about once', () => {
        const line = `${'word '.repeat(40_000)}Bearer ${TOKEN} ${'more '.repeat(40_000)}`;
        const text = `a\n${line}\nb`;
        const at = 2 + line.indexOf(TOKEN);
        const doc = lined(text);
        const m = tokenNear(doc, at + 100);
        assert.deepEqual(m && [m.start, m.end, m.token, m.context], [at, at + TOKEN.length, TOKEN, 'bearer']);
        assert.ok(doc.reads < 1.5 * line.length, `read ${doc.reads} of ${line.length}`);
      });

      it('cuts that fall inside long runs move to the runs’ ends', () => {
        const line = `${'A'.repeat(200_000)} Bearer ${TOKEN} ${'B'.repeat(200_000)}`;
        const at = line.indexOf(TOKEN);
        assert.ok(at > half && line.length - at > half);
        assert.deepEqual(near(line, at + 10), [at, at + TOKEN.length, TOKEN]);
        assert.deepEqual(near(line, at + TOKEN.length - 1), [at, at + TOKEN.length, TOKEN]);
      });

      it('a token glued inside one long run is none', () => {
        const run = `${'QUJD'.repeat(50_000)}${TOKEN}${'QUJD'.repeat(50_000)}`;
        assert.equal(near(run, 200_000 + 50), undefined);
        assert.equal(near(run, 10), undefined);
        // glued on the left only, the hover on its first character: the cut lands on it, and it is still glued
        const left = `${'QUJD'.repeat(50_000)}${TOKEN} ${'w '.repeat(50_000)}`;
        assert.equal(near(left, 200_000), undefined);
        assert.equal(near(left, 200_000 + 50), undefined);
      });

      it('a cut that lands right after a run or a dot moves on: a token right after a run, a dot before a long glued token', () => {
        // the window starts at the token, mid-line: the line before ending in a backslash does not matter then
        const line = `${'A'.repeat(200_000)} ${TOKEN} ${'w '.repeat(100_000)}`;
        const at = 200_001;
        assert.deepEqual(near(`prev \\\n${line}`, 7 + at + 10), [7 + at, 7 + at + TOKEN.length, TOKEN]);
        // the window ends one character after the token, on a line that ends in a backslash: the token is whole
        const tail = `${'w '.repeat(100_000)}${TOKEN}. ${'B'.repeat(200_000)}\\\nnext`;
        const t0 = 200_000;
        assert.deepEqual(near(tail, t0 + 10), [t0, t0 + TOKEN.length, TOKEN]);
        // a token after a dot (a part of something longer), so long that the cut lands right after the dot: none
        const big = `${H}.${'A'.repeat(150_000)}.${sig}`;
        const glued = `x.${big} ${'w '.repeat(100_000)}`;
        assert.equal(near(glued, 2 + half), undefined);
        assert.deepEqual(findTokens(glued), []);
      });

      it('a token longer than half the window is not found from a hover (the window cannot hold it whole)', () => {
        const big = `${H}.${'A'.repeat(200_000)}.${sig}`;
        const line = `Bearer ${big} ${'w '.repeat(100_000)}`;
        assert.equal(findTokens(line)[0]?.token, big, 'the whole line holds it');
        assert.equal(near(line, 7 + 150_000), undefined, 'far into it');
        assert.equal(near(line, 7 + 10), undefined, 'near its start');
      });

      it('a long line below another long line: offsets from the start of its line', () => {
        const first = 'x '.repeat(100_000);
        const line = `${'w '.repeat(70_000)}Bearer ${TOKEN} ${'w '.repeat(70_000)}`;
        const text = `${first}\n${line}`;
        const at = first.length + 1 + line.indexOf(TOKEN);
        assert.deepEqual(near(text, at + 20), [at, at + TOKEN.length, TOKEN]);
      });

      it('the line starts with the token and the line before ends in a backslash: not shown; otherwise shown', () => {
        const rest = ` ${'w '.repeat(150_000)}`;
        assert.equal(near(`prev \\\n${TOKEN}${rest}`, 7 + 10), undefined);
        assert.deepEqual(near(`prev\n${TOKEN}${rest}`, 5 + 10), [5, 5 + TOKEN.length, TOKEN]);
        assert.deepEqual(near(`${TOKEN}${rest}`, 10), [0, TOKEN.length, TOKEN]);
      });

      it('the line ends with the token and a backslash, and a line follows: not shown; before a full stop: shown', () => {
        const lead = `${'w '.repeat(150_000)}`;
        const at = lead.length;
        assert.equal(near(`${lead}${TOKEN}\\\nnext`, at + 10), undefined);
        assert.deepEqual(near(`${lead}${TOKEN}.\nnext`, at + 10), [at, at + TOKEN.length, TOKEN]);
        assert.deepEqual(near(`${lead}${TOKEN}\\`, at + 10), [at, at + TOKEN.length, TOKEN]);
      });
    });
  });
});
