/** Starts the database engines under test and the API server as separate processes (so their memory is measured apart). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedDatabase, freePort } from '../src/embedded/pglite-process.ts';
// @ts-ignore plain ESM helper shared with the test runner
import { startPgCluster } from '../../../scripts/lib/pg-cluster.mjs';

export type EngineName = 'postgres' | 'embedded';

export interface Engine {
  name: EngineName;
  /** Admin URL (database `postgres`). */
  url: string;
  /** Database server process id (postmaster or the embedded process). */
  pid: number;
  /** Creates a database and returns its URL (PostgreSQL); the embedded engine has one database. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startEngine(name: EngineName): Promise<Engine> {
  if (name === 'postgres') {
    const cluster = await startPgCluster({ maxConnections: 200 });
    const pid = Number(fs.readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      name, url: cluster.url, pid,
      async database(db: string) {
        const c = new pg.Client({ connectionString: cluster.url });
        await c.connect();
        await c.query(`create database ${db}`);
        await c.end();
        return cluster.url.replace(/\/postgres$/, `/${db}`);
      },
      async stop() { cluster.stop(); },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-pglite-'));
  const embedded = await startEmbeddedDatabase({ dataDir, timeoutMs: 120_000 });
  return {
    name, url: embedded.url, pid: embedded.process.pid!,
    async database() { return embedded.url; },
    async stop() { await embedded.stop(); fs.rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export interface ApiServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs `redbridge serve --no-demo` against `databaseUrl` on a free loopback port. */
export async function startApiServer(databaseUrl: string): Promise<ApiServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.resolve(here, '../bin/redbridge.mjs'), 'serve', '--no-demo'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', RB_LOGIN_RATE_LIMIT: '100000', RB_POOL_MAX: '8' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(baseUrl + '/api/health');
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('API server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl, pid: child.pid!,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
