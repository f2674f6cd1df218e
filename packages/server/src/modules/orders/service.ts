/**
 * Hospital orders → station allocation (FEFO, identical ABO/RhD first) → issue and handover → hospital receipt
 * → transfusion. The pure decisions (compatibility, allocation order, the issue safety gate) are the domain's;
 * this module loads state, locks rows, persists and audits.
 *
 * Concurrency: allocation reserves with `UPDATE … WHERE status = 'available'`, so under READ COMMITTED a unit
 * claimed by a concurrent transaction is re-checked and skipped; `order_allocation.unit_id` is unique as a
 * second guard. No unit can be issued twice (R40).
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { assertCompatible, compatibleDonorGroups, IDENTICAL_FIRST, IDENTICAL_ONLY } from '@redbridge/domain/abo-rh';
import { allocateFefo, type StockUnit as AllocationStockUnit } from '@redbridge/domain/allocation';
import { assertIssuable } from '@redbridge/domain/lifecycle';
import { transition } from '@redbridge/domain/lifecycle';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { bloodOrder, bloodUnit, dailyIssue, orderAllocation, orderLine, organisation, transfusion, wardIssue } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, forbidden, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { locationOrg, presentUnit, unitColumns } from '../units/service.ts';
import { allocationAllowance, isDeferred } from '../alerts/service.ts';
import { approvalTier, requestedMl } from '@redbridge/domain/supply';

export interface NewOrderLine {
  componentClass: ComponentClass;
  abo: AboGroup;
  rhd: RhD;
  quantity: number;
}

export interface NewOrder {
  lines: NewOrderLine[];
  neededBy: Date;
  priority: 'routine' | 'emergency';
  note?: string | null;
  /** routine, or scheduled (择期: planned surgery on `neededBy`). */
  kind?: 'routine' | 'scheduled';
  /** Elective use: deferred first while the type is on alert (tight balance). */
  elective?: boolean;
  /** Who approved the volume at the hospital (医疗机构临床用血管理办法 Art. 20). */
  approvedBy?: string | null;
}

export type AllocationPolicyName = 'identical_first' | 'identical_only';

const hospitalOrg = locationOrg; // same alias shape; orders join the hospital organisation
const orderColumns = {
  id: bloodOrder.id, orderNumber: bloodOrder.orderNumber, hospitalOrgId: bloodOrder.hospitalOrgId,
  hospitalName: organisation.name, status: bloodOrder.status, priority: bloodOrder.priority, neededBy: bloodOrder.neededBy,
  note: bloodOrder.note, kind: bloodOrder.kind, elective: bloodOrder.elective, approvalTier: bloodOrder.approvalTier,
  approvedBy: bloodOrder.approvedBy, createdAt: bloodOrder.createdAt, issuedAt: bloodOrder.issuedAt, receivedAt: bloodOrder.receivedAt,
};

function orderScope(user: SessionUser): SQL {
  const station = eq(bloodOrder.stationId, user.stationId);
  return user.orgType === 'hospital' || user.orgType === 'storage_point' ? and(station, eq(bloodOrder.hospitalOrgId, user.orgId))! : station;
}

async function attachLines<T extends { id: number }>(db: DbOrTx, orders: T[]) {
  if (orders.length === 0) return [];
  const lines = await db.select({
    id: orderLine.id, orderId: orderLine.orderId, componentClass: orderLine.componentClass, abo: orderLine.abo,
    rhd: orderLine.rhd, quantity: orderLine.quantity, allocatedQuantity: orderLine.allocatedQuantity,
  }).from(orderLine).where(inArray(orderLine.orderId, orders.map((o) => o.id))).orderBy(asc(orderLine.id));
  return orders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id).map(({ orderId: _o, ...l }) => l) }));
}

