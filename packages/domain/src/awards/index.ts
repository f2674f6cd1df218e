export type { AwardDonation, AwardInput, AwardLevel, AwardResult, AwardRules, PreviousAward } from './awards.ts';
export { AWARDS_2022, AWARDS_REGISTRY, AWARD_LEVELS, awardCountOf, evaluateAward, validateAwardInput, volunteerAward } from './awards.ts';
