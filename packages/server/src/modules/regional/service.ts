/**
 * Regional transfers between peer stations (区域联动, e.g. the 荆州–荆门–宜昌 agreement, seed 004: "当任何一方出现血液急需需求时,
 * 另两方为需求方提供必要的补充调剂"). Each station runs its own RedBridge and database; they talk over the signed peer
 * API (peer-auth.ts).
 *
 * Flow: the requester files a request (local row `side = requester`, pushed to the supplier) → the supplier approves
 * (reserves units FEFO, identical ABO/RhD only) or rejects → ships (units leave its stock: `transfer_out` events, status
 * `issued`; the manifest is pushed to the requester) → the requester receives (creates the units from the manifest with
 * the original DIN, product code and expiry; `transfer_in` + `receipt` events; `unit_origin` keeps the source) and tells
 * the supplier. Every push is idempotent on `transfer_key` and can be resent.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { IDENTICAL_ONLY, compatibleDonorGroups } from '@redbridge/domain/abo-rh';
import { allocateFefo, type StockUnit } from '@redbridge/domain/allocation';
import { assertIssuable } from '@redbridge/domain/lifecycle';
import { COLD_CHAIN_REGISTRY, checkTransportTemp } from '@redbridge/domain/logistics';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { auditLog, bloodUnit, organisation, peerNonce, peerStation, regionalTransfer, transferUnit, unitOrigin } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, forbidden, notFound } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { stockAt } from '../inventory/service.ts';
import { emitStockArrived } from './hooks.ts';
import { signPeerRequest, verifyPeerSignature, type SignedHeaders } from './peer-auth.ts';

export interface TransferLine { componentClass: ComponentClass; abo: AboGroup; rhd: RhD; quantity: number }

/** One unit on a shipment manifest: what the receiving station needs to hold it with its original identity. */
export interface ManifestUnit {
  din: string; productId: string; productCode: string; splitCode: string; componentClass: string; abo: string; rhd: string;
  volumeMl: number; quantity: number; quantityUnit: string; collectedAt: string; preparedAt: string; expiresAt: string; donorNumber: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Peers and transport

export async function listPeers(db: Db, user: SessionUser) {
  return db.select({ id: peerStation.id, code: peerStation.code, name: peerStation.name, baseUrl: peerStation.baseUrl, active: peerStation.active })
    .from(peerStation).where(eq(peerStation.stationId, user.stationId)).orderBy(asc(peerStation.code));
}

/** Adds or updates a peer (station admin). The secret is write-only: never returned. */
export async function upsertPeer(db: Db, ctx: ActionContext, input: { code: string; name: string; baseUrl: string; secret: string; active?: boolean }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(peerStation).values({ stationId: ctx.user.stationId, code: input.code, name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''),
      secret: input.secret, active: input.active ?? true, createdAt: ctx.now })
      .onConflictDoUpdate({ target: [peerStation.stationId, peerStation.code], set: { name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''), secret: input.secret, active: input.active ?? true } })
      .returning({ id: peerStation.id });
    await recordAudit(tx, ctx, { action: 'peer.upsert', entityType: 'peer_station', entityId: row.id, after: { code: input.code, name: input.name, baseUrl: input.baseUrl, active: input.active ?? true } });
    return { id: row.id, code: input.code, name: input.name, baseUrl: input.baseUrl, active: input.active ?? true };
  });
}

async function peerByCode(db: DbOrTx, stationId: number, code: string) {
  const [p] = await db.select().from(peerStation).where(and(eq(peerStation.stationId, stationId), eq(peerStation.code, code), eq(peerStation.active, true)));
  if (!p) throw new AppError(422, 'VALIDATION', bilingual('未配置该协作血站', 'Unknown peer station'), [{ pointer: '/peerCode', code: 'unknown_peer', message: bilingual('未配置该协作血站', 'Unknown peer station') }]);
  return p;
}

export const peerUnreachable = (name: string, detail: string) =>
  new AppError(502, 'PEER_UNREACHABLE', bilingual(`协作血站 ${name} 无法访问：${detail}`, `Peer station ${name} unreachable: ${detail}`));

