/**
 * The three-level contact ladder and the paperwork reminders run as jobs (`job` table, FOR UPDATE SKIP LOCKED);
 * the worker's clock is injected so the test advances time instead of waiting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ApiClient } from '../../../test/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { addStock } from '../../../test/stock.ts';
import { enqueueJob, runDueJobs } from '../jobs/runner.ts';
import { JOB_HANDLERS } from '../jobs/handlers.ts';

const MIN = 60_000;
const t0 = new Date('2026-10-03T00:30:00+08:00');

for (const kind of testDatabaseKinds()) {
  describe(`Emergency contact ladder and paperwork reminders by job on ${kind} [R40][R7]`, () => {
    let t: TestApp;
    let now = t0;
    let hospital: ApiClient;
    let dispatch: ApiClient;

    before(async () => {
      t = await startTestApp(kind, { clock: () => now });
      await signIn();
      await addStock(t.url, { stationId: t.fixture.stationId, orgId: t.fixture.hospitalId, abo: 'O', rhd: 'POS', count: 2, status: 'issued',
        collectedAt: new Date(t0.getTime() - 5 * 86_400_000), expiresAt: new Date(t0.getTime() + 20 * 86_400_000) });
    }, { timeout: 60_000 });
    after(async () => { await t?.close(); });
    async function signIn() {
      hospital = await ApiClient.login(t.app, 'hospital', TEST_PASSWORD);
      dispatch = await ApiClient.login(t.app, 'dispatch', TEST_PASSWORD);
    }

    const open = async () => {
      const r = await hospital.post('/api/emergencies', { patientName: '张某', patientAbo: 'O', patientRhd: 'POS',
        call: { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 4 }] } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const run = (at: Date) => runDueJobs(t.database.db, JOB_HANDLERS, at);

    it('escalates an unacknowledged level after its timer; an acknowledgement stops it', async () => {
      now = t0;
      const e = await open();
      assert.equal(e.commLevel, 1);
      await run(new Date(t0.getTime() + 9 * MIN));
      assert.equal((await dispatch.get(`/api/emergencies/${e.id}`)).body.commLevel, 1, 'not yet');
      now = new Date(t0.getTime() + 11 * MIN);
      await run(now);
      let got = (await dispatch.get(`/api/emergencies/${e.id}`)).body;
      assert.equal(got.commLevel, 2, 'level 1 silent for 10 min → directors');
      const ack = await dispatch.post(`/api/emergencies/${e.id}/ack`, { level: 2, contactName: '供血科 主任' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      const wrong = await dispatch.post(`/api/emergencies/${e.id}/ack`, { level: 1, contactName: 'x' });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.errors[0].pointer, '/level');
      now = new Date(t0.getTime() + 120 * MIN);
      await run(now);
      got = (await dispatch.get(`/api/emergencies/${e.id}`)).body;
      assert.equal(got.commLevel, 2, 'acknowledged: no further escalation');
      const log = got.contacts.map((c: any) => `${c.kind}:${c.level}`);
      assert.deepEqual(log, ['call:1', 'escalation:2', 'ack:2']);
    });

    it('goes to the leaders when nobody answers; plan activation is logged', async () => {
      now = t0;
      const e = await open();
      now = new Date(t0.getTime() + 10 * MIN);
      await run(now);
      now = new Date(t0.getTime() + 41 * MIN);
      await run(now);
      const got = (await dispatch.get(`/api/emergencies/${e.id}`)).body;
      assert.equal(got.commLevel, 3);
      assert.deepEqual(got.contacts.filter((c: any) => c.kind === 'escalation').map((c: any) => c.level), [2, 3]);
      const plan = await dispatch.post(`/api/emergencies/${e.id}/plan`, { note: '启动急救用血应急预案' });
      assert.equal(plan.status, 200);
      assert.ok(plan.body.planActivatedAt);
      assert.equal((await dispatch.post(`/api/emergencies/${e.id}/plan`, {})).status, 409);
    });

    it('reminds about the paperwork before the deadline and when overdue, and stops once it is done', async () => {
      now = t0;
      const e = await open();
      const s = await hospital.post(`/api/emergencies/${e.id}/supply`, { callId: e.calls[0].id, source: 'hospital_reserve' });
      assert.equal(s.status, 200, JSON.stringify(s.body));
      assert.equal(s.body.issued.length, 2);
      assert.equal(new Date(s.body.paperworkDueAt).getTime(), t0.getTime() + 24 * 60 * MIN);
      now = new Date(t0.getTime() + 20 * 60 * MIN + MIN);
      await run(now);
      await signIn(); // a new shift
      let got = (await dispatch.get(`/api/emergencies/${e.id}`)).body;
      assert.equal(got.contacts.filter((c: any) => c.kind === 'reminder').length, 1, '4 h before');
      now = new Date(t0.getTime() + 24 * 60 * MIN + MIN);
      await run(now);
      await signIn();
      got = (await dispatch.get(`/api/emergencies/${e.id}`)).body;
      assert.equal(got.contacts.filter((c: any) => c.kind === 'reminder').length, 3, '1 h before and overdue');
      assert.equal(got.paperworkOverdue, true);
      const done = await hospital.post(`/api/emergencies/${e.id}/paperwork`, { formNumber: 'JZ-0002' });
      assert.equal(done.status, 200);
      assert.equal(done.body.paperworkOverdue, false);
    });

    it('the daily supply job recomputes levels, keeps the snapshot and schedules the next evening', async () => {
      const at = new Date('2026-10-03T22:00:00+08:00');
      await addStock(t.url, { stationId: t.fixture.stationId, orgId: t.fixture.stationId, abo: 'B', rhd: 'POS', count: 3, collectedAt: t0, expiresAt: new Date(t0.getTime() + 20 * 86_400_000) });
      await enqueueJob(t.database.db, { stationId: t.fixture.stationId, kind: 'inventory.daily', payload: {}, runAt: at, now: at, dedupeKey: 'inventory.daily:test' });
      await runDueJobs(t.database.db, JOB_HANDLERS, new Date(at.getTime() + MIN));
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        const snap = await c.query(`select qualified_u::float as u from inventory_daily where day = '2026-10-03' and org_id = $1 and abo = 'B' and component_class = 'red_cells'`, [t.fixture.stationId]);
        assert.equal(snap.rows[0]?.u, 6, 'snapshot rows kept');
        const next = await c.query(`select run_at from job where kind = 'inventory.daily' and status = 'pending'`);
        assert.equal(new Date(next.rows[0].run_at).toISOString(), new Date('2026-10-04T22:00:00+08:00').toISOString());
        const failed = await c.query(`select count(*)::int as n from job where status = 'failed' or last_error is not null`);
        assert.equal(failed.rows[0].n, 0);
      } finally { await c.end(); }
    });

    it('two workers never run the same job twice (SKIP LOCKED)', async () => {
      now = t0;
      await signIn();
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) ids.push((await open()).id);
      const second = await t.second();
      const at = new Date(t0.getTime() + 11 * MIN);
      const [a, b] = await Promise.all([runDueJobs(t.database.db, JOB_HANDLERS, at), runDueJobs(second.db, JOB_HANDLERS, at)]);
      assert.ok(a + b >= 4);
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        const r = await c.query(`select emergency_id, count(*)::int as n from emergency_contact where kind = 'escalation' and emergency_id = any($1) group by emergency_id`, [ids]);
        assert.equal(r.rows.length, 4);
        assert.ok(r.rows.every((x) => x.n === 1), JSON.stringify(r.rows));
      } finally { await c.end(); }
    });
  });
}
