import { ACK, CR, ENQ, EOT, LF, NAK, STX, decodeFrame, type AstmCharset } from './codec.ts';

/** What the receiver does or reports after a byte chunk. */
export type LinkEvent =
  | { readonly type: 'send'; readonly byte: typeof ACK | typeof NAK }
  | { readonly type: 'session_start' }
  | { readonly type: 'frame_accepted'; readonly frameNumber: number; readonly final: boolean }
  | { readonly type: 'frame_rejected'; readonly code: string; readonly message: string; readonly raw: string }
  | { readonly type: 'message'; readonly text: string; readonly frames: number; readonly rejectedFrames: number }
  | { readonly type: 'message_discarded'; readonly reason: string; readonly rejectedFrames: number };

const printable = (bytes: readonly number[]): string =>
  bytes.map((b) => (b < 0x20 || b === 0x7f ? `<${b.toString(16).padStart(2, '0')}>` : String.fromCharCode(b))).join('').slice(0, 300);

/**
 * Receiver side of the CLSI LIS1-A (ASTM E1381) link layer: establishment (ENQ → ACK), transfer (each frame
 * checked: structure, frame number sequence, checksum → ACK, else NAK so the sender retransmits), termination
 * (EOT). The message is delivered only at EOT and only when complete (last frame an end frame), so a session
 * aborted after a rejected frame delivers nothing. Pure: feed bytes, act on the events.
 *
 * @see LIS1-A §6 (frame numbers 0–7 starting at 1, retransmit the same number after NAK, a repeated accepted
 *   frame is acknowledged but not appended); isbt128-and-interop.md §6
 */
export class Lis1Receiver {
  private state: 'idle' | 'transfer' = 'idle';
  private buffer: number[] | null = null;
  private lastFrame = 0;
  private text = '';
  private frames = 0;
  private rejected = 0;
  private pendingIntermediate = false;
  /** A frame was rejected and not yet replaced by a good retransmission. */
  private unresolved = false;

  constructor(private readonly charset: AstmCharset = 'utf8') {}

  /** Processes received bytes; returns the events in order. */
  feed(chunk: Iterable<number>): LinkEvent[] {
    const events: LinkEvent[] = [];
    for (const b of chunk) {
      if (this.state === 'idle') {
        if (b === ENQ) {
          this.state = 'transfer';
          this.lastFrame = 0;
          this.text = '';
          this.frames = 0;
          this.rejected = 0;
          this.pendingIntermediate = false;
          this.unresolved = false;
          events.push({ type: 'session_start' }, { type: 'send', byte: ACK });
        }
        continue; // anything else while idle is noise
      }
      if (this.buffer === null) {
        if (b === STX) this.buffer = [STX];
        else if (b === EOT) this.finish(events);
        else if (b === ENQ) events.push({ type: 'send', byte: NAK }); // contention: already receiving
        continue;
      }
      this.buffer.push(b);
      if (b === LF && this.buffer[this.buffer.length - 2] === CR) {
        this.onFrame(this.buffer, events);
        this.buffer = null;
      } else if (b === EOT || this.buffer.length > 4096) {
        // Sender gave up mid-frame or runaway frame.
        this.rejected++;
        this.unresolved = true;
        events.push({ type: 'frame_rejected', code: 'FRAME_STRUCTURE', message: '帧不完整 / incomplete frame', raw: printable(this.buffer) });
        this.buffer = null;
        if (b === EOT) this.finish(events);
      }
    }
    return events;
  }

  private onFrame(frame: number[], events: LinkEvent[]): void {
    const r = decodeFrame(frame, this.charset);
    if (!r.ok) {
      this.rejected++;
      this.unresolved = true;
      events.push({ type: 'frame_rejected', code: r.code, message: r.message, raw: printable(frame) }, { type: 'send', byte: NAK });
      return;
    }
    const expected = (this.lastFrame + 1) % 8;
    if (this.frames > 0 && r.frameNumber === this.lastFrame) {
      events.push({ type: 'send', byte: ACK }); // duplicate of an accepted frame (our ACK was lost)
      return;
    }
    if (r.frameNumber !== expected) {
      this.rejected++;
      this.unresolved = true;
      events.push({ type: 'frame_rejected', code: 'FRAME_NUMBER', message: `帧号错误 / frame number ${r.frameNumber}, expected ${expected}`, raw: printable(frame) },
        { type: 'send', byte: NAK });
      return;
    }
    this.lastFrame = r.frameNumber;
    this.frames++;
    this.text += r.text;
    this.pendingIntermediate = !r.final;
    this.unresolved = false;
    events.push({ type: 'frame_accepted', frameNumber: r.frameNumber, final: r.final }, { type: 'send', byte: ACK });
  }

  private finish(events: LinkEvent[]): void {
    this.state = 'idle';
    this.buffer = null;
    if (this.frames === 0) {
      events.push({ type: 'message_discarded', reason: '未收到有效帧 / no valid frame received', rejectedFrames: this.rejected });
    } else if (this.unresolved) {
      events.push({ type: 'message_discarded', reason: '有被拒收的帧未重传成功，整条消息作废 / a rejected frame was never retransmitted: whole message discarded', rejectedFrames: this.rejected });
    } else if (this.pendingIntermediate) {
      events.push({ type: 'message_discarded', reason: '消息在中间帧处中止 / message ended inside an intermediate frame', rejectedFrames: this.rejected });
    } else {
      events.push({ type: 'message', text: this.text, frames: this.frames, rejectedFrames: this.rejected });
    }
    this.text = '';
  }
}
