export type { ColdChainRules, HospitalBloodBankRules, TempRange, UnitEventType } from './rules.ts';
export { COLD_CHAIN_2012, COLD_CHAIN_REGISTRY, HOSPITAL_BLOOD_BANK_2000, HOSPITAL_BLOOD_BANK_REGISTRY, UNIT_EVENT_TYPES } from './rules.ts';
export type { CrossmatchOutcome, LogGap } from './checks.ts';
export { checkStationReturn, checkTransportTemp, checkWardIssue, findLogGaps, inRange } from './checks.ts';
