/**
 * Code tables of the blood-group data structure `=%ggre` (ISBT 128 DS002, China draft 血型).
 *
 * `gg` holds an ABO/RhD group, optionally with collection information (Table 4), or a special
 * message (Table 5); `r` holds Rh/Kell or Mia/Mur phenotype (Table 6); `e` is reserved (`0`).
 * The China draft (Annex D) uses only the "default" column of Table 4 and requires `r` = `e` = `0`.
 */
import type { AboGroup, RhD } from '../types.ts';

/**
 * Intended use carried in `gg` (the columns of ST-001 Table 4):
 * `default`, `directedOnly`, `emergencyOnly`, `directedBiohazard`, `directedCrossover`
 * (directed, eligible for crossover), `autologousCrossover`, `autologousOnly`, `autologousBiohazard`.
 */
export type CollectionInfo =
  | 'default'
  | 'directedOnly'
  | 'emergencyOnly'
  | 'directedBiohazard'
  | 'directedCrossover'
  | 'autologousCrossover'
  | 'autologousOnly'
  | 'autologousBiohazard';

/** Every {@link CollectionInfo}, in Table 4 column order. */
export const COLLECTION_INFOS: readonly CollectionInfo[] = [
  'default',
  'directedOnly',
  'emergencyOnly',
  'directedBiohazard',
  'directedCrossover',
  'autologousCrossover',
  'autologousOnly',
  'autologousBiohazard',
];

const COLLECTION_INFO_TEXT: Readonly<Record<CollectionInfo, string>> = {
  default: 'Default (intended use not specified)',
  directedOnly: 'For directed donor use only',
  emergencyOnly: 'For emergency use only',
  directedBiohazard: 'For directed donor use only / biohazardous',
  directedCrossover: 'For directed donor use only / eligible for crossover',
  autologousCrossover: 'For autologous use only / eligible for crossover',
  autologousOnly: 'For autologous use only',
  autologousBiohazard: 'For autologous use only / biohazardous',
};

/** Offset of each column from the default code (numeric rows) or from digit 6 (letter rows). */
const COLUMN_OFFSET: Readonly<Record<CollectionInfo, number>> = {
  default: 0,
  directedOnly: -4,
  emergencyOnly: -3,
  directedBiohazard: -2,
  directedCrossover: -1,
  autologousCrossover: 1,
  autologousOnly: 2,
  autologousBiohazard: 3,
};

/** One `gg` value. */
export interface BloodGroupCodeEntry {
  /** `bloodGroup` (Table 4) or `specialMessage` (Table 5). */
  readonly category: 'bloodGroup' | 'specialMessage';
  /** English description (e.g. `O RhD positive`, `para-Bombay, RhD negative`, `For fractionation use only`). */
  readonly description: string;
  /** ABO group; `null` when pooled, Bombay / para-Bombay, or a special message. */
  readonly abo: AboGroup | null;
  /** RhD; `null` when not specified, pooled, or a special message. */
  readonly rhd: RhD | null;
  /** A1 / A2 / A1B / A2B subgroup codes (`I0`–`L0`), else `null`. */
  readonly aboSubgroup: string | null;
  /** Column of Table 4; `null` for pooled/subgroup rows and special messages. */
  readonly collectionInfo: CollectionInfo | null;
}

const RHD_TEXT = (rhd: RhD | null): string =>
  rhd === 'POS' ? 'RhD positive' : rhd === 'NEG' ? 'RhD negative' : '(RhD not specified)';

/** Default (China Annex D) codes of the eight ABO/RhD groups. */
const NUMERIC_DEFAULTS: ReadonlyArray<readonly [AboGroup, RhD, number]> = [
  ['O', 'NEG', 95],
  ['O', 'POS', 51],
  ['A', 'NEG', 6],
  ['A', 'POS', 62],
  ['B', 'NEG', 17],
  ['B', 'POS', 73],
  ['AB', 'NEG', 28],
  ['AB', 'POS', 84],
];

/** RhD not specified: default column numeric, other columns in letter rows. */
const RH_NOT_SPECIFIED: ReadonlyArray<readonly [AboGroup, string, string]> = [
  ['O', '55', 'P'],
  ['A', '66', 'A'],
  ['B', '77', 'B'],
  ['AB', '88', 'C'],
];

/** Bombay / para-Bombay rows (letter + digit 2–9, default digit 6). */
const PHENOTYPE_ROWS: ReadonlyArray<readonly [string, string, RhD]> = [
  ['D', 'para-Bombay', 'NEG'],
  ['E', 'para-Bombay', 'POS'],
  ['G', 'Bombay', 'NEG'],
  ['H', 'Bombay', 'POS'],
  ['I', 'O para-Bombay', 'NEG'],
  ['J', 'O para-Bombay', 'POS'],
  ['K', 'A para-Bombay', 'NEG'],
  ['L', 'B para-Bombay', 'NEG'],
  ['M', 'AB para-Bombay', 'NEG'],
  ['N', 'A para-Bombay', 'POS'],
  ['O', 'B para-Bombay', 'POS'],
  ['Q', 'AB para-Bombay', 'POS'],
];

