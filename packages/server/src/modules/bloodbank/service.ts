/**
 * Hospital blood bank (WS/T 867 §6.3–6.4; 临床输血技术规范 2000, china-blood-service-rules.md §5.2): crossmatch
 * records, issue to the ward with a two-person check, transfusion reactions, and returns to the station by rule.
 * Receipt with temperature is `orders/receiveOrder`; the transfusion record is `orders/transfuseUnit` (extended).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { assertCompatible, IDENTICAL_FIRST } from '@redbridge/domain/abo-rh';
import { HOSPITAL_BLOOD_BANK_REGISTRY, checkStationReturn, checkWardIssue, type CrossmatchOutcome } from '@redbridge/domain/logistics';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import type { Db, Tx } from '../../db/client.ts';
import { bloodUnit, crossmatch, organisation, transfusion, transfusionReaction, unitEvent, unitReturn, wardIssue } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, forbidden, notFound } from '../../lib/problem.ts';
import { identityVerifier, type CheckMethod } from './identity.ts';

function hospitalOnly(user: SessionUser) {
  if (user.orgType !== 'hospital') throw forbidden();
}

/** A unit held in this hospital's blood bank (received, not transfused), locked. */
async function lockHeldUnit(tx: Tx, user: SessionUser, unitId: number) {
  const [u] = await tx.select().from(bloodUnit).where(and(eq(bloodUnit.id, unitId), eq(bloodUnit.stationId, user.stationId))).for('update');
  if (!u || u.locationOrgId !== user.orgId) throw notFound('Unit', '血袋');
  return u;
}

function refuse(reasons: { code: string; zh: string; en: string }[], pointer = '') {
  return new AppError(422, reasons[0].code, bilingual(reasons.map((r) => r.zh).join('；'), reasons.map((r) => r.en).join('; ')),
    reasons.map((r) => ({ pointer, code: r.code, message: bilingual(r.zh, r.en) })));
}

export interface CrossmatchInput {
  patientName: string; patientIdNumber?: string | null; patientRecordNo?: string | null; patientAbo: AboGroup; patientRhd: RhD;
  sampleAt: Date; method: 'saline' | 'polybrene' | 'antiglobulin' | 'gel_card' | 'microcolumn'; major: CrossmatchOutcome; minor: CrossmatchOutcome; reviewedByName?: string | null;
}

/** Records a crossmatch (major and minor side) of a held unit for a patient; refuses an ABO/RhD-incompatible pairing. */
export async function recordCrossmatch(db: Db, ctx: ActionContext, unitId: number, input: CrossmatchInput) {
  hospitalOnly(ctx.user);
  if (input.sampleAt.getTime() > ctx.now.getTime() + 5 * 60_000) {
    throw new AppError(422, 'VALIDATION', bilingual('标本时间不能晚于当前时间', 'Sample time is in the future'), [{ pointer: '/sampleAt', code: 'future', message: bilingual('标本时间不能晚于当前时间', 'Sample time is in the future') }]);
  }
  return db.transaction(async (tx) => {
    const u = await lockHeldUnit(tx, ctx.user, unitId);
    if (u.status !== 'issued') throw conflict('只有本院库存中的血袋可以配血', 'Only a unit held in this blood bank can be crossmatched', 'INVALID_TRANSITION');
    assertCompatible(u.componentClass as ComponentClass, { abo: u.abo as AboGroup, rhd: u.rhd as RhD }, { abo: input.patientAbo, rhd: input.patientRhd }, IDENTICAL_FIRST);
    const [row] = await tx.insert(crossmatch).values({ stationId: ctx.user.stationId, hospitalOrgId: ctx.user.orgId, unitId, patientName: input.patientName,
      patientIdNumber: input.patientIdNumber ?? null, patientRecordNo: input.patientRecordNo ?? null, patientAbo: input.patientAbo, patientRhd: input.patientRhd,
      sampleAt: input.sampleAt, method: input.method, major: input.major, minor: input.minor, performedBy: ctx.user.id, reviewedByName: input.reviewedByName ?? null, at: ctx.now }).returning();
    await recordUnitEvents(tx, ctx, [{ unitId, donationId: u.donationId, din: u.din, type: 'crossmatch',
      details: { crossmatchId: row.id, major: input.major, minor: input.minor, method: input.method, sampleAt: input.sampleAt.toISOString() } }]);
    await recordAudit(tx, ctx, { action: 'crossmatch.record', entityType: 'unit', entityId: unitId, after: { ...input, patientIdNumber: undefined } });
    return row;
  });
}

export interface WardIssueInput {
  patientName: string; patientRecordNo?: string | null; ward: string; bed?: string | null; checkMethod: CheckMethod;
  issuerCredential: string; collectorName: string; collectorCredential: string;
}

/**
 * Issues a held unit to a ward after the two-person check: issuer and collector each identified by the device, two
 * different people; the latest crossmatch of this unit for this patient must be compatible on both sides with a
 * sample ≤ 3 days old when the class needs one (rule data); the unit unexpired and not recalled.
 */
