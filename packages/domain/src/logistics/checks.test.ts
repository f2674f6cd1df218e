import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COLD_CHAIN_REGISTRY, HOSPITAL_BLOOD_BANK_REGISTRY } from './rules.ts';
import { checkStationReturn, checkTransportTemp, checkWardIssue, findLogGaps } from './checks.ts';

const cold = COLD_CHAIN_REGISTRY.inForce(new Date('2026-01-01T00:00:00Z')).data;
const bank = HOSPITAL_BLOOD_BANK_REGISTRY.inForce(new Date('2026-01-01T00:00:00Z')).data;
const H = 3_600_000;

describe('cold chain rules [R42]', () => {
  it('transport ranges per component class follow WS/T 400', () => {
    assert.equal(checkTransportTemp(cold, 'red_cells', 4).ok, true);
    assert.equal(checkTransportTemp(cold, 'red_cells', 10).ok, true);
    assert.equal(checkTransportTemp(cold, 'red_cells', 10.1).ok, false);
    assert.equal(checkTransportTemp(cold, 'red_cells', 1.9).ok, false);
    assert.equal(checkTransportTemp(cold, 'platelets', 22).ok, true);
    assert.equal(checkTransportTemp(cold, 'platelets', 4).ok, false);
    assert.equal(checkTransportTemp(cold, 'plasma', -25).ok, true);
    assert.equal(checkTransportTemp(cold, 'plasma', -10).ok, false);
  });
  it('finds gaps over 4 h, including one still open at now', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const at = (h: number) => new Date(since.getTime() + h * H);
    const gaps = findLogGaps(cold, [at(3), at(6), at(11), at(12)], since, at(17));
    assert.deepEqual(gaps.map((g) => [g.hours, g.open]), [[5, false], [5, true]]);
    assert.deepEqual(findLogGaps(cold, [at(4), at(8)], since, at(12)), []);
  });
  it('property: with a reading every ≤ 4 h there is no gap; removing one reading from a 4-h log opens one', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 * 60 }), { minLength: 1, maxLength: 40 }), (stepsMin) => {
      const since = new Date('2026-01-01T00:00:00Z');
      let t = since.getTime();
      const times = stepsMin.map((m) => new Date((t += m * 60_000)));
      assert.equal(findLogGaps(cold, times, since, new Date(t)).length, 0);
      const regular = Array.from({ length: 6 }, (_, i) => new Date(since.getTime() + (i + 1) * 4 * H));
      const idx = stepsMin[0] % 5;
      assert.equal(findLogGaps(cold, regular.filter((_, i) => i !== idx), since, regular[5]).length, 1);
    }));
  });
});

describe('hospital blood bank rules (临床输血技术规范 2000) [R60]', () => {
  const at = new Date('2026-03-10T08:00:00Z');
  it('red cells need a compatible crossmatch on a sample within 3 days; plasma does not', () => {
    assert.deepEqual(checkWardIssue(bank, { componentClass: 'red_cells', crossmatch: null, at }).reasons.map((r) => r.code), ['CROSSMATCH_MISSING']);
    assert.equal(checkWardIssue(bank, { componentClass: 'plasma', crossmatch: null, at }).ok, true);
    const ok = { sampleAt: new Date(at.getTime() - 3 * 24 * H), major: 'compatible' as const, minor: 'compatible' as const };
    assert.equal(checkWardIssue(bank, { componentClass: 'red_cells', crossmatch: ok, at }).ok, true);
    const old = { ...ok, sampleAt: new Date(at.getTime() - 3 * 24 * H - 1) };
    assert.deepEqual(checkWardIssue(bank, { componentClass: 'red_cells', crossmatch: old, at }).reasons.map((r) => r.code), ['SAMPLE_TOO_OLD']);
    const bad = { ...ok, minor: 'incompatible' as const };
    assert.deepEqual(checkWardIssue(bank, { componentClass: 'red_cells', crossmatch: bad, at }).reasons.map((r) => r.code), ['CROSSMATCH_INCOMPATIBLE']);
  });
  it('blood issued to the ward is never returnable, whatever the reason', () => {
    fc.assert(fc.property(fc.constantFrom(...bank.stationReturnReasons, 'other'), fc.integer({ min: 0, max: 1000 }), (reason, hoursLeft) => {
      const r = checkStationReturn(bank, { wardIssued: true, reason, expiresAt: new Date(at.getTime() + hoursLeft * H), receivedAt: at, now: at });
      assert.equal(r.ok, false);
      assert.ok(r.reasons.some((x) => x.code === 'WARD_ISSUED'));
    }));
  });
  it('a station return needs an allowed reason, margin to expiry and a recent receipt', () => {
    const base = { wardIssued: false, reason: 'quality_defect', expiresAt: new Date(at.getTime() + 48 * H), receivedAt: new Date(at.getTime() - 2 * H), now: at };
    assert.equal(checkStationReturn(bank, base).ok, true);
    assert.equal(checkStationReturn(bank, { ...base, reason: 'not_needed' }).reasons[0].code, 'REASON_NOT_ALLOWED');
    assert.equal(checkStationReturn(bank, { ...base, expiresAt: new Date(at.getTime() + 23 * H) }).reasons[0].code, 'TOO_CLOSE_TO_EXPIRY');
    assert.equal(checkStationReturn(bank, { ...base, receivedAt: new Date(at.getTime() - 73 * H) }).reasons[0].code, 'RETURN_WINDOW_PASSED');
  });
});
