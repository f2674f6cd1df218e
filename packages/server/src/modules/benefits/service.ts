/**
 * Blood-fee exemption (用血费用减免): family relationships with proof documents, the hospital window lookup
 * and direct deduction (血费直免), online and cross-province claims with staff review and payment, the ledger
 * and statistics. Requirements R67–R70 (china-it-standards.md §7 K).
 *
 * Concurrency: every deduction locks the donor's pool row in `benefit_account` (`INSERT … ON CONFLICT DO
 * NOTHING`, then `SELECT … FOR UPDATE`), re-evaluates the entitlement with the pool's `used_ml` inside the
 * lock and only then writes the ledger entry, so two windows cannot spend the same entitlement. A transfusion
 * can be exempted once (unique index on `benefit_deduction_line.transfusion_id`).
 */
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import {
  evaluateEntitlement, planDeduction, RELATIONS, type BenefitDonation, type EntitlementResult, type Relation,
} from '@redbridge/domain/benefits';
import { checkResidentId, maskResidentId } from '@redbridge/domain/id-card';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  benefitAccount, benefitClaim, benefitDeduction, benefitDeductionLine, donation, donor, familyRelation, organisation,
  priorDonation, proofDocument, transfusion, bloodUnit,
} from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, forbidden, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { shanghaiDate } from '../../lib/time.ts';

/** Province whose exemption rules apply at this station (lowercase pinyin; env `RB_BENEFIT_PROVINCE`, default Henan). */
export function stationProvince(): string {
  return (process.env.RB_BENEFIT_PROVINCE ?? 'henan').trim().toLowerCase() || 'henan';
}

/** Pool of a relation: the donor's own, or the family pool shared by all relatives. */
export const poolOf = (relation: Relation): 'self' | 'family' => (relation === 'self' ? 'self' : 'family');

