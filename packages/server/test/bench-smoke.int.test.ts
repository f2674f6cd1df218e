/**
 * The benchmark suite at a tiny size, so CI proves `npm run bench` works end to end (PostgreSQL 15 and the embedded
 * database, HTTP API server in its own process). It asserts what was measured is sound, not how fast it was:
 * speed targets are read from the printed figures (docs/benchmarks.md), never asserted in tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printReport, runBench, SIZES } from '../bench/run.ts';

describe('benchmark suite smoke run [R40]', () => {
  it('measures issue throughput, query latency, memory and bulk-load ratio on both engines', { timeout: 300_000 }, async () => {
    const report = await runBench({
      ...SIZES.smoke, stockUnits: [600], historicalUnits: { postgres: 2_000, embedded: 2_000 }, orders: 6, clients: [2], queryRepeats: 5,
    });
    printReport(report);
    assert.deepEqual(report.issue.map((r) => r.engine), ['postgres', 'embedded']);
    for (const r of report.issue) {
      assert.equal(r.unitsIssued, r.orders * 10, `${r.engine}: every 10-unit order issued in full`);
      assert.equal(r.doubleIssued, 0, `${r.engine}: no unit issued twice`);
      assert.ok(r.ordersPerSec > 0 && Number.isFinite(r.p99Ms));
    }
    assert.equal(report.queries.length, 6);
    assert.ok(report.queries.every((q) => Number.isFinite(q.p99Ms) && q.p99Ms >= q.p50Ms));
    assert.ok(report.memory.every((m) => m.apiPeakMiB > 0));
    assert.ok((report.memory.find((m) => m.engine === 'embedded')?.dbPeakMiB ?? 0) > 0);
    assert.ok(report.bulk && report.bulk.rows > 10_000 && report.bulk.ratio > 0);
  });
});
