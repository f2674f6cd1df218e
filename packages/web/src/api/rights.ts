/** Donor rights API: blood-fee exemption (血费直免, claims, ledger, statistics) and honours (cards, award cycles). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { useInvalidatingMutation, usePagedQuery } from './hooks';
import type { Page, PageParams } from './types';

export type Relation = 'self' | 'spouse' | 'parent' | 'child' | 'sibling' | 'grandparent' | 'spouse_parent';
export const RELATION_VALUES: readonly Relation[] = ['self', 'spouse', 'parent', 'child', 'sibling', 'grandparent', 'spouse_parent'];

export interface EntitlementReason { code: string; message: string }
export interface Entitlement {
  donorId: number;
  donorNumber: string;
  donorName: string;
  relation: Relation;
  familyRelationId: number | null;
  pool: 'self' | 'family';
  usedMl: number;
  unlimited: boolean;
  entitledMl: number | null;
  remainingMl: number | null;
  rule: string;
  province: string;
  reasons: EntitlementReason[];
}
export interface PatientTransfusion {
  id: number;
  transfusedAt: string;
  patientName: string;
  din: string;
  productId: string;
  componentClass: string;
  volumeMl: number;
  quantity: number;
  quantityUnit: string;
}
export interface PatientLookup {
  idNumberMasked: string;
  patientName: string | null;
  onDate: string;
  entitlements: Entitlement[];
  transfusions: PatientTransfusion[];
}
export interface FeeLineInput { transfusionId?: number | null; item: string; volumeMl: number; amountFen: number }
export interface DeductionResult {
  id: number;
  beneficiaryName: string;
  relation: Relation;
  volumeMl: number;
  amountFen: number;
  billedFen: number;
  unlimited: boolean;
  remainingAfterMl: number | null;
  rule: string;
}
export interface Deduction {
  id: number;
  donorId: number;
  donorName: string;
  donorNumber: string;
  relation: Relation;
  beneficiaryName: string;
  beneficiaryIdNumberMasked: string;
  kind: 'direct' | 'claim' | 'cross_province';
  hospitalName: string;
  volumeMl: number;
  amountFen: number;
  billedFen: number;
  unlimited: boolean;
  remainingAfterMl: number | null;
  createdAt: string;
}
export interface StatRow { count: number; amountFen: number; volumeMl: number; people: number }
export interface BenefitStatistics {
  totals: StatRow;
  byMonth: (StatRow & { month: string })[];
  byHospital: (StatRow & { hospitalName: string })[];
  byRelation: (StatRow & { relation: Relation })[];
  byKind: (StatRow & { kind: string })[];
  byAmountBand: (StatRow & { band: string })[];
}
export type ClaimStatus = 'submitted' | 'approved' | 'rejected' | 'paid';
export interface Claim {
  id: number;
  claimNumber: string;
  donorId: number;
  donorName: string;
  donorNumber: string;
  relation: Relation;
  beneficiaryName: string;
  beneficiaryIdNumberMasked: string;
  channel: 'online' | 'window' | 'cross_province';
  originStation: string | null;
  originProvince: string | null;
  hospitalName: string;
  usedOn: string;
  volumeMl: number;
  invoiceFen: number;
  invoiceNo: string | null;
  invoiceDocumentId: number | null;
  proofDocumentId: number | null;
  status: ClaimStatus;
  reviewNote: string | null;
  approvedMl: number | null;
  approvedFen: number | null;
  paymentReference: string | null;
  createdAt: string;
}
export interface DocumentInput { kind: 'relationship' | 'invoice' | 'id_card' | 'certificate' | 'other'; fileName: string; mediaType: string; contentBase64: string }
export interface FamilyRelation {
  id: number;
  donorId: number;
  donorName: string;
  relation: Relation;
  relativeName: string;
  relativeIdNumberMasked: string;
  status: 'pending' | 'verified' | 'rejected';
  proofDocumentId: number | null;
  createdAt: string;
}

export function usePatientLookup(idNumber: string | undefined) {
  return useQuery({
    queryKey: ['benefits', 'lookup', idNumber],
    queryFn: ({ signal }) => api<PatientLookup>('/benefits/lookup', { query: { idNumber }, signal }),
    enabled: !!idNumber,
    retry: false,
  });
}

export function useRecordDeduction() {
  return useInvalidatingMutation((body: { idNumber: string; donorId: number; relation: Relation; lines: FeeLineInput[] }) =>
      api<DeductionResult>('/benefits/deductions', { method: 'POST', body }), ['benefits']);
}

export function useDeductions(params: PageParams & { kind?: string; relation?: string; from?: string; to?: string }) {
  return usePagedQuery<Deduction>(['benefits', 'deductions'], '/benefits/deductions', params);
}

export function useBenefitStatistics(params: { from?: string; to?: string }) {
  return useQuery({
    queryKey: ['benefits', 'statistics', params],
    queryFn: ({ signal }) => api<BenefitStatistics>('/benefits/statistics', { query: params, signal }),
  });
}

export function useClaims(params: PageParams & { status?: string; channel?: string }) {
  return usePagedQuery<Claim>(['benefits', 'claims'], '/benefits/claims', params);
}

export function useSubmitClaim() {
  return useInvalidatingMutation((body: Record<string, unknown>) => api<{ id: number; claimNumber: string }>('/benefits/claims', { method: 'POST', body }), ['benefits']);
}

export function useReviewClaim() {
  return useInvalidatingMutation(({ id, ...body }: { id: number; decision: 'approved' | 'rejected'; note: string }) =>
      api<{ status: string; approvedMl: number; approvedFen: number }>(`/benefits/claims/${id}/review`, { method: 'POST', body }), ['benefits']);
}

export function usePayClaim() {
  return useInvalidatingMutation(({ id, paymentReference }: { id: number; paymentReference: string }) =>
      api<{ status: string }>(`/benefits/claims/${id}/pay`, { method: 'POST', body: { paymentReference } }), ['benefits']);
}

export function useRelations(params: PageParams & { status?: string }) {
  return usePagedQuery<FamilyRelation>(['benefits', 'relations'], '/benefits/relations', params);
}

export function useAddRelation() {
  return useInvalidatingMutation((body: { donorId: number; relation: Relation; relativeName: string; relativeIdNumber: string; proof?: DocumentInput | null; verify?: boolean }) =>
      api<FamilyRelation>('/benefits/relations', { method: 'POST', body }), ['benefits']);
}

export function useReviewRelation() {
  return useInvalidatingMutation(({ id, ...body }: { id: number; decision: 'verified' | 'rejected'; reason: string }) =>
      api<{ status: string }>(`/benefits/relations/${id}/review`, { method: 'POST', body }), ['benefits']);
}

/** Reads a browser File as base64 (no data: prefix). */
export async function fileToBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}

