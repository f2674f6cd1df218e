/**
 * Laboratory workflow (血液检测): reagent lots, runs/plates, result entry (manual with double entry, ASTM from
 * analysers, NAT pools), overrides, ABO resolution, and the conclusion that gates release. Every entry is
 * append-only; the donation's conclusion is recomputed by the domain (`concludeLab`) in the same transaction.
 * An unqualified conclusion defers the donor (屏蔽), opens a privacy-respecting notification task, and for an
 * infectious marker starts lookback (回溯) on the donor's earlier components.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import {
  LAB_TESTING_REGISTRY, concludeLab, isAdverseEntry, type LabConclusion, type LabEntry, type NatTarget, type SerologyMarker,
} from '@redbridge/domain/lab';
import { parseAstmMessage, type AstmMessage } from '@redbridge/domain/astm';
import { transition } from '@redbridge/domain/lifecycle';
import { getProduct } from '@redbridge/domain/components';
import type { AboGroup, RhD } from '@redbridge/domain/types';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  appUser, astmMessageLog, bloodOrder, bloodUnit, donation, donor, donorNotification, labResult, labRun, natPool, natPoolMember, reagentLot,
  recall, recallUnit, releaseHold,
} from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { parseDinInput } from '../donations/din.ts';

// ---------------------------------------------------------------------------------------------------------
// Inputs

export type ElisaInput = { din: string; kind: 'elisa'; marker: SerologyMarker; phase: 'initial' | 'retest'; sco: number };
export type EntryInput =
  | ElisaInput
  | { din: string; kind: 'nat'; target: NatTarget; reactive: boolean }
  | { din: string; kind: 'alt'; valueUPerL: number }
  | { din: string; kind: 'abo'; forward: AboGroup | null; reverse: AboGroup | null }
  | { din: string; kind: 'rhd'; phase: 'screen' | 'confirm'; result: RhD };

const fieldError = (status: number, code: string, pointer: string, zh: string, en: string) =>
  new AppError(status, code, bilingual(zh, en), [{ pointer, code, message: bilingual(zh, en) }]);

function resolveDin(input: string, pointer: string): string {
  const din = parseDinInput(input, { requireCheck: false, throwOnMismatch: false });
  if (!din) throw fieldError(400, 'VALIDATION', pointer, `献血码格式错误: ${input}`, `malformed DIN: ${input}`);
  return din;
}

// ---------------------------------------------------------------------------------------------------------
// Reagent lots and runs

export interface NewReagentLot { marker: string; maker: string; lot: string; expiresOn: string; grayZoneLowSco?: number | null }

export async function createReagentLot(db: Db, ctx: ActionContext, input: NewReagentLot) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(reagentLot).values({
      stationId: ctx.user.stationId, marker: input.marker, maker: input.maker.trim(), lot: input.lot.trim(), expiresOn: input.expiresOn,
      grayZoneLowSco: input.grayZoneLowSco ?? null, createdBy: ctx.user.id, createdAt: ctx.now,
    }).onConflictDoNothing().returning();
    if (!row) throw fieldError(409, 'CONFLICT', '/lot', '该试剂批号已登记', 'this reagent lot is already registered');
    await recordAudit(tx, ctx, { action: 'lab.reagent_lot.create', entityType: 'reagent_lot', entityId: row.id, after: row });
    return row;
  });
}

export async function listReagentLots(db: Db, user: SessionUser) {
  return db.select().from(reagentLot).where(eq(reagentLot.stationId, user.stationId)).orderBy(desc(reagentLot.id));
}

export interface NewRun { method: 'elisa' | 'nat' | 'alt' | 'abo' | 'rhd'; marker?: string | null; round?: 1 | 2 | null; reagentLotId?: number | null; instrument?: string | null; plate?: string | null }

/**
 * Opens a run/plate (检测批次). ELISA runs need a marker, a round and an unexpired reagent lot of that marker;
 * the operator is the signed-in user.
 * @throws AppError 400/422 naming the field
 */
export async function createRun(db: Db, ctx: ActionContext, input: NewRun) {
  return db.transaction(async (tx) => {
    if (input.method === 'elisa') {
      if (!input.marker || !['hbsag', 'hcv', 'hiv', 'tp'].includes(input.marker)) throw fieldError(400, 'VALIDATION', '/marker', 'ELISA 批次须指定检测项目', 'an ELISA run needs a marker');
      if (!input.round) throw fieldError(400, 'VALIDATION', '/round', 'ELISA 批次须指定第几遍检测', 'an ELISA run needs a round (1 or 2)');
      if (!input.reagentLotId) throw fieldError(400, 'VALIDATION', '/reagentLotId', 'ELISA 批次须指定试剂批号', 'an ELISA run needs a reagent lot');
    }
    if (input.method === 'nat' && input.marker && !['hbv', 'hcv', 'hiv'].includes(input.marker)) {
      throw fieldError(400, 'VALIDATION', '/marker', '核酸检测靶标须为 hbv/hcv/hiv', 'NAT target must be hbv, hcv or hiv');
    }
    if (input.reagentLotId) {
      const [lot] = await tx.select().from(reagentLot).where(and(eq(reagentLot.id, input.reagentLotId), eq(reagentLot.stationId, ctx.user.stationId)));
      if (!lot) throw fieldError(404, 'NOT_FOUND', '/reagentLotId', '试剂批号不存在', 'reagent lot not found');
      if (lot.expiresOn < shanghaiDate(ctx.now)) throw fieldError(422, 'REAGENT_EXPIRED', '/reagentLotId', `试剂已过期 (${lot.expiresOn})`, `reagent lot expired on ${lot.expiresOn}`);
      const expectMarker = input.method === 'nat' ? 'nat' : input.method === 'elisa' ? input.marker : input.method;
      if (lot.marker !== expectMarker) throw fieldError(422, 'REAGENT_MARKER', '/reagentLotId', `试剂用于 ${lot.marker}，与批次项目不符`, `reagent lot is for ${lot.marker}, not ${expectMarker}`);
    }
    const code = `RUN-${shanghaiDate(ctx.now).replaceAll('-', '')}-${Date.now().toString(36).slice(-4).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase()}`;
    const [row] = await tx.insert(labRun).values({
      stationId: ctx.user.stationId, code, method: input.method, marker: input.marker ?? null, round: input.round ?? null,
      reagentLotId: input.reagentLotId ?? null, operatorId: ctx.user.id, instrument: input.instrument ?? null, plate: input.plate ?? null,
      status: 'open', startedAt: ctx.now,
    }).returning();
    await recordAudit(tx, ctx, { action: 'lab.run.create', entityType: 'lab_run', entityId: row.id, after: row });
    return row;
  });
}

