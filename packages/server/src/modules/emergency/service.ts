/**
 * Emergency supply (急症用血, 先供血后补手续): the hospital files an emergency request (医疗机构急症用血审批单) by
 * phone, the station's duty desk confirms the call, blood is issued at once from the hospital's own reserve, then
 * its storage point, then the station (one action per step), and the paperwork is completed afterwards against a
 * deadline with reminders. A three-level contact ladder (duty staff → directors → leaders) escalates by job when a
 * level does not acknowledge in time.
 *
 * Safety: every unit issued passes the issue gate (released, labelled, unexpired, not recalled) and ABO/RhD
 * compatibility with the patient (identical first, compatible substitutes) at the moment of issue, under row locks.
 * @see ../shared/seeds/003 (Weifang green channel), china-blood-service-rules.md §5.1, §5.4
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { assertCompatible, compatibleDonorGroups, IDENTICAL_FIRST } from '@redbridge/domain/abo-rh';
import { allocateFefo, type StockUnit } from '@redbridge/domain/allocation';
import { assertIssuable, transition } from '@redbridge/domain/lifecycle';
import {
  EMERGENCY_SOURCE_ORDER, EMERGENCY_SUPPLY_REGISTRY, escalationDueAt, paperworkSchedule, type EmergencySourceTier,
} from '@redbridge/domain/supply';
import type { AboGroup, ComponentClass, RhD, UnitStatus } from '@redbridge/domain/types';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  auditLog, bloodOrder, bloodUnit, dailyIssue, emergencyCall, emergencyContact, emergencyIssue, emergencyRequest, orderLine, organisation,
} from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { bilingual, conflict, forbidden, notFound, validationError } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { enqueueJob, type JobHandlers } from '../jobs/runner.ts';

export interface EmergencyLine { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number }
export interface EmergencyCallInput { calledAt?: Date; callerName?: string | null; lines: EmergencyLine[]; note?: string | null }
export interface OpenEmergencyInput {
  hospitalOrgId?: number;
  patientName: string;
  patientAbo: AboGroup;
  patientRhd: RhD;
  diagnosis?: string | null;
  call: EmergencyCallInput;
}

const STATION_ROLES = new Set(['distribution', 'station_admin']);
const isStationUser = (u: SessionUser) => u.orgType === 'station' && STATION_ROLES.has(u.role);

function rules(now: Date) {
  return EMERGENCY_SUPPLY_REGISTRY.inForce(now);
}

function scope(user: SessionUser): SQL {
  const st = eq(emergencyRequest.stationId, user.stationId);
  if (user.orgType === 'hospital') return and(st, eq(emergencyRequest.hospitalOrgId, user.orgId))!;
  if (user.orgType === 'storage_point') return and(st, eq(emergencyRequest.storagePointOrgId, user.orgId))!;
  return st;
}

async function contact(tx: DbOrTx, stationId: number, emergencyId: number, c: { level?: number | null; kind: string; at: Date; actorId?: number | null; contactName?: string | null; channel?: string | null; note?: string | null }) {
  await tx.insert(emergencyContact).values({
    stationId, emergencyId, level: c.level ?? null, kind: c.kind, at: c.at, actorId: c.actorId ?? null,
    contactName: c.contactName ?? null, channel: c.channel ?? null, note: c.note ?? null,
  });
}

function validateLines(lines: EmergencyLine[], pointer: string) {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const key = `${l.componentClass}|${l.abo}|${l.rhd}`;
    if (seen.has(key)) throw validationError(`${pointer}/${i}`, 'DUPLICATE_LINE', bilingual('同一成分血型重复', 'duplicate component and blood group'));
    seen.add(key);
  });
}

async function lockEmergency(tx: Tx, user: SessionUser, id: number) {
  const rows = await tx.select().from(emergencyRequest).where(and(eq(emergencyRequest.id, id), scope(user))).for('update');
  if (!rows[0]) throw notFound('Emergency', '急救用血');
  return rows[0];
}

async function scheduleEscalation(tx: DbOrTx, stationId: number, emergencyId: number, level: number, calledAt: Date, now: Date) {
  await enqueueJob(tx, {
    stationId, kind: 'emergency.escalate', payload: { emergencyId, level, calledAt: calledAt.toISOString() },
    runAt: escalationDueAt(level, calledAt, rules(now).data), now, dedupeKey: `emergency:${emergencyId}:escalate:${level}:${calledAt.toISOString()}`,
  });
}

/**
 * Opens an emergency with its first call. A hospital files for itself; the station's duty desk may record a call
 * on behalf of a hospital (`hospitalOrgId`). Calls level 1 (duty staff) of the contact ladder and starts its timer.
 * @throws 400 `VALIDATION` (`/hospitalOrgId`, `/call/lines/i`), 403 for other roles
 */
