import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { idParam } from '../../lib/http.ts';
import { createPredonation, getPredonation, signPredonation, updatePredonation } from './service.ts';

const exam = z.object({
  weightKg: z.number().min(1).max(400), hbGPerL: z.number().min(1).max(300), systolicMmHg: z.number().min(30).max(300),
  diastolicMmHg: z.number().min(10).max(200), pulseBpm: z.number().min(10).max(250), temperatureC: z.number().min(30).max(45),
});
const answers = z.array(z.object({ code: z.string().min(1).max(64), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() })).max(50);
const any = z.any();

export const predonationRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = requireRole('donor_service');
  app.post('/predonation', {
    preHandler: staff,
    schema: { tags: ['predonation'], summary: '无纸化健康征询与体检 Create the electronic questionnaire + exam (assessed)',
      body: z.object({ donorId: z.number().int().positive(), donationType: z.enum(['whole_blood', 'apheresis_platelets']).default('whole_blood'), answers, exam, appointmentId: z.number().int().positive().nullish() }),
      response: { 201: any } },
  }, async (request, reply) => reply.status(201).send(await createPredonation(app.db, actionContext(app, request), request.body)));
  app.get('/predonation/:id', { preHandler: staff, schema: { tags: ['predonation'], summary: '献血前记录 Record with hash check', params: idParam, response: { 200: any } } },
    async (request) => getPredonation(app.db, requireUser(request).stationId, request.params.id));
  app.put('/predonation/:id', {
    preHandler: staff,
    schema: { tags: ['predonation'], summary: '修改（签名前）Update before signing', params: idParam, body: z.object({ answers, exam }), response: { 200: any } },
  }, async (request) => updatePredonation(app.db, actionContext(app, request), request.params.id, request.body));
  app.post('/predonation/:id/sign', {
    preHandler: staff,
    schema: { tags: ['predonation'], summary: '献血者签名 + 工作人员签名 Sign (donor drawn signature + staff); immutable afterwards', params: idParam,
      body: z.object({ donorSignature: z.string().max(200_000) }), response: { 200: any } },
  }, async (request) => signPredonation(app.db, actionContext(app, request), request.params.id, request.body.donorSignature));
};