/** Signed call to a peer; returns the parsed JSON or throws `PEER_UNREACHABLE` (502). Timeout 5 s. */
export async function callPeer<T = unknown>(peer: typeof peerStation.$inferSelect, ownCode: string, method: 'GET' | 'POST', path: string, body?: unknown, now = new Date()): Promise<T> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = { ...signPeerRequest({ method, path, body: text, senderCode: ownCode, secret: peer.secret, now }) };
  if (text) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(peer.baseUrl + path, { method, headers, body: text || undefined, signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw peerUnreachable(peer.name, (error as Error).message);
  }
  const payload = await res.text();
  if (!res.ok) throw peerUnreachable(peer.name, `HTTP ${res.status} ${payload.slice(0, 200)}`);
  return (payload ? JSON.parse(payload) : null) as T;
}

/**
 * Authenticates a signed peer request: known active peer, valid signature, fresh timestamp, unused nonce (recorded).
 * @throws 401 `PEER_UNAUTHENTICATED`
 */
export async function authenticatePeer(db: Db, input: { method: string; path: string; rawBody: string; headers: Partial<SignedHeaders>; now: Date }) {
  const fail = (why: string) => new AppError(401, 'PEER_UNAUTHENTICATED', bilingual(`协作血站认证失败（${why}）`, `Peer authentication failed (${why})`));
  const code = input.headers['x-rb-peer'];
  if (!code || !/^[A-Z0-9]{5}$/.test(code)) throw fail('peer');
  const peers = await db.select().from(peerStation).where(and(eq(peerStation.code, code), eq(peerStation.active, true)));
  const peer = peers.find((p) => verifyPeerSignature({ method: input.method, path: input.path, body: input.rawBody, headers: input.headers, secret: p.secret, now: input.now }).ok);
  if (!peer) {
    const reason = peers[0] ? (verifyPeerSignature({ method: input.method, path: input.path, body: input.rawBody, headers: input.headers, secret: peers[0].secret, now: input.now }) as { reason: string }).reason : 'peer';
    throw fail(reason);
  }
  const fresh = await db.insert(peerNonce).values({ stationId: peer.stationId, peerCode: code, nonce: input.headers['x-rb-nonce']!, at: input.now })
    .onConflictDoNothing().returning({ nonce: peerNonce.nonce });
  if (!fresh[0]) throw fail('replay');
  return peer;
}

async function stationOrg(db: DbOrTx, stationId: number) {
  const [org] = await db.select({ id: organisation.id, name: organisation.name }).from(organisation)
    .where(and(eq(organisation.id, stationId), eq(organisation.type, 'station')));
  if (!org) throw notFound('Station', '血站');
  return org;
}

/** The synthetic user peer requests act as (for stock queries scoped to the station). */
async function stationSystemUser(db: DbOrTx, stationId: number): Promise<SessionUser> {
  const org = await stationOrg(db, stationId);
  return { id: 0, username: 'peer', displayName: 'peer', role: 'station_admin', orgId: org.id, orgName: org.name, orgType: 'station', stationId };
}

async function peerAudit(tx: DbOrTx, stationId: number, peerCode: string, now: Date, action: string, entityId: number, after: unknown) {
  await tx.insert(auditLog).values({ stationId, at: now, actorId: null, actorName: `peer:${peerCode}`, action, entityType: 'regional_transfer', entityId: String(entityId), after });
}

// ---------------------------------------------------------------------------------------------------------------
// Stock positions

/** This station's published stock position (red cells, platelets, plasma, cryo × ABO/RhD with days of supply). */
export async function ownStockPosition(db: Db, stationId: number, ownCode: string, now: Date) {
  const user = await stationSystemUser(db, stationId);
  const stock = await stockAt(db, user, user.orgId, now);
  return {
    stationCode: ownCode, stationName: user.orgName, asOf: now,
    rows: stock.rows.map((r) => ({ componentClass: r.componentClass, abo: r.abo, rhd: r.rhd, units: r.units, quantity: r.quantity,
      quantityUnit: r.quantityUnit, avgDailyIssue: r.avgDailyIssue, daysOfSupply: r.daysOfSupply })),
  };
}
export type StockPosition = Awaited<ReturnType<typeof ownStockPosition>>;

