/**
 * Collection, test results, release/discard and component preparation for whole-blood donations.
 *
 * Safety: every unit starts `quarantined`; only a donation whose every result is qualified can be released,
 * and only release moves its units to `available` (R13, R38). Components prepared before release stay in
 * quarantine and are released with their donation. Each step appends unit events and an audit row.
 */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { concludeTests, transition } from '@redbridge/domain/lifecycle';
import type { AboGroup, RhD } from '@redbridge/domain/types';

export interface TestResultsInput {
  abo: AboGroup;
  rhd: RhD;
  altUPerL: number;
  hbsag: 'qualified' | 'unqualified';
  hcv: 'qualified' | 'unqualified';
  hiv: 'qualified' | 'unqualified';
  tp: 'qualified' | 'unqualified';
}
import { computeExpiry, getProduct, planWholeBloodSeparation, quantityFor } from '@redbridge/domain/components';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { bloodUnit, donation, donor } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { nextDin, parseDinInput, presentDin } from './din.ts';
import { appointment, timeSlot } from '../../db/schema/index.ts';
import type { AnswerInput, ExamInput } from '@redbridge/domain/eligibility';
import { assessInput, ineligibleError, loadEligibilityInput } from '../eligibility/service.ts';
import { markCampaignDonated } from '../recruitment/service.ts';
import { bindDonation, signedRecordForDonation } from '../predonation/service.ts';
import { hasLabEntries, openHolds, refreshConclusion } from '../lab/service.ts';
import { assertLabReleasable } from '@redbridge/domain/lab';
import { locationOrg, presentUnit, unitColumns } from '../units/service.ts';

/** Product id of the primary whole-blood bag (CPDA-1, 35 days; GB 18469-2012 / WS 399-2012). */
export const WHOLE_BLOOD_PRODUCT_ID = 'WB_CPDA1';

const donationColumns = {
  id: donation.id, din: donation.din, donorId: donation.donorId, donorName: donor.name, donationType: donation.donationType,
  volumeMl: donation.volumeMl, collectedAt: donation.collectedAt, status: donation.status, abo: donation.abo, rhd: donation.rhd,
  testConclusion: donation.testConclusion, testResults: donation.testResults, testReasons: donation.testReasons,
  testedAt: donation.testedAt, releasedAt: donation.releasedAt, discardReason: donation.discardReason,
};

type DonationRow = { din: string } & Record<string, unknown>;
const presentDonation = <T extends DonationRow>(row: T) => ({ ...row, ...presentDin(row.din) });

export async function listDonationsOfDonor(db: Db, user: SessionUser, donorId: number) {
  const rows = await db.select(donationColumns).from(donation).innerJoin(donor, eq(donor.id, donation.donorId))
    .where(and(eq(donation.donorId, donorId), eq(donation.stationId, user.stationId))).orderBy(desc(donation.collectedAt));
  return rows.map(presentDonation);
}

export async function listDonations(db: Db, user: SessionUser, q: PageQuery & { status?: string; q?: string }) {
  const conds: SQL[] = [eq(donation.stationId, user.stationId)];
  if (q.status) conds.push(inArray(donation.status, q.status.split(',')));
  if (q.q) {
    const din = parseDinInput(q.q, { requireCheck: false, throwOnMismatch: false });
    conds.push(din ? eq(donation.din, din) : or(ilike(donor.name, `%${q.q.replace(/[%_\\]/g, '')}%`), eq(donor.donorNumber, q.q))!);
  }
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(donationColumns).from(donation).innerJoin(donor, eq(donor.id, donation.donorId)).where(where)
      .orderBy(desc(donation.collectedAt), desc(donation.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(donation).innerJoin(donor, eq(donor.id, donation.donorId)).where(where),
  ]);
  return { items: rows.map(presentDonation), total, page: q.page, pageSize: q.pageSize };
}

async function loadDonation(db: DbOrTx, user: SessionUser, din: string, lock = false) {
  const query = db.select(donationColumns).from(donation).innerJoin(donor, eq(donor.id, donation.donorId))
    .where(and(eq(donation.din, din), eq(donation.stationId, user.stationId)));
  const rows = lock ? await query.for('update', { of: donation }) : await query;
  if (!rows[0]) throw notFound('Donation', '献血记录');
  return rows[0];
}

