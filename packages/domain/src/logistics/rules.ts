/**
 * Cold chain, transport, hospital blood-bank and traceability rules as versioned rule data.
 *
 * @see china-blood-service-rules.md §2.2 (storage, WS 399-2012), §2.3 (transport, WS/T 400), §5.2 (临床输血技术规范 2000)
 * @see china-it-standards.md §7 R8 (trace), R42 (cold-chain handover), R60 (receipt with temperature check)
 */
import { createRuleRegistry, type RuleRef, type RuleSet } from '../rules/index.ts';
import type { ComponentClass } from '../types.ts';

/** Every traceability event type a unit or donation may carry (append-only `unit_event.type`). */
export const UNIT_EVENT_TYPES = [
  'collection', 'handover', 'preparation', 'store_in', 'storage', 'store_out', 'issue', 'transport', 'receipt',
  'crossmatch', 'ward_issue', 'transfusion', 'reaction', 'return', 'discard', 'recall',
  // already written by the foundation modules
  'release', 'test', 'reserve', 'process', 'transfer_out', 'transfer_in', 'reader_scan',
] as const;
export type UnitEventType = (typeof UNIT_EVENT_TYPES)[number];

/** A closed temperature range in °C; `min` or `max` absent means open on that side. */
export interface TempRange {
  readonly minC?: number;
  readonly maxC?: number;
  readonly ref: RuleRef;
}

export interface ColdChainRules {
  /** Transport temperature per component class (WS/T 400). */
  readonly transport: Readonly<Record<ComponentClass, TempRange>>;
  /** Storage temperature per component class (WS 399-2012 §2.2). */
  readonly storage: Readonly<Record<ComponentClass, TempRange>>;
  /** Longest gap between two temperature records of a storage device, hours (manual monitoring). */
  readonly maxLogIntervalHours: number;
  readonly maxLogIntervalRef: RuleRef;
  /** Whole blood and red cells: longest total transport time, hours. */
  readonly maxRbcTransportHours: number;
}

const WST400: (clause: string) => RuleRef = (clause) => ({
  source: 'WS/T 400', version: '2012', clause, evidence: 'best_knowledge', note: 'china-blood-service-rules.md §2.3 (from memory); WS 400-2023 values not seen',
});
const WS399: (clause: string) => RuleRef = (clause) => ({ source: 'WS399-2012', version: '2012', clause, evidence: 'verified', note: '[S10][S11]' });

/**
 * WS/T 400 transport and WS 399 storage temperatures, and the 4-hour manual log interval.
 * @see china-blood-service-rules.md §2.2, §2.3
 */
export const COLD_CHAIN_2012: RuleSet<ColdChainRules> = {
  id: 'cold-chain:WS399-WST400-2012',
  family: 'cold-chain',
  source: 'WS399-2012 + WS/T 400',
  version: '2012',
  effectiveFrom: '2013-02-01T00:00:00+08:00',
  clauses: [
    { ref: 'WS/T 400 运输温度', summary: 'Whole blood / RBC 2–10 °C; platelets 20–24 °C; frozen plasma / cryo ≤ −20 °C (kept frozen)' },
    { ref: 'WS 399 储存温度', summary: 'RBC 2–6 °C; platelets 20–24 °C with agitation; plasma / cryo ≤ −18 °C' },
    { ref: 'WS 399 温度监控', summary: 'Manual monitoring: record the temperature at least every 4 h' },
  ],
  notes: 'WS 399-2012 was repealed from 2024-09-01; the 2023 revisions are not seen. Stations may override.',
  data: {
    transport: {
      whole_blood: { minC: 2, maxC: 10, ref: WST400('全血 2–10 °C') },
      red_cells: { minC: 2, maxC: 10, ref: WST400('红细胞 2–10 °C') },
      platelets: { minC: 20, maxC: 24, ref: WST400('血小板 20–24 °C') },
      plasma: { maxC: -20, ref: { ...WST400('血浆 保持冻结'), note: 'WHO training material ≤ −20 °C [S13e]' } },
      cryo: { maxC: -20, ref: { ...WST400('冷沉淀 保持冻结'), note: 'WHO training material ≤ −20 °C [S13e]' } },
    },
    storage: {
      whole_blood: { minC: 2, maxC: 6, ref: WS399('全血 2–6 °C') },
      red_cells: { minC: 2, maxC: 6, ref: WS399('红细胞 2–6 °C') },
      platelets: { minC: 20, maxC: 24, ref: WS399('血小板 20–24 °C 振荡') },
      plasma: { maxC: -18, ref: WS399('血浆 ≤ −18 °C') },
      cryo: { maxC: -18, ref: WS399('冷沉淀 ≤ −18 °C') },
    },
    maxLogIntervalHours: 4,
    maxLogIntervalRef: WS399('温度记录 至少每 4 h 一次 (人工监控)'),
    maxRbcTransportHours: 24,
  },
};

