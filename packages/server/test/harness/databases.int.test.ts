import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.ts';

const journal = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8'),
) as { entries: unknown[] };

/** N workers claim jobs one at a time with FOR UPDATE SKIP LOCKED; returns every claimed id. */
async function claimAll(pool: pg.Pool, workers: number): Promise<number[]> {
  const claimed: number[] = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (;;) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ id: number }>(
            'SELECT id FROM job WHERE claimed_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED',
          );
          if (rows.length === 0) {
            await client.query('COMMIT');
            return;
          }
          await client.query('UPDATE job SET claimed_by = $1 WHERE id = $2', [worker, rows[0].id]);
          await client.query('COMMIT');
          claimed.push(rows[0].id);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      }
    }),
  );
  return claimed;
}

for (const kind of testDatabaseKinds()) {
  describe(`test database harness (${kind})`, () => {
    let database: TestDatabase;
    let pool: pg.Pool;

    before(async () => {
      const started = performance.now();
      database = await createTestDatabase(kind, { migrate: false });
      console.log(`${kind}: empty database ready in ${Math.round(performance.now() - started)} ms`);
      pool = new pg.Pool({ connectionString: database.url, max: 5 });
    });

    after(async () => {
      await pool?.end();
      await database?.close();
    });

    it('answers select 1 through pg', async () => {
      const { rows } = await pool.query<{ one: number }>('select 1 as one');
      assert.deepEqual(rows, [{ one: 1 }]);
      assert.match(database.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+$/);
    });

    it('serves a pool of 5 with concurrent parameterised queries, including large parameters', async () => {
      const big = 'x'.repeat(300_000); // spans several TCP chunks
      const results = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          if (i % 2 === 1) {
            const { rows } = await pool.query<{ a: number; l: number }>('select $1::int * 2 as a, length($2::text) as l', [i, big]);
            return rows[0].a === i * 2 && rows[0].l === big.length;
          }
          const { rows } = await pool.query<{ b: string }>("select $1::text || '-' || $2::text as b", [String(i), 'x']);
          return rows[0].b === `${i}-x`;
        }),
      );
      assert.equal(results.filter((ok) => !ok).length, 0);
      assert.equal(pool.totalCount, 5);
    });

    it('keeps a rolled-back transaction and a concurrent write apart', async () => {
      await pool.query('create table kv (k text primary key, v int)');
      const a = await pool.connect();
      const b = await pool.connect();
      try {
        await a.query('BEGIN');
        await a.query("insert into kv values ('a', 1)");
        const write = b.query("insert into kv values ('b', 2)");
        await new Promise((resolve) => setTimeout(resolve, 50));
        await a.query('ROLLBACK');
        await write;
        const { rows } = await pool.query('select k, v from kv order by k');
        assert.deepEqual(rows, [{ k: 'b', v: 2 }]);
      } finally {
        a.release();
        b.release();
      }
    });

    it('recovers from failed queries and from a client that disconnects inside a transaction', async () => {
      await assert.rejects(pool.query('selec 1'), /syntax error/);
      await assert.rejects(pool.query('select $1::int as n', ['not a number']), /invalid input syntax/);
      await pool.query('create table gone (id int)');
      const quitter = new pg.Client(database.url);
      await quitter.connect();
      await quitter.query('BEGIN');
      await quitter.query('insert into gone values (1)');
      await quitter.end(); // without COMMIT
      const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from gone');
      assert.deepEqual(rows, [{ n: 0 }]);
    });

    it('lets 4 workers claim 40 jobs with FOR UPDATE SKIP LOCKED, each exactly once', async () => {
      await pool.query('create table job (id int primary key, claimed_by int)');
      await pool.query('insert into job select g, null from generate_series(1, 40) g');
      const claimed = await claimAll(pool, 4);
      assert.equal(claimed.length, 40);
      assert.equal(new Set(claimed).size, 40);
      const { rows } = await pool.query<{ n: string }>('select count(*) as n from job where claimed_by is null');
      assert.equal(Number(rows[0].n), 0);
    });

    it('creates migrated databases from a template, independent of each other', async () => {
      const first = await createTestDatabase(kind);
      const started = performance.now();
      const second = await createTestDatabase(kind);
      console.log(`${kind}: migrated database (template ready) in ${Math.round(performance.now() - started)} ms`);
      const p1 = new pg.Pool({ connectionString: first.url, max: 2 });
      const p2 = new pg.Pool({ connectionString: second.url, max: 2 });
      try {
        assert.notEqual(first.url, second.url);
        for (const p of [p1, p2]) {
          const { rows } = await p.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
          assert.equal(Number(rows[0].n), journal.entries.length);
        }
        await p1.query('create table only_in_first (id int)');
        const { rows } = await p2.query("select to_regclass('only_in_first') as t");
        assert.equal(rows[0].t, null);
      } finally {
        await p1.end();
        await p2.end();
        await first.close();
        await second.close();
      }
    });
  });
}

if (testDatabaseKinds().includes('postgres')) {
  describe('native PostgreSQL specifics', () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase('postgres', { migrate: false });
    });
    after(() => database?.close());

    it('two open transactions with FOR UPDATE SKIP LOCKED never claim the same row', async () => {
      const a = new pg.Client(database.url);
      const b = new pg.Client(database.url);
      await a.connect();
      await b.connect();
      try {
        await a.query('create table unit (id int primary key, status text not null)');
        await a.query("insert into unit select g, 'AVAILABLE' from generate_series(1, 3) g");
        const claim = "select id from unit where status = 'AVAILABLE' order by id limit 1 for update skip locked";
        await a.query('BEGIN');
        await b.query('BEGIN');
        const first = await a.query<{ id: number }>(claim);
        const second = await b.query<{ id: number }>(claim); // a still holds its row lock
        assert.equal(first.rows[0].id, 1);
        assert.equal(second.rows[0].id, 2);
        await a.query('COMMIT');
        await b.query('COMMIT');
      } finally {
        await a.end();
        await b.end();
      }
    });

    it('close() drops the database', async () => {
      const extra = await createTestDatabase('postgres', { migrate: false });
      const name = new URL(extra.url).pathname.slice(1);
      await extra.close();
      const client = new pg.Client(database.url);
      await client.connect();
      try {
        const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
        assert.equal(rowCount, 0);
      } finally {
        await client.end();
      }
    });
  });
}
