/**
 * Issue 5 (second half): reader ingestion, regional transfers between peer stations, transport and cold chain,
 * and the hospital blood bank (crossmatch, ward issue with a two-person check, reactions, returns).
 * PostgreSQL 15 SQL only; every row carries `station_id`.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bloodOrder, bloodUnit, organisation, transfusion } from './core.tables.ts';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const temp = (name: string) => numeric(name, { precision: 5, scale: 1, mode: 'number' });

// ---------------------------------------------------------------------------------------------------------------
// RFID / barcode readers

/** A registered reader (fixed gate, handheld, fridge antenna): where it is and what a read there means. */
export const readerDevice = pgTable('reader_device', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  location: text('location').notNull(),
  /** The unit event a read at this reader records. */
  eventType: text('event_type').notNull(),
  /** sha256 of the reader's API key (hex). */
  keyHash: text('key_hash').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reader_device_code_uq').on(t.stationId, t.code),
  check('reader_device_event_ck', sql`${t.eventType} in ('store_in','storage','store_out','transport','handover','receipt','reader_scan')`),
]);

/**
 * One tag read as ingested. The natural key (reader, tag, read time) makes ingestion idempotent: a replayed
 * batch hits the unique index and writes no second event.
 */
export const readerRead = pgTable('reader_read', {
  id: id(),
  stationId: stationId(),
  readerId: ref('reader_id').notNull().references(() => readerDevice.id),
  tag: text('tag').notNull(),
  readAt: tstz('read_at').notNull(),
  receivedAt: tstz('received_at').notNull(),
  din: text('din'),
  productCode: text('product_code'),
  unitId: ref('unit_id').references(() => bloodUnit.id),
  outcome: text('outcome').notNull(),
  tempC: temp('temp_c'),
}, (t) => [
  uniqueIndex('reader_read_natural_uq').on(t.stationId, t.readerId, t.tag, t.readAt),
  index('reader_read_received_idx').on(t.stationId, t.receivedAt),
  check('reader_read_outcome_ck', sql`${t.outcome} in ('event','unknown_unit','bad_tag')`),
]);

// ---------------------------------------------------------------------------------------------------------------
// Regional transfers (区域联动)

/** A peer station this station exchanges blood with, and the shared secret that signs requests both ways. */
export const peerStation = pgTable('peer_station', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  baseUrl: text('base_url').notNull(),
  /** Shared HMAC-SHA256 secret (both sides hold the same value). */
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('peer_station_code_uq').on(t.stationId, t.code)]);

/** Nonces of accepted signed peer requests (replay protection within the timestamp window). */
export const peerNonce = pgTable('peer_nonce', {
  stationId: stationId(),
  peerCode: text('peer_code').notNull(),
  nonce: text('nonce').notNull(),
  at: tstz('at').notNull(),
}, (t) => [primaryKey({ columns: [t.stationId, t.peerCode, t.nonce] })]);

/**
 * A transfer between two stations, as seen by one of them (`side`): the requester's and the supplier's rows
 * share `transfer_key` (a UUID made by the requester).
 */
