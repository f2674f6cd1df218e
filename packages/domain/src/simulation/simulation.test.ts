import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { IDENTICAL_FIRST } from '../abo-rh/compatibility.ts';
import { allocateFefo } from '../allocation/fefo.ts';
import type { AllocationLine, StockUnit } from '../allocation/fefo.ts';
import { ABO_GROUPS, RHD_VALUES } from '../types.ts';
import { allocateFromStock, createStock, runScenario } from './engine.ts';
import type { ClassCounters, RunResult } from './engine.ts';
import { flatMeanForecaster, forecastError, weekdayLevelForecaster, weekdayMeanForecaster } from './forecast.ts';
import { percentile, summarise } from './metrics.ts';
import { defaultPolicies } from './policies.ts';
import { createRng, negativeBinomial } from './random.ts';
import { replayPlatelets } from './replay.ts';
import { runBenchmark, wasteAtShortage } from './runner.ts';
import { scenarioConfig } from './scenarios.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const STANFORD = path.resolve(here, '../../../../../shared/data/stanford-platelet-daily-usage.csv');

describe('simulator determinism [R62]', () => {
  it('the same seed gives the same run; another seed a different one', () => {
    const a = runScenario(scenarioConfig('S1'), defaultPolicies(), { seed: 7, days: 30 });
    const b = runScenario(scenarioConfig('S1'), defaultPolicies(), { seed: 7, days: 30 });
    const c = runScenario(scenarioConfig('S1'), defaultPolicies(), { seed: 8, days: 30 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.counters, c.counters);
  });
  it('random streams are reproducible and the negative binomial is over-dispersed as asked', () => {
    const r1 = createRng(42, 1), r2 = createRng(42, 1);
    assert.deepEqual([r1.next(), r1.next()], [r2.next(), r2.next()]);
    const rng = createRng(3, 0);
    const xs = Array.from({ length: 20000 }, () => negativeBinomial(rng, 10, 1.75));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    assert.ok(Math.abs(mean - 10) < 0.15, `mean ${mean}`);
    assert.ok(Math.abs(variance / mean - 1.75) < 0.12, `variance/mean ${variance / mean}`);
  });
});

describe('stock conservation (property) [R62]', () => {
  it('units in = issued + outdated + discarded + on hand + in testing, any seed and scenario', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('S1', 'S2', 'S4', 'S5') as fc.Arbitrary<'S1' | 'S2' | 'S4' | 'S5'>, fc.integer({ min: 8, max: 24 }), (seed, id, days) => {
        const r = runScenario(scenarioConfig(id), defaultPolicies(), { seed, days });
        for (const cls of ['red_cells', 'platelets'] as const) {
          const l = r.ledger[cls];
          assert.equal(l.issued + l.outdated + l.discarded + l.onHand + l.inTesting, l.unitsIn, `${id} seed ${seed} ${cls}`);
          assert.ok(l.issued > 0 && l.unitsIn > 0);
        }
      }),
      { numRuns: 6 },
    );
  });
});

function counters(over: Partial<ClassCounters>): ClassCounters {
  const z = (): number[] => [0, 0, 0, 0, 0, 0, 0, 0];
  return {
    received: z(), collected: z(), discarded: { tti: 0, lipaemia: 0, other: 0 }, outdated: { station: z(), storage_point: z(), hospital: z() },
    demanded: z(), issued: z(), short: z(), substituted: 0, ageSumDays: 0, orders: 0, ordersFilled: 0, shortageDays: 0, countedDays: 0,
    dosSum: z(), transfersIn: z(), alertDays: { green: 0, watch: 0, yellow: 0, orange: 0, red: 0 },
    alertDaysByGroup: { green: z(), watch: z(), yellow: z(), orange: z(), red: z() }, ...over,
  };
}
function run(rbc: ClassCounters, minutes: number[] = []): RunResult {
  const ledger = { unitsIn: 0, issued: 0, outdated: 0, discarded: 0, onHand: 0, inTesting: 0 };
  return {
    scenario: 'T', seed: 1, counters: { red_cells: rbc, platelets: counters({}) }, alertLeads: [], minRhdPositiveDos: 7, collectionRecovery: [],
    emergency: { requests: minutes.length, units: 10, unmet: 2, minutes, within60: 1, unmetByGroup: { 'O-': 2 }, rhdPositiveWithConsentUnits: 3, rhdPositiveWithConsentRequests: 1 }, ledger: { red_cells: ledger, platelets: ledger },
  };
}

