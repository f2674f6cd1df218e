/**
 * Decoding of scanned ISBT 128 / China-draft bar-code data: one structure, a concatenated pair,
 * or a compound message `=+aabbb` followed by its structures.
 *
 * Never throws: malformed input comes back as `valid: false` with errors.
 */
import { BLOOD_GROUP_CODES, decodeRhKellPhenotype } from './blood-groups.ts';
import { CHINA_COMPOSITE_LAYOUTS, DATA_STRUCTURES } from './data-structures.ts';
import type { DataStructureId, DataStructureSpec, DecodeResult, FieldsByStructure } from './data-structures.ts';
import { describeDinFlags, STATION_CODE_PATTERN, validateDinData, validateDinFlags } from './din.ts';
import type { DinErrorCode } from './din.ts';
import { fromShanghaiWallClock, isLeapYear, ordinalToIsoDate, yearFromCentury } from './julian-date.ts';
import type { DateKind } from './julian-date.ts';
import { checksumOfValidated, MOD37_2_CHARACTERS } from './mod37-2.ts';
import type { Mod372ErrorCode } from './mod37-2.ts';
import {
  CHINA_DONATION_TYPES,
  ISBT_COLLECTION_TYPES,
  PRODUCT_FAMILIES,
  splitLevel,
  tdsScheme,
} from './product-codes.ts';
import { fieldError } from './result.ts';
import type { FieldError } from './result.ts';

/**
 * Every error code of the `isbt128` module.
 *
 * - `DS_EMPTY`, `DS_UNKNOWN_IDENTIFIER`, `DS_NOT_SUPPORTED` (national `&a`–`&z`, `&;`, `&!`),
 *   `DS_LENGTH` (truncated), `DS_FORMAT`, `DS_NOT_ALLOWED` (nested compound message);
 * - `DIN_*` (see {@link DinErrorCode}), `MOD37_*` (see {@link Mod372ErrorCode});
 * - `BLOOD_GROUP_CODE` (unknown `gg`), `BLOOD_GROUP_PHENOTYPE` (unknown `r`), `BLOOD_GROUP_RESERVED` (`e` ≠ 0);
 * - `PRODUCT_CODE`, `PRODUCT_DONATION_TYPE`, `PRODUCT_SPLIT`;
 * - `DATE_FORMAT`, `DATE_DAY_OF_YEAR`, `DATE_TIME`, `DATE_INVALID`, `DATE_RANGE`;
 * - `VOLUME_FORMAT`, `VOLUME_RANGE`;
 * - `COMPOUND_FORMAT`, `COMPOUND_COUNT_MISMATCH`, `COMPOUND_LAYOUT_MISMATCH`.
 */
export type Isbt128ErrorCode =
  | Mod372ErrorCode
  | DinErrorCode
  | 'DS_EMPTY'
  | 'DS_UNKNOWN_IDENTIFIER'
  | 'DS_NOT_SUPPORTED'
  | 'DS_LENGTH'
  | 'DS_FORMAT'
  | 'DS_NOT_ALLOWED'
  | 'BLOOD_GROUP_CODE'
  | 'BLOOD_GROUP_PHENOTYPE'
  | 'BLOOD_GROUP_RESERVED'
  | 'PRODUCT_CODE'
  | 'PRODUCT_DONATION_TYPE'
  | 'PRODUCT_SPLIT'
  | 'DATE_FORMAT'
  | 'DATE_DAY_OF_YEAR'
  | 'DATE_TIME'
  | 'DATE_INVALID'
  | 'DATE_RANGE'
  | 'VOLUME_FORMAT'
  | 'VOLUME_RANGE'
  | 'COMPOUND_FORMAT'
  | 'COMPOUND_COUNT_MISMATCH'
  | 'COMPOUND_LAYOUT_MISMATCH';

