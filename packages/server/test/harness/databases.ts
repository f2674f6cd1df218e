/**
 * Test databases for integration tests (`*.int.test.ts`): the same suite runs on embedded PGlite and on native
 * PostgreSQL, and the application always connects with `pg` through a URL, exactly as in production.
 *
 * ```ts
 * import { after, before, describe, it } from 'node:test';
 * import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/harness/databases.ts';
 *
 * for (const kind of testDatabaseKinds()) {
 *   describe(`[R8] forward and backward trace (${kind})`, () => {
 *     let database: TestDatabase;
 *     before(async () => { database = await createTestDatabase(kind); }); // migrated
 *     after(() => database.close());
 *     it('…', async () => { const db = openDatabase(database.url); … await db.close(); });
 *   });
 * }
 * ```
 *
 * - `pglite`: a fresh in-memory PGlite per database, served on 127.0.0.1 by `PGliteSessionServer` (see
 *   src/embedded/pglite-session-server.ts for why not `PGLiteSocketServer`). Any pool size works; connections share one
 *   session and take turns per transaction.
 * - `postgres`: `CREATE DATABASE rb_test_<random>` on the cluster at `RB_TEST_PG_URL` (scripts/test.mjs starts one
 *   for the whole run). Run on its own, a test file starts a private cluster if PostgreSQL is installed.
 *   `close()` drops the database (forcibly if a connection is still open after 5 s).
 * - Migrations (`migrate`, default true) run once per template, then copies are cheap: PGlite loads a
 *   `dumpDataDir()` tarball cached in memory and on disk (keyed by the PGlite version and the migration files),
 *   PostgreSQL clones a template database `rb_tpl_<hash>`.
 *
 * Environment: `RB_TEST_PG_URL` (admin URL of a cluster), `RB_TEST_DB_KINDS=pglite` (local only: narrow the kinds),
 * `RB_TEST_TEMPLATE_CACHE=0` (no on-disk PGlite template), `RB_TEST_CACHE_DIR` (where it lives).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteSessionServer } from '../../src/embedded/pglite-session-server.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../../../scripts/lib/pg-cluster.mjs';

export type DatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  /** Connection URL for `pg` (`postgres://…`). */
  url: string;
  /** Stops the PGlite server or drops the PostgreSQL database. Close your own pools first. */
  close(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply the drizzle migrations (packages/server/drizzle). Default true. */
  migrate?: boolean;
}

const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';
let kindsNoticePrinted = false;

