import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, rhdSchema } from '../../lib/http.ts';
import { proposals, reserveOverview, transferStock } from './service.ts';

export const reserveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/reserve', {
    preHandler: requireRole('distribution', 'health_commission_viewer'),
    schema: { tags: ['reserve'], summary: '三级库存 Stock, targets and gaps per node' },
  }, async (request) => reserveOverview(app.db, requireUser(request).stationId, app.clock()));

  app.get('/reserve/proposals', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['reserve'], summary: '补库建议 Replenishment proposals and near-expiry offers' },
  }, async (request) => ({ items: await proposals(app.db, requireUser(request).stationId, app.clock()) }));

  app.post('/reserve/transfers', {
    preHandler: requireRole('distribution'),
    schema: {
      tags: ['reserve'], summary: '调拨 Move stock down (replenish) or back up (near expiry)',
      body: z.object({
        fromOrgId: z.number().int().positive(), toOrgId: z.number().int().positive(), componentClass: z.enum(['red_cells', 'platelets', 'plasma', 'cryo']),
        abo: aboSchema, rhd: rhdSchema, quantity: z.number().positive().max(100_000), unitIds: z.array(z.number().int().positive()).max(500).optional(),
        reason: z.enum(['replenish', 'near_expiry', 'manual']).default('replenish'),
      }),
    },
  }, async (request) => transferStock(app.db, actionContext(app, request), request.body));
};
