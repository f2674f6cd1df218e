/**
 * 献血码 / Donation Identification Number (DIN): `αppppyynnnnnn` + flags `ff` + keyboard check
 * character K.
 *
 * - `αpppp` - 5-character station (facility) code: ICCBBA FIN, or the Chinese 采供血单位编码
 *   (province prefix + sequence, e.g. `11001`, `51001`). Configured per station.
 * - `yy` - nominal year the number was assigned; `nnnnnn` - serial within that year.
 * - `ff` - flags (not part of the DIN); K - MOD 37-2 check character (not part of the data).
 */
import { checksumOfValidated, MOD37_2_CHARACTERS } from './mod37-2.ts';
import { fail, fieldError, ok } from './result.ts';
import type { FieldError, Result } from './result.ts';

/** Error codes produced by DIN parsing, formatting and DS001 decoding. */
export type DinErrorCode =
  | 'DIN_LENGTH'
  | 'DIN_FORMAT'
  | 'DIN_FLAGS'
  | 'DIN_CHECK_CHAR_MISMATCH';

/**
 * Kind of DIN flag pair `ff`:
 * `unused` (`00`), `type1` (ICCBBA-defined process control, 01–19 except 14),
 * `type2` (local, 20–59: never interpret at another site), `type3` (60–96: 60 + MOD 37-2 checksum),
 * `reserved` (14, 97–99 and alphanumeric values).
 */
export type DinFlagType = 'unused' | 'type1' | 'type2' | 'type3' | 'reserved';

/** A validated 献血码. */
export interface ParsedDin {
  /** The 13 data characters `αppppyynnnnnn`. */
  readonly din: string;
  /** Characters 1–5, `αpppp`: station (facility) code. */
  readonly stationCode: string;
  /** Characters 6–7: two-digit nominal year. */
  readonly year: string;
  /** Characters 8–13: six-digit serial within the year. */
  readonly serial: string;
  /** Flag characters as entered or scanned, `null` when absent. */
  readonly flags: string | null;
  /** Kind of `flags`, `null` when absent. */
  readonly flagType: DinFlagType | null;
  /** MOD 37-2 checksum value, 0–36. */
  readonly checksum: number;
  /** Keyboard check character K (`0-9`, `A-Z` or `*`). */
  readonly checkCharacter: string;
}

/** Parts from which a station numbers a donation. */
export interface DinParts {
  /** 5-character station code `αpppp` (e.g. `51001`, or an ICCBBA FIN such as `A9999`). */
  readonly stationCode: string;
  /** Two-digit year (0–99), a four-digit calendar year (its last two digits are used), or their digit strings. */
  readonly year: number | string;
  /** Serial within the year, 0–999999 (or a string of 1–6 digits, zero-padded). */
  readonly serial: number | string;
}

/** Segmented eye-readable 献血码 for the label (characters 1–5 | 6–7 | 8–13, flag, boxed K). */
export interface DinHumanReadable {
  readonly stationCode: string;
  readonly year: string;
  readonly serial: string;
  /** Flags to print rotated 90° (Type 1 / Type 2 only); `null` when they must not or need not be printed. */
  readonly flags: string | null;
  /** Check character, to print in a box. */
  readonly checkCharacter: string;
  /** Plain-text rendering, box shown as brackets: `51001 25 000123 [K]` or `A9999 21 123456 01 [3]`. */
  readonly text: string;
}

/**
 * Pattern of a station (facility) code `αpppp`: α in A–N, P–Z, 1–9; then two of A–N, P–Z, 0–9; then
 * two digits. Chinese 采供血单位编码 (five digits, first 1–9) always match.
 *
 * @see ISBT 128 ST-001 v6.2.2 §2.4.1
 * @see WS/T draft 血液标识代码及标签要求 Annex A
 */
export const STATION_CODE_PATTERN = /^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}$/;

