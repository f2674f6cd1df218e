/**
 * Laboratory acceptance on PGlite and PostgreSQL 15: an ASTM session from the analyser simulator over loopback TCP
 * lands results and conclusions; a malformed frame is NAKed and logged and nothing partial is saved; two serology
 * rounds need different makers and operators; manual double entry; release gate; reactive → deferral, notification
 * and lookback: earlier components quarantined/recalled, hospitals see the recall and record dispositions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { startAstmListener, type AstmListener } from './astm-listener.ts';
import { buildAstmMessage, sendAstmSession, type SimulatedResult } from './astm-simulator.ts';

const residentId = (first17: string) => first17 + computeResidentIdCheckDigit(first17);

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 10000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const MARKERS = ['hbsag', 'hcv', 'hiv', 'tp'] as const;
const CODES: Record<(typeof MARKERS)[number], string> = { hbsag: 'HBSAG', hcv: 'HCV', hiv: 'HIV', tp: 'TP' };

/** Round-1 message: ELISA round 1, ALT, ABO, RhD, NAT. Round-2 message: ELISA round 2. */
function round1(din: string, over: Partial<Record<string, string>> = {}): SimulatedResult[] {
  return [
    ...MARKERS.map((m) => ({ specimen: din, test: CODES[m], value: over[CODES[m]] ?? '0.08', units: 'S/CO' })),
    { specimen: din, test: 'ALT', value: over.ALT ?? '18', units: 'U/L' },
    { specimen: din, test: 'ABO', value: over.ABO ?? 'A' },
    { specimen: din, test: 'RHD', value: over.RHD ?? 'POS' },
    ...['HBVDNA', 'HCVRNA', 'HIVRNA'].map((t) => ({ specimen: din, test: t, value: over[t] ?? 'NEG' })),
  ];
}
const round2 = (din: string, over: Partial<Record<string, string>> = {}): SimulatedResult[] =>
  MARKERS.map((m) => ({ specimen: din, test: CODES[m], value: over[CODES[m]] ?? '0.11', units: 'S/CO' }));

