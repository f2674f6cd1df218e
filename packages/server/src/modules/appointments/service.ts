/**
 * Appointments: individual and group (团体) bookings into time slots with capacity.
 *
 * Safety and capacity:
 * - eligibility (GB 18467-2011, no exam yet) is assessed for the slot's day in the booking transaction; an
 *   ineligible donor gets 422 `DONOR_INELIGIBLE` with the reasons, and `offerDays` only offers eligible days;
 * - capacity is taken with a guarded `UPDATE time_slot SET booked = booked + 1 WHERE booked < capacity`
 *   (row lock; concurrent bookers queue on the row and the loser sees 0 rows → 409 `SLOT_FULL`), backed by a
 *   CHECK (booked ≤ capacity);
 * - one open appointment per donor (partial unique index).
 * Every change is audited; confirmations and reminders go through the outbox.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DonationType } from '@redbridge/domain/eligibility';
import type { Db, Tx } from '../../db/client.ts';
import { appointment, campaignContact, donationSite, donor, groupBooking, recruitmentCampaign, timeSlot } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { assessDonor, ineligibleError } from '../eligibility/service.ts';
import { enqueueMessage } from '../outbox/service.ts';
import { addDay, ensureSlots, getSite } from '../sites/service.ts';

export interface BookingInput {
  donorId: number;
  slotId: number;
  donationType: DonationType;
  groupBookingId?: number | null;
  channel?: 'staff' | 'donor_app' | 'campaign';
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505' || (e as { cause?: { code?: string } })?.cause?.code === '23505';

/**
 * Books a donor into a slot.
 * @throws AppError 404 (donor/slot), 422 `DONOR_INELIGIBLE` (reasons), 409 `SLOT_FULL`, 409 `ALREADY_BOOKED`,
 *   422 `SLOT_PAST` for a slot before today
 */
