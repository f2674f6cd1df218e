/** Processing by scanning on PGlite and PostgreSQL 15: washed (24 h, never beyond the parent), frozen (10 y) → deglycerolised (24 h), cryo from FFP; a bad scan refuses the whole batch. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { encodeProductCode } from '@redbridge/domain/isbt128';
import { labelProductCode } from '@redbridge/domain/labels';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';

const productBarcode = (productId: string) => {
  const r = encodeProductCode(labelProductCode(productId), 'V', '00');
  if (!r.ok) throw new Error('encode');
  return r.value;
};

for (const kind of testDatabaseKinds()) {
  describe(`processing by scan on ${kind} [R2][R29][R30]`, () => {
    let t: TestApp;
    let component: ApiClient;
    let donorUser: ApiClient;
    let lab: ApiClient;
    let seq = 10;

    before(async () => {
      t = await startTestApp(kind);
      [component, donorUser, lab] = await Promise.all(['component', 'donor', 'lab'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
    });
    after(async () => { await t?.close(); });

    async function prepared() {
      const first17 = `370702199001${String(seq++).padStart(2, '0')}123`;
      const donor = await donorUser.post('/api/donors', { idNumber: first17 + computeResidentIdCheckDigit(first17), name: '冯二' });
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
      const din = donation.body.din as string;
      assert.equal((await component.post(`/api/donations/${din}/process`, { products: ['SRBC_MAP', 'FFP'] })).status, 200);
      await lab.post(`/api/donations/${din}/test-results`, { abo: 'A', rhd: 'NEG', altUPerL: 15, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
      const units = (await lab.get(`/api/donations/${din}`)).body.units as any[];
      return { din, units };
    }

    it('washes, freezes then deglycerolises, and makes cryo from FFP, with expiry from the catalogue', async () => {
      const { din, units } = await prepared();
      const rbc = units.find((u) => u.productId === 'SRBC_MAP');
      const ffp = units.find((u) => u.productId === 'FFP');
      const res = await component.post('/api/processing/scan', { items: [
        { din: `=${din}00`, product: productBarcode('SRBC_MAP'), toProductId: 'FRBC_40GLY' },
        { din, product: productBarcode('FFP'), toProductId: 'CRYO', volumeMl: 25, weightG: 26 },
      ] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const [frozen, cryo] = res.body.items;
      const years = (new Date(frozen.expiresAt).getTime() - new Date(rbc.collectedAt).getTime()) / (365.25 * 86400_000);
      assert.ok(years > 9.9 && years < 10.1, `frozen RBC 10 y from collection, got ${years}`);
      assert.ok(new Date(cryo.expiresAt) <= new Date(ffp.expiresAt), 'cryo never beyond its FFP');
      const thawed = await component.post('/api/processing/scan', { items: [{ din, product: productBarcode('FRBC_40GLY'), toProductId: 'DRBC_NACL' }] });
      assert.equal(thawed.status, 200, JSON.stringify(thawed.body));
      const hours = (new Date(thawed.body.items[0].expiresAt).getTime() - Date.now()) / 3600_000;
      assert.ok(hours > 23 && hours <= 24.01, `deglycerolised 24 h, got ${hours}`);
      const after = (await lab.get(`/api/donations/${din}`)).body.units as any[];
      assert.equal(after.find((u) => u.id === rbc.id).status, 'processed');
      assert.equal(after.find((u) => u.id === thawed.body.items[0].unitId).status, 'quarantined', 'children stay in quarantine until release');
    });

    it('washed red cells: 24 h capped at the parent expiry', async () => {
      const { din, units } = await prepared();
      const rbc = units.find((u) => u.productId === 'SRBC_MAP');
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      await c.query(`update blood_unit set expires_at = now() + interval '5 hours' where id = $1`, [rbc.id]);
      await c.end();
      const res = await component.post('/api/processing/scan', { items: [{ din, product: productBarcode('SRBC_MAP'), toProductId: 'WRBC_NACL' }] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const hours = (new Date(res.body.items[0].expiresAt).getTime() - Date.now()) / 3600_000;
      assert.ok(hours < 5.01 && hours > 4.9, `capped at parent expiry, got ${hours}`);
    });

    it('a wrong scan or a derivation the catalogue does not allow refuses the whole batch, nothing changed', async () => {
      const { din } = await prepared();
      const before = (await lab.get(`/api/donations/${din}`)).body.units.length;
      const wrong = await component.post('/api/processing/scan', { items: [
        { din, product: productBarcode('SRBC_MAP'), toProductId: 'WRBC_NACL' },
        { din, product: productBarcode('LR_SRBC_MAP'), toProductId: 'WRBC_NACL' },
      ] });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.errors[0].pointer, '/items/1/product');
      const notAllowed = await component.post('/api/processing/scan', { items: [{ din, product: productBarcode('FFP'), toProductId: 'WRBC_NACL' }] });
      assert.equal(notAllowed.status, 400);
      assert.equal(notAllowed.body.errors[0].code, 'DERIVATION_NOT_ALLOWED');
      assert.equal((await lab.get(`/api/donations/${din}`)).body.units.length, before);
    });
  });
}
