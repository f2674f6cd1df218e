/**
 * RedBridge software benchmarks (issue #7): prints tables and writes JSON to bench-results/.
 *
 *   npm run bench                  # full sizes (1M units in stock, 10M historical on PostgreSQL), see docs/benchmarks.md
 *   npm run bench -- --size smoke  # seconds; what CI runs
 *
 * Measures, per engine (PostgreSQL 15 and the embedded PGlite process):
 * - issue transaction: allocate + issue a 10-unit order through the HTTP API with concurrent clients, at N units in stock;
 * - stock dashboard and days-of-supply query (GET /api/inventory/stock) p50/p99 with H historical units;
 * - peak RSS of the API server process and of the embedded database process;
 * - growth: the same at 1× and 10× data;
 * and, on PostgreSQL, bulk load of demo history as a ratio to PostgreSQL's own COPY of the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { migrateDatabase } from '../src/db/migrate.ts';
import { loadDemo } from '../src/demo/load.ts';
import { repoRoot } from '../src/config.ts';
import { seedMinimal, TEST_PASSWORD } from '../test/fixtures.ts';
import { startApiServer, startEngine, type EngineName } from './engines.ts';
import { fillStock } from './stock-fill.ts';
import { BenchClient } from './http.ts';
import { printTable, processMemoryMiB, round, summarise } from './lib.ts';
// @ts-ignore plain ESM helper shared with the test runner
import { findPgBin } from '../../../scripts/lib/pg-cluster.mjs';

export interface BenchSize {
  name: string;
  engines: EngineName[];
  /** Units in stock for the issue benchmark, per growth step (1×, 10×). */
  stockUnits: number[];
  /** Historical units for the query benchmark, per engine. */
  historicalUnits: Record<EngineName, number>;
  orders: number;
  clients: number[];
  queryRepeats: number;
  demoScale: 'small' | 'city';
}

export const SIZES: Record<string, BenchSize> = {
  smoke: { name: 'smoke', engines: ['postgres', 'embedded'], stockUnits: [2_000, 20_000], historicalUnits: { postgres: 20_000, embedded: 20_000 },
    orders: 16, clients: [1, 4], queryRepeats: 30, demoScale: 'small' },
  full: { name: 'full', engines: ['postgres', 'embedded'], stockUnits: [100_000, 1_000_000], historicalUnits: { postgres: 10_000_000, embedded: 1_000_000 },
    orders: 300, clients: [1, 4, 8], queryRepeats: 200, demoScale: 'city' },
};

const GROUPS = [['O', 'POS', 34], ['A', 'POS', 29], ['B', 'POS', 28], ['AB', 'POS', 9]] as const;

export interface IssueResult { engine: EngineName; stockUnits: number; clients: number; orders: number; ordersPerSec: number; p50Ms: number; p99Ms: number; unitsIssued: number; doubleIssued: number }
export interface QueryResult { engine: EngineName; historicalUnits: number; stockUnits: number; route: string; p50Ms: number; p99Ms: number }
export interface MemoryResult { engine: EngineName; stockUnits: number; apiPeakMiB: number; dbPeakMiB: number | null }
export interface BulkResult { scale: string; rows: number; demoRowsPerSec: number; copyRowsPerSec: number; ratio: number }
export interface BenchReport { size: string; machine: string; issue: IssueResult[]; queries: QueryResult[]; memory: MemoryResult[]; bulk: BulkResult | null }

function log(msg: string) { process.stderr.write(`[bench] ${msg}\n`); }

