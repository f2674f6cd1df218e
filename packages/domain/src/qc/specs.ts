import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import { validationError } from '../errors.ts';

/** Measured QC parameters and their units. */
export type QcParameter = 'volumeMl' | 'hbG' | 'hct' | 'residualWbc' | 'plateletCount' | 'fviiiIuPerMl' | 'fviiiIu' | 'fibrinogenMg' | 'haemolysisPct';
export const QC_PARAMETERS: readonly QcParameter[] = ['volumeMl', 'hbG', 'hct', 'residualWbc', 'plateletCount', 'fviiiIuPerMl', 'fviiiIu', 'fibrinogenMg', 'haemolysisPct'];

/** Units, for display: residual WBC and platelet counts are absolute per bag. */
export const QC_UNITS: Readonly<Record<QcParameter, string>> = {
  volumeMl: 'mL', hbG: 'g/袋', hct: 'L/L', residualWbc: '个/袋', plateletCount: '个/袋', fviiiIuPerMl: 'IU/mL', fviiiIu: 'IU/袋',
  fibrinogenMg: 'mg/袋', haemolysisPct: '%',
};

/** One specification line. `perWb200` limits scale with the source whole-blood volume (×1.5 for 300 mL, ×2 for 400 mL). */
export interface QcSpec {
  readonly parameter: QcParameter;
  readonly min?: number;
  readonly max?: number;
  /** Volume ± tolerance of the nominal (fraction, e.g. 0.1 = ±10 %) per 200 mL source. */
  readonly nominalPerWb200?: number;
  readonly tolerance?: number;
  readonly perWb200: boolean;
  readonly ref: RuleRef;
}

const GB = (clause: string, evidence: RuleRef['evidence'] = 'best_knowledge', note?: string): RuleRef => ({ source: 'GB18469-2012', version: '2012', clause, evidence, note });

/**
 * GB 18469-2012 quality specifications by catalogue product id (figures per 200 mL whole-blood equivalent unless
 * absolute). Many tolerances are ⚠️ from secondary sources: the official table must be checked before go-live.
 *
 * @see china-blood-service-rules.md §2.4
 */
export const QC_SPECS_GB18469_2012: RuleSet<Readonly<Record<string, readonly QcSpec[]>>> = {
  id: 'qc-specs:GB18469-2012',
  family: 'qc-specs',
  source: 'GB18469-2012',
  version: '2012',
  effectiveFrom: '2012-07-01T00:00:00+08:00',
  clauses: [{ ref: '全血及成分血质量要求', summary: 'Volume, Hb, Hct, residual WBC, platelet count, FVIII, fibrinogen per product' }],
  notes: 'Per 200 mL whole-blood equivalent; scaled by source volume. ⚠️ figures need the official table.',
  data: {
    WB_CPDA1: [
      { parameter: 'volumeMl', nominalPerWb200: 200, tolerance: 0.1, perWb200: true, ref: GB('全血 容量 200 mL ± 10%') },
      { parameter: 'hbG', min: 20, perWb200: true, ref: GB('全血 Hb ≥ 20 g') },
    ],
    SRBC_MAP: [
      { parameter: 'hct', min: 0.5, max: 0.65, perWb200: false, ref: GB('悬浮红细胞 Hct 0.50–0.65') },
      { parameter: 'hbG', min: 20, perWb200: true, ref: GB('悬浮红细胞 Hb ≥ 20 g') },
    ],
    LR_SRBC_MAP: [
      { parameter: 'residualWbc', max: 2.5e6, perWb200: true, ref: GB('去白悬浮红细胞 残余白细胞 ≤ 2.5×10⁶') },
      { parameter: 'hbG', min: 18, perWb200: true, ref: GB('去白悬浮红细胞 Hb ≥ 18 g') },
      { parameter: 'hct', min: 0.45, max: 0.6, perWb200: false, ref: GB('去白悬浮红细胞 Hct 0.45–0.60') },
    ],
    WRBC_NACL: [{ parameter: 'hbG', min: 18, perWb200: true, ref: GB('洗涤红细胞 Hb ≥ 18 g') }],
    DRBC_NACL: [
      { parameter: 'volumeMl', nominalPerWb200: 200, tolerance: 0.1, perWb200: true, ref: GB('去甘油红细胞 200 mL ± 20 mL', 'verified', '[S12b]') },
      { parameter: 'hbG', min: 16, perWb200: true, ref: GB('去甘油红细胞 Hb ≥ 16 g', 'verified', '[S12b]') },
      { parameter: 'residualWbc', max: 2e7, perWb200: true, ref: GB('去甘油红细胞 WBC ≤ 2×10⁷', 'verified', '[S12b]') },
    ],
    PLT_APH_5D: [
      { parameter: 'plateletCount', min: 2.5e11, perWb200: false, ref: GB('单采血小板 ≥ 2.5×10¹¹/袋', 'verified') },
      { parameter: 'volumeMl', min: 250, max: 300, perWb200: false, ref: GB('单采血小板 5 d 保存 250–300 mL') },
    ],
    LR_PLT_APH_5D: [
      { parameter: 'plateletCount', min: 2.5e11, perWb200: false, ref: GB('单采血小板 ≥ 2.5×10¹¹/袋', 'verified') },
      { parameter: 'residualWbc', max: 5e6, perWb200: false, ref: GB('去白单采血小板 WBC ≤ 5×10⁶/袋') },
    ],
    FFP: [{ parameter: 'fviiiIuPerMl', min: 0.7, perWb200: false, ref: GB('新鲜冰冻血浆 FVIII ≥ 0.7 IU/mL') }],
    VI_FFP: [{ parameter: 'fviiiIuPerMl', min: 0.5, perWb200: false, ref: GB('病毒灭活新鲜冰冻血浆 FVIII ≥ 0.5 IU/mL') }],
    CRYO: [
      { parameter: 'fibrinogenMg', min: 75, perWb200: true, ref: GB('冷沉淀 纤维蛋白原 ≥ 75 mg (400 mL: 150 mg)', 'verified', '[S13f]') },
      { parameter: 'fviiiIu', min: 40, perWb200: true, ref: GB('冷沉淀 FVIII ≥ 40 IU (400 mL: 80 IU)', 'verified', '[S13f]') },
    ],
  },
};