export async function listRuns(db: Db, user: SessionUser) {
  return db.select({
    id: labRun.id, code: labRun.code, method: labRun.method, marker: labRun.marker, round: labRun.round, instrument: labRun.instrument,
    plate: labRun.plate, status: labRun.status, startedAt: labRun.startedAt, operatorName: appUser.displayName,
    maker: reagentLot.maker, lot: reagentLot.lot, lotExpiresOn: reagentLot.expiresOn,
    results: sql<number>`(select count(*)::int from lab_result r where r.run_id = ${labRun.id})`,
  }).from(labRun).innerJoin(appUser, eq(appUser.id, labRun.operatorId)).leftJoin(reagentLot, eq(reagentLot.id, labRun.reagentLotId))
    .where(eq(labRun.stationId, user.stationId)).orderBy(desc(labRun.id)).limit(200);
}

// ---------------------------------------------------------------------------------------------------------
// Entries

type RunRow = typeof labRun.$inferSelect & { maker: string | null; lot: string | null; gray: number | null; operatorName: string };

async function loadRun(tx: DbOrTx, user: SessionUser, runId: number): Promise<RunRow> {
  const [run] = await tx.select({ run: labRun, maker: reagentLot.maker, lot: reagentLot.lot, gray: reagentLot.grayZoneLowSco, operatorName: appUser.username })
    .from(labRun).leftJoin(reagentLot, eq(reagentLot.id, labRun.reagentLotId)).innerJoin(appUser, eq(appUser.id, labRun.operatorId))
    .where(and(eq(labRun.id, runId), eq(labRun.stationId, user.stationId)));
  if (!run) throw fieldError(404, 'NOT_FOUND', '/runId', '检测批次不存在', 'run not found');
  return { ...run.run, maker: run.maker, lot: run.lot, gray: run.gray, operatorName: run.operatorName };
}

/**
 * Validates one entry against its run and builds the stored payload.
 * @throws AppError naming `pointer` when the run does not fit the entry
 */
function payloadFor(e: EntryInput, run: RunRow | null, pointer: string): { kind: string; payload: Record<string, unknown> } {
  if (e.kind === 'elisa') {
    if (!run || run.method !== 'elisa' || run.marker !== e.marker || !run.round || !run.maker) {
      throw fieldError(422, 'RUN_MISMATCH', `${pointer}/marker`, 'ELISA 结果须属于同项目的 ELISA 检测批次', 'an ELISA result needs an ELISA run of the same marker');
    }
    if (!Number.isFinite(e.sco) || e.sco < 0) throw fieldError(400, 'VALIDATION', `${pointer}/sco`, 'S/CO 须为非负数', 'S/CO must be a non-negative number');
    return { kind: 'elisa', payload: { kind: 'elisa', marker: e.marker, round: run.round, phase: e.phase, sco: e.sco, grayZoneLowSco: run.gray, maker: run.maker, lot: run.lot, operator: run.operatorName } };
  }
  if (e.kind === 'nat') {
    if (run && run.method !== 'nat') throw fieldError(422, 'RUN_MISMATCH', `${pointer}/kind`, '核酸结果须属于核酸检测批次', 'a NAT result needs a NAT run');
    return { kind: 'nat', payload: { kind: 'nat', target: e.target, scope: 'individual', reactive: e.reactive } };
  }
  if (run && run.method !== e.kind) throw fieldError(422, 'RUN_MISMATCH', `${pointer}/kind`, '结果类型与检测批次不符', 'result kind does not match the run');
  if (e.kind === 'alt') {
    if (!Number.isFinite(e.valueUPerL) || e.valueUPerL < 0) throw fieldError(400, 'VALIDATION', `${pointer}/valueUPerL`, 'ALT 须为非负数 (U/L)', 'ALT must be a non-negative number (U/L)');
    return { kind: 'alt', payload: { kind: 'alt', valueUPerL: e.valueUPerL } };
  }
  if (e.kind === 'abo') return { kind: 'abo', payload: { kind: 'abo', forward: e.forward, reverse: e.reverse } };
  return { kind: 'rhd', payload: { kind: 'rhd', phase: e.phase, result: e.result } };
}

async function loadDonationForLab(tx: DbOrTx, user: SessionUser, din: string, pointer: string) {
  const [d] = await tx.select().from(donation).where(and(eq(donation.din, din), eq(donation.stationId, user.stationId))).for('update');
  if (!d) throw fieldError(404, 'NOT_FOUND', pointer, `献血码 ${din} 无献血记录`, `no donation with DIN ${din}`);
  return d;
}

/**
 * Inserts entries (already validated) and refreshes the conclusion of every donation touched.
 * Refuses a second serology round by the same maker or operator as the other round (两遍检测).
 */
