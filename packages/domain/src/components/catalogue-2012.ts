import type { RuleEvidence, RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import type { ComponentCatalogue, Derivation, ProductDefinition, StorageCondition } from './product.ts';

const ws399 = (clause: string, evidence: RuleEvidence = 'verified', note?: string): RuleRef => ({
  source: 'WS399-2012', version: '2012', clause, evidence, ...(note === undefined ? {} : { note }),
});
const gb18469 = (clause: string, evidence: RuleEvidence = 'verified', note?: string): RuleRef => ({
  source: 'GB18469-2012', version: '2012', clause, evidence, ...(note === undefined ? {} : { note }),
});
const draft2017 = (clause: string): RuleRef => ({
  source: 'WS/T 血液标识代码及标签要求 (征求意见稿)', version: '2017-draft', clause, evidence: 'verified', note: 'china-it-standards.md §5.2 [C2]',
});

const RBC_2_6: StorageCondition = { minTempC: 2, maxTempC: 6, ref: ws399('储存温度 全血及红细胞类 2–6 °C', 'verified', '[S10]') };
const PLT_20_24: StorageCondition = {
  minTempC: 20, maxTempC: 24, agitation: 'continuous_gentle', ref: ws399('储存温度 血小板类 20–24 °C 连续轻缓振摇', 'verified', '[S10]'),
};
const FROZEN_18: StorageCondition = { minTempC: null, maxTempC: -18, ref: ws399('储存温度 血浆类/冷沉淀 ≤ −18 °C', 'verified', '[S10]') };

const U_FROM_WB = { quantityUnit: 'U', quantityBasis: 'source_whole_blood_per_200ml' } as const;
const ML = { quantityUnit: 'ml', quantityBasis: 'volume_ml' } as const;
const DOSE = { quantityUnit: 'dose', quantityBasis: 'bag_dose' } as const;

const PRODUCTS: readonly ProductDefinition[] = [
  // ── Whole blood (品种类别 11) ──
  {
    id: 'WB_CPDA1', nationalCode: 'C0001', nationalCodeStatus: 'draft_2017', productClassCode: '11',
    nameZh: '全血 (CPDA-1)', nameEn: 'Whole blood, CPDA-1', componentClass: 'whole_blood', anticoagulant: 'CPDA-1',
    attributes: [], storage: RBC_2_6,
    shelfLife: { amount: 35, unit: 'days', from: 'collection', ref: ws399('全血 CPDA-1 保存期 35 d', 'verified', '[S10]; draft B.4 C0001 35 d') },
    ...U_FROM_WB, collected: true,
  },
  {
    id: 'WB_CPD', nationalCode: 'C0002', nationalCodeStatus: 'draft_2017', productClassCode: '11',
    nameZh: '全血 (CPD/ACD-B)', nameEn: 'Whole blood, CPD or ACD-B', componentClass: 'whole_blood', anticoagulant: 'CPD/ACD-B',
    attributes: [], storage: RBC_2_6,
    shelfLife: { amount: 21, unit: 'days', from: 'collection', ref: ws399('全血 ACD-B/CPD 保存期 21 d', 'verified', '[S10]; draft B.4 C0002 21 d') },
    ...U_FROM_WB, collected: true,
  },
  {
    id: 'LR_WB_CPDA1', nationalCode: 'C0004', nationalCodeStatus: 'draft_2017', productClassCode: '11',
    nameZh: '去白细胞全血', nameEn: 'Leukocyte-reduced whole blood, CPDA-1', componentClass: 'whole_blood', anticoagulant: 'CPDA-1',
    attributes: ['leukoreduced'], storage: RBC_2_6,
    shelfLife: { amount: 35, unit: 'days', from: 'collection', ref: ws399('去白细胞全血 同全血 35 d', 'verified', 'draft B.4 C0004 全血,白细胞滤除 35 d') },
    ...U_FROM_WB, collected: true,
  },
  // ── Red cells (21–25) ──
  {
    id: 'SRBC_MAP', nationalCode: 'C0021', nationalCodeStatus: 'draft_2017', productClassCode: '22',
    nameZh: '悬浮红细胞 (MAP)', nameEn: 'Red blood cells in additive solution, MAP', componentClass: 'red_cells', storageSolution: 'MAP',
    attributes: [], storage: RBC_2_6,
    shelfLife: { amount: 35, unit: 'days', from: 'collection', ref: ws399('悬浮红细胞 保存液 CPDA-1/MAP 35 d', 'verified', '[S10]; draft B.4 C0021 悬浮红细胞 35 d') },
    ...U_FROM_WB, collected: false,
  },
  {
    id: 'LR_SRBC_MAP', nationalCode: 'L2201', nationalCodeStatus: 'local', productClassCode: '22',
    nameZh: '去白细胞悬浮红细胞 (MAP)', nameEn: 'Leukocyte-reduced red blood cells in additive solution, MAP', componentClass: 'red_cells', storageSolution: 'MAP',
    attributes: ['leukoreduced'], storage: RBC_2_6,
    shelfLife: { amount: 35, unit: 'days', from: 'collection', ref: ws399('去白细胞悬浮红细胞 同悬浮红细胞 (MAP 35 d)', 'best_knowledge') },
    ...U_FROM_WB, collected: false,
  },
  {
    id: 'WRBC_NACL', nationalCode: 'L2301', nationalCodeStatus: 'local', productClassCode: '23',
    nameZh: '洗涤红细胞', nameEn: 'Washed red blood cells, 0.9% NaCl', componentClass: 'red_cells', storageSolution: '0.9% NaCl',
    attributes: ['washed'], storage: RBC_2_6,
    shelfLife: { amount: 24, unit: 'hours', from: 'preparation', ref: ws399('洗涤红细胞 0.9% NaCl 悬浮 24 h', 'verified', '[S10]; closed-system wash into additive (same as before washing) not modelled') },
    ...U_FROM_WB, collected: false,
  },
  {
    id: 'FRBC_40GLY', nationalCode: 'L2401', nationalCodeStatus: 'local', productClassCode: '24',
    nameZh: '冰冻红细胞 (40%甘油)', nameEn: 'Frozen red blood cells, 40% glycerol', componentClass: 'red_cells', storageSolution: '40% glycerol',
    attributes: ['frozen'], storage: { minTempC: null, maxTempC: -65, ref: gb18469('冰冻红细胞 40% 甘油 ≤ −65 °C', 'verified', '[S12b]') },
    shelfLife: { amount: 10, unit: 'years', from: 'collection', ref: gb18469('冰冻红细胞 自采血之日起 10 年', 'verified', '[S12b]') },
    ...U_FROM_WB, collected: false,
  },
  {
    id: 'FRBC_20GLY', nationalCode: 'L2402', nationalCodeStatus: 'local', productClassCode: '24',
    nameZh: '冰冻红细胞 (20%甘油)', nameEn: 'Frozen red blood cells, 20% glycerol', componentClass: 'red_cells', storageSolution: '20% glycerol',
    attributes: ['frozen'], storage: { minTempC: null, maxTempC: -120, ref: gb18469('冰冻红细胞 20% 甘油 ≤ −120 °C', 'verified', '[S12b]') },
    shelfLife: { amount: 10, unit: 'years', from: 'collection', ref: gb18469('冰冻红细胞 自采血之日起 10 年', 'verified', '[S12b]') },
    ...U_FROM_WB, collected: false,
  },
  {
    id: 'DRBC_NACL', nationalCode: 'L2501', nationalCodeStatus: 'local', productClassCode: '25',
    nameZh: '冰冻解冻去甘油红细胞', nameEn: 'Thawed deglycerolised red blood cells, 0.9% NaCl', componentClass: 'red_cells', storageSolution: '0.9% NaCl',
    attributes: ['deglycerolised'], storage: { minTempC: 2, maxTempC: 6, ref: gb18469('去甘油红细胞 2–6 °C', 'verified', '[S12b]') },
    shelfLife: { amount: 24, unit: 'hours', from: 'preparation', ref: gb18469('冰冻解冻去甘油红细胞 0.9% NaCl 24 h', 'verified', '[S12b]') },
    ...U_FROM_WB, collected: false,
  },
  // ── Platelets (42) ──
  {
    id: 'PLT_APH_5D', nationalCode: 'L4201', nationalCodeStatus: 'local', productClassCode: '42',
    nameZh: '单采血小板 (血小板保存袋)', nameEn: 'Apheresis platelets, platelet storage bag', componentClass: 'platelets',
    attributes: ['apheresis', 'platelet_storage_bag'], storage: PLT_20_24,
    shelfLife: { amount: 5, unit: 'days', from: 'collection', ref: ws399('血小板 专用血小板保存袋 5 d', 'verified', '[S10]') },
    ...DOSE, collected: true,
  },
  {
    id: 'PLT_APH_24H', nationalCode: 'L4202', nationalCodeStatus: 'local', productClassCode: '42',
    nameZh: '单采血小板 (普通血袋)', nameEn: 'Apheresis platelets, ordinary bag', componentClass: 'platelets',
    attributes: ['apheresis'], storage: PLT_20_24,
    shelfLife: { amount: 24, unit: 'hours', from: 'collection', ref: ws399('血小板 普通血袋 24 h', 'verified', '[S10]') },
    ...DOSE, collected: true,
  },
  {
    id: 'LR_PLT_APH_5D', nationalCode: 'L4203', nationalCodeStatus: 'local', productClassCode: '42',
    nameZh: '去白细胞单采血小板', nameEn: 'Leukocyte-reduced apheresis platelets, platelet storage bag', componentClass: 'platelets',
    attributes: ['apheresis', 'leukoreduced', 'platelet_storage_bag'], storage: PLT_20_24,
    shelfLife: { amount: 5, unit: 'days', from: 'collection', ref: ws399('血小板 专用血小板保存袋 5 d', 'verified', '[S10]') },
    ...DOSE, collected: true,
  },
  // ── Plasma (51) ──
  {
    id: 'FFP', nationalCode: 'L5101', nationalCodeStatus: 'local', productClassCode: '51', productTypeCode: 'C27',
    nameZh: '新鲜冰冻血浆', nameEn: 'Fresh frozen plasma', componentClass: 'plasma',
    attributes: ['frozen'], storage: FROZEN_18,
    shelfLife: { amount: 1, unit: 'years', from: 'collection', ref: ws399('新鲜冰冻血浆 自采血之日起 1 年', 'verified', '[S10]') },
    ...ML, collected: false,
  },
  {
    id: 'VI_FFP', nationalCode: 'L5102', nationalCodeStatus: 'local', productClassCode: '51', productTypeCode: 'C28',
    nameZh: '病毒灭活新鲜冰冻血浆', nameEn: 'Virus-inactivated fresh frozen plasma', componentClass: 'plasma',
    attributes: ['frozen', 'virus_inactivated'], storage: FROZEN_18,
    shelfLife: { amount: 1, unit: 'years', from: 'collection', ref: ws399('病毒灭活新鲜冰冻血浆 1 年', 'verified', '[S34] weak (hospital code enum)') },
    ...ML, collected: false,
  },
  {
    id: 'APH_FFP', nationalCode: 'L5103', nationalCodeStatus: 'local', productClassCode: '51', productTypeCode: 'C26',
    nameZh: '单采新鲜冰冻血浆', nameEn: 'Apheresis fresh frozen plasma', componentClass: 'plasma',
    attributes: ['frozen', 'apheresis'], storage: FROZEN_18,
    shelfLife: { amount: 1, unit: 'years', from: 'collection', ref: ws399('单采新鲜冰冻血浆 1 年', 'verified', '[S10]') },
    ...ML, collected: true,
  },
  {
    id: 'FP', nationalCode: 'L5104', nationalCodeStatus: 'local', productClassCode: '51', productTypeCode: 'C24',
    nameZh: '冰冻血浆', nameEn: 'Frozen plasma', componentClass: 'plasma',
    attributes: ['frozen'], storage: FROZEN_18,
    shelfLife: { amount: 4, unit: 'years', from: 'collection', ref: ws399('冰冻血浆 自采血之日起 4 年', 'verified', '[S10][S13d]') },
    ...ML, collected: false,
  },
  {
    id: 'VI_FP', nationalCode: 'L5105', nationalCodeStatus: 'local', productClassCode: '51', productTypeCode: 'C25',
    nameZh: '病毒灭活冰冻血浆', nameEn: 'Virus-inactivated frozen plasma', componentClass: 'plasma',
    attributes: ['frozen', 'virus_inactivated'], storage: FROZEN_18,
    shelfLife: { amount: 4, unit: 'years', from: 'collection', ref: ws399('病毒灭活冰冻血浆 4 年', 'verified', '[S10]') },
    ...ML, collected: false,
  },
  // ── Cryoprecipitate (61) ──
  {
    id: 'CRYO', nationalCode: 'L6101', nationalCodeStatus: 'local', productClassCode: '61', productTypeCode: 'C30',
    nameZh: '冷沉淀凝血因子', nameEn: 'Cryoprecipitated antihaemophilic factor', componentClass: 'cryo',
    attributes: ['frozen'], storage: FROZEN_18,
    shelfLife: { amount: 1, unit: 'years', from: 'collection', ref: ws399('冷沉淀 自采血之日起 1 年', 'verified', '[S10]') },
    ...U_FROM_WB, collected: false,
  },
];

const FFP_TIME_LIMIT = gb18469('新鲜冰冻血浆 采血后 6 h 内制备', 'verified', '[S14e] textbook; GB 18469 may allow 8 h for CPD/CPDA-1 (⚠️)');
const SAME_REGIME = ws399('成分制备 不超过原血液保存期', 'best_knowledge', 'child stays at 2–6 °C: never beyond the parent expiry');
const OWN_REGIME = ws399('冰冻成分 保存期自采血之日起', 'verified', 'frozen child starts its own shelf life from collection');

const DERIVATIONS: readonly Derivation[] = [
  // Whole blood → red cells + plasma (GB 18467-2011: 200/300/400 ml donations)
  { parentId: 'WB_CPDA1', childId: 'SRBC_MAP', kind: 'separation', boundedByParentExpiry: true, ref: SAME_REGIME },
  { parentId: 'WB_CPDA1', childId: 'LR_SRBC_MAP', kind: 'separation', boundedByParentExpiry: true, ref: SAME_REGIME },
  { parentId: 'WB_CPDA1', childId: 'LR_WB_CPDA1', kind: 'modification', boundedByParentExpiry: true, ref: SAME_REGIME },
  { parentId: 'WB_CPDA1', childId: 'FFP', kind: 'separation', boundedByParentExpiry: false, maxHoursFromCollection: 6, ref: FFP_TIME_LIMIT },
  { parentId: 'WB_CPDA1', childId: 'VI_FFP', kind: 'separation', boundedByParentExpiry: false, maxHoursFromCollection: 6, ref: FFP_TIME_LIMIT },
  { parentId: 'WB_CPDA1', childId: 'FP', kind: 'separation', boundedByParentExpiry: false, ref: OWN_REGIME },
  { parentId: 'WB_CPD', childId: 'SRBC_MAP', kind: 'separation', boundedByParentExpiry: true, ref: { ...SAME_REGIME, note: 'capped at the CPD whole-blood 21 d until the lead confirms MAP 35 d applies' } },
  { parentId: 'WB_CPD', childId: 'FFP', kind: 'separation', boundedByParentExpiry: false, maxHoursFromCollection: 6, ref: FFP_TIME_LIMIT },
  { parentId: 'WB_CPD', childId: 'FP', kind: 'separation', boundedByParentExpiry: false, ref: OWN_REGIME },
  { parentId: 'LR_WB_CPDA1', childId: 'LR_SRBC_MAP', kind: 'separation', boundedByParentExpiry: true, ref: SAME_REGIME },
  { parentId: 'LR_WB_CPDA1', childId: 'FFP', kind: 'separation', boundedByParentExpiry: false, maxHoursFromCollection: 6, ref: FFP_TIME_LIMIT },
  { parentId: 'LR_WB_CPDA1', childId: 'FP', kind: 'separation', boundedByParentExpiry: false, ref: OWN_REGIME },
  // Red-cell modifications
  { parentId: 'SRBC_MAP', childId: 'LR_SRBC_MAP', kind: 'modification', boundedByParentExpiry: true, ref: SAME_REGIME },
  { parentId: 'SRBC_MAP', childId: 'WRBC_NACL', kind: 'modification', boundedByParentExpiry: true, ref: ws399('洗涤红细胞 24 h 且不超过原保存期', 'verified', '[S11] open system: 24 h, never beyond the original expiry') },
  { parentId: 'LR_SRBC_MAP', childId: 'WRBC_NACL', kind: 'modification', boundedByParentExpiry: true, ref: ws399('洗涤红细胞 24 h 且不超过原保存期', 'verified', '[S11]') },
  { parentId: 'SRBC_MAP', childId: 'FRBC_40GLY', kind: 'modification', boundedByParentExpiry: false, ref: gb18469('冰冻红细胞 10 年 自采血之日起', 'verified', '[S12b]; freezing deadline after collection not modelled') },
  { parentId: 'SRBC_MAP', childId: 'FRBC_20GLY', kind: 'modification', boundedByParentExpiry: false, ref: gb18469('冰冻红细胞 10 年 自采血之日起', 'verified', '[S12b]') },
  { parentId: 'LR_SRBC_MAP', childId: 'FRBC_40GLY', kind: 'modification', boundedByParentExpiry: false, ref: gb18469('冰冻红细胞 10 年 自采血之日起', 'verified', '[S12b]') },
  { parentId: 'LR_SRBC_MAP', childId: 'FRBC_20GLY', kind: 'modification', boundedByParentExpiry: false, ref: gb18469('冰冻红细胞 10 年 自采血之日起', 'verified', '[S12b]') },
  { parentId: 'FRBC_40GLY', childId: 'DRBC_NACL', kind: 'modification', boundedByParentExpiry: true, ref: gb18469('解冻去甘油 24 h', 'verified', '[S12b]') },
  { parentId: 'FRBC_20GLY', childId: 'DRBC_NACL', kind: 'modification', boundedByParentExpiry: true, ref: gb18469('解冻去甘油 24 h', 'verified', '[S12b]') },
  // Plasma → cryo, and reclassification past 1 year
  { parentId: 'FFP', childId: 'CRYO', kind: 'separation', boundedByParentExpiry: true, ref: ws399('冷沉淀 由新鲜冰冻血浆制备, 1 年', 'verified', '[S10]') },
  { parentId: 'FFP', childId: 'FP', kind: 'reclassification', boundedByParentExpiry: false, ref: ws399('新鲜冰冻血浆 保存满 1 年 转为冰冻血浆 (4 年); 去冷沉淀血浆', 'verified', '[S10][S13d]; cryo-poor supernatant as FP is best knowledge') },
  { parentId: 'VI_FFP', childId: 'VI_FP', kind: 'reclassification', boundedByParentExpiry: false, ref: ws399('病毒灭活新鲜冰冻血浆 满 1 年 转为病毒灭活冰冻血浆', 'best_knowledge') },
  { parentId: 'APH_FFP', childId: 'FP', kind: 'reclassification', boundedByParentExpiry: false, ref: ws399('单采新鲜冰冻血浆 满 1 年 转为冰冻血浆', 'best_knowledge') },
];

/**
 * National component catalogue: GB 18469-2012 products, WS 399-2012 storage and shelf lives,
 * 2017 label-draft national codes. Kept as the `WS399-2012` version after WS 399 was repealed on 2024-09-01:
 * add the 《血液储存标准》(2023) values as a new version when its text is obtained.
 *
 * @see GB 18469-2012 全血及成分血质量要求; WS 399-2012 血液储存要求; china-blood-service-rules.md §2.1, §2.2
 * @see china-it-standards.md §5.2 (product class codes, C-codes B.4, product type codes C24–C30)
 */
export const COMPONENT_CATALOGUE_2012: RuleSet<ComponentCatalogue> = {
  id: 'component-catalogue:GB18469-WS399-2012',
  family: 'component-catalogue',
  source: 'WS399-2012',
  version: '2012',
  effectiveFrom: '2012-12-03T00:00:00+08:00',
  clauses: [
    { ref: 'GB 18469-2012', summary: 'Component definitions and quality requirements (in force 2012-07-01)' },
    { ref: 'WS 399-2012', summary: 'Storage temperatures and shelf lives (issued 2012-12-03; repealed 2024-09-01 by 血液储存标准, values kept until the 2023 text is entered)' },
    { ref: 'GB 18467-2011 §6', summary: 'Whole-blood donation volumes 200/300/400 ml' },
    { ref: 'Label draft 2017 B.4', summary: 'C0001 全血 35 d, C0002 全血 21 d, C0004 去白全血 35 d, C0021 悬浮红细胞 35 d; other products use local L-codes' },
  ],
  notes:
    'effectiveFrom is the WS 399-2012 issue date (in-force date unverified). ' +
    'Local codes L<品种类别><nn> stand in where the draft table (stops at C0025) is silent. ' +
    'Not yet catalogued: irradiated products (shelf life ❓), whole-blood-derived platelet concentrates (counted in U, not doses), ' +
    'granulocytes, SAGM/AS-x red cells, open-system variants (C0003, C0013), paediatric splits.',
  data: {
    products: PRODUCTS,
    derivations: DERIVATIONS,
    quantityUnitByClass: { whole_blood: 'U', red_cells: 'U', platelets: 'dose', plasma: 'ml', cryo: 'U' },
    mlPerUnit: 200,
    mlPerUnitRef: { source: 'GB18469-2012', version: '2012', clause: '1 U = 200 ml whole blood (±10 %)', evidence: 'verified', note: '[S13b]' },
    wholeBloodVolumesMl: [200, 300, 400],
    wholeBloodVolumesRef: { source: 'GB18467-2011', version: '2011', clause: '§6 献血量 200/300/400 ml', evidence: 'verified', note: '[S5][S3]' },
    utcOffsetMinutes: 480,
  },
};

/** Registry of `component-catalogue` rule sets. */
export const COMPONENT_CATALOGUE_REGISTRY = createRuleRegistry('component-catalogue', [COMPONENT_CATALOGUE_2012]);