export const COLD_CHAIN_REGISTRY = createRuleRegistry('cold-chain', [COLD_CHAIN_2012]);

export interface HospitalBloodBankRules {
  /** Component classes that need a major- and minor-side crossmatch before issue to the ward. */
  readonly crossmatchRequired: readonly ComponentClass[];
  readonly crossmatchRef: RuleRef;
  /** The crossmatch sample must be taken at most this many days before the transfusion. */
  readonly sampleMaxAgeDays: number;
  readonly sampleRef: RuleRef;
  /** Blood issued to the ward may never come back to the blood bank. */
  readonly wardReturnAllowed: false;
  readonly wardReturnRef: RuleRef;
  /** Reasons for which a hospital may return unused (not ward-issued) blood to the station. */
  readonly stationReturnReasons: readonly string[];
  /** A return to the station must arrive at least this many hours before expiry. */
  readonly stationReturnMinHoursToExpiry: number;
  /** And no later than this many hours after receipt. */
  readonly stationReturnMaxHoursAfterReceipt: number;
  readonly stationReturnRef: RuleRef;
  /** Patient and donor samples kept at 2–6 °C after issue, days. */
  readonly sampleRetentionDays: number;
}

const CTT2000 = (clause: string, evidence: RuleRef['evidence'] = 'verified'): RuleRef => ({
  source: '临床输血技术规范', version: '2000', clause, evidence,
});

/** @see china-blood-service-rules.md §5.2 */
export const HOSPITAL_BLOOD_BANK_2000: RuleSet<HospitalBloodBankRules> = {
  id: 'hospital-blood-bank:CTT-2000',
  family: 'hospital-blood-bank',
  source: '临床输血技术规范 (2000)',
  version: '2000',
  effectiveFrom: '2000-10-01T00:00:00+08:00',
  clauses: [
    { ref: '交叉配血', summary: 'Major and minor side for whole blood and red cells; apheresis platelets ABO-identical, no crossmatch' },
    { ref: '标本', summary: 'Crossmatch sample taken within 3 days before transfusion' },
    { ref: '发血', summary: 'Issuer and collector check jointly and both sign; blood once issued may not be returned' },
  ],
  notes: 'Station returns (reasons, time limits) are local RedBridge defaults: the 规范 is silent; set them per agreement.',
  data: {
    crossmatchRequired: ['whole_blood', 'red_cells'],
    crossmatchRef: CTT2000('第 14–16 条 交叉配血 (主侧、次侧)', 'best_knowledge'),
    sampleMaxAgeDays: 3,
    sampleRef: CTT2000('受血者配血试验的血标本必须是输血前 3 天之内的'),
    wardReturnAllowed: false,
    wardReturnRef: CTT2000('血液发出后不得退回 [S26]'),
    stationReturnReasons: ['quality_defect', 'label_error', 'cold_chain_breach', 'wrong_product', 'recall'],
    stationReturnMinHoursToExpiry: 24,
    stationReturnMaxHoursAfterReceipt: 72,
    stationReturnRef: { source: 'RedBridge', version: '1', clause: '退血 (station return) defaults', evidence: 'local' },
    sampleRetentionDays: 7,
  },
};

export const HOSPITAL_BLOOD_BANK_REGISTRY = createRuleRegistry('hospital-blood-bank', [HOSPITAL_BLOOD_BANK_2000]);