export async function openEmergency(db: Db, ctx: ActionContext, input: OpenEmergencyInput) {
  const u = ctx.user;
  let hospitalOrgId: number;
  if (u.orgType === 'hospital') hospitalOrgId = u.orgId;
  else if (isStationUser(u)) {
    if (!input.hospitalOrgId) throw validationError('/hospitalOrgId', 'REQUIRED', bilingual('请选择医院', 'hospital is required'));
    hospitalOrgId = input.hospitalOrgId;
  } else throw forbidden();
  validateLines(input.call.lines, '/call/lines');
  return db.transaction(async (tx) => {
    const [h] = await tx.select().from(organisation).where(and(eq(organisation.id, hospitalOrgId), eq(organisation.stationId, u.stationId)));
    if (!h || h.type !== 'hospital') throw validationError('/hospitalOrgId', 'NOT_A_HOSPITAL', bilingual('不是本站供血的医院', 'not a hospital of this station'));
    let storagePointOrgId: number | null = null;
    if (h.parentId) {
      const [p] = await tx.select().from(organisation).where(eq(organisation.id, h.parentId));
      if (p?.type === 'storage_point') storagePointOrgId = p.id;
    }
    const calledAt = input.call.calledAt ?? ctx.now;
    const [created] = await tx.insert(emergencyRequest).values({
      stationId: u.stationId, requestNumber: 'pending', hospitalOrgId, storagePointOrgId, patientName: input.patientName,
      patientAbo: input.patientAbo, patientRhd: input.patientRhd, diagnosis: input.diagnosis ?? null, status: 'open',
      openedAt: calledAt, openedBy: u.id, commLevel: 1, commLevelCalledAt: calledAt, ruleSetId: rules(ctx.now).id,
    }).returning({ id: emergencyRequest.id });
    const requestNumber = `JJ${shanghaiDate(calledAt).replace(/-/g, '')}${String(created.id).padStart(5, '0')}`;
    await tx.update(emergencyRequest).set({ requestNumber }).where(eq(emergencyRequest.id, created.id));
    await tx.insert(emergencyCall).values({
      stationId: u.stationId, emergencyId: created.id, callNo: 1, calledAt, callerName: input.call.callerName ?? null,
      lines: input.call.lines, note: input.call.note ?? null, recordedBy: u.id, recordedAt: ctx.now,
    });
    await contact(tx, u.stationId, created.id, { level: 1, kind: 'call', at: calledAt, actorId: u.id, contactName: input.call.callerName, channel: 'phone', note: '值班人员(24小时) / duty staff' });
    await scheduleEscalation(tx, u.stationId, created.id, 1, calledAt, ctx.now);
    await recordAudit(tx, ctx, { action: 'emergency.open', entityType: 'emergency', entityId: created.id, after: { requestNumber, ...input } });
    return getEmergency(tx, u, created.id);
  });
}