export async function bookAppointment(db: Db, ctx: ActionContext, input: BookingInput) {
  try {
    return await db.transaction(async (tx) => {
      const donors = await tx.select().from(donor).where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId))).for('update');
      if (!donors[0]) throw new AppError(404, 'NOT_FOUND', bilingual('献血者不存在', 'Donor not found'), [{ pointer: '/donorId', code: 'NOT_FOUND', message: bilingual('献血者不存在', 'donor not found') }]);
      const slots = await tx.select({ slot: timeSlot, siteName: donationSite.name }).from(timeSlot).innerJoin(donationSite, eq(donationSite.id, timeSlot.siteId))
        .where(and(eq(timeSlot.id, input.slotId), eq(timeSlot.stationId, ctx.user.stationId)));
      if (!slots[0]) throw new AppError(404, 'NOT_FOUND', bilingual('时段不存在', 'Slot not found'), [{ pointer: '/slotId', code: 'NOT_FOUND', message: bilingual('时段不存在', 'slot not found') }]);
      const { slot, siteName } = slots[0];
      if (slot.day < shanghaiDate(ctx.now) || (slot.day === shanghaiDate(ctx.now) && slot.endTime <= new Date(ctx.now.getTime() + 8 * 3_600_000).toISOString().slice(11, 16))) {
        throw new AppError(422, 'SLOT_PAST', bilingual('不能预约过去的日期', 'Cannot book a past day'), [{ pointer: '/slotId', code: 'SLOT_PAST', message: bilingual('时段已过', 'slot is in the past') }]);
      }
      const decision = await assessDonor(tx, ctx.user.stationId, input.donorId, slot.day, input.donationType);
      if (!decision.eligible) throw ineligibleError(decision);
      if (input.groupBookingId != null) {
        const g = await tx.select().from(groupBooking).where(and(eq(groupBooking.id, input.groupBookingId), eq(groupBooking.stationId, ctx.user.stationId)));
        if (!g[0] || g[0].status !== 'confirmed') throw notFound('Group booking', '团体预约');
      }
      const taken = await tx.update(timeSlot).set({ booked: sql`${timeSlot.booked} + 1` })
        .where(and(eq(timeSlot.id, slot.id), lt(timeSlot.booked, timeSlot.capacity))).returning({ booked: timeSlot.booked });
      if (taken.length === 0) {
        throw new AppError(409, 'SLOT_FULL', bilingual('该时段已约满，请选择其他时段', 'This slot is full; choose another'), [{ pointer: '/slotId', code: 'SLOT_FULL', message: bilingual('已约满', 'full') }]);
      }
      const [created] = await tx.insert(appointment).values({
        stationId: ctx.user.stationId, donorId: input.donorId, slotId: slot.id, groupBookingId: input.groupBookingId ?? null,
        donationType: input.donationType, status: 'booked', eligibility: decision as unknown as Record<string, unknown>,
        channel: input.channel ?? 'staff', createdAt: ctx.now, updatedAt: ctx.now,
      }).returning();
      // campaign funnel: a contacted donor who books moves to `booked`
      const contacts = await tx.select({ id: campaignContact.id, campaignId: campaignContact.campaignId }).from(campaignContact)
        .innerJoin(recruitmentCampaign, eq(recruitmentCampaign.id, campaignContact.campaignId))
        .where(and(eq(campaignContact.donorId, input.donorId), eq(campaignContact.status, 'contacted'), eq(recruitmentCampaign.status, 'active')))
        .orderBy(desc(campaignContact.contactedAt)).limit(1);
      if (contacts[0]) {
        await tx.update(campaignContact).set({ status: 'booked', bookedAt: ctx.now }).where(eq(campaignContact.id, contacts[0].id));
        await tx.update(appointment).set({ campaignId: contacts[0].campaignId }).where(eq(appointment.id, created.id));
      }
      const d = donors[0];
      if (d.phone) {
        const payload = { name: d.name, day: slot.day, time: slot.startTime, site: slot.place ? `${siteName}（${slot.place}）` : siteName };
        await enqueueMessage(tx, ctx.user.stationId, { now: ctx.now, channel: 'sms', recipient: d.phone, donorId: d.id, template: 'appointment_booked', payload, dedupeKey: `appt:${created.id}:booked` });
        // reminder at 09:00 (Asia/Shanghai) the day before; the dispatcher sends it when due
        const reminderAt = new Date(Date.parse(`${slot.day}T09:00:00+08:00`) - 86_400_000);
        await enqueueMessage(tx, ctx.user.stationId, { now: ctx.now, channel: 'sms', recipient: d.phone, donorId: d.id, template: 'appointment_reminder', payload, dedupeKey: `appt:${created.id}:reminder`, notBefore: reminderAt });
      }
      await recordAudit(tx, ctx, { action: 'appointment.book', entityType: 'appointment', entityId: created.id,
        after: { donorId: input.donorId, slotId: slot.id, day: slot.day, start: slot.startTime, groupBookingId: input.groupBookingId ?? null, ruleSetId: decision.ruleSetId } });
      return { ...created, day: slot.day, startTime: slot.startTime, endTime: slot.endTime, siteName, place: slot.place };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError(409, 'ALREADY_BOOKED', bilingual('您已有未完成的预约，请先取消', 'The donor already has an open appointment'), [{ pointer: '/donorId', code: 'ALREADY_BOOKED', message: bilingual('已有预约', 'already booked') }]);
    }
    throw e;
  }
}

type Move = 'cancel' | 'check_in' | 'no_show' | 'donated';
const FROM: Record<Move, string[]> = { cancel: ['booked'], check_in: ['booked'], no_show: ['booked'], donated: ['booked', 'checked_in'] };
const TO: Record<Move, string> = { cancel: 'cancelled', check_in: 'checked_in', no_show: 'no_show', donated: 'donated' };

/**
 * Moves an appointment: cancel (frees the place), check-in, no-show. `donorId` restricts to the donor's own.
 * @throws AppError 404, 409 `INVALID_TRANSITION`
 */
