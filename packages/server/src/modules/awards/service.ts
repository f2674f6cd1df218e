/**
 * Honours (表彰): honour cards (无偿献血荣誉卡/证) and the national award cycle (全国无偿献血表彰奖励办法
 * 2022): candidate lists evaluated by the domain, exported to Excel/CSV for the health commission, and
 * finalised into the awards donors hold (the `previousAwards` of the next cycle).
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import writeXlsxFile from 'write-excel-file/node';
import { AWARDS_2022, awardCountOf, evaluateAward, type AwardDonation, type AwardLevel, type PreviousAward } from '@redbridge/domain/awards';
import { maskResidentId } from '@redbridge/domain/id-card';
import type { Db, DbOrTx } from '../../db/client.ts';
import { awardCandidate, awardCycle, donation, donor, donorAward, honourCard, priorDonation } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { shanghaiDate } from '../../lib/time.ts';

// ---------------------------------------------------------------------------------------------------------
// Honour cards

const cardColumns = {
  id: honourCard.id, donorId: honourCard.donorId, donorName: donor.name, donorNumber: donor.donorNumber, cardNumber: honourCard.cardNumber,
  status: honourCard.status, issuedOn: honourCard.issuedOn, statusReason: honourCard.statusReason, updatedAt: honourCard.updatedAt,
};

export async function listHonourCards(db: Db, user: SessionUser, q: PageQuery & { status?: string; q?: string }) {
  const conds: SQL[] = [eq(honourCard.stationId, user.stationId)];
  if (q.status) conds.push(eq(honourCard.status, q.status));
  if (q.q?.trim()) conds.push(sql`(${donor.name} ilike ${`%${q.q.trim().replace(/[%_\\]/g, (c) => '\\' + c)}%`} or ${honourCard.cardNumber} = ${q.q.trim()} or ${donor.donorNumber} = ${q.q.trim()})`);
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db.select(cardColumns).from(honourCard).innerJoin(donor, eq(donor.id, honourCard.donorId)).where(where).orderBy(desc(honourCard.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(honourCard).innerJoin(donor, eq(donor.id, honourCard.donorId)).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Issues an honour card; a donor holds at most one card that is not revoked. */
export async function issueHonourCard(db: Db, ctx: ActionContext, input: { donorId: number; reason: string }) {
  return db.transaction(async (tx) => {
    const d = await tx.select({ id: donor.id }).from(donor).where(and(eq(donor.id, input.donorId), eq(donor.stationId, ctx.user.stationId))).for('update');
    if (!d[0]) throw notFound('Donor', '献血者');
    const held = await tx.select({ id: honourCard.id }).from(honourCard).where(and(eq(honourCard.donorId, input.donorId), sql`${honourCard.status} <> 'revoked'`));
    if (held[0]) throw conflict('该献血者已持有荣誉卡', 'The donor already holds an honour card');
    const issuedOn = shanghaiDate(ctx.now);
    const [row] = await tx.insert(honourCard).values({
      stationId: ctx.user.stationId, donorId: input.donorId, cardNumber: `pending-${input.donorId}-${ctx.now.getTime()}`, status: 'active', issuedOn,
      issuedBy: ctx.user.id, statusReason: input.reason, updatedAt: ctx.now,
    }).returning({ id: honourCard.id });
    const cardNumber = `RY${issuedOn.slice(0, 4)}${String(row.id).padStart(6, '0')}`;
    await tx.update(honourCard).set({ cardNumber }).where(eq(honourCard.id, row.id));
    await recordAudit(tx, ctx, { action: 'honour_card.issue', entityType: 'honour_card', entityId: row.id, reason: input.reason, after: { cardNumber, donorId: input.donorId, status: 'active' } });
    return { id: row.id, cardNumber, status: 'active' as const, issuedOn };
  });
}

const CARD_TRANSITIONS: Record<string, readonly string[]> = { active: ['suspended', 'revoked'], suspended: ['active', 'revoked'], revoked: [] };

