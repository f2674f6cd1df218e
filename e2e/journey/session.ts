/**
 * Helpers for the browser journey: one browser context per user session (own cookies), logging in through the
 * login page and out through the header button, with page errors and server errors collected for the test.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshotPath } from '../harness/browser.ts';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Matches at least one CJK ideograph. */
export const HAN = /\p{Script=Han}/u;

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and HTTP ≥ 500 responses seen during the session. */
  problems: string[];
}

export async function openSession(browser: Browser, baseUrl: string, viewport = DESKTOP): Promise<Session> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  trackRequests(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { context, page, problems };
}

/** Logs in through /login and waits for the role's landing page (the header shows the user). */
export async function login(session: Session, username: string, password: string): Promise<void> {
  const { page } = session;
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('logout-button').waitFor();
  await settle(page);
}

/** Logs out through the header button and checks the login page is back; then closes the context. */
export async function logoutAndClose(session: Session): Promise<void> {
  const { page, context, problems } = session;
  try {
    await page.getByTestId('logout-button').click();
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await page.getByTestId('login-submit').waitFor();
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'no page errors or server errors during the session');
}

/** Runs one user's part of the journey in its own context: log in, act, log out. */
export async function asUser<T>(browser: Browser, baseUrl: string, username: string, password: string,
  act: (page: Page) => Promise<T>): Promise<T> {
  const session = await openSession(browser, baseUrl);
  let ok = false;
  try {
    await login(session, username, password);
    const result = await act(session.page);
    ok = true;
    return result;
  } catch (error) {
    await session.page.screenshot({ path: screenshotPath(`journey-FAILED-${username}`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    if (ok) await logoutAndClose(session);
    else await session.context.close();
  }
}

const inFlight = new WeakMap<Page, Set<unknown>>();

/** Counts the page's open requests, so that {@link settle} also works after client-side navigation. */
function trackRequests(page: Page): void {
  const open = new Set<unknown>();
  inFlight.set(page, open);
  page.on('request', (request) => open.add(request));
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
}

/**
 * Waits until the page is quiet: no request open for 500 ms (Playwright's `networkidle` load state only covers
 * the initial load, not the SPA's later fetches), no antd spinner or skeleton, and no finite CSS transition or
 * animation still running (menu highlight, modal fade), so screenshots show the final state.
 */
export async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const open = inFlight.get(page);
  let quietSince = Date.now();
  while (open && Date.now() < deadline) {
    if (open.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) break;
    await page.waitForTimeout(50);
  }
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first()
    .waitFor({ state: 'detached', timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
  // Polled with evaluate(): waitForFunction() with a string needs 'unsafe-eval', which the app's CSP forbids.
  const animationDeadline = Math.min(deadline, Date.now() + 5_000);
  while (Date.now() < animationDeadline) {
    const animating = await page.evaluate(
      `document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)`);
    if (!animating) break;
    await page.waitForTimeout(50);
  }
}

/** Full-page screenshot once the page has settled. */
export async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}
