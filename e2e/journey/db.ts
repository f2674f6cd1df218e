/** Direct SQL for browser tests: set up what a screen needs, read what it wrote, read the outbox like a gateway. */
import pg from 'pg';
import type { Page } from 'playwright-core';

/** Runs one statement on its own connection; returns the rows. */
export async function sqlRows<T extends pg.QueryResultRow = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<T>(text, values)).rows; } finally { await c.end(); }
}

/**
 * Signs in to the donor app (/m/) with a phone number: asks for a code, reads the one-time code from the outbox as
 * the SMS gateway would deliver it, and waits for the home page.
 */
export async function signInDonorApp(page: Page, databaseUrl: string, phone: string): Promise<void> {
  await page.goto('/m/');
  await page.waitForURL('**/m/login');
  await page.getByTestId('m-phone').fill(phone);
  await page.getByTestId('m-send-code').click();
  await page.getByText('验证码已发送').waitFor();
  const [msg] = await sqlRows(databaseUrl, `select payload from outbox_message where template = 'otp' and recipient = $1 order by id desc limit 1`, [phone]);
  await page.getByTestId('m-code').fill(String(msg.payload.code));
  await page.getByTestId('m-login').click();
  await page.getByTestId('m-honours').waitFor();
}
