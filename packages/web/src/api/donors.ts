import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Donor, DonorDetail, Page, PageParams, RegisterDonorInput } from './types';

export interface DonorSearch extends PageParams {
  q?: string;
}

export function useDonors(params: DonorSearch, enabled = true) {
  return useQuery({
    queryKey: ['donors', params],
    queryFn: ({ signal }) => api<Page<Donor>>('/donors', { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDonor(id: string | undefined) {
  return useQuery({
    queryKey: ['donor', id],
    queryFn: ({ signal }) => api<DonorDetail>(`/donors/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
  });
}

export function useRegisterDonor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterDonorInput) => api<Donor>('/donors', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['donors'] }),
  });
}
