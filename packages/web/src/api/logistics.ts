/**
 * Hooks for issue 5 (second half): reader events, regional transfers, transport and cold chain, hospital blood bank,
 * forward / backward trace.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

export interface ReaderRead {
  id: number; readerCode: string; readerName: string; location: string; eventType: string; tag: string; din: string | null;
  productCode: string | null; unitId: number | null; outcome: string; tempC: number | null; readAt: string; receivedAt: string;
}
export interface UnitEventRow {
  id: number; unitId: number | null; din: string; dinDisplay: string; dinCheck: string; type: string; at: string; actor: string | null;
  orgName: string | null; fromStatus: string | null; toStatus: string | null; details: Record<string, unknown> | null;
}
export interface Reader { id: number; code: string; name: string; orgName: string; location: string; eventType: string; active: boolean }

export function useReaderReads(q: { page: number; pageSize: number; outcome?: string }) {
  return useQuery({ queryKey: ['reader-reads', q], queryFn: ({ signal }) => api<Page<ReaderRead>>('/readers/reads', { query: q, signal }), placeholderData: keepPreviousData, refetchInterval: 15_000 });
}
export function useReaders() {
  return useQuery({ queryKey: ['readers'], queryFn: ({ signal }) => api<Reader[]>('/readers', { signal }) });
}
export function useUnitEvents(q: { page: number; pageSize: number; type?: string }) {
  return useQuery({ queryKey: ['unit-events', q], queryFn: ({ signal }) => api<Page<UnitEventRow>>('/unit-events', { query: q, signal }), placeholderData: keepPreviousData });
}

// ---- regional
export interface StockRow { componentClass: string; abo: string; rhd: string; units: number; quantity: number; quantityUnit: string; avgDailyIssue: number; daysOfSupply: number | null }
export interface StationPosition { stationCode: string; stationName: string; asOf: string | null; rows: StockRow[]; reachable: boolean; error: string | null; self: boolean }
export interface TransferLine { componentClass: string; abo: string; rhd: string; quantity: number }
export interface Transfer {
  id: number; transferKey: string; transferNumber: string; side: 'requester' | 'supplier'; peerCode: string; peerName: string | null; status: string;
  lines: TransferLine[]; reason: string | null; urgency: string; decisionNote: string | null; receiptTempC: number | null; requestedAt: string;
  approvedAt: string | null; shippedAt: string | null; receivedAt: string | null; manifestUnits: number;
  manifest: { din: string; productCode: string; abo: string; rhd: string; expiresAt: string; quantity: number; quantityUnit: string }[];
  units?: { id: number; unitId: number | null; din: string; productCode: string; status: string | null }[];
}
export interface Peer { id: number; code: string; name: string; baseUrl: string; active: boolean }

export function useRegionalStock() {
  return useQuery({ queryKey: ['regional-stock'], queryFn: ({ signal }) => api<{ stations: StationPosition[] }>('/regional/stock', { signal }), refetchInterval: 60_000 });
}
export function usePeers() {
  return useQuery({ queryKey: ['peers'], queryFn: ({ signal }) => api<Peer[]>('/peers', { signal }) });
}
export function useTransfers() {
  return useQuery({ queryKey: ['transfers'], queryFn: ({ signal }) => api<Transfer[]>('/transfers', { signal }), refetchInterval: 30_000 });
}
export function useTransferAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<Transfer>(path, { method: 'POST', body: body ?? {} }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['transfers'] });
      void qc.invalidateQueries({ queryKey: ['regional-stock'] });
    },
  });
}

// ---- transport and cold chain
export interface ShipmentScan { id: number; step: string; at: string; tempC: number; tempOk: boolean; partyName: string | null; location: string | null }
export interface Shipment {
  id: number; shipmentNumber: string; mode: 'delivery' | 'pickup' | 'combined'; orderId: number | null; orderNumber: string | null; toName: string | null;
  componentClass: string; vehiclePlate: string | null; boxCode: string | null; carrierName: string | null; status: string; createdAt: string;
  departedAt: string | null; deliveredAt: string | null; scans: ShipmentScan[]; lastStep: string | null; lastTempC: number | null; lastAt: string | null; tempExcursion: boolean;
}
export interface ColdDevice {
  id: number; code: string; name: string; kind: string; componentClass: string; orgName: string; location: string | null; minC: number | null; maxC: number | null;
  lastReadingAt: string | null; lastTempC: number | null; lastInRange: boolean | null; overdue: boolean; openAlarms: number;
}
export interface DeviceReadings {
  device: { id: number; code: string; name: string }; minC: number | null; maxC: number | null; ref: { source: string; clause?: string };
  from: string; to: string; readings: { at: string; tempC: number; source: string; inRange: boolean }[]; gaps: { from: string; to: string; hours: number; open: boolean }[];
}
export interface ColdAlarm { id: number; deviceCode: string; deviceName: string; kind: string; openedAt: string; closedAt: string | null; tempC: number | null; detail: string | null; acknowledgedAt: string | null; ackNote: string | null }
export interface Vehicle { id: number; code: string; plate: string }

export function useShipments() {
  return useQuery({ queryKey: ['shipments'], queryFn: ({ signal }) => api<Shipment[]>('/shipments', { signal }), refetchInterval: 15_000 });
}
export function useVehicles(enabled = true) {
  return useQuery({ queryKey: ['vehicles'], queryFn: ({ signal }) => api<Vehicle[]>('/vehicles', { signal }), enabled });
}
export function useColdDevices() {
  return useQuery({ queryKey: ['cold-devices'], queryFn: ({ signal }) => api<ColdDevice[]>('/cold-devices', { signal }), refetchInterval: 60_000 });
}
export function useDeviceReadings(id: number | undefined) {
  return useQuery({ queryKey: ['cold-readings', id], queryFn: ({ signal }) => api<DeviceReadings>(`/cold-devices/${id}/readings`, { signal }), enabled: !!id });
}
export function useColdAlarms() {
  return useQuery({ queryKey: ['cold-alarms'], queryFn: ({ signal }) => api<ColdAlarm[]>('/cold-alarms', { signal }), refetchInterval: 60_000 });
}
/** Any POST that changes transport or cold-chain state; refreshes every list of this area. */
export function useLogisticsAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<unknown>(path, { method: 'POST', body: body ?? {} }),
    onSuccess: () => {
      for (const key of ['shipments', 'cold-devices', 'cold-readings', 'cold-alarms', 'vehicles', 'units', 'bloodbank']) void qc.invalidateQueries({ queryKey: [key] });
    },
  });
}

