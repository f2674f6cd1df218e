import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, componentClassSchema, idParam, pageQuery, paged, rhdSchema } from '../../lib/http.ts';
import { unitSchema } from '../units/routes.ts';
import { allocateOrder, createOrder, getOrder, issueOrder, listOrders, receiveOrder } from './service.ts';

const lineSchema = z.object({
  id: z.number(), componentClass: z.string(), abo: z.string(), rhd: z.string(), quantity: z.number(), allocatedQuantity: z.number(),
});
const orderSchema = z.object({
  id: z.number(), orderNumber: z.string(), hospitalOrgId: z.number(), hospitalName: z.string(), status: z.string(),
  priority: z.string(), neededBy: z.date(), note: z.string().nullable(), kind: z.string(), elective: z.boolean(),
  approvalTier: z.string().nullable(), approvedBy: z.string().nullable(), deferred: z.boolean().optional(), createdAt: z.date(), issuedAt: z.date().nullable(),
  receivedAt: z.date().nullable(), lines: z.array(lineSchema),
});
const orderDetail = orderSchema.extend({ units: z.array(unitSchema.extend({ lineId: z.number() })) });

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/orders', {
    preHandler: requireRole('distribution', 'hospital_transfusion', 'health_commission_viewer'),
    schema: { tags: ['orders'], summary: '订单列表 Orders', querystring: pageQuery.extend({ status: z.string().max(100).optional() }), response: { 200: paged(orderSchema) } },
  }, async (request) => listOrders(app.db, requireUser(request), request.query));

  app.post('/orders', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['orders'], summary: '医院订血 Place an order (quantities in U, therapeutic doses or ml)',
      body: z.object({
        lines: z.array(z.object({
          componentClass: componentClassSchema, abo: aboSchema, rhd: rhdSchema, quantity: z.number().positive().max(100_000),
        })).min(1).max(20),
        neededBy: z.coerce.date(),
        priority: z.enum(['routine', 'emergency']).default('routine'),
        note: z.string().max(500).nullish(),
        kind: z.enum(['routine', 'scheduled']).optional(),
        elective: z.boolean().optional(),
        approvedBy: z.string().max(64).nullish(),
      }),
      response: { 201: orderDetail },
    },
  }, async (request, reply) => reply.status(201).send(await createOrder(app.db, actionContext(app, request), request.body)));

  app.get('/orders/:id', {
    preHandler: requireRole('distribution', 'hospital_transfusion', 'health_commission_viewer'),
    schema: { tags: ['orders'], summary: '订单详情 Order with its units', params: idParam, response: { 200: orderDetail } },
  }, async (request) => getOrder(app.db, requireUser(request), request.params.id));

  app.post('/orders/:id/allocate', {
    preHandler: requireRole('distribution'),
    schema: {
      tags: ['orders'], summary: '配血分配 Allocate stock (FEFO, identical ABO/RhD first)', params: idParam,
      body: z.object({ policy: z.enum(['identical_first', 'identical_only']).optional() }).default({}),
      response: { 200: orderDetail },
    },
  }, async (request) => allocateOrder(app.db, actionContext(app, request), request.params.id, request.body.policy));

  app.post('/orders/:id/issue', {
    preHandler: requireRole('distribution'),
    schema: {
      tags: ['orders'], summary: '发血交接 Issue and hand over', params: idParam,
      body: z.object({ handoverTo: z.string().max(64).nullish(), tempC: z.number().min(-90).max(40).nullish() }).default({}),
      response: { 200: orderDetail },
    },
  }, async (request) => issueOrder(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/orders/:id/receive', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['orders'], summary: '医院接收 Receive into hospital stock', params: idParam,
      body: z.object({ tempC: z.number().min(-90).max(40).nullish() }).default({}),
      response: { 200: orderDetail },
    },
  }, async (request) => receiveOrder(app.db, actionContext(app, request), request.params.id, request.body));
};