export async function issueToWard(db: Db, ctx: ActionContext, unitId: number, input: WardIssueInput) {
  hospitalOnly(ctx.user);
  const verifier = identityVerifier();
  const [issuer, collector] = await Promise.all([verifier.verify(input.issuerCredential, input.checkMethod), verifier.verify(input.collectorCredential, input.checkMethod)]);
  const idErrors = [];
  if (!issuer) idErrors.push({ pointer: '/issuerCredential', code: 'IDENTITY_NOT_VERIFIED', message: bilingual('发血人身份未通过核验', 'Issuer identity not verified') });
  if (!collector) idErrors.push({ pointer: '/collectorCredential', code: 'IDENTITY_NOT_VERIFIED', message: bilingual('取血人身份未通过核验', 'Collector identity not verified') });
  if (issuer && collector && issuer.personId === collector.personId) {
    idErrors.push({ pointer: '/collectorCredential', code: 'SAME_PERSON', message: bilingual('发血与取血必须为两人', 'Issuer and collector must be two different people') });
  }
  if (idErrors.length) throw new AppError(422, 'TWO_PERSON_CHECK_FAILED', bilingual('双人核对未通过', 'Two-person check failed'), idErrors);
  const rules = HOSPITAL_BLOOD_BANK_REGISTRY.inForce(ctx.now).data;
  return db.transaction(async (tx) => {
    const u = await lockHeldUnit(tx, ctx.user, unitId);
    if (u.status !== 'issued') throw conflict('该血袋不在本院库存中', 'The unit is not in this blood bank', 'INVALID_TRANSITION');
    if (u.recalled) throw new AppError(422, 'UNIT_NOT_ISSUABLE', bilingual('该血袋已被收回', 'This unit is recalled'));
    if (u.expiresAt.getTime() <= ctx.now.getTime()) throw new AppError(422, 'UNIT_NOT_ISSUABLE', bilingual('该血袋已过期', 'This unit has expired'));
    const [already] = await tx.select({ id: wardIssue.id }).from(wardIssue).where(eq(wardIssue.unitId, unitId));
    if (already) throw conflict('该血袋已发往病区', 'The unit was already issued to a ward', 'INVALID_TRANSITION');
    const [xm] = await tx.select().from(crossmatch).where(and(eq(crossmatch.unitId, unitId), eq(crossmatch.patientName, input.patientName)))
      .orderBy(desc(crossmatch.at), desc(crossmatch.id)).limit(1);
    const check = checkWardIssue(rules, { componentClass: u.componentClass as ComponentClass, at: ctx.now,
      crossmatch: xm ? { sampleAt: xm.sampleAt, major: xm.major as CrossmatchOutcome, minor: xm.minor as CrossmatchOutcome } : null });
    if (!check.ok) throw refuse(check.reasons, '/patientName');
    const [row] = await tx.insert(wardIssue).values({ stationId: ctx.user.stationId, hospitalOrgId: ctx.user.orgId, unitId, crossmatchId: xm?.id ?? null,
      patientName: input.patientName, patientRecordNo: input.patientRecordNo ?? null, ward: input.ward, bed: input.bed ?? null, issuerId: ctx.user.id,
      issuerCredential: `${issuer!.method}:${issuer!.personId}:${issuer!.name}`, collectorName: input.collectorName,
      collectorCredential: `${collector!.method}:${collector!.personId}:${collector!.name}`, checkMethod: input.checkMethod, at: ctx.now }).returning();
    await recordUnitEvents(tx, ctx, [{ unitId, donationId: u.donationId, din: u.din, type: 'ward_issue',
      details: { wardIssueId: row.id, ward: input.ward, bed: input.bed ?? null, issuer: issuer!.name, collector: collector!.name, method: input.checkMethod } }]);
    await recordAudit(tx, ctx, { action: 'unit.ward_issue', entityType: 'unit', entityId: unitId, after: { ward: input.ward, bed: input.bed, issuer: issuer!.name, collector: collector!.name } });
    return row;
  });
}

export interface ReactionInput {
  category: 'febrile' | 'allergic' | 'haemolytic_acute' | 'haemolytic_delayed' | 'trali' | 'taco' | 'septic' | 'anaphylactic' | 'other';
  severity: 'mild' | 'moderate' | 'severe' | 'death'; description?: string | null; onsetAt: Date;
}

/** Reports a transfusion reaction against a transfusion of this hospital (WS/T 867 §6.4; 输血反应分类). */
export async function reportReaction(db: Db, ctx: ActionContext, transfusionId: number, input: ReactionInput) {
  hospitalOnly(ctx.user);
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(transfusion).where(and(eq(transfusion.id, transfusionId), eq(transfusion.hospitalOrgId, ctx.user.orgId)));
    if (!t) throw notFound('Transfusion', '输血记录');
    const [u] = await tx.select({ din: bloodUnit.din, donationId: bloodUnit.donationId }).from(bloodUnit).where(eq(bloodUnit.id, t.unitId));
    const [row] = await tx.insert(transfusionReaction).values({ stationId: ctx.user.stationId, transfusionId, unitId: t.unitId, category: input.category,
      severity: input.severity, description: input.description ?? null, onsetAt: input.onsetAt, reportedBy: ctx.user.id, reportedAt: ctx.now }).returning();
    await recordUnitEvents(tx, ctx, [{ unitId: t.unitId, donationId: u.donationId, din: u.din, type: 'reaction',
      details: { reactionId: row.id, category: input.category, severity: input.severity } }]);
    await recordAudit(tx, ctx, { action: 'transfusion.reaction', entityType: 'transfusion', entityId: transfusionId, after: input });
    return row;
  });
}

