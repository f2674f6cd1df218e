/**
 * Direct deduction (血费直免) planning: which part of a transfusion's fee lines an entitlement covers.
 *
 * @see china-it-standards.md §6.3 (用血减免金额 N..12,2), R68
 */
import { validationError, type FieldError } from '../errors.ts';

/** One fee line of a transfusion bill: the blood volume it charges for (ml) and its amount in fen (分). */
export interface FeeLine {
  readonly volumeMl: number;
  readonly amountFen: number;
}

export interface CoveredLine {
  readonly coveredMl: number;
  /** Amount exempted, fen; pro rata to the covered volume, rounded down to the fen. */
  readonly coveredFen: number;
}

export interface DeductionPlan {
  readonly lines: readonly CoveredLine[];
  readonly totalMl: number;
  readonly totalFen: number;
}

/**
 * Covers fee lines in order from the remaining entitlement. `remainingMl: null` means unlimited (every line
 * fully covered). A line partly covered is exempted pro rata (floor to the fen, so the exemption never exceeds
 * the bill). Invariants: `0 ≤ totalMl ≤ remainingMl` and `0 ≤ coveredFen ≤ amountFen` per line.
 *
 * @param lines - fee lines; volumeMl integer ≥ 1, amountFen integer ≥ 0
 * @param remainingMl - remaining entitlement in ml, or null for unlimited
 * @throws DomainError `VALIDATION` (`lines[i].volumeMl`, `lines[i].amountFen`, `remainingMl`)
 */
export function planDeduction(lines: readonly FeeLine[], remainingMl: number | null): DeductionPlan {
  const errors: FieldError[] = [];
  if (lines.length === 0) errors.push({ field: 'lines', code: 'EMPTY', message: '至少一条费用明细 / at least one fee line' });
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.volumeMl) || l.volumeMl < 1) errors.push({ field: `lines[${i}].volumeMl`, code: 'RANGE', message: '血量须为正整数 ml / volumeMl must be a positive integer' });
    if (!Number.isInteger(l.amountFen) || l.amountFen < 0) errors.push({ field: `lines[${i}].amountFen`, code: 'RANGE', message: '金额须为非负整数 (分) / amountFen must be an integer ≥ 0' });
  });
  if (remainingMl !== null && (!Number.isFinite(remainingMl) || remainingMl < 0)) {
    errors.push({ field: 'remainingMl', code: 'RANGE', message: '剩余额度须 ≥ 0 / remainingMl must be ≥ 0' });
  }
  if (errors.length > 0) throw validationError(errors);
  let left = remainingMl;
  const out: CoveredLine[] = lines.map((l) => {
    const coveredMl = left === null ? l.volumeMl : Math.min(l.volumeMl, Math.floor(left));
    if (left !== null) left -= coveredMl;
    const coveredFen = coveredMl === l.volumeMl ? l.amountFen : Math.floor((l.amountFen * coveredMl) / l.volumeMl);
    return { coveredMl, coveredFen };
  });
  return {
    lines: out,
    totalMl: out.reduce((s, l) => s + l.coveredMl, 0),
    totalFen: out.reduce((s, l) => s + l.coveredFen, 0),
  };
}
