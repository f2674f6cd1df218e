/**
 * Entry point of the embedded database process: opens PGlite on a data folder and serves it on 127.0.0.1
 * through `PGliteSessionServer` (safe for a `pg` pool; see that file for why not `pglite-server -m`).
 * Usage: node --import tsx pglite-server-main.ts <dataDir> <port>
 * Prints `READY <port>` when it accepts connections; closes PGlite cleanly on SIGINT/SIGTERM.
 */
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
