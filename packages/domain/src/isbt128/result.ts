/**
 * Result values for functions that can fail on user or scanner input (errors are the domain's
 * {@link FieldError}, from `../errors.ts`).
 *
 * Expected failures are values, never exceptions: the caller decides whether a bad scan is an
 * error, a warning or a prompt to rescan. Messages are bilingual, "中文 / English", as in
 * `docs/api.md` (`errors[].message`).
 */

import type { FieldError } from '../errors.ts';

export type { FieldError };

/**
 * Outcome of a fallible operation: `{ ok: true, value }` or `{ ok: false, errors }` with at least
 * one {@link FieldError}.
 */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Builds a {@link FieldError} with a bilingual message.
 *
 * @param field - camelCase field name.
 * @param code - machine code.
 * @param zh - Chinese text.
 * @param en - English text.
 * @returns The error, message formatted as "中文 / English".
 */
export function fieldError(field: string, code: string, zh: string, en: string): FieldError {
  return { field, code, message: `${zh} / ${en}` };
}

/**
 * Wraps a value as a successful {@link Result}.
 *
 * @param value - the value.
 * @returns `{ ok: true, value }`.
 */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/**
 * Wraps errors as a failed {@link Result}.
 *
 * @param errors - one or more errors.
 * @returns `{ ok: false, errors }`.
 */
export function fail<T>(errors: readonly FieldError[]): Result<T> {
  return { ok: false, errors };
}
