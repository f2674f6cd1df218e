import type { AboGroup, ComponentClass, RhD, StockRow } from '../../api/types';

export interface GroupKey {
  abo: AboGroup;
  rhd: RhD;
}

/** Display order used by Chinese stock reports: A, B, O, AB; RhD+ before RhD−. */
export const GROUP_ORDER: GroupKey[] = (['A', 'B', 'O', 'AB'] as AboGroup[]).flatMap((abo) =>
  (['POS', 'NEG'] as RhD[]).map((rhd) => ({ abo, rhd })),
);

export const stockKey = (componentClass: ComponentClass, abo: AboGroup, rhd: RhD) => `${componentClass}|${abo}|${rhd}`;

export function indexRows(rows: StockRow[] | undefined): Map<string, StockRow> {
  const map = new Map<string, StockRow>();
  for (const r of rows ?? []) map.set(stockKey(r.componentClass, r.abo, r.rhd), r);
  return map;
}