export async function listOrders(db: Db, user: SessionUser, q: PageQuery & { status?: string }) {
  const conds: SQL[] = [orderScope(user)];
  if (q.status) conds.push(inArray(bloodOrder.status, q.status.split(',')));
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(orderColumns).from(bloodOrder).innerJoin(organisation, eq(organisation.id, bloodOrder.hospitalOrgId))
      .where(where).orderBy(desc(bloodOrder.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(bloodOrder).where(where),
  ]);
  return { items: await attachLines(db, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getOrder(db: DbOrTx, user: SessionUser, id: number) {
  const rows = await db.select(orderColumns).from(bloodOrder).innerJoin(organisation, eq(organisation.id, bloodOrder.hospitalOrgId))
    .where(and(eq(bloodOrder.id, id), orderScope(user)));
  if (!rows[0]) throw notFound('Order', '订单');
  const [withLines] = await attachLines(db, rows);
  const units = await db.select({ ...unitColumns, lineId: orderAllocation.lineId }).from(orderAllocation)
    .innerJoin(bloodUnit, eq(bloodUnit.id, orderAllocation.unitId))
    .innerJoin(hospitalOrg, eq(hospitalOrg.id, bloodUnit.locationOrgId))
    .where(eq(orderAllocation.orderId, id)).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id));
  return { ...withLines, units: units.map(presentUnit) };
}

async function lockOrder(tx: Tx, user: SessionUser, id: number) {
  const rows = await tx.select().from(bloodOrder).where(and(eq(bloodOrder.id, id), orderScope(user))).for('update');
  if (!rows[0]) throw notFound('Order', '订单');
  return rows[0];
}

/** A hospital places an order (R40, R59). Quantities are in the class's unit: U, therapeutic dose or ml. */
export async function createOrder(db: Db, ctx: ActionContext, input: NewOrder) {
  if (ctx.user.orgType !== 'hospital' && ctx.user.role !== 'station_admin') throw forbidden();
  const hospitalOrgId = ctx.user.orgId;
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(bloodOrder).values({
      stationId: ctx.user.stationId, orderNumber: 'pending', hospitalOrgId, status: 'submitted', priority: input.priority,
      neededBy: input.neededBy, note: input.note ?? null, createdBy: ctx.user.id, createdAt: ctx.now, updatedAt: ctx.now,
      kind: input.kind ?? 'routine', elective: input.elective ?? input.kind === 'scheduled',
      approvalTier: approvalTier(requestedMl(input.lines), input.priority === 'emergency'), approvedBy: input.approvedBy ?? null,
    }).returning({ id: bloodOrder.id });
    const orderNumber = `DD${shanghaiDate(ctx.now).replace(/-/g, '')}${String(created.id).padStart(6, '0')}`;
    await tx.update(bloodOrder).set({ orderNumber }).where(eq(bloodOrder.id, created.id));
    await tx.insert(orderLine).values(input.lines.map((l) => ({
      stationId: ctx.user.stationId, orderId: created.id, componentClass: l.componentClass, abo: l.abo, rhd: l.rhd, quantity: l.quantity,
    })));
    await recordAudit(tx, ctx, { action: 'order.submit', entityType: 'order', entityId: created.id, after: { orderNumber, ...input } });
    return getOrder(tx, ctx.user, created.id);
  });
}

/** Rounds of pick → lock (skipping rows other allocations hold) before an allocation settles for what it has. */
const ALLOCATION_ATTEMPTS = 8;

/**
 * Allocates station stock to an order, first-expiring-first-out with identical ABO/RhD first and compatible
 * substitutes by policy (R37). Partial fills leave the remainder on the line (backorder).
 */
