/**
 * Scenario metrics with the names and definitions of supply-chain-benchmarks.md §1, pooled over seeds (sums of
 * numerators ÷ sums of denominators), and the §8 / issue-7 targets beside them. Rates are in percent.
 */
import type { AlertLevel } from '../allocation/days-of-supply.ts';
import type { BloodGroupCode } from '../abo-rh/blood-group.ts';
import type { ClassCounters, RunResult } from './engine.ts';
import { SIM_GROUPS } from './engine.ts';
import type { ScenarioConfig } from './model.ts';

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
const pct = (num: number, den: number): number => (den > 0 ? Math.round((100 * num * 1e4) / den) / 1e4 : 0);
const r2 = (x: number): number => Math.round(x * 100) / 100;
const NEG = SIM_GROUPS.map((g, i) => (g.endsWith('-') ? i : -1)).filter((i) => i >= 0);
const POS = SIM_GROUPS.map((g, i) => (g.endsWith('+') ? i : -1)).filter((i) => i >= 0);

/** Class metrics (§1 names). Denominators: outdate ÷ units received into stock; shortage ÷ units demanded. */
export interface ClassMetrics {
  /** Units outdated anywhere (station, storage points, hospitals) ÷ units received at the station (%). System-wide. */
  readonly outdateRate: number;
  /** Units outdated at the station ÷ units received at the station (%). */
  readonly stationOutdateRate: number;
  /** Units outdated at storage points and hospitals ÷ units received at the station (%). */
  readonly downstreamOutdateRate: number;
  /** Units demanded but not supplied on time ÷ units demanded (%). */
  readonly shortageRate: number;
  /** Hospital replenishment orders filled in full (as requested, before any alert cut) ÷ orders (%); RBC only. */
  readonly fillRate: number | null;
  /** Units supplied on time ÷ units demanded (%) = 100 − shortageRate. */
  readonly unitFillRate: number;
  /** % of days with any unmet demand. */
  readonly shortageDays: number;
  /** Mean days since collection at issue to the patient. */
  readonly meanAgeAtIssueDays: number;
  /** All discards (expiry + pre-release discards by cause) ÷ units issued (%) (Australia's DAPI). */
  readonly discardRate: number;
  readonly discardsByCause: { readonly tti: number; readonly lipaemia: number; readonly other: number; readonly expiry: number };
  /** Non-identical (ABO/RhD-compatible, not identical) issues ÷ units issued (%). */
  readonly substitutionRate: number;
  /** Mean station days of supply per group (on hand ÷ forecast daily demand; capped at 60). */
  readonly daysOfSupply: Readonly<Record<BloodGroupCode, number>>;
  readonly unitsReceived: number;
  readonly unitsDemanded: number;
}

function classMetrics(cs: readonly ClassCounters[], groups: readonly number[], isRbc: boolean): ClassMetrics {
  const g = (f: (c: ClassCounters) => readonly number[]): number => sum(cs.map((c) => sum(groups.map((i) => f(c)[i]))));
  const received = g((c) => c.received);
  const outStation = g((c) => c.outdated.station);
  const outDown = g((c) => c.outdated.storage_point) + g((c) => c.outdated.hospital);
  const demanded = g((c) => c.demanded);
  const short = g((c) => c.short);
  const issued = g((c) => c.issued);
  const all = groups.length === SIM_GROUPS.length;
  const tti = all ? sum(cs.map((c) => c.discarded.tti)) : 0;
  const lip = all ? sum(cs.map((c) => c.discarded.lipaemia)) : 0;
  const oth = all ? sum(cs.map((c) => c.discarded.other)) : 0;
  const days = sum(cs.map((c) => c.countedDays));
  const dos = {} as Record<BloodGroupCode, number>;
  for (const i of groups) dos[SIM_GROUPS[i]] = r2(sum(cs.map((c) => c.dosSum[i])) / Math.max(1, days));
  return {
    outdateRate: pct(outStation + outDown, received),
    stationOutdateRate: pct(outStation, received),
    downstreamOutdateRate: pct(outDown, received),
    shortageRate: pct(short, demanded),
    fillRate: isRbc && all ? pct(sum(cs.map((c) => c.ordersFilled)), sum(cs.map((c) => c.orders))) : null,
    unitFillRate: pct(demanded - short, demanded),
    shortageDays: all ? pct(sum(cs.map((c) => c.shortageDays)), days) : Number.NaN,
    meanAgeAtIssueDays: all ? r2(sum(cs.map((c) => c.ageSumDays)) / Math.max(1, issued)) : Number.NaN,
    discardRate: pct(outStation + outDown + tti + lip + oth, issued),
    discardsByCause: { tti, lipaemia: lip, other: oth, expiry: outStation + outDown },
    substitutionRate: all ? pct(sum(cs.map((c) => c.substituted)), issued) : Number.NaN,
    daysOfSupply: dos,
    unitsReceived: received,
    unitsDemanded: demanded,
  };
}

/** 95th percentile (nearest rank) of a list; 0 for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export interface AlertSummary {
  /** Shortest lead (days) between an alert ≥ yellow and station DOS < 3, RhD+ groups; `null` when DOS never fell below 3. */
  readonly minLeadDaysRhdPositive: number | null;
  /** Same over all eight groups (RhD− groups hold a few units, so their DOS jumps). */
  readonly minLeadDaysAll: number | null;
  readonly episodesBelow3Days: number;
  readonly episodesBelow3DaysRhdPositive: number;
  /** Lowest station DOS of any RhD+ RBC group. */
  readonly minStationDosRhdPositive: number;
  /** RBC group-days at each level. */
  readonly daysAtLevel: Readonly<Record<AlertLevel, number>>;
  /** Red days for O+ and A+ (S2 bar: none). */
  readonly redDaysOA: number;
}

