/** The validation commands, run as a station would run them from the shell [R12][R48][R3]. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/redbridge.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('redbridge validation commands [R12]', () => {
  it('din check-character prints the MOD 37-2 check character alone [R48]', () => {
    assert.equal(execFileSync(process.execPath, [bin, 'din', 'check-character', 'G123417654321'], { encoding: 'utf8' }), 'A\n');
    const bad = run('din', 'check-character', 'G12341765432!');
    assert.notEqual(bad.status, 0);
  });

  it('label decode prints one JSON object and never crashes on garbage [R47][R50]', () => {
    const ok = run('label', 'decode', '=G12341765432100');
    assert.equal(ok.status, 0);
    const body = JSON.parse(ok.stdout);
    assert.equal(body.dataStructure, '001');
    assert.equal(body.valid, true);
    assert.equal(body.fields.checkCharacter, 'A');
    const group = JSON.parse(run('label', 'decode', '=%9500').stdout);
    assert.deepEqual([group.fields.abo, group.fields.rhd], ['O', 'NEG']);
    const junk = run('label', 'decode', '\u0007 ☃ =<');
    assert.equal(junk.status, 1);
    const parsed = JSON.parse(junk.stdout);
    assert.equal(parsed.valid, false);
    assert.ok(parsed.errors.length > 0);
  });

  it('label decode reads blood group 002, product 003, expiry 004/005, compound 023 and concatenated pairs [R47][R50]', () => {
    const decode = (s: string) => JSON.parse(run('label', 'decode', s).stdout);
    assert.deepEqual([decode('=%0600').dataStructure, decode('=%0600').fields.abo, decode('=%0600').fields.rhd], ['002', 'A', 'NEG']);
    const product = decode('=<C0021V00');
    assert.deepEqual([product.dataStructure, product.fields.productCode, product.fields.donationType, product.fields.split], ['003', 'C0021', 'V', '00']);
    assert.equal(decode('=>026360').dataStructure, '004');
    assert.equal(decode('=>026360').fields.date, '2026-12-26');
    const dt = decode('&>0263601712');
    assert.deepEqual([dt.dataStructure, dt.fields.dateTime], ['005', '2026-12-26T17:12']);
    const compound = decode('=+02001=370712600000100=<C0021V00');
    assert.deepEqual([compound.dataStructure, compound.valid, compound.fields.structures.map((x: any) => x.dataStructure)], ['023', true, ['001', '003']]);
    const pair = decode('=370712600000100=<C0021V00');
    assert.deepEqual([pair.dataStructure, pair.valid, pair.fields.structures.map((x: any) => x.dataStructure)], ['concatenated', true, ['001', '003']]);
  });

  it('id-card check reports validity, birth date and sex [R3]', () => {
    const good = JSON.parse(run('id-card', 'check', '11010519491231002X').stdout);
    assert.deepEqual(good, { valid: true, birthDate: '1949-12-31', sex: 'female', errors: [] });
    const bad = run('id-card', 'check', '110105194912310021');
    assert.equal(bad.status, 1);
    assert.equal(JSON.parse(bad.stdout).errors[0].code, 'ID_CHECK_DIGIT');
  });

  const jsonFile = (v: unknown) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rb-cli-')), 'in.json');
    fs.writeFileSync(f, JSON.stringify(v));
    return f;
  };

  it('benefits entitlement prints the issue\'s shape: Henan donor 3× within 5 y, a parent equal volume [R67]', () => {
    const donations = [{ date: '2020-01-10', type: 'whole_blood', volumeMl: 400, qualified: true }];
    const self = run('benefits', 'entitlement', '--json', jsonFile({ province: 'henan', onDate: '2024-01-01', relation: 'self', donations, usedMl: 200 }));
    assert.equal(self.status, 0, self.stderr);
    const r = JSON.parse(self.stdout);
    assert.deepEqual(Object.keys(r).sort(), ['entitledMl', 'reasons', 'remainingMl', 'rule', 'unlimited']);
    assert.deepEqual([r.unlimited, r.entitledMl, r.remainingMl], [false, 1200, 1000]);
    assert.match(r.rule, /河南.*2020/);
    const gd = JSON.parse(run('benefits', 'entitlement', '--json', jsonFile({ province: 'guangdong', onDate: '2024-01-01', relation: 'self', donations, usedMl: 0 })).stdout);
    assert.deepEqual([gd.unlimited, gd.entitledMl, gd.remainingMl], [true, null, null]);
    const bad = run('benefits', 'entitlement', '--json', jsonFile({ province: 'henan', onDate: '2024-01-01', relation: 'uncle', donations, usedMl: 0 }));
    assert.equal(bad.status, 1);
    assert.equal(JSON.parse(bad.stdout).errors[0].field, 'relation');
  });

  it('awards evaluate prints award and count: 40 × 200 ml → gold; 20 → bronze', () => {
    const donations = (n: number) => Array.from({ length: n }, (_, i) => ({ date: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, type: 'whole_blood', volumeMl: 200 }));
    const gold = JSON.parse(run('awards', 'evaluate', '--json', jsonFile({ cycleEnd: '2023-12-31', donations: donations(40), previousAwards: [] })).stdout);
    assert.deepEqual([gold.award, gold.count], ['gold', 40]);
    const bronze = JSON.parse(run('awards', 'evaluate', '--json', jsonFile({ cycleEnd: '2023-12-31', donations: donations(20), previousAwards: [] })).stdout);
    assert.deepEqual([bronze.award, bronze.count], ['bronze', 20]);
    assert.ok(Array.isArray(bronze.reasons));
    const vol = JSON.parse(run('awards', 'evaluate', '--json', jsonFile({ cycleEnd: '2023-12-31', donations: [], previousAwards: [], volunteer: { hours: 600, years: 3 } })).stdout);
    assert.deepEqual([vol.award, vol.volunteer], [null, { stars: 3, lifetime: false }]);
  });
});
