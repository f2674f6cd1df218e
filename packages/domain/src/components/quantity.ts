import { validationError } from '../errors.ts';
import { DEFAULT_CATALOGUE } from './catalogue.ts';
import type { ComponentCatalogue, ProductDefinition } from './product.ts';

/**
 * Quantity of one bag in the product's {@link ProductDefinition.quantityUnit}.
 *
 * - U products (whole blood, red cells, cryo): nominal source whole-blood volume ÷ 200, to 2 decimals
 *   (200 ml → 1 U, 300 ml → 1.5 U, 400 ml → 2 U); the volume must be a GB 18467-2011 tier (200/300/400).
 * - ml products (plasma): the bag's volume, rounded to whole ml.
 * - dose products (apheresis platelets): 1 per bag (a bag holds one therapeutic dose, ≥ 2.5×10¹¹).
 *
 * @param product - catalogue product
 * @param sourceWholeBloodMl - nominal whole-blood volume of the donation (ml); needed for U products, else ignored
 * @param volumeMl - the bag's own volume (ml); needed for ml products, else ignored
 * @param catalogue - catalogue data (ml per U, allowed tiers); defaults to the national 2012 catalogue
 * @returns the quantity
 * @throws DomainError `VALIDATION` when the needed volume is missing, not positive, or not an allowed tier
 * @see china-blood-service-rules.md §2.1 (1 U = 200 ml; therapeutic dose); GB 18467-2011 §6
 */
export function quantityFor(
  product: ProductDefinition,
  sourceWholeBloodMl: number | null,
  volumeMl: number | null,
  catalogue: ComponentCatalogue = DEFAULT_CATALOGUE,
): number {
  switch (product.quantityBasis) {
    case 'source_whole_blood_per_200ml': {
      if (sourceWholeBloodMl === null || !catalogue.wholeBloodVolumesMl.includes(sourceWholeBloodMl)) {
        throw validationError([
          {
            field: 'sourceWholeBloodMl',
            code: 'WHOLE_BLOOD_VOLUME',
            message: `全血量须为 ${catalogue.wholeBloodVolumesMl.join('/')} ml / source whole-blood volume must be one of ${catalogue.wholeBloodVolumesMl.join(', ')} ml`,
          },
        ]);
      }
      return Math.round((sourceWholeBloodMl / catalogue.mlPerUnit) * 100) / 100;
    }
    case 'volume_ml': {
      if (volumeMl === null || !Number.isFinite(volumeMl) || volumeMl < 1) {
        throw validationError([{ field: 'volumeMl', code: 'VOLUME', message: '血浆容量须为正数 / plasma volume (ml) must be positive' }]);
      }
      return Math.round(volumeMl);
    }
    case 'bag_dose':
      return 1;
  }
}
