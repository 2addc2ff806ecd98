// The shared words of the hover, Explain Token and Verify (src/tokens/surface.ts), each function over every verdict
// state it distinguishes. Written to kill the mutants StrykerJS left alive in surface.ts (bench/RESULTS.md, "Per file:
// the token words, match and compact"). The verdicts are plain data here: verdict.test.ts checks how they are made.
import * as assert from 'node:assert/strict';
import { decodeToken, type DecodedToken } from '../../src/tokens/decode';
import { MARK_SIGN, signatureRow, signatureWords, signedByInstance, tokenTitle, verdictLine, verdictMark } from '../../src/tokens/surface';
import type { SignatureState, Verdict } from '../../src/tokens/verdict';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const decoded = (header: object): DecodedToken => {
  const d = decodeToken(`${b64(header)}.${b64({ sub: 'user_1' })}.c2ln`);
  assert.ok(d.ok);
  return d;
};

function v(state: SignatureState, more: Partial<Verdict> = {}): Verdict {
  return { accepted: undefined, sentence: 'S', reasons: [], notes: [], signature: { state, sentence: `Why ${state}.` }, ...more };
}
const ALL: SignatureState[] = ['valid', 'invalid', 'custom-key', 'unsigned', 'no-key', 'unchecked'];

describe('surface: the words every surface uses for a verdict', function () {
  it('verdictMark and MARK_SIGN: ✓ only for accepted === true, ✗ for false, ? otherwise', function () {
    assert.equal(verdictMark({ accepted: true }), 'pass');
    assert.equal(verdictMark({ accepted: false }), 'fail');
    assert.equal(verdictMark({ accepted: undefined }), 'unknown');
    assert.deepEqual(MARK_SIGN, { pass: '✓', fail: '✗', unknown: '?' });
  });

  it('verdictLine: accept, reject with the first reason (or "see below."), cannot tell with why', function () {
    assert.equal(verdictLine(v('valid', { accepted: true })), "✓ A backend using @clerk/backend's verifyToken would accept it now.");
    const reasons = [
      { kind: 'expired', sentence: 'It expired.', clerkReason: 'token-expired' },
      { kind: 'sub-missing', sentence: 'No sub.', clerkReason: 'token-invalid' },
    ] as Verdict['reasons'];
    assert.equal(verdictLine(v('valid', { accepted: false, reasons })), '✗ A backend using @clerk/backend would reject it: It expired.');
    assert.equal(verdictLine(v('invalid', { accepted: false })), '✗ A backend using @clerk/backend would reject it: see below.');
    assert.equal(verdictLine(v('unchecked', { unchecked: 'No JWKS.' })), '? Cannot tell: No JWKS.');
    assert.equal(verdictLine(v('no-key')), '? Cannot tell: Why no-key.');
  });

  it('signatureWords: one set of words per state, the kid named when a valid signature has one', function () {
    assert.deepEqual(
      ALL.map((s) => signatureWords({ state: s, sentence: 'x' })),
      [
        'matches the key',
        'INVALID: not signed by Clerk',
        "cannot tell: signed with a key of its own (a template's custom signing key)",
        'none (alg none): not signed by Clerk',
        "cannot tell: its kid is in none of your instances' JWKS",
        'not checked: no key of a connected instance is known',
      ],
    );
    assert.equal(signatureWords({ state: 'valid', sentence: 'x', kid: 'ins_1' }), 'matches key ins_1');
    assert.equal(signatureWords({ state: 'invalid', sentence: 'x', kid: 'ins_1' }), 'INVALID: not signed by Clerk');
  });

  it('signatureRow: a valid signature is one sentence with its alg; any other state is the words then why', function () {
    const d = decoded({ alg: 'RS256', kid: 'ins_1' });
    assert.equal(
      signatureRow({ signature: { state: 'valid', sentence: 'Matches.', kid: 'ins_1' }, decoded: d }),
      'matches key ins_1 (RS256).',
    );
    assert.equal(signatureRow({ signature: { state: 'valid', sentence: 'Matches.' } }), 'matches the key.');
    assert.equal(signatureRow({ signature: { state: 'valid', sentence: 'Matches.' }, decoded: decoded({ alg: 5 }) }), 'matches the key.');
    assert.equal(
      signatureRow({ signature: { state: 'invalid', sentence: 'The RS256 signature does not match.' }, decoded: d }),
      'INVALID: not signed by Clerk. The RS256 signature does not match.',
    );
  });

  it('signedByInstance: only a valid signature', function () {
    assert.deepEqual(
      ALL.map((s) => signedByInstance({ signature: { state: s, sentence: 'x' } })),
      [true, false, false, false, false, false],
    );
  });

  it('tokenTitle: every state, and "Claims to be" only for the kinds Clerk mints', function () {
    assert.deepEqual(
      ALL.map((s) => tokenTitle('session-v2', 'session token (v2)', v(s))),
      [
        'session token (v2)',
        'Claims to be a session token (v2), not signed by Clerk',
        'JWT signed with a key of its own (a custom signing key), not by Clerk',
        'Claims to be a session token (v2), unsigned: not signed by Clerk',
        'Claims to be a session token (v2), not signed by a key of your instances',
        'session token (v2), signature not checked (no key of a connected instance)',
      ],
    );
    assert.equal(tokenTitle('session-v1', 'session token (v1)', v('invalid')), 'Claims to be a session token (v1), not signed by Clerk');
    assert.equal(tokenTitle('template', 'JWT template token', v('invalid')), 'Claims to be a JWT template token, not signed by Clerk');
    assert.equal(tokenTitle(undefined, 'JWT', v('invalid')), 'A JWT, not signed by Clerk');
    assert.equal(tokenTitle('unknown', 'JWT', v('no-key')), 'A JWT, not signed by a key of your instances');
  });
});
