/**
 * Runs a benchmark scenario over seeds and checks its targets (issue 7; supply-chain-benchmarks.md §8). Pure: the
 * caller passes the Stanford series for S6 and reports progress through the callback.
 */
import type { IssuingOrder } from '../allocation/fefo.ts';
import { ISSUING_ORDERS } from '../allocation/fefo.ts';
import { runScenario } from './engine.ts';
import type { DailySeries, RunResult } from './engine.ts';
import { flatMeanForecaster, forecastError, weekdayLevelForecaster, weekdayMeanForecaster } from './forecast.ts';
import type { ForecastError } from './forecast.ts';
import { recoveryDays, summarise } from './metrics.ts';
import type { AlertSummary, ScenarioMetrics, TargetCheck } from './metrics.ts';
import type { SimulationPolicies } from './model.ts';
import { defaultPolicies } from './policies.ts';
import { REPLAY_FORECASTERS, replayPlatelets } from './replay.ts';
import type { ReplayResult } from './replay.ts';
import { scenarioConfig } from './scenarios.ts';
import type { ScenarioId } from './scenarios.ts';

export interface BenchmarkOptions {
  readonly seeds: number;
  /** First seed (default 1): seeds are firstSeed … firstSeed + seeds − 1. */
  readonly firstSeed?: number;
  /** Shorter runs (smoke tests). */
  readonly days?: number;
  /** Stanford daily platelet series (S6). */
  readonly stanford?: readonly number[];
  readonly policies?: SimulationPolicies;
  /** Called after each seed (or replay point) with done / total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The reference frontier point of §8 (FIFO, 3-day life, c = 1.3). */
export const REFERENCE_FRONTIER = { wastePercent: 1.13, unitShortagePercent: 0.47 } as const;

export interface ReplaySummary {
  readonly baseline: readonly ReplayResult[];
  readonly ours: readonly ReplayResult[];
  readonly lifo: ReplayResult;
  /** Waste interpolated at the reference shortage (0.47 %) on each frontier. */
  readonly wasteAtReferenceShortage: { readonly baseline: number | null; readonly ours: number | null; readonly reference: number };
  readonly forecast: readonly ForecastError[];
}

export interface BenchmarkResult {
  readonly scenario: ScenarioId;
  readonly title: string;
  readonly seeds: number;
  readonly days: number;
  readonly warmupDays: number;
  readonly rateUnit: '%';
  readonly policies: Readonly<Record<string, string>>;
  readonly metrics: ScenarioMetrics;
  readonly alerts?: AlertSummary;
  readonly collectionRecoveryDays?: number | null;
  readonly ablation?: Readonly<Partial<Record<IssuingOrder, { rbc: ScenarioMetrics['rbc']; platelets: ScenarioMetrics['platelets'] }>>>;
  readonly replay?: ReplaySummary;
  readonly targets: readonly TargetCheck[];
  readonly conservation: { readonly ok: boolean; readonly detail: string };
  readonly series?: DailySeries;
}

function describe(p: SimulationPolicies): Record<string, string> {
  return {
    replenishment: p.replenishment.name, issuingOrder: p.issuingOrder, substitution: p.substitution.name, alerts: p.alerts.name,
    collection: p.collection.name, recruitment: p.recruitment.name, transfers: p.transfers.name, forecaster: p.forecaster.name,
    plateletShortfall: p.plateletShortfallSubstitution?.name ?? 'none', plateletExpiringCrossGroup: String(p.plateletExpiringCrossGroup ?? false),
  };
}

function conservation(runs: readonly RunResult[]): { ok: boolean; detail: string } {
  for (const r of runs) {
    for (const cls of ['red_cells', 'platelets'] as const) {
      const l = r.ledger[cls];
      const out = l.issued + l.outdated + l.discarded + l.onHand + l.inTesting;
      if (out !== l.unitsIn) return { ok: false, detail: `seed ${r.seed} ${cls}: in ${l.unitsIn} ≠ ${out}` };
    }
  }
  return { ok: true, detail: 'units in = issued + outdated + discarded + on hand + in testing, every seed and class' };
}

/** Linear interpolation of waste at a given shortage on a frontier sorted by c. */
export function wasteAtShortage(points: readonly ReplayResult[], shortage: number): number | null {
  const s = [...points].sort((a, b) => b.shortageRate - a.shortageRate);
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1], b = s[i];
    if (a.shortageRate >= shortage && b.shortageRate <= shortage) {
      const t = a.shortageRate === b.shortageRate ? 0 : (a.shortageRate - shortage) / (a.shortageRate - b.shortageRate);
      return Math.round((a.outdateRate + t * (b.outdateRate - a.outdateRate)) * 100) / 100;
    }
  }
  return null;
}

