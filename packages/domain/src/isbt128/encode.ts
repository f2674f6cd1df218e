/**
 * Encoders for label bar codes. Each output is checked by decoding it again, so
 * `decodeDataStructure(encodeX(…).value)` is always valid and gives back the inputs.
 */
import type { AboGroup, RhD } from '../types.ts';
import { bloodGroupCode } from './blood-groups.ts';
import type { CollectionInfo } from './blood-groups.ts';
import { decodeDataStructure } from './decode.ts';
import type { DataStructureId } from './data-structures.ts';
import { formatDin } from './din.ts';
import type { DinParts } from './din.ts';
import { centuryDigit, toShanghaiWallClock } from './julian-date.ts';
import type { DateKind } from './julian-date.ts';
import { fail, fieldError, ok } from './result.ts';
import type { FieldError, Result } from './result.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Checks an assembled string by decoding it; returns it when it decodes as `expected`. */
function verified(encoded: string, expected: DataStructureId): Result<string> {
  const decoded = decodeDataStructure(encoded);
  if (decoded.valid && decoded.dataStructure === expected) return ok(encoded);
  return fail(
    decoded.errors.length > 0
      ? decoded.errors
      : [fieldError('dataIdentifier', 'DS_FORMAT', `编码结果不是数据结构 ${expected}`, `encoded data is not data structure ${expected}`)],
  );
}

/**
 * Encodes the 献血码 bar-code data `=αppppyynnnnnnff`.
 *
 * @param parts - station code, year, serial, and optional `flags` (default `00`; Type 3 flags must
 *   equal 60 + checksum).
 * @returns 16 characters, e.g. `=A99991712345600`, or `DIN_FORMAT` / `DIN_FLAGS` /
 *   `DIN_CHECK_CHAR_MISMATCH` errors.
 * @see ISBT 128 ST-001 v6.2.2 §2.4.1 (DS001)
 * @see WS/T draft 血液标识代码及标签要求 Table 1
 */
export function encodeDin(parts: DinParts & { readonly flags?: string }): Result<string> {
  const din = formatDin(parts);
  if (!din.ok) return din;
  return verified(`=${din.value}${parts.flags ?? '00'}`, '001');
}

/**
 * Encodes the blood-group bar-code data `=%ggre` with `r` = `e` = `0`.
 *
 * @param abo - ABO group.
 * @param rhd - RhD, or `null` when not stated (codes 55/66/77/88).
 * @param collectionInfo - intended-use column of ST-001 Table 4; the China draft uses only `default`.
 * @returns 6 characters, e.g. `=%5100` (O RhD+), `=%0600` (A RhD−).
 * @see ISBT 128 ST-001 v6.2.2 §2.4.2, Table 4 [RT005]
 * @see WS/T draft 血液标识代码及标签要求 Table 3, Annex D
 */
export function encodeBloodGroup(abo: AboGroup, rhd: RhD | null, collectionInfo: CollectionInfo = 'default'): string {
  return `=%${bloodGroupCode(abo, rhd, collectionInfo)}00`;
}

/**
 * Encodes the product-code bar-code data `=<αooootds`.
 *
 * @param code - 5-character product description code `αoooo` (national `C0001`, ISBT `E4306`, …).
 * @param donationType - `t`: China Annex C for national/local codes (A–D), ISBT Table 7 otherwise.
 *   For codes with a 3-digit pack number (M, N, R, T, V, W, X1–X9) pass its first digit.
 * @param split - `ds`: `00` undivided, `A0`–`Z0` first level, `AA`–`ZZ` second level (at most two
 *   levels); for pack-number codes its last two digits.
 * @returns 10 characters, e.g. `=<C0001V00`, or `PRODUCT_CODE` / `PRODUCT_DONATION_TYPE` /
 *   `PRODUCT_SPLIT` errors.
 * @see WS/T draft 血液标识代码及标签要求 Table 2, Annex B.4, Annex C
 * @see ISBT 128 ST-001 v6.2.2 §2.4.3, Table 7 [RT008]
 */
export function encodeProductCode(code: string, donationType: string, split = '00'): Result<string> {
  const errors: FieldError[] = [];
  if (typeof code !== 'string' || code.length !== 5) {
    errors.push(fieldError('productCode', 'PRODUCT_CODE', '产品码应为 5 位', 'product code must be 5 characters'));
  }
  if (typeof donationType !== 'string' || donationType.length !== 1) {
    errors.push(fieldError('donationType', 'PRODUCT_DONATION_TYPE', '献血类型应为 1 位', 'donation type must be 1 character'));
  }
  if (typeof split !== 'string' || split.length !== 2) {
    errors.push(fieldError('split', 'PRODUCT_SPLIT', '分装码应为 2 位', 'split must be 2 characters'));
  }
  if (errors.length > 0) return fail(errors);
  return verified(`=<${code}${donationType}${split}`, '003');
}