export async function allocateOrder(db: Db, ctx: ActionContext, orderId: number, policyName: AllocationPolicyName = 'identical_first') {
  const policy = policyName === 'identical_only' ? IDENTICAL_ONLY : IDENTICAL_FIRST;
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.user, orderId);
    if (order.status !== 'submitted' && order.status !== 'allocated') {
      throw conflict('该订单状态不能分配', `An order in status ${order.status} cannot be allocated`, 'INVALID_TRANSITION');
    }
    if (order.priority !== 'emergency' && await isDeferred(tx, orderId)) {
      throw conflict('血液库存预警期间择期用血订单已暂缓', 'This elective order is deferred while the inventory alert lasts', 'ORDER_DEFERRED');
    }
    const allLines = await tx.select().from(orderLine).where(eq(orderLine.orderId, orderId)).orderBy(asc(orderLine.id));
    // Tight balance: a non-emergency line gets at most (1 − cut) of its quantity while its type is on alert.
    const lines = [];
    const cuts: { lineId: number; level: string; share: number }[] = [];
    for (const l of allLines) {
      if (order.priority === 'emergency') { lines.push(l); continue; }
      const a = await allocationAllowance(tx, ctx.user.stationId, l.componentClass, l.abo, l.rhd, ctx.now);
      if (a.share < 1) cuts.push({ lineId: l.id, level: a.level, share: a.share });
      lines.push({ ...l, quantity: Math.round(l.quantity * a.share * 100) / 100 });
    }
    const stationOrgId = ctx.user.orgType === 'station' ? ctx.user.orgId : await stationOrgOf(tx, ctx.user.stationId);
    const openLines = lines.filter((l) => l.quantity - l.allocatedQuantity > 0.0001);
    const chosenAll: { lineId: number; unitId: number }[] = [];
    const exclude = new Set<number>();
    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS && openLines.length > 0; attempt++) {
      const stock = await loadCandidates(tx, ctx.user.stationId, stationOrgId, openLines, policy, exclude);
      const result = allocateFefo({
        lines: openLines.map((l) => ({
          lineId: String(l.id), componentClass: l.componentClass as ComponentClass,
          recipient: { abo: l.abo as AboGroup, rhd: l.rhd as RhD },
          quantity: l.quantity - l.allocatedQuantity - sumFor(chosenAll, l.id, stock),
        })).filter((l) => l.quantity > 0.0001),
        policy, now: ctx.now,
      }, stock);
      let picks = result.lines.flatMap((r) => r.unitIds.map((unitId) => ({ lineId: Number(r.lineId), unitId: Number(unitId) })));
      // A cut is a ceiling: whole bags up to the allowed share, never beyond it.
      if (cuts.length > 0) {
        const room = new Map(openLines.map((l) => [l.id, l.quantity - l.allocatedQuantity - sumFor(chosenAll, l.id, stock)]));
        picks = picks.filter((p) => {
          if (!cuts.some((c) => c.lineId === p.lineId)) return true;
          const q = stock.find((u) => u.id === String(p.unitId))?.quantity ?? 0;
          const left = room.get(p.lineId) ?? 0;
          if (q > left + 0.0001) return false;
          room.set(p.lineId, left - q);
          return true;
        });
      }
      if (picks.length === 0) break;
      // Lock only the picked rows, skipping any a concurrent allocation holds (no queueing on the same
      // earliest-expiring units); the status-guarded UPDATE is the correctness guard. Skipped units are
      // excluded and the next attempt picks the next-expiring ones.
      const lockable = await tx.select({ id: bloodUnit.id }).from(bloodUnit)
        .where(and(inArray(bloodUnit.id, picks.map((p) => p.unitId)), eq(bloodUnit.status, 'available')))
        .for('update', { skipLocked: true });
      const claimed = lockable.length === 0 ? [] : await tx.update(bloodUnit).set({ status: 'reserved', orderId, updatedAt: ctx.now })
        .where(and(inArray(bloodUnit.id, lockable.map((r) => r.id)), eq(bloodUnit.status, 'available')))
        .returning({ id: bloodUnit.id });
      const claimedIds = new Set(claimed.map((c) => c.id));
      for (const p of picks) {
        if (claimedIds.has(p.unitId)) chosenAll.push(p);
        else exclude.add(p.unitId);
      }
      if (claimedIds.size === picks.length) break;
      // Every pick was held by concurrent allocations: give them a moment to commit before looking again.
      if (claimedIds.size === 0) await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
    if (chosenAll.length > 0) {
      await tx.insert(orderAllocation).values(chosenAll.map((c) => ({ stationId: ctx.user.stationId, orderId, lineId: c.lineId, unitId: c.unitId, createdAt: ctx.now })));
      const units = await tx.select({ id: bloodUnit.id, din: bloodUnit.din, quantity: bloodUnit.quantity, donationId: bloodUnit.donationId })
        .from(bloodUnit).where(inArray(bloodUnit.id, chosenAll.map((c) => c.unitId)));
      for (const l of openLines) {
        const add = chosenAll.filter((c) => c.lineId === l.id).reduce((s, c) => s + (units.find((u) => u.id === c.unitId)?.quantity ?? 0), 0);
        if (add > 0) await tx.update(orderLine).set({ allocatedQuantity: sql`${orderLine.allocatedQuantity} + ${add}` }).where(eq(orderLine.id, l.id));
      }
      await recordUnitEvents(tx, ctx, units.map((u) => ({
        unitId: u.id, donationId: u.donationId, din: u.din, type: 'reserve', fromStatus: 'available', toStatus: 'reserved',
        details: { orderId },
      })));
      await tx.update(bloodOrder).set({ status: 'allocated', updatedAt: ctx.now }).where(eq(bloodOrder.id, orderId));
    }
    await recordAudit(tx, ctx, { action: 'order.allocate', entityType: 'order', entityId: orderId, reason: policyName,
      after: { units: chosenAll.map((c) => c.unitId), ...(cuts.length > 0 ? { allocationCuts: cuts } : {}) } });
    return getOrder(tx, ctx.user, orderId);
  });
}