/**
 * Provincial / regional view: this station's position and every active peer's, fetched live (signed); a peer that does
 * not answer is listed with its error instead of numbers.
 */
export async function regionalStock(db: Db, ctx: ActionContext) {
  const own = await ownStockPosition(db, ctx.user.stationId, ctx.stationCode, ctx.now);
  const peers = await db.select().from(peerStation).where(and(eq(peerStation.stationId, ctx.user.stationId), eq(peerStation.active, true))).orderBy(asc(peerStation.code));
  const others = await Promise.all(peers.map(async (p) => {
    try {
      const pos = await callPeer<StockPosition>(p, ctx.stationCode, 'GET', '/api/peer/v1/stock', undefined, ctx.now);
      return { ...pos, stationCode: p.code, stationName: p.name, reachable: true, error: null as string | null };
    } catch (error) {
      return { stationCode: p.code, stationName: p.name, asOf: null, rows: [], reachable: false, error: (error as Error).message };
    }
  }));
  return { stations: [{ ...own, reachable: true, error: null as string | null, self: true }, ...others.map((o) => ({ ...o, self: false }))] };
}

// ---------------------------------------------------------------------------------------------------------------
// Transfers (local side)

const transferColumns = {
  id: regionalTransfer.id, transferKey: regionalTransfer.transferKey, transferNumber: regionalTransfer.transferNumber, side: regionalTransfer.side,
  peerCode: regionalTransfer.peerCode, peerName: peerStation.name, status: regionalTransfer.status, lines: regionalTransfer.lines, reason: regionalTransfer.reason,
  urgency: regionalTransfer.urgency, decisionNote: regionalTransfer.decisionNote, receiptTempC: regionalTransfer.receiptTempC,
  requestedAt: regionalTransfer.requestedAt, approvedAt: regionalTransfer.approvedAt, shippedAt: regionalTransfer.shippedAt, receivedAt: regionalTransfer.receivedAt,
  manifest: regionalTransfer.manifest,
};

function stationOnly(user: SessionUser) {
  if (user.orgType !== 'station') throw forbidden();
}

export async function listTransfers(db: Db, user: SessionUser, q: { status?: string }) {
  stationOnly(user);
  const conds = [eq(regionalTransfer.stationId, user.stationId)];
  if (q.status) conds.push(inArray(regionalTransfer.status, q.status.split(',')));
  const rows = await db.select(transferColumns).from(regionalTransfer)
    .leftJoin(peerStation, and(eq(peerStation.stationId, regionalTransfer.stationId), eq(peerStation.code, regionalTransfer.peerCode)))
    .where(and(...conds)).orderBy(desc(regionalTransfer.id)).limit(200);
  return rows.map(present);
}

function present<T extends { manifest: unknown }>(r: T) {
  const manifest = (r.manifest ?? []) as ManifestUnit[];
  return { ...r, manifest, manifestUnits: manifest.length };
}

export async function getTransfer(db: DbOrTx, user: SessionUser, id: number) {
  stationOnly(user);
  const rows = await db.select(transferColumns).from(regionalTransfer)
    .leftJoin(peerStation, and(eq(peerStation.stationId, regionalTransfer.stationId), eq(peerStation.code, regionalTransfer.peerCode)))
    .where(and(eq(regionalTransfer.id, id), eq(regionalTransfer.stationId, user.stationId)));
  if (!rows[0]) throw notFound('Transfer', '调剂单');
  const units = await db.select({ id: transferUnit.id, unitId: transferUnit.unitId, din: transferUnit.din, productCode: transferUnit.productCode, status: bloodUnit.status })
    .from(transferUnit).leftJoin(bloodUnit, eq(bloodUnit.id, transferUnit.unitId)).where(eq(transferUnit.transferId, id)).orderBy(asc(transferUnit.id));
  return { ...present(rows[0]), units };
}