const C_GRID = [1.1, 1.15, 1.2, 1.25, 1.3, 1.35, 1.4, 1.5, 1.6];

/**
 * S6: the Stanford series through the §8 reference policy (position order-up-to, 8-week weekday mean, FIFO) and ours
 * (age-aware order-up-to, weekday profile × level forecast, FIFO), 3 usable days, lead time 2 days, days 60–879.
 */
export function runReplay(series: readonly number[], onProgress?: (d: number, t: number) => void): ReplaySummary {
  const total = C_GRID.length * 2 + 1;
  let done = 0;
  const tick = (): void => onProgress?.(++done, total);
  const run = (c: number, orderRule: 'position' | 'age-aware', fc: 'baseline' | 'ours', issuingOrder: IssuingOrder = 'FIFO'): ReplayResult => {
    const r = replayPlatelets({ demand: series, usableDays: 3, leadDays: 2, c, issuingOrder, orderRule, forecaster: REPLAY_FORECASTERS[fc] });
    tick();
    return r;
  };
  const baseline = C_GRID.map((c) => run(c, 'position', 'baseline'));
  const ours = C_GRID.map((c) => run(c, 'age-aware', 'ours'));
  const lifo = run(1.3, 'position', 'baseline', 'LIFO');
  return {
    baseline, ours, lifo,
    wasteAtReferenceShortage: {
      baseline: wasteAtShortage(baseline, REFERENCE_FRONTIER.unitShortagePercent),
      ours: wasteAtShortage(ours, REFERENCE_FRONTIER.unitShortagePercent),
      reference: REFERENCE_FRONTIER.wastePercent,
    },
    forecast: [flatMeanForecaster(56), weekdayMeanForecaster(8), weekdayLevelForecaster(26, 28)].map((f) => forecastError(series, f)),
  };
}

const check = (id: string, label: string, target: string, value: number | string | null, met: boolean): TargetCheck => ({ id, label, target, value, met });

