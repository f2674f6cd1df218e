/**
 * ASTM E1381 / CLSI LIS1-A low-level framing and ASTM E1394 / CLSI LIS2-A2 record codec for analyser
 * interfaces (blood grouping, ELISA, ALT and NAT analysers). Pure: bytes in, values out.
 *
 * @see isbt128-and-interop.md §6; ASTM E1381-02 / LIS1-A §6 (frames, checksum); ASTM E1394-97 / LIS2-A2 (records)
 */

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;
export const ETB = 0x17;
export const CR = 0x0d;
export const LF = 0x0a;

/** Character set both ends agree on; the checksum is computed over the encoded bytes. */
export type AstmCharset = 'utf8' | 'latin1';

/** Maximum message text per frame, in bytes (LIS1-A: 247 characters per frame including 7 framing characters). */
export const MAX_FRAME_TEXT = 240;

/**
 * Encodes text to bytes in the agreed charset. `latin1` replaces characters above U+00FF with `?`.
 */
export function encodeText(text: string, charset: AstmCharset = 'utf8'): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (charset === 'latin1') { out.push(cp <= 0xff ? cp : 0x3f); continue; }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Decodes bytes in the agreed charset (invalid UTF-8 sequences become U+FFFD). */
export function decodeText(bytes: readonly number[], charset: AstmCharset = 'utf8'): string {
  if (charset === 'latin1') return String.fromCharCode(...bytes);
  let s = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (need < 0) { s += '\uFFFD'; i++; continue; }
    let cp = need === 0 ? b : b & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) { ok = false; break; }
      cp = (cp << 6) | (c & 63);
    }
    if (!ok) { s += '\uFFFD'; i++; continue; }
    s += String.fromCodePoint(cp);
    i += need + 1;
  }
  return s;
}

/**
 * LIS1-A checksum: the sum of the bytes from the frame number through ETX/ETB inclusive, modulo 256, as two
 * uppercase hexadecimal digits.
 *
 * @param body - frame number + text + ETX or ETB (no STX), as a string or bytes
 * @example lis1Checksum('1A\r\x03') === '82'
 */
