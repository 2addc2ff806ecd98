// The azp note of Explain Token and Verify Token Against Session (src/tokens/azp.ts): whether the origin a token was
// made for is one the instance allows (GET /instance's allowed_origins), said in one sentence the report shows as is.
// Written for issue 14 (tests proven by mutation): the sentence is the product, so it is asserted whole.
import * as assert from 'node:assert/strict';
import { azpNotes } from '../../src/tokens/azp';

describe('azp notes: the origin a token was made for, against the instance allowed origins', function () {
  const allowed = ['http://localhost:3000', 'https://app.acme.test'];

  it('an azp the instance allows: said so', function () {
    assert.deepEqual(azpNotes('https://app.acme.test', allowed), ["azp https://app.acme.test is one of the instance's allowed origins."]);
    assert.deepEqual(azpNotes('http://localhost:3000', ['http://localhost:3000']), [
      "azp http://localhost:3000 is one of the instance's allowed origins.",
    ]);
  });

  it('an azp the instance does not allow: a backend using those origins as authorizedParties refuses it, the origins listed', function () {
    assert.deepEqual(azpNotes('https://evil.example', allowed), [
      "azp https://evil.example is not among the instance's allowed origins (http://localhost:3000, https://app.acme.test): a backend whose authorizedParties are those origins refuses it.",
    ]);
    // Compared whole: a prefix or a different port is another origin.
    assert.deepEqual(azpNotes('http://localhost:3001', ['http://localhost:3000']), [
      "azp http://localhost:3001 is not among the instance's allowed origins (http://localhost:3000): a backend whose authorizedParties are those origins refuses it.",
    ]);
  });

  it('an instance that lists no allowed origins (none, an empty list, or not read): nothing to compare with', function () {
    for (const none of [[], null, undefined]) {
      assert.deepEqual(azpNotes('http://localhost:3000', none), [
        'azp is http://localhost:3000; the instance lists no allowed origins to compare it with.',
      ]);
    }
  });

  it('no azp (absent or empty): who mints such tokens, and that authorizedParties makes a backend refuse it', function () {
    const sentence =
      'No azp: the token was minted without a browser Origin (through the Backend API, by a server, or by this extension). @clerk/backend accepts it unless the backend sets authorizedParties; then it is refused.';
    for (const azp of [undefined, '']) {
      assert.deepEqual(azpNotes(azp, allowed), [sentence]);
      assert.deepEqual(azpNotes(azp, []), [sentence]);
    }
  });

  it('azp text from the token is passed on as it is, for the report to make inert', function () {
    const hostile = 'https://x.test/[a](command:clerk.revoke)';
    assert.deepEqual(azpNotes(hostile, [hostile]), [`azp ${hostile} is one of the instance's allowed origins.`]);
  });
});