for (const kind of testDatabaseKinds()) {
  describe(`laboratory, ASTM interface and lookback on ${kind} [R5][R32][R33][R34][R35][R38][R41]`, () => {
    let t: TestApp;
    let donorUser: ApiClient;
    let lab: ApiClient;
    let lab2: ApiClient;
    let component: ApiClient;
    let dispatch: ApiClient;
    let hospital: ApiClient;
    let hospital2: ApiClient;
    let listener: AstmListener;
    let listener2: AstmListener;
    let idSeq = 100;

    before(async () => {
      t = await startTestApp(kind);
      await sql(t.url, `insert into app_user (station_id, org_id, username, display_name, role, password_hash)
        select station_id, org_id, 'lab2', '测试-lab2', 'lab', password_hash from app_user where username = 'lab'`);
      [donorUser, lab, lab2, component, dispatch, hospital, hospital2] = await Promise.all(
        ['donor', 'lab', 'lab2', 'component', 'dispatch', 'hospital', 'hospital2'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
      // Reagent lots: two makers per marker; runs: round 1 by lab on SIM-ELISA-1, round 2 by lab2 on SIM-ELISA-2.
      for (const m of MARKERS) {
        const l1 = await lab.post('/api/lab/reagent-lots', { marker: m, maker: '科华生物', lot: `KH-${m}-01`, expiresOn: '2099-12-31', grayZoneLowSco: 0.7 });
        assert.equal(l1.status, 201, JSON.stringify(l1.body));
        const l2 = await lab.post('/api/lab/reagent-lots', { marker: m, maker: '北京万泰', lot: `WT-${m}-01`, expiresOn: '2099-12-31' });
        assert.equal(l2.status, 201, JSON.stringify(l2.body));
        assert.equal((await lab.post('/api/lab/runs', { method: 'elisa', marker: m, round: 1, reagentLotId: l1.body.id, instrument: 'SIM-ELISA-1' })).status, 201);
        assert.equal((await lab2.post('/api/lab/runs', { method: 'elisa', marker: m, round: 2, reagentLotId: l2.body.id, instrument: 'SIM-ELISA-2' })).status, 201);
      }
      listener = await startAstmListener({ db: t.database.db, username: 'lab', stationCode: '37071' });
      listener2 = await startAstmListener({ db: t.database.db, username: 'lab2', stationCode: '37071' });
    });
    after(async () => {
      await listener?.close();
      await listener2?.close();
      await t?.close();
    });

    async function collect(first17: string, name = '张三') {
      const donor = await donorUser.post('/api/donors', { idNumber: residentId(first17), name, phone: '13800000000' });
      assert.equal(donor.status, 201, JSON.stringify(donor.body));
      const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
      assert.equal(donation.status, 201, JSON.stringify(donation.body));
      return { donorId: donor.body.id as number, din: donation.body.din as string };
    }
    async function collectAgain(donorId: number, collectedAt: Date) {
      const donation = await donorUser.post('/api/donations', { donorId, volumeMl: 400, collectedAt: collectedAt.toISOString() });
      assert.equal(donation.status, 201, JSON.stringify(donation.body));
      return donation.body.din as string;
    }
    const maxLogId = async () => Number((await sql(t.url, 'select coalesce(max(id),0)::int n from astm_message_log'))[0].n);
    async function session(l: AstmListener, results: SimulatedResult[], instrument: string, corrupt?: { frameIndex: number; times: number }) {
      const before = await maxLogId();
      const out = await sendAstmSession({ port: l.port, message: buildAstmMessage(results, instrument), corrupt });
      // The listener logs every session's end (accepted / rejected / discarded) after importing it.
      await waitFor(async () => (await sql(t.url, `select 1 from astm_message_log where id > $1 and status <> 'frame_rejected'`, [before])).length > 0, 'the listener to log the session');
      await l.idle();
      return out;
    }
    async function testViaAnalysers(din: string, r1: Partial<Record<string, string>> = {}, r2: Partial<Record<string, string>> = {}) {
      const o1 = await session(listener, round1(din, r1), 'SIM-ELISA-1');
      assert.equal(o1.aborted, false);
      const o2 = await session(listener2, round2(din, r2), 'SIM-ELISA-2');
      assert.equal(o2.aborted, false);
      return (await lab.get(`/api/lab/donations/${din}`)).body;
    }

    it('an ASTM session over loopback TCP lands results and the conclusion; release uses it [R5][R33][R38]', async () => {
      const { din } = await collect(`3707021990010${idSeq++}`.slice(0, 17).padEnd(17, '1'));
      const o1 = await session(listener, round1(din), 'SIM-ELISA-1');
      assert.deepEqual({ aborted: o1.aborted, naks: o1.naks }, { aborted: false, naks: 0 });
      let detail = (await lab.get(`/api/lab/donations/${din}`)).body;
      assert.equal(detail.entries.length, 10);
      assert.equal(detail.testConclusion, 'pending', 'second serology round still missing');
      assert.ok(detail.testReasons.some((r: any) => r.code === 'RESULT_MISSING' && r.item === 'hbsag'));
      // Release refused while pending.
      const early = await lab.post(`/api/donations/${din}/release`);
      assert.equal(early.status, 409);

      await session(listener2, round2(din), 'SIM-ELISA-2');
      detail = (await lab.get(`/api/lab/donations/${din}`)).body;
      assert.equal(detail.entries.length, 14);
      assert.equal(detail.testConclusion, 'qualified', JSON.stringify(detail.testReasons));
      assert.equal(detail.abo, 'A');
      assert.ok(detail.entries.every((e: any) => e.source === 'astm_tcp'));
      const elisa = detail.entries.filter((e: any) => e.kind === 'elisa');
      assert.deepEqual(new Set(elisa.map((e: any) => e.payload.maker)), new Set(['科华生物', '北京万泰']));
      assert.deepEqual(new Set(elisa.map((e: any) => e.payload.operator)), new Set(['lab', 'lab2']));
      const log = (await lab.get('/api/lab/astm/messages')).body;
      assert.equal(log[0].status, 'accepted');
      assert.equal(log[0].resultCount, 4);
      const released = await lab.post(`/api/donations/${din}/release`);
      assert.equal(released.status, 200, JSON.stringify(released.body));
      assert.equal(released.body.units[0].status, 'available');
      // The v1 summary endpoint cannot overwrite a lab conclusion.
      const v1 = await lab.post(`/api/donations/${din}/test-results`, { abo: 'O', rhd: 'POS', altUPerL: 1, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
      assert.equal(v1.status, 409);
    });

    it('a malformed frame is NAKed and logged; an abandoned session saves nothing; a good retransmission is accepted [R5]', async () => {
      const { din } = await collect(`3707021990020${idSeq++}`.slice(0, 17).padEnd(17, '2'));
      const resultsBefore = Number((await sql(t.url, 'select count(*)::int n from lab_result'))[0].n);
      const bad = await session(listener, round1(din), 'SIM-ELISA-1', { frameIndex: 4, times: 6 });
      assert.equal(bad.aborted, true);
      assert.equal(bad.naks, 6);
      assert.equal(Number((await sql(t.url, 'select count(*)::int n from lab_result'))[0].n), resultsBefore, 'nothing partial saved');
      const rows = await sql(t.url, `select status, error from astm_message_log order by id desc limit 7`);
      assert.equal(rows[0].status, 'discarded');
      assert.equal(rows.filter((r) => r.status === 'frame_rejected').length, 6);
      assert.match(rows[1].error, /FRAME_CHECKSUM/);
      const d = (await lab.get(`/api/lab/donations/${din}`)).body;
      assert.equal(d.testConclusion, null);

      const retried = await session(listener, round1(din), 'SIM-ELISA-1', { frameIndex: 4, times: 1 });
      assert.deepEqual({ aborted: retried.aborted, naks: retried.naks }, { aborted: false, naks: 1 });
      assert.equal((await lab.get(`/api/lab/donations/${din}`)).body.entries.length, 10);
    });

    it('a message with one bad order is rejected whole (all or nothing) [R5]', async () => {
      const { din } = await collect(`3707021990030${idSeq++}`.slice(0, 17).padEnd(17, '3'));
      const before = Number((await sql(t.url, 'select count(*)::int n from lab_result'))[0].n);
      await session(listener, [...round1(din), { specimen: '3707126999999', test: 'ALT', value: '10' }], 'SIM-ELISA-1');
      assert.equal(Number((await sql(t.url, 'select count(*)::int n from lab_result'))[0].n), before);
      const log = (await lab.get('/api/lab/astm/messages')).body;
      assert.equal(log[0].status, 'rejected');
      assert.match(log[0].error, /献血|DIN|donation/);
      // File import path, same codec and same all-or-nothing rule.
      const file = await lab.post('/api/lab/astm/import', { content: buildAstmMessage(round1(din), 'SIM-ELISA-1'), fileName: 'elisa1.astm' });
      assert.equal(file.status, 200, JSON.stringify(file.body));
      assert.equal(file.body.status, 'accepted');
      assert.equal(file.body.resultCount, 10);
    });

    it('two serology rounds must use different makers and operators; manual double entry must match [R5][R32]', async () => {
      const { din } = await collect(`3707021990040${idSeq++}`.slice(0, 17).padEnd(17, '4'));
      const lots = (await lab.get('/api/lab/reagent-lots')).body as any[];
      const kh = lots.find((l) => l.marker === 'hbsag' && l.maker === '科华生物');
      const runA = (await lab.post('/api/lab/runs', { method: 'elisa', marker: 'hbsag', round: 1, reagentLotId: kh.id, plate: 'P-01' })).body;
      const entry = { din, kind: 'elisa', marker: 'hbsag', phase: 'initial', sco: 0.1 };
      const mismatch = await lab.post('/api/lab/results', { runId: runA.id, entries: [entry], verifyEntries: [{ ...entry, sco: 0.11 }] });
      assert.equal(mismatch.status, 422);
      assert.equal(mismatch.body.errors[0].pointer, '/verifyEntries/0');
      assert.equal((await lab.post('/api/lab/results', { runId: runA.id, entries: [entry], verifyEntries: [entry] })).status, 200);
      // Round 2 with the same maker (different operator) → refused.
      const runSameMaker = (await lab2.post('/api/lab/runs', { method: 'elisa', marker: 'hbsag', round: 2, reagentLotId: kh.id })).body;
      const r = await lab2.post('/api/lab/results', { runId: runSameMaker.id, entries: [entry], verifyEntries: [entry] });
      assert.equal(r.status, 422);
      assert.equal(r.body.code, 'ROUNDS_SAME_MAKER');
      // Round 2 with another maker but the same operator → refused.
      const wt = lots.find((l) => l.marker === 'hbsag' && l.maker === '北京万泰');
      const runSameOp = (await lab.post('/api/lab/runs', { method: 'elisa', marker: 'hbsag', round: 2, reagentLotId: wt.id })).body;
      const r2 = await lab.post('/api/lab/results', { runId: runSameOp.id, entries: [entry], verifyEntries: [entry] });
      assert.equal(r2.body.code, 'ROUNDS_SAME_OPERATOR');
      // Expired reagent lot cannot open a run.
      const old = await lab.post('/api/lab/reagent-lots', { marker: 'tp', maker: '旧厂', lot: 'OLD-1', expiresOn: '2020-01-01' });
      const expired = await lab.post('/api/lab/runs', { method: 'elisa', marker: 'tp', round: 1, reagentLotId: old.body.id });
      assert.equal(expired.status, 422);
      assert.equal(expired.body.errors[0].pointer, '/reagentLotId');
    });

    it('ABO discrepancy blocks release until resolved; a reactive result cannot be withdrawn [R33][R38]', async () => {
      const { din } = await collect(`3707021990050${idSeq++}`.slice(0, 17).padEnd(17, '5'));
      await testViaAnalysers(din);
      const manual = await lab.post('/api/lab/results', { entries: [{ din, kind: 'abo', forward: 'A', reverse: 'O' }], verifyEntries: [{ din, kind: 'abo', forward: 'A', reverse: 'O' }] });
      assert.equal(manual.status, 200);
      assert.equal(manual.body.conclusions[0].conclusion, 'pending');
      const refused = await lab.post(`/api/donations/${din}/release`);
      assert.equal(refused.status, 409);
      assert.match(refused.body.detail, /ABO|待复核/);
      const resolved = await lab.post(`/api/lab/donations/${din}/abo-resolution`, { abo: 'A', rhd: 'POS', reason: '吸收放散试验确认 A 型' });
      assert.equal(resolved.body.conclusion, 'qualified');
      // ALT above the limit can't be withdrawn by an override.
      await lab.post('/api/lab/results', { entries: [{ din, kind: 'alt', valueUPerL: 95 }], verifyEntries: [{ din, kind: 'alt', valueUPerL: 95 }] });
      const detail = (await lab.get(`/api/lab/donations/${din}`)).body;
      assert.equal(detail.testConclusion, 'unqualified');
      const altId = detail.entries.find((e: any) => e.kind === 'alt' && e.payload.valueUPerL === 95).id;
      const ov = await lab.post(`/api/lab/donations/${din}/overrides`, { resultId: altId, reason: '录入错误' });
      assert.equal(ov.status, 409);
      assert.equal(ov.body.code, 'ADVERSE_RESULT_LOCKED');
    });

    it('lookback: a repeat donor turns HBsAg-reactive; earlier components quarantined or recalled; hospitals see the recall [R34][R35][R41]', async () => {
      // Earlier donation: tested, processed, released; one RBC issued to hospital 1, plasma stays in stock.
      const { donorId, din: din1 } = await collect(`3707021988060${idSeq++}`.slice(0, 17).padEnd(17, '6'), '赵六');
      const first = await testViaAnalysers(din1, {}, {});
      assert.equal(first.testConclusion, 'qualified');
      const processed = await component.post(`/api/donations/${din1}/process`, { products: ['SRBC_MAP', 'FFP'] });
      assert.equal(processed.status, 200, JSON.stringify(processed.body));
      assert.equal((await lab.post(`/api/donations/${din1}/release`)).status, 200);
      const units = (await lab.get(`/api/donations/${din1}`)).body.units as any[];
      const rbc = units.find((u) => u.productId === 'SRBC_MAP');
      const ffp = units.find((u) => u.productId === 'FFP');
      const order = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'A', rhd: 'POS', quantity: 2 }], neededBy: new Date(Date.now() + 3600_000).toISOString(), priority: 'routine' });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      const alloc = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
      assert.equal(alloc.status, 200, JSON.stringify(alloc.body));
      assert.ok(alloc.body.units.some((u: any) => u.id === rbc.id), 'our RBC allocated');
      assert.equal((await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '王师傅', tempC: 4 })).status, 200);
      // That donation was 200 days ago: past the 6-month whole-blood interval (GB 18467-2011), inside the 365-day
      // lookback window; its units keep their stored expiry, so they are still in date.
      await sql(t.url, `update donation set collected_at = now() - interval '200 days' where din = $1`, [din1]);

      // Now the repeat donation: HBsAg reactive in round 1 (initial + both retest wells).
      await sql(t.url, `update donor set deferred_until = null where id = $1`, [donorId]);
      const din2 = await collectAgain(donorId, new Date());
      await session(listener, [...round1(din2, { HBSAG: '5.2' }), { specimen: din2, test: 'HBSAG', value: '4.8', wellFlag: 'R' }, { specimen: din2, test: 'HBSAG', value: '5.0', wellFlag: 'R' }], 'SIM-ELISA-1');
      const d2 = (await lab.get(`/api/lab/donations/${din2}`)).body;
      assert.equal(d2.testConclusion, 'unqualified');
      assert.ok(d2.testReasons.some((r: any) => r.code === 'HBSAG_REACTIVE'));

      // Donor deferred (屏蔽) and a privacy-respecting notification task exists.
      const [dn] = await sql(t.url, 'select permanently_deferred from donor where id = $1', [donorId]);
      assert.equal(dn.permanently_deferred, true);
      const notes = (await lab.get('/api/lab/notifications')).body as any[];
      const note = notes.find((n) => n.din === din2);
      assert.ok(note, 'notification task');
      assert.doesNotMatch(note.messageZh, /乙肝|HBsAg|阳性|感染/);
      assert.deepEqual(note.reasonCodes, ['HBSAG_REACTIVE']);
      // Deferred donor cannot donate again.
      assert.equal((await donorUser.post('/api/donations', { donorId, volumeMl: 400 })).body.code, 'DONOR_DEFERRED');

      // Earlier components: RBC (issued) recalled, FFP (in stock) quarantined and held.
      const after = (await lab.get(`/api/donations/${din1}`)).body.units as any[];
      assert.equal(after.find((u) => u.id === rbc.id).status, 'recalled');
      assert.equal(after.find((u) => u.id === ffp.id).status, 'quarantined');
      assert.equal(after.find((u) => u.id === rbc.id).recalled, true);

      // Hospital 1 sees its recalled unit, hospital 2 sees nothing.
      const h1 = (await hospital.get('/api/recalls')).body as any[];
      assert.deepEqual(h1.map((r) => [r.unitId, r.action]), [[rbc.id, 'recalled']]);
      assert.deepEqual((await hospital2.get('/api/recalls')).body, []);
      const station = (await lab.get('/api/recalls')).body as any[];
      assert.ok(station.some((r) => r.unitId === ffp.id && r.action === 'quarantined'));
      // Hospital records the disposition; the unit is discarded; a second disposition is refused; hospital 2 cannot.
      assert.equal((await hospital2.post(`/api/recalls/units/${h1[0].id}/disposition`, { disposition: 'returned' })).status, 404);
      const disp = await hospital.post(`/api/recalls/units/${h1[0].id}/disposition`, { disposition: 'returned', note: '已退回血站' });
      assert.equal(disp.status, 200, JSON.stringify(disp.body));
      assert.equal((await hospital.post(`/api/recalls/units/${h1[0].id}/disposition`, { disposition: 'returned' })).status, 409);
      assert.equal((await hospital.get('/api/recalls')).body[0].disposition, 'returned');
      const [u] = await sql(t.url, 'select status from blood_unit where id = $1', [rbc.id]);
      assert.equal(u.status, 'discarded');
      // Trace shows the recall event.
      const events = await sql(t.url, `select type from unit_event where unit_id = $1 order by id`, [rbc.id]);
      assert.ok(events.some((e) => e.type === 'recall'));
    });

    it('post-donation information (献血后回告) quarantines in-date stock of the donor [R34][R41]', async () => {
      const { donorId, din } = await collect(`3707021977070${idSeq++}`.slice(0, 17).padEnd(17, '7'), '钱七');
      await testViaAnalysers(din);
      assert.equal((await lab.post(`/api/donations/${din}/release`)).status, 200);
      const res = await donorUser.post(`/api/donors/${donorId}/post-donation-information`, { reason: '献血者来电告知近期高危行为' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.recall.units, 1);
      const units = (await lab.get(`/api/donations/${din}`)).body.units as any[];
      assert.equal(units[0].status, 'quarantined');
      // Held: cannot be released again.
      await sql(t.url, `update donation set released_at = null where din = $1`, [din]);
      assert.equal((await lab.post(`/api/donations/${din}/release`)).status, 409);
    });
  });
}
