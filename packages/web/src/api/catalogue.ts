import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ItemsOnly, Product } from './types';

export function useProducts() {
  return useQuery({
    queryKey: ['products'],
    queryFn: () => api<ItemsOnly<Product>>('/catalogue/products'),
    staleTime: 60 * 60_000,
    select: (d) => d.items,
  });
}
