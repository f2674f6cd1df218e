import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { aboSchema, componentClassSchema, idParam, rhdSchema } from '../../lib/http.ts';
import {
  approveTransfer, authenticatePeer, getTransfer, listPeers, listTransfers, ownStockPosition, peerReceiveRequest, peerReceiveShipment, peerStatusUpdate,
  receiveTransfer, regionalStock, rejectTransfer, requestTransfer, resendTransfer, shipTransfer, upsertPeer,
} from './service.ts';
import type { SignedHeaders } from './peer-auth.ts';

declare module 'fastify' {
  interface FastifyRequest { rawBody?: string }
}

const lineSchema = z.object({ componentClass: componentClassSchema, abo: aboSchema, rhd: rhdSchema, quantity: z.number().positive().max(100_000) });
const manifestUnitSchema = z.object({
  din: z.string().regex(/^[A-Z0-9]{13}$/), productId: z.string().max(32), productCode: z.string().max(16), splitCode: z.string().max(4),
  componentClass: componentClassSchema, abo: aboSchema, rhd: rhdSchema, volumeMl: z.number().int().positive(), quantity: z.number().positive(),
  quantityUnit: z.enum(['U', 'dose', 'ml']), collectedAt: z.string().datetime({ offset: true }), preparedAt: z.string().datetime({ offset: true }),
  expiresAt: z.string().datetime({ offset: true }), donorNumber: z.string().max(32).nullable(),
});
const keyParam = z.object({ key: z.string().uuid() });

