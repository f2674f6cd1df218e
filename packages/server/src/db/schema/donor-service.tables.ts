/**
 * Donor service (issue #3): donation sites (献血屋, 采血车, 献血网格 points), weekly schedules, time slots with
 * capacity, appointments (individual and group 团体), deferrals across the deployment (屏蔽), the outbox, targeted
 * recruitment campaigns, donor app sign-in codes and sessions, paperless pre-donation records.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { donation, donor } from './core.tables.ts';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday): `[["08:30","17:30"]]`; absent = closed. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export const donationSite = pgTable('donation_site', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** fixed_house 献血屋 · vehicle 采血车 · grid_point 献血网格采血点 */
  kind: text('kind').notNull(),
  gridName: text('grid_name'),
  town: text('town'),
  address: text('address'),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  openingHours: jsonb('opening_hours').$type<OpeningHours>().notNull().default({}),
  slotMinutes: integer('slot_minutes').notNull().default(60),
  slotCapacity: integer('slot_capacity').notNull().default(6),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('donation_site_code_uq').on(t.stationId, t.code),
  check('donation_site_kind_ck', sql`${t.kind} in ('fixed_house','vehicle','grid_point')`),
  check('donation_site_slot_ck', sql`${t.slotMinutes} > 0 and ${t.slotCapacity} >= 0`),
]);

/** A vehicle's weekly stop: weekday, town/point with coordinates, hours. */
export const vehicleSchedule = pgTable('vehicle_schedule', {
  id: id(),
  stationId: stationId(),
  siteId: ref('site_id').notNull().references(() => donationSite.id),
  weekday: smallint('weekday').notNull(),
  town: text('town').notNull(),
  place: text('place').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  startTime: text('start_time').notNull(),
  endTime: text('end_time').notNull(),
}, (t) => [
  index('vehicle_schedule_site_idx').on(t.siteId),
  check('vehicle_schedule_weekday_ck', sql`${t.weekday} between 1 and 7`),
]);

