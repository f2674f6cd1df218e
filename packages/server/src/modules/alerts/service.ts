/**
 * Inventory alerts and tight balance (血液预警 / 紧平衡, R62): days of supply per ABO/RhD × component at each node
 * from the trailing average daily use; the station's level per type is kept in `inventory_alert_state` and every
 * change is recorded with its time (`inventory_alert`). On a change, pluggable listeners act: publish to hospitals
 * and storage points (alert inbox), set the allocation cut (30/50/70 %), defer elective orders, and request
 * targeted recruitment. Thresholds and cuts are rule data per station (`INVENTORY_ALERT_REGISTRY`, tenant = station id).
 *
 * {@link recomputeAlertLevels} is the entry point after stock moves (issue, receipt of a peer transfer, release).
 * @see china-blood-service-rules.md §6.1; supply-chain-benchmarks.md §1–§3; china-it-standards.md §7 R62–R64
 */
import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { ALERT_LEVELS, alertLevel, daysOfSupply, INVENTORY_ALERT_REGISTRY, type AlertLevel, type AlertThresholds } from '@redbridge/domain/allocation';
import { RESERVE_REGISTRY } from '@redbridge/domain/supply';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  alertAction, alertInbox, auditLog, bloodOrder, dailyIssue, inventoryAlert, inventoryAlertState, orderDeferral, orderLine, organisation,
} from '../../db/schema/index.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { stockByType } from '../inventory/stock-counters.ts';

export const STOCK_CLASSES = ['red_cells', 'platelets', 'plasma', 'cryo'] as const;
export const GROUPS = [['O', 'POS'], ['A', 'POS'], ['B', 'POS'], ['AB', 'POS'], ['O', 'NEG'], ['A', 'NEG'], ['B', 'NEG'], ['AB', 'NEG']] as const;
const SEVERITY: Record<AlertLevel, number> = { green: 0, watch: 1, yellow: 2, orange: 3, red: 4 };

/** Alert thresholds in force for a station (a station override is a RuleSet with `tenantId` = station id). */
export function thresholdsFor(stationId: number, now: Date): { id: string; data: AlertThresholds } {
  const set = INVENTORY_ALERT_REGISTRY.inForce(now, String(stationId));
  return { id: set.id, data: set.data };
}

export interface TypeSupply {
  componentClass: string; abo: string; rhd: string;
  /** Released, unexpired stock in the class's unit (available; at hospitals: received and not used). */
  quantity: number;
  units: number;
  /** Not yet released (待检), same unit. */
  awaitingQuantity: number;
  avgDailyUse: number;
  /** null when there is no use in the window (infinite days). */
  days: number | null;
  level: AlertLevel;
}

/**
 * Days of supply of every type at one node. At a hospital, stock is what it received (`issued`, located there) and
 * has not used; elsewhere `available`. Use = `daily_issue` at the node over the trailing window.
 */
export async function nodeSupply(db: DbOrTx, stationId: number, orgId: number, orgType: string, now: Date): Promise<TypeSupply[]> {
  const windowDays = RESERVE_REGISTRY.inForce(now, String(stationId)).data.trailingWindowDays;
  const th = thresholdsFor(stationId, now).data;
  const stockStatus = orgType === 'hospital' ? 'issued' : 'available';
  const since = shanghaiDate(addDays(now, -windowDays));
  const today = shanghaiDate(now);
  // Stock from the stock counters (O(types), however many units): `available` units are released by construction
  // (the release gate sets both; recall and quarantine move a unit out of `available`).
  const [counted, use] = await Promise.all([
    stockByType(db, stationId, orgId, now),
    db.select({
      componentClass: dailyIssue.componentClass, abo: dailyIssue.abo, rhd: dailyIssue.rhd, total: sql<number>`sum(${dailyIssue.quantity})`.mapWith(Number),
    }).from(dailyIssue).where(and(eq(dailyIssue.stationId, stationId), eq(dailyIssue.orgId, orgId), gte(dailyIssue.day, since), sql`${dailyIssue.day} < ${today}`))
      .groupBy(dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd),
  ]);
  const out: TypeSupply[] = [];
  for (const cls of STOCK_CLASSES) {
    for (const [abo, rhd] of GROUPS) {
      const c = counted.find((r) => r.componentClass === cls && r.abo === abo && r.rhd === rhd);
      const s = c && { quantity: c.byStatus[stockStatus].quantity, units: c.byStatus[stockStatus].units, awaiting: c.byStatus.quarantined.quantity };
      const u = use.find((r) => r.componentClass === cls && r.abo === abo && r.rhd === rhd);
      const avgDailyUse = (u?.total ?? 0) / windowDays;
      const d = daysOfSupply(s?.quantity ?? 0, avgDailyUse);
      // A type nobody uses and nobody holds is not short (and has no days figure).
      const idle = (s?.quantity ?? 0) === 0 && avgDailyUse === 0;
      const days = Number.isFinite(d) && !idle ? Math.round(d * 100) / 100 : null;
      const level = idle ? 'green' : alertLevel(d, th);
      out.push({ componentClass: cls, abo, rhd, quantity: s?.quantity ?? 0, units: s?.units ?? 0, awaitingQuantity: s?.awaiting ?? 0,
        avgDailyUse: Math.round(avgDailyUse * 100) / 100, days, level });
    }
  }
  return out;
}

