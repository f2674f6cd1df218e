import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { ALERT_LEVELS, INVENTORY_ALERT_REGISTRY, INVENTORY_ALERT_SHANGHAI_2010, alertLevel, allocationCut, daysOfSupply, validateAlertThresholds } from './days-of-supply.ts';
import type { AlertLevel } from './days-of-supply.ts';

describe('days of supply and inventory alert levels [R62][R37]', () => {
  it('daysOfSupply = available ÷ average daily issue', () => {
    assert.equal(daysOfSupply(70, 10), 7);
    assert.equal(daysOfSupply(0, 10), 0);
    assert.equal(daysOfSupply(0, 0), 0);
    assert.equal(daysOfSupply(5, 0), Number.POSITIVE_INFINITY);
    for (const [a, d] of [[-1, 1], [1, -1], [Number.NaN, 1], [1, Number.POSITIVE_INFINITY]]) {
      assert.throws(() => daysOfSupply(a, d), (e: unknown) => isDomainError(e, 'VALIDATION'));
    }
  });
  const table: [number, AlertLevel][] = [
    [0, 'red'], [1.99, 'red'], [2, 'orange'], [2.99, 'orange'], [3, 'yellow'], [4.99, 'yellow'],
    [5, 'watch'], [6.99, 'watch'], [7, 'green'], [30, 'green'], [Number.POSITIVE_INFINITY, 'green'],
  ];
  for (const [days, level] of table) {
    it(`${days} d → ${level}`, () => assert.equal(alertLevel(days), level));
  }
  it('allocation cuts 30/50/70 % at yellow/orange/red (Shanghai), none at watch/green', () => {
    assert.deepEqual(ALERT_LEVELS.map((l) => allocationCut(l)), [0, 0, 0.3, 0.5, 0.7]);
  });
  it('thresholds are tenant data: yellow below 7 d removes the watch band', () => {
    const station = { ...INVENTORY_ALERT_SHANGHAI_2010.data, yellowBelowDays: 7 };
    assert.deepEqual(validateAlertThresholds(station), []);
    assert.equal(alertLevel(6, station), 'yellow');
    assert.equal(alertLevel(7, station), 'green');
    assert.throws(() => alertLevel(4, { ...station, orangeBelowDays: 1 }), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => alertLevel(Number.NaN), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.equal(INVENTORY_ALERT_REGISTRY.inForce(new Date('2025-01-01T00:00:00Z')).id, 'inventory-alert:SHANGHAI-2010');
  });
  it('the level never improves as days fall', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(ALERT_LEVELS.indexOf(alertLevel(lo)) >= ALERT_LEVELS.indexOf(alertLevel(hi)));
      }),
    );
  });
});
