// The one mint's acceptance test (issue 13, §1): Clerk's answer is used only when it is exactly a compact JWT. Nothing
// is unwrapped: quotes, backticks, `Bearer `, white space or a command after a line break make it no token at all.
import * as assert from 'node:assert/strict';
import { exactJwt } from '../../src/tokens/compact';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const JWT = `${b64url('{"alg":"RS256","kid":"ins_2abc","typ":"JWT"}')}.${b64url('{"sub":"user_2abc","exp":1900000000}')}.${b64url('sig-bytes-sig-bytes')}`;

describe('exactly a compact JWT', () => {
  it('accepts a compact JWT as it is', () => {
    assert.equal(exactJwt(JWT), JWT);
  });

  it('refuses anything around it, and anything that is not header.payload.signature in base64url with a JSON header with alg', () => {
    for (const bad of [
      `\`${JWT}\ntouch PWNED\n\``,
      `"${JWT}"`,
      `'${JWT}'`,
      `Bearer ${JWT}`,
      ` ${JWT}`,
      `${JWT}\n`,
      `${JWT}"; id; "`,
      `${JWT}=`,
      JWT.replace('.', '.\\\n'),
      `${JWT}.x.y`,
      JWT.split('.').slice(0, 2).join('.') + '.',
      `${b64url('{"typ":"JWT"}')}.${JWT.split('.')[1]}.${JWT.split('.')[2]}`,
      `${b64url('[1]')}.${JWT.split('.')[1]}.${JWT.split('.')[2]}`,
      `${JWT.split('.')[0]}.${b64url('not json')}.${JWT.split('.')[2]}`,
      `${JWT.slice(0, -1)}+`,
      '',
      undefined,
      42,
    ]) {
      assert.equal(exactJwt(bad), undefined, JSON.stringify(bad));
    }
  });
});