const BY_IDENTIFIER: ReadonlyMap<string, DataStructureSpec> = new Map(
  DATA_STRUCTURES.map((s) => [s.identifier, s]),
);
const DIN_SPEC = BY_IDENTIFIER.get('=') as DataStructureSpec;
const DIN_ALPHA = /^[A-NP-Z1-9]$/;

/** One structure cut out of the scanned string. */
interface Segment {
  readonly spec: DataStructureSpec | null;
  readonly content: string;
  readonly end: number;
  readonly error: FieldError | null;
}

type Fields = Record<string, unknown>;

interface Decoded {
  readonly fields: Fields;
  readonly errors: FieldError[];
}

function result(id: DataStructureId | 'concatenated' | null, fields: Fields, errors: readonly FieldError[]): DecodeResult {
  return { dataStructure: id, valid: id !== null && errors.length === 0, fields, errors } as DecodeResult;
}

function contentLength(spec: DataStructureSpec, s: string, start: number): number | FieldError {
  if (typeof spec.length === 'number') return spec.length;
  const { countOffset, countDigits, headerLength, perItem } = spec.length;
  const digits = s.slice(start + countOffset, start + countOffset + countDigits);
  if (s.length - start < headerLength) return spec.length.headerLength;
  if (!/^[0-9]+$/.test(digits)) {
    return fieldError('content', 'DS_FORMAT', `数据结构 ${spec.id} 长度字段非数字`, `data structure ${spec.id}: length field is not numeric`);
  }
  return headerLength + Number(digits) * perItem;
}

/**
 * Cuts the structure starting at `pos`; unknown or truncated data consumes the rest of the string.
 * Error field names are bare; {@link decodeSegment} prefixes them.
 */
function readSegment(s: string, pos: number): Segment {
  const c0 = s.charAt(pos);
  const c1 = s.charAt(pos + 1);
  let spec: DataStructureSpec | undefined;
  let diLength = 2;
  if (c0 === '=' && DIN_ALPHA.test(c1)) {
    spec = DIN_SPEC;
    diLength = 1;
  } else if (c0 === '&' && c1 === ',') {
    spec = BY_IDENTIFIER.get(s.slice(pos, pos + 3));
    diLength = 3;
  } else if (c0 === '=' || c0 === '&') {
    spec = BY_IDENTIFIER.get(s.slice(pos, pos + 2));
  }
  const rest = s.slice(pos);
  if (spec === undefined) {
    const national = c0 === '&' && /^[a-z;!]$/.test(c1);
    const error = national
      ? fieldError(
          'dataIdentifier',
          'DS_NOT_SUPPORTED',
          `「${c0}${c1}」为国家或机构自定义数据结构，无法解析`,
          `'${c0}${c1}' is a nationally or locally defined data structure; no decoder is configured`,
        )
      : fieldError(
          'dataIdentifier',
          'DS_UNKNOWN_IDENTIFIER',
          `无法识别的数据标识符「${rest.slice(0, 3)}」`,
          `unknown data identifier '${rest.slice(0, 3)}'`,
        );
    return { spec: null, content: rest, end: s.length, error };
  }
  const start = pos + diLength;
  const length = contentLength(spec, s, start);
  if (typeof length !== 'number') {
    return { spec, content: s.slice(start), end: s.length, error: length };
  }
  if (s.length - start < length) {
    const got = s.length - start;
    return {
      spec,
      content: s.slice(start),
      end: s.length,
      error: fieldError(
        'content',
        'DS_LENGTH',
        `数据结构 ${spec.id} 数据不完整：标识符后应有 ${length} 位，实际 ${got} 位`,
        `truncated: data structure ${spec.id} needs ${length} characters after '${spec.identifier}', got ${got}`,
      ),
    };
  }
  return { spec, content: s.slice(start, start + length), end: start + length, error: null };
}

