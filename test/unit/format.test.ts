// The extension's own pure helpers: key shape, masking, redaction, API URL policy, labels and times.
import * as assert from 'node:assert/strict';
import { checkKeyShape, keyEnvironment } from '../../src/key/keyShape';
import { maskKey, redact } from '../../src/util/redact';
import { redact as clientRedact } from '../../src/clerk/errors';
import { checkApiUrl } from '../../src/util/apiUrl';
import {
  deviceLabel,
  formatDuration,
  localTime,
  parseDuration,
  place,
  relativeTime,
  statusName,
  TIME_RANGE,
  truncate,
  unknownTime,
  userLabel,
  withArticle,
} from '../../src/util/format';
import type { Session, User } from '../../src/clerk/types';

const key = `sk_test_FAKE${'ab12'.repeat(8)}`;

describe('key shape', () => {
  it('accepts sk_test_ and sk_live_ keys, and tells them apart', () => {
    assert.equal(checkKeyShape(key), undefined);
    assert.equal(checkKeyShape(` ${key.replace('test', 'live')}\n`), undefined);
    assert.equal(keyEnvironment(key), 'test');
    assert.equal(keyEnvironment(key.replace('test', 'live')), 'live');
  });
  it('says what is wrong with a key that is not one', () => {
    assert.match(checkKeyShape('')!, /Paste the secret key/);
    assert.match(checkKeyShape('pk_test_abcdefabcdefabcdef')!, /publishable key/);
    assert.match(checkKeyShape('sk_test_abc def ghi jkl mno')!, /spaces or line breaks/);
    assert.match(checkKeyShape('rk_test_abcdefabcdefabcdef')!, /starts with sk_test_ or sk_live_/);
    assert.match(checkKeyShape('sk_test_abc')!, /cut short/);
    assert.match(checkKeyShape('sk_test_abcdefghijk$lmnop')!, /cut short or has characters/);
  });
});

describe('masking and redaction', () => {
  it('masks a key to its prefix and last four characters', () => {
    assert.equal(maskKey(key), 'sk_test_…ab12');
    assert.equal(maskKey('nonsense'), '…');
  });
  it('redacts keys, JWTs and bearer values from any text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const out = redact(`key=${key} token=${jwt} Authorization: Bearer abc.def`);
    assert.ok(!out.includes(key) && !out.includes(jwt) && !out.includes('abc.def'), out);
  });
  it('is one function: the client and the extension redact alike', () => {
    assert.equal(clientRedact, redact);
  });
  const body = key.slice('sk_test_'.length);
  const hidden: Array<[string, string]> = [
    ['after a letter', `x${key}`],
    ['after an underscore', `x_${key}`],
    ['after a digit', `1${key}`],
    ['inside a word', `CLERK_SECRET_KEY=${key}`],
    ['a live key after a letter', `abc${key.replace('test', 'live')}`],
    ['percent-encoded underscores', `key=sk%5Ftest%5F${body}`],
    ['percent-encoded underscores, lower-case hex', `key=sk%5ftest%5f${body}`],
    ['a percent-encoded s', `?k=%73k_test_${body}&x=1`],
    ['every prefix character encoded', `%73%6B%5F%74%65%73%74%5F${body}`],
    ['percent-encoded inside the body', `sk_test_${body.slice(0, 6)}%2D${body.slice(6)}`],
  ];
  for (const [name, text] of hidden) {
    it(`redacts a secret key ${name}`, () => {
      const out = redact(text);
      assert.ok(!out.includes(body.slice(4)), `${text} → ${out}`);
      assert.match(out, /sk_(test|live)_…/);
      assert.equal(redact(out), out, 'idempotent');
    });
  }
  it('redacts a given literal secret, also percent-encoded', () => {
    const odd = 'p@ss/w0rd+x';
    assert.equal(redact(`a=${odd} b=${encodeURIComponent(odd)}`, odd), 'a=[secret] b=[secret]');
  });
  it('leaves text without secrets alone', () => {
    const t = 'starts with sk_test_ or sk_live_; sk_test_… is masked; 50% off_test';
    assert.equal(redact(t), t);
  });
});