async function insertEntries(tx: Tx, ctx: ActionContext, rows: { din: string; runId: number | null; kind: string; payload: Record<string, unknown>; source: string; messageId?: number | null; verifiedBy?: number | null; pointer: string }[]) {
  const touched = new Map<number, string>();
  for (const r of rows) {
    const d = await loadDonationForLab(tx, ctx.user, r.din, `${r.pointer}/din`);
    if (d.status === 'discarded') throw fieldError(409, 'INVALID_TRANSITION', `${r.pointer}/din`, `献血码 ${r.din} 已报废`, `donation ${r.din} is discarded`);
    if (r.kind === 'elisa') {
      const p = r.payload as { marker: string; round: number; maker: string; operator: string };
      const other = await tx.select({ payload: labResult.payload }).from(labResult)
        .where(and(eq(labResult.donationId, d.id), eq(labResult.kind, 'elisa'), sql`${labResult.payload}->>'marker' = ${p.marker}`, sql`(${labResult.payload}->>'round')::int <> ${p.round}`));
      for (const o of other) {
        const op = o.payload as { maker: string; operator: string };
        if (op.maker.trim().toLowerCase() === p.maker.trim().toLowerCase()) {
          throw fieldError(422, 'ROUNDS_SAME_MAKER', `${r.pointer}/runId`, `${r.din} ${p.marker} 两遍检测须用不同厂家试剂 (${p.maker})`, `${r.din} ${p.marker}: the two rounds need reagents from different makers (${p.maker})`);
        }
        if (op.operator === p.operator) {
          throw fieldError(422, 'ROUNDS_SAME_OPERATOR', `${r.pointer}/runId`, `${r.din} ${p.marker} 两遍检测须由不同人员操作 (${p.operator})`, `${r.din} ${p.marker}: the two rounds need different operators (${p.operator})`);
        }
      }
    }
    await tx.insert(labResult).values({
      stationId: ctx.user.stationId, donationId: d.id, din: r.din, runId: r.runId, kind: r.kind, payload: r.payload, source: r.source,
      messageId: r.messageId ?? null, enteredBy: ctx.user.id, verifiedBy: r.verifiedBy ?? null, enteredAt: ctx.now,
    });
    touched.set(d.id, r.din);
  }
  const conclusions: { din: string; conclusion: string }[] = [];
  for (const [donationId, din] of touched) {
    const c = await refreshConclusion(tx, ctx, donationId);
    conclusions.push({ din, conclusion: c.conclusion });
  }
  return conclusions;
}

export interface ManualEntryInput { runId?: number | null; entries: EntryInput[]; verifyEntries: EntryInput[] }

/**
 * Manual entry with double-entry verification (双录入核对): the operator keys every result twice; any difference
 * refuses the whole batch, naming the first differing entry, and nothing is saved.
 */
export async function enterManualResults(db: Db, ctx: ActionContext, input: ManualEntryInput) {
  if (input.entries.length !== input.verifyEntries.length) {
    throw fieldError(422, 'DOUBLE_ENTRY_MISMATCH', '/verifyEntries', '两次录入条数不一致', 'the two entries have a different number of results');
  }
  input.entries.forEach((e, i) => {
    const v = input.verifyEntries[i];
    const norm = (x: EntryInput) => JSON.stringify({ ...x, din: parseDinInput(x.din, { requireCheck: false, throwOnMismatch: false }) ?? x.din }, Object.keys(x).sort());
    if (norm(e) !== norm(v)) {
      throw fieldError(422, 'DOUBLE_ENTRY_MISMATCH', `/verifyEntries/${i}`, `第 ${i + 1} 条两次录入不一致`, `entry ${i + 1} differs between the two keyings`);
    }
  });
  return db.transaction(async (tx) => {
    const run = input.runId ? await loadRun(tx, ctx.user, input.runId) : null;
    if (run && run.status !== 'open') throw fieldError(409, 'RUN_CLOSED', '/runId', '检测批次已关闭', 'run is closed');
    const rows = input.entries.map((e, i) => {
      const pointer = `/entries/${i}`;
      const { kind, payload } = payloadFor(e, run, pointer);
      return { din: resolveDin(e.din, `${pointer}/din`), runId: run?.id ?? null, kind, payload, source: 'manual', verifiedBy: ctx.user.id, pointer };
    });
    const conclusions = await insertEntries(tx, ctx, rows);
    await recordAudit(tx, ctx, { action: 'lab.results.manual', entityType: 'lab_run', entityId: run?.id ?? 0, after: { count: rows.length, conclusions } });
    return { saved: rows.length, conclusions };
  });
}

/**
 * Override: withdraws an earlier entry (clerical error, failed run). Reactive / above-limit results cannot be withdrawn.
 * @throws AppError 409 `ADVERSE_RESULT_LOCKED`
 */
export async function overrideResult(db: Db, ctx: ActionContext, dinInput: string, resultId: number, reason: string) {
  const din = resolveDin(dinInput, '/din');
  return db.transaction(async (tx) => {
    const d = await loadDonationForLab(tx, ctx.user, din, '/din');
    const [target] = await tx.select().from(labResult).where(and(eq(labResult.id, resultId), eq(labResult.donationId, d.id)));
    if (!target || target.kind === 'invalidate') throw fieldError(404, 'NOT_FOUND', '/resultId', '检测结果不存在', 'result not found');
    if (isAdverseEntry({ ...(target.payload as object), id: String(target.id) } as LabEntry)) {
      throw fieldError(409, 'ADVERSE_RESULT_LOCKED', '/resultId', '反应性/超标结果不能撤销', 'a reactive or above-limit result cannot be withdrawn');
    }
    await tx.insert(labResult).values({
      stationId: ctx.user.stationId, donationId: d.id, din, runId: null, kind: 'invalidate', payload: { kind: 'invalidate', targetId: String(resultId), reason },
      source: 'manual', reason, enteredBy: ctx.user.id, enteredAt: ctx.now,
    });
    const c = await refreshConclusion(tx, ctx, d.id);
    await recordAudit(tx, ctx, { action: 'lab.result.override', entityType: 'lab_result', entityId: resultId, reason, before: target.payload });
    return { conclusion: c.conclusion };
  });
}

/** Resolves an ABO/RhD discrepancy after investigation (supervisor, reason required). */
export async function resolveAbo(db: Db, ctx: ActionContext, dinInput: string, abo: AboGroup, rhd: RhD, reason: string) {
  const din = resolveDin(dinInput, '/din');
  return db.transaction(async (tx) => {
    const d = await loadDonationForLab(tx, ctx.user, din, '/din');
    await tx.insert(labResult).values({
      stationId: ctx.user.stationId, donationId: d.id, din, runId: null, kind: 'abo_resolution', payload: { kind: 'abo_resolution', abo, rhd, reason },
      source: 'manual', reason, enteredBy: ctx.user.id, enteredAt: ctx.now,
    });
    const c = await refreshConclusion(tx, ctx, d.id);
    await recordAudit(tx, ctx, { action: 'lab.abo.resolve', entityType: 'donation', entityId: d.id, reason, after: { abo, rhd } });
    return { conclusion: c.conclusion };
  });
}

