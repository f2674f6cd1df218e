/**
 * Default policies of the simulator. Each is a small object behind an interface of `model.ts`, so a station's
 * own rule (e.g. the issue-5 three-tier reserve) replaces one without touching the engine.
 */
import { IDENTICAL_FIRST, emergencyPolicy } from '../abo-rh/compatibility.ts';
import type { AlertLevel, AlertThresholds } from '../allocation/days-of-supply.ts';
import { ALERT_LEVELS, INVENTORY_ALERT_SHANGHAI_2010, alertLevel, allocationCut, daysOfSupply } from '../allocation/days-of-supply.ts';
import type { IssuingOrder } from '../allocation/fefo.ts';
import { RESERVE_THREE_TIER_2024, reserveTarget, type ReserveRules } from '../supply/reserve.ts';
import { weekdayLevelForecaster } from './forecast.ts';
import type {
  AlertPolicy, CollectionPolicy, GroupState, NodeKind, RecruitmentPolicy, ReplenishmentPolicy, SimClass, SimulationPolicies, TransferPolicy,
} from './model.ts';

/** Severity index of an alert level (green 0 … red 4). */
export const severity = (l: AlertLevel): number => ALERT_LEVELS.indexOf(l);
const worse = (a: AlertLevel, b: AlertLevel): AlertLevel => (severity(a) >= severity(b) ? a : b);

/** Parameters of the default three-tier order-up-to policy. */
export interface ThreeTierParams {
  /**
   * The three-tier reserve rules the server uses (`@redbridge/domain/supply`, rule set `reserve:THREE-TIER-2024`):
   * red-cell targets of station, storage points and hospitals in days, and the RhD-negative rule (station only, a
   * floor in units per ABO group). Red-cell targets are `reserveTarget` of these rules with the node's forecast
   * average daily use over the tier's days.
   */
  readonly reserve: ReserveRules;
  /**
   * Platelets: station target = c × forecast demand of the `plateletWindowDays` from tomorrow (collection after the
   * day's demand, release after 2 days of testing: the order covers until the next release); downstream issue to
   * named patients (0 days held).
   */
  readonly plateletC: number;
  readonly plateletWindowDays: number;
  /**
   * Platelet safety stock z × √(dispersion × window forecast), added to c × forecast: a small ABO group (AB: 3–4 doses a
   * day, CV ≈ 0.7) needs relatively more cover than a proportional c gives.
   */
  readonly plateletSafetyZ: number;
  /**
   * Per-ABO override of z. Under the ABO-compatible platelet rule AB doses can go to anyone and A/B doses to O
   * recipients, but AB recipients take only AB: surplus flows towards O, so AB needs more cover and O less.
   */
  readonly plateletSafetyZByAbo?: Readonly<Partial<Record<'O' | 'A' | 'B' | 'AB', number>>>;
  readonly plateletDispersion: number;
  readonly plateletDownstreamDays: number;
}

export const DEFAULT_THREE_TIER: ThreeTierParams = {
  reserve: RESERVE_THREE_TIER_2024.data,
  plateletC: 1,
  plateletWindowDays: 2,
  plateletSafetyZ: 1.9,
  plateletSafetyZByAbo: { O: 1.2, A: 1.8, B: 1.8, AB: 3 },
  plateletDispersion: 1.75,
  plateletDownstreamDays: 0,
};

/**
 * Three-tier order-up-to, per ABO/RhD group: red cells through the server's reserve rule (`reserveTarget` of
 * `p.reserve`: station 7 d, storage points 3 d, hospitals 3 d of forecast demand; RhD− only at the station, with a
 * floor in units); platelets by the safety-stock rule of `p` (the reserve's days rule does not fit a 3-day usable life).
 * Downstream targets are rounded up to whole units (orders are in units).
 *
 * @see supply-chain-benchmarks.md §3 (station 7 d, storage points and hospitals 3 d), §6 (RhD− at the station), §8
 */
export function threeTierOrderUpTo(p: ThreeTierParams = DEFAULT_THREE_TIER): ReplenishmentPolicy {
  const days = p.reserve.targetDays;
  return {
    name: `three-tier reserve ${days.station}/${days.storage_point}/${days.hospital} d; PLT ${p.plateletC}×F+zσ (z ${p.plateletSafetyZByAbo ? Object.entries(p.plateletSafetyZByAbo).map(([k, v]) => `${k} ${v}`).join(", ") : p.plateletSafetyZ})`,
    target(kind, cls, group, forecastDays) {
      const abo = group.slice(0, -1) as 'O' | 'A' | 'B' | 'AB';
      const rhd = group.endsWith('-') ? 'NEG' : 'POS';
      if (cls === 'platelets') {
        if (kind !== 'station') return Math.ceil(forecastDays(p.plateletDownstreamDays));
        const f = forecastDays(p.plateletWindowDays);
        const z = p.plateletSafetyZByAbo?.[abo] ?? p.plateletSafetyZ;
        return p.plateletC * f + z * Math.sqrt(p.plateletDispersion * f);
      }
      const n = days[kind];
      const t = reserveTarget(kind, n > 0 ? forecastDays(n) / n : 0, { componentClass: 'red_cells', abo, rhd }, p.reserve);
      return kind === 'station' ? t : Math.ceil(t);
    },
  };
}

