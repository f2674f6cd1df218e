/**
 * Property (issue #5, item 4): whatever the station holds, allocation and issue through the order service never
 * reserve or issue a unit that is unreleased, expired, recalled or ABO/RhD-incompatible with the line, and a
 * routine line under an alert never gets more than its allowed share.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import pg from 'pg';
import { isCompatible, IDENTICAL_FIRST } from '@redbridge/domain/abo-rh';
import type { AboGroup, RhD } from '@redbridge/domain/types';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { addStock } from '../../../test/stock.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { allocateOrder, createOrder, issueOrder } from './service.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-01T10:00:00+08:00');
const ABO: AboGroup[] = ['O', 'A', 'B', 'AB'];
const RHD: RhD[] = ['POS', 'NEG'];

const unitArb = fc.record({
  abo: fc.constantFrom(...ABO), rhd: fc.constantFrom(...RHD), released: fc.boolean(), recalled: fc.boolean(),
  expiresInDays: fc.integer({ min: -3, max: 30 }), status: fc.constantFrom('available', 'available', 'quarantined'),
});

for (const kind of testDatabaseKinds()) {
  describe(`allocation safety through the order service on ${kind} (property) [R13][R37][R40]`, () => {
    let t: TestApp;
    let hospital: ActionContext;
    let dispatch: ActionContext;

    before(async () => {
      t = await startTestApp(kind, { clock: () => now });
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      try {
        const user = async (username: string): Promise<SessionUser> => {
          const r = await c.query(`select u.id, u.username, u.display_name, u.role, u.org_id, o.name, o.type, u.station_id from app_user u
            join organisation o on o.id = u.org_id where u.username = $1`, [username]);
          const x = r.rows[0];
          return { id: Number(x.id), username: x.username, displayName: x.display_name, role: x.role, orgId: Number(x.org_id), orgName: x.name, orgType: x.type, stationId: Number(x.station_id) };
        };
        hospital = { user: await user('hospital'), requestId: 'prop', now, stationCode: '37071' };
        dispatch = { user: await user('dispatch'), requestId: 'prop', now, stationCode: '37071' };
      } finally { await c.end(); }
    }, { timeout: 60_000 });
    after(async () => { await t?.close(); });

    it('never reserves or issues an unreleased, expired, recalled or incompatible unit', { timeout: 600_000 }, async () => {
      let issuedTotal = 0;
      await fc.assert(fc.asyncProperty(
        fc.array(unitArb, { minLength: 1, maxLength: 8 }), fc.constantFrom(...ABO), fc.constantFrom(...RHD), fc.integer({ min: 1, max: 6 }),
        async (units, abo, rhd, quantity) => {
          const c = new pg.Client({ connectionString: t.url });
          await c.connect();
          try { await c.query(`update blood_unit set status = 'discarded' where status in ('available','quarantined','reserved')`); } finally { await c.end(); }
          for (const u of units) {
            await addStock(t.url, { stationId: dispatch.user.stationId, orgId: dispatch.user.orgId, abo: u.abo, rhd: u.rhd, count: 1, released: u.released,
              recalled: u.recalled, status: u.status as 'available', collectedAt: new Date(now.getTime() - 5 * DAY), expiresAt: new Date(now.getTime() + u.expiresInDays * DAY + 3600_000 * (u.expiresInDays === 0 ? -1 : 0)) });
          }
          const order = await createOrder(t.database.db, hospital, { lines: [{ componentClass: 'red_cells', abo, rhd, quantity }], neededBy: now, priority: 'routine' });
          const allocated = await allocateOrder(t.database.db, dispatch, order.id);
          for (const u of allocated.units) {
            assert.ok(u.released, 'released');
            assert.ok(!u.recalled, 'not recalled');
            assert.ok(new Date(u.expiresAt).getTime() > now.getTime(), 'unexpired');
            assert.ok(isCompatible('red_cells', { abo: u.abo as AboGroup, rhd: u.rhd as RhD }, { abo, rhd }, IDENTICAL_FIRST), `${u.abo}${u.rhd} for ${abo}${rhd}`);
          }
          if (allocated.units.length > 0) {
            const issued = await issueOrder(t.database.db, dispatch, order.id, {});
            assert.equal(issued.status, 'issued');
            issuedTotal += issued.units.length;
          }
        }), { numRuns: 25, seed: 20261121 });
      assert.ok(issuedTotal > 0, 'some runs issued units');
    });
  });
}
