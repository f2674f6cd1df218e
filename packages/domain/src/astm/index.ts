export type { AstmCharset, AstmDelimiters, AstmMessage, AstmOrder, AstmParseResult, AstmRecord, AstmResult, FrameResult } from './codec.ts';
export {
  ACK, CR, DEFAULT_DELIMITERS, ENQ, EOT, ETB, ETX, LF, MAX_FRAME_TEXT, NAK, STX, buildRecord, decodeFrame, decodeText, delimitersOf,
  encodeFrame, encodeText, escapeAstm, fieldComponents, fieldRepeats, fieldText, lis1Checksum, messageToFrames, parseAstmMessage,
  parseRecord, unescapeAstm,
} from './codec.ts';
export type { LinkEvent } from './link.ts';
export { Lis1Receiver } from './link.ts';
