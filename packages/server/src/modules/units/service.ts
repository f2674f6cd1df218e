/**
 * Blood units (bags): listing with filters, and the vein-to-vein trace by DIN (R8: forward and backward).
 */
import { and, asc, count, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { maskResidentId } from '@redbridge/domain/id-card';
import { getProduct } from '@redbridge/domain/components';
import type { Db } from '../../db/client.ts';
import { appUser, bloodUnit, donation, donor, organisation, unitEvent, unitOrigin } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { parseDinInput, presentDin } from '../donations/din.ts';

export interface UnitFilter extends PageQuery {
  status?: string;
  abo?: string;
  rhd?: string;
  componentClass?: string;
  productId?: string;
  orgId?: number;
  q?: string;
  /** Only units expiring before this instant (near-expiry lists, R37). */
  expiresBefore?: Date;
}

export const locationOrg = alias(organisation, 'location_org');

export const unitColumns = {
  id: bloodUnit.id, din: bloodUnit.din, productId: bloodUnit.productId, productCode: bloodUnit.productCode,
  splitCode: bloodUnit.splitCode, componentClass: bloodUnit.componentClass, abo: bloodUnit.abo, rhd: bloodUnit.rhd,
  volumeMl: bloodUnit.volumeMl, quantity: bloodUnit.quantity, quantityUnit: bloodUnit.quantityUnit,
  status: bloodUnit.status, released: bloodUnit.released, labelled: bloodUnit.labelled, recalled: bloodUnit.recalled,
  locationOrgId: bloodUnit.locationOrgId, locationOrgName: locationOrg.name, orderId: bloodUnit.orderId,
  collectedAt: bloodUnit.collectedAt, preparedAt: bloodUnit.preparedAt, expiresAt: bloodUnit.expiresAt,
};

type UnitRow = { productId: string; din: string } & Record<string, unknown>;

/** Adds catalogue names and the check character to a unit row. */
export function presentUnit<T extends UnitRow>(row: T) {
  let nameZh = row.productId;
  let nameEn = row.productId;
  try {
    const p = getProduct(row.productId);
    nameZh = p.nameZh;
    nameEn = p.nameEn;
  } catch { /* a retired product id still lists, under its id */ }
  return { ...row, ...presentDin(row.din), productNameZh: nameZh, productNameEn: nameEn };
}

/** Hospital and storage-point users see only the units located at their organisation. */
export function unitScope(user: SessionUser): SQL {
  const station = eq(bloodUnit.stationId, user.stationId);
  return user.orgType === 'hospital' || user.orgType === 'storage_point'
    ? and(station, eq(bloodUnit.locationOrgId, user.orgId))!
    : station;
}

/** Units counted beyond the requested page before the list's total is reported as a lower bound. */
export const UNIT_COUNT_CAP = 10_000;

export async function listUnits(db: Db, user: SessionUser, f: UnitFilter) {
  const conds: SQL[] = [unitScope(user)];
  if (f.status) conds.push(inArray(bloodUnit.status, f.status.split(',')));
  if (f.abo) conds.push(eq(bloodUnit.abo, f.abo));
  if (f.rhd) conds.push(eq(bloodUnit.rhd, f.rhd));
  if (f.componentClass) conds.push(eq(bloodUnit.componentClass, f.componentClass));
  if (f.productId) conds.push(eq(bloodUnit.productId, f.productId));
  if (f.orgId) conds.push(eq(bloodUnit.locationOrgId, f.orgId));
  if (f.expiresBefore) conds.push(lt(bloodUnit.expiresAt, f.expiresBefore));
  if (f.q) {
    const parsed = parseDinInput(f.q, { requireCheck: false });
    conds.push(parsed ? eq(bloodUnit.din, parsed) : or(ilike(bloodUnit.din, `%${f.q.replace(/[%_\\]/g, '')}%`), eq(bloodUnit.productCode, f.q))!);
  }
  const where = and(...conds);
  // Count no further than the page asked for plus UNIT_COUNT_CAP: an exact count of a million units in stock costs a
  // second on every page; "10,000+" is what a person paging a list needs.
  const cap = offsetOf(f) + f.pageSize + UNIT_COUNT_CAP;
  const [rows, [{ total }]] = await Promise.all([
    db.select(unitColumns).from(bloodUnit).innerJoin(locationOrg, eq(locationOrg.id, bloodUnit.locationOrgId))
      .where(where).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id)).limit(f.pageSize).offset(offsetOf(f)),
    db.select({ total: count() }).from(db.select({ one: sql`1` }).from(bloodUnit).where(where).limit(cap + 1).as('capped')),
  ]);
  const totalIsLowerBound = total > cap;
  return { items: rows.map(presentUnit), total: totalIsLowerBound ? cap : total, totalIsLowerBound, page: f.page, pageSize: f.pageSize };
}

