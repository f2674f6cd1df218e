/**
 * Paperless pre-donation (无纸化采血): the health questionnaire (answer codes, docs/eligibility.md) and the physical
 * examination as an electronic record, assessed under GB 18467-2011; the donor's consent with a drawn signature
 * (PNG data URL) and a SHA-256 of the signed content; the examining staff member's signature; bound to the donation.
 *
 * Immutable once signed: the API refuses changes (409 `RECORD_SIGNED`) and a trigger in the database refuses any
 * UPDATE/DELETE of a signed row except binding the donation once.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AnswerInput, DonationType, ExamInput } from '@redbridge/domain/eligibility';
import type { Db, DbOrTx } from '../../db/client.ts';
import { donor, predonationRecord } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { assessInput, loadEligibilityInput } from '../eligibility/service.ts';

/** Consent text, version 1 (知情同意). */
export const CONSENT_TEXT_V1 = '本人已阅读《献血者知情同意书》，了解献血的过程、可能的不良反应及血液检测要求，如实回答健康征询问题，' +
  '自愿无偿献血，同意血站对血液进行检测，并同意检测结果不合格时血站按规定处理和通知本人。 / I have read the donor information, ' +
  'answered the health questions truthfully, donate voluntarily and unpaid, and consent to testing of my blood and to being told of abnormal results.';

export interface NewPredonation {
  donorId: number;
  donationType: DonationType;
  answers: AnswerInput[];
  exam: ExamInput;
  appointmentId?: number | null;
}

type Row = typeof predonationRecord.$inferSelect;

/** Canonical JSON (sorted keys) of what the donor signs; its SHA-256 is stored as `content_sha256`. */
export function signedContent(r: Pick<Row, 'donorId' | 'day' | 'donationType' | 'answers' | 'exam' | 'decision' | 'consentText'>, donorSignature: string): string {
  const sort = (v: unknown): unknown => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v);
  return JSON.stringify(sort({ donorId: r.donorId, day: r.day, donationType: r.donationType, answers: r.answers, exam: r.exam, decision: r.decision, consentText: r.consentText, donorSignature }));
}
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const present = (r: Row) => ({ ...r, signed: r.signedAt !== null, hashValid: r.contentSha256 ? sha256(signedContent(r, r.donorSignature ?? '')) === r.contentSha256 : null });

/** Creates an unsigned record with the eligibility decision of today. */
export async function createPredonation(db: Db, ctx: ActionContext, input: NewPredonation) {
  return db.transaction(async (tx) => {
    const d = (await tx.select().from(donor).where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId))))[0];
    if (!d) throw new AppError(404, 'NOT_FOUND', bilingual('献血者不存在', 'Donor not found'), [{ pointer: '/donorId', code: 'NOT_FOUND', message: bilingual('献血者不存在', 'donor not found') }]);
    const day = shanghaiDate(ctx.now);
    const decision = assessInput(await loadEligibilityInput(tx, d, day, input.donationType, { exam: input.exam, answers: input.answers }), ctx.user.stationId);
    const [row] = await tx.insert(predonationRecord).values({
      stationId: ctx.user.stationId, donorId: d.id, appointmentId: input.appointmentId ?? null, day, donationType: input.donationType,
      answers: input.answers, exam: { ...input.exam }, decision: decision as unknown as Record<string, unknown>, consentText: CONSENT_TEXT_V1, createdAt: ctx.now,
    }).returning();
    await recordAudit(tx, ctx, { action: 'predonation.create', entityType: 'predonation_record', entityId: row.id, after: { donorId: d.id, eligible: decision.eligible, ruleSetId: decision.ruleSetId } });
    return present(row);
  });
}

async function load(tx: DbOrTx, stationId: number, id: number, lock = false) {
  const q = tx.select().from(predonationRecord).where(and(eq(predonationRecord.id, id), eq(predonationRecord.stationId, stationId)));
  const rows = lock ? await q.for('update') : await q;
  if (!rows[0]) throw notFound('Pre-donation record', '献血前记录');
  return rows[0];
}

export async function getPredonation(db: Db, stationId: number, id: number) {
  return present(await load(db, stationId, id));
}

/** Updates answers/exam of an unsigned record (re-assessed). @throws 409 `RECORD_SIGNED` once signed */
export async function updatePredonation(db: Db, ctx: ActionContext, id: number, input: { answers: AnswerInput[]; exam: ExamInput }) {
  return db.transaction(async (tx) => {
    const r = await load(tx, ctx.user.stationId, id, true);
    if (r.signedAt) throw conflict('已签名的献血前记录不可修改', 'A signed pre-donation record cannot change', 'RECORD_SIGNED');
    const d = (await tx.select().from(donor).where(eq(donor.id, r.donorId)))[0];
    const decision = assessInput(await loadEligibilityInput(tx, d, r.day, r.donationType as DonationType, { exam: input.exam, answers: input.answers }), ctx.user.stationId);
    const [row] = await tx.update(predonationRecord).set({ answers: input.answers, exam: { ...input.exam }, decision: decision as unknown as Record<string, unknown> })
      .where(eq(predonationRecord.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'predonation.update', entityType: 'predonation_record', entityId: id, before: { answers: r.answers, exam: r.exam }, after: input });
    return present(row);
  });
}

const SIGNATURE = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

/**
 * Donor consent signature + staff signature; freezes the record.
 * @throws 400 `VALIDATION` (signature not a PNG data URL or > 200 kB), 409 `RECORD_SIGNED`
 */
export async function signPredonation(db: Db, ctx: ActionContext, id: number, donorSignature: string) {
  if (!SIGNATURE.test(donorSignature) || donorSignature.length > 200_000) {
    throw new AppError(400, 'VALIDATION', bilingual('签名须为 PNG 图像', 'The signature must be a PNG image'), [{ pointer: '/donorSignature', code: 'SIGNATURE', message: bilingual('签名须为 data:image/png;base64 且小于 200 kB', 'must be a data:image/png;base64 URL under 200 kB') }]);
  }
  return db.transaction(async (tx) => {
    const r = await load(tx, ctx.user.stationId, id, true);
    if (r.signedAt) throw conflict('已签名的献血前记录不可再次签名', 'The record is already signed', 'RECORD_SIGNED');
    const hash = sha256(signedContent(r, donorSignature));
    const [row] = await tx.update(predonationRecord).set({ donorSignature, contentSha256: hash, staffId: ctx.user.id, staffSignedAt: ctx.now, signedAt: ctx.now })
      .where(eq(predonationRecord.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'predonation.sign', entityType: 'predonation_record', entityId: id, after: { contentSha256: hash, staffId: ctx.user.id } });
    return present(row);
  });
}

/** Loads a signed record of today for this donor, to collect against (exam and answers come from it). */
export async function signedRecordForDonation(tx: DbOrTx, stationId: number, id: number, donorId: number, day: string) {
  const r = await load(tx, stationId, id, true);
  if (!r.signedAt || r.donorId !== donorId || r.day !== day || r.donationId !== null) {
    throw new AppError(422, 'PREDONATION_INVALID', bilingual('献血前记录须为本人当日已签名且未使用的记录', 'The pre-donation record must be signed, of this donor, today, and unused'),
      [{ pointer: '/predonationId', code: 'PREDONATION_INVALID', message: bilingual('记录无效', 'invalid record') }]);
  }
  return r;
}

export async function bindDonation(tx: DbOrTx, id: number, donationId: number) {
  await tx.update(predonationRecord).set({ donationId }).where(eq(predonationRecord.id, id));
}
