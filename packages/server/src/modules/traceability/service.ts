/**
 * Traceability (R8): RFID / barcode reader ingestion into the append-only unit event log, and the trace from a
 * donor forwards (donations → units → where each went, to which patient) and from a transfusion backwards
 * (unit → donation → donor, or the peer station it came from).
 *
 * Idempotency: a read's natural key is (reader, tag, read time). `INSERT … ON CONFLICT DO NOTHING RETURNING` on the
 * unique index `reader_read_natural_uq` decides which transaction owns a read; only the owner writes the unit
 * event, in the same transaction. A concurrent replay waits on the index entry and then skips (PostgreSQL), or runs
 * after the first (PGlite, one transaction at a time). Replaying a batch any number of times writes each event once.
 */
import crypto from 'node:crypto';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { maskResidentId } from '@redbridge/domain/id-card';
import type { Db } from '../../db/client.ts';
import {
  appUser, auditLog, bloodUnit, donation, donor, organisation, readerDevice, readerRead, regionalTransfer, transfusion, unitEvent, unitOrigin, wardIssue,
} from '../../db/schema/index.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, forbidden, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { parseDinInput, presentDin } from '../donations/din.ts';
import { locationOrg, presentUnit, unitColumns } from '../units/service.ts';

export const READER_EVENT_TYPES = ['store_in', 'storage', 'store_out', 'transport', 'handover', 'receipt', 'reader_scan'] as const;
export type ReaderEventType = (typeof READER_EVENT_TYPES)[number];

export const hashReaderKey = (key: string): string => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

/** Registers a reader; returns its API key once (only the hash is stored). */
export async function registerReader(db: Db, ctx: ActionContext, input: { code: string; name: string; orgId?: number; location: string; eventType: ReaderEventType }) {
  const orgId = input.orgId ?? ctx.user.orgId;
  const [org] = await db.select({ id: organisation.id }).from(organisation).where(and(eq(organisation.id, orgId), eq(organisation.stationId, ctx.user.stationId)));
  if (!org) throw new AppError(422, 'VALIDATION', bilingual('机构不存在', 'Unknown organisation'), [{ pointer: '/orgId', code: 'unknown', message: bilingual('机构不存在', 'Unknown organisation') }]);
  const key = crypto.randomBytes(24).toString('base64url');
  return db.transaction(async (tx) => {
    const rows = await tx.insert(readerDevice).values({
      stationId: ctx.user.stationId, code: input.code, name: input.name, orgId, location: input.location, eventType: input.eventType,
      keyHash: hashReaderKey(key), createdAt: ctx.now,
    }).onConflictDoNothing().returning({ id: readerDevice.id });
    if (!rows[0]) {
      throw new AppError(409, 'CONFLICT', bilingual('读写器编码已存在', 'A reader with this code already exists'), [{ pointer: '/code', code: 'duplicate', message: bilingual('编码重复', 'Duplicate code') }]);
    }
    await tx.insert(auditLog).values({ stationId: ctx.user.stationId, at: ctx.now, actorId: ctx.user.id, actorName: ctx.user.displayName,
      action: 'reader.register', entityType: 'reader', entityId: String(rows[0].id), after: { ...input, orgId }, requestId: ctx.requestId });
    return { id: rows[0].id, code: input.code, key };
  });
}

export async function listReaders(db: Db, user: SessionUser) {
  return db.select({ id: readerDevice.id, code: readerDevice.code, name: readerDevice.name, orgId: readerDevice.orgId, orgName: organisation.name,
    location: readerDevice.location, eventType: readerDevice.eventType, active: readerDevice.active })
    .from(readerDevice).innerJoin(organisation, eq(organisation.id, readerDevice.orgId))
    .where(eq(readerDevice.stationId, user.stationId)).orderBy(asc(readerDevice.code));
}

export interface ReaderCredentials { code: string; key: string }

/** The reader behind a request, or a 401 problem (unknown code, wrong key, inactive). Constant-time key compare. */
export async function authenticateReader(db: Db, cred: ReaderCredentials | null) {
  const fail = () => new AppError(401, 'UNAUTHENTICATED', bilingual('读写器认证失败', 'Reader authentication failed'));
  if (!cred?.code || !cred.key) throw fail();
  const rows = await db.select().from(readerDevice).where(and(eq(readerDevice.code, cred.code), eq(readerDevice.active, true)));
  const want = Buffer.from(hashReaderKey(cred.key), 'hex');
  const match = rows.find((r) => crypto.timingSafeEqual(Buffer.from(r.keyHash, 'hex'), want));
  if (!match) throw fail();
  return match;
}

