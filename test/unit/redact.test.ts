// Redaction gaps of the security review (issue 13, 5.8): a JWT glued after a word character, a JWT whose header does
// not start with `eyJ`, a base64-encoded secret key. Each is found wherever it stands, and ordinary text is left alone.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { maskKey, redact } from '../../src/util/redact';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const jwtOf = (header: string, payload = '{"sub":"user_2abc","sid":"sess_2abc","exp":1900000000}') =>
  `${b64url(header)}.${b64url(payload)}.${b64url('a signature of thirty-two bytes!!')}`;
const KEY = `sk_test_FAKE${'a1b2c3d4'.repeat(4)}`; // made at run time: obviously fake

describe('redaction gaps', () => {
  const standard = jwtOf('{"alg":"RS256","kid":"ins_2abc","typ":"JWT"}');

  it('a JWT glued after a word character (tok_eyJ…, x1eyJ…) is redacted', () => {
    for (const glue of ['tok_', 'x', '1', 'token=abc_']) {
      const out = redact(`got ${glue}${standard} back`);
      assert.ok(!out.includes(standard.split('.')[1]), `${glue}: ${out}`);
      assert.ok(!out.includes(standard.split('.')[2]), `${glue}: the signature survived: ${out}`);
      assert.match(out, /\[jwt\]/);
      assert.equal(redact(out), out, 'idempotent');
    }
  });

  it('a JWT whose header is not eyJ… (white space, another key order) is redacted', () => {
    for (const header of [
      '{ "alg": "RS256", "typ": "JWT" }',
      '\n{"alg":"HS256"}',
      ' {"kid":"k1","alg":"ES256"}',
      '\t{\n  "alg": "none"\n}',
      '{\r\n"typ":"JWT","alg":"RS256"}',
    ]) {
      const t = jwtOf(header);
      assert.ok(!t.startsWith('eyJ'), `the test token starts with ${t.slice(0, 4)}`);
      for (const text of [`Authorization token ${t}.`, `x_${t}`, `"${t}"`, `token=${t}&x=1`]) {
        const out = redact(text);
        assert.ok(!out.includes(t.split('.')[1]) && !out.includes(t.split('.')[2]), `${JSON.stringify(header)} in ${text} → ${out}`);
        assert.equal(redact(out), out, 'idempotent');
      }
    }
  });

  it('a base64-encoded secret key (Basic auth, a config blob), at any alignment, glued or not, is redacted', () => {
    for (const plainText of [
      KEY,
      `${KEY}:`,
      `user:${KEY}`,
      `ab:${KEY}`,
      `{"secretKey":"${KEY}"}`,
      `CLERK_SECRET_KEY=${KEY.replace('test', 'live')}\n`,
    ]) {
      for (const enc of [Buffer.from(plainText).toString('base64'), b64url(plainText)]) {
        for (const text of [`Authorization: Basic ${enc}`, `x${enc}`, `blob=${enc}&y=2`]) {
          const out = redact(text);
          assert.ok(!out.includes(enc.slice(8, 24)), `${JSON.stringify(plainText)} as ${text} → ${out}`);
          assert.equal(redact(out), out, 'idempotent');
        }
      }
    }
  });

  it('leaves ordinary text alone: host names, versions, dotted names, ids, base64 that holds no key', () => {
    for (const t of [
      'GET https://api.clerk.com/v1/sessions/sess_2abcdefghijklmnop/tokens → 200',
      'version 1.2.3 of some_service.v1.foo, file_name.ext.gz, a.b.c',
      'user_2abcdefghijklmnopqrstuvwxyz ins_2abcdefghijklmnop',
      `Basic ${Buffer.from('alice:not a key at all').toString('base64')}`,
      'the_quick_brown.fox_jumps_over.the_lazy_dog',
    ]) {
      assert.equal(redact(t), t);
    }
  });

  it('stays linear on adversarial input (long runs, many dots, many eyJ)', () => {
    // 200 K characters: a quadratic scan would take minutes; a linear one well under a second.
    for (const s of [
      'eyJ'.repeat(70_000),
      `${'A'.repeat(200_000)}.`,
      'a.'.repeat(100_000),
      `e_${'_'.repeat(200_000)}`,
      `${'e'.repeat(200_000)}.b.c`,
      // white space that never ends (spaces, then tabs and line feeds), read once from the part's start
      `${'ICAg'.repeat(50_000)}.b.c`,
      `${'CQoJ'.repeat(50_000)}.${'ICAg'.repeat(50_000)}.b.c`,
    ]) {
      const t0 = Date.now();
      redact(s);
      assert.ok(Date.now() - t0 < 2000, `${s.slice(0, 6)}…: ${Date.now() - t0} ms`);
    }
  });
});

