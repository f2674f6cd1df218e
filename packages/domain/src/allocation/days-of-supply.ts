import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/**
 * Inventory warning level (血液库存预警), least to most severe.
 * `watch` is the 5–7-day band between the station's 7-day target (green) and Shanghai's yellow (< 5 d):
 * common station practice already calls it "tight"; here it only flags, it cuts nothing.
 */
export type AlertLevel = 'green' | 'watch' | 'yellow' | 'orange' | 'red';
export const ALERT_LEVELS: readonly AlertLevel[] = ['green', 'watch', 'yellow', 'orange', 'red'];

/**
 * Day thresholds (days of supply) and allocation cuts. Levels: `red` < redBelowDays ≤ `orange` < orangeBelowDays
 * ≤ `yellow` < yellowBelowDays ≤ `watch` < greenMinDays ≤ `green`.
 */
export interface AlertThresholds {
  readonly greenMinDays: number;
  readonly yellowBelowDays: number;
  readonly orangeBelowDays: number;
  readonly redBelowDays: number;
  /** Share of hospital allocations withheld at each level, in percent. */
  readonly allocationCutPercent: Readonly<Record<AlertLevel, number>>;
  readonly refs: Readonly<Record<'green' | 'yellow' | 'orange' | 'red' | 'cuts', RuleRef>>;
}

/**
 * Default alert ladder: green ≥ 7 d, yellow < 5 d, orange < 3 d, red < 2 d; allocation cut 30/50/70 %.
 * Apply per ABO/RhD group × component class (RBC first; platelets need hours, not days).
 *
 * @see china-blood-service-rules.md §6.1 (Shanghai 2010: yellow < 5 d for > 3 consecutive days; cuts 30/50/70 %)
 * @see supply-chain-benchmarks.md §3 (suggested ladder; Sanquin < 3 d "low", NHSBT amber ≈ 2 d; station 7-day stock)
 */
export const INVENTORY_ALERT_SHANGHAI_2010: RuleSet<AlertThresholds> = {
  id: 'inventory-alert:SHANGHAI-2010',
  family: 'inventory-alert',
  source: 'Shanghai Blood Administration Office (2010)',
  version: '2010',
  effectiveFrom: '2010-07-01T00:00:00+08:00',
  clauses: [
    { ref: '§6.1 Shanghai', summary: 'Yellow when a type is below 5 days of use; yellow/orange/red cut hospital allocation by 30/50/70 %' },
    { ref: 'benchmarks §3', summary: 'Orange < 3 d, red < 2 d, green ≥ 7 d (station 7-day dynamic stock)' },
  ],
  notes:
    'No national thresholds exist (❓). Shanghai requires the < 5 d condition for > 3 consecutive days before yellow; ' +
    'that persistence rule is not applied by alertLevel (it classifies one day). Configure per tenant.',
  data: {
    greenMinDays: 7,
    yellowBelowDays: 5,
    orangeBelowDays: 3,
    redBelowDays: 2,
    allocationCutPercent: { green: 0, watch: 0, yellow: 30, orange: 50, red: 70 },
    refs: {
      green: { source: 'supply-chain-benchmarks §3', version: '2025', clause: 'station 7 d dynamic stock', evidence: 'local' },
      yellow: { source: 'Shanghai Blood Administration Office', version: '2010', clause: 'yellow < 5 days', evidence: 'verified', note: '[S35b] Global Times 2010-08-19' },
      orange: { source: 'supply-chain-benchmarks §3', version: '2025', clause: 'orange < 3 d (Sanquin low)', evidence: 'local' },
      red: { source: 'supply-chain-benchmarks §3', version: '2025', clause: 'red < 2 d (NHSBT amber/red)', evidence: 'local' },
      cuts: { source: 'Shanghai Blood Administration Office', version: '2010', clause: 'allocation cut 30/50/70 %', evidence: 'verified', note: '[S35b]' },
    },
  },
};

/** Registry of `inventory-alert` rule sets. */
export const INVENTORY_ALERT_REGISTRY = createRuleRegistry('inventory-alert', [INVENTORY_ALERT_SHANGHAI_2010]);

const DEFAULT_THRESHOLDS = INVENTORY_ALERT_SHANGHAI_2010.data;

