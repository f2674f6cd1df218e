/**
 * Stock by type at one organisation from the stock counters (migrations 0008/0009), exact at any instant:
 *
 * - units expiring after today (Asia/Shanghai) come from `stock_counter` + `stock_delta` (O(types × days), however many
 *   units are in stock);
 * - units expiring today, and the "expiring soon" edge on the last day of that window, are counted from the covering index
 *   `blood_unit_location_expiry_idx` (one or two days of stock, without visiting the table);
 * - units issued to an emergency patient are the patient's, not the organisation's stock: subtracted (few).
 *
 * The counters are maintained by statement-level triggers on `blood_unit` appending to `stock_delta`;
 * {@link compactStockCounters} folds the deltas in (the job worker calls it every tick). Figures do not depend on
 * when the compaction last ran: both tables are read in one snapshot.
 */
import { sql } from 'drizzle-orm';
import { RESERVE_REGISTRY } from '@redbridge/domain/supply';
import type { DbOrTx } from '../../db/client.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';

/** The statuses a unit can be counted in: `available`/`reserved` (in stock), `quarantined`, `issued` (held at a hospital). */
export const STOCK_STATUSES = ['available', 'reserved', 'quarantined', 'issued'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** One type's stock at an organisation; quantities in the class's unit (U, dose, ml). */
export interface TypeStock {
  componentClass: string;
  abo: string;
  rhd: string;
  /** Units and quantity per status, unexpired at `now`. */
  byStatus: Record<StockStatus, { units: number; quantity: number }>;
  /** `available` units expiring after `now` and within the reserve rules' `nearExpiryDays`. */
  expiringSoonUnits: number;
}

const startOfShanghaiDay = (day: string): Date => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string): string => shanghaiDate(addDays(startOfShanghaiDay(day), 1));
const emptyStatuses = (): TypeStock['byStatus'] =>
  ({ available: { units: 0, quantity: 0 }, reserved: { units: 0, quantity: 0 }, quarantined: { units: 0, quantity: 0 }, issued: { units: 0, quantity: 0 } });

/**
 * Stock of every type held at `orgId` at instant `now` (whole blood and untyped units excluded).
 * @returns one entry per type with any counted unit
 */
