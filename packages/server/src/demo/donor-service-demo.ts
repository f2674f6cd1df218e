/**
 * Donor-service demo rows (issue #3), inserted in the demo load transaction after the bulk tables: Weifang fixed
 * donation houses (献血屋, open weekends), two collection vehicles (采血车) with weekly stops in towns, village donation
 * grid points (献血网格), station appeals (倡议书), donor home locations, a few appointments, a group booking, one
 * O RhD-negative recruitment campaign, and the donor-app demo account (phone 13800138000, code from the outbox log).
 * A few hundred rows: keeps the `small` load fast.
 */
import type pg from 'pg';
import { computeResidentIdCheckDigit } from './domain.ts';

const residentId = (first17: string) => first17 + computeResidentIdCheckDigit(first17);

/** Phone of the donor-app demo account. */
export const DEMO_DONOR_PHONE = '13800138000';

const HOURS_7_DAYS = { 1: [['08:30', '17:30']], 2: [['08:30', '17:30']], 3: [['08:30', '17:30']], 4: [['08:30', '17:30']], 5: [['08:30', '17:30']], 6: [['09:00', '17:00']], 7: [['09:00', '17:00']] };
const HOUSES = [
  { code: 'XX01', name: '奎文区人民广场献血屋', town: '奎文区', address: '胜利东街人民广场东侧', lat: 36.7069, lon: 119.1618 },
  { code: 'XX02', name: '潍城区万达献血屋', town: '潍城区', address: '胜利西街万达广场北门', lat: 36.7103, lon: 119.1016 },
  { code: 'XX03', name: '高新区献血屋', town: '高新区', address: '健康东街与新华路口', lat: 36.7215, lon: 119.2243 },
];
const VEHICLES = [
  { code: 'CAR1', name: '1号采血车', stops: [
    { weekday: 2, town: '寿光市', place: '寿光人民广场', lat: 36.8553, lon: 118.7910, start: '08:30', end: '16:30' },
    { weekday: 4, town: '昌乐县', place: '昌乐宝石城', lat: 36.7067, lon: 118.8300, start: '08:30', end: '16:30' },
    { weekday: 6, town: '青州市', place: '青州古城南门', lat: 36.6846, lon: 118.4797, start: '09:00', end: '16:00' },
  ] },
  { code: 'CAR2', name: '2号采血车', stops: [
    { weekday: 1, town: '安丘市', place: '安丘青云湖', lat: 36.4780, lon: 119.2188, start: '08:30', end: '16:30' },
    { weekday: 3, town: '诸城市', place: '诸城百盛', lat: 35.9958, lon: 119.4100, start: '08:30', end: '16:30' },
    { weekday: 5, town: '昌邑市', place: '昌邑文化广场', lat: 36.8586, lon: 119.3980, start: '08:30', end: '16:30' },
  ] },
];
const GRID = [
  { grid: '寒亭区网格', name: '寒亭区固堤街道村委', town: '寒亭区', lat: 36.7750, lon: 119.2110 },
  { grid: '寒亭区网格', name: '寒亭区朱里街道卫生院', town: '寒亭区', lat: 36.8510, lon: 119.2370 },
  { grid: '坊子区网格', name: '坊子区九龙街道社区中心', town: '坊子区', lat: 36.6540, lon: 119.1660 },
  { grid: '坊子区网格', name: '坊子区太保庄卫生院', town: '坊子区', lat: 36.5120, lon: 119.1900 },
  { grid: '昌乐网格', name: '昌乐县五图街道村委', town: '昌乐县', lat: 36.6560, lon: 118.9360 },
  { grid: '昌乐网格', name: '昌乐县乔官镇卫生院', town: '昌乐县', lat: 36.5330, lon: 118.7700 },
  { grid: '临朐网格', name: '临朐县城关街道社区', town: '临朐县', lat: 36.5120, lon: 118.5420 },
  { grid: '寿光网格', name: '寿光市洛城街道村委', town: '寿光市', lat: 36.8860, lon: 118.8240 },
];
const NOTICES = [
  { kind: 'appeal', title: '致全市爱心市民的献血倡议书', body: '近期气温骤降，街头献血人数减少，O型、B型血液库存偏紧。潍坊市中心血站倡议：18–55周岁健康市民就近到献血屋或采血车参加无偿献血，一次献血，温暖一生。' },
  { kind: 'notice', title: '周末献血屋照常开放', body: '奎文区人民广场、潍城区万达、高新区献血屋周六、周日 9:00–17:00 照常开放，欢迎预约。' },
  { kind: 'appeal', title: 'Rh阴性献血者招募', body: 'Rh阴性血型约占人群的0.4%，被称为“熊猫血”。欢迎Rh阴性献血者加入稀有血型献血者队伍，在紧急时刻挽救生命。' },
];

