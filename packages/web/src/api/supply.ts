/** Emergency supply, inventory alerts and the national snapshot (issue #5). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ReserveTargetBasis } from '@redbridge/domain/supply';
import type { AboGroup, AlertLevel, ComponentClass, Page, RhD } from './types';

export type SourceTier = 'hospital_reserve' | 'storage_point' | 'station';
export interface EmergencyLine { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number; issuedQuantity?: number; remaining?: number }
export interface EmergencyCall { id: number; callNo: number; calledAt: string; callerName: string | null; note: string | null; lines: EmergencyLine[] }
export interface EmergencyIssued {
  id: number; callId: number; unitId: number; din: string; abo: AboGroup; rhd: RhD; sourceTier: SourceTier; sourceOrgId: number; sourceOrgName: string;
  componentClass: ComponentClass; quantity: number; issuedAt: string;
}
export interface EmergencyContact { id: number; level: number | null; kind: string; at: string; contactName: string | null; channel: string | null; note: string | null }
export interface Emergency {
  id: number; requestNumber: string; status: string; hospitalOrgId: number; hospitalName: string; storagePointOrgId: number | null; storagePointName: string | null;
  patientName: string; patientAbo: AboGroup; patientRhd: RhD; diagnosis: string | null; openedAt: string; phoneConfirmedAt: string | null;
  phoneConfirmedWith: string | null; firstIssueAt: string | null; paperworkDueAt: string | null; paperworkCompletedAt: string | null;
  paperworkFormNumber: string | null; paperworkOverdue: boolean; commLevel: number; commLevelCalledAt: string | null; commAckAt: string | null;
  planActivatedAt: string | null; transportStatus: string | null; reviewedAt: string | null; closedAt: string | null; elapsedMinutes: number;
  calls: EmergencyCall[]; issued: EmergencyIssued[]; contacts: EmergencyContact[];
  totalsBySource: { sourceTier: SourceTier; byClass: { componentClass: ComponentClass; quantity: number }[] }[];
}

export function useEmergencies(status: string | undefined) {
  return useQuery({
    queryKey: ['emergencies', status ?? null],
    queryFn: ({ signal }) => api<Page<Emergency>>('/emergencies', { query: { status, pageSize: 50 }, signal }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}

export function useEmergencyAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<Emergency>(path, { method: 'POST', body: body ?? {} }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['emergencies'] }); },
  });
}

export interface LevelRow {
  componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number; units: number; awaitingQuantity: number; avgDailyUse: number;
  days: number | null; level: AlertLevel; recordedLevel: AlertLevel; since: string | null; cutPercent: number;
}
export interface Levels {
  asOf: string; ruleSetId: string; rows: LevelRow[];
  thresholds: { greenMinDays: number; yellowBelowDays: number; orangeBelowDays: number; redBelowDays: number; allocationCutPercent: Record<AlertLevel, number> };
}
export function useAlertLevels() {
  return useQuery({ queryKey: ['alert-levels'], queryFn: ({ signal }) => api<Levels>('/alerts/levels', { signal }), refetchInterval: 60_000 });
}
export interface AlertChange {
  id: number; componentClass: ComponentClass; abo: AboGroup; rhd: RhD; fromLevel: AlertLevel | null; toLevel: AlertLevel; days: number | null;
  quantity: number; avgDailyUse: number; at: string; ruleSetId: string; actions: { kind: string; details: Record<string, unknown> | null; at: string }[];
}
export function useAlertHistory(params: { page: number; pageSize: number; componentClass?: string; abo?: string }) {
  return useQuery({ queryKey: ['alert-history', params], queryFn: ({ signal }) => api<Page<AlertChange>>('/alerts/history', { query: params, signal }), placeholderData: keepPreviousData });
}
export interface InboxItem { id: number; createdAt: string; readAt: string | null; componentClass: ComponentClass; abo: AboGroup; rhd: RhD; fromLevel: AlertLevel | null; toLevel: AlertLevel; days: number | null; at: string }
export function useAlertInbox(enabled: boolean) {
  return useQuery({ queryKey: ['alert-inbox'], queryFn: ({ signal }) => api<Page<InboxItem> & { unread: number }>('/alerts/inbox', { query: { pageSize: 50 }, signal }), enabled, refetchInterval: 60_000 });
}
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api(`/alerts/inbox/${id}/read`, { method: 'POST' }), onSuccess: () => { void qc.invalidateQueries({ queryKey: ['alert-inbox'] }); } });
}
export interface TrendRow { day: string; abo: AboGroup; rhd: RhD; quantity: number; days: number | null; avgDailyUse: number; level: AlertLevel }
export function useTrend(componentClass: ComponentClass, days: number) {
  return useQuery({ queryKey: ['alert-trend', componentClass, days], queryFn: ({ signal }) => api<{ rows: TrendRow[] }>('/alerts/trend', { query: { componentClass, days }, signal }) });
}
export interface NationalSnapshot { day: string; takenAt: string | null; rows: { abo: AboGroup; rhd: RhD; componentClass: ComponentClass; awaitingTestU: number; qualifiedU: number }[] }
export function useNationalSnapshot(day: string, enabled: boolean) {
  return useQuery({ queryKey: ['national-snapshot', day], queryFn: ({ signal }) => api<NationalSnapshot>('/alerts/snapshot/national', { query: { day }, signal }), enabled });
}
export function useSupplyMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => api<unknown>(path, { method: 'POST' }),
    onSuccess: () => { for (const k of ['alert-levels', 'alert-history', 'alert-trend', 'national-snapshot']) void qc.invalidateQueries({ queryKey: [k] }); },
  });
}

export interface ReserveRow { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number; avgDailyUse: number; days: number | null; level: AlertLevel; target: number; gap: number; surplus: number;
  /** Which reserve rule set the target: days of use, the station's RhD− floor, or RhD− held at the station only. */
  targetRule: ReserveTargetBasis }
export interface ReserveNode { orgId: number; name: string; type: string; parentId: number | null; tier: 'station' | 'storage_point' | 'hospital'; targetDays: number; rows: ReserveRow[]; gapTypes: number }
export function useReserve() {
  return useQuery({ queryKey: ['reserve'], queryFn: ({ signal }) => api<{ nodes: ReserveNode[]; targetDays: Record<string, number>; windowDays: number; ruleSetId: string }>('/reserve', { signal }) });
}
export interface Proposal { kind: 'replenish' | 'near_expiry'; fromOrgId: number; fromName: string; toOrgId: number; toName: string; componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number; unitIds?: number[]; reason: string }
export function useProposals(enabled: boolean) {
  return useQuery({ queryKey: ['reserve-proposals'], queryFn: ({ signal }) => api<{ items: Proposal[] }>('/reserve/proposals', { signal }), enabled });
}
export function useTransfer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: Proposal) => api<{ moved: number }>('/reserve/transfers', { method: 'POST', body: {
      fromOrgId: p.fromOrgId, toOrgId: p.toOrgId, componentClass: p.componentClass, abo: p.abo, rhd: p.rhd, quantity: p.quantity, unitIds: p.unitIds,
      reason: p.kind === 'near_expiry' ? 'near_expiry' : 'replenish' } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['reserve'] }); void qc.invalidateQueries({ queryKey: ['reserve-proposals'] }); },
  });
}