function sumFor(chosen: { lineId: number; unitId: number }[], lineId: number, stock: AllocationStockUnit[]): number {
  return chosen.filter((c) => c.lineId === lineId).reduce((s, c) => s + (stock.find((u) => u.id === String(c.unitId))?.quantity ?? 0), 0);
}

async function stationOrgOf(tx: DbOrTx, stationId: number): Promise<number> {
  const rows = await tx.select({ id: organisation.id }).from(organisation)
    .where(and(eq(organisation.id, stationId), eq(organisation.type, 'station')));
  if (!rows[0]) throw notFound('Station', '血站');
  return rows[0].id;
}

/** Candidate stock for the open lines: available units at the station in the compatible groups, soonest expiry first. */
async function loadCandidates(tx: Tx, stationId: number, stationOrgId: number, lines: (typeof orderLine.$inferSelect)[],
  policy: typeof IDENTICAL_FIRST | typeof IDENTICAL_ONLY, exclude: Set<number>): Promise<AllocationStockUnit[]> {
  const byId = new Map<number, AllocationStockUnit>();
  for (const l of lines) {
    const groups = compatibleDonorGroups(l.componentClass as ComponentClass, { abo: l.abo as AboGroup, rhd: l.rhd as RhD }, policy);
    for (const g of groups) {
      const rows = await tx.select({
        id: bloodUnit.id, productId: bloodUnit.productId, componentClass: bloodUnit.componentClass, abo: bloodUnit.abo,
        rhd: bloodUnit.rhd, quantity: bloodUnit.quantity, expiresAt: bloodUnit.expiresAt, collectedAt: bloodUnit.collectedAt,
        status: bloodUnit.status, released: bloodUnit.released, labelled: bloodUnit.labelled, recalled: bloodUnit.recalled,
      }).from(bloodUnit).where(and(
        eq(bloodUnit.stationId, stationId), eq(bloodUnit.locationOrgId, stationOrgId), eq(bloodUnit.status, 'available'),
        eq(bloodUnit.componentClass, l.componentClass), eq(bloodUnit.abo, g.abo), eq(bloodUnit.rhd, g.rhd),
      )).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id)).limit(Math.ceil(l.quantity) + 20 + exclude.size);
      for (const r of rows) {
        if (!exclude.has(r.id)) byId.set(r.id, { ...r, id: String(r.id), componentClass: r.componentClass as ComponentClass, abo: r.abo as AboGroup, rhd: r.rhd as RhD, status: r.status as never });
      }
    }
  }
  return [...byId.values()];
}

/**
 * Issues the reserved units of an allocated order: each unit passes the safety gate (released, labelled,
 * unexpired, not recalled, ABO/RhD compatible with its line) at the moment of issue, then leaves the station.
 * @throws DomainError `UNIT_NOT_ISSUABLE` / `ABO_INCOMPATIBLE`; nothing is issued then.
 */
