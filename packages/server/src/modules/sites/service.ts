/**
 * Donation sites (献血屋 fixed houses, 采血车 vehicles with weekly stops, 献血网格 village points), their time slots,
 * the day sheet, the half-hour coverage view and vehicle-visit proposals.
 */
import { and, asc, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import { coverage, proposeVehicleVisits, TRAVEL_REGISTRY, type CoveragePoint } from '@redbridge/domain/coverage';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  appointment, donationSite, donor, groupBooking, timeSlot, vehicleSchedule, type OpeningHours,
} from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual, notFound } from '../../lib/problem.ts';

export type SiteRow = typeof donationSite.$inferSelect;

/** ISO weekday (1 = Monday … 7 = Sunday) of a `YYYY-MM-DD`. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const toTime = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Opening periods of a site on a day: a fixed house's / grid point's weekly hours, a vehicle's scheduled stops. */
export async function periodsOn(tx: DbOrTx, site: SiteRow, day: string): Promise<{ start: string; end: string; place: string | null }[]> {
  const wd = isoWeekday(day);
  if (site.kind === 'vehicle') {
    const stops = await tx.select().from(vehicleSchedule).where(and(eq(vehicleSchedule.siteId, site.id), eq(vehicleSchedule.weekday, wd)))
      .orderBy(asc(vehicleSchedule.startTime));
    return stops.map((s) => ({ start: s.startTime, end: s.endTime, place: `${s.town} ${s.place}` }));
  }
  const hours = (site.openingHours as OpeningHours)[String(wd) as keyof OpeningHours] ?? [];
  return hours.map(([start, end]) => ({ start, end, place: null }));
}

/** Creates the day's slots from the opening periods (idempotent: `ON CONFLICT DO NOTHING`). */
export async function ensureSlots(tx: DbOrTx, site: SiteRow, day: string): Promise<void> {
  if (!site.active) return;
  const values: (typeof timeSlot.$inferInsert)[] = [];
  for (const p of await periodsOn(tx, site, day)) {
    for (let m = toMin(p.start); m + site.slotMinutes <= toMin(p.end); m += site.slotMinutes) {
      values.push({ stationId: site.stationId, siteId: site.id, day, startTime: toTime(m), endTime: toTime(m + site.slotMinutes), capacity: site.slotCapacity, place: p.place });
    }
  }
  if (values.length > 0) await tx.insert(timeSlot).values(values).onConflictDoNothing();
}

export async function listSites(db: Db, stationId: number) {
  const sites = await db.select().from(donationSite).where(eq(donationSite.stationId, stationId)).orderBy(asc(donationSite.kind), asc(donationSite.code));
  const stops = await db.select().from(vehicleSchedule).where(eq(vehicleSchedule.stationId, stationId)).orderBy(asc(vehicleSchedule.weekday), asc(vehicleSchedule.startTime));
  return sites.map((s) => ({ ...s, schedule: stops.filter((x) => x.siteId === s.id) }));
}

export async function getSite(tx: DbOrTx, stationId: number, siteId: number): Promise<SiteRow> {
  const rows = await tx.select().from(donationSite).where(and(eq(donationSite.id, siteId), eq(donationSite.stationId, stationId)));
  if (!rows[0]) throw notFound('Site', '献血点');
  return rows[0];
}

export interface NewSite {
  code: string; name: string; kind: 'fixed_house' | 'vehicle' | 'grid_point'; gridName?: string | null; town?: string | null;
  address?: string | null; lat?: number | null; lon?: number | null; openingHours?: OpeningHours; slotMinutes?: number; slotCapacity?: number;
  schedule?: { weekday: number; town: string; place: string; lat?: number | null; lon?: number | null; startTime: string; endTime: string }[];
}