async function lockTransfer(tx: Tx, user: SessionUser, id: number) {
  const [t] = await tx.select().from(regionalTransfer).where(and(eq(regionalTransfer.id, id), eq(regionalTransfer.stationId, user.stationId))).for('update');
  if (!t) throw notFound('Transfer', '调剂单');
  return t;
}

const transferNumber = (code: string, at: Date, key: string) => `TJ${code}${shanghaiDate(at).replace(/-/g, '')}${key.slice(0, 6).toUpperCase()}`;

/** The requester files a transfer request with a peer (pushed at once; 502 if the peer does not answer, then cancelled). */
export async function requestTransfer(db: Db, ctx: ActionContext, input: { peerCode: string; lines: TransferLine[]; reason?: string | null; urgency: 'routine' | 'emergency' }) {
  stationOnly(ctx.user);
  const peer = await peerByCode(db, ctx.user.stationId, input.peerCode);
  const key = crypto.randomUUID();
  const number = transferNumber(ctx.stationCode, ctx.now, key);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx.insert(regionalTransfer).values({
      stationId: ctx.user.stationId, transferKey: key, transferNumber: number, side: 'requester', peerCode: peer.code, status: 'requested',
      lines: input.lines, reason: input.reason ?? null, urgency: input.urgency, requestedAt: ctx.now, createdBy: ctx.user.id, updatedAt: ctx.now,
    }).returning({ id: regionalTransfer.id });
    await recordAudit(tx, ctx, { action: 'transfer.request', entityType: 'regional_transfer', entityId: row.id, reason: input.reason ?? null, after: { number, ...input } });
    return row.id;
  });
  try {
    await callPeer(peer, ctx.stationCode, 'POST', '/api/peer/v1/transfers', {
      transferKey: key, transferNumber: number, lines: input.lines, reason: input.reason ?? null, urgency: input.urgency, requestedAt: ctx.now.toISOString(),
    }, ctx.now);
  } catch (error) {
    await db.transaction(async (tx) => {
      await tx.update(regionalTransfer).set({ status: 'cancelled', decisionNote: '对方未收到申请 / not delivered to the peer', updatedAt: ctx.now }).where(eq(regionalTransfer.id, created));
      await recordAudit(tx, ctx, { action: 'transfer.cancel', entityType: 'regional_transfer', entityId: created, reason: (error as Error).message });
    });
    throw error;
  }
  return getTransfer(db, ctx.user, created);
}

/**
 * The supplier approves: reserves units FEFO for each line, identical ABO/RhD only (a transfer never substitutes),
 * never an unreleased, expired or recalled unit. Partial fills are allowed and shown.
 */