export interface LevelChange {
  alertId: number; stationId: number; orgId: number; componentClass: string; abo: string; rhd: string;
  fromLevel: AlertLevel | null; toLevel: AlertLevel; days: number | null; quantity: number; avgDailyUse: number; at: Date;
  cutPercent: number; thresholds: AlertThresholds;
}
/** Acts on a level change inside the recompute transaction. */
export type AlertListener = (tx: Tx, change: LevelChange) => Promise<void>;

async function action(tx: Tx, change: LevelChange, kind: string, details: Record<string, unknown>) {
  await tx.insert(alertAction).values({ stationId: change.stationId, alertId: change.alertId, kind, details, at: change.at });
}
const worsenedTo = (c: LevelChange, level: AlertLevel) => SEVERITY[c.toLevel] >= SEVERITY[level] && SEVERITY[c.toLevel] > SEVERITY[c.fromLevel ?? 'green'];

/** Publishes alerts at yellow and above, and the all-clear, to every hospital and storage point of the station. */
export const publishListener: AlertListener = async (tx, c) => {
  if (SEVERITY[c.toLevel] < 2 && SEVERITY[c.fromLevel ?? 'green'] < 2) return;
  const orgs = await tx.select({ id: organisation.id }).from(organisation)
    .where(and(eq(organisation.stationId, c.stationId), inArray(organisation.type, ['hospital', 'storage_point'])));
  if (orgs.length > 0) {
    await tx.insert(alertInbox).values(orgs.map((o) => ({ stationId: c.stationId, alertId: c.alertId, orgId: o.id, createdAt: c.at }))).onConflictDoNothing();
  }
  await action(tx, c, 'published', { recipients: orgs.length });
};

/** Records the allocation cut now in force for the type (applied by order allocation). */
export const allocationCutListener: AlertListener = async (tx, c) => {
  const before = c.fromLevel ? c.thresholds.allocationCutPercent[c.fromLevel] : 0;
  if (before === c.cutPercent) return;
  await action(tx, c, 'allocation_cut', { percent: c.cutPercent, previousPercent: before });
};

/** Defers submitted elective routine orders for the type at yellow and above; releases them when the level recovers. */
export const deferElectiveListener: AlertListener = async (tx, c) => {
  if (SEVERITY[c.toLevel] >= SEVERITY.yellow) {
    const rows = await tx.selectDistinct({ id: bloodOrder.id }).from(bloodOrder).innerJoin(orderLine, eq(orderLine.orderId, bloodOrder.id))
      .where(and(eq(bloodOrder.stationId, c.stationId), eq(bloodOrder.status, 'submitted'), eq(bloodOrder.elective, true), eq(bloodOrder.priority, 'routine'),
        eq(orderLine.componentClass, c.componentClass), eq(orderLine.abo, c.abo), eq(orderLine.rhd, c.rhd),
        sql`not exists (select 1 from order_deferral d where d.order_id = ${bloodOrder.id} and d.released_at is null)`));
    if (rows.length === 0) return;
    await tx.insert(orderDeferral).values(rows.map((r) => ({ stationId: c.stationId, orderId: r.id, alertId: c.alertId, deferredAt: c.at })));
    await action(tx, c, 'orders_deferred', { orderIds: rows.map((r) => r.id) });
  } else if (SEVERITY[c.fromLevel ?? 'green'] >= SEVERITY.yellow) {
    const released = await tx.update(orderDeferral).set({ releasedAt: c.at }).where(and(eq(orderDeferral.stationId, c.stationId), isNull(orderDeferral.releasedAt),
      sql`${orderDeferral.alertId} in (select id from inventory_alert a where a.component_class = ${c.componentClass} and a.abo = ${c.abo} and a.rhd = ${c.rhd})`))
      .returning({ orderId: orderDeferral.orderId });
    if (released.length > 0) await action(tx, c, 'orders_released', { orderIds: released.map((r) => r.orderId) });
  }
};

