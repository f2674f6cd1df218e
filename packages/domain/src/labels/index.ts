export type { LabelCheckRecord, LabelContent, LabelStation, LabelUnit, NationalProductCode } from './label-content.ts';
export { PRODUCT_CODE_REGISTRY, PRODUCT_CODE_TABLE_2017, buildLabelContent, labelProductCode, verifyLabelScan } from './label-content.ts';
