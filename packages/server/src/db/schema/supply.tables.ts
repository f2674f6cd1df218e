/**
 * Supply chain (issue #5, first half): emergency supply (急症用血), the job runner, inventory alerts (血液预警),
 * daily inventory history and the national snapshot, replenishment proposals.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bloodOrder, bloodUnit, organisation } from './core.tables.ts';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const qty = (name: string) => numeric(name, { precision: 12, scale: 2, mode: 'number' });

/** Background jobs: claimed with `FOR UPDATE SKIP LOCKED` by the in-process worker (escalations, reminders). */
export const job = pgTable('job', {
  id: id(),
  stationId: stationId(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  runAt: tstz('run_at').notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  dedupeKey: text('dedupe_key'),
  createdAt: tstz('created_at').notNull(),
  doneAt: tstz('done_at'),
}, (t) => [
  index('job_due_idx').on(t.status, t.runAt),
  uniqueIndex('job_dedupe_uq').on(t.stationId, t.dedupeKey),
  check('job_status_ck', sql`${t.status} in ('pending','running','done','failed','cancelled')`),
]);

/** One emergency (急症用血): the patient, the phone confirmation, the paperwork afterwards, the contact ladder. */
export const emergencyRequest = pgTable('emergency_request', {
  id: id(),
  stationId: stationId(),
  requestNumber: text('request_number').notNull(),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  storagePointOrgId: ref('storage_point_org_id').references(() => organisation.id),
  patientName: text('patient_name').notNull(),
  patientAbo: text('patient_abo').notNull(),
  patientRhd: text('patient_rhd').notNull(),
  diagnosis: text('diagnosis'),
  status: text('status').notNull(),
  openedAt: tstz('opened_at').notNull(),
  openedBy: ref('opened_by').notNull(),
  phoneConfirmedAt: tstz('phone_confirmed_at'),
  phoneConfirmedBy: ref('phone_confirmed_by'),
  phoneConfirmedWith: text('phone_confirmed_with'),
  firstIssueAt: tstz('first_issue_at'),
  paperworkDueAt: tstz('paperwork_due_at'),
  paperworkCompletedAt: tstz('paperwork_completed_at'),
  paperworkCompletedBy: ref('paperwork_completed_by'),
  paperworkFormNumber: text('paperwork_form_number'),
  paperworkRemindersSent: integer('paperwork_reminders_sent').notNull().default(0),
  commLevel: integer('comm_level').notNull().default(1),
  commLevelCalledAt: tstz('comm_level_called_at'),
  commAckAt: tstz('comm_ack_at'),
  planActivatedAt: tstz('plan_activated_at'),
  planActivatedBy: ref('plan_activated_by'),
  /** Filled by the transport half (issue #5b): e.g. dispatched / in_transit / delivered. */
  transportStatus: text('transport_status'),
  reviewedAt: tstz('reviewed_at'),
  reviewedBy: ref('reviewed_by'),
  closedAt: tstz('closed_at'),
  ruleSetId: text('rule_set_id').notNull(),
}, (t) => [
  uniqueIndex('emergency_request_number_uq').on(t.stationId, t.requestNumber),
  index('emergency_request_status_idx').on(t.stationId, t.status),
  check('emergency_request_status_ck', sql`${t.status} in ('open','supplying','supplied','closed','cancelled')`),
  check('emergency_request_level_ck', sql`${t.commLevel} between 1 and 3`),
]);

/** Each phone call of an emergency with what it asks for (lines: componentClass, abo, rhd, quantity). */
export const emergencyCall = pgTable('emergency_call', {
  id: id(),
  stationId: stationId(),
  emergencyId: ref('emergency_id').notNull().references(() => emergencyRequest.id),
  callNo: integer('call_no').notNull(),
  calledAt: tstz('called_at').notNull(),
  callerName: text('caller_name'),
  lines: jsonb('lines').$type<{ componentClass: string; abo: string; rhd: string; quantity: number }[]>().notNull(),
  note: text('note'),
  recordedBy: ref('recorded_by').notNull(),
  recordedAt: tstz('recorded_at').notNull(),
}, (t) => [uniqueIndex('emergency_call_no_uq').on(t.emergencyId, t.callNo)]);

/** A unit issued to an emergency, with the tier it came from. */
export const emergencyIssue = pgTable('emergency_issue', {
  id: id(),
  stationId: stationId(),
  emergencyId: ref('emergency_id').notNull().references(() => emergencyRequest.id),
  callId: ref('call_id').notNull().references(() => emergencyCall.id),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  sourceTier: text('source_tier').notNull(),
  sourceOrgId: ref('source_org_id').notNull().references(() => organisation.id),
  componentClass: text('component_class').notNull(),
  quantity: qty('quantity').notNull(),
  issuedAt: tstz('issued_at').notNull(),
  issuedBy: ref('issued_by').notNull(),
  replenishOrderId: ref('replenish_order_id').references(() => bloodOrder.id),
}, (t) => [
  uniqueIndex('emergency_issue_unit_uq').on(t.unitId),
  index('emergency_issue_emergency_idx').on(t.emergencyId),
  check('emergency_issue_tier_ck', sql`${t.sourceTier} in ('hospital_reserve','storage_point','station')`),
]);

/** Contact log of the three-level ladder: calls, acknowledgements, escalations, reminders, plan activation. */
export const emergencyContact = pgTable('emergency_contact', {
  id: id(),
  stationId: stationId(),
  emergencyId: ref('emergency_id').notNull().references(() => emergencyRequest.id),
  level: integer('level'),
  kind: text('kind').notNull(),
  at: tstz('at').notNull(),
  actorId: ref('actor_id'),
  contactName: text('contact_name'),
  channel: text('channel'),
  note: text('note'),
}, (t) => [
  index('emergency_contact_emergency_idx').on(t.emergencyId, t.at),
  check('emergency_contact_kind_ck', sql`${t.kind} in ('call','ack','escalation','reminder','plan_activated','note','phone_confirmation','paperwork','review')`),
]);

/** Current alert level per node × component × ABO/RhD (one row each, updated on change). */
export const inventoryAlertState = pgTable('inventory_alert_state', {
  stationId: stationId(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  level: text('level').notNull(),
  days: numeric('days', { precision: 10, scale: 2, mode: 'number' }),
  since: tstz('since').notNull(),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.orgId, t.componentClass, t.abo, t.rhd] })]);