const FLAG_CHAR = /^[0-9A-HJ-NPR-Y]$/;

const TYPE1_MEANINGS: Readonly<Record<string, string>> = {
  '05': 'Second (or repeated) demand-printed label',
  '06': 'Pilot tube label',
  '07': 'Test tube label',
  '08': 'Donor record label',
  '09': 'Sample tube for NAT testing',
  '10': 'Samples for bacterial testing',
  '11': 'Match with unit label',
  '12': 'Affixed partial label',
  '13': 'Attached label (used with an affixed partial label)',
};

/**
 * Validates the 13 DIN data characters position by position.
 *
 * @param data13 - candidate DIN characters (exactly 13).
 * @param prefix - field-name prefix for nested structures (e.g. `structures[1].`).
 * @returns Errors (`DIN_LENGTH`, `DIN_FORMAT` on `stationCode` / `year` / `serial`); empty when valid.
 * @see ISBT 128 ST-001 v6.2.2 §2.4.1 (DS001)
 * @see WS/T draft 血液标识代码及标签要求 Table 1
 */
export function validateDinData(data13: string, prefix = ''): FieldError[] {
  if (data13.length !== 13) {
    return [
      fieldError(
        `${prefix}din`,
        'DIN_LENGTH',
        `献血码应为 13 位，实际 ${data13.length} 位`,
        `DIN must be 13 characters, got ${data13.length}`,
      ),
    ];
  }
  const errors: FieldError[] = [];
  if (!STATION_CODE_PATTERN.test(data13.slice(0, 5))) {
    errors.push(
      fieldError(
        `${prefix}stationCode`,
        'DIN_FORMAT',
        `采供血单位编码「${data13.slice(0, 5)}」格式错误（首位 A-N、P-Z 或 1-9，第 2-3 位不得为字母 O，第 4-5 位为数字）`,
        `station code '${data13.slice(0, 5)}' is malformed (first character A-N, P-Z or 1-9; characters 2-3 exclude letter O; characters 4-5 digits)`,
      ),
    );
  }
  if (!/^[0-9]{2}$/.test(data13.slice(5, 7))) {
    errors.push(fieldError(`${prefix}year`, 'DIN_FORMAT', '年份应为 2 位数字', 'year must be 2 digits'));
  }
  if (!/^[0-9]{6}$/.test(data13.slice(7, 13))) {
    errors.push(fieldError(`${prefix}serial`, 'DIN_FORMAT', '序号应为 6 位数字', 'serial must be 6 digits'));
  }
  return errors;
}

/**
 * Classifies DIN flag characters and gives their meaning.
 *
 * @param flags - the two flag characters `ff`.
 * @returns `{ flagType, meaning }` (meaning in English, `null` where none is defined), or `null` when
 *   `flags` is not two characters of `0-9 A-H J-N P R-Y`.
 * @see ISBT 128 ST-001 v6.2.2 Table 3 [RT004]
 */
export function describeDinFlags(flags: string): { flagType: DinFlagType; meaning: string | null } | null {
  if (flags.length !== 2 || !FLAG_CHAR.test(flags.charAt(0)) || !FLAG_CHAR.test(flags.charAt(1))) {
    return null;
  }
  if (!/^[0-9]{2}$/.test(flags)) return { flagType: 'reserved', meaning: null };
  const n = Number(flags);
  if (n === 0) return { flagType: 'unused', meaning: 'Flag not used' };
  if (n >= 1 && n <= 4) return { flagType: 'type1', meaning: `Container ${n} of a set` };
  if (n >= 15 && n <= 19) return { flagType: 'type1', meaning: `Container ${n - 10} of a set` };
  const type1 = TYPE1_MEANINGS[flags];
  if (type1 !== undefined) return { flagType: 'type1', meaning: type1 };
  if (n >= 20 && n <= 59) return { flagType: 'type2', meaning: 'Local use (meaning defined by the facility)' };
  if (n >= 60 && n <= 96) return { flagType: 'type3', meaning: 'ISO/IEC 7064 MOD 37-2 check value (60 + checksum)' };
  return { flagType: 'reserved', meaning: null };
}