/**
 * Days of supply (DOS) = available quantity ÷ average daily issue.
 *
 * @param availableQuantity - issuable stock in the class's unit (U, dose, ml), ≥ 0
 * @param avgDailyIssue - average issued per day over the trailing window, same unit, ≥ 0
 * @returns days; 0 when nothing is available; `Infinity` when stock exists but there is no demand
 * @throws DomainError `VALIDATION` for negative or non-finite input
 * @see supply-chain-benchmarks.md §1 (Days of supply), §3; china-blood-service-rules.md §6.1; china-it-standards.md §7 R62
 */
export function daysOfSupply(availableQuantity: number, avgDailyIssue: number): number {
  const errors: FieldError[] = [];
  if (!Number.isFinite(availableQuantity) || availableQuantity < 0) {
    errors.push({ field: 'availableQuantity', code: 'RANGE', message: '库存量须为非负数 / available quantity must be ≥ 0' });
  }
  if (!Number.isFinite(avgDailyIssue) || avgDailyIssue < 0) {
    errors.push({ field: 'avgDailyIssue', code: 'RANGE', message: '日均发血量须为非负数 / average daily issue must be ≥ 0' });
  }
  if (errors.length > 0) {
    throw validationError(errors);
  }
  if (availableQuantity === 0) return 0;
  if (avgDailyIssue === 0) return Number.POSITIVE_INFINITY;
  return availableQuantity / avgDailyIssue;
}

/**
 * Checks that thresholds are ordered (0 < red < orange < yellow ≤ green) and cuts are 0–100 %.
 *
 * @param t - thresholds (e.g. a tenant override)
 * @returns field errors; empty when valid
 */
export function validateAlertThresholds(t: AlertThresholds): FieldError[] {
  const errors: FieldError[] = [];
  if (!(t.redBelowDays > 0 && t.redBelowDays < t.orangeBelowDays && t.orangeBelowDays < t.yellowBelowDays && t.yellowBelowDays <= t.greenMinDays)) {
    errors.push({ field: 'thresholds', code: 'ORDER', message: '阈值须满足 0 < 红 < 橙 < 黄 ≤ 绿 / need 0 < red < orange < yellow ≤ green' });
  }
  for (const level of ALERT_LEVELS) {
    const cut = t.allocationCutPercent[level];
    if (!(cut >= 0 && cut <= 100)) {
      errors.push({ field: `allocationCutPercent.${level}`, code: 'RANGE', message: '削减比例须在0–100之间 / cut must be 0–100 %' });
    }
  }
  return errors;
}

/**
 * Warning level for a days-of-supply figure.
 *
 * @param days - days of supply (from {@link daysOfSupply}); `Infinity` is green
 * @param thresholds - thresholds; default the Shanghai-2010-based national default
 * @returns `red` (< 2), `orange` (< 3), `yellow` (< 5), `watch` (5 to < 7) or `green` (≥ 7) with the defaults
 * @throws DomainError `VALIDATION` for NaN or negative days, or thresholds out of order
 * @see china-blood-service-rules.md §6.1; supply-chain-benchmarks.md §3; china-it-standards.md §7 R62
 */
export function alertLevel(days: number, thresholds: AlertThresholds = DEFAULT_THRESHOLDS): AlertLevel {
  if (Number.isNaN(days) || days < 0) {
    throw validationError([{ field: 'days', code: 'RANGE', message: '供应天数须为非负数 / days must be ≥ 0' }]);
  }
  const errors = thresholds === DEFAULT_THRESHOLDS ? [] : validateAlertThresholds(thresholds);
  if (errors.length > 0) {
    throw validationError(errors);
  }
  if (days < thresholds.redBelowDays) return 'red';
  if (days < thresholds.orangeBelowDays) return 'orange';
  if (days < thresholds.yellowBelowDays) return 'yellow';
  if (days < thresholds.greenMinDays) return 'watch';
  return 'green';
}

/**
 * @param level - alert level
 * @param thresholds - thresholds; default the national default
 * @returns share of hospital allocation to withhold, 0–1 (e.g. yellow → 0.3)
 * @see china-blood-service-rules.md §6.1 (Shanghai: 30/50/70 %)
 */
export function allocationCut(level: AlertLevel, thresholds: AlertThresholds = DEFAULT_THRESHOLDS): number {
  return thresholds.allocationCutPercent[level] / 100;
}
