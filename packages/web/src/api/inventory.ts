import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Stock } from './types';

export function useStock(orgId: string | undefined) {
  return useQuery({
    queryKey: ['stock', orgId ?? null],
    queryFn: ({ signal }) => api<Stock>('/inventory/stock', { query: { orgId }, signal }),
    refetchInterval: 60_000,
  });
}
