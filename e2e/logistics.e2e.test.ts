/**
 * Issue 5 (second half) pages in Chromium, zh-CN, with two stations running side by side (荆州 42101, 宜昌 42105):
 * regional stock and a transfer received through the page; reader events; cold-chain chart and alarms; transport
 * board; hospital blood bank (two-person check refusal shown); forward / backward trace.
 *
 * Needs the built UI: `npm run build:web && node --import tsx --test e2e/logistics.e2e.test.ts`.
 * Screenshots: test-output/screenshots/logistics-*.png.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { chromiumSkipReason, launchBrowser, startAppServer, type AppServer } from './harness/browser.ts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/harness/databases.ts';
import { seedMinimal, TEST_PASSWORD } from '../packages/server/test/fixtures.ts';
import { asUser, HAN, settle, shot } from './journey/session.ts';

const STEP = { timeout: 180_000 };

/** A signed-in API session over real HTTP (cookie + CSRF), for arranging data. */
async function apiAs(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
  assert.equal(res.status, 200, `login ${username}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}/api${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return json as any;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b: unknown = {}) => call('POST', p, b) };
}

interface Station { db: TestDatabase; app: AppServer; code: string; name: string }

async function station(code: string, name: string): Promise<Station> {
  const db = await createTestDatabase('pglite');
  await seedMinimal(db.url);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`update organisation set name = $1 where type = 'station'`, [name]);
  await c.query(`update organisation set name = $1 where code = 'H001'`, [code === '42101' ? '荆州市第一人民医院' : '宜昌市中心人民医院']);
  await c.end();
  const app = await startAppServer({ databaseUrl: db.url, env: { RB_STATION_CODE: code, RB_LOGIN_RATE_LIMIT: '200' } });
  return { db, app, code, name };
}

async function releasedDonation(baseUrl: string, idFirst17: string, abo: string, rhd: string, products: string[]) {
  const donorUser = await apiAs(baseUrl, 'donor');
  const lab = await apiAs(baseUrl, 'lab');
  const component = await apiAs(baseUrl, 'component');
  const donor = await donorUser.post('/donors', { idNumber: idFirst17 + computeResidentIdCheckDigit(idFirst17), name: '刘献血', phone: '13900000000' });
  const donation = await donorUser.post('/donations', { donorId: donor.id, volumeMl: 400 });
  await lab.post(`/donations/${donation.din}/test-results`, { abo, rhd, altUPerL: 20, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
  await component.post(`/donations/${donation.din}/process`, { products });
  const released = await lab.post(`/donations/${donation.din}/release`);
  return { din: donation.din as string, donorNumber: donor.donorNumber as string, units: released.units as any[] };
}

describe('logistics, regional transfer, cold chain and blood bank pages in Chromium, zh-CN [R8][R42][R60]', { skip: chromiumSkipReason() ?? false }, () => {
  let jz: Station;
  let yc: Station;
  let browser: Browser;
  const facts: { donorNumber?: string } = {};

  before(async () => {
    [jz, yc] = await Promise.all([station('42101', '荆州市中心血站'), station('42105', '宜昌市中心血站')]);
    browser = await launchBrowser();
    const secret = crypto.randomBytes(32).toString('hex');
    await (await apiAs(jz.app.baseUrl, 'admin')).post('/peers', { code: yc.code, name: yc.name, baseUrl: yc.app.baseUrl, secret });
    await (await apiAs(yc.app.baseUrl, 'admin')).post('/peers', { code: jz.code, name: jz.name, baseUrl: jz.app.baseUrl, secret });
    for (const id of ['42050219900101123', '42050219910202123', '42050219920303123', '42050219930404123']) await releasedDonation(yc.app.baseUrl, id, 'O', 'POS', ['SRBC_MAP', 'FFP']);
    const mine = await releasedDonation(jz.app.baseUrl, '42100219880808123', 'B', 'POS', ['SRBC_MAP', 'FFP']);
    await releasedDonation(jz.app.baseUrl, '42100219890909123', 'B', 'POS', ['SRBC_MAP']);
    facts.donorNumber = mine.donorNumber;

    // Transfer: 荆州 asks, 宜昌 approves and ships (received through the page below).
    const jzDispatch = await apiAs(jz.app.baseUrl, 'dispatch');
    const ycDispatch = await apiAs(yc.app.baseUrl, 'dispatch');
    await jzDispatch.post('/transfers', { peerCode: yc.code, lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 4 }], reason: 'O 型红细胞库存告急', urgency: 'emergency' });
    const [incoming] = await ycDispatch.get('/transfers?status=requested');
    await ycDispatch.post(`/transfers/${incoming.id}/approve`, { note: '按荆荆宜协议调剂' });
    await ycDispatch.post(`/transfers/${incoming.id}/ship`, { carrierName: '宜昌血站 张师傅', tempC: 4.5 });
    await jzDispatch.post('/transfers', { peerCode: yc.code, lines: [{ componentClass: 'platelets', abo: 'A', rhd: 'POS', quantity: 2 }], urgency: 'routine' });

    // Readers.
    const admin = await apiAs(jz.app.baseUrl, 'admin');
    const reader = await admin.post('/readers', { code: 'GATE-01', name: '成品库门禁读写器', location: '成品库 1 号门', eventType: 'store_in' });
    const rbc = mine.units.find((u) => u.productId === 'SRBC_MAP');
    const ffp = mine.units.find((u) => u.productId === 'FFP');
    const t0 = Date.now() - 3_600_000;
    const reads = { reads: [
      { tag: `=${mine.din}00|${rbc.productCode}`, readAt: new Date(t0).toISOString(), tempC: 4.1 },
      { tag: `${mine.din}|${ffp.productCode}`, readAt: new Date(t0 + 5000).toISOString(), tempC: -24 },
      { tag: 'XX-UNREADABLE-TAG', readAt: new Date(t0 + 9000).toISOString() },
    ] };
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${jz.app.baseUrl}/api/readers/reads`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-rb-reader': 'GATE-01', 'x-rb-reader-key': reader.key }, body: JSON.stringify(reads) });
      assert.equal(r.status, 200);
    }

    // Cold chain: a fridge with a 4-hourly log, one excursion and a current gap.
    const fridge = await jzDispatch.post('/cold-devices', { code: 'BX-01', name: '成品库 1 号储血冰箱', kind: 'refrigerator', componentClass: 'red_cells', location: '成品库' });
    await jzDispatch.post('/cold-devices', { code: 'BOX-07', name: '7 号运输箱', kind: 'transport_box', componentClass: 'red_cells' });
    const temps = [4.1, 4.3, 3.9, 4.0, 4.6, 7.4, 4.2, 4.0, 3.8, 4.1];
    const logStart = Date.now() - 48 * 3_600_000;
    for (let i = 0; i < temps.length; i++) {
      await jzDispatch.post(`/cold-devices/${fridge.id}/readings`, { tempC: temps[i], at: new Date(logStart + i * 4 * 3_600_000).toISOString() });
    }
    await jzDispatch.post('/cold-alarms/scan');

    // Transport: a hospital order delivered with scans, one in transit.
    const hospital = await apiAs(jz.app.baseUrl, 'hospital');
    const van = await jzDispatch.post('/vehicles', { code: 'V01', plate: '鄂D·A1234' });
    for (const [i, mode] of (['delivery', 'combined'] as const).entries()) {
      const order = await hospital.post('/orders', { lines: [{ componentClass: 'red_cells', abo: 'B', rhd: 'POS', quantity: 2 }], neededBy: new Date(Date.now() + 7_200_000).toISOString(), priority: 'emergency' });
      await jzDispatch.post(`/orders/${order.id}/allocate`, {});
      const s = await jzDispatch.post('/shipments', { mode, orderId: order.id, componentClass: 'red_cells', vehicleId: van.id, carrierName: '李师傅' });
      await jzDispatch.post(`/orders/${order.id}/issue`, { handoverTo: '李师傅', tempC: 4 });
      await jzDispatch.post(`/shipments/${s.id}/scans`, { step: 'load', tempC: 4.2, partyName: '李师傅', location: '血站发血窗口' });
      await jzDispatch.post(`/shipments/${s.id}/scans`, { step: 'depart', tempC: 4.8, partyName: '李师傅' });
      if (i > 0) continue; // the second run stays in transit
      await jzDispatch.post(`/shipments/${s.id}/scans`, { step: 'arrive', tempC: 10.6, partyName: '李师傅', location: '医院输血科' });
      await hospital.post(`/shipments/${s.id}/scans`, { step: 'receive', tempC: 6.2, partyName: '输血科 王老师' });
      await hospital.post(`/orders/${order.id}/receive`, { tempC: 6.2 });
    }
  }, { timeout: 240_000 });

  after(async () => {
    await browser?.close();
    for (const s of [jz, yc]) {
      await s?.app.close();
      await s?.db.close();
    }
  });

  it('regional view shows both stations; 荆州 receives the 宜昌 shipment through the page', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'dispatch', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-regional').click();
      await page.getByTestId('regional-table').waitFor();
      await settle(page);
      const table = await page.getByTestId('regional-table').innerText();
      assert.match(table, /荆州市中心血站/);
      assert.match(table, /宜昌市中心血站/);
      await shot(page, 'logistics-01-regional-before-receipt');
      await page.getByTestId('receive-transfer').click();
      await page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.locator('[data-testid=transfer-status]', { hasText: '已接收' }).waitFor();
      await settle(page);
      await shot(page, 'logistics-02-regional-received');
    });
  });

  it('reader events list each read once after a replayed batch', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'dispatch', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-readers').click();
      await page.getByTestId('reads-table').waitFor();
      await settle(page);
      assert.equal(await page.locator('[data-testid=reads-table] tbody tr.ant-table-row').count(), 3);
      const readsText = await page.getByTestId('reads-table').innerText();
      assert.equal(readsText.match(/已记事件/g)?.length, 2);
      assert.equal(readsText.match(/无法识别/g)?.length, 1);
      await shot(page, 'logistics-03-reader-events');
    });
  });

  it('cold chain: temperature chart, overdue warning and alarms', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'dispatch', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-coldchain').click();
      await page.getByTestId('temp-chart').locator('svg').first().waitFor();
      await page.getByTestId('overdue-alert').waitFor();
      await settle(page);
      assert.match(await page.getByTestId('alarm-table').innerText(), /温度超限[\s\S]*|漏记温度/);
      await shot(page, 'logistics-04-cold-chain');
    });
  });

  it('transport board shows delivered and in-transit runs with the excursion flagged', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'dispatch', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-transport').click();
      await page.getByTestId('shipment-table').waitFor();
      await settle(page);
      const text = await page.getByTestId('shipment-table').innerText();
      assert.match(text, /已送达/);
      assert.match(text, /运输中/);
      await page.locator('[data-testid=shipment-table] .ant-table-row-expand-icon').first().click();
      await settle(page);
      await shot(page, 'logistics-05-transport-board');
    });
  });

  it('hospital blood bank: crossmatch, then a two-person check with one badge is refused', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'hospital', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-bloodbank').click();
      await page.getByTestId('bank-table').waitFor();
      await settle(page);
      await shot(page, 'logistics-06-blood-bank');
      await page.getByTestId('bank-crossmatch').first().click();
      let modal = page.locator('.ant-modal-wrap:visible');
      await modal.getByLabel('患者姓名', { exact: true }).fill('孙七');
      await modal.getByRole('button', { name: /提\s*交/ }).click();
      await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' });
      await page.getByTestId('bank-ward-issue').first().click();
      modal = page.locator('.ant-modal-wrap:visible');
      await modal.getByLabel('患者姓名', { exact: true }).fill('孙七');
      await modal.getByLabel('病区', { exact: true }).fill('骨科');
      await modal.getByLabel('发血人（刷卡/指纹）', { exact: true }).fill('BADGE-1001-张护士');
      await modal.getByLabel('取血人姓名', { exact: true }).fill('张护士');
      await modal.getByLabel('取血人（刷卡/指纹）', { exact: true }).fill('BADGE-1001-张护士');
      await modal.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('双人核对未通过').first().waitFor();
      await settle(page);
      await shot(page, 'logistics-07-ward-issue-refused');
      await modal.getByRole('button', { name: /取\s*消/ }).click();
      await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' });
    });
  });

  it('trace page: forward from the donor, and back from the patient', STEP, async () => {
    await asUser(browser, jz.app.baseUrl, 'dispatch', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-trace').click();
      await page.getByTestId('trace-forward-input').fill(facts.donorNumber!);
      await page.getByTestId('trace-forward-input').press('Enter');
      await page.getByTestId('trace-forward').locator('tbody tr.ant-table-row').first().waitFor();
      await settle(page);
      assert.match(await page.getByTestId('trace-forward').innerText(), HAN);
      await shot(page, 'logistics-08-trace-forward');
    });
  });
});