const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function loadDonorServiceDemo(client: pg.PoolClient, stationId: number, stationCode: string, now: Date): Promise<number> {
  let rows = 0;
  const q = async (text: string, params: unknown[]) => { const r = await client.query(text, params); rows += r.rowCount ?? 0; return r.rows; };
  const siteIds: number[] = [];
  for (const h of HOUSES) {
    const [r] = await q(`insert into donation_site (station_id, code, name, kind, town, address, lat, lon, opening_hours, slot_minutes, slot_capacity)
      values ($1,$2,$3,'fixed_house',$4,$5,$6,$7,$8,60,8) returning id`, [stationId, h.code, h.name, h.town, h.address, h.lat, h.lon, JSON.stringify(HOURS_7_DAYS)]);
    siteIds.push(Number(r.id));
  }
  for (const v of VEHICLES) {
    const [r] = await q(`insert into donation_site (station_id, code, name, kind, slot_minutes, slot_capacity) values ($1,$2,$3,'vehicle',120,10) returning id`, [stationId, v.code, v.name]);
    for (const s of v.stops) {
      await q(`insert into vehicle_schedule (station_id, site_id, weekday, town, place, lat, lon, start_time, end_time) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [stationId, r.id, s.weekday, s.town, s.place, s.lat, s.lon, s.start, s.end]);
    }
  }
  for (const [i, g] of GRID.entries()) {
    await q(`insert into donation_site (station_id, code, name, kind, grid_name, town, lat, lon, opening_hours, slot_minutes, slot_capacity)
      values ($1,$2,$3,'grid_point',$4,$5,$6,$7,$8,120,4)`, [stationId, `WG${String(i + 1).padStart(2, '0')}`, g.name, g.grid, g.town, g.lat, g.lon, JSON.stringify({ 6: [['09:00', '13:00']] })]);
  }
  for (const [i, n] of NOTICES.entries()) {
    await q(`insert into station_notice (station_id, kind, title, body, published_at) values ($1,$2,$3,$4,$5)`, [stationId, n.kind, n.title, n.body, new Date(now.getTime() - (i + 1) * 86_400_000)]);
  }
  // home locations near the houses for a sample of donors (deterministic jitter)
  await q(`insert into donor_profile (donor_id, station_id, home_lat, home_lon, preferred_channel)
    select id, station_id, 36.70 + ((id * 37) % 100) / 1000.0 - 0.05, 119.16 + ((id * 53) % 100) / 1000.0 - 0.05,
      case when id % 5 = 0 then 'wechat' when id % 11 = 0 then 'phone' else 'sms' end
    from donor where station_id = $1 and id % 3 = 0`, [stationId]);
  // the donor-app demo account: first-time donor history 8 months ago, eligible for whole blood today
  const [u] = await q(`select id from app_user where station_id = $1 order by id limit 1`, [stationId]);
  const [demo] = await q(`insert into donor (station_id, donor_number, id_number, name, sex, birth_date, phone, abo, rhd)
    values ($1,'D999999001',$2,'陈晓雯','female','1992-03-15',$3,'O','POS') returning id`, [stationId, residentId('37070219920315002'), DEMO_DONOR_PHONE]);
  const collected = new Date(now.getTime() - 240 * 86_400_000);
  const yy = Number(dayOf(collected).slice(2, 4));
  const [seq] = await q(`insert into din_sequence (station_id, year, next_serial) values ($1, $2, 2)
    on conflict (station_id, year) do update set next_serial = din_sequence.next_serial + 1 returning next_serial - 1 as serial`, [stationId, yy]);
  const din = `${stationCode}${String(yy).padStart(2, '0')}${String(seq.serial).padStart(6, '0')}`;
  await q(`insert into donation (station_id, din, donor_id, donation_type, volume_ml, collected_at, status, abo, rhd, test_conclusion, tested_at, released_at, created_by)
    values ($1,$2,$3,'whole_blood',400,$4,'released','O','POS','qualified',$4::timestamptz + interval '1 day',$4::timestamptz + interval '1 day',$5)`, [stationId, din, demo.id, collected, u.id]);
  // upcoming appointments: donors whose last donation is ≥ 6 months before the day (none in a 60-day history), so
  // use donors without donations is impossible; book first-time style demo donors instead
  const today = dayOf(now);
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'];
  for (const [i, name] of names.entries()) {
    const idNumber = residentId(`37070219880101${String(100 + i * 2 + (i % 2 ? 1 : 0)).padStart(3, '0')}`);
    const [d] = await q(`insert into donor (station_id, donor_number, id_number, name, sex, birth_date, phone, abo, rhd)
      values ($1,$2,$3,$4,$5,'1988-01-01',$6,$7,'POS') returning id`, [stationId, `D99999910${i}`, idNumber, name, i % 2 ? 'male' : 'female', `1390000${String(1000 + i)}`, ['O', 'A', 'B', 'AB'][i % 4]]);
    const day = addDays(today, 1 + (i % 3));
    const start = ['09:00', '10:00', '14:00'][i % 3];
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
    const startFixed = wd === 0 || wd === 6 ? (start === '09:00' ? '09:00' : start) : (start === '09:00' ? '09:30' : start === '10:00' ? '10:30' : '14:30');
    const [slot] = await q(`insert into time_slot (station_id, site_id, day, start_time, end_time, capacity, booked) values ($1,$2,$3,$4,$5,8,0)
      on conflict (site_id, day, start_time) do update set capacity = time_slot.capacity returning id`, [stationId, siteIds[0], day, startFixed, `${String(Number(startFixed.slice(0, 2)) + 1).padStart(2, '0')}${startFixed.slice(2)}`]);
    await q(`update time_slot set booked = booked + 1 where id = $1`, [slot.id]);
    await q(`insert into appointment (station_id, donor_id, slot_id, donation_type, status, eligibility, channel) values ($1,$2,$3,'whole_blood','booked',$4,$5)`,
      [stationId, d.id, slot.id, JSON.stringify({ eligible: true, ruleSetId: 'GB18467-2011', reasons: [], checksPending: ['exam'] }), i % 2 ? 'donor_app' : 'staff']);
  }
  // a cluster of village bookings in 寒亭区 next Saturday (grid points): staff see a proposed vehicle visit
  let sat = addDays(today, 1);
  while (new Date(`${sat}T00:00:00Z`).getUTCDay() !== 6) sat = addDays(sat, 1);
  const gridSites = await q(`select id from donation_site where station_id = $1 and kind = 'grid_point' and town = '寒亭区' order by id`, [stationId]);
  const villagers = ['王建华', '李秀英', '张国强', '刘桂兰', '杨立新', '赵春梅'];
  for (const [i, name] of villagers.entries()) {
    const idNumber = residentId(`37070319850505${String(200 + i * 2 + (i % 2 ? 1 : 0)).padStart(3, '0')}`);
    const [d] = await q(`insert into donor (station_id, donor_number, id_number, name, sex, birth_date, phone, abo, rhd)
      values ($1,$2,$3,$4,$5,'1985-05-05',$6,$7,'POS') returning id`, [stationId, `D99999920${i}`, idNumber, name, i % 2 ? 'male' : 'female', `1370000${String(2000 + i)}`, ['O', 'A', 'B'][i % 3]]);
    const site = gridSites[i % gridSites.length].id;
    const [slot] = await q(`insert into time_slot (station_id, site_id, day, start_time, end_time, capacity, booked) values ($1,$2,$3,'09:00','11:00',4,0)
      on conflict (site_id, day, start_time) do update set capacity = time_slot.capacity returning id`, [stationId, site, sat]);
    await q(`update time_slot set booked = booked + 1 where id = $1`, [slot.id]);
    await q(`insert into appointment (station_id, donor_id, slot_id, donation_type, status, eligibility, channel) values ($1,$2,$3,'whole_blood','booked',$4,'donor_app')`,
      [stationId, d.id, slot.id, JSON.stringify({ eligible: true, ruleSetId: 'GB18467-2011', reasons: [], checksPending: ['exam'] })]);
  }
  const gDay = addDays(today, 5);
  const [g] = await q(`insert into group_booking (station_id, organisation_name, contact_name, contact_phone, quota, day, site_id, place, status)
    values ($1,'潍柴动力股份有限公司','孙经理','13905361234',30,$2,$3,'潍柴工业园南门','confirmed') returning id`, [stationId, gDay, siteIds[2]]);
  await q(`insert into time_slot (station_id, site_id, day, start_time, end_time, capacity, booked, place) values ($1,$2,$3,'08:00','12:00',30,0,'团体：潍柴动力股份有限公司 潍柴工业园南门')
    on conflict do nothing`, [stationId, siteIds[2], gDay]);
  void g;
  // one earlier O RhD-negative campaign (inventory alert) with its funnel
  const [c] = await q(`insert into recruitment_campaign (station_id, abo, rhd, component_class, reason, alert_level, target_date, size, quiet_days, status, created_by, created_at)
    values ($1,'O','NEG','red_cells','inventory_alert','orange',$2,20,30,'active',$3,$4) returning id`, [stationId, addDays(today, -3), u.id, new Date(now.getTime() - 7 * 86_400_000)]);
  await q(`insert into campaign_contact (station_id, campaign_id, donor_id, rank, probability, channel, site_id, status, contacted_at, booked_at, donated_at)
    select $1, $2, d.id, row_number() over (order by d.id), 0.2 + ((d.id * 13) % 50) / 100.0, 'sms', $3,
      case when row_number() over (order by d.id) <= 2 then 'donated' when row_number() over (order by d.id) <= 5 then 'booked' else 'contacted' end,
      $4::timestamptz, case when row_number() over (order by d.id) <= 5 then $4::timestamptz + interval '1 day' end,
      case when row_number() over (order by d.id) <= 2 then $4::timestamptz + interval '3 day' end
    from donor d where d.station_id = $1 and d.rhd = 'NEG' and d.abo = 'O' order by d.id limit 20`, [stationId, c.id, siteIds[0], new Date(now.getTime() - 7 * 86_400_000)]);
  return rows;
}