/** Parameters of the early-warning alert policy. */
export interface AlertParams {
  readonly thresholds: AlertThresholds;
  /** Platelet ladder (3 usable days: a red-cell day ladder would always be red). */
  readonly plateletThresholds: AlertThresholds;
  /** Days ahead of the projection (station stock + expected collections − forecast demand). 0 = current DOS only. */
  readonly projectionDays: number;
  /** Most severe level a projection alone may raise (default yellow: a forecast never cuts by more than 30 %). */
  readonly projectionCap: AlertLevel;
}

/**
 * Platelet ladder, a local assumption: green ≥ 2 d, yellow < 1.5 d, orange < 1 d, red < 0.5 d of station stock
 * (NHSBT keeps ≥ 1 day of platelets, §3); no cuts (platelets are issued to named patients, not stocked downstream).
 */
export const PLATELET_ALERT_THRESHOLDS: AlertThresholds = {
  ...INVENTORY_ALERT_SHANGHAI_2010.data,
  greenMinDays: 2,
  yellowBelowDays: 1.5,
  orangeBelowDays: 1,
  redBelowDays: 0.5,
  allocationCutPercent: { green: 0, watch: 0, yellow: 0, orange: 0, red: 0 },
};

export const DEFAULT_ALERTS: AlertParams = {
  thresholds: INVENTORY_ALERT_SHANGHAI_2010.data, plateletThresholds: PLATELET_ALERT_THRESHOLDS, projectionDays: 10, projectionCap: 'yellow',
};

/**
 * Alerts per class and group at the station, through the domain's `daysOfSupply`/`alertLevel`/`allocationCut`.
 * Level = the worse of today's level and the level projected over the next `projectionDays` (capped at yellow), so
 * yellow is raised before stock falls, not when it has fallen.
 *
 * @see supply-chain-benchmarks.md §3; china-blood-service-rules.md §6.1
 */
export function earlyWarningAlerts(p: AlertParams = DEFAULT_ALERTS): AlertPolicy {
  const avg = (s: GroupState): number => {
    let x = 0;
    for (let k = 0; k < 7; k++) x += s.forecast(k);
    return x / 7;
  };
  const dos = (s: GroupState): number => daysOfSupply(Math.max(0, s.stationStock), avg(s));
  return {
    name: p.projectionDays > 0 ? `alert ladder + ${p.projectionDays}-day projection` : 'alert ladder (current DOS)',
    daysOfSupply: dos,
    level(s) {
      if (s.cls === 'platelets') return alertLevel(dos(s), p.plateletThresholds);
      const now = alertLevel(dos(s), p.thresholds);
      if (p.projectionDays === 0) return now;
      const a = avg(s);
      let stock = s.stationStock + s.inTesting;
      let projected: AlertLevel = 'green';
      for (let k = 0; k < p.projectionDays; k++) {
        stock += s.expectedSupply(k) - s.forecast(k);
        projected = worse(projected, alertLevel(daysOfSupply(Math.max(0, stock), a), p.thresholds));
      }
      return worse(now, severity(projected) > severity(p.projectionCap) ? p.projectionCap : projected);
    },
    cut: (level, cls) => allocationCut(level, cls === 'platelets' ? p.plateletThresholds : p.thresholds),
  };
}

/**
 * Station collection planning (after the day's demand; forecasts from tomorrow): collect up to the station target plus
 * the demand before release, net of stock and units in testing, never above the day's donor capacity; grossed up for
 * the expected discard share, plus `planExtraDays` of demand for the weekly swing (weekend collections > weekend use).
 * Walk-in donors (share of capacity) are always collected. Platelets (`projectedAtRelease`): target − stock projected
 * usable at release (S6 rule).
 */
