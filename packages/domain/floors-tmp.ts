import { RESERVE_THREE_TIER_2024 } from './src/supply/reserve.ts';
import { DEFAULT_THREE_TIER, defaultPolicies, threeTierOrderUpTo } from './src/simulation/policies.ts';
import { runBenchmark } from './src/simulation/runner.ts';
const [scenario, o, a, b, ab] = process.argv.slice(2);
const reserve = { ...RESERVE_THREE_TIER_2024.data, rhdNegativeRedCells: { ...RESERVE_THREE_TIER_2024.data.rhdNegativeRedCells, stationMinUnits: { O: +o, A: +a, B: +b, AB: +ab } } };
const policies = defaultPolicies('FEFO', { replenishment: threeTierOrderUpTo({ ...DEFAULT_THREE_TIER, reserve }) });
const r = runBenchmark(scenario as 'S2', { seeds: 20, policies });
const m = r.metrics;
console.log(JSON.stringify({ scenario, floors: { o, a, b, ab }, unmet: m.emergency.unmet, consent: m.emergency.rhdPositiveWithConsentUnits,
  negFill: m.rhdNegative.unitFillRate, negOutdate: m.rhdNegative.outdateRate, byGroup: m.rhdNegative.byGroup,
  targets: r.targets.map((t) => `${t.id}=${JSON.stringify(t.result ?? t.value)}:${t.met}`) }));
