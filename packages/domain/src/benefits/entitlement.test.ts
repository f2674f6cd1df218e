import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { addYears, evaluateEntitlement, type BenefitDonation, type EntitlementInput } from './entitlement.ts';
import { planDeduction } from './deduction.ts';
import { BENEFITS_REGISTRY, PROVINCES, RELATIONS, type Relation } from './rules.ts';

const wb = (date: string, volumeMl: number, qualified = true): BenefitDonation => ({ date, type: 'whole_blood', volumeMl, qualified });
const plt = (date: string, doses: number): BenefitDonation => ({ date, type: 'apheresis_platelets', doses, qualified: true });
const ev = (province: string, onDate: string, relation: Relation, donations: BenefitDonation[], usedMl = 0) =>
  evaluateEntitlement({ province, onDate, relation, donations, usedMl });
/** Expected: a number of ml, 'unlimited', or 0 for none. */
type Row = [title: string, province: string, onDate: string, relation: Relation, donations: BenefitDonation[], expected: number | 'unlimited'];

const rows: Row[] = [
  // Henan (default) [S39]: 3× within 5 y of each donation, then 1×; ≥ 800 ml unlimited 10 y then 3×; ≥ 1000 ml unlimited.
  ['henan self 400 ml, last day of 5 y → 3×', 'henan', '2025-01-09', 'self', [wb('2020-01-10', 400)], 1200],
  ['henan self 400 ml, 5th anniversary → 1×', 'henan', '2025-01-10', 'self', [wb('2020-01-10', 400)], 400],
  ['henan self 799 ml within 5 y → 3×799', 'henan', '2021-06-01', 'self', [wb('2020-01-10', 399), wb('2020-07-10', 400)], 2397],
  ['henan self 800 ml → unlimited (10 y)', 'henan', '2021-06-01', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400)], 'unlimited'],
  ['henan self 800 ml, last day of 10 y → unlimited', 'henan', '2030-07-09', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400)], 'unlimited'],
  ['henan self 800 ml, 10th anniversary → 3× cumulative', 'henan', '2030-07-10', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400)], 2400],
  ['henan self 999 ml after 10 y → 3×999', 'henan', '2035-01-01', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400), wb('2020-12-10', 199)], 2997],
  ['henan self 1000 ml → unlimited for life', 'henan', '2060-01-01', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400), wb('2020-12-10', 200)], 'unlimited'],
  ['henan spouse 400 ml → equal volume', 'henan', '2021-01-01', 'spouse', [wb('2020-01-10', 400)], 400],
  ['henan parent 1000 ml → equal volume (no tiers)', 'henan', '2021-01-01', 'parent', [wb('2020-01-10', 400), wb('2020-07-10', 600)], 1000],
  ['henan sibling → not covered', 'henan', '2021-01-01', 'sibling', [wb('2020-01-10', 400)], 0],
  ['henan failed-test donation not counted', 'henan', '2021-01-01', 'self', [wb('2020-01-10', 400, false)], 0],
  ['henan platelets 1 dose = 800 ml → unlimited', 'henan', '2021-01-01', 'self', [plt('2020-01-10', 1)], 'unlimited'],
  ['henan donation after onDate ignored', 'henan', '2020-01-09', 'self', [wb('2020-01-10', 400)], 0],
  // Guangdong [S39b]
  ['guangdong self 200 ml → unlimited for life', 'guangdong', '2040-01-01', 'self', [wb('2019-01-10', 200)], 'unlimited'],
  ['guangdong self failed test 300 ml → 3×', 'guangdong', '2020-01-01', 'self', [wb('2019-01-10', 300, false)], 900],
  ['guangdong parent 599 ml → none', 'guangdong', '2020-01-01', 'parent', [wb('2018-05-10', 399), wb('2019-01-10', 200)], 0],
  ['guangdong parent 600 ml after 2018-03-01 → 2×', 'guangdong', '2020-01-01', 'parent', [wb('2018-05-10', 400), wb('2019-01-10', 200)], 1200],
  ['guangdong child 1000 ml → 2×', 'guangdong', '2020-01-01', 'child', [wb('2018-05-10', 400), wb('2019-01-10', 600)], 2000],
  ['guangdong spouse 1001 ml → unlimited', 'guangdong', '2020-01-01', 'spouse', [wb('2018-05-10', 401), wb('2019-01-10', 600)], 'unlimited'],
  ['guangdong parent 600 ml before 2018-03-01 → unlimited', 'guangdong', '2020-01-01', 'parent', [wb('2017-05-10', 400), wb('2018-02-28', 200)], 'unlimited'],
  ['guangdong parent 600 ml straddling 2018-03-01 → 2×', 'guangdong', '2020-01-01', 'parent', [wb('2017-05-10', 400), wb('2018-03-01', 200)], 1200],
  ['guangdong sibling → not covered', 'guangdong', '2020-01-01', 'sibling', [wb('2019-01-10', 400)], 0],
  // Zhejiang current [S39d]
  ['zhejiang self 399 ml within 5 y → 5×', 'zhejiang', '2024-01-01', 'self', [wb('2023-06-01', 399)], 1995],
  ['zhejiang self 399 ml at 5 y → 1×', 'zhejiang', '2028-06-01', 'self', [wb('2023-06-01', 399)], 399],
  ['zhejiang self 400 ml → unlimited', 'zhejiang', '2024-01-01', 'self', [wb('2023-06-01', 400)], 'unlimited'],
  ['zhejiang self platelets → unlimited', 'zhejiang', '2024-01-01', 'self', [plt('2023-06-01', 1)], 'unlimited'],
  ['zhejiang spouse 400 ml within 5 y → 2×', 'zhejiang', '2028-05-31', 'spouse', [wb('2023-06-01', 400)], 800],
  ['zhejiang spouse 400 ml at 5 y → 1×', 'zhejiang', '2028-06-01', 'spouse', [wb('2023-06-01', 400)], 400],
  ['zhejiang sibling, donor 7999 ml → none', 'zhejiang', '2024-01-01', 'sibling', [...Array.from({ length: 19 }, (_, i) => wb(addYears('2004-01-01', i), 400)), wb('2023-02-01', 399)], 0],
  ['zhejiang sibling, donor 8000 ml → 1×', 'zhejiang', '2024-01-01', 'sibling', Array.from({ length: 20 }, (_, i) => wb(addYears('2004-01-01', i), 400)), 8000],
  // Zhejiang old 2012 rule (in force before 2023) [S39c]
  ['zhejiang 2012 self 999 ml within 5 y → 5×', 'zhejiang', '2022-01-01', 'self', [wb('2020-01-01', 400), wb('2021-01-01', 599)], 4995],
  ['zhejiang 2012 self 1000 ml → unlimited', 'zhejiang', '2022-01-01', 'self', [wb('2020-01-01', 400), wb('2021-01-01', 600)], 'unlimited'],
  ['zhejiang 2012 parent within 5 y → 2×', 'zhejiang', '2022-01-01', 'parent', [wb('2020-01-01', 400)], 800],
  ['zhejiang 2012 parent after 5 y → none', 'zhejiang', '2022-01-01', 'parent', [wb('2016-01-01', 400)], 0],
  // Sichuan [S39e]
  ['sichuan self 800 ml within 3 y → 3×', 'sichuan', '2023-01-09', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400)], 2400],
  ['sichuan self 800 ml after 3 y → 1×', 'sichuan', '2023-07-10', 'self', [wb('2020-01-10', 400), wb('2020-07-10', 400)], 800],
  ['sichuan self 801 ml → unlimited', 'sichuan', '2040-01-01', 'self', [wb('2020-01-10', 401), wb('2020-07-10', 400)], 'unlimited'],
  ['sichuan grandparent → equal volume', 'sichuan', '2021-01-01', 'grandparent', [wb('2020-01-10', 400)], 400],
];

