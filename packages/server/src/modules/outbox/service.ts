/**
 * Transactional outbox for donor messages (SMS, WeChat template message, phone task for staff).
 *
 * - `enqueueMessage` inserts in the caller's transaction, so a message exists iff the business change committed;
 *   `dedupe_key` makes enqueueing idempotent (`ON CONFLICT DO NOTHING`).
 * - `dispatchDue` claims due rows with `FOR UPDATE SKIP LOCKED` (several dispatchers never send one row twice),
 *   sends through the channel adapter with the dedupe key as idempotency key, and marks the row `sent`; a failure
 *   retries with exponential backoff until `max_attempts`, then `dead` (visible to staff).
 */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { outboxMessage } from '../../db/schema/index.ts';

export type Channel = 'sms' | 'wechat' | 'phone_task';

export interface OutgoingMessage {
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
}

/** A gateway for one channel. Real SMS / WeChat gateways implement this; `send` must be idempotent on `dedupeKey`. */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<{ providerRef: string }>;
}

/** The default adapter: writes the rendered message to a sink (the server log) and succeeds. */
export function logAdapter(channel: Channel, sink: (line: string) => void = (l) => process.stdout.write(l + '\n')): ChannelAdapter {
  return {
    channel,
    async send(m) {
      sink(`[outbox:${channel}] to=${m.recipient} template=${m.template} ${renderMessage(m)}`);
      return { providerRef: `log-${m.id}` };
    },
  };
}

export const defaultAdapters = (sink?: (line: string) => void): Record<Channel, ChannelAdapter> => ({
  sms: logAdapter('sms', sink), wechat: logAdapter('wechat', sink), phone_task: logAdapter('phone_task', sink),
});

/** Chinese text of a message (SMS body; WeChat template fields are in `payload`). */
export function renderMessage(m: Pick<OutgoingMessage, 'template' | 'payload'>): string {
  const p = m.payload as Record<string, string>;
  switch (m.template) {
    case 'otp': return `【红桥献血】验证码 ${p.code}，${p.minutes} 分钟内有效。请勿告诉他人。`;
    case 'appointment_booked': return `【红桥献血】${p.name}，您已预约 ${p.day} ${p.time} 在${p.site}献血。请带身份证，献血前清淡饮食、休息好。`;
    case 'appointment_reminder': return `【红桥献血】提醒：${p.name}，明天 ${p.day} ${p.time} 在${p.site}献血，期待您的到来。`;
    case 'recruitment': return `【红桥献血】${p.name}，本市${p.group}血液库存紧张，诚邀您于 ${p.targetDate} 前后到${p.site}献血。回复T退订。`;
    case 'recruitment_call': return `电话招募任务：${p.name}（${p.group}），建议到${p.site}，目标日期 ${p.targetDate}`;
    default: return JSON.stringify(p);
  }
}

export async function enqueueMessage(tx: DbOrTx, stationId: number, m: {
  channel: Channel; recipient: string; template: string; payload: Record<string, unknown>; dedupeKey: string; donorId?: number | null;
  /** The business time (ctx.now): created_at, and due time unless `notBefore`. */
  now: Date;
  notBefore?: Date;
}): Promise<boolean> {
  const rows = await tx.insert(outboxMessage).values({
    stationId, channel: m.channel, recipient: m.recipient, template: m.template, payload: m.payload, dedupeKey: m.dedupeKey,
    donorId: m.donorId ?? null, createdAt: m.now, nextAttemptAt: m.notBefore ?? m.now,
  }).onConflictDoNothing({ target: outboxMessage.dedupeKey }).returning({ id: outboxMessage.id });
  return rows.length > 0;
}

/** Backoff before attempt n+1: 30 s × 2^(n−1), at most 1 h. */
export const backoffMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Sends up to `limit` due messages. Returns counts. Safe to run in several processes at once.
 */
export async function dispatchDue(db: Db, adapters: Record<Channel, ChannelAdapter>, now: Date, limit = 50) {
  return db.transaction(async (tx) => {
    const due = await tx.select().from(outboxMessage)
      .where(and(eq(outboxMessage.status, 'pending'), lte(outboxMessage.nextAttemptAt, now)))
      .orderBy(asc(outboxMessage.nextAttemptAt), asc(outboxMessage.id)).limit(limit)
      .for('update', { skipLocked: true });
    let sent = 0; let failed = 0; let dead = 0;
    for (const row of due) {
      try {
        const r = await adapters[row.channel as Channel].send({
          id: row.id, channel: row.channel as Channel, recipient: row.recipient, template: row.template, payload: row.payload, dedupeKey: row.dedupeKey,
        });
        await tx.update(outboxMessage).set({ status: 'sent', sentAt: now, attempts: row.attempts + 1, providerRef: r.providerRef, lastError: null })
          .where(eq(outboxMessage.id, row.id));
        sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const isDead = attempts >= row.maxAttempts;
        await tx.update(outboxMessage).set({
          attempts, lastError: String((err as Error).message ?? err).slice(0, 500), status: isDead ? 'dead' : 'pending',
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        }).where(eq(outboxMessage.id, row.id));
        if (isDead) dead++; else failed++;
      }
    }
    return { claimed: due.length, sent, failed, dead };
  });
}

/** Starts a polling dispatcher; returns a stop function. */
export function startOutboxDispatcher(db: Db, opts: { adapters?: Record<Channel, ChannelAdapter>; intervalMs?: number; clock?: () => Date; log?: (l: string) => void } = {}) {
  const adapters = opts.adapters ?? defaultAdapters(opts.log);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchDue(db, adapters, (opts.clock ?? (() => new Date()))()).catch(() => { /* retried next tick */ }).finally(() => { running = false; });
  }, opts.intervalMs ?? 5_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Counts by status (staff dashboard). */
export async function outboxStats(db: Db, stationId: number) {
  return db.select({ status: outboxMessage.status, channel: outboxMessage.channel, n: sql<number>`count(*)::int` })
    .from(outboxMessage).where(eq(outboxMessage.stationId, stationId)).groupBy(outboxMessage.status, outboxMessage.channel);
}
