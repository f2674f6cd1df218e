/**
 * Integration test: the `small` demo data set loads into a fresh, migrated database fast and has the
 * properties the demo promises (valid 献血码, safe stock, complete traces, healthy days of supply, the
 * Weifang emergency fillable). Runs on every database kind the test harness offers (PGlite, PostgreSQL 15).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parseDin } from '@redbridge/domain/isbt128';
import { checkResidentId } from '@redbridge/domain/id-card';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/harness/databases.ts';
import { verifyPassword } from '../modules/auth/passwords.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.ts';
import { ABO_MIX } from './generator.ts';
import { isDatabaseEmpty, loadDemo, type DemoSummary } from './load.ts';

const STATION_CODE = '37071';
/** A fixed end of history: the assertions below are about this instant. */
const NOW = new Date('2026-11-21T06:30:00Z');
const DAY_MS = 86_400_000;

for (const kind of testDatabaseKinds()) {
  describe(`[R61][R62] demo data, small scale (${kind})`, () => {
    let database: TestDatabase;
    let client: pg.Client;
    let summary: DemoSummary;
    let loadMs = 0;
    const q = async <T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> =>
      (await client.query<T>(text, values)).rows;
    const one = async <T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T> =>
      (await q<T>(text, values))[0];

    before(async () => {
      database = await createTestDatabase(kind, { migrate: true });
      assert.equal(await isDatabaseEmpty(database.url), true, 'a fresh database is empty');
      const started = performance.now();
      summary = await loadDemo(database.url, { scale: 'small', stationCode: STATION_CODE, now: NOW });
      loadMs = performance.now() - started;
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
    });

    after(async () => {
      await client?.end();
      await database?.close();
    });

    describe('[R4] load and summary', () => {
      it('reports counts in range (load time is printed, not asserted: speed is a benchmark)', async () => {
        console.log(`demo small load on ${kind}: ${Math.round(loadMs)} ms`);
        assert.equal(await isDatabaseEmpty(database.url), false);
        const c = summary.counts;
        assert.equal(c.organisations, 1 + 2 + 10 + 1, 'station, 2 storage points, 10 hospitals, health commission');
        assert.ok(c.donations >= 1_800 && c.donations <= 3_500, `donations ${c.donations}`);
        assert.ok(c.units >= 5_000 && c.units <= 12_000, `units ${c.units}`);
        assert.ok(c.donors >= 1_500 && c.donors <= c.donations, `donors ${c.donors}`);
        const db = await one<{ donations: number; units: number; events: number; orders: number }>(
          `select (select count(*) from donation)::int as donations, (select count(*) from blood_unit)::int as units,
                  (select count(*) from unit_event)::int as events, (select count(*) from blood_order)::int as orders`);
        assert.deepEqual(db, { donations: c.donations, units: c.units, events: c.events, orders: c.orders });
        for (const status of ['available', 'issued', 'transfused', 'processed', 'quarantined', 'discarded']) {
          assert.ok((summary.unitsByStatus[status] ?? 0) > 0, `some units ${status}`);
        }
      });

      it('[R7] creates every demo login with the shared password, at the right organisation type', async () => {
        assert.deepEqual(summary.logins.map((l) => l.username), DEMO_USERS.map((u) => u.username));
        const rows = await q<{ username: string; role: string; active: boolean; password_hash: string; org_type: string; org_name: string }>(
          `select u.username, u.role, u.active, u.password_hash, o.type as org_type, o.name as org_name
             from app_user u join organisation o on o.id = u.org_id where u.username = any($1)`, [DEMO_USERS.map((u) => u.username)]);
        assert.equal(rows.length, DEMO_USERS.length);
        const byName = new Map(rows.map((r) => [r.username, r]));
        const expectOrg = { station: 'station', first_hospital: 'hospital', first_storage_point: 'storage_point', health_commission: 'health_commission' };
        for (const u of DEMO_USERS) {
          const r = byName.get(u.username)!;
          assert.equal(r.role, u.role);
          assert.equal(r.active, true);
          assert.equal(r.org_type, expectOrg[u.org], u.username);
        }
        assert.equal(byName.get('hospital')!.org_name, '潍坊市人民医院');
        assert.equal(await verifyPassword(byName.get('admin')!.password_hash, DEMO_PASSWORD), true);
      });

      it('ties every row to the station tenant (station org id = station_id)', async () => {
        const station = await one<{ id: number; station_id: number; code: string; licence_number: string | null }>(
          `select id, station_id, code, licence_number from organisation where type = 'station'`);
        assert.equal(station.id, station.station_id);
        assert.equal(station.code, STATION_CODE);
        assert.ok(station.licence_number);
        const stray = await one<{ n: number }>(`
          select ((select count(*) from organisation where station_id <> $1) + (select count(*) from app_user where station_id <> $1)
                + (select count(*) from donation where station_id <> $1) + (select count(*) from blood_unit where station_id <> $1)
                + (select count(*) from unit_event where station_id <> $1))::int as n`, [station.id]);
        assert.equal(stray.n, 0);
      });

      it('moves every identity sequence past the demo ids (new rows get fresh ids)', async () => {
        await client.query('begin');
        try {
          for (const table of ['organisation', 'donor', 'donation', 'blood_unit', 'unit_event', 'blood_order']) {
            const max = await one<{ max: number }>(`select max(id)::int8 as max from "${table}"`);
            const next = await one<{ id: number }>(`select nextval(pg_get_serial_sequence('"${table}"', 'id'))::int8 as id`);
            assert.ok(Number(next.id) > Number(max.max), `${table}: next ${next.id} after max ${max.max}`);
          }
          const org = await one<{ id: number }>(
            `insert into organisation (code, name, type) values ('TEST-NEW', '新机构', 'hospital') returning id`);
          assert.ok(org.id > 0);
        } finally {
          await client.query('rollback');
        }
      });
    });

    describe('[R1][R47][R48] 献血码 (DIN)', () => {
      it('every donation has a valid 13-character DIN: station code, year, serial, MOD 37-2 check character', async () => {
        const rows = await q<{ din: string; collected_at: Date }>('select din, collected_at from donation');
        for (const r of rows) {
          assert.match(r.din, /^[A-Z0-9]{5}[0-9]{8}$/);
          assert.equal(r.din.slice(0, 5), STATION_CODE);
          const yy = String(new Date(r.collected_at.getTime() + 8 * 3_600_000).getUTCFullYear() % 100).padStart(2, '0');
          assert.equal(r.din.slice(5, 7), yy, `${r.din}: year of collection (Asia/Shanghai)`);
          const parsed = parseDin(r.din);
          assert.ok(parsed.ok, r.din);
          if (parsed.ok) {
            const withCheck = parseDin(`${r.din}${parsed.value.checkCharacter}`);
            assert.ok(withCheck.ok, `${r.din} + check character`);
          }
        }
        const labels = await q<{ din: string; check: string }>(
          `select din, details->>'checkCharacter' as check from unit_event where type = 'label' limit 200`);
        assert.ok(labels.length > 0);
        for (const l of labels) {
          const parsed = parseDin(`${l.din}${l.check}`);
          assert.ok(parsed.ok, `label ${l.din} ${l.check}`);
        }
        const orphan = await one<{ n: number }>(
          'select count(*)::int as n from blood_unit u join donation d on d.id = u.donation_id where u.din <> d.din');
        assert.equal(orphan.n, 0, 'every bag carries its donation DIN');
      });

      it('din_sequence continues after the largest demo serial of each year', async () => {
        const rows = await q<{ year: number; next_serial: number; max_serial: number }>(`
          select s.year, s.next_serial, max(substr(d.din, 8, 6)::int) as max_serial
            from din_sequence s join donation d on substr(d.din, 6, 2)::int = s.year
           group by s.year, s.next_serial`);
        assert.ok(rows.length >= 1);
        for (const r of rows) assert.equal(r.next_serial, r.max_serial + 1, `year ${r.year}`);
      });

      it('[R17] donors have valid Weifang resident ID numbers, sex from the ID, ages 18–60 at donation', async () => {
        const rows = await q<{ id_number: string; sex: string; birth_date: string; donor_number: string; first: Date; last: Date }>(`
          select p.id_number, p.sex, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.donor_number,
                 min(d.collected_at) as first, max(d.collected_at) as last
            from donor p join donation d on d.donor_id = p.id group by p.id`);
        for (const r of rows) {
          const check = checkResidentId(r.id_number);
          assert.ok(check.valid, `${r.id_number}: ${check.errors.map((e) => e.message).join('; ')}`);
          assert.equal(r.id_number.slice(0, 4), '3707');
          assert.equal(check.sex, r.sex);
          assert.equal(check.birthDate, r.birth_date);
          assert.match(r.donor_number, /^D[0-9]{9}$/);
          const age = (t: Date) => (t.getTime() - Date.parse(`${r.birth_date}T00:00:00+08:00`)) / (365.25 * DAY_MS);
          assert.ok(age(r.first) >= 18 && age(r.last) < 61, `${r.id_number} age ${age(r.first)}–${age(r.last)}`);
        }
      });
    });

    describe('[R13][R36][R38] status segregation', () => {
      it('every available or reserved unit is released, labelled, unexpired and from a qualified donation', async () => {
        const bad = await q(`
          select u.id, u.din, u.status, u.released, u.labelled, u.expires_at, d.test_conclusion, d.released_at
            from blood_unit u join donation d on d.id = u.donation_id
           where u.status in ('available', 'reserved')
             and (not u.released or not u.labelled or u.expires_at <= $1 or d.test_conclusion is distinct from 'qualified'
                  or d.released_at is null or d.released_at > $1 or u.abo is null)`, [NOW]);
        assert.deepEqual(bad, []);
      });

      it('quarantined units are untested recent collections; unqualified donations have nothing in stock', async () => {
        const quarantined = await q<{ collected_at: Date; tested_at: Date | null; abo: string | null }>(`
          select u.collected_at, d.tested_at, u.abo from blood_unit u join donation d on d.id = u.donation_id
           where u.status = 'quarantined'`);
        assert.ok(quarantined.length > 0, 'some units await testing');
        for (const u of quarantined) {
          assert.ok(NOW.getTime() - u.collected_at.getTime() < 2 * DAY_MS, 'collected in the last day or so');
        }
        assert.ok(quarantined.some((u) => u.tested_at === null && u.abo === null), 'untested units have no ABO/RhD yet');
        const unqualified = await one<{ donations: number; live: number; reasons: number }>(`
          select count(distinct d.id)::int as donations,
                 count(u.id) filter (where u.status not in ('discarded', 'processed'))::int as live,
                 count(distinct d.id) filter (where d.discard_reason is not null)::int as reasons
            from donation d join blood_unit u on u.donation_id = d.id where d.test_conclusion = 'unqualified'`);
        assert.ok(unqualified.donations > 0, 'some donations are unqualified');
        assert.equal(unqualified.live, 0, 'no unit of an unqualified donation is usable');
        const tested = await one<{ n: number }>(`select count(*)::int as n from donation where test_conclusion is not null`);
        const rate = unqualified.donations / tested.n;
        assert.ok(rate > 0.003 && rate < 0.03, `unqualified rate ${rate}`);
        const discards = await q<{ reason: string }>(`select distinct reason from unit_event where type = 'discard'`);
        assert.ok(discards.every((d) => d.reason), 'every discard has a reason code');
      });

      it('[R30][R37] expiry follows the catalogue shelf lives and expired stock is swept', async () => {
        const shelf = await q<{ product_id: string; days: number }>(`
          select product_id, round(extract(epoch from (expires_at - collected_at)) / 86400.0)::int as days
            from blood_unit where product_id in ('SRBC_MAP', 'PLT_APH_5D', 'VI_FFP') group by 1, 2`);
        const byProduct = Object.fromEntries(shelf.map((s) => [s.product_id, s.days]));
        assert.equal(shelf.length, 3, JSON.stringify(shelf));
        assert.equal(byProduct.SRBC_MAP, 35);
        assert.equal(byProduct.PLT_APH_5D, 5);
        assert.ok(byProduct.VI_FFP === 365 || byProduct.VI_FFP === 366);
        const stale = await one<{ n: number }>(
          `select count(*)::int as n from blood_unit where status in ('available','reserved','quarantined') and expires_at <= $1`, [NOW]);
        assert.equal(stale.n, 0);
        const nearExpiry = await one<{ n: number }>(
          `select count(*)::int as n from blood_unit where status = 'available' and expires_at < $1`, [new Date(NOW.getTime() + 3 * DAY_MS)]);
        assert.ok(nearExpiry.n > 0, 'some stock is near expiry');
      });
    });

    describe('[R8][R29][R40][R60] vein-to-vein trace', () => {
      it('every bag has its collection or preparation event, and components point to a parent of the same donation', async () => {
        const missing = await one<{ n: number }>(`
          select count(*)::int as n from blood_unit u
           where not exists (select 1 from unit_event e where e.unit_id = u.id and e.type in ('collection', 'preparation'))`);
        assert.equal(missing.n, 0);
        const lineage = await one<{ n: number }>(`
          select count(*)::int as n from blood_unit c join blood_unit p on p.id = c.parent_unit_id
           where p.donation_id <> c.donation_id or p.status <> 'processed'`);
        assert.equal(lineage.n, 0);
        const cryo = await one<{ n: number }>(`
          select count(*)::int as n from blood_unit c join blood_unit p on p.id = c.parent_unit_id
           where c.product_id = 'CRYO' and p.product_id = 'FFP'`);
        assert.ok(cryo.n > 0, 'cryoprecipitate is prepared from FFP');
      });

      it('every issued or transfused unit has reserve, issue, handover and receipt events, then a transfusion record', async () => {
        const bad = await q(`
          select u.id, u.status from blood_unit u
           where u.status in ('issued', 'transfused')
             and (u.order_id is null
               or not exists (select 1 from unit_event e where e.unit_id = u.id and e.type = 'issue')
               or not exists (select 1 from unit_event e where e.unit_id = u.id and e.type = 'handover')
               or not exists (select 1 from unit_event e where e.unit_id = u.id and e.type = 'receipt' and e.org_id = u.location_org_id)
               or not exists (select 1 from order_allocation a where a.unit_id = u.id and a.order_id = u.order_id)
               or (u.status = 'transfused') <> exists (select 1 from transfusion t where t.unit_id = u.id)
               or (u.status = 'transfused') <> exists (select 1 from unit_event e where e.unit_id = u.id and e.type = 'transfusion'))`);
        assert.deepEqual(bad, []);
        const order = await one<{ bad: number; received: number }>(`
          select count(*) filter (where o.status = 'received' and (o.issued_at is null or o.received_at is null
                  or o.received_at < o.issued_at or o.received_at > $1))::int as bad,
                 count(*) filter (where o.status = 'received')::int as received
            from blood_order o`, [NOW]);
        assert.equal(order.bad, 0);
        assert.ok(order.received > 100);
        const incompatible = await one<{ n: number }>(`
          select count(*)::int as n from transfusion t join blood_unit u on u.id = t.unit_id
           where t.patient_abo <> u.abo or t.patient_rhd <> u.rhd or t.transfused_at >= u.expires_at or t.transfused_at > $1`, [NOW]);
        assert.equal(incompatible.n, 0);
        const future = await one<{ n: number }>(`select count(*)::int as n from unit_event where at > $1`, [NOW]);
        assert.equal(future.n, 0, 'history ends at now');
      });

      it('orders are consistent: lines sum the allocated units, open orders exist for the demo', async () => {
        const lines = await one<{ n: number }>(`
          select count(*)::int as n from order_line l
           where l.allocated_quantity <> coalesce((select sum(u.quantity) from order_allocation a join blood_unit u on u.id = a.unit_id
                                                    where a.line_id = l.id), 0)`);
        assert.equal(lines.n, 0);
        const open = await one<{ n: number }>(`select count(*)::int as n from blood_order where status = 'submitted'`);
        assert.ok(open.n >= 1, 'hospitals have orders waiting');
      });
    });

    describe('[R62][R64] stock and days of supply', () => {
      it('donation ABO mix is within tolerance of O 34.2 %, A 28.7 %, B 28.2 %, AB 8.9 %; RhD-negative rare', async () => {
        const rows = await q<{ abo: string; rhd: string; n: number }>(
          `select abo, rhd, count(*)::int as n from donation where abo is not null group by 1, 2`);
        const total = rows.reduce((s, r) => s + r.n, 0);
        for (const abo of ['O', 'A', 'B', 'AB'] as const) {
          const share = rows.filter((r) => r.abo === abo).reduce((s, r) => s + r.n, 0) / total;
          assert.ok(Math.abs(share - ABO_MIX[abo]) < 0.03, `${abo} ${share}`);
        }
        const neg = rows.filter((r) => r.rhd === 'NEG').reduce((s, r) => s + r.n, 0) / total;
        assert.ok(neg > 0.001 && neg < 0.02, `RhD-negative ${neg}`);
      });

      it('the station holds about 7–10 days of red cells in every RhD-positive group and keeps RhD-negative red cells', async () => {
        const windowDays = 14;
        const since = new Date(NOW.getTime() + 8 * 3_600_000 - windowDays * DAY_MS).toISOString().slice(0, 10);
        const rows = await q<{ abo: string; rhd: string; stock: number; issued: number }>(`
          with st as (select id from organisation where type = 'station'),
          stock as (select abo, rhd, sum(quantity)::float8 as q from blood_unit
                     where location_org_id = (select id from st) and component_class = 'red_cells'
                       and status in ('available', 'reserved') and expires_at > $1 group by 1, 2),
          use as (select abo, rhd, sum(quantity)::float8 as q from daily_issue
                   where org_id = (select id from st) and component_class = 'red_cells' and day >= $2::date group by 1, 2)
          select g.abo, g.rhd, coalesce(stock.q, 0) as stock, coalesce(use.q, 0) as issued
            from (select a, r from unnest(array['O','A','B','AB']) a, unnest(array['POS','NEG']) r) g(abo, rhd)
            left join stock using (abo, rhd) left join use using (abo, rhd)`, [NOW, since]);
        assert.equal(rows.length, 8);
        for (const r of rows) {
          if (r.rhd === 'POS') {
            const dos = r.stock / (r.issued / windowDays);
            assert.ok(dos >= 5.5 && dos <= 12, `${r.abo}+ days of supply ${dos.toFixed(1)} (stock ${r.stock} U)`);
          } else {
            assert.ok(r.stock > 0, `${r.abo}- red cells in stock`);
          }
        }
      });

      it('storage points and hospitals hold stock too', async () => {
        const rows = await q<{ type: string; n: number }>(`
          select o.type, count(*)::int as n from blood_unit u join organisation o on o.id = u.location_org_id
           where (o.type = 'storage_point' and u.status = 'available') or (o.type = 'hospital' and u.status = 'issued')
           group by o.type`);
        const by = Object.fromEntries(rows.map((r) => [r.type, r.n]));
        assert.ok((by.storage_point ?? 0) > 20, `storage points hold ${by.storage_point}`);
        assert.ok((by.hospital ?? 0) > 20, `hospitals hold ${by.hospital}`);
        const days = await one<{ days: number; orgs: number }>(`
          select count(distinct day)::int as days, count(distinct org_id)::int as orgs from daily_issue`);
        assert.ok(days.days >= 55, `daily_issue covers ${days.days} days`);
        assert.ok(days.orgs >= 10, `daily_issue for ${days.orgs} organisations`);
      });

      it('an O patient\'s emergency (Weifang, seed 003: 25 U RBC, 6000 ml plasma, 55 U cryo, 2 platelet doses) is fillable from station stock', async () => {
        const s = await one<{ rbc: number; plasma: number; vi: number; cryo: number; plt: number }>(`
          select coalesce(sum(quantity) filter (where component_class = 'red_cells' and abo = 'O' and rhd = 'POS'), 0)::float8 as rbc,
                 coalesce(sum(quantity) filter (where component_class = 'plasma'), 0)::float8 as plasma,
                 coalesce(sum(quantity) filter (where product_id = 'VI_FFP'), 0)::float8 as vi,
                 coalesce(sum(quantity) filter (where component_class = 'cryo'), 0)::float8 as cryo,
                 coalesce(sum(quantity) filter (where component_class = 'platelets' and abo = 'O'), 0)::float8 as plt
            from blood_unit
           where status = 'available' and location_org_id = (select id from organisation where type = 'station') and expires_at > $1`,
        [NOW]);
        // Plasma and cryoprecipitate of any ABO group are compatible with an O patient; platelets ABO-identical.
        assert.ok(s.rbc >= 25, `O RBC ${s.rbc} U`);
        assert.ok(s.vi >= 6000, `virus-inactivated plasma ${s.vi} ml`);
        assert.ok(s.plasma >= s.vi);
        assert.ok(s.cryo >= 55, `cryo ${s.cryo} U`);
        assert.ok(s.plt >= 2, `O platelets ${s.plt} doses`);
      });
    });
  });
}
