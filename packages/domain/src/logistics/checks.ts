/**
 * Pure cold-chain and blood-bank decisions. No I/O, no clock: `now` is a parameter.
 */
import type { ComponentClass } from '../types.ts';
import type { ColdChainRules, HospitalBloodBankRules, TempRange } from './rules.ts';

/** Whether a temperature (°C) lies in a range (bounds inclusive). */
export function inRange(range: TempRange, tempC: number): boolean {
  if (!Number.isFinite(tempC)) return false;
  if (range.minC != null && tempC < range.minC) return false;
  if (range.maxC != null && tempC > range.maxC) return false;
  return true;
}

/** Transport temperature check for one component class (WS/T 400). */
export function checkTransportTemp(rules: ColdChainRules, componentClass: ComponentClass, tempC: number) {
  const range = rules.transport[componentClass];
  return { ok: inRange(range, tempC), minC: range.minC ?? null, maxC: range.maxC ?? null, ref: range.ref };
}

/** A gap in a device's temperature log longer than the allowed interval. */
export interface LogGap {
  /** Last reading before the gap (or the window start). */
  from: Date;
  /** The next reading, or `now` when still open. */
  to: Date;
  hours: number;
  open: boolean;
}

/**
 * Gaps in a temperature log longer than `maxLogIntervalHours` between `since` and `now` (WS 399: record at least every
 * 4 h). Readings may be unsorted; readings outside the window are ignored.
 */
export function findLogGaps(rules: ColdChainRules, readingTimes: readonly Date[], since: Date, now: Date): LogGap[] {
  const limitMs = rules.maxLogIntervalHours * 3_600_000;
  const times = readingTimes.map((d) => d.getTime()).filter((t) => t >= since.getTime() && t <= now.getTime()).sort((a, b) => a - b);
  const gaps: LogGap[] = [];
  let prev = since.getTime();
  for (const t of [...times, now.getTime()]) {
    if (t - prev > limitMs) {
      const open = t === now.getTime() && (times.length === 0 || times[times.length - 1] !== t);
      gaps.push({ from: new Date(prev), to: new Date(t), hours: Math.round(((t - prev) / 3_600_000) * 10) / 10, open });
    }
    prev = t;
  }
  return gaps;
}

export type CrossmatchOutcome = 'compatible' | 'incompatible';

/**
 * Whether a unit may be issued to the ward for a patient: crossmatch present (when the class needs one), both sides
 * compatible, sample no older than the limit at the planned time.
 */
export function checkWardIssue(rules: HospitalBloodBankRules, input: {
  componentClass: ComponentClass;
  crossmatch: { sampleAt: Date; major: CrossmatchOutcome; minor: CrossmatchOutcome } | null;
  at: Date;
}): { ok: boolean; reasons: { code: string; zh: string; en: string }[] } {
  const reasons: { code: string; zh: string; en: string }[] = [];
  const needs = rules.crossmatchRequired.includes(input.componentClass);
  if (needs && !input.crossmatch) reasons.push({ code: 'CROSSMATCH_MISSING', zh: '缺少交叉配血记录', en: 'No crossmatch record' });
  if (input.crossmatch) {
    if (input.crossmatch.major !== 'compatible' || input.crossmatch.minor !== 'compatible') {
      reasons.push({ code: 'CROSSMATCH_INCOMPATIBLE', zh: '交叉配血不相合', en: 'Crossmatch incompatible' });
    }
    const ageMs = input.at.getTime() - input.crossmatch.sampleAt.getTime();
    if (ageMs > rules.sampleMaxAgeDays * 86_400_000) {
      reasons.push({ code: 'SAMPLE_TOO_OLD', zh: `配血标本超过 ${rules.sampleMaxAgeDays} 天`, en: `Crossmatch sample older than ${rules.sampleMaxAgeDays} days` });
    }
    if (ageMs < 0) reasons.push({ code: 'SAMPLE_IN_FUTURE', zh: '标本时间晚于发血时间', en: 'Sample time is after the issue time' });
  }
  return { ok: reasons.length === 0, reasons };
}

/**
 * Whether a hospital may return a unit to the station: never after it went to the ward; otherwise only for a listed
 * reason, before the expiry margin and within the window after receipt (rule data; local defaults).
 */
export function checkStationReturn(rules: HospitalBloodBankRules, input: {
  wardIssued: boolean; reason: string; expiresAt: Date; receivedAt: Date | null; now: Date;
}): { ok: boolean; reasons: { code: string; zh: string; en: string }[] } {
  const reasons: { code: string; zh: string; en: string }[] = [];
  if (input.wardIssued) reasons.push({ code: 'WARD_ISSUED', zh: '血液已发往病区，不得退回', en: 'Blood issued to the ward may not be returned' });
  if (!rules.stationReturnReasons.includes(input.reason)) reasons.push({ code: 'REASON_NOT_ALLOWED', zh: '退血原因不在允许范围内', en: 'Return reason not allowed' });
  if (input.expiresAt.getTime() - input.now.getTime() < rules.stationReturnMinHoursToExpiry * 3_600_000) {
    reasons.push({ code: 'TOO_CLOSE_TO_EXPIRY', zh: '距失效不足规定时间', en: 'Too close to expiry to return' });
  }
  if (input.receivedAt && input.now.getTime() - input.receivedAt.getTime() > rules.stationReturnMaxHoursAfterReceipt * 3_600_000) {
    reasons.push({ code: 'RETURN_WINDOW_PASSED', zh: '超过退血时限', en: 'Return window after receipt has passed' });
  }
  return { ok: reasons.length === 0, reasons };
}