function validId(idNumber: string, pointer: string, now: Date): string {
  const n = idNumber.trim().toUpperCase();
  const r = checkResidentId(n, shanghaiDate(now));
  if (!r.valid) {
    throw new AppError(400, 'ID_NUMBER_INVALID', bilingual('身份证号码无效', 'Invalid resident identity number'),
      r.errors.map((e) => ({ pointer, code: e.code, message: e.message })));
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Proof documents

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Checks the magic bytes against the declared type (a renamed file is refused). */
function sniff(content: Buffer): DocumentType | undefined {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

export interface NewDocument {
  kind: 'relationship' | 'invoice' | 'id_card' | 'certificate' | 'other';
  fileName: string;
  mediaType: string;
  /** Base64 content. */
  contentBase64: string;
}

/** Stores a document (≤ 5 MB, PDF/JPEG/PNG by content); returns its id and SHA-256. */
export async function storeDocument(tx: DbOrTx, ctx: ActionContext, doc: NewDocument, pointer: string) {
  const content = Buffer.from(doc.contentBase64, 'base64');
  if (content.length === 0 || content.length > MAX_DOCUMENT_BYTES) {
    throw new AppError(400, 'VALIDATION', bilingual('文件大小须在 1 字节至 5 MB 之间', 'File must be 1 byte to 5 MB'),
      [{ pointer: `${pointer}/contentBase64`, code: 'SIZE', message: '文件须 ≤ 5 MB / file must be ≤ 5 MB' }]);
  }
  const sniffed = sniff(content);
  if (!sniffed || sniffed !== doc.mediaType) {
    throw new AppError(400, 'VALIDATION', bilingual('仅接受 PDF、JPEG、PNG 文件', 'Only PDF, JPEG or PNG files are accepted'),
      [{ pointer: `${pointer}/mediaType`, code: 'MEDIA_TYPE', message: '文件类型须为 PDF/JPEG/PNG 且与内容一致 / type must be PDF, JPEG or PNG and match the content' }]);
  }
  const sha256 = createHash('sha256').update(content).digest('hex');
  const [row] = await tx.insert(proofDocument).values({
    stationId: ctx.user.stationId, kind: doc.kind, fileName: doc.fileName.slice(0, 200), mediaType: sniffed, sizeBytes: content.length,
    sha256, content, uploadedBy: ctx.user.id, uploadedAt: ctx.now,
  }).returning({ id: proofDocument.id });
  await recordAudit(tx, ctx, { action: 'document.upload', entityType: 'proof_document', entityId: row.id, after: { kind: doc.kind, sha256, sizeBytes: content.length, mediaType: sniffed } });
  return { id: row.id, sha256, sizeBytes: content.length, mediaType: sniffed };
}

export async function getDocument(db: Db, user: SessionUser, id: number) {
  const rows = await db.select().from(proofDocument).where(and(eq(proofDocument.id, id), eq(proofDocument.stationId, user.stationId)));
  if (!rows[0]) throw notFound('Document', '文件');
  return rows[0];
}

// ---------------------------------------------------------------------------------------------------------
// Donations as the entitlement engine sees them

/** Tested donations of this station plus prior/other-station records, as `BenefitDonation`s. */
export async function benefitDonations(tx: DbOrTx, stationId: number, donorId: number): Promise<BenefitDonation[]> {
  const own = await tx.select({
    collectedAt: donation.collectedAt, type: donation.donationType, volumeMl: donation.volumeMl, conclusion: donation.testConclusion,
    doses: sql<number>`(select count(*) from blood_unit u where u.donation_id = "donation"."id" and u.parent_unit_id is null)`.mapWith(Number),
  }).from(donation).where(and(eq(donation.donorId, donorId), eq(donation.stationId, stationId), isNotNull(donation.testConclusion)));
  const prior = await tx.select().from(priorDonation).where(and(eq(priorDonation.donorId, donorId), eq(priorDonation.stationId, stationId)));
  return [
    ...own.map((d): BenefitDonation => (d.type === 'apheresis_platelets'
      ? { date: shanghaiDate(d.collectedAt), type: 'apheresis_platelets', doses: Math.min(3, Math.max(1, d.doses)), qualified: d.conclusion === 'qualified' }
      : { date: shanghaiDate(d.collectedAt), type: 'whole_blood', volumeMl: d.volumeMl, qualified: d.conclusion === 'qualified' })),
    ...prior.map((p): BenefitDonation => (p.donationType === 'apheresis_platelets'
      ? { date: p.donatedOn, type: 'apheresis_platelets', doses: p.doses ?? 1, qualified: p.qualified }
      : { date: p.donatedOn, type: 'whole_blood', volumeMl: p.volumeMl ?? 0, qualified: p.qualified })),
  ];
}

async function usedOf(tx: DbOrTx, stationId: number, donorId: number, pool: 'self' | 'family'): Promise<number> {
  const rows = await tx.select({ usedMl: benefitAccount.usedMl }).from(benefitAccount)
    .where(and(eq(benefitAccount.stationId, stationId), eq(benefitAccount.donorId, donorId), eq(benefitAccount.pool, pool)));
  return rows[0]?.usedMl ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// Family relationships

export interface NewRelation {
  donorId: number;
  relation: Exclude<Relation, 'self'>;
  relativeName: string;
  relativeIdNumber: string;
  note?: string | null;
  proof?: NewDocument | null;
  /** Staff who saw the original documents may verify at once. */
  verify?: boolean;
}

const relationColumns = {
  id: familyRelation.id, donorId: familyRelation.donorId, donorName: donor.name, relation: familyRelation.relation,
  relativeName: familyRelation.relativeName, relativeIdNumber: familyRelation.relativeIdNumber, status: familyRelation.status,
  proofDocumentId: familyRelation.proofDocumentId, note: familyRelation.note, createdAt: familyRelation.createdAt, verifiedAt: familyRelation.verifiedAt,
};
const presentRelation = <T extends { relativeIdNumber: string }>(r: T) => {
  const { relativeIdNumber, ...rest } = r;
  return { ...rest, relativeIdNumberMasked: maskResidentId(relativeIdNumber) };
};

export async function addRelation(db: Db, ctx: ActionContext, input: NewRelation) {
  const relativeIdNumber = validId(input.relativeIdNumber, '/relativeIdNumber', ctx.now);
  return db.transaction(async (tx) => {
    const d = await tx.select({ id: donor.id, idNumber: donor.idNumber }).from(donor)
      .where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId)));
    if (!d[0]) throw notFound('Donor', '献血者');
    if (d[0].idNumber === relativeIdNumber) {
      throw new AppError(400, 'VALIDATION', bilingual('亲属不能是献血者本人', 'A relative cannot be the donor'),
        [{ pointer: '/relativeIdNumber', code: 'SELF', message: '亲属身份证号与献血者相同 / the relative\'s ID number is the donor\'s' }]);
    }
    const dup = await tx.select({ id: familyRelation.id }).from(familyRelation).where(and(eq(familyRelation.stationId, ctx.user.stationId),
      eq(familyRelation.donorId, input.donorId), eq(familyRelation.relativeIdNumber, relativeIdNumber)));
    if (dup[0]) throw conflict('该亲属已登记', 'This relative is already recorded for the donor');
    const proof = input.proof ? await storeDocument(tx, ctx, input.proof, '/proof') : null;
    const status = input.verify ? 'verified' : 'pending';
    if (status === 'verified' && !proof) {
      throw new AppError(400, 'VALIDATION', bilingual('核实亲属关系须上传证明材料', 'Verifying a relationship needs a proof document'),
        [{ pointer: '/proof', code: 'REQUIRED', message: '请上传户口簿、结婚证或出生证明 / upload the household register, marriage or birth certificate' }]);
    }
    const [row] = await tx.insert(familyRelation).values({
      stationId: ctx.user.stationId, donorId: input.donorId, relation: input.relation, relativeName: input.relativeName.trim(),
      relativeIdNumber, status, proofDocumentId: proof?.id ?? null, note: input.note ?? null, createdBy: ctx.user.id, createdAt: ctx.now,
      verifiedBy: status === 'verified' ? ctx.user.id : null, verifiedAt: status === 'verified' ? ctx.now : null,
    }).returning();
    await recordAudit(tx, ctx, { action: 'family_relation.create', entityType: 'family_relation', entityId: row.id,
      after: { donorId: row.donorId, relation: row.relation, status, proofDocumentId: row.proofDocumentId } });
    return presentRelation({ ...row, donorName: '' });
  });
}

export async function reviewRelation(db: Db, ctx: ActionContext, id: number, input: { decision: 'verified' | 'rejected'; reason: string }) {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(familyRelation).where(and(eq(familyRelation.id, id), eq(familyRelation.stationId, ctx.user.stationId))).for('update');
    const r = rows[0];
    if (!r) throw notFound('Relationship', '亲属关系');
    if (r.status !== 'pending') throw conflict('该亲属关系已审核', 'This relationship has already been reviewed');
    if (input.decision === 'verified' && r.proofDocumentId === null) {
      throw new AppError(400, 'VALIDATION', bilingual('无证明材料不能核实', 'Cannot verify without a proof document'),
        [{ pointer: '/decision', code: 'NO_PROOF', message: '请先上传证明材料 / upload a proof document first' }]);
    }
    await tx.update(familyRelation).set({ status: input.decision, verifiedBy: ctx.user.id, verifiedAt: ctx.now }).where(eq(familyRelation.id, id));
    await recordAudit(tx, ctx, { action: 'family_relation.review', entityType: 'family_relation', entityId: id, reason: input.reason,
      before: { status: r.status }, after: { status: input.decision } });
    return { id, status: input.decision };
  });
}