function targetsFor(id: ScenarioId, m: ScenarioMetrics, a: AlertSummary | undefined, recovery: number | null | undefined): TargetCheck[] {
  const out: TargetCheck[] = [];
  if (id === 'S1' || id === 'S7') {
    out.push(check('rbc.stationOutdate', 'RBC outdate at the station (÷ received)', '≤ 0.1 %', m.rbc.stationOutdateRate, m.rbc.stationOutdateRate <= 0.1));
    out.push(check('rbc.systemOutdate', 'RBC outdate system-wide (÷ received)', '≤ 0.5 %', m.rbc.outdateRate, m.rbc.outdateRate <= 0.5));
    out.push(check('rbc.fill', 'RBC order fill rate', '≥ 99.5 %', m.rbc.fillRate, (m.rbc.fillRate ?? 0) >= 99.5));
    out.push(check('plt.outdate', 'Platelet outdate (÷ received)', '≤ 1 %', m.platelets.outdateRate, m.platelets.outdateRate <= 1));
    out.push(check('plt.shortage', 'Platelet unit shortage', '≤ 0.5 %', m.platelets.shortageRate, m.platelets.shortageRate <= 0.5));
  }
  if (id === 'S2' || id === 'S3' || id === 'S4') {
    out.push(check('emergency.unmet', 'Unmet emergency units (RhD− patients without anti-D may get RhD+ with consent, §5.4)', '0', m.emergency.unmet, m.emergency.unmet === 0));
    const strictUnmet = m.emergency.unmet + m.emergency.rhdPositiveWithConsentUnits;
    out.push(check('emergency.unmetRhdNegativeBlood', 'Same, counting RhD+-with-consent units as unmet (a patient with anti-D)', '0', strictUnmet, strictUnmet === 0));
    const leadPos = a?.minLeadDaysRhdPositive ?? null;
    out.push(check('alerts.leadRhdPositive', 'Yellow ≥ 5 d before an RhD+ group < 3 d (min lead, days)', '≥ 5 d', leadPos === null ? 'never below 3 d' : leadPos, leadPos === null || leadPos >= 5));
    const lead = a?.minLeadDaysAll ?? null;
    out.push(check('alerts.leadAll', 'Same, any of the 8 groups incl. RhD− (min lead, days)', '≥ 5 d', lead === null ? 'never below 3 d' : lead, lead === null || lead >= 5));
  }
  if (id === 'S2') {
    out.push(check('alerts.redOA', 'Red days for O+/A+', '0', a?.redDaysOA ?? 0, (a?.redDaysOA ?? 0) === 0));
    out.push(check('collections.recovery', 'Days until collections ≥ 0.9× (recruitment)', '≤ 7 d', recovery ?? null, recovery !== null && recovery !== undefined && recovery <= 7));
  }
  if (id === 'S3') {
    out.push(check('dos.min', 'Lowest station DOS of an RhD+ group', '≥ 3 d', a?.minStationDosRhdPositive ?? null, (a?.minStationDosRhdPositive ?? 0) >= 3));
  }
  if (id === 'S4') {
    out.push(check('emergency.p95', 'Emergency time to issue, p95 (min)', '≤ 60', m.emergency.p95MinutesToIssue, m.emergency.p95MinutesToIssue <= 60));
  }
  if (id === 'S5') {
    // strict: RhD+ units given with consent do not count as filling an RhD− patient's demand
    const fill = m.rhdNegative.unitsDemanded > 0
      ? Math.round((m.rhdNegative.unitFillRate - (100 * m.emergency.rhdPositiveWithConsentUnits) / m.rhdNegative.unitsDemanded) * 1000) / 1000
      : 100;
    out.push(check('rhdneg.fill', 'RhD− RBC unit fill rate (with RhD− units only)', '≥ 95 %', fill, fill >= 95));
    out.push(check('rhdneg.outdate', 'RhD− RBC outdate (÷ received)', '≤ 10 %', m.rhdNegative.outdateRate, m.rhdNegative.outdateRate <= 10));
  }
  return out;
}

/**
 * Runs a scenario over `seeds` seeds (S7: S1 under each issuing order; S6: the Stanford replay plus S1 platelets
 * untouched) and checks its targets.
 *
 * @param id - S1 … S7
 * @param o - seeds, optional shorter runs, the Stanford series (required for S6), policies, progress callback
 * @returns pooled metrics, alert summary, targets beside results, conservation check, first seed's daily series
 * @throws Error when S6 is asked without the Stanford series
 */
