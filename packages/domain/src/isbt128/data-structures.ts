/**
 * The data structures a label bar code can carry: identifiers, lengths, field shapes and the
 * China composite-message layouts.
 *
 * A data structure is a data identifier (DI: `=` or `&` plus one or two characters) followed by
 * fixed-length content. The DIN is the exception: its second DI character `α` is also its first data
 * character. Numbers are ISBT 128's; the China draft's own structures are the ISBT ones, except the
 * volume `=?aaa.cc`, which ISBT lacks and is numbered `CN004` here (the draft's number 004).
 */
import type { AboGroup, RhD } from '../types.ts';
import type { CollectionInfo, RhKellPhenotype } from './blood-groups.ts';
import type { DinFlagType } from './din.ts';
import type { DateKind } from './julian-date.ts';
import type { ProductFamily } from './product-codes.ts';
import type { FieldError } from './result.ts';

/** ISBT 128 data structure numbers `001`–`040`, plus `CN004` (China volume `=?aaa.cc`). */
export type DataStructureId =
  | '001' | '002' | '003' | '004' | '005' | '006' | '007' | '008' | '009' | '010'
  | '011' | '012' | '013' | '014' | '015' | '016' | '017' | '018' | '019' | '020'
  | '021' | '022' | '023' | '024' | '025' | '026' | '027' | '028' | '029' | '030'
  | '031' | '032' | '033' | '034' | '035' | '036' | '037' | '038' | '039' | '040'
  | 'CN004';

/**
 * Length rule of a variable-length structure: `count` is read from `countDigits` digits at
 * `countOffset` in the content, and the content is `headerLength + count × perItem` characters.
 */
export interface VariableLength {
  readonly countOffset: number;
  readonly countDigits: number;
  readonly headerLength: number;
  readonly perItem: number;
}

/** Definition of one data structure. */
export interface DataStructureSpec {
  readonly id: DataStructureId;
  /** Data identifier; for the DIN only `=` (its α is content). */
  readonly identifier: string;
  /** English name as in ST-001 Table 2 (or the China draft for `CN004`). */
  readonly name: string;
  /** Content length after the identifier, or the rule for variable-length structures. */
  readonly length: number | VariableLength;
  /** Retired by ICCBBA: recognised and skipped, not decoded. */
  readonly retired: boolean;
  /** Defined by ICCBBA (may appear in compound messages). `CN004` is national. */
  readonly iccbba: boolean;
}

const spec = (
  id: DataStructureId,
  identifier: string,
  name: string,
  length: number | VariableLength,
  retired = false,
  iccbba = true,
): DataStructureSpec => ({ id, identifier, name, length, retired, iccbba });

/**
 * Every data structure the decoder recognises.
 *
 * @see ISBT 128 ST-001 v6.2.2 §2.3, Table 2 [RT003]
 * @see WS/T draft 血液标识代码及标签要求 Tables 1–8
 */
export const DATA_STRUCTURES: readonly DataStructureSpec[] = [
  spec('001', '=', 'Donation Identification Number', 15),
  spec('002', '=%', 'Blood Groups [ABO and RhD]', 4),
  spec('003', '=<', 'Product Code', 8),
  spec('004', '=>', 'Expiration Date', 6),
  spec('005', '&>', 'Expiration Date and Time', 10),
  spec('006', '=*', 'Collection Date', 6),
  spec('007', '&*', 'Collection Date and Time', 10),
  spec('008', '=}', 'Production Date', 6),
  spec('009', '&}', 'Production Date and Time', 10),
  spec('010', '&(', 'Special Testing: General', 5),
  spec('011', '={', 'Special Testing: Red Blood Cell Antigens', 18, true),
  spec('012', '=\\', 'Special Testing: Red Blood Cell Antigens - General', 18),
  spec('013', '&\\', 'Special Testing: Red Blood Cell Antigens - Finnish', 18),
  spec('014', '&{', 'Special Testing: Platelet HLA and Platelet Specific Antigens', 18),
  spec('015', '=[', 'Special Testing: HLA-A and -B Alleles', 18, true),
  spec('016', '="', 'Special Testing: HLA-DRB1 Alleles', 18, true),
  spec('017', '=)', 'Container Manufacturer and Catalog Number', 10),
  spec('018', '&)', 'Container Lot Number', 10),
  spec('019', '=;', 'Donor Identification Number', 21),
  spec('020', "='", 'Staff Member Identification Number', 11),
  spec('021', '=-', 'Manufacturer and Catalog Number: Items Other Than Containers', 10),
  spec('022', '&-', 'Lot Number: Items Other Than Containers', 10),
  spec('023', '=+', 'Compound Message', 5),
  spec('024', '=#', 'Patient Date of Birth', 10),
  spec('025', '&#', 'Patient Identification Number', { countOffset: 2, countDigits: 2, headerLength: 4, perItem: 1 }),
  spec('026', '=]', 'Expiration Month and Year', 6),
  spec('027', '&"', 'Transfusion Transmitted Infection Marker', 18),
  spec('028', '=$', 'Product Consignment', 16),
  spec('029', '&$', 'Dimensions', { countOffset: 0, countDigits: 2, headerLength: 2, perItem: 14 }),
  spec('030', '&%', 'Red Cell Antigens with Test History', { countOffset: 0, countDigits: 3, headerLength: 3, perItem: 10 }),
  spec('031', '=(', 'Flexible Date and Time', 16),
  spec('032', '=,', 'Product Divisions', 6),
  spec('033', '&+', 'Processing Facility Information Code', 11),
  spec('034', '=/', 'Processor Product Identification Code', 16),
  spec('035', '&,1', 'MPHO Lot Number', 18),
  spec('036', '&,2', 'MPHO Supplemental Identification Number', 18),
  spec('037', '&,3', 'Global Registration Identifier for Donors (retired)', 19, true),
  spec('038', '&,4', 'Single European Code', 40),
  spec('039', '&:', 'Global Registration Identifier for Donors', 19),
  spec('040', '&/', 'Chain of Identity Identifier', 15),
  spec('CN004', '=?', 'Volume (血量, China draft)', 6, false, false),
];

