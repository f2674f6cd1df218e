/** Staff donor-service hooks: sites, slots, day sheet, appointments, group bookings, campaigns, coverage. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export interface Site { id: number; code: string; name: string; kind: 'fixed_house' | 'vehicle' | 'grid_point'; gridName: string | null; town: string | null; address: string | null; lat: number | null; lon: number | null; openingHours: Record<string, [string, string][]>; slotMinutes: number; slotCapacity: number; active: boolean; schedule: { id: number; weekday: number; town: string; place: string; startTime: string; endTime: string }[] }
export interface SheetAppointment { id: number; status: string; donorName: string; donorNumber: string; phone: string | null; abo: string | null; rhd: string | null; groupBookingId: number | null; channel: string }
export interface DaySheet { site: { id: number; name: string }; day: string; counts: Record<string, number>; groups: { id: number; organisationName: string; contactName: string; contactPhone: string; quota: number; place: string | null }[]; slots: { id: number; startTime: string; endTime: string; capacity: number; booked: number; free: number; place: string | null; appointments: SheetAppointment[] }[] }
export interface Campaign { id: number; abo: string; rhd: string; componentClass: string | null; reason: string; alertLevel: string | null; targetDate: string; size: number; quietDays: number; status: string; createdAt: string; funnel: { contacted: number; booked: number; donated: number } }
export interface Contact { rank: number; donorId: number; name: string; donorNumber: string; abo: string; rhd: string; probability: number; channel: string; status: string; siteName: string | null; travelMinutes: number | null }
export interface Coverage { rules: { roadFactor: number; speedKmh: number; circleMinutes: number; ruleSetId: string }; sites: { id: string; lat: number; lon: number }[]; points: { id: string; name: string; lat: number; lon: number; nearestSite: string | null; minutes: number | null; covered: boolean }[] }
export interface VisitProposal { town: string; day: string; bookings: number; totalMinutes: number; route: { lat: number; lon: number; minutes: number }[] }

export const useSites = () => useQuery({ queryKey: ['ds', 'sites'], queryFn: ({ signal }) => api<Site[]>('/sites', { signal }) });
export const useDaySheet = (siteId: number | undefined, day: string) =>
  useQuery({ queryKey: ['ds', 'sheet', siteId, day], queryFn: ({ signal }) => api<DaySheet>(`/sites/${siteId}/day-sheet`, { signal, query: { day } }), enabled: !!siteId });
export const useCampaigns = () => useQuery({ queryKey: ['ds', 'campaigns'], queryFn: ({ signal }) => api<Campaign[]>('/recruitment/campaigns', { signal }) });
export const useContacts = (id: number | undefined) =>
  useQuery({ queryKey: ['ds', 'contacts', id], queryFn: ({ signal }) => api<Contact[]>(`/recruitment/campaigns/${id}/contacts`, { signal }), enabled: !!id });
export const useCoverage = () => useQuery({ queryKey: ['ds', 'coverage'], queryFn: ({ signal }) => api<Coverage>('/coverage', { signal }) });
export const useProposals = (from: string, to: string) =>
  useQuery({ queryKey: ['ds', 'proposals', from, to], queryFn: ({ signal }) => api<VisitProposal[]>('/vehicle-visits/proposals', { signal, query: { from, to } }) });

export function useMoveAppointment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, move }: { id: number; move: 'check-in' | 'no-show' | 'cancel' }) => api(`/appointments/${id}/${move}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ds', 'sheet'] }),
  });
}
export function useStartCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { abo: string; rhd: string; targetDate: string; size?: number }) => api<Campaign & { contacts: Contact[] }>('/recruitment/campaigns', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ds', 'campaigns'] }),
  });
}

export interface AnswerCodes { ruleSetId: string; temporary: { code: string; zh: string; en: string }[]; permanent: { code: string; zh: string; en: string }[] }
export interface Predonation { id: number; donorId: number; day: string; decision: { eligible: boolean; eligibleFrom: string | null; reasons: { code: string; message: string; source: string }[]; ruleSetId: string }; signed: boolean; contentSha256: string | null; hashValid: boolean | null; consentText: string; signedAt: string | null }
export const useAnswerCodes = () => useQuery({ queryKey: ['ds', 'answer-codes'], queryFn: ({ signal }) => api<AnswerCodes>('/eligibility/answer-codes', { signal }), staleTime: Infinity });
export function useCreatePredonation() {
  return useMutation({ mutationFn: (input: { donorId: number; answers: { code: string; date?: string }[]; exam: Record<string, number> }) => api<Predonation>('/predonation', { method: 'POST', body: input }) });
}
export function useSignPredonation() {
  return useMutation({ mutationFn: ({ id, donorSignature }: { id: number; donorSignature: string }) => api<Predonation>(`/predonation/${id}/sign`, { method: 'POST', body: { donorSignature } }) });
}
