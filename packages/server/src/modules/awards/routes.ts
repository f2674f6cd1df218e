/** Honours API: honour cards, award cycles, candidate lists and their Excel/CSV export. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { idParam, pageQuery } from '../../lib/http.ts';
import {
  evaluateCycle, exportCandidates, finaliseCycle, issueHonourCard, listCandidates, listCycles, listHonourCards, setHonourCardStatus,
} from './service.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式 YYYY-MM-DD / date must be YYYY-MM-DD');
const staff = requireRole('donor_service');
const readers = requireRole('donor_service', 'health_commission_viewer');

export const awardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/honour-cards', {
    preHandler: staff,
    schema: {
      tags: ['awards'], summary: '荣誉卡 Honour cards (无偿献血荣誉卡/证)',
      querystring: pageQuery.extend({ status: z.enum(['active', 'suspended', 'revoked']).optional(), q: z.string().max(64).optional() }),
    },
  }, async (request) => listHonourCards(app.db, requireUser(request), request.query));

  app.post('/honour-cards', {
    preHandler: staff,
    schema: {
      tags: ['awards'], summary: '发放荣誉卡 Issue an honour card',
      body: z.object({ donorId: z.number().int().positive(), reason: z.string().trim().min(1).max(500) }),
    },
  }, async (request, reply) => reply.status(201).send(await issueHonourCard(app.db, actionContext(app, request), request.body)));

  app.post('/honour-cards/:id/status', {
    preHandler: staff,
    schema: {
      tags: ['awards'], params: idParam, summary: '荣誉卡状态 Suspend, reactivate or revoke an honour card',
      body: z.object({ status: z.enum(['active', 'suspended', 'revoked']), reason: z.string().trim().min(1).max(500) }),
    },
  }, async (request) => setHonourCardStatus(app.db, actionContext(app, request), request.params.id, request.body));

  app.get('/award-cycles', {
    preHandler: readers,
    schema: { tags: ['awards'], summary: '表彰周期 Award cycles' },
  }, async (request) => listCycles(app.db, requireUser(request)));

  app.post('/award-cycles', {
    preHandler: staff,
    schema: {
      tags: ['awards'], summary: '评审候选名单 Evaluate (or re-evaluate) the candidate list of an award cycle (2022 measures)',
      body: z.object({ name: z.string().trim().min(1).max(100), cycleStart: day, cycleEnd: day }),
    },
  }, async (request, reply) => reply.status(201).send(await evaluateCycle(app.db, actionContext(app, request), request.body)));

  app.get('/award-cycles/:id/candidates', {
    preHandler: readers,
    schema: {
      tags: ['awards'], params: idParam, summary: '候选名单 Candidates of a cycle',
      querystring: pageQuery.extend({ level: z.enum(['bronze', 'silver', 'gold', 'lifetime']).optional() }),
    },
  }, async (request) => listCandidates(app.db, requireUser(request), request.params.id, request.query));

  app.get('/award-cycles/:id/export', {
    preHandler: readers,
    schema: {
      tags: ['awards'], params: idParam, summary: '导出候选名单 Export the candidate list (xlsx or csv) for the health commission',
      querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    },
  }, async (request, reply) => {
    const file = await exportCandidates(app.db, actionContext(app, request), request.params.id, request.query.format);
    return reply.type(file.mediaType).header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-row-count', String(file.rows)).send(file.body);
  });

  app.post('/award-cycles/:id/finalise', {
    preHandler: staff,
    schema: {
      tags: ['awards'], params: idParam, summary: '定稿 Finalise a cycle: candidates become awards held',
      body: z.object({ reason: z.string().trim().min(1).max(500) }),
    },
  }, async (request) => finaliseCycle(app.db, actionContext(app, request), request.params.id, request.body.reason));
};
