import type { RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import type { AboGroup, RhD } from '../types.ts';
import { getProduct } from '../components/catalogue.ts';
import {
  computeCheckCharacter, decodeDataStructure, encodeBloodGroup, encodeComposite, encodeDateTime, encodeDin, encodeProductCode, encodeVolumeU,
} from '../isbt128/index.ts';
import { validationError } from '../errors.ts';

/** One row of the national product-code table (产品码表, draft Annex B.4): code, name, attributes, shelf life, catalogue ids. */
export interface NationalProductCode {
  readonly code: string;
  readonly nameZh: string;
  readonly attributesZh: string;
  /** Shelf life as printed in the table, e.g. `35 d`, `24 h`. */
  readonly shelfLife: string;
  /** Catalogue product ids (packages/domain/src/components) labelled with this code. */
  readonly productIds: readonly string[];
  /** `draft_2017`: C-code of the draft table; `local`: ISBT local family `D` (facility-defined) for products the draft does not reach. */
  readonly status: 'draft_2017' | 'local';
}

/**
 * National product-code table (C-codes) as configurable data, mapped to the catalogue. The 2017 draft table stops at
 * C0025 and only some rows are public; products without a published C-code use the catalogue's local `L` codes.
 *
 * @see china-it-standards.md §5.2 (B.4 examples); 《血液标识代码及标签要求》(WS/T draft 2017) Annex B
 */
export const PRODUCT_CODE_TABLE_2017: RuleSet<readonly NationalProductCode[]> = {
  id: 'product-codes:WS-T-DRAFT-2017',
  family: 'product-codes',
  source: '血液标识代码及标签要求 (WS/T 征求意见稿 2017)',
  version: '2017-draft',
  effectiveFrom: '2017-01-01T00:00:00+08:00',
  clauses: [{ ref: 'Annex B.4', summary: 'Product codes with attributes and shelf life (table incomplete in the draft)' }],
  notes: 'Rows marked local are station codes for products the draft table does not reach; replace when the standard is final.',
  data: [
    { code: 'C0001', nameZh: '全血', attributesZh: 'CPDA-1', shelfLife: '35 d', productIds: ['WB_CPDA1'], status: 'draft_2017' },
    { code: 'C0002', nameZh: '全血', attributesZh: 'CPD/ACD', shelfLife: '21 d', productIds: ['WB_CPD'], status: 'draft_2017' },
    { code: 'C0003', nameZh: '全血', attributesZh: '开放系统', shelfLife: '24 h', productIds: [], status: 'draft_2017' },
    { code: 'C0004', nameZh: '全血', attributesZh: '白细胞滤除', shelfLife: '35 d', productIds: ['LR_WB_CPDA1'], status: 'draft_2017' },
    { code: 'C0007', nameZh: '辐照全血', attributesZh: '辐照', shelfLife: '14 d', productIds: [], status: 'draft_2017' },
    { code: 'C0013', nameZh: '浓缩红细胞', attributesZh: '开放系统', shelfLife: '24 h', productIds: [], status: 'draft_2017' },
    { code: 'C0021', nameZh: '悬浮红细胞', attributesZh: 'MAP', shelfLife: '35 d', productIds: ['SRBC_MAP'], status: 'draft_2017' },
    { code: 'D2201', nameZh: '去白细胞悬浮红细胞', attributesZh: '白细胞滤除', shelfLife: '35 d', productIds: ['LR_SRBC_MAP'], status: 'local' },
    { code: 'D2301', nameZh: '洗涤红细胞', attributesZh: '生理盐水', shelfLife: '24 h', productIds: ['WRBC_NACL'], status: 'local' },
    { code: 'D2401', nameZh: '冰冻红细胞', attributesZh: '40%甘油, ≤ −65 °C', shelfLife: '10 y', productIds: ['FRBC_40GLY'], status: 'local' },
    { code: 'D2501', nameZh: '冰冻解冻去甘油红细胞', attributesZh: '生理盐水', shelfLife: '24 h', productIds: ['DRBC_NACL'], status: 'local' },
    { code: 'D4201', nameZh: '单采血小板', attributesZh: '22 ± 2 °C 振荡', shelfLife: '5 d', productIds: ['PLT_APH_5D'], status: 'local' },
    { code: 'D5101', nameZh: '新鲜冰冻血浆', attributesZh: '≤ −18 °C', shelfLife: '1 y', productIds: ['FFP'], status: 'local' },
    { code: 'D5102', nameZh: '病毒灭活新鲜冰冻血浆', attributesZh: '亚甲蓝', shelfLife: '1 y', productIds: ['VI_FFP'], status: 'local' },
    { code: 'D5104', nameZh: '冰冻血浆', attributesZh: '≤ −18 °C', shelfLife: '4 y', productIds: ['FP'], status: 'local' },
    { code: 'D6101', nameZh: '冷沉淀凝血因子', attributesZh: '≤ −18 °C', shelfLife: '1 y', productIds: ['CRYO'], status: 'local' },
  ],
};

export const PRODUCT_CODE_REGISTRY = createRuleRegistry('product-codes', [PRODUCT_CODE_TABLE_2017]);

/**
 * The product code printed on labels for a catalogue product: its row in the code table, else its national C-code,
 * else the catalogue's local `Lnnnn` code mapped to the ISBT local family `Dnnnn`.
 *
 * @throws DomainError `UNKNOWN_PRODUCT`
 */
export function labelProductCode(productId: string, table: RuleSet<readonly NationalProductCode[]> = PRODUCT_CODE_TABLE_2017): string {
  const row = table.data.find((r) => r.productIds.includes(productId));
  if (row) return row.code;
  const code = getProduct(productId).nationalCode;
  return code.startsWith('L') ? `D${code.slice(1)}` : code;
}

/** What a label needs about a unit. */
export interface LabelUnit {
  /** 13-character DIN data (`αppppyynnnnnn`). */
  readonly din: string;
  readonly productId: string;
  /** Split code `ds` (`00` undivided). */
  readonly splitCode: string;
  /** Donation type `t` (Annex C), `V` voluntary. */
  readonly donationType: string;
  readonly abo: AboGroup | null;
  readonly rhd: RhD | null;
  readonly volumeMl: number;
  /** Quantity in the product's unit (U for whole blood/red cells/plasma-from-WB, dose for platelets, mL otherwise). */
  readonly quantity: number;
  readonly quantityUnit: 'U' | 'dose' | 'ml';
  readonly collectedAt: Date;
  readonly preparedAt: Date;
  readonly expiresAt: Date;
  /** False for a non-conforming unit (biohazard mark, never issued). */
  readonly conforming: boolean;
}

export interface LabelStation { readonly name: string; readonly licenceNumber: string }

/** Everything printed on a label: bar-code data, human-readable text and the quadrant texts (「土」 layout). */
export interface LabelContent {
  readonly barcodes: {
    /** `=αppppyynnnnnnff` (Code 128). */ readonly din: string;
    /** `=<αooootds`. */ readonly product: string;
    /** `=%ggre`; null when the group is not determined (no group bar code is printed). */ readonly bloodGroup: string | null;
    /** `&>cyyjjjhhmm`. */ readonly expiry: string;
    readonly collection: string;
    readonly preparation: string;
    /** `=?aaa.cc` (only for U quantities). */ readonly volume: string | null;
    /** `=+aabbb…` for the DataMatrix. */ readonly composite: string;
  };
  /** 献血码 segments as printed: chars 1–5 | 6–7 | 8–13 (serial larger), flag rotated, check character boxed. */
  readonly dinText: { readonly station: string; readonly year: string; readonly serial: string; readonly flag: string; readonly check: string };
  readonly productCode: string;
  readonly productNameZh: string;
  readonly productNameEn: string;
  readonly storageZh: string;
  readonly aboText: string | null;
  readonly rhdText: string | null;
  /** RhD negative: ABO printed hollow (outline), RhD reversed (white on black). */
  readonly rhNegative: boolean;
  readonly volumeText: string;
  readonly collectedText: string;
  readonly preparedText: string;
  readonly expiresText: string;
  readonly station: LabelStation;
  readonly biohazard: boolean;
  readonly precautionsZh: readonly string[];
}

const wall = (d: Date): string => {
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
};

function must<T>(r: { ok: true; value: T } | { ok: false; errors: readonly { field: string; code: string; message: string }[] }, field: string): T {
  if (r.ok) return r.value;
  throw validationError(r.errors.map((e) => ({ ...e, field: `${field}.${e.field}` })), { zh: '标签编码失败', en: 'label encoding failed' });
}

/**
 * Builds the label content of a unit per the draft national standard (codes, layout texts, Rh-negative emphasis,
 * biohazard for non-conforming units). Every bar code is produced by the ISBT encoders and checked by decoding.
 *
 * @throws DomainError `UNKNOWN_PRODUCT` (product id), `VALIDATION` when a value cannot be encoded
 * @see china-it-standards.md §5.1–§5.3; 《血液标识代码及标签要求》 Tables 1–8, Annex E
 */
export function buildLabelContent(u: LabelUnit, station: LabelStation): LabelContent {
  const product = getProduct(u.productId);
  const din = must(encodeDin({ stationCode: u.din.slice(0, 5), year: u.din.slice(5, 7), serial: u.din.slice(7, 13) }), 'din');
  const code = labelProductCode(u.productId);
  const productBc = must(encodeProductCode(code, u.donationType, u.splitCode), 'product');
  const group = u.abo ? encodeBloodGroup(u.abo, u.rhd) : null;
  const expiry = must(encodeDateTime('expiration', u.expiresAt), 'expiresAt');
  const collection = must(encodeDateTime('collection', u.collectedAt), 'collectedAt');
  const preparation = must(encodeDateTime('production', u.preparedAt), 'preparedAt');
  const volume = u.quantityUnit === 'U' ? must(encodeVolumeU(u.quantity), 'quantity') : null;
  // Layout 005 = [001–004][006][007] when everything is present; 002 = [001–003] otherwise.
  const composite = group && volume
    ? must(encodeComposite('005', [din, productBc, group, volume, preparation, expiry]), 'composite')
    : must(encodeComposite('001', [din, productBc]), 'composite');
  const storage = product.storage;
  const storageZh = storage.minTempC === null ? `≤ ${storage.maxTempC} °C 保存` : `${storage.minTempC}–${storage.maxTempC} °C 保存${storage.agitation ? '，持续轻缓振荡' : ''}`;
  const qtyText = u.quantityUnit === 'U' ? `${u.quantity} U (${u.volumeMl} mL)` : u.quantityUnit === 'dose' ? `${u.quantity} 治疗量 (${u.volumeMl} mL)` : `${u.volumeMl} mL`;
  return {
    barcodes: { din, product: productBc, bloodGroup: group, expiry, collection, preparation, volume, composite },
    dinText: { station: u.din.slice(0, 5), year: u.din.slice(5, 7), serial: u.din.slice(7, 13), flag: '00', check: computeCheckCharacter(u.din) },
    productCode: `${code}${u.donationType}${u.splitCode}`,
    productNameZh: product.nameZh,
    productNameEn: product.nameEn,
    storageZh,
    aboText: u.abo ? `${u.abo}型` : null,
    rhdText: u.rhd === 'NEG' ? 'RhD 阴性' : u.rhd === 'POS' ? 'RhD 阳性' : null,
    rhNegative: u.rhd === 'NEG',
    volumeText: qtyText,
    collectedText: wall(u.collectedAt),
    preparedText: wall(u.preparedAt),
    expiresText: wall(u.expiresAt),
    station,
    biohazard: !u.conforming,
    precautionsZh: !u.conforming ? ['不合格血液，禁止用于临床', '按医疗废物处置，不得发出'] : [
      '输血前须核对受血者与献血者血型并做交叉配血试验',
      '血袋有破损、渗漏、溶血、凝块或超过有效期者不得使用',
      '本血液已按国家标准检测合格，但仍有经血传播疾病的极小风险',
    ],
  };
}

/** What a scan at label verification found. */
export interface LabelCheckRecord {
  readonly din: string;
  readonly productCode: string;
  readonly splitCode: string;
  readonly released: boolean;
  readonly status: string;
  readonly expiresAt: Date;
}

/**
 * Label verification (标签核对): the scanned 献血码 and product bar codes must match the unit record, and the unit
 * must be released and unexpired.
 *
 * @returns `{ ok, problems }` with bilingual messages; `ok` only when nothing is wrong
 * @see china-it-standards.md §5.3; issue #4 (label verification)
 */
export function verifyLabelScan(scannedDin: string, scannedProduct: string, rec: LabelCheckRecord, now: Date): { ok: boolean; problems: { code: string; message: string }[] } {
  const problems: { code: string; message: string }[] = [];
  const d = decodeDataStructure(scannedDin);
  const p = decodeDataStructure(scannedProduct);
  const dinValue = d.valid && d.dataStructure === '001' ? String((d.fields as unknown as Record<string, unknown>).din) : null;
  const f = p.fields as unknown as Record<string, unknown>;
  if (!dinValue) problems.push({ code: 'DIN_UNREADABLE', message: '献血码条码无法识别 / DIN bar code not readable' });
  else if (dinValue !== rec.din) problems.push({ code: 'DIN_MISMATCH', message: `献血码 ${dinValue} 与记录 ${rec.din} 不符 / DIN does not match the record` });
  if (!(p.valid && p.dataStructure === '003')) problems.push({ code: 'PRODUCT_UNREADABLE', message: '产品码条码无法识别 / product bar code not readable' });
  else if (f.productCode !== rec.productCode || f.split !== rec.splitCode) {
    problems.push({ code: 'PRODUCT_MISMATCH', message: `产品码 ${String(f.productCode)}${String(f.split ?? '')} 与记录 ${rec.productCode}${rec.splitCode} 不符 / product code does not match the record` });
  }
  if (!rec.released || !['available', 'reserved', 'issued'].includes(rec.status)) {
    problems.push({ code: 'NOT_RELEASED', message: `血液未放行（${rec.status}），不得贴签发出 / unit not released (${rec.status})` });
  }
  if (now.getTime() >= rec.expiresAt.getTime()) problems.push({ code: 'EXPIRED', message: '血液已过期 / unit expired' });
  return { ok: problems.length === 0, problems };
}

