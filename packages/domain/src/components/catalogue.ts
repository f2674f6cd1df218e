import { DomainError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { COMPONENT_CLASSES } from '../types.ts';
import { COMPONENT_CATALOGUE_2012 } from './catalogue-2012.ts';
import type { ComponentCatalogue, Derivation, ProductDefinition } from './product.ts';

/** The national catalogue data (default for every function taking a `catalogue`). */
export const DEFAULT_CATALOGUE: ComponentCatalogue = COMPONENT_CATALOGUE_2012.data;

/**
 * @param id - product id, e.g. `SRBC_MAP`
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns the product
 * @throws DomainError `UNKNOWN_PRODUCT` (details: productId)
 * @see GB 18469-2012; china-it-standards.md §7 R30, R49
 */
export function getProduct(id: string, catalogue: ComponentCatalogue = DEFAULT_CATALOGUE): ProductDefinition {
  const product = catalogue.products.find((p) => p.id === id);
  if (product === undefined) {
    throw new DomainError('UNKNOWN_PRODUCT', { zh: `未知血液品种：${id}`, en: `unknown product: ${id}` }, { productId: id });
  }
  return product;
}

/**
 * @param nationalCode - `C0021`, `L2201` …
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns the product
 * @throws DomainError `UNKNOWN_PRODUCT` (details: nationalCode)
 */
export function getProductByNationalCode(nationalCode: string, catalogue: ComponentCatalogue = DEFAULT_CATALOGUE): ProductDefinition {
  const product = catalogue.products.find((p) => p.nationalCode === nationalCode);
  if (product === undefined) {
    throw new DomainError('UNKNOWN_PRODUCT', { zh: `未知产品码：${nationalCode}`, en: `unknown national product code: ${nationalCode}` }, { nationalCode });
  }
  return product;
}

/**
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns every product, in catalogue order
 */
export function listProducts(catalogue: ComponentCatalogue = DEFAULT_CATALOGUE): readonly ProductDefinition[] {
  return catalogue.products;
}

/**
 * @param parentId - product id of the parent unit
 * @param childId - product id to prepare
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns the derivation rule, or undefined when `childId` cannot be prepared from `parentId`
 * @see china-it-standards.md §7 R29, R30
 */
export function findDerivation(parentId: string, childId: string, catalogue: ComponentCatalogue = DEFAULT_CATALOGUE): Derivation | undefined {
  return catalogue.derivations.find((d) => d.parentId === parentId && d.childId === childId);
}

/**
 * @param parentId - product id of the parent unit
 * @param catalogue - catalogue data; defaults to the national 2012 catalogue
 * @returns the derivations whose parent is `parentId` (what the UI offers at processing)
 */
export function derivationsFrom(parentId: string, catalogue: ComponentCatalogue = DEFAULT_CATALOGUE): readonly Derivation[] {
  return catalogue.derivations.filter((d) => d.parentId === parentId);
}

/**
 * Checks a catalogue's internal consistency (use it on tenant overrides before registering them).
 * Checks: unique ids and national codes, positive shelf lives, min ≤ max temperature, each product's
 * quantity unit equals its class's unit, U products derive from source whole blood, derivations
 * name existing products and have no duplicates, positive time limits.
 *
 * @param catalogue - catalogue data
 * @returns field errors; empty when consistent
 */
export function validateCatalogue(catalogue: ComponentCatalogue): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  const codes = new Set<string>();
  catalogue.products.forEach((p, i) => {
    const f = `products[${i}]`;
    if (ids.has(p.id)) errors.push({ field: `${f}.id`, code: 'DUPLICATE', message: `品种编号重复 / duplicate product id ${p.id}` });
    ids.add(p.id);
    if (codes.has(p.nationalCode)) errors.push({ field: `${f}.nationalCode`, code: 'DUPLICATE', message: `产品码重复 / duplicate national code ${p.nationalCode}` });
    codes.add(p.nationalCode);
    if (p.nationalCodeStatus === 'local' !== p.nationalCode.startsWith('L')) {
      errors.push({ field: `${f}.nationalCode`, code: 'CODE_STATUS', message: '本地代码须以L开头 / local codes start with L, draft codes with C' });
    }
    if (!(COMPONENT_CLASSES as readonly string[]).includes(p.componentClass)) {
      errors.push({ field: `${f}.componentClass`, code: 'COMPONENT_CLASS', message: '成分类别无效 / unknown component class' });
    } else if (catalogue.quantityUnitByClass[p.componentClass] !== p.quantityUnit) {
      errors.push({ field: `${f}.quantityUnit`, code: 'CLASS_UNIT', message: `计量单位与类别不符 / ${p.id} counts in ${p.quantityUnit}, class uses ${catalogue.quantityUnitByClass[p.componentClass]}` });
    }
    const basisUnit = { source_whole_blood_per_200ml: 'U', volume_ml: 'ml', bag_dose: 'dose' }[p.quantityBasis];
    if (basisUnit !== p.quantityUnit) errors.push({ field: `${f}.quantityBasis`, code: 'BASIS_UNIT', message: '计量方式与单位不符 / quantity basis does not match the unit' });
    if (!(Number.isFinite(p.shelfLife.amount) && p.shelfLife.amount > 0)) {
      errors.push({ field: `${f}.shelfLife.amount`, code: 'RANGE', message: '保存期须为正数 / shelf life must be positive' });
    }
    if (p.storage.minTempC !== null && p.storage.minTempC > p.storage.maxTempC) {
      errors.push({ field: `${f}.storage`, code: 'RANGE', message: '储存温度下限高于上限 / storage minTempC above maxTempC' });
    }
  });
  const pairs = new Set<string>();
  catalogue.derivations.forEach((d, i) => {
    const f = `derivations[${i}]`;
    if (!ids.has(d.parentId)) errors.push({ field: `${f}.parentId`, code: 'UNKNOWN_PRODUCT', message: `未知品种 / unknown product ${d.parentId}` });
    if (!ids.has(d.childId)) errors.push({ field: `${f}.childId`, code: 'UNKNOWN_PRODUCT', message: `未知品种 / unknown product ${d.childId}` });
    const key = `${d.parentId}>${d.childId}`;
    if (pairs.has(key) || d.parentId === d.childId) errors.push({ field: f, code: 'DUPLICATE', message: `重复或自身制备 / duplicate or self derivation ${key}` });
    pairs.add(key);
    if (d.maxHoursFromCollection !== undefined && !(d.maxHoursFromCollection > 0)) {
      errors.push({ field: `${f}.maxHoursFromCollection`, code: 'RANGE', message: '时限须为正数 / time limit must be positive' });
    }
  });
  if (!(catalogue.mlPerUnit > 0)) errors.push({ field: 'mlPerUnit', code: 'RANGE', message: '每单位毫升数须为正 / mlPerUnit must be positive' });
  return errors;
}
