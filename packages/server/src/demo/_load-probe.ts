import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { migrateDatabase } from '../db/migrate.ts';
import { isDatabaseEmpty, loadDemo } from './load.ts';
const scale = (process.argv[2] ?? 'small') as 'small' | 'city';
const t0 = performance.now();
const db = await PGlite.create(process.argv[3] ? { dataDir: process.argv[3] } : undefined);
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 });
await server.start();
const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
await migrateDatabase(url);
console.log('ready', Math.round(performance.now() - t0), 'ms; empty', await isDatabaseEmpty(url));
let last = 0;
const s = await loadDemo(url, { scale, stationCode: '37071', now: new Date('2026-11-21T06:00:00Z'), batchSize: Number(process.argv[4] ?? 5000),
  onProgress: (d, t, p) => { if (performance.now() - last > 5000) { last = performance.now(); console.log(p, d, t); } } });
console.log(JSON.stringify({ ...s, logins: s.logins.length }, null, 1));
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
await server.stop(); await db.close();
