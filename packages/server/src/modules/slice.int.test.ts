/**
 * The vein-to-vein slice through the HTTP API, on PGlite and on PostgreSQL 15:
 * donor → donation → results → release → components → order → allocation (FEFO) → issue → receipt → transfusion
 * → trace; bad input refused with problem+json and nothing changed; concurrent issue never double-issues.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { ApiClient } from '../../test/api-client.ts';
import { TEST_PASSWORD } from '../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../test/harness/databases.ts';

function residentId(first17: string): string {
  return first17 + computeResidentIdCheckDigit(first17);
}

async function countRows(url: string, table: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select count(*)::int as n from ${table}`);
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`vein-to-vein slice on ${kind} [R1][R8][R36][R38][R40]`, () => {
    let t: TestApp;
    let donorUser: ApiClient;
    let lab: ApiClient;
    let component: ApiClient;
    let dispatch: ApiClient;
    let hospital: ApiClient;
    let hospital2: ApiClient;

    before(async () => {
      t = await startTestApp(kind);
      [donorUser, lab, component, dispatch, hospital, hospital2] = await Promise.all(
        ['donor', 'lab', 'component', 'dispatch', 'hospital', 'hospital2'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
    });
    after(async () => { await t?.close(); });

    async function collectReleasedDonation(idFirst17: string, group: { abo: string; rhd: string }, products: string[]) {
      const donor = await donorUser.post('/api/donors', { idNumber: residentId(idFirst17), name: '张三', phone: '13800000000' });
      assert.equal(donor.status, 201, JSON.stringify(donor.body));
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
      assert.equal(donation.status, 201, JSON.stringify(donation.body));
      const din = donation.body.din as string;
      const results = await lab.post(`/api/donations/${din}/test-results`, {
        ...group, altUPerL: 22, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified',
      });
      assert.equal(results.status, 200, JSON.stringify(results.body));
      const processed = await component.post(`/api/donations/${din}/process`, { products });
      assert.equal(processed.status, 200, JSON.stringify(processed.body));
      const released = await lab.post(`/api/donations/${din}/release`);
      assert.equal(released.status, 200, JSON.stringify(released.body));
      return { din, donorId: donor.body.id as number, released: released.body };
    }

    it('health answers ok with the database reachable', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok' });
    });

    it('runs one unit from donor to transfusion and traces every event [R2][R29][R60]', async () => {
      const { din, released, donorId } = await collectReleasedDonation('37070219900101123', { abo: 'O', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
      assert.match(din, /^37071\d{8}$/);
      const donorView = await donorUser.get(`/api/donors/${donorId}`);
      assert.equal(donorView.body.donationCount, 1, 'the donor list counts this donor\'s donations');
      assert.equal(donorView.body.donations.length, 1);
      assert.equal(donorView.body.abo, 'O', 'first typing sets the donor\'s group');
      const units = released.units as any[];
      const rbc = units.find((u) => u.productId === 'SRBC_MAP');
      const ffp = units.find((u) => u.productId === 'FFP');
      const wb = units.find((u) => u.productId === 'WB_CPDA1');
      assert.equal(wb.status, 'processed');
      assert.equal(rbc.status, 'available');
      assert.equal(rbc.quantity, 2);
      assert.equal(ffp.quantity, 200);
      assert.ok(new Date(rbc.expiresAt) <= new Date(wb.expiresAt), 'red cells never outlive the whole blood');

      const order = await hospital.post('/api/orders', {
        lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 2 }],
        neededBy: new Date(Date.now() + 3600_000).toISOString(), priority: 'routine',
      });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      const allocated = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
      assert.equal(allocated.status, 200, JSON.stringify(allocated.body));
      assert.deepEqual(allocated.body.units.map((u: any) => u.id), [rbc.id]);
      const issued = await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '王师傅', tempC: 4 });
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      assert.equal(issued.body.units[0].status, 'issued');

      // Another hospital cannot receive or see it.
      assert.equal((await hospital2.post(`/api/orders/${order.body.id}/receive`, { tempC: 4 })).status, 404);
      const received = await hospital.post(`/api/orders/${order.body.id}/receive`, { tempC: 4 });
      assert.equal(received.status, 200, JSON.stringify(received.body));
      assert.equal(received.body.status, 'received');

      const transfused = await hospital.post(`/api/units/${rbc.id}/transfuse`, { patientName: '李四', patientAbo: 'O', patientRhd: 'POS', ward: 'ICU' });
      assert.equal(transfused.status, 200, JSON.stringify(transfused.body));
      assert.equal(transfused.body.status, 'transfused');

      const trace = await dispatch.get(`/api/trace/${din}`);
      assert.equal(trace.status, 200);
      const rbcTrace = trace.body.units.find((u: any) => u.id === rbc.id);
      assert.deepEqual(rbcTrace.events.map((e: any) => e.type),
        ['preparation', 'release', 'reserve', 'issue', 'handover', 'receipt', 'transfusion']);
      const wbTrace = trace.body.units.find((u: any) => u.id === wb.id);
      assert.deepEqual(wbTrace.events.map((e: any) => e.type), ['collection', 'preparation']);
      assert.deepEqual(trace.body.donationEvents.map((e: any) => e.type), ['test_result']);
      assert.ok(rbcTrace.events.every((e: any) => e.actor && e.at), 'every event says who and when');
      assert.match(trace.body.donor.nameMasked, /^张\*/);

      // Hospital sees the unit in its stock by DIN only after receipt; the audit trail has each state change.
      const hTrace = await hospital.get(`/api/trace/${din}`);
      assert.equal(hTrace.status, 200);
      assert.deepEqual(hTrace.body.units.map((u: any) => u.id), [rbc.id]);
      const admin = await ApiClient.login(t.app, 'admin', TEST_PASSWORD);
      const audit = await admin.get('/api/audit?pageSize=200');
      const actions = new Set(audit.body.items.map((a: any) => a.action));
      for (const a of ['donor.register', 'donation.collect', 'donation.test_results', 'donation.process', 'donation.release',
        'order.submit', 'order.allocate', 'order.issue', 'order.receive', 'unit.transfuse']) assert.ok(actions.has(a), `audit has ${a}`);
    });

    it('counts each donor\'s own donations in search and detail [R18]', async () => {
      const a = await donorUser.post('/api/donors', { idNumber: residentId('37070219800808111'), name: '甲' });
      const b = await donorUser.post('/api/donors', { idNumber: residentId('37070219810909222'), name: '乙' });
      // Three whole-blood donations 7 months apart (GB 18467-2011: ≥ 6 months between whole-blood donations).
      for (const monthsAgo of [14, 7, 0]) {
        const collectedAt = new Date(Date.now() - monthsAgo * 30.5 * 86_400_000).toISOString();
        const res = await donorUser.post('/api/donations', { donorId: b.body.id, volumeMl: 200, collectedAt });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      assert.equal((await donorUser.get(`/api/donors/${a.body.id}`)).body.donationCount, 0);
      const detail = await donorUser.get(`/api/donors/${b.body.id}`);
      assert.equal(detail.body.donationCount, 3);
      assert.ok(detail.body.lastDonationAt);
      const search = await donorUser.get(`/api/donors?q=${encodeURIComponent('乙')}`);
      assert.equal(search.body.items.find((d: any) => d.id === b.body.id).donationCount, 3);
    });

    it('refuses an invalid ID number with a field error and changes nothing [R3][R17]', async () => {
      const before = await countRows(t.url, 'donor');
      const good = residentId('37070219900101124');
      const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
      const res = await donorUser.post('/api/donors', { idNumber: bad, name: '王五' });
      assert.equal(res.status, 400);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.body.code, 'ID_NUMBER_INVALID');
      assert.equal(res.body.errors[0].pointer, '/idNumber');
      assert.equal(res.body.errors[0].code, 'ID_CHECK_DIGIT');
      assert.match(res.body.errors[0].message, / \/ /, 'bilingual message');
      assert.equal(await countRows(t.url, 'donor'), before);
    });

    it('refuses a DIN with a wrong check character [R48]', async () => {
      const { din } = await collectReleasedDonation('37070219910202234', { abo: 'A', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
      const good = await dispatch.get(`/api/donations/${din}`);
      const wrong = good.body.dinCheck === 'A' ? 'B' : 'A';
      const res = await dispatch.get(`/api/donations/${din}${wrong}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'DIN_CHECK_CHAR_MISMATCH');
      assert.equal(res.body.errors[0].pointer, '/din');
      assert.equal((await dispatch.get(`/api/donations/${din}${good.body.dinCheck}`)).status, 200);
    });

    it('refuses an unknown product and leaves the donation untouched [R30]', async () => {
      const donor = await donorUser.post('/api/donors', { idNumber: residentId('37070219920303345'), name: '赵六' });
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 300 });
      const unitsBefore = await countRows(t.url, 'blood_unit');
      const res = await component.post(`/api/donations/${donation.body.din}/process`, { products: ['SRBC_MAP', 'UNOBTAINIUM'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'UNKNOWN_PRODUCT');
      assert.equal(await countRows(t.url, 'blood_unit'), unitsBefore);
      const after = await lab.get(`/api/donations/${donation.body.din}`);
      assert.equal(after.body.status, 'collected');
      assert.equal(after.body.units[0].status, 'quarantined');
    });

    it('never releases an unqualified donation; its units stay in quarantine [R13][R38]', async () => {
      const donor = await donorUser.post('/api/donors', { idNumber: residentId('37070219930404456'), name: '钱七' });
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
      const din = donation.body.din;
      const results = await lab.post(`/api/donations/${din}/test-results`, { abo: 'B', rhd: 'POS', altUPerL: 20, hbsag: 'unqualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
      assert.equal(results.body.testConclusion, 'unqualified');
      const release = await lab.post(`/api/donations/${din}/release`);
      assert.equal(release.status, 409);
      assert.equal(release.body.code, 'INVALID_TRANSITION');
      const discard = await lab.post(`/api/donations/${din}/discard`, { reasonCode: 'TTI_HBSAG', note: 'HBsAg 反应性' });
      assert.equal(discard.status, 200);
      assert.ok(discard.body.units.every((u: any) => u.status === 'discarded'));
    });

    it('refuses an ABO-incompatible transfusion and keeps the unit issued [R2]', async () => {
      const { released } = await collectReleasedDonation('37070219940505567', { abo: 'A', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
      const rbc = released.units.find((u: any) => u.productId === 'SRBC_MAP');
      const order = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'A', rhd: 'POS', quantity: 2 }], neededBy: new Date().toISOString() });
      const alloc = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
      const unitId = alloc.body.units[0].id;
      await dispatch.post(`/api/orders/${order.body.id}/issue`, {});
      await hospital.post(`/api/orders/${order.body.id}/receive`, {});
      const res = await hospital.post(`/api/units/${unitId}/transfuse`, { patientName: '孙八', patientAbo: 'O', patientRhd: 'POS' });
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'ABO_INCOMPATIBLE');
      const units = await hospital.get(`/api/units?status=issued`);
      assert.ok(units.body.items.some((u: any) => u.id === unitId && u.status === 'issued'));
      assert.ok(rbc);
    });

    it('requires a CSRF token and a session for state changes [R7]', async () => {
      const noCsrf = await donorUser.request('POST', '/api/donors', { idNumber: residentId('37070219950606678'), name: '周九' }, { 'x-csrf-token': 'forged' });
      assert.equal(noCsrf.status, 403);
      assert.equal(noCsrf.body.code, 'CSRF');
      const anon = await t.app.inject({ method: 'GET', url: '/api/donors' });
      assert.equal(anon.statusCode, 401);
      const wrongRole = await hospital.post('/api/donors', { idNumber: residentId('37070219950606678'), name: '周九' });
      assert.equal(wrongRole.status, 403);
    });

    it('issues concurrently from two connections and never issues a unit twice [R40]', async () => {
      // Stock: 6 released O+ red-cell units (2 U each). Two hospitals each want 8 U at once through two app instances.
      for (let i = 0; i < 6; i++) await collectReleasedDonation(`37070219960701${100 + i}`, { abo: 'O', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
      const app2 = await t.second();
      const dispatch2 = await ApiClient.login(app2, 'dispatch', TEST_PASSWORD);
      const o1 = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 8 }], neededBy: new Date().toISOString() });
      const o2 = await hospital2.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 8 }], neededBy: new Date().toISOString() });
      const [a1, a2] = await Promise.all([
        dispatch.post(`/api/orders/${o1.body.id}/allocate`, {}),
        dispatch2.post(`/api/orders/${o2.body.id}/allocate`, {}),
      ]);
      assert.equal(a1.status, 200, JSON.stringify(a1.body));
      assert.equal(a2.status, 200, JSON.stringify(a2.body));
      const [i1, i2] = await Promise.all([
        dispatch.post(`/api/orders/${o1.body.id}/issue`, {}),
        dispatch2.post(`/api/orders/${o2.body.id}/issue`, {}),
      ]);
      const ids1 = (i1.body.units ?? []).map((u: any) => u.id);
      const ids2 = (i2.body.units ?? []).map((u: any) => u.id);
      assert.equal(ids1.filter((id: number) => ids2.includes(id)).length, 0, 'no unit in both orders');
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      const dup = await c.query(`select unit_id, count(*)::int n from unit_event where type = 'issue' group by unit_id having count(*) > 1`);
      await c.end();
      assert.equal(dup.rowCount, 0, 'each unit has at most one issue event');
      const total = ids1.length + ids2.length;
      assert.equal(total, 6, 'all six available O+ units were shared out, none twice');
    });
  });
}
