import { DomainError, validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { UNIT_STATUSES } from '../types.ts';
import type { UnitStatus } from '../types.ts';

/**
 * Actions that move a blood unit (bag) between statuses.
 *
 * - `release` (放行): tests qualified and signed off → available.
 * - `quarantine` (隔离): hold for investigation (non-conformity, lookback, returned unit).
 * - `reserve` / `unreserve`: allocate to an order / give back to stock.
 * - `issue` (发血): hand over to a hospital or storage point.
 * - `receive`: recipient confirms receipt; the unit stays `issued` (location changes, not status).
 * - `transfuse`: hospital records the transfusion.
 * - `return` (退血): hospital sends it back; it is quarantined for evaluation before re-release or discard.
 * - `discard` (报废): with a coded reason.
 * - `expire`: the expiry sweep found `now >= expiresAt`.
 * - `recall` (收回): report recall / lookback; disposition is `discard`.
 * - `process` (成分制备): the bag was separated or modified into children; it ends as `processed`.
 */
export type UnitAction =
  | 'release'
  | 'quarantine'
  | 'reserve'
  | 'unreserve'
  | 'issue'
  | 'receive'
  | 'transfuse'
  | 'return'
  | 'discard'
  | 'expire'
  | 'recall'
  | 'process';

export const UNIT_ACTIONS: readonly UnitAction[] = [
  'release', 'quarantine', 'reserve', 'unreserve', 'issue', 'receive', 'transfuse', 'return', 'discard', 'expire', 'recall', 'process',
];

/** The status a new unit starts in: untested/unreleased blood is quarantined (待检). */
export const INITIAL_UNIT_STATUS: UnitStatus = 'quarantined';

/** Statuses no action leaves (bsis `isFinalStatus`). `recalled` is not final: it still needs a disposition. */
export const FINAL_UNIT_STATUSES: readonly UnitStatus[] = ['transfused', 'processed', 'discarded', 'expired'];

/** One legal move: `[from, action, to]`. */
export type UnitTransition = readonly [from: UnitStatus, action: UnitAction, to: UnitStatus];

/**
 * THE transition table for unit status: every legal move, and nothing else is legal.
 * Components are prepared before test results are known (FFP within 6 h), so `process` is legal from
 * `quarantined`. Hospitals may discard, or let expire, units issued to them.
 *
 * @see china-it-standards.md §7 R13, R31, R36, R38, R39, R41; 临床输血技术规范 (2000) (issue check)
 */
export const UNIT_STATUS_TRANSITIONS: readonly UnitTransition[] = [
  ['quarantined', 'release', 'available'],
  ['available', 'quarantine', 'quarantined'],
  ['reserved', 'quarantine', 'quarantined'],
  ['available', 'reserve', 'reserved'],
  ['reserved', 'unreserve', 'available'],
  ['available', 'issue', 'issued'],
  ['reserved', 'issue', 'issued'],
  ['issued', 'receive', 'issued'],
  ['issued', 'transfuse', 'transfused'],
  ['issued', 'return', 'quarantined'],
  ['quarantined', 'discard', 'discarded'],
  ['available', 'discard', 'discarded'],
  ['reserved', 'discard', 'discarded'],
  ['issued', 'discard', 'discarded'],
  ['recalled', 'discard', 'discarded'],
  ['quarantined', 'expire', 'expired'],
  ['available', 'expire', 'expired'],
  ['reserved', 'expire', 'expired'],
  ['issued', 'expire', 'expired'],
  ['quarantined', 'recall', 'recalled'],
  ['available', 'recall', 'recalled'],
  ['reserved', 'recall', 'recalled'],
  ['issued', 'recall', 'recalled'],
  ['quarantined', 'process', 'processed'],
  ['available', 'process', 'processed'],
];

/** Actions whose status change must carry a reason (coded where a code list exists, e.g. discard reasons). */
export const REASON_REQUIRED_ACTIONS: readonly UnitAction[] = ['quarantine', 'return', 'discard', 'recall'];

const NEXT = new Map<string, UnitStatus>(UNIT_STATUS_TRANSITIONS.map(([from, action, to]) => [`${from}|${action}`, to]));

/**
 * @param status - any status
 * @returns true for transfused, processed, discarded and expired
 */
export function isFinalStatus(status: UnitStatus): boolean {
  return FINAL_UNIT_STATUSES.includes(status);
}

/**
 * @param status - current status
 * @param action - requested action
 * @returns true when the table has the move
 */
export function canTransition(status: UnitStatus, action: UnitAction): boolean {
  return NEXT.has(`${status}|${action}`);
}

/**
 * @param status - current status
 * @returns the actions legal from it (for a UI permissions map)
 */
export function allowedActions(status: UnitStatus): readonly UnitAction[] {
  return UNIT_ACTIONS.filter((a) => canTransition(status, a));
}

/**
 * Applies the transition table.
 *
 * @param status - current status
 * @param action - requested action
 * @returns the new status
 * @throws DomainError `INVALID_TRANSITION` (details: from, action, allowed)
 */
export function transition(status: UnitStatus, action: UnitAction): UnitStatus {
  const to = NEXT.get(`${status}|${action}`);
  if (to === undefined) {
    throw new DomainError(
      'INVALID_TRANSITION',
      { zh: `血液状态"${status}"不允许操作"${action}"`, en: `unit in status ${status} cannot ${action}` },
      { from: status, action, allowed: allowedActions(status) },
    );
  }
  return to;
}

/** An append-only history row (`unit_status_change`): who moved the unit, when, why. */
export interface StatusChange {
  readonly from: UnitStatus;
  readonly to: UnitStatus;
  readonly action: UnitAction;
  readonly at: Date;
  readonly actorId: string;
  readonly reason: string | null;
}

/** Who, when and why, supplied by the caller (the domain never reads the clock). */
export interface StatusChangeContext {
  readonly at: Date;
  readonly actorId: string;
  readonly reason?: string | null;
}

/**
 * Applies a transition and builds its history row.
 *
 * @param status - current status
 * @param action - requested action
 * @param context - `at` (instant), `actorId` (operator), `reason` (required for quarantine, return, discard, recall)
 * @returns the status change to persist
 * @throws DomainError `INVALID_TRANSITION`; `VALIDATION` for an invalid `at`, empty `actorId` or missing reason
 * @see china-it-standards.md §7 R3 (operator on every critical action), R8, R39
 */
export function changeStatus(status: UnitStatus, action: UnitAction, context: StatusChangeContext): StatusChange {
  const to = transition(status, action);
  const errors: FieldError[] = [];
  if (!(context.at instanceof Date) || Number.isNaN(context.at.getTime())) {
    errors.push({ field: 'at', code: 'DATE', message: '操作时间无效 / invalid time' });
  }
  if (typeof context.actorId !== 'string' || context.actorId.trim() === '') {
    errors.push({ field: 'actorId', code: 'REQUIRED', message: '须记录操作人 / actorId is required' });
  }
  const reason = typeof context.reason === 'string' && context.reason.trim() !== '' ? context.reason.trim() : null;
  if (reason === null && REASON_REQUIRED_ACTIONS.includes(action)) {
    errors.push({ field: 'reason', code: 'REQUIRED', message: `操作"${action}"须填写原因 / a reason is required to ${action}` });
  }
  if (errors.length > 0) {
    throw validationError(errors);
  }
  return { from: status, to, action, at: new Date(context.at.getTime()), actorId: context.actorId, reason };
}

/** @returns true when `value` is one of the {@link UnitStatus} values */
export function isUnitStatus(value: unknown): value is UnitStatus {
  return (UNIT_STATUSES as readonly unknown[]).includes(value);
}
