/**
 * Database access: one `pg` pool and a Drizzle instance over it. The same code path serves the embedded
 * PGlite (through pglite-socket) and PostgreSQL 15+.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { schema } from './schema/index.ts';

// int8 (bigint keys, count(*)) as JS numbers: keys stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as numbers (quantities in U / doses / ml with 2 decimals).
pg.types.setTypeParser(1700, (v) => Number(v));

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle, same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(databaseUrl: string, poolMax = 8): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax, idleTimeoutMillis: 30_000 });
  pool.on('error', () => { /* a dropped idle client is replaced on the next checkout */ });
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
