import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { idParam, pageQuery, paged } from '../../lib/http.ts';
import {
  authenticateReader, ingestReads, listReaders, listReads, READER_EVENT_TYPES, recentEvents, registerReader, traceBackward, traceDonorForward,
} from './service.ts';

const readSchema = z.object({
  tag: z.string().trim().min(13).max(64),
  readAt: z.coerce.date(),
  tempC: z.number().min(-90).max(60).nullish(),
});

export const traceabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/readers', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: { tags: ['traceability'], summary: '读写器 Readers', response: { 200: z.array(z.object({
      id: z.number(), code: z.string(), name: z.string(), orgId: z.number(), orgName: z.string(), location: z.string(), eventType: z.string(), active: z.boolean(),
    })) } },
  }, async (request) => listReaders(app.db, requireUser(request)));

  app.post('/readers', {
    preHandler: requireRole(),
    schema: {
      tags: ['traceability'], summary: '登记读写器 Register a reader (its API key is shown once)',
      body: z.object({
        code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,32}$/), name: z.string().trim().min(1).max(64),
        orgId: z.number().int().positive().optional(), location: z.string().trim().min(1).max(64), eventType: z.enum(READER_EVENT_TYPES),
      }),
      response: { 201: z.object({ id: z.number(), code: z.string(), key: z.string() }) },
    },
  }, async (request, reply) => reply.status(201).send(await registerReader(app.db, actionContext(app, request), request.body)));

  // Machine endpoint: no cookie, no CSRF; the reader authenticates with its code and key.
  app.post('/readers/reads', {
    schema: {
      tags: ['traceability'],
      summary: '读写器批量上传 Ingest a batch of RFID / barcode reads (idempotent per reader, tag and read time)',
      body: z.object({ reads: z.array(readSchema).min(1).max(1000) }),
      response: { 200: z.object({
        received: z.number(), events: z.number(), duplicates: z.number(), unknown: z.number(),
        results: z.array(z.object({ tag: z.string(), readAt: z.date(), outcome: z.string(), unitId: z.number().nullable(), din: z.string().nullable() })),
      }) },
    },
  }, async (request) => {
    const header = (name: string) => { const v = request.headers[name]; return typeof v === 'string' ? v.slice(0, 128) : ''; };
    const reader = await authenticateReader(app.db, { code: header('x-rb-reader'), key: header('x-rb-reader-key') });
    return ingestReads(app.db, reader, request.body.reads, app.clock(), String(request.id));
  });

  app.get('/readers/reads', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: {
      tags: ['traceability'], summary: '读写器事件 Reader reads',
      querystring: pageQuery.extend({ readerId: z.coerce.number().int().positive().optional(), outcome: z.string().max(64).optional() }),
      response: { 200: paged(z.object({
        id: z.number(), readerCode: z.string(), readerName: z.string(), location: z.string(), eventType: z.string(), tag: z.string(),
        din: z.string().nullable(), productCode: z.string().nullable(), unitId: z.number().nullable(), outcome: z.string(), tempC: z.number().nullable(),
        readAt: z.date(), receivedAt: z.date(),
      })) },
    },
  }, async (request) => listReads(app.db, requireUser(request), request.query));

  app.get('/unit-events', {
    preHandler: requireRole('distribution', 'hospital_transfusion', 'component_lab'),
    schema: {
      tags: ['traceability'], summary: '血液事件流水 Unit events (append-only)',
      querystring: pageQuery.extend({ type: z.string().max(200).optional() }),
      response: { 200: paged(z.object({
        id: z.number(), unitId: z.number().nullable(), din: z.string(), dinDisplay: z.string(), dinCheck: z.string(), type: z.string(), at: z.date(),
        actor: z.string().nullable(), orgName: z.string().nullable(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), details: z.unknown(),
      })) },
    },
  }, async (request) => recentEvents(app.db, requireUser(request), request.query));

  app.get('/trace/donor/:donorNumber', {
    preHandler: requireRole('donor_service', 'distribution', 'lab', 'component_lab', 'health_commission_viewer'),
    schema: {
      tags: ['traceability'], summary: '正向追溯 Forward trace from a donor (donations → units → hospitals / patients)',
      params: z.object({ donorNumber: z.string().trim().min(1).max(32) }),
    },
  }, async (request) => traceDonorForward(app.db, requireUser(request), request.params.donorNumber));

  app.get('/trace/back', {
    preHandler: requireRole('distribution', 'hospital_transfusion', 'health_commission_viewer'),
    schema: {
      tags: ['traceability'], summary: '反向追溯 Backward trace from a transfusion or patient to the donor',
      querystring: z.object({
        transfusionId: z.coerce.number().int().positive().optional(), patientIdNumber: z.string().max(32).optional(), patientName: z.string().max(64).optional(),
      }),
    },
  }, async (request) => traceBackward(app.db, requireUser(request), request.query));

  app.get('/transfusions/:id/trace', {
    preHandler: requireRole('distribution', 'hospital_transfusion', 'health_commission_viewer'),
    schema: { tags: ['traceability'], summary: '输血记录反向追溯 Backward trace of one transfusion', params: idParam },
  }, async (request) => traceBackward(app.db, requireUser(request), { transfusionId: request.params.id }));
};