/** Pooled products and subgroups (`x0`). */
const POOLED_AND_SUBGROUPS: ReadonlyArray<readonly [string, string, AboGroup | null, RhD | null, string | null]> = [
  ['A0', 'Group A, pooled RhD', 'A', null, null],
  ['B0', 'Group B, pooled RhD', 'B', null, null],
  ['C0', 'Group AB, pooled RhD', 'AB', null, null],
  ['D0', 'Group O, pooled RhD', 'O', null, null],
  ['E0', 'Pooled ABO, RhD positive', null, 'POS', null],
  ['F0', 'Pooled ABO, RhD negative', null, 'NEG', null],
  ['G0', 'Pooled ABO, pooled RhD', null, null, null],
  ['H0', 'Pooled ABO (RhD not specified)', null, null, null],
  ['I0', 'A1', 'A', null, 'A1'],
  ['J0', 'A2', 'A', null, 'A2'],
  ['K0', 'A1B', 'AB', null, 'A1B'],
  ['L0', 'A2B', 'AB', null, 'A2B'],
];

/** Table 5 special messages. */
const SPECIAL_MESSAGES: ReadonlyArray<readonly [string, string]> = [
  ['00', 'No ABO or Rh information is available'],
  ['Ma', 'Autologous collection'],
  ['Mb', 'Biohazardous'],
  ['Md', 'Discard (to be destroyed)'],
  ['Mf', 'For fractionation use only'],
  ['Mq', 'Quarantine/hold for further testing or processing'],
  ['Mr', 'For research use only'],
  ['Mx', 'Not for transfusion based on test results'],
  ['T1', 'ABO not specified, RhD positive (tissue only)'],
  ['T2', 'ABO not specified, RhD negative (tissue only)'],
  ['T3', 'ABO not specified, RhD not specified (tissue only)'],
  ['T4', 'Autologous collection/in quarantine (tissue only)'],
  ['T5', 'See outer packaging for product status (tissue only)'],
  ['T6', 'Must be sterilized before release (tissue only)'],
];

function buildTable(): ReadonlyMap<string, BloodGroupCodeEntry> {
  const table = new Map<string, BloodGroupCodeEntry>();
  const put = (gg: string, entry: BloodGroupCodeEntry): void => {
    if (table.has(gg)) throw new Error(`duplicate blood group code ${gg}`);
    table.set(gg, entry);
  };
  for (const [abo, rhd, base] of NUMERIC_DEFAULTS) {
    for (const info of COLLECTION_INFOS) {
      const gg = String(base + COLUMN_OFFSET[info]).padStart(2, '0');
      put(gg, { category: 'bloodGroup', description: `${abo} ${RHD_TEXT(rhd)}`, abo, rhd, aboSubgroup: null, collectionInfo: info });
    }
  }
  for (const [abo, defaultCode, row] of RH_NOT_SPECIFIED) {
    for (const info of COLLECTION_INFOS) {
      const gg = info === 'default' ? defaultCode : `${row}${6 + COLUMN_OFFSET[info]}`;
      put(gg, { category: 'bloodGroup', description: `${abo} ${RHD_TEXT(null)}`, abo, rhd: null, aboSubgroup: null, collectionInfo: info });
    }
  }
  for (const [row, phenotype, rhd] of PHENOTYPE_ROWS) {
    for (const info of COLLECTION_INFOS) {
      const gg = `${row}${6 + COLUMN_OFFSET[info]}`;
      put(gg, { category: 'bloodGroup', description: `${phenotype}, ${RHD_TEXT(rhd)}`, abo: null, rhd, aboSubgroup: null, collectionInfo: info });
    }
  }
  for (const [gg, description, abo, rhd, aboSubgroup] of POOLED_AND_SUBGROUPS) {
    put(gg, { category: 'bloodGroup', description, abo, rhd, aboSubgroup, collectionInfo: null });
  }
  for (const [gg, description] of SPECIAL_MESSAGES) {
    put(gg, { category: 'specialMessage', description, abo: null, rhd: null, aboSubgroup: null, collectionInfo: null });
  }
  return table;
}

/**
 * Every defined `gg` value of ISBT 128 DS002 (Tables 4 and 5), including the China Annex D values
 * 95/06/17/28 (RhD−), 51/62/73/84 (RhD+) and 55/66/77/88 (RhD not stated).
 *
 * @see ISBT 128 ST-001 v6.2.2 §2.4.2, Table 4 [RT005], Table 5 [RT006]
 * @see WS/T draft 血液标识代码及标签要求 Table 3, Annex D
 */
