import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { auc, returnProbability } from './likelihood.ts';

describe('donor-return likelihood (RFM-T) [R16]', () => {
  const donor = { recencyMonths: 6, frequency: 3, volumeMl: 1200, firstDonationMonths: 36 };
  it('is a probability, falls with recency and rises with frequency', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 60 }), (r, f) => {
      const p = returnProbability({ recencyMonths: r, frequency: f, volumeMl: f * 300, firstDonationMonths: r + 12 });
      const later = returnProbability({ recencyMonths: r + 1, frequency: f, volumeMl: f * 300, firstDonationMonths: r + 12 });
      const more = returnProbability({ recencyMonths: r, frequency: f + 1, volumeMl: f * 300, firstDonationMonths: r + 12 });
      return p > 0 && p < 1 && later < p && more > p;
    }));
  });
  it('rejects impossible rows with field errors', () => {
    assert.throws(() => returnProbability({ ...donor, frequency: 0 }), (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors![0].field === 'frequency');
    assert.throws(() => returnProbability({ ...donor, firstDonationMonths: 2 }), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });
  it('auc: perfect ranking 1, reversed 0, ties ½', () => {
    assert.equal(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 1);
    assert.equal(auc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 0);
    assert.equal(auc([0.5, 0.5], [false, true]), 0.5);
  });
});