export const regionalTransfer = pgTable('regional_transfer', {
  id: id(),
  stationId: stationId(),
  transferKey: text('transfer_key').notNull(),
  transferNumber: text('transfer_number').notNull(),
  side: text('side').notNull(),
  peerCode: text('peer_code').notNull(),
  status: text('status').notNull(),
  lines: jsonb('lines').$type<{ componentClass: string; abo: string; rhd: string; quantity: number }[]>().notNull(),
  reason: text('reason'),
  urgency: text('urgency').notNull().default('routine'),
  manifest: jsonb('manifest').$type<unknown[]>(),
  decisionNote: text('decision_note'),
  receiptTempC: temp('receipt_temp_c'),
  requestedAt: tstz('requested_at').notNull(),
  approvedAt: tstz('approved_at'),
  shippedAt: tstz('shipped_at'),
  receivedAt: tstz('received_at'),
  createdBy: ref('created_by'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  uniqueIndex('regional_transfer_key_uq').on(t.stationId, t.transferKey),
  index('regional_transfer_status_idx').on(t.stationId, t.status),
  check('regional_transfer_side_ck', sql`${t.side} in ('requester','supplier')`),
  check('regional_transfer_status_ck', sql`${t.status} in ('requested','approved','shipped','received','rejected','cancelled')`),
  check('regional_transfer_urgency_ck', sql`${t.urgency} in ('routine','emergency')`),
]);

/** Units shipped on a transfer (supplier: its own unit ids; requester: the units created on receipt). */
export const transferUnit = pgTable('transfer_unit', {
  id: id(),
  stationId: stationId(),
  transferId: ref('transfer_id').notNull().references(() => regionalTransfer.id),
  unitId: ref('unit_id').references(() => bloodUnit.id),
  din: text('din').notNull(),
  productCode: text('product_code').notNull(),
  splitCode: text('split_code').notNull(),
}, (t) => [uniqueIndex('transfer_unit_uq').on(t.transferId, t.din, t.productCode, t.splitCode)]);

/** Where a unit received from a peer station came from (its DIN, product code and expiry are kept as labelled). */
export const unitOrigin = pgTable('unit_origin', {
  unitId: ref('unit_id').primaryKey().references(() => bloodUnit.id),
  stationId: stationId(),
  originStationCode: text('origin_station_code').notNull(),
  originStationName: text('origin_station_name'),
  transferId: ref('transfer_id').references(() => regionalTransfer.id),
  donorNumber: text('donor_number'),
});

// ---------------------------------------------------------------------------------------------------------------
// Transport and cold chain

/** A cold-chain device: refrigerator, freezer, platelet incubator/agitator or transport box. */
export const coldDevice = pgTable('cold_device', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  componentClass: text('component_class').notNull(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
  location: text('location'),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cold_device_code_uq').on(t.stationId, t.code),
  check('cold_device_kind_ck', sql`${t.kind} in ('refrigerator','freezer','platelet_incubator','transport_box')`),
  check('cold_device_class_ck', sql`${t.componentClass} in ('whole_blood','red_cells','platelets','plasma','cryo')`),
]);

export const temperatureReading = pgTable('temperature_reading', {
  id: id(),
  stationId: stationId(),
  deviceId: ref('device_id').notNull().references(() => coldDevice.id),
  at: tstz('at').notNull(),
  tempC: temp('temp_c').notNull(),
  source: text('source').notNull(),
  inRange: boolean('in_range').notNull(),
  recordedBy: ref('recorded_by'),
}, (t) => [
  uniqueIndex('temperature_reading_uq').on(t.deviceId, t.at),
  check('temperature_reading_source_ck', sql`${t.source} in ('manual','auto')`),
]);

/** Out-of-range and missing-reading alarms; at most one open alarm per device and kind. */
export const coldAlarm = pgTable('cold_alarm', {
  id: id(),
  stationId: stationId(),
  deviceId: ref('device_id').notNull().references(() => coldDevice.id),
  kind: text('kind').notNull(),
  openedAt: tstz('opened_at').notNull(),
  closedAt: tstz('closed_at'),
  tempC: temp('temp_c'),
  detail: text('detail'),
  acknowledgedBy: ref('acknowledged_by'),
  acknowledgedAt: tstz('acknowledged_at'),
  ackNote: text('ack_note'),
}, (t) => [
  uniqueIndex('cold_alarm_open_uq').on(t.deviceId, t.kind).where(sql`closed_at is null`),
  check('cold_alarm_kind_ck', sql`${t.kind} in ('out_of_range','missing_reading')`),
]);

export const vehicle = pgTable('vehicle', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  plate: text('plate').notNull(),
  orgId: ref('org_id').notNull().references(() => organisation.id),
}, (t) => [uniqueIndex('vehicle_code_uq').on(t.stationId, t.code)]);

/** A delivery (送), pickup (取) or combined run (送取结合) carrying an order or a transfer. */
export const shipment = pgTable('shipment', {
  id: id(),
  stationId: stationId(),
  shipmentNumber: text('shipment_number').notNull(),
  mode: text('mode').notNull(),
  orderId: ref('order_id').references(() => bloodOrder.id),
  transferId: ref('transfer_id').references(() => regionalTransfer.id),
  fromOrgId: ref('from_org_id').notNull().references(() => organisation.id),
  toOrgId: ref('to_org_id').references(() => organisation.id),
  toName: text('to_name'),
  componentClass: text('component_class').notNull(),
  vehicleId: ref('vehicle_id').references(() => vehicle.id),
  boxDeviceId: ref('box_device_id').references(() => coldDevice.id),
  carrierName: text('carrier_name'),
  status: text('status').notNull(),
  createdAt: tstz('created_at').notNull(),
  departedAt: tstz('departed_at'),
  deliveredAt: tstz('delivered_at'),
  createdBy: ref('created_by').notNull(),
}, (t) => [
  uniqueIndex('shipment_number_uq').on(t.stationId, t.shipmentNumber),
  index('shipment_order_idx').on(t.orderId),
  check('shipment_mode_ck', sql`${t.mode} in ('delivery','pickup','combined')`),
  check('shipment_status_ck', sql`${t.status} in ('planned','in_transit','delivered','cancelled')`),
]);

