/**
 * Self-contained HTML report of simulator runs: inline SVG charts (no scripts, no network), so the file opens
 * offline. Chinese first, English beside.
 */
import type { BenchmarkResult } from '@redbridge/domain/simulation';
import { SIM_GROUPS } from '@redbridge/domain/simulation';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLORS = ['#c0392b', '#e67e22', '#2980b9', '#16a085', '#8e44ad', '#7f8c8d', '#d35400', '#27ae60'];
const LEVEL_COLORS = ['#2ecc71', '#a3d977', '#f1c40f', '#e67e22', '#c0392b'];

interface Series { readonly name: string; readonly values: readonly number[]; readonly color: string }

/**
 * @param o - title, x labels (dates), series, optional horizontal reference lines
 * @returns an SVG line chart
 */
export function lineChart(o: { title: string; x: readonly string[]; series: readonly Series[]; hlines?: readonly { y: number; label: string; color: string }[]; yMax?: number; xKind?: 'date' | 'number' }): string {
  const W = 920, H = 280, L = 56, R = 130, T = 30, B = 34;
  const n = o.x.length;
  const all = o.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const yMax = o.yMax ?? Math.max(1, ...all, ...(o.hlines ?? []).map((h) => h.y)) * 1.08;
  const xs = (i: number): number => L + (n <= 1 ? 0 : (i / (n - 1)) * (W - L - R));
  const ys = (v: number): number => T + (1 - Math.min(v, yMax) / yMax) * (H - T - B);
  const parts: string[] = [`<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(o.title)}" xmlns="http://www.w3.org/2000/svg">`];
  parts.push(`<text x="${L}" y="18" font-size="14" font-weight="600">${esc(o.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${ys(v)}" y2="${ys(v)}" stroke="#eee"/><text x="${L - 6}" y="${ys(v) + 4}" font-size="11" text-anchor="end">${v >= 100 ? Math.round(v) : v.toFixed(1)}</text>`);
  }
  const ticks = Math.min(8, n);
  for (let k = 0; k < ticks; k++) {
    const i = Math.round((k / Math.max(1, ticks - 1)) * (n - 1));
    parts.push(`<text x="${xs(i)}" y="${H - 12}" font-size="10" text-anchor="middle">${esc(o.x[i] ?? '')}</text>`);
  }
  for (const h of o.hlines ?? []) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${ys(h.y)}" y2="${ys(h.y)}" stroke="${h.color}" stroke-dasharray="5 4"/><text x="${W - R + 4}" y="${ys(h.y) + 4}" font-size="10" fill="${h.color}">${esc(h.label)}</text>`);
  }
  o.series.forEach((s, si) => {
    const step = Math.max(1, Math.floor(n / 900));
    const pts: string[] = [];
    for (let i = 0; i < n; i += step) if (Number.isFinite(s.values[i])) pts.push(`${xs(i).toFixed(1)},${ys(s.values[i]).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.3" points="${pts.join(' ')}"/>`);
    parts.push(`<rect x="${W - R + 8}" y="${T + si * 16}" width="10" height="10" fill="${s.color}"/><text x="${W - R + 22}" y="${T + si * 16 + 9}" font-size="11">${esc(s.name)}</text>`);
  });
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#999"/></svg>`);
  return parts.join('');
}