export async function setHonourCardStatus(db: Db, ctx: ActionContext, id: number, input: { status: 'active' | 'suspended' | 'revoked'; reason: string }) {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(honourCard).where(and(eq(honourCard.id, id), eq(honourCard.stationId, ctx.user.stationId))).for('update');
    const c = rows[0];
    if (!c) throw notFound('Honour card', '荣誉卡');
    if (!CARD_TRANSITIONS[c.status].includes(input.status)) {
      throw new AppError(409, 'INVALID_TRANSITION', bilingual(`荣誉卡不能从 ${c.status} 变为 ${input.status}`, `An honour card cannot go from ${c.status} to ${input.status}`),
        [{ pointer: '/status', code: 'INVALID_TRANSITION', message: `不允许的状态变更 / transition ${c.status} → ${input.status} not allowed` }]);
    }
    await tx.update(honourCard).set({ status: input.status, statusReason: input.reason, updatedAt: ctx.now }).where(eq(honourCard.id, id));
    await recordAudit(tx, ctx, { action: 'honour_card.status', entityType: 'honour_card', entityId: id, reason: input.reason, before: { status: c.status }, after: { status: input.status } });
    return { id, status: input.status };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Award cycles

/** Donations (this station's tested-qualified donations plus prior/other-station records) per donor, for awards. */
async function awardDonations(tx: DbOrTx, stationId: number, donorIds: number[]): Promise<Map<number, AwardDonation[]>> {
  const out = new Map<number, AwardDonation[]>();
  if (donorIds.length === 0) return out;
  const push = (id: number, d: AwardDonation) => { const l = out.get(id) ?? []; l.push(d); out.set(id, l); };
  const own = await tx.select({
    donorId: donation.donorId, collectedAt: donation.collectedAt, type: donation.donationType, volumeMl: donation.volumeMl,
    doses: sql<number>`(select count(*) from blood_unit u where u.donation_id = "donation"."id" and u.parent_unit_id is null)`.mapWith(Number),
  }).from(donation).where(and(eq(donation.stationId, stationId), inArray(donation.donorId, donorIds)));
  for (const d of own) {
    push(d.donorId, d.type === 'apheresis_platelets'
      ? { date: shanghaiDate(d.collectedAt), type: 'apheresis_platelets', doses: Math.min(3, Math.max(1, d.doses)) }
      : { date: shanghaiDate(d.collectedAt), type: 'whole_blood', volumeMl: d.volumeMl });
  }
  const prior = await tx.select().from(priorDonation).where(and(eq(priorDonation.stationId, stationId), inArray(priorDonation.donorId, donorIds)));
  for (const p of prior) {
    push(p.donorId, p.donationType === 'apheresis_platelets'
      ? { date: p.donatedOn, type: 'apheresis_platelets', doses: Math.min(3, p.doses ?? 1) }
      : { date: p.donatedOn, type: 'whole_blood', volumeMl: p.volumeMl ?? 0 });
  }
  return out;
}

/**
 * Creates (or re-evaluates, while open) the award cycle ending `cycleEnd` and replaces its candidate list.
 * Donors are pre-selected in SQL by an upper bound of their counted donations (≥ the bronze threshold), then
 * each is evaluated by the domain ({@link evaluateAward}) with the awards already held.
 */
export async function evaluateCycle(db: Db, ctx: ActionContext, input: { name: string; cycleStart: string; cycleEnd: string }) {
  if (input.cycleEnd <= input.cycleStart) {
    throw new AppError(400, 'VALIDATION', bilingual('周期截止日须晚于开始日', 'cycleEnd must be after cycleStart'),
      [{ pointer: '/cycleEnd', code: 'RANGE', message: '截止日须晚于开始日 / cycleEnd must be after cycleStart' }]);
  }
  const rules = AWARDS_2022.data;
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(awardCycle).where(and(eq(awardCycle.stationId, ctx.user.stationId), eq(awardCycle.cycleEnd, input.cycleEnd))).for('update');
    if (existing[0]?.status === 'finalised') throw conflict('该周期已定稿', 'This award cycle is finalised', 'INVALID_TRANSITION');
    let cycleId: number;
    if (existing[0]) {
      cycleId = existing[0].id;
      await tx.update(awardCycle).set({ name: input.name, cycleStart: input.cycleStart, evaluatedAt: ctx.now }).where(eq(awardCycle.id, cycleId));
      await tx.delete(awardCandidate).where(eq(awardCandidate.cycleId, cycleId));
    } else {
      const [row] = await tx.insert(awardCycle).values({
        stationId: ctx.user.stationId, name: input.name, cycleStart: input.cycleStart, cycleEnd: input.cycleEnd, status: 'open',
        ruleSetId: AWARDS_2022.id, evaluatedAt: ctx.now, createdBy: ctx.user.id, createdAt: ctx.now,
      }).returning({ id: awardCycle.id });
      cycleId = row.id;
    }
    const endTs = sql`((${input.cycleEnd}::date + 1))::timestamp at time zone 'Asia/Shanghai'`;
    const bound = await tx.execute<{ donor_id: string | number }>(sql`
      select donor_id from (
        select ${donation.donorId} as donor_id, sum(case when ${donation.donationType} = 'apheresis_platelets' then 12 else floor(${donation.volumeMl} / ${rules.wholeBloodMlPerCount.ml}) end) as n
          from ${donation} where ${donation.stationId} = ${ctx.user.stationId} and ${donation.collectedAt} < ${endTs} group by 1
        union all
        select ${priorDonation.donorId}, sum(case when ${priorDonation.donationType} = 'apheresis_platelets' then ${priorDonation.doses} * ${rules.plateletCountPerDose.before} else floor(${priorDonation.volumeMl} / ${rules.wholeBloodMlPerCount.ml}) end)
          from ${priorDonation} where ${priorDonation.stationId} = ${ctx.user.stationId} and ${priorDonation.donatedOn} <= ${input.cycleEnd}::date group by 1
      ) t group by donor_id having sum(n) >= ${rules.thresholds.bronze}`);
    const donorIds = bound.rows.map((r) => Number(r.donor_id));
    let evaluated = 0;
    const byLevel: Record<string, number> = { bronze: 0, silver: 0, gold: 0, lifetime: 0 };
    for (let i = 0; i < donorIds.length; i += 500) {
      const chunk = donorIds.slice(i, i + 500);
      const donations = await awardDonations(tx, ctx.user.stationId, chunk);
      const held = await tx.select({ donorId: donorAward.donorId, level: donorAward.level, date: donorAward.awardedOn }).from(donorAward)
        .where(and(eq(donorAward.stationId, ctx.user.stationId), inArray(donorAward.donorId, chunk)));
      const rows: (typeof awardCandidate.$inferInsert)[] = [];
      for (const id of chunk) {
        evaluated += 1;
        const previousAwards: PreviousAward[] = held.filter((h) => h.donorId === id).map((h) => ({ level: h.level as AwardLevel, date: h.date }));
        const r = evaluateAward({ cycleEnd: input.cycleEnd, donations: donations.get(id) ?? [], previousAwards });
        if (r.award) {
          byLevel[r.award] += 1;
          rows.push({ stationId: ctx.user.stationId, cycleId, donorId: id, level: r.award, count: r.count, totalCount: r.totalCount, reasons: r.reasons as unknown[] });
        }
      }
      if (rows.length > 0) await tx.insert(awardCandidate).values(rows);
    }
    await recordAudit(tx, ctx, { action: 'award_cycle.evaluate', entityType: 'award_cycle', entityId: cycleId,
      after: { name: input.name, cycleStart: input.cycleStart, cycleEnd: input.cycleEnd, evaluated, byLevel, ruleSetId: AWARDS_2022.id } });
    return { id: cycleId, evaluated, candidates: Object.values(byLevel).reduce((a, b) => a + b, 0), byLevel };
  });
}

