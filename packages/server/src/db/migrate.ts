/** Applies the drizzle-kit SQL migrations in `packages/server/drizzle` (idempotent). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { openDatabase } from './client.ts';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const database = openDatabase(databaseUrl, 1);
  try {
    await migrate(database.db, { migrationsFolder });
  } finally {
    await database.close();
  }
}
