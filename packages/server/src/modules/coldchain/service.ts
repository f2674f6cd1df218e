/**
 * Transport and cold chain (R42; WS 399-2012 storage monitoring, WS/T 400 transport): cold-chain devices and their
 * temperature logs (at least every 4 h), out-of-range and missing-reading alarms, vehicles, and shipments by delivery
 * (送), pickup (取) or both (送取结合) with a handover scan and temperature at each step.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { COLD_CHAIN_REGISTRY, checkTransportTemp, findLogGaps, inRange } from '@redbridge/domain/logistics';
import type { ComponentClass } from '@redbridge/domain/types';
import type { Db, DbOrTx } from '../../db/client.ts';
import { bloodOrder, bloodUnit, coldAlarm, coldDevice, orderAllocation, organisation, shipment, shipmentScan, temperatureReading, vehicle } from '../../db/schema/index.ts';
import { recordAudit, recordUnitEvents } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';

const field = (pointer: string, zh: string, en: string) => new AppError(422, 'VALIDATION', bilingual(zh, en), [{ pointer, code: 'invalid', message: bilingual(zh, en) }]);

function scopeOrg(user: SessionUser) {
  return user.orgType === 'hospital' || user.orgType === 'storage_point' ? user.orgId : null;
}

/** The temperature range that applies to a device: transport range for boxes, storage range otherwise. */
export function deviceRange(d: { kind: string; componentClass: string }, now: Date) {
  const rules = COLD_CHAIN_REGISTRY.inForce(now).data;
  const r = d.kind === 'transport_box' ? rules.transport[d.componentClass as ComponentClass] : rules.storage[d.componentClass as ComponentClass];
  return { minC: r.minC ?? null, maxC: r.maxC ?? null, ref: r.ref, maxLogIntervalHours: rules.maxLogIntervalHours };
}

export async function createDevice(db: Db, ctx: ActionContext, input: { code: string; name: string; kind: string; componentClass: ComponentClass; orgId?: number; location?: string | null }) {
  const orgId = scopeOrg(ctx.user) ?? input.orgId ?? ctx.user.orgId;
  const [org] = await db.select({ id: organisation.id }).from(organisation).where(and(eq(organisation.id, orgId), eq(organisation.stationId, ctx.user.stationId)));
  if (!org) throw field('/orgId', '机构不存在', 'Unknown organisation');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(coldDevice).values({ stationId: ctx.user.stationId, code: input.code, name: input.name, kind: input.kind, componentClass: input.componentClass,
      orgId, location: input.location ?? null, createdAt: ctx.now }).onConflictDoNothing().returning();
    if (!row) throw new AppError(409, 'CONFLICT', bilingual('设备编码已存在', 'Device code already exists'), [{ pointer: '/code', code: 'duplicate', message: bilingual('编码重复', 'Duplicate code') }]);
    await recordAudit(tx, ctx, { action: 'cold_device.create', entityType: 'cold_device', entityId: row.id, after: input });
    return row;
  });
}

/** Devices with their range, last reading, open alarms and whether the log is overdue (no reading for > 4 h). */
export async function listDevices(db: Db, user: SessionUser, now: Date) {
  const org = scopeOrg(user);
  const conds = [eq(coldDevice.stationId, user.stationId)];
  if (org) conds.push(eq(coldDevice.orgId, org));
  const devices = await db.select({ d: coldDevice, orgName: organisation.name }).from(coldDevice).innerJoin(organisation, eq(organisation.id, coldDevice.orgId))
    .where(and(...conds)).orderBy(asc(coldDevice.code));
  if (devices.length === 0) return [];
  const ids = devices.map((x) => x.d.id);
  const [last, alarms] = await Promise.all([
    db.execute<{ device_id: number; at: Date; temp_c: number; in_range: boolean }>(sql`
      select distinct on (device_id) device_id, at, temp_c::float8 as temp_c, in_range from temperature_reading
      where device_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by device_id, at desc`),
    db.select({ deviceId: coldAlarm.deviceId, n: sql<number>`count(*)`.mapWith(Number) }).from(coldAlarm)
      .where(and(inArray(coldAlarm.deviceId, ids), isNull(coldAlarm.closedAt))).groupBy(coldAlarm.deviceId),
  ]);
  return devices.map(({ d, orgName }) => {
    const l = last.rows.find((r) => Number(r.device_id) === d.id);
    const range = deviceRange(d, now);
    const lastAt = l ? new Date(l.at) : null;
    return {
      id: d.id, code: d.code, name: d.name, kind: d.kind, componentClass: d.componentClass, orgId: d.orgId, orgName, location: d.location, active: d.active,
      minC: range.minC, maxC: range.maxC,
      lastReadingAt: lastAt, lastTempC: l ? Number(l.temp_c) : null, lastInRange: l ? l.in_range : null,
      overdue: d.active && d.kind !== 'transport_box' && (!lastAt || now.getTime() - lastAt.getTime() > range.maxLogIntervalHours * 3_600_000),
      openAlarms: alarms.find((a) => a.deviceId === d.id)?.n ?? 0,
    };
  });
}