export async function approveTransfer(db: Db, ctx: ActionContext, id: number, note?: string | null) {
  stationOnly(ctx.user);
  return db.transaction(async (tx) => {
    const t = await lockTransfer(tx, ctx.user, id);
    if (t.side !== 'supplier' || t.status !== 'requested') throw conflict('只有待审批的来调申请可以批准', 'Only a requested incoming transfer can be approved', 'INVALID_TRANSITION');
    const org = await stationOrg(tx, ctx.user.stationId);
    const picked: number[] = [];
    for (const line of t.lines) {
      const groups = compatibleDonorGroups(line.componentClass as ComponentClass, { abo: line.abo as AboGroup, rhd: line.rhd as RhD }, IDENTICAL_ONLY);
      const rows = await tx.select().from(bloodUnit).where(and(eq(bloodUnit.stationId, ctx.user.stationId), eq(bloodUnit.locationOrgId, org.id),
        eq(bloodUnit.status, 'available'), eq(bloodUnit.componentClass, line.componentClass), inArray(bloodUnit.abo, groups.map((g) => g.abo)),
        inArray(bloodUnit.rhd, groups.map((g) => g.rhd)))).orderBy(asc(bloodUnit.expiresAt), asc(bloodUnit.id)).limit(Math.ceil(line.quantity) + 50).for('update', { skipLocked: true });
      const stock: StockUnit[] = rows.filter((r) => !picked.includes(r.id)).map((r) => ({ ...r, id: String(r.id), componentClass: r.componentClass as ComponentClass,
        abo: r.abo as AboGroup, rhd: r.rhd as RhD, status: r.status as never }));
      const result = allocateFefo({ lines: [{ lineId: 'l', componentClass: line.componentClass as ComponentClass, recipient: { abo: line.abo as AboGroup, rhd: line.rhd as RhD }, quantity: line.quantity }],
        policy: IDENTICAL_ONLY, now: ctx.now }, stock);
      picked.push(...result.lines.flatMap((l) => l.unitIds.map(Number)));
    }
    if (picked.length === 0) throw conflict('库存不足，无法调剂', 'No stock to transfer', 'INSUFFICIENT_STOCK');
    const units = await tx.update(bloodUnit).set({ status: 'reserved', updatedAt: ctx.now })
      .where(and(inArray(bloodUnit.id, picked), eq(bloodUnit.status, 'available'))).returning();
    await tx.insert(transferUnit).values(units.map((u) => ({ stationId: ctx.user.stationId, transferId: id, unitId: u.id, din: u.din, productCode: u.productCode, splitCode: u.splitCode })));
    await recordUnitEvents(tx, ctx, units.map((u) => ({ unitId: u.id, donationId: u.donationId, din: u.din, type: 'reserve', fromStatus: 'available', toStatus: 'reserved',
      details: { transferId: id, transferNumber: t.transferNumber, peerCode: t.peerCode } })));
    await tx.update(regionalTransfer).set({ status: 'approved', approvedAt: ctx.now, decisionNote: note ?? null, updatedAt: ctx.now }).where(eq(regionalTransfer.id, id));
    await recordAudit(tx, ctx, { action: 'transfer.approve', entityType: 'regional_transfer', entityId: id, reason: note ?? null, after: { units: units.map((u) => u.id) } });
    return getTransfer(tx, ctx.user, id);
  });
}

export async function rejectTransfer(db: Db, ctx: ActionContext, id: number, note: string) {
  stationOnly(ctx.user);
  const t = await db.transaction(async (tx) => {
    const t = await lockTransfer(tx, ctx.user, id);
    if (t.side !== 'supplier' || t.status !== 'requested') throw conflict('只有待审批的来调申请可以拒绝', 'Only a requested incoming transfer can be rejected', 'INVALID_TRANSITION');
    await tx.update(regionalTransfer).set({ status: 'rejected', decisionNote: note, updatedAt: ctx.now }).where(eq(regionalTransfer.id, id));
    await recordAudit(tx, ctx, { action: 'transfer.reject', entityType: 'regional_transfer', entityId: id, reason: note });
    return t;
  });
  const peer = await peerByCode(db, ctx.user.stationId, t.peerCode);
  await callPeer(peer, ctx.stationCode, 'POST', `/api/peer/v1/transfers/${t.transferKey}/status`, { status: 'rejected', note }, ctx.now).catch(() => undefined);
  return getTransfer(db, ctx.user, id);
}

/**
 * The supplier ships the approved units: each passes the issue safety gate again, leaves stock (`issued`, events
 * `store_out` and `transfer_out`), and the manifest is pushed to the requester. If the push fails the shipment stands
 * and `resendTransfer` pushes it again (idempotent on the transfer key).
 */
