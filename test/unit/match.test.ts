// sessionMatch (src/tokens/match.ts): every sid and sub line, word for word, with pass. Written to kill the mutants
// StrykerJS left alive in match.ts (bench/RESULTS.md, "Per file: the token words, match and compact").
import * as assert from 'node:assert/strict';
import { decodeToken, type DecodedToken } from '../../src/tokens/decode';
import { sessionMatch } from '../../src/tokens/match';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const tok = (payload: object): DecodedToken => {
  const d = decodeToken(`${b64({ alg: 'RS256', kid: 'ins_1' })}.${b64(payload)}.c2ln`);
  assert.ok(d.ok);
  return d;
};
const S = { id: 'sess_1', user_id: 'user_1' };
const row = (t: object) => sessionMatch(tok(t), S).map((m) => `${m.name} ${m.pass ? 'pass' : 'fail'}: ${m.detail}`);

describe('match: does a token belong to a session', function () {
  it('a session token of the session and its user', function () {
    assert.deepEqual(row({ v: 2, sid: 'sess_1', sub: 'user_1' }), [
      'sid pass: The token names session sess_1.',
      'sub pass: The token names user user_1.',
    ]);
  });
  it('a session token of another session and user (the claims shown inert)', function () {
    assert.deepEqual(row({ v: 2, sid: 'sess_2', sub: 'user_2' }), [
      'sid fail: The token names session "sess_2", not sess_1.',
      'sub fail: The token names user "user_2", not user_1.',
    ]);
  });
  it('a template token: no sid is fine, its sub must match', function () {
    assert.deepEqual(row({ sub: 'user_1', iss: 'https://x.clerk.accounts.dev' }), [
      'sid pass: Not carried by template tokens (the user is checked by sub instead).',
      'sub pass: The token names user user_1.',
    ]);
  });
  it('a template token that carries a sid is held to it', function () {
    assert.deepEqual(row({ sid: 'sess_2', sub: 'user_1', org: 'org_1' }), [
      'sid fail: The token names session "sess_2", not sess_1.',
      'sub pass: The token names user user_1.',
    ]);
  });
  it('a token that is no template and carries neither sid nor sub', function () {
    assert.deepEqual(row({ v: 2 }), [
      'sid fail: The token has no sid; expected sess_1.',
      'sub fail: The token has no sub; expected user_1.',
    ]);
  });
});
