export type { Period } from './calendar.ts';
export { addDaysToDay, addPeriod, ageOn, formatDay, parseDay } from './calendar.ts';
export type { DeferralRule, DonationType, EligibilityRules, PermanentDeferralRule } from './rules-gb18467-2011.ts';
export { DONATION_TYPES, ELIGIBILITY_GB18467_2011, ELIGIBILITY_REGISTRY } from './rules-gb18467-2011.ts';
export type {
  AnswerInput, DonorDeferralInput, EligibilityDecision, EligibilityInput, EligibilityReason, ExamInput, HistoryEntry, ReasonKind,
} from './assess.ts';
export { assessEligibility, offerableDays } from './assess.ts';
