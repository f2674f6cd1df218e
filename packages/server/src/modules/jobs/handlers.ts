/**
 * Every job kind the in-process worker runs, and the daily supply job: recompute alert levels and keep the daily
 * inventory snapshot for each station, then schedule itself for the next evening (22:00 Asia/Shanghai).
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { organisation } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { recomputeAlertLevels } from '../alerts/service.ts';
import { takeDailySnapshot } from '../alerts/snapshot.ts';
import { emergencyJobHandlers } from '../emergency/service.ts';
import { compactStockCounters } from '../inventory/stock-counters.ts';
import { enqueueJob, JobWorker, type JobHandlers } from './runner.ts';

/** The next 22:00 Asia/Shanghai after `now`. */
export function nextDailyRun(now: Date): Date {
  const today = new Date(`${shanghaiDate(now)}T22:00:00+08:00`);
  return today.getTime() > now.getTime() ? today : new Date(today.getTime() + 86_400_000);
}

async function scheduleDaily(tx: DbOrTx, stationId: number, now: Date) {
  const runAt = nextDailyRun(now);
  await enqueueJob(tx, { stationId, kind: 'inventory.daily', payload: { stationId }, runAt, now, dedupeKey: `inventory.daily:${shanghaiDate(runAt)}` });
}

export const JOB_HANDLERS: JobHandlers = {
  ...emergencyJobHandlers,
  'inventory.daily': async (tx, row, now) => {
    await recomputeAlertLevels(tx as unknown as Db, row.stationId, now);
    await takeDailySnapshot(tx as unknown as Db, row.stationId, now);
    await scheduleDaily(tx, row.stationId, new Date(now.getTime() + 60_000));
  },
};

/** Schedules the daily job of every station (idempotent) and starts the worker (which also compacts stock counters). */
export async function startJobWorker(db: Db, clock: () => Date, intervalMs = 15_000): Promise<JobWorker> {
  const stations = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.type, 'station'));
  for (const s of stations) await scheduleDaily(db, s.id, clock());
  const worker = new JobWorker(db, JOB_HANDLERS, clock, intervalMs, [compactStockCounters]);
  worker.start();
  return worker;
}
