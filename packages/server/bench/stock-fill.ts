/**
 * Fills a migrated database with benchmark data entirely on the server side (INSERT … SELECT generate_series):
 * `availableUnits` released red-cell units in stock at the station (ABO mix of the demo city, 1 U each, expiry
 * spread over 35 days) and `historicalUnits` transfused units over three years, with daily issue history.
 */
import pg from 'pg';

export interface FillOptions {
  availableUnits: number;
  historicalUnits: number;
  /** Rows per INSERT statement (keeps PGlite's memory bounded). */
  batch?: number;
}

export interface FillIds {
  stationId: number;
  hospitalId: number;
  userId: number;
}

// ABO by (g % 1000): O 342, A 287, B 282, AB 89; RhD-negative when g % 250 = 0 (0.4 %).
const ABO_SQL = `case when g % 1000 < 342 then 'O' when g % 1000 < 629 then 'A' when g % 1000 < 911 then 'B' else 'AB' end`;
const RHD_SQL = `case when g % 250 = 0 then 'NEG' else 'POS' end`;

export async function fillStock(url: string, ids: FillIds, opts: FillOptions, onProgress?: (done: number, total: number) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const batch = opts.batch ?? 200_000;
  const total = opts.availableUnits + opts.historicalUnits;
  let done = 0;
  try {
    await client.query(`insert into donor (station_id, donor_number, id_number, name, sex, birth_date)
      select $1, 'BENCH' || g, 'BENCH' || lpad(g::text, 13, '0'), '压测献血者' || g, case when g % 2 = 0 then 'male' else 'female' end, date '1990-01-01'
      from generate_series(1, 1000) g on conflict do nothing`, [ids.stationId]);
    const { rows: [{ first }] } = await client.query(`select min(id)::int as first from donor where donor_number like 'BENCH%'`);
    const fill = async (from: number, to: number, kind: 'available' | 'history') => {
      const status = kind === 'available' ? 'available' : 'transfused';
      const location = kind === 'available' ? ids.stationId : ids.hospitalId;
      // Available: collected 0–34 days ago, expiring 35 days after collection. History: collected 35–1130 days ago.
      const collected = kind === 'available' ? `now() - make_interval(days => g % 35)` : `now() - make_interval(days => 35 + g % 1095)`;
      await client.query(`
        with d as (
          insert into donation (station_id, din, donor_id, volume_ml, collected_at, status, abo, rhd, test_conclusion, created_by, released_at)
          select $1, 'Z' || lpad(g::text, 12, '0'), $2 + g % 1000, 200, ${collected}, 'processed', ${ABO_SQL}, ${RHD_SQL}, 'qualified', $3, ${collected}
          from generate_series($4::int, $5::int) g
          returning id, din, abo, rhd, collected_at)
        insert into blood_unit (station_id, din, donation_id, product_id, product_code, component_class, abo, rhd, volume_ml, quantity,
          quantity_unit, status, released, labelled, location_org_id, collected_at, prepared_at, expires_at)
        select $1, d.din, d.id, 'SRBC_MAP', 'C0021', 'red_cells', d.abo, d.rhd, 150, 1, 'U', '${status}', true, true, $6,
          d.collected_at, d.collected_at, d.collected_at + interval '35 days'
        from d`, [ids.stationId, first, ids.userId, from, to, location]);
    };
    for (let start = 1; start <= opts.availableUnits; start += batch) {
      const end = Math.min(opts.availableUnits, start + batch - 1);
      await fill(start, end, 'available');
      done += end - start + 1;
      onProgress?.(done, total);
    }
    for (let start = opts.availableUnits + 1; start <= total; start += batch) {
      const end = Math.min(total, start + batch - 1);
      await fill(start, end, 'history');
      done += end - start + 1;
      onProgress?.(done, total);
    }
    // Three years of daily use per group, so days of supply are meaningful (≈ 300 U/day citywide).
    await client.query(`insert into daily_issue (station_id, day, org_id, component_class, abo, rhd, quantity)
      select $1, d::date, $1, 'red_cells', g.abo, g.rhd, g.share * 300
      from generate_series(current_date - 1095, current_date - 1, interval '1 day') d
      cross join (values ('O','POS',0.341),('A','POS',0.286),('B','POS',0.281),('AB','POS',0.088),
                         ('O','NEG',0.0014),('A','NEG',0.0012),('B','NEG',0.0011),('AB','NEG',0.0004)) g(abo, rhd, share)
      on conflict do nothing`, [ids.stationId]);
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}