export async function listCycles(db: Db, user: SessionUser) {
  const candidates = sql<number>`(select count(*) from award_candidate c where c.cycle_id = "award_cycle"."id")`.mapWith(Number);
  return db.select({ id: awardCycle.id, name: awardCycle.name, cycleStart: awardCycle.cycleStart, cycleEnd: awardCycle.cycleEnd, status: awardCycle.status,
    ruleSetId: awardCycle.ruleSetId, evaluatedAt: awardCycle.evaluatedAt, candidates })
    .from(awardCycle).where(eq(awardCycle.stationId, user.stationId)).orderBy(desc(awardCycle.cycleEnd));
}

async function cycleOf(db: DbOrTx, user: SessionUser, id: number) {
  const rows = await db.select().from(awardCycle).where(and(eq(awardCycle.id, id), eq(awardCycle.stationId, user.stationId)));
  if (!rows[0]) throw notFound('Award cycle', '表彰周期');
  return rows[0];
}

const candidateColumns = {
  id: awardCandidate.id, donorId: awardCandidate.donorId, donorNumber: donor.donorNumber, name: donor.name, sex: donor.sex, birthDate: donor.birthDate,
  idNumber: donor.idNumber, abo: donor.abo, rhd: donor.rhd, level: awardCandidate.level, count: awardCandidate.count, totalCount: awardCandidate.totalCount,
};
const LEVEL_ORDER = sql`case ${awardCandidate.level} when 'lifetime' then 0 when 'gold' then 1 when 'silver' then 2 else 3 end`;

