/**
 * Browser-test harness: Debian's Chromium driven by playwright-core, screenshots, and the real app server.
 *
 * ```ts
 * import { after, before, describe, it } from 'node:test';
 * import { chromiumSkipReason, launchBrowser, screenshotPath, startAppServer } from '../harness/browser.ts';
 * import { createTestDatabase } from '../../packages/server/test/harness/databases.ts';
 *
 * describe('[R40] issue to a hospital', { skip: chromiumSkipReason() ?? false }, () => {
 *   before(async () => {
 *     database = await createTestDatabase('pglite');                 // migrated
 *     app = await startAppServer({ databaseUrl: database.url });    // serves packages/web/dist (npm run build:web)
 *     browser = await launchBrowser();
 *   });
 *   after(async () => { await browser?.close(); await app?.close(); await database?.close(); });
 *   it('…', async () => {
 *     const page = await browser.newPage({ locale: 'zh-CN' });
 *     await page.goto(`${app.baseUrl}/`);
 *     await page.screenshot({ path: screenshotPath('issue-zh') });
 *   });
 * });
 * ```
 *
 * `RB_CHROMIUM` (default /usr/bin/chromium) chooses the browser; scripts/test.mjs sets it. Chinese text needs the
 * Debian package fonts-noto-cjk, otherwise it renders as empty boxes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  return process.env.RB_CHROMIUM ?? '/usr/bin/chromium';
}

const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Null when Chromium can run here; otherwise a reason to skip browser tests (for `describe(…, { skip })`).
 * With CI=true a missing Chromium throws instead: browser tests must not be skipped in CI.
 */
export function chromiumSkipReason(): string | null {
  if (fs.existsSync(chromiumPath())) return null;
  const reason = `Chromium not found at ${chromiumPath()} (apt-get install chromium fonts-noto-cjk, or set RB_CHROMIUM)`;
  if (isCI()) throw new Error(`CI=true: ${reason}`);
  return reason;
}

/**
 * Headless Chromium. Each launch gets a fresh temporary profile (playwright creates a new --user-data-dir for
 * `launch()` and deletes it on `close()`).
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium fonts-noto-cjk, or set RB_CHROMIUM)`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** test-output/screenshots/<name>.png under the repository root; creates the folder. */
export function screenshotPath(name: string): string {
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'screenshot';
  const dir = path.join(repoRoot, 'test-output', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${safe}.png`);
}

export interface AppServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
}

export interface StartAppServerOptions {
  databaseUrl: string;
  /** Extra environment for `loadConfig` (e.g. RB_STATION_CODE); PORT/HOST/DATABASE_URL are set by the harness. */
  env?: Record<string, string | undefined>;
}

/** The parts of the server's module surface this harness relies on (checked at run time, not compile time). */
interface AppModule {
  buildApp(config: unknown): Promise<{
    listen(options: { host: string; port: number }): Promise<string>;
    close(): Promise<void>;
    server: { address(): AddressInfo | string | null };
  }>;
}
interface ConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): unknown;
}

/**
 * Starts the real app on 127.0.0.1 and a free port:
 * `buildApp(loadConfig({ ...process.env, ...env, DATABASE_URL, PORT: '0', HOST: '127.0.0.1' }))`.
 * It imports packages/server/src/app.ts (`export async function buildApp(config: AppConfig): Promise<FastifyInstance>`)
 * and config.ts (`export function loadConfig(env: NodeJS.ProcessEnv): AppConfig`) dynamically, so this harness
 * type-checks even before app.ts exists; LOG_LEVEL defaults to `warn` to keep test output readable.
 */
export async function startAppServer(options: StartAppServerOptions): Promise<AppServer> {
  const serverSrc = path.join(repoRoot, 'packages/server/src');
  const { buildApp } = (await import(pathToFileURL(path.join(serverSrc, 'app.ts')).href)) as AppModule;
  const { loadConfig } = (await import(pathToFileURL(path.join(serverSrc, 'config.ts')).href)) as ConfigModule;
  if (typeof buildApp !== 'function' || typeof loadConfig !== 'function') {
    throw new Error('packages/server/src/app.ts must export buildApp and config.ts must export loadConfig');
  }
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const app = await buildApp(config);
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    await app.close();
    throw new Error(`unexpected server address: ${String(address)}`);
  }
  let closed = false;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}