export async function shipTransfer(db: Db, ctx: ActionContext, id: number, handover: { carrierName?: string | null; tempC?: number | null }) {
  stationOnly(ctx.user);
  const t = await db.transaction(async (tx) => {
    const t = await lockTransfer(tx, ctx.user, id);
    if (t.side !== 'supplier' || t.status !== 'approved') throw conflict('只有已批准的调剂可以发运', 'Only an approved transfer can be shipped', 'INVALID_TRANSITION');
    const units = await tx.select({ u: bloodUnit, donorNumber: sql<string | null>`(select d.donor_number from donation dn join donor d on d.id = dn.donor_id where dn.id = ${bloodUnit.donationId})` })
      .from(transferUnit).innerJoin(bloodUnit, eq(bloodUnit.id, transferUnit.unitId)).where(eq(transferUnit.transferId, id)).for('update', { of: bloodUnit });
    for (const { u } of units) {
      assertIssuable({ status: u.status as never, released: u.released, labelled: u.labelled, recalled: u.recalled, expiresAt: u.expiresAt }, ctx.now);
    }
    await tx.update(bloodUnit).set({ status: 'issued', updatedAt: ctx.now }).where(inArray(bloodUnit.id, units.map(({ u }) => u.id)));
    const manifest: ManifestUnit[] = units.map(({ u, donorNumber }) => ({
      din: u.din, productId: u.productId, productCode: u.productCode, splitCode: u.splitCode, componentClass: u.componentClass, abo: u.abo!, rhd: u.rhd!,
      volumeMl: u.volumeMl, quantity: u.quantity, quantityUnit: u.quantityUnit, collectedAt: u.collectedAt.toISOString(), preparedAt: u.preparedAt.toISOString(),
      expiresAt: u.expiresAt.toISOString(), donorNumber,
    }));
    const details = { transferId: id, transferNumber: t.transferNumber, peerCode: t.peerCode, carrierName: handover.carrierName ?? null, tempC: handover.tempC ?? null };
    await recordUnitEvents(tx, ctx, units.flatMap(({ u }) => [
      { unitId: u.id, donationId: u.donationId, din: u.din, type: 'store_out', fromStatus: u.status, toStatus: 'issued', details },
      { unitId: u.id, donationId: u.donationId, din: u.din, type: 'transfer_out', details },
    ]));
    await tx.update(regionalTransfer).set({ status: 'shipped', shippedAt: ctx.now, manifest, updatedAt: ctx.now }).where(eq(regionalTransfer.id, id));
    await recordAudit(tx, ctx, { action: 'transfer.ship', entityType: 'regional_transfer', entityId: id, after: { units: manifest.length, ...handover } });
    return { ...t, manifest, shippedAt: ctx.now };
  });
  await pushManifest(db, ctx, t).catch(() => undefined);
  return getTransfer(db, ctx.user, id);
}

async function pushManifest(db: Db, ctx: ActionContext, t: { peerCode: string; transferKey: string; manifest: unknown; shippedAt: Date | null }) {
  const peer = await peerByCode(db, ctx.user.stationId, t.peerCode);
  await callPeer(peer, ctx.stationCode, 'POST', `/api/peer/v1/transfers/${t.transferKey}/shipment`, { manifest: t.manifest, shippedAt: t.shippedAt?.toISOString() }, ctx.now);
}

/** Pushes a shipped transfer's manifest again (the requester ignores a repeat). */
export async function resendTransfer(db: Db, ctx: ActionContext, id: number) {
  const t = await getTransfer(db, ctx.user, id);
  if (t.side !== 'supplier' || (t.status !== 'shipped' && t.status !== 'received')) throw conflict('只有已发运的调剂可以重发', 'Only a shipped transfer can be resent', 'INVALID_TRANSITION');
  const [row] = await db.select().from(regionalTransfer).where(eq(regionalTransfer.id, id));
  await pushManifest(db, ctx, row);
  return t;
}

/**
 * The requester receives a shipped transfer: creates the units from the manifest with their original DIN, product
 * code and expiry, at this station, released and labelled as shipped. Transport temperature is checked per component
 * class (WS/T 400): units of a class out of range are quarantined, expired units recorded as expired. Then the
 * `onStockArrived` listeners run and the supplier is told.
 */
