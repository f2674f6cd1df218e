import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import type { AboGroup, ComponentClass, RhD } from '../types.ts';
import type { BloodGroupCode } from './blood-group.ts';

/** Recipient ABO → acceptable donor ABO groups other than the identical one, in preference order. */
export type AboSubstituteTable = Readonly<Record<AboGroup, readonly AboGroup[]>>;

/**
 * Compatibility rule for one component class. Identical ABO always comes first; the tables list
 * only the substitutes. Donor lists are derived from this data by `compatibleDonorGroups`.
 */
export interface ClassCompatibilityRule {
  /** ABO substitutes allowed under `identical_first` (and `emergency`). */
  readonly aboSubstitutes: AboSubstituteTable;
  /** ABO substitutes allowed under `emergency` (a superset of `aboSubstitutes`). */
  readonly emergencyAboSubstitutes: AboSubstituteTable;
  /**
   * Whether the donor's RhD matters (the product contains red cells). When false (plasma, cryo)
   * any RhD is acceptable and the recipient's own RhD is merely listed first.
   */
  readonly rhdMatters: boolean;
  /** RhD-negative donors may serve RhD-positive recipients (outside `identical_only`). */
  readonly rhdNegativeForPositive: boolean;
  /**
   * Under `emergency` only, RhD-positive donors may serve an RhD-negative recipient who has no anti-D
   * and has signed consent (§5.4). Their RhD-positive groups follow all RhD-negative ones.
   */
  readonly emergencyRhdPositiveForNegative: boolean;
  /**
   * Patient ABO unknown (emergency release before typing): donor groups by the patient's RhD
   * (`unknown` when not typed either), in preference order. Empty = not allowed, type the patient first.
   */
  readonly unknownAbo: Readonly<Record<RhD | 'unknown', readonly BloodGroupCode[]>>;
  readonly ref: RuleRef;
}

/** Data of an `abo-rh-compatibility` rule set. */
export interface CompatibilityRules {
  readonly classes: Readonly<Record<ComponentClass, ClassCompatibilityRule>>;
}

const NONE: AboSubstituteTable = { O: [], A: [], B: [], AB: [] };
/** Red cells: donor red cells must lack the antigens the recipient's plasma attacks. */
const RBC_SUBSTITUTES: AboSubstituteTable = { O: [], A: ['O'], B: ['O'], AB: ['A', 'B', 'O'] };
/** Plasma: donor plasma must lack antibodies against the recipient's red cells. */
const PLASMA_SUBSTITUTES: AboSubstituteTable = { O: ['A', 'B', 'AB'], A: ['AB'], B: ['AB'], AB: [] };

const CLINICAL_2000 = '临床输血技术规范 (2000)';

/**
 * National default ABO/RhD compatibility (China prefers ABO-identical for every component).
 *
 * @see 临床输血技术规范 (2000), 卫医发〔2000〕184号 (number unverified): identical or 配合性 transfusion (Art. 9/10),
 *   apheresis platelets ABO-identical (Art. 16, from memory)
 * @see china-blood-service-rules.md §5.3 (matrix), §5.4 (RhD-negative emergency order, ABO-unknown emergency)
 */
