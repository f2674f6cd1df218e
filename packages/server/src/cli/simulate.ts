/**
 * `redbridge simulate`: runs the supply-chain benchmark scenarios (issue 7) and prints JSON or a table of results
 * beside their targets; `--report <dir>` writes an offline HTML report. Speed (simulated days per second) and the
 * process's peak RSS are measured around the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { SCENARIO_IDS, runBenchmark } from '@redbridge/domain/simulation';
import type { BenchmarkResult, ScenarioId } from '@redbridge/domain/simulation';
import { repoRoot } from '../config.ts';
import { renderReport } from './simulate-report.ts';

export interface SimulateOptions {
  scenario: string;
  seeds: number;
  days?: number;
  firstSeed: number;
  format: 'json' | 'table';
  report?: string;
  stanford?: string;
  progress: boolean;
}

/** Default location of the Stanford series (the shared reference data next to the repository). */
export const DEFAULT_STANFORD_CSV = path.resolve(repoRoot, '../shared/data/stanford-platelet-daily-usage.csv');

/**
 * @param file - CSV with a header and `platelet_units_used` in the third column
 * @returns the daily series
 * @throws Error naming the file and line of a bad row
 */
export function readStanfordSeries(file: string): number[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return lines.slice(1).map((l, i) => {
    const v = Number(l.split(',')[2]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${file}:${i + 2}: 用量无效 / bad platelet_units_used`);
    return v;
  });
}

/** The issue's JSON shape first (`scenario`, `seeds`, `metrics` with rbc / platelets / rhdNegative / emergency), then the rest. */
export function toJson(r: BenchmarkResult, perf: { seconds: number; simulatedDaysPerSecond: number; peakRssMb: number }): unknown {
  const { series: _series, scenario, seeds, metrics, targets, ...rest } = r;
  return { scenario, seeds, metrics, targets, ...rest, performance: perf };
}

const pad = (s: string, n: number): string => {
  const w = [...s].reduce((k, ch) => k + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(1, n - w));
};
const show = (v: unknown): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v)) : v === null || v === undefined ? '—' : String(v));

/** Plain-text table: results beside targets, then the main metrics. */
export function toTable(r: BenchmarkResult, perf: { seconds: number; simulatedDaysPerSecond: number; peakRssMb: number }): string {
  const out: string[] = [`${r.scenario} ${r.title} — ${r.seeds} seeds × ${r.days} days (warm-up ${r.warmupDays}); rates in %`];
  out.push(`${pad('Target 目标', 62)}${pad('Goal', 12)}${pad('Result', 20)}Met`);
  for (const t of r.targets) out.push(`${pad(t.label, 62)}${pad(t.target, 12)}${pad(show(t.value), 20)}${t.met ? 'yes' : 'NO'}`);
  const m = r.metrics;
  if (!r.replay) {
    out.push('');
    out.push(`${pad('Metric (§1)', 40)}${pad('RBC', 12)}PLT`);
    const rows: [string, unknown, unknown][] = [
      ['outdateRate (system, ÷ received)', m.rbc.outdateRate, m.platelets.outdateRate],
      ['stationOutdateRate', m.rbc.stationOutdateRate, m.platelets.stationOutdateRate],
      ['shortageRate (units)', m.rbc.shortageRate, m.platelets.shortageRate],
      ['fillRate (orders in full)', m.rbc.fillRate, m.platelets.fillRate],
      ['shortageDays', m.rbc.shortageDays, m.platelets.shortageDays],
      ['meanAgeAtIssueDays', m.rbc.meanAgeAtIssueDays, m.platelets.meanAgeAtIssueDays],
      ['discardRate (÷ issued)', m.rbc.discardRate, m.platelets.discardRate],
      ['substitutionRate', m.rbc.substitutionRate, m.platelets.substitutionRate],
    ];
    for (const [k, a, b] of rows) out.push(`${pad(k, 40)}${pad(show(a), 12)}${show(b)}`);
    out.push(`RhD-negative RBC: fill ${show(m.rhdNegative.unitFillRate)}  outdate ${show(m.rhdNegative.outdateRate)}  ${Object.entries(m.rhdNegative.byGroup).map(([g, v]) => `${g} ${show(v.fillRate)}/${show(v.outdateRate)}`).join('  ')}`);
    out.push(`Emergency: ${m.emergency.requests} requests, ${m.emergency.units} U, unmet ${m.emergency.unmet}${m.emergency.unmet > 0 ? ` (${Object.entries(m.emergency.unmetByGroup).map(([g, n]) => `${g} ${n}`).join(', ')})` : ''}, p95 ${show(m.emergency.p95MinutesToIssue)} min, within 60 min ${show(m.emergency.within60MinutesRate)}${m.emergency.rhdPositiveWithConsentUnits > 0 ? `; RhD+ with consent to RhD− patients ${m.emergency.rhdPositiveWithConsentUnits} U (${m.emergency.rhdPositiveWithConsentRequests} requests)` : ''}`);
    if (r.alerts) out.push(`Alerts: min lead RhD+ ${show(r.alerts.minLeadDaysRhdPositive)} d, all groups ${show(r.alerts.minLeadDaysAll)} d, episodes < 3 d ${r.alerts.episodesBelow3Days} (RhD+ ${r.alerts.episodesBelow3DaysRhdPositive}), min RhD+ station DOS ${show(r.alerts.minStationDosRhdPositive)}`);
  } else {
    const rp = r.replay;
    out.push('');
    out.push(`${pad('c', 8)}${pad('baseline waste', 16)}${pad('short', 10)}${pad('ours waste', 14)}short`);
    rp.baseline.forEach((b, i) => out.push(`${pad(String(b.c), 8)}${pad(b.outdateRate.toFixed(2), 16)}${pad(b.shortageRate.toFixed(2), 10)}${pad(rp.ours[i].outdateRate.toFixed(2), 14)}${rp.ours[i].shortageRate.toFixed(2)}`));
    out.push(`LIFO c=1.3: waste ${rp.lifo.outdateRate.toFixed(2)} shortage ${rp.lifo.shortageRate.toFixed(2)}`);
    for (const f of rp.forecast) out.push(`Forecast ${pad(f.forecaster, 34)} MAPE 1 d ${f.mape1.toFixed(1)} %   3-day sum ${f.mape3.toFixed(1)} %`);
  }
  if (r.ablation) for (const [k, v] of Object.entries(r.ablation)) out.push(`${pad(k, 14)} RBC outdate ${show(v?.rbc.outdateRate)}  age ${show(v?.rbc.meanAgeAtIssueDays)}  | PLT outdate ${show(v?.platelets.outdateRate)}  short ${show(v?.platelets.shortageRate)}  age ${show(v?.platelets.meanAgeAtIssueDays)}`);
  out.push(`Conservation: ${r.conservation.ok ? 'ok' : 'FAILED'} (${r.conservation.detail})`);
  out.push(`Speed: ${perf.simulatedDaysPerSecond.toFixed(0)} simulated days/s (${perf.seconds.toFixed(1)} s); peak RSS ${perf.peakRssMb.toFixed(0)} MB`);
  return out.join('\n');
}

/**
 * Runs the command.
 *
 * @returns process exit code: 0, or 2 for bad arguments
 */
export async function simulateCommand(o: SimulateOptions, argv: readonly string[] = process.argv): Promise<number> {
  const ids: ScenarioId[] = o.scenario.toLowerCase() === 'all' ? [...SCENARIO_IDS] : [o.scenario.toUpperCase() as ScenarioId];
  if (!ids.every((id) => SCENARIO_IDS.includes(id))) {
    console.error(`场景无效 / unknown scenario: ${o.scenario} (S1–S7 or all)`);
    return 2;
  }
  if (!Number.isInteger(o.seeds) || o.seeds < 1 || o.seeds > 1000) {
    console.error('--seeds 须为 1–1000 的整数 / --seeds must be an integer 1–1000');
    return 2;
  }
  if (o.days !== undefined && (!Number.isInteger(o.days) || o.days < 7)) {
    console.error('--days 须为 ≥ 7 的整数 / --days must be an integer ≥ 7');
    return 2;
  }
  const stanford = ids.includes('S6') ? readStanfordSeries(o.stanford ?? DEFAULT_STANFORD_CSV) : undefined;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
  const results: { r: BenchmarkResult; seconds: number; simDays: number }[] = [];
  const useBar = o.progress && process.stderr.isTTY === true;
  for (const id of ids) {
    const bar = useBar ? new cliProgress.SingleBar({ format: ` ${id} |{bar}| {value}/{total} runs | ETA {eta_formatted}`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    let started = false;
    const t0 = performance.now();
    const r = runBenchmark(id, {
      seeds: o.seeds, firstSeed: o.firstSeed, days: o.days, stanford,
      onProgress: (done, total) => {
        if (bar && !started) { bar.start(total, 0); started = true; }
        bar?.update(done);
        if (!useBar && o.progress && o.seeds * (o.days ?? 730) >= 3650) process.stderr.write(`\r${id} ${done}/${total}`);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
    });
    if (started) bar?.stop();
    else if (!useBar && o.progress && o.seeds * (o.days ?? 730) >= 3650) process.stderr.write('\n');
    const seconds = (performance.now() - t0) / 1000;
    const runsPerOrder = id === 'S7' ? 4 : 1;
    results.push({ r, seconds, simDays: id === 'S6' ? 0 : r.seeds * r.days * runsPerOrder });
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const peakRssMb = peakRss / 1024 / 1024;
  const perfOf = (x: (typeof results)[number]) => ({
    seconds: Math.round(x.seconds * 100) / 100,
    simulatedDaysPerSecond: x.simDays > 0 ? Math.round(x.simDays / x.seconds) : 0,
    peakRssMb: Math.round(peakRssMb),
  });
  if (o.format === 'json') {
    const docs = results.map((x) => toJson(x.r, perfOf(x)));
    console.log(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2));
  } else {
    for (const x of results) console.log(`${toTable(x.r, perfOf(x))}\n`);
  }
  if (o.report) {
    fs.mkdirSync(o.report, { recursive: true });
    const simDays = results.reduce((s, x) => s + x.simDays, 0);
    const secs = results.filter((x) => x.simDays > 0).reduce((s, x) => s + x.seconds, 0);
    const html = renderReport(results.map((x) => x.r), {
      simulatedDaysPerSecond: secs > 0 ? simDays / secs : 0, peakRssMb,
      command: `redbridge ${argv.slice(2).join(' ')}`,
    });
    const file = path.join(o.report, 'simulation-report.html');
    fs.writeFileSync(file, html);
    console.error(`报告已写入 / report written: ${file}`);
  }
  return 0;
}