function resolveDin(input: string): string {
  const din = parseDinInput(input, { requireCheck: false, throwOnMismatch: true });
  if (!din) {
    throw new AppError(400, 'VALIDATION', bilingual('献血码格式错误', 'Malformed DIN'), [
      { pointer: '/din', code: 'DIN_FORMAT', message: bilingual('献血码应为13位数据字符（可加校验位）', 'a DIN has 13 data characters (optionally + check character)') },
    ]);
  }
  return din;
}

export async function getDonationDetail(db: Db, user: SessionUser, dinInput: string) {
  return getDonationDetailTx(db, user, resolveDin(dinInput));
}

export interface NewDonation {
  donorId: number;
  volumeMl: 200 | 300 | 400;
  collectedAt?: Date;
  bagLot?: string | null;
  /** Physical examination (一般检查) of the day; checked against GB 18467-2011 when given. */
  exam?: ExamInput;
  /** Health questionnaire answer codes (docs/eligibility.md). */
  answers?: AnswerInput[];
  /** A signed pre-donation record of today (无纸化采血): its exam and answers are used and it is bound to the donation. */
  predonationId?: number;
}

/**
 * Records a whole-blood collection: claims a DIN, creates the donation and its primary bag in quarantine.
 * The donor is assessed under GB 18467-2011 for the collection day (age, intervals from every earlier donation,
 * annual caps, deferrals on the record across stations, plus the exam and answers when given).
 * The donor's open appointment for the day becomes `donated`, and a campaign contact moves to `donated`.
 * @throws AppError 404 (donor), 422 `DONOR_DEFERRED` when the donor is deferred on the collection date,
 *   422 `DONOR_INELIGIBLE` with one error per reason (code, message, clause).
 */
export async function recordDonation(db: Db, ctx: ActionContext, input: NewDonation) {
  const collectedAt = input.collectedAt ?? ctx.now;
  return db.transaction(async (tx) => {
    const donors = await tx.select().from(donor)
      .where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId))).for('update');
    const d = donors[0];
    if (!d) {
      throw new AppError(404, 'NOT_FOUND', bilingual('献血者不存在', 'Donor not found'),
        [{ pointer: '/donorId', code: 'NOT_FOUND', message: bilingual('献血者不存在', 'donor not found') }]);
    }
    const day = shanghaiDate(collectedAt);
    if (d.permanentlyDeferred || (d.deferredUntil && d.deferredUntil > day)) {
      throw new AppError(422, 'DONOR_DEFERRED', bilingual('献血者处于屏蔽/暂缓期，不能采血', 'Donor is deferred and cannot donate'),
        [{ pointer: '/donorId', code: 'DONOR_DEFERRED', message: bilingual(`屏蔽至 ${d.deferredUntil ?? '永久'}`, `deferred until ${d.deferredUntil ?? 'permanently'}`) }]);
    }
    const pre = input.predonationId ? await signedRecordForDonation(tx, ctx.user.stationId, input.predonationId, d.id, day) : null;
    const decision = assessInput(await loadEligibilityInput(tx, d, day, 'whole_blood', {
      exam: pre ? (pre.exam as unknown as ExamInput) : input.exam, answers: pre ? pre.answers : input.answers, volumeMl: input.volumeMl,
    }), ctx.user.stationId);
    if (!decision.eligible) throw ineligibleError(decision);
    const din = await nextDin(tx, ctx.user.stationId, ctx.stationCode, collectedAt);
    const [created] = await tx.insert(donation).values({
      stationId: ctx.user.stationId, din, donorId: d.id, donationType: 'whole_blood', volumeMl: input.volumeMl,
      anticoagulant: 'CPDA-1', bagLot: input.bagLot ?? null, collectedAt, status: 'collected', createdBy: ctx.user.id,
      createdAt: ctx.now,
    }).returning({ id: donation.id });
    const product = getProduct(WHOLE_BLOOD_PRODUCT_ID);
    const [unit] = await tx.insert(bloodUnit).values({
      stationId: ctx.user.stationId, din, donationId: created.id, productId: product.id, productCode: product.nationalCode,
      componentClass: product.componentClass, abo: null, rhd: null, volumeMl: input.volumeMl,
      quantity: quantityFor(product, input.volumeMl, input.volumeMl), quantityUnit: product.quantityUnit,
      status: 'quarantined', locationOrgId: ctx.user.orgId, collectedAt, preparedAt: collectedAt,
      expiresAt: computeExpiry(product, { collectedAt, preparedAt: collectedAt }), createdAt: ctx.now, updatedAt: ctx.now,
    }).returning({ id: bloodUnit.id });
    await recordUnitEvents(tx, ctx, [{ unitId: unit.id, donationId: created.id, din, type: 'collection', toStatus: 'quarantined',
      details: { volumeMl: input.volumeMl, donorNumber: d.donorNumber, productId: product.id } }]);
    const open = await tx.select({ id: appointment.id }).from(appointment).innerJoin(timeSlot, eq(timeSlot.id, appointment.slotId))
      .where(and(eq(appointment.donorId, d.id), inArray(appointment.status, ['booked', 'checked_in']), eq(timeSlot.day, day)));
    if (open[0]) {
      await tx.update(appointment).set({ status: 'donated', donationId: created.id, updatedAt: ctx.now }).where(eq(appointment.id, open[0].id));
    }
    await markCampaignDonated(tx, d.id, ctx.now);
    if (pre) await bindDonation(tx, pre.id, created.id);
    await recordAudit(tx, ctx, { action: 'donation.collect', entityType: 'donation', entityId: created.id,
      after: { din, donorId: d.id, volumeMl: input.volumeMl, eligibility: { ruleSetId: decision.ruleSetId, checksPending: decision.checksPending }, appointmentId: open[0]?.id ?? null } });
    return presentDonation(await loadDonation(tx, ctx.user, din));
  });
}

