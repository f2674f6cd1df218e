/**
 * Donor service on PGlite and PostgreSQL 15: capacity under concurrency, eligibility at booking and at donation,
 * the O RhD-negative shortage campaign (ranked list, outbox messages, quiet period), the outbox dispatcher,
 * and the donor app's phone sign-in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import fc from 'fast-check';
import { ApiClient } from '../../test/api-client.ts';
import { TEST_PASSWORD } from '../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../test/harness/databases.ts';
import { openDatabase } from '../db/client.ts';
import { startRecruitmentCampaign } from './recruitment/service.ts';
import { dispatchDue, type Channel, type ChannelAdapter, type OutgoingMessage } from './outbox/service.ts';
import type { ActionContext } from '../lib/context.ts';

const NOW = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 Asia/Shanghai
const DAY = '2026-11-23'; // Monday

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(text, params)).rows as T[]; } finally { await c.end(); }
}

let serial = 0;
/** Calendar months later (clamped to month end), as the rule set reads "6 个月". */
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}
/** Inserts a donor (and past donations, days before NOW) straight into the tables. */
async function addDonor(url: string, stationId: number, o: { name: string; abo?: string; rhd?: string; sex?: string; birth?: string; phone?: string | null; donatedDaysAgo?: number[]; optOut?: boolean; home?: [number, number] }) {
  serial++;
  const [d] = await sql<{ id: number }>(url, `insert into donor (station_id, donor_number, id_number, name, sex, birth_date, phone, abo, rhd)
    values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning id`, [stationId, `D${serial}`, `3707021990${String(serial).padStart(8, '0')}`, o.name, o.sex ?? 'male', o.birth ?? '1990-01-01',
    o.phone === undefined ? `139${String(serial).padStart(8, '0')}` : o.phone, o.abo ?? 'A', o.rhd ?? 'POS']);
  const donorId = Number(d.id);
  const [u] = await sql<{ id: number }>(url, `select id from app_user limit 1`);
  for (const ago of o.donatedDaysAgo ?? []) {
    serial++;
    await sql(url, `insert into donation (station_id, din, donor_id, donation_type, volume_ml, collected_at, status, created_by)
      values ($1,$2,$3,'whole_blood',400,$4,'released',$5)`, [stationId, `T${String(serial).padStart(12, '0')}`, donorId, new Date(NOW.getTime() - ago * 86_400_000), u.id]);
  }
  if (o.optOut !== undefined || o.home) {
    await sql(url, `insert into donor_profile (donor_id, station_id, opt_out_recruitment, home_lat, home_lon) values ($1,$2,$3,$4,$5)`,
      [donorId, stationId, o.optOut ?? false, o.home?.[0] ?? null, o.home?.[1] ?? null]);
  }
  return donorId;
}

