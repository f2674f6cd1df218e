import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, idParam, rhdSchema } from '../../lib/http.ts';
import {
  createNatPool, createReagentLot, createRun, enterManualResults, getLabDonation, importAstm, listAstmLog, listNotifications, listReagentLots,
  listRecallUnits, listRuns, overrideResult, postDonationInformation, recordDisposition, recordPoolResult, resolveAbo,
} from './service.ts';

const din = z.string().min(13).max(20);
const entrySchema = z.discriminatedUnion('kind', [
  z.object({ din, kind: z.literal('elisa'), marker: z.enum(['hbsag', 'hcv', 'hiv', 'tp']), phase: z.enum(['initial', 'retest']), sco: z.number().min(0).max(1000) }),
  z.object({ din, kind: z.literal('nat'), target: z.enum(['hbv', 'hcv', 'hiv']), reactive: z.boolean() }),
  z.object({ din, kind: z.literal('alt'), valueUPerL: z.number().min(0).max(5000) }),
  z.object({ din, kind: z.literal('abo'), forward: aboSchema.nullable(), reverse: aboSchema.nullable() }),
  z.object({ din, kind: z.literal('rhd'), phase: z.enum(['screen', 'confirm']), result: rhdSchema }),
]);
const conclusions = z.array(z.object({ din: z.string(), conclusion: z.string() }));

export const labRoutes: FastifyPluginAsyncZod = async (app) => {
  const lab = requireRole('lab');
  const labReaders = requireRole('lab', 'component_lab', 'donor_service');

  app.get('/lab/reagent-lots', { preHandler: labReaders, schema: { tags: ['lab'], summary: '试剂批号 Reagent lots' } },
    async (request) => listReagentLots(app.db, requireUser(request)));

  app.post('/lab/reagent-lots', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '登记试剂批号 Register a reagent lot (maker, lot, expiry, gray zone)',
      body: z.object({
        marker: z.enum(['hbsag', 'hcv', 'hiv', 'tp', 'nat', 'alt', 'abo', 'rhd']), maker: z.string().min(1).max(64), lot: z.string().min(1).max(64),
        expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), grayZoneLowSco: z.number().gt(0).max(1).nullish(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await createReagentLot(app.db, actionContext(app, request), request.body)));

  app.get('/lab/runs', { preHandler: labReaders, schema: { tags: ['lab'], summary: '检测批次 Runs / plates' } },
    async (request) => listRuns(app.db, requireUser(request)));

  app.post('/lab/runs', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '新建检测批次 Open a run/plate (operator = you)',
      body: z.object({
        method: z.enum(['elisa', 'nat', 'alt', 'abo', 'rhd']), marker: z.string().max(16).nullish(), round: z.union([z.literal(1), z.literal(2)]).nullish(),
        reagentLotId: z.number().int().positive().nullish(), instrument: z.string().max(64).nullish(), plate: z.string().max(64).nullish(),
      }),
    },
  }, async (request, reply) => reply.status(201).send(await createRun(app.db, actionContext(app, request), request.body)));

  app.post('/lab/results', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '手工录入结果（双录入核对） Manual entry with double-entry verification',
      body: z.object({ runId: z.number().int().positive().nullish(), entries: z.array(entrySchema).min(1).max(500), verifyEntries: z.array(entrySchema).min(1).max(500) }),
      response: { 200: z.object({ saved: z.number(), conclusions }) },
    },
  }, async (request) => enterManualResults(app.db, actionContext(app, request), request.body));

  app.get('/lab/donations/:din', {
    preHandler: labReaders, schema: { tags: ['lab'], summary: '献血检测详情 Lab entries and conclusion of a donation', params: z.object({ din }) },
  }, async (request) => getLabDonation(app.db, requireUser(request), request.params.din));

  app.post('/lab/donations/:din/overrides', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '撤销结果（非反应性） Withdraw an entry (reactive results cannot be withdrawn)',
      params: z.object({ din }), body: z.object({ resultId: z.number().int().positive(), reason: z.string().min(2).max(500) }),
    },
  }, async (request) => overrideResult(app.db, actionContext(app, request), request.params.din, request.body.resultId, request.body.reason));

  app.post('/lab/donations/:din/abo-resolution', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '血型疑难复核结论 Resolve an ABO/RhD discrepancy',
      params: z.object({ din }), body: z.object({ abo: aboSchema, rhd: rhdSchema, reason: z.string().min(2).max(500) }),
    },
  }, async (request) => resolveAbo(app.db, actionContext(app, request), request.params.din, request.body.abo, request.body.rhd, request.body.reason));

  app.post('/lab/nat-pools', {
    preHandler: lab,
    schema: { tags: ['lab'], summary: '核酸混样 Form a NAT pool', body: z.object({ target: z.enum(['hbv', 'hcv', 'hiv']), dins: z.array(din).min(1).max(48) }) },
  }, async (request, reply) => reply.status(201).send(await createNatPool(app.db, actionContext(app, request), request.body.target, request.body.dins)));

  app.post('/lab/nat-pools/:code/result', {
    preHandler: lab,
    schema: { tags: ['lab'], summary: '混样结果 Pool result', params: z.object({ code: z.string().min(3).max(64) }), body: z.object({ reactive: z.boolean() }) },
  }, async (request) => recordPoolResult(app.db, actionContext(app, request), request.params.code, request.body.reactive));

  app.post('/lab/astm/import', {
    preHandler: lab,
    schema: {
      tags: ['lab'], summary: '导入仪器结果文件 Import an ASTM E1394 result file (all or nothing)',
      body: z.object({ content: z.string().min(1).max(2_000_000), fileName: z.string().max(200).nullish() }),
    },
  }, async (request) => importAstm(app.db, actionContext(app, request), request.body.content, 'file', request.body.fileName ?? null));

  app.get('/lab/astm/messages', { preHandler: labReaders, schema: { tags: ['lab'], summary: '仪器接口日志 Analyser interface log' } },
    async (request) => listAstmLog(app.db, requireUser(request)));

  app.get('/lab/notifications', { preHandler: requireRole('lab', 'donor_service'), schema: { tags: ['lab'], summary: '献血者告知任务 Donor notification tasks' } },
    async (request) => listNotifications(app.db, requireUser(request)));

  app.post('/donors/:id/post-donation-information', {
    preHandler: requireRole('donor_service', 'lab'),
    schema: { tags: ['lab'], summary: '献血后回告 Post-donation information (lookback)', params: idParam, body: z.object({ reason: z.string().min(2).max(500) }) },
  }, async (request) => postDonationInformation(app.db, actionContext(app, request), request.params.id, request.body.reason));

  app.get('/recalls', {
    preHandler: requireRole('lab', 'distribution', 'hospital_transfusion'),
    schema: { tags: ['recalls'], summary: '召回通知 Recalls (hospitals: their units)' },
  }, async (request) => listRecallUnits(app.db, requireUser(request)));

  app.post('/recalls/units/:id/disposition', {
    preHandler: requireRole('lab', 'distribution', 'hospital_transfusion'),
    schema: {
      tags: ['recalls'], summary: '登记召回血液去向 Record what became of a recalled unit', params: idParam,
      body: z.object({ disposition: z.enum(['returned', 'discarded', 'transfused', 'not_found']), note: z.string().max(500).nullish() }),
    },
  }, async (request) => recordDisposition(app.db, actionContext(app, request), request.params.id, request.body.disposition, request.body.note ?? null));
};
