/**
 * The Weifang emergency case of seed 003 (../shared/data/seed-scenarios.json, case `weifang-gi-bleed`): an O patient
 * with massive GI bleeding, three calls; by 09:00 the hospital had the seed's totals. The first call's amounts are
 * not in the seed: they are the totals minus the two stated calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/config.ts';

export interface WeifangCall { at: string; note?: string; rbcU?: number; plasmaMl?: number; cryoU?: number; plateletDoses?: number }

const scenarios = JSON.parse(fs.readFileSync(path.resolve(repoRoot, '../shared/data/seed-scenarios.json'), 'utf8'));
/** The case as the seed file states it. */
export const weifangCase = scenarios.emergencyCases.find((c: { id: string }) => c.id === 'weifang-gi-bleed');
/** Totals by 09:00: red cells (U), virus-inactivated frozen plasma (ml), cryo (U), platelets (doses). */
export const weifangTotals = { rbcU: weifangCase.totalsBy0900.rbcU as number, plasmaMl: weifangCase.totalsBy0900.virusInactivatedFrozenPlasmaMl as number,
  cryoU: weifangCase.totalsBy0900.cryoU as number, plateletDoses: weifangCase.totalsBy0900.plateletDoses as number };
const stated: WeifangCall[] = weifangCase.calls.filter((c: WeifangCall) => c.rbcU !== undefined);
const statedSum = (k: keyof typeof weifangTotals) => stated.reduce((s, c) => s + (c[k] ?? 0), 0);
/** The three calls, the first one derived (totals minus the stated calls). */
export const weifangCalls: WeifangCall[] = [
  { at: weifangCase.calls[0].at, rbcU: weifangTotals.rbcU - statedSum('rbcU'), plasmaMl: weifangTotals.plasmaMl - statedSum('plasmaMl'),
    cryoU: weifangTotals.cryoU - statedSum('cryoU'), plateletDoses: weifangTotals.plateletDoses - statedSum('plateletDoses') },
  ...stated,
];
/** The patient's group: the seed says "unspecified (treat as positive)". */
export const weifangPatient = { abo: 'O', rhd: 'POS' } as const;

/** Order or emergency-call lines of one call (classes with a quantity only). */
export function weifangLines(call: WeifangCall) {
  return ([['red_cells', call.rbcU], ['plasma', call.plasmaMl], ['cryo', call.cryoU], ['platelets', call.plateletDoses]] as const)
    .filter(([, q]) => (q ?? 0) > 0).map(([componentClass, quantity]) => ({ componentClass, ...weifangPatient, quantity: quantity as number }));
}