export function plannedCollection(
  discardShare: Readonly<Record<SimClass, number>>,
  testingDays: Readonly<Record<SimClass, number>>,
  walkInShare: Readonly<Record<SimClass, number>> = { red_cells: 0.6, platelets: 0 },
  planExtraDays = 1.5,
): CollectionPolicy {
  const plan = (s: GroupState, capacity: number, stationTarget: number): number => {
    const gross = (need: number): number => Math.max(0, Math.min(capacity, Math.round(need / (1 - discardShare[s.cls]))));
    if (s.projectedAtRelease) return gross(stationTarget - s.stationStock);
    let lead = 0; // demand before release (forecast from tomorrow; released units arrive before that day's demand)
    for (let k = 0; k < testingDays[s.cls] - 1; k++) lead += s.forecast(k);
    // plan above the 7-day reserve by the weekly swing (weekday demand > weekday collections), so the mean stays ≈ target
    let extra = 0;
    for (let k = 0; k < Math.ceil(planExtraDays); k++) extra += s.forecast(k) * Math.min(1, planExtraDays - k);
    return gross(stationTarget + extra + lead - (s.stationStock + s.inTesting));
  };
  return {
    name: `order-up-to collection planning (walk-in share RBC ${Math.round(walkInShare.red_cells * 100)} %)`,
    collect(s, capacity, stationTarget) {
      // walk-in donors (street sites) are never turned away; appointments and campaigns fill the gap to the plan
      return Math.max(Math.round(capacity * walkInShare[s.cls]), plan(s, capacity, stationTarget));
    },
  };
}

/**
 * Targeted donor recall (定向招募) of the group's donors, and group-donation campaigns (团体献血) when collections dip
 * for a known season: starts at `from` or worse, or when the seasonal factor is below `seasonalFloor`; the lift grows
 * over `rampDays` to the larger of the level's ceiling (watch +10 %, yellow +35 %, orange +45 %, red +50 % of
 * baseline) and what brings the seasonal factor back to `seasonalFloor` + 5 %.
 *
 * @see supply-chain-benchmarks.md §8 S2 (recall campaign lifts collections back to ≥ 0.9× within 7 days)
 */
export function targetedRecall(
  from: AlertLevel = 'watch',
  ceilings: Readonly<Record<AlertLevel, number>> = { green: 0, watch: 0.1, yellow: 0.35, orange: 0.45, red: 0.5 },
  rampDays = 5,
  seasonalFloor = 0.9,
): RecruitmentPolicy {
  return {
    name: `targeted recall from ${from} (+${Math.round(ceilings.watch * 100)}/${Math.round(ceilings.yellow * 100)}/${Math.round(ceilings.orange * 100)} %) and seasonal campaigns to ${seasonalFloor}×, ramp ${rampDays} d`,
    triggers: (level, seasonal) => severity(level) >= severity(from) || seasonal < seasonalFloor,
    lift: (level, daysIn, seasonal) => {
      if (daysIn <= 0) return 0;
      const ceiling = Math.max(ceilings[level], seasonal < seasonalFloor ? seasonalFloor + 0.05 - seasonal : 0);
      return ceiling * Math.min(1, daysIn / rampDays);
    },
  };
}

/** Transfers between stations: at `from` or worse, ask neighbours for the gap to the station target (capped). */
export function interStationTransfers(from: AlertLevel = 'orange', rhdNegativeFrom: AlertLevel = 'yellow'): TransferPolicy {
  return {
    name: `transfers between stations at ${from} (RhD− at ${rhdNegativeFrom})`,
    request(s, level, stationTarget, capacity) {
      if (severity(level) < severity(s.group.endsWith('-') ? rhdNegativeFrom : from)) return 0;
      return Math.max(0, Math.min(capacity, Math.round(stationTarget - s.stationStock - s.inTesting)));
    },
  };
}

/**
 * The default policy set.
 *
 * @param issuingOrder - FEFO (default), FIFO, LIFO or MODIFIED_FIFO
 */
export function defaultPolicies(issuingOrder: IssuingOrder = 'FEFO', overrides: Partial<SimulationPolicies> = {}): SimulationPolicies {
  return {
    issuingOrder,
    substitution: IDENTICAL_FIRST,
    emergencySubstitution: emergencyPolicy({ antiD: false, rhdPositiveConsent: false }),
    emergencyConsentFallback: emergencyPolicy({ antiD: false, rhdPositiveConsent: true }),
    plateletShortfallSubstitution: emergencyPolicy({ antiD: false, rhdPositiveConsent: false }),
    plateletExpiringCrossGroup: true,
    replenishment: threeTierOrderUpTo(),
    alerts: earlyWarningAlerts(),
    collection: plannedCollection({ red_cells: 0.042, platelets: 0.008 }, { red_cells: 1, platelets: 2 }),
    recruitment: targetedRecall(),
    transfers: interStationTransfers(),
    forecaster: weekdayLevelForecaster(26, 28),
    ...overrides,
  };
}
