export type { StatusChange, StatusChangeContext, UnitAction, UnitTransition } from './unit-status.ts';
export {
  FINAL_UNIT_STATUSES,
  INITIAL_UNIT_STATUS,
  REASON_REQUIRED_ACTIONS,
  UNIT_ACTIONS,
  UNIT_STATUS_TRANSITIONS,
  allowedActions,
  canTransition,
  changeStatus,
  isFinalStatus,
  isUnitStatus,
  transition,
} from './unit-status.ts';
export type {
  DonationTestResults,
  ScreeningMarker,
  TestConclusion,
  TestConclusionRules,
  TestReason,
  TestedItem,
} from './test-conclusion.ts';
export { TEST_CONCLUSION_2019, TEST_CONCLUSION_REGISTRY, assertReleasable, concludeTests } from './test-conclusion.ts';
export type { IssuabilityCheck, IssuableUnitState, IssueBlockCode, IssueBlockReason } from './issuable.ts';
export { ISSUABLE_STATUSES, assertIssuable, checkIssuable } from './issuable.ts';
