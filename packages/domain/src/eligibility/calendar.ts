/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings (donation days are Asia/Shanghai calendar days; the
 * caller converts instants). Pure: no clock, no time zone.
 */

/** A period of time as written in the standard ("6 个月", "2 周", "15 天"). */
export interface Period {
  readonly n: number;
  readonly unit: 'days' | 'weeks' | 'months' | 'years';
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day (days since 1970-01-01) of a `YYYY-MM-DD`, or `undefined` when malformed or not a real date. */
export function parseDay(day: string): number | undefined {
  const m = ISO_DAY.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000;
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatDay(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD`. */
export function addDaysToDay(day: string, days: number): string {
  return formatDay(mustParse(day) + days);
}

function mustParse(day: string): number {
  const v = parseDay(day);
  if (v === undefined) throw new RangeError(`not a calendar day: ${day}`);
  return v;
}

/**
 * Adds a period to a day. Months and years are calendar offsets clamped to the month's last day
 * (2026-08-31 + 6 months = 2027-02-28), the default reading of "6 个月" (china-blood-service-rules §1.3 note).
 */
export function addPeriod(day: string, period: Period): string {
  const base = mustParse(day);
  switch (period.unit) {
    case 'days':
      return formatDay(base + period.n);
    case 'weeks':
      return formatDay(base + period.n * 7);
    case 'months':
    case 'years': {
      const months = period.unit === 'years' ? period.n * 12 : period.n;
      const d = new Date(base * 86_400_000);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth() + months;
      const targetY = y + Math.floor(m / 12);
      const targetM = ((m % 12) + 12) % 12;
      const lastDay = new Date(Date.UTC(targetY, targetM + 1, 0)).getUTCDate();
      return formatDay(Date.UTC(targetY, targetM, Math.min(d.getUTCDate(), lastDay)) / 86_400_000);
    }
  }
}

/** Full years between a birth date and a day (the age on that day). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Later of two days (lexicographic order of ISO days is chronological). */
export const maxDay = (a: string, b: string): string => (a > b ? a : b);
