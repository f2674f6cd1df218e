/**
 * Builds the GB 18467-2011 eligibility input from the database (donor, donation history, deferrals held on the
 * donor record across every station of the deployment by resident ID number) and assesses it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import {
  assessEligibility, ELIGIBILITY_REGISTRY, type AnswerInput, type DonationType, type EligibilityDecision,
  type EligibilityInput, type ExamInput,
} from '@redbridge/domain/eligibility';
import type { DbOrTx } from '../../db/client.ts';
import { donation, donor, donorDeferral } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { AppError, bilingual } from '../../lib/problem.ts';

export type DonorRow = typeof donor.$inferSelect;

/** The donor's eligibility input for a day (without exam/answers unless given). */
export async function loadEligibilityInput(tx: DbOrTx, d: DonorRow, day: string, donationType: DonationType,
  extra: { exam?: ExamInput; answers?: AnswerInput[]; volumeMl?: number } = {}): Promise<EligibilityInput> {
  // history from every station: the same person (resident ID) may have donated elsewhere in the deployment
  const sameDonor = await tx.select({ id: donor.id }).from(donor).where(eq(donor.idNumber, d.idNumber));
  const ids = sameDonor.map((r) => r.id);
  const history = await tx.select({ type: donation.donationType, at: donation.collectedAt, volumeMl: donation.volumeMl })
    .from(donation).where(inArray(donation.donorId, ids));
  const deferrals = await tx.select().from(donorDeferral).where(eq(donorDeferral.idNumber, d.idNumber));
  const recordDeferrals: NonNullable<EligibilityInput['donor']['deferrals']>[number][] = deferrals.map((x) => ({
    code: x.code, from: x.fromDay, until: x.until, ...(x.note ? { note: x.note } : {}),
  }));
  if (d.permanentlyDeferred) recordDeferrals.push({ code: 'staff', from: '1900-01-01', until: null, note: '永久屏蔽 permanent' });
  if (d.deferredUntil) recordDeferrals.push({ code: 'staff', from: '1900-01-01', until: d.deferredUntil });
  return {
    date: day, donationType,
    donor: { birthDate: d.birthDate, sex: d.sex as 'male' | 'female', previousDonations: history.length, deferrals: recordDeferrals },
    history: history.filter((h) => h.type === 'whole_blood' || h.type === 'apheresis_platelets')
      .map((h) => ({ type: h.type as DonationType, date: shanghaiDate(h.at), volumeMl: h.volumeMl })),
    ...(extra.exam ? { exam: extra.exam } : {}),
    answers: extra.answers ?? [],
    ...(extra.volumeMl !== undefined ? { volumeMl: extra.volumeMl } : {}),
  };
}

/** Assesses with the rule set in force on the day for the station. */
export function assessInput(input: EligibilityInput, stationId: number): EligibilityDecision {
  const set = ELIGIBILITY_REGISTRY.inForce(new Date(`${input.date}T12:00:00+08:00`), String(stationId));
  return assessEligibility(input, set);
}

export async function assessDonor(tx: DbOrTx, stationId: number, donorId: number, day: string, donationType: DonationType,
  extra: { exam?: ExamInput; answers?: AnswerInput[]; volumeMl?: number } = {}) {
  const rows = await tx.select().from(donor).where(and(eq(donor.id, donorId), eq(donor.stationId, stationId)));
  if (!rows[0]) {
    throw new AppError(404, 'NOT_FOUND', bilingual('献血者不存在', 'Donor not found'),
      [{ pointer: '/donorId', code: 'NOT_FOUND', message: bilingual('献血者不存在', 'donor not found') }]);
  }
  return assessInput(await loadEligibilityInput(tx, rows[0], day, donationType, extra), stationId);
}

/** 422 `DONOR_INELIGIBLE` with one field error per reason (code, bilingual message, clause). */
export function ineligibleError(decision: EligibilityDecision, pointer = '/donorId'): AppError {
  const err = new AppError(422, 'DONOR_INELIGIBLE',
    bilingual(`献血者当日不符合献血条件${decision.eligibleFrom ? `，${decision.eligibleFrom} 起可献血` : ''}`,
      `Donor is not eligible on this day${decision.eligibleFrom ? `; eligible from ${decision.eligibleFrom}` : ''}`),
    decision.reasons.map((r) => ({ pointer, code: r.code, message: `${r.message} (${r.source})` })));
  (err as AppError & { decision?: EligibilityDecision }).decision = decision;
  return err;
}