async function loadDevice(db: DbOrTx, user: SessionUser, id: number) {
  const conds = [eq(coldDevice.id, id), eq(coldDevice.stationId, user.stationId)];
  const org = scopeOrg(user);
  if (org) conds.push(eq(coldDevice.orgId, org));
  const [d] = await db.select().from(coldDevice).where(and(...conds));
  if (!d) throw notFound('Device', '冷链设备');
  return d;
}

/**
 * Records a temperature reading (manual or automatic). Idempotent per device and time. An out-of-range reading opens
 * an `out_of_range` alarm (one open per device); a reading back in range closes it; any reading closes an open
 * `missing_reading` alarm.
 */
export async function recordReading(db: Db, ctx: ActionContext, deviceId: number, input: { tempC: number; at?: Date; source: 'manual' | 'auto' }) {
  const at = input.at ?? ctx.now;
  if (at.getTime() > ctx.now.getTime() + 5 * 60_000) throw field('/at', '读数时间不能晚于当前时间', 'Reading time is in the future');
  return db.transaction(async (tx) => {
    const d = await loadDevice(tx, ctx.user, deviceId);
    const range = deviceRange(d, at);
    const ok = inRange({ minC: range.minC ?? undefined, maxC: range.maxC ?? undefined, ref: range.ref }, input.tempC);
    const [row] = await tx.insert(temperatureReading).values({ stationId: ctx.user.stationId, deviceId, at, tempC: input.tempC, source: input.source, inRange: ok, recordedBy: ctx.user.id })
      .onConflictDoNothing().returning();
    if (!row) return { duplicate: true, inRange: ok, alarmOpened: false };
    let alarmOpened = false;
    if (!ok) {
      const opened = await tx.insert(coldAlarm).values({ stationId: ctx.user.stationId, deviceId, kind: 'out_of_range', openedAt: at, tempC: input.tempC,
        detail: `${input.tempC} °C; ${range.minC ?? '−∞'}–${range.maxC ?? '+∞'} °C (${range.ref.source} ${range.ref.clause ?? ''})` }).onConflictDoNothing().returning({ id: coldAlarm.id });
      alarmOpened = opened.length > 0;
    } else {
      await tx.update(coldAlarm).set({ closedAt: at }).where(and(eq(coldAlarm.deviceId, deviceId), eq(coldAlarm.kind, 'out_of_range'), isNull(coldAlarm.closedAt)));
    }
    await tx.update(coldAlarm).set({ closedAt: at }).where(and(eq(coldAlarm.deviceId, deviceId), eq(coldAlarm.kind, 'missing_reading'), isNull(coldAlarm.closedAt)));
    await recordAudit(tx, ctx, { action: 'cold_device.reading', entityType: 'cold_device', entityId: deviceId, after: { tempC: input.tempC, at, inRange: ok } });
    return { duplicate: false, inRange: ok, alarmOpened };
  });
}

/** Readings of one device in a window (default the last 7 days) with the gaps over the log interval. */
export async function deviceReadings(db: Db, user: SessionUser, deviceId: number, q: { from?: Date; to?: Date }, now: Date) {
  const d = await loadDevice(db, user, deviceId);
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - 7 * 86_400_000);
  const readings = await db.select({ at: temperatureReading.at, tempC: temperatureReading.tempC, source: temperatureReading.source, inRange: temperatureReading.inRange })
    .from(temperatureReading).where(and(eq(temperatureReading.deviceId, deviceId), sql`${temperatureReading.at} between ${from} and ${to}`)).orderBy(asc(temperatureReading.at)).limit(5000);
  const rules = COLD_CHAIN_REGISTRY.inForce(to).data;
  const range = deviceRange(d, to);
  return { device: { id: d.id, code: d.code, name: d.name, kind: d.kind, componentClass: d.componentClass }, minC: range.minC, maxC: range.maxC, ref: range.ref,
    from, to, readings, gaps: findLogGaps(rules, readings.map((r) => r.at), readings[0]?.at ?? from, to) }; // gaps counted from the first reading in the window
}