/** The recruitment request handed to the donor-service module (issue #3 `startRecruitmentCampaign`). */
export interface RecruitmentRequest {
  abo: string; rhd: string; componentClass?: string; reason: 'inventory_alert'; alertLevel: AlertLevel; targetDate: string;
}
/** Hook for the donor-service campaign; the lead wires `startRecruitmentCampaign` here at merge. */
export type RecruitmentStarter = (tx: Tx, stationId: number, req: RecruitmentRequest) => Promise<{ campaignId?: number } | void>;
let recruitmentStarter: RecruitmentStarter | null = null;
export function setRecruitmentStarter(starter: RecruitmentStarter | null): void { recruitmentStarter = starter; }

/** Requests targeted recruitment when a type worsens to yellow or beyond (records `recruitment_requested`). */
export const recruitmentListener: AlertListener = async (tx, c) => {
  if (!worsenedTo(c, 'yellow')) return;
  const req: RecruitmentRequest = {
    abo: c.abo, rhd: c.rhd, componentClass: c.componentClass, reason: 'inventory_alert', alertLevel: c.toLevel,
    targetDate: shanghaiDate(addDays(c.at, Math.max(1, Math.floor(c.days ?? 0)))),
  };
  const result = recruitmentStarter ? await recruitmentStarter(tx, c.stationId, req) : undefined;
  await action(tx, c, 'recruitment_requested', { ...req, campaignId: result && 'campaignId' in result ? result.campaignId ?? null : null });
};

export const DEFAULT_ALERT_LISTENERS: readonly AlertListener[] = [publishListener, allocationCutListener, deferElectiveListener, recruitmentListener];
const extraListeners: AlertListener[] = [];
/** Adds a listener run after the defaults on every level change. */
export function registerAlertListener(l: AlertListener): void { extraListeners.push(l); }

/**
 * Recomputes the station's level per type; records each change with its time and runs the listeners, in one
 * transaction. Call after stock arrives (e.g. a peer station's transfer is received) or leaves.
 * @returns the changes (empty when nothing moved)
 */
export async function recomputeAlertLevels(db: Db, stationId: number, now: Date, listeners: readonly AlertListener[] = [...DEFAULT_ALERT_LISTENERS, ...extraListeners]): Promise<LevelChange[]> {
  return db.transaction(async (tx) => {
    const th = thresholdsFor(stationId, now);
    const supply = await nodeSupply(tx, stationId, stationId, 'station', now);
    // Serialise concurrent recomputes of one station on its state rows.
    const states = await tx.select().from(inventoryAlertState).where(and(eq(inventoryAlertState.stationId, stationId), eq(inventoryAlertState.orgId, stationId))).for('update');
    const changes: LevelChange[] = [];
    for (const s of supply) {
      const prev = states.find((x) => x.componentClass === s.componentClass && x.abo === s.abo && x.rhd === s.rhd);
      const fromLevel = (prev?.level ?? null) as AlertLevel | null;
      if (fromLevel === s.level || (!prev && s.level === 'green')) {
        if (prev) await tx.update(inventoryAlertState).set({ days: s.days, updatedAt: now }).where(and(eq(inventoryAlertState.stationId, stationId),
          eq(inventoryAlertState.orgId, stationId), eq(inventoryAlertState.componentClass, s.componentClass), eq(inventoryAlertState.abo, s.abo), eq(inventoryAlertState.rhd, s.rhd)));
        continue;
      }
      await tx.insert(inventoryAlertState).values({ stationId, orgId: stationId, componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, level: s.level, days: s.days, since: now, updatedAt: now })
        .onConflictDoUpdate({ target: [inventoryAlertState.stationId, inventoryAlertState.orgId, inventoryAlertState.componentClass, inventoryAlertState.abo, inventoryAlertState.rhd],
          set: { level: s.level, days: s.days, since: now, updatedAt: now } });
      const [a] = await tx.insert(inventoryAlert).values({ stationId, orgId: stationId, componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, fromLevel,
        toLevel: s.level, days: s.days, quantity: s.quantity, avgDailyUse: s.avgDailyUse, at: now, ruleSetId: th.id }).returning({ id: inventoryAlert.id });
      await tx.insert(auditLog).values({ stationId, at: now, actorName: '系统 / system', action: 'inventory.alert_level', entityType: 'inventory_alert', entityId: String(a.id),
        before: { level: fromLevel }, after: { level: s.level, days: s.days, componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, ruleSetId: th.id } });
      const change: LevelChange = { alertId: a.id, stationId, orgId: stationId, componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, fromLevel, toLevel: s.level,
        days: s.days, quantity: s.quantity, avgDailyUse: s.avgDailyUse, at: now, cutPercent: th.data.allocationCutPercent[s.level], thresholds: th.data };
      for (const l of listeners) await l(tx, change);
      changes.push(change);
    }
    return changes;
  });
}

