/** `redbridge simulate` as a station would run it (CI size: 1 seed, a few weeks) [R62]. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/redbridge.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });

describe('redbridge simulate [R62]', () => {
  it('prints the issue\'s JSON shape with targets, conservation and speed; writes an offline HTML report', { timeout: 300_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-sim-'));
    const r = run('simulate', '--scenario', 'S1', '--seeds', '1', '--days', '21', '--format', 'json', '--report', dir, '--no-progress');
    assert.equal(r.status, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(body).slice(0, 3), ['scenario', 'seeds', 'metrics']);
    assert.equal(body.scenario, 'S1');
    assert.equal(body.seeds, 1);
    for (const k of ['outdateRate', 'shortageRate', 'fillRate', 'meanAgeAtIssueDays']) assert.equal(typeof body.metrics.rbc[k], 'number', k);
    assert.equal(typeof body.metrics.platelets.outdateRate, 'number');
    assert.equal(typeof body.metrics.rhdNegative.unitFillRate, 'number');
    assert.deepEqual(Object.keys(body.metrics.emergency).filter((k) => k === 'unmet' || k === 'p95MinutesToIssue').sort(), ['p95MinutesToIssue', 'unmet']);
    assert.ok(body.targets.length >= 5 && body.targets.every((t: { met: unknown }) => typeof t.met === 'boolean'));
    assert.equal(body.conservation.ok, true);
    assert.ok(body.performance.simulatedDaysPerSecond > 0 && body.performance.peakRssMb > 0);
    const html = fs.readFileSync(path.join(dir, 'simulation-report.html'), 'utf8');
    assert.match(html, /<svg/);
    assert.match(html, /供应天数/);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/, 'offline: no scripts, no remote resources');
  });
  it('prints a table beside the targets, and rejects bad arguments with a bilingual message', { timeout: 300_000 }, () => {
    const t = run('simulate', '--scenario', 'S5', '--seeds', '1', '--days', '14', '--format', 'table', '--no-progress');
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /RhD− RBC unit fill rate \(with RhD− units only\)\s+≥ 95 %/);
    assert.match(t.stdout, /simulated days\/s/);
    const bad = run('simulate', '--scenario', 'S9', '--seeds', '1');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /场景无效 \/ unknown scenario/);
  });
});
