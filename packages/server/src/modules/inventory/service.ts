/**
 * Stock by ABO/RhD × component class at one organisation, with days of supply from the trailing average daily
 * use (R37, R62). Window and levels are rule data (`@redbridge/domain/allocation` days-of-supply rules). Stock comes
 * from the stock counters (`stock-counters.ts`): the cost does not grow with the units in stock.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { alertLevel, daysOfSupply } from '@redbridge/domain/allocation';
import type { Db } from '../../db/client.ts';
import { dailyIssue, organisation } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { forbidden, notFound } from '../../lib/problem.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { stockByType, type StockStatus } from './stock-counters.ts';

/** Trailing window for the average daily use behind days of supply (supply-chain-benchmarks.md §3). */
export const TRAILING_WINDOW_DAYS = 28;

const QUANTITY_UNIT: Record<string, string> = { whole_blood: 'U', red_cells: 'U', platelets: 'dose', plasma: 'ml', cryo: 'U' };

export async function stockAt(db: Db, user: SessionUser, orgIdInput: number | undefined, now: Date) {
  const orgId = orgIdInput ?? user.orgId;
  if ((user.orgType === 'hospital' || user.orgType === 'storage_point') && orgId !== user.orgId) throw forbidden();
  const [org] = await db.select({ type: organisation.type }).from(organisation)
    .where(and(eq(organisation.id, orgId), eq(organisation.stationId, user.stationId)));
  if (!org) throw notFound('Organisation', '机构');
  // A hospital's stock is what it received and has not transfused: those units stay `issued` (issued by the
  // station, held by the hospital). At the station, `issued` units are in transit and no longer stock.
  const inStock: StockStatus[] = org.type === 'hospital' ? ['available', 'reserved', 'issued'] : ['available', 'reserved'];
  const windowDays = TRAILING_WINDOW_DAYS;
  const since = shanghaiDate(addDays(now, -windowDays));
  const [types, use] = await Promise.all([
    stockByType(db, user.stationId, orgId, now),
    db.select({
      componentClass: dailyIssue.componentClass, abo: dailyIssue.abo, rhd: dailyIssue.rhd,
      total: sql<number>`sum(${dailyIssue.quantity})`.mapWith(Number),
    }).from(dailyIssue)
      .where(and(eq(dailyIssue.stationId, user.stationId), eq(dailyIssue.orgId, orgId), gte(dailyIssue.day, since)))
      .groupBy(dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd),
  ]);
  const stock = types.map((t) => ({
    componentClass: t.componentClass, abo: t.abo, rhd: t.rhd,
    units: inStock.reduce((n, s) => n + t.byStatus[s].units, 0),
    quantity: Math.round(inStock.reduce((n, s) => n + t.byStatus[s].quantity, 0) * 100) / 100,
    quarantinedUnits: t.byStatus.quarantined.units, quarantinedQuantity: t.byStatus.quarantined.quantity,
    expiringSoonUnits: t.expiringSoonUnits,
  }));
  const rows = [];
  for (const cls of ['red_cells', 'platelets', 'plasma', 'cryo']) {
    for (const abo of ['O', 'A', 'B', 'AB']) {
      for (const rhd of ['POS', 'NEG']) {
        const s = stock.find((r) => r.componentClass === cls && r.abo === abo && r.rhd === rhd);
        const u = use.find((r) => r.componentClass === cls && r.abo === abo && r.rhd === rhd);
        const avgDailyIssue = u ? u.total / windowDays : 0;
        const days = daysOfSupply(s?.quantity ?? 0, avgDailyIssue);
        rows.push({
          componentClass: cls, abo, rhd, units: s?.units ?? 0, quantity: s?.quantity ?? 0, quantityUnit: QUANTITY_UNIT[cls],
          quarantinedUnits: s?.quarantinedUnits ?? 0, quarantinedQuantity: s?.quarantinedQuantity ?? 0,
          expiringSoonUnits: s?.expiringSoonUnits ?? 0,
          avgDailyIssue: Math.round(avgDailyIssue * 100) / 100,
          daysOfSupply: days == null || !Number.isFinite(days) ? null : Math.round(days * 10) / 10,
          alertLevel: days == null ? null : alertLevel(days),
        });
      }
    }
  }
  return { orgId, asOf: now, windowDays, rows };
}