function decodeDin(content: string, prefix: string): Decoded {
  const din = content.slice(0, 13);
  const flags = content.slice(13);
  const errors = validateDinData(din, prefix);
  const fields: Fields = { din, stationCode: din.slice(0, 5), year: din.slice(5, 7), serial: din.slice(7, 13), flags };
  const flagInfo = describeDinFlags(flags);
  fields.flagType = flagInfo?.flagType ?? null;
  fields.flagMeaning = flagInfo?.meaning ?? null;
  if (errors.length > 0) {
    if (flagInfo === null) errors.push(...validateDinFlags(flags, 0, prefix));
    return { fields, errors };
  }
  const checksum = checksumOfValidated(din);
  const flagErrors = validateDinFlags(flags, checksum, prefix);
  fields.checksum = checksum;
  fields.checkCharacter = MOD37_2_CHARACTERS.charAt(checksum);
  fields.checksumValid = flagInfo?.flagType === 'type3' ? flagErrors.length === 0 : null;
  return { fields, errors: flagErrors };
}

function decodeBloodGroup(content: string, prefix: string): Decoded {
  const gg = content.slice(0, 2);
  const r = content.charAt(2);
  const e = content.charAt(3);
  const errors: FieldError[] = [];
  const entry = BLOOD_GROUP_CODES.get(gg);
  const phenotype = decodeRhKellPhenotype(r);
  if (entry === undefined) {
    errors.push(fieldError(`${prefix}bloodGroupCode`, 'BLOOD_GROUP_CODE', `血型代码「${gg}」未定义`, `blood group code '${gg}' is not defined`));
  }
  if (phenotype === null) {
    errors.push(fieldError(`${prefix}phenotypeCode`, 'BLOOD_GROUP_PHENOTYPE', `表型代码「${r}」未定义`, `phenotype code '${r}' is not defined`));
  }
  if (e !== '0') {
    errors.push(fieldError(`${prefix}reserved`, 'BLOOD_GROUP_RESERVED', `保留位应为 0，实际为「${e}」`, `reserved character must be 0, got '${e}'`));
  }
  const fields: Fields = {
    bloodGroupCode: gg,
    category: entry?.category ?? null,
    abo: entry?.abo ?? null,
    rhd: entry?.rhd ?? null,
    aboSubgroup: entry?.aboSubgroup ?? null,
    description: entry?.description ?? null,
    collectionInfo: entry?.collectionInfo ?? null,
    phenotypeCode: r,
    phenotype,
    reserved: e,
  };
  return { fields, errors };
}

function decodeProductCode(content: string, prefix: string): Decoded {
  const pdc = content.slice(0, 5);
  const t = content.charAt(5);
  const ds = content.slice(6, 8);
  const tds = content.slice(5, 8);
  const errors: FieldError[] = [];
  const scheme = /^[A-Z][A-Z0-9]{4}$/.test(pdc) ? tdsScheme(pdc) : null;
  const fields: Fields = {
    productCode: pdc,
    productFamily: PRODUCT_FAMILIES[pdc.charAt(0)] ?? null,
    donationType: null,
    donationTypeDescription: null,
    split: null,
    splitLevel: null,
    divisionOrPack: null,
    requiresProductDivisions: false,
  };
  if (scheme === null) {
    errors.push(
      fieldError(
        `${prefix}productCode`,
        'PRODUCT_CODE',
        `产品码「${pdc}」格式错误或类别未分配`,
        `product code '${pdc}' is malformed or its family (first character) is not assigned`,
      ),
    );
    return { fields, errors };
  }
  if (scheme === 'packNumber') {
    fields.divisionOrPack = tds;
    const xReserved = pdc.charAt(0) === 'X';
    if (!/^[0-9]{3}$/.test(tds) || (xReserved && tds !== '000')) {
      errors.push(
        fieldError(
          `${prefix}divisionOrPack`,
          'PRODUCT_SPLIT',
          xReserved ? '该类产品分装位应为 000' : '分装/包装号应为 3 位数字',
          xReserved ? 'division must be 000 for X1-X9 codes' : 'division/pack number must be 3 digits',
        ),
      );
    }
    return { fields, errors };
  }
  const types = scheme === 'chinaTypeAndSplit' ? CHINA_DONATION_TYPES : ISBT_COLLECTION_TYPES;
  fields.donationType = t;
  fields.donationTypeDescription = types[t] ?? null;
  fields.split = ds;
  if (types[t] === undefined) {
    errors.push(
      fieldError(`${prefix}donationType`, 'PRODUCT_DONATION_TYPE', `献血类型代码「${t}」未定义`, `donation type '${t}' is not defined`),
    );
  }
  const allowsDs032 = scheme === 'typeAndSplit' && (pdc.charAt(0) === 'S' || pdc.charAt(0) === 'P');
  if (ds === '99' && allowsDs032) {
    fields.requiresProductDivisions = true;
  } else {
    const level = splitLevel(ds);
    fields.splitLevel = level;
    if (level === null) {
      errors.push(
        fieldError(
          `${prefix}split`,
          'PRODUCT_SPLIT',
          `分装码「${ds}」错误：不分装为 00；一级分装 A-Z 加 0；二级分装 A-Z 加 A-Z，最多两级`,
          `split '${ds}' is invalid: 00 undivided, first level A-Z + 0, second level A-Z + A-Z (a-z); at most two levels`,
        ),
      );
    }
  }
  return { fields, errors };
}

