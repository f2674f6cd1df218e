/**
 * Emergency board and alert pages in Chromium, zh-CN (issue #5): a hospital files an emergency and uses its own
 * reserve; the station's duty desk confirms by phone and issues the rest; the alert page shows O RhD+ red cells
 * on alert after a recompute, the history and the national snapshot; the hospital sees the alert in its inbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, startAppServer, type AppServer } from './harness/browser.ts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/harness/databases.ts';
import { seedMinimal, TEST_PASSWORD, type Fixture } from '../packages/server/test/fixtures.ts';
import { addStock, addUseHistory } from '../packages/server/test/stock.ts';
import { asUser, HAN, settle, shot } from './journey/session.ts';

const STEP = { timeout: 180_000 };
const DAY = 86_400_000;

describe('emergency board and alert pages in Chromium, zh-CN [R40][R62][R63]', { skip: chromiumSkipReason() ?? false }, () => {
  let database: TestDatabase;
  let app: AppServer;
  let browser: Browser;
  let f: Fixture;

  before(async () => {
    database = await createTestDatabase('pglite');
    f = await seedMinimal(database.url);
    const now = new Date();
    // The hospital holds 2 bags (4 U) of O RhD+ red cells; the station 14 bags (28 U), 22 U after the emergency; O RhD+
    // use 10 U/day → 2.2 days (orange). A RhD+: 30 U at 5 U/day → 6 days (watch).
    await addStock(database.url, { stationId: f.stationId, orgId: f.hospitalId, abo: 'O', rhd: 'POS', count: 2, status: 'issued', collectedAt: new Date(now.getTime() - 5 * DAY), expiresAt: new Date(now.getTime() + 20 * DAY) });
    await addStock(database.url, { stationId: f.stationId, orgId: f.stationId, abo: 'O', rhd: 'POS', count: 14, collectedAt: new Date(now.getTime() - 2 * DAY), expiresAt: new Date(now.getTime() + 30 * DAY) });
    await addStock(database.url, { stationId: f.stationId, orgId: f.stationId, abo: 'A', rhd: 'POS', count: 15, collectedAt: new Date(now.getTime() - 2 * DAY), expiresAt: new Date(now.getTime() + 30 * DAY) });
    await addStock(database.url, { stationId: f.stationId, orgId: f.stationId, componentClass: 'plasma', abo: 'AB', rhd: 'POS', count: 10, collectedAt: new Date(now.getTime() - 2 * DAY), expiresAt: new Date(now.getTime() + 300 * DAY) });
    await addUseHistory(database.url, { stationId: f.stationId, orgId: f.stationId, abo: 'O', rhd: 'POS', perDay: 10, days: 28, until: now });
    await addUseHistory(database.url, { stationId: f.stationId, orgId: f.stationId, abo: 'A', rhd: 'POS', perDay: 5, days: 28, until: now });
    await addUseHistory(database.url, { stationId: f.stationId, orgId: f.storagePointId, abo: 'A', rhd: 'POS', perDay: 2, days: 28, until: now });
    app = await startAppServer({ databaseUrl: database.url, env: { RB_LOGIN_RATE_LIMIT: '60' } });
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const as = <T>(username: string, act: (page: Page) => Promise<T>) => asUser(browser, app.baseUrl, username, TEST_PASSWORD, act);

  it('the hospital files an emergency and issues from its own reserve', STEP, async () => {
    await as('hospital', async (page) => {
      await page.getByTestId('nav-emergencies').click();
      await page.getByTestId('new-emergency').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('患者姓名').fill('王某');
      await dialog.getByLabel('诊断').fill('上消化道大出血');
      await dialog.getByLabel('来电人').fill('急诊科 李医生');
      await dialog.getByLabel('红细胞类 (U)').fill('10');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('待电话确认').first().waitFor();
      await page.getByTestId('use-hospital_reserve-1').click();
      await settle(page);
      await page.getByTestId('by-source').getByText('红细胞类 4 U').waitFor();
      assert.match(await page.locator('main').first().innerText(), HAN);
      await shot(page, 'supply-emergency-hospital');
    });
  });

  it('the duty desk confirms by phone and issues the rest from the station', STEP, async () => {
    await as('dispatch', async (page) => {
      await page.getByTestId('nav-emergencies').click();
      await page.getByTestId('confirm-phone').click();
      await page.getByRole('dialog').getByLabel('确认对象').fill('急诊科 李医生');
      await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('急诊科 李医生').first().waitFor();
      await page.getByTestId('use-station-1').click();
      await settle(page);
      const bySource = await page.getByTestId('by-source').innerText();
      assert.match(bySource, /院内急救储备[\s\S]*红细胞类 4 U/);
      assert.match(bySource, /血站[\s\S]*红细胞类 6 U/);
      await page.getByTestId('complete-paperwork').waitFor();
      await shot(page, 'supply-emergency-station');
    });
  });

  it('the alert page shows O RhD+ red cells on orange after a recompute, with history and the national snapshot', STEP, async () => {
    await as('dispatch', async (page) => {
      await page.getByTestId('nav-alerts').click();
      await page.getByTestId('recompute').click();
      await settle(page);
      const cell = page.getByTestId('level-red_cells-OPOS');
      await cell.waitFor();
      assert.equal(await cell.getAttribute('data-level'), 'orange');
      assert.equal(await page.getByTestId('level-red_cells-APOS').getAttribute('data-level'), 'watch');
      await page.getByText('已申请定向招募').first().waitFor();
      await page.getByTestId('take-snapshot').click();
      await settle(page);
      const csv = await page.request.get(`/api/alerts/snapshot/national?format=csv`);
      assert.equal(csv.status(), 200);
      assert.match(await csv.text(), /O,RhD\+,红细胞类,0,22/);
      await shot(page, 'supply-alerts-station');
    });
  });

  it('the reserve page shows targets and gaps per node and applies a replenishment proposal', STEP, async () => {
    await as('dispatch', async (page) => {
      await page.getByTestId('nav-reserve').click();
      const proposals = page.getByTestId('proposals');
      await proposals.getByText('青州储血点').first().waitFor();
      await shot(page, 'supply-reserve');
      await proposals.getByRole('button', { name: '执行调拨' }).first().click();
      await page.getByText(/已调拨 \d/).first().waitFor();
      await settle(page);
    });
  });

  it('the hospital sees the alert in its inbox', STEP, async () => {
    await as('hospital', async (page) => {
      await page.getByTestId('nav-alerts').click();
      await page.getByTestId('alert-inbox').getByText('橙色预警').first().waitFor();
      await shot(page, 'supply-alerts-hospital');
    });
  });
});
