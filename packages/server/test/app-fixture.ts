/** Boots the real app on a fresh test database with minimal fixtures. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createTestDatabase } from './harness/databases.ts';
import { seedMinimal, type Fixture } from './fixtures.ts';

export interface TestApp {
  app: FastifyInstance;
  url: string;
  fixture: Fixture;
  database: Database;
  /** A second app instance with its own pool on the same database (concurrency tests). */
  second(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function startTestApp(kind: 'pglite' | 'postgres', opts: { seed?: boolean; clock?: () => Date } = {}): Promise<TestApp> {
  const db = await createTestDatabase(kind, { migrate: true });
  const fixture = opts.seed === false ? (null as unknown as Fixture) : await seedMinimal(db.url);
  const config = { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', loginRateLimitPerMinute: 1000, poolMax: 4 };
  const database = openDatabase(db.url, 4);
  const app = await buildApp(config, { database, logger: false, clock: opts.clock });
  const extra: { app: FastifyInstance; database: Database }[] = [];
  return {
    app, url: db.url, fixture, database,
    async second() {
      const d2 = openDatabase(db.url, 4);
      const a2 = await buildApp(config, { database: d2, logger: false, clock: opts.clock });
      extra.push({ app: a2, database: d2 });
      return a2;
    },
    async close() {
      for (const e of extra) { await e.app.close(); await e.database.close(); }
      await app.close();
      await database.close();
      await db.close();
    },
  };
}