const DATE_KINDS: Readonly<Partial<Record<DataStructureId, DateKind>>> = {
  '004': 'expiration',
  '005': 'expiration',
  '006': 'collection',
  '007': 'collection',
  '008': 'production',
  '009': 'production',
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function decodeDate(content: string, kind: DateKind, prefix: string): Decoded {
  const fields: Fields = { kind };
  if (!/^[0-9]+$/.test(content)) {
    return { fields, errors: [fieldError(`${prefix}date`, 'DATE_FORMAT', '日期应为数字 cyyjjj[hhmm]', 'date must be digits cyyjjj[hhmm]')] };
  }
  const century = content.charAt(0);
  const year = yearFromCentury(Number(century), Number(content.slice(1, 3)));
  const dayOfYear = Number(content.slice(3, 6));
  Object.assign(fields, { century, year, dayOfYear });
  const errors: FieldError[] = [];
  const maxDay = isLeapYear(year) ? 366 : 365;
  if (dayOfYear < 1 || dayOfYear > maxDay) {
    errors.push(
      fieldError(`${prefix}dayOfYear`, 'DATE_DAY_OF_YEAR', `${year} 年的日序应为 001-${maxDay}`, `day of year must be 001-${maxDay} in ${year}`),
    );
    return { fields, errors };
  }
  fields.date = ordinalToIsoDate(year, dayOfYear);
  if (content.length === 10) {
    const hour = Number(content.slice(6, 8));
    const minute = Number(content.slice(8, 10));
    Object.assign(fields, { hour, minute });
    if (hour > 23 || minute > 59) {
      errors.push(fieldError(`${prefix}time`, 'DATE_TIME', '时间应为 0000-2359', 'time must be 0000-2359'));
      return { fields, errors };
    }
    fields.dateTime = `${fields.date}T${pad(hour, 2)}:${pad(minute, 2)}`;
    fields.instant = fromShanghaiWallClock(year, dayOfYear, hour, minute).toISOString();
  }
  return { fields, errors };
}

function decodeVolume(content: string, prefix: string): Decoded {
  if (!/^[0-9]{3}\.[0-9]{2}$/.test(content)) {
    return {
      fields: { volumeText: content },
      errors: [fieldError(`${prefix}volumeU`, 'VOLUME_FORMAT', '血量格式应为 aaa.cc（单位 U）', 'volume must be aaa.cc (units U)')],
    };
  }
  const volumeU = Number(content);
  const errors = volumeU > 0 ? [] : [fieldError(`${prefix}volumeU`, 'VOLUME_RANGE', '血量应大于 0', 'volume must be greater than 0')];
  return { fields: { volumeU, volumeText: content }, errors };
}

function decodeCompoundHeader(content: string, prefix: string): Decoded {
  const aa = content.slice(0, 2);
  const bbb = content.slice(2, 5);
  if (!/^[0-9]{2}$/.test(aa) || !/^[0-9]{3}$/.test(bbb) || aa === '00') {
    return {
      fields: { layoutCode: bbb },
      errors: [fieldError(`${prefix}declaredCount`, 'COMPOUND_FORMAT', '复合信息头应为 aabbb（aa 为 01-99）', 'compound header must be aabbb with aa 01-99')],
    };
  }
  const layout = CHINA_COMPOSITE_LAYOUTS[bbb]?.structures ?? null;
  return { fields: { declaredCount: Number(aa), layoutCode: bbb, layout, structures: [] }, errors: [] };
}

function decodeConsignment(content: string, prefix: string): Decoded {
  const fields: Fields = {
    stationCode: content.slice(0, 5),
    year: content.slice(5, 7),
    serial: content.slice(7, 12),
    container: content.slice(12, 14),
    totalContainers: content.slice(14, 16),
  };
  const ok = STATION_CODE_PATTERN.test(content.slice(0, 5)) && /^[0-9]{11}$/.test(content.slice(5));
  return {
    fields,
    errors: ok ? [] : [fieldError(`${prefix}content`, 'DS_FORMAT', '发货单号格式错误', 'product consignment is malformed')],
  };
}

function decodeSec(content: string, prefix: string): Decoded {
  const expiry = content.slice(32, 40);
  const fields: Fields = {
    countryCode: content.slice(0, 2),
    tissueEstablishmentCode: content.slice(2, 8),
    uniqueDonationNumber: content.slice(8, 21),
    productCodingSystem: content.charAt(21),
    productNumber: content.slice(22, 29),
    splitNumber: content.slice(29, 32),
    expiryDate: null,
  };
  if (expiry === '00000000') return { fields, errors: [] };
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(expiry);
  const date = m === null ? null : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || date === null || date.getUTCMonth() + 1 !== Number(m[2]) || date.getUTCDate() !== Number(m[3])) {
    return { fields, errors: [fieldError(`${prefix}expiryDate`, 'DATE_FORMAT', '有效期应为 YYYYMMDD', 'expiry must be YYYYMMDD')] };
  }
  fields.expiryDate = `${m[1]}-${m[2]}-${m[3]}`;
  return { fields, errors: [] };
}