// ---------------------------------------------------------------------------------------------------------
// NAT pools

/** Forms a NAT pool (混样) of donations for one target. */
export async function createNatPool(db: Db, ctx: ActionContext, target: NatTarget, dins: string[]) {
  return db.transaction(async (tx) => {
    const code = `POOL-${target.toUpperCase()}-${shanghaiDate(ctx.now).replaceAll('-', '')}-${Math.floor(Math.random() * 46656).toString(36).toUpperCase().padStart(3, '0')}`;
    const [pool] = await tx.insert(natPool).values({ stationId: ctx.user.stationId, code, target, status: 'pending', createdAt: ctx.now }).returning();
    for (const [i, input] of dins.entries()) {
      const din = resolveDin(input, `/dins/${i}`);
      const d = await loadDonationForLab(tx, ctx.user, din, `/dins/${i}`);
      await tx.insert(natPoolMember).values({ stationId: ctx.user.stationId, poolId: pool.id, donationId: d.id, din });
    }
    await recordAudit(tx, ctx, { action: 'lab.nat_pool.create', entityType: 'nat_pool', entityId: pool.id, after: { code, target, dins } });
    return { ...pool, members: dins.length };
  });
}

/** Records a pool result: copied to every member as a `pool` NAT entry; a reactive pool needs individual resolution. */
async function recordPoolResultTx(tx: Tx, ctx: ActionContext, code: string, reactive: boolean, source: string, messageId: number | null, pointer: string) {
  const [pool] = await tx.select().from(natPool).where(and(eq(natPool.code, code), eq(natPool.stationId, ctx.user.stationId))).for('update');
  if (!pool) throw fieldError(404, 'NOT_FOUND', pointer, `混样 ${code} 不存在`, `NAT pool ${code} not found`);
  await tx.update(natPool).set({ status: reactive ? 'reactive' : 'nonreactive' }).where(eq(natPool.id, pool.id));
  const members = await tx.select().from(natPoolMember).where(eq(natPoolMember.poolId, pool.id));
  return insertEntries(tx, ctx, members.map((m) => ({
    din: m.din, runId: null, kind: 'nat', payload: { kind: 'nat', target: pool.target, scope: 'pool', reactive, poolId: pool.code }, source, messageId, pointer,
  })));
}

