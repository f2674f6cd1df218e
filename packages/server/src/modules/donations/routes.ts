import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, pageQuery, paged, rhdSchema } from '../../lib/http.ts';
import { unitSchema } from '../units/routes.ts';
import {
  discardDonation, getDonationDetail, listDonations, processDonation, recordDonation, recordTestResults, releaseDonation,
} from './service.ts';

export const donationSchema = z.object({
  id: z.number(), din: z.string(), dinCheck: z.string(), dinDisplay: z.string(), donorId: z.number(), donorName: z.string(),
  donationType: z.string(), volumeMl: z.number(), collectedAt: z.date(), status: z.string(), abo: z.string().nullable(),
  rhd: z.string().nullable(), testConclusion: z.string().nullable(), testResults: z.unknown(), testReasons: z.unknown(),
  testedAt: z.date().nullable(), releasedAt: z.date().nullable(), discardReason: z.string().nullable(),
});
const donationDetail = donationSchema.extend({ units: z.array(unitSchema) });
const dinParam = z.object({ din: z.string().min(13).max(20) });
const marker = z.enum(['qualified', 'unqualified']);

export const donationRoutes: FastifyPluginAsyncZod = async (app) => {
  const readers = requireRole('donor_service', 'lab', 'component_lab', 'distribution');

  app.get('/donations', {
    preHandler: readers,
    schema: {
      tags: ['donations'], summary: '献血记录 Donations',
      querystring: pageQuery.extend({ status: z.string().optional(), q: z.string().max(64).optional() }),
      response: { 200: paged(donationSchema) },
    },
  }, async (request) => listDonations(app.db, requireUser(request), request.query));

  app.post('/donations', {
    preHandler: requireRole('donor_service'),
    schema: {
      tags: ['donations'], summary: '全血采集 Record a whole-blood donation (GB 18467-2011 eligibility checked; generates the 献血码/DIN)',
      body: z.object({
        donorId: z.number().int().positive(),
        volumeMl: z.union([z.literal(200), z.literal(300), z.literal(400)]),
        collectedAt: z.coerce.date().optional(),
        bagLot: z.string().max(64).nullish(),
        exam: z.object({
          weightKg: z.number().min(1).max(400), hbGPerL: z.number().min(1).max(300), systolicMmHg: z.number().min(30).max(300),
          diastolicMmHg: z.number().min(10).max(200), pulseBpm: z.number().min(10).max(250), temperatureC: z.number().min(30).max(45),
        }).optional(),
        predonationId: z.number().int().positive().optional(),
        answers: z.array(z.object({ code: z.string().min(1).max(64), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() })).max(50).optional(),
      }),
      response: { 201: donationSchema },
    },
  }, async (request, reply) => reply.status(201).send(await recordDonation(app.db, actionContext(app, request), request.body)));

  app.get('/donations/:din', {
    preHandler: readers,
    schema: { tags: ['donations'], summary: '献血详情 Donation by DIN', params: dinParam, response: { 200: donationDetail } },
  }, async (request) => getDonationDetail(app.db, requireUser(request), request.params.din));

  app.post('/donations/:din/test-results', {
    preHandler: requireRole('lab'),
    schema: {
      tags: ['donations'], summary: '检测结果 Enter screening results (ABO/RhD, ALT, HBsAg, HCV, HIV, TP)',
      params: dinParam,
      body: z.object({
        abo: aboSchema, rhd: rhdSchema, altUPerL: z.number().min(0).max(5000),
        hbsag: marker, hcv: marker, hiv: marker, tp: marker,
      }),
      response: { 200: donationSchema },
    },
  }, async (request) => recordTestResults(app.db, actionContext(app, request), request.params.din, request.body));

  app.post('/donations/:din/release', {
    preHandler: requireRole('lab'),
    schema: { tags: ['donations'], summary: '放行 Release (every result qualified)', params: dinParam, response: { 200: donationDetail } },
  }, async (request) => releaseDonation(app.db, actionContext(app, request), request.params.din));

  app.post('/donations/:din/discard', {
    preHandler: requireRole('lab', 'component_lab'),
    schema: {
      tags: ['donations'], summary: '报废 Discard with a coded reason', params: dinParam,
      body: z.object({ reasonCode: z.string().min(1).max(64), note: z.string().max(500).nullish() }),
      response: { 200: donationDetail },
    },
  }, async (request) => discardDonation(app.db, actionContext(app, request), request.params.din, request.body.reasonCode, request.body.note));

  app.post('/donations/:din/process', {
    preHandler: requireRole('component_lab'),
    schema: {
      tags: ['donations'], summary: '成分制备 Prepare components from the whole-blood bag', params: dinParam,
      body: z.object({ products: z.array(z.string().min(1).max(32)).min(1).max(6) }),
      response: { 200: z.object({ units: z.array(unitSchema) }) },
    },
  }, async (request) => processDonation(app.db, actionContext(app, request), request.params.din, request.body.products));
};
