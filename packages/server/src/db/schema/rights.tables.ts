/**
 * Donor rights (issue #6): blood-fee exemption (用血费用减免) — prior and other-station donations, family
 * relationships with proof documents, the entitlement ledger (one lockable account per donor pool), direct
 * deductions at hospitals (血费直免) with their fee lines, online and cross-province claims — and honours:
 * honour cards (无偿献血荣誉卡), award cycles, candidates and awards received.
 *
 * Money is integer fen (分) in `bigint`; volumes are ml. Proof documents are stored in the database (`bytea`,
 * ≤ 5 MB, PDF/JPEG/PNG, with their SHA-256) so a document commits or rolls back with the record it proves, is
 * covered by the same backups and tenant scoping, and needs no shared file system between servers.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, customType, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { donor, organisation, transfusion } from './core.tables.ts';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const stationId = () => bigint('station_id', { mode: 'number' }).notNull();
const ref = (name: string) => bigint(name, { mode: 'number' });
const fen = (name: string) => bigint(name, { mode: 'number' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const RELATIONS = `'self','spouse','parent','child','sibling','grandparent','spouse_parent'`;

/** Donations made before this system (legacy import) or at other stations (certificate seen). */
export const priorDonation = pgTable('prior_donation', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  donatedOn: date('donated_on', { mode: 'string' }).notNull(),
  donationType: text('donation_type').notNull(),
  volumeMl: integer('volume_ml'),
  doses: integer('doses'),
  qualified: boolean('qualified').notNull().default(true),
  origin: text('origin').notNull(),
  originStation: text('origin_station'),
  originProvince: text('origin_province'),
  certificateNo: text('certificate_no'),
  createdBy: ref('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('prior_donation_donor_idx').on(t.donorId, t.donatedOn),
  check('prior_donation_type_ck', sql`${t.donationType} in ('whole_blood','apheresis_platelets')`),
  check('prior_donation_amount_ck', sql`(${t.donationType} = 'whole_blood' and ${t.volumeMl} > 0) or (${t.donationType} = 'apheresis_platelets' and ${t.doses} > 0)`),
  check('prior_donation_origin_ck', sql`${t.origin} in ('legacy','other_station')`),
]);