export interface ScenarioMetrics {
  readonly rbc: ClassMetrics;
  readonly platelets: ClassMetrics;
  readonly rhdNegative: ClassMetrics & { readonly byGroup: Readonly<Record<string, { fillRate: number; outdateRate: number; demanded: number; received: number }>> };
  readonly emergency: {
    readonly requests: number; readonly units: number; readonly unmet: number; readonly p95MinutesToIssue: number; readonly within60MinutesRate: number;
    /** Unmet units by recipient group. */
    readonly unmetByGroup: Readonly<Record<string, number>>;
    /** RhD+ units (and requests) given to RhD− patients with consent when no RhD− unit was left (`emergencyConsentFallback`). */
    readonly rhdPositiveWithConsentUnits: number;
    readonly rhdPositiveWithConsentRequests: number;
  };
}

/**
 * Pools the runs of one scenario (one per seed).
 *
 * @param runs - results of `runScenario`, one per seed
 * @returns §1 metrics: RBC, platelets, RhD-negative RBC separately, emergencies
 */
export function summarise(runs: readonly RunResult[]): { metrics: ScenarioMetrics; alerts: AlertSummary } {
  const rbc = runs.map((r) => r.counters.red_cells);
  const plt = runs.map((r) => r.counters.platelets);
  const all = SIM_GROUPS.map((_, i) => i);
  const byGroup: Record<string, { fillRate: number; outdateRate: number; demanded: number; received: number }> = {};
  for (const i of NEG) {
    const m = classMetrics(rbc, [i], true);
    byGroup[SIM_GROUPS[i]] = { fillRate: m.unitFillRate, outdateRate: m.outdateRate, demanded: m.unitsDemanded, received: m.unitsReceived };
  }
  const minutes = runs.flatMap((r) => r.emergency.minutes);
  const requests = sum(runs.map((r) => r.emergency.requests));
  const leads = runs.flatMap((r) => r.alertLeads);
  const leadsPos = leads.filter((l) => l.group.endsWith('+'));
  const daysAtLevel = { green: 0, watch: 0, yellow: 0, orange: 0, red: 0 } as Record<AlertLevel, number>;
  for (const c of rbc) for (const k of Object.keys(daysAtLevel) as AlertLevel[]) daysAtLevel[k] += c.alertDays[k];
  const iO = SIM_GROUPS.indexOf('O+'), iA = SIM_GROUPS.indexOf('A+');
  return {
    metrics: {
      rbc: classMetrics(rbc, all, true),
      platelets: classMetrics(plt, all, false),
      rhdNegative: { ...classMetrics(rbc, NEG, true), byGroup },
      emergency: {
        requests,
        units: sum(runs.map((r) => r.emergency.units)),
        unmet: sum(runs.map((r) => r.emergency.unmet)),
        p95MinutesToIssue: r2(percentile(minutes, 95)),
        within60MinutesRate: pct(sum(runs.map((r) => r.emergency.within60)), requests),
        unmetByGroup: runs.reduce<Record<string, number>>((acc, r) => {
          for (const [g, n] of Object.entries(r.emergency.unmetByGroup)) acc[g] = (acc[g] ?? 0) + n;
          return acc;
        }, {}),
        rhdPositiveWithConsentUnits: sum(runs.map((r) => r.emergency.rhdPositiveWithConsentUnits)),
        rhdPositiveWithConsentRequests: sum(runs.map((r) => r.emergency.rhdPositiveWithConsentRequests)),
      },
    },
    alerts: {
      minLeadDaysRhdPositive: leadsPos.length ? Math.min(...leadsPos.map((l) => l.leadDays)) : null,
      minLeadDaysAll: leads.length ? Math.min(...leads.map((l) => l.leadDays)) : null,
      episodesBelow3Days: leads.length,
      episodesBelow3DaysRhdPositive: leadsPos.length,
      minStationDosRhdPositive: r2(Math.min(...runs.map((r) => r.minRhdPositiveDos))),
      daysAtLevel,
      redDaysOA: sum(rbc.map((c) => c.alertDaysByGroup.red[iO] + c.alertDaysByGroup.red[iA])),
    },
  };
}

/**
 * Days from the start of each collection window (< 1×) until collections (with recruitment) are back at ≥ 0.9× of
 * baseline; the worst over windows and seeds. `null` without collection windows; `Infinity` if never.
 */
export function recoveryDays(runs: readonly RunResult[], scenario: ScenarioConfig): number | null {
  const windows = scenario.collectionWindows.filter((w) => w.factor < 1);
  if (windows.length === 0) return null;
  let worst = 0;
  for (const r of runs) {
    for (const w of windows) {
      const inWin = r.collectionRecovery.filter((x) => x.day >= w.startDay && x.day < w.startDay + w.days);
      if (inWin.length === 0) continue;
      const hit = inWin.find((x) => x.share >= 0.9);
      worst = Math.max(worst, hit === undefined ? Number.POSITIVE_INFINITY : hit.day - w.startDay);
    }
  }
  return worst;
}

/** One target beside its result. */
export interface TargetCheck {
  readonly id: string;
  readonly label: string;
  readonly target: string;
  readonly value: number | string | null;
  readonly met: boolean;
}

export { NEG as RHD_NEGATIVE_GROUP_INDEXES, POS as RHD_POSITIVE_GROUP_INDEXES };
