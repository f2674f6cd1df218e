/**
 * The donor's own app (/m/) in Chromium, in Chinese, at phone (390×844) and desktop (1440×900) sizes: sign in with
 * phone + one-time code (read from the outbox, as the SMS gateway would deliver it), book an individual donation
 * on an eligible day, book a group donation for an organisation; then staff see both on the day sheet.
 *
 * Needs the built UI: `npm run build:web && node scripts/test.mjs --skip-typecheck e2e/donor-app.e2e.test.ts`.
 * Screenshots: test-output/screenshots/donor-app-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { chromiumSkipReason, launchBrowser, startAppServer, type AppServer } from './harness/browser.ts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/harness/databases.ts';
import { seedMinimal, TEST_PASSWORD } from '../packages/server/test/fixtures.ts';
import { sqlRows, signInDonorApp } from './journey/db.ts';
import { DESKTOP, HAN, login, openSession, PHONE, settle, shot } from './journey/session.ts';

const STEP = { timeout: 180_000 };
const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);


describe('donor app: individual and group booking in zh-CN at phone and desktop sizes [R16]', { skip: chromiumSkipReason() ?? false }, () => {
  let database: TestDatabase;
  let app: AppServer;
  let browser: Browser;
  let siteId: number;

  before(async () => {
    database = await createTestDatabase('pglite');
    const f = await seedMinimal(database.url);
    const all = JSON.stringify({ 1: [['08:30', '17:30']], 2: [['08:30', '17:30']], 3: [['08:30', '17:30']], 4: [['08:30', '17:30']], 5: [['08:30', '17:30']], 6: [['09:00', '17:00']], 7: [['09:00', '17:00']] });
    const [s] = await sqlRows(database.url, `insert into donation_site (station_id, code, name, kind, town, lat, lon, opening_hours, slot_minutes, slot_capacity)
      values ($1,'XX01','奎文区人民广场献血屋','fixed_house','奎文区',36.7069,119.1618,$2,60,8) returning id`, [f.stationId, all]);
    siteId = Number(s.id);
    await sqlRows(database.url, `insert into donation_site (station_id, code, name, kind, grid_name, town, lat, lon, opening_hours, slot_minutes, slot_capacity)
      values ($1,'WG01','寒亭区固堤街道村委','grid_point','寒亭区网格','寒亭区',36.775,119.211,$2,120,4)`, [f.stationId, JSON.stringify({ 6: [['09:00', '13:00']] })]);
    await sqlRows(database.url, `insert into station_notice (station_id, kind, title, body, published_at) values ($1,'appeal','致全市爱心市民的献血倡议书','近期O型血液库存偏紧，欢迎健康市民就近献血。',now() - interval '1 day')`, [f.stationId]);
    for (const [i, phone] of ['13800138001', '13800138002'].entries()) {
      const first17 = `3707021991010${i}10${i}`.slice(0, 17);
      await sqlRows(database.url, `insert into donor (station_id, donor_number, id_number, name, sex, birth_date, phone, abo, rhd) values ($1,$2,$3,$4,'female','1991-01-01',$5,'O','POS')`,
        [f.stationId, `D00000000${i + 1}`, first17 + computeResidentIdCheckDigit(first17), i === 0 ? '陈晓雯' : '林海燕', phone]);
    }
    app = await startAppServer({ databaseUrl: database.url, env: { RB_LOGIN_RATE_LIMIT: '60' } });
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const signIn = (page: Page, phone: string) => signInDonorApp(page, database.url, phone);

  async function pickSelect(page: Page, testId: string, optionText: string) {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: optionText }).first().click();
  }

  for (const [label, viewport, phone] of [['phone', PHONE, '13800138001'], ['desktop', DESKTOP, '13800138002']] as const) {
    it(`${label} ${viewport.width}×${viewport.height}: sign in, book an individual donation, book a group donation`, STEP, async () => {
      const session = await openSession(browser, app.baseUrl, viewport);
      const { page, problems } = session;
      try {
        await signIn(page, phone);
        assert.match(await page.locator('body').innerText(), HAN);
        await shot(page, `donor-app-${label}-1-home`);

        // individual booking: only eligible days with room are offered
        await page.getByTestId('m-tab-book').click();
        await pickSelect(page, 'm-site', '奎文区人民广场献血屋');
        await settle(page);
        const slot = page.locator('[data-testid^="m-slot-"]').nth(1);
        const slotId = (await slot.getAttribute('data-testid'))!;
        await slot.click();
        await shot(page, `donor-app-${label}-2-choose-slot`);
        await page.getByTestId('m-confirm').click();
        await page.getByTestId('m-booked').waitFor();
        await shot(page, `donor-app-${label}-3-booked`);
        const [, day, time] = /^m-slot-(\d{4}-\d{2}-\d{2})-(\d{2}:\d{2})$/.exec(slotId)!;
        const [appt] = await sqlRows(database.url, `select a.status, a.channel, s.day::text as day, s.start_time from appointment a join time_slot s on s.id = a.slot_id join donor d on d.id = a.donor_id where d.phone = $1`, [phone]);
        assert.deepEqual([appt.status, appt.channel, appt.day, appt.start_time], ['booked', 'donor_app', day, time]);

        // group booking for an organisation
        await page.getByTestId('m-tab-group').click();
        await page.getByTestId('m-g-org').fill(label === 'phone' ? '潍坊学院团委' : '潍柴动力股份有限公司');
        await page.getByTestId('m-g-contact').fill('孙老师');
        await page.getByTestId('m-g-phone').fill('13905361234');
        await page.getByTestId('m-g-quota').fill('25');
        await pickSelect(page, 'm-g-site', '奎文区人民广场献血屋');
        await page.getByTestId('m-g-day').fill(shanghaiDay(label === 'phone' ? 4 : 5));
        await page.getByTestId('m-g-place').fill('图书馆北广场');
        await shot(page, `donor-app-${label}-4-group-form`);
        await page.getByTestId('m-g-submit').click();
        await page.getByTestId('m-group-done').waitFor();
        await shot(page, `donor-app-${label}-5-group-done`);
        const groups = await sqlRows(database.url, `select organisation_name, quota, day::text as day, created_by_donor_id from group_booking order by id`);
        const g = groups.at(-1)!;
        assert.deepEqual([g.quota, g.day, g.created_by_donor_id != null], [25, shanghaiDay(label === 'phone' ? 4 : 5), true]);

        // home shows the next appointment
        await page.getByTestId('m-tab-home').click();
        await page.getByTestId('m-next').getByText(day).waitFor();
        await shot(page, `donor-app-${label}-6-home-next`);
        assert.deepEqual(problems, [], 'no page errors or server errors');
      } finally {
        await session.context.close();
      }
    });
  }

  it('staff see the bookings on the day sheet and the group in the group list (desktop, zh-CN)', STEP, async () => {
    const session = await openSession(browser, app.baseUrl, DESKTOP);
    const { page, problems } = session;
    try {
      await login(session, 'donor', TEST_PASSWORD);
      await page.getByTestId('nav-donor-service').click();
      await page.waitForURL('**/donor-service/appointments');
      const [{ day }] = await sqlRows(database.url, `select s.day::text as day from appointment a join time_slot s on s.id = a.slot_id order by a.id limit 1`);
      await page.goto(`/donor-service/appointments`);
      await settle(page);
      // pick the booked day in the date picker
      await page.locator('.ant-picker input').first().click();
      await page.locator('.ant-picker input').first().fill(day);
      await page.keyboard.press('Enter');
      await settle(page);
      await page.getByTestId('ds-sheet').getByText('陈晓雯').or(page.getByTestId('ds-sheet').getByText('林海燕')).first().waitFor();
      await shot(page, 'donor-app-staff-day-sheet');
      await page.getByRole('tab', { name: '半小时献血圈' }).click();
      await settle(page);
      await shot(page, 'donor-app-staff-coverage');
      assert.equal(siteId > 0, true);

      // paperless pre-donation: questionnaire + exam, assessed; drawn signature; locked with a SHA-256
      await page.getByRole('tab', { name: '无纸化采血' }).click();
      await page.locator('.ant-form-item').filter({ hasText: '献血者' }).first().locator('.ant-select').click();
      await page.keyboard.type('林海燕');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '林海燕' }).first().click();
      await page.getByRole('button', { name: '评估献血资格' }).click();
      await page.getByText('符合献血条件').waitFor();
      const pad = page.getByTestId('signature-pad');
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + 100);
      await page.mouse.down();
      for (const [dx, dy] of [[80, -60], [140, 20], [220, -50], [300, 30]]) await page.mouse.move(box.x + dx, box.y + 100 + dy, { steps: 5 });
      await page.mouse.up();
      await page.getByRole('button', { name: /献血者签名/ }).click();
      await page.getByText(/记录已锁定/).waitFor();
      await shot(page, 'donor-app-staff-paperless');
      const [rec] = await sqlRows(database.url, `select signed_at, content_sha256, donor_signature from predonation_record order by id desc limit 1`);
      assert.ok(rec.signed_at && rec.content_sha256.length === 64 && rec.donor_signature.startsWith('data:image/png;base64,'));
      assert.deepEqual(problems, []);
    } finally {
      await session.context.close();
    }
  });
});
