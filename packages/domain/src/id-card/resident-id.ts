/**
 * Chinese resident identity number (公民身份号码, GB 11643-1999): 6-digit address code (GB/T 2260),
 * 8-digit birth date, 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check
 * character (`0`–`9` or `X`).
 *
 * Pure: the current date is a parameter, never read from the clock.
 */
import type { Sex } from '../types.ts';
import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';

/**
 * Error codes of resident-ID checks: `ID_LENGTH` (not 18 characters), `ID_FORMAT` (not 17 digits +
 * digit/X), `ID_REGION` (unknown province prefix), `ID_BIRTH_DATE` (not a calendar date, before 1900
 * or after `today`), `ID_CHECK_DIGIT` (MOD 11-2 mismatch).
 */
export type ResidentIdErrorCode = 'ID_LENGTH' | 'ID_FORMAT' | 'ID_REGION' | 'ID_BIRTH_DATE' | 'ID_CHECK_DIGIT';

/** Outcome of {@link checkResidentId}. `birthDate` and `sex` are set only when `valid`. */
export interface ResidentIdCheck {
  readonly valid: boolean;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string | null;
  readonly sex: Sex | null;
  readonly errors: readonly FieldError[];
}

/**
 * Province-level prefixes of GB/T 2260 (11 北京 … 65 新疆), 71 台湾, 81 香港, 82 澳门, plus 83 used by
 * residence permits for Taiwan residents (港澳台居民居住证 use 810000/820000/830000).
 *
 * @see GB/T 2260 (administrative division codes)
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Weights 2^(i−1) mod 11 for positions 18…2 (left to right over the first 17 digits). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
/** An error on field `idNumber` with a bilingual message. */
const idError = (code: ResidentIdErrorCode, zh: string, en: string): FieldError => ({
  field: 'idNumber',
  code,
  message: `${zh} / ${en}`,
});
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * Computes the check character of the first 17 digits (ISO 7064 MOD 11-2: weights 2^(i−1) mod 11,
 * remainder 0…10 → `1 0 X 9 8 7 6 5 4 3 2`).
 *
 * A primitive for well-formed digits; to validate what a user typed use {@link checkResidentId}.
 *
 * @param first17 - 17 digits.
 * @returns `0`–`9` or `X`.
 * @throws DomainError `VALIDATION` (`details.errors[0].code` `ID_FORMAT`, field `idNumber`) when
 *   `first17` is not 17 digits.
 * @see GB 11643-1999 §5.5 (校验码), Appendix B
 * @see GB/T 17710 (ISO/IEC 7064) MOD 11-2
 */
export function computeResidentIdCheckDigit(first17: string): string {
  if (typeof first17 !== 'string' || !/^[0-9]{17}$/.test(first17)) {
    throw validationError([idError('ID_FORMAT', '本体码应为 17 位数字', 'the first 17 characters must be digits')]);
  }
  return checkDigitOfValidated(first17);
}

function checkDigitOfValidated(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i];
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Whether y-m-d is a real Gregorian date. */
function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validates a resident identity number and derives birth date and sex.
 *
 * Input is trimmed and a lower-case `x` is accepted. Checks, all reported together once the number
 * has 18 characters of the right kinds: province prefix, birth date (a real date, year ≥ 1900, not
 * after `today`), check character.
 *
 * @param number - the ID number as entered.
 * @param today - current date `YYYY-MM-DD` in Asia/Shanghai, supplied by the caller; without it the
 *   future-date check is skipped.
 * @returns `{ valid, birthDate, sex, errors }`; errors carry field `idNumber` and a
 *   {@link ResidentIdErrorCode}.
 * @throws RangeError when `today` is given but is not a `YYYY-MM-DD` calendar date (a programming error).
 * @see GB 11643-1999 §5.1–§5.5 (structure, 地址码, 出生日期码, 顺序码, 校验码)
 */
export function checkResidentId(number: string, today?: string): ResidentIdCheck {
  if (today !== undefined) {
    const t = ISO_DATE.exec(today);
    if (t === null || !isCalendarDate(Number(t[1]), Number(t[2]), Number(t[3]))) {
      throw new RangeError(`today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
    }
  }
  const invalid = (errors: FieldError[]): ResidentIdCheck => ({ valid: false, birthDate: null, sex: null, errors });
  const n = typeof number === 'string' ? number.trim().toUpperCase() : '';
  if (n.length !== 18) {
    return invalid([
      idError('ID_LENGTH', `身份证号码应为 18 位，实际 ${n.length} 位`, `resident ID number must be 18 characters, got ${n.length}`),
    ]);
  }
  if (!/^[0-9]{17}[0-9X]$/.test(n)) {
    return invalid([
      idError('ID_FORMAT', '身份证号码应为 17 位数字加 1 位数字或 X', 'resident ID number must be 17 digits followed by a digit or X'),
    ]);
  }
  const errors: FieldError[] = [];
  if (!PROVINCE_CODES.has(n.slice(0, 2))) {
    errors.push(idError('ID_REGION', `地址码「${n.slice(0, 6)}」的省级代码不存在`, `region code ${n.slice(0, 6)} has no valid province prefix`));
  }
  const y = Number(n.slice(6, 10));
  const m = Number(n.slice(10, 12));
  const d = Number(n.slice(12, 14));
  const birthDate = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
  if (!isCalendarDate(y, m, d) || y < 1900) {
    errors.push(idError('ID_BIRTH_DATE', `出生日期「${n.slice(6, 14)}」不是有效日期`, `birth date ${n.slice(6, 14)} is not a valid date`));
  } else if (today !== undefined && birthDate > today) {
    errors.push(idError('ID_BIRTH_DATE', `出生日期 ${birthDate} 晚于今天`, `birth date ${birthDate} is in the future`));
  }
  if (checkDigitOfValidated(n.slice(0, 17)) !== n.charAt(17)) {
    errors.push(idError('ID_CHECK_DIGIT', '校验码错误，请核对号码', 'check digit does not match'));
  }
  if (errors.length > 0) return invalid(errors);
  return { valid: true, birthDate, sex: Number(n.charAt(16)) % 2 === 1 ? 'male' : 'female', errors: [] };
}

/**
 * Masks an ID number for display: first 6 and last 4 characters kept, the rest `*`
 * (`110105********123X`). Numbers shorter than 11 characters are masked entirely.
 *
 * @param number - the ID number (trimmed, `x` upper-cased).
 * @returns The masked text, same length as the trimmed input.
 * @see GB 11643-1999 §5.1 (号码的结构)
 */
export function maskResidentId(number: string): string {
  const n = typeof number === 'string' ? number.trim().toUpperCase() : '';
  if (n.length < 11) return '*'.repeat(n.length);
  return `${n.slice(0, 6)}${'*'.repeat(n.length - 10)}${n.slice(-4)}`;
}
