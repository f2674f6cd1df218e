/**
 * One error handler for the whole API: every error leaves as RFC 9457 `application/problem+json`
 * with `code` and field `errors[]` (JSON pointers, "中文 / English" messages). 5xx details are hidden and
 * logged with the request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type DomainErrorCode } from '@redbridge/domain/errors';
import { AppError, bilingual, type ProblemFieldError } from '../lib/problem.ts';

const PROBLEM_BASE = 'https://redbridge.dev/problems/';

/** HTTP status and title for each domain error code; `satisfies` keeps the table exhaustive. */
export const domainErrorStatus = {
  INVALID_TRANSITION: { status: 409, title: 'Invalid status transition' },
  ABO_INCOMPATIBLE: { status: 422, title: 'ABO/RhD incompatible' },
  UNIT_NOT_ISSUABLE: { status: 422, title: 'Unit not issuable' },
  DIN_CHECK_CHAR_MISMATCH: { status: 400, title: 'DIN check character mismatch' },
  ID_NUMBER_INVALID: { status: 400, title: 'Invalid resident identity number' },
  UNKNOWN_PRODUCT: { status: 400, title: 'Unknown product' },
  INSUFFICIENT_STOCK: { status: 409, title: 'Insufficient stock' },
  VALIDATION: { status: 400, title: 'Validation failed' },
  RULE_SET_NOT_FOUND: { status: 500, title: 'Rule configuration missing' },
} satisfies Record<DomainErrorCode, { status: number; title: string }>;

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors: ProblemFieldError[];
}

function send(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

/** `lines[0].quantity` → `/lines/0/quantity` (RFC 6901 JSON pointer). */
export function fieldToPointer(field: string): string {
  return '/' + field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function slug(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

export function toProblem(err: unknown, request: FastifyRequest): ProblemBody {
  const base = { instance: request.url, requestId: String(request.id) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => {
      const issue = ((v.params as { issue?: unknown } | undefined)?.issue ?? { code: v.keyword, message: v.message }) as { code?: string; message?: string; path?: (string | number)[] };
      const path = issue.path ?? [];
      const location = (v.instancePath || '').replace(/^\//, '');
      const pointer = '/' + [location && !path.length ? location : '', ...path].filter((p) => p !== '').join('/');
      return {
        pointer: pointer === '/' ? `/${String(err.validationContext ?? '')}` : pointer,
        code: String(issue.code ?? 'invalid').toUpperCase(),
        message: bilingual('字段无效', issue.message ?? 'invalid value'),
      };
    });
    return { ...base, type: PROBLEM_BASE + 'validation', title: 'Validation failed', status: 400, code: 'VALIDATION',
      detail: bilingual('请求数据无效', 'Invalid request data'), errors };
  }
  if (err instanceof AppError) {
    return { ...base, type: PROBLEM_BASE + slug(err.code), title: err.code, status: err.status, code: err.code,
      detail: err.message, errors: err.errors };
  }
  if (err instanceof DomainError) {
    const mapped = domainErrorStatus[err.code];
    const errors = (err.details.errors ?? []).map((f) => ({ pointer: fieldToPointer(f.field), code: f.code, message: f.message }));
    return { ...base, type: PROBLEM_BASE + slug(err.code), title: mapped.title, status: mapped.status, code: err.code,
      detail: err.message, errors };
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode < 500) {
    const status = fe.statusCode;
    const code = status === 429 ? 'RATE_LIMITED'
      : fe.code?.startsWith('FST_CSRF') ? 'CSRF'
      : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    const detail = code === 'RATE_LIMITED' ? bilingual('请求过于频繁，请稍后再试', 'Too many requests, try again later')
      : code === 'CSRF' ? bilingual('安全令牌无效，请刷新页面', 'Missing or invalid CSRF token; reload the page')
      : bilingual('请求无效', fe.message);
    return { ...base, type: PROBLEM_BASE + slug(code), title: code, status: code === 'CSRF' ? 403 : status, code, detail, errors: [] };
  }
  return { ...base, type: PROBLEM_BASE + 'internal', title: 'Internal Server Error', status: 500, code: 'INTERNAL',
    detail: bilingual('服务器内部错误，请联系管理员并提供请求号', 'Internal error; quote the request id to support'), errors: [] };
}

/**
 * Installs the error and not-found handlers. Unknown non-API paths fall back to the web UI's
 * `index.html` (client-side routing) when `webDistDir` is given.
 */
export function registerProblemHandler(app: FastifyInstance, webDistDir: string | null): void {
  app.setErrorHandler((err, request, reply) => {
    const body = toProblem(err, request);
    if (body.status >= 500) request.log.error({ err }, 'unhandled error');
    else request.log.info({ code: body.code, status: body.status }, 'request refused');
    return send(reply, body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (webDistDir && request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return send(reply, {
    type: PROBLEM_BASE + 'not-found', title: 'NOT_FOUND', status: 404, code: 'NOT_FOUND',
      detail: bilingual('资源不存在', 'Not found'), instance: request.url, requestId: String(request.id), errors: [],
    });
  });
}
