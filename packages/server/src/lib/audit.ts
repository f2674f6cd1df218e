/**
 * Audit trail: every state change writes one append-only row in the same transaction as the change
 * (血站质量管理规范 11.4; requirements R7, R10).
 */
import { auditLog, unitEvent } from '../db/schema/index.ts';
import type { DbOrTx } from '../db/client.ts';
import type { ActionContext } from './context.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: DbOrTx, ctx: ActionContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    stationId: ctx.user.stationId,
    at: ctx.now,
    actorId: ctx.user.id,
    actorName: ctx.user.displayName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    reason: entry.reason ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: ctx.requestId,
  });
}

export interface UnitEventEntry {
  unitId?: number | null;
  donationId?: number | null;
  din: string;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  orgId?: number | null;
  details?: Record<string, unknown>;
  /** When it happened, if not now (a reader's read time, a handover scanned offline). */
  at?: Date;
}

/** Appends traceability events (collection, release, preparation, issue, receipt, transfusion, …). */
export async function recordUnitEvents(tx: DbOrTx, ctx: ActionContext, events: UnitEventEntry[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(unitEvent).values(events.map((e) => ({
    stationId: ctx.user.stationId,
    unitId: e.unitId ?? null,
    donationId: e.donationId ?? null,
    din: e.din,
    type: e.type,
    at: e.at ?? ctx.now,
    actorId: ctx.user.id,
    orgId: e.orgId ?? ctx.user.orgId,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    reason: e.reason ?? null,
    details: e.details ?? null,
  })));
}
