import { validationError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** Hospital-side approval of a requested volume (医疗机构临床用血管理办法 Art. 20). */
export type ApprovalTier = 'superior_physician' | 'department_head' | 'medical_affairs' | 'emergency_exempt';

export interface ApprovalTierRules {
  /** Volumes at or above this need the department head (ml). */
  readonly departmentHeadFromMl: number;
  /** Volumes at or above this need the medical affairs department (ml). */
  readonly medicalAffairsFromMl: number;
  /** ml per U of red cells / whole blood / cryo (1 U = 200 ml of whole blood). */
  readonly mlPerUnit: number;
  readonly ref: RuleRef;
}

/**
 * Art. 20 tiers: < 800 ml superior physician countersigns; 800 to < 1600 ml department head; ≥ 1600 ml medical
 * affairs; emergency use exempt (paperwork afterwards).
 * @see china-blood-service-rules.md §5.1 [S24][S24b]
 */
export const APPROVAL_TIERS_2012: RuleSet<ApprovalTierRules> = {
  id: 'approval-tiers:MOH-2012-ART20',
  family: 'approval-tiers',
  source: '医疗机构临床用血管理办法',
  version: '2012',
  effectiveFrom: '2012-08-01T00:00:00+08:00',
  clauses: [{ ref: 'Art. 20', summary: '< 800 ml / 800–1600 ml / ≥ 1600 ml approval tiers; emergency exempt' }],
  data: {
    departmentHeadFromMl: 800,
    medicalAffairsFromMl: 1600,
    mlPerUnit: 200,
    ref: { source: '医疗机构临床用血管理办法', version: '2012', clause: 'Art. 20', evidence: 'verified', note: '[S24]' },
  },
};

export const APPROVAL_TIER_REGISTRY = createRuleRegistry('approval-tiers', [APPROVAL_TIERS_2012]);

/**
 * The approval a hospital needs for a requested volume.
 *
 * @param requestedMl - whole-blood-equivalent volume requested for one patient for one day, ml (≥ 0)
 * @param emergency - emergency use (急救用血) is exempt
 * @throws DomainError `VALIDATION` for a negative or non-finite volume
 * @see china-blood-service-rules.md §5.1
 */
export function approvalTier(requestedMl: number, emergency: boolean, rules: ApprovalTierRules = APPROVAL_TIERS_2012.data): ApprovalTier {
  if (!Number.isFinite(requestedMl) || requestedMl < 0) {
    throw validationError([{ field: 'requestedMl', code: 'RANGE', message: '申请量须为非负数 / requested volume must be ≥ 0' }]);
  }
  if (emergency) return 'emergency_exempt';
  if (requestedMl >= rules.medicalAffairsFromMl) return 'medical_affairs';
  if (requestedMl >= rules.departmentHeadFromMl) return 'department_head';
  return 'superior_physician';
}

/**
 * Requested volume in ml from order lines: red cells and cryo in U (× mlPerUnit), plasma in ml, platelets not counted
 * (Art. 20 counts the blood volume; a therapeutic dose is not a whole-blood volume).
 */
export function requestedMl(lines: readonly { componentClass: string; quantity: number }[], rules: ApprovalTierRules = APPROVAL_TIERS_2012.data): number {
  let ml = 0;
  for (const l of lines) {
    if (l.componentClass === 'red_cells' || l.componentClass === 'whole_blood') ml += l.quantity * rules.mlPerUnit;
    else if (l.componentClass === 'plasma') ml += l.quantity;
  }
  return ml;
}