for (const kind of testDatabaseKinds()) {
  describe(`donor service on ${kind} [R16]`, () => {
    let t: TestApp;
    let staff: ApiClient;
    let siteId: number;
    before(async () => {
      t = await startTestApp(kind, { clock: () => NOW });
      staff = await ApiClient.login(t.app, 'donor', TEST_PASSWORD);
      const site = await staff.post('/api/sites', {
        code: 'H01', name: '奎文献血屋', kind: 'fixed_house', town: '奎文区', lat: 36.7069, lon: 119.1618, slotMinutes: 60, slotCapacity: 3,
        openingHours: { 1: [['08:30', '11:30']], 6: [['09:00', '12:00']], 7: [['09:00', '12:00']] },
      });
      assert.equal(site.status, 201, JSON.stringify(site.body));
      siteId = site.body.id;
    });
    after(async () => { await t?.close(); });

    it('concurrent bookings for the last places of a slot never overbook (two app instances) [R16]', async () => {
      const slots = await staff.get(`/api/sites/${siteId}/slots?from=${DAY}&to=${DAY}`);
      assert.equal(slots.status, 200);
      assert.deepEqual(slots.body.map((s: { startTime: string }) => s.startTime), ['08:30', '09:30', '10:30']);
      const slot = slots.body[0];
      const donors = [];
      for (let i = 0; i < 16; i++) donors.push(await addDonor(t.url, t.fixture.stationId, { name: `并发${i}` }));
      const app2 = await t.second();
      const staff2 = await ApiClient.login(app2, 'donor', TEST_PASSWORD);
      const results = await Promise.all(donors.map((donorId, i) => (i % 2 ? staff2 : staff).post('/api/appointments', { donorId, slotId: slot.id })));
      const ok = results.filter((r) => r.status === 201);
      const full = results.filter((r) => r.status === 409);
      assert.equal(ok.length, 3, JSON.stringify(results.map((r) => [r.status, r.body.code])));
      assert.equal(full.length, 13);
      assert.ok(full.every((r) => r.body.code === 'SLOT_FULL' && r.body.errors[0].pointer === '/slotId'));
      const [row] = await sql(t.url, 'select booked, capacity from time_slot where id = $1', [slot.id]);
      assert.deepEqual([row.booked, row.capacity], [3, 3]);
      const [n] = await sql(t.url, `select count(*)::int as n from appointment where slot_id = $1 and status = 'booked'`, [slot.id]);
      assert.equal(n.n, 3);
      // a cancellation frees exactly one place, and the freed place can be taken once
      const cancelled = await staff.post(`/api/appointments/${ok[0].body.id}/cancel`, { reason: '临时有事' });
      assert.equal(cancelled.status, 200);
      const again = await Promise.all(donors.slice(10, 14).map((donorId) => staff.post('/api/appointments', { donorId, slotId: slot.id })));
      assert.equal(again.filter((r) => r.status === 201).length, 1);
      // reminders and confirmations went to the outbox, idempotent per appointment
      const [m] = await sql(t.url, `select count(*)::int as n from outbox_message where template = 'appointment_reminder'`);
      assert.equal(m.n, 4);
    });

    it('property: a deferred donor is never offered a day inside the deferral, and booking such a day is refused [R16]', async () => {
      const slots = await staff.get(`/api/sites/${siteId}/slots?from=2026-11-20&to=2026-12-19`);
      assert.equal(slots.status, 200);
      await fc.assert(fc.asyncProperty(
        fc.constantFrom('staff', 'alt_elevated', 'reactive_hbsag', 'recent_donation'), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 40 }),
        async (kind, ago, untilIn) => {
          const s = t.fixture.stationId;
          const donorId = await addDonor(t.url, s, { name: `屏蔽${kind}`, donatedDaysAgo: kind === 'recent_donation' ? [ago] : [] });
          const from = new Date(NOW.getTime() - ago * 86_400_000).toISOString().slice(0, 10);
          const until = new Date(NOW.getTime() + untilIn * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
          if (kind !== 'recent_donation') {
            const [{ id_number: idNumber }] = await sql(t.url, 'select id_number from donor where id = $1', [donorId]);
            await sql(t.url, `insert into donor_deferral (station_id, donor_id, id_number, code, from_day, until) values ($1,$2,$3,$4,$5,$6)`,
              [s, donorId, idNumber, kind, from, kind === 'staff' ? until : null]);
          }
          const offer = await staff.get(`/api/appointments/offer?donorId=${donorId}&siteId=${siteId}&from=2026-11-20&days=30`);
          const end = kind === 'staff' ? until : kind === 'reactive_hbsag' ? '9999-12-31'
            : kind === 'alt_elevated' ? addMonths(from, 6) : addMonths(new Date(NOW.getTime() - ago * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10), 6);
          const offered: string[] = offer.body.days.map((d: { day: string }) => d.day);
          if (!offered.every((d) => d >= end)) return false;
          const inside = slots.body.find((x: { day: string }) => x.day < end && x.day >= '2026-11-21');
          if (inside) {
            const r = await staff.post('/api/appointments', { donorId, slotId: inside.id });
            if (r.status !== 422 || r.body.code !== 'DONOR_INELIGIBLE') return false;
          }
          return true;
        }), { numRuns: 12 });
    });

    it('check-in, no-show and the day sheet', async () => {
      const sheet = await staff.get(`/api/sites/${siteId}/day-sheet?day=${DAY}`);
      assert.equal(sheet.status, 200);
      const booked = sheet.body.slots[0].appointments.filter((a: { status: string }) => a.status === 'booked');
      assert.equal(booked.length, 3);
      assert.equal((await staff.post(`/api/appointments/${booked[0].id}/check-in`)).status, 200);
      assert.equal((await staff.post(`/api/appointments/${booked[1].id}/no-show`)).status, 200);
      const twice = await staff.post(`/api/appointments/${booked[1].id}/check-in`);
      assert.equal(twice.status, 409);
      const after = await staff.get(`/api/sites/${siteId}/day-sheet?day=${DAY}`);
      assert.deepEqual([after.body.counts.checked_in, after.body.counts.no_show, after.body.counts.booked], [1, 1, 1]);
    });

    it('eligibility is enforced at booking, in the offered days, and at donation (POST /api/donations)', async () => {
      const recent = await addDonor(t.url, t.fixture.stationId, { name: '近期献血', donatedDaysAgo: [60] });
      const slots = await staff.get(`/api/sites/${siteId}/slots?from=${DAY}&to=${DAY}`);
      const refused = await staff.post('/api/appointments', { donorId: recent, slotId: slots.body[2].id });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'DONOR_INELIGIBLE');
      assert.equal(refused.body.errors[0].code, 'INTERVAL_WHOLE_BLOOD_TO_WHOLE_BLOOD');
      assert.match(refused.body.errors[0].message, /GB18467-2011 §6\.2/);
      const offer = await staff.get(`/api/appointments/offer?donorId=${recent}&siteId=${siteId}&days=30`);
      assert.equal(offer.status, 200);
      assert.equal(offer.body.days.length, 0);
      assert.equal(offer.body.decisionToday.eligibleFrom, '2027-03-21');
      const [before] = await sql(t.url, 'select count(*)::int as n from donation');
      const donation = await staff.post('/api/donations', { donorId: recent, volumeMl: 400 });
      assert.equal(donation.status, 422);
      assert.equal(donation.body.code, 'DONOR_INELIGIBLE');
      const lowHb = await addDonor(t.url, t.fixture.stationId, { name: '血红蛋白低', sex: 'female' });
      const exam = { weightKg: 50, hbGPerL: 110, systolicMmHg: 110, diastolicMmHg: 70, pulseBpm: 70, temperatureC: 36.5 };
      const hb = await staff.post('/api/donations', { donorId: lowHb, volumeMl: 300, exam });
      assert.equal(hb.status, 422);
      assert.deepEqual(hb.body.errors.map((e: { code: string }) => e.code), ['HB_LOW']);
      const [afterRefusals] = await sql(t.url, 'select count(*)::int as n from donation');
      assert.equal(afterRefusals.n, before.n);
      const ok = await staff.post('/api/donations', { donorId: lowHb, volumeMl: 300, exam: { ...exam, hbGPerL: 115 } });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      // the same person registered at another station of the deployment (same ID number) is deferred there too
      const [{ id_number: idNumber }] = await sql(t.url, 'select id_number from donor where id = $1', [lowHb]);
      await sql(t.url, `insert into donor_deferral (station_id, donor_id, id_number, code, from_day) values ($1,$2,$3,'reactive_hiv','2026-11-20')`, [t.fixture.stationId + 1000, lowHb, idNumber]);
      const e2 = await staff.get(`/api/eligibility/donors/${lowHb}?day=2027-12-01`);
      assert.equal(e2.body.eligible, false);
      assert.ok(e2.body.reasons.some((r: { code: string }) => r.code === 'REACTIVE_REACTIVE_HIV'));
    });

    it('an O RhD-negative shortage raises a ranked campaign, outbox messages, and the quiet period holds [R16]', async () => {
      const s = t.fixture.stationId;
      const near: [number, number] = [36.72, 119.15];
      const oNeg = {
        loyal: await addDonor(t.url, s, { name: '王忠', abo: 'O', rhd: 'NEG', donatedDaysAgo: [200, 400, 600, 800, 1000], home: near }),
        lapsed: await addDonor(t.url, s, { name: '李远', abo: 'O', rhd: 'NEG', donatedDaysAgo: [900, 1500], home: near }),
        oneTime: await addDonor(t.url, s, { name: '赵一', abo: 'O', rhd: 'NEG', donatedDaysAgo: [250], home: near }),
        tooSoon: await addDonor(t.url, s, { name: '钱近', abo: 'O', rhd: 'NEG', donatedDaysAgo: [30], home: near }),
        optedOut: await addDonor(t.url, s, { name: '孙退', abo: 'O', rhd: 'NEG', donatedDaysAgo: [300], optOut: true, home: near }),
        far: await addDonor(t.url, s, { name: '周远', abo: 'O', rhd: 'NEG', donatedDaysAgo: [300], home: [35.0, 117.0] }),
        noPhone: await addDonor(t.url, s, { name: '吴无', abo: 'O', rhd: 'NEG', donatedDaysAgo: [300], phone: null }),
      };
      await addDonor(t.url, s, { name: '郑阳', abo: 'O', rhd: 'POS', donatedDaysAgo: [300], home: near });
      await addDonor(t.url, s, { name: '冯A', abo: 'A', rhd: 'NEG', donatedDaysAgo: [300], home: near });
      const [user] = await sql(t.url, `select id, org_id from app_user where username = 'donor'`);
      const ctx = (now: Date): ActionContext => ({
        user: { id: Number(user.id), username: 'donor', displayName: '测试-donor', role: 'donor_service', orgId: Number(user.org_id), orgName: '', orgType: 'station', stationId: s },
        requestId: 'test', now, stationCode: 'T3707',
      });
      const campaign = await startRecruitmentCampaign(t.database.db, ctx(NOW), { abo: 'O', rhd: 'NEG', componentClass: 'red_cells', reason: 'inventory_alert', alertLevel: 'orange', targetDate: DAY, size: 10 });
      const names = campaign.contacts.map((c) => c.name);
      console.log(`  O RhD- campaign ${campaign.id}: ${campaign.contacts.map((c) => `${c.rank}. ${c.name} p=${c.probability} ${c.channel} ${c.siteName} ${c.travelMinutes}min`).join('; ')}`);
      assert.deepEqual(names, ['王忠', '赵一', '李远']);
      const probs = campaign.contacts.map((c) => c.probability);
      assert.ok(probs[0] > probs[1] && probs[1] > probs[2], JSON.stringify(probs));
      assert.ok(campaign.contacts.every((c) => c.abo === 'O' && c.rhd === 'NEG' && c.siteName === '奎文献血屋'), 'type and site');
      for (const excluded of [oNeg.tooSoon, oNeg.optedOut, oNeg.far, oNeg.noPhone]) assert.ok(!campaign.contacts.some((c) => c.donorId === excluded), `excluded ${excluded}`);
      // outbox: an SMS and a staff phone task per RhD-negative donor
      const msgs = await sql(t.url, `select channel, template, recipient, payload from outbox_message where dedupe_key like $1 order by id`, [`campaign:${campaign.id}:%`]);
      assert.deepEqual(msgs.map((m) => m.channel).sort(), ['phone_task', 'phone_task', 'phone_task', 'sms', 'sms', 'sms']);
      const sent: string[] = [];
      const sink: Record<Channel, ChannelAdapter> = Object.fromEntries((['sms', 'wechat', 'phone_task'] as Channel[]).map((ch) => [ch, {
        channel: ch, async send(m: OutgoingMessage) { sent.push(`${ch}:${m.template}:${m.recipient}`); return { providerRef: `t-${m.id}` }; },
      }])) as never;
      const r = await dispatchDue(t.database.db, sink, NOW, 500);
      assert.ok(sent.filter((x) => x.startsWith('sms:recruitment')).length === 3 && sent.filter((x) => x.startsWith('phone_task:recruitment_call')).length === 3, sent.join());
      assert.equal(r.sent, r.claimed);
      assert.equal((await dispatchDue(t.database.db, sink, NOW, 500)).claimed, 0, 'sent messages are not sent again');
      // quiet period (30 days): a second campaign 10 days later contacts nobody already contacted
      const second = await startRecruitmentCampaign(t.database.db, ctx(new Date(NOW.getTime() + 10 * 86_400_000)), { abo: 'O', rhd: 'NEG', reason: 'manual', targetDate: '2026-12-05' });
      assert.deepEqual(second.contacts.map((c) => c.name), []);
      const later = await startRecruitmentCampaign(t.database.db, ctx(new Date(NOW.getTime() + 31 * 86_400_000)), { abo: 'O', rhd: 'NEG', reason: 'manual', targetDate: '2026-12-26' });
      assert.ok(later.contacts.some((c) => c.name === '王忠'), 'after the quiet period the donor may be contacted again');
      // funnel: the loyal donor books → booked
      const slots = await staff.get(`/api/sites/${siteId}/slots?from=${DAY}&to=${DAY}`);
      const b = await staff.post('/api/appointments', { donorId: oNeg.loyal, slotId: slots.body[2].id });
      assert.equal(b.status, 201, JSON.stringify(b.body));
      const list = await staff.get('/api/recruitment/campaigns');
      const f = list.body.find((c: { id: number }) => c.id === campaign.id).funnel;
      assert.equal(f.contacted, 3);
      assert.ok(list.body.some((c: { funnel: { booked: number } }) => c.funnel.booked === 1), JSON.stringify(list.body.map((c: { funnel: unknown }) => c.funnel)));
    });

    it('outbox: failures retry with backoff, then dead; concurrent dispatchers send each message once', async () => {
      const s = t.fixture.stationId;
      await sql(t.url, `update outbox_message set status = 'sent' where status = 'pending'`);
      for (let i = 0; i < 20; i++) {
        await sql(t.url, `insert into outbox_message (station_id, channel, recipient, template, payload, dedupe_key, next_attempt_at) values ($1,'sms','13900000000','appointment_reminder','{}',$2,$3)`, [s, `t:${i}`, NOW]);
      }
      const seen = new Map<number, number>();
      const counting: Record<Channel, ChannelAdapter> = Object.fromEntries((['sms', 'wechat', 'phone_task'] as Channel[]).map((ch) => [ch, {
        channel: ch, async send(m: OutgoingMessage) { seen.set(m.id, (seen.get(m.id) ?? 0) + 1); await new Promise((r) => setTimeout(r, 5)); return { providerRef: 'x' }; },
      }])) as never;
      const other = openDatabase(t.url, 2);
      try {
        await Promise.all([dispatchDue(t.database.db, counting, NOW, 7), dispatchDue(other.db, counting, NOW, 7), dispatchDue(t.database.db, counting, NOW, 7), dispatchDue(other.db, counting, NOW, 7)]);
      } finally { await other.close(); }
      assert.equal(seen.size, 20);
      assert.ok([...seen.values()].every((n) => n === 1));
      await sql(t.url, `insert into outbox_message (station_id, channel, recipient, template, payload, dedupe_key, next_attempt_at, max_attempts) values ($1,'wechat','oid','recruitment','{}','t:fail',$2,2)`, [s, NOW]);
      const failing: Record<Channel, ChannelAdapter> = { ...counting, wechat: { channel: 'wechat', async send() { throw new Error('gateway 503'); } } };
      assert.deepEqual(await dispatchDue(t.database.db, failing, NOW), { claimed: 1, sent: 0, failed: 1, dead: 0 });
      assert.equal((await dispatchDue(t.database.db, failing, NOW)).claimed, 0, 'not due before the backoff');
      assert.deepEqual(await dispatchDue(t.database.db, failing, new Date(NOW.getTime() + 31_000)), { claimed: 1, sent: 0, failed: 0, dead: 1 });
      const [row] = await sql(t.url, `select status, attempts, last_error from outbox_message where dedupe_key = 't:fail'`);
      assert.deepEqual([row.status, row.attempts, row.last_error], ['dead', 2, 'gateway 503']);
    });

    it('paperless pre-donation: assessed record, drawn signature with SHA-256, immutable once signed (API and database), bound to the donation [R7]', async () => {
      const donorId = await addDonor(t.url, t.fixture.stationId, { name: '无纸化', sex: 'female' });
      const exam = { weightKg: 55, hbGPerL: 125, systolicMmHg: 115, diastolicMmHg: 72, pulseBpm: 74, temperatureC: 36.6 };
      const created = await staff.post('/api/predonation', { donorId, answers: [{ code: 'dental_care', date: '2026-11-10' }], exam });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual([created.body.decision.eligible, created.body.signed, created.body.decision.ruleSetId], [true, false, 'GB18467-2011']);
      const id = created.body.id;
      const edited = await staff.request('PUT', `/api/predonation/${id}`, { answers: [{ code: 'none' }], exam });
      assert.equal(edited.status, 200);
      const badSig = await staff.post(`/api/predonation/${id}/sign`, { donorSignature: 'not an image' });
      assert.equal(badSig.status, 400);
      assert.equal(badSig.body.errors[0].pointer, '/donorSignature');
      const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const signed = await staff.post(`/api/predonation/${id}/sign`, { donorSignature: png });
      assert.equal(signed.status, 200);
      assert.deepEqual([signed.body.signed, signed.body.hashValid, signed.body.contentSha256.length], [true, true, 64]);
      const after = await staff.request('PUT', `/api/predonation/${id}`, { answers: [{ code: 'tattoo', date: '2026-11-01' }], exam });
      assert.equal(after.status, 409);
      assert.equal(after.body.code, 'RECORD_SIGNED');
      await assert.rejects(sql(t.url, `update predonation_record set exam = '{}'::jsonb where id = $1`, [id]), /immutable/);
      await assert.rejects(sql(t.url, `delete from predonation_record where id = $1`, [id]), /cannot be deleted/);
      const donation = await staff.post('/api/donations', { donorId, volumeMl: 300, predonationId: id });
      assert.equal(donation.status, 201, JSON.stringify(donation.body));
      const [bound] = await sql(t.url, 'select donation_id from predonation_record where id = $1', [id]);
      assert.equal(Number(bound.donation_id), donation.body.id);
      await assert.rejects(sql(t.url, `update predonation_record set donation_id = null where id = $1`, [id]), /immutable/);
      const reused = await staff.post('/api/donations', { donorId, volumeMl: 300, predonationId: id });
      assert.equal(reused.status, 422);
      const check = await staff.get(`/api/predonation/${id}`);
      assert.equal(check.body.hashValid, true);
    });

    it('donor app: phone + one-time code (hashed, via outbox, rate-limited), book and cancel, privacy-worded history', async () => {
      const donorId = await addDonor(t.url, t.fixture.stationId, { name: '刘献', phone: '13712345678', donatedDaysAgo: [400] });
      await sql(t.url, `update donation set test_conclusion = 'unqualified' where donor_id = $1`, [donorId]);
      const m = new ApiClient(t.app);
      const code = await m.post('/api/m/auth/code', { phone: '13712345678' });
      assert.equal(code.status, 202);
      const again = await m.post('/api/m/auth/code', { phone: '13712345678' });
      assert.equal(again.status, 429);
      const [msg] = await sql(t.url, `select payload from outbox_message where template = 'otp' and recipient = '13712345678'`);
      const otp = String(msg.payload.code);
      const stored = await sql(t.url, `select code_hash from donor_otp where phone = '13712345678'`);
      assert.ok(stored.every((r) => r.code_hash.length === 64 && r.code_hash !== otp));
      const wrong = await m.post('/api/m/auth/verify', { phone: '13712345678', code: otp === '000000' ? '000001' : '000000' });
      assert.equal(wrong.status, 401);
      const ok = await m.post('/api/m/auth/verify', { phone: '13712345678', code: otp });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      m.csrfToken = ok.body.csrfToken;
      assert.equal((await m.post('/api/m/auth/verify', { phone: '13712345678', code: otp })).status, 401, 'a code works once');
      const hist = await m.get('/api/m/donations');
      assert.equal(hist.body[0].outcome.zh, '请联系血站');
      assert.ok(!JSON.stringify(hist.body).match(/HBsAg|HIV|hbsag|hiv|test_results/));
      const offer = await m.get(`/api/m/offer?siteId=${siteId}&days=7`);
      assert.equal(offer.status, 200);
      assert.ok(offer.body.days.length > 0 && offer.body.days.every((d: { day: string }) => d.day >= '2026-11-20'));
      const slot = offer.body.days.at(-1).slots[0];
      const noCsrf = await m.request('POST', '/api/m/appointments', { slotId: slot.id }, { 'x-csrf-token': 'forged' });
      assert.equal(noCsrf.status, 403);
      const booked = await m.post('/api/m/appointments', { slotId: slot.id });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal((await m.post(`/api/m/appointments/${booked.body.id}/cancel`)).status, 200);
      const stranger = new ApiClient(t.app);
      assert.equal((await stranger.get('/api/m/donations')).status, 401);
    });
  });
}