describe('redaction: exactly what a reader of the log sees', () => {
  const jwt = jwtOf('{"alg":"RS256","kid":"ins_2abc","typ":"JWT"}');
  const [header, payload] = jwt.split('.');
  /** A key made by the test from random bytes: obviously fake. */
  const fakeKey = (env: 'test' | 'live') => `sk_${env}_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;

  it('a JWT becomes [jwt]; a word glued before it stays, the header goes with the token', () => {
    assert.equal(redact(`token ${jwt} sent`), 'token [jwt] sent');
    for (const glue of ['tok_', 'x', '1', 'token=abc_', 'Bearer_'])
      assert.equal(redact(`got ${glue}${jwt} back`), `got ${glue}[jwt] back`, glue);
    assert.equal(redact(`"${jwt}","${jwt}"`), '"[jwt]","[jwt]"');
    assert.equal(redact(`${jwt}.and.more`), '[jwt].and.more');
    assert.equal(redact(`www.example.com.${jwt}`), 'www.example.com.[jwt]');
  });

  it('a header with white space before and inside the brace, whatever its first key, is found', () => {
    // Up to 7 bytes of JSON white space (space, tab, line feed, carriage return) before the first key's quote: every
    // split of them before and after "{", with first keys of every printable ASCII character.
    const ws = [' ', '\t', '\n', '\r'];
    let n = 0;
    for (let before = 0; before <= 7; before++) {
      for (let inside = 0; before + inside <= 7; inside++) {
        for (let code = 0x20; code < 0x7f; code++) {
          const pick = (i: number) => ws[(code + i * 3 + before) % 4];
          const lead = Array.from({ length: before }, (_, i) => pick(i)).join('');
          const gap = Array.from({ length: inside }, (_, i) => pick(i + 7)).join('');
          const key = String.fromCharCode(code).repeat(2);
          const h = `${lead}{${gap}${JSON.stringify(key)}:1,"alg":"RS256"}`;
          assert.doesNotThrow(() => JSON.parse(h));
          const t = jwtOf(h);
          const text = `token ${t} sent`;
          assert.equal(redact(text), 'token [jwt] sent', `${JSON.stringify(h)}: ${t.split('.')[0]}`);
          n++;
        }
      }
    }
    assert.ok(n > 3000, String(n));
  });

  it('any amount of white space before the brace, at the start of a part: 8 bytes and more are found too', () => {
    const ws = [' ', '\t', '\n', '\r'];
    for (const before of [8, 9, 10, 11, 12, 13, 31, 64, 1000]) {
      for (const inside of [0, 1, 9]) {
        const lead = Array.from({ length: before }, (_, i) => ws[i % 4]).join('');
        const h = `${lead}{${' '.repeat(inside)}"alg":"RS256","typ":"JWT"}`;
        const t = jwtOf(h);
        assert.equal(redact(`token ${t} sent`), 'token [jwt] sent', `${before} + ${inside}: ${t.slice(0, 40)}`);
        assert.equal(redact(`a.${t}`), 'a.[jwt]', `after a dotted word, ${before} + ${inside}`);
      }
    }
    // Not a header: white space, then something other than a brace, or a brace and no quote.
    for (const h of [
      `${' '.repeat(20)}[1,2]`,
      `${' '.repeat(20)}["a"]`,
      `${' '.repeat(20)}x"a":1}`,
      `${' '.repeat(20)}{ 1:2}`,
      ' '.repeat(40),
    ]) {
      const t = jwtOf(h);
      assert.equal(redact(`token ${t} sent`), `token ${t} sent`, JSON.stringify(h));
    }
  });

  it('a part that holds only the start of a header (eyJ, that is {") still counts: over-redaction is the safe side', () => {
    assert.equal(redact('a eyJ.e30.x b'), 'a [jwt] b');
    assert.equal(redact('a tok_eyJ.e30.x b'), 'a tok_[jwt] b');
  });

  it('three parts make a token: an empty signature (alg none) is one; a header and payload alone are not', () => {
    assert.equal(redact(`unsigned ${header}.${payload}. here`), 'unsigned [jwt] here');
    for (const text of [`${header}.${payload}`, `v1.${header}.${payload}`, `a.b.${header}`, `see a.b.${header} here`])
      assert.equal(redact(text), text);
  });

  it('a base64-encoded key becomes [secret], padded or not', () => {
    const key = fakeKey('test');
    for (const plainText of [`user:${key}`, `ab:${key}`, `${key}:x`]) {
      const enc = Buffer.from(plainText).toString('base64');
      assert.equal(redact(`Authorization: Basic ${enc}`), 'Authorization: Basic [secret]', enc);
      assert.equal(redact(`Authorization: Basic ${enc.replace(/=+$/, '')};`), 'Authorization: Basic [secret];', enc);
    }
  });

  it('a key becomes its kind and an ellipsis: sk_test_… or sk_live_…, also percent-encoded', () => {
    const test = fakeKey('test');
    const live = fakeKey('live');
    assert.equal(redact(`keys ${test} and ${live}.`), 'keys sk_test_… and sk_live_….');
    assert.equal(redact(`k=sk%5Flive%5F${live.slice(8)}&x=1`), 'k=sk_live_…&x=1');
  });

  it('each secret given is [secret], also percent-encoded; missing, empty or shorter than 4 characters is not looked for', () => {
    assert.equal(redact('pin 4711, again 4711', '4711'), 'pin [secret], again [secret]');
    assert.equal(redact('a=p@ss b=p%40ss', 'p@ss'), 'a=[secret] b=[secret]');
    assert.equal(redact('uno1 two three', 'uno1', undefined, 'three'), '[secret] two [secret]');
    // a caller with no secret at hand passes undefined: nothing is looked for, not even the word "undefined"
    assert.equal(redact('the value was undefined', undefined), 'the value was undefined');
    assert.equal(redact('abc', ''), 'abc');
    assert.equal(redact('a cat sat on the mat', 'cat'), 'a cat sat on the mat');
  });

  it('maskKey shows the kind and the last four characters, and only of a value that is exactly a key', () => {
    const test = fakeKey('test');
    const live = fakeKey('live');
    assert.equal(maskKey(test), `sk_test_…${test.slice(-4)}`);
    assert.equal(maskKey(live), `sk_live_…${live.slice(-4)}`);
    for (const notAKey of [`x${test}`, ` ${test}`, `${test}\nsecond line`, `rk_test_${test.slice(8)}`, 'sk_prod_abcdef', ''])
      assert.equal(maskKey(notAKey), '…', JSON.stringify(notAKey.slice(0, 12)));
  });
});