export async function moveAppointment(db: Db, ctx: ActionContext, id: number, move: Move, opts: { reason?: string | null; donorId?: number } = {}) {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(appointment).where(and(eq(appointment.id, id), eq(appointment.stationId, ctx.user.stationId))).for('update');
    const a = rows[0];
    if (!a || (opts.donorId !== undefined && a.donorId !== opts.donorId)) throw notFound('Appointment', '预约');
    if (!FROM[move].includes(a.status)) {
      throw conflict(`预约状态为 ${a.status}，不能执行此操作`, `Appointment is ${a.status}; cannot ${move}`, 'INVALID_TRANSITION');
    }
    await tx.update(appointment).set({
      status: TO[move], updatedAt: ctx.now,
      ...(move === 'cancel' ? { cancelledAt: ctx.now, cancelReason: opts.reason ?? null } : {}),
      ...(move === 'check_in' ? { checkedInAt: ctx.now } : {}),
    }).where(eq(appointment.id, id));
    if (move === 'cancel') await tx.update(timeSlot).set({ booked: sql`${timeSlot.booked} - 1` }).where(eq(timeSlot.id, a.slotId));
    await recordAudit(tx, ctx, { action: `appointment.${move}`, entityType: 'appointment', entityId: id, reason: opts.reason ?? null, before: { status: a.status }, after: { status: TO[move] } });
    return { ...a, status: TO[move] };
  });
}

export interface NewGroupBooking {
  organisationName: string; contactName: string; contactPhone: string; quota: number; day: string; siteId: number;
  startTime: string; endTime: string; place?: string | null; note?: string | null;
}

/**
 * 团体献血: reserves a dedicated slot with capacity = quota at the site on the day; members book into it.
 * @throws AppError 422 `SLOT_PAST`, 409 `CONFLICT` when the site already has a slot starting then
 */
