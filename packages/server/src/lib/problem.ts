/**
 * RFC 9457 problem details. Services throw `AppError` (or the domain's `DomainError`); one error handler
 * in `plugins/problem.ts` turns both into `application/problem+json`.
 */

/** One invalid field: JSON pointer into the request body, a stable code, and a "中文 / English" message. */
export interface ProblemFieldError {
  pointer: string;
  code: string;
  message: string;
}

export type AppErrorCode =
  | 'VALIDATION' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CSRF' | 'CONFLICT' | 'RATE_LIMITED'
  | 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT' | 'ID_NUMBER_INVALID' | 'DIN_CHECK_CHAR_MISMATCH' | 'UNIT_NOT_ISSUABLE'
  | 'ABO_INCOMPATIBLE' | 'INVALID_TRANSITION';

export class AppError extends Error {
  readonly status: number;
  readonly code: AppErrorCode | string;
  readonly errors: ProblemFieldError[];
  constructor(status: number, code: AppErrorCode | string, message: string, errors: ProblemFieldError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

export const bilingual = (zh: string, en: string): string => `${zh} / ${en}`;

export function validationError(pointer: string, code: string, message: string): AppError {
  return new AppError(400, 'VALIDATION', bilingual('请求数据无效', 'Invalid request'), [{ pointer, code, message }]);
}

export function notFound(what: string, zh: string): AppError {
  return new AppError(404, 'NOT_FOUND', bilingual(`${zh}不存在`, `${what} not found`));
}

export function forbidden(): AppError {
  return new AppError(403, 'FORBIDDEN', bilingual('无权执行此操作', 'You are not allowed to do this'));
}

export function conflict(zh: string, en: string, code = 'CONFLICT'): AppError {
  return new AppError(409, code, bilingual(zh, en));
}
