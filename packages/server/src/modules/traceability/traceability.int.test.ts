/**
 * Traceability on PGlite and PostgreSQL 15: the unit event log refuses UPDATE/DELETE at the database; reader batches
 * are idempotent (replayed twice, and twice concurrently, each event is written once); trace forward from a donor to
 * the patient and backward from the transfusion to the donor.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { collectReleasedDonation, deliverOrder } from '../../../test/issue5-flows.ts';

async function query<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`traceability on ${kind} [R8][R42]`, () => {
    let t: TestApp;
    let admin: ApiClient, donorUser: ApiClient, lab: ApiClient, component: ApiClient, dispatch: ApiClient, hospital: ApiClient, hospital2: ApiClient;
    let donation: Awaited<ReturnType<typeof collectReleasedDonation>>;

    before(async () => {
      t = await startTestApp(kind);
      [admin, donorUser, lab, component, dispatch, hospital, hospital2] = await Promise.all(
        ['admin', 'donor', 'lab', 'component', 'dispatch', 'hospital', 'hospital2'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
      donation = await collectReleasedDonation({ donorUser, lab, component }, '42100219850505123', { abo: 'A', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
    });
    after(async () => { await t?.close(); });

    it('the database refuses to change or remove a unit event (append-only trigger)', async () => {
      const [{ n: before }] = await query(t.url, 'select count(*)::int as n from unit_event');
      assert.ok(before > 0);
      await assert.rejects(query(t.url, `update unit_event set type = 'tampered'`), /append-only/);
      await assert.rejects(query(t.url, 'delete from unit_event'), /append-only/);
      await assert.rejects(query(t.url, 'truncate unit_event'), /append-only/);
      const [{ n: afterCount }] = await query(t.url, 'select count(*)::int as n from unit_event');
      const [{ n: tampered }] = await query(t.url, `select count(*)::int as n from unit_event where type = 'tampered'`);
      assert.equal(afterCount, before);
      assert.equal(tampered, 0);
    });

    it('reader batches are idempotent: replayed twice, then twice concurrently, each read writes one event', async () => {
      const reg = await admin.post('/api/readers', { code: 'GATE-01', name: '成品库入口', location: '成品库 2 号门', eventType: 'store_in' });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const headers = { 'x-rb-reader': 'GATE-01', 'x-rb-reader-key': reg.body.key as string, 'content-type': 'application/json' };
      const rbc = donation.units.find((u) => u.productId === 'SRBC_MAP');
      const ffp = donation.units.find((u) => u.productId === 'FFP');
      const at = new Date('2026-03-01T02:00:00Z');
      const batch = { reads: [
        { tag: `=${donation.din}00|${rbc.productCode}`, readAt: at.toISOString(), tempC: 4.2 },
        { tag: `${donation.din}|${ffp.productCode}`, readAt: new Date(at.getTime() + 1000).toISOString(), tempC: -25 },
        { tag: 'NOT-A-DIN-TAG-XYZ', readAt: at.toISOString() },
      ] };
      const send = (app = t.app) => app.inject({ method: 'POST', url: '/api/readers/reads', headers, payload: batch });
      const first = await send();
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json().results.map((r: any) => r.outcome), ['event', 'event', 'bad_tag']);
      const second = await send();
      assert.deepEqual(second.json().results.map((r: any) => r.outcome), ['duplicate', 'duplicate', 'duplicate']);
      // Two concurrent replays through two app instances (two pools) plus one new read in both.
      const concurrent = { reads: [...batch.reads, { tag: `${donation.din}|${rbc.productCode}`, readAt: new Date(at.getTime() + 60_000).toISOString(), tempC: 4.4 }] };
      const other = await t.second();
      const [a, b] = await Promise.all([t.app, other].map((app) => app.inject({ method: 'POST', url: '/api/readers/reads', headers, payload: concurrent })));
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(b.statusCode, 200, b.body);
      assert.equal(a.json().events + b.json().events, 1, 'the new read becomes an event in exactly one of the two replays');
      const events = await query(t.url, `select unit_id, at, details->>'readerCode' as reader from unit_event where type = 'store_in' order by at`);
      assert.equal(events.length, 3);
      assert.deepEqual(events.map((e) => Number(e.unit_id)), [rbc.id, ffp.id, rbc.id]);
      assert.equal(new Date(events[0].at).toISOString(), at.toISOString(), 'the event carries the read time');
      const reads = await query(t.url, 'select count(*)::int as n from reader_read');
      assert.equal(reads[0].n, 4);
      // Reads are listed for the reader events page.
      const listed = await dispatch.get('/api/readers/reads?page=1&pageSize=10');
      assert.equal(listed.status, 200);
      assert.equal(listed.body.total, 4);
    });

    it('a reader with a wrong key, or none, is refused and nothing is written', async () => {
      const before = await query(t.url, 'select count(*)::int as n from reader_read');
      const bad = await t.app.inject({ method: 'POST', url: '/api/readers/reads', headers: { 'x-rb-reader': 'GATE-01', 'x-rb-reader-key': 'wrong' },
        payload: { reads: [{ tag: `${donation.din}`, readAt: new Date().toISOString() }] } });
      assert.equal(bad.statusCode, 401);
      const none = await t.app.inject({ method: 'POST', url: '/api/readers/reads', payload: { reads: [{ tag: `${donation.din}`, readAt: new Date().toISOString() }] } });
      assert.equal(none.statusCode, 401);
      const invalid = await t.app.inject({ method: 'POST', url: '/api/readers/reads', headers: { 'x-rb-reader': 'GATE-01', 'x-rb-reader-key': 'x' }, payload: { reads: [] } });
      assert.equal(invalid.statusCode, 400, invalid.body);
      assert.equal((await query(t.url, 'select count(*)::int as n from reader_read'))[0].n, before[0].n);
    });

    it('traces forward from the donor to the patient and back from the transfusion to the donor', async () => {
      const { units } = await deliverOrder(hospital, dispatch, { componentClass: 'red_cells', abo: 'A', rhd: 'POS', quantity: 2 });
      const rbc = units[0];
      assert.equal(rbc.din, donation.din);
      const tx = await hospital.post(`/api/units/${rbc.id}/transfuse`, { patientName: '王五', patientIdNumber: '420102198001011234', patientAbo: 'A', patientRhd: 'POS', ward: '心内科' });
      assert.equal(tx.status, 200, JSON.stringify(tx.body));

      const fwd = await dispatch.get(`/api/trace/donor/${donation.donorNumber}`);
      assert.equal(fwd.status, 200, JSON.stringify(fwd.body));
      assert.equal(fwd.body.donations.length, 1);
      const fwdUnit = fwd.body.donations[0].units.find((u: any) => u.id === rbc.id);
      assert.equal(fwdUnit.locationOrgName, '潍坊市人民医院');
      assert.equal(fwdUnit.transfusion.hospitalName, '潍坊市人民医院');
      assert.equal(fwdUnit.transfusion.ward, '心内科');
      assert.match(fwdUnit.transfusion.patientMasked, /^王\*/);
      assert.ok(fwd.body.donations[0].units.some((u: any) => u.productId === 'FFP' && u.transfusion === null));
      assert.equal((await hospital.get(`/api/trace/donor/${donation.donorNumber}`)).status, 403, 'hospitals never browse donors');

      const back = await hospital.get(`/api/trace/back?patientName=${encodeURIComponent('王五')}`);
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.items.length, 1);
      assert.equal(back.body.items[0].unit.din, donation.din);
      assert.equal(back.body.items[0].source.kind, 'donation');
      assert.equal(back.body.items[0].source.donorNumber, donation.donorNumber);
      assert.equal((await hospital2.get(`/api/trace/back?patientName=${encodeURIComponent('王五')}`)).status, 404, 'another hospital sees nothing');
      const missing = await hospital.get('/api/trace/back');
      assert.equal(missing.status, 422);
    });
  });
}
