/**
 * Nominal preparation yields: the bag volume a separation gives per 200 ml of source whole blood, used when the
 * separator weight is not (yet) recorded. Issue #4 records measured volumes/weights; these nominal values then
 * only pre-fill the form. Versioned rule data, evidence `local` (typical Chinese station practice).
 */
import { createRuleRegistry } from '../rules/registry.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import { DomainError } from '../errors.ts';

/** Product id → nominal bag volume in ml per 200 ml of source whole blood. */
export type YieldTable = Readonly<Record<string, number>>;

export const PREPARATION_YIELDS_LOCAL_2024: RuleSet<YieldTable> = {
  id: 'preparation-yield:LOCAL-2024',
  family: 'preparation-yield',
  source: 'RedBridge station practice (local)',
  version: '2024',
  effectiveFrom: '2012-12-03T00:00:00+08:00',
  clauses: [
    { ref: 'GB 18469-2012 §QC', summary: 'Whole blood 200 ml ± 10 %; red cells and plasma volumes per 200 ml equivalent' },
  ],
  notes: 'Nominal: suspended RBC incl. ~50 ml MAP additive ≈ 150 ml, plasma ≈ 100 ml, cryo ≈ 20 ml and cryo-poor plasma ≈ 80 ml per 200 ml whole blood.',
  data: {
    SRBC_MAP: 150, LR_SRBC_MAP: 140, LR_WB_CPDA1: 190,
    FFP: 100, VI_FFP: 100, FP: 100,
    CRYO: 20,
  },
};

export const PREPARATION_YIELD_REGISTRY = createRuleRegistry('preparation-yield', [PREPARATION_YIELDS_LOCAL_2024]);

/** Cryo-poor plasma left after cryoprecipitate is taken from one plasma bag, per 200 ml source whole blood. */
export const CRYO_POOR_PLASMA_ML_PER_200 = 80;

/**
 * Nominal volume of a prepared bag.
 * @param productId - child product id
 * @param sourceWholeBloodMl - nominal source whole-blood volume (200/300/400 ml)
 * @returns whole millilitres
 * @throws DomainError `VALIDATION` when the product has no yield entry
 */
export function nominalYieldMl(productId: string, sourceWholeBloodMl: number, table: YieldTable = PREPARATION_YIELDS_LOCAL_2024.data): number {
  const per200 = table[productId];
  if (per200 === undefined) {
    throw new DomainError('VALIDATION', { zh: `没有 ${productId} 的标准产量`, en: `no nominal yield for ${productId}` },
      { errors: [{ field: 'products', code: 'NO_YIELD', message: `没有 ${productId} 的标准产量 / no nominal yield for ${productId}` }] });
  }
  return Math.round((per200 * sourceWholeBloodMl) / 200);
}
