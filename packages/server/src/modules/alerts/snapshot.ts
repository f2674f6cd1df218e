/**
 * Daily inventory history (trend charts) and the national daily inventory snapshot (全国血液管理信息系统, R63–R64):
 * ABO/RhD × {红细胞类, 血小板类, 血浆类, 冷沉淀类} × {待检, 合格} in U, for the station's own stock (station and its
 * storage points). Kept in `inventory_daily`; exported as CSV and Excel.
 */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import writeXlsxFile from 'write-excel-file/node';
import { NATIONAL_REPORT_UNITS_DEFAULT, reportUnits } from '@redbridge/domain/supply';
import type { Db } from '../../db/client.ts';
import { inventoryDaily, organisation } from '../../db/schema/index.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { GROUPS, nodeSupply, STOCK_CLASSES } from './service.ts';

/**
 * Takes (or retakes) today's row per node × type: stock, awaiting test, average daily use, days and level.
 * @returns the Asia/Shanghai day and the number of rows written
 */
export async function takeDailySnapshot(db: Db, stationId: number, now: Date): Promise<{ day: string; rows: number }> {
  const day = shanghaiDate(now);
  const orgs = await db.select({ id: organisation.id, type: organisation.type }).from(organisation)
    .where(and(eq(organisation.stationId, stationId), inArray(organisation.type, ['station', 'storage_point', 'hospital'])));
  let rows = 0;
  await db.transaction(async (tx) => {
    for (const o of orgs) {
      const supply = await nodeSupply(tx, stationId, o.id, o.type, now);
      const values = supply.filter((s) => s.quantity > 0 || s.awaitingQuantity > 0 || s.avgDailyUse > 0).map((s) => ({
        stationId, day, orgId: o.id, componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, qualifiedQuantity: s.quantity, awaitingTestQuantity: s.awaitingQuantity,
        qualifiedU: reportUnits(s.componentClass, s.quantity), awaitingTestU: reportUnits(s.componentClass, s.awaitingQuantity),
        avgDailyUse: s.avgDailyUse, days: s.days, level: s.level, takenAt: now,
      }));
      if (values.length === 0) continue;
      await tx.insert(inventoryDaily).values(values).onConflictDoUpdate({
        target: [inventoryDaily.stationId, inventoryDaily.day, inventoryDaily.orgId, inventoryDaily.componentClass, inventoryDaily.abo, inventoryDaily.rhd],
        set: {
          qualifiedQuantity: sql`excluded.qualified_quantity`, awaitingTestQuantity: sql`excluded.awaiting_test_quantity`, qualifiedU: sql`excluded.qualified_u`,
          awaitingTestU: sql`excluded.awaiting_test_u`, avgDailyUse: sql`excluded.avg_daily_use`, days: sql`excluded.days`, level: sql`excluded.level`, takenAt: sql`excluded.taken_at`,
        },
      });
      rows += values.length;
    }
  });
  return { day, rows };
}

export const CLASS_ZH: Record<string, string> = { red_cells: '红细胞类', platelets: '血小板类', plasma: '血浆类', cryo: '冷沉淀类' };

export interface NationalRow { abo: string; rhd: string; componentClass: string; awaitingTestU: number; qualifiedU: number }

