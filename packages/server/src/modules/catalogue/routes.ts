import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listProducts } from '@redbridge/domain/components';
import { requireUser } from '../../plugins/auth.ts';

export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/catalogue/products', {
    schema: { tags: ['units'], summary: '血液成分目录 Component catalogue (GB 18469-2012 / WS 399-2012)', response: { 200: z.object({ items: z.array(z.unknown()) }) } },
  }, async (request) => {
    requireUser(request);
    return { items: [...listProducts()] };
  });
};