export const ABO_RH_COMPATIBILITY_2000: RuleSet<CompatibilityRules> = {
  id: 'abo-rh-compatibility:CN-CLINICAL-TRANSFUSION-2000',
  family: 'abo-rh-compatibility',
  source: CLINICAL_2000,
  version: '2000',
  effectiveFrom: '2000-01-01T00:00:00+08:00',
  clauses: [
    { ref: '§5.3 RBC', summary: 'RBC: identical preferred; compatible O→A/B/AB, A/B→AB. RhD− recipients get RhD− red cells' },
    { ref: '§5.3 plasma/cryo', summary: 'Plasma and cryo: identical preferred; compatible A/B/AB→O, AB→A/B; RhD need not match' },
    { ref: '§5.3 platelets', summary: 'Apheresis platelets ABO-identical; ABO-compatible only by emergency policy' },
    { ref: '§5.4 RhD− emergency', summary: 'No anti-D + signed consent: RhD+ ABO-compatible RBC after all RhD− options (O−: O−,O+; A−: A−,O−,A+,O+; B−: B−,O−,B+,O+; AB−: AB−,A−,B−,O−,AB+,A+,B+,O+)' },
    { ref: '§5.4 ABO unknown', summary: 'ABO unknown: O red cells, AB plasma; switch to type-specific once typed' },
  ],
  notes:
    'effectiveFrom is a floor: the in-force date of the 2000 规范 is not verified. ' +
    'Whole blood is issued ABO/RhD-identical only, also in emergencies (local decision). ' +
    'Emergency platelet substitution follows the plasma direction (donor plasma compatible with recipient cells), best knowledge. ' +
    'ABO-unknown RBC with RhD unknown lists O− before O+ (safety first); stations short of O− may override with O+ first.',
  data: {
    classes: {
      whole_blood: {
        aboSubstitutes: NONE,
        emergencyAboSubstitutes: NONE,
        rhdMatters: true,
        rhdNegativeForPositive: false,
        emergencyRhdPositiveForNegative: false,
        unknownAbo: { POS: [], NEG: [], unknown: [] },
        ref: { source: CLINICAL_2000, version: '2000', clause: '§5.3 (whole blood: identical only)', evidence: 'local', note: 'whole blood contains both red cells and plasma: no one-way substitution is safe' },
      },
      red_cells: {
        aboSubstitutes: RBC_SUBSTITUTES,
        emergencyAboSubstitutes: RBC_SUBSTITUTES,
        rhdMatters: true,
        rhdNegativeForPositive: true,
        emergencyRhdPositiveForNegative: true,
        unknownAbo: { POS: ['O+', 'O-'], NEG: ['O-'], unknown: ['O-', 'O+'] },
        ref: { source: CLINICAL_2000, version: '2000', clause: 'Art. 9/10 配合性输血; §5.3 RBC row; §5.4', evidence: 'best_knowledge', note: '[S28][S28b]' },
      },
      platelets: {
        aboSubstitutes: NONE,
        emergencyAboSubstitutes: PLASMA_SUBSTITUTES,
        rhdMatters: true,
        rhdNegativeForPositive: true,
        emergencyRhdPositiveForNegative: true,
        unknownAbo: { POS: [], NEG: [], unknown: [] },
        ref: { source: CLINICAL_2000, version: '2000', clause: 'Art. 16 (apheresis platelets ABO-identical); §5.3 platelets row', evidence: 'best_knowledge', note: 'RhD handled as for red cells (residual red cells); the reference prefers RhD− for women of childbearing age' },
      },
      plasma: {
        aboSubstitutes: PLASMA_SUBSTITUTES,
        emergencyAboSubstitutes: PLASMA_SUBSTITUTES,
        rhdMatters: false,
        rhdNegativeForPositive: true,
        emergencyRhdPositiveForNegative: true,
        unknownAbo: { POS: ['AB+', 'AB-'], NEG: ['AB-', 'AB+'], unknown: ['AB+', 'AB-'] },
        ref: { source: CLINICAL_2000, version: '2000', clause: '§5.3 plasma row; RhD need not match', evidence: 'best_knowledge' },
      },
      cryo: {
        aboSubstitutes: PLASMA_SUBSTITUTES,
        emergencyAboSubstitutes: PLASMA_SUBSTITUTES,
        rhdMatters: false,
        rhdNegativeForPositive: true,
        emergencyRhdPositiveForNegative: true,
        unknownAbo: { POS: ['AB+', 'AB-'], NEG: ['AB-', 'AB+'], unknown: ['AB+', 'AB-'] },
        ref: { source: CLINICAL_2000, version: '2000', clause: '§5.3 cryo row (same as plasma)', evidence: 'best_knowledge' },
      },
    },
  },
};

/** Registry of `abo-rh-compatibility` rule sets (national default only, so far). */
export const ABO_RH_COMPATIBILITY_REGISTRY = createRuleRegistry('abo-rh-compatibility', [ABO_RH_COMPATIBILITY_2000]);