export async function createSite(db: Db, ctx: ActionContext, input: NewSite) {
  return db.transaction(async (tx) => {
    const dup = await tx.select({ id: donationSite.id }).from(donationSite).where(and(eq(donationSite.stationId, ctx.user.stationId), eq(donationSite.code, input.code)));
    if (dup[0]) throw new AppError(409, 'CONFLICT', bilingual('献血点编码已存在', 'Site code already exists'), [{ pointer: '/code', code: 'DUPLICATE', message: bilingual('编码重复', 'duplicate code') }]);
    const [site] = await tx.insert(donationSite).values({
      stationId: ctx.user.stationId, code: input.code, name: input.name, kind: input.kind, gridName: input.gridName ?? null, town: input.town ?? null,
      address: input.address ?? null, lat: input.lat ?? null, lon: input.lon ?? null, openingHours: input.openingHours ?? {},
      slotMinutes: input.slotMinutes ?? 60, slotCapacity: input.slotCapacity ?? 6, createdAt: ctx.now,
    }).returning();
    if (input.schedule?.length) {
      await tx.insert(vehicleSchedule).values(input.schedule.map((s) => ({ stationId: ctx.user.stationId, siteId: site.id, ...s, lat: s.lat ?? null, lon: s.lon ?? null })));
    }
    await recordAudit(tx, ctx, { action: 'site.create', entityType: 'donation_site', entityId: site.id, after: input });
    return site;
  });
}

/** Slots of a site for a range of days (created on demand), with free places. */
export async function slotsFor(db: Db, stationId: number, siteId: number, from: string, to: string) {
  return db.transaction(async (tx) => {
    const site = await getSite(tx, stationId, siteId);
    for (let d = from; d <= to; d = addDay(d)) await ensureSlots(tx, site, d);
    const rows = await tx.select().from(timeSlot).where(and(eq(timeSlot.siteId, siteId), gte(timeSlot.day, from), lte(timeSlot.day, to)))
      .orderBy(asc(timeSlot.day), asc(timeSlot.startTime));
    return rows.map((s) => ({ ...s, free: s.capacity - s.booked }));
  });
}

export const addDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Day sheet (当日预约表): slots with their appointments and the day's group bookings. */
export async function daySheet(db: Db, stationId: number, siteId: number, day: string) {
  const site = await getSite(db, stationId, siteId);
  await db.transaction((tx) => ensureSlots(tx, site, day));
  const slots = await db.select().from(timeSlot).where(and(eq(timeSlot.siteId, siteId), eq(timeSlot.day, day))).orderBy(asc(timeSlot.startTime));
  const appts = slots.length === 0 ? [] : await db.select({
    id: appointment.id, slotId: appointment.slotId, status: appointment.status, donationType: appointment.donationType,
    donorId: donor.id, donorName: donor.name, donorNumber: donor.donorNumber, phone: donor.phone, abo: donor.abo, rhd: donor.rhd,
    groupBookingId: appointment.groupBookingId, channel: appointment.channel, checkedInAt: appointment.checkedInAt,
  }).from(appointment).innerJoin(donor, eq(donor.id, appointment.donorId))
    .where(and(inArray(appointment.slotId, slots.map((s) => s.id)), ne(appointment.status, 'cancelled'))).orderBy(asc(appointment.id));
  const groups = await db.select().from(groupBooking).where(and(eq(groupBooking.siteId, siteId), eq(groupBooking.day, day)));
  const counts = { booked: 0, checked_in: 0, donated: 0, no_show: 0 } as Record<string, number>;
  for (const a of appts) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return {
    site: { id: site.id, name: site.name, kind: site.kind, town: site.town }, day, counts, groups,
    slots: slots.map((s) => ({ ...s, free: s.capacity - s.booked, appointments: appts.filter((a) => a.slotId === s.id) })),
  };
}

