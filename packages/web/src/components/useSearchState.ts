import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export type SearchState = Record<string, string | undefined> & { page?: string; pageSize?: string };

/**
 * List filters and pagination kept in the URL (?status=…&page=2), so they survive reloads,
 * back/forward and can be shared. Changing a filter resets to page 1.
 */
export function useSearchState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();

  const state = useMemo(() => {
    const s = {} as Record<K, string | undefined>;
    for (const k of keys) s[k] = params.get(k) ?? undefined;
    return s;
  }, [params, keys.join(',')]);

  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));

  const setFilters = useCallback(
    (patch: Partial<Record<K, string | undefined | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [string, string | undefined | null][]) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const setPage = useCallback(
    (p: number, size?: number) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (p <= 1) next.delete('page');
          else next.set('page', String(p));
          if (size && size !== 20) next.set('pageSize', String(size));
          else if (size === 20) next.delete('pageSize');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);

  return { filters: state, page, pageSize, setFilters, setPage, reset };
}
