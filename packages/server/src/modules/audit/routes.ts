import { z } from 'zod';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditLog } from '../../db/schema/index.ts';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { offsetOf, pageQuery, paged } from '../../lib/http.ts';

const auditSchema = z.object({
  id: z.number(), at: z.date(), actorId: z.number().nullable(), actorName: z.string().nullable(), action: z.string(),
  entityType: z.string(), entityId: z.string().nullable(), reason: z.string().nullable(), before: z.unknown(),
  after: z.unknown(), requestId: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit', {
    preHandler: requireRole('health_commission_viewer'),
    schema: {
      tags: ['audit'], summary: '审计日志 Audit trail',
      querystring: pageQuery.extend({ entityType: z.string().optional(), entityId: z.string().optional(), action: z.string().optional() }),
      response: { 200: paged(auditSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const q = request.query;
    const conds: SQL[] = [eq(auditLog.stationId, user.stationId)];
    if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
    if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
    if (q.action) conds.push(eq(auditLog.action, q.action));
    const where = and(...conds);
    const [items, [{ total }]] = await Promise.all([
      app.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset(offsetOf(q)),
      app.db.select({ total: count() }).from(auditLog).where(where),
    ]);
    return { items: items.map(({ stationId: _s, ...rest }) => rest), total, page: q.page, pageSize: q.pageSize };
  });
};