// ---- hospital blood bank
export interface BloodBankRecord {
  unit: { id: number; din: string; componentClass: string; abo: string | null; rhd: string | null; status: string; expiresAt: string };
  crossmatchRequired: boolean;
  crossmatches: { id: number; patientName: string; sampleAt: string; method: string; major: string; minor: string; at: string; reviewedByName: string | null }[];
  wardIssue: { id: number; ward: string; bed: string | null; patientName: string; issuerCredential: string; collectorCredential: string; at: string } | null;
  transfusion: { id: number; patientName: string; transfusedAt: string } | null;
  reactions: { id: number; category: string; severity: string }[];
}
export function useBloodBankRecord(unitId: number | undefined) {
  return useQuery({ queryKey: ['bloodbank', unitId], queryFn: ({ signal }) => api<BloodBankRecord>(`/bloodbank/units/${unitId}`, { signal }), enabled: !!unitId });
}

// ---- trace
export interface ForwardTrace {
  donor: { donorNumber: string; nameMasked: string; idNumberMasked: string; abo: string | null; rhd: string | null };
  donations: { id: number; din: string; dinDisplay: string; collectedAt: string; status: string; volumeMl: number;
    units: { id: number; din: string; productNameZh: string; productNameEn: string; abo: string | null; rhd: string | null; status: string; locationOrgName: string;
      transfusion: { hospitalName: string; patientMasked: string; ward: string | null; transfusedAt: string } | null;
      transferredTo: { peerCode: string; transferNumber: string } | null }[] }[];
}
export interface BackwardTrace {
  items: { transfusion: { id: number; transfusedAt: string; patientMasked: string; ward: string | null; hospitalName: string; patientAbo: string; patientRhd: string };
    unit: { id: number; din: string; dinDisplay: string; productNameZh: string; productNameEn: string; abo: string | null; rhd: string | null };
    source: { kind: 'donation'; donorNumber: string | null; donationStatus: string | null } | { kind: 'peer_station'; stationCode: string; stationName: string | null; donorNumber: string | null; transferNumber: string | null } }[];
}
export function useForwardTrace(donorNumber: string | undefined) {
  return useQuery({ queryKey: ['trace-forward', donorNumber], queryFn: ({ signal }) => api<ForwardTrace>(`/trace/donor/${encodeURIComponent(donorNumber!)}`, { signal }), enabled: !!donorNumber });
}
export function useBackwardTrace(patientName: string | undefined) {
  return useQuery({ queryKey: ['trace-back', patientName], queryFn: ({ signal }) => api<BackwardTrace>('/trace/back', { query: { patientName }, signal }), enabled: !!patientName });
}