/** Sites open on a day (with today's periods), nearest first when a location is given. */
export async function openSites(db: Db, stationId: number, day: string, near?: { lat: number; lon: number }) {
  const sites = await db.select().from(donationSite).where(and(eq(donationSite.stationId, stationId), eq(donationSite.active, true)));
  const rules = TRAVEL_REGISTRY.inForce(new Date(`${day}T12:00:00+08:00`)).data;
  const out = [];
  for (const s of sites) {
    const periods = await periodsOn(db, s, day);
    if (periods.length === 0) continue;
    const minutes = near && s.lat != null && s.lon != null
      ? coverage([{ id: 'me', name: 'me', kind: 'donor', ...near }], [{ id: String(s.id), lat: s.lat, lon: s.lon }], rules)[0].minutes : null;
    out.push({ id: s.id, name: s.name, kind: s.kind, town: s.town, address: s.address, lat: s.lat, lon: s.lon, periods, travelMinutes: minutes });
  }
  return out.sort((a, b) => (a.travelMinutes ?? 1e9) - (b.travelMinutes ?? 1e9) || a.id - b.id);
}

/**
 * The half-hour donation circle: each grid point and vehicle stop against the fixed houses (and, when
 * `includeVehicles`, the vehicle stops too), with minutes to the nearest and whether it is inside the circle.
 */
export async function coverageView(db: Db, stationId: number, now: Date) {
  const sites = await db.select().from(donationSite).where(and(eq(donationSite.stationId, stationId), eq(donationSite.active, true)));
  const stops = await db.select().from(vehicleSchedule).where(eq(vehicleSchedule.stationId, stationId));
  const rules = TRAVEL_REGISTRY.inForce(now).data;
  const anchors = [
    ...sites.filter((s) => s.kind === 'fixed_house' && s.lat != null && s.lon != null).map((s) => ({ id: s.name, lat: s.lat!, lon: s.lon! })),
    ...stops.filter((s) => s.lat != null && s.lon != null).map((s) => ({ id: `${s.town}${s.place}（采血车）`, lat: s.lat!, lon: s.lon! })),
  ];
  const points: CoveragePoint[] = sites.filter((s) => s.kind === 'grid_point' && s.lat != null && s.lon != null)
    .map((s) => ({ id: String(s.id), name: s.name, kind: 'grid_point', lat: s.lat!, lon: s.lon! }));
  const houses = anchors.slice(0, sites.filter((s) => s.kind === 'fixed_house' && s.lat != null).length);
  return {
    rules: { ...rules, ruleSetId: TRAVEL_REGISTRY.inForce(now).id },
    sites: anchors,
    points: coverage(points, anchors, rules).map((r) => ({ ...r.point, nearestSite: r.nearestSite, minutes: r.minutes, covered: r.covered })),
    housesOnly: coverage(points, houses, rules).filter((r) => r.covered).length,
  };
}

/** Proposed vehicle visits from open bookings at grid points (town clusters), for staff to accept. */
export async function vehicleVisitProposals(db: Db, stationId: number, from: string, to: string, now: Date) {
  const rows = await db.select({ town: donationSite.town, lat: donationSite.lat, lon: donationSite.lon, day: timeSlot.day })
    .from(appointment).innerJoin(timeSlot, eq(timeSlot.id, appointment.slotId)).innerJoin(donationSite, eq(donationSite.id, timeSlot.siteId))
    .where(and(eq(appointment.stationId, stationId), eq(appointment.status, 'booked'), eq(donationSite.kind, 'grid_point'), gte(timeSlot.day, from), lte(timeSlot.day, to)));
  const depot = (await db.select().from(donationSite).where(and(eq(donationSite.stationId, stationId), eq(donationSite.kind, 'fixed_house')))).find((s) => s.lat != null);
  if (!depot) return [];
  const rules = TRAVEL_REGISTRY.inForce(now).data;
  return proposeVehicleVisits({ lat: depot.lat!, lon: depot.lon! },
    rows.filter((r) => r.lat != null && r.lon != null && r.town).map((r) => ({ town: r.town!, day: r.day, lat: r.lat!, lon: r.lon! })), rules);
}
