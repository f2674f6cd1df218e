import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HOSPITAL_BLOOD_BANK_REGISTRY, COLD_CHAIN_REGISTRY } from '@redbridge/domain/logistics';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, idParam, rhdSchema } from '../../lib/http.ts';
import { bloodBankRecord, issueToWard, recordCrossmatch, reportReaction, returnToStation } from './service.ts';

const outcome = z.enum(['compatible', 'incompatible']);

export const bloodBankRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/bloodbank/rules', {
    preHandler: requireRole('hospital_transfusion', 'distribution'),
    schema: { tags: ['bloodbank'], summary: '输血科规则 Blood-bank and cold-chain rule sets in force' },
  }, async () => {
    const now = app.clock();
    const bank = HOSPITAL_BLOOD_BANK_REGISTRY.inForce(now);
    const cold = COLD_CHAIN_REGISTRY.inForce(now);
    return { bloodBank: { id: bank.id, source: bank.source, data: bank.data }, coldChain: { id: cold.id, source: cold.source, data: cold.data } };
  });

  app.get('/bloodbank/units/:id', {
    preHandler: requireRole('hospital_transfusion'),
    schema: { tags: ['bloodbank'], summary: '输血科血袋记录 Crossmatch, ward issue, transfusion, reactions of a unit', params: idParam },
  }, async (request) => bloodBankRecord(app.db, requireUser(request), request.params.id));

  app.post('/bloodbank/units/:id/crossmatch', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['bloodbank'], summary: '交叉配血 Record a crossmatch (major and minor side)', params: idParam,
      body: z.object({
        patientName: z.string().trim().min(1).max(64), patientIdNumber: z.string().max(32).nullish(), patientRecordNo: z.string().max(32).nullish(),
        patientAbo: aboSchema, patientRhd: rhdSchema, sampleAt: z.coerce.date(),
        method: z.enum(['saline', 'polybrene', 'antiglobulin', 'gel_card', 'microcolumn']), major: outcome, minor: outcome,
        reviewedByName: z.string().max(64).nullish(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await recordCrossmatch(app.db, actionContext(app, request), request.params.id, request.body)));

  app.post('/bloodbank/units/:id/ward-issue', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['bloodbank'], summary: '发血至病区 Issue to the ward (two-person check by badge or fingerprint)', params: idParam,
      body: z.object({
        patientName: z.string().trim().min(1).max(64), patientRecordNo: z.string().max(32).nullish(), ward: z.string().trim().min(1).max(64),
        bed: z.string().max(16).nullish(), checkMethod: z.enum(['badge', 'fingerprint']), issuerCredential: z.string().trim().min(1).max(128),
        collectorName: z.string().trim().min(1).max(64), collectorCredential: z.string().trim().min(1).max(128),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await issueToWard(app.db, actionContext(app, request), request.params.id, request.body)));

  app.post('/bloodbank/transfusions/:id/reaction', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['bloodbank'], summary: '输血不良反应 Report a transfusion reaction', params: idParam,
      body: z.object({
        category: z.enum(['febrile', 'allergic', 'haemolytic_acute', 'haemolytic_delayed', 'trali', 'taco', 'septic', 'anaphylactic', 'other']),
        severity: z.enum(['mild', 'moderate', 'severe', 'death']), description: z.string().max(1000).nullish(), onsetAt: z.coerce.date(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await reportReaction(app.db, actionContext(app, request), request.params.id, request.body)));

  app.post('/bloodbank/units/:id/return', {
    preHandler: requireRole('hospital_transfusion'),
    schema: {
      tags: ['bloodbank'], summary: '退血 Return a unit to the station (only by rule; never after ward issue)', params: idParam,
      body: z.object({ reason: z.string().trim().min(1).max(40), note: z.string().max(500).nullish(), tempC: z.number().min(-90).max(60).nullish() }),
    },
  }, async (request, reply) => reply.status(201).send(await returnToStation(app.db, actionContext(app, request), request.params.id, request.body)));
};
