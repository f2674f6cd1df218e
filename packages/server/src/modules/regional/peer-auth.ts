/**
 * Station-to-station request signing (区域联动 peer API). No cookies, no sessions: each request carries
 *
 * - `x-rb-peer`: the sender's station code (5-character 献血码 facility code),
 * - `x-rb-timestamp`: Unix milliseconds,
 * - `x-rb-nonce`: 16+ random characters, never reused,
 * - `x-rb-signature`: hex HMAC-SHA256 over `METHOD \n path \n timestamp \n nonce \n sha256hex(body)` with the secret the
 *   two stations share (configured per peer in `peer_station`).
 *
 * The receiver accepts a timestamp within ±`PEER_CLOCK_SKEW_MS` and records each nonce (`peer_nonce`, primary key), so a
 * captured request cannot be replayed. Comparison is constant-time.
 */
import crypto from 'node:crypto';

/** Largest accepted difference between the sender's timestamp and the receiver's clock, ms. */
export const PEER_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedHeaders {
  'x-rb-peer': string;
  'x-rb-timestamp': string;
  'x-rb-nonce': string;
  'x-rb-signature': string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

export function canonical(method: string, path: string, timestamp: string, nonce: string, body: string): string {
  return [method.toUpperCase(), path, timestamp, nonce, sha256(body)].join('\n');
}

/** Headers for a request from station `senderCode` with the shared `secret`. `path` includes the query string. */
export function signPeerRequest(input: { method: string; path: string; body: string; senderCode: string; secret: string; now: Date; nonce?: string }): SignedHeaders {
  const timestamp = String(input.now.getTime());
  const nonce = input.nonce ?? crypto.randomBytes(16).toString('hex');
  const signature = crypto.createHmac('sha256', input.secret).update(canonical(input.method, input.path, timestamp, nonce, input.body)).digest('hex');
  return { 'x-rb-peer': input.senderCode, 'x-rb-timestamp': timestamp, 'x-rb-nonce': nonce, 'x-rb-signature': signature };
}

export type PeerVerifyFailure = 'missing_headers' | 'clock_skew' | 'bad_signature';

/** Checks signature and timestamp (not the nonce: the caller records it atomically). */
export function verifyPeerSignature(input: { method: string; path: string; body: string; headers: Partial<SignedHeaders>; secret: string; now: Date }):
  { ok: true } | { ok: false; reason: PeerVerifyFailure } {
  const { 'x-rb-timestamp': ts, 'x-rb-nonce': nonce, 'x-rb-signature': sig } = input.headers;
  if (!ts || !nonce || !sig || !/^\d{1,16}$/.test(ts) || nonce.length < 16 || nonce.length > 128 || !/^[0-9a-f]{64}$/.test(sig)) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (Math.abs(input.now.getTime() - Number(ts)) > PEER_CLOCK_SKEW_MS) return { ok: false, reason: 'clock_skew' };
  const want = crypto.createHmac('sha256', input.secret).update(canonical(input.method, input.path, ts, nonce, input.body)).digest();
  if (!crypto.timingSafeEqual(want, Buffer.from(sig, 'hex'))) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