describe('blood-fee entitlement per province, at every tier boundary [R67]', () => {
  for (const [title, province, onDate, relation, donations, expected] of rows) {
    it(title, () => {
      const r = ev(province, onDate, relation, donations);
      if (expected === 'unlimited') {
        assert.deepEqual([r.unlimited, r.entitledMl, r.remainingMl], [true, null, null], JSON.stringify(r.reasons));
      } else {
        assert.deepEqual([r.unlimited, r.entitledMl, r.remainingMl], [false, expected, expected], JSON.stringify(r.reasons));
      }
      assert.match(r.rule, new RegExp(province === 'henan' ? '河南' : province === 'guangdong' ? '广东' : province === 'zhejiang' ? '浙江' : '四川'));
    });
  }

  it('usedMl reduces the remaining amount, never below zero', () => {
    const r = ev('henan', '2021-01-01', 'self', [wb('2020-01-10', 400)], 1000);
    assert.deepEqual([r.entitledMl, r.remainingMl], [1200, 200]);
    assert.equal(ev('henan', '2021-01-01', 'self', [wb('2020-01-10', 400)], 5000).remainingMl, 0);
  });

  it('the zhejiang rule in force depends on the date of use', () => {
    assert.match(ev('zhejiang', '2022-12-31', 'self', [wb('2022-01-01', 400)]).rule, /2012/);
    assert.match(ev('zhejiang', '2023-01-01', 'self', [wb('2022-01-01', 400)]).rule, /2023/);
  });

  it('an unconfigured province falls back to Henan and says so', () => {
    const r = ev('hubei', '2021-01-01', 'self', [wb('2020-01-10', 400)]);
    assert.equal(r.entitledMl, 1200);
    assert.ok(r.reasons.some((x) => x.code === 'DEFAULT_PROVINCE'));
  });

  it('bad input names the field, bilingually', () => {
    assert.throws(() => evaluateEntitlement({ province: 'HeNan', onDate: '2021-02-30', relation: 'cousin' as Relation,
      donations: [{ date: 'x', type: 'whole_blood', qualified: true }], usedMl: -1 } as EntitlementInput), (e: unknown) => {
      assert.ok(isDomainError(e, 'VALIDATION'));
      const fields = (e.details.errors ?? []).map((f) => f.field).sort();
      assert.deepEqual(fields, ['donations[0].date', 'donations[0].volumeMl', 'onDate', 'province', 'relation', 'usedMl']);
      assert.ok((e.details.errors ?? []).every((f) => f.message.includes(' / ')));
      return true;
    });
  });

  it('every province rule set is registered with source, version and clauses', () => {
    for (const p of PROVINCES) {
      const set = BENEFITS_REGISTRY.find(new Date('2024-01-01T00:00:00+08:00'), p);
      assert.ok(set && set.tenantId === p && set.source && set.version && set.clauses.length > 0, p);
    }
  });
});

