/**
 * Analyser simulator (LIS1-A sender over TCP) for tests, demos and interface validation: sends an E1394 message
 * built from results, frame by frame, waiting for ACK/NAK, retransmitting a NAKed frame up to 6 times, then EOT.
 * Can corrupt a frame to exercise the receiver's NAK path.
 */
import net from 'node:net';
import { ACK, ENQ, EOT, NAK, buildRecord, messageToFrames, type AstmCharset } from '@redbridge/domain/astm';

export interface SimulatedResult {
  /** Specimen id: the DIN (or a NAT pool code). */
  specimen: string;
  /** Test code, e.g. HBSAG, ALT, ABO, RHD, HBVDNA. */
  test: string;
  value: string;
  units?: string;
  /** `R` marks a duplicate-retest well. */
  wellFlag?: 'R';
  operator?: string;
}

/** Builds an E1394 message (H, P, O, R…, L) with the results grouped by specimen. */
export function buildAstmMessage(results: SimulatedResult[], instrument = 'SIM-ELISA-1', at = '20261121090000'): string {
  const lines = [`H|\\^&|||RedBridge-Sim^1.0^^${instrument}|||||||P|LIS2-A2|${at}`];
  const bySpecimen = new Map<string, SimulatedResult[]>();
  for (const r of results) bySpecimen.set(r.specimen, [...(bySpecimen.get(r.specimen) ?? []), r]);
  let p = 0;
  for (const [specimen, rs] of bySpecimen) {
    p++;
    lines.push(buildRecord('P', [String(p)]));
    lines.push(buildRecord('O', [String(p), specimen, '', rs.map((r) => ['', '', '', r.test]), 'R', '', at, '', '', '', '', '', '', '', 'SERUM']));
    rs.forEach((r, i) => lines.push(buildRecord('R', [String(i + 1), [['', '', '', r.test, r.wellFlag ?? '']], r.value, r.units ?? '', '', '', '', 'F', '', r.operator ?? '', '', at, instrument])));
  }
  lines.push('L|1|N');
  return `${lines.join('\r')}\r`;
}

export interface SendOptions {
  host?: string;
  port: number;
  message: string;
  charset?: AstmCharset;
  /** Corrupt frame `frameIndex` (0-based) on its first `times` transmissions (flips a checksum bit). */
  corrupt?: { frameIndex: number; times: number };
  timeoutMs?: number;
}

export interface SendOutcome {
  acks: number;
  naks: number;
  aborted: boolean;
  frames: number;
}

/** Runs one LIS1-A sender session over TCP. */
export async function sendAstmSession(opts: SendOptions): Promise<SendOutcome> {
  const frames = messageToFrames(opts.message, opts.charset ?? 'utf8');
  const socket = net.connect({ host: opts.host ?? '127.0.0.1', port: opts.port });
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const replies: number[] = [];
  let waiter: ((b: number) => void) | null = null;
  socket.on('data', (chunk) => {
    for (const b of chunk) {
      if (waiter) { const w = waiter; waiter = null; w(b); } else replies.push(b);
    }
  });
  const next = () => new Promise<number>((resolve, reject) => {
    if (replies.length) { resolve(replies.shift()!); return; }
    const t = setTimeout(() => reject(new Error('LIS1-A timeout waiting for ACK/NAK')), opts.timeoutMs ?? 15000);
    waiter = (b) => { clearTimeout(t); resolve(b); };
  });
  const outcome: SendOutcome = { acks: 0, naks: 0, aborted: false, frames: frames.length };
  try {
    socket.write(Buffer.from([ENQ]));
    if ((await next()) !== ACK) { outcome.aborted = true; return outcome; }
    let corruptLeft = opts.corrupt?.times ?? 0;
    for (const [i, frame] of frames.entries()) {
      let sent = false;
      for (let attempt = 0; attempt < 6 && !sent; attempt++) {
        const bytes = [...frame];
        if (opts.corrupt?.frameIndex === i && corruptLeft > 0) { corruptLeft--; bytes[bytes.length - 3] ^= 0x01; }
        socket.write(Buffer.from(bytes));
        const reply = await next();
        if (reply === ACK) { outcome.acks++; sent = true; } else if (reply === NAK) outcome.naks++;
        else throw new Error(`unexpected reply 0x${reply.toString(16)}`);
      }
      if (!sent) { outcome.aborted = true; break; }
    }
    socket.write(Buffer.from([EOT]));
    return outcome;
  } finally {
    await new Promise<void>((resolve) => socket.end(() => resolve()));
  }
}