/**
 * The database kinds to run integration tests on: both when PostgreSQL is reachable (`RB_TEST_PG_URL`) or can be
 * started here, otherwise only PGlite, with a note. With CI=true a missing PostgreSQL throws.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  const override = process.env.RB_TEST_DB_KINDS;
  if (override && !isCI()) {
    const kinds = override.split(',').map((k) => k.trim()).filter((k): k is DatabaseKind => k === 'pglite' || k === 'postgres');
    if (kinds.length > 0) return kinds;
  }
  if (process.env.RB_TEST_PG_URL) return ['pglite', 'postgres'];
  const reason = pgUnavailableReason();
  if (reason === null) return ['pglite', 'postgres'];
  if (isCI()) throw new Error(`CI=true but PostgreSQL is not available for integration tests: ${reason}`);
  if (!kindsNoticePrinted) {
    kindsNoticePrinted = true;
    console.log(`note: integration tests run on PGlite only; PostgreSQL skipped: ${reason}`);
  }
  return ['pglite'];
}

/** A new, empty (or freshly migrated) database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') return createPgliteDatabase(migrate);
  if (kind === 'postgres') return createPostgresDatabase(migrate);
  throw new Error(`unknown database kind: ${String(kind)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Migrations

async function loadMigrations(): Promise<{ migrateDatabase: (url: string) => Promise<void>; folder: string }> {
  const module = await import('../../src/db/migrate.ts');
  const folder = (module as { migrationsFolder?: string }).migrationsFolder ?? path.resolve(import.meta.dirname, '../../drizzle');
  return { migrateDatabase: module.migrateDatabase, folder };
}

function hashTree(hash: crypto.Hash, dir: string): void {
  const walk = (current: string): string[] =>
    fs.readdirSync(current, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(current, entry.name);
      return entry.isDirectory() ? walk(full) : [full];
    });
  for (const file of walk(dir).sort()) {
    hash.update(path.relative(dir, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
}

/** Identifies a template: engine version plus the exact migration files (or "empty"). */
async function templateKey(engine: string, migrate: boolean): Promise<string> {
  const hash = crypto.createHash('sha256').update(`${engine}\0`);
  if (migrate) hashTree(hash, (await loadMigrations()).folder);
  else hash.update('empty');
  return hash.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(fs.readFileSync(path.resolve(path.dirname(entry), '../package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

const pgliteTemplates = new Map<string, Promise<Blob>>();

function cacheDir(): string {
  return process.env.RB_TEST_CACHE_DIR ?? path.join(os.tmpdir(), 'redbridge-test-cache');
}

async function buildPgliteTemplate(migrate: boolean): Promise<Blob> {
  const db = await PGlite.create();
  try {
    if (migrate) {
      const server = new PGliteSessionServer({ db });
      await server.start(0);
      try {
        await (await loadMigrations()).migrateDatabase(server.url);
      } finally {
        await server.stop();
      }
    }
    return await db.dumpDataDir('gzip');
  } finally {
    await db.close();
  }
}

function pgliteTemplate(migrate: boolean): Promise<Blob> {
  const cacheKey = String(migrate);
  let template = pgliteTemplates.get(cacheKey);
  if (!template) {
    template = (async () => {
      const key = await templateKey(`pglite ${pgliteVersion()}`, migrate);
      const useDisk = process.env.RB_TEST_TEMPLATE_CACHE !== '0';
      const file = path.join(cacheDir(), `pglite-${key}.tar.gz`);
      if (useDisk) {
        try {
          return new Blob([fs.readFileSync(file)]);
        } catch {
          /* not cached yet */
        }
      }
      const blob = await buildPgliteTemplate(migrate);
      if (useDisk) {
        try {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
          fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
          fs.renameSync(partial, file); // atomic: concurrent test processes never read a partial file
        } catch (error) {
          console.log(`note: could not cache the PGlite template in ${file}: ${String(error)}`);
        }
      }
      return blob;
    })();
    template.catch(() => pgliteTemplates.delete(cacheKey));
    pgliteTemplates.set(cacheKey, template);
  }
  return template;
}

async function createPgliteDatabase(migrate: boolean): Promise<TestDatabase> {
  const db = await PGlite.create({ loadDataDir: await pgliteTemplate(migrate) });
  const server = new PGliteSessionServer({ db });
  try {
    await server.start(0);
  } catch (error) {
    await db.close();
    throw error;
  }
  let closed = false;
  return {
    kind: 'pglite',
    url: server.url,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

let localCluster: Promise<PgCluster> | null = null;

/** Admin URL: RB_TEST_PG_URL, or a private cluster started on first use and stopped when the process exits. */
function adminUrl(): Promise<string> {
  if (process.env.RB_TEST_PG_URL) return Promise.resolve(process.env.RB_TEST_PG_URL);
  if (!localCluster) {
    localCluster = startPgCluster({ maxConnections: 100 }).then((cluster) => {
      process.once('exit', () => cluster.stop());
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          cluster.stop();
          process.exit(130);
        });
      }
      return cluster;
    });
    localCluster.catch(() => {
      localCluster = null;
    });
  }
  return localCluster.then((cluster) => cluster.url);
}

let adminPool: pg.Pool | null = null;
let adminPoolUrl = '';

async function admin(): Promise<{ pool: pg.Pool; url: string }> {
  const url = await adminUrl();
  if (!adminPool || adminPoolUrl !== url) {
    adminPool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
    adminPool.on('error', () => {
      /* an idle admin connection was dropped; the next query opens another */
    });
    adminPoolUrl = url;
  }
  return { pool: adminPool, url };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Serialises template creation across test processes sharing one cluster (any fixed 64-bit number). */
const TEMPLATE_LOCK = 7_240_611_001;

async function createPostgresDatabase(migrate: boolean): Promise<TestDatabase> {
  const { pool, url } = await admin();
  const name = `rb_test_${crypto.randomBytes(6).toString('hex')}`;
  if (!migrate) {
    await pool.query(`CREATE DATABASE ${name}`);
  } else {
    const template = `rb_tpl_${await templateKey('postgres', true)}`;
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
        if (found.rowCount === 0) {
          const building = `${template}_build`;
          await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
          await client.query(`CREATE DATABASE ${building}`);
          await (await loadMigrations()).migrateDatabase(withDatabase(url, building));
          await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
        }
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
      }
    } finally {
      client.release();
    }
  }
  let closed = false;
  return {
    kind: 'postgres',
    url: withDatabase(url, name),
    async close() {
      if (closed) return;
      closed = true;
      // pg's Pool.end() resolves before its sockets are closed; a plain DROP waits up to 5 s for those backends
      // to exit. Connections still open after that (a pool the test forgot to end) are terminated.
      try {
        await pool.query(`DROP DATABASE IF EXISTS ${name}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
        await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
  };
}
