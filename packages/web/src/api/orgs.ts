import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ItemsOnly, Org } from './types';

export function useOrgs(enabled = true) {
  return useQuery({
    queryKey: ['orgs'],
    queryFn: () => api<ItemsOnly<Org>>('/orgs'),
    staleTime: 10 * 60_000,
    enabled,
    select: (d) => d.items,
  });
}
