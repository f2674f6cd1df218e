/** Donor app API under `/api/m/…` (cookie `rb_donor`, CSRF header on every state change). */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, bilingual } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appointmentsOfDonor, bookAppointment, createGroupBooking, moveAppointment, offerDays } from '../appointments/service.ts';
import { listSites, openSites } from '../sites/service.ts';
import {
  certificate, DONOR_COOKIE, DONOR_SESSION_HOURS, donorActionContext, donorHistory, donorProfileView, endDonorSession, loadDonorSession,
  notices, requestCode, verifyCode, type DonorPrincipal,
} from './service.ts';
import { setOptOut } from '../recruitment/service.ts';
import { donorOwnBenefits } from '../benefits/service.ts';

const phone = z.string().regex(/^1\d{10}$/, '11 位手机号 / 11-digit mobile number');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const idParam = z.object({ id: z.coerce.number().int().positive() });
const any = z.any();

export const donorAppRoutes: FastifyPluginAsyncZod = async (app) => {
  const principal = async (request: FastifyRequest): Promise<DonorPrincipal> => {
    const token = request.cookies[DONOR_COOKIE];
    const p = token ? await loadDonorSession(app.db, token, app.clock()) : null;
    if (!p) throw new AppError(401, 'UNAUTHENTICATED', bilingual('请先用手机号登录', 'Please sign in with your phone'));
    return p;
  };
  const csrf = (request: FastifyRequest, reply: FastifyReply) => new Promise<void>((resolve, reject) => {
    app.csrfProtection(request, reply, (err?: unknown) => (err ? reject(err) : resolve()));
  });
  const ctx = (p: DonorPrincipal, request: FastifyRequest) => donorActionContext(p, String(request.id), app.clock(), app.config.stationCode);
  const rateLimit = { rateLimit: { max: Math.max(10, app.config.loginRateLimitPerMinute), timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => `m:${req.ip}` } };

  app.post('/m/auth/code', {
    config: rateLimit,
    schema: { tags: ['donor-app'], summary: '获取验证码 Send a one-time sign-in code (through the outbox)', body: z.object({ phone }), response: { 202: any } },
  }, async (request, reply) => reply.status(202).send(await requestCode(app.db, request.body.phone, app.clock())));

  app.post('/m/auth/verify', {
    config: rateLimit,
    schema: { tags: ['donor-app'], summary: '验证码登录 Sign in with the code', body: z.object({ phone, code: z.string().regex(/^\d{6}$/) }), response: { 200: any } },
  }, async (request, reply) => {
    const { token, principal: p } = await verifyCode(app.db, request.body.phone, request.body.code, app.clock());
    reply.setCookie(DONOR_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.config.cookieSecure, maxAge: DONOR_SESSION_HOURS * 3600 });
    return { donor: await donorProfileView(app.db, p), csrfToken: reply.generateCsrf() };
  });

  app.post('/m/auth/logout', { schema: { tags: ['donor-app'], summary: '退出 Sign out' } }, async (request, reply) => {
    const token = request.cookies[DONOR_COOKIE];
    if (token) await endDonorSession(app.db, token);
    reply.clearCookie(DONOR_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/m/me', { schema: { tags: ['donor-app'], summary: '我的 Profile, honours, next appointment', response: { 200: any } } }, async (request, reply) => {
    const p = await principal(request);
    const appts = await appointmentsOfDonor(app.db, p.stationId, p.donorId);
    return { donor: await donorProfileView(app.db, p), next: appts.find((a) => a.status === 'booked') ?? null, csrfToken: reply.generateCsrf() };
  });

  app.get('/m/sites/open', {
    schema: { tags: ['donor-app'], summary: '今日开放献血点 Nearest open sites today', querystring: z.object({ lat: z.coerce.number().min(-90).max(90).optional(), lon: z.coerce.number().min(-180).max(180).optional(), day: day.optional() }), response: { 200: any } },
  }, async (request) => {
    const p = await principal(request);
    const q = request.query;
    return openSites(app.db, p.stationId, q.day ?? shanghaiDate(app.clock()), q.lat !== undefined && q.lon !== undefined ? { lat: q.lat, lon: q.lon } : undefined);
  });

  app.get('/m/sites', { schema: { tags: ['donor-app'], summary: '献血点 Active sites (houses, vehicles, grid points)', response: { 200: any } } }, async (request) => {
    const p = await principal(request);
    return (await listSites(app.db, p.stationId)).filter((s) => s.active).map((s) => ({
      id: s.id, name: s.name, kind: s.kind, town: s.town, address: s.address, gridName: s.gridName,
      schedule: s.schedule.map((x) => ({ weekday: x.weekday, town: x.town, place: x.place, startTime: x.startTime, endTime: x.endTime })),
    }));
  });

  app.get('/m/offer', {
    schema: { tags: ['donor-app'], summary: '可预约日期 Days I may book (eligible, with room)', querystring: z.object({ siteId: z.coerce.number().int().positive(), donationType: z.enum(['whole_blood', 'apheresis_platelets']).default('whole_blood'), days: z.coerce.number().int().min(1).max(30).default(14) }), response: { 200: any } },
  }, async (request) => {
    const p = await principal(request);
    return offerDays(app.db, p.stationId, p.donorId, request.query.siteId, request.query.donationType, shanghaiDate(app.clock()), request.query.days, app.clock());
  });

  app.get('/m/appointments', { schema: { tags: ['donor-app'], summary: '我的预约 My appointments', response: { 200: any } } }, async (request) => {
    const p = await principal(request);
    return appointmentsOfDonor(app.db, p.stationId, p.donorId);
  });

  app.post('/m/appointments', {
    schema: { tags: ['donor-app'], summary: '预约献血 Book', body: z.object({ slotId: z.number().int().positive(), donationType: z.enum(['whole_blood', 'apheresis_platelets']).default('whole_blood'), groupBookingId: z.number().int().positive().nullish() }), response: { 201: any } },
  }, async (request, reply) => {
    const p = await principal(request);
    await csrf(request, reply);
    return reply.status(201).send(await bookAppointment(app.db, ctx(p, request), { ...request.body, donorId: p.donorId, channel: 'donor_app' }));
  });

  app.post('/m/appointments/:id/cancel', {
    schema: { tags: ['donor-app'], summary: '取消预约 Cancel my appointment', params: idParam, response: { 200: any } },
  }, async (request, reply) => {
    const p = await principal(request);
    await csrf(request, reply);
    return moveAppointment(app.db, ctx(p, request), request.params.id, 'cancel', { donorId: p.donorId, reason: '献血者自行取消 / cancelled by donor' });
  });

  app.post('/m/group-bookings', {
    schema: { tags: ['donor-app'], summary: '团体预约 Book a group donation for an organisation',
      body: z.object({ organisationName: z.string().trim().min(1).max(100), contactName: z.string().trim().min(1).max(64), contactPhone: phone,
        quota: z.number().int().min(2).max(200), day, siteId: z.number().int().positive(), startTime: time, endTime: time, place: z.string().max(100).nullish() }),
      response: { 201: any } },
  }, async (request, reply) => {
    const p = await principal(request);
    await csrf(request, reply);
    return reply.status(201).send(await createGroupBooking(app.db, ctx(p, request), request.body, p.donorId));
  });

  app.get('/m/donations', { schema: { tags: ['donor-app'], summary: '献血记录 My donations (privacy outcome, where it went)', response: { 200: any } } }, async (request) =>
    donorHistory(app.db, await principal(request)));

  app.get('/m/donations/:id/certificate', { schema: { tags: ['donor-app'], summary: '电子献血证 Certificate', params: idParam, response: { 200: any } } }, async (request) =>
    certificate(app.db, await principal(request), request.params.id));

  app.get('/m/benefits', { schema: { tags: ['donor-app'], summary: '用血减免 My and my family\'s blood-fee entitlement and deductions (R67, R69)', response: { 200: any } } }, async (request) => {
    const p = await principal(request);
    return donorOwnBenefits(app.db, p.stationId, p.donorId, app.clock());
  });

  app.get('/m/notices', { schema: { tags: ['donor-app'], summary: '倡议书与公告 Appeals and notices', response: { 200: any } } }, async (request) =>
    notices(app.db, (await principal(request)).stationId, app.clock()));

  app.post('/m/recruitment-opt-out', {
    schema: { tags: ['donor-app'], summary: '退订招募信息 Opt out of recruitment messages', body: z.object({ optOut: z.boolean() }), response: { 200: any } },
  }, async (request, reply) => {
    const p = await principal(request);
    await csrf(request, reply);
    return setOptOut(app.db, ctx(p, request), p.donorId, request.body.optOut);
  });
};
