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
  /**
   * RhD-negative red cells, a small-numbers problem: a hospital using 20 U/day needs ≈ 0.08 RhD− U/day, so a unit
   * held there mostly expires. Held only at the station (`stationOnly`; storage points and hospitals fetch per
   * patient) with a floor in units per ABO group, since days of demand are below one unit.
   */
  readonly rhdNegativeRedCells: {
    readonly stationOnly: boolean;
    readonly stationMinUnits: Readonly<Record<'O' | 'A' | 'B' | 'AB', number>>;
    readonly ref: RuleRef;
  };
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
  clauses: [
    { ref: 'seed 000/004', summary: 'Station 7 d, storage point 3 d, hospital 3 d of average use' },
    { ref: 'supply-chain-benchmarks §6.1', summary: 'RhD− red cells held at the station only, with a minimum in units per ABO group' },
  ],
  data: {
    targetDays: { station: 7, storage_point: 3, hospital: 3 },
    trailingWindowDays: 28,
    nearExpiryDays: 3,
    autoOrder: false,
    rhdNegativeRedCells: {
      stationOnly: true,
      stationMinUnits: { O: 8, A: 4, B: 4, AB: 1 },
      ref: { source: 'supply-chain-benchmarks.md', version: '§6', clause: 'RhD− is a small-numbers problem: stock at the station',
        evidence: 'best_knowledge' },
    },
    ref: { source: 'seeds 000/004', version: '2024', clause: '三级库存 7/3/3 days', evidence: 'best_knowledge' },
  },
};

export const RESERVE_REGISTRY = createRuleRegistry('reserve', [RESERVE_THREE_TIER_2024]);

/** The blood type a reserve target is for (optional: without it every type is treated alike). */
export interface ReserveType {
  readonly componentClass: string;
  readonly abo: string;
  readonly rhd: string;
}

/** Which part of the reserve rules set a target: days of use, the station's RhD− floor, or "RhD− at the station only". */
export type ReserveTargetBasis = 'days' | 'rhd_negative_floor' | 'rhd_negative_station_only';

/**
 * Reserve target of one type at one node, in the class's unit, with the rule that set it.
 *
 * avgDailyUse × targetDays[tier]; for RhD-negative red cells (`rules.rhdNegativeRedCells`): 0 below the station when
 * `stationOnly`, and at least `stationMinUnits[abo]` at the station.
 *
 * @param avgDailyUse - average daily use of the type at the node (trailing, or forecast), ≥ 0
 * @see supply-chain-benchmarks.md §3 (7/3/3 days), §6 point 1 (RhD− at the station)
 */
export function reserveTargetOf(tier: ReserveTier, avgDailyUse: number, type?: ReserveType,
  rules: ReserveRules = RESERVE_THREE_TIER_2024.data): { target: number; basis: ReserveTargetBasis } {
  const target = avgDailyUse * rules.targetDays[tier];
  if (!type || type.componentClass !== 'red_cells' || type.rhd !== 'NEG') return { target, basis: 'days' };
  const neg = rules.rhdNegativeRedCells;
  if (tier !== 'station') return neg.stationOnly ? { target: 0, basis: 'rhd_negative_station_only' } : { target, basis: 'days' };
  const floor = neg.stationMinUnits[type.abo as 'O' | 'A' | 'B' | 'AB'] ?? 0;
  return floor > target ? { target: floor, basis: 'rhd_negative_floor' } : { target, basis: 'days' };
}

/** {@link reserveTargetOf}, the number only. */
export function reserveTarget(tier: ReserveTier, avgDailyUse: number, type?: ReserveType, rules: ReserveRules = RESERVE_THREE_TIER_2024.data): number {
  return reserveTargetOf(tier, avgDailyUse, type, rules).target;
}

/**
 * Target and gap of one type at one node.
 *
 * @param onHand - stock in the class's unit (U, dose, ml), ≥ 0
 * @param avgDailyUse - trailing average daily use, same unit, ≥ 0
 * @param type - the type, for the RhD-negative red-cell rule (`reserveTarget`)
 * @returns target and basis = `reserveTargetOf(…)`; gap = max(0, target − onHand); surplus = max(0, onHand − target)
 */
export function reserveGap(tier: ReserveTier, onHand: number, avgDailyUse: number, rules: ReserveRules = RESERVE_THREE_TIER_2024.data, type?: ReserveType) {
  const { target, basis } = reserveTargetOf(tier, avgDailyUse, type, rules);
  return { target, gap: Math.max(0, target - onHand), surplus: Math.max(0, onHand - target), basis };
}
