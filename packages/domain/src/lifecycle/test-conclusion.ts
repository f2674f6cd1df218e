import { DomainError, validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import { ABO_GROUPS, RHD_VALUES } from '../types.ts';
import type { AboGroup, RhD, TestOutcome } from '../types.ts';

/** Infectious-disease screening markers of the v1 slice (each already resolved ELISA/NAT → qualified/unqualified). */
export type ScreeningMarker = 'hbsag' | 'hcv' | 'hiv' | 'tp';
/** Every item that enters the overall conclusion. */
export type TestedItem = 'abo' | 'rhd' | 'alt' | ScreeningMarker;

/** Results of one donation, as entered (v1 slice: one resolved outcome per marker). */
export interface DonationTestResults {
  readonly abo: AboGroup;
  readonly rhd: RhD;
  /** Alanine aminotransferase, U/L. */
  readonly altUPerL: number;
  readonly hbsag: TestOutcome;
  readonly hcv: TestOutcome;
  readonly hiv: TestOutcome;
  readonly tp: TestOutcome;
}

/** Why a donation is unqualified. `code` doubles as the discard reason code. */
export interface TestReason {
  readonly code: 'ALT_ABOVE_LIMIT' | 'HBSAG_UNQUALIFIED' | 'HCV_UNQUALIFIED' | 'HIV_UNQUALIFIED' | 'TP_UNQUALIFIED';
  readonly marker: TestedItem;
  /** "中文 / English". */
  readonly message: string;
}

/** Overall interpretation (综合判定). */
export interface TestConclusion {
  readonly conclusion: TestOutcome;
  readonly reasons: readonly TestReason[];
  /** Rule set applied, to store with the conclusion. */
  readonly ruleSetId: string;
}

/** Data of a `test-conclusion` rule set. */
export interface TestConclusionRules {
  /** Highest qualified ALT (U/L): ALT > this is unqualified. */
  readonly altMaxUPerL: number;
  readonly altRef: RuleRef;
  readonly markers: readonly { readonly marker: ScreeningMarker; readonly nameZh: string; readonly nameEn: string; readonly ref: RuleRef }[];
}

const SOP_2015 = (clause: string): RuleRef => ({ source: '血站技术操作规程 (2015版)', version: '2015', clause, evidence: 'verified', note: '[S17]' });

/**
 * Donation testing conclusion for the v1 slice: ABO/RhD determined, ALT ≤ 50 U/L, HBsAg, HCV, HIV and TP each
 * qualified (non-reactive after ELISA repeat / NAT resolution).
 *
 * @see 血站技术操作规程 (2019版) (one ALT test; cut-off ⚠️ 50 U/L), (2015版) marker strategies;
 *   china-blood-service-rules.md §3.1, §3.2; china-it-standards.md §7 R33
 */
export const TEST_CONCLUSION_2019: RuleSet<TestConclusionRules> = {
  id: 'test-conclusion:BLOOD-STATION-SOP-2019',
  family: 'test-conclusion',
  source: '血站技术操作规程 (2019版)',
  version: '2019',
  effectiveFrom: '2019-01-01T00:00:00+08:00',
  clauses: [
    { ref: '§3.1 ALT', summary: 'One ALT test (rate method or dry chemistry); > 50 U/L unqualified' },
    { ref: '§3.1 HBV/HCV/HIV/TP', summary: 'Each marker by 2 ELISA or ELISA + NAT; any reactive result → unqualified' },
    { ref: '§3.2 final conclusion', summary: 'Qualified only when ABO/RhD determined, ALT within limit and every marker non-reactive' },
  ],
  notes: 'effectiveFrom is a floor: the 2019版 issue date is not verified. The 50 U/L cut-off is common practice (⚠️); stations may override.',
  data: {
    altMaxUPerL: 50,
    altRef: { source: '血站技术操作规程 (2019版)', version: '2019', clause: 'ALT 检测 (> 50 U/L 不合格)', evidence: 'best_knowledge', note: '[S20] one ALT test required; cut-off ⚠️' },
    markers: [
      { marker: 'hbsag', nameZh: '乙肝表面抗原', nameEn: 'HBsAg', ref: SOP_2015('HBV: HBsAg ×2 ELISA or ELISA + HBV DNA NAT') },
      { marker: 'hcv', nameZh: '丙肝', nameEn: 'HCV', ref: SOP_2015('HCV: anti-HCV or Ag/Ab ×2 ELISA or ELISA + NAT') },
      { marker: 'hiv', nameZh: '艾滋病', nameEn: 'HIV', ref: SOP_2015('HIV: anti-HIV-1/2 or Ag/Ab ×2 ELISA or ELISA + NAT') },
      { marker: 'tp', nameZh: '梅毒', nameEn: 'Syphilis (TP)', ref: { ...SOP_2015('TP: anti-TP ×2 ELISA'), evidence: 'best_knowledge' } },
    ],
  },
};

/** Registry of `test-conclusion` rule sets. */
export const TEST_CONCLUSION_REGISTRY = createRuleRegistry('test-conclusion', [TEST_CONCLUSION_2019]);

const OUTCOMES: readonly unknown[] = ['qualified', 'unqualified'];

/**
 * Overall interpretation of a donation's tests (综合判定). An unqualified donation must not be released;
 * its units are discarded with the reason codes returned here.
 *
 * @param results - ABO, RhD, ALT (U/L) and the resolved outcome of each screening marker
 * @param ruleSet - rule set in force at testing; defaults to the national 2019 set
 * @returns `{ conclusion, reasons, ruleSetId }`; `reasons` is empty when qualified
 * @throws DomainError `VALIDATION` when a result is missing or malformed (never guesses a conclusion)
 * @see 血站技术操作规程 (2019版); GB 18467-2011; china-blood-service-rules.md §3; china-it-standards.md §7 R33
 */
export function concludeTests(results: DonationTestResults, ruleSet: RuleSet<TestConclusionRules> = TEST_CONCLUSION_2019): TestConclusion {
  const rules = ruleSet.data;
  const errors: FieldError[] = [];
  if (!(ABO_GROUPS as readonly unknown[]).includes(results.abo)) {
    errors.push({ field: 'abo', code: 'ABO_UNDETERMINED', message: 'ABO血型未确定 / ABO group not determined' });
  }
  if (!(RHD_VALUES as readonly unknown[]).includes(results.rhd)) {
    errors.push({ field: 'rhd', code: 'RHD_UNDETERMINED', message: 'RhD血型未确定 / RhD not determined' });
  }
  if (typeof results.altUPerL !== 'number' || !Number.isFinite(results.altUPerL) || results.altUPerL < 0) {
    errors.push({ field: 'altUPerL', code: 'ALT', message: 'ALT须为非负数 (U/L) / ALT must be a non-negative number (U/L)' });
  }
  for (const m of rules.markers) {
    if (!OUTCOMES.includes(results[m.marker])) {
      errors.push({ field: m.marker, code: 'OUTCOME', message: `${m.nameZh}结果缺失 / ${m.nameEn} result missing or invalid` });
    }
  }
  if (errors.length > 0) {
    throw validationError(errors, { zh: '检测结果不完整', en: 'test results incomplete' });
  }
  const reasons: TestReason[] = [];
  if (results.altUPerL > rules.altMaxUPerL) {
    reasons.push({
      code: 'ALT_ABOVE_LIMIT',
      marker: 'alt',
      message: `ALT ${results.altUPerL} U/L 超过 ${rules.altMaxUPerL} U/L / ALT ${results.altUPerL} U/L above ${rules.altMaxUPerL} U/L`,
    });
  }
  for (const m of rules.markers) {
    if (results[m.marker] === 'unqualified') {
      reasons.push({
        code: `${m.marker.toUpperCase() as Uppercase<ScreeningMarker>}_UNQUALIFIED`,
        marker: m.marker,
        message: `${m.nameZh}不合格 / ${m.nameEn} unqualified`,
      });
    }
  }
  return { conclusion: reasons.length === 0 ? 'qualified' : 'unqualified', reasons, ruleSetId: ruleSet.id };
}

/**
 * Release gate (放行): a donation's units may be released only when its tests are concluded qualified.
 *
 * @param conclusion - stored conclusion, or null when testing is not finished
 * @throws DomainError `INVALID_TRANSITION` (details: reason `TESTS_NOT_QUALIFIED` or `TESTS_PENDING`)
 * @see china-it-standards.md §7 R38; china-blood-service-rules.md §3.2
 */
export function assertReleasable(conclusion: TestOutcome | null): void {
  if (conclusion !== 'qualified') {
    throw new DomainError(
      'INVALID_TRANSITION',
      conclusion === null
        ? { zh: '检测未完成，不能放行', en: 'tests not concluded; cannot release' }
        : { zh: '检测不合格，不能放行', en: 'tests unqualified; cannot release' },
      { action: 'release', reason: conclusion === null ? 'TESTS_PENDING' : 'TESTS_NOT_QUALIFIED' },
    );
  }
}