export async function listCandidates(db: Db, user: SessionUser, cycleId: number, q: PageQuery & { level?: string }) {
  const cycle = await cycleOf(db, user, cycleId);
  const conds: SQL[] = [eq(awardCandidate.cycleId, cycleId), eq(awardCandidate.stationId, user.stationId)];
  if (q.level) conds.push(eq(awardCandidate.level, q.level));
  const where = and(...conds);
  const [rows, [{ total }], levels] = await Promise.all([
    db.select(candidateColumns).from(awardCandidate).innerJoin(donor, eq(donor.id, awardCandidate.donorId)).where(where)
      .orderBy(LEVEL_ORDER, desc(awardCandidate.count), asc(donor.donorNumber)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(awardCandidate).where(where),
    db.select({ level: awardCandidate.level, n: count() }).from(awardCandidate).where(eq(awardCandidate.cycleId, cycleId)).groupBy(awardCandidate.level),
  ]);
  return {
    cycle, byLevel: Object.fromEntries(levels.map((l) => [l.level, l.n])),
    items: rows.map(({ idNumber, ...r }) => ({ ...r, idNumberMasked: maskResidentId(idNumber) })), total, page: q.page, pageSize: q.pageSize,
  };
}

const LEVEL_ZH: Record<string, string> = { lifetime: '终身荣誉奖(含金奖)', gold: '金奖', silver: '银奖', bronze: '铜奖' };
const HEADER = ['序号', '奖项', '献血者编号', '姓名', '性别', '出生日期', '身份证号码', '血型', '本轮献血次数', '累计献血次数'];

/**
 * The candidate list of a cycle as a file for the health commission (full ID numbers: the export is audited).
 *
 * @param format - `xlsx` (write-excel-file) or `csv` (UTF-8 with BOM, RFC 4180 quoting)
 */
export async function exportCandidates(db: Db, ctx: ActionContext, cycleId: number, format: 'xlsx' | 'csv') {
  const cycle = await cycleOf(db, ctx.user, cycleId);
  const rows = await db.select(candidateColumns).from(awardCandidate).innerJoin(donor, eq(donor.id, awardCandidate.donorId))
    .where(and(eq(awardCandidate.cycleId, cycleId), eq(awardCandidate.stationId, ctx.user.stationId)))
    .orderBy(LEVEL_ORDER, desc(awardCandidate.count), asc(donor.donorNumber));
  const data = rows.map((r, i) => [i + 1, LEVEL_ZH[r.level] ?? r.level, r.donorNumber, r.name, r.sex === 'male' ? '男' : '女', r.birthDate, r.idNumber,
    `${r.abo ?? ''}${r.rhd === 'NEG' ? ' RhD阴性' : r.rhd === 'POS' ? ' RhD阳性' : ''}`, r.count, r.totalCount] as (string | number)[]);
  await db.transaction(async (tx) => {
    await recordAudit(tx, ctx, { action: 'award_cycle.export', entityType: 'award_cycle', entityId: cycleId, reason: `export ${format}`, after: { rows: rows.length, format } });
  });
  const base = `award-candidates-${cycle.cycleEnd}`;
  if (format === 'csv') {
    const esc = (v: string | number) => { const s = String(v); return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s; };
    const text = '\ufeff' + [HEADER, ...data].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
    return { fileName: `${base}.csv`, mediaType: 'text/csv; charset=utf-8', body: Buffer.from(text, 'utf8'), rows: rows.length };
  }
  const title = `${cycle.name}（${cycle.cycleStart} 至 ${cycle.cycleEnd}）全国无偿献血奉献奖候选名单`;
  const sheet = [
    [{ value: title, fontWeight: 'bold' as const, span: HEADER.length }],
    HEADER.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...data.map((r) => r.map((v) => ({ value: v }))),
  ];
  const body = await writeXlsxFile(sheet as never, { sheet: '候选名单', columns: [6, 18, 14, 10, 6, 12, 22, 12, 12, 12].map((width) => ({ width })) } as never).toBuffer();
  return { fileName: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, rows: rows.length };
}

/** Finalises a cycle: every candidate becomes an award held (dated the cycle end); the cycle can no longer change. */
export async function finaliseCycle(db: Db, ctx: ActionContext, cycleId: number, reason: string) {
  return db.transaction(async (tx) => {
    const updated = await tx.update(awardCycle).set({ status: 'finalised' })
      .where(and(eq(awardCycle.id, cycleId), eq(awardCycle.stationId, ctx.user.stationId), eq(awardCycle.status, 'open'))).returning();
    if (!updated[0]) {
      await cycleOf(tx, ctx.user, cycleId);
      throw conflict('该周期已定稿', 'This award cycle is already finalised', 'INVALID_TRANSITION');
    }
    const cands = await tx.select().from(awardCandidate).where(eq(awardCandidate.cycleId, cycleId));
    const rows = cands.flatMap((c) => (c.level === 'lifetime'
      ? [{ level: 'gold' }, { level: 'lifetime' }] : [{ level: c.level }]).map((l) => ({
      stationId: ctx.user.stationId, donorId: c.donorId, level: l.level, awardedOn: updated[0].cycleEnd, cycleId, createdAt: ctx.now,
    })));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(donorAward).values(rows.slice(i, i + 1000));
    await recordAudit(tx, ctx, { action: 'award_cycle.finalise', entityType: 'award_cycle', entityId: cycleId, reason, before: { status: 'open' }, after: { status: 'finalised', awards: rows.length } });
    return { id: cycleId, status: 'finalised' as const, awards: rows.length };
  });
}

export { awardCountOf };
