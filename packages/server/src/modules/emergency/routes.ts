import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, componentClassSchema, idParam, pageQuery, rhdSchema } from '../../lib/http.ts';
import {
  acknowledge, activatePlan, addCall, completePaperwork, confirmByPhone, getEmergency, listEmergencies, logContact, openEmergency,
  reviewAndClose, supplyFromSource,
} from './service.ts';

const lineSchema = z.object({ componentClass: componentClassSchema, abo: aboSchema, rhd: rhdSchema, quantity: z.number().positive().max(100_000) });
const callSchema = z.object({
  calledAt: z.coerce.date().optional(), callerName: z.string().max(64).nullish(), lines: z.array(lineSchema).min(1).max(10), note: z.string().max(500).nullish(),
});
const roles = ['distribution', 'hospital_transfusion', 'health_commission_viewer'] as const;
const actors = ['distribution', 'hospital_transfusion'] as const;

export const emergencyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/emergencies', {
    preHandler: requireRole(...roles),
    schema: { tags: ['emergency'], summary: '急救用血看板 Emergency board', querystring: pageQuery.extend({ status: z.string().max(100).optional() }) },
  }, async (request) => listEmergencies(app.db, requireUser(request), request.query, app.clock()));

  app.get('/emergencies/:id', {
    preHandler: requireRole(...roles),
    schema: { tags: ['emergency'], summary: '急救用血详情 Emergency detail', params: idParam },
  }, async (request) => getEmergency(app.db, requireUser(request), request.params.id, app.clock()));

  app.post('/emergencies', {
    preHandler: requireRole(...actors),
    schema: {
      tags: ['emergency'], summary: '急症用血申请 File an emergency request (first call)',
      body: z.object({
        hospitalOrgId: z.number().int().positive().optional(), patientName: z.string().min(1).max(64), patientAbo: aboSchema, patientRhd: rhdSchema,
        diagnosis: z.string().max(200).nullish(), call: callSchema,
      }),
    },
  }, async (request, reply) => reply.status(201).send(await openEmergency(app.db, actionContext(app, request), request.body)));

  app.post('/emergencies/:id/calls', {
    preHandler: requireRole(...actors),
    schema: { tags: ['emergency'], summary: '再次来电 Another call', params: idParam, body: callSchema },
  }, async (request) => addCall(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/confirm', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['emergency'], summary: '值班电话确认 Duty desk phone confirmation', params: idParam,
      body: z.object({ confirmedWith: z.string().min(1).max(64), confirmedAt: z.coerce.date().optional() }) },
  }, async (request) => confirmByPhone(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/supply', {
    preHandler: requireRole(...actors),
    schema: { tags: ['emergency'], summary: '启动供血来源 Issue from one source (hospital reserve → storage point → station)', params: idParam,
      body: z.object({ callId: z.number().int().positive(), source: z.enum(['hospital_reserve', 'storage_point', 'station']), storagePointOrgId: z.number().int().positive().nullish() }) },
  }, async (request) => supplyFromSource(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/paperwork', {
    preHandler: requireRole(...actors),
    schema: { tags: ['emergency'], summary: '补办手续 Paperwork completed', params: idParam,
      body: z.object({ formNumber: z.string().min(1).max(64), completedAt: z.coerce.date().optional() }) },
  }, async (request) => completePaperwork(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/ack', {
    preHandler: requireRole(...actors),
    schema: { tags: ['emergency'], summary: '联络确认 Acknowledge the current level', params: idParam,
      body: z.object({ level: z.number().int().min(1).max(3), contactName: z.string().min(1).max(64) }) },
  }, async (request) => acknowledge(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/contacts', {
    preHandler: requireRole(...actors),
    schema: { tags: ['emergency'], summary: '联络记录 Log a call to a level', params: idParam,
      body: z.object({ level: z.number().int().min(1).max(3), contactName: z.string().min(1).max(64), channel: z.string().max(32).nullish(), note: z.string().max(500).nullish() }) },
  }, async (request) => logContact(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/plan', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['emergency'], summary: '启动应急预案 Activate the emergency plan', params: idParam, body: z.object({ note: z.string().max(500).nullish() }).default({}) },
  }, async (request) => activatePlan(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/emergencies/:id/review', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['emergency'], summary: '评审结案并补充储备 Review, close and replenish reserves', params: idParam, body: z.object({ note: z.string().max(500).nullish() }).default({}) },
  }, async (request) => reviewAndClose(app.db, actionContext(app, request), request.params.id, request.body));
};
