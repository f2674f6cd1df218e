/**
 * Three-tier reserve (三级库存): every node's stock, target (trailing average daily use × target days of its tier:
 * station 7, storage point 3, hospital 3; RhD− red cells at the station only with a floor in units; rule data
 * `RESERVE_REGISTRY`) and gap; replenishment proposals down the
 * hierarchy (station → storage point → its hospitals; station → direct-supply hospitals) and near-expiry offers back
 * up or across; applying a proposal moves stock with FEFO under row locks, audited, with unit events.
 * @see ../shared/seeds/000, 004; supply-chain-benchmarks.md §1–§3
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { assertIssuable, transition } from '@redbridge/domain/lifecycle';
import { RESERVE_REGISTRY, reserveGap, type ReserveTier } from '@redbridge/domain/supply';
import type { UnitStatus } from '@redbridge/domain/types';
import type { Db, DbOrTx } from '../../db/client.ts';
import { bloodUnit, dailyIssue, organisation } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { bilingual, conflict, forbidden, validationError } from '../../lib/problem.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { nodeSupply } from '../alerts/service.ts';

const tierOf = (type: string): ReserveTier => (type === 'station' ? 'station' : type === 'storage_point' ? 'storage_point' : 'hospital');
const r2 = (n: number) => Math.round(n * 100) / 100;

/** Stock, targets and gaps of every node of the station (hospitals with any stock or use). */
export async function reserveOverview(db: DbOrTx, stationId: number, now: Date) {
  const rules = RESERVE_REGISTRY.inForce(now, String(stationId));
  const orgs = await db.select({ id: organisation.id, name: organisation.name, type: organisation.type, parentId: organisation.parentId })
    .from(organisation).where(and(eq(organisation.stationId, stationId), inArray(organisation.type, ['station', 'storage_point', 'hospital']))).orderBy(asc(organisation.id));
  const nodes = [];
  for (const o of orgs) {
    const tier = tierOf(o.type);
    const supply = await nodeSupply(db, stationId, o.id, o.type, now);
    // A type is shown when held, used, or required (the station's RhD− red-cell floor applies without recent use).
    const rows = supply.map((s) => ({ s, g: reserveGap(tier, s.quantity, s.avgDailyUse, rules.data, s) }))
      .filter(({ s, g }) => s.quantity > 0 || s.avgDailyUse > 0 || g.target > 0)
      .map(({ s, g }) => ({ componentClass: s.componentClass, abo: s.abo, rhd: s.rhd, quantity: s.quantity, avgDailyUse: s.avgDailyUse, days: s.days,
        level: s.level, target: r2(g.target), gap: r2(g.gap), surplus: r2(g.surplus), targetRule: g.basis }));
    if (tier === 'hospital' && rows.length === 0) continue;
    nodes.push({ orgId: o.id, name: o.name, type: o.type, parentId: o.parentId, tier, targetDays: rules.data.targetDays[tier], rows,
      gapTypes: rows.filter((r) => r.gap > 0).length });
  }
  return { asOf: now, ruleSetId: rules.id, targetDays: rules.data.targetDays, windowDays: rules.data.trailingWindowDays, nodes };
}

export interface Proposal {
  kind: 'replenish' | 'near_expiry';
  fromOrgId: number; fromName: string; toOrgId: number; toName: string;
  componentClass: string; abo: string; rhd: string; quantity: number; unitIds?: number[]; reason: string;
}

/**
 * Replenishment proposals (a node's gap from its parent, as far as the parent holds stock) and near-expiry offers
 * (storage-point units expiring within `nearExpiryDays` back to the station, where they will be issued first).
 */
export async function proposals(db: DbOrTx, stationId: number, now: Date): Promise<Proposal[]> {
  const rules = RESERVE_REGISTRY.inForce(now, String(stationId)).data;
  const o = await reserveOverview(db, stationId, now);
  const byId = new Map(o.nodes.map((n) => [n.orgId, n]));
  const names = new Map((await db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(eq(organisation.stationId, stationId))).map((x) => [x.id, x.name]));
  const out: Proposal[] = [];
  const promised = new Map<string, number>();
  for (const n of o.nodes) {
    if (n.tier === 'station' || !n.parentId) continue;
    const parent = byId.get(n.parentId);
    for (const r of n.rows.filter((x) => x.gap > 0)) {
      const key = `${n.parentId}|${r.componentClass}|${r.abo}|${r.rhd}`;
      const pr = parent?.rows.find((x) => x.componentClass === r.componentClass && x.abo === r.abo && x.rhd === r.rhd);
      const avail = Math.max(0, (pr?.quantity ?? 0) - (promised.get(key) ?? 0));
      const q = r2(Math.min(r.gap, avail));
      if (q <= 0) continue;
      promised.set(key, (promised.get(key) ?? 0) + q);
      out.push({ kind: 'replenish', fromOrgId: n.parentId, fromName: names.get(n.parentId) ?? '', toOrgId: n.orgId, toName: n.name,
        componentClass: r.componentClass, abo: r.abo, rhd: r.rhd, quantity: q, reason: `gap ${r.gap} (target ${r.target})` });
    }
  }
  const soon = await db.select({ id: bloodUnit.id, orgId: bloodUnit.locationOrgId, componentClass: bloodUnit.componentClass, abo: bloodUnit.abo, rhd: bloodUnit.rhd, quantity: bloodUnit.quantity })
    .from(bloodUnit).innerJoin(organisation, eq(organisation.id, bloodUnit.locationOrgId))
    .where(and(eq(bloodUnit.stationId, stationId), eq(organisation.type, 'storage_point'), eq(bloodUnit.status, 'available'),
      sql`${bloodUnit.expiresAt} > ${now}`, sql`${bloodUnit.expiresAt} <= ${addDays(now, rules.nearExpiryDays)}`));
  const groups = new Map<string, typeof soon>();
  for (const u of soon) { const k = `${u.orgId}|${u.componentClass}|${u.abo}|${u.rhd}`; groups.set(k, [...(groups.get(k) ?? []), u]); }
  for (const [k, units] of groups) {
    const [orgId, componentClass, abo, rhd] = k.split('|');
    out.push({ kind: 'near_expiry', fromOrgId: Number(orgId), fromName: names.get(Number(orgId)) ?? '', toOrgId: stationId, toName: names.get(stationId) ?? '',
      componentClass, abo, rhd, quantity: r2(units.reduce((s, u) => s + u.quantity, 0)), unitIds: units.map((u) => u.id), reason: `expires within ${rules.nearExpiryDays} d` });
  }
  return out;
}

