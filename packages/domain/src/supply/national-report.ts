import type { RuleRef, RuleSet } from '../rules/rule-set.ts';

/** Conversions to U for the national daily inventory report (全国血液管理信息系统). */
export interface NationalReportUnits {
  /** ml of plasma per reported U. */
  readonly plasmaMlPerU: number;
  /** Reported U per apheresis therapeutic dose. */
  readonly plateletUPerDose: number;
  readonly ref: RuleRef;
}

/**
 * Plasma 100 ml = 1 U (from 200 ml whole blood); one apheresis dose = 10 U of manual platelets.
 * @see china-it-standards.md §7 R63–R64 (daily snapshot by ABO/RhD × 红细胞/血小板/血浆/冷沉淀 × 待检/合格 in U)
 */
export const NATIONAL_REPORT_UNITS_DEFAULT: RuleSet<NationalReportUnits> = {
  id: 'national-report-units:NHC-2025',
  family: 'national-report-units',
  source: '全国血液管理信息系统 reporting practice',
  version: '2025',
  effectiveFrom: '2025-01-01T00:00:00+08:00',
  clauses: [{ ref: 'R63–R64', summary: 'Daily inventory snapshot in U' }],
  data: {
    plasmaMlPerU: 100,
    plateletUPerDose: 10,
    ref: { source: 'common station statistics', version: '2025', clause: '血浆 100 ml = 1 U; 机采血小板 1 治疗量 = 10 U', evidence: 'best_knowledge' },
  },
};

/**
 * Reported U of a stock quantity.
 * @param componentClass - red_cells / cryo (already U), plasma (ml), platelets (doses)
 * @param quantity - stock in the class's own unit
 */
export function reportUnits(componentClass: string, quantity: number, units: NationalReportUnits = NATIONAL_REPORT_UNITS_DEFAULT.data): number {
  if (componentClass === 'plasma') return Math.round((quantity / units.plasmaMlPerU) * 100) / 100;
  if (componentClass === 'platelets') return quantity * units.plateletUPerDose;
  return quantity;
}