/**
 * Records the v1 slice's screening results (ABO/RhD, ALT, HBsAg, HCV, HIV, TP) and the conclusion.
 * Results may be corrected until release; the full lab workflow (two rounds, NAT) is issue #4.
 * @throws AppError 409 `INVALID_TRANSITION` after release, discard or processing with release.
 */
export async function recordTestResults(db: Db, ctx: ActionContext, dinInput: string, results: TestResultsInput) {
  const din = resolveDin(dinInput);
  return db.transaction(async (tx) => {
    const before = await loadDonation(tx, ctx.user, din, true);
    if (before.status === 'released' || before.status === 'discarded' || before.releasedAt) {
      throw conflict('已放行或已报废的献血不能修改检测结果', 'Results cannot change after release or discard', 'INVALID_TRANSITION');
    }
    if (await hasLabEntries(tx, before.id)) {
      throw conflict('该献血已有实验室检测记录，请在检测模块录入', 'This donation has laboratory entries: enter results through the lab workflow', 'LAB_WORKFLOW');
    }
    const decision = concludeTests(results);
    await tx.update(donation).set({
      abo: results.abo, rhd: results.rhd, testResults: { ...results }, testConclusion: decision.conclusion,
      testReasons: [...decision.reasons], testedAt: ctx.now, testedBy: ctx.user.id,
      status: before.status === 'processed' ? 'processed' : 'tested',
    }).where(eq(donation.id, before.id));
    await tx.update(bloodUnit).set({ abo: results.abo, rhd: results.rhd, updatedAt: ctx.now }).where(eq(bloodUnit.donationId, before.id));
    const donorRows = await tx.select({ id: donor.id, abo: donor.abo, rhd: donor.rhd }).from(donor).where(eq(donor.id, before.donorId as number));
    if (donorRows[0] && donorRows[0].abo == null) {
      await tx.update(donor).set({ abo: results.abo, rhd: results.rhd, updatedAt: ctx.now }).where(eq(donor.id, donorRows[0].id));
    }
    await recordUnitEvents(tx, ctx, [{ donationId: before.id, din, type: 'test_result',
      details: { conclusion: decision.conclusion, abo: results.abo, rhd: results.rhd, reasons: decision.reasons } }]);
    await recordAudit(tx, ctx, { action: 'donation.test_results', entityType: 'donation', entityId: before.id,
      before: { testResults: before.testResults, testConclusion: before.testConclusion },
      after: { testResults: results, testConclusion: decision.conclusion } });
    return presentDonation(await loadDonation(tx, ctx.user, din));
  });
}

