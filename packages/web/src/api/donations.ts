import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  DiscardInput,
  Donation,
  DonationStatus,
  Page,
  PageParams,
  RecordDonationInput,
  TestResultsInput,
  Unit,
} from './types';

export interface DonationSearch extends PageParams {
  status?: DonationStatus;
  q?: string;
}

const path = (din: string) => `/donations/${encodeURIComponent(din)}`;

export function useDonations(params: DonationSearch) {
  return useQuery({
    queryKey: ['donations', params],
    queryFn: ({ signal }) => api<Page<Donation>>('/donations', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDonation(din: string | undefined) {
  return useQuery({
    queryKey: ['donation', din],
    queryFn: ({ signal }) => api<Donation>(path(din!), { signal }),
    enabled: !!din,
  });
}

function afterChange(qc: QueryClient, donation: Donation | null, din: string) {
  if (donation) qc.setQueryData(['donation', din], (old: Donation | undefined) => ({ ...old, ...donation }));
  void qc.invalidateQueries({ queryKey: ['donation', din] });
  void qc.invalidateQueries({ queryKey: ['donations'] });
  void qc.invalidateQueries({ queryKey: ['donor'] });
  void qc.invalidateQueries({ queryKey: ['units'] });
  void qc.invalidateQueries({ queryKey: ['stock'] });
}

export function useRecordDonation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordDonationInput) => api<Donation>('/donations', { method: 'POST', body: input }),
    onSuccess: (d) => afterChange(qc, d, d.din),
  });
}

export function useSubmitTestResults(din: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TestResultsInput) => api<Donation>(`${path(din)}/test-results`, { method: 'POST', body: input }),
    onSuccess: (d) => afterChange(qc, d, din),
  });
}

export function useReleaseDonation(din: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Donation>(`${path(din)}/release`, { method: 'POST' }),
    onSuccess: (d) => afterChange(qc, d, din),
  });
}

export function useDiscardDonation(din: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DiscardInput) => api<Donation>(`${path(din)}/discard`, { method: 'POST', body: input }),
    onSuccess: (d) => afterChange(qc, d, din),
  });
}

export function useProcessDonation(din: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (products: string[]) => api<{ units: Unit[] }>(`${path(din)}/process`, { method: 'POST', body: { products } }),
    onSuccess: () => afterChange(qc, null, din),
  });
}