/** An uploaded proof document (relationship proof, invoice); content in the row, with its SHA-256. */
export const proofDocument = pgTable('proof_document', {
  id: id(),
  stationId: stationId(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: ref('uploaded_by').notNull(),
  uploadedAt: tstz('uploaded_at').notNull().defaultNow(),
}, (t) => [
  check('proof_document_kind_ck', sql`${t.kind} in ('relationship','invoice','id_card','certificate','other')`),
  check('proof_document_media_ck', sql`${t.mediaType} in ('application/pdf','image/jpeg','image/png')`),
  check('proof_document_size_ck', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} <= 5242880`),
]);

/** A family member of a donor who may use the donor's entitlement, with the proof of the relationship. */
export const familyRelation = pgTable('family_relation', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  relation: text('relation').notNull(),
  relativeName: text('relative_name').notNull(),
  relativeIdNumber: text('relative_id_number').notNull(),
  status: text('status').notNull(),
  proofDocumentId: ref('proof_document_id').references(() => proofDocument.id),
  note: text('note'),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  verifiedBy: ref('verified_by'),
  verifiedAt: tstz('verified_at'),
}, (t) => [
  uniqueIndex('family_relation_uq').on(t.stationId, t.donorId, t.relativeIdNumber),
  index('family_relation_relative_idx').on(t.stationId, t.relativeIdNumber),
  check('family_relation_relation_ck', sql.raw(`relation in (${RELATIONS}) and relation <> 'self'`)),
  check('family_relation_status_ck', sql`${t.status} in ('pending','verified','rejected')`),
]);

/**
 * The entitlement ledger head: one row per donor and pool (`self`, `family`), locked with `SELECT … FOR UPDATE`
 * by every deduction so two hospital windows cannot spend the same entitlement.
 */
export const benefitAccount = pgTable('benefit_account', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  pool: text('pool').notNull(),
  usedMl: numeric('used_ml', { precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
  usedFen: fen('used_fen').notNull().default(0),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('benefit_account_uq').on(t.stationId, t.donorId, t.pool),
  check('benefit_account_pool_ck', sql`${t.pool} in ('self','family')`),
  check('benefit_account_used_ck', sql`${t.usedMl} >= 0 and ${t.usedFen} >= 0`),
]);

/** A claim submitted online or received from another station; reviewed by staff; paid. */
export const benefitClaim = pgTable('benefit_claim', {
  id: id(),
  stationId: stationId(),
  claimNumber: text('claim_number').notNull(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  relation: text('relation').notNull(),
  beneficiaryName: text('beneficiary_name').notNull(),
  beneficiaryIdNumber: text('beneficiary_id_number').notNull(),
  channel: text('channel').notNull(),
  originStation: text('origin_station'),
  originProvince: text('origin_province'),
  hospitalName: text('hospital_name').notNull(),
  usedOn: date('used_on', { mode: 'string' }).notNull(),
  volumeMl: integer('volume_ml').notNull(),
  invoiceFen: fen('invoice_fen').notNull(),
  invoiceNo: text('invoice_no'),
  invoiceDocumentId: ref('invoice_document_id').references(() => proofDocument.id),
  proofDocumentId: ref('proof_document_id').references(() => proofDocument.id),
  status: text('status').notNull(),
  reviewNote: text('review_note'),
  reviewedBy: ref('reviewed_by'),
  reviewedAt: tstz('reviewed_at'),
  approvedMl: numeric('approved_ml', { precision: 12, scale: 2, mode: 'number' }),
  approvedFen: fen('approved_fen'),
  deductionId: ref('deduction_id'),
  paidAt: tstz('paid_at'),
  paidBy: ref('paid_by'),
  paymentReference: text('payment_reference'),
  submittedBy: ref('submitted_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('benefit_claim_number_uq').on(t.stationId, t.claimNumber),
  index('benefit_claim_status_idx').on(t.stationId, t.status, t.createdAt),
  check('benefit_claim_relation_ck', sql.raw(`relation in (${RELATIONS})`)),
  check('benefit_claim_channel_ck', sql`${t.channel} in ('online','window','cross_province')`),
  check('benefit_claim_status_ck', sql`${t.status} in ('submitted','approved','rejected','paid')`),
  check('benefit_claim_amount_ck', sql`${t.volumeMl} > 0 and ${t.invoiceFen} >= 0`),
]);

/** One exemption (ledger entry): a direct deduction at a hospital or an approved claim. */
export const benefitDeduction = pgTable('benefit_deduction', {
  id: id(),
  stationId: stationId(),
  accountId: ref('account_id').notNull().references(() => benefitAccount.id),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  relation: text('relation').notNull(),
  familyRelationId: ref('family_relation_id').references(() => familyRelation.id),
  beneficiaryName: text('beneficiary_name').notNull(),
  beneficiaryIdNumber: text('beneficiary_id_number').notNull(),
  kind: text('kind').notNull(),
  hospitalOrgId: ref('hospital_org_id').references(() => organisation.id),
  hospitalName: text('hospital_name').notNull(),
  claimId: ref('claim_id').references(() => benefitClaim.id),
  volumeMl: numeric('volume_ml', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  amountFen: fen('amount_fen').notNull(),
  billedFen: fen('billed_fen').notNull(),
  unlimited: boolean('unlimited').notNull(),
  remainingAfterMl: numeric('remaining_after_ml', { precision: 12, scale: 2, mode: 'number' }),
  ruleSetId: text('rule_set_id').notNull(),
  province: text('province').notNull(),
  reasons: jsonb('reasons').$type<unknown[]>(),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('benefit_deduction_donor_idx').on(t.stationId, t.donorId, t.createdAt),
  index('benefit_deduction_time_idx').on(t.stationId, t.createdAt),
  check('benefit_deduction_relation_ck', sql.raw(`relation in (${RELATIONS})`)),
  check('benefit_deduction_kind_ck', sql`${t.kind} in ('direct','claim','cross_province')`),
  check('benefit_deduction_amount_ck', sql`${t.volumeMl} >= 0 and ${t.amountFen} >= 0 and ${t.amountFen} <= ${t.billedFen}`),
]);

/** Fee lines of a direct deduction; a transfusion is exempted at most once. */
export const benefitDeductionLine = pgTable('benefit_deduction_line', {
  id: id(),
  stationId: stationId(),
  deductionId: ref('deduction_id').notNull().references(() => benefitDeduction.id),
  transfusionId: ref('transfusion_id').references(() => transfusion.id),
  item: text('item').notNull(),
  volumeMl: integer('volume_ml').notNull(),
  amountFen: fen('amount_fen').notNull(),
  coveredMl: integer('covered_ml').notNull(),
  coveredFen: fen('covered_fen').notNull(),
}, (t) => [
  index('benefit_deduction_line_deduction_idx').on(t.deductionId),
  uniqueIndex('benefit_deduction_line_transfusion_uq').on(t.transfusionId).where(sql`transfusion_id is not null`),
  check('benefit_deduction_line_ck', sql`${t.volumeMl} > 0 and ${t.amountFen} >= 0 and ${t.coveredMl} between 0 and ${t.volumeMl} and ${t.coveredFen} between 0 and ${t.amountFen}`),
]);

/** 无偿献血荣誉卡/证: issued to a donor, with status. */
export const honourCard = pgTable('honour_card', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  cardNumber: text('card_number').notNull(),
  status: text('status').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  issuedBy: ref('issued_by').notNull(),
  statusReason: text('status_reason'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('honour_card_number_uq').on(t.stationId, t.cardNumber),
  uniqueIndex('honour_card_active_uq').on(t.stationId, t.donorId).where(sql`status <> 'revoked'`),
  check('honour_card_status_ck', sql`${t.status} in ('active','suspended','revoked')`),
]);

/** An award cycle (表彰周期, two years) and its evaluation. */
export const awardCycle = pgTable('award_cycle', {
  id: id(),
  stationId: stationId(),
  name: text('name').notNull(),
  cycleStart: date('cycle_start', { mode: 'string' }).notNull(),
  cycleEnd: date('cycle_end', { mode: 'string' }).notNull(),
  status: text('status').notNull(),
  ruleSetId: text('rule_set_id').notNull(),
  evaluatedAt: tstz('evaluated_at'),
  createdBy: ref('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('award_cycle_uq').on(t.stationId, t.cycleEnd),
  check('award_cycle_status_ck', sql`${t.status} in ('open','finalised')`),
  check('award_cycle_range_ck', sql`${t.cycleEnd} > ${t.cycleStart}`),
]);

export const awardCandidate = pgTable('award_candidate', {
  id: id(),
  stationId: stationId(),
  cycleId: ref('cycle_id').notNull().references(() => awardCycle.id),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  level: text('level').notNull(),
  count: integer('count').notNull(),
  totalCount: integer('total_count').notNull(),
  reasons: jsonb('reasons').$type<unknown[]>(),
}, (t) => [
  uniqueIndex('award_candidate_uq').on(t.cycleId, t.donorId),
  check('award_candidate_level_ck', sql`${t.level} in ('bronze','silver','gold','lifetime')`),
]);

/** Awards a donor has received (the `previousAwards` of the next evaluation). */
export const donorAward = pgTable('donor_award', {
  id: id(),
  stationId: stationId(),
  donorId: ref('donor_id').notNull().references(() => donor.id),
  level: text('level').notNull(),
  awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
  cycleId: ref('cycle_id').references(() => awardCycle.id),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('donor_award_donor_idx').on(t.donorId),
  check('donor_award_level_ck', sql`${t.level} in ('bronze','silver','gold','lifetime')`),
]);