/**
 * Opens a `missing_reading` alarm for every active device whose last reading is older than the log interval
 * (WS 399: at least every 4 h). Transport boxes are logged by shipment scans and not checked here. Call from a
 * scheduler; idempotent (one open alarm per device).
 */
export async function scanMissingReadings(db: Db, stationId: number, now: Date) {
  const rules = COLD_CHAIN_REGISTRY.inForce(now).data;
  const cutoff = new Date(now.getTime() - rules.maxLogIntervalHours * 3_600_000);
  const stale = await db.execute<{ id: number; last_at: Date | null }>(sql`
    select d.id, max(r.at) as last_at from cold_device d left join temperature_reading r on r.device_id = d.id
    where d.station_id = ${stationId} and d.active and d.kind <> 'transport_box' group by d.id having max(r.at) is null or max(r.at) < ${cutoff}`);
  let opened = 0;
  for (const s of stale.rows) {
    const rows = await db.insert(coldAlarm).values({ stationId, deviceId: Number(s.id), kind: 'missing_reading', openedAt: now,
      detail: s.last_at ? `last reading ${new Date(s.last_at).toISOString()}` : 'no reading yet' }).onConflictDoNothing().returning({ id: coldAlarm.id });
    opened += rows.length;
  }
  return { checked: stale.rows.length, opened };
}

export async function listAlarms(db: Db, user: SessionUser, q: { open?: boolean }) {
  const conds = [eq(coldAlarm.stationId, user.stationId)];
  const org = scopeOrg(user);
  if (org) conds.push(eq(coldDevice.orgId, org));
  if (q.open) conds.push(isNull(coldAlarm.closedAt));
  return db.select({ id: coldAlarm.id, deviceId: coldAlarm.deviceId, deviceCode: coldDevice.code, deviceName: coldDevice.name, kind: coldAlarm.kind,
    openedAt: coldAlarm.openedAt, closedAt: coldAlarm.closedAt, tempC: coldAlarm.tempC, detail: coldAlarm.detail, acknowledgedAt: coldAlarm.acknowledgedAt, ackNote: coldAlarm.ackNote })
    .from(coldAlarm).innerJoin(coldDevice, eq(coldDevice.id, coldAlarm.deviceId)).where(and(...conds)).orderBy(desc(coldAlarm.openedAt)).limit(500);
}

export async function acknowledgeAlarm(db: Db, ctx: ActionContext, id: number, note: string) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select({ a: coldAlarm }).from(coldAlarm).innerJoin(coldDevice, eq(coldDevice.id, coldAlarm.deviceId))
      .where(and(eq(coldAlarm.id, id), eq(coldAlarm.stationId, ctx.user.stationId), scopeOrg(ctx.user) ? eq(coldDevice.orgId, ctx.user.orgId) : sql`true`)).for('update', { of: coldAlarm });
    if (!a) throw notFound('Alarm', '报警');
    if (a.a.acknowledgedAt) throw conflict('该报警已确认', 'Alarm already acknowledged', 'INVALID_TRANSITION');
    await tx.update(coldAlarm).set({ acknowledgedAt: ctx.now, acknowledgedBy: ctx.user.id, ackNote: note }).where(eq(coldAlarm.id, id));
    await recordAudit(tx, ctx, { action: 'cold_alarm.ack', entityType: 'cold_alarm', entityId: id, reason: note });
    return { id, acknowledgedAt: ctx.now };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Vehicles and shipments

export async function listVehicles(db: Db, user: SessionUser) {
  return db.select().from(vehicle).where(eq(vehicle.stationId, user.stationId)).orderBy(asc(vehicle.code));
}

export async function createVehicle(db: Db, ctx: ActionContext, input: { code: string; plate: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(vehicle).values({ stationId: ctx.user.stationId, code: input.code, plate: input.plate, orgId: ctx.user.orgId }).onConflictDoNothing().returning();
    if (!row) throw new AppError(409, 'CONFLICT', bilingual('车辆编码已存在', 'Vehicle code already exists'), [{ pointer: '/code', code: 'duplicate', message: bilingual('编码重复', 'Duplicate code') }]);
    await recordAudit(tx, ctx, { action: 'vehicle.create', entityType: 'vehicle', entityId: row.id, after: input });
    return row;
  });
}

export interface NewShipment {
  mode: 'delivery' | 'pickup' | 'combined';
  orderId?: number | null;
  toOrgId?: number | null;
  toName?: string | null;
  componentClass: ComponentClass;
  vehicleId?: number | null;
  boxDeviceId?: number | null;
  carrierName?: string | null;
}

