/**
 * Acceptance (issue #2): the Weifang emergency case of seed 003 (../shared/data/seed-scenarios.json, case
 * `weifang-gi-bleed`) through the HTTP API as orders from demo stock. An O patient with massive GI bleeding;
 * the hospital calls three times; by 09:00 it has 25 U O red cells, 6000 ml plasma, 55 U cryo, 2 platelet doses.
 * The first call's amounts are not in the seed: they are the totals minus the two stated calls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isCompatible, IDENTICAL_FIRST } from '@redbridge/domain/abo-rh';
import type { ComponentClass } from '@redbridge/domain/types';
import { ApiClient } from '../../../test/api-client.ts';
import { startDemoApp, type DemoApp } from '../../../test/demo-app.ts';
import { weifangCalls, weifangLines, weifangTotals, type WeifangCall } from '../../../test/weifang-case.ts';
import { testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';

for (const kind of testDatabaseKinds()) {
  describe(`Weifang emergency case (seed 003) from demo stock on ${kind} [R37][R40]`, () => {
    let demo: DemoApp;
    let db: TestDatabase;
    let hospital: ApiClient;
    let dispatch: ApiClient;
    const issued: any[] = [];
    const snapshots: { call: WeifangCall; availableBefore: any[] }[] = [];

    before(async () => {
      demo = await startDemoApp(kind);
      ({ db, hospital, dispatch } = demo);
    }, { timeout: 120_000 });
    after(async () => { await demo?.close(); });

    async function stationAvailable(): Promise<any[]> {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const r = await c.query(`select u.id, u.component_class, u.abo, u.rhd, u.expires_at, u.quantity from blood_unit u
          join organisation o on o.id = u.location_org_id where o.type = 'station' and u.status = 'available'`);
        return r.rows.map((x) => ({ ...x, quantity: Number(x.quantity), expires_at: new Date(x.expires_at) }));
      } finally {
        await c.end();
      }
    }

    it('issues each of the three calls at once as emergency orders', { timeout: 120_000 }, async () => {
      assert.equal(weifangCalls.length, 3);
      for (const call of weifangCalls) {
        const availableBefore = await stationAvailable();
        const order = await hospital.post('/api/orders', { lines: weifangLines(call), neededBy: new Date().toISOString(), priority: 'emergency', note: `急诊 ${call.at}` });
        assert.equal(order.status, 201, JSON.stringify(order.body));
        const alloc = await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
        assert.equal(alloc.status, 200, JSON.stringify(alloc.body));
        const out = await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '急救绿色通道', tempC: 4 });
        assert.equal(out.status, 200, JSON.stringify(out.body));
        assert.equal(out.body.status, 'issued');
        for (const line of out.body.lines) assert.ok(line.allocatedQuantity >= line.quantity, `${line.componentClass} filled: ${line.allocatedQuantity}/${line.quantity}`);
        issued.push(...out.body.units.map((u: any) => ({ ...u, line: out.body.lines.find((l: any) => l.id === u.lineId), call: call.at })));
        snapshots.push({ call, availableBefore });
      }
    });

    it('issued the totals of the seed by 09:00 (whole bags, overshoot below one bag)', () => {
      const total = (cls: string) => issued.filter((u) => u.componentClass === cls).reduce((s, u) => s + u.quantity, 0);
      const maxBag = (cls: string) => Math.max(...issued.filter((u) => u.componentClass === cls).map((u) => u.quantity));
      for (const [cls, want] of [['red_cells', weifangTotals.rbcU], ['plasma', weifangTotals.plasmaMl], ['cryo', weifangTotals.cryoU], ['platelets', weifangTotals.plateletDoses]] as const) {
        const got = total(cls);
        assert.ok(got >= want, `${cls}: ${got} ≥ ${want}`);
        assert.ok(got < want + maxBag(cls) * weifangCalls.length, `${cls}: ${got} overshoots ${want} by less than a bag per call`);
      }
      assert.ok(issued.every((u) => u.status === 'issued'));
      assert.equal(new Set(issued.map((u) => u.id)).size, issued.length, 'no unit issued twice');
    });

    it('every issued unit is ABO/RhD-compatible with the O RhD+ patient; red cells and platelets are group O', () => {
      for (const u of issued) {
        assert.ok(isCompatible(u.componentClass as ComponentClass, { abo: u.abo, rhd: u.rhd }, { abo: 'O', rhd: 'POS' }, IDENTICAL_FIRST),
          `${u.componentClass} ${u.abo}${u.rhd} for O+`);
        if (u.componentClass === 'red_cells' || u.componentClass === 'platelets') assert.equal(u.abo, 'O');
        assert.ok(new Date(u.expiresAt).getTime() > Date.now(), 'unexpired at issue');
        assert.ok(u.released && u.labelled && !u.recalled);
      }
    });

    it('took the earliest-expiring identical-group units first (FEFO) in every call', () => {
      for (const { call, availableBefore } of snapshots) {
        const mine = issued.filter((u) => u.call === call.at);
        for (const cls of new Set(mine.map((u) => u.componentClass))) {
          const chosen = mine.filter((u) => u.componentClass === cls);
          const identical = chosen.filter((u) => u.abo === 'O' && u.rhd === 'POS');
          const identicalStock = availableBefore.filter((s) => s.component_class === cls && s.abo === 'O' && s.rhd === 'POS');
          if (chosen.length > identical.length) {
            assert.equal(identical.length, identicalStock.length, `${cls}: substitutes only after the identical group ran out`);
          }
          const chosenIds = new Set(identical.map((u) => u.id));
          const latestChosen = Math.max(...identical.map((u) => new Date(u.expiresAt).getTime()));
          const skippedEarlier = identicalStock.filter((s) => !chosenIds.has(s.id) && s.expires_at.getTime() < latestChosen);
          assert.equal(skippedEarlier.length, 0, `${cls} in call ${call.at}: no earlier-expiring O+ unit was left behind`);
        }
      }
    });
  });
}
