/**
 * Donor-rights demo data (issue #6), loaded in the demo transaction after the generated tables:
 * - long donation histories imported from the previous system (`prior_donation`, origin `legacy`) for about
 *   one donor in 40, 8–44 earlier donations every ~6 months (never before the donor's 18th birthday), so an award
 *   cycle has bronze, silver, gold and lifetime candidates;
 * - a gold award already held by some of them (exercises the recount after gold), and long-time platelet donors
 *   with two golds who reach the lifetime honour (终身荣誉奖) with their third;
 * - a verified family relationship (a parent) for some donors, and a few months of direct deductions and an
 *   approved claim, so the ledger and statistics screens have data.
 * Deterministic (derived from ids, no clock); plain SQL so `small` stays fast.
 */
import type pg from 'pg';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';

export interface RightsDemoOptions {
  stationId: number;
  now: Date;
}

/** Inserts the donor-rights demo rows; returns the number of prior donations inserted. */
export async function loadRightsDemo(client: pg.PoolClient, opts: RightsDemoOptions): Promise<number> {
  const { stationId } = opts;
  const prior = await client.query(`
    with chosen as (
      select d.id, d.birth_date,
             (select min(collected_at) from donation x where x.donor_id = d.id) as first_at,
             8 + (d.id * 7919) % 37 as n
        from donor d
       where d.station_id = $1 and d.id % 40 = 0 and d.id % 200 <> 0 and d.permanently_deferred = false
    )
    insert into prior_donation (station_id, donor_id, donated_on, donation_type, volume_ml, doses, qualified, origin, origin_station, created_at)
    select $1, c.id,
           ((c.first_at at time zone 'Asia/Shanghai')::date - (g * 183)::int),
           case when (c.id + g) % 11 = 0 then 'apheresis_platelets' else 'whole_blood' end,
           case when (c.id + g) % 11 = 0 then null when (c.id + g) % 5 = 0 then 200 else 400 end,
           case when (c.id + g) % 11 = 0 then 1 else null end,
           (c.id + g) % 53 <> 0, 'legacy', '原血站信息系统 (迁移)', $2
      from chosen c cross join lateral generate_series(1, c.n) g
     where c.first_at is not null
       and ((c.first_at at time zone 'Asia/Shanghai')::date - (g * 183)::int) >= (c.birth_date + interval '18 years')::date`,
  [stationId, opts.now]);

  // Long-time platelet donors (one in 200): 130 monthly single-dose apheresis donations before this system, and
  // the two golds they already hold (at their 40th and 80th donations): this cycle brings their third gold and the
  // lifetime honour (终身荣誉奖).
  await client.query(`
    with chosen as (
      select d.id, d.birth_date, (select min(collected_at) from donation x where x.donor_id = d.id) as first_at
        from donor d where d.station_id = $1 and d.id % 200 = 0 and d.permanently_deferred = false
    )
    insert into prior_donation (station_id, donor_id, donated_on, donation_type, volume_ml, doses, qualified, origin, origin_station, created_at)
    select $1, c.id, ((c.first_at at time zone 'Asia/Shanghai')::date - (g * 30)::int), 'apheresis_platelets', null, 1, true, 'legacy', '原血站信息系统 (迁移)', $2
      from chosen c cross join lateral generate_series(1, 130) g where c.first_at is not null
       and ((c.first_at at time zone 'Asia/Shanghai')::date - (g * 30)::int) >= (c.birth_date + interval '18 years')::date`, [stationId, opts.now]);
  await client.query(`
    with numbered as (
      select donor_id, donated_on, row_number() over (partition by donor_id order by donated_on) as k
        from prior_donation where station_id = $1 and donor_id % 200 = 0
    )
    insert into donor_award (station_id, donor_id, level, awarded_on, created_at)
    select $1, donor_id, 'gold', donated_on + 1, $2 from numbered where k in (40, 80)`, [stationId, opts.now]);

  // A gold award already held: dated the day after the donation that brought the legacy count to 40.
  await client.query(`
    with counted as (
      select p.donor_id, p.donated_on,
             sum(case when p.donation_type = 'whole_blood' then p.volume_ml / 200 when p.donated_on < date '2010-01-01' then p.doses * 4 else p.doses end)
               over (partition by p.donor_id order by p.donated_on, p.id) as running
        from prior_donation p where p.station_id = $1 and p.donor_id % 120 = 0 and p.donor_id % 200 <> 0
    ), reached as (
      select donor_id, min(donated_on) as on_day from counted where running >= 40 group by donor_id
    )
    insert into donor_award (station_id, donor_id, level, awarded_on, created_at)
    select $1, donor_id, 'gold', on_day + 1, $2 from reached`, [stationId, opts.now]);

  // Verified parents of some history donors, and direct deductions spread over the last months.
  const hospitals = await client.query<{ id: string; name: string }>(
    `select id, name from organisation where station_id = $1 and type = 'hospital' order by id limit 5`, [stationId]);
  if (hospitals.rows.length === 0) return prior.rowCount ?? 0;
  const admin = await client.query<{ id: string }>(`select id from app_user where station_id = $1 and role = 'donor_service' order by id limit 1`, [stationId]);
  const actor = admin.rows[0]?.id ?? null;
  if (actor === null) return prior.rowCount ?? 0;
  const parents = await client.query<{ id: string; name: string }>(
    `select id, name from donor where station_id = $1 and id % 80 = 0 order by id`, [stationId]);
  const ids = parents.rows.map((p) => Number(p.id));
  const relativeIds = ids.map((id) => {
    const body17 = `370702${1950 + (id % 20)}0${1 + (id % 9)}1${id % 10}${String(id % 1000).padStart(3, '0')}`.slice(0, 17);
    return body17 + computeResidentIdCheckDigit(body17);
  });
  await client.query(`
    insert into family_relation (station_id, donor_id, relation, relative_name, relative_id_number, status, note, created_by, created_at, verified_by, verified_at)
    select $1, u.donor_id, 'parent', u.name, u.id_number, 'verified', '演示数据：户口簿已核验', $2, $3, $2, $3
      from unnest($4::int8[], $5::text[], $6::text[]) as u(donor_id, name, id_number)`,
  [stationId, actor, opts.now, ids, parents.rows.map((p) => `${p.name.slice(0, 1)}母`), relativeIds]);
  await client.query(`
    with pick as (
      select p.donor_id, row_number() over (order by p.donor_id) as k
        from (select distinct donor_id from prior_donation where station_id = $1) p
    ), acc as (
      insert into benefit_account (station_id, donor_id, pool, used_ml, used_fen, updated_at)
      select $1, donor_id, 'self', 400, 44000, $3 from pick where k % 2 = 0
      returning id, donor_id
    )
    insert into benefit_deduction (station_id, account_id, donor_id, relation, beneficiary_name, beneficiary_id_number, kind, hospital_org_id,
        hospital_name, volume_ml, amount_fen, billed_fen, unlimited, remaining_after_ml, rule_set_id, province, reasons, created_by, created_at)
    select $1, acc.id, d.id, 'self', d.name, d.id_number, 'direct', h.id, h.name, 400, 44000, 52000, true, null,
           'blood-fee-benefits:henan:2020', 'henan', '[]'::jsonb, $2, $3 - ((acc.donor_id * 17) % 55) * interval '1 day'
      from acc join donor d on d.id = acc.donor_id
      join lateral (select id, name from organisation where station_id = $1 and type = 'hospital' order by id
                     offset ((acc.donor_id / 40) % ${hospitals.rows.length}) limit 1) h on true`, [stationId, actor, opts.now]);
  // Two claims waiting for review: a cross-province record from another station and an online claim of a parent.
  await client.query(`
    with d as (
      select f.donor_id, f.relative_name, f.relative_id_number, row_number() over (order by f.id) as k from family_relation f where f.station_id = $1
    )
    insert into benefit_claim (station_id, claim_number, donor_id, relation, beneficiary_name, beneficiary_id_number, channel, origin_station,
        origin_province, hospital_name, used_on, volume_ml, invoice_fen, invoice_no, status, submitted_by, created_at)
    select $1, 'BX' || to_char($3::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(k::text, 6, '0'), donor_id, 'parent', relative_name,
           relative_id_number, case when k = 1 then 'cross_province' else 'online' end, case when k = 1 then '郑州市中心血站' end,
           case when k = 1 then 'henan' end, case when k = 1 then '郑州大学第一附属医院' else '青岛大学附属医院' end,
           (($3::timestamptz at time zone 'Asia/Shanghai')::date - (12 * k)::int), 400, 52000, 'FP' || lpad(k::text, 8, '0'), 'submitted', $2, $3
      from d where k <= 2`, [stationId, actor, opts.now]);
  return prior.rowCount ?? 0;
}