function decodePattern(content: string, prefix: string, pattern: RegExp, fields: Fields): Decoded {
  return {
    fields,
    errors: pattern.test(content) ? [] : [fieldError(`${prefix}content`, 'DS_FORMAT', '数据内容格式错误', 'data content is malformed')],
  };
}

function decodeContent(spec: DataStructureSpec, content: string, prefix: string): Decoded {
  const kind = DATE_KINDS[spec.id];
  if (kind !== undefined) return decodeDate(content, kind, prefix);
  switch (spec.id) {
    case '001':
      return decodeDin(content, prefix);
    case '002':
      return decodeBloodGroup(content, prefix);
    case '003':
      return decodeProductCode(content, prefix);
    case '023':
      return decodeCompoundHeader(content, prefix);
    case '028':
      return decodeConsignment(content, prefix);
    case '032':
      return decodePattern(content, prefix, /^[0-9A-Za-z]{6}$/, { divisionCode: content });
    case '034':
      return decodePattern(content, prefix, /^[A-NP-Z0-9]{5}[A-Z0-9]{11}$/, {
        processorFacilityCode: content.slice(0, 5),
        facilityProductCode: content.slice(5, 11),
        productCode: content.slice(11, 16),
      });
    case '035':
      return { fields: { lotNumber: content }, errors: [] };
    case '038':
      return decodeSec(content, prefix);
    case 'CN004':
      return decodeVolume(content, prefix);
    default:
      return { fields: { content, retired: spec.retired }, errors: [] };
  }
}

