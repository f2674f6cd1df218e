export type { QcCheck, QcParameter, QcSpec } from './specs.ts';
export { QC_PARAMETERS, QC_SPECS_GB18469_2012, QC_SPECS_REGISTRY, QC_UNITS, evaluateQc } from './specs.ts';