export async function receiveTransfer(db: Db, ctx: ActionContext, id: number, input: { tempC: number }) {
  stationOnly(ctx.user);
  const rules = COLD_CHAIN_REGISTRY.inForce(ctx.now).data;
  const result = await db.transaction(async (tx) => {
    const t = await lockTransfer(tx, ctx.user, id);
    if (t.side !== 'requester' || t.status !== 'shipped') throw conflict('只有已发运的调剂可以接收', 'Only a shipped transfer can be received', 'INVALID_TRANSITION');
    const org = await stationOrg(tx, ctx.user.stationId);
    const [peer] = await tx.select().from(peerStation).where(and(eq(peerStation.stationId, ctx.user.stationId), eq(peerStation.code, t.peerCode)));
    const manifest = (t.manifest ?? []) as ManifestUnit[];
    const created: (typeof bloodUnit.$inferSelect)[] = [];
    for (const m of manifest) {
      const tempOk = checkTransportTemp(rules, m.componentClass as ComponentClass, input.tempC).ok;
      const expired = new Date(m.expiresAt).getTime() <= ctx.now.getTime();
      const status = expired ? 'expired' : tempOk ? 'available' : 'quarantined';
      const [u] = await tx.insert(bloodUnit).values({
        stationId: ctx.user.stationId, din: m.din, donationId: null, productId: m.productId, productCode: m.productCode, splitCode: m.splitCode,
        componentClass: m.componentClass, abo: m.abo, rhd: m.rhd, volumeMl: m.volumeMl, quantity: m.quantity, quantityUnit: m.quantityUnit,
        status, released: true, labelled: true, recalled: false, locationOrgId: org.id, collectedAt: new Date(m.collectedAt), preparedAt: new Date(m.preparedAt),
        expiresAt: new Date(m.expiresAt), createdAt: ctx.now, updatedAt: ctx.now,
      }).onConflictDoNothing().returning();
      if (!u) throw conflict(`血袋 ${m.din} ${m.productCode} 已在本站存在`, `Unit ${m.din} ${m.productCode} already exists here`);
      created.push(u);
      await tx.insert(unitOrigin).values({ unitId: u.id, stationId: ctx.user.stationId, originStationCode: t.peerCode, originStationName: peer?.name ?? null, transferId: id, donorNumber: m.donorNumber });
      await tx.insert(transferUnit).values({ stationId: ctx.user.stationId, transferId: id, unitId: u.id, din: m.din, productCode: m.productCode, splitCode: m.splitCode });
      const details = { transferId: id, transferNumber: t.transferNumber, originStationCode: t.peerCode, tempC: input.tempC, tempOk };
      await recordUnitEvents(tx, ctx, [
        { unitId: u.id, din: u.din, type: 'transfer_in', toStatus: status, orgId: org.id, details },
        { unitId: u.id, din: u.din, type: 'receipt', toStatus: status, orgId: org.id, reason: expired ? 'expired on arrival' : tempOk ? null : 'transport temperature out of range', details },
        { unitId: u.id, din: u.din, type: 'store_in', toStatus: status, orgId: org.id, details: { transferId: id } },
      ]);
    }
    await tx.update(regionalTransfer).set({ status: 'received', receivedAt: ctx.now, receiptTempC: input.tempC, updatedAt: ctx.now }).where(eq(regionalTransfer.id, id));
    await recordAudit(tx, ctx, { action: 'transfer.receive', entityType: 'regional_transfer', entityId: id, after: { units: created.length, tempC: input.tempC,
      quarantined: created.filter((u) => u.status === 'quarantined').length, expired: created.filter((u) => u.status === 'expired').length } });
    return { t, orgId: org.id, created };
  });
  const available = result.created.filter((u) => u.status === 'available');
  const lines = new Map<string, { componentClass: string; abo: string; rhd: string; units: number; quantity: number }>();
  for (const u of available) {
    const k = `${u.componentClass}|${u.abo}|${u.rhd}`;
    const l = lines.get(k) ?? { componentClass: u.componentClass, abo: u.abo!, rhd: u.rhd!, units: 0, quantity: 0 };
    l.units += 1;
    l.quantity += u.quantity;
    lines.set(k, l);
  }
  await emitStockArrived({ stationId: ctx.user.stationId, orgId: result.orgId, at: ctx.now, source: 'regional_transfer', transferId: id, lines: [...lines.values()] }, db);
  const peer = await peerByCode(db, ctx.user.stationId, result.t.peerCode);
  await callPeer(peer, ctx.stationCode, 'POST', `/api/peer/v1/transfers/${result.t.transferKey}/status`, { status: 'received', tempC: input.tempC }, ctx.now).catch(() => undefined);
  return getTransfer(db, ctx.user, id);
}