/** Append-only history of level changes (血液预警 with time). */
export const inventoryAlert = pgTable('inventory_alert', {
  id: id(),
  stationId: stationId(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  fromLevel: text('from_level'),
  toLevel: text('to_level').notNull(),
  days: numeric('days', { precision: 10, scale: 2, mode: 'number' }),
  quantity: qty('quantity').notNull(),
  avgDailyUse: qty('avg_daily_use').notNull(),
  at: tstz('at').notNull(),
  ruleSetId: text('rule_set_id').notNull(),
}, (t) => [index('inventory_alert_station_at_idx').on(t.stationId, t.at)]);

/** What was done on a level change: published, allocation cut set, orders deferred, recruitment requested. */
export const alertAction = pgTable('alert_action', {
  id: id(),
  stationId: stationId(),
  alertId: ref('alert_id').notNull().references(() => inventoryAlert.id),
  kind: text('kind').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>(),
  at: tstz('at').notNull(),
}, (t) => [
  index('alert_action_alert_idx').on(t.alertId),
  check('alert_action_kind_ck', sql`${t.kind} in ('published','allocation_cut','orders_deferred','orders_released','recruitment_requested')`),
]);

/** Alert inbox of hospitals and storage points. */
export const alertInbox = pgTable('alert_inbox', {
  id: id(),
  stationId: stationId(),
  alertId: ref('alert_id').notNull().references(() => inventoryAlert.id),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  createdAt: tstz('created_at').notNull(),
  readAt: tstz('read_at'),
  readBy: ref('read_by'),
}, (t) => [uniqueIndex('alert_inbox_uq').on(t.alertId, t.orgId), index('alert_inbox_org_idx').on(t.orgId, t.createdAt)]);

/** Elective orders deferred by a tight-balance alert (released when the level recovers). */
export const orderDeferral = pgTable('order_deferral', {
  id: id(),
  stationId: stationId(),
  orderId: ref('order_id').notNull().references(() => bloodOrder.id),
  alertId: ref('alert_id').references(() => inventoryAlert.id),
  deferredAt: tstz('deferred_at').notNull(),
  releasedAt: tstz('released_at'),
}, (t) => [index('order_deferral_order_idx').on(t.orderId)]);

/**
 * Daily inventory history per node × component × ABO/RhD: stock (qualified = released), awaiting test,
 * average daily use and days of supply. Feeds the trend charts and the national daily snapshot.
 */
export const inventoryDaily = pgTable('inventory_daily', {
  stationId: stationId(),
  day: date('day', { mode: 'string' }).notNull(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  qualifiedQuantity: qty('qualified_quantity').notNull(),
  awaitingTestQuantity: qty('awaiting_test_quantity').notNull(),
  qualifiedU: qty('qualified_u').notNull(),
  awaitingTestU: qty('awaiting_test_u').notNull(),
  avgDailyUse: qty('avg_daily_use').notNull(),
  days: numeric('days', { precision: 10, scale: 2, mode: 'number' }),
  level: text('level').notNull(),
  takenAt: tstz('taken_at').notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.day, t.orgId, t.componentClass, t.abo, t.rhd] })]);

/**
 * Stock counters (库存计数): units and quantity in a stock status (available, reserved, quarantined, issued) per
 * organisation, type and expiry day (Asia/Shanghai), so the stock dashboard reads O(types × days), not O(units).
 * Written only by the compaction (`compactStockCounters`), which folds `stock_delta` rows into it.
 */
const stockKey = {
  stationId: stationId(),
  orgId: ref('org_id').notNull(),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  status: text('status').notNull(),
  expiryDay: date('expiry_day', { mode: 'string' }).notNull(),
};
export const stockCounter = pgTable('stock_counter', {
  ...stockKey,
  units: integer('units').notNull(),
  quantity: qty('quantity').notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.orgId, t.componentClass, t.abo, t.rhd, t.status, t.expiryDay] })]);

/**
 * Stock deltas: appended by a statement-level trigger on `blood_unit` (migration 0009) for every insert, update and
 * delete that moves units into, out of or between stock keys. Append-only between compactions, so concurrent issue
 * transactions never wait on a shared counter row.
 */
export const stockDelta = pgTable('stock_delta', {
  id: id(),
  ...stockKey,
  units: integer('units').notNull(),
  quantity: qty('quantity').notNull(),
}, (t) => [index('stock_delta_org_idx').on(t.orgId, t.expiryDay)]);
