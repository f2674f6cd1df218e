/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) served on the PostgreSQL wire protocol in its OWN
 * process, so a slow query never blocks the API's event loop (stack-measurements.md §4). The app reaches it with
 * `pg` and a `DATABASE_URL`, exactly as it reaches PostgreSQL 15 in production. The wire server is
 * `PGliteSessionServer` (./pglite-session-server.ts), which keeps each connection's protocol cycle and
 * transaction whole; `pglite-server -m N` from `@electric-sql/pglite-socket` 0.2.17 can interleave two
 * connections' messages and run one connection's query with another's SQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

const here = path.dirname(fileURLToPath(import.meta.url));
const serverMain = path.join(here, 'pglite-server-main.ts');
const packageRoot = path.resolve(here, '../..');

/**
 * Starts the embedded database process on 127.0.0.1 with its data in `dataDir` (created if missing).
 * @throws Error when the server does not accept connections within `timeoutMs`.
 */
export async function startEmbeddedDatabase(opts: { dataDir: string; port?: number; timeoutMs?: number;
  log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', serverMain, opts.dataDir, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: packageRoot });
  const log = opts.log ?? (() => {});
  child.stdout?.on('data', (d: Buffer) => log(d.toString().trim()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString().trim()));
  let exited = false;
  child.on('exit', () => { exited = true; });
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`embedded database exited during start (data dir ${opts.dataDir})`);
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('select 1');
      await client.end();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGINT');
        throw new Error(`embedded database did not accept connections on port ${port}: ${(err as Error).message}`);
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