describe('clerk.apiUrl policy', () => {
  it('allows https anywhere and http only on loopback', () => {
    assert.equal(checkApiUrl('https://api.clerk.com/v1'), undefined);
    for (const u of ['http://127.0.0.1:4010/v1', 'http://localhost:3000/v1', 'http://[::1]:3000/v1'])
      assert.equal(checkApiUrl(u), undefined, u);
    assert.match(checkApiUrl('http://evil.example/v1')!, /must use https/);
    assert.match(checkApiUrl('http://10.0.0.1/v1')!, /must use https/);
    assert.match(checkApiUrl('ftp://127.0.0.1/v1')!, /must use https/);
    assert.match(checkApiUrl('not a url')!, /not a URL/);
  });
  it('http on loopback: all of 127.0.0.0/8 and ::1 in any spelling; a name that only starts like 127.x.y.z is not loopback', () => {
    for (const u of [
      'http://127.0.0.53:8080/v1',
      'http://127.10.200.3/v1',
      'http://127.255.255.254/v1',
      'http://127.1/v1', // the URL parser spells it 127.0.0.1
      'http://[0:0:0:0:0:0:0:1]:3000/v1',
      'http://LOCALHOST:3000/v1',
    ])
      assert.equal(checkApiUrl(u), undefined, u);
    for (const u of ['http://127.0.0.1.nip.io/v1', 'http://127.0.0.1.evil.example/v1', 'http://[::2]/v1', 'http://[::ffff:127.0.0.1]/v1'])
      assert.equal(checkApiUrl(u), `clerk.apiUrl must use https (plain http is allowed only for localhost): "${u}".`, u);
  });
});

