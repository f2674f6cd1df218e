/**
 * ACCEPTANCE (issue #6): the national award candidate list for the demo data is produced and exported
 * (Excel and CSV) for the health commission; honour cards are issued and their status changed, audited.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { evaluateAward, type AwardDonation } from '@redbridge/domain/awards';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { loadDemo } from '../../demo/load.ts';
import { DEMO_PASSWORD } from '../../demo/demo-users.ts';
import { ApiClient } from '../../../test/api-client.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';

const NOW = new Date('2026-11-20T18:00:00+08:00');

for (const kind of testDatabaseKinds()) {
  describe(`national award candidates for the demo data on ${kind} [R67]`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let staff: ApiClient;
    let commission: ApiClient;
    let cycleId: number;

    before(async () => {
      db = await createTestDatabase(kind);
      await loadDemo(db.url, { scale: 'small', stationCode: '37071', now: NOW });
      app = await buildApp({ ...loadConfig({}), databaseUrl: db.url, loginRateLimitPerMinute: 1000, poolMax: 4 }, { logger: false, clock: () => NOW });
      staff = await ApiClient.login(app, 'donor', DEMO_PASSWORD);
      commission = await ApiClient.login(app, 'commission', DEMO_PASSWORD);
    }, { timeout: 300_000 });
    after(async () => { await app?.close(); await db?.close(); });

    it('ACCEPTANCE: evaluates the 2025–2026 cycle: candidates at every level, each one re-checked by the domain', async () => {
      const started = performance.now();
      const r = await staff.post('/api/award-cycles', { name: '2025—2026年度', cycleStart: '2025-01-01', cycleEnd: '2026-12-31' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      cycleId = r.body.id;
      console.log(`[${kind}] award cycle: ${r.body.evaluated} donors evaluated, ${r.body.candidates} candidates ${JSON.stringify(r.body.byLevel)} in ${Math.round(performance.now() - started)} ms`);
      assert.ok(r.body.byLevel.bronze > 0 && r.body.byLevel.silver > 0 && r.body.byLevel.gold > 0 && r.body.byLevel.lifetime > 0, JSON.stringify(r.body.byLevel));
      const list = await commission.get(`/api/award-cycles/${cycleId}/candidates?pageSize=200`);
      assert.equal(list.status, 200);
      assert.equal(list.body.total, r.body.candidates);
      // Re-check five candidates from their raw records with the pure domain function.
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        for (const cand of list.body.items.slice(0, 8)) {
          const own = await c.query(`select to_char(collected_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, donation_type as type, volume_ml,
            (select count(*) from blood_unit u where u.donation_id = d.id and u.parent_unit_id is null)::int as doses from donation d where donor_id = $1`, [cand.donorId]);
          const prior = await c.query(`select to_char(donated_on, 'YYYY-MM-DD') as date, donation_type as type, volume_ml, doses from prior_donation where donor_id = $1`, [cand.donorId]);
          const held = await c.query(`select level, to_char(awarded_on, 'YYYY-MM-DD') as date from donor_award where donor_id = $1`, [cand.donorId]);
          const donations: AwardDonation[] = [...own.rows, ...prior.rows].map((d) => (d.type === 'apheresis_platelets'
            ? { date: d.date, type: 'apheresis_platelets', doses: Math.min(3, Math.max(1, d.doses)) } : { date: d.date, type: 'whole_blood', volumeMl: d.volume_ml }));
          const expected = evaluateAward({ cycleEnd: '2026-12-31', donations, previousAwards: held.rows });
          assert.deepEqual([cand.level, cand.count], [expected.award, expected.count], `donor ${cand.donorId}`);
        }
        const goldHolders = await c.query(`select count(*)::int as n from award_candidate a join donor_award w on w.donor_id = a.donor_id and w.level = 'gold' where a.cycle_id = $1`, [cycleId]);
        console.log(`[${kind}] candidates who already hold a gold (count restarted): ${goldHolders.rows[0].n}`);
      } finally {
        await c.end();
      }
      assert.ok(list.body.items.every((i: { idNumberMasked: string }) => /\*/.test(i.idNumberMasked)));
    });

    it('ACCEPTANCE: exports the candidate list to Excel and CSV for the health commission (audited)', async () => {
      const xlsx = await commission.get(`/api/award-cycles/${cycleId}/export?format=xlsx`);
      assert.equal(xlsx.status, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      assert.ok(String(xlsx.body).startsWith('PK'), 'an xlsx is a zip');
      const xlsxBytes = Number(xlsx.headers['content-length']);
      const rows = Number(xlsx.headers['x-row-count']);
      const csv = await commission.get(`/api/award-cycles/${cycleId}/export?format=csv`);
      assert.equal(csv.status, 200);
      const lines = String(csv.body).replace(/^\ufeff/, '').trim().split('\r\n');
      assert.equal(lines[0], '序号,奖项,献血者编号,姓名,性别,出生日期,身份证号码,血型,本轮献血次数,累计献血次数');
      assert.equal(lines.length - 1, rows);
      assert.ok(rows > 0);
      assert.match(lines[1], /^1,(终身荣誉奖\(含金奖\)|金奖),D\d{9},/);
      console.log(`[${kind}] exported ${rows} candidates: xlsx ${xlsxBytes} bytes, csv ${Buffer.byteLength(String(csv.body))} bytes`);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const audit = await c.query(`select count(*)::int as n from audit_log where action = 'award_cycle.export'`);
        assert.equal(audit.rows[0].n, 2);
      } finally { await c.end(); }
    });

    it('finalising turns candidates into awards held; a finalised cycle cannot be re-evaluated', async () => {
      const f = await staff.post(`/api/award-cycles/${cycleId}/finalise`, { reason: '市卫健委审核通过' });
      assert.equal(f.status, 200, JSON.stringify(f.body));
      assert.ok(f.body.awards > 0);
      const again = await staff.post('/api/award-cycles', { name: 'x', cycleStart: '2025-01-01', cycleEnd: '2026-12-31' });
      assert.equal(again.status, 409);
      const bad = await staff.post('/api/award-cycles', { name: 'x', cycleStart: '2027-01-01', cycleEnd: '2026-12-31' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].pointer, '/cycleEnd');
    });

    it('issues an honour card, suspends and revokes it; transitions are checked and audited', async () => {
      const donors = await staff.get('/api/donors?pageSize=1');
      const donorId = donors.body.items[0].id;
      const card = await staff.post('/api/honour-cards', { donorId, reason: '累计献血满 20 次' });
      assert.equal(card.status, 201, JSON.stringify(card.body));
      assert.match(card.body.cardNumber, /^RY2026\d{6}$/);
      assert.equal((await staff.post('/api/honour-cards', { donorId, reason: 'again' })).status, 409);
      assert.equal((await staff.post(`/api/honour-cards/${card.body.id}/status`, { status: 'suspended', reason: '献血者申请挂失' })).status, 200);
      assert.equal((await staff.post(`/api/honour-cards/${card.body.id}/status`, { status: 'revoked', reason: '补发新卡' })).status, 200);
      const back = await staff.post(`/api/honour-cards/${card.body.id}/status`, { status: 'active', reason: 'x' });
      assert.equal(back.status, 409);
      const reissue = await staff.post('/api/honour-cards', { donorId, reason: '补发' });
      assert.equal(reissue.status, 201);
      const list = await staff.get('/api/honour-cards');
      assert.equal(list.body.total, 2);
      assert.equal((await commission.post('/api/honour-cards', { donorId, reason: 'x' })).status, 403);
    });
  });
}
