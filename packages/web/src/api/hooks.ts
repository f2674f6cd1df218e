/** Query-hook building blocks shared by the feature API modules. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

/** A paged list (`GET path?page&pageSize&…`), keeping the previous page on screen while the next loads. */
export function usePagedQuery<T, P extends object = object, Extra = unknown>(key: QueryKey, path: string, params: P, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...key, params],
    queryFn: ({ signal }) => api<Page<T> & Extra>(path, { query: params, signal }),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** A mutation that refreshes every query under `invalidate` (e.g. `['benefits']`) once it succeeds. */
export function useInvalidatingMutation<V, R>(mutationFn: (vars: V) => Promise<R>, invalidate: QueryKey) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => qc.invalidateQueries({ queryKey: invalidate }) });
}
