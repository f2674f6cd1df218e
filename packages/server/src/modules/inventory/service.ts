/**
 * Stock by ABO/RhD × component class at one organisation, with days of supply from the trailing average daily
 * use (R37, R62). Window and levels are rule data (`@redbridge/domain/allocation` days-of-supply rules).
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import { alertLevel, daysOfSupply } from '@redbridge/domain/allocation';
import type { Db } from '../../db/client.ts';
import { bloodUnit, dailyIssue, organisation } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { forbidden, notFound } from '../../lib/problem.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';

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
  const inStock = org.type === 'hospital' ? sql`('available','reserved','issued')` : sql`('available','reserved')`;
  const windowDays = TRAILING_WINDOW_DAYS;
  const since = shanghaiDate(addDays(now, -windowDays));
  const [stock, use] = await Promise.all([
    db.select({
      componentClass: bloodUnit.componentClass, abo: bloodUnit.abo, rhd: bloodUnit.rhd,
      units: sql<number>`count(*) filter (where ${bloodUnit.status} in ${inStock})`.mapWith(Number),
      quantity: sql<number>`coalesce(sum(${bloodUnit.quantity}) filter (where ${bloodUnit.status} in ${inStock}), 0)`.mapWith(Number),
      quarantinedUnits: sql<number>`count(*) filter (where ${bloodUnit.status} = 'quarantined')`.mapWith(Number),
      quarantinedQuantity: sql<number>`coalesce(sum(${bloodUnit.quantity}) filter (where ${bloodUnit.status} = 'quarantined'), 0)`.mapWith(Number),
      expiringSoonUnits: sql<number>`count(*) filter (where ${bloodUnit.status} = 'available' and ${bloodUnit.expiresAt} < ${addDays(now, 3)})`.mapWith(Number),
    }).from(bloodUnit)
      .where(and(eq(bloodUnit.stationId, user.stationId), eq(bloodUnit.locationOrgId, orgId),
        sql`${bloodUnit.status} in ('available','reserved','quarantined','issued')`, sql`${bloodUnit.abo} is not null`, sql`${bloodUnit.expiresAt} > ${now}`,
        sql`${bloodUnit.componentClass} <> 'whole_blood'`,
        // Units issued to an emergency patient are the patient's, not the hospital's stock.
        sql`not exists (select 1 from emergency_issue ei where ei.unit_id = ${bloodUnit.id})`))
      .groupBy(bloodUnit.componentClass, bloodUnit.abo, bloodUnit.rhd),
    db.select({
      componentClass: dailyIssue.componentClass, abo: dailyIssue.abo, rhd: dailyIssue.rhd,
      total: sql<number>`sum(${dailyIssue.quantity})`.mapWith(Number),
    }).from(dailyIssue)
      .where(and(eq(dailyIssue.stationId, user.stationId), eq(dailyIssue.orgId, orgId), gte(dailyIssue.day, since)))
      .groupBy(dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd),
  ]);
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
