import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page, Trace, TransfuseInput, Unit, UnitFilter } from './types';

export function useUnits(params: UnitFilter, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['units', params],
    queryFn: ({ signal }) => api<Page<Unit>>('/units', { query: params, signal }),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** Every unit matching a filter (for CSV export), 200 per request, capped at maxRows. */
export async function fetchAllUnits(filter: UnitFilter, maxRows = 20_000): Promise<{ items: Unit[]; total: number; totalIsLowerBound: boolean }> {
  const pageSize = 200;
  const items: Unit[] = [];
  let total = 0;
  let lowerBound = false;
  for (let page = 1; ; page++) {
    const res = await api<Page<Unit>>('/units', { query: { ...filter, page, pageSize } });
    total = res.total;
    lowerBound = res.totalIsLowerBound ?? false;
    items.push(...res.items);
    if (res.items.length < pageSize || (!lowerBound && items.length >= total) || items.length >= maxRows) break;
  }
  return { items, total, totalIsLowerBound: lowerBound };
}

export function useTrace(din: string | undefined) {
  return useQuery({
    queryKey: ['trace', din],
    queryFn: ({ signal }) => api<Trace>(`/trace/${encodeURIComponent(din!)}`, { signal }),
    enabled: !!din,
  });
}

export function useTransfuseUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, input }: { unitId: string; input: TransfuseInput }) =>
      api<Unit>(`/units/${encodeURIComponent(unitId)}/transfuse`, { method: 'POST', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['units'] });
      void qc.invalidateQueries({ queryKey: ['order'] });
      void qc.invalidateQueries({ queryKey: ['trace'] });
      void qc.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}
