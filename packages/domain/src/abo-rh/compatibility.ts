import { DomainError, validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { ABO_GROUPS, COMPONENT_CLASSES, RHD_VALUES } from '../types.ts';
import type { AboGroup, BloodGroup, ComponentClass, RhD } from '../types.ts';
import { formatBloodGroup, parseBloodGroup, sameBloodGroup } from './blood-group.ts';
import { ABO_RH_COMPATIBILITY_2000 } from './compatibility-rules.ts';
import type { ClassCompatibilityRule, CompatibilityRules } from './compatibility-rules.ts';

/** Names of the selection policies. */
export type CompatibilityPolicyName = 'identical_only' | 'identical_first' | 'emergency';
export const COMPATIBILITY_POLICY_NAMES: readonly CompatibilityPolicyName[] = ['identical_only', 'identical_first', 'emergency'];

/** ABO- and RhD-identical units only (for plasma and cryo, where RhD need not match: ABO-identical of either RhD). */
export interface IdenticalOnlyPolicy {
  readonly name: 'identical_only';
}

/** Identical first, then ABO/RhD-compatible substitutes in preference order (§5.3). The routine default. */
export interface IdenticalFirstPolicy {
  readonly name: 'identical_first';
}

/**
 * Emergency (抢救) selection: adds the emergency substitutes (platelets ABO-compatible) and, for an
 * RhD-negative recipient, RhD-positive units after every RhD-negative option, in the §5.4 order —
 * only when the recipient has **no anti-D** (`antiD: false`) **and** signed consent is recorded.
 * With anti-D present or without consent the RhD-negative recipient still gets RhD-negative units only.
 */
export interface EmergencyPolicy {
  readonly name: 'emergency';
  /** Recipient's anti-D status from the antibody screen: `false` = screened and absent. */
  readonly antiD: boolean;
  /** Patient or family signed consent to RhD-positive units, informed of the alloimmunisation risk. */
  readonly rhdPositiveConsent: boolean;
}

/** A donor-selection policy (data, not code): pass it with every request so the decision is reproducible. */
export type CompatibilityPolicy = IdenticalOnlyPolicy | IdenticalFirstPolicy | EmergencyPolicy;

export const IDENTICAL_ONLY: IdenticalOnlyPolicy = Object.freeze({ name: 'identical_only' });
export const IDENTICAL_FIRST: IdenticalFirstPolicy = Object.freeze({ name: 'identical_first' });

/**
 * @param flags - the recipient's anti-D status and the consent flag from the request
 * @returns an emergency policy
 * @see china-blood-service-rules.md §5.4
 */
export function emergencyPolicy(flags: { antiD: boolean; rhdPositiveConsent: boolean }): EmergencyPolicy {
  return Object.freeze({ name: 'emergency', antiD: flags.antiD, rhdPositiveConsent: flags.rhdPositiveConsent });
}

/**
 * Builds a policy from request fields (e.g. `POST /api/orders/:id/allocate {policy, antiD, rhdPositiveConsent}`).
 * `emergency` demands both flags explicitly, so RhD-positive units for an RhD-negative patient can never
 * follow from a default.
 *
 * @param name - policy name; default `identical_first`
 * @param flags - `antiD` and `rhdPositiveConsent` (required booleans for `emergency`, ignored otherwise)
 * @returns the policy
 * @throws DomainError `VALIDATION` for an unknown name or missing emergency flags
 * @see china-blood-service-rules.md §5.4
 */
export function parseCompatibilityPolicy(name: string | undefined, flags: { antiD?: unknown; rhdPositiveConsent?: unknown } = {}): CompatibilityPolicy {
  switch (name ?? 'identical_first') {
    case 'identical_only':
      return IDENTICAL_ONLY;
    case 'identical_first':
      return IDENTICAL_FIRST;
    case 'emergency': {
      const errors: FieldError[] = [];
      if (typeof flags.antiD !== 'boolean') {
        errors.push({ field: 'antiD', code: 'REQUIRED', message: '紧急发血须注明有无抗D / emergency policy needs antiD (true/false)' });
      }
      if (typeof flags.rhdPositiveConsent !== 'boolean') {
        errors.push({ field: 'rhdPositiveConsent', code: 'REQUIRED', message: '紧急发血须注明是否签署同意书 / emergency policy needs rhdPositiveConsent (true/false)' });
      }
      if (errors.length > 0) {
        throw validationError(errors);
      }
      return emergencyPolicy({ antiD: flags.antiD as boolean, rhdPositiveConsent: flags.rhdPositiveConsent as boolean });
    }
    default:
      throw validationError([{ field: 'policy', code: 'POLICY', message: `发血策略无效 / unknown compatibility policy: ${String(name)}` }]);
  }
}

/**
 * @param policy - a policy
 * @returns true only for an emergency policy with `antiD === false` and `rhdPositiveConsent === true`
 */
export function allowsRhdPositiveForNegative(policy: CompatibilityPolicy): boolean {
  return policy.name === 'emergency' && policy.antiD === false && policy.rhdPositiveConsent === true;
}

/** One acceptable donor group for a recipient, with why it is acceptable. */
export interface DonorMatch {
  readonly donor: BloodGroup;
  /** Position in the preference order; 0 = identical. */
  readonly rank: number;
  readonly identical: boolean;
  /** Donor ABO differs from the recipient's. */
  readonly aboSubstitution: boolean;
  /** Donor RhD differs from the recipient's (harmless for plasma and cryo). */
  readonly rhdSubstitution: boolean;
  /** RhD-positive red-cell-containing unit for an RhD-negative recipient (§5.4 emergency exception). */
  readonly rhdPositiveForNegative: boolean;
}

const DEFAULT_RULES: CompatibilityRules = ABO_RH_COMPATIBILITY_2000.data;

function classRule(componentClass: ComponentClass, rules: CompatibilityRules): ClassCompatibilityRule {
  const rule = (COMPONENT_CLASSES as readonly string[]).includes(componentClass) ? rules.classes[componentClass] : undefined;
  if (rule === undefined) {
    throw validationError([{ field: 'componentClass', code: 'COMPONENT_CLASS', message: `成分类别无效 / unknown component class: ${String(componentClass)}` }]);
  }
  return rule;
}

function checkGroup(group: BloodGroup, field: string): void {
  if (!(ABO_GROUPS as readonly string[]).includes(group?.abo) || !(RHD_VALUES as readonly string[]).includes(group?.rhd)) {
    throw validationError([{ field, code: 'BLOOD_GROUP', message: '血型无效 / invalid ABO/RhD group' }]);
  }
}

function checkPolicy(policy: CompatibilityPolicy): void {
  if (!(COMPATIBILITY_POLICY_NAMES as readonly string[]).includes(policy?.name)) {
    throw validationError([{ field: 'policy', code: 'POLICY', message: '发血策略无效 / unknown compatibility policy' }]);
  }
}

function match(donor: BloodGroup, recipient: BloodGroup, rank: number): DonorMatch {
  return {
    donor,
    rank,
    identical: sameBloodGroup(donor, recipient),
    aboSubstitution: donor.abo !== recipient.abo,
    rhdSubstitution: donor.rhd !== recipient.rhd,
    rhdPositiveForNegative: false,
  };
}

/**
 * Acceptable donor groups for a recipient, in preference order, with flags saying why.
 *
 * Order: ABO-identical first, then the ABO substitutes of the class in the order of the rule data.
 * For red-cell-containing classes a recipient's own RhD comes first: an RhD-positive recipient gets
 * all RhD-positive options before RhD-negative ones (RhD-negative stock is scarce, ≤ 0.5 % of Han donors);
 * an RhD-negative recipient gets RhD-negative options only, except under an emergency policy that allows
 * RhD-positive units, which then follow in the same ABO order (this reproduces §5.4 exactly).
 * For plasma and cryo RhD does not matter: within each ABO the recipient's RhD is listed first.
 *
 * @param componentClass - class of the product to issue
 * @param recipient - patient's ABO/RhD
 * @param policy - selection policy
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns matches, best first; never empty for a typed recipient (the identical group is always acceptable)
 * @throws DomainError `VALIDATION` for an unknown class, group or policy
 * @see 临床输血技术规范 (2000) Art. 9/10/16; china-blood-service-rules.md §5.3, §5.4
 */
export function donorMatches(
  componentClass: ComponentClass,
  recipient: BloodGroup,
  policy: CompatibilityPolicy,
  rules: CompatibilityRules = DEFAULT_RULES,
): readonly DonorMatch[] {
  const rule = classRule(componentClass, rules);
  checkGroup(recipient, 'recipient');
  checkPolicy(policy);
  const aboOrder: readonly AboGroup[] =
    policy.name === 'identical_only'
      ? [recipient.abo]
      : [recipient.abo, ...(policy.name === 'emergency' ? rule.emergencyAboSubstitutes : rule.aboSubstitutes)[recipient.abo]];
  const other: RhD = recipient.rhd === 'POS' ? 'NEG' : 'POS';
  const groups: BloodGroup[] = [];
  let positiveForNegativeFrom = Number.POSITIVE_INFINITY;
  if (!rule.rhdMatters) {
    for (const abo of aboOrder) {
      groups.push({ abo, rhd: recipient.rhd }, { abo, rhd: other });
    }
  } else {
    groups.push(...aboOrder.map((abo) => ({ abo, rhd: recipient.rhd })));
    if (policy.name !== 'identical_only') {
      if (recipient.rhd === 'POS' && rule.rhdNegativeForPositive) {
        groups.push(...aboOrder.map((abo): BloodGroup => ({ abo, rhd: 'NEG' })));
      } else if (recipient.rhd === 'NEG' && rule.emergencyRhdPositiveForNegative && allowsRhdPositiveForNegative(policy)) {
        positiveForNegativeFrom = groups.length;
        groups.push(...aboOrder.map((abo): BloodGroup => ({ abo, rhd: 'POS' })));
      }
    }
  }
  return groups.map((donor, rank) => ({ ...match(donor, recipient, rank), rhdPositiveForNegative: rank >= positiveForNegativeFrom }));
}

/**
 * Donor groups acceptable for a recipient, in preference order (identical first).
 *
 * @param componentClass - class of the product to issue
 * @param recipient - patient's ABO/RhD
 * @param policy - selection policy
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns donor groups, best first
 * @throws DomainError `VALIDATION` for an unknown class, group or policy
 * @see 临床输血技术规范 (2000); china-blood-service-rules.md §5.3, §5.4
 */
export function compatibleDonorGroups(
  componentClass: ComponentClass,
  recipient: BloodGroup,
  policy: CompatibilityPolicy,
  rules: CompatibilityRules = DEFAULT_RULES,
): readonly BloodGroup[] {
  return donorMatches(componentClass, recipient, policy, rules).map((m) => m.donor);
}

/**
 * The match of one donor group for a recipient, or `undefined` when incompatible under the policy.
 *
 * @param componentClass - class of the product
 * @param donor - unit's ABO/RhD
 * @param recipient - patient's ABO/RhD
 * @param policy - selection policy
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns the match (rank and substitution flags) or undefined
 * @throws DomainError `VALIDATION` for an unknown class, group or policy
 */
export function findDonorMatch(
  componentClass: ComponentClass,
  donor: BloodGroup,
  recipient: BloodGroup,
  policy: CompatibilityPolicy,
  rules: CompatibilityRules = DEFAULT_RULES,
): DonorMatch | undefined {
  checkGroup(donor, 'donor');
  return donorMatches(componentClass, recipient, policy, rules).find((m) => sameBloodGroup(m.donor, donor));
}

/**
 * @param componentClass - class of the product
 * @param donor - unit's ABO/RhD
 * @param recipient - patient's ABO/RhD
 * @param policy - selection policy
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns true when the donor group may be given to the recipient under the policy
 * @throws DomainError `VALIDATION` for an unknown class, group or policy
 * @see 临床输血技术规范 (2000); china-blood-service-rules.md §5.3, §5.4
 */
export function isCompatible(
  componentClass: ComponentClass,
  donor: BloodGroup,
  recipient: BloodGroup,
  policy: CompatibilityPolicy,
  rules: CompatibilityRules = DEFAULT_RULES,
): boolean {
  return findDonorMatch(componentClass, donor, recipient, policy, rules) !== undefined;
}

/**
 * Safety gate for issue and transfusion: throws unless compatible.
 *
 * @param componentClass - class of the product
 * @param donor - unit's ABO/RhD
 * @param recipient - patient's ABO/RhD
 * @param policy - selection policy
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns the match, so the caller can log substitutions
 * @throws DomainError `ABO_INCOMPATIBLE` (details: componentClass, donor, recipient, policy); `VALIDATION` for bad input
 */
export function assertCompatible(
  componentClass: ComponentClass,
  donor: BloodGroup,
  recipient: BloodGroup,
  policy: CompatibilityPolicy,
  rules: CompatibilityRules = DEFAULT_RULES,
): DonorMatch {
  const found = findDonorMatch(componentClass, donor, recipient, policy, rules);
  if (found === undefined) {
    throw new DomainError(
      'ABO_INCOMPATIBLE',
      { zh: `血型不相容：${formatBloodGroup(donor)} 不能输给 ${formatBloodGroup(recipient)}`, en: `${formatBloodGroup(donor)} ${componentClass} is not compatible with a ${formatBloodGroup(recipient)} recipient` },
      { componentClass, donor: formatBloodGroup(donor), recipient: formatBloodGroup(recipient), policy: policy.name },
    );
  }
  return found;
}

/**
 * Emergency release while the patient's ABO is unknown: O red cells, AB plasma/cryo (§5.4).
 * With RhD known negative, RhD-positive red cells are added last only when `policy` allows them.
 * Whole blood and platelets: empty (the reference gives no rule; type the patient first).
 *
 * @param componentClass - class of the product
 * @param recipientRhd - patient's RhD, or `unknown`
 * @param policy - selection policy; defaults to identical_first (no RhD-positive for RhD-negative)
 * @param rules - compatibility rule data; defaults to the national 2000 rule set
 * @returns donor groups, best first
 * @throws DomainError `VALIDATION` for an unknown class or RhD
 * @see china-blood-service-rules.md §5.4 (ABO-unknown emergency, ⚠️ practice)
 */
export function emergencyDonorGroupsForUnknownAbo(
  componentClass: ComponentClass,
  recipientRhd: RhD | 'unknown',
  policy: CompatibilityPolicy = IDENTICAL_FIRST,
  rules: CompatibilityRules = DEFAULT_RULES,
): readonly BloodGroup[] {
  const rule = classRule(componentClass, rules);
  checkPolicy(policy);
  if (recipientRhd !== 'POS' && recipientRhd !== 'NEG' && recipientRhd !== 'unknown') {
    throw validationError([{ field: 'recipientRhd', code: 'RHD', message: 'RhD无效 / invalid RhD' }]);
  }
  const groups = rule.unknownAbo[recipientRhd].map(parseBloodGroup);
  if (recipientRhd === 'NEG' && rule.rhdMatters && rule.emergencyRhdPositiveForNegative && allowsRhdPositiveForNegative(policy)) {
    for (const g of rule.unknownAbo.NEG.map(parseBloodGroup)) {
      const pos: BloodGroup = { abo: g.abo, rhd: 'POS' };
      if (!groups.some((x) => sameBloodGroup(x, pos))) {
        groups.push(pos);
      }
    }
  }
  return groups;
}
