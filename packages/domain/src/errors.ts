/**
 * Domain errors. The domain returns decisions for expected outcomes (e.g. `{ conclusion, reasons }`)
 * and throws a {@link DomainError} only when a caller asks for something the rules forbid
 * or passes input that breaks an invariant.
 *
 * The server maps each {@link DomainErrorCode} to an HTTP problem (RFC 9457) in one exhaustive
 * `satisfies Record<DomainErrorCode, …>` table, so adding a code here is a contract change.
 */

/**
 * Every code a {@link DomainError} can carry.
 *
 * - `INVALID_TRANSITION`: a status change not in the unit-status table.
 * - `ABO_INCOMPATIBLE`: donor and recipient groups are not compatible under the policy.
 * - `UNIT_NOT_ISSUABLE`: the issue safety gate refused a unit (`details.reasons`).
 * - `DIN_CHECK_CHAR_MISMATCH`: 献血码 / DIN check character wrong (ISBT 128 / MOD 37-2).
 * - `ID_NUMBER_INVALID`: resident ID number fails GB 11643-1999.
 * - `UNKNOWN_PRODUCT`: product id not in the component catalogue.
 * - `INSUFFICIENT_STOCK`: not enough compatible, issuable stock (callers that need all-or-nothing).
 * - `VALIDATION`: malformed input; `details.errors` holds {@link FieldError}s.
 * - `RULE_SET_NOT_FOUND`: no versioned rule set is in force for the family/date/tenant (configuration error).
 */
export type DomainErrorCode =
  | 'INVALID_TRANSITION'
  | 'ABO_INCOMPATIBLE'
  | 'UNIT_NOT_ISSUABLE'
  | 'DIN_CHECK_CHAR_MISMATCH'
  | 'ID_NUMBER_INVALID'
  | 'UNKNOWN_PRODUCT'
  | 'INSUFFICIENT_STOCK'
  | 'VALIDATION'
  | 'RULE_SET_NOT_FOUND';

/** All codes, for exhaustiveness checks in tests and in the server's problem table. */
export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = [
  'INVALID_TRANSITION',
  'ABO_INCOMPATIBLE',
  'UNIT_NOT_ISSUABLE',
  'DIN_CHECK_CHAR_MISMATCH',
  'ID_NUMBER_INVALID',
  'UNKNOWN_PRODUCT',
  'INSUFFICIENT_STOCK',
  'VALIDATION',
  'RULE_SET_NOT_FOUND',
];

/**
 * One problem with one input field. Same shape as RFC 9457 `errors[]` minus the pointer:
 * the server turns `field` (dotted path, e.g. `lines[0].quantity`) into a JSON pointer.
 * `message` is bilingual: "中文 / English".
 */
export type FieldError = { field: string; code: string; message: string };

/** Structured, JSON-serialisable context attached to a {@link DomainError}. */
export interface DomainErrorDetails {
  /** Field-level problems (always present for `VALIDATION`). */
  readonly errors?: readonly FieldError[];
  readonly [key: string]: unknown;
}

/** A bilingual message; rendered as "中文 / English". */
export interface BilingualMessage {
  readonly zh: string;
  readonly en: string;
}

/**
 * The one error type the domain throws.
 *
 * @example
 * ```ts
 * throw new DomainError('INVALID_TRANSITION', { zh: '状态不允许该操作', en: 'transition not allowed' }, { from, action });
 * ```
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails;
  readonly messageZh: string;
  readonly messageEn: string;

  /**
   * @param code - machine-readable code; the server maps it to an HTTP status
   * @param message - bilingual message; `error.message` becomes "中文 / English"
   * @param details - JSON-serialisable context (ids, statuses, reason codes, field errors)
   */
  constructor(code: DomainErrorCode, message: BilingualMessage, details: DomainErrorDetails = {}) {
    super(`${message.zh} / ${message.en}`);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.messageZh = message.zh;
    this.messageEn = message.en;
  }
}

/**
 * Type guard for {@link DomainError}, optionally for one code.
 *
 * @param value - anything caught
 * @param code - when given, also require this code
 * @returns true when `value` is a DomainError (with that code)
 */
export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

/**
 * Builds a `VALIDATION` error from field errors.
 *
 * @param errors - at least one field error
 * @param message - overall message; defaults to "输入无效 / invalid input"
 * @returns the error (caller throws it)
 */
export function validationError(
  errors: readonly FieldError[],
  message: BilingualMessage = { zh: '输入无效', en: 'invalid input' },
): DomainError {
  return new DomainError('VALIDATION', message, { errors });
}