describe('labels and times', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('relative times', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 3 * 60_000, now), '3m ago');
    assert.equal(relativeTime(now - 5 * 3600_000, now), '5h ago');
    assert.equal(relativeTime(now + 2 * 86400_000, now), 'in 2d');
    assert.equal(relativeTime(now - 90 * 86400_000, now), '3mo ago');
  });
  it('relative times at each boundary: 45 s is a minute, 90 min is hours, 36 h is days, 60 d is months', () => {
    const at = (seconds: number) => relativeTime(now - seconds * 1000, now);
    assert.equal(at(44), 'just now');
    assert.equal(at(45), '1m ago');
    assert.equal(at(89 * 60), '89m ago');
    assert.equal(at(90 * 60), '2h ago');
    assert.equal(at(36 * 3600 - 1), '36h ago');
    assert.equal(at(36 * 3600), '2d ago');
    assert.equal(at(60 * 86400 - 1), '60d ago');
    assert.equal(at(60 * 86400), '2mo ago');
    assert.equal(at(-45), 'in 1m');
    assert.equal(at(-44), 'just now');
    assert.equal(at(0), 'just now');
  });
  it('local times: the exact wall-clock fields of the user, month counted from 1', () => {
    for (const [y, mo, d, h, mi, s] of [
      [2026, 0, 5, 7, 8, 9],
      [2026, 10, 27, 14, 3, 12],
      [2031, 11, 31, 23, 59, 59],
    ]) {
      const ms = new Date(y, mo, d, h, mi, s).getTime();
      const p = (n: number) => String(n).padStart(2, '0');
      assert.equal(localTime(ms), `${y}-${p(mo + 1)}-${p(d)} ${p(h)}:${p(mi)}:${p(s)}`);
    }
  });
  it('a time that arrives as a string (a server that is not Clerk) is an unknown time, not "NaN-NaN-NaN"', () => {
    const asString = String(now) as unknown as number;
    assert.equal(unknownTime(), 'unknown time');
    assert.equal(localTime(asString), 'unknown time');
    assert.equal(relativeTime(asString, now), unknownTime());
  });
  it('local times to the second, with no suffix', () => {
    assert.match(localTime(now), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(localTime(TIME_RANGE.from), /^(1999|2000)-/);
    assert.match(localTime(TIME_RANGE.to - 1), /^(2199|2200)-/);
  });
  const unknown: Array<[string, number | null | undefined]> = [
    ['absent (undefined)', undefined],
    ['absent (null)', null],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['0', 0],
    ['negative', -1_700_000_000_000],
    ['1e20', 1e20],
    ['seconds instead of ms', 1_700_000_000],
    ['just before 2000', TIME_RANGE.from - 1],
    ['2200 and later', TIME_RANGE.to],
  ];
  for (const [name, value] of unknown) {
    it(`an out-of-range or absent time (${name}) is "${unknownTime()}"`, () => {
      assert.equal(localTime(value), unknownTime());
      assert.equal(relativeTime(value, now), unknownTime());
    });
  }
  it('a relative time against an unusable clock is unknown', () => {
    assert.equal(relativeTime(now, NaN), unknownTime());
    assert.equal(relativeTime(now, 1_700_000_000), unknownTime());
  });
  it('the English article', () => {
    assert.deepEqual(['session', 'instance', 'array', 'user', 'object', 'JWT template', 'number'].map(withArticle), [
      'a session',
      'an instance',
      'an array',
      'a user',
      'an object',
      'a JWT template',
      'a number',
    ]);
    // the "u + consonant + vowel" rule (a user, a unit) only at the start of the word
    assert.deepEqual(['attribute', 'actor token', 'email address', 'unknown value', 'usage'].map(withArticle), [
      'an attribute',
      'an actor token',
      'an email address',
      'an unknown value',
      'a usage',
    ]);
  });
  it('device labels from the latest activity', () => {
    const s = (a: Partial<Session['latest_activity']> | null) => ({ latest_activity: a }) as unknown as Session;
    assert.equal(
      deviceLabel(s({ browser_name: 'Chrome', browser_version: '126.0.1', device_type: 'macOS', is_mobile: false })),
      'Chrome 126 on macOS',
    );
    assert.equal(deviceLabel(s({ browser_name: 'Safari', device_type: 'iPhone', is_mobile: true })), 'Safari on iPhone');
    assert.equal(deviceLabel(s({ is_mobile: true })), 'Browser on mobile');
    assert.equal(deviceLabel(s(null)), 'Unknown device');
    assert.equal(deviceLabel(s({})), 'Unknown browser');
    assert.equal(deviceLabel(s({ browser_name: 'Firefox', browser_version: '' })), 'Firefox');
    assert.equal(deviceLabel(s({ device_type: 'Linux', is_mobile: false })), 'Browser on Linux');
  });
  it('places: city and country, either alone, or nothing', () => {
    const s = (a: Partial<Session['latest_activity']> | null) => ({ latest_activity: a }) as unknown as Session;
    assert.equal(place(s({ city: 'Berlin', country: 'DE' })), 'Berlin, DE');
    assert.equal(place(s({ country: 'DE' })), 'DE');
    assert.equal(place(s({ city: 'Berlin', country: '' })), 'Berlin');
    assert.equal(place(s({})), undefined);
    assert.equal(place(s(null)), undefined);
    assert.equal(place({}), undefined);
  });
  it('truncate: the text as it is up to max characters, else max - 1 and an ellipsis', () => {
    assert.equal(truncate('abcdef', 6), 'abcdef');
    assert.equal(truncate('abcdefg', 6), 'abcde…');
    assert.equal(truncate('', 3), '');
    assert.equal(truncate('abcd', 1), '…');
  });
  it('session statuses in words; a status Clerk adds later is shown as it comes', () => {
    for (const status of ['active', 'pending', 'abandoned', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'paused'])
      assert.equal(statusName(status), status);
  });
  it('user labels: primary email, else name, username, id', () => {
    const u = (x: Partial<User>) => ({ id: 'user_1', email_addresses: [], ...x }) as unknown as User;
    assert.equal(
      userLabel(
        u({
          primary_email_address_id: 'e2',
          email_addresses: [
            { id: 'e1', email_address: 'a@x.test' },
            { id: 'e2', email_address: 'b@x.test' },
          ] as any,
        }),
      ),
      'b@x.test',
    );
    assert.equal(userLabel(u({ first_name: 'Ada', last_name: 'Lovelace' })), 'Ada Lovelace');
    assert.equal(userLabel(u({ username: 'ada' })), 'ada');
    assert.equal(userLabel(u({})), 'user_1');
    // a name of white space only is no name; one name alone is the name
    assert.equal(userLabel(u({ first_name: ' ', last_name: '', username: 'ada' })), 'ada');
    assert.equal(userLabel(u({ first_name: null, last_name: 'Lovelace' })), 'Lovelace');
    assert.equal(userLabel(u({ first_name: 'Ada', last_name: null })), 'Ada');
    // no email list at all, or no primary id: the first email
    assert.equal(userLabel({ id: 'user_2', username: 'bo' }), 'bo');
    assert.equal(userLabel(u({ email_addresses: [{ id: 'e1', email_address: 'a@x.test' }] as any })), 'a@x.test');
  });
});