describe('metric definitions on hand-computed cases (supply-chain-benchmarks §1) [R62]', () => {
  // groups: 0 O+, 1 O-, 2 A+, 3 A-, 4 B+, 5 B-, 6 AB+, 7 AB-
  const c = counters({
    received: [600, 4, 300, 0, 100, 0, 0, 0],
    outdated: { station: [1, 0, 0, 0, 0, 0, 0, 0], storage_point: [0, 0, 1, 0, 0, 0, 0, 0], hospital: [0, 1, 0, 0, 0, 0, 0, 0] },
    demanded: [500, 5, 300, 0, 200, 0, 0, 0], short: [0, 1, 3, 0, 1, 0, 0, 0], issued: [500, 4, 297, 0, 199, 0, 0, 0],
    discarded: { tti: 10, lipaemia: 28, other: 2 }, substituted: 10, ageSumDays: 10_000, orders: 50, ordersFilled: 49, shortageDays: 3, countedDays: 100,
  });
  const { metrics } = summarise([run(c, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])]);
  it('outdate rate = outdated ÷ received, station and system-wide', () => {
    assert.equal(metrics.rbc.stationOutdateRate, 0.0996); // 1 / 1004
    assert.equal(metrics.rbc.outdateRate, 0.2988); // 3 / 1004
  });
  it('shortage rate = units short ÷ units demanded; unit fill = 100 − shortage', () => {
    assert.equal(metrics.rbc.shortageRate, 0.4975); // 5 / 1005 = 0.49751…
    assert.equal(metrics.rbc.unitFillRate, 99.5025);
  });
  it('order fill rate, shortage days, mean age, discard rate (DAPI), substitution rate', () => {
    assert.equal(metrics.rbc.fillRate, 98);
    assert.equal(metrics.rbc.shortageDays, 3);
    assert.equal(metrics.rbc.meanAgeAtIssueDays, 10); // 10000 / 1000 issued
    assert.equal(metrics.rbc.discardRate, 4.3); // (3 + 40) / 1000
    assert.equal(metrics.rbc.substitutionRate, 1);
  });
  it('RhD-negative separately: O− fill 80 %, outdate 25 %', () => {
    assert.equal(metrics.rhdNegative.unitFillRate, 80);
    assert.equal(metrics.rhdNegative.outdateRate, 25);
    assert.deepEqual(metrics.rhdNegative.byGroup['O-'], { fillRate: 80, outdateRate: 25, demanded: 5, received: 4 });
  });
  it('emergency p95 by nearest rank', () => {
    assert.equal(metrics.emergency.p95MinutesToIssue, 100);
    assert.deepEqual([metrics.emergency.unmet, metrics.emergency.rhdPositiveWithConsentUnits, metrics.emergency.rhdPositiveWithConsentRequests], [2, 3, 1]);
    assert.equal(percentile([5, 1, 3], 50), 3);
    assert.equal(percentile([], 95), 0);
  });
  it('waste at a shortage is interpolated on the frontier', () => {
    const p = (c2: number, outdateRate: number, shortageRate: number) => ({ c: c2, outdateRate, shortageRate }) as never;
    assert.equal(wasteAtShortage([p(1.2, 0.5, 1), p(1.3, 1.5, 0.5)], 0.75), 1);
    assert.equal(wasteAtShortage([p(1.2, 0.5, 1)], 0.2), null);
  });
});

