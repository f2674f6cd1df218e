/**
 * Typed configuration from the environment. Every variable has a safe development default.
 *
 * - `DATABASE_URL`: PostgreSQL URL; when absent, `redbridge serve` starts the embedded PGlite server.
 * - `PORT` (default 8080), `HOST` (default 127.0.0.1).
 * - `RB_STATION_CODE`: 5-character ISBT 128 / 献血码 facility code of this station (default `37071`, demo Weifang).
 * - `RB_DATA_DIR`: embedded database folder (default `./data/pglite`).
 * - `RB_WEB_DIST`: built web UI folder (default `packages/web/dist`).
 * - `RB_COOKIE_SECURE`: `1` to mark cookies Secure (behind HTTPS).
 * - `LOG_LEVEL`: pino level (default `info`).
 * - `RB_ASTM_PORT`: when set, `redbridge serve` also starts the ASTM (LIS1-A/E1394) analyser listener on HOST:port.
 * - `RB_ASTM_USER`: lab account analyser results are entered as (default `lab`).
 * - `RB_PASSWORD_HASH_CONCURRENCY`: argon2 hashes run at once (default 2; bounds memory under a burst of sign-ins).
 * - `RB_EMBEDDED_SHARED_BUFFERS`: `shared_buffers` of the embedded database (default `32MB`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppConfig {
  databaseUrl: string;
  port: number;
  host: string;
  stationCode: string;
  dataDir: string;
  webDistDir: string;
  cookieSecure: boolean;
  logLevel: string;
  /** Pool size for `pg`; must stay ≤ the embedded server's connection limit. */
  poolMax: number;
  /** Login attempts allowed per minute per client address. */
  loginRateLimitPerMinute: number;
  /** ASTM analyser listener port (null = not started). */
  astmPort: number | null;
  /** Username of the lab account the analyser interface acts as. */
  astmUser: string;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got ${env.PORT}`);
  const stationCode = env.RB_STATION_CODE ?? '37071';
  if (!/^[A-Z0-9]{5}$/.test(stationCode)) throw new Error(`RB_STATION_CODE must be 5 characters A–Z/0–9, got ${stationCode}`);
  return {
    databaseUrl: env.DATABASE_URL ?? '',
    port,
    host: env.HOST ?? '127.0.0.1',
    stationCode,
    dataDir: path.resolve(env.RB_DATA_DIR ?? path.join(repoRoot, 'data/pglite')),
    webDistDir: path.resolve(env.RB_WEB_DIST ?? path.join(repoRoot, 'packages/web/dist')),
    cookieSecure: env.RB_COOKIE_SECURE === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    poolMax: Number(env.RB_POOL_MAX ?? 8),
    loginRateLimitPerMinute: Number(env.RB_LOGIN_RATE_LIMIT ?? 10),
    astmPort: env.RB_ASTM_PORT ? Number(env.RB_ASTM_PORT) : null,
    astmUser: env.RB_ASTM_USER ?? 'lab',
  };
}
