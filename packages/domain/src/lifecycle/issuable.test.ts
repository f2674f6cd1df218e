import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../errors.ts';
import { UNIT_STATUSES } from '../types.ts';
import { assertIssuable, checkIssuable } from './issuable.ts';
import type { IssuableUnitState } from './issuable.ts';

const now = new Date('2024-06-01T10:00:00+08:00');
const good: IssuableUnitState = { id: 'u1', status: 'available', released: true, labelled: true, recalled: false, expiresAt: new Date('2024-06-05T10:00:00+08:00') };

describe('issue safety gate [R13][R37][R38][R40]', () => {
  it('available or reserved, released, labelled, not recalled, unexpired → issuable', () => {
    assert.deepEqual(checkIssuable(good, now), { issuable: true, reasons: [] });
    assert.doesNotThrow(() => assertIssuable({ ...good, status: 'reserved' }, now));
  });
  for (const status of UNIT_STATUSES.filter((s) => s !== 'available' && s !== 'reserved')) {
    it(`status ${status} → STATUS_NOT_ISSUABLE`, () => {
      assert.ok(checkIssuable({ ...good, status }, now).reasons.some((r) => r.code === 'STATUS_NOT_ISSUABLE'));
    });
  }
  const cases: [string, Partial<IssuableUnitState>, string][] = [
    ['not released', { released: false }, 'NOT_RELEASED'],
    ['not labelled', { labelled: false }, 'NOT_LABELLED'],
    ['recalled flag', { recalled: true }, 'RECALLED'],
    ['expires exactly now', { expiresAt: now }, 'EXPIRED'],
    ['expired', { expiresAt: new Date(now.getTime() - 1) }, 'EXPIRED'],
    ['expiry unknown', { expiresAt: new Date(Number.NaN) }, 'EXPIRED'],
  ];
  for (const [name, change, code] of cases) {
    it(`${name} → ${code}`, () => {
      assert.deepEqual(checkIssuable({ ...good, ...change }, now).reasons.map((r) => r.code), [code]);
      assert.throws(() => assertIssuable({ ...good, ...change }, now), (e: unknown) => isDomainError(e, 'UNIT_NOT_ISSUABLE') && (e.details.reasons as string[]).includes(code) && e.details.unitId === 'u1');
    });
  }
  it('reports every failed check at once', () => {
    const codes = checkIssuable({ ...good, status: 'recalled', released: false, labelled: false, recalled: true, expiresAt: now }, now).reasons.map((r) => r.code);
    assert.deepEqual(codes, ['STATUS_NOT_ISSUABLE', 'NOT_RELEASED', 'NOT_LABELLED', 'RECALLED', 'EXPIRED']);
  });
  it('an invalid now is VALIDATION', () => {
    assert.throws(() => checkIssuable(good, new Date(Number.NaN)), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });
});
