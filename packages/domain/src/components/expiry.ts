import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import type { ProductDefinition, ShelfLife } from './product.ts';

/** China Standard Time (UTC+8, no daylight saving since 1991). */
export const CHINA_STANDARD_TIME_OFFSET_MINUTES = 480;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Times that anchor a unit's expiry. */
export interface ExpiryTimes {
  /** Collection (采血) time of the donation. */
  readonly collectedAt: Date;
  /** Preparation (制备) time of this product; equals `collectedAt` for collected products. */
  readonly preparedAt: Date;
  /** Expiry of the parent unit; the result never goes beyond it. */
  readonly parentExpiresAt?: Date;
}

function addYearsInCivilTime(atMs: number, years: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * 60_000;
  const civil = new Date(atMs + offsetMs);
  const year = civil.getUTCFullYear() + years;
  const month = civil.getUTCMonth();
  let day = civil.getUTCDate();
  const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (month === 1 && day === 29 && !isLeap(year)) {
    day = 28; // 29 Feb + N years → 28 Feb: round towards the earlier, safer expiry
  }
  const shifted = Date.UTC(year, month, day, civil.getUTCHours(), civil.getUTCMinutes(), civil.getUTCSeconds(), civil.getUTCMilliseconds());
  return shifted - offsetMs;
}

/**
 * Adds a shelf life to an anchor instant (see {@link computeExpiry} for the convention).
 *
 * @param anchor - collection or preparation instant
 * @param shelfLife - amount and unit
 * @param utcOffsetMinutes - civil-time offset for calendar years; default China Standard Time (+480)
 * @returns the expiry instant
 */
export function addShelfLife(anchor: Date, shelfLife: Pick<ShelfLife, 'amount' | 'unit'>, utcOffsetMinutes: number = CHINA_STANDARD_TIME_OFFSET_MINUTES): Date {
  const t = anchor.getTime();
  switch (shelfLife.unit) {
    case 'hours':
      return new Date(t + shelfLife.amount * HOUR_MS);
    case 'days':
      return new Date(t + shelfLife.amount * DAY_MS);
    case 'years':
      return new Date(addYearsInCivilTime(t, shelfLife.amount, utcOffsetMinutes));
  }
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/**
 * Expiry (失效时间) of a unit of `product`.
 *
 * Convention (documented, not stated by WS 399): the shelf life runs from the **exact anchor instant**,
 * with no rounding to the end of a day:
 * - `hours`, `days`: anchor + N × 1 h / N × 24 h (China has no DST, so 24 h = one civil day);
 * - `years`: same civil date and time N years later in China Standard Time; 29 Feb → 28 Feb;
 * - the anchor is `collectedAt` or `preparedAt` as the product's shelf life says;
 * - the result is capped at `parentExpiresAt` when given;
 * - a unit is expired at `now >= expiresAt` (the expiry instant itself is no longer usable).
 *
 * Example: SRBC_MAP collected 2024-01-01 10:00 +08:00 expires 2024-02-05 10:00 +08:00 (35 d).
 *
 * @param product - catalogue product
 * @param times - collection and preparation instants, optional parent expiry cap
 * @param utcOffsetMinutes - civil-time offset for calendar years; default China Standard Time (+480)
 * @returns the expiry instant
 * @throws DomainError `VALIDATION` for invalid dates or `preparedAt` before `collectedAt`
 * @see WS 399-2012 (保存期); china-blood-service-rules.md §2.2; china-it-standards.md §7 R30, R37
 */
export function computeExpiry(product: ProductDefinition, times: ExpiryTimes, utcOffsetMinutes: number = CHINA_STANDARD_TIME_OFFSET_MINUTES): Date {
  const errors: FieldError[] = [];
  if (!isValidDate(times.collectedAt)) errors.push({ field: 'collectedAt', code: 'DATE', message: '采血时间无效 / invalid collectedAt' });
  if (!isValidDate(times.preparedAt)) errors.push({ field: 'preparedAt', code: 'DATE', message: '制备时间无效 / invalid preparedAt' });
  if (times.parentExpiresAt !== undefined && !isValidDate(times.parentExpiresAt)) {
    errors.push({ field: 'parentExpiresAt', code: 'DATE', message: '原血液失效时间无效 / invalid parentExpiresAt' });
  }
  if (errors.length === 0 && times.preparedAt.getTime() < times.collectedAt.getTime()) {
    errors.push({ field: 'preparedAt', code: 'BEFORE_COLLECTION', message: '制备时间早于采血时间 / preparedAt is before collectedAt' });
  }
  if (errors.length > 0) {
    throw validationError(errors);
  }
  const anchor = product.shelfLife.from === 'collection' ? times.collectedAt : times.preparedAt;
  const own = addShelfLife(anchor, product.shelfLife, utcOffsetMinutes);
  if (times.parentExpiresAt !== undefined && times.parentExpiresAt.getTime() < own.getTime()) {
    return new Date(times.parentExpiresAt.getTime());
  }
  return own;
}
