export type { BloodGroupCode } from './blood-group.ts';
export { ALL_BLOOD_GROUPS, formatBloodGroup, parseBloodGroup, sameBloodGroup } from './blood-group.ts';
export type { AboSubstituteTable, ClassCompatibilityRule, CompatibilityRules } from './compatibility-rules.ts';
export { ABO_RH_COMPATIBILITY_2000, ABO_RH_COMPATIBILITY_REGISTRY } from './compatibility-rules.ts';
export type {
  CompatibilityPolicy,
  CompatibilityPolicyName,
  DonorMatch,
  EmergencyPolicy,
  IdenticalFirstPolicy,
  IdenticalOnlyPolicy,
} from './compatibility.ts';
export {
  COMPATIBILITY_POLICY_NAMES,
  IDENTICAL_FIRST,
  IDENTICAL_ONLY,
  allowsRhdPositiveForNegative,
  assertCompatible,
  compatibleDonorGroups,
  donorMatches,
  emergencyDonorGroupsForUnknownAbo,
  emergencyPolicy,
  findDonorMatch,
  isCompatible,
  parseCompatibilityPolicy,
} from './compatibility.ts';
