/**
 * Minimal fixtures for integration tests: one station, a storage point, two hospitals and one user per role
 * (password `Test@2026`). Inserted through SQL so each test controls its own data.
 */
import pg from 'pg';
import { hashPassword } from '../src/modules/auth/passwords.ts';

export const TEST_PASSWORD = 'Test@2026';

export interface Fixture {
  stationId: number;
  storagePointId: number;
  hospitalId: number;
  otherHospitalId: number;
  users: Record<string, string>;
}

let cachedHash: Promise<string> | null = null;

export async function seedMinimal(url: string): Promise<Fixture> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const hash = await cachedHash;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const org = async (code: string, name: string, type: string, parentId: number | null, stationId: number | null) => {
      const r = await client.query<{ id: string }>(
        `insert into organisation (code, name, type, parent_id, station_id, licence_number) values ($1,$2,$3,$4,$5,$6) returning id`,
        [code, name, type, parentId, stationId, type === 'station' ? '鲁血证字(2024)第001号' : null]);
      return Number(r.rows[0].id);
    };
    const stationId = await org('ST37071', '潍坊市中心血站', 'station', null, null);
    await client.query('update organisation set station_id = id where id = $1', [stationId]);
    const storagePointId = await org('SP01', '青州储血点', 'storage_point', stationId, stationId);
    const hospitalId = await org('H001', '潍坊市人民医院', 'hospital', stationId, stationId);
    const otherHospitalId = await org('H002', '潍坊医学院附属医院', 'hospital', stationId, stationId);
    const users: Record<string, string> = {
      admin: 'station_admin', donor: 'donor_service', lab: 'lab', component: 'component_lab', dispatch: 'distribution',
      hospital: 'hospital_transfusion', hospital2: 'hospital_transfusion', commission: 'health_commission_viewer',
    };
    for (const [username, role] of Object.entries(users)) {
      const orgId = username === 'hospital' ? hospitalId : username === 'hospital2' ? otherHospitalId : stationId;
      await client.query(
        `insert into app_user (station_id, org_id, username, display_name, role, password_hash) values ($1,$2,$3,$4,$5,$6)`,
        [stationId, orgId, username, `测试-${username}`, role, hash]);
    }
    return { stationId, storagePointId, hospitalId, otherHospitalId, users };
  } finally {
    await client.end();
  }
}
