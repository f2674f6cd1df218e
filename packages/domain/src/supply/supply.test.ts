import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { approvalTier, EMERGENCY_SOURCE_ORDER, escalationDueAt, nextSourceTier, paperworkSchedule, requestedMl, reserveGap, reserveTarget, RESERVE_THREE_TIER_2024 } from './index.ts';

describe('approval tiers (医疗机构临床用血管理办法 Art. 20) [R59]', () => {
  it('splits at 800 and 1600 ml; emergency is exempt', () => {
    assert.equal(approvalTier(799, false), 'superior_physician');
    assert.equal(approvalTier(800, false), 'department_head');
    assert.equal(approvalTier(1599, false), 'department_head');
    assert.equal(approvalTier(1600, false), 'medical_affairs');
    assert.equal(approvalTier(5000, true), 'emergency_exempt');
    assert.throws(() => approvalTier(-1, false), (e: any) => e.code === 'VALIDATION');
  });
  it('converts U to ml at 200 ml per U; plasma in ml; platelets not counted', () => {
    assert.equal(requestedMl([{ componentClass: 'red_cells', quantity: 4 }, { componentClass: 'plasma', quantity: 400 }, { componentClass: 'platelets', quantity: 1 }]), 1200);
  });
  it('is monotone in the volume (property)', () => {
    const rank = { superior_physician: 0, department_head: 1, medical_affairs: 2, emergency_exempt: 3 };
    fc.assert(fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return rank[approvalTier(lo, false)] <= rank[approvalTier(hi, false)];
    }));
  });
});

describe('emergency supply rules [R40]', () => {
  it('activates hospital reserve, then storage point, then station', () => {
    assert.deepEqual(EMERGENCY_SOURCE_ORDER, ['hospital_reserve', 'storage_point', 'station']);
    assert.equal(nextSourceTier('hospital_reserve'), 'storage_point');
    assert.equal(nextSourceTier('station'), null);
  });
  it('paperwork due 24 h after the first issue, reminders 4 h and 1 h before', () => {
    const t = new Date('2026-10-03T00:30:00+08:00');
    const s = paperworkSchedule(t);
    assert.equal(s.dueAt.toISOString(), new Date('2026-10-04T00:30:00+08:00').toISOString());
    assert.deepEqual(s.reminders.map((d) => d.toISOString()), [new Date('2026-10-03T20:30:00+08:00').toISOString(), new Date('2026-10-03T23:30:00+08:00').toISOString()]);
  });
  it('escalates after 10 / 30 / 60 minutes', () => {
    const t = new Date('2026-10-03T00:30:00+08:00');
    assert.equal(escalationDueAt(1, t).getTime() - t.getTime(), 10 * 60_000);
    assert.equal(escalationDueAt(3, t).getTime() - t.getTime(), 60 * 60_000);
    assert.throws(() => escalationDueAt(4, t));
  });
});

describe('three-tier reserve targets [R37]', () => {
  it('station 7 d, storage point and hospital 3 d', () => {
    assert.deepEqual(reserveGap('station', 20, 5), { target: 35, gap: 15, surplus: 0, basis: 'days' });
    assert.deepEqual(reserveGap('hospital', 20, 5), { target: 15, gap: 0, surplus: 5, basis: 'days' });
  });
  it('RhD-negative red cells: none below the station, a floor in units at the station [supply-chain-benchmarks §6]', () => {
    const oNeg = { componentClass: 'red_cells', abo: 'O', rhd: 'NEG' };
    assert.equal(reserveTarget('hospital', 0.5, oNeg), 0);
    assert.equal(reserveTarget('storage_point', 0.5, oNeg), 0);
    assert.equal(reserveTarget('station', 0.5, oNeg), 8); // 3.5 U of demand < floor of 8
    assert.equal(reserveTarget('station', 2, oNeg), 14); // above the floor: 7 days
    assert.equal(reserveTarget('station', 0.1, { ...oNeg, abo: 'AB' }), 1);
    assert.deepEqual(reserveGap('station', 3, 0.5, undefined, oNeg), { target: 8, gap: 5, surplus: 0, basis: 'rhd_negative_floor' });
    assert.equal(reserveGap('hospital', 0, 0.5, undefined, oNeg).basis, 'rhd_negative_station_only');
    assert.equal(reserveGap('station', 0, 2, undefined, oNeg).basis, 'days');
    // RhD-positive, other classes and untyped calls keep the plain days rule
    assert.equal(reserveTarget('hospital', 2, { ...oNeg, rhd: 'POS' }), 6);
    assert.equal(reserveTarget('hospital', 2, { ...oNeg, componentClass: 'platelets' }), 6);
    assert.equal(reserveTarget('hospital', 2), 6);
    const notStationOnly = { ...RESERVE_THREE_TIER_2024.data, rhdNegativeRedCells: { ...RESERVE_THREE_TIER_2024.data.rhdNegativeRedCells, stationOnly: false } };
    assert.equal(reserveTarget('hospital', 2, oNeg, notStationOnly), 6);
  });
  it('a target is never below the days rule and never negative', () => {
    fc.assert(fc.property(fc.constantFrom('station', 'storage_point', 'hospital' as const), fc.double({ min: 0, max: 500, noNaN: true }),
      fc.constantFrom('O', 'A', 'B', 'AB'), fc.constantFrom('POS', 'NEG'), (tier, use, abo, rhd) => {
        const t = reserveTarget(tier, use, { componentClass: 'red_cells', abo, rhd });
        assert.ok(t >= 0);
        if (rhd === 'POS' || tier === 'station') assert.ok(t >= use * RESERVE_THREE_TIER_2024.data.targetDays[tier]);
      }));
  });
});
