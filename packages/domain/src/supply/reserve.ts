import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** A node of the three-tier reserve. */
export type ReserveTier = 'station' | 'storage_point' | 'hospital';

export interface ReserveRules {
  /** Target days of supply per tier (trailing average daily use × days). */
  readonly targetDays: Readonly<Record<ReserveTier, number>>;
  /** Trailing window for average daily use, days. */
  readonly trailingWindowDays: number;
  /** Units expiring within this many days at a node are offered back up or across. */
  readonly nearExpiryDays: number;
  /** Automatic replenishment orders (otherwise proposals only). */
  readonly autoOrder: boolean;
  readonly ref: RuleRef;
}

/**
 * Three-tier reserve (三级库存): station 7 days dynamic stock, storage points 3 days, hospitals 3 days.
 * @see ../shared/seeds/000 and 004 (Luohe/Jingzhou three-tier reserve); supply-chain-benchmarks.md §1–§3
 */
export const RESERVE_THREE_TIER_2024: RuleSet<ReserveRules> = {
  id: 'reserve:THREE-TIER-2024',
  family: 'reserve',
  source: 'Station three-tier reserve practice (seeds 000/004)',
  version: '2024',
  effectiveFrom: '2024-01-01T00:00:00+08:00',
  clauses: [{ ref: 'seed 000/004', summary: 'Station 7 d, storage point 3 d, hospital 3 d of average use' }],
  data: {
    targetDays: { station: 7, storage_point: 3, hospital: 3 },
    trailingWindowDays: 28,
    nearExpiryDays: 3,
    autoOrder: false,
    ref: { source: 'seeds 000/004', version: '2024', clause: '三级库存 7/3/3 days', evidence: 'best_knowledge' },
  },
};

export const RESERVE_REGISTRY = createRuleRegistry('reserve', [RESERVE_THREE_TIER_2024]);

/**
 * Target and gap of one type at one node.
 *
 * @param onHand - stock in the class's unit (U, dose, ml), ≥ 0
 * @param avgDailyUse - trailing average daily use, same unit, ≥ 0
 * @returns target = avgDailyUse × targetDays[tier]; gap = max(0, target − onHand); surplus = max(0, onHand − target)
 */
export function reserveGap(tier: ReserveTier, onHand: number, avgDailyUse: number, rules: ReserveRules = RESERVE_THREE_TIER_2024.data) {
  const target = avgDailyUse * rules.targetDays[tier];
  return { target, gap: Math.max(0, target - onHand), surplus: Math.max(0, onHand - target) };
}
