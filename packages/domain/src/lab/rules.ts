import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** Serology (ELISA) markers screened on every donation. */
export type SerologyMarker = 'hbsag' | 'hcv' | 'hiv' | 'tp';
export const SEROLOGY_MARKERS: readonly SerologyMarker[] = ['hbsag', 'hcv', 'hiv', 'tp'];

/** Nucleic-acid testing targets (HBV DNA, HCV RNA, HIV RNA). */
export type NatTarget = 'hbv' | 'hcv' | 'hiv';
export const NAT_TARGETS: readonly NatTarget[] = ['hbv', 'hcv', 'hiv'];

/**
 * Every item of the overall interpretation (综合判定): ABO forward/reverse, RhD (screen + negative confirmation),
 * ALT, the four serology markers and the three NAT targets.
 */
export type LabItem = 'abo' | 'rhd' | 'alt' | SerologyMarker | `nat_${NatTarget}`;

/**
 * Testing strategy of one infection (configuration, china-blood-service-rules.md §3.1):
 * - `ELISA_x2`: two ELISA rounds, reagents from different makers, different operators;
 * - `ELISA+NAT`: one ELISA round plus NAT of the matching target;
 * - `ELISA_x2+NAT`: both (typical current practice).
 */
export type TestingStrategy = 'ELISA_x2' | 'ELISA+NAT' | 'ELISA_x2+NAT';
export const TESTING_STRATEGIES: readonly TestingStrategy[] = ['ELISA_x2', 'ELISA+NAT', 'ELISA_x2+NAT'];

/** One infection's strategy, with its NAT target when NAT is part of it. */
export interface MarkerStrategy {
  readonly marker: SerologyMarker;
  readonly strategy: TestingStrategy;
  /** NAT target screened for this infection (`null` for TP: no NAT). */
  readonly natTarget: NatTarget | null;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly ref: RuleRef;
}

/** Data of a `lab-testing` rule set. */
export interface LabTestingRules {
  readonly markers: readonly MarkerStrategy[];
  /**
   * Default lower bound of the gray zone (灰区), as S/CO, for reagent lots that do not set their own:
   * a well with S/CO ≥ this is treated as reactive. Cut-off itself is S/CO 1.0.
   */
  readonly defaultGrayZoneLowSco: number;
  readonly grayZoneRef: RuleRef;
  /** Wells of the duplicate retest (双孔复试) after an initial reactive. */
  readonly retestWells: number;
  readonly retestRef: RuleRef;
  /** Highest qualified ALT, U/L (ALT > this → unqualified). */
  readonly altMaxUPerL: number;
  readonly altRef: RuleRef;
  /** Two serology rounds must use reagents from different makers and be run by different operators. */
  readonly twoRoundsDifferentMaker: boolean;
  readonly twoRoundsDifferentOperator: boolean;
  readonly twoRoundsRef: RuleRef;
  /** Temporary deferral after an ALT-only unqualified result, days. */
  readonly altDeferralDays: number;
  readonly altDeferralRef: RuleRef;
  /** Lookback window (回溯期), days before the reactive donation. */
  readonly lookbackDays: number;
  readonly lookbackRef: RuleRef;
}

const SOP_2015 = (clause: string): RuleRef => ({ source: '血站技术操作规程 (2015版)', version: '2015', clause, evidence: 'verified', note: '[S17]' });

/**
 * National default lab rule set: HBV/HCV/HIV by two ELISA rounds plus NAT, TP by two ELISA rounds; gray zone
 * from S/CO 0.7; duplicate retest; ALT ≤ 50 U/L; lookback 365 days.
 *
 * @see 血站技术操作规程 (2015版/2019版); china-blood-service-rules.md §3.1–§3.3; china-it-standards.md §7 R33
 */
