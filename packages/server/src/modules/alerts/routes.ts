import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, idParam, pageQuery, rhdSchema } from '../../lib/http.ts';
import { alertInbox } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import { bilingual, forbidden, notFound, validationError } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { alertHistory, currentLevels, inbox, recomputeAlertLevels } from './service.ts';
import { nationalSnapshot, nationalSnapshotCsv, nationalSnapshotXlsx, takeDailySnapshot, trend } from './snapshot.ts';

const stockClass = z.enum(['red_cells', 'platelets', 'plasma', 'cryo']);
const viewers = ['distribution', 'health_commission_viewer', 'donor_service', 'component_lab', 'lab'] as const;

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/alerts/levels', {
    preHandler: requireRole(...viewers, 'hospital_transfusion'),
    schema: { tags: ['alerts'], summary: '血液库存预警级别 Alert levels per type (days of supply)' },
  }, async (request) => currentLevels(app.db, requireUser(request).stationId, app.clock()));

  app.post('/alerts/recompute', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['alerts'], summary: '重新计算预警 Recompute levels now (after stock moved)' },
  }, async (request) => {
    const ctx = actionContext(app, request);
    const changes = await recomputeAlertLevels(app.db, ctx.user.stationId, ctx.now);
    return { changes: changes.map(({ thresholds: _t, ...c }) => c) };
  });

  app.get('/alerts/history', {
    preHandler: requireRole(...viewers, 'hospital_transfusion'),
    schema: { tags: ['alerts'], summary: '预警变更记录 Level changes with actions', querystring: pageQuery.extend({ componentClass: stockClass.optional(), abo: aboSchema.optional() }) },
  }, async (request) => alertHistory(app.db, requireUser(request).stationId, request.query));

  app.get('/alerts/inbox', {
    preHandler: requireRole('hospital_transfusion', 'distribution'),
    schema: { tags: ['alerts'], summary: '预警通知 Alert inbox of a hospital or storage point', querystring: pageQuery },
  }, async (request) => {
    const u = requireUser(request);
    return inbox(app.db, u.stationId, u.orgId, request.query);
  });

  app.post('/alerts/inbox/:id/read', {
    preHandler: requireRole('hospital_transfusion', 'distribution'),
    schema: { tags: ['alerts'], summary: '已读 Mark an alert read', params: idParam },
  }, async (request) => {
    const ctx = actionContext(app, request);
    return app.db.transaction(async (tx) => {
      const rows = await tx.update(alertInbox).set({ readAt: ctx.now, readBy: ctx.user.id })
        .where(and(eq(alertInbox.id, request.params.id), eq(alertInbox.orgId, ctx.user.orgId), isNull(alertInbox.readAt))).returning({ id: alertInbox.id });
      if (rows.length === 0) throw notFound('Alert', '预警通知');
      await recordAudit(tx, ctx, { action: 'alert.read', entityType: 'alert_inbox', entityId: request.params.id });
      return { id: request.params.id, readAt: ctx.now };
    });
  });

  app.post('/alerts/snapshot', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['alerts'], summary: '生成库存日报 Take today\'s inventory snapshot' },
  }, async (request) => {
    const ctx = actionContext(app, request);
    return takeDailySnapshot(app.db, ctx.user.stationId, ctx.now);
  });

  app.get('/alerts/snapshot/national', {
    preHandler: requireRole(...viewers),
    schema: {
      tags: ['alerts'], summary: '全国血液管理信息系统库存日报 National daily snapshot (json, csv, xlsx)',
      querystring: z.object({ day: z.string().max(10).optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
    },
  }, async (request, reply) => {
    const u = requireUser(request);
    if (u.orgType !== 'station' && u.orgType !== 'health_commission') throw forbidden();
    const day = request.query.day ?? shanghaiDate(app.clock());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00+08:00`))) {
      throw validationError('/day', 'DATE', bilingual('日期格式须为 YYYY-MM-DD', 'day must be YYYY-MM-DD'));
    }
    const s = await nationalSnapshot(app.db, u.stationId, day);
    const name = `inventory-snapshot-${s.day}`;
    if (request.query.format === 'csv') {
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(nationalSnapshotCsv(s));
    }
    if (request.query.format === 'xlsx') {
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await nationalSnapshotXlsx(s));
    }
    return s;
  });

  app.get('/alerts/trend', {
    preHandler: requireRole(...viewers, 'hospital_transfusion'),
    schema: {
      tags: ['alerts'], summary: '库存趋势 Stock and days-of-supply history',
      querystring: z.object({ orgId: z.coerce.number().int().positive().optional(), componentClass: stockClass.default('red_cells'), abo: aboSchema.optional(), rhd: rhdSchema.optional(), days: z.coerce.number().int().min(1).max(400).default(30) }),
    },
  }, async (request) => {
    const u = requireUser(request);
    const orgId = request.query.orgId ?? u.orgId;
    if ((u.orgType === 'hospital' || u.orgType === 'storage_point') && orgId !== u.orgId) throw forbidden();
    return trend(app.db, u.stationId, { ...request.query, orgId }, app.clock());
  });
};
