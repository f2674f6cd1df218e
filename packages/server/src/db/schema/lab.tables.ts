/**
 * Laboratory (血液检测), analyser interface, donor notification and lookback/recall tables (issue #4).
 * Results are append-only (`lab_result`); overrides are rows of kind `invalidate`; the conclusion on `donation`
 * is recomputed from them by the domain (`concludeLab`).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Reagent lots (试剂批号): maker, lot, expiry, and the lot's gray-zone lower bound (S/CO). */
export const reagentLot = pgTable('reagent_lot', {
  id: id(),
  stationId: stationId(),
  marker: text('marker').notNull(),
  maker: text('maker').notNull(),
  lot: text('lot').notNull(),
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  grayZoneLowSco: numeric('gray_zone_low_sco', { precision: 6, scale: 3, mode: 'number' }),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reagent_lot_uq').on(t.stationId, t.marker, t.maker, t.lot),
  check('reagent_lot_marker_ck', sql`${t.marker} in ('hbsag','hcv','hiv','tp','nat','alt','abo','rhd')`),
  check('reagent_lot_gray_ck', sql`${t.grayZoneLowSco} is null or (${t.grayZoneLowSco} > 0 and ${t.grayZoneLowSco} <= 1)`),
]);

/** Test batches / plates / runs (检测批次/板): method, marker, round, reagent lot, operator, instrument. */
export const labRun = pgTable('lab_run', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  method: text('method').notNull(),
  marker: text('marker'),
  round: integer('round'),
  reagentLotId: ref('reagent_lot_id').references(() => reagentLot.id),
  operatorId: ref('operator_id').notNull(),
  instrument: text('instrument'),
  plate: text('plate'),
  status: text('status').notNull().default('open'),
  startedAt: tstz('started_at').notNull(),
  closedAt: tstz('closed_at'),
}, (t) => [
  uniqueIndex('lab_run_code_uq').on(t.stationId, t.code),
  index('lab_run_instrument_idx').on(t.stationId, t.instrument, t.status),
  check('lab_run_method_ck', sql`${t.method} in ('elisa','nat','alt','abo','rhd')`),
  check('lab_run_round_ck', sql`${t.round} is null or ${t.round} in (1,2)`),
  check('lab_run_status_ck', sql`${t.status} in ('open','closed')`),
]);

/** NAT pools (混样) and their members. */
export const natPool = pgTable('nat_pool', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  target: text('target').notNull(),
  status: text('status').notNull().default('pending'),
  runId: ref('run_id').references(() => labRun.id),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('nat_pool_code_uq').on(t.stationId, t.code),
  check('nat_pool_target_ck', sql`${t.target} in ('hbv','hcv','hiv')`),
  check('nat_pool_status_ck', sql`${t.status} in ('pending','nonreactive','reactive')`),
]);

export const natPoolMember = pgTable('nat_pool_member', {
  id: id(),
  stationId: stationId(),
  poolId: ref('pool_id').notNull().references(() => natPool.id),
  donationId: ref('donation_id').notNull(),
  din: text('din').notNull(),
}, (t) => [uniqueIndex('nat_pool_member_uq').on(t.poolId, t.donationId)]);

/** Append-only laboratory entries of a donation (domain `LabEntry` in `payload`). */
export const labResult = pgTable('lab_result', {
  id: id(),
  stationId: stationId(),
  donationId: ref('donation_id').notNull(),
  din: text('din').notNull(),
  runId: ref('run_id').references(() => labRun.id),
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  source: text('source').notNull(),
  messageId: ref('message_id'),
  reason: text('reason'),
  enteredBy: ref('entered_by').notNull(),
  verifiedBy: ref('verified_by'),
  enteredAt: tstz('entered_at').notNull(),
}, (t) => [
  index('lab_result_donation_idx').on(t.donationId),
  check('lab_result_kind_ck', sql`${t.kind} in ('elisa','nat','alt','abo','rhd','abo_resolution','invalidate')`),
  check('lab_result_source_ck', sql`${t.source} in ('manual','astm_tcp','astm_file','pool')`),
]);

/** Analyser messages (ASTM) and rejected frames, for the interface log (接口日志). */
export const astmMessageLog = pgTable('astm_message_log', {
  id: id(),
  stationId: stationId(),
  receivedAt: tstz('received_at').notNull(),
  channel: text('channel').notNull(),
  peer: text('peer'),
  status: text('status').notNull(),
  frames: integer('frames').notNull().default(0),
  rejectedFrames: integer('rejected_frames').notNull().default(0),
  resultCount: integer('result_count').notNull().default(0),
  error: text('error'),
  raw: text('raw'),
}, (t) => [
  index('astm_message_log_at_idx').on(t.stationId, t.receivedAt),
  check('astm_message_log_channel_ck', sql`${t.channel} in ('tcp','file')`),
  check('astm_message_log_status_ck', sql`${t.status} in ('accepted','rejected','discarded','frame_rejected')`),
]);

