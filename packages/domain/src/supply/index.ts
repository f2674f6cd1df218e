export type { CommLevel, EmergencySourceTier, EmergencySupplyRules } from './emergency.ts';
export { EMERGENCY_SOURCE_ORDER, EMERGENCY_SUPPLY_DEFAULT, EMERGENCY_SUPPLY_REGISTRY, escalationDueAt, nextSourceTier, paperworkSchedule } from './emergency.ts';
export type { ApprovalTier, ApprovalTierRules } from './approval.ts';
export { APPROVAL_TIERS_2012, APPROVAL_TIER_REGISTRY, approvalTier, requestedMl } from './approval.ts';
export type { ReserveRules, ReserveTargetBasis, ReserveTier, ReserveType } from './reserve.ts';
export { RESERVE_REGISTRY, RESERVE_THREE_TIER_2024, reserveGap, reserveTarget, reserveTargetOf } from './reserve.ts';
export type { NationalReportUnits } from './national-report.ts';
export { NATIONAL_REPORT_UNITS_DEFAULT, reportUnits } from './national-report.ts';
