/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) served by `pglite-server` from
 * `@electric-sql/pglite-socket` in its OWN process, so a slow query never blocks the API's event loop
 * (stack-measurements.md §4). The app reaches it with `pg` and a `DATABASE_URL`, exactly as it reaches
 * PostgreSQL 15 in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function serverScript(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.*); the server script sits beside it.
  const entry = require.resolve('@electric-sql/pglite-socket');
  return path.join(path.dirname(entry), 'scripts/server.js');
}

/**
 * Starts `pglite-server` on 127.0.0.1 with its data in `dataDir` (created if missing).
 * @param maxConnections - connections the server multiplexes; keep the app's pool max at or below it
 *   (the connection after the N-th is closed abruptly).
 * @throws Error when the server does not accept connections within `timeoutMs`.
 */
export async function startEmbeddedDatabase(opts: { dataDir: string; port?: number; maxConnections?: number; timeoutMs?: number;
  log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? await freePort();
  const child = spawn(process.execPath, [serverScript(), `--db=${opts.dataDir}`, `--port=${port}`, '--host=127.0.0.1',
    `--max-connections=${opts.maxConnections ?? 10}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.log ?? (() => {});
  child.stdout?.on('data', (d: Buffer) => log(d.toString().trim()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString().trim()));
  let exited = false;
  child.on('exit', () => { exited = true; });
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`pglite-server exited during start (data dir ${opts.dataDir})`);
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('select 1');
      await client.end();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGINT');
        throw new Error(`pglite-server did not accept connections on port ${port}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url, port, process: child,
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
      setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 10_000).unref();
    }),
  };
}
