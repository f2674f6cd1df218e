/**
 * RedBridge relational schema (PostgreSQL 15 dialect; runs unchanged on PGlite).
 *
 * Conventions (docs/architecture.md): bigint identity keys; `station_id` (the tenant, a future Citus
 * distribution key) on every row; times as timestamptz; ABO/RhD as text with CHECK constraints
 * (never char(n), which pads); status columns as text checked against the domain unions; history
 * tables (`unit_event`, `audit_log`) are append-only.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const aboCheck = (col: string) => sql.raw(`${col} is null or ${col} in ('O','A','B','AB')`);
const rhdCheck = (col: string) => sql.raw(`${col} is null or ${col} in ('POS','NEG')`);

export const organisation = pgTable('organisation', {
  id: id(),
  stationId: ref('station_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  type: text('type').notNull(),
  parentId: ref('parent_id').references((): AnyPgColumn => organisation.id),
  licenceNumber: text('licence_number'),
  isbtFacilityCode: text('isbt_facility_code'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('organisation_code_uq').on(t.code),
  check('organisation_type_ck', sql`${t.type} in ('station','storage_point','hospital','health_commission')`),
]);

export const appUser = pgTable('app_user', {
  id: id(),
  stationId: stationId(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('app_user_username_uq').on(t.username)]);

export const userSession = pgTable('user_session', {
  tokenHash: text('token_hash').primaryKey(),
  userId: ref('user_id').notNull().references(() => appUser.id),
  stationId: stationId(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at').notNull(),
});

export const donor = pgTable('donor', {
  id: id(),
  stationId: stationId(),
  donorNumber: text('donor_number').notNull(),
  idNumber: text('id_number').notNull(),
  name: text('name').notNull(),
  sex: text('sex').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  phone: text('phone'),
  abo: text('abo'),
  rhd: text('rhd'),
  deferredUntil: date('deferred_until', { mode: 'string' }),
  permanentlyDeferred: boolean('permanently_deferred').notNull().default(false),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('donor_station_id_number_uq').on(t.stationId, t.idNumber),
  uniqueIndex('donor_station_number_uq').on(t.stationId, t.donorNumber),
  index('donor_name_idx').on(t.stationId, t.name),
  check('donor_abo_ck', aboCheck('abo')),
  check('donor_rhd_ck', rhdCheck('rhd')),
  check('donor_sex_ck', sql`${t.sex} in ('male','female')`),
]);

/** Per-station, per-year DIN serial counter; claimed with a row lock (UPDATE … RETURNING). */
export const dinSequence = pgTable('din_sequence', {
  stationId: stationId(),
  year: integer('year').notNull(),
  nextSerial: integer('next_serial').notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.year] })]);