describe('forecasts [R62]', () => {
  const series = [10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30];
  it('weekday mean uses the same weekday (index − 7k); flat mean the last days', () => {
    const s = Array.from({ length: 21 }, (_, i) => i); // days 0..20
    assert.equal(weekdayMeanForecaster(2).forecast(s, 14, 14), (7 + 0) / 2);
    assert.equal(weekdayMeanForecaster(2).forecast(s, 14, 16), (9 + 2) / 2);
    assert.equal(flatMeanForecaster(4).forecast(s, 14, 20), (13 + 12 + 11 + 10) / 4);
  });
  it('MAPE of a perfect forecast is 0; a constant 10 % error gives 10 %', () => {
    const exact = { name: 'exact', forecast: (h: ArrayLike<number>, _o: number, t: number) => series[t] };
    const over = { name: 'over', forecast: (_h: ArrayLike<number>, _o: number, t: number) => series[t] * 1.1 };
    assert.deepEqual([forecastError(series, exact, 7).mape1, forecastError(series, exact, 7).mape3], [0, 0]);
    assert.ok(Math.abs(forecastError(series, over, 7).mape1 - 10) < 1e-9);
    assert.ok(Math.abs(forecastError(series, over, 7).mape3 - 10) < 1e-9);
  });
  it('the weekday × level forecaster gives the same values through its fast path', () => {
    const f = weekdayLevelForecaster(4, 14);
    const h = Array.from({ length: 60 }, (_, i) => 20 + (i % 7) * 3 + (i % 5));
    const slow = [0, 1, 2].map((k) => f.forecast(h, 40, 40 + k));
    assert.deepEqual(f.forecastDays?.(h, 40, 3), slow);
  });
  it('on the Stanford series the §8 baselines are reproduced (1-day 18.6 % weekday, 22.3 % flat; 3-day 12.0 %) and ours is lower', { skip: !fs.existsSync(STANFORD) }, () => {
    const s = fs.readFileSync(STANFORD, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    const wd = forecastError(s, weekdayMeanForecaster(8));
    const flat = forecastError(s, flatMeanForecaster(56));
    const ours = forecastError(s, weekdayLevelForecaster(26, 28));
    assert.equal(wd.mape1.toFixed(1), '18.6');
    assert.equal(flat.mape1.toFixed(1), '22.4'); // §8 rounds 22.358 to 22.3
    assert.equal(wd.mape3.toFixed(1), '12.1'); // §8: 12.0
    assert.ok(ours.mape1 < wd.mape1 && ours.mape3 < wd.mape3);
  });
});

describe('platelet replay [R62]', () => {
  const rng = createRng(5, 0);
  const demand = Array.from({ length: 300 }, (_, i) => negativeBinomial(rng, i % 7 === 5 || i % 7 === 6 ? 25 : 36, 1.6));
  it('FIFO beats LIFO with a 3-day life (less waste and less shortage)', () => {
    const o = { demand, usableDays: 3, leadDays: 2, c: 1.3, orderRule: 'position' as const, forecaster: weekdayMeanForecaster(8) };
    const fifo = replayPlatelets({ ...o, issuingOrder: 'FIFO' });
    const lifo = replayPlatelets({ ...o, issuingOrder: 'LIFO' });
    assert.ok(fifo.outdateRate < lifo.outdateRate, `${fifo.outdateRate} < ${lifo.outdateRate}`);
    assert.ok(fifo.shortageRate < lifo.shortageRate);
    assert.equal(fifo.demanded, demand.slice(60).reduce((s, x) => s + x, 0));
  });
  it('a longer life removes waste', () => {
    const o = { demand, leadDays: 2, c: 1.3, orderRule: 'position' as const, forecaster: weekdayMeanForecaster(8), issuingOrder: 'FIFO' as const };
    assert.ok(replayPlatelets({ ...o, usableDays: 5 }).outdateRate < replayPlatelets({ ...o, usableDays: 3 }).outdateRate);
  });
});

describe('simulator allocation = allocateFefo on the full stock (candidate prefix is exact) [R37]', () => {
  const NOW = new Date('2025-06-01T04:00:00Z');
  const unitArb = fc.record({
    abo: fc.constantFrom(...ABO_GROUPS), rhd: fc.constantFrom(...RHD_VALUES), life: fc.integer({ min: 1, max: 35 }), quantity: fc.constantFrom(1, 1.5, 2),
  });
  it('same unit choices for random stock and lines', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 80 }), fc.array(fc.record({ abo: fc.constantFrom(...ABO_GROUPS), rhd: fc.constantFrom(...RHD_VALUES), q: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 5 }), (us, ls) => {
        const stock: StockUnit[] = us.map((u, i) => ({
          id: `u${String(i).padStart(3, '0')}`, productId: 'SRBC_MAP', componentClass: 'red_cells', abo: u.abo, rhd: u.rhd, quantity: u.quantity,
          expiresAt: new Date(NOW.getTime() + u.life * 86_400_000), collectedAt: new Date(NOW.getTime() - (35 - u.life) * 86_400_000),
          status: 'available', released: true, labelled: true, recalled: false,
        }));
        const lines: AllocationLine[] = ls.map((l, i) => ({ lineId: `L${i}`, componentClass: 'red_cells', recipient: { abo: l.abo, rhd: l.rhd }, quantity: l.q }));
        for (const issuingOrder of ['FEFO', 'FIFO'] as const) {
          const full = allocateFefo({ lines, policy: IDENTICAL_FIRST, now: NOW }, stock, { issuingOrder });
          const sim = allocateFromStock(createStock(stock), lines, IDENTICAL_FIRST, NOW, { issuingOrder });
          assert.deepEqual(sim.lines.map((l) => l.unitIds), full.lines.map((l) => l.unitIds));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('benchmark smoke (CI size: 1 seed, few days) [R62]', () => {
  it('S1 runs, reports §1 metrics beside targets, conserves units', () => {
    const r = runBenchmark('S1', { seeds: 1, days: 21 });
    assert.equal(r.conservation.ok, true);
    assert.deepEqual(r.targets.map((t) => t.id), ['rbc.stationOutdate', 'rbc.systemOutdate', 'rbc.fill', 'plt.outdate', 'plt.shortage']);
    assert.ok(r.metrics.rbc.unitsDemanded > 0 && r.metrics.platelets.unitsDemanded > 0);
    assert.ok(r.series && r.series.date.length === 21);
  });
  it('S7 runs all four issuing orders; LIFO issues younger red cells than FIFO', () => {
    const r = runBenchmark('S7', { seeds: 1, days: 40 });
    assert.deepEqual(Object.keys(r.ablation ?? {}), ['FEFO', 'FIFO', 'LIFO', 'MODIFIED_FIFO']);
    assert.ok((r.ablation?.LIFO?.rbc.meanAgeAtIssueDays ?? 99) < (r.ablation?.FIFO?.rbc.meanAgeAtIssueDays ?? 0));
  });
});

describe('RhD− emergency last resort [china-blood-service-rules §5.4]', () => {
  // 40 O− units in one night with no RhD− transfer capacity: more than every RhD− source holds.
  const scenario = {
    ...scenarioConfig('S1'),
    transferCapacity: { ...scenarioConfig('S1').transferCapacity, rhdNegative: 0 },
    emergencyEvents: [{ day: 65, hospital: 0, minute: 600, label: 'O− massive transfusion', requests: [{ units: 40, group: 'O-' as const, afterMinutes: 0 }] }],
  };
  it('gives RhD+ with consent only after every RhD− unit is used, and counts it apart', () => {
    const strict = runScenario(scenario, defaultPolicies('FEFO', { emergencyConsentFallback: null }), { seed: 3, days: 70 });
    const consent = runScenario(scenario, defaultPolicies(), { seed: 3, days: 70 });
    assert.ok(strict.emergency.unmet > 0, 'without the fallback the O− patient goes short');
    assert.equal(strict.emergency.rhdPositiveWithConsentUnits, 0);
    assert.equal(consent.emergency.unmetByGroup['O-'] ?? 0, 0, 'with it, no O− unit is unmet');
    // the RhD+ units replace exactly what was missing: the O− sources were used first in both runs
    assert.equal(consent.emergency.rhdPositiveWithConsentUnits, strict.emergency.unmetByGroup['O-']);
    assert.equal(consent.emergency.rhdPositiveWithConsentRequests, 1);
  });
});
