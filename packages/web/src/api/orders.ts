import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { AllocationPolicy, CreateOrderInput, Order, OrderStatus, Page, PageParams } from './types';

export interface OrderSearch extends PageParams {
  status?: OrderStatus;
}

const path = (id: string) => `/orders/${encodeURIComponent(id)}`;

export function useOrders(params: OrderSearch, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['orders', params],
    queryFn: ({ signal }) => api<Page<Order>>('/orders', { query: params, signal }),
    placeholderData: keepPreviousData,
    ...options,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: ['order', id],
    queryFn: ({ signal }) => api<Order>(path(id!), { signal }),
    enabled: !!id,
  });
}

function afterChange(qc: QueryClient, order: Order) {
  // The detail query is keyed by the id from the URL (a string); the API sends the id as a number.
  const key = ['order', String(order.id)];
  qc.setQueryData(key, (old: Order | undefined) => ({ ...old, ...order }));
  void qc.invalidateQueries({ queryKey: key });
  void qc.invalidateQueries({ queryKey: ['orders'] });
  void qc.invalidateQueries({ queryKey: ['units'] });
  void qc.invalidateQueries({ queryKey: ['stock'] });
}

export function useCreateOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrderInput) => api<Order>('/orders', { method: 'POST', body: input }),
    onSuccess: (o) => afterChange(qc, o),
  });
}

export function useAllocateOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { policy?: AllocationPolicy }) => api<Order>(`${path(id)}/allocate`, { method: 'POST', body: input }),
    onSuccess: (o) => afterChange(qc, o),
  });
}

export function useIssueOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { handoverTo?: string; tempC?: number }) => api<Order>(`${path(id)}/issue`, { method: 'POST', body: input }),
    onSuccess: (o) => afterChange(qc, o),
  });
}

export function useReceiveOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { tempC?: number }) => api<Order>(`${path(id)}/receive`, { method: 'POST', body: input }),
    onSuccess: (o) => afterChange(qc, o),
  });
}
