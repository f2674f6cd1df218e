/**
 * Acceptance (issue #5, last clause of the shortage test): "a peer station's transfer restores the level". Two
 * stations side by side, each its own app and database, over HMAC-signed HTTP on 127.0.0.1, one pinned clock.
 * Station A (荆州) uses 10 U of O RhD+ red cells a day and holds 2.4 days: the alert engine puts it at orange, starts
 * a recruitment campaign and defers the elective order. Station B (宜昌) has plenty. A requests, B approves and ships,
 * A receives — and the `onStockArrived` wiring (recruitment-wiring.ts, installed by buildApp) recomputes A's levels
 * with no manual recompute: back to green at the receipt's time, the elective order released.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { ApiClient } from '../../../test/api-client.ts';
import { seedMinimal, TEST_PASSWORD, type Fixture } from '../../../test/fixtures.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';
import { addStock, addUseHistory } from '../../../test/stock.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00+08:00');

interface Station {
  code: string; name: string; app: FastifyInstance; database: Database; testDb: TestDatabase; baseUrl: string; fixture: Fixture;
  c: Record<'admin' | 'dispatch' | 'hospital', ApiClient>;
}

async function startStation(kind: 'pglite' | 'postgres', code: string, name: string, clock: () => Date): Promise<Station> {
  const testDb = await createTestDatabase(kind);
  const fixture = await seedMinimal(testDb.url);
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  await client.query(`update organisation set name = $1 where type = 'station'`, [name]);
  await client.end();
  const config = { ...loadConfig({}), databaseUrl: testDb.url, logLevel: 'warn', loginRateLimitPerMinute: 1000, poolMax: 4, stationCode: code };
  const database = openDatabase(testDb.url, 4);
  const app = await buildApp(config, { database, logger: false, clock });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const [admin, dispatch, hospital] = await Promise.all(['admin', 'dispatch', 'hospital'].map((u) => ApiClient.login(app, u, TEST_PASSWORD)));
  return { code, name, app, database, testDb, baseUrl, fixture, c: { admin, dispatch, hospital } };
}

const oPosRbc = (rows: any[]) => rows.find((r: any) => r.componentClass === 'red_cells' && r.abo === 'O' && r.rhd === 'POS');

for (const kind of testDatabaseKinds()) {
  describe(`Shortage restored by a peer station's transfer on ${kind} [R62][R63][R59]`, () => {
    let now = start;
    const clock = () => now;
    let a: Station; // short: 荆州
    let b: Station; // plenty: 宜昌
    let electiveId = 0;
    let orangeAlertId = 0;
    const secret = crypto.randomBytes(32).toString('hex');

    before(async () => {
      // B first, then A: the recruitment starter is process-wide and takes the last-built app's station code.
      b = await startStation(kind, '42105', '宜昌市中心血站', clock);
      a = await startStation(kind, '42101', '荆州市中心血站', clock);
      assert.equal((await a.c.admin.post('/api/peers', { code: b.code, name: b.name, baseUrl: b.baseUrl, secret })).status, 200);
      assert.equal((await b.c.admin.post('/api/peers', { code: a.code, name: a.name, baseUrl: a.baseUrl, secret })).status, 200);
      const fa = a.fixture;
      await addUseHistory(a.testDb.url, { stationId: fa.stationId, orgId: fa.stationId, abo: 'O', rhd: 'POS', perDay: 10, days: 28, until: start });
      await addStock(a.testDb.url, { stationId: fa.stationId, orgId: fa.stationId, abo: 'O', rhd: 'POS', count: 12, collectedAt: new Date(start.getTime() - 3 * DAY), expiresAt: new Date(start.getTime() + 30 * DAY) });
      const fb = b.fixture;
      await addUseHistory(b.testDb.url, { stationId: fb.stationId, orgId: fb.stationId, abo: 'O', rhd: 'POS', perDay: 5, days: 28, until: start });
      await addStock(b.testDb.url, { stationId: fb.stationId, orgId: fb.stationId, abo: 'O', rhd: 'POS', count: 60, collectedAt: new Date(start.getTime() - 2 * DAY), expiresAt: new Date(start.getTime() + 33 * DAY) });
    }, { timeout: 120_000 });
    after(async () => {
      for (const s of [a, b]) {
        if (!s) continue;
        await s.app.close();
        await s.database.close();
        await s.testDb.close();
      }
    });

    it('A falls to orange (< 3 days): recruitment campaign started, elective order deferred', async () => {
      const elective = await a.c.hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 3 }],
        neededBy: new Date(start.getTime() + 10 * DAY).toISOString(), kind: 'scheduled', note: '择期手术备血' });
      assert.equal(elective.status, 201, JSON.stringify(elective.body));
      assert.equal(elective.body.elective, true);
      electiveId = elective.body.id;

      const r = await a.c.dispatch.post('/api/alerts/recompute', {});
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const lv = oPosRbc((await a.c.dispatch.get('/api/alerts/levels')).body.rows);
      console.log(`# A O+ red cells before transfer: ${lv.recordedLevel} at ${lv.days} days (${lv.quantity} U, ${lv.avgDailyUse} U/day)`);
      assert.ok(['orange', 'red'].includes(lv.recordedLevel), `level ${lv.recordedLevel} at ${lv.days} days`);
      assert.ok(lv.days < 3, `${lv.days} days`);
      const bLv = oPosRbc((await b.c.dispatch.get('/api/alerts/levels')).body.rows);
      assert.equal(bLv.level, 'green', `B holds ${bLv.days} days`);

      const h = await a.c.dispatch.get('/api/alerts/history?componentClass=red_cells&abo=O');
      const change = h.body.items.find((i: any) => i.rhd === 'POS');
      assert.equal(change.toLevel, lv.recordedLevel);
      orangeAlertId = change.id;
      const recruit = change.actions.find((x: any) => x.kind === 'recruitment_requested')?.details;
      assert.ok(recruit?.campaignId, `campaign started: ${JSON.stringify(change.actions)}`);
      const campaigns = await a.c.admin.get('/api/recruitment/campaigns');
      const started = (campaigns.body.items ?? campaigns.body).find((c: any) => c.id === recruit.campaignId);
      assert.deepEqual([started?.abo, started?.rhd, started?.reason], ['O', 'POS', 'inventory_alert']);
      assert.deepEqual(change.actions.find((x: any) => x.kind === 'orders_deferred')?.details.orderIds, [electiveId]);
      const refused = await a.c.dispatch.post(`/api/orders/${electiveId}/allocate`, {});
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'ORDER_DEFERRED');
    });

    it('B ships O+ red cells to A; on receipt A is back to green without a manual recompute, and the elective order is released', async () => {
      now = new Date(start.getTime() + 3600_000);
      const req = await a.c.dispatch.post('/api/transfers', { peerCode: b.code, lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 60 }],
        reason: 'O型红细胞库存不足 3 天（橙色预警）', urgency: 'emergency' });
      assert.equal(req.status, 201, JSON.stringify(req.body));
      const incoming = (await b.c.dispatch.get('/api/transfers?status=requested')).body;
      assert.equal(incoming.length, 1);
      now = new Date(start.getTime() + 2 * 3600_000);
      const approved = await b.c.dispatch.post(`/api/transfers/${incoming[0].id}/approve`, { note: '按协议调剂' });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.units.length, 30);
      const shipped = await b.c.dispatch.post(`/api/transfers/${incoming[0].id}/ship`, { carrierName: '宜昌血站车队', tempC: 4 });
      assert.equal(shipped.status, 200, JSON.stringify(shipped.body));

      // Still orange while the units are on the road.
      assert.ok(['orange', 'red'].includes(oPosRbc((await a.c.dispatch.get('/api/alerts/levels')).body.rows).recordedLevel));

      now = new Date(start.getTime() + 5 * 3600_000);
      const receivedAt = now;
      const received = await a.c.dispatch.post(`/api/transfers/${req.body.id}/receive`, { tempC: 5 });
      assert.equal(received.status, 200, JSON.stringify(received.body));
      assert.equal(received.body.status, 'received');
      now = new Date(start.getTime() + 6 * 3600_000); // later reads must not be what sets the level

      const lv = oPosRbc((await a.c.dispatch.get('/api/alerts/levels')).body.rows);
      console.log(`# A O+ red cells after transfer: ${lv.recordedLevel} at ${lv.days} days (${lv.quantity} U), since ${new Date(lv.since).toISOString()}`);
      assert.ok(['green', 'watch'].includes(lv.recordedLevel), `recorded ${lv.recordedLevel} at ${lv.days} days`);
      assert.equal(new Date(lv.since).toISOString(), receivedAt.toISOString());

      const h = await a.c.dispatch.get('/api/alerts/history?componentClass=red_cells&abo=O');
      const oPos = h.body.items.filter((i: any) => i.rhd === 'POS');
      assert.equal(oPos.length, 2, 'one worsening, one recovery');
      const [recovery] = oPos;
      assert.ok(recovery.id > orangeAlertId);
      assert.ok(['orange', 'red'].includes(recovery.fromLevel));
      assert.ok(['green', 'watch'].includes(recovery.toLevel));
      assert.ok(recovery.days >= 5, `${recovery.days} days`);
      assert.equal(new Date(recovery.at).toISOString(), new Date(received.body.receivedAt).toISOString());
      assert.equal(new Date(recovery.at).toISOString(), receivedAt.toISOString());
      const kinds = recovery.actions.map((x: any) => x.kind);
      assert.ok(kinds.includes('published'), `all-clear published: ${kinds}`);
      assert.deepEqual(recovery.actions.find((x: any) => x.kind === 'orders_released')?.details.orderIds, [electiveId]);

      const c = new pg.Client({ connectionString: a.testDb.url });
      await c.connect();
      try {
        const d = await c.query('select released_at from order_deferral where order_id = $1', [electiveId]);
        assert.equal(new Date(d.rows[0].released_at).toISOString(), receivedAt.toISOString());
      } finally { await c.end(); }
      const ok = await a.c.dispatch.post(`/api/orders/${electiveId}/allocate`, {});
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(ok.body.lines[0].allocatedQuantity >= 3);

      const inbox = await a.c.hospital.get('/api/alerts/inbox');
      assert.ok(['green', 'watch'].includes(inbox.body.items[0].toLevel), 'hospital told of the all-clear');
    });
  });
}
