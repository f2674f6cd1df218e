/**
 * Laboratory and recall pages in Chromium, zh-CN: the lab reviews a donation's entries and conclusion (ABO
 * discrepancy pending), sees the analyser interface log and a label preview; the hospital sees a lookback recall
 * and records what became of the unit. Screenshots: test-output/screenshots/lab-*.png, recalls-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { chromiumSkipReason, launchBrowser, startAppServer, type AppServer } from './harness/browser.ts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/harness/databases.ts';
import { seedMinimal, TEST_PASSWORD } from '../packages/server/test/fixtures.ts';
import { ApiClient } from '../packages/server/test/api-client.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, type Database } from '../packages/server/src/db/client.ts';
import { buildAstmMessage } from '../packages/server/src/modules/lab/astm-simulator.ts';
import { asUser, HAN, shot } from './journey/session.ts';

const STEP = { timeout: 180_000 };
const residentId = (first17: string) => first17 + computeResidentIdCheckDigit(first17);

describe('lab review, interface log, label preview and hospital recall in Chromium, zh-CN [R2][R5][R33][R41]', { skip: chromiumSkipReason() ?? false }, () => {
  let database: TestDatabase;
  let app: AppServer;
  let browser: Browser;
  let setupDb: Database;
  let setupApp: Awaited<ReturnType<typeof buildApp>>;
  const data: { reviewDin?: string; unitId?: number } = {};

  before(async () => {
    database = await createTestDatabase('pglite');
    await seedMinimal(database.url);
    setupDb = openDatabase(database.url, 2);
    setupApp = await buildApp({ ...loadConfig({}), databaseUrl: database.url, logLevel: 'warn', loginRateLimitPerMinute: 1000, poolMax: 2 }, { database: setupDb, logger: false });
    const [donorUser, lab, component, dispatch, hospital] = await Promise.all(
      ['donor', 'lab', 'component', 'dispatch', 'hospital'].map((u) => ApiClient.login(setupApp, u, TEST_PASSWORD)));

    // 1. A donation under review: round-1 analyser file (ABO A), then a manual ABO typing A / O → discrepancy pending.
    const d1 = await donorUser.post('/api/donors', { idNumber: residentId('37070219850505123'), name: '周九', phone: '13900000000' });
    const don1 = await donorUser.post('/api/donations', { donorId: d1.body.id, volumeMl: 400 });
    const din = don1.body.din as string;
    for (const m of ['hbsag', 'hcv', 'hiv', 'tp']) {
      const lot = await lab.post('/api/lab/reagent-lots', { marker: m, maker: '科华生物', lot: `KH-${m}`, expiresOn: '2099-12-31', grayZoneLowSco: 0.7 });
      await lab.post('/api/lab/runs', { method: 'elisa', marker: m, round: 1, reagentLotId: lot.body.id, instrument: 'SIM-ELISA-1' });
    }
    const results = [
      ...['HBSAG', 'HCV', 'HIV', 'TP'].map((test, i) => ({ specimen: din, test, value: ['0.08', '0.12', '0.75', '0.05'][i] })),
      { specimen: din, test: 'ALT', value: '21' }, { specimen: din, test: 'ABO', value: 'A' }, { specimen: din, test: 'RHD', value: 'POS' },
      ...['HBVDNA', 'HCVRNA', 'HIVRNA'].map((test) => ({ specimen: din, test, value: 'NEG' })),
    ];
    const file = await lab.post('/api/lab/astm/import', { content: buildAstmMessage(results, 'SIM-ELISA-1'), fileName: 'elisa-round1.astm' });
    assert.equal(file.body.status, 'accepted', JSON.stringify(file.body));
    await lab.post('/api/lab/astm/import', { content: 'H|\\^&\rO|1|X\r', fileName: 'broken.astm' });
    const abo = { din, kind: 'abo', forward: 'A', reverse: 'O' };
    assert.equal((await lab.post('/api/lab/results', { entries: [abo], verifyEntries: [abo] })).status, 200);
    data.reviewDin = din;

    // 2. A released RBC issued to hospital 1, then post-donation information → recall.
    const d2 = await donorUser.post('/api/donors', { idNumber: residentId('37070219800606123'), name: '吴十', phone: '13700000000' });
    const don2 = await donorUser.post('/api/donations', { donorId: d2.body.id, volumeMl: 400 });
    const din2 = don2.body.din as string;
    await component.post(`/api/donations/${din2}/process`, { products: ['SRBC_MAP', 'FFP'] });
    await lab.post(`/api/donations/${din2}/test-results`, { abo: 'O', rhd: 'NEG', altUPerL: 20, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
    await lab.post(`/api/donations/${din2}/release`);
    const units = (await lab.get(`/api/donations/${din2}`)).body.units as any[];
    data.unitId = units.find((u) => u.productId === 'SRBC_MAP').id;
    const order = await hospital.post('/api/orders', { lines: [{ componentClass: 'red_cells', abo: 'O', rhd: 'NEG', quantity: 2 }], neededBy: new Date(Date.now() + 3600_000).toISOString(), priority: 'routine' });
    await dispatch.post(`/api/orders/${order.body.id}/allocate`, {});
    assert.equal((await dispatch.post(`/api/orders/${order.body.id}/issue`, { handoverTo: '王师傅', tempC: 4 })).status, 200);
    const info = await donorUser.post(`/api/donors/${d2.body.id}/post-donation-information`, { reason: '献血者来电告知近期有高危行为' });
    assert.equal(info.status, 200, JSON.stringify(info.body));

    app = await startAppServer({ databaseUrl: database.url, env: { RB_LOGIN_RATE_LIMIT: '60' } });
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await app?.close();
    await setupApp?.close();
    await setupDb?.close();
    await database?.close();
  });

  it('the lab reviews entries and the pending conclusion, the interface log and a label preview', STEP, async () => {
    await asUser(browser, app.baseUrl, 'lab', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-lab').click();
      await page.waitForURL('**/lab**');
      await page.getByTestId('lab-din-search').fill(data.reviewDin!);
      await page.getByTestId('lab-din-search').press('Enter');
      await page.getByTestId('lab-conclusion').waitFor();
      assert.equal((await page.getByTestId('lab-conclusion').innerText()).trim(), '待定');
      const body = await page.locator('body').innerText();
      assert.match(body, /ABO正反定型不符/);
      assert.match(body, /第2遍结果缺失/);
      assert.match(body, /科华生物/);
      assert.match(body, HAN);
      await shot(page, 'lab-review-pending-abo');

      await page.getByRole('tab', { name: '仪器接口日志' }).click();
      await page.getByTestId('lab-astm-log').waitFor();
      // The log loads after the tab opens: wait for its rows, not only the table frame.
      await page.getByTestId('lab-astm-log').getByText('已接收').first().waitFor({ timeout: 30_000 });
      const log = await page.getByTestId('lab-astm-log').innerText();
      assert.match(log, /已接收/);
      assert.match(log, /整条拒收/);
      await shot(page, 'lab-astm-log');

      await page.getByRole('tab', { name: '标签预览与核对' }).click();
      await page.locator('input[data-testid=label-unit-id], [data-testid=label-unit-id] input').first().fill(String(data.unitId));
      await page.getByTestId('label-preview').waitFor();
      await page.getByTestId('label-preview').evaluate((img) => new Promise<void>((resolve, reject) => {
        const el = img as unknown as { complete: boolean; naturalWidth: number; onload: () => void; onerror: () => void };
        if (el.complete && el.naturalWidth > 0) resolve();
        else { el.onload = () => resolve(); el.onerror = () => reject(new Error('label preview failed to load')); }
      }));
      assert.ok(await page.getByTestId('label-preview').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0));
      await shot(page, 'lab-label-preview');
    });
  });

  it('the hospital sees the recall without donor identity and records the disposition', STEP, async () => {
    await asUser(browser, app.baseUrl, 'hospital', TEST_PASSWORD, async (page) => {
      await page.getByTestId('nav-recalls').click();
      await page.waitForURL('**/recalls');
      await page.getByTestId('recall-alert').waitFor();
      const table = await page.getByTestId('recalls-table').innerText();
      assert.match(table, /召回/);
      assert.match(table, /献血后回告/);
      assert.doesNotMatch(table, /吴十/, 'no donor identity');
      await shot(page, 'recalls-hospital-open');
      const select = page.locator('[data-testid^=disposition-]').first();
      await select.click();
      await page.getByTitle('已退回血站').click();
      await page.locator('[data-testid^=disposition-save-]').first().click();
      await page.getByText('已退回血站').first().waitFor();
      await page.getByTestId('recall-alert').waitFor({ state: 'detached' });
      await shot(page, 'recalls-hospital-disposed');
    });
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    const r = await c.query('select status from blood_unit where id = $1', [data.unitId]);
    await c.end();
    assert.equal(r.rows[0].status, 'discarded');
  });
});
