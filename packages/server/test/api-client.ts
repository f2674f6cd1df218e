/**
 * Test client over `app.inject`: signs in, keeps the session and CSRF cookies, sends `x-csrf-token`.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  /** The response bytes as sent (for binary bodies such as PDF: `body` is decoded as UTF-8 text). */
  rawBody: Buffer;
  headers: LightMyRequestResponse['headers'];
}

export class ApiClient {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly app: FastifyInstance) {}

  static async login(app: FastifyInstance, username: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(app);
    const res = await client.request('POST', '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    client.csrfToken = res.body.csrfToken;
    return client;
  }

  async request<T = any>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown,
    extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in extraHeaders)) headers['x-csrf-token'] = this.csrfToken;
    const res = await this.app.inject({ method, url, payload: payload as never, headers });
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies.set(c.name, c.value);
    let body: unknown = res.body;
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body: body as T, rawBody: res.rawPayload, headers: res.headers };
  }

  get<T = any>(url: string) { return this.request<T>('GET', url); }
  post<T = any>(url: string, payload: unknown = {}) { return this.request<T>('POST', url, payload); }
}
