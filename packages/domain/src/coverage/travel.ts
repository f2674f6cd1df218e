import { validationError } from '../errors.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';

/** Travel estimate from straight-line distance: minutes = km × roadFactor ÷ speedKmh × 60. */
export interface TravelRules {
  /** Road distance ÷ straight-line distance (dimensionless, ≥ 1). */
  readonly roadFactor: number;
  /** Average door-to-door speed, km/h. */
  readonly speedKmh: number;
  /** The "half-hour donation circle" (半小时献血圈), minutes. */
  readonly circleMinutes: number;
  /** Minimum bookings in one town within the window before a vehicle visit is proposed. */
  readonly visitMinBookings: number;
}

/**
 * Local planning defaults: a road factor of 1.3 (a common detour index for mixed urban/rural roads) and 40 km/h.
 * The 30-minute circle is the "半小时献血圈" service goal stations publish. Configure per station.
 */
export const TRAVEL_LOCAL_2026: RuleSet<TravelRules> = {
  id: 'donation-travel:local-2026',
  family: 'donation-travel',
  source: 'RedBridge planning default',
  version: '2026',
  effectiveFrom: '2020-01-01T00:00:00+08:00',
  clauses: [
    { ref: '半小时献血圈', summary: 'Every town or village point within a 30-minute trip of a donation site' },
    { ref: 'detour index', summary: 'road km ≈ 1.3 × straight-line km; 40 km/h average (local assumption)' },
  ],
  data: { roadFactor: 1.3, speedKmh: 40, circleMinutes: 30, visitMinBookings: 5 },
};
export const TRAVEL_REGISTRY = createRuleRegistry('donation-travel', [TRAVEL_LOCAL_2026]);

export interface GeoPoint { readonly lat: number; readonly lon: number }

/** Great-circle distance in km (haversine, R = 6371 km). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Travel minutes between two points.
 * @throws DomainError `VALIDATION` for coordinates outside ±90/±180
 */
export function travelMinutes(a: GeoPoint, b: GeoPoint, rules: TravelRules = TRAVEL_LOCAL_2026.data): number {
  for (const [name, p] of [['from', a], ['to', b]] as const) {
    if (!(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180)) {
      throw validationError([{ field: name, code: 'RANGE', message: '坐标超出范围 / coordinates out of range' }]);
    }
  }
  return (distanceKm(a, b) * rules.roadFactor / rules.speedKmh) * 60;
}

export interface CoveragePoint extends GeoPoint { readonly id: string; readonly name: string; readonly kind: string }
export interface CoverageResult {
  readonly point: CoveragePoint;
  readonly nearestSite: string | null;
  readonly minutes: number | null;
  readonly covered: boolean;
}

/** For each point: the nearest site and whether it lies inside the circle. */
export function coverage(points: readonly CoveragePoint[], sites: readonly (GeoPoint & { id: string })[], rules: TravelRules = TRAVEL_LOCAL_2026.data): CoverageResult[] {
  return points.map((point) => {
    let best: { id: string; minutes: number } | null = null;
    for (const s of sites) {
      const m = travelMinutes(point, s, rules);
      if (!best || m < best.minutes) best = { id: s.id, minutes: m };
    }
    return { point, nearestSite: best?.id ?? null, minutes: best ? Math.round(best.minutes * 10) / 10 : null, covered: !!best && best.minutes <= rules.circleMinutes };
  });
}

export interface BookingRequest extends GeoPoint { readonly town: string; readonly day: string }
export interface VisitProposal {
  readonly town: string;
  readonly day: string;
  readonly bookings: number;
  /** Stops in visiting order (nearest neighbour from the depot), with cumulative minutes. */
  readonly route: readonly { readonly lat: number; readonly lon: number; readonly minutes: number }[];
  readonly totalMinutes: number;
}

/**
 * Clusters requests by town; a town with ≥ `visitMinBookings` requests gets a proposed visit on the day most of
 * them asked for, with a nearest-neighbour route from the depot through the request points.
 */
export function proposeVehicleVisits(depot: GeoPoint, requests: readonly BookingRequest[], rules: TravelRules = TRAVEL_LOCAL_2026.data): VisitProposal[] {
  const byTown = new Map<string, BookingRequest[]>();
  for (const r of requests) byTown.set(r.town, [...(byTown.get(r.town) ?? []), r]);
  const out: VisitProposal[] = [];
  for (const [town, rs] of byTown) {
    if (rs.length < rules.visitMinBookings) continue;
    const dayCounts = new Map<string, number>();
    for (const r of rs) dayCounts.set(r.day, (dayCounts.get(r.day) ?? 0) + 1);
    const day = [...dayCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const left = [...rs];
    let at: GeoPoint = depot; let total = 0;
    const route: { lat: number; lon: number; minutes: number }[] = [];
    while (left.length > 0) {
      let bi = 0;
      for (let i = 1; i < left.length; i++) if (distanceKm(at, left[i]) < distanceKm(at, left[bi])) bi = i;
      const next = left.splice(bi, 1)[0];
      total += travelMinutes(at, next, rules);
      route.push({ lat: next.lat, lon: next.lon, minutes: Math.round(total) });
      at = next;
    }
    out.push({ town, day, bookings: rs.length, route, totalMinutes: Math.round(total) });
  }
  return out.sort((a, b) => b.bookings - a.bookings);
}
