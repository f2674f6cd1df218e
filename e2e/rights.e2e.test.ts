/**
 * Donor rights in the real web UI, in Chinese (issue #6). ACCEPTANCE: at the hospital window a patient who is a
 * donor's mother is looked up by her resident ID number and her blood-fee deduction is recorded against her
 * transfusion's fee line; the donor-and-family API lists it, and the donor, signed in to the donor app at phone size
 * with a one-time code, sees it on /m/benefits (用血减免). Also screenshots
 * of the station's claim review, family relations, ledger/statistics, honour cards and award candidates.
 *
 * Needs the built UI: `npm run build:web && node scripts/test.mjs --skip-typecheck e2e/rights.e2e.test.ts`.
 * Screenshots: test-output/screenshots/rights-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, startAppServer, type AppServer } from './harness/browser.ts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/harness/databases.ts';
import { loadDemo } from '../packages/server/src/demo/load.ts';
import { DEMO_PASSWORD } from '../packages/server/src/demo/demo-users.ts';
import { sqlRows, signInDonorApp } from './journey/db.ts';
import { asUser, HAN, openSession, PHONE, settle, shot } from './journey/session.ts';

const STEP = { timeout: 180_000 };


describe('blood-fee direct deduction at the hospital window and honours, in Chromium, zh-CN [R67][R68][R70]', { skip: chromiumSkipReason() ?? false }, () => {
  let database: TestDatabase;
  let app: AppServer;
  let browser: Browser;
  let mother: { donorId: number; donorName: string; relativeName: string; relativeIdNumber: string; transfusionId: number };

  before(async () => {
    database = await createTestDatabase('pglite');
    await loadDemo(database.url, { scale: 'small', stationCode: '37071' });
    // A verified mother of a donor (demo data) was transfused at the demo hospital: that transfusion is hers.
    const [rel] = await sqlRows(database.url, `
      select f.donor_id, d.name as donor_name, f.relative_name, f.relative_id_number
        from family_relation f join donor d on d.id = f.donor_id
       where f.status = 'verified' and f.relation = 'parent'
         and exists (select 1 from prior_donation p where p.donor_id = f.donor_id and p.qualified)
       order by f.id limit 1`);
    const [tr] = await sqlRows(database.url, `
      select t.id from transfusion t join app_user u on u.org_id = t.hospital_org_id and u.username = 'hospital'
       order by t.transfused_at desc limit 1`);
    await sqlRows(database.url, `update transfusion set patient_id_number = $1, patient_name = $2 where id = $3`, [rel.relative_id_number, rel.relative_name, tr.id]);
    mother = { donorId: Number(rel.donor_id), donorName: rel.donor_name, relativeName: rel.relative_name, relativeIdNumber: rel.relative_id_number, transfusionId: Number(tr.id) };
    app = await startAppServer({ databaseUrl: database.url, env: { RB_LOGIN_RATE_LIMIT: '60' } });
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const as = <T>(username: string, act: (page: import('playwright-core').Page) => Promise<T>) => asUser(browser, app.baseUrl, username, DEMO_PASSWORD, act);

  it('ACCEPTANCE: the hospital window records the deduction of a donor\'s mother against her transfusion fee line', STEP, async () => {
    await as('hospital', async (page) => {
      await page.getByTestId('nav-benefits-window').click();
      await page.waitForURL('**/benefits/window');
      await page.getByTestId('window-id-number').fill(mother.relativeIdNumber);
      await page.getByTestId('window-lookup').click();
      const card = page.getByTestId('entitlement-parent');
      await card.waitFor();
      const cardText = await card.innerText();
      assert.match(cardText, /父母/);
      assert.match(cardText, new RegExp(mother.donorName));
      assert.match(cardText, /剩余额度/);
      await page.getByTestId('fee-amount-0').fill('440');
      await settle(page);
      await shot(page, 'rights-01-window-lookup');
      await page.getByTestId('window-record').click();
      await page.getByRole('button', { name: /确\s*定/ }).click();
      const result = page.getByTestId('window-result');
      await result.waitFor();
      const text = await result.innerText();
      assert.match(text, /已登记直免/);
      assert.match(text, new RegExp(mother.relativeName));
      assert.match(text, HAN);
      await settle(page);
      await shot(page, 'rights-02-window-recorded');
    });
    const rows = await sqlRows(database.url, `select d.relation, d.beneficiary_id_number, d.amount_fen::int as amount, l.transfusion_id
      from benefit_deduction d join benefit_deduction_line l on l.deduction_id = d.id where d.kind = 'direct' and d.beneficiary_id_number = $1`, [mother.relativeIdNumber]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].relation, 'parent');
    assert.equal(Number(rows[0].transfusion_id), mother.transfusionId);
    assert.ok(rows[0].amount > 0 && rows[0].amount <= 44_000);
  });

  it('the donor-and-family API the donor app will show lists the mother\'s deduction', STEP, async () => {
    await as('donor', async (page) => {
      const body = await page.evaluate(async (id) => (await fetch(`/api/benefits/donors/${id}`)).json(), mother.donorId);
      const mine = (body as { deductions: { relation: string; beneficiaryName: string; kind: string }[] }).deductions.filter((d) => d.kind === 'direct' && d.relation === 'parent');
      assert.equal(mine.length, 1);
      assert.equal(mine[0].beneficiaryName, mother.relativeName);
    });
  });

  it('ACCEPTANCE: the donor signs in to the donor app at phone size (390×844) and sees the mother\'s deduction under 用血减免', STEP, async () => {
    const phone = '13966660606';
    await sqlRows(database.url, `update donor set phone = $1 where id = $2`, [phone, mother.donorId]);
    const [ded] = await sqlRows(database.url, `select hospital_name, amount_fen::int as amount, volume_ml::int as ml from benefit_deduction
      where kind = 'direct' and donor_id = $1 and relation = 'parent' order by id desc limit 1`, [mother.donorId]);
    const session = await openSession(browser, app.baseUrl, PHONE);
    const { page, problems } = session;
    try {
      // The one-time code as the SMS gateway would deliver it: from the outbox.
      await signInDonorApp(page, database.url, phone);
      await page.getByTestId('m-benefits-link').click();
      await page.waitForURL('**/m/benefits');
      const row = page.getByTestId('m-deduction').filter({ hasText: mother.relativeName }).first();
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, new RegExp(ded.hospital_name));
      assert.match(text, /父母/);
      assert.match(text, new RegExp(mother.relativeName));
      const amount = `¥${(ded.amount / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      assert.ok(text.includes(amount), `${amount} in ${text}`);
      assert.ok(text.includes(`${ded.ml} ml`));
      assert.match(await page.getByTestId('m-entitlement-parent').innerText(), /父母/);
      const width = await page.evaluate('document.documentElement.scrollWidth') as number;
      assert.ok(width <= PHONE.width, `no horizontal scroll at phone size (${width}px)`);
      await settle(page);
      await shot(page, 'rights-08-donor-app-benefits');
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    } finally {
      await session.context.close();
    }
  });

  it('the station reviews relations and claims, reads the ledger, issues honour cards and produces the award candidates', STEP, async () => {
    await as('donor', async (page) => {
      await page.getByTestId('nav-benefits-relations').click();
      await page.waitForURL('**/benefits/relations');
      await page.locator('.ant-table-row').first().waitFor();
      await settle(page);
      await shot(page, 'rights-03-relations');

      await page.getByTestId('nav-benefits-ledger').click();
      await page.waitForURL('**/benefits/ledger');
      await page.locator('.ant-table-row').first().waitFor();
      await page.locator('svg').nth(3).waitFor();
      await settle(page);
      assert.match(await page.locator('.ant-layout-content').innerText(), /减免台账/);
      await shot(page, 'rights-04-ledger');

      await page.getByTestId('nav-benefits-claims').click();
      await page.waitForURL('**/benefits/claims');
      await settle(page);
      await shot(page, 'rights-05-claims');

      await page.getByTestId('nav-honours-awards').click();
      await page.waitForURL('**/honours/awards');
      await page.getByTestId('award-evaluate').click();
      await page.getByTestId('award-export-xlsx').waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await settle(page);
      const gold = Number((await page.getByTestId('award-count-gold').innerText()).replace(/\D+/g, ''));
      assert.ok(gold > 0, 'gold candidates in the demo data');
      await shot(page, 'rights-06-awards');
      const href = await page.getByTestId('award-export-xlsx').getAttribute('href');
      const status = await page.evaluate(async (u) => (await fetch(u!)).status, href);
      assert.equal(status, 200);

      await page.getByTestId('nav-honours-cards').click();
      await page.waitForURL('**/honours/cards');
      await settle(page);
      await shot(page, 'rights-07-honour-cards');
    });
  });
});