function decodeSegment(segment: Segment, prefix: string): DecodeResult {
  if (segment.error !== null || segment.spec === null) {
    const errors = segment.error === null ? [] : [{ ...segment.error, field: `${prefix}${segment.error.field}` }];
    return result(segment.spec?.id ?? null, { content: segment.content }, errors);
  }
  const { fields, errors } = decodeContent(segment.spec, segment.content, prefix);
  return result(segment.spec.id, fields, errors);
}

function decodeCompound(segments: readonly Segment[]): DecodeResult {
  const header = decodeSegment(segments[0], '');
  const parts = segments.slice(1).map((segment, i) => decodeSegment(segment, `structures[${i}].`));
  const errors: FieldError[] = [...header.errors];
  parts.forEach((part, i) => {
    errors.push(...part.errors);
    if (part.dataStructure === '023') {
      errors.push(
        fieldError(`structures[${i}].dataIdentifier`, 'DS_NOT_ALLOWED', '复合信息不能嵌套', 'a compound message cannot contain another compound message'),
      );
    }
  });
  const h = header.fields as Fields;
  const fields: Fields = { ...h, structures: parts };
  if (header.errors.length > 0 || parts.length === 0) return result('023', fields, errors);
  const declared = h.declaredCount as number;
  if (parts.length !== declared) {
    errors.push(
      fieldError(
        'declaredCount',
        'COMPOUND_COUNT_MISMATCH',
        `复合信息声明 ${declared} 个数据结构，实际 ${parts.length} 个`,
        `declared count ${declared} but ${parts.length} data structures present`,
      ),
    );
  }
  const layout = h.layout as readonly DataStructureId[] | null;
  if (layout !== null) {
    const actual = parts.map((p) => p.dataStructure);
    if (declared !== layout.length || actual.length !== layout.length || actual.some((id, i) => id !== layout[i])) {
      errors.push(
        fieldError(
          'layoutCode',
          'COMPOUND_LAYOUT_MISMATCH',
          `复合信息格式 ${String(h.layoutCode)} 要求的数据结构为 ${layout.join('、')}，实际为 ${actual.join('、')}`,
          `layout ${String(h.layoutCode)} requires structures ${layout.join(', ')}, got ${actual.join(', ')}`,
        ),
      );
    }
  }
  return result('023', fields, errors);
}

