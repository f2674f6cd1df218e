/**
 * Core vocabulary shared by every RedBridge package. Pure types, no I/O.
 *
 * Terms follow ISBT 128 / bsis usage; Chinese names live in the web i18n files.
 */

/** ABO group. Stored as text with a CHECK constraint (never char(2), which pads). */
export type AboGroup = 'O' | 'A' | 'B' | 'AB';
export const ABO_GROUPS: readonly AboGroup[] = ['O', 'A', 'B', 'AB'];

/** RhD status of a unit or a person. */
export type RhD = 'POS' | 'NEG';
export const RHD_VALUES: readonly RhD[] = ['POS', 'NEG'];

export interface BloodGroup {
  abo: AboGroup;
  rhd: RhD;
}

/**
 * Component class, the level at which compatibility rules and inventory reports work
 * (GB 18469-2012 categories; the national report groups 红细胞类/血小板类/血浆类/冷沉淀类).
 */
export type ComponentClass = 'whole_blood' | 'red_cells' | 'platelets' | 'plasma' | 'cryo';
export const COMPONENT_CLASSES: readonly ComponentClass[] = ['whole_blood', 'red_cells', 'platelets', 'plasma', 'cryo'];

/**
 * Status of a blood unit (a bag: whole blood or a component).
 *
 * quarantined → available → reserved → issued → transfused; side exits discarded / expired / recalled.
 * `processed` marks a parent bag that was separated into child components.
 * The only legal moves are in `lifecycle/unit-status.ts` (one transition table).
 */
export type UnitStatus =
  | 'quarantined'
  | 'available'
  | 'reserved'
  | 'issued'
  | 'transfused'
  | 'processed'
  | 'discarded'
  | 'expired'
  | 'recalled';
export const UNIT_STATUSES: readonly UnitStatus[] = [
  'quarantined', 'available', 'reserved', 'issued', 'transfused', 'processed', 'discarded', 'expired', 'recalled',
];

/** Outcome of one TTI screening marker or of a whole donation's testing. */
export type TestOutcome = 'qualified' | 'unqualified';

/** Organisation kinds in the supply hierarchy: station → storage points (储血点) → hospitals. */
export type OrgType = 'station' | 'storage_point' | 'hospital' | 'health_commission';

/** User roles (issue #2). Station roles act for the station tenant; hospital roles for their hospital only. */
export type Role =
  | 'station_admin'
  | 'donor_service'
  | 'lab'
  | 'component_lab'
  | 'distribution'
  | 'hospital_transfusion'
  | 'health_commission_viewer';
export const ROLES: readonly Role[] = [
  'station_admin', 'donor_service', 'lab', 'component_lab', 'distribution', 'hospital_transfusion', 'health_commission_viewer',
];

/** Biological sex as recorded on the resident identity card (GB 11643-1999, 17th digit parity). */
export type Sex = 'male' | 'female';
