import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditEntry, AuditFilter, Page } from './types';

export function useAudit(params: AuditFilter) {
  return useQuery({
    queryKey: ['audit', params],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/audit', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}
