import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planWholeBloodSeparation } from './separation-plan.ts';
import { DomainError } from '../errors.ts';

const collectedAt = new Date('2026-03-01T02:00:00Z');
const wb = { productId: 'WB_CPDA1', collectedAt, expiresAt: new Date(collectedAt.getTime() + 35 * 86_400_000), sourceWholeBloodMl: 400 };
const soon = new Date(collectedAt.getTime() + 2 * 3_600_000);

describe('whole-blood separation plan [R29][R30]', () => {
  it('400 ml → 2 U suspended RBC capped at the parent expiry + 200 ml FFP for one year', () => {
    const plan = planWholeBloodSeparation(wb, ['SRBC_MAP', 'FFP'], soon);
    assert.equal(plan.length, 2);
    assert.deepEqual(plan.map((b) => [b.productId, b.volumeMl, b.quantity]), [['SRBC_MAP', 300, 2], ['FFP', 200, 200]]);
    assert.ok(plan[0].expiresAt.getTime() <= wb.expiresAt.getTime());
    assert.ok(plan[1].expiresAt.getTime() > wb.expiresAt.getTime(), 'frozen plasma keeps its own 1-year shelf life');
  });

  it('cryo goes through an intermediate FFP bag and leaves cryo-poor plasma', () => {
    const plan = planWholeBloodSeparation(wb, ['SRBC_MAP', 'CRYO'], soon);
    assert.deepEqual(plan.map((b) => [b.productId, b.intermediate, b.parentIndex]), [
      ['SRBC_MAP', false, null], ['FFP', true, null], ['CRYO', false, 1], ['FP', false, 1],
    ]);
    assert.equal(plan[2].quantity, 2, '2 U cryo from 400 ml');
    assert.ok(plan[2].expiresAt.getTime() <= plan[1].expiresAt.getTime());
  });

  it('refuses plasma used twice, unknown products and late FFP', () => {
    assert.throws(() => planWholeBloodSeparation(wb, ['FFP', 'CRYO'], soon), (e: unknown) => e instanceof DomainError && e.code === 'VALIDATION');
    assert.throws(() => planWholeBloodSeparation(wb, ['NOPE'], soon), (e: unknown) => e instanceof DomainError && e.code === 'UNKNOWN_PRODUCT');
    const late = new Date(collectedAt.getTime() + 7 * 3_600_000);
    assert.throws(() => planWholeBloodSeparation(wb, ['FFP'], late), (e: unknown) => e instanceof DomainError
      && (e.details.errors ?? []).some((x) => x.code === 'PREPARATION_TIME_LIMIT'));
  });
});