/** Station-to-station API: signed requests only (no cookies). */
const peerApi: FastifyPluginAsyncZod = async (app) => {
  // Keep the exact body text: the signature covers it.
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (request, body, done) => {
    (request as FastifyRequest).rawBody = body as string;
    try {
      done(null, body ? JSON.parse(body as string) : {});
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  const peerOf = (request: FastifyRequest) => authenticatePeer(app.db, {
    method: request.method, path: request.url, rawBody: request.rawBody ?? '', headers: request.headers as Partial<SignedHeaders>, now: app.clock(),
  });

  app.get('/peer/v1/stock', {
    schema: { tags: ['regional'], summary: '协作血站：库存位置 Peer: our stock position (signed)' },
  }, async (request) => {
    const peer = await peerOf(request);
    return ownStockPosition(app.db, peer.stationId, app.config.stationCode, app.clock());
  });

  app.post('/peer/v1/transfers', {
    schema: {
      tags: ['regional'], summary: '协作血站：调剂申请 Peer: a transfer request (signed)',
      body: z.object({ transferKey: z.string().uuid(), transferNumber: z.string().max(40), lines: z.array(lineSchema).min(1).max(20),
        reason: z.string().max(500).nullish(), urgency: z.enum(['routine', 'emergency']), requestedAt: z.coerce.date() }),
    },
  }, async (request) => {
    const peer = await peerOf(request);
    return peerReceiveRequest(app.db, peer, app.clock(), request.body);
  });

  app.post('/peer/v1/transfers/:key/shipment', {
    schema: {
      tags: ['regional'], summary: '协作血站：发运清单 Peer: shipment manifest (signed)', params: keyParam,
      body: z.object({ manifest: z.array(manifestUnitSchema).min(1).max(2000), shippedAt: z.coerce.date().optional() }),
    },
  }, async (request) => {
    const peer = await peerOf(request);
    return peerReceiveShipment(app.db, peer, app.clock(), request.params.key, request.body);
  });

  app.post('/peer/v1/transfers/:key/status', {
    schema: {
      tags: ['regional'], summary: '协作血站：状态回执 Peer: rejected / received (signed)', params: keyParam,
      body: z.object({ status: z.enum(['rejected', 'received']), note: z.string().max(500).nullish(), tempC: z.number().min(-90).max(60).nullish() }),
    },
  }, async (request) => {
    const peer = await peerOf(request);
    return peerStatusUpdate(app.db, peer, app.clock(), request.params.key, request.body);
  });
};

const transferSchema = z.object({
  id: z.number(), transferKey: z.string(), transferNumber: z.string(), side: z.string(), peerCode: z.string(), peerName: z.string().nullable(),
  status: z.string(), lines: z.array(z.object({ componentClass: z.string(), abo: z.string(), rhd: z.string(), quantity: z.number() })),
  reason: z.string().nullable(), urgency: z.string(), decisionNote: z.string().nullable(), receiptTempC: z.number().nullable(),
  requestedAt: z.date(), approvedAt: z.date().nullable(), shippedAt: z.date().nullable(), receivedAt: z.date().nullable(),
  manifest: z.array(z.unknown()), manifestUnits: z.number(),
});
const transferDetail = transferSchema.extend({
  units: z.array(z.object({ id: z.number(), unitId: z.number().nullable(), din: z.string(), productCode: z.string(), status: z.string().nullable() })),
});

export const regionalRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(peerApi);

  app.get('/peers', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '协作血站 Peer stations', response: { 200: z.array(z.object({
      id: z.number(), code: z.string(), name: z.string(), baseUrl: z.string(), active: z.boolean() })) } },
  }, async (request) => listPeers(app.db, requireUser(request)));

  app.post('/peers', {
    preHandler: requireRole(),
    schema: {
      tags: ['regional'], summary: '配置协作血站 Add or update a peer station (station admin)',
      body: z.object({ code: z.string().regex(/^[A-Z0-9]{5}$/), name: z.string().trim().min(1).max(64), baseUrl: z.string().url().max(200),
        secret: z.string().min(32).max(200), active: z.boolean().optional() }),
    },
  }, async (request) => upsertPeer(app.db, actionContext(app, request), request.body));

  app.get('/regional/stock', {
    preHandler: requireRole('distribution', 'health_commission_viewer'),
    schema: { tags: ['regional'], summary: '区域库存 Regional view: days of supply at this station and its peers' },
  }, async (request) => regionalStock(app.db, actionContext(app, request)));

  app.get('/transfers', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '调剂单 Regional transfers', querystring: z.object({ status: z.string().max(100).optional() }), response: { 200: z.array(transferSchema) } },
  }, async (request) => listTransfers(app.db, requireUser(request), request.query));

  app.get('/transfers/:id', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '调剂单详情 Transfer', params: idParam, response: { 200: transferDetail } },
  }, async (request) => getTransfer(app.db, requireUser(request), request.params.id));

  app.post('/transfers', {
    preHandler: requireRole('distribution'),
    schema: {
      tags: ['regional'], summary: '申请调剂 Request a transfer from a peer station',
      body: z.object({ peerCode: z.string().regex(/^[A-Z0-9]{5}$/), lines: z.array(lineSchema).min(1).max(20), reason: z.string().max(500).nullish(),
        urgency: z.enum(['routine', 'emergency']).default('routine') }),
      response: { 201: transferDetail },
    },
  }, async (request, reply) => reply.status(201).send(await requestTransfer(app.db, actionContext(app, request), request.body)));

  app.post('/transfers/:id/approve', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '批准调剂 Approve (reserve units FEFO, identical type)', params: idParam,
      body: z.object({ note: z.string().max(500).nullish() }).default({}), response: { 200: transferDetail } },
  }, async (request) => approveTransfer(app.db, actionContext(app, request), request.params.id, request.body.note));

  app.post('/transfers/:id/reject', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '拒绝调剂 Reject', params: idParam, body: z.object({ note: z.string().trim().min(1).max(500) }), response: { 200: transferDetail } },
  }, async (request) => rejectTransfer(app.db, actionContext(app, request), request.params.id, request.body.note));

  app.post('/transfers/:id/ship', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '调剂发运 Ship (units leave stock; manifest sent)', params: idParam,
      body: z.object({ carrierName: z.string().max(64).nullish(), tempC: z.number().min(-90).max(60).nullish() }).default({}), response: { 200: transferDetail } },
  }, async (request) => shipTransfer(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/transfers/:id/resend', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '重发清单 Resend the manifest', params: idParam, response: { 200: transferDetail } },
  }, async (request) => resendTransfer(app.db, actionContext(app, request), request.params.id));

  app.post('/transfers/:id/receive', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['regional'], summary: '调剂接收 Receive into stock (temperature checked)', params: idParam,
      body: z.object({ tempC: z.number().min(-90).max(60) }), response: { 200: transferDetail } },
  }, async (request) => receiveTransfer(app.db, actionContext(app, request), request.params.id, request.body));
};