/** Plans a shipment; for an order the destination is the ordering hospital. */
export async function createShipment(db: Db, ctx: ActionContext, input: NewShipment) {
  return db.transaction(async (tx) => {
    let toOrgId = input.toOrgId ?? null;
    if (input.orderId) {
      const [o] = await tx.select({ hospitalOrgId: bloodOrder.hospitalOrgId }).from(bloodOrder).where(and(eq(bloodOrder.id, input.orderId), eq(bloodOrder.stationId, ctx.user.stationId)));
      if (!o) throw field('/orderId', '订单不存在', 'Unknown order');
      toOrgId = o.hospitalOrgId;
    }
    if (!toOrgId && !input.toName) throw field('/toOrgId', '请指定目的地', 'Give a destination');
    if (input.vehicleId) {
      const [v] = await tx.select({ id: vehicle.id }).from(vehicle).where(and(eq(vehicle.id, input.vehicleId), eq(vehicle.stationId, ctx.user.stationId)));
      if (!v) throw field('/vehicleId', '车辆不存在', 'Unknown vehicle');
    }
    if (input.boxDeviceId) {
      const [b] = await tx.select({ id: coldDevice.id }).from(coldDevice).where(and(eq(coldDevice.id, input.boxDeviceId), eq(coldDevice.stationId, ctx.user.stationId), eq(coldDevice.kind, 'transport_box')));
      if (!b) throw field('/boxDeviceId', '运输箱不存在', 'Unknown transport box');
    }
    const [row] = await tx.insert(shipment).values({ stationId: ctx.user.stationId, shipmentNumber: 'pending', mode: input.mode, orderId: input.orderId ?? null,
      fromOrgId: ctx.user.orgId, toOrgId, toName: input.toName ?? null, componentClass: input.componentClass, vehicleId: input.vehicleId ?? null,
      boxDeviceId: input.boxDeviceId ?? null, carrierName: input.carrierName ?? null, status: 'planned', createdAt: ctx.now, createdBy: ctx.user.id }).returning({ id: shipment.id });
    const shipmentNumber = `YS${shanghaiDate(ctx.now).replace(/-/g, '')}${String(row.id).padStart(5, '0')}`;
    await tx.update(shipment).set({ shipmentNumber }).where(eq(shipment.id, row.id));
    await recordAudit(tx, ctx, { action: 'shipment.create', entityType: 'shipment', entityId: row.id, after: { shipmentNumber, ...input } });
    return getShipment(tx, ctx.user, row.id);
  });
}

const toOrg = sql`(select name from organisation o where o.id = ${shipment.toOrgId})`;

export async function listShipments(db: DbOrTx, user: SessionUser, q: { status?: string; orderId?: number }) {
  const conds = [eq(shipment.stationId, user.stationId)];
  if (scopeOrg(user)) conds.push(eq(shipment.toOrgId, user.orgId));
  if (q.status) conds.push(inArray(shipment.status, q.status.split(',')));
  if (q.orderId) conds.push(eq(shipment.orderId, q.orderId));
  const rows = await db.select({ id: shipment.id, shipmentNumber: shipment.shipmentNumber, mode: shipment.mode, orderId: shipment.orderId, orderNumber: bloodOrder.orderNumber,
    toOrgId: shipment.toOrgId, toName: sql<string | null>`coalesce(${toOrg}, ${shipment.toName})`, componentClass: shipment.componentClass,
    vehiclePlate: vehicle.plate, boxCode: coldDevice.code, carrierName: shipment.carrierName, status: shipment.status, createdAt: shipment.createdAt,
    departedAt: shipment.departedAt, deliveredAt: shipment.deliveredAt })
    .from(shipment).leftJoin(bloodOrder, eq(bloodOrder.id, shipment.orderId)).leftJoin(vehicle, eq(vehicle.id, shipment.vehicleId))
    .leftJoin(coldDevice, eq(coldDevice.id, shipment.boxDeviceId)).where(and(...conds)).orderBy(desc(shipment.id)).limit(300);
  if (rows.length === 0) return [];
  const scans = await db.select().from(shipmentScan).where(inArray(shipmentScan.shipmentId, rows.map((r) => r.id))).orderBy(asc(shipmentScan.at), asc(shipmentScan.id));
  return rows.map((r) => {
    const mine = scans.filter((s) => s.shipmentId === r.id);
    const last = mine[mine.length - 1];
    return { ...r, scans: mine.map(({ stationId: _s, shipmentId: _i, ...s }) => s), lastStep: last?.step ?? null, lastTempC: last?.tempC ?? null,
      lastAt: last?.at ?? null, tempExcursion: mine.some((s) => !s.tempOk) };
  });
}

