/** Donor app (H5) API hooks: `/api/m/…` with the `rb_donor` cookie. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client';

export interface DonorMe {
  donor: { id: number; name: string; donorNumber: string; phoneMasked: string | null; abo: string | null; rhd: string | null; donationCount: number; totalVolumeMl: number; honours: { donations: number; nextMilestone: number | null } };
  next: MyAppointment | null;
  csrfToken: string;
}
export interface MyAppointment { id: number; status: string; donationType: string; day: string; startTime: string; endTime: string; siteName: string; place: string | null; groupBookingId: number | null }
export interface MSite { id: number; name: string; kind: 'fixed_house' | 'vehicle' | 'grid_point'; town: string | null; address: string | null; gridName: string | null; schedule: { weekday: number; town: string; place: string; startTime: string; endTime: string }[] }
export interface OpenSite { id: number; name: string; kind: string; town: string | null; address: string | null; periods: { start: string; end: string; place: string | null }[]; travelMinutes: number | null }
export interface Offer { days: { day: string; slots: { id: number; startTime: string; endTime: string; free: number; place: string | null }[] }[]; decisionToday: { eligible: boolean; eligibleFrom: string | null; reasons: { code: string; message: string }[] } | null }
export interface MyDonation { id: number; day: string; volumeMl: number; donationType: string; dinMasked: string; outcome: { code: string; zh: string; en: string }; whereItWent: { hospital: string; day: string | null; stage: 'transfused' | 'issued' }[] }
export interface Certificate { certificateNo: string; name: string; sex: string; abo: string | null; rhd: string | null; idNumberMasked: string; day: string; volumeMl: number; donationType: string; station: string; verification: string }
export interface Notice { id: number; kind: 'appeal' | 'notice'; title: string; body: string; publishedAt: string }

export function useDonorMe() {
  return useQuery({
    queryKey: ['m', 'me'],
    queryFn: async ({ signal }) => {
      const me = await api<DonorMe>('/m/me', { signal });
      setCsrfToken(me.csrfToken);
      return me;
    },
    retry: false,
  });
}
export const useMSites = () => useQuery({ queryKey: ['m', 'sites'], queryFn: ({ signal }) => api<MSite[]>('/m/sites', { signal }) });
export const useOpenSites = (pos: { lat: number; lon: number } | null) =>
  useQuery({ queryKey: ['m', 'open', pos], queryFn: ({ signal }) => api<OpenSite[]>('/m/sites/open', { signal, query: pos ?? {} }) });
export const useOffer = (siteId: number | undefined, donationType: string) =>
  useQuery({ queryKey: ['m', 'offer', siteId, donationType], queryFn: ({ signal }) => api<Offer>('/m/offer', { signal, query: { siteId, donationType, days: 7 } }), enabled: !!siteId });
export const useMyAppointments = () => useQuery({ queryKey: ['m', 'appointments'], queryFn: ({ signal }) => api<MyAppointment[]>('/m/appointments', { signal }) });
export const useMyDonations = () => useQuery({ queryKey: ['m', 'donations'], queryFn: ({ signal }) => api<MyDonation[]>('/m/donations', { signal }) });
export const useNotices = () => useQuery({ queryKey: ['m', 'notices'], queryFn: ({ signal }) => api<Notice[]>('/m/notices', { signal }) });
export interface MEntitlement { relation: string; pool: 'self' | 'family'; unlimited: boolean; entitledMl: number | null; remainingMl: number | null; usedMl: number; rule: string; ruleSetId: string; relativeName?: string }
export interface MBenefits {
  self: MEntitlement;
  family: MEntitlement[];
  deductions: { id: number; day: string; kind: 'direct' | 'claim' | 'cross_province'; relation: string; beneficiaryName: string; hospitalName: string; volumeMl: number; amountFen: number; unlimited: boolean }[];
}
export const useMyBenefits = () => useQuery({ queryKey: ['m', 'benefits'], queryFn: ({ signal }) => api<MBenefits>('/m/benefits', { signal }) });
export const fetchCertificate = (id: number) => api<Certificate>(`/m/donations/${id}/certificate`);

export function useRequestCode() {
  return useMutation({ mutationFn: (phone: string) => api<{ sent: boolean; retryAfterSeconds: number }>('/m/auth/code', { method: 'POST', body: { phone }, noCsrf: true }) });
}
export function useVerifyCode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { phone: string; code: string }) => api<{ csrfToken: string }>('/m/auth/verify', { method: 'POST', body: input, noCsrf: true }),
    onSuccess: (r) => { setCsrfToken(r.csrfToken); void qc.invalidateQueries({ queryKey: ['m'] }); },
  });
}
export function useDonorLogout() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api('/m/auth/logout', { method: 'POST', noCsrf: true }), onSuccess: () => qc.removeQueries({ queryKey: ['m'] }) });
}
export function useBook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { slotId: number; donationType?: string; groupBookingId?: number | null }) => api<MyAppointment & { id: number }>('/m/appointments', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['m'] }),
  });
}
export function useCancelMine() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api(`/m/appointments/${id}/cancel`, { method: 'POST' }), onSuccess: () => qc.invalidateQueries({ queryKey: ['m'] }) });
}
export interface GroupInput { organisationName: string; contactName: string; contactPhone: string; quota: number; day: string; siteId: number; startTime: string; endTime: string; place?: string }
export function useCreateGroup() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: GroupInput) => api<{ id: number; slotId: number; siteName: string; day: string }>('/m/group-bookings', { method: 'POST', body: input }), onSuccess: () => qc.invalidateQueries({ queryKey: ['m'] }) });
}
export function useOptOut() {
  return useMutation({ mutationFn: (optOut: boolean) => api('/m/recruitment-opt-out', { method: 'POST', body: { optOut } }) });
}