// ---- Honours ------------------------------------------------------------------------------------------

export type AwardLevel = 'bronze' | 'silver' | 'gold' | 'lifetime';
export interface HonourCard {
  id: number;
  donorId: number;
  donorName: string;
  donorNumber: string;
  cardNumber: string;
  status: 'active' | 'suspended' | 'revoked';
  issuedOn: string;
  statusReason: string | null;
}
export interface AwardCycle {
  id: number;
  name: string;
  cycleStart: string;
  cycleEnd: string;
  status: 'open' | 'finalised';
  ruleSetId: string;
  evaluatedAt: string | null;
  candidates: number;
}
export interface AwardCandidate {
  id: number;
  donorId: number;
  donorNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string;
  abo: string | null;
  rhd: string | null;
  level: AwardLevel;
  count: number;
  totalCount: number;
}

export function useHonourCards(params: PageParams & { status?: string; q?: string }) {
  return usePagedQuery<HonourCard>(['honours', 'cards'], '/honour-cards', params);
}

export function useIssueHonourCard() {
  return useInvalidatingMutation((body: { donorId: number; reason: string }) => api<{ cardNumber: string }>('/honour-cards', { method: 'POST', body }), ['honours']);
}

export function useSetHonourCardStatus() {
  return useInvalidatingMutation(({ id, ...body }: { id: number; status: HonourCard['status']; reason: string }) =>
      api<{ status: string }>(`/honour-cards/${id}/status`, { method: 'POST', body }), ['honours']);
}

export function useAwardCycles() {
  return useQuery({ queryKey: ['honours', 'cycles'], queryFn: ({ signal }) => api<AwardCycle[]>('/award-cycles', { signal }) });
}

export function useEvaluateCycle() {
  return useInvalidatingMutation((body: { name: string; cycleStart: string; cycleEnd: string }) =>
      api<{ id: number; evaluated: number; candidates: number; byLevel: Record<AwardLevel, number> }>('/award-cycles', { method: 'POST', body }), ['honours']);
}

export function useFinaliseCycle() {
  return useInvalidatingMutation(({ id, reason }: { id: number; reason: string }) => api<{ awards: number }>(`/award-cycles/${id}/finalise`, { method: 'POST', body: { reason } }), ['honours']);
}

export function useAwardCandidates(cycleId: number | undefined, params: PageParams & { level?: string }) {
  return useQuery({
    queryKey: ['honours', 'candidates', cycleId, params],
    queryFn: ({ signal }) => api<Page<AwardCandidate> & { byLevel: Partial<Record<AwardLevel, number>> }>(`/award-cycles/${cycleId}/candidates`, { query: params, signal }),
    enabled: cycleId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const exportUrl = (cycleId: number, format: 'xlsx' | 'csv') => `/api/award-cycles/${cycleId}/export?format=${format}`;

/** Fen → "¥1,234.50". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
