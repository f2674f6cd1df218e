/**
 * Acceptance (issue #5): a shortage. Hospital demand for O RhD+ red cells outruns collections day after day until
 * the station holds less than 3 days; the alert levels fire in order (watch → yellow → orange) with their times,
 * hospitals and storage points are told, non-emergency allocations are cut (30 % / 50 %), the elective order is
 * deferred, and targeted recruitment is requested. Stock then arrives (as a peer station's transfer would bring it)
 * and `recomputeAlertLevels` restores the level and releases the deferred order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ApiClient } from '../../../test/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { addStock, addUseHistory } from '../../../test/stock.ts';
import { recomputeAlertLevels } from './service.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00+08:00');

for (const kind of testDatabaseKinds()) {
  describe(`Shortage: O RhD+ falls below 3 days on ${kind} [R62][R63]`, () => {
    let t: TestApp;
    let now = start;
    let hospital: ApiClient;
    let dispatch: ApiClient;
    let electiveId = 0;
    const levels: { day: number; level: string; days: number | null }[] = [];
    const cutSeen: { level: string; requested: number; allocated: number }[] = [];

    before(async () => {
      t = await startTestApp(kind, { clock: () => now });
      const f = t.fixture;
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.stationId, abo: 'O', rhd: 'POS', perDay: 10, days: 28, until: start });
      await addUseHistory(t.url, { stationId: f.stationId, orgId: f.stationId, abo: 'A', rhd: 'POS', perDay: 4, days: 28, until: start });
      await addStock(t.url, { stationId: f.stationId, orgId: f.stationId, abo: 'O', rhd: 'POS', count: 40, collectedAt: new Date(start.getTime() - 3 * DAY), expiresAt: new Date(start.getTime() + 30 * DAY) });
      await addStock(t.url, { stationId: f.stationId, orgId: f.stationId, abo: 'A', rhd: 'POS', count: 20, collectedAt: new Date(start.getTime() - 3 * DAY), expiresAt: new Date(start.getTime() + 30 * DAY) });
      await signIn();
    }, { timeout: 60_000 });
    async function signIn() {
      hospital = await ApiClient.login(t.app, 'hospital', TEST_PASSWORD);
      dispatch = await ApiClient.login(t.app, 'dispatch', TEST_PASSWORD);
    }
    after(async () => { await t?.close(); });

    it('starts green, then demand outruns collections until orange (< 3 days)', { timeout: 300_000 }, async () => {
      const first = await dispatch.post('/api/alerts/recompute', {});
      assert.equal(first.status, 200);
      const lv0 = (await dispatch.get('/api/alerts/levels')).body.rows.find((r: any) => r.componentClass === 'red_cells' && r.abo === 'O' && r.rhd === 'POS');
      assert.equal(lv0.level, 'green', `start: ${lv0.days} days`);
      const elective = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 3 }],
        neededBy: new Date(start.getTime() + 10 * DAY).toISOString(), kind: 'scheduled', note: '择期手术备血' });
      assert.equal(elective.status, 201, JSON.stringify(elective.body));
      assert.equal(elective.body.elective, true);
      assert.equal(elective.body.approvalTier, 'superior_physician');
      electiveId = elective.body.id;
      for (let d = 0; d < 25; d++) {
        now = new Date(start.getTime() + d * DAY);
        await signIn(); // sessions last a working shift; the simulated clock moves a day at a time
        // Demand: one routine order of 12 U and one emergency of 4 U; collections: 3 bags (6 U).
        for (const [priority, quantity] of [['routine', 12], ['emergency', 4]] as const) {
          const o = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity }], neededBy: now.toISOString(), priority });
          assert.equal(o.status, 201);
          const a = await dispatch.post(`/api/orders/${o.body.id}/allocate`, { policy: 'identical_only' });
          assert.equal(a.status, 200, JSON.stringify(a.body));
          const level = levels.at(-1)?.level ?? 'green';
          if (priority === 'routine') cutSeen.push({ level, requested: quantity, allocated: a.body.lines[0].allocatedQuantity });
          if (a.body.units.length > 0) assert.equal((await dispatch.post(`/api/orders/${o.body.id}/issue`, {})).status, 200);
        }
        await addStock(t.url, { stationId: t.fixture.stationId, orgId: t.fixture.stationId, abo: 'O', rhd: 'POS', count: 3, collectedAt: now, expiresAt: new Date(now.getTime() + 35 * DAY) });
        now = new Date(now.getTime() + 10 * 3600_000); // the evening check
        const r = await dispatch.post('/api/alerts/recompute', {});
        assert.equal(r.status, 200);
        const row = (await dispatch.get('/api/alerts/levels')).body.rows.find((x: any) => x.componentClass === 'red_cells' && x.abo === 'O' && x.rhd === 'POS');
        levels.push({ day: d, level: row.recordedLevel, days: row.days });
        if (row.recordedLevel === 'orange' || row.recordedLevel === 'red') break;
      }
      console.log(`# shortage O+ levels by day: ${levels.map((l) => `${l.day}:${l.level}(${l.days})`).join(' ')}`);
      assert.ok(['orange', 'red'].includes(levels.at(-1)!.level), 'O RhD+ reached orange');
      assert.ok(levels.at(-1)!.days! < 3);
    });

    it('recorded each level change in order with its time and days within the thresholds', async () => {
      const h = await dispatch.get('/api/alerts/history?componentClass=red_cells&abo=O&pageSize=50');
      const changes = h.body.items.filter((i: any) => i.rhd === 'POS').reverse();
      assert.deepEqual(changes.map((c: any) => c.toLevel), ['watch', 'yellow', 'orange']);
      const [watch, yellow, orange] = changes;
      assert.ok(watch.days < 7 && watch.days >= 5, `watch at ${watch.days}`);
      assert.ok(yellow.days < 5 && yellow.days >= 3, `yellow at ${yellow.days}`);
      assert.ok(orange.days < 3 && orange.days >= 2, `orange at ${orange.days}`);
      assert.ok(new Date(watch.at) < new Date(yellow.at) && new Date(yellow.at) < new Date(orange.at));
      const kinds = (c: any) => c.actions.map((a: any) => a.kind);
      assert.ok(kinds(yellow).includes('published') && kinds(yellow).includes('allocation_cut') && kinds(yellow).includes('recruitment_requested'));
      const recruit = yellow.actions.find((a: any) => a.kind === 'recruitment_requested').details;
      assert.deepEqual({ abo: recruit.abo, rhd: recruit.rhd, reason: recruit.reason, alertLevel: recruit.alertLevel }, { abo: 'O', rhd: 'POS', reason: 'inventory_alert', alertLevel: 'yellow' });
      assert.ok(recruit.campaignId, 'the donor-service campaign was started (issue #3 wiring)');
      const admin = await ApiClient.login(t.app, 'admin', TEST_PASSWORD);
      const campaigns = await admin.get('/api/recruitment/campaigns');
      const started = (campaigns.body.items ?? campaigns.body).find((c: any) => c.id === recruit.campaignId);
      assert.ok(started, `campaign ${recruit.campaignId} listed: ${JSON.stringify(campaigns.body).slice(0, 200)}`);
      assert.deepEqual([started.abo, started.rhd, started.reason], ['O', 'POS', 'inventory_alert']);
      assert.equal(orange.actions.find((a: any) => a.kind === 'allocation_cut').details.percent, 50);
      assert.ok(!kinds(watch).includes('recruitment_requested') && !kinds(watch).includes('published'), 'watch only flags');
      // A-type stayed green: no change recorded for it.
      assert.equal((await dispatch.get('/api/alerts/history?abo=A')).body.total, 0);
    });

    it('cut non-emergency allocations by the level and deferred the elective order', async () => {
      for (const c of cutSeen) {
        const share = c.level === 'yellow' ? 0.7 : c.level === 'orange' ? 0.5 : 1;
        assert.ok(c.allocated <= c.requested * share + 0.001, `${c.level}: allocated ${c.allocated} of ${c.requested} (≤ ${share})`);
      }
      assert.ok(cutSeen.some((c) => c.level === 'yellow' && c.allocated < c.requested), 'a yellow-level routine order was cut');
      const refused = await dispatch.post(`/api/orders/${electiveId}/allocate`, {});
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'ORDER_DEFERRED');
      const inbox = await hospital.get('/api/alerts/inbox');
      assert.deepEqual(inbox.body.items.map((i: any) => i.toLevel).reverse(), ['yellow', 'orange']);
      assert.equal(inbox.body.unread, 2);
    });

    it('stock arriving (a peer transfer) and a recompute restore the level and release the elective order', async () => {
      await addStock(t.url, { stationId: t.fixture.stationId, orgId: t.fixture.stationId, abo: 'O', rhd: 'POS', count: 40, collectedAt: now, expiresAt: new Date(now.getTime() + 30 * DAY) });
      now = new Date(now.getTime() + 3600_000);
      await signIn();
      const changes = await recomputeAlertLevels(t.database.db, t.fixture.stationId, now);
      const o = changes.find((c) => c.abo === 'O' && c.rhd === 'POS' && c.componentClass === 'red_cells')!;
      assert.ok(o && (o.toLevel === 'green' || o.toLevel === 'watch'), `restored to ${o?.toLevel} at ${o?.days} days`);
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        const d = await c.query('select released_at from order_deferral where order_id = $1', [electiveId]);
        assert.ok(d.rows[0].released_at, 'deferral released');
      } finally { await c.end(); }
      const ok = await dispatch.post(`/api/orders/${electiveId}/allocate`, {});
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(ok.body.lines[0].allocatedQuantity >= 3);
    });

    it('keeps a daily snapshot in the national shape and exports CSV and Excel [R64]', async () => {
      const taken = await dispatch.post('/api/alerts/snapshot', {});
      assert.equal(taken.status, 200);
      const s = await dispatch.get(`/api/alerts/snapshot/national?day=${taken.body.day}`);
      assert.equal(s.body.rows.length, 32, '8 ABO/RhD × 4 classes');
      const oRbc = s.body.rows.find((r: any) => r.abo === 'O' && r.rhd === 'POS' && r.componentClass === 'red_cells');
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        const q = await c.query(`select coalesce(sum(quantity),0)::float as q from blood_unit where location_org_id = $1 and status = 'available' and abo = 'O' and rhd = 'POS' and component_class = 'red_cells'`, [t.fixture.stationId]);
        assert.equal(oRbc.qualifiedU, q.rows[0].q);
      } finally { await c.end(); }
      const csv = await dispatch.request('GET', `/api/alerts/snapshot/national?day=${taken.body.day}&format=csv`);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(String(csv.body), new RegExp(`${taken.body.day},O,RhD\\+,红细胞类,0,${oRbc.qualifiedU}`));
      const xlsx = await dispatch.request('GET', `/api/alerts/snapshot/national?day=${taken.body.day}&format=xlsx`);
      assert.equal(xlsx.status, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      const bad = await dispatch.get('/api/alerts/snapshot/national?day=2026-3-1');
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      const tr = await dispatch.get('/api/alerts/trend?componentClass=red_cells&abo=O&rhd=POS');
      assert.equal(tr.status, 200);
      assert.ok(tr.body.rows.length >= 1);
    });
  });
}
