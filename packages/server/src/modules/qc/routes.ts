import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { listEqa, listQcSamples, recordEqa, recordQcSample } from './service.ts';

const measurement = z.number().min(0).max(1e13);

export const qcRoutes: FastifyPluginAsyncZod = async (app) => {
  const qcRoles = requireRole('lab', 'component_lab');

  app.post('/qc/samples', {
    preHandler: qcRoles,
    schema: {
      tags: ['qc'], summary: '成分质控抽检 Record a QC sample (checked against GB 18469)',
      body: z.object({
        unitId: z.number().int().positive(), sampledAt: z.coerce.date().optional(),
        measurements: z.object({
          volumeMl: measurement, hbG: measurement, hct: measurement, residualWbc: measurement, plateletCount: measurement,
          fviiiIuPerMl: measurement, fviiiIu: measurement, fibrinogenMg: measurement, haemolysisPct: measurement,
        }).partial(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await recordQcSample(app.db, actionContext(app, request), request.body.unitId, request.body.measurements, request.body.sampledAt)));

  app.get('/qc/samples', {
    preHandler: qcRoles,
    schema: { tags: ['qc'], summary: '质控记录 QC samples (failed=1: failing only)', querystring: z.object({ failed: z.enum(['0', '1']).optional() }) },
  }, async (request) => listQcSamples(app.db, requireUser(request), request.query.failed === '1'));

  app.post('/qc/eqa', {
    preHandler: requireRole('lab'),
    schema: {
      tags: ['qc'], summary: '室间质评结果 Record an external quality assessment result',
      body: z.object({
        scheme: z.string().min(1).max(100), round: z.string().min(1).max(32), analyte: z.string().min(1).max(32), sampleCode: z.string().min(1).max(32),
        reported: z.string().min(1).max(64), expected: z.string().min(1).max(64), acceptable: z.boolean(), reportedAt: z.coerce.date(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await recordEqa(app.db, actionContext(app, request), request.body)));

  app.get('/qc/eqa', { preHandler: requireRole('lab'), schema: { tags: ['qc'], summary: '室间质评 EQA results' } },
    async (request) => listEqa(app.db, requireUser(request)));
};
