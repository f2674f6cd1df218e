/**
 * `redbridge serve` / `npm start`: embedded PGlite in its own process (unless `DATABASE_URL`), migrations,
 * demo data into an empty database, then the API and web UI on http://HOST:PORT.
 */
import fs from 'node:fs';
import type { AppConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../embedded/pglite-process.ts';
import { isDatabaseEmpty } from '../demo/load.ts';
import { loadDemoWithProgress, printDemoLogins } from './demo.ts';
import { startJobWorker } from '../modules/jobs/handlers.ts';
import { startOutboxDispatcher } from '../modules/outbox/service.ts';
import { startAstmListener, type AstmListener } from '../modules/lab/astm-listener.ts';

export async function serve(config: AppConfig, opts: { demo: boolean }): Promise<void> {
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    console.log(`Starting embedded database (PGlite) in ${config.dataDir} …`);
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir });
    databaseUrl = embedded.url;
  }
  await migrateDatabase(databaseUrl);
  if (opts.demo && (await isDatabaseEmpty(databaseUrl))) {
    console.log('Empty database: loading demo data (scale small) …');
    await loadDemoWithProgress(databaseUrl, config, 'small');
  }
  if (!fs.existsSync(config.webDistDir)) {
    console.warn(`Web UI not built (${config.webDistDir} missing): run "npm run build:web". The API still serves.`);
  }
  const app = await buildApp({ ...config, databaseUrl });
  // Escalations, paperwork reminders, the daily alert recompute and inventory snapshot.
  const worker = await startJobWorker(app.db, app.clock);
  // outbox dispatcher: log adapters by default (real SMS / WeChat gateways are pluggable ChannelAdapters)
  const stopOutbox = startOutboxDispatcher(app.db, { log: (line) => app.log.info(line) });
  let astm: AstmListener | null = null;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    stopOutbox();
    await worker.stop();
    await astm?.close();
    await app.close();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(`\nRedBridge is running: http://${config.host}:${config.port}  (API docs: /docs)`);
  if (config.astmPort !== null) {
    astm = await startAstmListener({ db: app.db, username: config.astmUser, stationCode: config.stationCode, port: config.astmPort, host: config.host,
      log: (msg, data) => app.log.info(data ?? {}, msg) });
    console.log(`ASTM analyser interface (LIS1-A/E1394): tcp://${config.host}:${astm.port} as user ${config.astmUser}`);
  }
  printDemoLogins();
}