export function lis1Checksum(body: string | readonly number[], charset: AstmCharset = 'utf8'): string {
  const bytes = typeof body === 'string' ? encodeText(body, charset) : body;
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Builds one frame: `<STX> FN text <ETX|ETB> C1 C2 <CR><LF>`.
 *
 * @param frameNumber - 0–7 (the first frame of a session is 1, then modulo 8)
 * @param text - frame text (≤ {@link MAX_FRAME_TEXT} characters; ends with CR for an end frame)
 * @param final - true for an end frame (ETX), false for an intermediate frame (ETB)
 */
export function encodeFrame(frameNumber: number, text: string, final: boolean, charset: AstmCharset = 'utf8'): number[] {
  const body = [...encodeText(`${frameNumber % 8}${text}`, charset), final ? ETX : ETB];
  return [STX, ...body, ...encodeText(lis1Checksum(body), charset), CR, LF];
}

/** A decoded frame or why it was rejected. */
export type FrameResult =
  | { readonly ok: true; readonly frameNumber: number; readonly text: string; readonly final: boolean }
  | { readonly ok: false; readonly code: 'FRAME_STRUCTURE' | 'FRAME_CHECKSUM' | 'FRAME_NUMBER' | 'FRAME_TOO_LONG'; readonly message: string };

/**
 * Validates and decodes one complete frame (from STX through LF).
 *
 * @returns `{ ok: false, code }` for a missing STX/ETX/CR LF, a bad frame number, an over-long frame or a checksum mismatch
 */
export function decodeFrame(frame: readonly number[], charset: AstmCharset = 'utf8'): FrameResult {
  const n = frame.length;
  if (n < 8 || frame[0] !== STX || frame[n - 2] !== CR || frame[n - 1] !== LF || (frame[n - 5] !== ETX && frame[n - 5] !== ETB)) {
    return { ok: false, code: 'FRAME_STRUCTURE', message: '帧结构错误 / malformed frame (STX … ETX|ETB C1 C2 CR LF)' };
  }
  if (n > MAX_FRAME_TEXT + 7) return { ok: false, code: 'FRAME_TOO_LONG', message: '帧过长 / frame too long' };
  const fn = frame[1] - 0x30;
  if (fn < 0 || fn > 7) return { ok: false, code: 'FRAME_NUMBER', message: '帧号须为0–7 / frame number must be 0–7' };
  const body = frame.slice(1, n - 4);
  const sent = decodeText(frame.slice(n - 4, n - 2), 'latin1');
  const expected = lis1Checksum(body);
  if (sent !== expected) {
    return { ok: false, code: 'FRAME_CHECKSUM', message: `校验和错误 / checksum mismatch: got ${sent}, expected ${expected}` };
  }
  return { ok: true, frameNumber: fn, text: decodeText(frame.slice(2, n - 5), charset), final: frame[n - 5] === ETX };
}

/**
 * Splits a message (records each terminated by CR) into frames: one record per end frame, records longer than
 * {@link MAX_FRAME_TEXT} split over intermediate (ETB) frames. Frame numbers start at 1 and wrap modulo 8.
 */
export function messageToFrames(message: string, charset: AstmCharset = 'utf8'): number[][] {
  const records = message.split('\r').filter((r) => r.length > 0).map((r) => `${r}\r`);
  const frames: number[][] = [];
  let fn = 1;
  for (const record of records) {
    // Split on code points so that each frame's encoded text stays within MAX_FRAME_TEXT bytes.
    const chars = [...record];
    let part = '';
    let size = 0;
    chars.forEach((ch, i) => {
      const len = encodeText(ch, charset).length;
      if (size + len > MAX_FRAME_TEXT) {
        frames.push(encodeFrame(fn, part, false, charset));
        fn = (fn + 1) % 8;
        part = '';
        size = 0;
      }
      part += ch;
      size += len;
      if (i === chars.length - 1) {
        frames.push(encodeFrame(fn, part, true, charset));
        fn = (fn + 1) % 8;
      }
    });
  }
  return frames;
}

// ---------------------------------------------------------------------------------------------------------
// E1394 / LIS2-A2 records

/** Delimiters declared in the header record `H|\^&`. */
export interface AstmDelimiters {
  readonly field: string;
  readonly repeat: string;
  readonly component: string;
  readonly escape: string;
}

export const DEFAULT_DELIMITERS: AstmDelimiters = { field: '|', repeat: '\\', component: '^', escape: '&' };

/** Reads the delimiters from a header record (`H` + field + repeat + component + escape). */
export function delimitersOf(header: string): AstmDelimiters | null {
  if (header[0] !== 'H' || header.length < 5) return null;
  const [field, repeat, component, escape] = [header[1], header[2], header[3], header[4]];
  if (new Set([field, repeat, component, escape]).size !== 4) return null;
  return { field, repeat, component, escape };
}

/** Replaces escape sequences `&F&`, `&S&`, `&R&`, `&E&` with the delimiters they stand for. */
export function unescapeAstm(value: string, d: AstmDelimiters = DEFAULT_DELIMITERS): string {
  const e = d.escape;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === e && value[i + 2] === e) {
      const map: Record<string, string> = { F: d.field, S: d.component, R: d.repeat, E: d.escape };
      const r = map[value[i + 1]];
      if (r !== undefined) { out += r; i += 2; continue; }
    }
    out += value[i];
  }
  return out;
}

/** Escapes delimiter characters inside a value. */
export function escapeAstm(value: string, d: AstmDelimiters = DEFAULT_DELIMITERS): string {
  let out = '';
  for (const ch of value) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.repeat) out += `${d.escape}R${d.escape}`;
    else out += ch;
  }
  return out;
}

/**
 * One record: `fields[i]` is field i+1 in ASTM numbering (`fields[0]` is the record type), each field a list of
 * repeats, each repeat a list of components (unescaped).
 */
export interface AstmRecord {
  readonly type: string;
  readonly fields: readonly (readonly (readonly string[])[])[];
}

/** Splits one record line into fields → repeats → components. The header's delimiter field is kept verbatim. */
export function parseRecord(line: string, d: AstmDelimiters = DEFAULT_DELIMITERS): AstmRecord {
  const raw = line.split(d.field);
  const fields = raw.map((f, i) => {
    if (i === 1 && raw[0] === 'H') return [[`${d.repeat}${d.component}${d.escape}`]];
    return f.split(d.repeat).map((rep) => rep.split(d.component).map((c) => unescapeAstm(c, d)));
  });
  return { type: raw[0] ?? '', fields };
}

/**
 * Field `n` (ASTM numbering, `O.3` = specimen id) as text: components joined by `^`, first repeat only.
 */
export function fieldText(r: AstmRecord, n: number): string {
  return (r.fields[n - 1]?.[0] ?? []).join('^');
}

/** Field `n` as its repeats (each repeat's components joined by `^`). */
export function fieldRepeats(r: AstmRecord, n: number): string[] {
  return (r.fields[n - 1] ?? []).map((rep) => rep.join('^')).filter((s, i, all) => s !== '' || all.length > 1);
}

/** Field `n` components of the first repeat. */
export function fieldComponents(r: AstmRecord, n: number): string[] {
  return [...(r.fields[n - 1]?.[0] ?? [])];
}

