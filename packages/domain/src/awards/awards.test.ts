import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { awardCountOf, evaluateAward, volunteerAward, type AwardDonation, type PreviousAward } from './awards.ts';

/** n whole-blood donations of `ml`, one a month from `start` (YYYY-MM). */
function monthly(n: number, ml: number, startYear = 2000): AwardDonation[] {
  return Array.from({ length: n }, (_, i) => ({
    date: `${startYear + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15`, type: 'whole_blood' as const, volumeMl: ml,
  }));
}
const ev = (donations: AwardDonation[], previousAwards: PreviousAward[] = [], cycleEnd = '2030-12-31') => evaluateAward({ cycleEnd, donations, previousAwards });

describe('national donor awards, 2022 measures, at the boundaries [R67]', () => {
  const table: [number, string | null][] = [[19, null], [20, 'bronze'], [29, 'bronze'], [30, 'silver'], [39, 'silver'], [40, 'gold'], [55, 'gold']];
  for (const [n, level] of table) {
    it(`${n} × 200 ml → ${level}`, () => {
      const r = ev(monthly(n, 200));
      assert.equal(r.award, level);
      assert.equal(r.count, n);
    });
  }
  it('400 ml counts 2, 300 ml counts 1, platelets 1 per dose and 4 per dose before 2010', () => {
    assert.equal(awardCountOf({ date: '2020-01-01', type: 'whole_blood', volumeMl: 400 }), 2);
    assert.equal(awardCountOf({ date: '2020-01-01', type: 'whole_blood', volumeMl: 300 }), 1);
    assert.equal(awardCountOf({ date: '2010-01-01', type: 'apheresis_platelets', doses: 2 }), 2);
    assert.equal(awardCountOf({ date: '2009-12-31', type: 'apheresis_platelets', doses: 1 }), 4);
    assert.equal(ev(monthly(10, 400)).award, 'bronze');
    assert.equal(ev([...monthly(12, 200), { date: '2009-06-01', type: 'apheresis_platelets', doses: 2 }]).award, 'bronze');
    assert.equal(ev([...monthly(12, 200), { date: '2010-06-01', type: 'apheresis_platelets', doses: 2 }]).award, null);
  });
  it('donations after the cycle end do not count', () => {
    assert.equal(ev(monthly(24, 200, 2020), [], '2021-06-30').count, 18);
  });
  it('bronze and silver holders keep accumulating; the same level is not given twice', () => {
    assert.equal(ev(monthly(25, 200), [{ level: 'bronze', date: '2001-09-01' }]).award, null);
    assert.equal(ev(monthly(30, 200), [{ level: 'bronze', date: '2001-09-01' }]).award, 'silver');
    assert.equal(ev(monthly(40, 200), [{ level: 'bronze', date: '2001-09-01' }, { level: 'silver', date: '2003-01-01' }]).award, 'gold');
  });
  it('after gold the count restarts after the 40th donation (excluded)', () => {
    // 40 donations Jan 2000 … Apr 2003, gold awarded 2004-01-01; the 40th (2003-04-15) is excluded.
    const r = ev(monthly(60, 200), [{ level: 'gold', date: '2004-01-01' }]);
    assert.equal(r.count, 20);
    assert.equal(r.award, 'bronze');
    assert.equal(r.totalCount, 60);
    assert.ok(r.reasons.some((x) => x.code === 'RECOUNT_AFTER_GOLD' && x.message.includes('2003-04-15')));
    assert.equal(ev(monthly(59, 200), [{ level: 'gold', date: '2004-01-01' }]).award, null);
  });
  it('the third gold brings the lifetime honour, once', () => {
    const golds: PreviousAward[] = [{ level: 'gold', date: '2004-01-01' }, { level: 'gold', date: '2007-06-01' }];
    const r = ev(monthly(120, 200), golds);
    assert.equal(r.count, 40);
    assert.equal(r.award, 'lifetime');
    assert.equal(ev(monthly(119, 200), golds).award, 'silver');
    const fourth = ev(monthly(160, 200), [...golds, { level: 'gold', date: '2010-12-01' }, { level: 'lifetime', date: '2010-12-01' }]);
    assert.equal(fourth.award, 'gold');
  });
  it('bad input names the field, bilingually', () => {
    assert.throws(() => evaluateAward({ cycleEnd: '2023-13-01', donations: [{ date: '2020-01-01', type: 'plasma' as 'whole_blood' }], previousAwards: [{ level: 'platinum' as 'gold', date: '2020-01-01' }] }),
      (e: unknown) => isDomainError(e, 'VALIDATION') && (e.details.errors ?? []).map((f) => f.field).join() === 'cycleEnd,donations[0].type,previousAwards[0].level');
  });
  it('counting more donations never lowers the level without previous awards (property)', () => {
    const rank = { null: 0, bronze: 1, silver: 2, gold: 3, lifetime: 4 } as Record<string, number>;
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10 }), (n, more) =>
      rank[String(ev(monthly(n + more, 200)).award)] >= rank[String(ev(monthly(n, 200)).award)]));
  });
});

describe('volunteer service award (志愿服务奖)', () => {
  const table: [number, number][] = [[99, 0], [100, 1], [299, 1], [300, 2], [599, 2], [600, 3], [999, 3], [1000, 4], [1499, 4], [1500, 5]];
  for (const [h, stars] of table) it(`${h} h → ${stars}★`, () => assert.equal(volunteerAward(h, 1).stars, stars));
  it('lifetime: > 10 y and > 2000 h, or > 3000 h', () => {
    assert.equal(volunteerAward(2001, 11).lifetime, true);
    assert.equal(volunteerAward(2001, 10).lifetime, false);
    assert.equal(volunteerAward(2000, 11).lifetime, false);
    assert.equal(volunteerAward(3001, 1).lifetime, true);
    assert.equal(volunteerAward(3000, 1).lifetime, false);
  });
});