export async function getShipment(db: DbOrTx, user: SessionUser, id: number) {
  const conds = [eq(shipment.id, id), eq(shipment.stationId, user.stationId)];
  const [s] = await db.select({ id: shipment.id }).from(shipment).where(and(...conds));
  if (!s) throw notFound('Shipment', '运输单');
  const [row] = (await listShipments(db, user, {})).filter((r) => r.id === id);
  if (!row) throw notFound('Shipment', '运输单');
  return row;
}

const NEXT_STATUS: Record<string, string> = { load: 'planned', depart: 'in_transit', handover: 'in_transit', arrive: 'in_transit', receive: 'delivered' };

/**
 * A handover scan at one step (load → depart → handover → arrive → receive) with the box temperature, checked against
 * the WS/T 400 range of the shipment's component class. The scan is kept either way; an excursion is flagged and,
 * for an order, written on each unit as a `transport` / `handover` / `receipt`-step event.
 */
export async function scanShipment(db: Db, ctx: ActionContext, id: number, input: { step: 'load' | 'depart' | 'handover' | 'arrive' | 'receive'; tempC: number; partyName?: string | null; location?: string | null; at?: Date }) {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(shipment).where(and(eq(shipment.id, id), eq(shipment.stationId, ctx.user.stationId))).for('update');
    if (!s) throw notFound('Shipment', '运输单');
    if (scopeOrg(ctx.user) && s.toOrgId !== ctx.user.orgId) throw notFound('Shipment', '运输单');
    if (s.status === 'delivered' || s.status === 'cancelled') throw conflict('运输单已结束', 'The shipment is closed', 'INVALID_TRANSITION');
    const rules = COLD_CHAIN_REGISTRY.inForce(ctx.now).data;
    const check = checkTransportTemp(rules, s.componentClass as ComponentClass, input.tempC);
    const at = input.at ?? ctx.now;
    await tx.insert(shipmentScan).values({ stationId: ctx.user.stationId, shipmentId: id, step: input.step, at, tempC: input.tempC, tempOk: check.ok,
      partyName: input.partyName ?? null, location: input.location ?? null, scannedBy: ctx.user.id });
    const status = NEXT_STATUS[input.step];
    await tx.update(shipment).set({ status, departedAt: input.step === 'depart' ? at : s.departedAt, deliveredAt: input.step === 'receive' ? at : s.deliveredAt }).where(eq(shipment.id, id));
    if (s.orderId) {
      const units = await tx.select({ id: bloodUnit.id, din: bloodUnit.din, donationId: bloodUnit.donationId }).from(orderAllocation)
        .innerJoin(bloodUnit, eq(bloodUnit.id, orderAllocation.unitId)).where(eq(orderAllocation.orderId, s.orderId));
      await recordUnitEvents(tx, ctx, units.map((u) => ({ unitId: u.id, donationId: u.donationId, din: u.din, at,
        type: input.step === 'load' || input.step === 'depart' || input.step === 'arrive' ? 'transport' : 'handover',
        reason: check.ok ? null : 'transport temperature out of range',
        details: { shipmentId: id, shipmentNumber: s.shipmentNumber, step: input.step, tempC: input.tempC, tempOk: check.ok, partyName: input.partyName ?? null, mode: s.mode } })));
    }
    await recordAudit(tx, ctx, { action: 'shipment.scan', entityType: 'shipment', entityId: id, after: { ...input, tempOk: check.ok } });
    return { ...(await getShipment(tx, ctx.user, id)), check: { ok: check.ok, minC: check.minC, maxC: check.maxC } };
  });
}

/**
 * What the emergency board shows for an order's transport: the latest shipment's number, mode, status, last step,
 * last temperature and whether any scan was out of range; `null` when no shipment is planned.
 */
export async function shipmentStatusForOrder(db: Db, user: SessionUser, orderId: number) {
  const rows = await listShipments(db, user, { orderId });
  const s = rows[0];
  if (!s) return null;
  return { shipmentId: s.id, shipmentNumber: s.shipmentNumber, mode: s.mode, status: s.status, lastStep: s.lastStep, lastTempC: s.lastTempC, lastAt: s.lastAt,
    departedAt: s.departedAt, deliveredAt: s.deliveredAt, tempExcursion: s.tempExcursion, vehiclePlate: s.vehiclePlate, carrierName: s.carrierName };
}