export async function issueOrder(db: Db, ctx: ActionContext, orderId: number, handover: { handoverTo?: string | null; tempC?: number | null }) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.user, orderId);
    if (order.status !== 'allocated') throw conflict('只有已分配的订单可以发血', 'Only an allocated order can be issued', 'INVALID_TRANSITION');
    const rows = await tx.select({ unit: bloodUnit, line: orderLine }).from(orderAllocation)
      .innerJoin(bloodUnit, eq(bloodUnit.id, orderAllocation.unitId)).innerJoin(orderLine, eq(orderLine.id, orderAllocation.lineId))
      .where(eq(orderAllocation.orderId, orderId)).for('update', { of: bloodUnit });
    if (rows.length === 0) throw conflict('订单没有已分配的血液', 'The order has no allocated units', 'INSUFFICIENT_STOCK');
    for (const { unit, line } of rows) {
      assertIssuable({ status: unit.status as never, released: unit.released, labelled: unit.labelled, recalled: unit.recalled, expiresAt: unit.expiresAt }, ctx.now);
      assertCompatible(unit.componentClass as ComponentClass, { abo: unit.abo as AboGroup, rhd: unit.rhd as RhD },
        { abo: line.abo as AboGroup, rhd: line.rhd as RhD }, IDENTICAL_FIRST);
    }
    const day = shanghaiDate(ctx.now);
    for (const { unit } of rows) {
      const to = transition(unit.status as never, 'issue');
      await tx.update(bloodUnit).set({ status: to, updatedAt: ctx.now }).where(and(eq(bloodUnit.id, unit.id), eq(bloodUnit.status, 'reserved')));
      await tx.insert(dailyIssue).values({
        stationId: ctx.user.stationId, day, orgId: unit.locationOrgId, componentClass: unit.componentClass, abo: unit.abo!, rhd: unit.rhd!, quantity: unit.quantity,
      }).onConflictDoUpdate({
        target: [dailyIssue.stationId, dailyIssue.day, dailyIssue.orgId, dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd],
        set: { quantity: sql`${dailyIssue.quantity} + excluded.quantity` },
      });
    }
    await recordUnitEvents(tx, ctx, rows.flatMap(({ unit }) => [
      { unitId: unit.id, donationId: unit.donationId, din: unit.din, type: 'issue', fromStatus: unit.status, toStatus: 'issued', details: { orderId, hospitalOrgId: order.hospitalOrgId } },
      { unitId: unit.id, donationId: unit.donationId, din: unit.din, type: 'handover', details: { orderId, handoverTo: handover.handoverTo ?? null, tempC: handover.tempC ?? null } },
    ]));
    await tx.update(bloodOrder).set({ status: 'issued', issuedAt: ctx.now, updatedAt: ctx.now }).where(eq(bloodOrder.id, orderId));
    await recordAudit(tx, ctx, { action: 'order.issue', entityType: 'order', entityId: orderId, after: { units: rows.map((r) => r.unit.id), ...handover } });
    return getOrder(tx, ctx.user, orderId);
  });
}

/** The hospital receives an issued order into its own stock (R60: receipt confirmation with temperature). */
export async function receiveOrder(db: Db, ctx: ActionContext, orderId: number, input: { tempC?: number | null }) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.user, orderId);
    if (ctx.user.orgType !== 'hospital' || order.hospitalOrgId !== ctx.user.orgId) throw forbidden();
    if (order.status !== 'issued') throw conflict('只有已发血的订单可以接收', 'Only an issued order can be received', 'INVALID_TRANSITION');
    const units = await tx.select({ id: bloodUnit.id, din: bloodUnit.din, donationId: bloodUnit.donationId }).from(orderAllocation)
      .innerJoin(bloodUnit, eq(bloodUnit.id, orderAllocation.unitId)).where(eq(orderAllocation.orderId, orderId));
    await tx.update(bloodUnit).set({ locationOrgId: order.hospitalOrgId, updatedAt: ctx.now })
      .where(inArray(bloodUnit.id, units.map((u) => u.id)));
    await recordUnitEvents(tx, ctx, units.map((u) => ({ unitId: u.id, donationId: u.donationId, din: u.din, type: 'receipt',
      orgId: order.hospitalOrgId, details: { orderId, tempC: input.tempC ?? null } })));
    await tx.update(bloodOrder).set({ status: 'received', receivedAt: ctx.now, updatedAt: ctx.now }).where(eq(bloodOrder.id, orderId));
    await recordAudit(tx, ctx, { action: 'order.receive', entityType: 'order', entityId: orderId, after: input });
    return getOrder(tx, ctx.user, orderId);
  });
}

export interface TransfusionInput {
  patientName: string;
  patientIdNumber?: string | null;
  patientAbo: AboGroup;
  patientRhd: RhD;
  ward?: string | null;
  transfusedAt?: Date;
  bed?: string | null;
  endedAt?: Date | null;
  volumeMl?: number | null;
  outcome?: 'completed' | 'stopped' | null;
}

