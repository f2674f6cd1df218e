import { DomainError, validationError } from '../errors.ts';
import type { UnitStatus } from '../types.ts';

/** The facts about a unit the issue gate looks at. */
export interface IssuableUnitState {
  readonly id?: string;
  readonly status: UnitStatus;
  /** Released (放行): every test qualified and signed off. */
  readonly released: boolean;
  /** Carries its final label (computer-controlled labelling). */
  readonly labelled: boolean;
  /** Under recall or lookback hold. */
  readonly recalled: boolean;
  readonly expiresAt: Date;
}

export type IssueBlockCode = 'STATUS_NOT_ISSUABLE' | 'NOT_RELEASED' | 'NOT_LABELLED' | 'EXPIRED' | 'RECALLED';

export interface IssueBlockReason {
  readonly code: IssueBlockCode;
  /** "中文 / English". */
  readonly message: string;
}

export interface IssuabilityCheck {
  readonly issuable: boolean;
  /** Every failed check (not only the first), in a fixed order. */
  readonly reasons: readonly IssueBlockReason[];
}

/** Statuses from which a unit may be issued. */
export const ISSUABLE_STATUSES: readonly UnitStatus[] = ['available', 'reserved'];

/**
 * The issue safety gate as a decision: status available or reserved, released, labelled,
 * not recalled, and unexpired at `now` (`now < expiresAt`).
 *
 * @param unit - the unit's status and flags
 * @param now - the instant of issue (never read from the clock here)
 * @returns `{ issuable, reasons }`
 * @throws DomainError `VALIDATION` when `now` is not a valid date
 * @see 临床输血技术规范 (2000) (expired or damaged bags must not be issued); china-it-standards.md §7 R13, R37, R38, R40
 */
export function checkIssuable(unit: IssuableUnitState, now: Date): IssuabilityCheck {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw validationError([{ field: 'now', code: 'DATE', message: '当前时间无效 / invalid now' }]);
  }
  const reasons: IssueBlockReason[] = [];
  if (!ISSUABLE_STATUSES.includes(unit.status)) {
    reasons.push({ code: 'STATUS_NOT_ISSUABLE', message: `状态"${unit.status}"不可发放 / status ${unit.status} is not issuable` });
  }
  if (unit.released !== true) {
    reasons.push({ code: 'NOT_RELEASED', message: '未放行 / not released' });
  }
  if (unit.labelled !== true) {
    reasons.push({ code: 'NOT_LABELLED', message: '未贴标签 / not labelled' });
  }
  if (unit.recalled !== false || unit.status === 'recalled') {
    reasons.push({ code: 'RECALLED', message: '已收回或召回中 / recalled' });
  }
  const expiresMs = unit.expiresAt instanceof Date ? unit.expiresAt.getTime() : Number.NaN;
  if (!(now.getTime() < expiresMs)) {
    reasons.push({ code: 'EXPIRED', message: '已过期或失效时间未知 / expired or expiry unknown' });
  }
  return { issuable: reasons.length === 0, reasons };
}

/**
 * The issue safety gate: throws unless {@link checkIssuable} passes.
 *
 * @param unit - the unit's status and flags
 * @param now - the instant of issue
 * @throws DomainError `UNIT_NOT_ISSUABLE` (details: unitId, reasons: IssueBlockCode[]); `VALIDATION` for an invalid `now`
 * @see china-it-standards.md §7 R13, R38, R40
 */
export function assertIssuable(unit: IssuableUnitState, now: Date): void {
  const check = checkIssuable(unit, now);
  if (!check.issuable) {
    throw new DomainError(
      'UNIT_NOT_ISSUABLE',
      { zh: `血液不可发放：${check.reasons.map((r) => r.code).join(', ')}`, en: `unit not issuable: ${check.reasons.map((r) => r.code).join(', ')}` },
      { unitId: unit.id ?? null, reasons: check.reasons.map((r) => r.code) },
    );
  }
}
