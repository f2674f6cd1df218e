import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole } from '../../plugins/auth.ts';
import { processScannedBatch } from './service.ts';

export const processingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/processing/scan', {
    preHandler: requireRole('component_lab'),
    schema: {
      tags: ['processing'], summary: '扫码制备 Process scanned bags (wash, freeze, deglycerolise, cryo, FFP→FP), all or nothing',
      body: z.object({
        items: z.array(z.object({
          din: z.string().min(13).max(20), product: z.string().min(10).max(12), toProductId: z.string().min(1).max(32),
          volumeMl: z.number().int().positive().max(1000).nullish(), weightG: z.number().positive().max(2000).nullish(),
        })).min(1).max(100),
      }),
    },
  }, async (request) => processScannedBatch(app.db, actionContext(app, request), request.body.items));
};