export const donation = pgTable('donation', {
  id: id(),
  stationId: stationId(),
  din: text('din').notNull(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  siteOrgId: ref('site_org_id'),
  donationType: text('donation_type').notNull().default('whole_blood'),
  volumeMl: integer('volume_ml').notNull(),
  anticoagulant: text('anticoagulant').notNull().default('CPDA-1'),
  bagLot: text('bag_lot'),
  collectedAt: tstz('collected_at').notNull(),
  status: text('status').notNull(),
  abo: text('abo'),
  rhd: text('rhd'),
  testConclusion: text('test_conclusion'),
  testResults: jsonb('test_results').$type<Record<string, unknown>>(),
  testReasons: jsonb('test_reasons').$type<unknown[]>(),
  testedAt: tstz('tested_at'),
  testedBy: ref('tested_by'),
  releasedAt: tstz('released_at'),
  releasedBy: ref('released_by'),
  discardReason: text('discard_reason'),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('donation_din_uq').on(t.din),
  index('donation_donor_idx').on(t.donorId),
  index('donation_station_status_idx').on(t.stationId, t.status),
  check('donation_status_ck', sql`${t.status} in ('collected','tested','released','discarded','processed')`),
  check('donation_volume_ck', sql`${t.volumeMl} > 0`),
  check('donation_abo_ck', aboCheck('abo')),
  check('donation_rhd_ck', rhdCheck('rhd')),
]);

export const bloodUnit = pgTable('blood_unit', {
  id: id(),
  stationId: stationId(),
  din: text('din').notNull(),
  donationId: ref('donation_id').references(() => donation.id),
  parentUnitId: ref('parent_unit_id').references((): AnyPgColumn => bloodUnit.id),
  productId: text('product_id').notNull(),
  productCode: text('product_code').notNull(),
  splitCode: text('split_code').notNull().default('00'),
  componentClass: text('component_class').notNull(),
  abo: text('abo'),
  rhd: text('rhd'),
  volumeMl: integer('volume_ml').notNull(),
  quantity: numeric('quantity', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  quantityUnit: text('quantity_unit').notNull(),
  status: text('status').notNull(),
  released: boolean('released').notNull().default(false),
  labelled: boolean('labelled').notNull().default(false),
  recalled: boolean('recalled').notNull().default(false),
  locationOrgId: ref('location_org_id').notNull().references(() => organisation.id),
  orderId: ref('order_id'),
  collectedAt: tstz('collected_at').notNull(),
  preparedAt: tstz('prepared_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('blood_unit_din_product_split_uq').on(t.din, t.productCode, t.splitCode),
  index('blood_unit_stock_idx').on(t.stationId, t.status, t.componentClass, t.abo, t.rhd, t.expiresAt),
  // The units list's default order (expiry, then id) within a status: a page without sorting every unit.
  index('blood_unit_status_expiry_idx').on(t.stationId, t.status, t.expiresAt, t.id),
  // blood_unit_location_expiry_idx (location, status, expiry) INCLUDE (type, quantity) is in migration 0009 (a covering
  // index: drizzle cannot declare INCLUDE); the stock counters read the day's edge from it without visiting the table,
  // and it serves every (location, status) lookup (it replaced blood_unit_location_idx).
  index('blood_unit_donation_idx').on(t.donationId),
  index('blood_unit_order_idx').on(t.orderId),
  check('blood_unit_status_ck', sql`${t.status} in ('quarantined','available','reserved','issued','transfused','processed','discarded','expired','recalled')`),
  check('blood_unit_class_ck', sql`${t.componentClass} in ('whole_blood','red_cells','platelets','plasma','cryo')`),
  check('blood_unit_qty_unit_ck', sql`${t.quantityUnit} in ('U','dose','ml')`),
  check('blood_unit_abo_ck', aboCheck('abo')),
  check('blood_unit_rhd_ck', rhdCheck('rhd')),
]);

/** Append-only unit event log: the vein-to-vein trace (collection … transfusion). */
export const unitEvent = pgTable('unit_event', {
  id: id(),
  stationId: stationId(),
  unitId: ref('unit_id').references(() => bloodUnit.id),
  donationId: ref('donation_id').references(() => donation.id),
  din: text('din').notNull(),
  type: text('type').notNull(),
  at: tstz('at').notNull(),
  actorId: ref('actor_id'),
  orgId: ref('org_id'),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  reason: text('reason'),
  details: jsonb('details').$type<Record<string, unknown>>(),
}, (t) => [index('unit_event_din_idx').on(t.din, t.at), index('unit_event_unit_idx').on(t.unitId)]);

export const bloodOrder = pgTable('blood_order', {
  id: id(),
  stationId: stationId(),
  orderNumber: text('order_number').notNull(),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  status: text('status').notNull(),
  priority: text('priority').notNull(),
  /** routine / scheduled (择期, planned surgery) / replenishment (reserve top-up down the three tiers). */
  kind: text('kind').notNull().default('routine'),
  /** Elective use: deferred first under a tight-balance alert. */
  elective: boolean('elective').notNull().default(false),
  /** Hospital-side approval tier of the requested volume (医疗机构临床用血管理办法 Art. 20). */
  approvalTier: text('approval_tier'),
  approvedBy: text('approved_by'),
  neededBy: tstz('needed_by').notNull(),
  note: text('note'),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  issuedAt: tstz('issued_at'),
  receivedAt: tstz('received_at'),
}, (t) => [
  uniqueIndex('blood_order_number_uq').on(t.stationId, t.orderNumber),
  index('blood_order_status_idx').on(t.stationId, t.status),
  check('blood_order_status_ck', sql`${t.status} in ('submitted','allocated','issued','received','cancelled')`),
  check('blood_order_priority_ck', sql`${t.priority} in ('routine','emergency')`),
  check('blood_order_kind_ck', sql`${t.kind} in ('routine','scheduled','replenishment')`),
]);

export const orderLine = pgTable('order_line', {
  id: id(),
  stationId: stationId(),
  orderId: ref('order_id').notNull().references(() => bloodOrder.id),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  quantity: numeric('quantity', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  allocatedQuantity: numeric('allocated_quantity', { precision: 10, scale: 2, mode: 'number' }).notNull().default(0),
}, (t) => [
  index('order_line_order_idx').on(t.orderId),
  check('order_line_abo_ck', aboCheck('abo')),
  check('order_line_rhd_ck', rhdCheck('rhd')),
  check('order_line_qty_ck', sql`${t.quantity} > 0`),
]);

export const orderAllocation = pgTable('order_allocation', {
  id: id(),
  stationId: stationId(),
  orderId: ref('order_id').notNull().references(() => bloodOrder.id),
  lineId: ref('line_id').notNull().references(() => orderLine.id),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('order_allocation_unit_uq').on(t.unitId), index('order_allocation_order_idx').on(t.orderId)]);

export const transfusion = pgTable('transfusion', {
  id: id(),
  stationId: stationId(),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  patientName: text('patient_name').notNull(),
  patientIdNumber: text('patient_id_number'),
  patientAbo: text('patient_abo').notNull(),
  patientRhd: text('patient_rhd').notNull(),
  ward: text('ward'),
  bed: text('bed'),
  wardIssueId: ref('ward_issue_id'),
  transfusedAt: tstz('transfused_at').notNull(),
  endedAt: tstz('ended_at'),
  volumeMl: integer('volume_ml'),
  outcome: text('outcome'),
  recordedBy: ref('recorded_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('transfusion_unit_uq').on(t.unitId)]);

/** Append-only audit trail: who, when, why, before/after of every state change (质规 11.4, R7/R10). */
export const auditLog = pgTable('audit_log', {
  id: id(),
  stationId: ref('station_id'),
  at: tstz('at').notNull().defaultNow(),
  actorId: ref('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  reason: text('reason'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
}, (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_station_at_idx').on(t.stationId, t.at)]);

/** Daily issue history used for days-of-supply (trailing average daily use). */
export const dailyIssue = pgTable('daily_issue', {
  stationId: stationId(),
  day: date('day', { mode: 'string' }).notNull(),
  orgId: ref('org_id').notNull(),
  componentClass: text('component_class').notNull(),
  abo: text('abo').notNull(),
  rhd: text('rhd').notNull(),
  quantity: numeric('quantity', { precision: 12, scale: 2, mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.day, t.orgId, t.componentClass, t.abo, t.rhd] })]);
