import type { RuleRef } from '../rules/rule-set.ts';
import type { ComponentClass } from '../types.ts';

/** Unit in which stock, orders and labels count a product (label structure `=?aaa.cc` uses U). */
export type QuantityUnit = 'U' | 'dose' | 'ml';

/**
 * How a bag's quantity is derived:
 * - `source_whole_blood_per_200ml`: U = nominal source whole-blood volume (200/300/400 ml) ÷ 200;
 * - `volume_ml`: the bag's own volume in ml (plasma);
 * - `bag_dose`: one therapeutic dose per bag (apheresis platelets: ≥ 2.5×10¹¹ per bag; a 2-dose collection is two bags).
 */
export type QuantityBasis = 'source_whole_blood_per_200ml' | 'volume_ml' | 'bag_dose';

export type ShelfLifeUnit = 'hours' | 'days' | 'years';

/** What the shelf life counts from: the donation's collection time or this product's preparation time. */
export type ShelfLifeAnchor = 'collection' | 'preparation';

/** Shelf life (保存期) of a product. See `computeExpiry` for the boundary convention. */
export interface ShelfLife {
  readonly amount: number;
  readonly unit: ShelfLifeUnit;
  readonly from: ShelfLifeAnchor;
  readonly ref: RuleRef;
}

/** Storage condition. `minTempC: null` = no lower bound (frozen products: "≤ −18 °C"). */
export interface StorageCondition {
  readonly minTempC: number | null;
  readonly maxTempC: number;
  /** Platelets: continuous gentle agitation (without it the shelf life drops to 24 h). */
  readonly agitation?: 'continuous_gentle';
  readonly ref: RuleRef;
}

/** 品种类别 codes of the 2017 label draft (china-it-standards.md §5.2). */
export type ProductClassCode = '11' | '21' | '22' | '23' | '24' | '25' | '31' | '32' | '41' | '42' | '51' | '61';

/** Processing attributes that distinguish products of one class. */
export type ProductAttribute =
  | 'leukoreduced'
  | 'washed'
  | 'frozen'
  | 'deglycerolised'
  | 'apheresis'
  | 'virus_inactivated'
  | 'platelet_storage_bag';

/** One product of the component catalogue. */
export interface ProductDefinition {
  /** Stable English slug, e.g. `SRBC_MAP`; stored on every unit. */
  readonly id: string;
  /**
   * National product code (产品码 `αoooo`): a `C`-code where the 2017 draft table B.4 gives one,
   * else a **local** code `L<品种类别><nn>` (e.g. `L2201`) until the WS/T 203 revision fixes the table.
   */
  readonly nationalCode: string;
  readonly nationalCodeStatus: 'draft_2017' | 'local';
  readonly productClassCode: ProductClassCode;
  /** 产品类别 code (C01–C30) where the draft lists it (plasma C24–C29, cryo C30). */
  readonly productTypeCode?: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly componentClass: ComponentClass;
  /** Anticoagulant of the collection, e.g. `CPDA-1`, `CPD/ACD-B`. */
  readonly anticoagulant?: string;
  /** Storage / suspending solution, e.g. `MAP`, `0.9% NaCl`, `40% glycerol`. */
  readonly storageSolution?: string;
  readonly attributes: readonly ProductAttribute[];
  readonly storage: StorageCondition;
  readonly shelfLife: ShelfLife;
  readonly quantityUnit: QuantityUnit;
  readonly quantityBasis: QuantityBasis;
  /** May be registered as the primary product of a collection (whole blood, apheresis). */
  readonly collected: boolean;
}

/**
 * Kind of preparation step:
 * - `separation`: split a parent into a new product (whole blood → red cells + plasma);
 * - `modification`: process the same cells (leukoreduce, wash, freeze, thaw/deglycerolise);
 * - `reclassification`: relabel without processing (FFP past 1 year → FP).
 */
export type DerivationKind = 'separation' | 'modification' | 'reclassification';

/** "`childId` may be prepared from `parentId`", with its limits. */
export interface Derivation {
  readonly parentId: string;
  readonly childId: string;
  readonly kind: DerivationKind;
  /**
   * Whether the child's expiry is capped at the parent unit's expiry. True when the child stays in the
   * parent's storage regime (2–6 °C red cells from whole blood, washing, leukoreduction: WS 399 "never beyond
   * the original expiry"). False when the child enters its own regime with its own shelf life counted from
   * collection (freezing plasma or red cells) and for reclassification.
   */
  readonly boundedByParentExpiry: boolean;
  /** Latest preparation time after collection, in hours (e.g. FFP). */
  readonly maxHoursFromCollection?: number;
  readonly ref: RuleRef;
}

/** Data of a `component-catalogue` rule set. */
export interface ComponentCatalogue {
  readonly products: readonly ProductDefinition[];
  readonly derivations: readonly Derivation[];
  /** The quantity unit of each class (stock, orders and reports aggregate per class). */
  readonly quantityUnitByClass: Readonly<Record<ComponentClass, QuantityUnit>>;
  /** Source whole-blood ml per U (1 U = 200 ml). */
  readonly mlPerUnit: number;
  readonly mlPerUnitRef: RuleRef;
  /** Nominal whole-blood volumes allowed per donation (GB 18467-2011 §6). */
  readonly wholeBloodVolumesMl: readonly number[];
  readonly wholeBloodVolumesRef: RuleRef;
  /** Civil-time offset for calendar-year shelf lives; China Standard Time = +480 (no DST). */
  readonly utcOffsetMinutes: number;
}
