/**
 * Acceptance (issue #7): the simulator and the server give the same allocation for the same state. Station stock is
 * the demo stock in a real database; each order goes through the HTTP API (orders service → `allocateFefo` on the
 * rows its candidate query loads); the simulator's own call (`allocateFromStock` on the same units) must pick the
 * same units for every line.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { IDENTICAL_FIRST } from '@redbridge/domain/abo-rh';
import type { AllocationLine, StockUnit } from '@redbridge/domain/allocation';
import { allocateFromStock, createStock } from '@redbridge/domain/simulation';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import { ApiClient } from '../../../test/api-client.ts';
import { startDemoApp, type DemoApp } from '../../../test/demo-app.ts';
import { testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';

interface Line { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number }

for (const kind of testDatabaseKinds()) {
  describe(`simulator ↔ server allocation parity on ${kind} [R37][R40]`, () => {
    let demo: DemoApp;
    let db: TestDatabase;
    let hospital: ApiClient;
    let dispatch: ApiClient;

    before(async () => {
      demo = await startDemoApp(kind);
      ({ db, hospital, dispatch } = demo);
    }, { timeout: 180_000 });
    after(async () => { await demo?.close(); });

    /** The station's available units as allocation stock units (the state both sides start from). */
    async function stationStock(): Promise<StockUnit[]> {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const r = await c.query(`select u.id, u.product_id, u.component_class, u.abo, u.rhd, u.quantity, u.expires_at, u.collected_at,
          u.status, u.released, u.labelled, u.recalled from blood_unit u join organisation o on o.id = u.location_org_id
          where o.type = 'station' and u.status = 'available'`);
        return r.rows.map((x) => ({
          id: String(x.id), productId: x.product_id, componentClass: x.component_class, abo: x.abo, rhd: x.rhd, quantity: Number(x.quantity),
          expiresAt: new Date(x.expires_at), collectedAt: new Date(x.collected_at), status: x.status, released: x.released, labelled: x.labelled, recalled: x.recalled,
        }));
      } finally {
        await c.end();
      }
    }

    async function compare(lines: Line[]): Promise<{ lineId: number; server: string[]; sim: string[] }[]> {
      const stock = await stationStock();
      const order = await hospital.post('/api/orders', { lines, neededBy: new Date().toISOString(), priority: 'routine' });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      const serverLines: { id: number; componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number }[] = order.body.lines;
      const now = new Date();
      const alloc = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
      assert.equal(alloc.status, 200, JSON.stringify(alloc.body));
      const out: { lineId: number; server: string[]; sim: string[] }[] = [];
      for (const cls of new Set(serverLines.map((l) => l.componentClass))) {
        const simLines: AllocationLine[] = serverLines.filter((l) => l.componentClass === cls)
          .map((l) => ({ lineId: String(l.id), componentClass: cls, recipient: { abo: l.abo, rhd: l.rhd }, quantity: l.quantity }));
        const sim = allocateFromStock(createStock(stock.filter((u) => u.componentClass === cls)), simLines, IDENTICAL_FIRST, now);
        for (const l of sim.lines) {
          const server = alloc.body.units.filter((u: { lineId: number }) => u.lineId === Number(l.lineId)).map((u: { id: number }) => String(u.id)).sort();
          out.push({ lineId: Number(l.lineId), server, sim: [...l.unitIds].sort() });
        }
      }
      return out;
    }

    it('routine red-cell and platelet lines: same units', { timeout: 60_000 }, async () => {
      const res = await compare([
        { componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 4 },
        { componentClass: 'red_cells', abo: 'A', rhd: 'POS', quantity: 3 },
        { componentClass: 'platelets', abo: 'B', rhd: 'POS', quantity: 1 },
      ]);
      assert.ok(res.some((r) => r.server.length > 0), 'something was allocated');
      for (const r of res) assert.deepEqual(r.sim, r.server, `line ${r.lineId}`);
    });

    it('a line larger than the identical stock: same substitutes, same backorder', { timeout: 60_000 }, async () => {
      const stock = await stationStock();
      const abPos = stock.filter((u) => u.componentClass === 'red_cells' && u.abo === 'AB' && u.rhd === 'POS').reduce((s, u) => s + u.quantity, 0);
      const res = await compare([{ componentClass: 'red_cells', abo: 'AB', rhd: 'POS', quantity: abPos + 3 }]);
      for (const r of res) assert.deepEqual(r.sim, r.server, `line ${r.lineId}`);
      const picked = new Set(res.flatMap((r) => r.server));
      assert.ok(stock.some((u) => picked.has(u.id) && u.abo !== 'AB'), 'substitutes were used');
    });
  });
}