/**
 * Records a transfusion of a unit held by the user's hospital. Refuses an ABO/RhD-incompatible patient
 * (identical first, compatible accepted; 临床输血技术规范 2000) and any unit not issued to this hospital.
 */
export async function transfuseUnit(db: Db, ctx: ActionContext, unitId: number, input: TransfusionInput) {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(bloodUnit).where(and(eq(bloodUnit.id, unitId), eq(bloodUnit.stationId, ctx.user.stationId))).for('update');
    const unit = rows[0];
    if (!unit || unit.locationOrgId !== ctx.user.orgId) throw notFound('Unit', '血袋');
    if (unit.recalled) throw new AppError(422, 'UNIT_NOT_ISSUABLE', bilingual('该血袋已被收回，禁止输注', 'This unit is recalled and must not be transfused'));
    if (unit.expiresAt.getTime() <= (input.transfusedAt ?? ctx.now).getTime()) {
      throw new AppError(422, 'UNIT_NOT_ISSUABLE', bilingual('该血袋已过期，禁止输注', 'This unit has expired and must not be transfused'));
    }
    assertCompatible(unit.componentClass as ComponentClass, { abo: unit.abo as AboGroup, rhd: unit.rhd as RhD },
      { abo: input.patientAbo, rhd: input.patientRhd }, IDENTICAL_FIRST);
    // Bedside check: a unit issued to a ward (hospital blood bank) is transfused only to that patient.
    const [issued] = await tx.select({ id: wardIssue.id, patientName: wardIssue.patientName }).from(wardIssue).where(eq(wardIssue.unitId, unit.id));
    if (issued && issued.patientName !== input.patientName) {
      throw new AppError(422, 'PATIENT_MISMATCH', bilingual('患者与发血记录不符，禁止输注', 'The patient does not match the ward issue'),
        [{ pointer: '/patientName', code: 'PATIENT_MISMATCH', message: bilingual('患者与发血记录不符', 'Patient does not match the ward issue') }]);
    }
    const to = transition(unit.status as never, 'transfuse');
    const at = input.transfusedAt ?? ctx.now;
    await tx.update(bloodUnit).set({ status: to, updatedAt: ctx.now }).where(eq(bloodUnit.id, unit.id));
    await tx.insert(transfusion).values({
      stationId: ctx.user.stationId, unitId: unit.id, hospitalOrgId: ctx.user.orgId, patientName: input.patientName,
      patientIdNumber: input.patientIdNumber ?? null, patientAbo: input.patientAbo, patientRhd: input.patientRhd,
      ward: input.ward ?? null, transfusedAt: at, recordedBy: ctx.user.id, createdAt: ctx.now,
      bed: input.bed ?? null, wardIssueId: issued?.id ?? null, endedAt: input.endedAt ?? null, volumeMl: input.volumeMl ?? null, outcome: input.outcome ?? null,
    });
    await tx.insert(dailyIssue).values({
      stationId: ctx.user.stationId, day: shanghaiDate(at), orgId: ctx.user.orgId, componentClass: unit.componentClass,
      abo: unit.abo!, rhd: unit.rhd!, quantity: unit.quantity,
    }).onConflictDoUpdate({
      target: [dailyIssue.stationId, dailyIssue.day, dailyIssue.orgId, dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd],
      set: { quantity: sql`${dailyIssue.quantity} + excluded.quantity` },
    });
    await recordUnitEvents(tx, ctx, [{ unitId: unit.id, donationId: unit.donationId, din: unit.din, type: 'transfusion',
      fromStatus: unit.status, toStatus: to, details: { ward: input.ward ?? null, patientAbo: input.patientAbo, patientRhd: input.patientRhd } }]);
    await recordAudit(tx, ctx, { action: 'unit.transfuse', entityType: 'unit', entityId: unit.id,
      after: { patientName: input.patientName, ward: input.ward ?? null } });
    const out = await tx.select(unitColumns).from(bloodUnit).innerJoin(locationOrg, eq(locationOrg.id, bloodUnit.locationOrgId))
      .where(eq(bloodUnit.id, unit.id));
    return presentUnit(out[0]);
  });
}