async function moveUnits(tx: Tx, ctx: ActionContext, donationId: number, din: string, action: 'release' | 'discard',
  reason: string | null, extra: Partial<typeof bloodUnit.$inferInsert>) {
  const units = await tx.select({ id: bloodUnit.id, status: bloodUnit.status }).from(bloodUnit)
    .where(and(eq(bloodUnit.donationId, donationId), eq(bloodUnit.status, 'quarantined'))).for('update');
  for (const u of units) {
    const to = transition(u.status as never, action);
    await tx.update(bloodUnit).set({ status: to, updatedAt: ctx.now, ...extra }).where(eq(bloodUnit.id, u.id));
  }
  await recordUnitEvents(tx, ctx, units.map((u) => ({
    unitId: u.id, donationId, din, type: action, fromStatus: u.status, toStatus: transition(u.status as never, action), reason,
  })));
  return units.length;
}

/**
 * Releases a tested donation: all its quarantined units become available, released and labelled.
 * @throws AppError 409 `INVALID_TRANSITION` unless every result is qualified (R38, R13).
 */
export async function releaseDonation(db: Db, ctx: ActionContext, dinInput: string) {
  const din = resolveDin(dinInput);
  return db.transaction(async (tx) => {
    const d = await loadDonation(tx, ctx.user, din, true);
    const holds = await openHolds(tx, d.id);
    if (holds.length > 0) {
      throw conflict('该献血处于回溯隔离，不能放行', 'This donation is held by a lookback and cannot be released', 'INVALID_TRANSITION');
    }
    if (await hasLabEntries(tx, d.id)) assertLabReleasable(await refreshConclusion(tx, ctx, d.id));
    if (d.testConclusion !== 'qualified' || (d.status !== 'tested' && d.status !== 'processed') || d.releasedAt) {
      throw conflict('只有检测全部合格且未放行的献血才能放行', 'Only a donation with every result qualified can be released, once', 'INVALID_TRANSITION');
    }
    await moveUnits(tx, ctx, d.id, din, 'release', null, { released: true, labelled: true });
    await tx.update(donation).set({ status: d.status === 'processed' ? 'processed' : 'released', releasedAt: ctx.now, releasedBy: ctx.user.id })
      .where(eq(donation.id, d.id));
    await recordAudit(tx, ctx, { action: 'donation.release', entityType: 'donation', entityId: d.id, before: { status: d.status } });
    return getDonationDetailTx(tx, ctx.user, din);
  });
}

/** Discards a donation and all its quarantined units with a coded reason (R39). */
export async function discardDonation(db: Db, ctx: ActionContext, dinInput: string, reasonCode: string, note?: string | null) {
  const din = resolveDin(dinInput);
  return db.transaction(async (tx) => {
    const d = await loadDonation(tx, ctx.user, din, true);
    if (d.releasedAt || d.status === 'discarded') {
      throw conflict('已放行或已报废的献血不能整体报废', 'A released or discarded donation cannot be discarded as a whole', 'INVALID_TRANSITION');
    }
    const reason = note ? `${reasonCode}: ${note}` : reasonCode;
    await moveUnits(tx, ctx, d.id, din, 'discard', reason, {});
    await tx.update(donation).set({ status: 'discarded', discardReason: reason }).where(eq(donation.id, d.id));
    await recordAudit(tx, ctx, { action: 'donation.discard', entityType: 'donation', entityId: d.id, reason, before: { status: d.status } });
    return getDonationDetailTx(tx, ctx.user, din);
  });
}

/**
 * Prepares components from the primary whole-blood bag (成分制备). The parent becomes `processed`;
 * children inherit ABO/RhD and quarantine/release state, with expiry from the catalogue, never beyond
 * the parent's (R29, R30).
 * @throws AppError 400 `UNKNOWN_PRODUCT` / `VALIDATION` for a recipe the catalogue does not allow,
 *   409 when the parent bag is not quarantined/available.
 */