/** Donor notification tasks (告知) after unqualified results; wording never names a diagnosis. */
export const donorNotification = pgTable('donor_notification', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull(),
  donationId: ref('donation_id').notNull(),
  kind: text('kind').notNull(),
  status: text('status').notNull().default('open'),
  messageZh: text('message_zh').notNull(),
  messageEn: text('message_en').notNull(),
  /** Reason codes, visible to authorised lab/donor-service staff only. */
  reasonCodes: jsonb('reason_codes').$type<string[]>().notNull(),
  createdAt: tstz('created_at').notNull(),
  doneAt: tstz('done_at'),
  doneBy: ref('done_by'),
}, (t) => [
  uniqueIndex('donor_notification_uq').on(t.donationId, t.kind),
  check('donor_notification_status_ck', sql`${t.status} in ('open','done')`),
  check('donor_notification_kind_ck', sql`${t.kind} in ('unqualified_result')`),
]);

/** Holds that block release of a donation (lookback quarantine), closed when resolved. */
export const releaseHold = pgTable('release_hold', {
  id: id(),
  stationId: stationId(),
  donationId: ref('donation_id').notNull(),
  recallId: ref('recall_id'),
  reasonCode: text('reason_code').notNull(),
  status: text('status').notNull().default('open'),
  createdAt: tstz('created_at').notNull(),
}, (t) => [
  index('release_hold_donation_idx').on(t.donationId, t.status),
  check('release_hold_status_ck', sql`${t.status} in ('open','closed')`),
]);

/** Lookback / recall case (回溯/召回): triggered by a reactive repeat donation or post-donation information. */
export const recall = pgTable('recall', {
  id: id(),
  stationId: stationId(),
  code: text('code').notNull(),
  donorId: ref('donor_id').notNull(),
  triggerDonationId: ref('trigger_donation_id'),
  trigger: text('trigger').notNull(),
  reasonCodes: jsonb('reason_codes').$type<string[]>().notNull(),
  windowFrom: tstz('window_from').notNull(),
  ruleSetId: text('rule_set_id').notNull(),
  createdAt: tstz('created_at').notNull(),
  createdBy: ref('created_by').notNull(),
}, (t) => [
  uniqueIndex('recall_code_uq').on(t.stationId, t.code),
  check('recall_trigger_ck', sql`${t.trigger} in ('reactive_result','post_donation_information')`),
]);

/** Units caught by a recall and what became of each (disposition recorded by the holder). */
export const recallUnit = pgTable('recall_unit', {
  id: id(),
  stationId: stationId(),
  recallId: ref('recall_id').notNull().references(() => recall.id),
  unitId: ref('unit_id').notNull(),
  din: text('din').notNull(),
  /** Holder notified: the hospital or storage point the unit went to, or the station itself. */
  orgId: ref('org_id').notNull(),
  action: text('action').notNull(),
  statusBefore: text('status_before').notNull(),
  disposition: text('disposition'),
  dispositionNote: text('disposition_note'),
  dispositionAt: tstz('disposition_at'),
  dispositionBy: ref('disposition_by'),
}, (t) => [
  uniqueIndex('recall_unit_uq').on(t.recallId, t.unitId),
  index('recall_unit_org_idx').on(t.orgId),
  check('recall_unit_action_ck', sql`${t.action} in ('quarantined','recalled','notified')`),
  check('recall_unit_disposition_ck', sql`${t.disposition} is null or ${t.disposition} in ('returned','discarded','transfused','not_found')`),
]);

/** Label prints and reprints (标签打印/补打), audited: a reprint needs a reason. */
export const labelPrint = pgTable('label_print', {
  id: id(),
  stationId: stationId(),
  unitId: ref('unit_id').notNull(),
  din: text('din').notNull(),
  kind: text('kind').notNull(),
  reason: text('reason'),
  composite: text('composite').notNull(),
  printedBy: ref('printed_by').notNull(),
  printedAt: tstz('printed_at').notNull(),
}, (t) => [
  index('label_print_unit_idx').on(t.unitId),
  check('label_print_kind_ck', sql`${t.kind} in ('print','reprint')`),
  check('label_print_reason_ck', sql`${t.kind} = 'print' or ${t.reason} is not null`),
]);

/** Component QC sampling (成分质控抽检) checked against GB 18469; failing rows flagged. */
export const qcSample = pgTable('qc_sample', {
  id: id(),
  stationId: stationId(),
  unitId: ref('unit_id').notNull(),
  din: text('din').notNull(),
  productId: text('product_id').notNull(),
  sampledAt: tstz('sampled_at').notNull(),
  measurements: jsonb('measurements').$type<Record<string, number>>().notNull(),
  checks: jsonb('checks').$type<unknown[]>().notNull(),
  passed: boolean('passed').notNull(),
  ruleSetId: text('rule_set_id').notNull(),
  recordedBy: ref('recorded_by').notNull(),
  recordedAt: tstz('recorded_at').notNull(),
}, (t) => [index('qc_sample_station_idx').on(t.stationId, t.sampledAt), index('qc_sample_failed_idx').on(t.stationId, t.passed)]);

/** External quality assessment (室间质评) results. */
export const eqaResult = pgTable('eqa_result', {
  id: id(),
  stationId: stationId(),
  scheme: text('scheme').notNull(),
  round: text('round').notNull(),
  analyte: text('analyte').notNull(),
  sampleCode: text('sample_code').notNull(),
  reported: text('reported').notNull(),
  expected: text('expected').notNull(),
  acceptable: boolean('acceptable').notNull(),
  reportedAt: tstz('reported_at').notNull(),
  recordedBy: ref('recorded_by').notNull(),
}, (t) => [uniqueIndex('eqa_result_uq').on(t.stationId, t.scheme, t.round, t.analyte, t.sampleCode)]);
