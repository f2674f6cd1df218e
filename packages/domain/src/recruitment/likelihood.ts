import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** RFM-T features of one donor (the four columns of `redbridge recruit score`). */
export interface RfmtFeatures {
  /** Months since the last donation, ≥ 0. */
  readonly recencyMonths: number;
  /** Number of donations, ≥ 1. */
  readonly frequency: number;
  /** Total volume donated, ml, ≥ 0. */
  readonly volumeMl: number;
  /** Months since the first donation, ≥ recency. */
  readonly firstDonationMonths: number;
}

/**
 * Logistic model: p = σ(intercept + bR·R + bF·ln(1+F) + bV·(V/1000) + bT·T). Frequency enters as ln(1+F) so very
 * frequent donors saturate; volume per litre. Coefficients are rule data, refitted without code changes.
 */
export interface ReturnModel {
  readonly intercept: number;
  readonly recencyPerMonth: number;
  readonly logFrequency: number;
  readonly volumePerLitre: number;
  readonly tenurePerMonth: number;
  /** What the model predicts: return (donate) within this many months of contact. */
  readonly horizonMonths: number;
  /** Measured on the held-out half of the fit data (not real donors). */
  readonly heldOutAuc: number;
}

/**
 * Coefficients fitted by `scripts/fit-recruitment-model.ts` (logistic regression, seeded) on the synthetic
 * donation histories of the demo generator's return process — NOT on real donors: no donor-return dataset is
 * available offline. The structure follows the RFMTC model of Yeh, Yang & Ting (2009), "Knowledge discovery on RFM
 * model using Bernoulli sequence", Expert Systems with Applications 36(3) (Hsin-Chu blood transfusion data).
 * Refit on the station's own contact → donation outcomes before relying on the probabilities.
 */
export const RETURN_MODEL_SYNTHETIC_2026: RuleSet<ReturnModel> = {
  id: 'donor-return:synthetic-2026-11',
  family: 'donor-return',
  source: 'RedBridge synthetic fit (scripts/fit-recruitment-model.ts)',
  version: '2026-11',
  effectiveFrom: '2020-01-01T00:00:00+08:00',
  clauses: [{ ref: 'RFMTC', summary: 'Recency, frequency, monetary (volume), time since first donation (Yeh et al. 2009)' }],
  notes: 'Fitted on simulated histories; held-out AUC measures recovery of the simulator only.',
  data: {
    intercept: -1.7325, recencyPerMonth: -0.0377, logFrequency: 1.5651, volumePerLitre: -0.0709, tenurePerMonth: -0.0245,
    horizonMonths: 6, heldOutAuc: 0.822,
  },
};

export const RETURN_MODEL_REGISTRY = createRuleRegistry('donor-return', [RETURN_MODEL_SYNTHETIC_2026]);

/** Field errors for one feature row (empty when valid). */
export function validateRfmt(f: RfmtFeatures, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const check = (name: keyof RfmtFeatures, col: string, min: number) => {
    const v = f[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      errors.push({ field: `${prefix}${col}`, code: 'RANGE', message: `${col} 须为 ≥ ${min} 的数 / ${col} must be a number ≥ ${min}` });
    }
  };
  check('recencyMonths', 'recency_months', 0);
  check('frequency', 'frequency', 1);
  check('volumeMl', 'volume_ml', 0);
  check('firstDonationMonths', 'first_donation_months', 0);
  if (errors.length === 0 && f.firstDonationMonths < f.recencyMonths) {
    errors.push({ field: `${prefix}first_donation_months`, code: 'RANGE', message: '首次献血月数须 ≥ 末次献血月数 / first_donation_months must be ≥ recency_months' });
  }
  return errors;
}

/**
 * Probability (0–1) that a donor donates within `horizonMonths` when contacted.
 *
 * @throws DomainError `VALIDATION` for negative or non-numeric features, frequency < 1 or tenure < recency
 */
export function returnProbability(f: RfmtFeatures, model: ReturnModel = RETURN_MODEL_SYNTHETIC_2026.data): number {
  const errors = validateRfmt(f);
  if (errors.length > 0) throw validationError(errors, { zh: 'RFM-T 特征无效', en: 'invalid RFM-T features' });
  return rawProbability(f, model);
}

/** {@link returnProbability} without validation (the fitter's inner loop). */
export function rawProbability(f: RfmtFeatures, m: ReturnModel): number {
  const z = m.intercept + m.recencyPerMonth * f.recencyMonths + m.logFrequency * Math.log1p(f.frequency)
    + m.volumePerLitre * (f.volumeMl / 1000) + m.tenurePerMonth * f.firstDonationMonths;
  return 1 / (1 + Math.exp(-z));
}

/** Area under the ROC curve (Mann–Whitney, ties count ½). */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0; let pos = 0; let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (idx[k][1]) { rankSum += avgRank; pos++; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  return pos === 0 || neg === 0 ? Number.NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
