/** Three-tier reserve: targets and gaps per node, proposals down the hierarchy, near-expiry back up. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../../test/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { addStock, addUseHistory } from '../../../test/stock.ts';

const DAY = 86_400_000;
const now = new Date('2026-05-10T10:00:00+08:00');

for (const kind of testDatabaseKinds()) {
  describe(`Three-tier reserve on ${kind} [R37][R62]`, () => {
    let t: TestApp;
    let dispatch: ApiClient;
    let nearIds: number[] = [];

    before(async () => {
      t = await startTestApp(kind, { clock: () => now });
      const f = t.fixture;
      const stock = (orgId: number, count: number, expiresInDays = 30) => addStock(t.url, { stationId: f.stationId, orgId, abo: 'O', rhd: 'POS', count,
        collectedAt: new Date(now.getTime() - 2 * DAY), expiresAt: new Date(now.getTime() + expiresInDays * DAY) });
      await stock(f.stationId, 20); // 40 U
      nearIds = await stock(f.storagePointId, 1, 2); // 2 U expiring in 2 days
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.stationId, abo: 'O', rhd: 'POS', perDay: 5, days: 28, until: now });
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.storagePointId, abo: 'O', rhd: 'POS', perDay: 3, days: 28, until: now });
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.hospitalId, abo: 'O', rhd: 'POS', perDay: 2, days: 28, until: now });
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.hospitalId, abo: 'O', rhd: 'NEG', perDay: 1, days: 28, until: now });
      dispatch = await ApiClient.login(t.app, 'dispatch', TEST_PASSWORD);
    }, { timeout: 60_000 });
    after(async () => { await t?.close(); });

    it('shows stock, target (use × 7/3/3 days) and gap per node', async () => {
      const r = await dispatch.get('/api/reserve');
      assert.equal(r.status, 200);
      const row = (orgId: number) => r.body.nodes.find((n: any) => n.orgId === orgId).rows.find((x: any) => x.componentClass === 'red_cells' && x.abo === 'O' && x.rhd === 'POS');
      assert.deepEqual(r.body.targetDays, { station: 7, storage_point: 3, hospital: 3 });
      assert.deepEqual([row(t.fixture.stationId).target, row(t.fixture.stationId).gap, row(t.fixture.stationId).surplus], [35, 0, 5]);
      assert.deepEqual([row(t.fixture.storagePointId).quantity, row(t.fixture.storagePointId).target, row(t.fixture.storagePointId).gap], [2, 9, 7]);
      assert.deepEqual([row(t.fixture.hospitalId).target, row(t.fixture.hospitalId).gap], [6, 6]);
      // RhD− red cells: held at the station only, with a floor in units even without recent use there
      const neg = (orgId: number) => r.body.nodes.find((n: any) => n.orgId === orgId).rows.find((x: any) => x.componentClass === 'red_cells' && x.abo === 'O' && x.rhd === 'NEG');
      assert.deepEqual([neg(t.fixture.stationId).quantity, neg(t.fixture.stationId).target, neg(t.fixture.stationId).gap, neg(t.fixture.stationId).targetRule],
        [0, 8, 8, 'rhd_negative_floor']);
      assert.deepEqual([neg(t.fixture.hospitalId).avgDailyUse, neg(t.fixture.hospitalId).target, neg(t.fixture.hospitalId).gap, neg(t.fixture.hospitalId).targetRule],
        [1, 0, 0, 'rhd_negative_station_only']);
      assert.equal(row(t.fixture.stationId).targetRule, 'days');
      const p = (await dispatch.get('/api/reserve/proposals')).body.items;
      assert.equal(p.filter((x: any) => x.rhd === 'NEG').length, 0, 'no RhD− stock pushed to hospitals');
    });

    it('proposes replenishment from the parent and near-expiry units back to the station, and applies them', async () => {
      const p = (await dispatch.get('/api/reserve/proposals')).body.items;
      const sp = p.find((x: any) => x.kind === 'replenish' && x.toOrgId === t.fixture.storagePointId);
      const h = p.find((x: any) => x.kind === 'replenish' && x.toOrgId === t.fixture.hospitalId);
      const back = p.find((x: any) => x.kind === 'near_expiry');
      assert.deepEqual([sp.fromOrgId, sp.quantity], [t.fixture.stationId, 7]);
      assert.deepEqual([h.fromOrgId, h.quantity], [t.fixture.stationId, 6]);
      assert.deepEqual([back.fromOrgId, back.toOrgId, back.unitIds], [t.fixture.storagePointId, t.fixture.stationId, nearIds]);
      const moved = await dispatch.post('/api/reserve/transfers', { ...pick(sp), reason: 'replenish' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.moved, 6, 'whole 2-U bags up to the 7 U gap');
      const toHospital = await dispatch.post('/api/reserve/transfers', { ...pick(h), reason: 'replenish' });
      assert.equal(toHospital.body.moved, 6);
      const returned = await dispatch.post('/api/reserve/transfers', { ...pick(back), unitIds: back.unitIds, reason: 'near_expiry' });
      assert.equal(returned.body.moved, 2);
      const r = await dispatch.get('/api/reserve');
      const q = (orgId: number) => r.body.nodes.find((n: any) => n.orgId === orgId)?.rows.find((x: any) => x.abo === 'O' && x.rhd === 'POS' && x.componentClass === 'red_cells')?.quantity;
      assert.deepEqual([q(t.fixture.stationId), q(t.fixture.storagePointId), q(t.fixture.hospitalId)], [30, 6, 6]);
      const bad = await dispatch.post('/api/reserve/transfers', { fromOrgId: t.fixture.hospitalId, toOrgId: t.fixture.stationId, componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 2 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].pointer, '/toOrgId');
    });
  });
}

function pick(p: any) {
  return { fromOrgId: p.fromOrgId, toOrgId: p.toOrgId, componentClass: p.componentClass, abo: p.abo, rhd: p.rhd, quantity: p.quantity };
}
