// Redaction gaps of the security review (issue 13, 5.8): a JWT glued after a word character, a JWT whose header does
// not start with `eyJ`, a base64-encoded secret key. Each is found wherever it stands, and ordinary text is left alone.
import * as assert from 'node:assert/strict';
import { redact } from '../../src/util/redact';

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
    ]) {
      const t0 = Date.now();
      redact(s);
      assert.ok(Date.now() - t0 < 2000, `${s.slice(0, 6)}…: ${Date.now() - t0} ms`);
    }
  });
});
