// Decoding a token someone pasted, hovered or copied: what comes along is removed (Bearer, quotes, line breaks), and a
// token that cannot be decoded gets one sentence saying which part fails and why (the Explain Token report and the hover
// show it as the reason). Strict base64url, as @clerk/backend's parser is: a token it would refuse is not decoded here.
import * as assert from 'node:assert/strict';
import {
  base64urlBytes,
  decodeToken,
  isJsonObject,
  jsonDepth,
  jsonKind,
  jwtIn,
  jwtOf,
  MAX_JSON_DEPTH,
  MAX_TOKEN_CHARS,
  safeJson,
  unwrapToken,
  utf8,
  type DecodeResult,
} from '../../src/tokens/decode';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const H = b64({ alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' });
const P = b64({ sub: 'user_1', sid: 'sess_1', v: 2 });
const S = b64('signature bytes');
const TOKEN = `${H}.${P}.${S}`;

const sentence = (r: DecodeResult): string => {
  assert.equal(r.ok, false, 'decoding fails');
  return r.ok ? '' : r.sentence;
};

describe('decodeToken: a token that decodes', () => {
  it('gives the header, the claims, the signature bytes and the parts, with no warnings', () => {
    const d = decodeToken(TOKEN);
    assert.ok(d.ok);
    assert.deepEqual(
      { ...d, header: { ...d.header }, payload: { ...d.payload } },
      {
        ok: true,
        token: TOKEN,
        parts: { header: H, payload: P, signature: S },
        header: { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' },
        payload: { sub: 'user_1', sid: 'sess_1', v: 2 },
        signature: Buffer.from('signature bytes'),
        warnings: [],
      },
    );
    // Objects from the token have no prototype: no claim named __proto__ or constructor can reach Object.prototype.
    assert.equal(Object.getPrototypeOf(d.header), null);
    assert.equal(Object.getPrototypeOf(d.payload), null);
  });

  it('removes what comes along when a token is pasted (Bearer, quotes, white space) and says when it joined lines', () => {
    for (const pasted of [`Bearer ${TOKEN}`, `  bearer\t${TOKEN}\n`, `"${TOKEN}"`, `'${TOKEN}'`, `\`${TOKEN}\``, `Bearer " ${TOKEN} "`]) {
      const d = decodeToken(pasted);
      assert.ok(d.ok, pasted);
      assert.equal(d.token, TOKEN);
      assert.deepEqual(d.warnings, [], pasted);
    }
    const split = decodeToken(`${TOKEN.slice(0, 30)}\\\n${TOKEN.slice(30, 60)}\n  ${TOKEN.slice(60)}`);
    assert.ok(split.ok);
    assert.equal(split.token, TOKEN);
    assert.deepEqual(split.warnings, ['Line breaks inside the token were removed before decoding.']);
  });

  it('warns of = padding, of bytes that are not UTF-8, and of a missing signature, and still decodes', () => {
    const header = b64({ alg: 'RS256', x: 123 }); // 23 bytes: base64url leaves out one '='
    assert.equal(header.length % 4, 3);
    const bad = Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]).toString('base64url');
    const d = decodeToken(`${header}=.${bad}.`);
    assert.ok(d.ok, d.ok ? '' : d.sentence);
    assert.equal(d.payload.sub, '\uFFFD\uFFFD');
    assert.deepEqual(d.signature, Buffer.alloc(0));
    assert.deepEqual(d.warnings, [
      "The header ends in '=' padding, which base64url in a JWT leaves out.",
      'The payload holds bytes that are not UTF-8; they are shown as \uFFFD.',
      'The token has no signature (its third part is empty).',
    ]);
    const payloadPadded = decodeToken(`${H}.${header}=.${S}`);
    assert.ok(payloadPadded.ok);
    assert.deepEqual(payloadPadded.warnings, ["The payload ends in '=' padding, which base64url in a JWT leaves out."]);
  });
});

describe('decodeToken: one sentence for each way a token fails', () => {
  const cases: Array<[string, unknown, string, Partial<{ kind: string; part: string }>]> = [
    ['nothing', undefined, 'No token was given.', { kind: 'empty' }],
    ['a number', 42, 'No token was given.', { kind: 'empty' }],
    ['empty text', '', 'The token is empty.', { kind: 'empty' }],
    ['white space and quotes', '  ""  ', 'The token is empty.', { kind: 'empty' }],
    ['one part', 'hello', "This isn't a JWT: it has 1 part; a JWT has 3 separated by dots.", { kind: 'parts' }],
    ['two parts', `${H}.${P}`, "This isn't a JWT: it has 2 parts; a JWT has 3 separated by dots.", { kind: 'parts' }],
    ['four parts', `${TOKEN}.x`, "This isn't a JWT: it has 4 parts; a JWT has 3 separated by dots.", { kind: 'parts' }],
    ['six parts', 'a.b.c.d.e.f', "This isn't a JWT: it has 6 parts; a JWT has 3 separated by dots.", { kind: 'parts' }],
    [
      'an encrypted token',
      'a.b.c.d.e',
      'This is an encrypted token (JWE, 5 parts); Clerk session tokens are signed JWTs with 3 parts.',
      { kind: 'jwe' },
    ],
    ['an empty header', `.${P}.${S}`, "This JWT's header is empty.", { kind: 'empty-part', part: 'header' }],
    ['an empty payload', `${H}..${S}`, "This JWT's payload is empty.", { kind: 'empty-part', part: 'payload' }],
    [
      'a header in plain base64',
      `${H.slice(0, 4)}+/${H.slice(6)}.${P}.${S}`,
      "This JWT's header contains + or /, which is base64 but not base64url.",
      { kind: 'base64url', part: 'header' },
    ],
    [
      'a payload with a stray character',
      `${H}.${P.slice(0, 8)}*${P.slice(9)}.${S}`,
      "This JWT's payload contains characters that are not base64url.",
      { kind: 'base64url', part: 'payload' },
    ],
    [
      'a payload one character short',
      `${H}.${P.slice(0, -1)}.${S}`,
      "This JWT's payload has a length that no base64url encoding has (one character too many or too few).",
      { kind: 'base64url', part: 'payload' },
    ],
    [
      'a header whose last character has stray bits',
      `${b64({ alg: 'RS256', x: 123 }).slice(0, -1)}x.${P}.${S}`,
      "This JWT's header ends in a character with stray bits (not canonical base64url).",
      { kind: 'base64url', part: 'header' },
    ],
    [
      'a signature in plain base64',
      `${H}.${P}.ab+/`,
      "This JWT's signature contains + or /, which is base64 but not base64url.",
      { kind: 'base64url', part: 'signature' },
    ],
    ['a header that is not JSON', `${b64('hello')}.${P}.${S}`, "This JWT's header is not JSON.", { kind: 'json', part: 'header' }],
    ['a payload that is not JSON', `${H}.${b64('{"sub":')}.${S}`, "This JWT's payload is not JSON.", { kind: 'json', part: 'payload' }],
    [
      'a header that is null',
      `${b64(null)}.${P}.${S}`,
      "This JWT's header is not a JSON object (it is JSON null).",
      { kind: 'not-object', part: 'header' },
    ],
    [
      'a payload that is an array',
      `${H}.${b64([1, 2])}.${S}`,
      "This JWT's payload is not a JSON object (it is a JSON array).",
      { kind: 'not-object', part: 'payload' },
    ],
    [
      'a payload nested 65 deep',
      `${H}.${b64(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`)}.${S}`,
      `This JWT's payload is nested more than ${MAX_JSON_DEPTH} levels deep.`,
      { kind: 'too-deep', part: 'payload' },
    ],
  ];
  for (const [name, input, want, fields] of cases) {
    it(name, () => {
      const r = decodeToken(input);
      assert.equal(sentence(r), want);
      if (!r.ok) {
        assert.equal(r.kind, fields.kind);
        assert.equal(r.part, fields.part);
      }
    });
  }

  it('the header is checked first, then the signature, then the payload', () => {
    assert.equal(sentence(decodeToken(`${b64('x')}.${b64('y')}.+`)), "This JWT's header is not JSON.");
    assert.equal(sentence(decodeToken(`${H}.${b64('y')}.+`)), "This JWT's signature contains + or /, which is base64 but not base64url.");
  });

  it('a failure keeps what did decode: the parts, the header, a payload that is not an object, the signature', () => {
    const arr = decodeToken(`${H}.${b64(['a'])}.${S}`);
    assert.ok(!arr.ok);
    assert.equal(arr.token, `${H}.${b64(['a'])}.${S}`);
    assert.deepEqual(arr.parts, { header: H, payload: b64(['a']), signature: S });
    assert.deepEqual({ ...arr.header }, { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' });
    assert.deepEqual(arr.payloadValue, ['a']);
    assert.deepEqual(arr.signature, Buffer.from('signature bytes'));
    assert.deepEqual(arr.warnings, []);
    const notJson = decodeToken(`${H}.${b64('nope')}.${S}`);
    assert.ok(!notJson.ok);
    assert.deepEqual({ ...notJson.header }, { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' });
    assert.equal(notJson.token, `${H}.${b64('nope')}.${S}`);
    const sig = decodeToken(`${H}.${P}.a+`);
    assert.ok(!sig.ok);
    assert.deepEqual({ ...sig.header }, { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' });
    const parts = decodeToken('a.b');
    assert.ok(!parts.ok);
    assert.equal(parts.token, 'a.b');
    assert.equal(parts.parts, undefined);
    // A warning found before the failure is kept.
    const w = decodeToken(`${H}=.${b64('nope')}.${S}`);
    assert.ok(!w.ok);
    assert.deepEqual(w.warnings, ["The header ends in '=' padding, which base64url in a JWT leaves out."]);
  });

  it(`refuses tokens longer than ${MAX_TOKEN_CHARS} characters before decoding them, and says how long they are`, () => {
    const long = `${H}.${b64({ sub: 'user_1', pad: 'x'.repeat(50_000) })}.${S}`;
    assert.ok(long.length > MAX_TOKEN_CHARS);
    const r = decodeToken(long);
    assert.equal(
      sentence(r),
      `This token is ${long.length.toLocaleString('en-US')} characters long; tokens over 64 KB are not decoded (Clerk's tokens travel in a cookie and stay under 4 KB).`,
    );
    assert.ok(!r.ok);
    assert.equal(r.kind, 'too-large');
    assert.equal(r.token, long.slice(0, 64), 'only the beginning is kept, to name it');
    // Exactly the limit decodes (the signature's length makes it up: 'A's are canonical base64url at any length but 4n+1).
    let atLimit = '';
    for (let n = 0; n < 4 && !atLimit; n++) {
      const p = b64({ sub: 'user_1', x: 'y'.repeat(n) });
      const sigChars = MAX_TOKEN_CHARS - H.length - p.length - 2;
      if (sigChars % 4 !== 1) atLimit = `${H}.${p}.${'A'.repeat(sigChars)}`;
    }
    assert.equal(atLimit.length, MAX_TOKEN_CHARS);
    assert.ok(decodeToken(atLimit).ok);
    // A limit of one's own.
    assert.equal(decodeToken(TOKEN, { maxChars: TOKEN.length - 1 }).ok, false);
    assert.equal(decodeToken(TOKEN, { maxChars: TOKEN.length }).ok, true);
  });

  it('refuses text over four times the limit before looking into it (white space cannot shrink a token that much)', () => {
    const max = 1024;
    const r = decodeToken(`${' '.repeat(4 * max - TOKEN.length + 1)}${TOKEN}`, { maxChars: max });
    assert.ok(!r.ok);
    assert.equal(r.kind, 'too-large');
    assert.equal(r.token, '', 'nothing of it is kept');
    assert.equal(
      r.sentence,
      "This token is 4,097 characters long; tokens over 1 KB are not decoded (Clerk's tokens travel in a cookie and stay under 4 KB).",
    );
    // Four times the limit exactly is unwrapped, and decodes when what is left is short enough.
    assert.ok(decodeToken(`${' '.repeat(4 * max - TOKEN.length)}${TOKEN}`, { maxChars: max }).ok);
  });

  it('a depth limit of one own', () => {
    const t = `${H}.${b64({ a: { b: {} } })}.${S}`;
    assert.equal(sentence(decodeToken(t, { maxDepth: 2 })), "This JWT's payload is nested more than 2 levels deep.");
    assert.ok(decodeToken(t, { maxDepth: 3 }).ok);
  });
});

describe('base64url, as strict as @clerk/backend', () => {
  it('takes canonical base64url, with or without = padding', () => {
    for (const [s, bytes, padded] of [
      ['', [], false],
      ['QQ', [65], false],
      ['QQ==', [65], true],
      ['QUI', [65, 66], false],
      ['QUI=', [65, 66], true],
      ['QUJD', [65, 66, 67], false],
      ['AA', [0], false],
      ['Ag', [2], false],
      ['Aw', [3], false],
      ['AAA', [0, 0], false],
      ['AAE', [0, 1], false],
      ['AAc', [0, 7], false],
      ['AA0', [0, 13], false],
      ['AA8', [0, 15], false],
      ['_-8', [255, 239], false],
      ['====', [], true],
    ] as Array<[string, number[], boolean]>) {
      assert.deepEqual(base64urlBytes(s), { ok: true, bytes: Buffer.from(bytes), padded }, s);
    }
  });

  it('refuses a last character with bits no encoder sets, a length no encoder makes, and characters outside the alphabet', () => {
    const stray = 'ends in a character with stray bits (not canonical base64url)';
    for (const s of ['QR', 'AB', 'Ah', 'A0', 'A4', 'AZ', 'Az', 'A9', 'A-', 'A_', 'QUJ', 'AAB', 'AA1', 'AA-', 'AA_', 'QR==']) {
      assert.deepEqual(base64urlBytes(s), { ok: false, why: stray }, s);
    }
    for (const s of ['Q', 'QUJDR', 'Q===']) {
      assert.deepEqual(
        base64urlBytes(s),
        { ok: false, why: 'has a length that no base64url encoding has (one character too many or too few)' },
        s,
      );
    }
    for (const s of ['QU+D', 'QU/D'])
      assert.deepEqual(base64urlBytes(s), { ok: false, why: 'contains + or /, which is base64 but not base64url' });
    for (const s of ['QU D', 'QU.D', 'Q=UI', 'QUÉD']) {
      assert.deepEqual(base64urlBytes(s), { ok: false, why: 'contains characters that are not base64url' }, s);
    }
  });
});

describe('JSON of a token, safely', () => {
  it('counts nesting without parsing, ignoring brackets inside strings', () => {
    assert.equal(jsonDepth('{}'), 1);
    assert.equal(jsonDepth('{"a":[{}]}'), 3);
    assert.equal(jsonDepth('[][][]'), 1);
    assert.equal(jsonDepth('{"a":"[[[{{{"}'), 1);
    assert.equal(jsonDepth('{"a":"\\"[[["}'), 1, 'an escaped quote does not end the string');
    assert.equal(jsonDepth('{"a\\\\":[[]]}'), 3, 'an escaped backslash does');
    assert.equal(jsonDepth('12'), 0);
    // It stops counting once past the limit (a hostile depth costs no more than the limit).
    assert.equal(jsonDepth('[[[[[[]]]]]]', 2), 3);
    assert.equal(jsonDepth('[[]][[[]]]', 2), 3);
  });

  it('parses JSON within the depth limit into objects without a prototype', () => {
    const r = safeJson('{"a":{"b":[{"c":1}]},"__proto__":{"polluted":true}}');
    assert.ok(r.ok);
    const v = r.value as Record<string, Record<string, Array<Record<string, number>>>>;
    assert.equal(Object.getPrototypeOf(v), null);
    assert.equal(Object.getPrototypeOf(v.a), null);
    assert.ok(Array.isArray(v.a.b), 'arrays stay arrays');
    assert.equal(Object.getPrototypeOf(v.a.b[0]), null);
    assert.equal(v.a.b[0].c, 1);
    assert.deepEqual(Object.keys(v), ['a', '__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(safeJson('[[1]]', 1), { ok: false, kind: 'too-deep', why: 'is nested more than 1 levels deep' });
    assert.deepEqual(safeJson('[[1]]', 2), { ok: true, value: [[1]] });
    assert.deepEqual(safeJson('{"a":'), { ok: false, kind: 'json', why: 'is not JSON' });
    assert.deepEqual(safeJson('null'), { ok: true, value: null });
  });

  it('names the kind of a JSON value, as the failure sentences do', () => {
    assert.deepEqual(
      [null, [], 'x', 1, true, {}, undefined].map((v) => jsonKind(v)),
      ['JSON null', 'a JSON array', 'a JSON string', 'a JSON number', 'a JSON boolean', 'a JSON object', 'a JSON object'],
    );
    assert.deepEqual(
      [null, [], 'x', 1, {}, Object.create(null)].map((v) => isJsonObject(v)),
      [false, false, false, false, true, true],
    );
  });

  it('reads bytes that are not UTF-8 as U+FFFD and says so', () => {
    assert.deepEqual(utf8(Buffer.from('héllo')), { text: 'héllo', clean: true });
    assert.deepEqual(utf8(new Uint8Array([0x68, 0xff, 0x69])), { text: 'h\uFFFDi', clean: false });
  });
});

describe('unwrapping a pasted token', () => {
  it('takes off Bearer, one pair of matching quotes, white space, and backslash-newline continuations', () => {
    const cases: Array<[string, string, boolean]> = [
      ['a.b.c', 'a.b.c', false],
      ['  a.b.c\n', 'a.b.c', false],
      ['Bearer a.b.c', 'a.b.c', false],
      ['BEARER   a.b.c', 'a.b.c', false],
      ['bearer\ta.b.c', 'a.b.c', false],
      ['Bearera.b.c', 'Bearera.b.c', false],
      ['"a.b.c"', 'a.b.c', false],
      ["'a.b.c'", 'a.b.c', false],
      ['`a.b.c`', 'a.b.c', false],
      ['" a.b.c "', 'a.b.c', false],
      ['"a.b.c\'', '"a.b.c\'', false],
      ['"a.b.c', '"a.b.c', false],
      ["'a.b.c", "'a.b.c", false],
      ['`a.b.c', '`a.b.c', false],
      ["a.b.c'", "a.b.c'", false],
      ['a.b.c`', 'a.b.c`', false],
      ['a.b.c"', 'a.b.c"', false],
      ['"', '"', false],
      ['""', '', false],
      ['""a.b.c""', '"a.b.c"', false],
      ['a.b\\\n.c', 'a.b.c', true],
      ['a.b\\\r\n.c', 'a.b.c', true],
      ['a.b\n  .c', 'a.b.c', true],
      ['a.b\\.c', 'a.b\\.c', false],
      ['"a.b\\\n.c"', 'a.b.c', true],
    ];
    for (const [raw, token, joined] of cases) assert.deepEqual(unwrapToken(raw), { token, joined }, JSON.stringify(raw));
  });
});

describe('is this text a JWT (the clipboard, the Verify input box)', () => {
  it('a token whose header names an alg, once unwrapped', () => {
    assert.equal(jwtIn(`Bearer ${TOKEN}`), TOKEN);
    assert.equal(jwtOf(`"${TOKEN}"`)?.payload.sub, 'user_1');
    assert.equal(jwtIn(`${b64({ typ: 'JWT' })}.${P}.${S}`), undefined, 'a header without alg');
    assert.equal(jwtIn(`${b64({ alg: 5 })}.${P}.${S}`), undefined, 'an alg that is not a string');
    assert.equal(jwtIn('hello world'), undefined);
    assert.equal(jwtIn(undefined), undefined);
    assert.equal(jwtOf(undefined), undefined);
  });
});