/** Bookable time slot; `booked` ≤ `capacity` is enforced by a guarded UPDATE and a CHECK. */
export const timeSlot = pgTable('time_slot', {
  id: id(),
  stationId: stationId(),
  siteId: ref('site_id').notNull().references(() => donationSite.id),
  day: date('day', { mode: 'string' }).notNull(),
  startTime: text('start_time').notNull(),
  endTime: text('end_time').notNull(),
  capacity: integer('capacity').notNull(),
  booked: integer('booked').notNull().default(0),
  place: text('place'),
}, (t) => [
  uniqueIndex('time_slot_site_day_start_uq').on(t.siteId, t.day, t.startTime),
  index('time_slot_station_day_idx').on(t.stationId, t.day),
  check('time_slot_capacity_ck', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
]);

/** 团体献血: an organisation books a quota at a site on a day. */
export const groupBooking = pgTable('group_booking', {
  id: id(),
  stationId: stationId(),
  organisationName: text('organisation_name').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  quota: integer('quota').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  siteId: ref('site_id').notNull().references(() => donationSite.id),
  place: text('place'),
  status: text('status').notNull().default('confirmed'),
  note: text('note'),
  createdByDonorId: ref('created_by_donor_id'),
  createdBy: ref('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('group_booking_day_idx').on(t.stationId, t.day),
  check('group_booking_quota_ck', sql`${t.quota} > 0`),
  check('group_booking_status_ck', sql`${t.status} in ('confirmed','cancelled','completed')`),
]);

export const appointment = pgTable('appointment', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  slotId: ref('slot_id').notNull().references(() => timeSlot.id),
  groupBookingId: ref('group_booking_id').references(() => groupBooking.id),
  campaignId: ref('campaign_id'),
  donationType: text('donation_type').notNull(),
  status: text('status').notNull(),
  /** Eligibility decision at booking (with ruleSetId). */
  eligibility: jsonb('eligibility').$type<Record<string, unknown>>().notNull(),
  channel: text('channel').notNull().default('staff'),
  donationId: ref('donation_id').references(() => donation.id),
  checkedInAt: tstz('checked_in_at'),
  cancelledAt: tstz('cancelled_at'),
  cancelReason: text('cancel_reason'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  index('appointment_slot_idx').on(t.slotId),
  index('appointment_donor_idx').on(t.donorId),
  // one open appointment per donor
  uniqueIndex('appointment_donor_open_uq').on(t.donorId).where(sql`status in ('booked','checked_in')`),
  check('appointment_status_ck', sql`${t.status} in ('booked','checked_in','donated','no_show','cancelled')`),
  check('appointment_type_ck', sql`${t.donationType} in ('whole_blood','apheresis_platelets')`),
  check('appointment_channel_ck', sql`${t.channel} in ('staff','donor_app','campaign')`),
]);

/**
 * Deferral on the donor record (屏蔽). Looked up by resident ID number across every station of the deployment.
 * `until` null = permanent.
 */
export const donorDeferral = pgTable('donor_deferral', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  idNumber: text('id_number').notNull(),
  code: text('code').notNull(),
  fromDay: date('from_day', { mode: 'string' }).notNull(),
  until: date('until', { mode: 'string' }),
  note: text('note'),
  createdBy: ref('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [index('donor_deferral_id_number_idx').on(t.idNumber)]);

/** Donor contact preferences and home location (for "near an open site"). */
export const donorProfile = pgTable('donor_profile', {
  donorId: ref('donor_id').primaryKey().references(() => donor.id),
  stationId: stationId(),
  optOutRecruitment: boolean('opt_out_recruitment').notNull().default(false),
  preferredChannel: text('preferred_channel').notNull().default('sms'),
  wechatOpenId: text('wechat_open_id'),
  homeLat: doublePrecision('home_lat'),
  homeLon: doublePrecision('home_lon'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [check('donor_profile_channel_ck', sql`${t.preferredChannel} in ('sms','wechat','phone')`)]);

/**
 * Transactional outbox: rows written in the business transaction; a dispatcher claims due rows with
 * `FOR UPDATE SKIP LOCKED`, sends through the channel adapter and marks them sent (idempotent by `dedupe_key`).
 */
export const outboxMessage = pgTable('outbox_message', {
  id: id(),
  stationId: stationId(),
  channel: text('channel').notNull(),
  recipient: text('recipient').notNull(),
  donorId: ref('donor_id'),
  template: text('template').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  providerRef: text('provider_ref'),
  sentAt: tstz('sent_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('outbox_dedupe_uq').on(t.dedupeKey),
  index('outbox_due_idx').on(t.status, t.nextAttemptAt),
  check('outbox_channel_ck', sql`${t.channel} in ('sms','wechat','phone_task')`),
  check('outbox_status_ck', sql`${t.status} in ('pending','sent','dead')`),
]);

export const recruitmentCampaign = pgTable('recruitment_campaign', {
  id: id(),
  stationId: stationId(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  componentClass: text('component_class'),
  reason: text('reason').notNull(),
  alertLevel: text('alert_level'),
  targetDate: date('target_date', { mode: 'string' }).notNull(),
  size: integer('size').notNull(),
  quietDays: integer('quiet_days').notNull(),
  status: text('status').notNull().default('active'),
  createdBy: ref('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  check('recruitment_campaign_reason_ck', sql`${t.reason} in ('manual','inventory_alert')`),
  check('recruitment_campaign_status_ck', sql`${t.status} in ('active','closed')`),
  check('recruitment_campaign_abo_ck', sql`${t.abo} in ('O','A','B','AB')`),
  check('recruitment_campaign_rhd_ck', sql`${t.rhd} in ('POS','NEG')`),
]);

export const campaignContact = pgTable('campaign_contact', {
  id: id(),
  stationId: stationId(),
  campaignId: ref('campaign_id').notNull().references(() => recruitmentCampaign.id),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  rank: integer('rank').notNull(),
  probability: doublePrecision('probability').notNull(),
  channel: text('channel').notNull(),
  siteId: ref('site_id'),
  distanceKm: doublePrecision('distance_km'),
  status: text('status').notNull().default('contacted'),
  contactedAt: tstz('contacted_at').notNull(),
  bookedAt: tstz('booked_at'),
  donatedAt: tstz('donated_at'),
}, (t) => [
  uniqueIndex('campaign_contact_uq').on(t.campaignId, t.donorId),
  index('campaign_contact_donor_idx').on(t.donorId, t.contactedAt),
  check('campaign_contact_status_ck', sql`${t.status} in ('contacted','booked','donated')`),
]);

/** One-time sign-in codes for the donor app: only a SHA-256 of the code is stored. */
export const donorOtp = pgTable('donor_otp', {
  id: id(),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [index('donor_otp_phone_idx').on(t.phone, t.createdAt)]);

export const donorSession = pgTable('donor_session', {
  tokenHash: text('token_hash').primaryKey(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  stationId: stationId(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at').notNull(),
});

/**
 * Paperless pre-donation record (无纸化采血): questionnaire answers, physical exam, the eligibility decision,
 * donor consent with a drawn signature (PNG data URL) and SHA-256 of the signed content, staff signature.
 * Immutable once `signed_at` is set (trigger `predonation_record_immutable`).
 */
export const predonationRecord = pgTable('predonation_record', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  appointmentId: ref('appointment_id').references(() => appointment.id),
  donationId: ref('donation_id').references(() => donation.id),
  day: date('day', { mode: 'string' }).notNull(),
  donationType: text('donation_type').notNull(),
  answers: jsonb('answers').$type<{ code: string; date?: string }[]>().notNull(),
  exam: jsonb('exam').$type<Record<string, number>>().notNull(),
  decision: jsonb('decision').$type<Record<string, unknown>>().notNull(),
  consentText: text('consent_text').notNull(),
  donorSignature: text('donor_signature'),
  contentSha256: text('content_sha256'),
  staffId: ref('staff_id'),
  staffSignedAt: tstz('staff_signed_at'),
  signedAt: tstz('signed_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [index('predonation_record_donor_idx').on(t.donorId)]);

/** Station appeals and notices (倡议书 / 公告) shown in the donor app. */
export const stationNotice = pgTable('station_notice', {
  id: id(),
  stationId: stationId(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  publishedAt: tstz('published_at').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('station_notice_station_idx').on(t.stationId, t.publishedAt),
  check('station_notice_kind_ck', sql`${t.kind} in ('appeal','notice')`),
]);
