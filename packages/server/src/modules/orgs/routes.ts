import { z } from 'zod';
import { and, eq, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { organisation } from '../../db/schema/index.ts';
import { requireUser } from '../../plugins/auth.ts';

const orgSchema = z.object({
  id: z.number(), code: z.string(), name: z.string(), nameEn: z.string().nullable(), type: z.string(),
  parentId: z.number().nullable(), licenceNumber: z.string().nullable(),
});

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/orgs', {
    schema: { tags: ['system'], summary: '机构 Organisations visible to the user', response: { 200: z.object({ items: z.array(orgSchema) }) } },
  }, async (request) => {
    const user = requireUser(request);
    const cols = {
      id: organisation.id, code: organisation.code, name: organisation.name, nameEn: organisation.nameEn,
      type: organisation.type, parentId: organisation.parentId, licenceNumber: organisation.licenceNumber,
    };
    const scope = user.orgType === 'hospital' || user.orgType === 'storage_point'
      ? and(eq(organisation.stationId, user.stationId), or(eq(organisation.id, user.orgId), eq(organisation.type, 'station')))
      : eq(organisation.stationId, user.stationId);
    const items = await app.db.select(cols).from(organisation).where(scope).orderBy(organisation.type, organisation.code);
    return { items };
  });
};