export async function processDonation(db: Db, ctx: ActionContext, dinInput: string, productIds: string[]) {
  const din = resolveDin(dinInput);
  return db.transaction(async (tx) => {
    const d = await loadDonation(tx, ctx.user, din, true);
    if (d.status === 'discarded') throw conflict('已报废的献血不能制备', 'A discarded donation cannot be processed', 'INVALID_TRANSITION');
    if (d.testConclusion === 'unqualified') throw conflict('检测不合格的献血不能制备', 'An unqualified donation cannot be processed', 'INVALID_TRANSITION');
    const parents = await tx.select().from(bloodUnit)
      .where(and(eq(bloodUnit.donationId, d.id), eq(bloodUnit.productId, WHOLE_BLOOD_PRODUCT_ID))).for('update');
    const parent = parents[0];
    if (!parent || (parent.status !== 'quarantined' && parent.status !== 'available')) {
      throw conflict('全血袋不在可制备状态', 'The whole-blood bag is not in a state that can be processed', 'INVALID_TRANSITION');
    }
    const plan = planWholeBloodSeparation(
      { productId: parent.productId, collectedAt: parent.collectedAt, expiresAt: parent.expiresAt, sourceWholeBloodMl: d.volumeMl as number },
      productIds, ctx.now);
    const parentTo = transition(parent.status as never, 'process');
    await tx.update(bloodUnit).set({ status: parentTo, updatedAt: ctx.now }).where(eq(bloodUnit.id, parent.id));
    const childStatus = parent.status as 'quarantined' | 'available';
    const created: { id: number; productId: string; intermediate: boolean; parentUnitId: number }[] = [];
    for (const bag of plan) {
      const product = getProduct(bag.productId);
      const parentUnitId = bag.parentIndex == null ? parent.id : created[bag.parentIndex].id;
      const status = bag.intermediate ? transition(childStatus, 'process') : childStatus;
      const [child] = await tx.insert(bloodUnit).values({
        stationId: ctx.user.stationId, din, donationId: d.id, parentUnitId, productId: product.id,
        productCode: product.nationalCode, splitCode: '00', componentClass: product.componentClass, abo: parent.abo, rhd: parent.rhd,
        volumeMl: bag.volumeMl, quantity: bag.quantity, quantityUnit: product.quantityUnit,
        status, released: parent.released, labelled: parent.released, locationOrgId: parent.locationOrgId,
        collectedAt: parent.collectedAt, preparedAt: ctx.now, expiresAt: bag.expiresAt, createdAt: ctx.now, updatedAt: ctx.now,
      }).returning({ id: bloodUnit.id });
      created.push({ id: child.id, productId: product.id, intermediate: bag.intermediate, parentUnitId });
    }
    await recordUnitEvents(tx, ctx, [
      { unitId: parent.id, donationId: d.id, din, type: 'preparation', fromStatus: parent.status, toStatus: parentTo,
        details: { children: created.map((c) => c.productId) } },
      ...created.map((c) => ({ unitId: c.id, donationId: d.id, din, type: 'preparation',
        toStatus: c.intermediate ? 'processed' : childStatus, details: { parentUnitId: c.parentUnitId, productId: c.productId } })),
    ]);
    await tx.update(donation).set({ status: 'processed' }).where(eq(donation.id, d.id));
    await recordAudit(tx, ctx, { action: 'donation.process', entityType: 'donation', entityId: d.id,
      after: { products: productIds } });
    const detail = await getDonationDetailTx(tx, ctx.user, din);
    const createdIds = new Set(created.filter((c) => !c.intermediate).map((c) => c.id));
    return { units: detail.units.filter((u) => createdIds.has(u.id as number)) };
  });
}

async function getDonationDetailTx(tx: DbOrTx, user: SessionUser, din: string) {
  const row = await loadDonation(tx, user, din);
  const units = await tx.select(unitColumns).from(bloodUnit).innerJoin(locationOrg, eq(locationOrg.id, bloodUnit.locationOrgId))
    .where(eq(bloodUnit.donationId, row.id)).orderBy(asc(bloodUnit.id));
  return { ...presentDonation(row), units: units.map(presentUnit) };
}
