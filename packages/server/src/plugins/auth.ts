/**
 * Authentication and authorisation: session cookie → `request.user`; CSRF check on every state-changing
 * request (except login); `requireRole` guards for routes. Users only see their organisation's data:
 * services scope every query by `user.stationId` and, for hospital users, by `user.orgId`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@redbridge/domain/types';
import { AppError, bilingual, forbidden } from '../lib/problem.ts';
import type { ActionContext, SessionUser } from '../lib/context.ts';
import { loadSessionUser, SESSION_COOKIE } from '../modules/auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_EXEMPT = new Set(['/api/auth/login']);

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.user = await loadSessionUser(app.db, token, app.clock());
    const path = request.url.split('?')[0];
    if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path) && request.user) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: unknown) => (err ? reject(err) : resolve()));
      });
    }
  });
}

/** The signed-in user, or a 401 problem. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError(401, 'UNAUTHENTICATED', bilingual('请先登录', 'Please sign in'));
  return request.user;
}

/** Route preHandler: the user must hold one of the roles (station_admin always passes). */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = requireUser(request);
    if (user.role !== 'station_admin' && !roles.includes(user.role)) throw forbidden();
  };
}

/** Who / when / request id for services and the audit trail. */
export function actionContext(app: FastifyInstance, request: FastifyRequest): ActionContext {
  return { user: requireUser(request), requestId: String(request.id), now: app.clock(), stationCode: app.config.stationCode };
}
