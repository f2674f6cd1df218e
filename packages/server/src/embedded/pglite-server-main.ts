/**
 * Entry point of the embedded database process: opens PGlite on a data folder and serves it on 127.0.0.1
 * through `PGliteSessionServer` (safe for a `pg` pool; see that file for why not `pglite-server -m`).
 * Usage: node --import tsx pglite-server-main.ts <dataDir> <port>
 * Prints `READY <port>` when it accepts connections; closes PGlite cleanly on SIGINT/SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGliteSessionServer } from './pglite-session-server.ts';

const [dataDir, portArg] = process.argv.slice(2);
/**
 * PGlite keeps shared buffers inside its WASM heap; the default (160 MB) costs RSS without much gain because
 * data files are read through the OS page cache anyway. 32 MB measured −120 MB RSS at start (docs/benchmarks.md).
 */
const sharedBuffers = process.env.RB_EMBEDDED_SHARED_BUFFERS ?? '32MB';
if (!dataDir) {
  console.error('usage: pglite-server-main <dataDir> [port]');
  process.exit(2);
}
/**
 * A new data folder is initialised (initdb) in a short-lived child process: PGlite keeps ≈ 500 MB of the initdb run
 * alive in the process that ran it (measured: 704 MiB RSS after initialising vs 215 MiB on reopening the same folder),
 * so the serving process always opens an existing folder.
 */
if (process.argv[4] === '--init-only') {
  const init = await PGlite.create(dataDir, { postgresqlconf: `shared_buffers = ${sharedBuffers}` });
  await init.close();
  process.exit(0);
}
if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
  fs.mkdirSync(dataDir, { recursive: true });
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), dataDir, '0', '--init-only'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`initialising ${dataDir} failed (exit ${r.status})`);
    process.exit(1);
  }
}
const db = await PGlite.create(dataDir, { postgresqlconf: `shared_buffers = ${sharedBuffers}` });
const server = new PGliteSessionServer({ db, host: '127.0.0.1' });
const port = await server.start(Number(portArg ?? 0));
console.log(`READY ${port}`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
