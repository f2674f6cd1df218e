import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ACK, ENQ, EOT, NAK, Lis1Receiver, buildRecord, decodeFrame, fieldRepeats, fieldText, messageToFrames, parseAstmMessage, parseRecord,
} from './index.ts';

const MESSAGE = [
  'H|\\^&|||RB-SIM^1.0^SN1|||||||P|LIS2-A2|20261121090000',
  'O|1|2026370712345||^^^HBSAG|R||||||||||SERUM',
  'R|1|^^^HBSAG^1|0.12|S/CO||||F||张三||20261121085900|ELISA-1',
  'C|1|I|复试 &F& 双孔|G',
  'L|1|N',
].join('\r') + '\r';

describe('ASTM E1394 / LIS1-A codec [R5]', () => {
  it('round-trips a message through frames and the receiver', () => {
    const rx = new Lis1Receiver();
    const events = [...rx.feed([ENQ]), ...messageToFrames(MESSAGE).flatMap((f) => rx.feed(f)), ...rx.feed([EOT])];
    const sent = events.filter((e) => e.type === 'send').map((e) => (e as { byte: number }).byte);
    assert.ok(sent.every((b) => b === ACK));
    const msg = events.find((e) => e.type === 'message');
    assert.ok(msg && msg.type === 'message');
    assert.equal(msg.text, MESSAGE);
    const parsed = parseAstmMessage(msg.text);
    assert.ok(parsed.ok);
    assert.equal(parsed.message.orders[0].specimenId, '2026370712345');
    assert.equal(parsed.message.orders[0].results[0].test, 'HBSAG');
    assert.deepEqual(parsed.message.orders[0].results[0].testId, ['', '', '', 'HBSAG', '1']);
    assert.equal(parsed.message.orders[0].results[0].operator, '张三');
    assert.deepEqual(parsed.message.orders[0].results[0].comments, ['复试 | 双孔']);
  });

  it('NAKs a corrupted frame; a good retransmission is accepted; an abandoned one discards the whole message', () => {
    const frames = messageToFrames(MESSAGE);
    const bad = [...frames[2]];
    bad[5] ^= 0x01;
    assert.equal(decodeFrame(bad).ok, false);
    const rx = new Lis1Receiver();
    rx.feed([ENQ]);
    rx.feed(frames[0]);
    rx.feed(frames[1]);
    const rej = rx.feed(bad);
    assert.equal(rej[0].type, 'frame_rejected');
    assert.deepEqual(rej.at(-1), { type: 'send', byte: NAK });
    rx.feed(frames[2]);
    for (const f of frames.slice(3)) rx.feed(f);
    const done = rx.feed([EOT]);
    assert.equal(done[0].type, 'message');

    const rx2 = new Lis1Receiver();
    rx2.feed([ENQ]);
    for (const f of frames.slice(0, 2)) rx2.feed(f);
    for (let i = 0; i < 6; i++) rx2.feed(bad);
    const end = rx2.feed([EOT]);
    assert.equal(end[0].type, 'message_discarded');
  });

  it('rejects a frame out of sequence and acknowledges a duplicate without appending it', () => {
    const frames = messageToFrames(MESSAGE);
    const rx = new Lis1Receiver();
    rx.feed([ENQ]);
    rx.feed(frames[0]);
    assert.deepEqual(rx.feed(frames[0]), [{ type: 'send', byte: ACK }]);
    assert.equal(rx.feed(frames[2])[0].type, 'frame_rejected');
    for (const f of frames.slice(1)) rx.feed(f);
    const end = rx.feed([EOT]);
    assert.ok(end[0].type === 'message' && end[0].text === MESSAGE);
  });

  it('splits long records over intermediate frames and reassembles them', () => {
    const long = `H|\\^&\rC|1|I|${'甲'.repeat(300)}|G\rL|1|N\r`;
    const frames = messageToFrames(long);
    assert.ok(frames.length > 3);
    const rx = new Lis1Receiver();
    const ev = [...rx.feed([ENQ]), ...frames.flatMap((f) => rx.feed(f)), ...rx.feed([EOT])];
    const m = ev.find((e) => e.type === 'message');
    assert.ok(m && m.type === 'message' && m.text === long);
  });

  it('refuses messages without header or terminator', () => {
    assert.equal(parseAstmMessage('O|1|X\rL|1|N\r').ok, false);
    assert.equal(parseAstmMessage('H|\\^&\rO|1|X\r').ok, false);
    assert.equal(parseAstmMessage('H|\\^&\rR|1|^^^ALT|12\rL|1\r').ok, false);
  });

  it('PROPERTY: any field value survives escape → record → parse', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 6 }), (values) => {
      const line = buildRecord('C', values.map((v) => [[v]]));
      const rec = parseRecord(line);
      values.forEach((v, i) => assert.equal(fieldText(rec, i + 2), v));
      assert.deepEqual(fieldRepeats(parseRecord(buildRecord('O', ['1', [['A'], ['B']]])), 3), ['A', 'B']);
    }));
  });

  it('PROPERTY: any single-bit corruption of a frame is rejected', () => {
    const frame = messageToFrames(MESSAGE)[1];
    fc.assert(fc.property(fc.integer({ min: 1, max: frame.length - 3 }), fc.integer({ min: 0, max: 6 }), (pos, bit) => {
      const f = [...frame];
      f[pos] ^= 1 << bit;
      const r = decodeFrame(f);
      assert.equal(r.ok, false);
    }));
  });
});
