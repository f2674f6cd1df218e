import { validationError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** Where emergency blood comes from, in activation order (hospital reserve → storage point → station). */
export type EmergencySourceTier = 'hospital_reserve' | 'storage_point' | 'station';
export const EMERGENCY_SOURCE_ORDER: readonly EmergencySourceTier[] = ['hospital_reserve', 'storage_point', 'station'];

/** Three-level communication ladder: duty staff (24 h) → department directors → station and hospital leaders. */
export type CommLevel = 1 | 2 | 3;

/** Rule data of the emergency green channel (急症用血 / 先供血后补手续). */
export interface EmergencySupplyRules {
  /** Hours after the first issue by which the hospital's 医疗机构急症用血审批单 must be complete. */
  readonly paperworkDeadlineHours: number;
  /** Reminder offsets before the deadline, in hours (e.g. [4, 1] → reminders 4 h and 1 h before). */
  readonly paperworkReminderHoursBefore: readonly number[];
  /** Minutes each level has to acknowledge before the next level is called automatically (index 0 = level 1). */
  readonly ackTimeoutMinutes: readonly [number, number, number];
  readonly refs: Readonly<Record<'order' | 'paperwork' | 'ladder', RuleRef>>;
}

/**
 * Default emergency-supply rules: activation order hospital reserve → storage point → station, paperwork within
 * 24 h of the first issue with reminders 4 h and 1 h before, acknowledgement within 10 / 30 / 60 minutes per level.
 *
 * @see ../shared/seeds/003 (Weifang: emergency green channel, three calls in one night, paperwork afterwards)
 * @see china-blood-service-rules.md §5.1 (emergency use exempt from the approval tiers; "事后补办")
 */
export const EMERGENCY_SUPPLY_DEFAULT: RuleSet<EmergencySupplyRules> = {
  id: 'emergency-supply:REDBRIDGE-2026',
  family: 'emergency-supply',
  source: 'RedBridge station default (seed 003 practice)',
  version: '2026',
  effectiveFrom: '2026-01-01T00:00:00+08:00',
  clauses: [
    { ref: 'seed 003', summary: 'Issue first through the green channel, complete the emergency request form afterwards' },
    { ref: 'seed 000/004', summary: 'Hospital 3-day reserve, storage point 3-day reserve, station 7-day dynamic stock' },
  ],
  notes: 'No national deadline for completing the emergency form was found; 24 h is common hospital practice (configure).',
  data: {
    paperworkDeadlineHours: 24,
    paperworkReminderHoursBefore: [4, 1],
    ackTimeoutMinutes: [10, 30, 60],
    refs: {
      order: { source: 'seeds 000/003/004', version: '2024', clause: 'hospital reserve → storage point → station', evidence: 'best_knowledge' },
      paperwork: { source: '医疗机构临床用血管理办法', version: '2012', clause: 'Art. 20 emergency exemption; hospitals 事后补办', evidence: 'best_knowledge', note: '[S24][S24b]; 24 h local' },
      ladder: { source: 'station emergency plan', version: '2026', clause: '三级联络: 值班 → 科主任 → 站/院领导', evidence: 'local' },
    },
  },
};

export const EMERGENCY_SUPPLY_REGISTRY = createRuleRegistry('emergency-supply', [EMERGENCY_SUPPLY_DEFAULT]);

/**
 * The next source tier after `tier`, or null after the station (the last resort).
 * @see EMERGENCY_SOURCE_ORDER
 */
export function nextSourceTier(tier: EmergencySourceTier): EmergencySourceTier | null {
  const i = EMERGENCY_SOURCE_ORDER.indexOf(tier);
  return EMERGENCY_SOURCE_ORDER[i + 1] ?? null;
}

/**
 * When the paperwork is due and when to remind.
 *
 * @param firstIssueAt - instant of the first emergency issue
 * @returns `{ dueAt, reminders }` (reminders in ascending time, none before `firstIssueAt`)
 */
export function paperworkSchedule(firstIssueAt: Date, rules: EmergencySupplyRules = EMERGENCY_SUPPLY_DEFAULT.data): { dueAt: Date; reminders: Date[] } {
  const dueAt = new Date(firstIssueAt.getTime() + rules.paperworkDeadlineHours * 3_600_000);
  const reminders = [...rules.paperworkReminderHoursBefore].sort((a, b) => b - a)
    .map((h) => new Date(dueAt.getTime() - h * 3_600_000)).filter((d) => d.getTime() > firstIssueAt.getTime());
  return { dueAt, reminders };
}

/**
 * When an unacknowledged level escalates.
 *
 * @param level - 1, 2 or 3
 * @param calledAt - when this level was called
 * @returns the escalation instant; for level 3 the instant of a repeat call (leaders are called again)
 * @throws DomainError `VALIDATION` for a level outside 1–3
 */
export function escalationDueAt(level: number, calledAt: Date, rules: EmergencySupplyRules = EMERGENCY_SUPPLY_DEFAULT.data): Date {
  if (level !== 1 && level !== 2 && level !== 3) {
    throw validationError([{ field: 'level', code: 'RANGE', message: '联络级别须为1–3 / level must be 1–3' }]);
  }
  return new Date(calledAt.getTime() + rules.ackTimeoutMinutes[level - 1] * 60_000);
}
