export type {
  Band, BenefitRules, CumulativeTier, FamilyPool, Grant, PerDonationScheme, Province, Relation, RelationRule,
} from './rules.ts';
export {
  BENEFITS_GUANGDONG_2018, BENEFITS_HENAN_2020, BENEFITS_REGISTRY, BENEFITS_SICHUAN_1997, BENEFITS_ZHEJIANG_2012,
  BENEFITS_ZHEJIANG_2023, BENEFIT_RULE_SETS, DEFAULT_BENEFIT_PROVINCE, PROVINCES, RELATIONS,
} from './rules.ts';
export type { BenefitDonation, EntitlementInput, EntitlementReason, EntitlementResult } from './entitlement.ts';
export { addYears, benefitRulesFor, evaluateEntitlement, validateEntitlementInput } from './entitlement.ts';
export type { CoveredLine, DeductionPlan, FeeLine } from './deduction.ts';
export { planDeduction } from './deduction.ts';