/** A further call of the same emergency (the Weifang case had three). */
export async function addCall(db: Db, ctx: ActionContext, id: number, input: EmergencyCallInput) {
  validateLines(input.lines, '/lines');
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (ctx.user.orgType !== 'hospital' && !isStationUser(ctx.user)) throw forbidden();
    if (e.status === 'closed' || e.status === 'cancelled') throw conflict('急救用血已结束', 'The emergency is closed', 'INVALID_TRANSITION');
    const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${emergencyCall.callNo}), 0)`.mapWith(Number) }).from(emergencyCall).where(eq(emergencyCall.emergencyId, id));
    const calledAt = input.calledAt ?? ctx.now;
    await tx.insert(emergencyCall).values({
      stationId: e.stationId, emergencyId: id, callNo: n + 1, calledAt, callerName: input.callerName ?? null, lines: input.lines,
      note: input.note ?? null, recordedBy: ctx.user.id, recordedAt: ctx.now,
    });
    await tx.update(emergencyRequest).set({ status: 'supplying' }).where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { level: 1, kind: 'call', at: calledAt, actorId: ctx.user.id, contactName: input.callerName, channel: 'phone', note: `第${n + 1}次来电 / call ${n + 1}` });
    await recordAudit(tx, ctx, { action: 'emergency.call', entityType: 'emergency', entityId: id, after: { callNo: n + 1, ...input } });
    return getEmergency(tx, ctx.user, id);
  });
}

/** The station duty desk confirms the hospital's call by phone (who, with whom, when). Station only. */
export async function confirmByPhone(db: Db, ctx: ActionContext, id: number, input: { confirmedWith: string; confirmedAt?: Date }) {
  if (!isStationUser(ctx.user)) throw forbidden();
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    const at = input.confirmedAt ?? ctx.now;
    await tx.update(emergencyRequest).set({ phoneConfirmedAt: at, phoneConfirmedBy: ctx.user.id, phoneConfirmedWith: input.confirmedWith })
      .where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { level: 1, kind: 'phone_confirmation', at, actorId: ctx.user.id, contactName: input.confirmedWith, channel: 'phone' });
    await recordAudit(tx, ctx, { action: 'emergency.confirm_phone', entityType: 'emergency', entityId: id,
      before: { phoneConfirmedAt: e.phoneConfirmedAt }, after: { phoneConfirmedAt: at, confirmedWith: input.confirmedWith } });
    return getEmergency(tx, ctx.user, id);
  });
}

function sourceOrgFor(e: typeof emergencyRequest.$inferSelect, tier: EmergencySourceTier, storagePointOrgId?: number | null): number | null {
  if (tier === 'hospital_reserve') return e.hospitalOrgId;
  if (tier === 'storage_point') return storagePointOrgId ?? e.storagePointOrgId;
  return e.stationId;
}

function mayActFor(user: SessionUser, tier: EmergencySourceTier, sourceOrgId: number, e: typeof emergencyRequest.$inferSelect): boolean {
  if (isStationUser(user)) return true; // the duty desk acts for every tier
  if (tier === 'hospital_reserve') return user.orgType === 'hospital' && user.orgId === e.hospitalOrgId;
  if (tier === 'storage_point') return user.orgType === 'storage_point' && user.orgId === sourceOrgId;
  return false;
}

/**
 * One step of the activation order: issues what the call still needs from one source (hospital reserve, storage
 * point or station), FEFO, identical ABO/RhD first. Storage-point and station issue need the phone confirmation.
 * Returns the emergency with `issued` and each call's `remaining`.
 * @throws 409 `EMERGENCY_NOT_CONFIRMED`, `INVALID_TRANSITION`; 422 `UNIT_NOT_ISSUABLE` / `ABO_INCOMPATIBLE` (nothing issued)
 */
export async function supplyFromSource(db: Db, ctx: ActionContext, id: number, input: { callId: number; source: EmergencySourceTier; storagePointOrgId?: number | null }) {
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (e.status === 'closed' || e.status === 'cancelled') throw conflict('急救用血已结束', 'The emergency is closed', 'INVALID_TRANSITION');
    const sourceOrgId = sourceOrgFor(e, input.source, input.storagePointOrgId);
    if (!sourceOrgId) throw validationError('/storagePointOrgId', 'NO_STORAGE_POINT', bilingual('该医院无所属储血点，请指定储血点', 'the hospital has no storage point; choose one'));
    if (!mayActFor(ctx.user, input.source, sourceOrgId, e)) throw forbidden();
    if (input.source !== 'hospital_reserve' && !e.phoneConfirmedAt) {
      throw conflict('血站值班尚未电话确认', 'The station duty desk has not confirmed the call by phone', 'EMERGENCY_NOT_CONFIRMED');
    }
    const [src] = await tx.select().from(organisation).where(and(eq(organisation.id, sourceOrgId), eq(organisation.stationId, e.stationId)));
    const expectedType = input.source === 'hospital_reserve' ? 'hospital' : input.source === 'storage_point' ? 'storage_point' : 'station';
    if (!src || src.type !== expectedType) throw validationError('/storagePointOrgId', 'WRONG_SOURCE', bilingual('供血来源机构类型不符', 'source organisation has the wrong type'));
    const [call] = await tx.select().from(emergencyCall).where(and(eq(emergencyCall.id, input.callId), eq(emergencyCall.emergencyId, id)));
    if (!call) throw validationError('/callId', 'NOT_FOUND', bilingual('来电记录不存在', 'call not found'));
    const done = await tx.select({ componentClass: emergencyIssue.componentClass, q: sql<number>`sum(${emergencyIssue.quantity})`.mapWith(Number) })
      .from(emergencyIssue).where(eq(emergencyIssue.callId, call.id)).groupBy(emergencyIssue.componentClass);
    const open = call.lines.map((l, i) => ({ ...l, lineId: String(i), quantity: l.quantity - (done.find((d) => d.componentClass === l.componentClass)?.q ?? 0) }))
      .filter((l) => l.quantity > 0.0001);
    const issued: { unitId: number; componentClass: string; quantity: number }[] = [];
    if (open.length > 0) {
      // Hospital stock is `issued` (issued by the station, received by the hospital): offered to its own patient.
      const stockStatus = input.source === 'hospital_reserve' ? 'issued' : 'available';
      const byId = new Map<number, typeof bloodUnit.$inferSelect>();
      for (const l of open) {
        const groups = compatibleDonorGroups(l.componentClass as ComponentClass, { abo: l.abo as AboGroup, rhd: l.rhd as RhD }, IDENTICAL_FIRST);
        for (const g of groups) {
          const rows = await tx.select().from(bloodUnit).where(and(
            eq(bloodUnit.stationId, e.stationId), eq(bloodUnit.locationOrgId, sourceOrgId), eq(bloodUnit.status, stockStatus),
            eq(bloodUnit.componentClass, l.componentClass), eq(bloodUnit.abo, g.abo), eq(bloodUnit.rhd, g.rhd),
            sql`${bloodUnit.expiresAt} > ${ctx.now}`,
            sql`not exists (select 1 from emergency_issue ei where ei.unit_id = ${bloodUnit.id})`,
          )).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id)).limit(Math.ceil(l.quantity) + 40).for('update', { skipLocked: true });
          for (const r of rows) byId.set(r.id, r);
        }
      }
      const stock: StockUnit[] = [...byId.values()].map((r) => ({
        id: String(r.id), productId: r.productId, componentClass: r.componentClass as ComponentClass, abo: r.abo as AboGroup, rhd: r.rhd as RhD,
        quantity: r.quantity, expiresAt: r.expiresAt, collectedAt: r.collectedAt,
        status: (r.status === 'issued' ? 'available' : r.status) as UnitStatus, released: r.released, labelled: r.labelled, recalled: r.recalled,
      }));
      const result = allocateFefo({
        lines: open.map((l) => ({ lineId: l.lineId, componentClass: l.componentClass as ComponentClass, recipient: { abo: l.abo as AboGroup, rhd: l.rhd as RhD }, quantity: l.quantity })),
        policy: IDENTICAL_FIRST, now: ctx.now,
      }, stock);
      const picks = result.lines.flatMap((r) => r.unitIds.map((unitId) => ({ line: open.find((l) => l.lineId === r.lineId)!, unit: byId.get(Number(unitId))! })));
      const day = shanghaiDate(ctx.now);
      for (const { line, unit } of picks) {
        // The gate again at the moment of issue (the hospital's received units count as in its stock).
        assertIssuable({ id: String(unit.id), status: (unit.status === 'issued' ? 'available' : unit.status) as UnitStatus, released: unit.released, labelled: unit.labelled, recalled: unit.recalled, expiresAt: unit.expiresAt }, ctx.now);
        assertCompatible(unit.componentClass as ComponentClass, { abo: unit.abo as AboGroup, rhd: unit.rhd as RhD }, { abo: line.abo as AboGroup, rhd: line.rhd as RhD }, IDENTICAL_FIRST);
        const to = unit.status === 'issued' ? 'issued' : transition(unit.status as UnitStatus, 'issue');
        await tx.update(bloodUnit).set({ status: to, locationOrgId: e.hospitalOrgId, orderId: null, updatedAt: ctx.now })
          .where(and(eq(bloodUnit.id, unit.id), eq(bloodUnit.status, unit.status)));
        await tx.insert(emergencyIssue).values({
          stationId: e.stationId, emergencyId: id, callId: call.id, unitId: unit.id, sourceTier: input.source, sourceOrgId,
          componentClass: unit.componentClass, quantity: unit.quantity, issuedAt: ctx.now, issuedBy: ctx.user.id,
        });
        await tx.insert(dailyIssue).values({ stationId: e.stationId, day, orgId: sourceOrgId, componentClass: unit.componentClass, abo: unit.abo!, rhd: unit.rhd!, quantity: unit.quantity })
          .onConflictDoUpdate({
            target: [dailyIssue.stationId, dailyIssue.day, dailyIssue.orgId, dailyIssue.componentClass, dailyIssue.abo, dailyIssue.rhd],
            set: { quantity: sql`${dailyIssue.quantity} + excluded.quantity` },
          });
        issued.push({ unitId: unit.id, componentClass: unit.componentClass, quantity: unit.quantity });
      }
      await recordUnitEvents(tx, ctx, picks.map(({ unit }) => ({
        unitId: unit.id, donationId: unit.donationId, din: unit.din, type: 'issue', fromStatus: unit.status, toStatus: 'issued', orgId: sourceOrgId,
        reason: 'emergency', details: { emergencyId: id, callNo: call.callNo, sourceTier: input.source, toOrgId: e.hospitalOrgId },
      })));
    }
    if (issued.length > 0) {
      const set: Partial<typeof emergencyRequest.$inferInsert> = { status: 'supplying' };
      if (!e.firstIssueAt) {
        const sched = paperworkSchedule(ctx.now, rules(ctx.now).data);
        set.firstIssueAt = ctx.now;
        set.paperworkDueAt = sched.dueAt;
        for (const [i, at] of [...sched.reminders, sched.dueAt].entries()) {
          await enqueueJob(tx, { stationId: e.stationId, kind: 'emergency.paperwork_reminder', payload: { emergencyId: id, overdue: i === sched.reminders.length },
            runAt: at, now: ctx.now, dedupeKey: `emergency:${id}:paperwork:${i}` });
        }
      }
      await tx.update(emergencyRequest).set(set).where(eq(emergencyRequest.id, id));
    }
    await recordAudit(tx, ctx, { action: 'emergency.supply', entityType: 'emergency', entityId: id, reason: input.source,
      after: { callNo: call.callNo, sourceOrgId, units: issued.map((i) => i.unitId) } });
    return getEmergency(tx, ctx.user, id);
  });
}

/** The paperwork (医疗机构急症用血审批单) is complete: stops the reminders. Hospital or station. */
export async function completePaperwork(db: Db, ctx: ActionContext, id: number, input: { formNumber: string; completedAt?: Date }) {
  if (ctx.user.orgType !== 'hospital' && !isStationUser(ctx.user)) throw forbidden();
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (!e.firstIssueAt) throw conflict('尚未发血，无需补办手续', 'Nothing has been issued yet', 'INVALID_TRANSITION');
    if (e.paperworkCompletedAt) throw conflict('手续已补办', 'The paperwork is already complete', 'INVALID_TRANSITION');
    const at = input.completedAt ?? ctx.now;
    await tx.update(emergencyRequest).set({ paperworkCompletedAt: at, paperworkCompletedBy: ctx.user.id, paperworkFormNumber: input.formNumber, status: 'supplied' })
      .where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { kind: 'paperwork', at, actorId: ctx.user.id, note: input.formNumber });
    await recordAudit(tx, ctx, { action: 'emergency.paperwork', entityType: 'emergency', entityId: id, after: input });
    return getEmergency(tx, ctx.user, id);
  });
}

/** A level acknowledges (stops its escalation timer). */
export async function acknowledge(db: Db, ctx: ActionContext, id: number, input: { level: number; contactName: string }) {
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (input.level !== e.commLevel) throw validationError('/level', 'NOT_CURRENT_LEVEL', bilingual(`当前联络级别为${e.commLevel}`, `the current level is ${e.commLevel}`));
    await tx.update(emergencyRequest).set({ commAckAt: ctx.now }).where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { level: input.level, kind: 'ack', at: ctx.now, actorId: ctx.user.id, contactName: input.contactName });
    await recordAudit(tx, ctx, { action: 'emergency.ack', entityType: 'emergency', entityId: id, after: input });
    return getEmergency(tx, ctx.user, id);
  });
}

/** Calls a level by hand (e.g. straight to the leaders) and starts its timer; or logs a note. */
export async function logContact(db: Db, ctx: ActionContext, id: number, input: { level: number; contactName: string; channel?: string | null; note?: string | null }) {
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (input.level > e.commLevel) {
      await tx.update(emergencyRequest).set({ commLevel: input.level, commLevelCalledAt: ctx.now, commAckAt: null }).where(eq(emergencyRequest.id, id));
      await scheduleEscalation(tx, e.stationId, id, input.level, ctx.now, ctx.now);
    }
    await contact(tx, e.stationId, id, { level: input.level, kind: 'call', at: ctx.now, actorId: ctx.user.id, contactName: input.contactName, channel: input.channel ?? 'phone', note: input.note });
    await recordAudit(tx, ctx, { action: 'emergency.contact', entityType: 'emergency', entityId: id, after: input });
    return getEmergency(tx, ctx.user, id);
  });
}

/** Activates the emergency plan (应急预案): logged, and the leaders (level 3) are called. Station only. */
export async function activatePlan(db: Db, ctx: ActionContext, id: number, input: { note?: string | null }) {
  if (!isStationUser(ctx.user)) throw forbidden();
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (e.planActivatedAt) throw conflict('应急预案已启动', 'The emergency plan is already active', 'INVALID_TRANSITION');
    await tx.update(emergencyRequest).set({ planActivatedAt: ctx.now, planActivatedBy: ctx.user.id, commLevel: 3, commLevelCalledAt: ctx.now, commAckAt: null })
      .where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { level: 3, kind: 'plan_activated', at: ctx.now, actorId: ctx.user.id, note: input.note });
    await scheduleEscalation(tx, e.stationId, id, 3, ctx.now, ctx.now);
    await recordAudit(tx, ctx, { action: 'emergency.plan', entityType: 'emergency', entityId: id, after: input });
    return getEmergency(tx, ctx.user, id);
  });
}

/**
 * Review after the paperwork: closes the emergency and orders the reserves used back (replenishment orders to the
 * hospital and the storage point, kind `replenishment`, for what their reserves gave). Station only.
 */
export async function reviewAndClose(db: Db, ctx: ActionContext, id: number, input: { note?: string | null }) {
  if (!isStationUser(ctx.user)) throw forbidden();
  return db.transaction(async (tx) => {
    const e = await lockEmergency(tx, ctx.user, id);
    if (!e.paperworkCompletedAt) throw conflict('手续未补办，不能结案', 'Complete the paperwork before the review', 'PAPERWORK_PENDING');
    if (e.closedAt) throw conflict('已结案', 'Already closed', 'INVALID_TRANSITION');
    const used = await tx.select({
      sourceTier: emergencyIssue.sourceTier, sourceOrgId: emergencyIssue.sourceOrgId, componentClass: bloodUnit.componentClass,
      abo: bloodUnit.abo, rhd: bloodUnit.rhd, q: sql<number>`sum(${emergencyIssue.quantity})`.mapWith(Number),
    }).from(emergencyIssue).innerJoin(bloodUnit, eq(bloodUnit.id, emergencyIssue.unitId))
      .where(and(eq(emergencyIssue.emergencyId, id), inArray(emergencyIssue.sourceTier, ['hospital_reserve', 'storage_point'])))
      .groupBy(emergencyIssue.sourceTier, emergencyIssue.sourceOrgId, bloodUnit.componentClass, bloodUnit.abo, bloodUnit.rhd);
    const orders: number[] = [];
    for (const orgId of [...new Set(used.map((u) => u.sourceOrgId))]) {
      const lines = used.filter((u) => u.sourceOrgId === orgId);
      const [o] = await tx.insert(bloodOrder).values({
        stationId: e.stationId, orderNumber: 'pending', hospitalOrgId: orgId, status: 'submitted', priority: 'routine', kind: 'replenishment',
        neededBy: new Date(ctx.now.getTime() + 24 * 3_600_000), note: `补充急救储备 ${e.requestNumber}`, createdBy: ctx.user.id, createdAt: ctx.now, updatedAt: ctx.now,
      }).returning({ id: bloodOrder.id });
      await tx.update(bloodOrder).set({ orderNumber: `BC${shanghaiDate(ctx.now).replace(/-/g, '')}${String(o.id).padStart(6, '0')}` }).where(eq(bloodOrder.id, o.id));
      await tx.insert(orderLine).values(lines.map((l) => ({ stationId: e.stationId, orderId: o.id, componentClass: l.componentClass, abo: l.abo!, rhd: l.rhd!, quantity: l.q })));
      await tx.update(emergencyIssue).set({ replenishOrderId: o.id }).where(and(eq(emergencyIssue.emergencyId, id), eq(emergencyIssue.sourceOrgId, orgId)));
      await recordAudit(tx, ctx, { action: 'order.submit', entityType: 'order', entityId: o.id, reason: 'emergency_reserve_replenishment', after: { emergencyId: id, lines } });
      orders.push(o.id);
    }
    await tx.update(emergencyRequest).set({ reviewedAt: ctx.now, reviewedBy: ctx.user.id, closedAt: ctx.now, status: 'closed' }).where(eq(emergencyRequest.id, id));
    await contact(tx, e.stationId, id, { kind: 'review', at: ctx.now, actorId: ctx.user.id, note: input.note });
    await recordAudit(tx, ctx, { action: 'emergency.review', entityType: 'emergency', entityId: id, after: { ...input, replenishmentOrders: orders } });
    return { ...(await getEmergency(tx, ctx.user, id)), replenishmentOrderIds: orders };
  });
}

/** One emergency with calls (and what each still needs), issues by source, the contact log and elapsed minutes. */
export async function getEmergency(db: DbOrTx, user: SessionUser, id: number, now: Date = new Date()) {
  const rows = await db.select().from(emergencyRequest).where(and(eq(emergencyRequest.id, id), scope(user)));
  if (!rows[0]) throw notFound('Emergency', '急救用血');
  return (await present(db, rows, now))[0];
}

async function present(db: DbOrTx, rows: (typeof emergencyRequest.$inferSelect)[], now: Date) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [orgs, calls, issues, contacts] = await Promise.all([
    db.select({ id: organisation.id, name: organisation.name }).from(organisation)
      .where(inArray(organisation.id, [...new Set(rows.flatMap((r) => [r.hospitalOrgId, r.storagePointOrgId ?? r.hospitalOrgId]))])),
    db.select().from(emergencyCall).where(inArray(emergencyCall.emergencyId, ids)).orderBy(asc(emergencyCall.callNo)),
    db.select({
      id: emergencyIssue.id, emergencyId: emergencyIssue.emergencyId, callId: emergencyIssue.callId, unitId: emergencyIssue.unitId, din: bloodUnit.din,
      abo: bloodUnit.abo, rhd: bloodUnit.rhd, sourceTier: emergencyIssue.sourceTier, sourceOrgId: emergencyIssue.sourceOrgId, sourceOrgName: organisation.name,
      componentClass: emergencyIssue.componentClass, quantity: emergencyIssue.quantity, issuedAt: emergencyIssue.issuedAt, replenishOrderId: emergencyIssue.replenishOrderId,
    }).from(emergencyIssue).innerJoin(bloodUnit, eq(bloodUnit.id, emergencyIssue.unitId)).innerJoin(organisation, eq(organisation.id, emergencyIssue.sourceOrgId))
      .where(inArray(emergencyIssue.emergencyId, ids)).orderBy(asc(emergencyIssue.id)),
    db.select().from(emergencyContact).where(inArray(emergencyContact.emergencyId, ids)).orderBy(asc(emergencyContact.at), asc(emergencyContact.id)),
  ]);
  const name = (id: number | null) => orgs.find((o) => o.id === id)?.name ?? null;
  return rows.map((r) => {
    const myIssues = issues.filter((i) => i.emergencyId === r.id);
    const end = r.closedAt ?? now;
    return {
      id: r.id, requestNumber: r.requestNumber, status: r.status, hospitalOrgId: r.hospitalOrgId, hospitalName: name(r.hospitalOrgId) ?? '',
      storagePointOrgId: r.storagePointOrgId, storagePointName: name(r.storagePointOrgId), patientName: r.patientName, patientAbo: r.patientAbo,
      patientRhd: r.patientRhd, diagnosis: r.diagnosis, openedAt: r.openedAt, phoneConfirmedAt: r.phoneConfirmedAt, phoneConfirmedWith: r.phoneConfirmedWith,
      firstIssueAt: r.firstIssueAt, paperworkDueAt: r.paperworkDueAt, paperworkCompletedAt: r.paperworkCompletedAt, paperworkFormNumber: r.paperworkFormNumber,
      paperworkOverdue: !!r.paperworkDueAt && !r.paperworkCompletedAt && r.paperworkDueAt.getTime() < now.getTime(),
      commLevel: r.commLevel, commLevelCalledAt: r.commLevelCalledAt, commAckAt: r.commAckAt, planActivatedAt: r.planActivatedAt,
      transportStatus: r.transportStatus, reviewedAt: r.reviewedAt, closedAt: r.closedAt,
      elapsedMinutes: Math.max(0, Math.round((end.getTime() - r.openedAt.getTime()) / 60_000)),
      calls: calls.filter((c) => c.emergencyId === r.id).map((c) => ({
        id: c.id, callNo: c.callNo, calledAt: c.calledAt, callerName: c.callerName, note: c.note,
        lines: c.lines.map((l) => {
          const got = myIssues.filter((i) => i.callId === c.id && i.componentClass === l.componentClass).reduce((s, i) => s + i.quantity, 0);
          return { ...l, issuedQuantity: got, remaining: Math.max(0, Math.round((l.quantity - got) * 100) / 100) };
        }),
      })),
      issued: myIssues.map(({ emergencyId: _e, ...i }) => i),
      totalsBySource: EMERGENCY_SOURCE_ORDER.map((tier) => ({
        sourceTier: tier,
        byClass: ['red_cells', 'plasma', 'cryo', 'platelets'].map((cls) => ({
          componentClass: cls, quantity: myIssues.filter((i) => i.sourceTier === tier && i.componentClass === cls).reduce((s, i) => s + i.quantity, 0),
        })).filter((x) => x.quantity > 0),
      })),
      contacts: contacts.filter((c) => c.emergencyId === r.id).map(({ emergencyId: _e, stationId: _s, ...c }) => c),
    };
  });
}

/** The live board: open emergencies (and those closed in the last 24 h), newest first. */
export async function listEmergencies(db: Db, user: SessionUser, q: { status?: string; page: number; pageSize: number }, now: Date) {
  const conds: SQL[] = [scope(user)];
  if (q.status === 'open') conds.push(isNull(emergencyRequest.closedAt));
  else if (q.status) conds.push(inArray(emergencyRequest.status, q.status.split(',')));
  const where = and(...conds);
  const rows = await db.select().from(emergencyRequest).where(where).orderBy(desc(emergencyRequest.openedAt), desc(emergencyRequest.id))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(emergencyRequest).where(where);
  return { items: await present(db, rows, now), total, page: q.page, pageSize: q.pageSize };
}

/** Job handlers: escalation of an unacknowledged level, paperwork reminders. */
export const emergencyJobHandlers: JobHandlers = {
  'emergency.escalate': async (tx, row, now) => {
    const { emergencyId, level, calledAt } = row.payload as { emergencyId: number; level: number; calledAt: string };
    const [e] = await tx.select().from(emergencyRequest).where(eq(emergencyRequest.id, emergencyId)).for('update');
    if (!e || e.closedAt || e.commAckAt || e.commLevel !== level || e.commLevelCalledAt?.toISOString() !== calledAt) return; // acknowledged or superseded
    const next = Math.min(3, level + 1);
    await tx.update(emergencyRequest).set({ commLevel: next, commLevelCalledAt: now, commAckAt: null }).where(eq(emergencyRequest.id, emergencyId));
    const who = next === 2 ? '科室主任 / department directors' : '血站和医院领导 / station and hospital leaders';
    await contact(tx, e.stationId, emergencyId, { level: next, kind: 'escalation', at: now, note: `${level}级未在时限内确认，自动升级 / level ${level} did not acknowledge: ${who}` });
    await tx.insert(auditLog).values({ stationId: e.stationId, at: now, actorName: '系统 / system', action: 'emergency.escalate', entityType: 'emergency',
      entityId: String(emergencyId), after: { from: level, to: next } });
    await scheduleEscalation(tx, e.stationId, emergencyId, next, now, now);
  },
  'emergency.paperwork_reminder': async (tx, row, now) => {
    const { emergencyId, overdue } = row.payload as { emergencyId: number; overdue: boolean };
    const [e] = await tx.select().from(emergencyRequest).where(eq(emergencyRequest.id, emergencyId)).for('update');
    if (!e || e.paperworkCompletedAt || e.status === 'cancelled') return;
    await tx.update(emergencyRequest).set({ paperworkRemindersSent: e.paperworkRemindersSent + 1 }).where(eq(emergencyRequest.id, emergencyId));
    await contact(tx, e.stationId, emergencyId, { kind: 'reminder', at: now, note: overdue ? '急症用血审批单已逾期 / paperwork overdue' : '请补办急症用血审批单 / please complete the emergency request form' });
    await tx.insert(auditLog).values({ stationId: e.stationId, at: now, actorName: '系统 / system', action: 'emergency.paperwork_reminder', entityType: 'emergency',
      entityId: String(emergencyId), after: { overdue, dueAt: e.paperworkDueAt } });
  },
};