/** Builds one record line from field values (each value: a string, or repeats of component lists); escapes delimiters. */
export function buildRecord(type: string, fields: readonly (string | readonly (readonly string[])[])[], d: AstmDelimiters = DEFAULT_DELIMITERS): string {
  const parts = fields.map((f) => typeof f === 'string' ? escapeAstm(f, d)
    : f.map((rep) => rep.map((c) => escapeAstm(c, d)).join(d.component)).join(d.repeat));
  return [type, ...parts].join(d.field);
}

/** One result (R record) under an order. */
export interface AstmResult {
  readonly sequence: number;
  /** Universal test id (R.3) components; `test` is the manufacturer's local code (component 4), else the first non-empty component. */
  readonly testId: readonly string[];
  readonly test: string;
  readonly value: string;
  readonly units: string;
  readonly abnormalFlags: string;
  /** R.9: F final, C correction, P preliminary, R re-sent, X cannot be done … */
  readonly status: string;
  readonly operator: string;
  readonly completedAt: string;
  readonly instrument: string;
  readonly comments: readonly string[];
}

/** One order (O record) and its results. */
export interface AstmOrder {
  readonly sequence: number;
  /** O.3 specimen ids (repeat field): the 献血码/DIN on donor samples. */
  readonly specimenIds: readonly string[];
  readonly specimenId: string;
  readonly universalTestIds: readonly string[];
  readonly results: readonly AstmResult[];
}

export interface AstmMessage {
  readonly delimiters: AstmDelimiters;
  /** H.5 sender name or id components. */
  readonly sender: readonly string[];
  /** H.13 version (e.g. `LIS2-A`, `1394-97`). */
  readonly version: string;
  readonly processingId: string;
  readonly timestamp: string;
  readonly orders: readonly AstmOrder[];
  /** L.3 termination code (N normal, T sender aborted, …); null when the L record is missing. */
  readonly terminationCode: string | null;
  readonly records: readonly AstmRecord[];
}

/** A message or the reason it is not acceptable. */
export type AstmParseResult = { readonly ok: true; readonly message: AstmMessage } | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Parses a complete E1394 message (records separated by CR, header first, terminator last).
 *
 * @returns `{ ok: false }` when the header is missing or malformed, the terminator is missing, or a result
 *   precedes any order
 */
export function parseAstmMessage(text: string): AstmParseResult {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.length > 0);
  const d = lines[0] ? delimitersOf(lines[0]) : null;
  if (!d) return { ok: false, code: 'ASTM_HEADER', message: '缺少或错误的H头记录 / missing or malformed header record' };
  const records = lines.map((l) => parseRecord(l, d));
  const header = records[0];
  const orders: { sequence: number; specimenIds: string[]; specimenId: string; universalTestIds: string[]; results: AstmResult[] }[] = [];
  let terminationCode: string | null = null;
  let lastResult: (AstmResult & { comments: string[] }) | null = null;
  for (const r of records.slice(1)) {
    switch (r.type) {
      case 'P': case 'Q': case 'M': case 'S': break;
      case 'O': {
        const ids = fieldRepeats(r, 3);
        orders.push({ sequence: Number(fieldText(r, 2)) || orders.length + 1, specimenIds: ids, specimenId: ids[0] ?? '', universalTestIds: fieldRepeats(r, 5), results: [] });
        lastResult = null;
        break;
      }
      case 'R': {
        const order = orders[orders.length - 1];
        if (!order) return { ok: false, code: 'ASTM_STRUCTURE', message: '结果记录前没有医嘱记录 / result record before any order record' };
        const testId = fieldComponents(r, 3);
        const test = (testId[3] ?? '').trim() || (testId.find((c) => c.trim() !== '') ?? '');
        lastResult = {
          sequence: Number(fieldText(r, 2)) || order.results.length + 1, testId, test, value: fieldText(r, 4), units: fieldText(r, 5),
          abnormalFlags: fieldText(r, 7), status: fieldText(r, 9), operator: fieldText(r, 11), completedAt: fieldText(r, 13),
          instrument: fieldText(r, 14), comments: [],
        };
        order.results.push(lastResult);
        break;
      }
      case 'C': {
        if (lastResult) lastResult.comments.push(fieldText(r, 4));
        break;
      }
      case 'L': terminationCode = fieldText(r, 3) || 'N'; break;
      default: return { ok: false, code: 'ASTM_RECORD_TYPE', message: `未知记录类型 / unknown record type '${r.type}'` };
    }
  }
  if (terminationCode === null) return { ok: false, code: 'ASTM_TERMINATOR', message: '缺少L结束记录 / missing terminator record' };
  return {
    ok: true,
    message: {
      delimiters: d, sender: fieldComponents(header, 5), version: fieldText(header, 13), processingId: fieldText(header, 12),
      timestamp: fieldText(header, 14), orders, terminationCode, records,
    },
  };
}
