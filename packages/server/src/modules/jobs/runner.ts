/**
 * Job runner: rows in `job` claimed with `SELECT … FOR UPDATE SKIP LOCKED`, one job per transaction, the handler
 * running inside the claiming transaction (its effects and the `done` mark commit together). The worker's clock is
 * injectable, so tests advance time and call {@link runDueJobs} instead of waiting.
 *
 * Failure: the transaction rolls back; a separate update counts the attempt and retries later with back-off
 * (1, 2, 4 … minutes) until `maxAttempts`, then marks the job `failed`.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { job } from '../../db/schema/index.ts';

export type JobRow = typeof job.$inferSelect;
/** Runs one job inside the claiming transaction; `now` is the worker clock. */
export type JobHandler = (tx: Tx, row: JobRow, now: Date) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface EnqueueJob {
  stationId: number;
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** Unique per station: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
  now: Date;
}

/** Adds a job (idempotent by `dedupeKey`). */
export async function enqueueJob(tx: DbOrTx, j: EnqueueJob): Promise<void> {
  await tx.insert(job).values({
    stationId: j.stationId, kind: j.kind, payload: j.payload, runAt: j.runAt, dedupeKey: j.dedupeKey ?? null, createdAt: j.now,
  }).onConflictDoNothing();
}

const MAX_ATTEMPTS = 5;

/**
 * Claims and runs due jobs one at a time until none is due or `limit` ran.
 * @returns how many jobs ran (successfully or not)
 */
export async function runDueJobs(db: Db, handlers: JobHandlers, now: Date, limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    let claimedId: number | null = null;
    try {
      const found = await db.transaction(async (tx) => {
        const rows = await tx.execute<{ id: string }>(sql`select id from job where status = 'pending' and run_at <= ${now}
          order by run_at, id limit 1 for update skip locked`);
        const id = rows.rows[0] ? Number(rows.rows[0].id) : null;
        if (id === null) return false;
        claimedId = id;
        const [row] = await tx.select().from(job).where(sql`${job.id} = ${id}`);
        const handler = handlers[row.kind];
        if (!handler) throw new Error(`no handler for job kind ${row.kind}`);
        await handler(tx, row, now);
        await tx.update(job).set({ status: 'done', attempts: row.attempts + 1, doneAt: now }).where(sql`${job.id} = ${id}`);
        return true;
      });
      if (!found) break;
    } catch (err) {
      if (claimedId === null) throw err;
      const message = err instanceof Error ? err.message : String(err);
      await db.execute(sql`update job set attempts = attempts + 1, last_error = ${message.slice(0, 2000)},
        status = case when attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end,
        run_at = ${now}::timestamptz + make_interval(mins => power(2, attempts)::int) where id = ${claimedId}`);
    }
    ran++;
  }
  return ran;
}

/** Housekeeping run on every tick after the due jobs (e.g. folding stock deltas into counters); errors are ignored. */
export type MaintenanceTask = (db: Db) => Promise<unknown>;

/** In-process worker: polls every `intervalMs` with the given clock. */
export class JobWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  constructor(private readonly db: Db, private readonly handlers: JobHandlers, private readonly clock: () => Date, private readonly intervalMs = 15_000,
    private readonly maintenance: readonly MaintenanceTask[] = []) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.tick(); }, this.intervalMs);
    this.timer.unref();
  }

  /** Runs due jobs once (no overlap with a tick in progress). */
  async tick(): Promise<number> {
    if (this.running) return 0;
    const p = (async () => {
      const ran = await runDueJobs(this.db, this.handlers, this.clock()).catch(() => 0);
      for (const task of this.maintenance) await task(this.db).catch(() => undefined);
      return ran;
    })();
    this.running = p;
    try { return await p; } finally { this.running = null; }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