export interface TagRead {
  /** The scanned DIN (ISBT 128 data structure 001, with or without `=`), optionally `|` + product code. */
  tag: string;
  readAt: Date;
  tempC?: number | null;
}

export type ReadOutcome = 'event' | 'duplicate' | 'unknown_unit' | 'bad_tag';

function parseTag(tag: string): { din: string; productCode: string | null } | null {
  const [dinPart, productPart] = tag.split(/[|/]/, 2);
  let din: string | null;
  try {
    din = parseDinInput(dinPart, { requireCheck: false, throwOnMismatch: true });
  } catch {
    return null;
  }
  if (!din) return null;
  const productCode = productPart ? productPart.trim().toUpperCase().replace(/^=</, '') : null;
  return { din, productCode: productCode || null };
}

/**
 * Ingests a batch of tag reads from one reader: each new read becomes one unit event of the reader's event type at
 * the read's time and the reader's organisation and location; a read seen before is reported `duplicate` and
 * writes nothing. Reads are observations: they never change a unit's status (business transactions do that).
 */
export async function ingestReads(db: Db, reader: typeof readerDevice.$inferSelect, reads: TagRead[], now: Date, requestId: string) {
  return db.transaction(async (tx) => {
    const results: { tag: string; readAt: Date; outcome: ReadOutcome; unitId: number | null; din: string | null }[] = [];
    for (const r of reads) {
      const parsed = parseTag(r.tag);
      let unit: { id: number; din: string; donationId: number | null; status: string } | undefined;
      if (parsed) {
        const conds = [eq(bloodUnit.stationId, reader.stationId), eq(bloodUnit.din, parsed.din)];
        if (parsed.productCode) conds.push(eq(bloodUnit.productCode, parsed.productCode));
        const units = await tx.select({ id: bloodUnit.id, din: bloodUnit.din, donationId: bloodUnit.donationId, status: bloodUnit.status })
          .from(bloodUnit).where(and(...conds)).limit(2);
        if (units.length === 1) unit = units[0];
      }
      const outcome = !parsed ? 'bad_tag' : unit ? 'event' : 'unknown_unit';
      const inserted = await tx.insert(readerRead).values({
        stationId: reader.stationId, readerId: reader.id, tag: r.tag, readAt: r.readAt, receivedAt: now,
        din: parsed?.din ?? null, productCode: parsed?.productCode ?? null, unitId: unit?.id ?? null, outcome, tempC: r.tempC ?? null,
      }).onConflictDoNothing().returning({ id: readerRead.id });
      if (!inserted[0]) {
        results.push({ tag: r.tag, readAt: r.readAt, outcome: 'duplicate', unitId: unit?.id ?? null, din: parsed?.din ?? null });
        continue;
      }
      if (unit) {
        await tx.insert(unitEvent).values({
          stationId: reader.stationId, unitId: unit.id, donationId: unit.donationId, din: unit.din, type: reader.eventType, at: r.readAt,
          actorId: null, orgId: reader.orgId, fromStatus: unit.status, toStatus: unit.status,
          details: { source: 'reader', readerCode: reader.code, location: reader.location, readId: inserted[0].id, tag: r.tag, tempC: r.tempC ?? null },
        });
      }
      results.push({ tag: r.tag, readAt: r.readAt, outcome, unitId: unit?.id ?? null, din: parsed?.din ?? null });
    }
    const summary = {
      received: reads.length,
      events: results.filter((r) => r.outcome === 'event').length,
      duplicates: results.filter((r) => r.outcome === 'duplicate').length,
      unknown: results.filter((r) => r.outcome === 'unknown_unit' || r.outcome === 'bad_tag').length,
    };
    if (summary.received > summary.duplicates) {
      await tx.insert(auditLog).values({ stationId: reader.stationId, at: now, actorId: null, actorName: `reader:${reader.code}`,
        action: 'reader.ingest', entityType: 'reader', entityId: String(reader.id), after: summary, requestId });
    }
    return { ...summary, results };
  });
}

/** Recent reads, newest first, with the reader and the unit they resolved to. */
export async function listReads(db: Db, user: SessionUser, q: PageQuery & { readerId?: number; outcome?: string }) {
  const conds = [eq(readerRead.stationId, user.stationId)];
  if (q.readerId) conds.push(eq(readerRead.readerId, q.readerId));
  if (q.outcome) conds.push(inArray(readerRead.outcome, q.outcome.split(',')));
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: readerRead.id, readerCode: readerDevice.code, readerName: readerDevice.name, location: readerDevice.location,
      eventType: readerDevice.eventType, tag: readerRead.tag, din: readerRead.din, productCode: readerRead.productCode, unitId: readerRead.unitId,
      outcome: readerRead.outcome, tempC: readerRead.tempC, readAt: readerRead.readAt, receivedAt: readerRead.receivedAt })
      .from(readerRead).innerJoin(readerDevice, eq(readerDevice.id, readerRead.readerId))
      .where(where).orderBy(desc(readerRead.readAt), desc(readerRead.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(readerRead).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

const maskName = (name: string) => name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));

