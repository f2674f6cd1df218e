/** The units list counts no further than the page plus 10,000 rows: "10,000+" instead of a full count of every unit. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../../test/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { UNIT_COUNT_CAP } from './service.ts';

const UNITS = UNIT_COUNT_CAP + 50;

for (const kind of testDatabaseKinds()) {
  describe(`Units list total on ${kind}`, () => {
    let t: TestApp;
    let dispatch: ApiClient;
    before(async () => {
      t = await startTestApp(kind);
      // UNITS available O+ red cells and 5 AB+, straight into the table (peer-received units have no donation row)
      await t.database.pool.query(`insert into blood_unit (station_id, din, product_id, product_code, component_class, abo, rhd, volume_ml, quantity,
          quantity_unit, status, released, labelled, location_org_id, collected_at, prepared_at, expires_at)
        select $1, 'L' || lpad(g::text, 12, '0'), 'SRBC_MAP', 'C0021', 'red_cells', case when g <= 5 then 'AB' else 'O' end, 'POS', 200, 1, 'U',
          'available', true, true, $1, now(), now(), now() + interval '20 days'
        from generate_series(1, $2::int) g`, [t.fixture.stationId, UNITS]);
      dispatch = await ApiClient.login(t.app, 'dispatch', TEST_PASSWORD);
    }, { timeout: 60_000 });
    after(async () => { await t?.close(); });

    it('reports a lower bound past the cap, and exact totals below it or on late pages', async () => {
      const first = await dispatch.get('/api/units?status=available&pageSize=20');
      assert.equal(first.status, 200);
      assert.deepEqual([first.body.items.length, first.body.total, first.body.totalIsLowerBound], [20, UNIT_COUNT_CAP + 20, true]);
      const ab = await dispatch.get('/api/units?status=available&abo=AB&pageSize=20');
      assert.deepEqual([ab.body.items.length, ab.body.total, ab.body.totalIsLowerBound], [5, 5, false]);
      // a page far enough in counts to the end: exact again
      const late = await dispatch.get(`/api/units?status=available&pageSize=200&page=${Math.ceil(UNITS / 200)}`);
      assert.deepEqual([late.body.total, late.body.totalIsLowerBound], [UNITS, false]);
      assert.equal(late.body.items.length, UNITS % 200 || 200);
    });
  });
}
