/**
 * Minimal fetch client for the RedBridge API.
 *
 * - JSON in/out, `credentials: 'same-origin'` (session cookie `rb_session`).
 * - Sends `x-csrf-token` (from the login / me response) on every non-GET request except login.
 * - Turns RFC 9457 problem+json (and anything else that fails) into an {@link ApiError}.
 */

export interface ProblemFieldError {
  /** JSON Pointer into the request body, e.g. "/idNumber" or "/lines/0/quantity". */
  pointer: string;
  code: string;
  /** "中文 / English" */
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: ProblemFieldError[];
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly instance: string | undefined;
  readonly errors: ProblemFieldError[];
  /** Seconds from a `Retry-After` header (rate limiting). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: ProblemDetails, retryAfterSeconds?: number) {
    const code = problem.code ?? DEFAULT_CODES[status] ?? (status === 0 ? 'NETWORK' : 'HTTP_ERROR');
    super(problem.detail ?? problem.title ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.instance = problem.instance;
    this.errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function isFieldError(e: unknown): e is ProblemFieldError {
  return typeof e === 'object' && e !== null && typeof (e as ProblemFieldError).message === 'string';
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// ---- CSRF token -------------------------------------------------------------

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

// ---- Requests ---------------------------------------------------------------

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: object;
  body?: unknown;
  signal?: AbortSignal;
  /** Skip the CSRF header (login only). */
  noCsrf?: boolean;
}

export function buildQuery(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, QueryValue>)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(path, options);
  } catch (e) {
    // A stale CSRF token (e.g. the session was renewed in another tab): refresh it once and retry.
    if (isApiError(e) && e.code === 'CSRF' && !options.noCsrf && (options.method ?? 'GET') !== 'GET') {
      const me = await send<{ csrfToken?: string }>('/auth/me', {}).catch(() => null);
      if (me?.csrfToken) {
        setCsrfToken(me.csrfToken);
        return send<T>(path, options);
      }
    }
    throw e;
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET';
  // Non-GET requests always carry a JSON body (Fastify rejects an empty body sent as application/json).
  const body = method === 'GET' ? undefined : (options.body ?? {});
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && !options.noCsrf && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', detail: e instanceof Error ? e.message : String(e) });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    throw new ApiError(response.status, toProblem(response.status, data, text), parseRetryAfter(response.headers.get('retry-after')));
  }
  return data as T;
}

function toProblem(status: number, data: unknown, text: string): ProblemDetails {
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    // RFC 9457, or Fastify's default {statusCode, error, message, code}
    return {
      type: typeof d.type === 'string' ? d.type : undefined,
      title: typeof d.title === 'string' ? d.title : typeof d.error === 'string' ? d.error : undefined,
      status: typeof d.status === 'number' ? d.status : status,
      detail: typeof d.detail === 'string' ? d.detail : typeof d.message === 'string' ? d.message : undefined,
      instance: typeof d.instance === 'string' ? d.instance : undefined,
      code: typeof d.code === 'string' && /^[A-Z_]+$/.test(d.code) ? d.code : undefined,
      errors: Array.isArray(d.errors) ? (d.errors as ProblemFieldError[]) : undefined,
    };
  }
  return { status, detail: text ? text.slice(0, 300) : undefined };
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
