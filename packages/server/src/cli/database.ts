/** Resolves the database for a CLI command: `DATABASE_URL`, or the embedded PGlite server for the command's duration. */
import type { AppConfig } from '../config.ts';
import { startEmbeddedDatabase } from '../embedded/pglite-process.ts';

export async function withDatabase<T>(config: AppConfig, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config.databaseUrl);
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir });
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
  }
}