/** The national snapshot of one day: station + storage points, every ABO/RhD × class (zeros included), in U. */
export async function nationalSnapshot(db: Db, stationId: number, day: string) {
  const nodes = await db.select({ id: organisation.id }).from(organisation)
    .where(and(eq(organisation.stationId, stationId), inArray(organisation.type, ['station', 'storage_point'])));
  const rows = nodes.length === 0 ? [] : await db.select({
    componentClass: inventoryDaily.componentClass, abo: inventoryDaily.abo, rhd: inventoryDaily.rhd,
    awaitingTestU: sql<number>`sum(${inventoryDaily.awaitingTestU})`.mapWith(Number), qualifiedU: sql<number>`sum(${inventoryDaily.qualifiedU})`.mapWith(Number),
    takenAt: sql<Date>`max(${inventoryDaily.takenAt})`.mapWith((v) => new Date(v)),
  }).from(inventoryDaily).where(and(eq(inventoryDaily.stationId, stationId), eq(inventoryDaily.day, day), inArray(inventoryDaily.orgId, nodes.map((n) => n.id))))
    .groupBy(inventoryDaily.componentClass, inventoryDaily.abo, inventoryDaily.rhd);
  const out: NationalRow[] = [];
  for (const [abo, rhd] of GROUPS) {
    for (const cls of STOCK_CLASSES) {
      const r = rows.find((x) => x.componentClass === cls && x.abo === abo && x.rhd === rhd);
      out.push({ abo, rhd, componentClass: cls, awaitingTestU: Math.round((r?.awaitingTestU ?? 0) * 100) / 100, qualifiedU: Math.round((r?.qualifiedU ?? 0) * 100) / 100 });
    }
  }
  const takenAt = rows.reduce<Date | null>((m, r) => (!m || r.takenAt > m ? r.takenAt : m), null);
  return { day, stationId, takenAt, units: 'U', conversion: NATIONAL_REPORT_UNITS_DEFAULT.id, rows: out };
}

const HEADER = ['日期 Day', 'ABO', 'RhD', '成分类别 Class', '待检(U) Awaiting test', '合格(U) Qualified'];
const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** CSV (UTF-8 with BOM so Excel opens Chinese correctly). */
export function nationalSnapshotCsv(s: Awaited<ReturnType<typeof nationalSnapshot>>): string {
  const lines = [HEADER, ...s.rows.map((r) => [s.day, r.abo, r.rhd === 'POS' ? 'RhD+' : 'RhD-', CLASS_ZH[r.componentClass], r.awaitingTestU, r.qualifiedU])];
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Excel workbook (.xlsx) of the snapshot. */
export async function nationalSnapshotXlsx(s: Awaited<ReturnType<typeof nationalSnapshot>>): Promise<Buffer> {
  const data = [
    HEADER.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...s.rows.map((r) => [
      { value: s.day }, { value: r.abo }, { value: r.rhd === 'POS' ? 'RhD+' : 'RhD-' }, { value: CLASS_ZH[r.componentClass] },
      { value: r.awaitingTestU, type: Number }, { value: r.qualifiedU, type: Number },
    ]),
  ];
  return writeXlsxFile(data as never, { sheet: `库存日报 ${s.day}`, columns: [{ width: 12 }, { width: 6 }, { width: 7 }, { width: 14 }, { width: 20 }, { width: 18 }] }).toBuffer();
}

/** Daily history of one type at one node (trend chart), oldest first. */
export async function trend(db: Db, stationId: number, q: { orgId: number; componentClass: string; abo?: string; rhd?: string; days: number }, now: Date) {
  const since = shanghaiDate(addDays(now, -q.days));
  const conds = [eq(inventoryDaily.stationId, stationId), eq(inventoryDaily.orgId, q.orgId), eq(inventoryDaily.componentClass, q.componentClass),
    gte(inventoryDaily.day, since), lte(inventoryDaily.day, shanghaiDate(now))];
  if (q.abo) conds.push(eq(inventoryDaily.abo, q.abo));
  if (q.rhd) conds.push(eq(inventoryDaily.rhd, q.rhd));
  const rows = await db.select({
    day: inventoryDaily.day, abo: inventoryDaily.abo, rhd: inventoryDaily.rhd, quantity: inventoryDaily.qualifiedQuantity, days: inventoryDaily.days,
    avgDailyUse: inventoryDaily.avgDailyUse, level: inventoryDaily.level,
  }).from(inventoryDaily).where(and(...conds)).orderBy(asc(inventoryDaily.day), asc(inventoryDaily.abo), asc(inventoryDaily.rhd));
  return { orgId: q.orgId, componentClass: q.componentClass, rows };
}
