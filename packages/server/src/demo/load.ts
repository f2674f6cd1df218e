/**
 * Loads the generated demo data set into a migrated, empty database (PostgreSQL 15 or PGlite through
 * pglite-socket), in bulk:
 * - one transaction for the whole load (all or nothing), on one `pg` connection;
 * - multi-row parameterised `INSERT … OVERRIDING SYSTEM VALUE SELECT … FROM unnest($1::int8[], …)` in batches;
 * - explicit ids (the generator links rows by id), then every identity sequence is moved past the largest id
 *   with `setval(pg_get_serial_sequence(…))`, so rows the application inserts later get fresh ids;
 * - `din_sequence` continues after the demo serials; `VACUUM (ANALYZE)` afterwards (PGlite has no autovacuum).
 *
 * The caller decides whether loading is appropriate (`isDatabaseEmpty`); loading twice fails on the
 * organisation code unique index and rolls back.
 */
import type pg from 'pg';
import { openDatabase } from '../db/client.ts';
import type { BulkTable, BulkType } from './bulk-table.ts';
import { hashDemoPassword } from './demo-users.ts';
import { loadDonorServiceDemo } from './donor-service-demo.ts';
import { generateDemo, type DemoDataset, type DemoIdBases, type DemoLogin, type DemoScale } from './generator.ts';
import { loadRightsDemo } from './rights.ts';

export interface LoadDemoOptions {
  scale: DemoScale;
  /** Station code from the configuration (`RB_STATION_CODE`). */
  stationCode: string;
  /** End of the history (default: the current time). */
  now?: Date;
  /** Called after each batch: rows inserted so far, rows in total, current phase (`generate`, a table name, `finish`). */
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Rows per INSERT statement (default 10,000). */
  batchSize?: number;
}

export interface DemoSummary {
  scale: DemoScale;
  stationCode: string;
  stationId: number;
  now: string;
  counts: {
    organisations: number;
    users: number;
    donors: number;
    donations: number;
    units: number;
    events: number;
    orders: number;
    transfusions: number;
    dailyIssueRows: number;
  };
  unitsByStatus: Record<string, number>;
  logins: readonly DemoLogin[];
  rows: number;
  /** Generation, bulk insert (through COMMIT), VACUUM/ANALYZE, total; rows per second of the insert phase. */
  timings: { generateMs: number; insertMs: number; vacuumMs: number; totalMs: number; rowsPerSecond: number };
}

const ID_TABLES: readonly (keyof DemoIdBases)[] = [
  'organisation', 'app_user', 'donor', 'donation', 'blood_unit', 'unit_event', 'blood_order', 'order_line', 'order_allocation',
  'transfusion', 'audit_log',
];

/** True when the database holds no organisation (a fresh install). */
export async function isDatabaseEmpty(databaseUrl: string): Promise<boolean> {
  const database = openDatabase(databaseUrl, 1);
  try {
    const r = await database.pool.query<{ empty: boolean }>('select not exists (select 1 from organisation) as empty');
    return r.rows[0].empty;
  } finally {
    await database.close();
  }
}

const ARRAY_TYPE: Record<BulkType, string> = {
  int8: 'int8[]', int4: 'int4[]', text: 'text[]', bool: 'bool[]', timestamptz: 'float8[]', date: 'date[]', numeric: 'numeric[]',
  jsonb: 'jsonb[]',
};

/** `INSERT INTO t (…) [OVERRIDING SYSTEM VALUE] SELECT … FROM unnest($1::…[], …) AS u(c0, …)`. */
function insertSql(table: BulkTable): string {
  const cols = table.columns.map((c) => `"${c.name}"`).join(', ');
  const params = table.columns.map((c, i) => `$${i + 1}::${ARRAY_TYPE[c.type]}`).join(', ');
  const aliases = table.columns.map((_, i) => `c${i}`).join(', ');
  const select = table.columns.map((c, i) => (c.type === 'timestamptz' ? `to_timestamp(c${i} / 1000.0)` : `c${i}`)).join(', ');
  const overriding = table.identityId ? ' OVERRIDING SYSTEM VALUE' : '';
  return `INSERT INTO "${table.name}" (${cols})${overriding} SELECT ${select} FROM unnest(${params}) AS u(${aliases})`;
}

