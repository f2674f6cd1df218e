/**
 * Test stock through SQL: released, labelled red-cell (or other) units at an organisation, with their donations,
 * so supply-chain tests control stock and history without running the whole donation flow.
 */
import pg from 'pg';

let serial = 0;

export interface StockSpec {
  stationId: number;
  orgId: number;
  componentClass?: 'red_cells' | 'plasma' | 'platelets' | 'cryo';
  abo: string;
  rhd: string;
  /** Bags to add. */
  count: number;
  /** Quantity per bag (U, ml or dose); default 2 U (400 ml whole blood). */
  quantity?: number;
  collectedAt: Date;
  expiresAt: Date;
  status?: 'available' | 'issued' | 'quarantined';
  released?: boolean;
  recalled?: boolean;
}

export async function addStock(url: string, s: StockSpec): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    let donorId = (await c.query('select id from donor where station_id = $1 and donor_number = $2', [s.stationId, 'TST-DONOR'])).rows[0]?.id;
    if (!donorId) {
      donorId = (await c.query(`insert into donor (station_id, donor_number, id_number, name, sex, birth_date, abo, rhd)
        values ($1, 'TST-DONOR', '11010519491231002X', '测试献血者', 'female', '1949-12-31', $2, $3) returning id`, [s.stationId, s.abo, s.rhd])).rows[0].id;
    }
    const cls = s.componentClass ?? 'red_cells';
    const unit = cls === 'plasma' ? 'ml' : cls === 'platelets' ? 'dose' : 'U';
    const qty = s.quantity ?? (cls === 'plasma' ? 200 : cls === 'platelets' ? 1 : 2);
    const ids: number[] = [];
    for (let i = 0; i < s.count; i++) {
      serial++;
      const din = `T${String(process.pid % 100000).padStart(5, '0')}${String(serial).padStart(7, '0')}`;
      const d = await c.query(`insert into donation (station_id, din, donor_id, volume_ml, collected_at, status, abo, rhd, test_conclusion, created_by)
        values ($1,$2,$3,400,$4,'processed',$5,$6,'qualified',1) returning id`, [s.stationId, din, donorId, s.collectedAt, s.abo, s.rhd]);
      const released = s.released ?? s.status !== 'quarantined';
      const u = await c.query(`insert into blood_unit (station_id, din, donation_id, product_id, product_code, component_class, abo, rhd, volume_ml, quantity,
        quantity_unit, status, released, labelled, recalled, location_org_id, collected_at, prepared_at, expires_at)
        values ($1,$2,$3,'TEST',$4,$5,$6,$7,400,$8,$9,$10,$11,true,$12,$13,$14,$14,$15) returning id`,
        [s.stationId, din, d.rows[0].id, `T-${cls}`, cls, s.abo, s.rhd, qty, unit, s.status ?? 'available', released, s.recalled ?? false, s.orgId, s.collectedAt, s.expiresAt]);
      ids.push(Number(u.rows[0].id));
    }
    return ids;
  } finally {
    await c.end();
  }
}

/** Daily use history (`daily_issue`) at an organisation: `perDay` for each of the `days` days before `until`. */
export async function addUseHistory(url: string, h: { stationId: number; orgId: number; componentClass?: string; abo: string; rhd: string; perDay: number; days: number; until: Date }) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 1; i <= h.days; i++) {
      const day = new Date(h.until.getTime() + 8 * 3600_000 - i * 86_400_000).toISOString().slice(0, 10);
      await c.query(`insert into daily_issue (station_id, day, org_id, component_class, abo, rhd, quantity) values ($1,$2,$3,$4,$5,$6,$7)
        on conflict (station_id, day, org_id, component_class, abo, rhd) do update set quantity = excluded.quantity`,
        [h.stationId, day, h.orgId, h.componentClass ?? 'red_cells', h.abo, h.rhd, h.perDay]);
    }
  } finally {
    await c.end();
  }
}
