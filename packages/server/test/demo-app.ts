/** The real app on a fresh test database loaded with the `small` demo (station 37071), signed in as hospital and dispatch. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-users.ts';
import { loadDemo } from '../src/demo/load.ts';
import { ApiClient } from './api-client.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './harness/databases.ts';

export interface DemoApp {
  db: TestDatabase;
  app: FastifyInstance;
  hospital: ApiClient;
  dispatch: ApiClient;
  close(): Promise<void>;
}

export async function startDemoApp(kind: DatabaseKind): Promise<DemoApp> {
  const db = await createTestDatabase(kind);
  await loadDemo(db.url, { scale: 'small', stationCode: '37071' });
  const app = await buildApp({ ...loadConfig({}), databaseUrl: db.url, loginRateLimitPerMinute: 1000, poolMax: 4 }, { logger: false });
  const hospital = await ApiClient.login(app, 'hospital', DEMO_PASSWORD);
  const dispatch = await ApiClient.login(app, 'dispatch', DEMO_PASSWORD);
  return { db, app, hospital, dispatch, async close() { await app.close(); await db.close(); } };
}
