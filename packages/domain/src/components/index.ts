export type {
  ComponentCatalogue,
  Derivation,
  DerivationKind,
  ProductAttribute,
  ProductClassCode,
  ProductDefinition,
  QuantityBasis,
  QuantityUnit,
  ShelfLife,
  ShelfLifeAnchor,
  ShelfLifeUnit,
  StorageCondition,
} from './product.ts';
export { COMPONENT_CATALOGUE_2012, COMPONENT_CATALOGUE_REGISTRY } from './catalogue-2012.ts';
export {
  DEFAULT_CATALOGUE,
  derivationsFrom,
  findDerivation,
  getProduct,
  getProductByNationalCode,
  listProducts,
  validateCatalogue,
} from './catalogue.ts';
export type { ExpiryTimes } from './expiry.ts';
export { CHINA_STANDARD_TIME_OFFSET_MINUTES, addShelfLife, computeExpiry } from './expiry.ts';
export { quantityFor } from './quantity.ts';
export type { DerivedComponent, ParentUnit } from './derive.ts';
export { deriveComponent } from './derive.ts';
export type { YieldTable } from './yields.ts';
export { CRYO_POOR_PLASMA_ML_PER_200, PREPARATION_YIELDS_LOCAL_2024, PREPARATION_YIELD_REGISTRY, nominalYieldMl } from './yields.ts';
export type { PlannedBag } from './separation-plan.ts';
export { planWholeBloodSeparation } from './separation-plan.ts';