const DATE_TIME_IDENTIFIERS: Readonly<Record<DateKind, readonly [string, DataStructureId]>> = {
  expiration: ['&>', '005'],
  collection: ['&*', '007'],
  production: ['&}', '009'],
};

/**
 * Encodes a date-time bar code `&>` (expiry, 失效时间), `&*` (collection, 采血时间) or `&}`
 * (production, 制备时间) + `cyyjjjhhmm`, in Asia/Shanghai wall-clock time (UTC+8, computed
 * arithmetically). Seconds are dropped.
 *
 * @param kind - `expiration`, `collection` or `production`.
 * @param date - the instant.
 * @returns 12 characters, e.g. `&>0183652359`, or `DATE_INVALID` (not a valid Date) /
 *   `DATE_RANGE` (local year outside 1900–2899).
 * @see ISBT 128 ST-001 v6.2.2 §2.4.5, §2.4.7, §2.4.9
 * @see WS/T draft 血液标识代码及标签要求 Tables 5–7
 */
export function encodeDateTime(kind: DateKind, date: Date): Result<string> {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    return fail([fieldError('date', 'DATE_INVALID', '日期无效', 'date is not a valid Date')]);
  }
  const wall = toShanghaiWallClock(date);
  const c = centuryDigit(wall.year);
  if (c === null) {
    return fail([fieldError('date', 'DATE_RANGE', '年份应在 1900-2899 之间', 'year must be between 1900 and 2899')]);
  }
  const [identifier, id] = DATE_TIME_IDENTIFIERS[kind];
  const text = `${identifier}${c}${pad(wall.year % 100, 2)}${pad(wall.dayOfYear, 3)}${pad(wall.hour, 2)}${pad(wall.minute, 2)}`;
  return verified(text, id);
}

/**
 * Encodes the China volume bar code `=?aaa.cc`.
 *
 * @param u - volume in U (China unit: 200 mL whole blood = 1 U), > 0 and ≤ 999.99, at most two decimals.
 * @returns 8 characters, e.g. `=?001.00` for 1 U, `=?000.20` for 0.2 U, or `VOLUME_RANGE` errors.
 * @see WS/T draft 血液标识代码及标签要求 Table 4
 */
export function encodeVolumeU(u: number): Result<string> {
  const cents = Math.round(u * 100);
  if (typeof u !== 'number' || !Number.isFinite(u) || cents <= 0 || cents > 99_999 || Math.abs(u * 100 - cents) > 1e-6) {
    return fail([
      fieldError(
        'volumeU',
        'VOLUME_RANGE',
        '血量应大于 0、不超过 999.99 U，且最多两位小数',
        'volume must be > 0 and ≤ 999.99 U with at most two decimals',
      ),
    ]);
  }
  return verified(`=?${pad(Math.floor(cents / 100), 3)}.${pad(cents % 100, 2)}`, 'CN004');
}

/**
 * Encodes a compound message `=+aabbb` followed by its structures, for a 2-D code.
 *
 * @param layoutCode - `bbb`: `001`–`007` (China Annex E layouts, order enforced) or `000` (order
 *   unspecified); other three-digit ICCBBA sequence numbers are passed through unchecked.
 * @param structures - encoded structures (from the other encoders), 1–99 of them.
 * @returns `=+aabbb` + the structures, or `COMPOUND_FORMAT` / `COMPOUND_LAYOUT_MISMATCH` or the
 *   structures' own errors (fields prefixed `structures[i].`).
 * @see WS/T draft 血液标识代码及标签要求 Table 8, Annex E
 * @see ISBT 128 ST-001 v6.2.2 §2.4.23
 */
export function encodeComposite(layoutCode: string, structures: readonly string[]): Result<string> {
  if (typeof layoutCode !== 'string' || !/^[0-9]{3}$/.test(layoutCode) || structures.length < 1 || structures.length > 99) {
    return fail([
      fieldError(
        'layoutCode',
        'COMPOUND_FORMAT',
        '复合信息格式码应为 3 位数字，数据结构 1-99 个',
        'layout code must be 3 digits and there must be 1-99 structures',
      ),
    ]);
  }
  return verified(`=+${pad(structures.length, 2)}${layoutCode}${structures.join('')}`, '023');
}
