/**
 * Demo logins created by the demo loader. One shared password, `Demo@2026`, hashed once (argon2id)
 * and reused for every account. For demonstrations and tests only: never load demo data into a
 * production database.
 */
import type { Role } from '@redbridge/domain/types';
import { hashPassword } from '../modules/auth/passwords.ts';

export const DEMO_PASSWORD = 'Demo@2026';

/** Which demo organisation a user belongs to. */
export type DemoUserOrg = 'station' | 'first_hospital' | 'first_storage_point' | 'health_commission';

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly org: DemoUserOrg;
  /** What the account is for (shown on the login page / README). */
  readonly purpose: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'station_admin', org: 'station', purpose: 'Station administrator (all functions)' },
  { username: 'donor', displayName: '献血服务科', role: 'donor_service', org: 'station', purpose: 'Donor registration and collection' },
  { username: 'lab', displayName: '检验科', role: 'lab', org: 'station', purpose: 'Test results and release' },
  { username: 'component', displayName: '成分科', role: 'component_lab', org: 'station', purpose: 'Component preparation and labelling' },
  { username: 'dispatch', displayName: '供血科', role: 'distribution', org: 'station', purpose: 'Orders, allocation and issue' },
  {
    username: 'hospital', displayName: '潍坊市人民医院 输血科', role: 'hospital_transfusion', org: 'first_hospital',
    purpose: 'Hospital orders, receipt, transfusion',
  },
  {
    username: 'storage', displayName: '青州储血点', role: 'distribution', org: 'first_storage_point',
    purpose: 'Storage point (储血点) stock and issue',
  },
  {
    username: 'commission', displayName: '潍坊市卫生健康委员会', role: 'health_commission_viewer', org: 'health_commission',
    purpose: 'Read-only supervision and statistics',
  },
];

/** Hashes the demo password once; every demo account stores the same hash. */
export function hashDemoPassword(): Promise<string> {
  return hashPassword(DEMO_PASSWORD);
}