export async function createGroupBooking(db: Db, ctx: ActionContext, input: NewGroupBooking, createdByDonorId?: number) {
  if (input.day < shanghaiDate(ctx.now)) {
    throw new AppError(422, 'SLOT_PAST', bilingual('不能预约过去的日期', 'Cannot book a past day'), [{ pointer: '/day', code: 'SLOT_PAST', message: bilingual('日期已过', 'day is in the past') }]);
  }
  if (input.endTime <= input.startTime) {
    throw new AppError(400, 'VALIDATION', bilingual('结束时间须晚于开始时间', 'End must be after start'), [{ pointer: '/endTime', code: 'RANGE', message: bilingual('结束时间须晚于开始时间', 'endTime must be after startTime') }]);
  }
  try {
    return await db.transaction(async (tx) => {
      const site = await getSite(tx, ctx.user.stationId, input.siteId);
      const [g] = await tx.insert(groupBooking).values({
        stationId: ctx.user.stationId, organisationName: input.organisationName, contactName: input.contactName, contactPhone: input.contactPhone,
        quota: input.quota, day: input.day, siteId: site.id, place: input.place ?? null, note: input.note ?? null,
        createdBy: createdByDonorId ? null : ctx.user.id, createdByDonorId: createdByDonorId ?? null, createdAt: ctx.now,
      }).returning();
      const [slot] = await tx.insert(timeSlot).values({
        stationId: ctx.user.stationId, siteId: site.id, day: input.day, startTime: input.startTime, endTime: input.endTime, capacity: input.quota,
        place: `团体：${input.organisationName}${input.place ? ` ${input.place}` : ''}`,
      }).returning();
      await enqueueMessage(tx, ctx.user.stationId, { now: ctx.now, channel: 'sms', recipient: input.contactPhone, template: 'appointment_booked',
        payload: { name: input.contactName, day: input.day, time: input.startTime, site: `${site.name}（团体 ${input.quota} 人）` }, dedupeKey: `group:${g.id}:booked` });
      await recordAudit(tx, ctx, { action: 'group_booking.create', entityType: 'group_booking', entityId: g.id, after: { ...input, slotId: slot.id } });
      return { ...g, slotId: slot.id, siteName: site.name };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'CONFLICT', bilingual('该献血点此时段已有安排，请换一个开始时间', 'The site already has a slot at that time'), [{ pointer: '/startTime', code: 'DUPLICATE', message: bilingual('时段冲突', 'slot clash') }]);
    throw e;
  }
}

export async function listGroupBookings(db: Db, stationId: number, from: string) {
  const rows = await db.select({ g: groupBooking, siteName: donationSite.name }).from(groupBooking).innerJoin(donationSite, eq(donationSite.id, groupBooking.siteId))
    .where(and(eq(groupBooking.stationId, stationId), gte(groupBooking.day, from))).orderBy(asc(groupBooking.day));
  const slots = rows.length ? await db.select().from(timeSlot).where(and(eq(timeSlot.stationId, stationId), inArray(timeSlot.day, rows.map((r) => r.g.day)))) : [];
  return rows.map(({ g, siteName }) => {
    const slot = slots.find((s) => s.siteId === g.siteId && s.day === g.day && s.place?.startsWith(`团体：${g.organisationName}`));
    return { ...g, siteName, slotId: slot?.id ?? null, booked: slot?.booked ?? 0 };
  });
}

/**
 * Days in [from, from + days) on which the donor is eligible AND some slot at the site has room — the only days
 * offered for booking.
 */
export async function offerDays(db: Db, stationId: number, donorId: number, siteId: number, donationType: DonationType, from: string, days: number, now: Date) {
  const today = shanghaiDate(now);
  const nowTime = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  return db.transaction(async (tx: Tx) => {
    const site = await getSite(tx, stationId, siteId);
    const out: { day: string; slots: { id: number; startTime: string; endTime: string; free: number; place: string | null }[] }[] = [];
    let first: Awaited<ReturnType<typeof assessDonor>> | null = null;
    for (let i = 0, d = from; i < days; i++, d = addDay(d)) {
      const decision = await assessDonor(tx, stationId, donorId, d, donationType);
      first ??= decision;
      if (!decision.eligible) continue;
      await ensureSlots(tx, site, d);
      const slots = await tx.select().from(timeSlot).where(and(eq(timeSlot.siteId, siteId), eq(timeSlot.day, d), lt(timeSlot.booked, timeSlot.capacity)))
        .orderBy(asc(timeSlot.startTime));
      const open = slots.filter((s) => !s.place?.startsWith('团体：') && (d > today || (d === today && s.startTime > nowTime)));
      if (d < today) continue;
      if (open.length > 0) out.push({ day: d, slots: open.map((s) => ({ id: s.id, startTime: s.startTime, endTime: s.endTime, free: s.capacity - s.booked, place: s.place })) });
    }
    return { days: out, decisionToday: first };
  });
}

/** A donor's appointments (newest first). */
export async function appointmentsOfDonor(db: Db, stationId: number, donorId: number) {
  return db.select({
    id: appointment.id, status: appointment.status, donationType: appointment.donationType, day: timeSlot.day, startTime: timeSlot.startTime,
    endTime: timeSlot.endTime, siteName: donationSite.name, place: timeSlot.place, groupBookingId: appointment.groupBookingId,
  }).from(appointment).innerJoin(timeSlot, eq(timeSlot.id, appointment.slotId)).innerJoin(donationSite, eq(donationSite.id, timeSlot.siteId))
    .where(and(eq(appointment.donorId, donorId), eq(appointment.stationId, stationId))).orderBy(desc(timeSlot.day), desc(appointment.id));
}

/** Appointment counts per day and site (calendar). */
export async function appointmentCalendar(db: Db, stationId: number, from: string, to: string) {
  return db.select({ day: timeSlot.day, siteId: timeSlot.siteId, siteName: donationSite.name, status: appointment.status, n: sql<number>`count(*)::int` })
    .from(appointment).innerJoin(timeSlot, eq(timeSlot.id, appointment.slotId)).innerJoin(donationSite, eq(donationSite.id, timeSlot.siteId))
    .where(and(eq(appointment.stationId, stationId), gte(timeSlot.day, from), lt(timeSlot.day, addDay(to))))
    .groupBy(timeSlot.day, timeSlot.siteId, donationSite.name, appointment.status).orderBy(asc(timeSlot.day));
}