/**
 * Forward trace from a donor number: every donation, every unit made from it, where each unit is now, the hospital
 * it went to, its ward issue and transfusion (patient masked), or the peer station it was transferred to.
 * Station users only (hospitals never see donors).
 */
export async function traceDonorForward(db: Db, user: SessionUser, donorNumber: string) {
  if (user.orgType === 'hospital' || user.orgType === 'storage_point') throw forbidden();
  const [d] = await db.select().from(donor).where(and(eq(donor.stationId, user.stationId), eq(donor.donorNumber, donorNumber)));
  if (!d) throw notFound('Donor', '献血者');
  const donations = await db.select({ id: donation.id, din: donation.din, collectedAt: donation.collectedAt, status: donation.status,
    volumeMl: donation.volumeMl, donationType: donation.donationType, testConclusion: donation.testConclusion })
    .from(donation).where(eq(donation.donorId, d.id)).orderBy(asc(donation.collectedAt));
  const ids = donations.map((x) => x.id);
  const units = ids.length === 0 ? [] : await db.select({ ...unitColumns, donationId: bloodUnit.donationId }).from(bloodUnit)
    .innerJoin(locationOrg, eq(locationOrg.id, bloodUnit.locationOrgId)).where(inArray(bloodUnit.donationId, ids)).orderBy(asc(bloodUnit.id));
  const destinations = await unitDestinations(db, units.map((u) => u.id));
  return {
    donor: { donorNumber: d.donorNumber, nameMasked: maskName(d.name), idNumberMasked: maskResidentId(d.idNumber), abo: d.abo, rhd: d.rhd },
    donations: donations.map((x) => ({
      ...x, ...presentDin(x.din),
      units: units.filter((u) => u.donationId === x.id).map((u) => ({ ...presentUnit(u), ...destinations.get(u.id)! })),
    })),
  };
}

/** For each unit: its transfusion (masked patient), ward issue, and outbound regional transfer, if any. */
async function unitDestinations(db: Db, unitIds: number[]) {
  const out = new Map<number, { transfusion: null | Record<string, unknown>; transferredTo: null | { peerCode: string; transferNumber: string; at: Date | null } }>();
  for (const id of unitIds) out.set(id, { transfusion: null, transferredTo: null });
  if (unitIds.length === 0) return out;
  const hosp = alias(organisation, 'tx_hospital');
  const [txs, transfers] = await Promise.all([
    db.select({ id: transfusion.id, unitId: transfusion.unitId, hospitalName: hosp.name, patientName: transfusion.patientName, ward: transfusion.ward,
      transfusedAt: transfusion.transfusedAt, wardIssueAt: wardIssue.at })
      .from(transfusion).innerJoin(hosp, eq(hosp.id, transfusion.hospitalOrgId)).leftJoin(wardIssue, eq(wardIssue.unitId, transfusion.unitId))
      .where(inArray(transfusion.unitId, unitIds)),
    db.select({ unitId: unitEvent.unitId, details: unitEvent.details, at: unitEvent.at }).from(unitEvent)
      .where(and(inArray(unitEvent.unitId, unitIds), eq(unitEvent.type, 'transfer_out'))),
  ]);
  for (const t of txs) {
    out.get(t.unitId)!.transfusion = { id: t.id, hospitalName: t.hospitalName, patientMasked: maskName(t.patientName), ward: t.ward, transfusedAt: t.transfusedAt, wardIssueAt: t.wardIssueAt };
  }
  for (const e of transfers) {
    const det = (e.details ?? {}) as { peerCode?: string; transferNumber?: string };
    out.get(e.unitId!)!.transferredTo = { peerCode: det.peerCode ?? '', transferNumber: det.transferNumber ?? '', at: e.at };
  }
  return out;
}

/**
 * Backward trace from a transfusion record (or every transfusion of a patient at the user's hospital): the unit,
 * its DIN and product, the donation and the donor number (for lookback), or the peer station and its donor number
 * for units received by regional transfer. Hospital users see only their own hospital's records and never the donor's
 * identity beyond the donor number.
 */
