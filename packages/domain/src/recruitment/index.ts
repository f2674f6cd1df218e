export type { ReturnModel, RfmtFeatures } from './likelihood.ts';
export { auc, rawProbability, RETURN_MODEL_REGISTRY, RETURN_MODEL_SYNTHETIC_2026, returnProbability, validateRfmt } from './likelihood.ts';