export const QC_SPECS_REGISTRY = createRuleRegistry('qc-specs', [QC_SPECS_GB18469_2012]);

export interface QcCheck {
  readonly parameter: QcParameter;
  readonly value: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly pass: boolean;
  readonly clause: string;
}

/**
 * Checks QC sampling measurements of one unit against its specification, scaling per-200 mL limits by the source
 * whole-blood volume.
 *
 * @param productId - catalogue product id
 * @param sourceWholeBloodMl - 200, 300 or 400 (the donation volume); apheresis products ignore it
 * @param measurements - measured values (units per {@link QC_UNITS})
 * @returns one check per measured parameter that has a specification, `passed` false if any fails, and parameters
 *   measured without a specification (`unspecified`)
 * @throws DomainError `VALIDATION` for a non-finite value or an unknown parameter
 * @see GB 18469-2012; china-blood-service-rules.md §2.4
 */
export function evaluateQc(productId: string, sourceWholeBloodMl: number, measurements: Partial<Record<QcParameter, number>>,
  ruleSet: RuleSet<Readonly<Record<string, readonly QcSpec[]>>> = QC_SPECS_GB18469_2012) {
  const errors = Object.entries(measurements)
    .filter(([k, v]) => !(QC_PARAMETERS as readonly string[]).includes(k) || typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    .map(([k]) => ({ field: `measurements.${k}`, code: 'QC_VALUE', message: `${k} 须为非负数值 / ${k} must be a non-negative number` }));
  if (errors.length) throw validationError(errors, { zh: '质控数据无效', en: 'invalid QC data' });
  const factor = sourceWholeBloodMl / 200;
  const specs = ruleSet.data[productId] ?? [];
  const checks: QcCheck[] = [];
  for (const s of specs) {
    const value = measurements[s.parameter];
    if (value === undefined) continue;
    const f = s.perWb200 ? factor : 1;
    let min = s.min !== undefined ? s.min * f : null;
    let max = s.max !== undefined ? s.max * f : null;
    if (s.nominalPerWb200 !== undefined) {
      min = s.nominalPerWb200 * f * (1 - (s.tolerance ?? 0));
      max = s.nominalPerWb200 * f * (1 + (s.tolerance ?? 0));
    }
    const pass = (min === null || value >= min - 1e-9) && (max === null || value <= max + 1e-9);
    checks.push({ parameter: s.parameter, value, min, max, pass, clause: s.ref.clause ?? '' });
  }
  const unspecified = (Object.keys(measurements) as QcParameter[]).filter((k) => !specs.some((s) => s.parameter === k));
  return { passed: checks.every((c) => c.pass), checks, unspecified, ruleSetId: ruleSet.id };
}
