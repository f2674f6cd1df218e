/**
 * Builds the Fastify application: plugins (security headers, cookies, CSRF, rate limit, OpenAPI),
 * the problem+json error handler, authentication, feature modules under `/api`, and the built web UI.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import { openDatabase, type Database, type Db } from './db/client.ts';
import { registerProblemHandler } from './plugins/problem.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerModules } from './modules/index.ts';
import { wireAlertRecompute, wireAlertRecruitment } from './modules/alerts/recruitment-wiring.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: AppConfig;
    /** The clock; tests may pin it. */
    clock: () => Date;
  }
}

export interface BuildOptions {
  /** Use an existing database handle (tests); otherwise a pool is opened from `config.databaseUrl`. */
  database?: Database;
  clock?: () => Date;
  logger?: boolean;
}

export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const database = options.database ?? openDatabase(config.databaseUrl, config.poolMax);
  app.decorate('db', database.db);
  app.decorate('config', config);
  app.decorate('clock', options.clock ?? (() => new Date()));
  if (!options.database) app.addHook('onClose', async () => database.close());
  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id); });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, signed: false },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'RedBridge API', description: '血站信息管理系统 · Blood establishment computer system', version: '0.1.0' },
      tags: [
        { name: 'auth' }, { name: 'donors' }, { name: 'donations' }, { name: 'units' }, { name: 'inventory' },
        { name: 'orders' }, { name: 'audit' }, { name: 'system' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  registerProblemHandler(app, fs.existsSync(config.webDistDir) ? config.webDistDir : null);
  registerAuth(app);
  await app.register(registerModules, { prefix: '/api' });
  wireAlertRecruitment(config.stationCode, app.clock, (err) => app.log.warn({ err }, 'recruitment campaign for an inventory alert failed'));
  wireAlertRecompute();

  if (fs.existsSync(config.webDistDir)) {
    await app.register(fastifyStatic, { root: config.webDistDir, prefix: '/', wildcard: false });
  }
  return app;
}