/** Scatter of (shortage %, waste %) points joined per frontier. */
function frontierChart(r: NonNullable<BenchmarkResult['replay']>): string {
  const W = 640, H = 320, L = 56, R = 150, T = 30, B = 40;
  const pts = [...r.baseline, ...r.ours];
  const xMax = Math.max(1.5, ...pts.map((p) => p.shortageRate)) * 1.05;
  const yMax = Math.max(3, ...pts.map((p) => p.outdateRate)) * 1.05;
  const xs = (v: number): number => L + (Math.min(v, xMax) / xMax) * (W - L - R);
  const ys = (v: number): number => T + (1 - Math.min(v, yMax) / yMax) * (H - T - B);
  const out: string[] = [`<svg viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="frontier">`];
  out.push(`<text x="${L}" y="18" font-size="14" font-weight="600">S6 前沿：浪费 vs 缺货 / waste vs unit shortage (%)</text>`);
  for (let k = 0; k <= 4; k++) {
    out.push(`<text x="${L - 6}" y="${ys((yMax * k) / 4) + 4}" font-size="11" text-anchor="end">${((yMax * k) / 4).toFixed(1)}</text>`);
    out.push(`<text x="${xs((xMax * k) / 4)}" y="${H - 20}" font-size="11" text-anchor="middle">${((xMax * k) / 4).toFixed(2)}</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">缺货率 unit shortage %</text>`);
  const line = (ps: readonly (typeof pts)[number][], color: string, name: string, i: number): void => {
    const s = [...ps].sort((a, b) => a.shortageRate - b.shortageRate);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${s.map((p) => `${xs(p.shortageRate).toFixed(1)},${ys(p.outdateRate).toFixed(1)}`).join(' ')}"/>`);
    for (const p of s) out.push(`<circle cx="${xs(p.shortageRate)}" cy="${ys(p.outdateRate)}" r="3" fill="${color}"><title>c=${p.c}: ${p.outdateRate.toFixed(2)} % / ${p.shortageRate.toFixed(2)} %</title></circle>`);
    out.push(`<rect x="${W - R + 8}" y="${T + i * 16}" width="10" height="10" fill="${color}"/><text x="${W - R + 22}" y="${T + i * 16 + 9}" font-size="11">${esc(name)}</text>`);
  };
  line(r.baseline, '#7f8c8d', 'FIFO 基线 baseline', 0);
  line(r.ours, '#c0392b', '本系统 ours', 1);
  out.push(`<circle cx="${xs(0.47)}" cy="${ys(1.13)}" r="5" fill="none" stroke="#2980b9" stroke-width="2"/><text x="${W - R + 22}" y="${T + 2 * 16 + 9}" font-size="11">参考 §8 (0.47, 1.13)</text><circle cx="${W - R + 13}" cy="${T + 2 * 16 + 5}" r="5" fill="none" stroke="#2980b9" stroke-width="2"/>`);
  out.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#999"/></svg>`);
  return out.join('');
}

/** Alert levels per group over time, one row per group. */
function alertStrip(dates: readonly string[], alert: readonly (readonly number[])[]): string {
  const W = 920, rowH = 16, L = 56, R = 130, T = 26;
  const H = T + SIM_GROUPS.length * rowH + 30;
  const n = dates.length;
  const w = (W - L - R) / Math.max(1, n);
  const out: string[] = [`<svg viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="alerts">`];
  out.push(`<text x="${L}" y="16" font-size="14" font-weight="600">库存预警（血站，按血型）/ Alert level by group</text>`);
  SIM_GROUPS.forEach((g, gi) => {
    out.push(`<text x="${L - 6}" y="${T + gi * rowH + 12}" font-size="11" text-anchor="end">${g}</text>`);
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i === n || alert[i][gi] !== alert[start][gi]) {
        out.push(`<rect x="${(L + start * w).toFixed(1)}" y="${T + gi * rowH}" width="${((i - start) * w + 0.3).toFixed(1)}" height="${rowH - 2}" fill="${LEVEL_COLORS[alert[start][gi]]}"/>`);
        start = i;
      }
    }
  });
  ['绿 green', '关注 watch', '黄 yellow', '橙 orange', '红 red'].forEach((l, i) => {
    out.push(`<rect x="${W - R + 8}" y="${T + i * 16}" width="10" height="10" fill="${LEVEL_COLORS[i]}"/><text x="${W - R + 22}" y="${T + i * 16 + 9}" font-size="11">${l}</text>`);
  });
  for (let k = 0; k < 6; k++) {
    const i = Math.round((k / 5) * (n - 1));
    out.push(`<text x="${L + i * w}" y="${H - 8}" font-size="10" text-anchor="middle">${esc(dates[i] ?? '')}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

const fmt = (v: unknown): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v)) : v === null || v === undefined ? '—' : String(v));

function targetsTable(r: BenchmarkResult): string {
  if (r.targets.length === 0) return '';
  return `<table><tr><th>目标 Target</th><th>要求</th><th>结果 Result</th><th></th></tr>${r.targets
    .map((t) => `<tr><td>${esc(t.label)}</td><td>${esc(t.target)}</td><td>${esc(fmt(t.value))}</td><td class="${t.met ? 'ok' : 'bad'}">${t.met ? '✔ 达标 met' : '✘ 未达标 not met'}</td></tr>`)
    .join('')}</table>`;
}

function metricsTable(r: BenchmarkResult): string {
  const rows: [string, string, unknown, unknown][] = [];
  const m = r.metrics;
  const add = (zh: string, en: string, a: unknown, b: unknown): void => { rows.push([zh, en, a, b]); };
  add('过期率（全系统）', 'outdateRate (system-wide, ÷ received)', m.rbc.outdateRate, m.platelets.outdateRate);
  add('过期率（血站）', 'stationOutdateRate', m.rbc.stationOutdateRate, m.platelets.stationOutdateRate);
  add('缺货率（袋）', 'shortageRate (units)', m.rbc.shortageRate, m.platelets.shortageRate);
  add('订单满足率', 'fillRate (orders in full)', m.rbc.fillRate, m.platelets.fillRate);
  add('袋满足率', 'unitFillRate', m.rbc.unitFillRate, m.platelets.unitFillRate);
  add('缺货天数占比', 'shortageDays (%)', m.rbc.shortageDays, m.platelets.shortageDays);
  add('发血时平均血龄（天）', 'meanAgeAtIssueDays', m.rbc.meanAgeAtIssueDays, m.platelets.meanAgeAtIssueDays);
  add('报废率（含过期）', 'discardRate (÷ issued)', m.rbc.discardRate, m.platelets.discardRate);
  add('相容非同型发血率', 'substitutionRate', m.rbc.substitutionRate, m.platelets.substitutionRate);
  return `<table><tr><th>指标</th><th>Metric (§1)</th><th>红细胞 RBC</th><th>血小板 PLT</th></tr>${rows
    .map(([zh, en, a, b]) => `<tr><td>${zh}</td><td>${en}</td><td>${fmt(a)}</td><td>${fmt(b)}</td></tr>`).join('')}</table>
    <p>RhD阴性红细胞 RhD-negative RBC: 满足率 fill ${fmt(m.rhdNegative.unitFillRate)} %，过期率 outdate ${fmt(m.rhdNegative.outdateRate)} %；
    ${Object.entries(m.rhdNegative.byGroup).map(([g, v]) => `${g}: ${fmt(v.fillRate)} % / ${fmt(v.outdateRate)} %`).join('；')}</p>
    <p>紧急用血 Emergency: ${m.emergency.requests} 次 requests, ${m.emergency.units} U, 未满足 unmet ${m.emergency.unmet} U, RhD− 患者知情同意输 RhD+ RhD+ with consent ${m.emergency.rhdPositiveWithConsentUnits} U,
    p95 ${fmt(m.emergency.p95MinutesToIssue)} min, 60 分钟内满足 within 60 min ${fmt(m.emergency.within60MinutesRate)} %</p>`;
}

function section(r: BenchmarkResult): string {
  const parts: string[] = [`<section><h2>${esc(r.scenario)} · ${esc(r.title)}</h2>`,
    `<p class="meta">${r.seeds} 个随机种子 seeds × ${r.days} 天 days（预热 warm-up ${r.warmupDays} 天）；比率单位 rates in %</p>`, targetsTable(r)];
  if (r.replay) {
    const rp = r.replay;
    parts.push(frontierChart(rp));
    parts.push(`<p>在 0.47 % 缺货时的浪费 Waste at 0.47 % shortage: 本系统 ours <b>${fmt(rp.wasteAtReferenceShortage.ours)} %</b>, 基线重算 baseline re-run ${fmt(rp.wasteAtReferenceShortage.baseline)} %, 参考 reference 1.13 %. LIFO (c=1.3): ${rp.lifo.outdateRate.toFixed(2)} % / ${rp.lifo.shortageRate.toFixed(2)} %.</p>`);
    parts.push(`<table><tr><th>预测 Forecaster</th><th>1 天 MAPE</th><th>3 天合计 MAPE</th></tr>${rp.forecast.map((f) => `<tr><td>${esc(f.forecaster)}</td><td>${f.mape1.toFixed(1)} %</td><td>${f.mape3.toFixed(1)} %</td></tr>`).join('')}</table>`);
  } else {
    parts.push(metricsTable(r));
  }
  if (r.ablation) {
    parts.push(`<table><tr><th>发血顺序 Issuing order</th><th>RBC 过期率 outdate</th><th>RBC 平均血龄 age</th><th>PLT 过期率</th><th>PLT 缺货率</th><th>PLT 血龄</th></tr>${Object.entries(r.ablation)
      .map(([k, v]) => `<tr><td>${k}</td><td>${fmt(v?.rbc.outdateRate)}</td><td>${fmt(v?.rbc.meanAgeAtIssueDays)}</td><td>${fmt(v?.platelets.outdateRate)}</td><td>${fmt(v?.platelets.shortageRate)}</td><td>${fmt(v?.platelets.meanAgeAtIssueDays)}</td></tr>`).join('')}</table>`);
  }
  const s = r.series;
  if (s) {
    const pos = SIM_GROUPS.map((g, i) => [g, i] as const).filter(([g]) => g.endsWith('+'));
    parts.push(lineChart({ title: '血站红细胞库存（袋，按血型）/ Station RBC stock by group (units), seed 1', x: s.date,
      series: pos.map(([g, i], k) => ({ name: g, values: s.stationStock.red_cells.map((d) => d[i]), color: COLORS[k] })) }));
    parts.push(lineChart({ title: '血站供应天数 / Station days of supply (RBC)', x: s.date, yMax: 14,
      series: pos.map(([g, i], k) => ({ name: g, values: s.stationDos.map((d) => d[i]), color: COLORS[k] })),
      hlines: [{ y: 7, label: '绿 7 d', color: '#27ae60' }, { y: 5, label: '黄 5 d', color: '#f1c40f' }, { y: 3, label: '橙 3 d', color: '#e67e22' }, { y: 2, label: '红 2 d', color: '#c0392b' }] }));
    parts.push(alertStrip(s.date, s.alert));
    parts.push(lineChart({ title: '采血与用血（红细胞，袋/天）/ RBC collections and demand per day', x: s.date,
      series: [{ name: '采集 collected', values: s.collected.red_cells, color: '#2980b9' }, { name: '需求 demand', values: s.demand.red_cells, color: '#c0392b' }] }));
    parts.push(lineChart({ title: '全系统库存 / System-wide stock (RBC, PLT)', x: s.date,
      series: [{ name: 'RBC', values: s.systemStock.red_cells, color: '#c0392b' }, { name: 'PLT ×10', values: s.systemStock.platelets.map((v) => v * 10), color: '#8e44ad' }] }));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * @param results - scenario results (with the first seed's daily series)
 * @param perf - speed and memory figures
 * @returns a complete, offline HTML document
 */
export function renderReport(results: readonly BenchmarkResult[], perf: { simulatedDaysPerSecond: number; peakRssMb: number; command: string }): string {
  const summary = results.map((r) => `<tr><td><a href="#${r.scenario}">${r.scenario}</a></td><td>${esc(r.title)}</td><td>${r.targets.filter((t) => t.met).length}/${r.targets.length}</td><td>${r.targets.filter((t) => !t.met).map((t) => esc(t.label)).join('; ') || '—'}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>RedBridge 供应链仿真报告 / supply-chain simulation report</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;max-width:980px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}th{background:#f4f4f4}.ok{color:#27ae60;font-weight:600}.bad{color:#c0392b;font-weight:600}.meta{color:#666;font-size:13px}section{margin-top:28px;border-top:2px solid #eee}</style></head><body>
<h1>RedBridge 血液供应链仿真报告 <small>Supply-chain simulation report</small></h1>
<p class="meta">命令 Command: <code>${esc(perf.command)}</code> · 仿真速度 ${perf.simulatedDaysPerSecond.toFixed(0)} 仿真天/秒 simulated days/s · 峰值内存 peak RSS ${perf.peakRssMb.toFixed(0)} MB</p>
<table><tr><th>场景</th><th>Scenario</th><th>达标 met</th><th>未达标 not met</th></tr>${summary}</table>
${results.map((r) => `<a id="${r.scenario}"></a>${section(r)}`).join('\n')}
</body></html>`;
}
