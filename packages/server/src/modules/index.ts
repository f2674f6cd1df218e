/** Mounts every feature module under `/api`. Each module owns its routes, service and SQL. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { AppError, bilingual } from '../lib/problem.ts';
import { authRoutes } from './auth/routes.ts';
import { orgRoutes } from './orgs/routes.ts';
import { donorRoutes } from './donors/routes.ts';
import { donationRoutes } from './donations/routes.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { inventoryRoutes } from './inventory/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { benefitRoutes } from './benefits/routes.ts';
import { awardRoutes } from './awards/routes.ts';
import { emergencyRoutes } from './emergency/routes.ts';
import { alertRoutes } from './alerts/routes.ts';
import { reserveRoutes } from './reserve/routes.ts';
import { donorServiceRoutes } from './donor-service.routes.ts';
import { donorAppRoutes } from './donor-app/routes.ts';
import { predonationRoutes } from './predonation/routes.ts';
import { traceabilityRoutes } from './traceability/routes.ts';
import { regionalRoutes } from './regional/routes.ts';
import { coldChainRoutes } from './coldchain/routes.ts';
import { bloodBankRoutes } from './bloodbank/routes.ts';
import { labRoutes } from './lab/routes.ts';
import { labelRoutes } from './labels/routes.ts';
import { qcRoutes } from './qc/routes.ts';
import { processingRoutes } from './processing/routes.ts';

export const registerModules: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    schema: { tags: ['system'], summary: '健康检查 Health (database reachable)', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => {
    try {
      await app.db.execute(sql`select 1`);
    } catch {
      throw new AppError(503, 'DATABASE_UNAVAILABLE', bilingual('数据库不可用', 'Database unreachable'));
    }
    return { status: 'ok' as const };
  });
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(catalogueRoutes);
  await app.register(donorRoutes);
  await app.register(donationRoutes);
  await app.register(unitRoutes);
  await app.register(inventoryRoutes);
  await app.register(orderRoutes);
  await app.register(auditRoutes);
  await app.register(benefitRoutes);
  await app.register(awardRoutes);
  await app.register(emergencyRoutes);
  await app.register(alertRoutes);
  await app.register(reserveRoutes);
  await app.register(donorServiceRoutes);
  await app.register(donorAppRoutes);
  await app.register(predonationRoutes);
  await app.register(traceabilityRoutes);
  await app.register(regionalRoutes);
  await app.register(coldChainRoutes);
  await app.register(bloodBankRoutes);
  await app.register(labRoutes);
  await app.register(labelRoutes);
  await app.register(qcRoutes);
  await app.register(processingRoutes);
};
