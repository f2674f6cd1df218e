import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverage, distanceKm, proposeVehicleVisits, TRAVEL_LOCAL_2026, travelMinutes } from './travel.ts';

describe('half-hour donation circle and vehicle visits [R16]', () => {
  const weifang = { lat: 36.7069, lon: 119.1618 };
  it('distance and travel minutes follow the rule data (road factor × km ÷ speed)', () => {
    const qingzhou = { lat: 36.6846, lon: 118.4797 };
    const km = distanceKm(weifang, qingzhou);
    assert.ok(km > 60 && km < 62, String(km));
    assert.equal(travelMinutes(weifang, qingzhou), km * 1.3 / 40 * 60);
    assert.equal(travelMinutes(weifang, qingzhou, { ...TRAVEL_LOCAL_2026.data, speedKmh: 80 }), km * 1.3 / 80 * 60);
  });
  it('a point at 15 km (29.25 min) is covered; at 16 km (31.2 min) is not', () => {
    const at = (km: number) => ({ id: String(km), name: `${km}km`, kind: 'village', lat: weifang.lat + km / 111.195, lon: weifang.lon });
    const r = coverage([at(15), at(16)], [{ id: 'house', ...weifang }]);
    assert.deepEqual(r.map((x) => x.covered), [true, false]);
    assert.equal(r[0].nearestSite, 'house');
  });
  it('proposes a visit only for towns with enough bookings, on the most asked day, with a route', () => {
    const req = (town: string, day: string, d: number) => ({ town, day, lat: weifang.lat + d, lon: weifang.lon + d });
    const p = proposeVehicleVisits(weifang, [
      ...[0.1, 0.11, 0.12, 0.13].map((d) => req('寿光', '2026-12-02', d)), req('寿光', '2026-12-03', 0.14),
      req('昌乐', '2026-12-02', 0.3),
    ]);
    assert.equal(p.length, 1);
    assert.deepEqual([p[0].town, p[0].day, p[0].bookings, p[0].route.length], ['寿光', '2026-12-02', 5, 5]);
    assert.ok(p[0].route.every((s, i) => i === 0 || s.minutes >= p[0].route[i - 1].minutes));
  });
});