export function runBenchmark(id: ScenarioId, o: BenchmarkOptions): BenchmarkResult {
  const first = o.firstSeed ?? 1;
  if (id === 'S6') {
    if (o.stanford === undefined) throw new Error('S6 needs the Stanford series');
    const replay = runReplay(o.stanford, o.onProgress);
    const best = replay.ours.find((r) => r.c === 1.3) as ReplayResult;
    const pm = (r: ReplayResult): ScenarioMetrics['platelets'] => ({
      outdateRate: r.outdateRate, stationOutdateRate: r.outdateRate, downstreamOutdateRate: 0, shortageRate: r.shortageRate, fillRate: null,
      unitFillRate: 100 - r.shortageRate, shortageDays: r.shortageDays, meanAgeAtIssueDays: Number.NaN, discardRate: r.outdateRate,
      discardsByCause: { tti: 0, lipaemia: 0, other: 0, expiry: r.outdated }, substitutionRate: 0, daysOfSupply: {} as never,
      unitsReceived: r.received, unitsDemanded: r.demanded,
    });
    const empty = pm({ ...best, outdateRate: 0, shortageRate: 0, shortageDays: 0, received: 0, demanded: 0, outdated: 0 });
    const w = replay.wasteAtReferenceShortage;
    const lifoWorse = replay.lifo.outdateRate > (replay.baseline.find((r) => r.c === 1.3)?.outdateRate ?? 0);
    return {
      scenario: 'S6', title: 'Stanford platelet replay 斯坦福血小板回放', seeds: 1, days: o.stanford.length, warmupDays: 60, rateUnit: '%',
      policies: { ours: 'age-aware order-up-to, weekday profile × level forecast, FIFO', baseline: 'position order-up-to, 8-week weekday mean, FIFO (§8)' },
      metrics: { rbc: empty, platelets: pm(best), rhdNegative: { ...empty, byGroup: {} }, emergency: { requests: 0, units: 0, unmet: 0, p95MinutesToIssue: 0, within60MinutesRate: 0, unmetByGroup: {}, rhdPositiveWithConsentUnits: 0, rhdPositiveWithConsentRequests: 0 } },
      replay,
      targets: [
        check('replay.frontier', 'Waste at 0.47 % unit shortage (reference FIFO frontier: 1.13 %)', '< 1.13 %', w.ours, w.ours !== null && w.ours < REFERENCE_FRONTIER.wastePercent),
        check('replay.lifo', 'FIFO beats LIFO (waste at c = 1.3)', 'LIFO worse', `${replay.lifo.outdateRate.toFixed(2)} % LIFO`, lifoWorse),
      ],
      conservation: { ok: true, detail: 'replay: demand is data' },
    };
  }
  const scenario = scenarioConfig(id);
  const orders: readonly IssuingOrder[] = id === 'S7' ? ISSUING_ORDERS : [o.policies?.issuingOrder ?? 'FEFO'];
  const total = o.seeds * orders.length;
  let done = 0;
  const byOrder = new Map<IssuingOrder, RunResult[]>();
  for (const order of orders) {
    const policies = o.policies !== undefined ? { ...o.policies, issuingOrder: order } : defaultPolicies(order);
    const runs: RunResult[] = [];
    for (let s = 0; s < o.seeds; s++) {
      runs.push(runScenario(scenario, policies, { seed: first + s, days: o.days, keepSeries: s === 0 && order === orders[0] }));
      o.onProgress?.(++done, total);
    }
    byOrder.set(order, runs);
  }
  const main = (byOrder.get('FEFO') ?? byOrder.get(orders[0])) as RunResult[];
  const { metrics, alerts } = summarise(main);
  const recovery = recoveryDays(main, scenario);
  const ablation: Partial<Record<IssuingOrder, { rbc: ScenarioMetrics['rbc']; platelets: ScenarioMetrics['platelets'] }>> = {};
  if (id === 'S7') for (const [order, runs] of byOrder) { const m = summarise(runs).metrics; ablation[order] = { rbc: m.rbc, platelets: m.platelets }; }
  const targets = targetsFor(id, metrics, alerts, recovery);
  if (id === 'S7') {
    for (const order of ['FIFO', 'FEFO'] as const) {
      const v = ablation[order]?.rbc.outdateRate ?? Number.NaN;
      targets.push(check(`s7.${order}`, `${order}: RBC outdate ≈ 0 (system-wide)`, '≤ 0.1 %', v, v <= 0.1));
    }
  }
  const policies = o.policies ?? defaultPolicies(orders[0]);
  return {
    scenario: id, title: scenario.title, seeds: o.seeds, days: o.days ?? scenario.days, warmupDays: Math.min(scenario.warmupDays, Math.floor((o.days ?? scenario.days) / 3)),
    rateUnit: '%', policies: describe(policies), metrics, alerts, collectionRecoveryDays: recovery,
    ...(id === 'S7' ? { ablation } : {}),
    targets, conservation: conservation([...byOrder.values()].flat()), series: main[0]?.series,
  };
}
