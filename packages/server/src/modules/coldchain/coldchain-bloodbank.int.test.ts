/**
 * Cold chain, transport and the hospital blood bank through the HTTP API on PGlite and PostgreSQL 15:
 * temperature logs with out-of-range and missing-reading alarms; a delivery with handover scans per step whose
 * temperature is checked against WS/T 400 and written on the units; crossmatch → ward issue with a two-person check →
 * transfusion → reaction; returns refused after ward issue and allowed only by rule.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { testDatabaseKinds } from '../../../test/harness/databases.ts';
import { collectReleasedDonation, deliverOrder } from '../../../test/issue5-flows.ts';
import { shipmentStatusForOrder } from './service.ts';

const H = 3_600_000;

for (const kind of testDatabaseKinds()) {
  describe(`cold chain, transport and hospital blood bank on ${kind} [R42][R60]`, () => {
    let t: TestApp;
    let donorUser: ApiClient, lab: ApiClient, component: ApiClient, dispatch: ApiClient, hospital: ApiClient, hospital2: ApiClient;

    before(async () => {
      t = await startTestApp(kind);
      [donorUser, lab, component, dispatch, hospital, hospital2] = await Promise.all(
        ['donor', 'lab', 'component', 'dispatch', 'hospital', 'hospital2'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
      for (const id of ['37070219900101123', '37070219910101123', '37070219920101123']) {
        await collectReleasedDonation({ donorUser, lab, component }, id, { abo: 'B', rhd: 'POS' }, ['SRBC_MAP', 'FFP']);
      }
    });
    after(async () => { await t?.close(); });

    it('temperature log: out-of-range opens an alarm, back in range closes it, a gap over 4 h is found and alarmed', async () => {
      const dev = await dispatch.post('/api/cold-devices', { code: 'FRIDGE-01', name: '成品库 1 号储血冰箱', kind: 'refrigerator', componentClass: 'red_cells', location: '成品库' });
      assert.equal(dev.status, 201, JSON.stringify(dev.body));
      const now = Date.now();
      const at = (h: number) => new Date(now - h * H).toISOString();
      for (const [h, temp] of [[12, 4], [9, 4.5], [8, 7.5], [7, 4.2]] as const) {
        const r = await dispatch.post(`/api/cold-devices/${dev.body.id}/readings`, { tempC: temp, at: at(h) });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.inRange, temp <= 6);
      }
      const dup = await dispatch.post(`/api/cold-devices/${dev.body.id}/readings`, { tempC: 4, at: at(12) });
      assert.equal(dup.body.duplicate, true, 'the same reading twice is stored once');
      const alarms = await dispatch.get('/api/cold-alarms');
      assert.equal(alarms.body.length, 1);
      assert.equal(alarms.body[0].kind, 'out_of_range');
      assert.ok(alarms.body[0].closedAt, 'closed when the next reading is in range');

      const readings = await dispatch.get(`/api/cold-devices/${dev.body.id}/readings?from=${encodeURIComponent(at(12))}`);
      assert.equal(readings.body.readings.length, 4);
      assert.equal(readings.body.minC, 2);
      assert.equal(readings.body.maxC, 6);
      assert.deepEqual(readings.body.gaps.map((g: any) => g.open), [true], 'no reading for the last 7 h');

      const devices = await dispatch.get('/api/cold-devices');
      assert.equal(devices.body[0].overdue, true);
      const scan = await dispatch.post('/api/cold-alarms/scan');
      assert.deepEqual(scan.body, { checked: 1, opened: 1 });
      assert.deepEqual((await dispatch.post('/api/cold-alarms/scan')).body, { checked: 1, opened: 0 }, 'one open alarm per device');
      const open = await dispatch.get('/api/cold-alarms?open=true');
      assert.deepEqual(open.body.map((a: any) => a.kind), ['missing_reading']);
      const ack = await dispatch.post(`/api/cold-alarms/${open.body[0].id}/ack`, { note: '值班员已补录' });
      assert.equal(ack.status, 200);
      assert.equal((await dispatch.post(`/api/cold-alarms/${open.body[0].id}/ack`, { note: 'again' })).status, 409);
      const bad = await dispatch.post(`/api/cold-devices/${dev.body.id}/readings`, { tempC: 'cold' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].pointer, '/tempC');
    });

    it('a delivery with handover scans: each step carries a temperature checked against WS/T 400 and lands on the units', async () => {
      const order = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'B', rhd: 'POS', quantity: 2 }],
        neededBy: new Date(Date.now() + H).toISOString(), priority: 'emergency' });
      await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
      const box = await dispatch.post('/api/cold-devices', { code: 'BOX-07', name: '运输箱 7', kind: 'transport_box', componentClass: 'red_cells' });
      const van = await dispatch.post('/api/vehicles', { code: 'V01', plate: '鲁V·A1234' });
      assert.equal(van.status, 201, JSON.stringify(van.body));
      assert.equal((await shipmentStatusForOrder(t.app.db, { id: 0, username: '', displayName: '', role: 'station_admin', orgId: t.fixture.stationId, orgName: '', orgType: 'station', stationId: t.fixture.stationId }, order.body.id)), null);
      const s = await dispatch.post('/api/shipments', { mode: 'delivery', orderId: order.body.id, componentClass: 'red_cells', vehicleId: van.body.id, boxDeviceId: box.body.id, carrierName: '王师傅' });
      assert.equal(s.status, 201, JSON.stringify(s.body));
      assert.equal(s.body.toName, '潍坊市人民医院');
      assert.equal((await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '王师傅', tempC: 4 })).status, 200);
      const steps: [string, number][] = [['load', 4], ['depart', 5], ['arrive', 11], ['receive', 6]];
      for (const [step, tempC] of steps) {
        const client = step === 'receive' ? hospital : dispatch;
        const r = await client.post(`/api/shipments/${s.body.id}/scans`, { step, tempC, partyName: step === 'receive' ? '输血科 李老师' : '王师傅' });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.check.ok, tempC >= 2 && tempC <= 10, `${step} ${tempC} °C`);
      }
      const status = await hospital.get(`/api/orders/${order.body.id}/shipment-status`);
      assert.equal(status.body.status, 'delivered');
      assert.equal(status.body.lastStep, 'receive');
      assert.equal(status.body.tempExcursion, true, 'the 11 °C arrival is flagged');
      assert.equal(status.body.vehiclePlate, '鲁V·A1234');
      assert.equal((await hospital2.get('/api/shipments')).body.length, 0, 'other hospitals do not see it');
      assert.equal((await dispatch.post(`/api/shipments/${s.body.id}/scans`, { step: 'handover', tempC: 4 })).status, 409, 'closed shipment');
      const unitId = (await dispatch.get(`/api/orders/${order.body.id}`)).body.units[0].id;
      const events = await dispatch.get('/api/unit-events?type=transport,handover&pageSize=50');
      const mine = events.body.items.filter((e: any) => e.unitId === unitId && e.details?.shipmentId === s.body.id);
      assert.deepEqual(mine.map((e: any) => e.details.step).sort(), ['arrive', 'depart', 'load', 'receive']);
      assert.ok(mine.some((e: any) => e.details.step === 'arrive' && e.details.tempOk === false));
    });

    it('crossmatch → ward issue with a two-person check → transfusion → reaction; no return after ward issue', async () => {
      const { units } = await deliverOrder(hospital, dispatch, { componentClass: 'red_cells', abo: 'B', rhd: 'POS', quantity: 4 });
      const [u1, u2] = units;
      const patient = { patientName: '孙七', patientAbo: 'B', patientRhd: 'POS' };
      // No crossmatch yet: ward issue refused with the reason, nothing written.
      const noXm = await hospital.post(`/api/bloodbank/units/${u1.id}/ward-issue`, { ...patient, ward: '骨科', checkMethod: 'badge',
        issuerCredential: 'BADGE-1001-张护士', collectorName: '李护士', collectorCredential: 'BADGE-2002-李护士' });
      assert.equal(noXm.status, 422);
      assert.equal(noXm.body.code, 'CROSSMATCH_MISSING');
      // ABO-incompatible patient refused at crossmatch.
      assert.equal((await hospital.post(`/api/bloodbank/units/${u1.id}/crossmatch`, { ...patient, patientAbo: 'A', sampleAt: new Date().toISOString(),
        method: 'gel_card', major: 'compatible', minor: 'compatible' })).status, 422);
      const oldSample = await hospital.post(`/api/bloodbank/units/${u1.id}/crossmatch`, { ...patient, sampleAt: new Date(Date.now() - 4 * 24 * H).toISOString(),
        method: 'gel_card', major: 'compatible', minor: 'compatible' });
      assert.equal(oldSample.status, 201);
      const stale = await hospital.post(`/api/bloodbank/units/${u1.id}/ward-issue`, { ...patient, ward: '骨科', checkMethod: 'badge',
        issuerCredential: 'BADGE-1001-张护士', collectorName: '李护士', collectorCredential: 'BADGE-2002-李护士' });
      assert.equal(stale.body.code, 'SAMPLE_TOO_OLD');
      const xm = await hospital.post(`/api/bloodbank/units/${u1.id}/crossmatch`, { ...patient, sampleAt: new Date(Date.now() - 2 * H).toISOString(),
        method: 'gel_card', major: 'compatible', minor: 'compatible', reviewedByName: '周主任' });
      assert.equal(xm.status, 201, JSON.stringify(xm.body));
      // One person cannot be both issuer and collector; an unverifiable badge is refused.
      const same = await hospital.post(`/api/bloodbank/units/${u1.id}/ward-issue`, { ...patient, ward: '骨科', checkMethod: 'badge',
        issuerCredential: 'BADGE-1001-张护士', collectorName: '张护士', collectorCredential: 'BADGE-1001-张护士' });
      assert.equal(same.body.code, 'TWO_PERSON_CHECK_FAILED');
      assert.deepEqual(same.body.errors.map((e: any) => e.pointer), ['/collectorCredential']);
      const unknown = await hospital.post(`/api/bloodbank/units/${u1.id}/ward-issue`, { ...patient, ward: '骨科', checkMethod: 'fingerprint',
        issuerCredential: 'BADGE-1001-张护士', collectorName: '李护士', collectorCredential: 'FP-2002-李护士' });
      assert.deepEqual(unknown.body.errors.map((e: any) => e.pointer), ['/issuerCredential']);
      const issued = await hospital.post(`/api/bloodbank/units/${u1.id}/ward-issue`, { ...patient, ward: '骨科', bed: '12', checkMethod: 'fingerprint',
        issuerCredential: 'FP-1001-张护士', collectorName: '李护士', collectorCredential: 'FP-2002-李护士' });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.equal(issued.body.crossmatchId, xm.body.id);

      // Blood issued to the ward can never be returned.
      const ret = await hospital.post(`/api/bloodbank/units/${u1.id}/return`, { reason: 'quality_defect' });
      assert.equal(ret.status, 422);
      assert.equal(ret.body.code, 'WARD_ISSUED');
      // Bedside check: another patient is refused.
      const wrong = await hospital.post(`/api/units/${u1.id}/transfuse`, { patientName: '周八', patientAbo: 'B', patientRhd: 'POS', ward: '骨科' });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.code, 'PATIENT_MISMATCH');
      const tx = await hospital.post(`/api/units/${u1.id}/transfuse`, { ...patient, ward: '骨科', bed: '12', volumeMl: 300, outcome: 'completed' });
      assert.equal(tx.status, 200, JSON.stringify(tx.body));
      const rec = await hospital.get(`/api/bloodbank/units/${u1.id}`);
      assert.equal(rec.body.transfusion.wardIssueId, issued.body.id);
      assert.equal(rec.body.transfusion.volumeMl, 300);
      const reaction = await hospital.post(`/api/bloodbank/transfusions/${rec.body.transfusion.id}/reaction`, { category: 'febrile', severity: 'mild', onsetAt: new Date().toISOString() });
      assert.equal(reaction.status, 201, JSON.stringify(reaction.body));
      const trace = await dispatch.get(`/api/trace/${u1.din}`);
      const types = trace.body.units.find((u: any) => u.id === u1.id).events.map((e: any) => e.type);
      assert.deepEqual(types.filter((x: string) => ['crossmatch', 'ward_issue', 'transfusion', 'reaction'].includes(x)), ['crossmatch', 'crossmatch', 'ward_issue', 'transfusion', 'reaction']);

      // A unit not issued to a ward goes back to the station only for an allowed reason; it arrives quarantined.
      const notAllowed = await hospital.post(`/api/bloodbank/units/${u2.id}/return`, { reason: 'not_needed' });
      assert.equal(notAllowed.body.code, 'REASON_NOT_ALLOWED');
      const back = await hospital.post(`/api/bloodbank/units/${u2.id}/return`, { reason: 'quality_defect', note: '袋体渗漏', tempC: 4 });
      assert.equal(back.status, 201, JSON.stringify(back.body));
      const unitsAtStation = await dispatch.get(`/api/units?status=quarantined&q=${u2.din}`);
      const returned = unitsAtStation.body.items.find((x: any) => x.id === u2.id);
      assert.equal(returned.locationOrgName, '潍坊市中心血站');
    });
  });
}
