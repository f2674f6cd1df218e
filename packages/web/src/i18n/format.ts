/**
 * Date/number formatting. Every timestamp is shown in Asia/Shanghai, whatever the browser's zone.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

function parse(value: string | number | Date | Dayjs | null | undefined): Dayjs | null {
  if (value === null || value === undefined || value === '') return null;
  const d = dayjs(value);
  return d.isValid() ? d.tz(TZ) : null;
}

export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  const d = parse(value);
  return d ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // Plain dates (birthDate) are calendar dates, not instants.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = parse(value);
  return d ? d.format('YYYY-MM-DD') : '—';
}

/** Hours from now until `value` (negative when past). */
export function hoursUntil(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : (t - now) / 3_600_000;
}

/**
 * Date pickers work in the browser's local zone. Staff read wall-clock Shanghai time,
 * so pickers are seeded with Shanghai wall time and their values re-interpreted as Shanghai time.
 */
export function shanghaiNowForPicker(offsetMinutes = 0): Dayjs {
  return dayjs(dayjs().tz(TZ).add(offsetMinutes, 'minute').format('YYYY-MM-DDTHH:mm:ss'));
}

export function pickerToIso(value: Dayjs | null | undefined): string | undefined {
  if (!value) return undefined;
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), TZ).format();
}

export function formatNumber(value: number | null | undefined, maxFractionDigits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: maxFractionDigits }).format(value);
}