/**
 * Validates flags against the DIN: the characters, and for Type 3 flags the embedded checksum.
 * Internal helper shared with DS001 decoding.
 */
export function validateDinFlags(flags: string, checksum: number, prefix = ''): FieldError[] {
  const info = describeDinFlags(flags);
  if (info === null) {
    return [
      fieldError(
        `${prefix}flags`,
        'DIN_FLAGS',
        `标志位「${flags}」非法（2 位，取 0-9、A-H、J-N、P、R-Y）`,
        `flags '${flags}' are invalid (2 characters of 0-9, A-H, J-N, P, R-Y)`,
      ),
    ];
  }
  if (info.flagType === 'type3' && Number(flags) !== 60 + checksum) {
    return [
      fieldError(
        `${prefix}flags`,
        'DIN_CHECK_CHAR_MISMATCH',
        `标志位校验值 ${flags} 与献血码不符（应为 ${60 + checksum}）`,
        `type 3 flag ${flags} does not match the DIN (expected ${60 + checksum})`,
      ),
    ];
  }
  return [];
}

function toParsed(din: string, flags: string | null): ParsedDin {
  const checksum = checksumOfValidated(din);
  return {
    din,
    stationCode: din.slice(0, 5),
    year: din.slice(5, 7),
    serial: din.slice(7, 13),
    flags,
    flagType: flags === null ? null : (describeDinFlags(flags)?.flagType ?? null),
    checksum,
    checkCharacter: MOD37_2_CHARACTERS.charAt(checksum),
  };
}

/**
 * Parses a 献血码 as typed, scanned or printed.
 *
 * Accepted forms (whitespace ignored, letters upper-cased):
 * - 13 data characters: `G123417654321`;
 * - 13 + check character: `G123417654321A`, or the printed form `G1234 17 654321 A`;
 * - 13 + flags, with or without `=`: `=G12341765432100`, `=G123417654321 00`, `G12341765432100`;
 * - `=` + 13 data characters, or `=` + 13 + check character.
 *
 * @param text - the entered text.
 * @returns The DIN with computed K, or errors: `DIN_LENGTH`, `DIN_FORMAT` (`stationCode`, `year`,
 *   `serial`), `DIN_FLAGS`, `DIN_CHECK_CHAR_MISMATCH` (entered K, field `checkCharacter`, or a Type 3
 *   flag, field `flags`).
 * @see ISBT 128 ST-001 v6.2.2 §2.4.1, Table 3 [RT004], Appendix A
 * @see WS/T draft 血液标识代码及标签要求 Table 1
 */
export function parseDin(text: string): Result<ParsedDin> {
  const s = typeof text === 'string' ? text.replace(/\s+/g, '').toUpperCase() : '';
  const hasDi = s.startsWith('=');
  const body = hasDi ? s.slice(1) : s;
  if (body.length < 13 || body.length > 15) {
    return fail([
      fieldError(
        'din',
        'DIN_LENGTH',
        `献血码长度错误：应为 13 位（可附校验码 1 位或标志位 2 位），实际 ${body.length} 位`,
        `DIN must be 13 characters (optionally + 1 check character or + 2 flag characters), got ${body.length}`,
      ),
    ]);
  }
  const din = body.slice(0, 13);
  const errors = validateDinData(din);
  if (errors.length > 0) return fail(errors);
  const checksum = checksumOfValidated(din);
  const k = MOD37_2_CHARACTERS.charAt(checksum);
  let flags: string | null = null;
  if (body.length === 14) {
    const entered = body.charAt(13);
    if (entered !== k) {
      return fail([
        fieldError(
          'checkCharacter',
          'DIN_CHECK_CHAR_MISMATCH',
          `校验码「${entered}」与献血码不符（应为「${k}」），请核对`,
          `check character '${entered}' does not match the DIN (expected '${k}')`,
        ),
      ]);
    }
  } else if (body.length === 15) {
    flags = body.slice(13);
    const flagErrors = validateDinFlags(flags, checksum);
    if (flagErrors.length > 0) return fail(flagErrors);
  }
  return ok(toParsed(din, flags));
}