/** A handover scan at one step of a shipment, with the box temperature and whether it was in range. */
export const shipmentScan = pgTable('shipment_scan', {
  id: id(),
  stationId: stationId(),
  shipmentId: ref('shipment_id').notNull().references(() => shipment.id),
  step: text('step').notNull(),
  at: tstz('at').notNull(),
  tempC: temp('temp_c').notNull(),
  tempOk: boolean('temp_ok').notNull(),
  partyName: text('party_name'),
  location: text('location'),
  scannedBy: ref('scanned_by').notNull(),
}, (t) => [
  index('shipment_scan_shipment_idx').on(t.shipmentId, t.at),
  check('shipment_scan_step_ck', sql`${t.step} in ('load','depart','handover','arrive','receive')`),
]);

// ---------------------------------------------------------------------------------------------------------------
// Hospital blood bank

export const crossmatch = pgTable('crossmatch', {
  id: id(),
  stationId: stationId(),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  patientName: text('patient_name').notNull(),
  patientIdNumber: text('patient_id_number'),
  patientRecordNo: text('patient_record_no'),
  patientAbo: text('patient_abo').notNull(),
  patientRhd: text('patient_rhd').notNull(),
  sampleAt: tstz('sample_at').notNull(),
  method: text('method').notNull(),
  major: text('major').notNull(),
  minor: text('minor').notNull(),
  performedBy: ref('performed_by').notNull(),
  reviewedByName: text('reviewed_by_name'),
  at: tstz('at').notNull(),
}, (t) => [
  index('crossmatch_unit_idx').on(t.unitId),
  check('crossmatch_major_ck', sql`${t.major} in ('compatible','incompatible')`),
  check('crossmatch_minor_ck', sql`${t.minor} in ('compatible','incompatible')`),
  check('crossmatch_method_ck', sql`${t.method} in ('saline','polybrene','antiglobulin','gel_card','microcolumn')`),
]);

/** Issue from the hospital blood bank to a ward, checked by two people (issuer and collector). */
export const wardIssue = pgTable('ward_issue', {
  id: id(),
  stationId: stationId(),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  crossmatchId: ref('crossmatch_id').references(() => crossmatch.id),
  patientName: text('patient_name').notNull(),
  patientRecordNo: text('patient_record_no'),
  ward: text('ward').notNull(),
  bed: text('bed'),
  issuerId: ref('issuer_id').notNull(),
  issuerCredential: text('issuer_credential').notNull(),
  collectorName: text('collector_name').notNull(),
  collectorCredential: text('collector_credential').notNull(),
  checkMethod: text('check_method').notNull(),
  at: tstz('at').notNull(),
}, (t) => [
  uniqueIndex('ward_issue_unit_uq').on(t.unitId),
  check('ward_issue_method_ck', sql`${t.checkMethod} in ('badge','fingerprint')`),
]);

export const transfusionReaction = pgTable('transfusion_reaction', {
  id: id(),
  stationId: stationId(),
  transfusionId: ref('transfusion_id').notNull().references(() => transfusion.id),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  category: text('category').notNull(),
  severity: text('severity').notNull(),
  description: text('description'),
  onsetAt: tstz('onset_at').notNull(),
  reportedBy: ref('reported_by').notNull(),
  reportedAt: tstz('reported_at').notNull(),
}, (t) => [
  check('transfusion_reaction_category_ck', sql`${t.category} in ('febrile','allergic','haemolytic_acute','haemolytic_delayed','trali','taco','septic','anaphylactic','other')`),
  check('transfusion_reaction_severity_ck', sql`${t.severity} in ('mild','moderate','severe','death')`),
]);

/** A return of a hospital-held unit to the station (退血), allowed only by rule. */
export const unitReturn = pgTable('unit_return', {
  id: id(),
  stationId: stationId(),
  unitId: ref('unit_id').notNull().references(() => bloodUnit.id),
  hospitalOrgId: ref('hospital_org_id').notNull().references(() => organisation.id),
  reason: text('reason').notNull(),
  note: text('note'),
  tempC: temp('temp_c'),
  at: tstz('at').notNull(),
  by: ref('by').notNull(),
}, (t) => [uniqueIndex('unit_return_unit_uq').on(t.unitId)]);
