import { validationError } from '../errors.ts';
import { ABO_GROUPS, RHD_VALUES } from '../types.ts';
import type { AboGroup, BloodGroup, RhD } from '../types.ts';

/** Compact ASCII code of an ABO/RhD group, e.g. `A+`, `AB-` (used in rule tables and logs). */
export type BloodGroupCode = `${AboGroup}${'+' | '-'}`;

/** The eight ABO/RhD groups, ABO order O, A, B, AB, RhD-positive before RhD-negative. */
export const ALL_BLOOD_GROUPS: readonly BloodGroup[] = ABO_GROUPS.flatMap((abo) => RHD_VALUES.map((rhd) => ({ abo, rhd })));

/**
 * @param group - an ABO/RhD group
 * @returns its code, e.g. `{ abo: 'A', rhd: 'NEG' }` → `A-`
 */
export function formatBloodGroup(group: BloodGroup): BloodGroupCode {
  return `${group.abo}${group.rhd === 'POS' ? '+' : '-'}`;
}

/**
 * @param code - `O+`, `A-`, `AB+` … (ASCII `+`/`-`; `−` U+2212 is accepted too)
 * @returns the group
 * @throws DomainError `VALIDATION` for anything else
 */
export function parseBloodGroup(code: string): BloodGroup {
  const m = /^(AB|A|B|O)([+\-\u2212])$/.exec(code.trim());
  if (m === null) {
    throw validationError([{ field: 'bloodGroup', code: 'BLOOD_GROUP', message: `血型无效 / invalid blood group: ${code}` }]);
  }
  const abo = m[1] as AboGroup;
  const rhd: RhD = m[2] === '+' ? 'POS' : 'NEG';
  return { abo, rhd };
}

/**
 * @returns true when both ABO and RhD are equal
 */
export function sameBloodGroup(a: BloodGroup, b: BloodGroup): boolean {
  return a.abo === b.abo && a.rhd === b.rhd;
}