export async function recordPoolResult(db: Db, ctx: ActionContext, code: string, reactive: boolean) {
  return db.transaction(async (tx) => {
    const conclusions = await recordPoolResultTx(tx, ctx, code, reactive, 'pool', null, '/code');
    await recordAudit(tx, ctx, { action: 'lab.nat_pool.result', entityType: 'nat_pool', entityId: code, after: { reactive } });
    return { conclusions };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Conclusion, deferral, notification, lookback

/** Privacy-respecting notification text: no marker, no diagnosis (china-blood-service-rules.md §3.3). */
export const NOTIFICATION_TEXT = {
  zh: '感谢您的无偿献血。您本次献血的血液检测结果未达到国家献血标准，血液未能用于临床。此结果不作为疾病诊断依据，建议您到医院进一步检查。如有疑问请联系血站，我们将为您保密。',
  en: 'Thank you for donating. Your donation did not meet the national screening standard and could not be used. This is not a diagnosis; please consider a check-up at a hospital. Contact the blood station with any question; your information stays confidential.',
};

async function donorHistory(tx: DbOrTx, donorId: number, donationId: number) {
  const [h] = await tx.select({ abo: donation.abo, rhd: donation.rhd }).from(donation)
    .where(and(eq(donation.donorId, donorId), ne(donation.id, donationId), eq(donation.testConclusion, 'qualified')))
    .orderBy(desc(donation.collectedAt)).limit(1);
  return h ? { abo: h.abo as AboGroup | null, rhd: h.rhd as RhD | null } : null;
}

/**
 * Recomputes a donation's conclusion from its entries and applies the consequences: ABO/RhD on units; released
 * units back to quarantine (or recalled when issued) unless still qualified; on a new `unqualified`, donor deferral,
 * notification task and (infectious markers) lookback.
 */
export async function refreshConclusion(tx: Tx, ctx: ActionContext, donationId: number): Promise<LabConclusion> {
  const [d] = await tx.select().from(donation).where(eq(donation.id, donationId)).for('update');
  const rows = await tx.select().from(labResult).where(eq(labResult.donationId, donationId)).orderBy(asc(labResult.id));
  const entries = rows.map((r) => ({ ...(r.payload as object), kind: r.kind, id: String(r.id) }) as LabEntry);
  const ruleSet = LAB_TESTING_REGISTRY.inForce(ctx.now);
  const c = concludeLab(entries, await donorHistory(tx, d.donorId, d.id), ruleSet);
  await tx.update(donation).set({
    testConclusion: c.conclusion, testReasons: [...c.reasons, ...c.pending], abo: c.abo, rhd: c.rhd,
    testResults: { source: 'lab', ruleSetId: c.ruleSetId, items: c.items, refusedOverrides: c.refusedOverrides },
    testedAt: ctx.now, testedBy: ctx.user.id, status: d.status === 'collected' ? 'tested' : d.status,
  }).where(eq(donation.id, donationId));
  await tx.update(bloodUnit).set({ abo: c.abo, rhd: c.rhd, updatedAt: ctx.now }).where(eq(bloodUnit.donationId, donationId));
  if (c.conclusion !== 'qualified') {
    // Late result after release: nothing of this donation may stay available.
    const live = await tx.select().from(bloodUnit).where(and(eq(bloodUnit.donationId, donationId), inArray(bloodUnit.status, ['available', 'reserved', 'issued']))).for('update');
    for (const u of live) {
      const action = u.status === 'issued' ? 'recall' : 'quarantine';
      const to = transition(u.status as never, action);
      await tx.update(bloodUnit).set({ status: to, recalled: action === 'recall' ? true : u.recalled, released: false, updatedAt: ctx.now }).where(eq(bloodUnit.id, u.id));
      await recordUnitEvents(tx, ctx, [{ unitId: u.id, donationId, din: d.din, type: action, fromStatus: u.status, toStatus: to, reason: `TESTS_${c.conclusion.toUpperCase()}`, orgId: u.locationOrgId }]);
    }
  }
  if (d.testConclusion !== c.conclusion) {
    await recordUnitEvents(tx, ctx, [{ donationId, din: d.din, type: 'test_result', details: { conclusion: c.conclusion, reasons: c.reasons.map((r) => r.code), pending: c.pending.map((r) => r.code) } }]);
    await recordAudit(tx, ctx, { action: 'lab.conclusion', entityType: 'donation', entityId: donationId,
      before: { testConclusion: d.testConclusion }, after: { testConclusion: c.conclusion, reasons: c.reasons.map((r) => r.code), pending: c.pending.map((r) => r.code) } });
  }
  if (c.conclusion === 'unqualified' && d.testConclusion !== 'unqualified') await onUnqualified(tx, ctx, d, c);
  return c;
}

async function onUnqualified(tx: Tx, ctx: ActionContext, d: typeof donation.$inferSelect, c: LabConclusion) {
  const rules = LAB_TESTING_REGISTRY.inForce(ctx.now).data;
  const codes = c.reasons.map((r) => r.code);
  const infectious = codes.some((code) => code !== 'ALT_ABOVE_LIMIT');
  const [dn] = await tx.select().from(donor).where(eq(donor.id, d.donorId)).for('update');
  if (infectious) {
    await tx.update(donor).set({ permanentlyDeferred: true, updatedAt: ctx.now }).where(eq(donor.id, dn.id));
  } else {
    const until = shanghaiDate(addDays(ctx.now, rules.altDeferralDays));
    if (!dn.deferredUntil || dn.deferredUntil < until) await tx.update(donor).set({ deferredUntil: until, updatedAt: ctx.now }).where(eq(donor.id, dn.id));
  }
  await recordAudit(tx, ctx, { action: 'donor.defer', entityType: 'donor', entityId: dn.id, reason: infectious ? 'REACTIVE_RESULT' : 'ALT_ABOVE_LIMIT',
    before: { permanentlyDeferred: dn.permanentlyDeferred, deferredUntil: dn.deferredUntil }, after: { infectious, donationId: d.id } });
  await tx.insert(donorNotification).values({
    stationId: d.stationId, donorId: dn.id, donationId: d.id, kind: 'unqualified_result', status: 'open',
    messageZh: NOTIFICATION_TEXT.zh, messageEn: NOTIFICATION_TEXT.en, reasonCodes: codes, createdAt: ctx.now,
  }).onConflictDoNothing();
  if (infectious) {
    await runLookback(tx, ctx, { donorId: dn.id, triggerDonationId: d.id, trigger: 'reactive_result', reasonCodes: codes, before: d.collectedAt });
  }
}

/**
 * Lookback (回溯): every earlier in-date component of the donor collected within the window is quarantined (in
 * stock) or recalled (issued), with a release hold on its donation; transfused ones are notified. Holders are
 * recorded per unit so each hospital sees its recall.
 *
 * @returns the recall case, or null when nothing was caught
 * @see china-blood-service-rules.md §3.3; china-it-standards.md §7 (recall)
 */
export async function runLookback(tx: Tx, ctx: ActionContext, p: { donorId: number; triggerDonationId: number | null; trigger: 'reactive_result' | 'post_donation_information'; reasonCodes: string[]; before: Date }) {
  const ruleSet = LAB_TESTING_REGISTRY.inForce(ctx.now);
  const windowFrom = addDays(p.before, -ruleSet.data.lookbackDays);
  const conds = [eq(donation.donorId, p.donorId), gte(donation.collectedAt, windowFrom), lt(donation.collectedAt, p.before)];
  if (p.triggerDonationId) conds.push(ne(donation.id, p.triggerDonationId));
  const earlier = await tx.select({ id: donation.id, din: donation.din }).from(donation).where(and(...conds));
  if (earlier.length === 0) return null;
  const units = await tx.select().from(bloodUnit)
    .where(and(inArray(bloodUnit.donationId, earlier.map((e) => e.id)), inArray(bloodUnit.status, ['quarantined', 'available', 'reserved', 'issued', 'transfused']),
      sql`(${bloodUnit.status} = 'transfused' or ${bloodUnit.expiresAt} > ${ctx.now})`))
    .orderBy(asc(bloodUnit.id)).for('update');
  if (units.length === 0) return null;
  const [rc] = await tx.insert(recall).values({
    stationId: ctx.user.stationId, code: `tmp-${ctx.requestId}-${p.donorId}-${Date.now()}`, donorId: p.donorId, triggerDonationId: p.triggerDonationId,
    trigger: p.trigger, reasonCodes: p.reasonCodes, windowFrom, ruleSetId: ruleSet.id, createdAt: ctx.now, createdBy: ctx.user.id,
  }).returning();
  const code = `RC${shanghaiDate(ctx.now).replaceAll('-', '')}-${String(rc.id).padStart(4, '0')}`;
  await tx.update(recall).set({ code }).where(eq(recall.id, rc.id));
  // Holder of an issued unit: the hospital of its order (location changes only at receipt).
  const orderIds = [...new Set(units.map((u) => u.orderId).filter((x): x is number => x != null))];
  const orderHospital = new Map(orderIds.length === 0 ? [] : (await tx.select({ id: bloodOrder.id, org: bloodOrder.hospitalOrgId }).from(bloodOrder)
    .where(inArray(bloodOrder.id, orderIds))).map((o) => [o.id, o.org] as const));
  for (const u of units) {
    const holder = (u.status === 'issued' || u.status === 'transfused') && u.orderId != null ? orderHospital.get(u.orderId) ?? u.locationOrgId : u.locationOrgId;
    const action = u.status === 'issued' ? 'recalled' : u.status === 'transfused' ? 'notified' : 'quarantined';
    let to = u.status;
    if (u.status === 'issued') to = transition('issued', 'recall');
    else if (u.status === 'available' || u.status === 'reserved') to = transition(u.status, 'quarantine');
    if (to !== u.status || action === 'recalled') {
      await tx.update(bloodUnit).set({ status: to, recalled: action === 'recalled' || u.recalled, released: u.status === 'transfused' ? u.released : false, updatedAt: ctx.now })
        .where(eq(bloodUnit.id, u.id));
    }
    await tx.insert(recallUnit).values({ stationId: ctx.user.stationId, recallId: rc.id, unitId: u.id, din: u.din, orgId: holder, action, statusBefore: u.status });
    await recordUnitEvents(tx, ctx, [{ unitId: u.id, donationId: u.donationId, din: u.din, type: action === 'recalled' ? 'recall' : action === 'notified' ? 'recall_notice' : 'quarantine',
      fromStatus: u.status, toStatus: to, reason: `LOOKBACK ${code}`, orgId: holder, details: { recallCode: code } }]);
  }
  // Units received from a peer station carry no local donation (donationId null): the release hold applies to
  // local donations; the peer's units are recalled above and the origin station runs its own lookback.
  for (const donationId of new Set(units.map((u) => u.donationId).filter((d): d is number => d != null))) {
    await tx.insert(releaseHold).values({ stationId: ctx.user.stationId, donationId, recallId: rc.id, reasonCode: 'LOOKBACK', status: 'open', createdAt: ctx.now });
  }
  await recordAudit(tx, ctx, { action: 'recall.create', entityType: 'recall', entityId: rc.id, reason: p.trigger,
    after: { code, units: units.map((u) => ({ id: u.id, din: u.din, from: u.status })), reasonCodes: p.reasonCodes } });
  return { id: rc.id, code, units: units.length };
}

/** Post-donation information (献血后回告): lookback on every donation of the donor within the window, now. */
export async function postDonationInformation(db: Db, ctx: ActionContext, donorId: number, reason: string) {
  return db.transaction(async (tx) => {
    const [dn] = await tx.select().from(donor).where(and(eq(donor.id, donorId), eq(donor.stationId, ctx.user.stationId))).for('update');
    if (!dn) throw fieldError(404, 'NOT_FOUND', '/donorId', '献血者不存在', 'donor not found');
    await tx.update(donor).set({ permanentlyDeferred: true, updatedAt: ctx.now }).where(eq(donor.id, donorId));
    const rc = await runLookback(tx, ctx, { donorId, triggerDonationId: null, trigger: 'post_donation_information', reasonCodes: ['POST_DONATION_INFORMATION'], before: addDays(ctx.now, 1) });
    await recordAudit(tx, ctx, { action: 'donor.post_donation_information', entityType: 'donor', entityId: donorId, reason, after: { recall: rc?.code ?? null } });
    return { recall: rc };
  });
}

/** Open release holds (lookback) of a donation; release is refused while any is open. */
export async function openHolds(tx: DbOrTx, donationId: number) {
  return tx.select().from(releaseHold).where(and(eq(releaseHold.donationId, donationId), eq(releaseHold.status, 'open')));
}

/** Whether the donation's conclusion comes from lab entries (then release uses the lab conclusion). */
export async function hasLabEntries(tx: DbOrTx, donationId: number): Promise<boolean> {
  const [{ n }] = await tx.select({ n: count() }).from(labResult).where(eq(labResult.donationId, donationId));
  return n > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Recalls (station and hospital portal)

export async function listRecallUnits(db: Db, user: SessionUser) {
  const rows = await listRecallUnitRows(db, user);
  return rows.map((r) => {
    let names = { productNameZh: r.productId, productNameEn: r.productId };
    try { const p = getProduct(r.productId); names = { productNameZh: p.nameZh, productNameEn: p.nameEn }; } catch { /* retired id */ }
    return { ...r, ...names };
  });
}

async function listRecallUnitRows(db: Db, user: SessionUser) {
  const scope = user.orgType === 'hospital' || user.orgType === 'storage_point'
    ? and(eq(recallUnit.stationId, user.stationId), eq(recallUnit.orgId, user.orgId))
    : eq(recallUnit.stationId, user.stationId);
  return db.select({
    id: recallUnit.id, recallId: recall.id, recallCode: recall.code, trigger: recall.trigger, reasonCodes: recall.reasonCodes, createdAt: recall.createdAt,
    unitId: recallUnit.unitId, din: recallUnit.din, orgId: recallUnit.orgId, action: recallUnit.action, statusBefore: recallUnit.statusBefore,
    productId: bloodUnit.productId, abo: bloodUnit.abo, rhd: bloodUnit.rhd, unitStatus: bloodUnit.status, expiresAt: bloodUnit.expiresAt,
    disposition: recallUnit.disposition, dispositionNote: recallUnit.dispositionNote, dispositionAt: recallUnit.dispositionAt,
  }).from(recallUnit).innerJoin(recall, eq(recall.id, recallUnit.recallId)).innerJoin(bloodUnit, eq(bloodUnit.id, recallUnit.unitId))
    .where(scope).orderBy(desc(recall.createdAt), asc(recallUnit.id));
}

/**
 * Records what became of a recalled unit (hospital: its own units; station: any). `returned`/`discarded` discard
 * the unit (it never goes back to stock); `transfused` and `not_found` are recorded for the recipient lookback.
 * @throws AppError 404 (not yours), 409 when already recorded
 */
export async function recordDisposition(db: Db, ctx: ActionContext, recallUnitId: number, disposition: 'returned' | 'discarded' | 'transfused' | 'not_found', note: string | null) {
  return db.transaction(async (tx) => {
    const [ru] = await tx.select().from(recallUnit).where(and(eq(recallUnit.id, recallUnitId), eq(recallUnit.stationId, ctx.user.stationId))).for('update');
    const orgScoped = ctx.user.orgType === 'hospital' || ctx.user.orgType === 'storage_point';
    if (!ru || (orgScoped && ru.orgId !== ctx.user.orgId)) throw notFound('Recall unit', '召回血液');
    if (ru.disposition) throw conflict('该血液的处置已登记', 'The disposition of this unit is already recorded');
    const [u] = await tx.select().from(bloodUnit).where(eq(bloodUnit.id, ru.unitId)).for('update');
    if ((disposition === 'returned' || disposition === 'discarded') && u.status !== 'discarded' && u.status !== 'transfused') {
      const to = transition(u.status as never, 'discard');
      await tx.update(bloodUnit).set({ status: to, updatedAt: ctx.now }).where(eq(bloodUnit.id, u.id));
      await recordUnitEvents(tx, ctx, [{ unitId: u.id, donationId: u.donationId, din: u.din, type: 'discard', fromStatus: u.status, toStatus: to, reason: `RECALL_${disposition.toUpperCase()}` }]);
    }
    await tx.update(recallUnit).set({ disposition, dispositionNote: note, dispositionAt: ctx.now, dispositionBy: ctx.user.id }).where(eq(recallUnit.id, ru.id));
    await recordAudit(tx, ctx, { action: 'recall.disposition', entityType: 'recall_unit', entityId: ru.id, reason: note, after: { disposition } });
    return { id: ru.id, disposition };
  });
}

export async function listNotifications(db: Db, user: SessionUser) {
  return db.select({
    id: donorNotification.id, donorId: donorNotification.donorId, donorName: donor.name, donorNumber: donor.donorNumber, din: donation.din,
    status: donorNotification.status, messageZh: donorNotification.messageZh, messageEn: donorNotification.messageEn,
    reasonCodes: donorNotification.reasonCodes, createdAt: donorNotification.createdAt,
  }).from(donorNotification).innerJoin(donor, eq(donor.id, donorNotification.donorId)).innerJoin(donation, eq(donation.id, donorNotification.donationId))
    .where(eq(donorNotification.stationId, user.stationId)).orderBy(desc(donorNotification.id)).limit(200);
}

/** Lab view of one donation: entries, conclusion, holds. */
export async function getLabDonation(db: Db, user: SessionUser, dinInput: string) {
  const din = resolveDin(dinInput, '/din');
  const [d] = await db.select().from(donation).where(and(eq(donation.din, din), eq(donation.stationId, user.stationId)));
  if (!d) throw notFound('Donation', '献血记录');
  const entries = await db.select().from(labResult).where(eq(labResult.donationId, d.id)).orderBy(asc(labResult.id));
  return {
    din, donationId: d.id, status: d.status, testConclusion: d.testConclusion, testReasons: d.testReasons, testResults: d.testResults, abo: d.abo, rhd: d.rhd,
    entries: entries.map((e) => ({ id: e.id, kind: e.kind, payload: e.payload, source: e.source, runId: e.runId, enteredAt: e.enteredAt, reason: e.reason })),
    holds: await openHolds(db, d.id),
  };
}

// ---------------------------------------------------------------------------------------------------------
// ASTM import (TCP listener and files)

/**
 * Analyser test codes (R.3 component 4, or component 1) → entries. Local configuration (rule data of the
 * interface): ELISA values are S/CO; R.3 component 5 `R` marks a duplicate-retest well.
 */
export const ASTM_TEST_CODES: Readonly<Record<string, { kind: 'elisa'; marker: SerologyMarker } | { kind: 'nat'; target: NatTarget } | { kind: 'alt' | 'abo' | 'abo_forward' | 'abo_reverse' } | { kind: 'rhd'; phase: 'screen' | 'confirm' }>> = {
  HBSAG: { kind: 'elisa', marker: 'hbsag' }, HCV: { kind: 'elisa', marker: 'hcv' }, 'ANTI-HCV': { kind: 'elisa', marker: 'hcv' },
  HIV: { kind: 'elisa', marker: 'hiv' }, HIVAGAB: { kind: 'elisa', marker: 'hiv' }, TP: { kind: 'elisa', marker: 'tp' }, 'ANTI-TP': { kind: 'elisa', marker: 'tp' },
  HBVDNA: { kind: 'nat', target: 'hbv' }, HCVRNA: { kind: 'nat', target: 'hcv' }, HIVRNA: { kind: 'nat', target: 'hiv' },
  ALT: { kind: 'alt' }, ABO: { kind: 'abo' }, ABOF: { kind: 'abo_forward' }, ABOR: { kind: 'abo_reverse' },
  RH: { kind: 'rhd', phase: 'screen' }, RHD: { kind: 'rhd', phase: 'screen' }, RHDC: { kind: 'rhd', phase: 'confirm' },
};

const REACTIVE = new Set(['POS', 'REACTIVE', 'R', '+', 'POSITIVE']);
const NONREACTIVE = new Set(['NEG', 'NONREACTIVE', 'NR', '-', 'NEGATIVE']);

class ImportError extends Error {}

async function openRunFor(tx: Tx, user: SessionUser, method: string, marker: string, instruments: string[]): Promise<RunRow> {
  const rows = await tx.select({ id: labRun.id }).from(labRun)
    .where(and(eq(labRun.stationId, user.stationId), eq(labRun.status, 'open'), eq(labRun.method, method), eq(labRun.marker, marker), inArray(labRun.instrument, instruments.length ? instruments : [''])))
    .orderBy(desc(labRun.id)).limit(1);
  if (!rows[0]) throw new ImportError(`没有仪器 ${instruments.join('/')} 的 ${marker} 开放批次 / no open ${method} run for ${marker} on instrument ${instruments.join('/')}`);
  return loadRun(tx, user, rows[0].id);
}

async function messageToRows(tx: Tx, ctx: ActionContext, m: AstmMessage, source: string, messageId: number) {
  const rows: Parameters<typeof insertEntries>[2] = [];
  const pools: { code: string; reactive: boolean }[] = [];
  const senderId = m.sender[3] || m.sender[0] || '';
  for (const [oi, o] of m.orders.entries()) {
    const pointer = `/orders/${oi}`;
    const isPool = o.specimenId.startsWith('POOL-');
    const din = isPool ? null : parseDinInput(o.specimenId, { requireCheck: false, throwOnMismatch: false });
    if (!isPool && !din) throw new ImportError(`样本号不是献血码: ${o.specimenId} / specimen id is not a DIN: ${o.specimenId}`);
    let forward: AboGroup | null | undefined;
    let reverse: AboGroup | null | undefined;
    for (const r of o.results) {
      if (r.status === 'X' || r.status === 'I') continue;
      const code = r.test.toUpperCase();
      const map = ASTM_TEST_CODES[code];
      if (!map) throw new ImportError(`未知检测代码 ${r.test} / unknown test code ${r.test}`);
      const value = r.value.trim().toUpperCase();
      const instruments = [r.instrument, senderId].filter(Boolean);
      if (isPool) {
        if (map.kind !== 'nat') throw new ImportError(`混样只能有核酸结果 / a pool carries NAT results only (${r.test})`);
        if (!REACTIVE.has(value) && !NONREACTIVE.has(value)) throw new ImportError(`核酸结果值无效 ${r.value} / invalid NAT value ${r.value}`);
        pools.push({ code: o.specimenId, reactive: REACTIVE.has(value) });
        continue;
      }
      const base = { din: din!, source, messageId, pointer };
      if (map.kind === 'elisa') {
        const sco = Number(r.value);
        if (r.value.trim() === '' || !Number.isFinite(sco) || sco < 0) throw new ImportError(`S/CO 值无效 ${r.value} / invalid S/CO ${r.value}`);
        const run = await openRunFor(tx, ctx.user, 'elisa', map.marker, instruments);
        const phase = (r.testId[4] ?? '').toUpperCase() === 'R' ? 'retest' : 'initial';
        rows.push({ ...base, runId: run.id, ...payloadFor({ din: din!, kind: 'elisa', marker: map.marker, phase, sco }, run, pointer) });
      } else if (map.kind === 'nat') {
        if (!REACTIVE.has(value) && !NONREACTIVE.has(value)) throw new ImportError(`核酸结果值无效 ${r.value} / invalid NAT value ${r.value}`);
        rows.push({ ...base, runId: null, kind: 'nat', payload: { kind: 'nat', target: map.target, scope: 'individual', reactive: REACTIVE.has(value) } });
      } else if (map.kind === 'alt') {
        const v = Number(r.value);
        if (r.value.trim() === '' || !Number.isFinite(v) || v < 0) throw new ImportError(`ALT 值无效 ${r.value} / invalid ALT ${r.value}`);
        rows.push({ ...base, runId: null, kind: 'alt', payload: { kind: 'alt', valueUPerL: v } });
      } else if (map.kind === 'rhd') {
        const v = REACTIVE.has(value) ? 'POS' : NONREACTIVE.has(value) ? 'NEG' : null;
        if (!v) throw new ImportError(`RhD 结果值无效 ${r.value} / invalid RhD value ${r.value}`);
        rows.push({ ...base, runId: null, kind: 'rhd', payload: { kind: 'rhd', phase: map.phase, result: v } });
      } else {
        const g = ['O', 'A', 'B', 'AB'].includes(value) ? (value as AboGroup) : null;
        if (map.kind === 'abo') rows.push({ ...base, runId: null, kind: 'abo', payload: { kind: 'abo', forward: g, reverse: g } });
        if (map.kind === 'abo_forward') forward = g;
        if (map.kind === 'abo_reverse') reverse = g;
      }
    }
    if (forward !== undefined || reverse !== undefined) {
      rows.push({ din: din!, source, messageId, pointer, runId: null, kind: 'abo', payload: { kind: 'abo', forward: forward ?? null, reverse: reverse ?? null } });
    }
  }
  return { rows, pools };
}

export interface AstmImportOutcome {
  messageId: number;
  status: 'accepted' | 'rejected';
  resultCount: number;
  conclusions: { din: string; conclusion: string }[];
  error: string | null;
}

/**
 * Imports one complete ASTM message in ONE transaction: every result lands with its conclusion, or — on any
 * error (unknown DIN, test code, run, value) — nothing does and the message is logged as rejected.
 */
export async function importAstm(db: Db, ctx: ActionContext, text: string, channel: 'tcp' | 'file', peer: string | null, counts: { frames?: number; rejectedFrames?: number } = {}): Promise<AstmImportOutcome> {
  const parsed = parseAstmMessage(text);
  const log = async (status: 'accepted' | 'rejected', error: string | null, resultCount: number, tx: DbOrTx = db) => {
    const [row] = await tx.insert(astmMessageLog).values({
      stationId: ctx.user.stationId, receivedAt: ctx.now, channel, peer, status, frames: counts.frames ?? 0, rejectedFrames: counts.rejectedFrames ?? 0,
      resultCount, error, raw: text.slice(0, 20000),
    }).returning({ id: astmMessageLog.id });
    return row.id;
  };
  if (!parsed.ok) {
    const id = await log('rejected', parsed.message, 0);
    return { messageId: id, status: 'rejected', resultCount: 0, conclusions: [], error: parsed.message };
  }
  try {
    return await db.transaction(async (tx) => {
      const messageId = await log('accepted', null, 0, tx);
      const { rows, pools } = await messageToRows(tx, ctx, parsed.message, channel === 'tcp' ? 'astm_tcp' : 'astm_file', messageId);
      const conclusions = await insertEntries(tx, ctx, rows);
      for (const p of pools) conclusions.push(...await recordPoolResultTx(tx, ctx, p.code, p.reactive, channel === 'tcp' ? 'astm_tcp' : 'astm_file', messageId, '/orders'));
      const resultCount = rows.length + pools.length;
      await tx.update(astmMessageLog).set({ resultCount }).where(eq(astmMessageLog.id, messageId));
      await recordAudit(tx, ctx, { action: 'lab.astm.import', entityType: 'astm_message', entityId: messageId, after: { channel, peer, resultCount, conclusions } });
      return { messageId, status: 'accepted' as const, resultCount, conclusions, error: null };
    });
  } catch (err) {
    const error = err instanceof ImportError ? err.message : err instanceof AppError ? err.message : null;
    if (error === null) throw err;
    const id = await log('rejected', error, 0);
    return { messageId: id, status: 'rejected', resultCount: 0, conclusions: [], error };
  }
}

/** Logs a link-level event (rejected frame, discarded message) of the TCP listener. */
export async function logLinkEvent(db: Db, stationId: number, at: Date, peer: string | null, status: 'frame_rejected' | 'discarded', error: string, raw: string, rejectedFrames = 0) {
  await db.insert(astmMessageLog).values({ stationId, receivedAt: at, channel: 'tcp', peer, status, error, raw, rejectedFrames });
}

export async function listAstmLog(db: Db, user: SessionUser) {
  return db.select().from(astmMessageLog).where(eq(astmMessageLog.stationId, user.stationId)).orderBy(desc(astmMessageLog.id)).limit(200);
}
