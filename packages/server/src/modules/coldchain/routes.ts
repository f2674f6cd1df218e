import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { componentClassSchema, idParam } from '../../lib/http.ts';
import {
  acknowledgeAlarm, createDevice, createShipment, createVehicle, deviceReadings, getShipment, listAlarms, listDevices, listShipments, listVehicles,
  recordReading, scanMissingReadings, scanShipment, shipmentStatusForOrder,
} from './service.ts';

const code = z.string().trim().regex(/^[A-Za-z0-9_-]{2,32}$/);
const tempC = z.number().min(-90).max(60);
const staff = ['distribution', 'hospital_transfusion', 'component_lab'] as const;

export const coldChainRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/cold-devices', {
    preHandler: requireRole(...staff),
    schema: { tags: ['cold-chain'], summary: '冷链设备 Cold-chain devices with last reading and alarms' },
  }, async (request) => listDevices(app.db, requireUser(request), app.clock()));

  app.post('/cold-devices', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: {
      tags: ['cold-chain'], summary: '登记冷链设备 Register a device',
      body: z.object({ code, name: z.string().trim().min(1).max(64), kind: z.enum(['refrigerator', 'freezer', 'platelet_incubator', 'transport_box']),
        componentClass: componentClassSchema, orgId: z.number().int().positive().optional(), location: z.string().max(64).nullish() }),
    },
  }, async (request, reply) => reply.status(201).send(await createDevice(app.db, actionContext(app, request), request.body)));

  app.post('/cold-devices/:id/readings', {
    preHandler: requireRole(...staff),
    schema: {
      tags: ['cold-chain'], summary: '温度记录 Record a temperature (at least every 4 h, WS 399)', params: idParam,
      body: z.object({ tempC, at: z.coerce.date().optional(), source: z.enum(['manual', 'auto']).default('manual') }),
    },
  }, async (request) => recordReading(app.db, actionContext(app, request), request.params.id, request.body));

  app.get('/cold-devices/:id/readings', {
    preHandler: requireRole(...staff),
    schema: { tags: ['cold-chain'], summary: '温度曲线 Readings and log gaps', params: idParam,
      querystring: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }) },
  }, async (request) => deviceReadings(app.db, requireUser(request), request.params.id, request.query, app.clock()));

  app.get('/cold-alarms', {
    preHandler: requireRole(...staff),
    schema: { tags: ['cold-chain'], summary: '冷链报警 Alarms', querystring: z.object({ open: z.enum(['true', 'false']).optional() }) },
  }, async (request) => listAlarms(app.db, requireUser(request), { open: request.query.open === 'true' }));

  app.post('/cold-alarms/scan', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['cold-chain'], summary: '漏记检查 Open missing-reading alarms (> 4 h without a reading)' },
  }, async (request) => scanMissingReadings(app.db, requireUser(request).stationId, app.clock()));

  app.post('/cold-alarms/:id/ack', {
    preHandler: requireRole(...staff),
    schema: { tags: ['cold-chain'], summary: '确认报警 Acknowledge an alarm', params: idParam, body: z.object({ note: z.string().trim().min(1).max(500) }) },
  }, async (request) => acknowledgeAlarm(app.db, actionContext(app, request), request.params.id, request.body.note));

  app.get('/vehicles', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['transport'], summary: '车辆 Vehicles' },
  }, async (request) => listVehicles(app.db, requireUser(request)));

  app.post('/vehicles', {
    preHandler: requireRole('distribution'),
    schema: { tags: ['transport'], summary: '登记车辆 Register a vehicle', body: z.object({ code, plate: z.string().trim().min(5).max(16) }) },
  }, async (request, reply) => reply.status(201).send(await createVehicle(app.db, actionContext(app, request), request.body)));

  app.get('/shipments', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: { tags: ['transport'], summary: '运输看板 Shipments board',
      querystring: z.object({ status: z.string().max(100).optional(), orderId: z.coerce.number().int().positive().optional() }) },
  }, async (request) => listShipments(app.db, requireUser(request), request.query));

  app.get('/shipments/:id', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: { tags: ['transport'], summary: '运输单 Shipment', params: idParam },
  }, async (request) => getShipment(app.db, requireUser(request), request.params.id));

  app.post('/shipments', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: {
      tags: ['transport'], summary: '新建运输 Plan a delivery (送), pickup (取) or combined run (送取结合)',
      body: z.object({ mode: z.enum(['delivery', 'pickup', 'combined']), orderId: z.number().int().positive().nullish(), toOrgId: z.number().int().positive().nullish(),
        toName: z.string().max(64).nullish(), componentClass: componentClassSchema, vehicleId: z.number().int().positive().nullish(),
        boxDeviceId: z.number().int().positive().nullish(), carrierName: z.string().max(64).nullish() }),
    },
  }, async (request, reply) => reply.status(201).send(await createShipment(app.db, actionContext(app, request), request.body)));

  app.post('/shipments/:id/scans', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: {
      tags: ['transport'], summary: '交接扫描 Handover scan with temperature (WS/T 400)', params: idParam,
      body: z.object({ step: z.enum(['load', 'depart', 'handover', 'arrive', 'receive']), tempC, partyName: z.string().max(64).nullish(),
        location: z.string().max(64).nullish(), at: z.coerce.date().optional() }),
    },
  }, async (request) => scanShipment(app.db, actionContext(app, request), request.params.id, request.body));

  app.get('/orders/:id/shipment-status', {
    preHandler: requireRole('distribution', 'hospital_transfusion'),
    schema: { tags: ['transport'], summary: '订单运输状态 Transport status of an order (emergency board)', params: idParam },
  }, async (request) => (await shipmentStatusForOrder(app.db, requireUser(request), request.params.id)) ?? { status: 'none' });
};