export async function traceBackward(db: Db, user: SessionUser, q: { transfusionId?: number; patientIdNumber?: string; patientName?: string }) {
  const hospitalUser = user.orgType === 'hospital' || user.orgType === 'storage_point';
  const conds = [eq(transfusion.stationId, user.stationId)];
  if (hospitalUser) conds.push(eq(transfusion.hospitalOrgId, user.orgId));
  if (q.transfusionId) conds.push(eq(transfusion.id, q.transfusionId));
  else if (q.patientIdNumber) conds.push(eq(transfusion.patientIdNumber, q.patientIdNumber));
  else if (q.patientName) conds.push(eq(transfusion.patientName, q.patientName));
  else throw new AppError(422, 'VALIDATION', bilingual('请提供输血记录号或患者信息', 'Give a transfusion id or a patient'), [
    { pointer: '/transfusionId', code: 'required', message: bilingual('必填其一', 'One of these is required') }]);
  const hosp = alias(organisation, 'tx_hospital');
  const rows = await db.select({
    transfusionId: transfusion.id, transfusedAt: transfusion.transfusedAt, patientName: transfusion.patientName, patientIdNumber: transfusion.patientIdNumber,
    patientAbo: transfusion.patientAbo, patientRhd: transfusion.patientRhd, ward: transfusion.ward, hospitalName: hosp.name,
    unitId: bloodUnit.id, din: bloodUnit.din, productId: bloodUnit.productId, productCode: bloodUnit.productCode, componentClass: bloodUnit.componentClass,
    abo: bloodUnit.abo, rhd: bloodUnit.rhd, expiresAt: bloodUnit.expiresAt, collectedAt: bloodUnit.collectedAt,
    donationId: bloodUnit.donationId, donorNumber: donor.donorNumber, donationStatus: donation.status,
    originStationCode: unitOrigin.originStationCode, originStationName: unitOrigin.originStationName, originDonorNumber: unitOrigin.donorNumber,
    originTransferNumber: regionalTransfer.transferNumber,
  }).from(transfusion)
    .innerJoin(hosp, eq(hosp.id, transfusion.hospitalOrgId))
    .innerJoin(bloodUnit, eq(bloodUnit.id, transfusion.unitId))
    .leftJoin(donation, eq(donation.id, bloodUnit.donationId))
    .leftJoin(donor, eq(donor.id, donation.donorId))
    .leftJoin(unitOrigin, eq(unitOrigin.unitId, bloodUnit.id))
    .leftJoin(regionalTransfer, eq(regionalTransfer.id, unitOrigin.transferId))
    .where(and(...conds)).orderBy(desc(transfusion.transfusedAt)).limit(200);
  if (rows.length === 0) throw notFound('Transfusion', '输血记录');
  return {
    items: rows.map((r) => ({
      transfusion: { id: r.transfusionId, transfusedAt: r.transfusedAt, patientMasked: maskName(r.patientName),
        patientIdMasked: r.patientIdNumber ? maskResidentId(r.patientIdNumber) : null, patientAbo: r.patientAbo, patientRhd: r.patientRhd,
        ward: r.ward, hospitalName: r.hospitalName },
      unit: presentUnit({ id: r.unitId, din: r.din, productId: r.productId, productCode: r.productCode, componentClass: r.componentClass,
        abo: r.abo, rhd: r.rhd, expiresAt: r.expiresAt, collectedAt: r.collectedAt }),
      source: r.originStationCode
        ? { kind: 'peer_station' as const, stationCode: r.originStationCode, stationName: r.originStationName, donorNumber: r.originDonorNumber, transferNumber: r.originTransferNumber }
        : { kind: 'donation' as const, donationId: r.donationId, donorNumber: r.donorNumber, donationStatus: r.donationStatus },
    })),
  };
}

/** Events of units held at or passed through the user's scope, newest first (the reader events page). */
export async function recentEvents(db: Db, user: SessionUser, q: PageQuery & { type?: string }) {
  const conds = [eq(unitEvent.stationId, user.stationId)];
  if (q.type) conds.push(inArray(unitEvent.type, q.type.split(',')));
  if (user.orgType === 'hospital' || user.orgType === 'storage_point') conds.push(eq(unitEvent.orgId, user.orgId));
  const where = and(...conds);
  const eventOrg = alias(organisation, 'event_org');
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: unitEvent.id, unitId: unitEvent.unitId, din: unitEvent.din, type: unitEvent.type, at: unitEvent.at, actor: appUser.displayName,
      orgName: eventOrg.name, fromStatus: unitEvent.fromStatus, toStatus: unitEvent.toStatus, details: unitEvent.details })
      .from(unitEvent).leftJoin(appUser, eq(appUser.id, unitEvent.actorId)).leftJoin(eventOrg, eq(eventOrg.id, unitEvent.orgId))
      .where(where).orderBy(desc(unitEvent.at), desc(unitEvent.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(unitEvent).where(where),
  ]);
  return { items: items.map((e) => ({ ...e, ...presentDin(e.din) })), total, page: q.page, pageSize: q.pageSize };
}