/** Layout of a China composite message (`bbb` of `=+aabbb`). */
export interface CompositeLayout {
  readonly code: string;
  /** Structures in the required order. */
  readonly structures: readonly DataStructureId[];
  readonly description: string;
}

const DIN_PRODUCT_GROUP: readonly DataStructureId[] = ['001', '003', '002'];

/**
 * China composite layouts 001–007 (draft structures 001 献血码, 002 产品码, 003 血型, 004 血量,
 * 005 采血时间, 006 制备时间, 007 失效时间, mapped to ISBT numbers 001, 003, 002, CN004, 007, 009, 005).
 * `000` (order unspecified) is ICCBBA's and is not a layout.
 *
 * @see WS/T draft 血液标识代码及标签要求 Table 8, Annex E
 */
export const CHINA_COMPOSITE_LAYOUTS: Readonly<Record<string, CompositeLayout>> = {
  '001': { code: '001', structures: ['001', '003'], description: 'DIN + product code' },
  '002': { code: '002', structures: DIN_PRODUCT_GROUP, description: 'DIN + product code + blood group' },
  '003': { code: '003', structures: [...DIN_PRODUCT_GROUP, 'CN004'], description: '002 + volume' },
  '004': { code: '004', structures: [...DIN_PRODUCT_GROUP, 'CN004', '005'], description: '003 + expiry' },
  '005': {
    code: '005',
    structures: [...DIN_PRODUCT_GROUP, 'CN004', '009', '005'],
    description: '003 + preparation + expiry',
  },
  '006': {
    code: '006',
    structures: [...DIN_PRODUCT_GROUP, 'CN004', '007', '005'],
    description: '003 + collection + expiry',
  },
  '007': {
    code: '007',
    structures: [...DIN_PRODUCT_GROUP, 'CN004', '007', '009', '005'],
    description: '003 + collection + preparation + expiry',
  },
};

/** Fields every decoded structure may carry. */
export interface CommonFields {
  /** AIM symbology identifier sent by the scanner ahead of the data (e.g. `]C4`), when present. */
  readonly symbologyIdentifier?: string;
}

/** DS001 献血码 / DIN. */
export interface DinFields extends CommonFields {
  readonly din: string;
  readonly stationCode: string;
  readonly year: string;
  readonly serial: string;
  readonly flags: string;
  readonly flagType: DinFlagType;
  /** English meaning of the flags (Table 3), `null` when none is defined. */
  readonly flagMeaning: string | null;
  readonly checksum: number;
  /** Keyboard check character K, computed. */
  readonly checkCharacter: string;
  /** For Type 3 flags, whether they match the DIN; `null` for other flags. */
  readonly checksumValid: boolean | null;
}

/** DS002 blood groups `=%ggre`. */
export interface BloodGroupFields extends CommonFields {
  readonly bloodGroupCode: string;
  readonly category: 'bloodGroup' | 'specialMessage';
  readonly abo: AboGroup | null;
  readonly rhd: RhD | null;
  readonly aboSubgroup: string | null;
  /** English description (`O RhD positive`, …) or the special message. */
  readonly description: string;
  readonly collectionInfo: CollectionInfo | null;
  readonly phenotypeCode: string;
  readonly phenotype: RhKellPhenotype;
  /** Reserved `e`, always `0`. */
  readonly reserved: string;
}

/** DS003 product code `=<αooootds`. */
export interface ProductCodeFields extends CommonFields {
  /** Product description code `αoooo`. */
  readonly productCode: string;
  readonly productFamily: ProductFamily;
  /** `t`, or `null` for pack-number families. */
  readonly donationType: string | null;
  readonly donationTypeDescription: string | null;
  /** `ds`, or `null` for pack-number families. */
  readonly split: string | null;
  /** 0 undivided, 1 or 2 split levels; `null` when not applicable (`99`, pack numbers). */
  readonly splitLevel: 0 | 1 | 2 | null;
  /** 3-digit division/pack number (`tds`) for M, N, R, T, V, W and X1–X9 codes, else `null`. */
  readonly divisionOrPack: string | null;
  /** `ds` = `99`: the Product Divisions structure `=,dddddd` (DS032) must be scanned too. */
  readonly requiresProductDivisions: boolean;
}

