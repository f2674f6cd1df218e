/**
 * Stock counters (migrations 0008/0009, `stock-counters.ts`): whatever sequence of inserts, status changes, moves,
 * expiry changes, deletes, emergency issues and compactions happened, the counter-based stock of every organisation
 * equals a direct count of its units, at any instant (including around midnight and the 3-day edge).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openDatabase, type Database } from '../../db/client.ts';
import { seedMinimal, type Fixture } from '../../../test/fixtures.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';
import { compactStockCounters, stockByType } from './stock-counters.ts';

const HOUR = 3_600_000;
const base = new Date('2026-06-01T00:00:00+08:00').getTime();
const STATUSES = ['quarantined', 'available', 'reserved', 'issued', 'transfused', 'discarded', 'expired'] as const;
const CLASSES = [['red_cells', 'U', 2], ['platelets', 'dose', 1], ['plasma', 'ml', 200], ['whole_blood', 'U', 2]] as const;

type Op =
  | { kind: 'insert'; rows: { cls: number; abo: string | null; rhd: 'POS' | 'NEG'; status: number; org: number; expiryH: number; expiryMin: number }[] }
  | { kind: 'update'; picks: number[]; change: 'status' | 'org' | 'expiry' | 'quantity'; value: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'emergency'; pick: number }
  | { kind: 'compact' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), rows: fc.array(fc.record({
    cls: fc.nat(CLASSES.length - 1), abo: fc.constantFrom('O', 'A', 'B', 'AB', null), rhd: fc.constantFrom('POS' as const, 'NEG' as const),
    status: fc.nat(STATUSES.length - 1), org: fc.nat(2), expiryH: fc.integer({ min: -30, max: 130 }),
    expiryMin: fc.constantFrom(0, 0, 0, 1, 30, 59) }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), picks: fc.array(fc.nat(1000), { minLength: 1, maxLength: 4 }),
    change: fc.constantFrom('status' as const, 'org' as const, 'expiry' as const, 'quantity' as const), value: fc.integer({ min: -30, max: 130 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('emergency' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
);

for (const kind of testDatabaseKinds()) {
  describe(`Stock counters on ${kind}`, () => {
    let t: TestDatabase;
    let d: Database;
    let f: Fixture;
    let callId = 0;
    let emergencyId = 0;
    let serial = 0;

    before(async () => {
      t = await createTestDatabase(kind);
      f = await seedMinimal(t.url);
      d = openDatabase(t.url, 4);
      const r = await d.pool.query(`insert into emergency_request (station_id, request_number, hospital_org_id, patient_name, patient_abo, patient_rhd,
        status, opened_at, opened_by, rule_set_id) values ($1, 'E-T-1', $2, '测试患者', 'O', 'POS', 'supplying', now(), 1, 'test') returning id`, [f.stationId, f.hospitalId]);
      emergencyId = Number(r.rows[0].id);
      const c = await d.pool.query(`insert into emergency_call (station_id, emergency_id, call_no, called_at, lines, recorded_by, recorded_at)
        values ($1, $2, 1, now(), '[]', 1, now()) returning id`, [f.stationId, emergencyId]);
      callId = Number(c.rows[0].id);
    }, { timeout: 60_000 });
    after(async () => { await d?.close(); await t?.close(); });

    const orgs = () => [f.stationId, f.storagePointId, f.hospitalId];

    async function apply(op: Op): Promise<void> {
      const ids = (await d.pool.query<{ id: string }>('select id from blood_unit order by id')).rows.map((r) => Number(r.id));
      const pick = (n: number) => ids[n % ids.length];
      switch (op.kind) {
        case 'insert': {
          const values: unknown[] = [];
          const tuples = op.rows.map((r) => {
            const [cls, unit, qty] = CLASSES[r.cls];
            serial++;
            values.push(f.stationId, `S${String(serial).padStart(12, '0')}`, cls, r.abo, r.abo ? r.rhd : null, qty, unit, STATUSES[r.status], orgs()[r.org],
              new Date(base + r.expiryH * HOUR + r.expiryMin * 60_000));
            const p = values.length - 10;
            return `($${p + 1}, $${p + 2}, 'TEST', 'T-1', $${p + 3}, $${p + 4}, $${p + 5}, 400, $${p + 6}, $${p + 7}, $${p + 8}, true, true, $${p + 9},
              now(), now(), $${p + 10})`;
          });
          await d.pool.query(`insert into blood_unit (station_id, din, product_id, product_code, component_class, abo, rhd, volume_ml, quantity,
            quantity_unit, status, released, labelled, location_org_id, collected_at, prepared_at, expires_at) values ${tuples.join(',')}`, values);
          return;
        }
        case 'update': {
          if (ids.length === 0) return;
          const target = [...new Set(op.picks.map(pick))];
          const set = op.change === 'status' ? `status = '${STATUSES[Math.abs(op.value) % STATUSES.length]}'`
            : op.change === 'org' ? `location_org_id = ${orgs()[Math.abs(op.value) % 3]}`
            : op.change === 'expiry' ? `expires_at = expires_at + make_interval(hours => ${op.value})`
            : `quantity = quantity + 1`;
          await d.pool.query(`update blood_unit set ${set} where id = any($1::bigint[])`, [target]);
          return;
        }
        case 'delete': {
          if (ids.length === 0) return;
          await d.pool.query('delete from blood_unit where id = $1 and not exists (select 1 from emergency_issue where unit_id = $1)', [pick(op.pick)]);
          return;
        }
        case 'emergency': {
          if (ids.length === 0) return;
          await d.pool.query(`insert into emergency_issue (station_id, emergency_id, call_id, unit_id, source_tier, source_org_id, component_class, quantity,
            issued_at, issued_by) select station_id, $1, $2, id, 'station', location_org_id, component_class, quantity, now(), 1 from blood_unit where id = $3
            on conflict do nothing`, [emergencyId, callId, pick(op.pick)]);
          return;
        }
        case 'compact':
          await compactStockCounters(d.db);
      }
    }

    /** The truth: counted unit by unit. */
    async function direct(orgId: number, now: Date) {
      const r = await d.pool.query(`select component_class, abo, rhd, status, count(*)::int as units, sum(quantity)::float8 as quantity,
          (count(*) filter (where status = 'available' and expires_at < $3::timestamptz + interval '3 days'))::int as soon
        from blood_unit bu where station_id = $1 and location_org_id = $2 and status in ('available','reserved','quarantined','issued')
          and abo is not null and rhd is not null and component_class <> 'whole_blood' and expires_at > $3
          and not exists (select 1 from emergency_issue ei where ei.unit_id = bu.id)
        group by 1, 2, 3, 4`, [f.stationId, orgId, now]);
      return normalise(r.rows.map((x) => ({ key: `${x.component_class}|${x.abo}|${x.rhd}`, status: x.status, units: x.units, quantity: x.quantity, soon: x.soon })));
    }

    async function counted(orgId: number, now: Date) {
      const types = await stockByType(d.db, f.stationId, orgId, now);
      return normalise(types.flatMap((ty) => Object.entries(ty.byStatus).map(([status, v], i) => ({
        key: `${ty.componentClass}|${ty.abo}|${ty.rhd}`, status, units: v.units, quantity: v.quantity, soon: i === 0 ? ty.expiringSoonUnits : 0 }))));
    }

    it('equals a direct count of the units after any sequence of changes, at any instant', async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.oneof(fc.integer({ min: -40 * 60, max: 140 * 60 }), fc.integer({ min: -40, max: 140 }).map((h) => h * 60)),
        async (ops, nowMinutes) => {
          for (const op of ops) await apply(op);
          const now = new Date(base + nowMinutes * 60_000);
          for (const orgId of orgs()) assert.deepEqual(await counted(orgId, now), await direct(orgId, now), `org ${orgId} at ${now.toISOString()}`);
        }), { numRuns: kind === 'pglite' ? 25 : 40 });
      // and after a final compaction nothing is left in the delta table
      await compactStockCounters(d.db);
      const left = await d.pool.query('select count(*)::int as n from stock_delta');
      assert.equal(left.rows[0].n, 0);
      const units = await d.pool.query('select count(*)::int as n from blood_unit');
      assert.ok(units.rows[0].n > 50, `exercised ${units.rows[0].n} units`);
    });
  });
}

/** Per type and status, units/quantity/soon summed, zero entries dropped, sorted: comparable with deepEqual. */
function normalise(rows: { key: string; status: string; units: number; quantity: number; soon: number }[]) {
  const m = new Map<string, { units: number; quantity: number; soon: number }>();
  const soon = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.key}|${r.status}`;
    const e = m.get(k) ?? { units: 0, quantity: 0, soon: 0 };
    e.units += r.units;
    e.quantity = Math.round((e.quantity + r.quantity) * 100) / 100;
    m.set(k, e);
    soon.set(r.key, (soon.get(r.key) ?? 0) + r.soon);
  }
  const out: Record<string, { units: number; quantity: number } | number> = {};
  for (const k of [...m.keys()].sort()) {
    const e = m.get(k)!;
    if (e.units !== 0 || e.quantity !== 0) out[k] = { units: e.units, quantity: e.quantity };
  }
  for (const k of [...soon.keys()].sort()) if (soon.get(k)) out[`${k}|soon`] = soon.get(k)!;
  return out;
}
