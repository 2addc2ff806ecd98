// The words of src/tokens/words.ts that users read: token times relative to now (the hover's Expires row, Explain's
// Times, Verify's rows), factor ages and the issuer (Explain Token's Claims rows for fva and iss), a claim value shown
// short (inside reasons and claim rows), and the note about a kid that holds path characters (Explain's Notes).
// Written for issue 14 (tests proven by mutation): each word or sentence is asserted whole, with the boundaries where
// the unit changes.
import * as assert from 'node:assert/strict';
import { explainToken, type Explanation } from '../../src/tokens/explain';
import { factorText, headerLines, issuerText, minutesInWords, secondsToDateMs, show, tokenRelative } from '../../src/tokens/words';

const b64 = (o: unknown): string => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const NOW = Date.UTC(2030, 0, 15, 9, 30);

describe('token words: times, factor ages, issuer, values', function () {
  it('tokenRelative: seconds under two minutes, then min, h and days, "now" only for the same second', function () {
    const cases: Array<[number, string]> = [
      [0, 'now'],
      [0.4, 'now'],
      [1, 'in 1 s'],
      [-1, '1 s ago'],
      [40, 'in 40 s'],
      [-60, '60 s ago'],
      [119, 'in 119 s'],
      [120, 'in 2 min'],
      [-150, '3 min ago'],
      [89 * 60 + 59, 'in 90 min'],
      [90 * 60, 'in 2 h'],
      [-(3 * 3600), '3 h ago'],
      [48 * 3600 - 1, 'in 48 h'],
      [48 * 3600, 'in 2 days'],
      [-(5 * 86400), '5 days ago'],
      [1_000_000 * 86400, 'in 1,000,000 days'],
    ];
    for (const [seconds, words] of cases) assert.equal(tokenRelative(NOW + seconds * 1000, NOW), words, String(seconds));
  });

  it('tokenRelative: a time outside what a Date holds is an "unknown time", not NaN', function () {
    assert.equal(tokenRelative(NaN, NOW), 'unknown time');
    assert.equal(tokenRelative(NOW, NaN), 'unknown time');
    assert.equal(tokenRelative(Infinity, NOW), 'unknown time');
    // secondsToDateMs gives NaN beyond a Date's range (an exp of 1e300 in a hostile token), exactly as Date does.
    assert.equal(secondsToDateMs(1_900_000_000), 1_900_000_000_000);
    assert.ok(Number.isNaN(secondsToDateMs(1e300)));
    assert.equal(tokenRelative(secondsToDateMs(1e300), NOW), 'unknown time');
  });

  it('minutesInWords (the factor ages): under a minute, minutes, hours from 90 minutes, days from 48 hours', function () {
    const cases: Array<[number, string]> = [
      [0, 'less than a minute'],
      [0.99, 'less than a minute'],
      [1, '1 minute'],
      [1.4, '1 minute'],
      [1.6, '2 minutes'],
      [-5, '5 minutes'],
      [89, '89 minutes'],
      [90, '2 hours'],
      [47 * 60, '47 hours'],
      [48 * 60 - 1, '48 hours'],
      [48 * 60, '2 days'],
      [10 * 1440, '10 days'],
    ];
    for (const [m, words] of cases) assert.equal(minutesInWords(m), words, String(m));
  });

  it('factorText: both factor ages in words; a negative age is "never"; 0 is "less than a minute ago"', function () {
    assert.deepEqual(factorText([3, -1]), {
      first: 3,
      second: null,
      text: 'first factor verified 3 minutes ago; second factor: never (or the user has none)',
    });
    assert.deepEqual(factorText([-1, 120]), {
      first: null,
      second: 120,
      text: 'first factor: never verified; second factor verified 2 hours ago',
    });
    assert.deepEqual(factorText([0, 0]), {
      first: 0,
      second: 0,
      text: 'first factor verified less than a minute ago; second factor verified less than a minute ago',
    });
  });

  it('factorText: anything but two finite numbers is not read (the Claims row says what was expected instead)', function () {
    // JSON.parse reads 1e999 as Infinity: a hostile token can carry it.
    for (const fva of [null, 'x', 5, {}, [], [1], [1, 2, 3], ['1', '2'], [1, 'x'], [1, JSON.parse('1e999') as number], [null, 1]])
      assert.equal(factorText(fva), undefined, JSON.stringify(fva));
    const claims = (fva: unknown) => explainToken(`${b64({ alg: 'RS256' })}.${b64({ sub: 'user_1', sid: 'sess_1', v: 2, fva })}.c2ln`);
    const row = (fva: unknown) => (claims(fva) as Explanation).claims.find((c) => c.claim === 'fva');
    assert.deepEqual(row([1, 2, 3]), {
      claim: 'fva',
      value: [1, 2, 3],
      text: 'fva is [1,2,3]; expected [minutes since first factor, minutes since second factor].',
      problem: true,
    });
    assert.deepEqual(row([5, -1]), {
      claim: 'fva',
      value: [5, -1],
      text: 'Factor verification age: first factor verified 5 minutes ago; second factor: never (or the user has none).',
    });
  });

  it('issuerText: a development instance, a production instance, anything else, and what is not a URL', function () {
    assert.equal(
      issuerText('https://happy-hen-42.clerk.accounts.dev'),
      "Issued by https://happy-hen-42.clerk.accounts.dev: a development instance's Frontend API.",
    );
    assert.equal(issuerText('https://clerk.acme.com'), "Issued by https://clerk.acme.com: a production instance's Frontend API.");
    assert.equal(issuerText('https://auth.acme.com'), 'Issued by https://auth.acme.com (not shaped like a Clerk Frontend API URL).');
    // The host is what counts: a path that looks like Clerk's is not, nor a host that only contains the words.
    assert.equal(
      issuerText('https://evil.example/clerk.accounts.dev'),
      'Issued by https://evil.example/clerk.accounts.dev (not shaped like a Clerk Frontend API URL).',
    );
    assert.equal(
      issuerText('https://happy-hen-42.clerk.accounts.dev.evil.example'),
      'Issued by https://happy-hen-42.clerk.accounts.dev.evil.example (not shaped like a Clerk Frontend API URL).',
    );
    assert.equal(issuerText('https://myclerk.example'), 'Issued by https://myclerk.example (not shaped like a Clerk Frontend API URL).');
    assert.equal(issuerText('not a url'), `Issued by "not a url", which is not a URL (Clerk's iss is the instance's Frontend API URL).`);
  });

  it('show: a value as JSON, strings quoted, "(absent)" for a missing one, cut with … past the limit', function () {
    assert.equal(show(undefined), '(absent)');
    assert.equal(show('user_1'), '"user_1"');
    assert.equal(show('line\nbreak "quoted"'), '"line\\nbreak \\"quoted\\""');
    assert.equal(show(42), '42');
    assert.equal(show(null), 'null');
    assert.equal(show(false), 'false');
    assert.equal(show({ a: [1, 'b'] }), '{"a":[1,"b"]}');
    // The limit counts the quotes: 10 characters shown whole, 11 cut to 9 and an ellipsis.
    assert.equal(show('abcdefgh', 10), '"abcdefgh"');
    assert.equal(show('abcdefghi', 10), '"abcdefgh…');
    assert.equal(show('x'.repeat(200)), `"${'x'.repeat(118)}…`);
    assert.equal(show('x'.repeat(200)).length, 120);
  });

  it('a kid with path or control characters: a note that it must never build a path or URL (Explain Notes)', function () {
    const note = 'The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.';
    for (const kid of ['../../etc/passwd', 'a/b', 'a\\b', 'a..b', 'nul\u0000', 'tab\u001f']) {
      const notes: string[] = [];
      headerLines({ alg: 'RS256', kid }, notes);
      assert.deepEqual(notes, [note], JSON.stringify(kid));
      const e = explainToken(`${b64({ alg: 'RS256', kid })}.${b64({ sub: 'user_1' })}.c2ln`) as Explanation;
      assert.ok(e.notes.includes(note));
    }
    for (const kid of ['ins_2abc', 'a.b', 'ins 1', 'x\u0020', 7, ['../x']]) {
      const notes: string[] = [];
      headerLines({ alg: 'RS256', kid }, notes);
      assert.deepEqual(notes, [], JSON.stringify(kid));
    }
    // Only the kid names a key: other parameters may hold URLs and paths (jku, x5u) without a note.
    const notes: string[] = [];
    headerLines({ alg: 'RS256', jku: 'https://x.test/../jwks', x5u: 'a/b\\c', typ: '\u0000' }, notes);
    assert.deepEqual(notes, []);
  });

  it('the header values reach the decoded header Explain shows, each once, in the order of the token, as data', function () {
    const header = { kid: 'ins_2abc', alg: 'HS256', typ: 'at+jwt', cat: 'cl_B7d4PD333AAA', crit: ['exp'], x5u: 'https://x.test', n: null };
    assert.deepEqual(
      headerLines(header, []),
      Object.entries(header).map(([claim, value]) => ({ claim, value })),
    );
    // Through Explain Token: a header parameter named __proto__ stays a parameter, and pollutes nothing.
    const e = explainToken(`${b64('{"alg":"RS256","__proto__":{"polluted":1},"kid":"k1"}')}.${b64({ sub: 'user_1' })}.c2ln`) as Explanation;
    // (the decoder's objects have no prototype: compared as JSON)
    assert.deepEqual(JSON.parse(JSON.stringify(e.header)), [
      { claim: 'alg', value: 'RS256' },
      { claim: '__proto__', value: { polluted: 1 } },
      { claim: 'kid', value: 'k1' },
    ]);
    assert.deepEqual(
      e.notes.filter((n) => n.includes('kid')),
      [],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