export const LAB_TESTING_2019: RuleSet<LabTestingRules> = {
  id: 'lab-testing:BLOOD-STATION-SOP-2019',
  family: 'lab-testing',
  source: '血站技术操作规程 (2019版)',
  version: '2019',
  effectiveFrom: '2019-01-01T00:00:00+08:00',
  clauses: [
    { ref: '§3.1 strategies', summary: 'HBV/HCV/HIV: 2 ELISA (different makers) or ELISA + NAT; typical practice 2 ELISA + NAT; TP: 2 ELISA' },
    { ref: '§3.2 ELISA', summary: 'Initial reactive → duplicate retest with the same reagent; either well reactive → reactive' },
    { ref: '§3.2 gray zone', summary: 'Gray zone (S/CO 0.7–1.0, per reagent lot) treated as reactive' },
    { ref: '§3.2 NAT', summary: 'Pool reactive → individual resolution; individual reactive → unqualified' },
    { ref: '§3.2 ABO', summary: 'Forward/reverse or historical discrepancy blocks release until resolved' },
    { ref: '§3.3 lookback', summary: 'Repeat donor turns reactive → quarantine/recall earlier in-date components within the window' },
  ],
  notes: 'Gray-zone bound and lookback window are practice values (⚠️), configurable per station; reagent lots may set their own gray zone.',
  data: {
    markers: [
      { marker: 'hbsag', strategy: 'ELISA_x2+NAT', natTarget: 'hbv', nameZh: '乙肝表面抗原', nameEn: 'HBsAg', ref: SOP_2015('HBV: HBsAg ×2 ELISA or ELISA + HBV DNA NAT') },
      { marker: 'hcv', strategy: 'ELISA_x2+NAT', natTarget: 'hcv', nameZh: '丙肝抗体', nameEn: 'anti-HCV', ref: SOP_2015('HCV: anti-HCV ×2 ELISA or ELISA + HCV RNA NAT') },
      { marker: 'hiv', strategy: 'ELISA_x2+NAT', natTarget: 'hiv', nameZh: '艾滋病抗原抗体', nameEn: 'HIV Ag/Ab', ref: SOP_2015('HIV: Ag/Ab ×2 ELISA or ELISA + HIV RNA NAT') },
      { marker: 'tp', strategy: 'ELISA_x2', natTarget: null, nameZh: '梅毒螺旋体抗体', nameEn: 'anti-TP', ref: { ...SOP_2015('TP: anti-TP ×2 ELISA'), evidence: 'best_knowledge' } },
    ],
    defaultGrayZoneLowSco: 0.7,
    grayZoneRef: { source: 'station practice', version: '2019', clause: '灰区 S/CO 0.7–1.0', evidence: 'verified', note: '[S21] lab-validated practice, not a national number' },
    retestWells: 2,
    retestRef: SOP_2015('ELISA 初次反应性 → 双孔复试 (方案1)'),
    altMaxUPerL: 50,
    altRef: { source: '血站技术操作规程 (2019版)', version: '2019', clause: 'ALT 检测 (> 50 U/L 不合格)', evidence: 'best_knowledge', note: '[S20] one ALT test; cut-off ⚠️' },
    twoRoundsDifferentMaker: true,
    twoRoundsDifferentOperator: true,
    twoRoundsRef: { source: '血站技术操作规程 (2015版)', version: '2015', clause: '两遍检测: 不同厂家试剂, 不同人员', evidence: 'verified', note: '[S17][S20b]' },
    altDeferralDays: 180,
    altDeferralRef: { source: 'RedBridge', version: '1', clause: 'ALT 不合格暂缓献血', evidence: 'local', note: 'china-blood-service-rules.md §3.3: ALT-unqualified → temporary deferral (period ⚠️)' },
    lookbackDays: 365,
    lookbackRef: { source: 'RedBridge', version: '1', clause: '回溯期 (no national window)', evidence: 'local', note: 'best practice: back to last negative or one window period, ≥ 6–12 months' },
  },
};

/** Registry of `lab-testing` rule sets (stations may register an override with their own strategies/bounds). */
export const LAB_TESTING_REGISTRY = createRuleRegistry('lab-testing', [LAB_TESTING_2019]);
