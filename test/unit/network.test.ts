// network.ts on its own: which kind of transport failure a thrown fetch error is (dns, reset, tls, network) and its
// system code, read along the `cause` chain node-fetch wraps it in. The client's own transport tests (errors.test.ts)
// meet these errors for real; here each rule is pinned down with the error shapes Node and node-fetch throw.
import * as assert from 'node:assert/strict';
import { classifyNetwork } from '../../src/clerk/network';

const err = (message: string, props: Record<string, unknown> = {}): Error => Object.assign(new Error(message), props);

describe('classifyNetwork', () => {
  it('reads the first string code along the cause chain', () => {
    assert.deepEqual(classifyNetwork(err('request failed', { cause: err('getaddrinfo', { code: 'ENOTFOUND' }) })), {
      kind: 'dns',
      code: 'ENOTFOUND',
    });
    assert.deepEqual(classifyNetwork(err('x', { code: '', cause: { code: 'ECONNRESET' } })), { kind: 'reset', code: 'ECONNRESET' });
    assert.deepEqual(classifyNetwork(err('x', { code: 42, cause: { code: 'EPIPE' } })), { kind: 'reset', code: 'EPIPE' });
    assert.deepEqual(classifyNetwork(err('x', { cause: 'ENOTFOUND' })), { kind: 'network' }, 'a string cause has no code');
  });

  it('stops on a cause chain that loops', () => {
    const a = err('a');
    const b = err('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.deepEqual(classifyNetwork(a), { kind: 'network' });
  });

  it('an AbortError nobody asked for is a reset; other values are not mistaken for one', () => {
    assert.deepEqual(classifyNetwork(err('The operation was aborted.', { name: 'AbortError', code: 'EFOO' })), { kind: 'reset' });
    assert.deepEqual(classifyNetwork({ name: 'AbortError' }), { kind: 'reset' });
    assert.deepEqual(classifyNetwork('AbortError'), { kind: 'network' });
    assert.deepEqual(classifyNetwork(null), { kind: 'network' });
    assert.deepEqual(classifyNetwork(undefined), { kind: 'network' });
    assert.deepEqual(classifyNetwork(err('x', { name: 'FetchError' })), { kind: 'network' });
  });

  it('dns and reset codes', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'])
      assert.deepEqual(classifyNetwork(err('x', { code })), { kind: 'dns', code });
    for (const code of ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ECONNABORTED'])
      assert.deepEqual(classifyNetwork(err('x', { code })), { kind: 'reset', code });
  });

  it('a hang-up or premature close in the message is a reset, with its code or ECONNRESET', () => {
    assert.deepEqual(classifyNetwork(err('socket hang up')), { kind: 'reset', code: 'ECONNRESET' });
    assert.deepEqual(classifyNetwork(err('Premature close', { code: 'EFOO' })), { kind: 'reset', code: 'EFOO' });
    assert.deepEqual(classifyNetwork('socket hang up'), { kind: 'reset', code: 'ECONNRESET' });
  });

  it('tls by code or by message, with the code only when there is one', () => {
    for (const code of [
      'CERT_HAS_EXPIRED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'EPROTO',
    ])
      assert.deepEqual(classifyNetwork(err('boom', { code })), { kind: 'tls', code });
    assert.deepEqual(classifyNetwork(err('self signed certificate in certificate chain')), { kind: 'tls' });
    assert.deepEqual(classifyNetwork(err('SSL routines failed', { code: 'EFOO' })), { kind: 'tls', code: 'EFOO' });
  });

  it('anything else is a plain network error, with its code when there is one', () => {
    assert.deepEqual(classifyNetwork(err('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' })), {
      kind: 'network',
      code: 'ECONNREFUSED',
    });
    assert.deepEqual(classifyNetwork(err('boom')), { kind: 'network' });
    assert.deepEqual(classifyNetwork(42), { kind: 'network' });
  });
});
