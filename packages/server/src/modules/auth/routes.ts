import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, bilingual } from '../../lib/problem.ts';
import { requireUser } from '../../plugins/auth.ts';
import { recordAudit } from '../../lib/audit.ts';
import { createSession, deleteSession, findUserForLogin, SESSION_COOKIE, SESSION_HOURS } from './sessions.ts';
import { verifyPassword } from './passwords.ts';

const userSchema = z.object({
  id: z.number(), username: z.string(), displayName: z.string(), role: z.string(), orgId: z.number(),
  orgName: z.string(), orgType: z.string(), stationId: z.number(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/auth/login', {
    schema: {
      tags: ['auth'], summary: '登录 Sign in',
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      response: { 200: z.object({ user: userSchema, csrfToken: z.string() }) },
    },
    config: {
      rateLimit: {
        max: app.config.loginRateLimitPerMinute,
        timeWindow: '1 minute',
        keyGenerator: (req) => `${req.ip}`,
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const found = await findUserForLogin(app.db, username);
    // Verify even for unknown users would cost a hash; a constant message is what matters for enumeration.
    if (!found || !found.active || !(await verifyPassword(found.passwordHash, password))) {
      throw new AppError(401, 'UNAUTHENTICATED', bilingual('用户名或密码错误', 'Wrong username or password'));
    }
    const now = app.clock();
    const token = await createSession(app.db, found.id, found.stationId, now);
    const { passwordHash: _ignored, active: _active, ...user } = found;
    await recordAudit(app.db, { user: user as never, requestId: String(request.id), now, stationCode: app.config.stationCode },
      { action: 'login', entityType: 'user', entityId: found.id });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: app.config.cookieSecure, maxAge: SESSION_HOURS * 3600,
    });
    return { user, csrfToken: reply.generateCsrf() };
  });

  app.get('/auth/me', {
    schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: z.object({ user: userSchema, csrfToken: z.string() }) } },
  }, async (request, reply) => ({ user: requireUser(request), csrfToken: reply.generateCsrf() }));

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出 Sign out' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(app.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
};