/**
 * Everything known about one donation number: the donation, the donor (masked), every unit made from it
 * and each unit's events in time order, including where it went (hospital) and its transfusion.
 */
export async function traceByDin(db: Db, user: SessionUser, dinInput: string) {
  const din = parseDinInput(dinInput, { requireCheck: false, throwOnMismatch: true });
  if (!din) throw notFound('Donation', '献血码对应的献血记录');
  const donations = await db.select({
    id: donation.id, din: donation.din, volumeMl: donation.volumeMl, collectedAt: donation.collectedAt,
    status: donation.status, abo: donation.abo, rhd: donation.rhd, testConclusion: donation.testConclusion,
    donationType: donation.donationType, donorNumber: donor.donorNumber, donorName: donor.name, donorIdNumber: donor.idNumber,
  }).from(donation).innerJoin(donor, eq(donor.id, donation.donorId))
    .where(and(eq(donation.din, din), eq(donation.stationId, user.stationId)));
  const d = donations[0];
  // A unit received from a peer station (regional transfer) has no donation here: it is traced by DIN and origin.
  const units = await db.select(unitColumns).from(bloodUnit)
    .innerJoin(locationOrg, eq(locationOrg.id, bloodUnit.locationOrgId))
    .where(d ? eq(bloodUnit.donationId, d.id) : and(eq(bloodUnit.din, din), eq(bloodUnit.stationId, user.stationId))).orderBy(asc(bloodUnit.id));
  if (!d && units.length === 0) throw notFound('Donation', '献血码对应的献血记录');
  const [origin] = d ? [] : await db.select({ stationCode: unitOrigin.originStationCode, stationName: unitOrigin.originStationName,
    donorNumber: unitOrigin.donorNumber, transferId: unitOrigin.transferId }).from(unitOrigin).where(inArray(unitOrigin.unitId, units.map((u) => u.id))).limit(1);
  const isHospitalUser = user.orgType === 'hospital' || user.orgType === 'storage_point';
  const visibleUnits = isHospitalUser ? units.filter((u) => u.locationOrgId === user.orgId) : units;
  if (isHospitalUser && visibleUnits.length === 0) throw notFound('Donation', '献血码对应的献血记录');
  const eventOrg = alias(organisation, 'event_org');
  const events = await db.select({
    id: unitEvent.id, unitId: unitEvent.unitId, type: unitEvent.type, at: unitEvent.at, actor: appUser.displayName,
    orgName: eventOrg.name, fromStatus: unitEvent.fromStatus, toStatus: unitEvent.toStatus, reason: unitEvent.reason,
    details: unitEvent.details,
  }).from(unitEvent).leftJoin(appUser, eq(appUser.id, unitEvent.actorId)).leftJoin(eventOrg, eq(eventOrg.id, unitEvent.orgId))
    .where(and(eq(unitEvent.din, din), eq(unitEvent.stationId, user.stationId))).orderBy(asc(unitEvent.at), asc(unitEvent.id));
  const unitsOut = visibleUnits.map((u) => ({ ...presentUnit(u), events: events.filter((e) => e.unitId === u.id) }));
  if (!d) return { donation: null, donor: null, origin: origin ?? null, donationEvents: [], units: unitsOut };
  const { donorIdNumber, donorName, donorNumber, ...donationRow } = d;
  return {
    origin: null,
    donation: { ...donationRow, ...presentDin(d.din) },
    donor: { donorNumber, nameMasked: donorName.slice(0, 1) + '*'.repeat(Math.max(1, donorName.length - 1)), idNumberMasked: maskResidentId(donorIdNumber) },
    donationEvents: events.filter((e) => e.unitId == null),
    units: unitsOut,
  };
}