const dayArb = fc.integer({ min: 0, max: 40 * 365 }).map((n) => new Date(Date.UTC(1995, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const donationArb: fc.Arbitrary<BenefitDonation> = fc.oneof(
  fc.record({ date: dayArb, type: fc.constant('whole_blood' as const), volumeMl: fc.constantFrom(200, 300, 400), qualified: fc.boolean() }),
  fc.record({ date: dayArb, type: fc.constant('apheresis_platelets' as const), doses: fc.constantFrom(1, 2), qualified: fc.boolean() }),
);
const inputArb = fc.record({
  province: fc.constantFrom(...PROVINCES, 'hubei'), onDate: dayArb, relation: fc.constantFrom(...RELATIONS),
  donations: fc.array(donationArb, { maxLength: 30 }), usedMl: fc.integer({ min: 0, max: 20_000 }),
});
const size = (r: { unlimited: boolean; entitledMl: number | null }) => (r.unlimited ? Number.POSITIVE_INFINITY : r.entitledMl!);

describe('entitlement invariants (property) [R67]', () => {
  it('remaining entitlement is never negative and never above the entitlement', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const r = evaluateEntitlement(input);
      if (r.unlimited) return r.remainingMl === null && r.entitledMl === null;
      return r.remainingMl! >= 0 && r.remainingMl! <= r.entitledMl! && r.entitledMl! >= 0;
    }), { numRuns: 500 });
  });
  it('monotone in donated volume: one more qualified donation never lowers the entitlement', () => {
    fc.assert(fc.property(inputArb, dayArb, fc.constantFrom(200, 300, 400), (input, date, volumeMl) => {
      const before = evaluateEntitlement(input);
      const after = evaluateEntitlement({ ...input, donations: [...input.donations, wb(date, volumeMl)] });
      return size(after) >= size(before);
    }), { numRuns: 500 });
  });
  it('monotone in usedMl: spending more never raises the remaining amount', () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 0, max: 5000 }), (input, more) => {
      const a = evaluateEntitlement(input);
      const b = evaluateEntitlement({ ...input, usedMl: input.usedMl + more });
      return a.unlimited || b.remainingMl! <= a.remainingMl!;
    }), { numRuns: 300 });
  });
});

describe('direct deduction plan [R68]', () => {
  it('covers lines in order, pro rata on the partly covered line', () => {
    const p = planDeduction([{ volumeMl: 400, amountFen: 80_000 }, { volumeMl: 400, amountFen: 80_000 }], 600);
    assert.deepEqual(p.lines, [{ coveredMl: 400, coveredFen: 80_000 }, { coveredMl: 200, coveredFen: 40_000 }]);
    assert.deepEqual([p.totalMl, p.totalFen], [600, 120_000]);
    assert.equal(planDeduction([{ volumeMl: 400, amountFen: 1 }], null).totalFen, 1);
  });
  it('never covers more than the remaining entitlement or the bill (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ volumeMl: fc.integer({ min: 1, max: 2000 }), amountFen: fc.integer({ min: 0, max: 10_000_000 }) }), { minLength: 1, maxLength: 8 }),
      fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
      (lines, remaining) => {
        const p = planDeduction(lines, remaining);
        return (remaining === null || p.totalMl <= remaining) && p.lines.every((l, i) => l.coveredFen >= 0 && l.coveredFen <= lines[i].amountFen && l.coveredMl <= lines[i].volumeMl);
      }));
  });
});
