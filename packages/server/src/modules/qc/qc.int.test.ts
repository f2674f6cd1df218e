/** QC sampling and EQA through the API, on PGlite and PostgreSQL 15. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';

for (const kind of testDatabaseKinds()) {
  describe(`QC sampling and EQA on ${kind} [R44][R32]`, () => {
    let t: TestApp;
    let lab: ApiClient;
    let component: ApiClient;
    let unitId: number;

    before(async () => {
      t = await startTestApp(kind);
      const [donorUser] = await Promise.all([ApiClient.login(t.app, 'donor', TEST_PASSWORD)]);
      [lab, component] = await Promise.all(['lab', 'component'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
      const first17 = '37070219950505123';
      const donor = await donorUser.post('/api/donors', { idNumber: first17 + computeResidentIdCheckDigit(first17), name: '郑一' });
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
      const processed = await component.post(`/api/donations/${donation.body.din}/process`, { products: ['SRBC_MAP', 'FFP'] });
      unitId = processed.body.units.find((u: any) => u.productId === 'SRBC_MAP').id;
    });
    after(async () => { await t?.close(); });

    it('flags failing results against GB 18469 (scaled to 400 mL) and lists failures', async () => {
      const good = await component.post('/api/qc/samples', { unitId, measurements: { hct: 0.58, hbG: 46 } });
      assert.equal(good.status, 201, JSON.stringify(good.body));
      assert.equal(good.body.passed, true);
      const bad = await component.post('/api/qc/samples', { unitId, measurements: { hct: 0.7, hbG: 39, residualWbc: 1e6 } });
      assert.equal(bad.body.passed, false);
      assert.deepEqual(bad.body.checks.filter((c: any) => !c.pass).map((c: any) => c.parameter).sort(), ['hbG', 'hct']);
      assert.deepEqual(bad.body.unspecified, ['residualWbc']);
      const failed = (await lab.get('/api/qc/samples?failed=1')).body as any[];
      assert.deepEqual(failed.map((r) => r.id), [bad.body.id]);
      const invalid = await component.post('/api/qc/samples', { unitId, measurements: { hbG: -1 } });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.errors[0].pointer, '/measurements/hbG');
      assert.equal((await lab.get('/api/qc/samples')).body.length, 2, 'nothing saved by the bad request');
    });

    it('records external quality assessment results once per sample', async () => {
      const body = { scheme: '国家卫健委临检中心 血站ELISA室间质评', round: '2026-2', analyte: 'HBsAg', sampleCode: '202621', reported: '阳性', expected: '阳性', acceptable: true, reportedAt: '2026-09-01T08:00:00+08:00' };
      assert.equal((await lab.post('/api/qc/eqa', body)).status, 201);
      const dup = await lab.post('/api/qc/eqa', body);
      assert.equal(dup.status, 409);
      assert.equal((await lab.get('/api/qc/eqa')).body.length, 1);
    });
  });
}