function normaliseYear(year: number | string): string | null {
  if (typeof year === 'string') {
    if (/^[0-9]{2}$/.test(year)) return year;
    return /^[0-9]{4}$/.test(year) ? year.slice(2) : null;
  }
  if (!Number.isInteger(year)) return null;
  if (year >= 0 && year <= 99) return String(year).padStart(2, '0');
  return year >= 1000 && year <= 9999 ? String(year % 100).padStart(2, '0') : null;
}

function normaliseSerial(serial: number | string): string | null {
  if (typeof serial === 'string') return /^[0-9]{1,6}$/.test(serial) ? serial.padStart(6, '0') : null;
  return Number.isInteger(serial) && serial >= 0 && serial <= 999_999 ? String(serial).padStart(6, '0') : null;
}

/**
 * Assembles the 13 data characters of a new 献血码.
 *
 * @param parts - station code, year and serial.
 * @returns The 13-character DIN (no `=`, flags or K), or errors: `DIN_FORMAT` on `stationCode`,
 *   `year` or `serial`.
 * @see WS/T draft 血液标识代码及标签要求 Table 1, Annex A (采供血单位编码)
 * @see ISBT 128 ST-001 v6.2.2 §2.4.1
 */
export function formatDin(parts: DinParts): Result<string> {
  const errors: FieldError[] = [];
  const year = normaliseYear(parts.year);
  const serial = normaliseSerial(parts.serial);
  if (year === null) {
    errors.push(fieldError('year', 'DIN_FORMAT', '年份应为 0-99 或四位年份', 'year must be 0-99 or a four-digit year'));
  }
  if (serial === null) {
    errors.push(fieldError('serial', 'DIN_FORMAT', '序号应为 0-999999 的整数', 'serial must be an integer 0-999999'));
  }
  const station = typeof parts.stationCode === 'string' ? parts.stationCode : '';
  if (station.length !== 5) {
    errors.push(
      fieldError('stationCode', 'DIN_FORMAT', '采供血单位编码应为 5 位', 'station code must be 5 characters'),
    );
  }
  if (errors.length > 0) return fail(errors);
  const din = `${station}${year}${serial}`;
  const dataErrors = validateDinData(din);
  return dataErrors.length > 0 ? fail(dataErrors) : ok(din);
}

/**
 * Segments a 献血码 for the label text: characters 1–5 | 6–7 | 8–13, the flag (printed rotated,
 * only for Type 1 and Type 2 flags) and the boxed check character.
 *
 * @param parsed - a DIN from {@link parseDin}.
 * @returns The segments and a plain-text rendering (`51001 25 000123 [K]`).
 * @see WS/T draft 血液标识代码及标签要求 §标签元素设计要求 (献血码分段, 标志旋转, 校验码加框)
 * @see ISBT 128 ST-001 v6.2.2 §7.4.1, §7.5
 */
export function formatDinHumanReadable(parsed: ParsedDin): DinHumanReadable {
  const printFlags = parsed.flagType === 'type1' || parsed.flagType === 'type2';
  const flags = printFlags ? parsed.flags : null;
  const segments = [parsed.stationCode, parsed.year, parsed.serial];
  if (flags !== null) segments.push(flags);
  return {
    stationCode: parsed.stationCode,
    year: parsed.year,
    serial: parsed.serial,
    flags,
    checkCharacter: parsed.checkCharacter,
    text: `${segments.join(' ')} [${parsed.checkCharacter}]`,
  };
}
