/**
 * What each role may see and do in the UI. The server is the authority (it answers 403);
 * this only decides which menus, routes and buttons to offer.
 */
import type { Role, User } from './types';

export type Permission =
  | 'dashboard.view'
  | 'donor.view'
  | 'donor.register'
  | 'donation.view'
  | 'donation.collect'
  | 'donation.test'
  | 'donation.release'
  | 'donation.discard'
  | 'donation.process'
  | 'unit.view'
  | 'unit.transfuse'
  | 'trace.view'
  | 'order.view'
  | 'order.create'
  | 'order.receive'
  | 'order.allocate'
  | 'order.issue'
  | 'audit.view'
  | 'benefits.window'
  | 'benefits.review'
  | 'benefits.ledger'
  | 'honours.manage'
  | 'awards.view'
  | 'emergency.view'
  | 'emergency.act'
  | 'emergency.station'
  | 'alert.view'
  | 'alert.manage'
  | 'reserve.view'
  | 'donorService.view'
  | 'transport.view'
  | 'coldchain.view'
  | 'readers.view'
  | 'regional.view'
  | 'bloodbank.view'
  | 'lab.view'
  | 'recall.view'
  | 'recall.dispose';

const ALL: readonly Permission[] = [
  'dashboard.view', 'donor.view', 'donor.register', 'donation.view', 'donation.collect', 'donation.test',
  'donation.release', 'donation.discard', 'donation.process', 'unit.view', 'trace.view', 'order.view',
  'order.allocate', 'order.issue', 'audit.view', 'benefits.window', 'benefits.review', 'benefits.ledger', 'honours.manage', 'awards.view',
  'emergency.view', 'emergency.act', 'emergency.station', 'alert.view', 'alert.manage', 'reserve.view', 'donorService.view',
  'transport.view', 'coldchain.view', 'readers.view', 'regional.view', 'lab.view', 'recall.view', 'recall.dispose',
];

const BY_ROLE: Record<Role, readonly Permission[]> = {
  // Station admin sees everything on the station side (placing / receiving orders and transfusion are hospital acts).
  station_admin: ALL,
  donor_service: ['donor.view', 'donor.register', 'donation.view', 'donation.collect', 'donorService.view', 'benefits.window', 'benefits.review',
    'benefits.ledger', 'honours.manage', 'awards.view'],
  lab: ['donation.view', 'donation.test', 'donation.release', 'donation.discard', 'lab.view', 'recall.view', 'recall.dispose'],
  component_lab: ['donation.view', 'donation.process', 'donation.discard', 'unit.view', 'lab.view'],
  distribution: ['dashboard.view', 'unit.view', 'order.view', 'order.allocate', 'order.issue', 'trace.view', 'emergency.view', 'emergency.act',
    'emergency.station', 'alert.view', 'alert.manage', 'reserve.view', 'transport.view', 'coldchain.view', 'readers.view', 'regional.view',
    'recall.view', 'recall.dispose'],
  hospital_transfusion: ['order.view', 'order.create', 'order.receive', 'unit.view', 'unit.transfuse', 'trace.view', 'benefits.window', 'benefits.ledger',
    'emergency.view', 'emergency.act', 'alert.view', 'bloodbank.view', 'transport.view', 'coldchain.view', 'readers.view', 'recall.view', 'recall.dispose'],
  health_commission_viewer: ['dashboard.view', 'benefits.ledger', 'awards.view', 'emergency.view', 'alert.view', 'reserve.view', 'regional.view'],
};

export function can(user: User | null | undefined, permission: Permission): boolean {
  if (!user) return false;
  return (BY_ROLE[user.role] ?? []).includes(permission);
}

/** Hospital users only ever see their own organisation's stock and orders. */
export function isHospitalUser(user: User | null | undefined): boolean {
  return user?.role === 'hospital_transfusion' || user?.orgType === 'hospital';
}

/** Landing page after login, by role. */
export function homePathFor(user: User | null | undefined): string {
  switch (user?.role) {
    case 'donor_service':
      return '/donors';
    case 'lab':
      return '/donations';
    case 'component_lab':
      return '/donations';
    case 'hospital_transfusion':
      return '/orders';
    case 'station_admin':
    case 'distribution':
    case 'health_commission_viewer':
      return '/dashboard';
    default:
      return '/login';
  }
}
