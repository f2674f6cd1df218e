/**
 * Component processing by scanning (成分制备 扫码): single-unit modifications and derivations beyond the v1 whole-blood
 * separation — washing (24 h), freezing (10 y from collection), thaw + deglycerolise (24 h), cryoprecipitate from FFP,
 * FFP → FP after one year — planned by the domain (`deriveComponent`: allowed pairs, time limits, expiry never beyond a
 * bounded parent) and applied to a batch in ONE transaction (all or nothing).
 */
import { and, eq } from 'drizzle-orm';
import { deriveComponent } from '@redbridge/domain/components';
import { decodeDataStructure } from '@redbridge/domain/isbt128';
import { labelProductCode } from '@redbridge/domain/labels';
import { transition } from '@redbridge/domain/lifecycle';
import type { Db } from '../../db/client.ts';
import { bloodUnit, donation } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual } from '../../lib/problem.ts';

export interface ScanItem {
  /** Scanned 献血码 bar code (`=…`) or the 13-character DIN. */
  din: string;
  /** Scanned product bar code (`=<…`) of the parent bag. */
  product: string;
  /** Catalogue product id to prepare. */
  toProductId: string;
  /** Child volume, mL (plasma, cryo); weight in g is recorded with the event. */
  volumeMl?: number | null;
  weightG?: number | null;
}

const fail = (pointer: string, code: string, zh: string, en: string) =>
  new AppError(422, code, bilingual(zh, en), [{ pointer, code, message: bilingual(zh, en) }]);

/**
 * Applies a batch of scanned processing steps; any invalid item refuses the whole batch naming `/items/i/...`.
 * @throws AppError 422 `SCAN_MISMATCH` / `UNIT_NOT_FOUND` / `INVALID_TRANSITION`, DomainError `VALIDATION`
 */
export async function processScannedBatch(db: Db, ctx: ActionContext, items: ScanItem[]) {
  return db.transaction(async (tx) => {
    const out: { parentUnitId: number; unitId: number; productId: string; expiresAt: Date }[] = [];
    for (const [i, item] of items.entries()) {
      const p = `/items/${i}`;
      const d = decodeDataStructure(item.din.startsWith('=') ? item.din : `=${item.din.slice(0, 13)}00`);
      const din = d.valid && d.dataStructure === '001' ? String((d.fields as unknown as { din: string }).din) : null;
      if (!din) throw fail(`${p}/din`, 'SCAN_MISMATCH', '献血码条码无法识别', 'DIN bar code not readable');
      const pr = decodeDataStructure(item.product);
      if (!(pr.valid && pr.dataStructure === '003')) throw fail(`${p}/product`, 'SCAN_MISMATCH', '产品码条码无法识别', 'product bar code not readable');
      const f = pr.fields as unknown as { productCode: string; split: string };
      const units = await tx.select().from(bloodUnit).where(and(eq(bloodUnit.din, din), eq(bloodUnit.stationId, ctx.user.stationId), eq(bloodUnit.splitCode, f.split ?? '00'))).for('update');
      const parent = units.find((u) => labelProductCode(u.productId) === f.productCode);
      if (!parent) throw fail(`${p}/product`, 'UNIT_NOT_FOUND', `献血码 ${din} 没有产品 ${f.productCode} 的血袋`, `no ${f.productCode} bag with DIN ${din}`);
      if (parent.status !== 'quarantined' && parent.status !== 'available') {
        throw fail(`${p}/product`, 'INVALID_TRANSITION', `血袋状态为 ${parent.status}，不能制备`, `the bag is ${parent.status} and cannot be processed`);
      }
      if (parent.donationId == null) {
        // A unit received from a peer station has no local donation record; it is processed where it was collected.
        throw fail(`${p}/din`, 'INVALID_TRANSITION', '外站调入的血液不能在本站制备', 'a unit received from another station cannot be processed here');
      }
      const [don] = await tx.select({ volumeMl: donation.volumeMl, testConclusion: donation.testConclusion }).from(donation).where(eq(donation.id, parent.donationId));
      if (don.testConclusion === 'unqualified') throw fail(`${p}/din`, 'INVALID_TRANSITION', '检测不合格的血液不能制备', 'unqualified blood cannot be processed');
      const child = deriveComponent({ productId: parent.productId, collectedAt: parent.collectedAt, expiresAt: parent.expiresAt, sourceWholeBloodMl: don.volumeMl },
        item.toProductId, { preparedAt: ctx.now, volumeMl: item.volumeMl ?? null });
      const parentTo = transition(parent.status as never, 'process');
      await tx.update(bloodUnit).set({ status: parentTo, updatedAt: ctx.now }).where(eq(bloodUnit.id, parent.id));
      const [created] = await tx.insert(bloodUnit).values({
        stationId: ctx.user.stationId, din, donationId: parent.donationId, parentUnitId: parent.id, productId: child.product.id,
        productCode: child.product.nationalCode, splitCode: parent.splitCode, componentClass: child.product.componentClass, abo: parent.abo, rhd: parent.rhd,
        volumeMl: item.volumeMl ?? parent.volumeMl, quantity: child.quantity, quantityUnit: child.quantityUnit, status: parent.status,
        released: parent.released, labelled: false, locationOrgId: parent.locationOrgId, collectedAt: parent.collectedAt, preparedAt: ctx.now,
        expiresAt: child.expiresAt, createdAt: ctx.now, updatedAt: ctx.now,
      }).returning({ id: bloodUnit.id });
      await recordUnitEvents(tx, ctx, [
        { unitId: parent.id, donationId: parent.donationId, din, type: 'preparation', fromStatus: parent.status, toStatus: parentTo, details: { children: [child.product.id], derivation: child.derivation.kind } },
        { unitId: created.id, donationId: parent.donationId, din, type: 'preparation', toStatus: parent.status, details: { parentUnitId: parent.id, productId: child.product.id, volumeMl: item.volumeMl ?? null, weightG: item.weightG ?? null } },
      ]);
      out.push({ parentUnitId: parent.id, unitId: created.id, productId: child.product.id, expiresAt: child.expiresAt });
    }
    await recordAudit(tx, ctx, { action: 'processing.batch', entityType: 'blood_unit', entityId: out.map((o) => o.unitId).join(','), after: out });
    return { items: out };
  });
}