describe('durations in words', () => {
  it('says a lifetime in words, exactly: seconds under two minutes, then min, h, d', () => {
    const cases: [number, string][] = [
      [0, '0 s'],
      [30, '30 s'],
      [60, '60 s'],
      [90, '90 s'],
      [119, '119 s'],
      [120, '2 min'],
      [600, '10 min'],
      [150, '2 min 30 s'],
      [3600, '1 h'],
      [5400, '1 h 30 min'],
      [3661, '1 h 1 min 1 s'],
      [86_400, '1 d'],
      [7 * 86_400 + 3600, '7 d 1 h'],
      [315_360_000, '3650 d'],
    ];
    for (const [s, words] of cases) assert.equal(formatDuration(s), words, String(s));
  });
  it('never says nonsense for what is not a whole number of seconds', () => {
    for (const s of [-1, 1.5, NaN, Infinity, -Infinity]) assert.equal(formatDuration(s), '? s', String(s));
  });
  it('reads what a person types: bare seconds, units, and units in a row', () => {
    const cases: [string, number][] = [
      ['90', 90],
      [' 90 ', 90],
      ['90 s', 90],
      ['90s', 90],
      ['10 min', 600],
      ['10m', 600],
      ['2 hours', 7200],
      ['1h 30m', 5400],
      ['1h30min', 5400],
      ['7 d', 604_800],
      ['1 day 2 h', 93_600],
      ['1 H', 3600],
    ];
    for (const [t, s] of cases) assert.equal(parseDuration(t), s, t);
  });
  it('refuses what is not a duration', () => {
    for (const t of ['', ' ', 'abc', '10 fortnights', '1.5 h', '-5', '5 s x', 'h', '10 min,', '1e3', '9'.repeat(13)])
      assert.equal(parseDuration(t), undefined, JSON.stringify(t));
  });
  it('reads at most 60 characters (after trimming): 60 are read, 61 are refused', () => {
    const exactly60 = `${'1s '.repeat(19)}10s`;
    assert.equal(exactly60.length, 60);
    assert.equal(parseDuration(exactly60), 19 + 10);
    assert.equal(parseDuration(`  ${exactly60}  `), 29, 'white space around does not count');
    assert.equal(parseDuration(`${'1s '.repeat(19)}100s`), undefined, '61 characters');
  });
  it('round-trips: what formatDuration writes, parseDuration reads back', () => {
    for (const s of [30, 60, 119, 120, 150, 3600, 3661, 86_400, 604_800 + 61, 315_360_000])
      assert.equal(parseDuration(formatDuration(s)), s);
  });
});