function decodeConcatenated(segments: readonly Segment[]): DecodeResult {
  const parts = segments.map((segment, i) => decodeSegment(segment, `structures[${i}].`));
  const errors: FieldError[] = [];
  parts.forEach((part, i) => {
    errors.push(...part.errors);
    if (part.dataStructure === '023') {
      errors.push(
        fieldError(`structures[${i}].dataIdentifier`, 'DS_NOT_ALLOWED', '复合信息头必须位于开头', 'a compound message header must come first'),
      );
    }
  });
  return result('concatenated', { structures: parts }, errors);
}

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * Decodes one scan: a single data structure, two or more concatenated structures, or a compound
 * message with the structures that follow it.
 *
 * Leading/trailing whitespace (scanner CR/LF) and a leading AIM symbology identifier (`]C0`, `]C4`, …)
 * are removed; the identifier is reported in `fields.symbologyIdentifier`.
 *
 * Shapes of `fields` by `dataStructure` are in {@link FieldsByStructure}:
 * - `001` 献血码 / DIN: `din`, `stationCode`, `year`, `serial`, `flags`, `flagType`, `flagMeaning`,
 *   `checksum`, `checkCharacter`, `checksumValid`;
 * - `002` blood group: `bloodGroupCode`, `abo`, `rhd`, `description`, `collectionInfo`, `phenotype`, …;
 * - `003` product code: `productCode`, `productFamily`, `donationType`, `split`, `splitLevel`, …;
 * - `004`/`006`/`008` dates (`date` `YYYY-MM-DD`), `005`/`007`/`009` date-times (`dateTime`
 *   `YYYY-MM-DDTHH:mm` Asia/Shanghai, `instant` UTC ISO);
 * - `CN004` volume: `volumeU` (units U);
 * - `023` compound: `declaredCount`, `layoutCode`, `layout`, `structures`; `concatenated`: `structures`.
 *
 * @param scanned - the text the scanner sent.
 * @returns `{ dataStructure, valid, fields, errors }`; never throws. Unknown identifier →
 *   `dataStructure: null, valid: false` (`DS_UNKNOWN_IDENTIFIER`). Error fields inside compound or
 *   concatenated scans are prefixed `structures[i].`. Codes: {@link Isbt128ErrorCode}.
 * @see ISBT 128 ST-001 v6.2.2 §2.4 (data structures), §2.4.23 (compound messages), §10 (concatenation)
 * @see WS/T draft 血液标识代码及标签要求 Tables 1–8, Annex D, Annex E
 */
export function decodeDataStructure(scanned: string): DecodeResult {
  let s = typeof scanned === 'string' ? scanned.trim() : '';
  const aim = AIM_PREFIX.exec(s);
  const symbologyIdentifier = aim === null ? undefined : aim[0];
  if (aim !== null) s = s.slice(aim[0].length);
  if (s === '') {
    return result(null, {}, [fieldError('dataIdentifier', 'DS_EMPTY', '扫描内容为空', 'scan is empty')]);
  }
  const segments: Segment[] = [];
  for (let pos = 0; pos < s.length; ) {
    const segment = readSegment(s, pos);
    segments.push(segment);
    pos = segment.end;
  }
  let decoded: DecodeResult;
  if (segments[0].spec?.id === '023') {
    decoded = decodeCompound(segments);
  } else if (segments.length === 1) {
    decoded = decodeSegment(segments[0], '');
  } else {
    decoded = decodeConcatenated(segments);
  }
  if (symbologyIdentifier === undefined) return decoded;
  return { ...decoded, fields: { ...decoded.fields, symbologyIdentifier } } as DecodeResult;
}

/** Meaning of an AIM symbology identifier (ISO/IEC 15424). */
export interface SymbologyIdentifierInfo {
  readonly identifier: string;
  /** `code128`, `dataMatrix` or `other`. */
  readonly symbology: 'code128' | 'dataMatrix' | 'other';
  /** Modifier character. */
  readonly modifier: string;
  /** For Code 128 modifier 4: an ISBT 128 concatenation was performed. */
  readonly isbtConcatenation: boolean;
}

/**
 * Reads the AIM symbology identifier a scanner may send before the data (`]C4` = Code 128, ISBT 128
 * concatenation performed; `]C0` = Code 128; `]d1`/`]d2` = Data Matrix).
 *
 * @param text - scanned text starting with `]`.
 * @returns The identifier's meaning, or `null` when `text` does not start with an identifier.
 * @see ISO/IEC 15424 (Code 128 modifier 4)
 * @see ISBT 128 ST-001 v6.2.2 §10
 */
export function describeSymbologyIdentifier(text: string): SymbologyIdentifierInfo | null {
  const m = typeof text === 'string' ? AIM_PREFIX.exec(text) : null;
  if (m === null) return null;
  const code = m[0].charAt(1);
  const modifier = m[0].charAt(2);
  const symbology = code === 'C' ? 'code128' : code === 'd' ? 'dataMatrix' : 'other';
  return { identifier: m[0], symbology, modifier, isbtConcatenation: symbology === 'code128' && modifier === '4' };
}
