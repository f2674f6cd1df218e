/** Staff routes of the donor service (issue #3): eligibility, sites, slots, day sheet, appointments, groups, recruitment, outbox. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, requireRole, requireUser } from '../plugins/auth.ts';
import { aboSchema, idParam, rhdSchema } from '../lib/http.ts';
import { shanghaiDate } from '../lib/time.ts';
import { assessDonor } from './eligibility/service.ts';
import { ELIGIBILITY_REGISTRY } from '@redbridge/domain/eligibility';
import {
  appointmentCalendar, bookAppointment, createGroupBooking, listGroupBookings, moveAppointment, offerDays,
} from './appointments/service.ts';
import type { OpeningHours } from '../db/schema/index.ts';
import { coverageView, createSite, daySheet, listSites, openSites, slotsFor, vehicleVisitProposals } from './sites/service.ts';
import { campaignContacts, listCampaigns, setOptOut, startRecruitmentCampaign } from './recruitment/service.ts';
import { outboxStats } from './outbox/service.ts';
import { desc, eq } from 'drizzle-orm';
import { outboxMessage } from '../db/schema/index.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const donationType = z.enum(['whole_blood', 'apheresis_platelets']);
const phone = z.string().regex(/^\+?[0-9-]{5,20}$/);
const reasonSchema = z.object({ code: z.string(), message: z.string(), source: z.string(), kind: z.string(), until: z.string().optional() });
export const decisionSchema = z.object({
  eligible: z.boolean(), eligibleFrom: z.string().nullable(), reasons: z.array(reasonSchema), ruleSetId: z.string(), checksPending: z.array(z.string()),
});
const any = z.any();

export const donorServiceRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = requireRole('donor_service');

  app.get('/eligibility/donors/:id', {
    preHandler: staff,
    schema: { tags: ['eligibility'], summary: '献血资格评估 Assess a donor (GB 18467-2011) for a day', params: idParam,
      querystring: z.object({ day: day.optional(), donationType: donationType.default('whole_blood') }), response: { 200: decisionSchema } },
  }, async (request) => {
    const user = requireUser(request);
    const d = await assessDonor(app.db, user.stationId, request.params.id, request.query.day ?? shanghaiDate(app.clock()), request.query.donationType);
    return { ...d, reasons: [...d.reasons], checksPending: [...d.checksPending] };
  });

  app.get('/eligibility/answer-codes', {
    preHandler: staff,
    schema: { tags: ['eligibility'], summary: '健康征询答案代码 Questionnaire answer codes of the rule set in force', response: { 200: any } },
  }, async (request) => {
    const set = ELIGIBILITY_REGISTRY.inForce(app.clock(), String(requireUser(request).stationId));
    const d = set.data;
    return {
      ruleSetId: set.id,
      temporary: Object.entries(d.temporaryDeferrals).map(([code, r]) => ({ code, zh: r.zh, en: r.en, period: r.period })),
      permanent: Object.entries(d.permanentDeferrals).map(([code, r]) => ({ code, zh: r.zh, en: r.en })),
    };
  });

  app.get('/sites', { preHandler: staff, schema: { tags: ['sites'], summary: '献血点 Sites with vehicle schedules', response: { 200: z.array(any) } } },
    async (request) => listSites(app.db, requireUser(request).stationId));

  app.post('/sites', {
    preHandler: requireRole('station_admin', 'donor_service'),
    schema: { tags: ['sites'], summary: '新建献血点 Create a site (献血屋 / 采血车 / 网格点)',
      body: z.object({
        code: z.string().trim().min(1).max(32), name: z.string().trim().min(1).max(64), kind: z.enum(['fixed_house', 'vehicle', 'grid_point']),
        gridName: z.string().max(64).nullish(), town: z.string().max(64).nullish(), address: z.string().max(200).nullish(),
        lat: z.number().min(-90).max(90).nullish(), lon: z.number().min(-180).max(180).nullish(),
        openingHours: z.record(z.string().regex(/^[1-7]$/, 'ISO weekday 1–7'), z.array(z.tuple([time, time])).max(4)).optional(),
        slotMinutes: z.number().int().min(10).max(240).optional(), slotCapacity: z.number().int().min(0).max(200).optional(),
        schedule: z.array(z.object({ weekday: z.number().int().min(1).max(7), town: z.string().min(1).max(64), place: z.string().min(1).max(100),
          lat: z.number().min(-90).max(90).nullish(), lon: z.number().min(-180).max(180).nullish(), startTime: time, endTime: time })).max(50).optional(),
      }), response: { 201: any } },
  }, async (request, reply) => reply.status(201).send(await createSite(app.db, actionContext(app, request), { ...request.body, openingHours: request.body.openingHours as OpeningHours | undefined })));

  app.get('/sites/:id/slots', {
    preHandler: staff,
    schema: { tags: ['sites'], summary: '时段 Slots with free places', params: idParam, querystring: z.object({ from: day, to: day }), response: { 200: z.array(any) } },
  }, async (request) => slotsFor(app.db, requireUser(request).stationId, request.params.id, request.query.from, request.query.to));

  app.get('/sites/:id/day-sheet', {
    preHandler: staff,
    schema: { tags: ['sites'], summary: '当日预约表 Day sheet', params: idParam, querystring: z.object({ day }), response: { 200: any } },
  }, async (request) => daySheet(app.db, requireUser(request).stationId, request.params.id, request.query.day));

  app.get('/sites/open', {
    preHandler: staff,
    schema: { tags: ['sites'], summary: '当日开放献血点 Sites open on a day', querystring: z.object({ day: day.optional() }), response: { 200: z.array(any) } },
  }, async (request) => openSites(app.db, requireUser(request).stationId, request.query.day ?? shanghaiDate(app.clock())));

  app.get('/coverage', {
    preHandler: staff,
    schema: { tags: ['sites'], summary: '半小时献血圈 Coverage (travel minutes to the nearest site)', response: { 200: any } },
  }, async (request) => coverageView(app.db, requireUser(request).stationId, app.clock()));

  app.get('/vehicle-visits/proposals', {
    preHandler: staff,
    schema: { tags: ['sites'], summary: '采血车上门建议 Proposed vehicle visits from clustered bookings', querystring: z.object({ from: day, to: day }), response: { 200: z.array(any) } },
  }, async (request) => vehicleVisitProposals(app.db, requireUser(request).stationId, request.query.from, request.query.to, app.clock()));

  app.get('/appointments/offer', {
    preHandler: staff,
    schema: { tags: ['appointments'], summary: '可预约日期 Eligible days with free slots',
      querystring: z.object({ donorId: z.coerce.number().int().positive(), siteId: z.coerce.number().int().positive(), donationType: donationType.default('whole_blood'), from: day.optional(), days: z.coerce.number().int().min(1).max(60).default(14) }),
      response: { 200: any } },
  }, async (request) => {
    const q = request.query;
    return offerDays(app.db, requireUser(request).stationId, q.donorId, q.siteId, q.donationType, q.from ?? shanghaiDate(app.clock()), q.days, app.clock());
  });

  app.post('/appointments', {
    preHandler: staff,
    schema: { tags: ['appointments'], summary: '预约 Book (eligibility and capacity enforced)',
      body: z.object({ donorId: z.number().int().positive(), slotId: z.number().int().positive(), donationType: donationType.default('whole_blood'), groupBookingId: z.number().int().positive().nullish() }),
      response: { 201: any } },
  }, async (request, reply) => reply.status(201).send(await bookAppointment(app.db, actionContext(app, request), { ...request.body, channel: 'staff' })));

  for (const [path, move] of [['cancel', 'cancel'], ['check-in', 'check_in'], ['no-show', 'no_show']] as const) {
    app.post(`/appointments/:id/${path}`, {
      preHandler: staff,
      schema: { tags: ['appointments'], summary: `${move === 'cancel' ? '取消' : move === 'check_in' ? '签到' : '爽约'} ${move}`, params: idParam,
        body: z.object({ reason: z.string().max(200).nullish() }).optional(), response: { 200: any } },
    }, async (request) => moveAppointment(app.db, actionContext(app, request), request.params.id, move, { reason: request.body?.reason ?? null }));
  }

  app.get('/appointments/calendar', {
    preHandler: staff,
    schema: { tags: ['appointments'], summary: '预约日历 Appointment counts per day and site', querystring: z.object({ from: day, to: day }), response: { 200: z.array(any) } },
  }, async (request) => appointmentCalendar(app.db, requireUser(request).stationId, request.query.from, request.query.to));

  const groupBody = z.object({
    organisationName: z.string().trim().min(1).max(100), contactName: z.string().trim().min(1).max(64), contactPhone: phone,
    quota: z.number().int().min(1).max(500), day, siteId: z.number().int().positive(), startTime: time, endTime: time,
    place: z.string().max(100).nullish(), note: z.string().max(500).nullish(),
  });
  app.post('/group-bookings', {
    preHandler: staff,
    schema: { tags: ['appointments'], summary: '团体预约 Group booking (organisation, contact, quota, day, place)', body: groupBody, response: { 201: any } },
  }, async (request, reply) => reply.status(201).send(await createGroupBooking(app.db, actionContext(app, request), request.body)));

  app.get('/group-bookings', {
    preHandler: staff,
    schema: { tags: ['appointments'], summary: '团体预约列表 Group bookings', querystring: z.object({ from: day.optional() }), response: { 200: z.array(any) } },
  }, async (request) => listGroupBookings(app.db, requireUser(request).stationId, request.query.from ?? shanghaiDate(app.clock())));

  app.post('/recruitment/campaigns', {
    preHandler: staff,
    schema: { tags: ['recruitment'], summary: '精准招募 Start a targeted recruitment campaign',
      body: z.object({ abo: aboSchema, rhd: rhdSchema, componentClass: z.enum(['whole_blood', 'red_cells', 'platelets', 'plasma', 'cryo']).optional(),
        targetDate: day, size: z.number().int().min(1).max(1000).optional(), quietDays: z.number().int().min(0).max(365).optional() }),
      response: { 201: any } },
  }, async (request, reply) => reply.status(201).send(await startRecruitmentCampaign(app.db, actionContext(app, request), { ...request.body, reason: 'manual' })));

  app.get('/recruitment/campaigns', {
    preHandler: staff, schema: { tags: ['recruitment'], summary: '招募活动与漏斗 Campaigns with funnel', response: { 200: z.array(any) } },
  }, async (request) => listCampaigns(app.db, requireUser(request).stationId));

  app.get('/recruitment/campaigns/:id/contacts', {
    preHandler: staff, schema: { tags: ['recruitment'], summary: '招募名单 Ranked contact list', params: idParam, response: { 200: z.array(any) } },
  }, async (request) => campaignContacts(app.db, requireUser(request).stationId, request.params.id));

  app.post('/donors/:id/recruitment-opt-out', {
    preHandler: staff,
    schema: { tags: ['recruitment'], summary: '退订招募 Donor opt-out of recruitment messages', params: idParam, body: z.object({ optOut: z.boolean() }), response: { 200: any } },
  }, async (request) => setOptOut(app.db, actionContext(app, request), request.params.id, request.body.optOut));

  app.get('/outbox', {
    preHandler: staff,
    schema: { tags: ['outbox'], summary: '消息发件箱 Outbox (latest 100) and counts', response: { 200: any } },
  }, async (request) => {
    const user = requireUser(request);
    const latest = await app.db.select().from(outboxMessage).where(eq(outboxMessage.stationId, user.stationId)).orderBy(desc(outboxMessage.id)).limit(100);
    return { stats: await outboxStats(app.db, user.stationId), latest };
  });
};