async function insertTable(client: pg.PoolClient, table: BulkTable, batchSize: number, progress: (rows: number) => void): Promise<void> {
  const text = insertSql(table);
  const order = table.order;
  for (let start = 0; start < table.length; start += batchSize) {
    const end = Math.min(table.length, start + batchSize);
    const values = table.data.map((col) => {
      if (order === null) return col.slice(start, end);
      const out = new Array<unknown>(end - start);
      for (let i = start; i < end; i++) out[i - start] = col[order[i]];
      return out;
    });
    await client.query({ text, values });
    progress(end - start);
  }
}

async function idBases(client: pg.PoolClient): Promise<DemoIdBases> {
  const sql = ID_TABLES.map((t) => `(select coalesce(max(id), 0) + 1 from "${t}") as "${t}"`).join(', ');
  const r = await client.query<Record<string, number | string>>(`select ${sql}`);
  const row = r.rows[0];
  return Object.fromEntries(ID_TABLES.map((t) => [t, Number(row[t])])) as unknown as DemoIdBases;
}

/**
 * Generates and loads the demo data set.
 *
 * @param databaseUrl - a migrated database (`migrateDatabase`); should be empty (see {@link isDatabaseEmpty})
 * @returns counts, unit statuses, the demo logins and timings
 * @throws Error from PostgreSQL (the transaction is rolled back: nothing is left half-loaded)
 */
export async function loadDemo(databaseUrl: string, opts: LoadDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 10_000;
  const database = openDatabase(databaseUrl, 1);
  const client = await database.pool.connect();
  try {
    opts.onProgress?.(0, 0, 'generate');
    const [passwordHash, bases] = await Promise.all([hashDemoPassword(), idBases(client)]);
    const data: DemoDataset = generateDemo({ scale: opts.scale, stationCode: opts.stationCode, now, passwordHash, idBases: bases });
    const generated = performance.now();
    const total = data.tables.reduce((s, t) => s + t.length, 0);
    let done = 0;
    await client.query('BEGIN');
    try {
      for (const table of data.tables) {
        await insertTable(client, table, batchSize, (rows) => {
          done += rows;
          opts.onProgress?.(done, total, table.name);
        });
      }
      await loadRightsDemo(client, { stationId: data.stationId, now });
      for (const t of ID_TABLES) {
        await client.query(`select setval(pg_get_serial_sequence('"${t}"', 'id'), (select max(id) from "${t}"))`);
      }
      opts.onProgress?.(done, total, 'donor_service');
      await loadDonorServiceDemo(client, data.stationId, opts.stationCode, now);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
    const committed = performance.now();
    opts.onProgress?.(done, total, 'finish');
    // Fresh statistics and visibility map for index-only scans (PGlite has no autovacuum). VACUUM needs table
    // ownership; without it, statistics alone still help the planner.
    const tables = data.tables.map((t) => `"${t.name}"`).join(', ');
    await client.query(`VACUUM (ANALYZE) ${tables}`).catch(() => client.query(`ANALYZE ${tables}`));
    const finished = performance.now();
    const { unitsByStatus, ...counts } = data.counts;
    // The donor-service demo adds the donor-app account's own earlier donation after the generated history.
    counts.donations = Number((await client.query(`select count(*)::int as n from donation where station_id = $1`, [data.stationId])).rows[0].n);
    const insertMs = Math.round(committed - generated);
    return {
      scale: opts.scale,
      stationCode: opts.stationCode,
      stationId: data.stationId,
      now: now.toISOString(),
      counts,
      unitsByStatus: { ...unitsByStatus },
      logins: data.logins,
      rows: total,
      timings: {
        generateMs: Math.round(generated - started), insertMs, vacuumMs: Math.round(finished - committed),
        totalMs: Math.round(finished - started),
        rowsPerSecond: Math.round(total / Math.max(0.001, insertMs / 1000)),
      },
    };
  } finally {
    client.release();
    await database.close();
  }
}
