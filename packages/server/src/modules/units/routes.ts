import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, componentClassSchema, idParam, pageQuery, paged, rhdSchema } from '../../lib/http.ts';
import { listUnits, traceByDin } from './service.ts';
import { transfuseUnit } from '../orders/service.ts';

export const unitSchema = z.object({
  id: z.number(), din: z.string(), dinCheck: z.string(), dinDisplay: z.string(), productId: z.string(),
  productCode: z.string(), productNameZh: z.string(), productNameEn: z.string(), splitCode: z.string(),
  componentClass: z.string(), abo: z.string().nullable(), rhd: z.string().nullable(), volumeMl: z.number(),
  quantity: z.number(), quantityUnit: z.string(), status: z.string(), released: z.boolean(), labelled: z.boolean(),
  recalled: z.boolean(), locationOrgId: z.number(), locationOrgName: z.string(), orderId: z.number().nullable(),
  collectedAt: z.date(), preparedAt: z.date(), expiresAt: z.date(),
});

const eventSchema = z.object({
  id: z.number(), unitId: z.number().nullable(), type: z.string(), at: z.date(), actor: z.string().nullable(),
  orgName: z.string().nullable(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(),
  reason: z.string().nullable(), details: z.unknown(),
});

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/units', {
    preHandler: requireRole('component_lab', 'distribution', 'lab', 'hospital_transfusion', 'health_commission_viewer'),
    schema: {
      tags: ['units'], summary: '血液库存明细 Units with filters',
      querystring: pageQuery.extend({
        status: z.string().max(200).optional(), abo: aboSchema.optional(), rhd: rhdSchema.optional(),
        componentClass: componentClassSchema.optional(), productId: z.string().max(32).optional(),
        orgId: z.coerce.number().int().positive().optional(), q: z.string().max(64).optional(),
        expiresBefore: z.coerce.date().optional(),
      }),
      response: { 200: paged(unitSchema) },
    },
  }, async (request) => listUnits(app.db, requireUser(request), request.query));

  app.get('/trace/:din', {
    preHandler: requireRole('donor_service', 'lab', 'component_lab', 'distribution', 'hospital_transfusion', 'health_commission_viewer'),
    schema: {
      tags: ['units'], summary: '血液追溯 Vein-to-vein trace by DIN', params: z.object({ din: z.string().min(13).max(20) }),
      response: {
        200: z.object({
          donation: z.object({
            id: z.number(), din: z.string(), dinCheck: z.string(), dinDisplay: z.string(), volumeMl: z.number(),
            collectedAt: z.date(), status: z.string(), abo: z.string().nullable(), rhd: z.string().nullable(),
            testConclusion: z.string().nullable(), donationType: z.string(),
          }).nullable(),
          donor: z.object({ donorNumber: z.string(), nameMasked: z.string(), idNumberMasked: z.string() }).nullable(),
          origin: z.object({ stationCode: z.string(), stationName: z.string().nullable(), donorNumber: z.string().nullable(), transferId: z.number().nullable() }).nullable(),
          donationEvents: z.array(eventSchema),
          units: z.array(unitSchema.extend({ events: z.array(eventSchema) })),
        }),
      },
    },
  }, async (request) => traceByDin(app.db, requireUser(request), request.params.din));

  app.post('/units/:id/transfuse', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['units'], summary: '输注记录 Record a transfusion (ABO/RhD checked)', params: idParam,
      body: z.object({
        patientName: z.string().trim().min(1).max(64), patientIdNumber: z.string().max(32).nullish(),
        patientAbo: aboSchema, patientRhd: rhdSchema, ward: z.string().max(64).nullish(), transfusedAt: z.coerce.date().optional(),
        bed: z.string().max(16).nullish(), endedAt: z.coerce.date().nullish(), volumeMl: z.number().int().positive().max(5000).nullish(),
        outcome: z.enum(['completed', 'stopped']).nullish(),
      }),
      response: { 200: unitSchema },
    },
  }, async (request) => transfuseUnit(app.db, actionContext(app, request), request.params.id, request.body));
};
