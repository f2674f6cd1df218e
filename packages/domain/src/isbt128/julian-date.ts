/**
 * `cyyjjj[hhmm]` dates of ISBT 128 and the China draft, and Asia/Shanghai wall-clock arithmetic.
 *
 * `c` is the century digit: the China draft defines it as the second digit of the year (2025 → `0`),
 * ST-001 uses `0` for 20xx. `9` is read as 19xx (VistA reading), so `c` covers 1900–2899.
 * `jjj` is the ordinal day (001–366). China has had no daylight saving time since 1991, so
 * Asia/Shanghai is UTC+8 all year and is computed arithmetically, without the host time zone.
 */

/**
 * What a date or date-time structure dates: `expiration` (`=>`, `&>`), `collection` (`=*`, `&*`) or
 * `production` (`=}`, `&}`; 制备时间 in the China draft).
 */
export type DateKind = 'expiration' | 'collection' | 'production';

/** UTC offset of Asia/Shanghai in milliseconds (UTC+8, no DST). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a year is a Gregorian leap year.
 *
 * @param year - calendar year.
 * @returns `true` for leap years.
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Calendar year from the century digit and two-digit year.
 *
 * @param c - century digit 0–9 (`9` = 19xx, otherwise 2cyy).
 * @param yy - year within the century, 0–99.
 * @returns The year, 1900–2899.
 */
export function yearFromCentury(c: number, yy: number): number {
  return c === 9 ? 1900 + yy : 2000 + c * 100 + yy;
}

/**
 * Century digit for a calendar year.
 *
 * @param year - calendar year.
 * @returns `'0'`–`'9'`, or `null` outside 1900–2899.
 */
export function centuryDigit(year: number): string | null {
  if (year >= 1900 && year <= 1999) return '9';
  if (year >= 2000 && year <= 2899) return String(Math.floor((year - 2000) / 100));
  return null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * ISO calendar date of an ordinal day.
 *
 * @param year - calendar year (≥ 1900).
 * @param dayOfYear - 1–366, already checked against the year.
 * @returns `YYYY-MM-DD`.
 */
export function ordinalToIsoDate(year: number, dayOfYear: number): string {
  const d = new Date(Date.UTC(year, 0, dayOfYear));
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Wall-clock parts of an instant in Asia/Shanghai. */
export interface ShanghaiWallClock {
  readonly year: number;
  readonly dayOfYear: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * Asia/Shanghai wall-clock parts of an instant (seconds are dropped).
 *
 * @param date - the instant.
 * @returns Year, ordinal day, hour and minute in UTC+8.
 */
export function toShanghaiWallClock(date: Date): ShanghaiWallClock {
  const local = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  const startOfDay = Date.UTC(year, local.getUTCMonth(), local.getUTCDate());
  return {
    year,
    dayOfYear: Math.round((startOfDay - startOfYear) / DAY_MS) + 1,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

/**
 * The instant of an Asia/Shanghai wall-clock time.
 *
 * @param year - calendar year.
 * @param dayOfYear - ordinal day.
 * @param hour - 0–23.
 * @param minute - 0–59.
 * @returns The UTC instant.
 */
export function fromShanghaiWallClock(year: number, dayOfYear: number, hour: number, minute: number): Date {
  return new Date(Date.UTC(year, 0, dayOfYear, hour, minute) - SHANGHAI_OFFSET_MS);
}
