/**
 * Two stations side by side (荆州 and 宜昌, seed 004: 荆荆宜血液安全保障合作协议), each with its own app instance and its
 * own database, talking over real HTTP on 127.0.0.1 with HMAC-signed requests. Jingzhou is short of O RhD+ red cells,
 * sees Yichang's stock in the regional view, requests a transfer; Yichang approves and ships; Jingzhou receives.
 * Stock positions update on both sides, the units keep their DIN, product code and expiry, the alert hook fires, and
 * a transfusion of a transferred unit traces back to the Yichang donor number.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { ApiClient } from '../../../test/api-client.ts';
import { seedMinimal, TEST_PASSWORD } from '../../../test/fixtures.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/harness/databases.ts';
import { collectReleasedDonation, deliverOrder } from '../../../test/issue5-flows.ts';
import { onStockArrived, type StockArrivedEvent } from './hooks.ts';
import { signPeerRequest } from './peer-auth.ts';

interface Station {
  code: string; name: string; app: FastifyInstance; database: Database; testDb: TestDatabase; baseUrl: string;
  c: Record<'admin' | 'donorUser' | 'lab' | 'component' | 'dispatch' | 'hospital', ApiClient>;
}

async function startStation(kind: 'pglite' | 'postgres', code: string, name: string): Promise<Station> {
  const testDb = await createTestDatabase(kind);
  await seedMinimal(testDb.url);
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  await client.query(`update organisation set name = $1 where type = 'station'`, [name]);
  await client.end();
  const config = { ...loadConfig({}), databaseUrl: testDb.url, logLevel: 'warn', loginRateLimitPerMinute: 1000, poolMax: 4, stationCode: code };
  const database = openDatabase(testDb.url, 4);
  const app = await buildApp(config, { database, logger: false });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const [admin, donorUser, lab, component, dispatch, hospital] = await Promise.all(
    ['admin', 'donor', 'lab', 'component', 'dispatch', 'hospital'].map((u) => ApiClient.login(app, u, TEST_PASSWORD)));
  return { code, name, app, database, testDb, baseUrl, c: { admin, donorUser, lab, component, dispatch, hospital } };
}

const oPosRbc = (stock: any) => stock.rows.find((r: any) => r.componentClass === 'red_cells' && r.abo === 'O' && r.rhd === 'POS');

for (const kind of testDatabaseKinds()) {
  describe(`regional transfer between two stations on ${kind} [R8][R42][R59]`, () => {
    let jz: Station; // requester: 荆州
    let yc: Station; // supplier: 宜昌
    const secret = crypto.randomBytes(32).toString('hex');
    const arrived: StockArrivedEvent[] = [];
    const listener = (e: StockArrivedEvent) => { arrived.push(e); };
    let ycDins: string[] = [];

    before(async () => {
      [jz, yc] = await Promise.all([startStation(kind, '42101', '荆州市中心血站'), startStation(kind, '42105', '宜昌市中心血站')]);
      assert.equal((await jz.c.admin.post('/api/peers', { code: yc.code, name: yc.name, baseUrl: yc.baseUrl, secret })).status, 200);
      assert.equal((await yc.c.admin.post('/api/peers', { code: jz.code, name: jz.name, baseUrl: jz.baseUrl, secret })).status, 200);
      for (const id of ['42050219900101123', '42050219910202123', '42050219920303123']) {
        const d = await collectReleasedDonation(yc.c, id, { abo: 'O', rhd: 'POS' }, ['SRBC_MAP']);
        ycDins.push(d.din);
      }
      onStockArrived.push(listener);
    });
    after(async () => {
      onStockArrived.splice(onStockArrived.indexOf(listener), 1);
      for (const s of [jz, yc]) {
        if (!s) continue;
        await s.app.close();
        await s.database.close();
        await s.testDb.close();
      }
    });

    it('peers refuse unsigned, wrongly signed and replayed requests', async () => {
      const url = `${yc.baseUrl}/api/peer/v1/stock`;
      assert.equal((await fetch(url)).status, 401);
      const wrong = signPeerRequest({ method: 'GET', path: '/api/peer/v1/stock', body: '', senderCode: jz.code, secret: 'x'.repeat(64), now: new Date() });
      assert.equal((await fetch(url, { headers: { ...wrong } })).status, 401);
      const good = signPeerRequest({ method: 'GET', path: '/api/peer/v1/stock', body: '', senderCode: jz.code, secret, now: new Date() });
      assert.equal((await fetch(url, { headers: { ...good } })).status, 200);
      const replay = await fetch(url, { headers: { ...good } });
      assert.equal(replay.status, 401);
      assert.match(((await replay.json()) as { detail: string }).detail, /replay/);
    });

    it('Jingzhou requests, Yichang approves and ships, Jingzhou receives; stock updates on both', async () => {
      const before = await jz.c.dispatch.get('/api/regional/stock');
      assert.equal(before.status, 200, JSON.stringify(before.body));
      const [selfBefore, peerBefore] = before.body.stations;
      assert.equal(selfBefore.stationName, '荆州市中心血站');
      assert.equal(peerBefore.stationName, '宜昌市中心血站');
      assert.equal(peerBefore.reachable, true);
      assert.equal(oPosRbc(selfBefore).quantity, 0);
      assert.equal(oPosRbc(peerBefore).quantity, 6);

      const req = await jz.c.dispatch.post('/api/transfers', { peerCode: yc.code, lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 4 }],
        reason: 'O型红细胞库存不足 2 天', urgency: 'emergency' });
      assert.equal(req.status, 201, JSON.stringify(req.body));
      assert.equal(req.body.status, 'requested');
      const incoming = await yc.c.dispatch.get('/api/transfers?status=requested');
      assert.equal(incoming.body.length, 1);
      assert.equal(incoming.body[0].side, 'supplier');
      assert.equal(incoming.body[0].transferKey, req.body.transferKey);
      assert.equal(incoming.body[0].peerName, '荆州市中心血站');

      // The requester cannot approve its own request; the supplier approves (FEFO, identical type) and ships.
      assert.equal((await jz.c.dispatch.post(`/api/transfers/${req.body.id}/approve`, {})).status, 409);
      const approved = await yc.c.dispatch.post(`/api/transfers/${incoming.body[0].id}/approve`, { note: '按协议调剂' });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.units.length, 2);
      const shipped = await yc.c.dispatch.post(`/api/transfers/${incoming.body[0].id}/ship`, { carrierName: '宜昌血站车队 张师傅', tempC: 4 });
      assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
      assert.equal(shipped.body.status, 'shipped');
      const shippedDins = shipped.body.manifest.map((m: any) => m.din).sort();
      assert.ok(shippedDins.every((d: string) => ycDins.includes(d)));

      const mid = await jz.c.dispatch.get(`/api/transfers/${req.body.id}`);
      assert.equal(mid.body.status, 'shipped');
      assert.equal(mid.body.manifestUnits, 2);
      assert.equal((await jz.c.dispatch.post(`/api/transfers/${req.body.id}/receive`, { tempC: 'warm' })).status, 400, 'bad input refused');

      const received = await jz.c.dispatch.post(`/api/transfers/${req.body.id}/receive`, { tempC: 5 });
      assert.equal(received.status, 200, JSON.stringify(received.body));
      assert.equal(received.body.status, 'received');
      assert.deepEqual(received.body.units.map((u: any) => u.status), ['available', 'available']);
      assert.deepEqual(received.body.units.map((u: any) => u.din).sort(), shippedDins);
      // Original product code and expiry kept.
      const jzUnits = await jz.c.dispatch.get('/api/units?status=available&abo=O&rhd=POS');
      for (const m of shipped.body.manifest) {
        const u = jzUnits.body.items.find((x: any) => x.din === m.din);
        assert.equal(u.productCode, m.productCode);
        assert.equal(new Date(u.expiresAt).toISOString(), new Date(m.expiresAt).toISOString());
        assert.equal(u.locationOrgName, '荆州市中心血站');
      }
      // The supplier learns of the receipt; the alert hook saw the arrival.
      const ycSide = await yc.c.dispatch.get(`/api/transfers/${incoming.body[0].id}`);
      assert.equal(ycSide.body.status, 'received');
      assert.equal(arrived.length, 1);
      assert.deepEqual(arrived[0].lines, [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', units: 2, quantity: 4 }]);

      const afterStock = await jz.c.dispatch.get('/api/regional/stock');
      assert.equal(oPosRbc(afterStock.body.stations[0]).quantity, 4);
      assert.equal(oPosRbc(afterStock.body.stations[1]).quantity, 2);
      const ycStock = await yc.c.dispatch.get('/api/regional/stock');
      assert.equal(oPosRbc(ycStock.body.stations[0]).quantity, 2);

      // Supplier's trace shows the unit leaving; requester's shows it arriving.
      const ycTrace = await yc.c.dispatch.get(`/api/trace/${shippedDins[0]}`);
      const ycEvents = (ycTrace.body as any).units.find((u: any) => u.productId === 'SRBC_MAP').events.map((e: any) => e.type);
      assert.deepEqual(ycEvents.slice(-3), ['reserve', 'store_out', 'transfer_out']);
    });

    it('a transfusion of a transferred unit traces back to the peer station and its donor number', async () => {
      const { units } = await deliverOrder(jz.c.hospital, jz.c.dispatch, { componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 2 });
      const tx = await jz.c.hospital.post(`/api/units/${units[0].id}/transfuse`, { patientName: '赵六', patientAbo: 'O', patientRhd: 'POS', ward: '急诊科' });
      assert.equal(tx.status, 200, JSON.stringify(tx.body));
      const back = await jz.c.hospital.get(`/api/trace/back?patientName=${encodeURIComponent('赵六')}`);
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.items[0].source.kind, 'peer_station');
      assert.equal(back.body.items[0].source.stationCode, '42105');
      assert.match(back.body.items[0].source.donorNumber, /\S/);
      const dinTrace = await jz.c.dispatch.get(`/api/trace/${units[0].din}`);
      assert.equal(dinTrace.status, 200, JSON.stringify(dinTrace.body));
      assert.equal(dinTrace.body.origin.stationCode, '42105');
      assert.deepEqual(dinTrace.body.units[0].events.map((e: any) => e.type).slice(0, 3), ['transfer_in', 'receipt', 'store_in']);
    });
  });
}
