import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { idParam } from '../../lib/http.ts';
import { labelContent, labelPrints, labelSvg, printLabel, verifyLabel } from './service.ts';

export const labelRoutes: FastifyPluginAsyncZod = async (app) => {
  const readers = requireRole('lab', 'component_lab', 'distribution');

  app.get('/labels/units/:id', {
    preHandler: readers, schema: { tags: ['labels'], summary: '标签内容 Label content (bar-code data and texts)', params: idParam },
  }, async (request) => labelContent(app.db, requireUser(request), request.params.id));

  app.get('/labels/units/:id/preview.svg', {
    preHandler: readers, schema: { tags: ['labels'], summary: '标签预览 Label preview (SVG)', params: idParam },
  }, async (request, reply) => reply.type('image/svg+xml; charset=utf-8').send(await labelSvg(app.db, requireUser(request), request.params.id)));

  app.get('/labels/units/:id/prints', {
    preHandler: readers, schema: { tags: ['labels'], summary: '打印记录 Label print history', params: idParam },
  }, async (request) => labelPrints(app.db, requireUser(request), request.params.id));

  app.post('/labels/units/:id/print', {
    preHandler: requireRole('lab', 'component_lab'),
    schema: { tags: ['labels'], summary: '打印/补打标签 Print or reprint a label (PDF; reprint needs a reason)', params: idParam, body: z.object({ reason: z.string().max(500).nullish() }) },
  }, async (request, reply) => {
    const { pdf, fontFallback } = await printLabel(app.db, actionContext(app, request), request.params.id, request.body.reason ?? null);
    return reply.type('application/pdf').header('x-label-font-fallback', String(fontFallback)).send(pdf);
  });

  app.post('/labels/units/:id/verify', {
    preHandler: readers,
    schema: {
      tags: ['labels'], summary: '标签核对 Verify scanned DIN and product bar codes against the record',
      params: idParam, body: z.object({ din: z.string().min(1).max(64), product: z.string().min(1).max(64) }),
      response: { 200: z.object({ ok: z.boolean(), problems: z.array(z.object({ code: z.string(), message: z.string() })) }) },
    },
  }, async (request) => verifyLabel(app.db, actionContext(app, request), request.params.id, request.body.din, request.body.product));
};