export async function stockByType(db: DbOrTx, stationId: number, orgId: number, now: Date): Promise<TypeStock[]> {
  const today = shanghaiDate(now);
  // "Expiring soon" is the reserve rules' near-expiry window (units offered back up or across), 3 days in 2024's rules.
  const soonAt = addDays(now, RESERVE_REGISTRY.inForce(now, String(stationId)).data.nearExpiryDays);
  const soonDay = shanghaiDate(soonAt);
  const tomorrowStart = startOfShanghaiDay(nextDay(today));
  const soonDayStart = startOfShanghaiDay(soonDay);
  const stockFilter = sql`bu.status in ('available','reserved','quarantined','issued') and bu.abo is not null and bu.rhd is not null
    and bu.component_class <> 'whole_blood'`;
  const [counted, edge, emergency] = await Promise.all([
    db.execute<{ component_class: string; abo: string; rhd: string; status: StockStatus; units: string; quantity: string; soon_units: string }>(sql`
      select component_class, abo, rhd, status, sum(units) as units, sum(quantity) as quantity,
        coalesce(sum(units) filter (where status = 'available' and expiry_day < ${soonDay}::date), 0) as soon_units
      from (
        select component_class, abo, rhd, status, expiry_day, units, quantity from stock_counter
        where station_id = ${stationId} and org_id = ${orgId} and expiry_day > ${today}::date
        union all
        select component_class, abo, rhd, status, expiry_day, units, quantity from stock_delta
        where station_id = ${stationId} and org_id = ${orgId} and expiry_day > ${today}::date
      ) x
      group by component_class, abo, rhd, status`),
    // Today's expiries still in date, and the last window day's units that fall inside the window (aggregated here,
    // from the covering index blood_unit_location_expiry_idx alone).
    db.execute<{ component_class: string; abo: string; rhd: string; status: StockStatus; units: string; quantity: string | null; soon_units: string }>(sql`
      select bu.component_class, bu.abo, bu.rhd, bu.status, count(*) as units, sum(bu.quantity) as quantity,
        count(*) filter (where bu.status = 'available') as soon_units
      from blood_unit bu
      where bu.location_org_id = ${orgId} and bu.status in ('available','reserved','quarantined','issued')
        and bu.expires_at > ${now} and bu.expires_at < ${tomorrowStart} and bu.station_id = ${stationId}
        and bu.abo is not null and bu.rhd is not null and bu.component_class <> 'whole_blood'
      group by bu.component_class, bu.abo, bu.rhd, bu.status
      union all
      select bu.component_class, bu.abo, bu.rhd, bu.status, 0, 0, count(*)
      from blood_unit bu
      where bu.location_org_id = ${orgId} and bu.status = 'available'
        and bu.expires_at >= ${soonDayStart > tomorrowStart ? soonDayStart : tomorrowStart} and bu.expires_at < ${soonAt} and bu.station_id = ${stationId}
        and bu.abo is not null and bu.rhd is not null and bu.component_class <> 'whole_blood'
      group by bu.component_class, bu.abo, bu.rhd, bu.status`),
    // Units issued to an emergency patient: counted above under the organisation, subtracted here (few).
    db.execute<{ component_class: string; abo: string; rhd: string; status: StockStatus; quantity: string; expires_at: Date | string }>(sql`
      select bu.component_class, bu.abo, bu.rhd, bu.status, bu.quantity, bu.expires_at from blood_unit bu
      where bu.id in (select ei.unit_id from emergency_issue ei where ei.station_id = ${stationId})
        and bu.station_id = ${stationId} and bu.location_org_id = ${orgId} and ${stockFilter} and bu.expires_at > ${now}`),
  ]);
  const out = new Map<string, TypeStock>();
  const entry = (componentClass: string, abo: string, rhd: string): TypeStock => {
    const key = `${componentClass}|${abo}|${rhd}`;
    let e = out.get(key);
    if (!e) { e = { componentClass, abo, rhd, byStatus: emptyStatuses(), expiringSoonUnits: 0 }; out.set(key, e); }
    return e;
  };
  for (const r of counted.rows) {
    const e = entry(r.component_class, r.abo, r.rhd);
    e.byStatus[r.status].units += Number(r.units);
    e.byStatus[r.status].quantity += Number(r.quantity);
    e.expiringSoonUnits += Number(r.soon_units);
  }
  for (const r of edge.rows) {
    const e = entry(r.component_class, r.abo, r.rhd);
    e.byStatus[r.status].units += Number(r.units);
    e.byStatus[r.status].quantity += Number(r.quantity ?? 0);
    e.expiringSoonUnits += Number(r.soon_units);
  }
  for (const r of emergency.rows) {
    const e = entry(r.component_class, r.abo, r.rhd);
    e.byStatus[r.status].units -= 1;
    e.byStatus[r.status].quantity -= Number(r.quantity);
    if (r.status === 'available' && new Date(r.expires_at).getTime() < soonAt.getTime()) e.expiringSoonUnits -= 1;
  }
  for (const e of out.values()) {
    for (const s of STOCK_STATUSES) e.byStatus[s].quantity = Math.round(e.byStatus[s].quantity * 100) / 100;
  }
  return [...out.values()];
}

/**
 * Folds the stock deltas into the counters (SQL function `stock_counter_compact()`, serialised by an advisory lock).
 * @returns how many delta rows were folded
 */
export async function compactStockCounters(db: DbOrTx): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`select stock_counter_compact() as n`);
  return Number(r.rows[0]?.n ?? 0);
}
