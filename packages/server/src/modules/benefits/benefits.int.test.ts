/**
 * Blood-fee exemption through the HTTP API (issue #6): relationships with proof, the hospital window lookup,
 * direct deduction against fee lines, concurrent windows that never overspend, claims (cross-province) with
 * review and payment, the ledger, statistics and the donor-and-family summary the donor app will show.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import fc from 'fast-check';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { ApiClient } from '../../../test/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';

const idOf = (body17: string) => body17 + computeResidentIdCheckDigit(body17);
const DONOR_ID = idOf('37070219900101123');
const MOTHER_ID = idOf('37070219650305222');
const STRANGER_ID = idOf('37070219700707333');
/** 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function sql<T extends pg.QueryResultRow = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<T>(text, values)).rows; } finally { await c.end(); }
}

for (const kind of testDatabaseKinds()) {
  describe(`blood-fee exemption (血费直免) on ${kind} [R67][R68][R69][R70]`, () => {
    let t: TestApp;
    let staff: ApiClient;
    let hospital: ApiClient;
    let hospital2: ApiClient;
    let commission: ApiClient;
    let donorId: number;

    before(async () => {
      t = await startTestApp(kind, { clock: () => new Date('2026-03-10T10:00:00+08:00') });
      staff = await ApiClient.login(t.app, 'donor', TEST_PASSWORD);
      hospital = await ApiClient.login(t.app, 'hospital', TEST_PASSWORD);
      hospital2 = await ApiClient.login(await t.second(), 'hospital2', TEST_PASSWORD);
      commission = await ApiClient.login(t.app, 'commission', TEST_PASSWORD);
      const d = await staff.post('/api/donors', { idNumber: DONOR_ID, name: '王献血', abo: 'O', rhd: 'POS' });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      donorId = d.body.id;
      // One qualified 400 ml donation a year ago (legacy record): Henan → donor 3× = 1200 ml, a parent 1× = 400 ml.
      await sql(t.url, `insert into prior_donation (station_id, donor_id, donated_on, donation_type, volume_ml, qualified, origin)
        values ($1, $2, '2025-03-01', 'whole_blood', 400, true, 'legacy')`, [t.fixture.stationId, donorId]);
    }, { timeout: 120_000 });
    after(async () => { await t?.close(); });

    it('records the mother with a proof document (bytea + SHA-256); bad uploads are refused and change nothing', async () => {
      const bad = await staff.post('/api/benefits/relations', { donorId, relation: 'parent', relativeName: '李母', relativeIdNumber: MOTHER_ID, verify: true,
        proof: { kind: 'relationship', fileName: 'hukou.png', mediaType: 'image/png', contentBase64: Buffer.from('not a png').toString('base64') } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].pointer, '/proof/mediaType');
      assert.match(bad.body.errors[0].message, / \/ /);
      const badId = await staff.post('/api/benefits/relations', { donorId, relation: 'parent', relativeName: '李母', relativeIdNumber: '370702196503052220' });
      assert.equal(badId.status, 400);
      assert.equal(badId.body.errors[0].pointer, '/relativeIdNumber');
      assert.equal((await sql(t.url, 'select count(*)::int as n from family_relation'))[0].n, 0);
      assert.equal((await sql(t.url, 'select count(*)::int as n from proof_document'))[0].n, 0);

      const ok = await staff.post('/api/benefits/relations', { donorId, relation: 'parent', relativeName: '李母', relativeIdNumber: MOTHER_ID, verify: true,
        proof: { kind: 'relationship', fileName: 'hukou.png', mediaType: 'image/png', contentBase64: PNG } });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.status, 'verified');
      const doc = await staff.get(`/api/benefits/documents/${ok.body.proofDocumentId}`);
      assert.equal(doc.status, 200);
      assert.equal(doc.headers['content-type'], 'image/png');
      assert.equal(doc.headers['x-content-sha256'], (await sql(t.url, 'select sha256 from proof_document'))[0].sha256);
      assert.equal(hospital.csrfToken.length > 0, true);
      assert.equal((await hospital.get('/api/benefits/relations')).status, 403);
    });

    it('the hospital window finds the mother as a relative and deducts her fee lines, pro rata past the entitlement', async () => {
      const look = await hospital.get(`/api/benefits/lookup?idNumber=${MOTHER_ID}`);
      assert.equal(look.status, 200, JSON.stringify(look.body));
      assert.equal(look.body.entitlements.length, 1);
      const e = look.body.entitlements[0];
      assert.deepEqual([e.relation, e.pool, e.unlimited, e.entitledMl, e.remainingMl], ['parent', 'family', false, 400, 400]);
      assert.match(e.rule, /河南/);
      const none = await hospital.get(`/api/benefits/lookup?idNumber=${STRANGER_ID}`);
      assert.deepEqual(none.body.entitlements, []);

      const first = await hospital.post('/api/benefits/deductions', { idNumber: MOTHER_ID, donorId, relation: 'parent',
        lines: [{ item: '悬浮红细胞 1.5U', volumeMl: 300, amountFen: 33_000 }] });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual([first.body.volumeMl, first.body.amountFen, first.body.remainingAfterMl], [300, 33_000, 100]);
      const second = await hospital.post('/api/benefits/deductions', { idNumber: MOTHER_ID, donorId, relation: 'parent',
        lines: [{ item: '悬浮红细胞 2U', volumeMl: 400, amountFen: 44_000 }] });
      assert.equal(second.status, 201);
      assert.deepEqual([second.body.volumeMl, second.body.amountFen, second.body.remainingAfterMl], [100, 11_000, 0]);
      const third = await hospital.post('/api/benefits/deductions', { idNumber: MOTHER_ID, donorId, relation: 'parent',
        lines: [{ item: '血浆', volumeMl: 200, amountFen: 20_000 }] });
      assert.equal(third.status, 409);
      assert.equal(third.body.code, 'NO_ENTITLEMENT');
      // The donor's own pool is separate: still 3 × 400 ml.
      const self = await hospital.get(`/api/benefits/lookup?idNumber=${DONOR_ID}`);
      assert.deepEqual([self.body.entitlements[0].relation, self.body.entitlements[0].remainingMl], ['self', 1200]);
      const audit = await sql(t.url, `select count(*)::int as n from audit_log where action = 'benefit.direct_deduction'`);
      assert.equal(audit[0].n, 2);
    });

    it('a stranger cannot be deducted as a relative; bad fee lines name the field; nothing changes', async () => {
      const before = await sql(t.url, 'select count(*)::int as n from benefit_deduction');
      const r = await hospital.post('/api/benefits/deductions', { idNumber: STRANGER_ID, donorId, relation: 'parent', lines: [{ item: 'x', volumeMl: 200, amountFen: 1 }] });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.errors[0].pointer, '/relation');
      const neg = await hospital.post('/api/benefits/deductions', { idNumber: DONOR_ID, donorId, relation: 'self', lines: [{ item: 'x', volumeMl: 0, amountFen: -1 }] });
      assert.equal(neg.status, 400);
      assert.ok(neg.body.errors.some((e: { pointer: string }) => e.pointer.startsWith('/lines/0/')));
      assert.deepEqual(await sql(t.url, 'select count(*)::int as n from benefit_deduction'), before);
    });

    it('ACCEPTANCE: concurrent deductions from two windows never overspend the donor\'s 1200 ml', async () => {
      const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? hospital : hospital2).post('/api/benefits/deductions', {
        idNumber: DONOR_ID, donorId, relation: 'self', lines: [{ item: `红细胞 #${i}`, volumeMl: 200, amountFen: 22_000 }] }));
      const results = await Promise.all(attempts);
      const ok = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status === 409);
      assert.equal(ok.length + refused.length, 12, JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body)));
      const covered = ok.reduce((s, r) => s + r.body.volumeMl, 0);
      assert.equal(covered, 1200);
      assert.equal(ok.length, 6);
      const acct = await sql(t.url, `select used_ml::float8 as used from benefit_account where donor_id = $1 and pool = 'self'`, [donorId]);
      assert.equal(acct[0].used, 1200);
      const ledger = await sql(t.url, `select coalesce(sum(volume_ml),0)::float8 as v from benefit_deduction where donor_id = $1 and relation = 'self'`, [donorId]);
      assert.equal(ledger[0].v, 1200);
      console.log(`[${kind}] 12 concurrent 200 ml deductions from 2 app instances: ${ok.length} recorded (${covered} ml), ${refused.length} refused`);
    });

    it('property: random concurrent batches against a fresh donor never drive the remaining entitlement below zero', async () => {
      let n = 0;
      await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 50, max: 900 }), { minLength: 1, maxLength: 6 }), async (volumes) => {
        n += 1;
        const body17 = `3707021985${String(1 + (n % 9)).padStart(2, '0')}1${n % 10}${String(n).padStart(3, '0')}`.slice(0, 17);
        const idNumber = idOf(body17);
        const d = await staff.post('/api/donors', { idNumber, name: `性质${n}` });
        assert.equal(d.status, 201, JSON.stringify(d.body));
        await sql(t.url, `insert into prior_donation (station_id, donor_id, donated_on, donation_type, volume_ml, qualified, origin)
          values ($1, $2, '2024-06-01', 'whole_blood', 200, true, 'legacy')`, [t.fixture.stationId, d.body.id]);
        const res = await Promise.all(volumes.map((v, i) => (i % 2 ? hospital : hospital2).post('/api/benefits/deductions', {
          idNumber, donorId: d.body.id, relation: 'self', lines: [{ item: 'RBC', volumeMl: v, amountFen: v * 110 }] })));
        const covered = res.filter((r) => r.status === 201).reduce((s, r) => s + r.body.volumeMl, 0);
        const look = await hospital.get(`/api/benefits/lookup?idNumber=${idNumber}`);
        const remaining = look.body.entitlements[0].remainingMl;
        return covered <= 600 && covered === Math.min(600, volumes.reduce((a, b) => a + b, 0)) && remaining === 600 - covered && remaining >= 0;
      }), { numRuns: kind === 'pglite' ? 5 : 10 });
    });

    it('cross-province claim: submitted with invoice, approved against the entitlement, paid; the ledger and statistics show it', async () => {
      const bad = await staff.post('/api/benefits/claims', { donorId, relation: 'self', beneficiaryName: '王献血', beneficiaryIdNumber: DONOR_ID,
        channel: 'cross_province', hospitalName: '郑州大学第一附属医院', usedOn: '2026-02-01', volumeMl: 400, invoiceFen: 50_000 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].pointer, '/originStation');
      // Fresh donor with 200 ml (Henan: 600 ml within 5 y).
      const d = await staff.post('/api/donors', { idNumber: idOf('37070219951212456'), name: '赵异地' });
      await sql(t.url, `insert into prior_donation (station_id, donor_id, donated_on, donation_type, volume_ml, qualified, origin, origin_station, origin_province)
        values ($1, $2, '2025-01-01', 'whole_blood', 200, true, 'other_station', '郑州市中心血站', 'henan')`, [t.fixture.stationId, d.body.id]);
      const claim = await staff.post('/api/benefits/claims', { donorId: d.body.id, relation: 'self', beneficiaryName: '赵异地', beneficiaryIdNumber: idOf('37070219951212456'),
        channel: 'cross_province', originStation: '郑州市中心血站', originProvince: 'henan', hospitalName: '郑州大学第一附属医院', usedOn: '2026-02-01',
        volumeMl: 800, invoiceFen: 88_000, invoiceNo: 'FP-001', invoice: { kind: 'invoice', fileName: 'fp.png', mediaType: 'image/png', contentBase64: PNG } });
      assert.equal(claim.status, 201, JSON.stringify(claim.body));
      assert.match(claim.body.claimNumber, /^BX20260310\d{6}$/);
      assert.equal((await staff.post(`/api/benefits/claims/${claim.body.id}/pay`, { paymentReference: 'x' })).status, 409);
      const approved = await staff.post(`/api/benefits/claims/${claim.body.id}/review`, { decision: 'approved', note: '发票与献血证核验无误' });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.deepEqual([approved.body.approvedMl, approved.body.approvedFen], [600, 66_000]);
      assert.equal((await staff.post(`/api/benefits/claims/${claim.body.id}/review`, { decision: 'rejected', note: 'again' })).status, 409);
      const paid = await staff.post(`/api/benefits/claims/${claim.body.id}/pay`, { paymentReference: '银行转账 20260310-01' });
      assert.equal(paid.body.status, 'paid');
      const list = await staff.get('/api/benefits/claims?status=paid');
      assert.equal(list.body.items[0].claimNumber, claim.body.claimNumber);

      const stats = await commission.get('/api/benefits/statistics');
      assert.equal(stats.status, 200);
      const byKind = Object.fromEntries(stats.body.byKind.map((k: { kind: string; amountFen: number }) => [k.kind, k.amountFen]));
      assert.equal(byKind.cross_province, 66_000);
      assert.ok(stats.body.byRelation.some((r: { relation: string; count: number }) => r.relation === 'parent' && r.count === 2));
      assert.equal(stats.body.byMonth[0].month, '2026-03');
      const bands = Object.fromEntries(stats.body.byAmountBand.map((b: { band: string; count: number }) => [b.band, b.count]));
      assert.deepEqual(Object.keys(bands), ['0-500', '500-2000', '2000-5000', '5000-20000', '20000+']);
      assert.equal(Object.values(bands).reduce((a: number, b) => a + (b as number), 0), stats.body.totals.count);
      const mine = await hospital.get('/api/benefits/deductions');
      assert.ok(mine.body.items.every((i: { hospitalName: string }) => i.hospitalName === '潍坊市人民医院'));
    });

    it('the donor-and-family summary (for the donor app) shows the mother\'s deductions', async () => {
      const s = await staff.get(`/api/benefits/donors/${donorId}`);
      assert.equal(s.status, 200);
      const mother = s.body.deductions.filter((x: { relation: string }) => x.relation === 'parent');
      assert.deepEqual(mother.map((x: { volumeMl: number }) => x.volumeMl).sort(), [100, 300]);
      assert.equal(s.body.family[0].relativeName, '李母');
      assert.equal(s.body.family[0].remainingMl, 0);
      assert.equal(s.body.self.remainingMl, 0);
      assert.ok(!JSON.stringify(s.body).includes(MOTHER_ID), 'ID numbers are masked');
    });

    it('donor app (GET /api/m/benefits): the signed-in donor sees the mother\'s deductions; another donor does not; no session → 401', async () => {
      const signIn = async (phone: string) => {
        const m = new ApiClient(t.app);
        assert.equal((await m.post('/api/m/auth/code', { phone })).status, 202);
        const [msg] = await sql(t.url, `select payload from outbox_message where template = 'otp' and recipient = $1 order by id desc limit 1`, [phone]);
        const ok = await m.post('/api/m/auth/verify', { phone, code: String(msg.payload.code) });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        return m;
      };
      await sql(t.url, `update donor set phone = '13912340001' where id = $1`, [donorId]);
      const other = await staff.post('/api/donors', { idNumber: idOf('37070219880808444'), name: '赵另一', abo: 'A', rhd: 'POS', phone: '13912340002' });
      assert.equal(other.status, 201, JSON.stringify(other.body));

      const anon = await new ApiClient(t.app).get('/api/m/benefits');
      assert.equal(anon.status, 401);
      assert.match(JSON.stringify(anon.body), /请先用手机号登录 \/ Please sign in/, 'bilingual problem');

      const mine = await (await signIn('13912340001')).get('/api/m/benefits');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const mother = mine.body.deductions.filter((x: { relation: string }) => x.relation === 'parent');
      assert.deepEqual(mother.map((x: { volumeMl: number }) => x.volumeMl).sort(), [100, 300]);
      assert.ok(mother.every((x: { hospitalName: string; beneficiaryName: string; day: string; amountFen: number }) =>
        x.hospitalName === '潍坊市人民医院' && x.beneficiaryName === '李母' && /^\d{4}-\d{2}-\d{2}$/.test(x.day) && x.amountFen >= 0));
      const ledger = await staff.get(`/api/benefits/deductions?donorId=${donorId}&pageSize=100`);
      assert.equal(mine.body.deductions.length, ledger.body.total, 'every deduction of this donor, no more');
      assert.equal(mine.body.self.remainingMl, 0);
      assert.equal(mine.body.family[0].relation, 'parent');
      assert.equal(mine.body.family[0].relativeName, '李母');
      assert.equal(typeof mine.body.family[0].rule, 'string');
      const text = JSON.stringify(mine.body);
      assert.ok(!text.includes(MOTHER_ID) && !text.includes(DONOR_ID), 'no resident ID numbers');

      const theirs = await (await signIn('13912340002')).get('/api/m/benefits');
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body.deductions, []);
      assert.deepEqual(theirs.body.family, []);
      assert.ok(!JSON.stringify(theirs.body).includes('李母'));
    });
  });
}
