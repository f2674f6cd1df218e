import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { DEFAULT_CATALOGUE, findDerivation, getProduct } from './catalogue.ts';
import { computeExpiry } from './expiry.ts';
import type { ComponentCatalogue, Derivation, ProductDefinition, QuantityUnit } from './product.ts';
import { quantityFor } from './quantity.ts';

/** The parent unit being processed. */
export interface ParentUnit {
  readonly productId: string;
  readonly collectedAt: Date;
  readonly expiresAt: Date;
  /** Nominal whole-blood volume of the donation (200/300/400); null for apheresis collections. */
  readonly sourceWholeBloodMl: number | null;
}

/** What the processing step produced for one child. */
export interface DerivedComponent {
  readonly product: ProductDefinition;
  readonly derivation: Derivation;
  readonly expiresAt: Date;
  readonly quantity: number;
  readonly quantityUnit: QuantityUnit;
}

const HOUR_MS = 3_600_000;

/**
 * Plans one child component of a processing step (成分制备): checks the derivation is allowed and in time,
 * and computes the child's expiry and quantity. Pure: the caller persists the child unit (status
 * `quarantined` until release) and marks the parent `processed`.
 *
 * Expiry: the child's own shelf life from the catalogue, capped at the parent's expiry when the derivation
 * is `boundedByParentExpiry` (child stays in the parent's storage regime). Reclassification (FFP → FP) may happen
 * at or after the parent's expiry; every other derivation needs an unexpired parent.
 *
 * @param parent - the parent unit
 * @param childProductId - product to prepare
 * @param input - `preparedAt` (instant of the step, pass `now`) and the child's `volumeMl` (plasma)
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns the child's product, derivation rule, expiry and quantity
 * @throws DomainError `UNKNOWN_PRODUCT`; `VALIDATION` with codes `DERIVATION_NOT_ALLOWED`, `PARENT_EXPIRED`,
 *   `PREPARATION_TIME_LIMIT`, or bad dates/volumes
 * @see GB 18469-2012; WS 399-2012; china-it-standards.md §7 R28, R29, R30
 */
export function deriveComponent(
  parent: ParentUnit,
  childProductId: string,
  input: { readonly preparedAt: Date; readonly volumeMl?: number | null },
  catalogue: ComponentCatalogue = DEFAULT_CATALOGUE,
): DerivedComponent {
  getProduct(parent.productId, catalogue);
  const product = getProduct(childProductId, catalogue);
  const derivation = findDerivation(parent.productId, childProductId, catalogue);
  if (derivation === undefined) {
    throw validationError([
      { field: 'productId', code: 'DERIVATION_NOT_ALLOWED', message: `${parent.productId} 不能制备 ${childProductId} / ${childProductId} cannot be prepared from ${parent.productId}` },
    ]);
  }
  const errors: FieldError[] = [];
  if (Number.isNaN(parent.expiresAt.getTime())) {
    errors.push({ field: 'parent.expiresAt', code: 'DATE', message: '原血液失效时间无效 / invalid parent expiresAt' });
  }
  const preparedMs = input.preparedAt.getTime();
  if (derivation.kind !== 'reclassification' && preparedMs >= parent.expiresAt.getTime()) {
    errors.push({ field: 'preparedAt', code: 'PARENT_EXPIRED', message: '原血液已过期 / the parent unit has expired' });
  }
  if (derivation.maxHoursFromCollection !== undefined && preparedMs - parent.collectedAt.getTime() > derivation.maxHoursFromCollection * HOUR_MS) {
    errors.push({
      field: 'preparedAt',
      code: 'PREPARATION_TIME_LIMIT',
      message: `须在采血后 ${derivation.maxHoursFromCollection} h 内制备 / must be prepared within ${derivation.maxHoursFromCollection} h of collection`,
    });
  }
  if (errors.length > 0) {
    throw validationError(errors);
  }
  const expiresAt = computeExpiry(
    product,
    {
      collectedAt: parent.collectedAt,
      preparedAt: input.preparedAt,
      ...(derivation.boundedByParentExpiry ? { parentExpiresAt: parent.expiresAt } : {}),
    },
    catalogue.utcOffsetMinutes,
  );
  const quantity = quantityFor(product, parent.sourceWholeBloodMl, input.volumeMl ?? null, catalogue);
  return { product, derivation, expiresAt, quantity, quantityUnit: product.quantityUnit };
}
