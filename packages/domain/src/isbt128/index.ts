/**
 * ISBT 128 and China-draft (《血液标识代码及标签要求》) bar-code data: 献血码 / DIN with its MOD 37-2
 * check character, blood groups, product codes, dates, volume, compound messages.
 *
 * Pure functions, no I/O. Fallible functions return {@link Result}; the decoder returns
 * `{ dataStructure, valid, fields, errors }` and never throws.
 */
export type { FieldError, Result } from './result.ts';

export {
  computeCheckCharacter,
  computeMod372Checksum,
  computeType3Flag,
  isValidMod372,
  MOD37_2_CHARACTERS,
} from './mod37-2.ts';
export type { Mod372ErrorCode } from './mod37-2.ts';

export {
  describeDinFlags,
  formatDin,
  formatDinHumanReadable,
  parseDin,
  STATION_CODE_PATTERN,
  validateDinData,
} from './din.ts';
export type { DinErrorCode, DinFlagType, DinHumanReadable, DinParts, ParsedDin } from './din.ts';

export {
  BLOOD_GROUP_CODES,
  bloodGroupCode,
  COLLECTION_INFOS,
  decodeRhKellPhenotype,
  describeCollectionInfo,
} from './blood-groups.ts';
export type { AntigenResult, BloodGroupCodeEntry, CollectionInfo, RhKellPhenotype } from './blood-groups.ts';

export {
  CHINA_DONATION_TYPES,
  ISBT_COLLECTION_TYPES,
  PRODUCT_FAMILIES,
  splitLevel,
  tdsScheme,
} from './product-codes.ts';
export type { ProductFamily, TdsScheme } from './product-codes.ts';

export type { DateKind } from './julian-date.ts';

export { CHINA_COMPOSITE_LAYOUTS, DATA_STRUCTURES } from './data-structures.ts';
export type {
  BloodGroupFields,
  CommonFields,
  CompositeLayout,
  CompoundFields,
  ConcatenatedFields,
  ConsignmentFields,
  DataStructureId,
  DataStructureSpec,
  DateFields,
  DateTimeFields,
  DecodeResult,
  DinFields,
  FieldsByStructure,
  GenericFields,
  InvalidDecodeResult,
  LotNumberFields,
  ProcessorProductFields,
  ProductCodeFields,
  ProductDivisionsFields,
  SingleEuropeanCodeFields,
  ValidDecodeResult,
  VariableLength,
  VolumeFields,
} from './data-structures.ts';

export { decodeDataStructure, describeSymbologyIdentifier } from './decode.ts';
export type { Isbt128ErrorCode, SymbologyIdentifierInfo } from './decode.ts';

export {
  encodeBloodGroup,
  encodeComposite,
  encodeDateTime,
  encodeDin,
  encodeProductCode,
  encodeVolumeU,
} from './encode.ts';
