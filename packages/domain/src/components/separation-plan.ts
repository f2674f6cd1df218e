/**
 * Planning a whole-blood separation (成分制备) in one step: which bags come out, their volumes, quantities and
 * expiry, including the two-step cryoprecipitate path (whole blood → FFP → cryo + cryo-poor plasma).
 * Pure: the server persists the plan.
 */
import { DomainError, type FieldError } from '../errors.ts';
import { deriveComponent, type ParentUnit } from './derive.ts';
import { getProduct } from './catalogue.ts';
import { CRYO_POOR_PLASMA_ML_PER_200, nominalYieldMl } from './yields.ts';

/** One bag of the plan. `parentIndex` null = made from the whole-blood bag itself. */
export interface PlannedBag {
  readonly productId: string;
  readonly volumeMl: number;
  readonly quantity: number;
  readonly expiresAt: Date;
  readonly parentIndex: number | null;
  /** True for an intermediate bag that is itself processed in the same step (FFP before cryo). */
  readonly intermediate: boolean;
}

const CRYO_INTERMEDIATE = 'FFP';

/**
 * @param parent - the whole-blood bag (`sourceWholeBloodMl` = donation volume 200/300/400)
 * @param requested - product ids, e.g. `['SRBC_MAP', 'FFP']` or `['SRBC_MAP', 'CRYO']`
 * @param preparedAt - instant of the step (pass `now`)
 * @returns bags in creation order (intermediates before their children)
 * @throws DomainError `UNKNOWN_PRODUCT`; `VALIDATION` (`DUPLICATE_PRODUCT`, `RED_CELLS_TWICE`, `PLASMA_TWICE`,
 *   `DERIVATION_NOT_ALLOWED`, `PREPARATION_TIME_LIMIT`, `PARENT_EXPIRED`)
 * @see GB 18469-2012; WS 399-2012 (cryo from FFP); china-it-standards.md §7 R29, R30
 */
export function planWholeBloodSeparation(parent: ParentUnit, requested: readonly string[], preparedAt: Date): PlannedBag[] {
  const errors: FieldError[] = [];
  const source = parent.sourceWholeBloodMl ?? 0;
  const classes = requested.map((id) => getProduct(id).componentClass);
  if (new Set(requested).size !== requested.length) {
    errors.push({ field: 'products', code: 'DUPLICATE_PRODUCT', message: '同一成分不能重复制备 / a product is listed twice' });
  }
  if (classes.filter((c) => c === 'red_cells' || c === 'whole_blood').length > 1) {
    errors.push({ field: 'products', code: 'RED_CELLS_TWICE', message: '一袋全血只能制备一种红细胞成分 / one whole-blood bag gives one red-cell product' });
  }
  if (classes.filter((c) => c === 'plasma' || c === 'cryo').length > 1) {
    errors.push({ field: 'products', code: 'PLASMA_TWICE', message: '血浆只能制备一次（冷沉淀会同时产生去冷沉淀血浆） / the plasma is used once (cryo also yields cryo-poor plasma)' });
  }
  if (errors.length) throw new DomainError('VALIDATION', { zh: '制备方案无效', en: 'invalid preparation plan' }, { errors });
  const bags: PlannedBag[] = [];
  for (const productId of requested) {
    if (productId === 'CRYO') {
      const plasmaMl = nominalYieldMl(CRYO_INTERMEDIATE, source);
      const plasma = deriveComponent(parent, CRYO_INTERMEDIATE, { preparedAt, volumeMl: plasmaMl });
      const plasmaIndex = bags.length;
      bags.push({ productId: CRYO_INTERMEDIATE, volumeMl: plasmaMl, quantity: plasma.quantity, expiresAt: plasma.expiresAt, parentIndex: null, intermediate: true });
      const plasmaUnit: ParentUnit = { productId: CRYO_INTERMEDIATE, collectedAt: parent.collectedAt, expiresAt: plasma.expiresAt, sourceWholeBloodMl: source };
      const cryoMl = nominalYieldMl('CRYO', source);
      const cryo = deriveComponent(plasmaUnit, 'CRYO', { preparedAt, volumeMl: cryoMl });
      bags.push({ productId: 'CRYO', volumeMl: cryoMl, quantity: cryo.quantity, expiresAt: cryo.expiresAt, parentIndex: plasmaIndex, intermediate: false });
      const poorMl = Math.round((CRYO_POOR_PLASMA_ML_PER_200 * source) / 200);
      const poor = deriveComponent(plasmaUnit, 'FP', { preparedAt, volumeMl: poorMl });
      bags.push({ productId: 'FP', volumeMl: poorMl, quantity: poor.quantity, expiresAt: poor.expiresAt, parentIndex: plasmaIndex, intermediate: false });
      continue;
    }
    const volumeMl = nominalYieldMl(productId, source);
    const child = deriveComponent(parent, productId, { preparedAt, volumeMl });
    bags.push({ productId, volumeMl, quantity: child.quantity, expiresAt: child.expiresAt, parentIndex: null, intermediate: false });
  }
  return bags;
}