/**
 * Share of a non-emergency order line the station may allocate now (1 − cut of the type's level), and whether the
 * order is deferred. Emergency orders are never cut.
 */
export async function allocationAllowance(tx: DbOrTx, stationId: number, componentClass: string, abo: string, rhd: string, now: Date): Promise<{ share: number; level: AlertLevel }> {
  const [s] = await tx.select({ level: inventoryAlertState.level }).from(inventoryAlertState).where(and(eq(inventoryAlertState.stationId, stationId),
    eq(inventoryAlertState.orgId, stationId), eq(inventoryAlertState.componentClass, componentClass), eq(inventoryAlertState.abo, abo), eq(inventoryAlertState.rhd, rhd)));
  const level = (s?.level ?? 'green') as AlertLevel;
  return { share: 1 - thresholdsFor(stationId, now).data.allocationCutPercent[level] / 100, level };
}

/** Whether an order has an open deferral. */
export async function isDeferred(tx: DbOrTx, orderId: number): Promise<boolean> {
  const rows = await tx.select({ id: orderDeferral.id }).from(orderDeferral).where(and(eq(orderDeferral.orderId, orderId), isNull(orderDeferral.releasedAt)));
  return rows.length > 0;
}

/** Current levels at the station, per type, with days and since when. */
export async function currentLevels(db: Db, stationId: number, now: Date) {
  const [supply, states] = await Promise.all([
    nodeSupply(db, stationId, stationId, 'station', now),
    db.select().from(inventoryAlertState).where(and(eq(inventoryAlertState.stationId, stationId), eq(inventoryAlertState.orgId, stationId))),
  ]);
  const th = thresholdsFor(stationId, now);
  return {
    asOf: now, ruleSetId: th.id, thresholds: { greenMinDays: th.data.greenMinDays, yellowBelowDays: th.data.yellowBelowDays, orangeBelowDays: th.data.orangeBelowDays,
      redBelowDays: th.data.redBelowDays, allocationCutPercent: th.data.allocationCutPercent },
    rows: supply.map((s) => {
      const st = states.find((x) => x.componentClass === s.componentClass && x.abo === s.abo && x.rhd === s.rhd);
      return { ...s, recordedLevel: (st?.level ?? 'green') as AlertLevel, since: st?.since ?? null, cutPercent: th.data.allocationCutPercent[(st?.level ?? 'green') as AlertLevel] };
    }),
  };
}

/** Level-change history with the actions taken, newest first. */
export async function alertHistory(db: Db, stationId: number, q: { page: number; pageSize: number; componentClass?: string; abo?: string }) {
  const conds = [eq(inventoryAlert.stationId, stationId)];
  if (q.componentClass) conds.push(eq(inventoryAlert.componentClass, q.componentClass));
  if (q.abo) conds.push(eq(inventoryAlert.abo, q.abo));
  const where = and(...conds);
  const rows = await db.select().from(inventoryAlert).where(where).orderBy(desc(inventoryAlert.at), desc(inventoryAlert.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(inventoryAlert).where(where);
  const actions = rows.length ? await db.select().from(alertAction).where(inArray(alertAction.alertId, rows.map((r) => r.id))).orderBy(asc(alertAction.id)) : [];
  return { items: rows.map((r) => ({ ...r, actions: actions.filter((a) => a.alertId === r.id).map((a) => ({ kind: a.kind, details: a.details, at: a.at })) })), total, page: q.page, pageSize: q.pageSize };
}

/** Alert inbox of a hospital or storage point. */
export async function inbox(db: Db, stationId: number, orgId: number, q: { page: number; pageSize: number }) {
  const where = and(eq(alertInbox.stationId, stationId), eq(alertInbox.orgId, orgId));
  const rows = await db.select({
    id: alertInbox.id, createdAt: alertInbox.createdAt, readAt: alertInbox.readAt, componentClass: inventoryAlert.componentClass, abo: inventoryAlert.abo,
    rhd: inventoryAlert.rhd, fromLevel: inventoryAlert.fromLevel, toLevel: inventoryAlert.toLevel, days: inventoryAlert.days, at: inventoryAlert.at,
  }).from(alertInbox).innerJoin(inventoryAlert, eq(inventoryAlert.id, alertInbox.alertId)).where(where)
    .orderBy(desc(alertInbox.createdAt), desc(alertInbox.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total, unread }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number), unread: sql<number>`count(*) filter (where ${alertInbox.readAt} is null)`.mapWith(Number) })
    .from(alertInbox).where(where);
  return { items: rows, total, unread, page: q.page, pageSize: q.pageSize };
}

export const ALERT_LEVEL_LIST = ALERT_LEVELS;