async function issueBench(engine: EngineName, baseUrl: string, dbUrl: string, stockUnits: number, orders: number, clients: number): Promise<IssueResult> {
  const hospital = await BenchClient.login(baseUrl, 'hospital', TEST_PASSWORD);
  const dispatchers = await Promise.all(Array.from({ length: clients }, () => BenchClient.login(baseUrl, 'dispatch', TEST_PASSWORD)));
  const ids: number[] = [];
  for (let i = 0; i < orders; i++) {
    const [abo, rhd] = GROUPS[i % GROUPS.length];
    const r = await hospital.request('POST', '/api/orders', { lines: [{ componentClass: 'red_cells', abo, rhd, quantity: 10 }], neededBy: new Date().toISOString() });
    if (r.status !== 201) throw new Error(`order: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.id);
  }
  const queue = [...ids];
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(dispatchers.map(async (c) => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const t0 = performance.now();
      const a = await c.request('POST', `/api/orders/${id}/allocate`, {});
      const b = await c.request('POST', `/api/orders/${id}/issue`, {});
      if (a.status !== 200 || b.status !== 200) throw new Error(`allocate/issue ${id}: ${a.status}/${b.status} ${JSON.stringify(b.body)}; allocate answered ${JSON.stringify(a.body).slice(0, 600)}`);
      samples.push(performance.now() - t0);
    }
  }));
  const wallS = (performance.now() - started) / 1000;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows: [check] } = await client.query(`select count(*)::int as issued,
      (select count(*)::int from (select unit_id from unit_event where type = 'issue' group by unit_id having count(*) > 1) x) as dup
    from blood_unit where status = 'issued' and order_id = any($1::bigint[])`, [ids]);
  await client.end();
  const s = summarise(samples);
  return { engine, stockUnits, clients, orders, ordersPerSec: round(orders / wallS), p50Ms: round(s.p50), p99Ms: round(s.p99), unitsIssued: check.issued, doubleIssued: check.dup };
}

async function queryBench(engine: EngineName, baseUrl: string, historicalUnits: number, stockUnits: number, repeats: number): Promise<QueryResult[]> {
  const c = await BenchClient.login(baseUrl, 'dispatch', TEST_PASSWORD);
  const routes = ['/api/inventory/stock', '/api/units?status=available&pageSize=20', '/api/units?status=quarantined&pageSize=1'];
  const out: QueryResult[] = [];
  for (const route of routes) {
    for (let i = 0; i < 3; i++) await c.request('GET', route); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const r = await c.request('GET', route);
      if (r.status !== 200) throw new Error(`${route}: ${r.status}`);
      samples.push(performance.now() - t0);
    }
    const s = summarise(samples);
    out.push({ engine, historicalUnits, stockUnits, route, p50Ms: round(s.p50), p99Ms: round(s.p99) });
  }
  return out;
}

/** Loads demo history into one database and the same rows by COPY into another; rows/s of each. */
async function bulkBench(scale: 'small' | 'city'): Promise<BulkResult> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const psql = path.join(bin, 'psql');
  const engine = await startEngine('postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-copy-'));
  fs.chmodSync(dir, 0o777);
  try {
    const a = await engine.database('rb_bulk_a');
    const b = await engine.database('rb_bulk_b');
    await migrateDatabase(a);
    await migrateDatabase(b);
    const t0 = performance.now();
    const summary = await loadDemo(a, { scale, stationCode: '37071', now: new Date('2026-11-01T00:00:00Z') });
    const demoS = (performance.now() - t0) / 1000;
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const tables = ['organisation', 'app_user', 'donor', 'din_sequence', 'donation', 'blood_unit', 'unit_event', 'blood_order',
      'order_line', 'order_allocation', 'transfusion', 'audit_log', 'daily_issue'];
    let rows = 0;
    for (const t of tables) rows += (await client.query(`select count(*)::int as n from ${t}`)).rows[0].n;
    await client.end();
    const ordered = (t: string) => (['din_sequence', 'daily_issue'].includes(t) ? `select * from ${t}` : `select * from ${t} order by id`);
    for (const t of tables) {
      const r = spawnSync(psql, [a, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy (${ordered(t)}) to '${dir}/${t}.csv' csv`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`copy out ${t}: ${r.stderr}`);
    }
    const t1 = performance.now();
    const script = tables.map((t) => `\\copy ${t} from '${dir}/${t}.csv' csv`).join('\n');
    const r = spawnSync(psql, [b, '-v', 'ON_ERROR_STOP=1', '-1'], { input: script, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`copy in: ${r.stderr}`);
    const copyS = (performance.now() - t1) / 1000;
    void summary;
    return { scale, rows, demoRowsPerSec: Math.round(rows / demoS), copyRowsPerSec: Math.round(rows / copyS), ratio: round((rows / demoS) / (rows / copyS), 3) };
  } finally {
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runBench(size: BenchSize, opts: { bulk?: boolean } = {}): Promise<BenchReport> {
  const report: BenchReport = { size: size.name, machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`, issue: [], queries: [], memory: [], bulk: null };
  for (const engineName of size.engines) {
    for (const [step, stockUnits] of size.stockUnits.entries()) {
      log(`${engineName}: ${stockUnits.toLocaleString()} units in stock …`);
      const engine = await startEngine(engineName);
      try {
        const url = await engine.database('rb_bench');
        await migrateDatabase(url);
        const fx = await seedMinimal(url);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows: [u] } = await client.query(`select id::int from app_user where username = 'dispatch'`);
        await client.end();
        const history = step === size.stockUnits.length - 1 ? size.historicalUnits[engineName] : 0;
        const fillStart = performance.now();
        await fillStock(url, { stationId: fx.stationId, hospitalId: fx.hospitalId, userId: u.id }, { availableUnits: stockUnits, historicalUnits: history },
          (done, total) => { if (done === total || done % 1_000_000 < 200_000) log(`  filled ${done.toLocaleString()}/${total.toLocaleString()}`); });
        log(`  fill took ${round((performance.now() - fillStart) / 1000, 1)} s`);
        const api = await startApiServer(url);
        try {
          for (const q of await queryBench(engineName, api.baseUrl, history, stockUnits, size.queryRepeats)) {
            report.queries.push(q);
            log(`  query ${q.route}: p50 ${q.p50Ms} ms, p99 ${q.p99Ms} ms`);
          }
          for (const clients of size.clients) {
            const x = await issueBench(engineName, api.baseUrl, url, stockUnits, size.orders, clients);
            report.issue.push(x);
            log(`  issue ${clients} client(s): ${x.ordersPerSec} orders/s, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, issued twice ${x.doubleIssued}`);
          }
          report.memory.push({ engine: engineName, stockUnits, apiPeakMiB: round(processMemoryMiB(api.pid)?.peak ?? NaN, 0),
            dbPeakMiB: engineName === 'embedded' ? round(processMemoryMiB(engine.pid)?.peak ?? NaN, 0) : null });
        } finally {
          await api.stop();
        }
      } finally {
        await engine.stop();
      }
    }
  }
  if (opts.bulk !== false) {
    log(`bulk load (${size.demoScale}) vs COPY on PostgreSQL …`);
    report.bulk = await bulkBench(size.demoScale);
  }
  return report;
}

export function printReport(r: BenchReport): void {
  console.log(`RedBridge benchmarks — size ${r.size} — ${r.machine}`);
  printTable('Issue transaction (allocate + issue a 10-unit order over HTTP)', r.issue.map((x) => ({
    engine: x.engine, 'units in stock': x.stockUnits, clients: x.clients, orders: x.orders, 'orders/s': x.ordersPerSec,
    'p50 ms': x.p50Ms, 'p99 ms': x.p99Ms, 'units issued': x.unitsIssued, 'issued twice': x.doubleIssued,
  })));
  printTable('Stock dashboard and days-of-supply queries', r.queries.map((x) => ({
    engine: x.engine, 'historical units': x.historicalUnits, 'units in stock': x.stockUnits, route: x.route, 'p50 ms': x.p50Ms, 'p99 ms': x.p99Ms,
  })));
  printTable('Peak memory (RSS, MiB)', r.memory.map((x) => ({
    engine: x.engine, 'units in stock': x.stockUnits, 'API server': x.apiPeakMiB, 'embedded database': x.dbPeakMiB ?? 'n/a (PostgreSQL)',
  })));
  if (r.bulk) {
    printTable('Bulk load of demo history vs PostgreSQL COPY of the same rows', [{
      scale: r.bulk.scale, rows: r.bulk.rows, 'demo loader rows/s': r.bulk.demoRowsPerSec, 'COPY rows/s': r.bulk.copyRowsPerSec, 'ratio (loader/COPY)': r.bulk.ratio,
    }]);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const args = process.argv.slice(2);
  const sizeName = args.includes('--size') ? args[args.indexOf('--size') + 1] : 'full';
  const size = SIZES[sizeName];
  if (!size) throw new Error(`unknown size ${sizeName}; use ${Object.keys(SIZES).join(' | ')}`);
  const engines = args.includes('--engine') ? [args[args.indexOf('--engine') + 1] as EngineName] : size.engines;
  const report = await runBench({ ...size, engines }, { bulk: !args.includes('--no-bulk') });
  printReport(report);
  const outDir = path.join(repoRoot, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${size.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nJSON: ${path.relative(repoRoot, file)}`);
}
