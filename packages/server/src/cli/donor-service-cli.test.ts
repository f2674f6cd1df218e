/** `eligibility assess` and `recruit score` run as a station would run them [R12][R16]. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/redbridge.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const tmp = (name: string, body: string) => { const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rb-cli-')), name); fs.writeFileSync(f, body); return f; };

describe('donor-service validation commands [R12][R16]', () => {
  it('eligibility assess prints the decision in the issue shape with the rule set id', () => {
    const input = {
      date: '2026-11-21', donationType: 'whole_blood', donor: { birthDate: '1990-05-10', sex: 'female', previousDonations: 2 },
      exam: { weightKg: 52, hbGPerL: 118, systolicMmHg: 112, diastolicMmHg: 70, pulseBpm: 76, temperatureC: 36.5 },
      history: [{ type: 'apheresis_platelets', date: '2026-11-01', doses: 2 }], answers: [{ code: 'tattoo', date: '2026-03-01' }],
    };
    const r = run('eligibility', 'assess', '--json', tmp('in.json', JSON.stringify(input)));
    assert.equal(r.status, 1);
    const d = JSON.parse(r.stdout);
    assert.deepEqual([d.eligible, d.eligibleFrom, d.ruleSetId], [false, '2027-03-01', 'GB18467-2011']);
    assert.deepEqual(d.reasons.map((x: { code: string }) => x.code), ['INTERVAL_APHERESIS_PLATELETS_TO_WHOLE_BLOOD', 'DEFERRAL_TATTOO']);
    for (const reason of d.reasons) assert.ok(reason.message.includes(' / ') && reason.source.startsWith('GB18467-2011'));
    const ok = run('eligibility', 'assess', '--json', tmp('ok.json', JSON.stringify({ ...input, history: [], answers: [] })));
    assert.equal(ok.status, 0);
    assert.equal(JSON.parse(ok.stdout).eligibleFrom, '2026-11-21');
    const bad = run('eligibility', 'assess', '--json', tmp('bad.json', JSON.stringify({ ...input, donor: { ...input.donor, sex: 'x' } })));
    assert.equal(bad.status, 2);
    assert.equal(JSON.parse(bad.stdout).errors[0].field, 'donor.sex');
  });

  it('recruit score appends a probability column, ranks recent frequent donors higher, and names bad cells', () => {
    const csv = tmp('in.csv', 'recency_months,frequency,volume_ml,first_donation_months\n2,5,2000,24\n40,1,200,40\n');
    const r = run('recruit', 'score', '--input', csv);
    assert.equal(r.status, 0);
    const [head, a, b] = r.stdout.trim().split('\n');
    assert.equal(head, 'recency_months,frequency,volume_ml,first_donation_months,probability');
    const pa = Number(a.split(',')[4]); const pb = Number(b.split(',')[4]);
    assert.ok(pa > 0 && pa < 1 && pb > 0 && pb < 1 && pa > pb, `${pa} ${pb}`);
    const bad = run('recruit', 'score', '--input', tmp('bad.csv', 'recency_months,frequency,volume_ml,first_donation_months\n2,0,2000,24\n'));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /line 2: frequency/);
    assert.equal(bad.stdout, '');
  });
});