/**
 * Returns a held unit to the station (退血) when the rules allow: never after ward issue; only for a listed reason,
 * with the margin to expiry and within the window after receipt. The unit goes back to the station quarantined (QA
 * decides on re-release). Refusals are 422 with the reasons; nothing changes.
 */
export async function returnToStation(db: Db, ctx: ActionContext, unitId: number, input: { reason: string; note?: string | null; tempC?: number | null }) {
  hospitalOnly(ctx.user);
  const rules = HOSPITAL_BLOOD_BANK_REGISTRY.inForce(ctx.now).data;
  return db.transaction(async (tx) => {
    const u = await lockHeldUnit(tx, ctx.user, unitId);
    if (u.status !== 'issued') throw conflict('该血袋不在本院库存中', 'The unit is not in this blood bank', 'INVALID_TRANSITION');
    const [wi] = await tx.select({ id: wardIssue.id }).from(wardIssue).where(eq(wardIssue.unitId, unitId));
    const [receipt] = await tx.select({ at: unitEvent.at }).from(unitEvent)
      .where(and(eq(unitEvent.unitId, unitId), eq(unitEvent.type, 'receipt'), eq(unitEvent.orgId, ctx.user.orgId))).orderBy(desc(unitEvent.at)).limit(1);
    const check = checkStationReturn(rules, { wardIssued: !!wi, reason: input.reason, expiresAt: u.expiresAt, receivedAt: receipt?.at ?? null, now: ctx.now });
    if (!check.ok) throw refuse(check.reasons, '/reason');
    const [station] = await tx.select({ id: organisation.id }).from(organisation).where(and(eq(organisation.id, ctx.user.stationId), eq(organisation.type, 'station')));
    await tx.update(bloodUnit).set({ status: 'quarantined', locationOrgId: station.id, updatedAt: ctx.now }).where(eq(bloodUnit.id, unitId));
    const [row] = await tx.insert(unitReturn).values({ stationId: ctx.user.stationId, unitId, hospitalOrgId: ctx.user.orgId, reason: input.reason, note: input.note ?? null,
      tempC: input.tempC ?? null, at: ctx.now, by: ctx.user.id }).returning();
    await recordUnitEvents(tx, ctx, [{ unitId, donationId: u.donationId, din: u.din, type: 'return', fromStatus: u.status, toStatus: 'quarantined', reason: input.reason,
      orgId: station.id, details: { returnId: row.id, fromHospitalOrgId: ctx.user.orgId, note: input.note ?? null, tempC: input.tempC ?? null } }]);
    await recordAudit(tx, ctx, { action: 'unit.return', entityType: 'unit', entityId: unitId, reason: input.reason, before: { status: u.status, locationOrgId: u.locationOrgId },
      after: { status: 'quarantined', locationOrgId: station.id } });
    return row;
  });
}

/** The blood-bank record of one held or used unit: crossmatches, ward issue, transfusion and reactions. */
export async function bloodBankRecord(db: Db, user: SessionUser, unitId: number) {
  hospitalOnly(user);
  const [u] = await db.select({ id: bloodUnit.id, din: bloodUnit.din, componentClass: bloodUnit.componentClass, abo: bloodUnit.abo, rhd: bloodUnit.rhd,
    status: bloodUnit.status, expiresAt: bloodUnit.expiresAt, locationOrgId: bloodUnit.locationOrgId }).from(bloodUnit)
    .where(and(eq(bloodUnit.id, unitId), eq(bloodUnit.stationId, user.stationId)));
  const [issued] = u ? await db.select().from(wardIssue).where(and(eq(wardIssue.unitId, unitId), eq(wardIssue.hospitalOrgId, user.orgId))) : [];
  if (!u || (u.locationOrgId !== user.orgId && !issued)) throw notFound('Unit', '血袋');
  const [xms, txs] = await Promise.all([
    db.select().from(crossmatch).where(and(eq(crossmatch.unitId, unitId), eq(crossmatch.hospitalOrgId, user.orgId))).orderBy(asc(crossmatch.at)),
    db.select().from(transfusion).where(and(eq(transfusion.unitId, unitId), eq(transfusion.hospitalOrgId, user.orgId))),
  ]);
  const reactions = txs[0] ? await db.select().from(transfusionReaction).where(eq(transfusionReaction.transfusionId, txs[0].id)) : [];
  const rules = HOSPITAL_BLOOD_BANK_REGISTRY.inForce(new Date()).data;
  return { unit: u, crossmatchRequired: rules.crossmatchRequired.includes(u.componentClass as ComponentClass), crossmatches: xms, wardIssue: issued ?? null,
    transfusion: txs[0] ?? null, reactions };
}
