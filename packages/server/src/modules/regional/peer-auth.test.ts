import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PEER_CLOCK_SKEW_MS, signPeerRequest, verifyPeerSignature } from './peer-auth.ts';

describe('peer request signing (HMAC-SHA256, timestamp, nonce) [R5]', () => {
  const now = new Date('2026-05-01T08:00:00Z');
  const secret = 'jingzhou-yichang-shared-secret-2026';
  it('a signed request verifies; any change to method, path, body or secret fails', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('/api/peer/v1/stock', '/api/peer/v1/transfers'), fc.string({ minLength: 1 }), (body, path, other) => {
      const headers = signPeerRequest({ method: 'POST', path, body, senderCode: '42101', secret, now });
      assert.deepEqual(verifyPeerSignature({ method: 'POST', path, body, headers, secret, now }), { ok: true });
      assert.equal(verifyPeerSignature({ method: 'GET', path, body, headers, secret, now }).ok, false);
      assert.equal(verifyPeerSignature({ method: 'POST', path: path + 'x', body, headers, secret, now }).ok, false);
      assert.equal(verifyPeerSignature({ method: 'POST', path, body: body + other, headers, secret, now }).ok, false);
      assert.equal(verifyPeerSignature({ method: 'POST', path, body, headers, secret: secret + other, now }).ok, false);
    }), { numRuns: 50 });
  });
  it('refuses an old or future timestamp and missing headers', () => {
    const headers = signPeerRequest({ method: 'GET', path: '/p', body: '', senderCode: '42101', secret, now });
    const later = new Date(now.getTime() + PEER_CLOCK_SKEW_MS + 1);
    assert.deepEqual(verifyPeerSignature({ method: 'GET', path: '/p', body: '', headers, secret, now: later }), { ok: false, reason: 'clock_skew' });
    assert.deepEqual(verifyPeerSignature({ method: 'GET', path: '/p', body: '', headers: { ...headers, 'x-rb-signature': undefined }, secret, now }), { ok: false, reason: 'missing_headers' });
  });
});