export async function listRelations(db: Db, user: SessionUser, q: PageQuery & { donorId?: number; status?: string }) {
  const conds: SQL[] = [eq(familyRelation.stationId, user.stationId)];
  if (q.donorId) conds.push(eq(familyRelation.donorId, q.donorId));
  if (q.status) conds.push(eq(familyRelation.status, q.status));
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(relationColumns).from(familyRelation).innerJoin(donor, eq(donor.id, familyRelation.donorId)).where(where)
      .orderBy(desc(familyRelation.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(familyRelation).where(where),
  ]);
  return { items: rows.map(presentRelation), total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------------------
// Hospital window: lookup

export interface EntitlementView {
  donorId: number;
  donorNumber: string;
  donorName: string;
  relation: Relation;
  familyRelationId: number | null;
  pool: 'self' | 'family';
  usedMl: number;
  unlimited: boolean;
  entitledMl: number | null;
  remainingMl: number | null;
  rule: string;
  ruleSetId: string;
  province: string;
  reasons: EntitlementResult['reasons'];
}

async function entitlementFor(tx: DbOrTx, stationId: number, d: { id: number; donorNumber: string; name: string }, relation: Relation,
  familyRelationId: number | null, onDate: string, usedMl?: number): Promise<EntitlementView> {
  const pool = poolOf(relation);
  const used = usedMl ?? await usedOf(tx, stationId, d.id, pool);
  const donations = await benefitDonations(tx, stationId, d.id);
  const province = stationProvince();
  const r = evaluateEntitlement({ province, onDate, relation, donations, usedMl: used });
  return {
    donorId: d.id, donorNumber: d.donorNumber, donorName: d.name, relation, familyRelationId, pool, usedMl: used,
    unlimited: r.unlimited, entitledMl: r.entitledMl, remainingMl: r.remainingMl, rule: r.rule, ruleSetId: r.ruleSetId, province, reasons: r.reasons,
  };
}

/**
 * Hospital window lookup by the patient's resident ID number: the patient's own entitlement as a donor, and
 * every entitlement as a verified relative of a donor; plus the patient's transfusions at this hospital that
 * have not been exempted yet (the fee lines to deduct against).
 */
export async function lookupPatient(db: Db, user: SessionUser, idNumberRaw: string, now: Date) {
  const idNumber = validId(idNumberRaw, '/idNumber', now);
  const onDate = shanghaiDate(now);
  const entitlements: EntitlementView[] = [];
  const asDonor = await db.select({ id: donor.id, donorNumber: donor.donorNumber, name: donor.name }).from(donor)
    .where(and(eq(donor.stationId, user.stationId), eq(donor.idNumber, idNumber)));
  for (const d of asDonor) entitlements.push(await entitlementFor(db, user.stationId, d, 'self', null, onDate));
  const asRelative = await db.select({ id: donor.id, donorNumber: donor.donorNumber, name: donor.name, relation: familyRelation.relation, relId: familyRelation.id, relativeName: familyRelation.relativeName })
    .from(familyRelation).innerJoin(donor, eq(donor.id, familyRelation.donorId))
    .where(and(eq(familyRelation.stationId, user.stationId), eq(familyRelation.relativeIdNumber, idNumber), eq(familyRelation.status, 'verified')));
  for (const r of asRelative) entitlements.push(await entitlementFor(db, user.stationId, r, r.relation as Relation, r.relId, onDate));
  const patientName = asRelative[0]?.relativeName ?? asDonor[0]?.name ?? null;
  const tConds: SQL[] = [eq(transfusion.stationId, user.stationId), eq(transfusion.patientIdNumber, idNumber),
    sql`not exists (select 1 from benefit_deduction_line l where l.transfusion_id = "transfusion"."id")`];
  if (user.orgType === 'hospital') tConds.push(eq(transfusion.hospitalOrgId, user.orgId));
  const transfusions = await db.select({
    id: transfusion.id, transfusedAt: transfusion.transfusedAt, patientName: transfusion.patientName, din: bloodUnit.din,
    productId: bloodUnit.productId, componentClass: bloodUnit.componentClass, volumeMl: bloodUnit.volumeMl, quantity: bloodUnit.quantity, quantityUnit: bloodUnit.quantityUnit,
  }).from(transfusion).innerJoin(bloodUnit, eq(bloodUnit.id, transfusion.unitId)).where(and(...tConds)).orderBy(asc(transfusion.transfusedAt));
  return { idNumberMasked: maskResidentId(idNumber), patientName: patientName ?? transfusions[0]?.patientName ?? null, onDate, entitlements, transfusions };
}

// ---------------------------------------------------------------------------------------------------------
// Direct deduction

export interface FeeLineInput {
  transfusionId?: number | null;
  item: string;
  volumeMl: number;
  amountFen: number;
}

export interface NewDeduction {
  idNumber: string;
  donorId: number;
  relation: Relation;
  lines: FeeLineInput[];
}

/** Locks (creating when absent) the donor's pool account row. */
async function lockAccount(tx: Tx, stationId: number, donorId: number, pool: 'self' | 'family', now: Date) {
  await tx.insert(benefitAccount).values({ stationId, donorId, pool, updatedAt: now }).onConflictDoNothing();
  const rows = await tx.select().from(benefitAccount)
    .where(and(eq(benefitAccount.stationId, stationId), eq(benefitAccount.donorId, donorId), eq(benefitAccount.pool, pool))).for('update');
  return rows[0];
}

/** Resolves who the beneficiary is to the donor (self or a verified relative) for this ID number. */
async function beneficiaryOf(tx: DbOrTx, stationId: number, donorId: number, idNumber: string, relation: Relation) {
  const d = await tx.select({ id: donor.id, donorNumber: donor.donorNumber, name: donor.name, idNumber: donor.idNumber }).from(donor)
    .where(and(eq(donor.id, donorId), eq(donor.stationId, stationId)));
  if (!d[0]) throw notFound('Donor', '献血者');
  if (relation === 'self') {
    if (d[0].idNumber !== idNumber) {
      throw new AppError(400, 'VALIDATION', bilingual('患者不是该献血者本人', 'The patient is not this donor'),
        [{ pointer: '/relation', code: 'NOT_SELF', message: '身份证号与献血者不符 / ID number does not match the donor' }]);
    }
    return { donor: d[0], name: d[0].name, familyRelationId: null };
  }
  const rel = await tx.select().from(familyRelation).where(and(eq(familyRelation.stationId, stationId), eq(familyRelation.donorId, donorId),
    eq(familyRelation.relativeIdNumber, idNumber), eq(familyRelation.relation, relation), eq(familyRelation.status, 'verified')));
  if (!rel[0]) {
    throw new AppError(400, 'VALIDATION', bilingual('未找到已核实的亲属关系', 'No verified relationship to this donor'),
      [{ pointer: '/relation', code: 'NO_RELATION', message: '该患者与献血者无已核实的此类亲属关系 / no verified relationship of this kind' }]);
  }
  return { donor: d[0], name: rel[0].relativeName, familyRelationId: rel[0].id };
}

/**
 * Records a direct deduction at the hospital window, atomically: locks the donor's pool, re-evaluates the
 * entitlement with what was already used, covers the fee lines in order (partly covered line pro rata), writes
 * the ledger entry and its lines, and audits. Refuses (409 `NO_ENTITLEMENT`) when nothing can be covered.
 */
export async function recordDirectDeduction(db: Db, ctx: ActionContext, input: NewDeduction) {
  const idNumber = validId(input.idNumber, '/idNumber', ctx.now);
  if (!RELATIONS.includes(input.relation)) throw new AppError(400, 'VALIDATION', bilingual('关系无效', 'Invalid relation'));
  const onDate = shanghaiDate(ctx.now);
  return db.transaction(async (tx) => {
    const who = await beneficiaryOf(tx, ctx.user.stationId, input.donorId, idNumber, input.relation);
    // Fee lines that name a transfusion must be this patient's, at this hospital.
    const tIds = input.lines.map((l) => l.transfusionId).filter((x): x is number => typeof x === 'number');
    if (tIds.length > 0) {
      const ts = await tx.select({ id: transfusion.id, patientIdNumber: transfusion.patientIdNumber, hospitalOrgId: transfusion.hospitalOrgId })
        .from(transfusion).where(and(inArray(transfusion.id, tIds), eq(transfusion.stationId, ctx.user.stationId)));
      input.lines.forEach((l, i) => {
        if (l.transfusionId == null) return;
        const t = ts.find((x) => x.id === l.transfusionId);
        if (!t || t.patientIdNumber !== idNumber || (ctx.user.orgType === 'hospital' && t.hospitalOrgId !== ctx.user.orgId)) {
          throw new AppError(400, 'VALIDATION', bilingual('输血记录不属于该患者或本院', 'Transfusion is not this patient\'s at this hospital'),
            [{ pointer: `/lines/${i}/transfusionId`, code: 'TRANSFUSION', message: '输血记录不符 / transfusion does not match' }]);
        }
      });
      if (new Set(tIds).size !== tIds.length) {
        throw new AppError(400, 'VALIDATION', bilingual('同一输血记录重复', 'A transfusion appears twice'),
          [{ pointer: '/lines', code: 'DUPLICATE', message: '同一输血记录只能减免一次 / a transfusion can be exempted once' }]);
      }
    }
    const pool = poolOf(input.relation);
    const account = await lockAccount(tx, ctx.user.stationId, who.donor.id, pool, ctx.now);
    const ent = await entitlementFor(tx, ctx.user.stationId, who.donor, input.relation, who.familyRelationId, onDate, account.usedMl);
    if (!ent.unlimited && (ent.remainingMl ?? 0) <= 0) {
      throw new AppError(409, 'NO_ENTITLEMENT', bilingual('无剩余可减免用血量', 'No remaining entitlement'),
        [{ pointer: '/donorId', code: 'NO_ENTITLEMENT', message: `已用 ${ent.usedMl} ml，剩余 0 / used ${ent.usedMl} ml, nothing left` }]);
    }
    const plan = planDeduction(input.lines.map((l) => ({ volumeMl: l.volumeMl, amountFen: l.amountFen })), ent.unlimited ? null : ent.remainingMl);
    const hospital = await tx.select({ id: organisation.id, name: organisation.name, type: organisation.type }).from(organisation).where(eq(organisation.id, ctx.user.orgId));
    const billedFen = input.lines.reduce((s, l) => s + l.amountFen, 0);
    const usedAfter = account.usedMl + plan.totalMl;
    await tx.update(benefitAccount).set({ usedMl: usedAfter, usedFen: account.usedFen + plan.totalFen, updatedAt: ctx.now }).where(eq(benefitAccount.id, account.id));
    const remainingAfterMl = ent.unlimited ? null : Math.max(0, (ent.remainingMl ?? 0) - plan.totalMl);
    const [ded] = await tx.insert(benefitDeduction).values({
      stationId: ctx.user.stationId, accountId: account.id, donorId: who.donor.id, relation: input.relation, familyRelationId: who.familyRelationId,
      beneficiaryName: who.name, beneficiaryIdNumber: idNumber, kind: 'direct', hospitalOrgId: hospital[0]?.type === 'hospital' ? hospital[0].id : null,
      hospitalName: hospital[0]?.name ?? '', volumeMl: plan.totalMl, amountFen: plan.totalFen, billedFen, unlimited: ent.unlimited, remainingAfterMl,
      ruleSetId: ent.ruleSetId, province: ent.province, reasons: ent.reasons as unknown[], createdBy: ctx.user.id, createdAt: ctx.now,
    }).returning();
    await tx.insert(benefitDeductionLine).values(input.lines.map((l, i) => ({
      stationId: ctx.user.stationId, deductionId: ded.id, transfusionId: l.transfusionId ?? null, item: l.item, volumeMl: l.volumeMl,
      amountFen: l.amountFen, coveredMl: plan.lines[i].coveredMl, coveredFen: plan.lines[i].coveredFen,
    })));
    await recordAudit(tx, ctx, { action: 'benefit.direct_deduction', entityType: 'benefit_deduction', entityId: ded.id,
      reason: `血费直免 ${who.name} (${input.relation})`,
      before: { pool, usedMl: account.usedMl }, after: { pool, usedMl: usedAfter, volumeMl: plan.totalMl, amountFen: plan.totalFen, ruleSetId: ent.ruleSetId } });
    return {
      id: ded.id, donorId: who.donor.id, relation: input.relation, beneficiaryName: who.name, volumeMl: plan.totalMl, amountFen: plan.totalFen, billedFen,
      unlimited: ent.unlimited, remainingAfterMl, rule: ent.rule, lines: plan.lines,
    };
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === '23505' && String((err as { constraint?: string }).constraint ?? (err as Error).message).includes('transfusion')) {
      throw conflict('该输血记录已减免', 'This transfusion has already been exempted', 'ALREADY_EXEMPTED');
    }
    throw err;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Ledger: deductions of a donor and family (what the donor app shows), station ledger, statistics

const deductionColumns = {
  id: benefitDeduction.id, donorId: benefitDeduction.donorId, donorName: donor.name, donorNumber: donor.donorNumber, relation: benefitDeduction.relation,
  beneficiaryName: benefitDeduction.beneficiaryName, beneficiaryIdNumber: benefitDeduction.beneficiaryIdNumber, kind: benefitDeduction.kind,
  hospitalName: benefitDeduction.hospitalName, volumeMl: benefitDeduction.volumeMl, amountFen: benefitDeduction.amountFen, billedFen: benefitDeduction.billedFen,
  unlimited: benefitDeduction.unlimited, remainingAfterMl: benefitDeduction.remainingAfterMl, ruleSetId: benefitDeduction.ruleSetId, createdAt: benefitDeduction.createdAt,
};
const presentDeduction = <T extends { beneficiaryIdNumber: string }>(r: T) => {
  const { beneficiaryIdNumber, ...rest } = r;
  return { ...rest, beneficiaryIdNumberMasked: maskResidentId(beneficiaryIdNumber) };
};

export interface LedgerQuery extends PageQuery {
  donorId?: number;
  kind?: string;
  relation?: string;
  from?: string;
  to?: string;
}

export async function listDeductions(db: Db, user: SessionUser, q: LedgerQuery) {
  const conds: SQL[] = [eq(benefitDeduction.stationId, user.stationId)];
  if (user.orgType === 'hospital') conds.push(eq(benefitDeduction.hospitalOrgId, user.orgId));
  if (q.donorId) conds.push(eq(benefitDeduction.donorId, q.donorId));
  if (q.kind) conds.push(eq(benefitDeduction.kind, q.kind));
  if (q.relation) conds.push(eq(benefitDeduction.relation, q.relation));
  if (q.from) conds.push(sql`${benefitDeduction.createdAt} >= (${q.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.to) conds.push(sql`${benefitDeduction.createdAt} < ((${q.to}::date + 1))::timestamp at time zone 'Asia/Shanghai'`);
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(deductionColumns).from(benefitDeduction).innerJoin(donor, eq(donor.id, benefitDeduction.donorId)).where(where)
      .orderBy(desc(benefitDeduction.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(benefitDeduction).where(where),
  ]);
  return { items: rows.map(presentDeduction), total, page: q.page, pageSize: q.pageSize };
}

/**
 * A donor's and family's exemptions with each pool's entitlement: the API the donor app (issue #3) shows
 * ("my blood-fee exemptions").
 */
export async function donorBenefitSummary(db: Db, user: SessionUser, donorId: number, now: Date) {
  return summaryOf(db, user.stationId, donorId, now);
}

async function summaryOf(db: Db, stationId: number, donorId: number, now: Date) {
  const user = { stationId };
  const d = await db.select({ id: donor.id, donorNumber: donor.donorNumber, name: donor.name }).from(donor)
    .where(and(eq(donor.id, donorId), eq(donor.stationId, user.stationId)));
  if (!d[0]) throw notFound('Donor', '献血者');
  const onDate = shanghaiDate(now);
  const relations = await db.select(relationColumns).from(familyRelation).innerJoin(donor, eq(donor.id, familyRelation.donorId))
    .where(and(eq(familyRelation.donorId, donorId), eq(familyRelation.stationId, user.stationId))).orderBy(asc(familyRelation.id));
  const self = await entitlementFor(db, user.stationId, d[0], 'self', null, onDate);
  const family = await Promise.all(relations.filter((r) => r.status === 'verified').map((r) =>
    entitlementFor(db, user.stationId, d[0], r.relation as Relation, r.id, onDate).then((e) => ({ ...e, relativeName: r.relativeName }))));
  const deductions = await db.select(deductionColumns).from(benefitDeduction).innerJoin(donor, eq(donor.id, benefitDeduction.donorId))
    .where(and(eq(benefitDeduction.donorId, donorId), eq(benefitDeduction.stationId, user.stationId))).orderBy(desc(benefitDeduction.createdAt));
  return { donor: d[0], self, family, relations: relations.map(presentRelation), deductions: deductions.map(presentDeduction) };
}

/**
 * The signed-in donor's own view for the donor app (`GET /api/m/benefits`): the self pool's and each verified
 * relative's family-pool entitlement (remaining ml or unlimited, with the rule text and rule-set id) and the
 * deductions booked against this donor's pools (date in Asia/Shanghai, hospital, relation, relative's name,
 * volume ml, amount fen). Built on {@link donorBenefitSummary}'s data; resident ID numbers, donor numbers and
 * rule reasons are left out. Only rows whose `donor_id` is the caller's are ever read (R67, R69).
 * @throws 404 when the donor is not of this station.
 */
export async function donorOwnBenefits(db: Db, stationId: number, donorId: number, now: Date) {
  const s = await summaryOf(db, stationId, donorId, now);
  const pick = (e: EntitlementView) => ({ relation: e.relation, pool: e.pool, unlimited: e.unlimited, entitledMl: e.entitledMl,
    remainingMl: e.remainingMl, usedMl: e.usedMl, rule: e.rule, ruleSetId: e.ruleSetId });
  return {
    self: pick(s.self),
    family: s.family.map((f) => ({ ...pick(f), relativeName: f.relativeName })),
    deductions: s.deductions.map((x) => ({
      id: x.id, day: shanghaiDate(x.createdAt), kind: x.kind, relation: x.relation, beneficiaryName: x.beneficiaryName,
      hospitalName: x.hospitalName, volumeMl: x.volumeMl, amountFen: x.amountFen, unlimited: x.unlimited,
    })),
  };
}

/** Statistics of exemptions (R70): by month, hospital, relationship, kind and amount band; totals in fen and ml. */
export async function benefitStatistics(db: Db, user: SessionUser, q: { from?: string; to?: string }) {
  const conds: SQL[] = [eq(benefitDeduction.stationId, user.stationId)];
  if (user.orgType === 'hospital') conds.push(eq(benefitDeduction.hospitalOrgId, user.orgId));
  if (q.from) conds.push(sql`${benefitDeduction.createdAt} >= (${q.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.to) conds.push(sql`${benefitDeduction.createdAt} < ((${q.to}::date + 1))::timestamp at time zone 'Asia/Shanghai'`);
  const where = and(...conds);
  const month = sql<string>`to_char(${benefitDeduction.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const agg = { count: sql<number>`count(*)`.mapWith(Number), amountFen: sql<number>`coalesce(sum(${benefitDeduction.amountFen}),0)`.mapWith(Number),
    volumeMl: sql<number>`coalesce(sum(${benefitDeduction.volumeMl}),0)`.mapWith(Number), people: sql<number>`count(distinct ${benefitDeduction.beneficiaryIdNumber})`.mapWith(Number) };
  // Amount bands in yuan (0–500, 500–2,000, 2,000–5,000, 5,000–20,000, ≥ 20,000): how large single exemptions are.
  const band = sql<string>`case when ${benefitDeduction.amountFen} < 50000 then '0-500' when ${benefitDeduction.amountFen} < 200000 then '500-2000'
    when ${benefitDeduction.amountFen} < 500000 then '2000-5000' when ${benefitDeduction.amountFen} < 2000000 then '5000-20000' else '20000+' end`;
  const [totals, byMonth, byHospital, byRelation, byKind, byAmountBand] = await Promise.all([
    db.select(agg).from(benefitDeduction).where(where),
    db.select({ month, ...agg }).from(benefitDeduction).where(where).groupBy(month).orderBy(month),
    db.select({ hospitalName: benefitDeduction.hospitalName, ...agg }).from(benefitDeduction).where(where).groupBy(benefitDeduction.hospitalName)
      .orderBy(desc(sql`sum(${benefitDeduction.amountFen})`)),
    db.select({ relation: benefitDeduction.relation, ...agg }).from(benefitDeduction).where(where).groupBy(benefitDeduction.relation).orderBy(benefitDeduction.relation),
    db.select({ kind: benefitDeduction.kind, ...agg }).from(benefitDeduction).where(where).groupBy(benefitDeduction.kind).orderBy(benefitDeduction.kind),
    db.select({ band, ...agg }).from(benefitDeduction).where(where).groupBy(band),
  ]);
  const bands = ['0-500', '500-2000', '2000-5000', '5000-20000', '20000+'];
  const byAmount = bands.map((b) => byAmountBand.find((r) => r.band === b) ?? { band: b, count: 0, amountFen: 0, volumeMl: 0, people: 0 });
  return { totals: totals[0], byMonth, byHospital, byRelation, byKind, byAmountBand: byAmount };
}

// ---------------------------------------------------------------------------------------------------------
// Claims: online (donor app, later) and cross-province records; staff review; payment

export interface NewClaim {
  donorId: number;
  relation: Relation;
  beneficiaryName: string;
  beneficiaryIdNumber: string;
  channel: 'online' | 'window' | 'cross_province';
  originStation?: string | null;
  originProvince?: string | null;
  hospitalName: string;
  usedOn: string;
  volumeMl: number;
  invoiceFen: number;
  invoiceNo?: string | null;
  invoice?: NewDocument | null;
  proof?: NewDocument | null;
}

export async function submitClaim(db: Db, ctx: ActionContext, input: NewClaim) {
  const beneficiaryIdNumber = validId(input.beneficiaryIdNumber, '/beneficiaryIdNumber', ctx.now);
  if (input.channel === 'cross_province' && !input.originStation) {
    throw new AppError(400, 'VALIDATION', bilingual('异地报销须注明来源血站', 'A cross-province claim names the originating station'),
      [{ pointer: '/originStation', code: 'REQUIRED', message: '请填写来源血站 / originStation is required' }]);
  }
  if (input.usedOn > shanghaiDate(ctx.now)) {
    throw new AppError(400, 'VALIDATION', bilingual('用血日期不能晚于今天', 'Date of use cannot be in the future'),
      [{ pointer: '/usedOn', code: 'FUTURE', message: '用血日期不能晚于今天 / usedOn is in the future' }]);
  }
  return db.transaction(async (tx) => {
    const d = await tx.select({ id: donor.id }).from(donor).where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId)));
    if (!d[0]) throw notFound('Donor', '献血者');
    const invoice = input.invoice ? await storeDocument(tx, ctx, { ...input.invoice, kind: 'invoice' }, '/invoice') : null;
    const proof = input.proof ? await storeDocument(tx, ctx, { ...input.proof, kind: input.proof.kind ?? 'relationship' }, '/proof') : null;
    const [row] = await tx.insert(benefitClaim).values({
      stationId: ctx.user.stationId, claimNumber: `pending-${ctx.requestId}-${Date.now()}`, donorId: input.donorId, relation: input.relation,
      beneficiaryName: input.beneficiaryName.trim(), beneficiaryIdNumber, channel: input.channel, originStation: input.originStation ?? null,
      originProvince: input.originProvince ?? null, hospitalName: input.hospitalName.trim(), usedOn: input.usedOn, volumeMl: input.volumeMl,
      invoiceFen: input.invoiceFen, invoiceNo: input.invoiceNo ?? null, invoiceDocumentId: invoice?.id ?? null, proofDocumentId: proof?.id ?? null,
      status: 'submitted', submittedBy: ctx.user.id, createdAt: ctx.now,
    }).returning({ id: benefitClaim.id });
    const claimNumber = `BX${shanghaiDate(ctx.now).replaceAll('-', '')}${String(row.id).padStart(6, '0')}`;
    await tx.update(benefitClaim).set({ claimNumber }).where(eq(benefitClaim.id, row.id));
    await recordAudit(tx, ctx, { action: 'benefit_claim.submit', entityType: 'benefit_claim', entityId: row.id,
      after: { claimNumber, channel: input.channel, volumeMl: input.volumeMl, invoiceFen: input.invoiceFen } });
    return { id: row.id, claimNumber, status: 'submitted' as const };
  });
}

const claimColumns = {
  id: benefitClaim.id, claimNumber: benefitClaim.claimNumber, donorId: benefitClaim.donorId, donorName: donor.name, donorNumber: donor.donorNumber,
  relation: benefitClaim.relation, beneficiaryName: benefitClaim.beneficiaryName, beneficiaryIdNumber: benefitClaim.beneficiaryIdNumber,
  channel: benefitClaim.channel, originStation: benefitClaim.originStation, originProvince: benefitClaim.originProvince,
  hospitalName: benefitClaim.hospitalName, usedOn: benefitClaim.usedOn, volumeMl: benefitClaim.volumeMl, invoiceFen: benefitClaim.invoiceFen,
  invoiceNo: benefitClaim.invoiceNo, invoiceDocumentId: benefitClaim.invoiceDocumentId, proofDocumentId: benefitClaim.proofDocumentId,
  status: benefitClaim.status, reviewNote: benefitClaim.reviewNote, reviewedAt: benefitClaim.reviewedAt, approvedMl: benefitClaim.approvedMl,
  approvedFen: benefitClaim.approvedFen, paidAt: benefitClaim.paidAt, paymentReference: benefitClaim.paymentReference, createdAt: benefitClaim.createdAt,
};

export async function listClaims(db: Db, user: SessionUser, q: PageQuery & { status?: string; channel?: string; donorId?: number }) {
  const conds: SQL[] = [eq(benefitClaim.stationId, user.stationId)];
  if (q.status) conds.push(eq(benefitClaim.status, q.status));
  if (q.channel) conds.push(eq(benefitClaim.channel, q.channel));
  if (q.donorId) conds.push(eq(benefitClaim.donorId, q.donorId));
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(claimColumns).from(benefitClaim).innerJoin(donor, eq(donor.id, benefitClaim.donorId)).where(where)
      .orderBy(desc(benefitClaim.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(benefitClaim).where(where),
  ]);
  return { items: rows.map(presentDeduction), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Staff review of a claim. Approval books the covered amount against the donor's pool under the same lock as a
 * direct deduction (the claim's volume, covered as far as the entitlement on the day of use allows).
 */
export async function reviewClaim(db: Db, ctx: ActionContext, id: number, input: { decision: 'approved' | 'rejected'; note: string }) {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(benefitClaim).where(and(eq(benefitClaim.id, id), eq(benefitClaim.stationId, ctx.user.stationId))).for('update');
    const c = rows[0];
    if (!c) throw notFound('Claim', '报销申请');
    if (c.status !== 'submitted') throw conflict('该申请已审核', 'This claim has already been reviewed', 'INVALID_TRANSITION');
    if (input.decision === 'rejected') {
      await tx.update(benefitClaim).set({ status: 'rejected', reviewNote: input.note, reviewedBy: ctx.user.id, reviewedAt: ctx.now }).where(eq(benefitClaim.id, id));
      await recordAudit(tx, ctx, { action: 'benefit_claim.reject', entityType: 'benefit_claim', entityId: id, reason: input.note, before: { status: c.status }, after: { status: 'rejected' } });
      return { id, status: 'rejected' as const, approvedMl: 0, approvedFen: 0 };
    }
    const relation = c.relation as Relation;
    const d = await tx.select({ id: donor.id, donorNumber: donor.donorNumber, name: donor.name }).from(donor).where(eq(donor.id, c.donorId));
    let familyRelationId: number | null = null;
    if (relation !== 'self') {
      const rel = await tx.select({ id: familyRelation.id }).from(familyRelation).where(and(eq(familyRelation.donorId, c.donorId),
        eq(familyRelation.relativeIdNumber, c.beneficiaryIdNumber), eq(familyRelation.status, 'verified')));
      if (!rel[0] && c.channel !== 'cross_province') {
        throw new AppError(409, 'NO_RELATION', bilingual('亲属关系未核实，不能批准', 'The relationship is not verified; cannot approve'),
          [{ pointer: '/decision', code: 'NO_RELATION', message: '请先核实亲属关系 / verify the relationship first' }]);
      }
      familyRelationId = rel[0]?.id ?? null;
    }
    const pool = poolOf(relation);
    const account = await lockAccount(tx, ctx.user.stationId, c.donorId, pool, ctx.now);
    const ent = await entitlementFor(tx, ctx.user.stationId, d[0], relation, familyRelationId, c.usedOn, account.usedMl);
    if (!ent.unlimited && (ent.remainingMl ?? 0) <= 0) {
      throw new AppError(409, 'NO_ENTITLEMENT', bilingual('无剩余可减免用血量', 'No remaining entitlement'),
        [{ pointer: '/decision', code: 'NO_ENTITLEMENT', message: '剩余 0 ml，请驳回 / nothing left: reject the claim' }]);
    }
    const plan = planDeduction([{ volumeMl: c.volumeMl, amountFen: c.invoiceFen }], ent.unlimited ? null : ent.remainingMl);
    const usedAfter = account.usedMl + plan.totalMl;
    await tx.update(benefitAccount).set({ usedMl: usedAfter, usedFen: account.usedFen + plan.totalFen, updatedAt: ctx.now }).where(eq(benefitAccount.id, account.id));
    const [ded] = await tx.insert(benefitDeduction).values({
      stationId: ctx.user.stationId, accountId: account.id, donorId: c.donorId, relation, familyRelationId, beneficiaryName: c.beneficiaryName,
      beneficiaryIdNumber: c.beneficiaryIdNumber, kind: c.channel === 'cross_province' ? 'cross_province' : 'claim', hospitalOrgId: null,
      hospitalName: c.hospitalName, claimId: c.id, volumeMl: plan.totalMl, amountFen: plan.totalFen, billedFen: c.invoiceFen, unlimited: ent.unlimited,
      remainingAfterMl: ent.unlimited ? null : Math.max(0, (ent.remainingMl ?? 0) - plan.totalMl), ruleSetId: ent.ruleSetId, province: ent.province,
      reasons: ent.reasons as unknown[], createdBy: ctx.user.id, createdAt: ctx.now,
    }).returning({ id: benefitDeduction.id });
    await tx.update(benefitClaim).set({ status: 'approved', reviewNote: input.note, reviewedBy: ctx.user.id, reviewedAt: ctx.now,
      approvedMl: plan.totalMl, approvedFen: plan.totalFen, deductionId: ded.id }).where(eq(benefitClaim.id, id));
    await recordAudit(tx, ctx, { action: 'benefit_claim.approve', entityType: 'benefit_claim', entityId: id, reason: input.note,
      before: { status: c.status, usedMl: account.usedMl }, after: { status: 'approved', approvedMl: plan.totalMl, approvedFen: plan.totalFen, deductionId: ded.id } });
    return { id, status: 'approved' as const, approvedMl: plan.totalMl, approvedFen: plan.totalFen };
  });
}

export async function payClaim(db: Db, ctx: ActionContext, id: number, input: { paymentReference: string }) {
  return db.transaction(async (tx) => {
    const updated = await tx.update(benefitClaim).set({ status: 'paid', paidAt: ctx.now, paidBy: ctx.user.id, paymentReference: input.paymentReference })
      .where(and(eq(benefitClaim.id, id), eq(benefitClaim.stationId, ctx.user.stationId), eq(benefitClaim.status, 'approved'))).returning({ id: benefitClaim.id });
    if (!updated[0]) {
      const exists = await tx.select({ status: benefitClaim.status }).from(benefitClaim).where(and(eq(benefitClaim.id, id), eq(benefitClaim.stationId, ctx.user.stationId)));
      if (!exists[0]) throw notFound('Claim', '报销申请');
      throw conflict('只有已批准的申请可以支付', 'Only an approved claim can be paid', 'INVALID_TRANSITION');
    }
    await recordAudit(tx, ctx, { action: 'benefit_claim.pay', entityType: 'benefit_claim', entityId: id, reason: input.paymentReference, before: { status: 'approved' }, after: { status: 'paid', paymentReference: input.paymentReference } });
    return { id, status: 'paid' as const };
  });
}

/** Hospital users only see their own hospital; this guard is for station-only endpoints. */
export function requireStationUser(user: SessionUser): void {
  if (user.orgType !== 'station') throw forbidden();
}

export { entitlementFor };