// ---------------------------------------------------------------------------------------------------------------
// Transfers (peer side: called by the other station)

/** A peer files a request with us: a supplier-side row (a repeat of the same transfer key is ignored). */
export async function peerReceiveRequest(db: Db, peer: typeof peerStation.$inferSelect, now: Date,
  input: { transferKey: string; transferNumber: string; lines: TransferLine[]; reason?: string | null; urgency: 'routine' | 'emergency'; requestedAt: Date }) {
  return db.transaction(async (tx) => {
    const rows = await tx.insert(regionalTransfer).values({
      stationId: peer.stationId, transferKey: input.transferKey, transferNumber: input.transferNumber, side: 'supplier', peerCode: peer.code, status: 'requested',
      lines: input.lines, reason: input.reason ?? null, urgency: input.urgency, requestedAt: input.requestedAt, updatedAt: now,
    }).onConflictDoNothing().returning({ id: regionalTransfer.id });
    if (rows[0]) await peerAudit(tx, peer.stationId, peer.code, now, 'transfer.incoming', rows[0].id, input);
    return { accepted: true, duplicate: !rows[0] };
  });
}

async function peerTransfer(tx: Tx, peer: typeof peerStation.$inferSelect, key: string) {
  const [t] = await tx.select().from(regionalTransfer)
    .where(and(eq(regionalTransfer.stationId, peer.stationId), eq(regionalTransfer.transferKey, key), eq(regionalTransfer.peerCode, peer.code))).for('update');
  if (!t) throw notFound('Transfer', '调剂单');
  return t;
}

/** The supplier's manifest arrives at the requester: the transfer becomes `shipped` (a repeat is ignored). */
export async function peerReceiveShipment(db: Db, peer: typeof peerStation.$inferSelect, now: Date, key: string, input: { manifest: ManifestUnit[]; shippedAt?: Date }) {
  return db.transaction(async (tx) => {
    const t = await peerTransfer(tx, peer, key);
    if (t.side !== 'requester') throw conflict('调剂方向不符', 'Wrong transfer side', 'INVALID_TRANSITION');
    if (t.status === 'shipped' || t.status === 'received') return { accepted: true, duplicate: true };
    if (t.status !== 'requested') throw conflict('该调剂状态不能发运', `A transfer in status ${t.status} cannot be shipped`, 'INVALID_TRANSITION');
    await tx.update(regionalTransfer).set({ status: 'shipped', manifest: input.manifest, shippedAt: input.shippedAt ?? now, approvedAt: input.shippedAt ?? now, updatedAt: now })
      .where(eq(regionalTransfer.id, t.id));
    await peerAudit(tx, peer.stationId, peer.code, now, 'transfer.shipped_by_peer', t.id, { units: input.manifest.length });
    return { accepted: true, duplicate: false };
  });
}

/** The other side reports `rejected` (supplier → requester) or `received` (requester → supplier). */
export async function peerStatusUpdate(db: Db, peer: typeof peerStation.$inferSelect, now: Date, key: string, input: { status: 'rejected' | 'received'; note?: string | null; tempC?: number | null }) {
  return db.transaction(async (tx) => {
    const t = await peerTransfer(tx, peer, key);
    if (t.status === input.status) return { accepted: true, duplicate: true };
    const allowed = input.status === 'rejected' ? t.side === 'requester' && t.status === 'requested' : t.side === 'supplier' && t.status === 'shipped';
    if (!allowed) throw conflict('调剂状态不符', `Cannot mark a ${t.side} transfer in status ${t.status} as ${input.status}`, 'INVALID_TRANSITION');
    await tx.update(regionalTransfer).set({
      status: input.status, decisionNote: input.note ?? t.decisionNote, receivedAt: input.status === 'received' ? now : null,
      receiptTempC: input.tempC ?? null, updatedAt: now,
    }).where(eq(regionalTransfer.id, t.id));
    await peerAudit(tx, peer.stationId, peer.code, now, `transfer.${input.status}_by_peer`, t.id, input);
    return { accepted: true, duplicate: false };
  });
}