/**
 * Moves stock between nodes: FEFO from `fromOrgId`'s available stock (or the given units), whole bags up to the
 * quantity. To a station or storage point the units stay `available` (a transfer); to a hospital they are issued.
 * Every unit passes the issue gate. Station users only.
 * @throws 403; 400 `VALIDATION` (`/toOrgId` wrong direction); 409 `INSUFFICIENT_STOCK` when nothing can move
 */
export async function transferStock(db: Db, ctx: ActionContext, p: { fromOrgId: number; toOrgId: number; componentClass: string; abo: string; rhd: string; quantity: number; unitIds?: number[]; reason: string }) {
  if (ctx.user.orgType !== 'station' || !['distribution', 'station_admin'].includes(ctx.user.role)) throw forbidden();
  return db.transaction(async (tx) => {
    const orgs = await tx.select().from(organisation).where(and(eq(organisation.stationId, ctx.user.stationId), inArray(organisation.id, [p.fromOrgId, p.toOrgId])));
    const from = orgs.find((o) => o.id === p.fromOrgId);
    const to = orgs.find((o) => o.id === p.toOrgId);
    if (!from || !to || from.id === to.id || from.type === 'hospital' || to.type === 'health_commission') {
      throw validationError('/toOrgId', 'WRONG_DIRECTION', bilingual('调拨方向无效', 'invalid transfer direction'));
    }
    const conds = [eq(bloodUnit.stationId, ctx.user.stationId), eq(bloodUnit.locationOrgId, from.id), eq(bloodUnit.status, 'available'),
      eq(bloodUnit.componentClass, p.componentClass), eq(bloodUnit.abo, p.abo), eq(bloodUnit.rhd, p.rhd), sql`${bloodUnit.expiresAt} > ${ctx.now}`];
    if (p.unitIds?.length) conds.push(inArray(bloodUnit.id, p.unitIds));
    const candidates = await tx.select().from(bloodUnit).where(and(...conds)).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id)).limit(500).for('update', { skipLocked: true });
    const picked: typeof candidates = [];
    let left = p.quantity;
    for (const u of candidates) {
      if (p.unitIds?.length ? false : u.quantity > left + 0.0001) continue;
      assertIssuable({ id: String(u.id), status: u.status as UnitStatus, released: u.released, labelled: u.labelled, recalled: u.recalled, expiresAt: u.expiresAt }, ctx.now);
      picked.push(u);
      left -= u.quantity;
      if (!p.unitIds?.length && left <= 0.0001) break;
    }
    if (picked.length === 0) throw conflict('没有可调拨的血液', 'No stock can be moved', 'INSUFFICIENT_STOCK');
    const issue = to.type === 'hospital';
    const day = shanghaiDate(ctx.now);
    for (const u of picked) {
      const toStatus = issue ? transition('available', 'issue') : 'available';
      await tx.update(bloodUnit).set({ status: toStatus, locationOrgId: to.id, updatedAt: ctx.now }).where(and(eq(bloodUnit.id, u.id), eq(bloodUnit.status, 'available')));
      if (to.type !== 'station') {
        await tx.insert(dailyIssue).values({ stationId: ctx.user.stationId, day, orgId: from.id, componentClass: u.componentClass, abo: u.abo!, rhd: u.rhd!, quantity: u.quantity })
          .onConflictDoUpdate({ target: [dailyIssue.stationId, dailyIssue.day, dailyIssue.orgId, dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd],
            set: { quantity: sql`${dailyIssue.quantity} + excluded.quantity` } });
      }
    }
    await recordUnitEvents(tx, ctx, picked.map((u) => ({ unitId: u.id, donationId: u.donationId, din: u.din, type: issue ? 'issue' : 'transfer',
      fromStatus: 'available', toStatus: issue ? 'issued' : 'available', orgId: from.id, reason: p.reason, details: { fromOrgId: from.id, toOrgId: to.id } })));
    const moved = r2(picked.reduce((s, u) => s + u.quantity, 0));
    await recordAudit(tx, ctx, { action: 'reserve.transfer', entityType: 'organisation', entityId: to.id, reason: p.reason,
      after: { fromOrgId: from.id, toOrgId: to.id, componentClass: p.componentClass, abo: p.abo, rhd: p.rhd, requested: p.quantity, moved, units: picked.map((u) => u.id) } });
    return { fromOrgId: from.id, toOrgId: to.id, moved, units: picked.map((u) => ({ id: u.id, din: u.din, quantity: u.quantity, expiresAt: u.expiresAt })) };
  });
}