/** DS004 / DS006 / DS008 dates `cyyjjj`. */
export interface DateFields extends CommonFields {
  readonly kind: DateKind;
  /** `YYYY-MM-DD`, local date as printed. */
  readonly date: string;
  readonly century: string;
  readonly year: number;
  readonly dayOfYear: number;
}

/** DS005 / DS007 / DS009 date-times `cyyjjjhhmm`. */
export interface DateTimeFields extends DateFields {
  readonly hour: number;
  readonly minute: number;
  /** `YYYY-MM-DDTHH:mm`, Asia/Shanghai wall clock as printed. */
  readonly dateTime: string;
  /** The instant, ISO 8601 UTC (`…Z`), reading the wall clock as UTC+8. */
  readonly instant: string;
}

/** `CN004` volume `=?aaa.cc`. */
export interface VolumeFields extends CommonFields {
  /** Volume in U (e.g. 1.5). */
  readonly volumeU: number;
  /** `aaa.cc` as encoded. */
  readonly volumeText: string;
}

/** DS023 compound message `=+aabbb`. */
export interface CompoundFields extends CommonFields {
  readonly declaredCount: number;
  readonly layoutCode: string;
  /** Required order for China layouts 001–007; `null` for `000` or other sequences. */
  readonly layout: readonly DataStructureId[] | null;
  readonly structures: readonly DecodeResult[];
}

/** Two or more structures concatenated in one scan (no compound header). */
export interface ConcatenatedFields extends CommonFields {
  readonly structures: readonly DecodeResult[];
}

/** DS028 product consignment `=$αppppyynnnnnccdd`. */
export interface ConsignmentFields extends CommonFields {
  readonly stationCode: string;
  readonly year: string;
  readonly serial: string;
  readonly container: string;
  readonly totalContainers: string;
}

/** DS032 product divisions `=,dddddd`. */
export interface ProductDivisionsFields extends CommonFields {
  readonly divisionCode: string;
}

/** DS034 processor product identification code `=/nnnnnppppppqqqqq`. */
export interface ProcessorProductFields extends CommonFields {
  readonly processorFacilityCode: string;
  readonly facilityProductCode: string;
  readonly productCode: string;
}

/** DS035 MPHO lot number `&,1` + 18. */
export interface LotNumberFields extends CommonFields {
  readonly lotNumber: string;
}

/** DS038 Single European Code `&,4` + 40. */
export interface SingleEuropeanCodeFields extends CommonFields {
  readonly countryCode: string;
  readonly tissueEstablishmentCode: string;
  readonly uniqueDonationNumber: string;
  readonly productCodingSystem: string;
  readonly productNumber: string;
  readonly splitNumber: string;
  /** `YYYY-MM-DD`, or `null` for `00000000` (no expiry). */
  readonly expiryDate: string | null;
}

/** Structures recognised but not decoded field by field: raw content only. */
export interface GenericFields extends CommonFields {
  readonly content: string;
  readonly retired: boolean;
}

type GenericIds = Exclude<
  DataStructureId,
  '001' | '002' | '003' | '004' | '005' | '006' | '007' | '008' | '009' | '023' | '028' | '032' | '034' | '035' | '038' | 'CN004'
>;

/** Field shape of each decoded structure kind. */
export type FieldsByStructure = {
  '001': DinFields;
  '002': BloodGroupFields;
  '003': ProductCodeFields;
  '004': DateFields;
  '005': DateTimeFields;
  '006': DateFields;
  '007': DateTimeFields;
  '008': DateFields;
  '009': DateTimeFields;
  '023': CompoundFields;
  '028': ConsignmentFields;
  '032': ProductDivisionsFields;
  '034': ProcessorProductFields;
  '035': LotNumberFields;
  '038': SingleEuropeanCodeFields;
  CN004: VolumeFields;
  concatenated: ConcatenatedFields;
} & { [K in GenericIds]: GenericFields };

/** A successful decode, discriminated by `dataStructure`. */
export type ValidDecodeResult = {
  [K in keyof FieldsByStructure]: {
    readonly dataStructure: K;
    readonly valid: true;
    readonly fields: FieldsByStructure[K];
    readonly errors: readonly FieldError[];
  };
}[keyof FieldsByStructure];

/** A failed decode: whatever fields could be read, and at least one error. */
export interface InvalidDecodeResult {
  /** The structure recognised from the identifier; `null` when the identifier is unknown. */
  readonly dataStructure: DataStructureId | 'concatenated' | null;
  readonly valid: false;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly errors: readonly FieldError[];
}

/**
 * Result of decoding a scan: `{ dataStructure, valid, fields, errors }`. `dataStructure` is `'023'`
 * for a compound message and `'concatenated'` for several structures without a compound header;
 * both list the parts in `fields.structures`.
 */
export type DecodeResult = ValidDecodeResult | InvalidDecodeResult;
