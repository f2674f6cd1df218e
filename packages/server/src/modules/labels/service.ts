/**
 * Labels: content, SVG preview, PDF print/reprint (audited), and label verification (标签核对) by scanning.
 */
import { and, desc, eq } from 'drizzle-orm';
import { buildLabelContent, labelProductCode, verifyLabelScan, type LabelContent } from '@redbridge/domain/labels';
import type { AboGroup, RhD } from '@redbridge/domain/types';
import type { Db } from '../../db/client.ts';
import { bloodUnit, donation, labelPrint, organisation } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, notFound } from '../../lib/problem.ts';
import { unitScope } from '../units/service.ts';
import { renderLabelPdf, renderLabelSvg } from './render.ts';

async function loadUnit(db: Db, user: SessionUser, unitId: number) {
  const [row] = await db.select({ unit: bloodUnit, donation: { donationType: donation.donationType, testConclusion: donation.testConclusion } })
    .from(bloodUnit).innerJoin(donation, eq(donation.id, bloodUnit.donationId)).where(and(eq(bloodUnit.id, unitId), unitScope(user)));
  if (!row) throw notFound('Unit', '血袋');
  return row;
}

/** A unit is conforming when its donation is qualified and it is neither recalled nor discarded. */
const conforming = (r: Awaited<ReturnType<typeof loadUnit>>) =>
  r.donation.testConclusion === 'qualified' && !r.unit.recalled && !['discarded', 'recalled', 'expired'].includes(r.unit.status);

export async function labelContent(db: Db, user: SessionUser, unitId: number): Promise<{ content: LabelContent; conforming: boolean; released: boolean }> {
  const r = await loadUnit(db, user, unitId);
  const [station] = await db.select({ name: organisation.name, licence: organisation.licenceNumber }).from(organisation).where(eq(organisation.id, user.stationId));
  const u = r.unit;
  const content = buildLabelContent({
    din: u.din, productId: u.productId, splitCode: u.splitCode, donationType: 'V', abo: u.abo as AboGroup | null, rhd: u.rhd as RhD | null,
    volumeMl: u.volumeMl, quantity: u.quantity, quantityUnit: u.quantityUnit as 'U' | 'dose' | 'ml', collectedAt: u.collectedAt, preparedAt: u.preparedAt,
    expiresAt: u.expiresAt, conforming: conforming(r),
  }, { name: station?.name ?? '', licenceNumber: station?.licence ?? '' });
  return { content, conforming: conforming(r), released: u.released };
}

export async function labelSvg(db: Db, user: SessionUser, unitId: number): Promise<string> {
  return renderLabelSvg((await labelContent(db, user, unitId)).content);
}

/**
 * Prints (PDF) a unit's label. Only a released unit gets a conforming label; a non-conforming unit gets the biohazard
 * label; a unit still in testing gets none. The first print is `print`, later ones `reprint` and need a reason.
 * @throws AppError 409 `NOT_RELEASED`, 400 `REPRINT_REASON_REQUIRED`
 */
export async function printLabel(db: Db, ctx: ActionContext, unitId: number, reason: string | null) {
  const { content, conforming: ok, released } = await labelContent(db, ctx.user, unitId);
  if (ok && !released) {
    throw new AppError(409, 'NOT_RELEASED', bilingual('血液未放行，不能打印正式标签', 'Unit not released: no label can be printed'),
      [{ pointer: '/unitId', code: 'NOT_RELEASED', message: bilingual('待检/隔离血液不能贴签', 'untested or quarantined blood cannot be labelled') }]);
  }
  const { pdf, fontFallback } = await renderLabelPdf(content);
  await db.transaction(async (tx) => {
    const [u] = await tx.select().from(bloodUnit).where(eq(bloodUnit.id, unitId)).for('update');
    const previous = await tx.select({ id: labelPrint.id }).from(labelPrint).where(eq(labelPrint.unitId, unitId)).limit(1);
    const kind = previous.length > 0 ? 'reprint' : 'print';
    if (kind === 'reprint' && !reason?.trim()) {
      throw new AppError(400, 'REPRINT_REASON_REQUIRED', bilingual('补打标签须填写原因', 'A reprint needs a reason'),
        [{ pointer: '/reason', code: 'REQUIRED', message: bilingual('请填写补打原因', 'enter why the label is reprinted') }]);
    }
    await tx.insert(labelPrint).values({ stationId: ctx.user.stationId, unitId, din: u.din, kind, reason: reason?.trim() || null, composite: content.barcodes.composite, printedBy: ctx.user.id, printedAt: ctx.now });
    await recordUnitEvents(tx, ctx, [{ unitId, donationId: u.donationId, din: u.din, type: kind === 'print' ? 'label_print' : 'label_reprint', reason, details: { composite: content.barcodes.composite, biohazard: content.biohazard } }]);
    await recordAudit(tx, ctx, { action: `label.${kind}`, entityType: 'blood_unit', entityId: unitId, reason, after: { composite: content.barcodes.composite } });
  });
  return { pdf, fontFallback };
}

export async function labelPrints(db: Db, user: SessionUser, unitId: number) {
  await loadUnit(db, user, unitId);
  return db.select().from(labelPrint).where(eq(labelPrint.unitId, unitId)).orderBy(desc(labelPrint.id));
}

/**
 * Label verification (标签核对): the scanned DIN and product bar codes against the unit record; mismatch,
 * unreleased or expired → `ok: false` with messages. Recorded as a unit event either way.
 */
export async function verifyLabel(db: Db, ctx: ActionContext, unitId: number, scannedDin: string, scannedProduct: string) {
  const r = await loadUnit(db, ctx.user, unitId);
  const u = r.unit;
  const result = verifyLabelScan(scannedDin, scannedProduct, {
    din: u.din, productCode: labelProductCode(u.productId), splitCode: u.splitCode, released: u.released && !u.recalled, status: u.status, expiresAt: u.expiresAt,
  }, ctx.now);
  await db.transaction(async (tx) => {
    await recordUnitEvents(tx, ctx, [{ unitId, donationId: u.donationId, din: u.din, type: 'label_check', details: { ok: result.ok, problems: result.problems.map((p) => p.code) } }]);
    await recordAudit(tx, ctx, { action: 'label.verify', entityType: 'blood_unit', entityId: unitId, after: result });
  });
  return result;
}
