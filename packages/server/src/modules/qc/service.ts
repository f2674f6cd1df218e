/** Component QC sampling against GB 18469 (failing results flagged) and external quality assessment results. */
import { and, desc, eq } from 'drizzle-orm';
import { evaluateQc, type QcParameter } from '@redbridge/domain/qc';
import type { Db } from '../../db/client.ts';
import { bloodUnit, donation, eqaResult, qcSample } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual } from '../../lib/problem.ts';

/**
 * Records a QC sample of a unit; the domain checks each measurement against the product's specification.
 * @throws AppError 404 (unit), 400 `VALIDATION` (bad value, naming the measurement)
 */
export async function recordQcSample(db: Db, ctx: ActionContext, unitId: number, measurements: Partial<Record<QcParameter, number>>, sampledAt?: Date) {
  if (Object.keys(measurements).length === 0) {
    throw new AppError(400, 'VALIDATION', bilingual('请求数据无效', 'Invalid request'), [{ pointer: '/measurements', code: 'REQUIRED', message: bilingual('至少填写一项测定值', 'enter at least one measurement') }]);
  }
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ id: bloodUnit.id, din: bloodUnit.din, productId: bloodUnit.productId, wbMl: donation.volumeMl })
      .from(bloodUnit).innerJoin(donation, eq(donation.id, bloodUnit.donationId))
      .where(and(eq(bloodUnit.id, unitId), eq(bloodUnit.stationId, ctx.user.stationId)));
    if (!u) throw new AppError(404, 'NOT_FOUND', bilingual('血袋不存在', 'Unit not found'), [{ pointer: '/unitId', code: 'NOT_FOUND', message: bilingual('血袋不存在', 'unit not found') }]);
    const r = evaluateQc(u.productId, u.wbMl, measurements);
    const [row] = await tx.insert(qcSample).values({
      stationId: ctx.user.stationId, unitId, din: u.din, productId: u.productId, sampledAt: sampledAt ?? ctx.now, measurements: measurements as Record<string, number>,
      checks: [...r.checks], passed: r.passed, ruleSetId: r.ruleSetId, recordedBy: ctx.user.id, recordedAt: ctx.now,
    }).returning();
    await recordAudit(tx, ctx, { action: 'qc.sample', entityType: 'blood_unit', entityId: unitId, after: { passed: r.passed, checks: r.checks } });
    return { ...row, unspecified: r.unspecified };
  });
}

export async function listQcSamples(db: Db, user: SessionUser, failedOnly: boolean) {
  const conds = [eq(qcSample.stationId, user.stationId)];
  if (failedOnly) conds.push(eq(qcSample.passed, false));
  return db.select().from(qcSample).where(and(...conds)).orderBy(desc(qcSample.sampledAt)).limit(500);
}

export interface EqaInput { scheme: string; round: string; analyte: string; sampleCode: string; reported: string; expected: string; acceptable: boolean; reportedAt: Date }

export async function recordEqa(db: Db, ctx: ActionContext, input: EqaInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(eqaResult).values({ stationId: ctx.user.stationId, ...input, recordedBy: ctx.user.id }).onConflictDoNothing().returning();
    if (!row) throw new AppError(409, 'CONFLICT', bilingual('该质评样本结果已登记', 'This EQA sample result is already recorded'), [{ pointer: '/sampleCode', code: 'DUPLICATE', message: bilingual('重复登记', 'duplicate') }]);
    await recordAudit(tx, ctx, { action: 'qc.eqa', entityType: 'eqa_result', entityId: row.id, after: row });
    return row;
  });
}

export async function listEqa(db: Db, user: SessionUser) {
  return db.select().from(eqaResult).where(eq(eqaResult.stationId, user.stationId)).orderBy(desc(eqaResult.reportedAt)).limit(500);
}
