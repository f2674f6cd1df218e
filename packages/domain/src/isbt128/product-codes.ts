/**
 * Code tables of the product-code data structure `=<αooootds` (ISBT 128 DS003, China draft 产品码).
 *
 * `αoooo` is the product description code (PDC: licensed ICCBBA database, or a national code such as
 * `C0001` from the China draft Annex B.4). What `tds` means depends on α: donation (collection) type
 * `t` plus split/division `ds`, or a 3-digit division/pack number.
 */

/**
 * Product family selected by α:
 * `bloodComponent` (E, F), `mphoInn` (H), `otherTherapy` (M), `organ` (N), `regeneratedTissue` (P),
 * `reproductive` (R), `cellularTherapy` (S), `tissue` (T), `ocular` (V), `fecalMicrobiota` (W),
 * `otherBloodProduct` (X), `clinicalTrial` (Y), `national` (A–C), `local` (D).
 */
export type ProductFamily =
  | 'bloodComponent'
  | 'mphoInn'
  | 'otherTherapy'
  | 'organ'
  | 'regeneratedTissue'
  | 'reproductive'
  | 'cellularTherapy'
  | 'tissue'
  | 'ocular'
  | 'fecalMicrobiota'
  | 'otherBloodProduct'
  | 'clinicalTrial'
  | 'national'
  | 'local';

/**
 * How `tds` is read:
 * - `typeAndSplit` - ISBT `t` collection type (Table 7) + `ds` division;
 * - `chinaTypeAndSplit` - China draft `t` donation type (Annex C) + `ds` split (≤ 2 levels);
 * - `packNumber` - 3-digit division/pack number (`000` = undivided).
 */
export type TdsScheme = 'typeAndSplit' | 'chinaTypeAndSplit' | 'packNumber';

/**
 * Product families by α.
 *
 * @see ISBT 128 ST-001 v6.2.2 §2.4.3
 */
export const PRODUCT_FAMILIES: Readonly<Record<string, ProductFamily>> = {
  A: 'national',
  B: 'national',
  C: 'national',
  D: 'local',
  E: 'bloodComponent',
  F: 'bloodComponent',
  H: 'mphoInn',
  M: 'otherTherapy',
  N: 'organ',
  P: 'regeneratedTissue',
  R: 'reproductive',
  S: 'cellularTherapy',
  T: 'tissue',
  V: 'ocular',
  W: 'fecalMicrobiota',
  X: 'otherBloodProduct',
  Y: 'clinicalTrial',
};

/**
 * ISBT collection types `t` (English).
 *
 * @see ISBT 128 ST-001 v6.2.2 Table 7 [RT008]
 */
export const ISBT_COLLECTION_TYPES: Readonly<Record<string, string>> = {
  '0': 'Not specified',
  V: 'Volunteer homologous (allogeneic)',
  R: 'Volunteer research',
  S: 'Volunteer source',
  T: 'Volunteer therapeutic',
  P: 'Paid homologous',
  r: 'Paid research',
  s: 'Paid source',
  A: 'Autologous, eligible for crossover',
  '1': 'For autologous use only',
  X: 'For autologous use only, biohazardous',
  D: 'Volunteer directed, eligible for crossover',
  d: 'Paid directed, eligible for crossover',
  '2': 'For directed recipient use only',
  L: 'For directed recipient use only, limited exposure',
  E: 'Medical exception',
  Q: 'See (scan) the Special Testing bar code',
  '3': 'For directed recipient use only, biohazardous',
  '4': 'Designated',
  '5': 'Dedicated',
  '6': 'Designated, biohazardous',
  F: 'Family reserved',
  C: 'Replacement',
  '7': 'For allogeneic use',
  '8': 'For autologous use, contains allogeneic material',
  B: 'Directed/dedicated/designated collection use only',
  H: 'Directed/dedicated/designated collection, biohazardous',
  J: 'Directed/dedicated/designated collection, eligible for crossover',
  G: 'For emergency use only',
};

/**
 * China donation types `t` for national/local product codes (English renderings of 无偿献血, 应急献血, …).
 *
 * @see WS/T draft 血液标识代码及标签要求 Annex C
 */
export const CHINA_DONATION_TYPES: Readonly<Record<string, string>> = {
  V: 'Voluntary non-remunerated donation',
  P: 'Emergency donation',
  R: 'Voluntary research donation',
  S: 'Voluntary related-donor donation',
  T: 'Voluntary therapeutic donation',
  X: 'Emergency autologous donation',
  d: 'Paid directed donation',
  r: 'Paid research donation',
  s: 'Paid related-donor donation',
  z: 'Autologous donation, usable for others',
  D: 'Voluntary directed donation',
  E: 'Direct donation (non-medical)',
  L: 'Limited exposure',
  '0': 'Not specified',
};

/**
 * How `tds` is read for a product description code.
 *
 * @param pdc - the 5-character product description code `αoooo`.
 * @returns The scheme, or `null` when α (or `X`/`Y` sub-range) is unassigned.
 * @see ISBT 128 ST-001 v6.2.2 §2.4.3
 * @see WS/T draft 血液标识代码及标签要求 Table 2
 */
export function tdsScheme(pdc: string): TdsScheme | null {
  const alpha = pdc.charAt(0);
  const family = PRODUCT_FAMILIES[alpha];
  if (family === undefined) return null;
  switch (family) {
    case 'national':
    case 'local':
      return 'chinaTypeAndSplit';
    case 'otherTherapy':
    case 'organ':
    case 'reproductive':
    case 'tissue':
    case 'ocular':
    case 'fecalMicrobiota':
      return 'packNumber';
    case 'otherBloodProduct':
      return pdc.charAt(1) === '0' ? 'typeAndSplit' : 'packNumber';
    case 'clinicalTrial':
      return /^[A-Z]$/.test(pdc.charAt(1)) ? 'typeAndSplit' : null;
    case 'bloodComponent':
    case 'mphoInn':
    case 'regeneratedTissue':
    case 'cellularTherapy':
      return 'typeAndSplit';
  }
}

/**
 * Split level of a `ds` pair under the "at most two levels" rule: `00` undivided (0); `d` = A–Z with
 * `s` = `0` (1); `d` = A–Z with `s` = A–Z (China) or a–z (ISBT) (2). `s` may be non-zero only when
 * `d` ≠ `0`.
 *
 * @param ds - the two split characters.
 * @returns 0, 1 or 2, or `null` when `ds` breaks the rule (`99`, the DS032 marker, is handled by the caller).
 * @see WS/T draft 血液标识代码及标签要求 Table 2 (分装 ds)
 * @see ISBT 128 ST-001 v6.2.2 §2.4.3
 */
export function splitLevel(ds: string): 0 | 1 | 2 | null {
  if (ds === '00') return 0;
  if (ds.length !== 2 || !/^[A-Z]$/.test(ds.charAt(0))) return null;
  const s = ds.charAt(1);
  if (s === '0') return 1;
  return /^[A-Za-z]$/.test(s) ? 2 : null;
}
