export type { LabItem, LabTestingRules, MarkerStrategy, NatTarget, SerologyMarker, TestingStrategy } from './rules.ts';
export { LAB_TESTING_2019, LAB_TESTING_REGISTRY, NAT_TARGETS, SEROLOGY_MARKERS, TESTING_STRATEGIES } from './rules.ts';
export type {
  DonorHistory, LabConclusion, LabConclusionValue, LabEntry, LabItemState, LabReason, PendingCode, UnqualifiedCode,
} from './conclusion.ts';
export { assertLabReleasable, concludeLab, isAdverseEntry, isReactiveWell, unitActionForConclusion } from './conclusion.ts';