export const BLOOD_GROUP_CODES: ReadonlyMap<string, BloodGroupCodeEntry> = buildTable();

/**
 * Describes a collection-information column in English.
 *
 * @param info - the column.
 * @returns E.g. `For autologous use only`.
 */
export function describeCollectionInfo(info: CollectionInfo): string {
  return COLLECTION_INFO_TEXT[info];
}

/**
 * The `gg` code of an ABO/RhD group.
 *
 * @param abo - ABO group.
 * @param rhd - RhD, or `null` when RhD is not stated.
 * @param collectionInfo - intended use column; `default` is the only one the China draft uses.
 * @returns Two characters, e.g. `51` (O RhD+), `06` (A RhD−), `77` (B, RhD not stated), `P8`.
 * @see ISBT 128 ST-001 v6.2.2 Table 4 [RT005]
 * @see WS/T draft 血液标识代码及标签要求 Annex D
 */
export function bloodGroupCode(abo: AboGroup, rhd: RhD | null, collectionInfo: CollectionInfo = 'default'): string {
  if (rhd === null) {
    const [, defaultCode, row] = RH_NOT_SPECIFIED.find(([a]) => a === abo) ?? RH_NOT_SPECIFIED[0];
    return collectionInfo === 'default' ? defaultCode : `${row}${6 + COLUMN_OFFSET[collectionInfo]}`;
  }
  const [, , base] = NUMERIC_DEFAULTS.find(([a, r]) => a === abo && r === rhd) ?? NUMERIC_DEFAULTS[0];
  return String(base + COLUMN_OFFSET[collectionInfo]).padStart(2, '0');
}

/** Result of one antigen in the `r` phenotype position. */
export type AntigenResult = 'positive' | 'negative' | 'noInformation';

/**
 * Meaning of the `r` character of `=%ggre`:
 * - `rhKell` - C, c, E, e and K (Kell) results (`0` means no information at all);
 * - `miaMur` - Mia/Mur result (`U` negative, `V` positive);
 * - `specialTesting` - `W`: a Special Testing bar code is present and must be scanned.
 */
export type RhKellPhenotype =
  | {
      readonly kind: 'rhKell';
      readonly C: AntigenResult;
      readonly c: AntigenResult;
      readonly E: AntigenResult;
      readonly e: AntigenResult;
      readonly K: AntigenResult;
    }
  | { readonly kind: 'miaMur'; readonly miaMur: 'positive' | 'negative' }
  | { readonly kind: 'specialTesting' };

/** C, c, E, e per Table 6 row (`+`, `-`, `?` = no information). */
const PHENOTYPE_ROW_PATTERNS: Readonly<Record<string, string>> = {
  '0': '????',
  '1': '-+-+',
  '2': '++-+',
  '3': '++++',
  '4': '+++-',
  '5': '-+++',
  '6': '-++-',
  '7': '+--+',
  '8': '+-++',
  '9': '+-+-',
  X: '-?-?',
};

const KELL_COLUMNS: ReadonlyArray<readonly [string, AntigenResult]> = [
  ['0123456789', 'noInformation'],
  ['SABCDEFGHI', 'negative'],
  ['TJKLMNOPQR', 'positive'],
];

function antigen(ch: string): AntigenResult {
  return ch === '+' ? 'positive' : ch === '-' ? 'negative' : 'noInformation';
}

/**
 * Decodes the `r` character of `=%ggre` (Rh, Kell and Mia/Mur phenotype).
 *
 * @param r - one character.
 * @returns The phenotype, or `null` when `r` is not a Table 6 value.
 * @see ISBT 128 ST-001 v6.2.2 Table 6 [RT007]
 */
export function decodeRhKellPhenotype(r: string): RhKellPhenotype | null {
  if (r.length !== 1) return null;
  if (r === 'U' || r === 'V') return { kind: 'miaMur', miaMur: r === 'V' ? 'positive' : 'negative' };
  if (r === 'W') return { kind: 'specialTesting' };
  const xyz = 'XYZ'.indexOf(r);
  let row: string;
  let kell: AntigenResult;
  if (xyz >= 0) {
    row = 'X';
    kell = (['noInformation', 'negative', 'positive'] as const)[xyz];
  } else {
    const column = KELL_COLUMNS.find(([chars]) => chars.includes(r));
    if (column === undefined) return null;
    row = String(column[0].indexOf(r));
    kell = column[1];
  }
  const p = PHENOTYPE_ROW_PATTERNS[row];
  return { kind: 'rhKell', C: antigen(p[0]), c: antigen(p[1]), E: antigen(p[2]), e: antigen(p[3]), K: kell };
}
