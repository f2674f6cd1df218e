import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, idParam, pageQuery, paged, rhdSchema } from '../../lib/http.ts';
import { getDonor, registerDonor, searchDonors } from './service.ts';
import { listDonationsOfDonor } from '../donations/service.ts';
import { donationSchema } from '../donations/routes.ts';

export const donorSchema = z.object({
  id: z.number(), donorNumber: z.string(), name: z.string(), idNumberMasked: z.string(), sex: z.string(),
  birthDate: z.string(), phone: z.string().nullable(), abo: z.string().nullable(), rhd: z.string().nullable(),
  deferredUntil: z.string().nullable(), permanentlyDeferred: z.boolean(), donationCount: z.number(),
  lastDonationAt: z.date().nullable(),
});

const readers = requireRole('donor_service', 'lab', 'component_lab', 'distribution');

export const donorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/donors', {
    preHandler: readers,
    schema: {
      tags: ['donors'], summary: '献血者查询 Search donors by name, ID number, donor number or phone',
      querystring: pageQuery.extend({ q: z.string().max(64).optional() }),
      response: { 200: paged(donorSchema) },
    },
  }, async (request) => searchDonors(app.db, requireUser(request), request.query));

  app.post('/donors', {
    preHandler: requireRole('donor_service'),
    schema: {
      tags: ['donors'], summary: '献血者登记 Register a donor (resident ID validated, GB 11643-1999)',
      body: z.object({
        idNumber: z.string().min(1).max(32),
        name: z.string().trim().min(1).max(64),
        phone: z.string().regex(/^\+?[0-9-]{5,20}$/).nullish(),
        abo: aboSchema.nullish(),
        rhd: rhdSchema.nullish(),
      }),
      response: { 201: donorSchema },
    },
  }, async (request, reply) => {
    const created = await registerDonor(app.db, actionContext(app, request), request.body);
    return reply.status(201).send(created);
  });

  app.get('/donors/:id', {
    preHandler: readers,
    schema: {
      tags: ['donors'], summary: '献血者详情 Donor detail with donations', params: idParam,
      response: { 200: donorSchema.extend({ donations: z.array(donationSchema) }) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const found = await getDonor(app.db, user, request.params.id);
    return { ...found, donations: await listDonationsOfDonor(app.db, user, request.params.id) };
  });
};
