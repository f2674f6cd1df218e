import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { stockAt } from './service.ts';

export const inventoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/inventory/stock', {
    preHandler: requireRole('distribution', 'component_lab', 'lab', 'hospital_transfusion', 'health_commission_viewer'),
    schema: {
      tags: ['inventory'], summary: '库存与可供天数 Stock by ABO/RhD × component with days of supply',
      querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
      response: {
        200: z.object({
          orgId: z.number(), asOf: z.date(), windowDays: z.number(),
          rows: z.array(z.object({
            componentClass: z.string(), abo: z.string(), rhd: z.string(), units: z.number(), quantity: z.number(),
            quantityUnit: z.string(), quarantinedUnits: z.number(), quarantinedQuantity: z.number(), expiringSoonUnits: z.number(),
            avgDailyIssue: z.number(), daysOfSupply: z.number().nullable(), alertLevel: z.string().nullable(),
          })),
        }),
      },
    },
  }, async (request) => stockAt(app.db, requireUser(request), request.query.orgId, app.clock()));
};
