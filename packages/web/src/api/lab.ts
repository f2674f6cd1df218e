import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export interface LabEntryRow { id: number; kind: string; payload: Record<string, unknown>; source: string; runId: number | null; enteredAt: string; reason: string | null }
export interface LabReasonRow { item: string; code: string; message: string }
export interface LabDonation {
  din: string; donationId: number; status: string; testConclusion: 'qualified' | 'unqualified' | 'pending' | null;
  testReasons: LabReasonRow[] | null; testResults: { items?: { item: string; state: string; value?: string | number }[] } | null;
  abo: string | null; rhd: string | null; entries: LabEntryRow[]; holds: { id: number; reasonCode: string }[];
}
export interface LabRun { id: number; code: string; method: string; marker: string | null; round: number | null; instrument: string | null; plate: string | null; status: string; startedAt: string; operatorName: string; maker: string | null; lot: string | null; lotExpiresOn: string | null; results: number }
export interface AstmLogRow { id: number; receivedAt: string; channel: string; peer: string | null; status: string; frames: number; rejectedFrames: number; resultCount: number; error: string | null }
export interface NotificationRow { id: number; donorName: string; donorNumber: string; din: string; status: string; messageZh: string; messageEn: string; reasonCodes: string[]; createdAt: string }
export interface RecallRow {
  id: number; recallCode: string; trigger: string; reasonCodes: string[]; createdAt: string; unitId: number; din: string; action: string; statusBefore: string;
  productId: string; productNameZh: string; productNameEn: string; abo: string | null; rhd: string | null; unitStatus: string; expiresAt: string; disposition: string | null; dispositionNote: string | null; dispositionAt: string | null;
}
export interface LabelCheck { ok: boolean; problems: { code: string; message: string }[] }

export const useLabDonation = (din: string | undefined) =>
  useQuery({ queryKey: ['lab', 'donation', din], enabled: !!din, queryFn: ({ signal }) => api<LabDonation>(`/lab/donations/${encodeURIComponent(din!)}`, { signal }) });
export const useLabRuns = () => useQuery({ queryKey: ['lab', 'runs'], queryFn: ({ signal }) => api<LabRun[]>('/lab/runs', { signal }) });
export const useAstmLog = () => useQuery({ queryKey: ['lab', 'astm'], queryFn: ({ signal }) => api<AstmLogRow[]>('/lab/astm/messages', { signal }) });
export const useNotifications = () => useQuery({ queryKey: ['lab', 'notifications'], queryFn: ({ signal }) => api<NotificationRow[]>('/lab/notifications', { signal }) });
export const useRecalls = () => useQuery({ queryKey: ['recalls'], queryFn: ({ signal }) => api<RecallRow[]>('/recalls', { signal }) });

export function useResolveAbo(din: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { abo: string; rhd: string; reason: string }) => api<{ conclusion: string }>(`/lab/donations/${encodeURIComponent(din)}/abo-resolution`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lab'] }),
  });
}

export function useDisposition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; disposition: string; note?: string }) => api<{ id: number }>(`/recalls/units/${id}/disposition`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['recalls'] }),
  });
}

export function useVerifyLabel() {
  return useMutation({
    mutationFn: ({ unitId, ...body }: { unitId: number; din: string; product: string }) => api<LabelCheck>(`/labels/units/${unitId}/verify`, { method: 'POST', body }),
  });
}
