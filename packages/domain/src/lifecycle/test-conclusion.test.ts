import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../errors.ts';
import { TEST_CONCLUSION_2019, TEST_CONCLUSION_REGISTRY, assertReleasable, concludeTests } from './test-conclusion.ts';
import type { DonationTestResults } from './test-conclusion.ts';

const ok: DonationTestResults = { abo: 'A', rhd: 'POS', altUPerL: 25, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' };

describe('donation testing conclusion (综合判定) [R33][R38][R13]', () => {
  it('all qualified and ALT ≤ 50 U/L → qualified, with the rule set id', () => {
    assert.deepEqual(concludeTests(ok), { conclusion: 'qualified', reasons: [], ruleSetId: TEST_CONCLUSION_2019.id });
    assert.equal(concludeTests({ ...ok, altUPerL: 50 }).conclusion, 'qualified');
  });
  const cases: [string, Partial<DonationTestResults>, string[]][] = [
    ['ALT 50.1 U/L', { altUPerL: 50.1 }, ['ALT_ABOVE_LIMIT']],
    ['HBsAg', { hbsag: 'unqualified' }, ['HBSAG_UNQUALIFIED']],
    ['HCV', { hcv: 'unqualified' }, ['HCV_UNQUALIFIED']],
    ['HIV', { hiv: 'unqualified' }, ['HIV_UNQUALIFIED']],
    ['TP', { tp: 'unqualified' }, ['TP_UNQUALIFIED']],
    ['ALT + HIV + TP', { altUPerL: 120, hiv: 'unqualified', tp: 'unqualified' }, ['ALT_ABOVE_LIMIT', 'HIV_UNQUALIFIED', 'TP_UNQUALIFIED']],
  ];
  for (const [name, change, codes] of cases) {
    it(`${name} → unqualified (${codes.join(', ')})`, () => {
      const result = concludeTests({ ...ok, ...change });
      assert.equal(result.conclusion, 'unqualified');
      assert.deepEqual(result.reasons.map((r) => r.code), codes);
      for (const r of result.reasons) assert.match(r.message, / \/ /);
    });
  }
  it('the ALT limit is rule data: a tenant set with 40 U/L changes the outcome', () => {
    const strict = { ...TEST_CONCLUSION_2019, id: 'test-conclusion:station-x', tenantId: 'x', data: { ...TEST_CONCLUSION_2019.data, altMaxUPerL: 40 } };
    assert.equal(concludeTests({ ...ok, altUPerL: 45 }, strict).conclusion, 'unqualified');
    assert.equal(TEST_CONCLUSION_REGISTRY.with(strict).inForce(new Date('2024-01-01T00:00:00Z'), 'x').data.altMaxUPerL, 40);
    assert.equal(TEST_CONCLUSION_2019.data.altMaxUPerL, 50);
  });
  it('missing or malformed results are VALIDATION, never a guessed conclusion', () => {
    const bad: Partial<Record<keyof DonationTestResults, unknown>>[] = [
      { abo: undefined }, { rhd: 'unknown' }, { altUPerL: Number.NaN }, { altUPerL: -1 }, { hbsag: undefined }, { tp: 'reactive' },
    ];
    for (const change of bad) {
      assert.throws(() => concludeTests({ ...ok, ...change } as DonationTestResults), (e: unknown) => isDomainError(e, 'VALIDATION'));
    }
  });
  it('release gate: only a qualified conclusion releases', () => {
    assert.doesNotThrow(() => assertReleasable('qualified'));
    assert.throws(() => assertReleasable('unqualified'), (e: unknown) => isDomainError(e, 'INVALID_TRANSITION') && e.details.reason === 'TESTS_NOT_QUALIFIED');
    assert.throws(() => assertReleasable(null), (e: unknown) => isDomainError(e, 'INVALID_TRANSITION') && e.details.reason === 'TESTS_PENDING');
  });
});
