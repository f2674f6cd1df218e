/**
 * Donor registry: registration with resident-ID validation (GB 11643-1999), search, detail.
 * Requirements R3 (identity from an ID document), R17 (unique donor number), R11 (masked display).
 */
import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { checkResidentId, maskResidentId } from '@redbridge/domain/id-card';
import type { Db } from '../../db/client.ts';
import { donation, donor } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { AppError, bilingual, conflict, notFound } from '../../lib/problem.ts';
import { offsetOf, type PageQuery } from '../../lib/http.ts';
import { shanghaiDate } from '../../lib/time.ts';

export interface NewDonor {
  idNumber: string;
  name: string;
  phone?: string | null;
  abo?: 'O' | 'A' | 'B' | 'AB' | null;
  rhd?: 'POS' | 'NEG' | null;
}

// Correlated subqueries written with explicit qualifiers: inside a select list Drizzle renders column refs
// unqualified (`"id"`), which PostgreSQL would resolve to donation.id.
const donationCount = sql<number>`(select count(*) from donation dn where dn.donor_id = "donor"."id")`.mapWith(Number);
const lastDonationAt = sql<Date | null>`(select max(dn.collected_at) from donation dn where dn.donor_id = "donor"."id")`
  .mapWith((v) => (v == null ? null : new Date(v as string)));

const listColumns = {
  id: donor.id, donorNumber: donor.donorNumber, name: donor.name, idNumber: donor.idNumber, sex: donor.sex,
  birthDate: donor.birthDate, phone: donor.phone, abo: donor.abo, rhd: donor.rhd, deferredUntil: donor.deferredUntil,
  permanentlyDeferred: donor.permanentlyDeferred, donationCount, lastDonationAt,
};

type DonorRow = { idNumber: string } & Record<string, unknown>;
function present<T extends DonorRow>(row: T) {
  const { idNumber, ...rest } = row;
  return { ...rest, idNumberMasked: maskResidentId(idNumber) };
}

export async function searchDonors(db: Db, user: SessionUser, q: PageQuery & { q?: string }) {
  const conds: SQL[] = [eq(donor.stationId, user.stationId)];
  const term = q.q?.trim();
  if (term) {
    const like = `%${term.replace(/[%_\\]/g, (c) => '\\' + c)}%`;
    conds.push(or(ilike(donor.name, like), eq(donor.idNumber, term.toUpperCase()), eq(donor.donorNumber, term), eq(donor.phone, term))!);
  }
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    db.select(listColumns).from(donor).where(where).orderBy(desc(donor.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ total: count() }).from(donor).where(where),
  ]);
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export async function getDonor(db: Db, user: SessionUser, id: number) {
  const rows = await db.select(listColumns).from(donor).where(and(eq(donor.id, id), eq(donor.stationId, user.stationId)));
  if (!rows[0]) throw notFound('Donor', '献血者');
  return present(rows[0]);
}

export async function registerDonor(db: Db, ctx: ActionContext, input: NewDonor) {
  const idNumber = input.idNumber.trim().toUpperCase();
  const check = checkResidentId(idNumber, shanghaiDate(ctx.now));
  if (!check.valid || !check.birthDate || !check.sex) {
    throw new AppError(400, 'ID_NUMBER_INVALID', bilingual('身份证号码无效', 'Invalid resident identity number'),
      check.errors.map((e) => ({ pointer: '/idNumber', code: e.code, message: e.message })));
  }
  const birthDate = check.birthDate;
  const sex = check.sex;
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: donor.id }).from(donor)
      .where(and(eq(donor.stationId, ctx.user.stationId), eq(donor.idNumber, idNumber)));
    if (existing[0]) throw conflict('该身份证号已登记为献血者', 'A donor with this identity number is already registered');
    const [created] = await tx.insert(donor).values({
      stationId: ctx.user.stationId, donorNumber: `pending-${idNumber}`, idNumber, name: input.name.trim(), sex,
      birthDate, phone: input.phone ?? null, abo: input.abo ?? null, rhd: input.rhd ?? null,
      createdAt: ctx.now, updatedAt: ctx.now,
    }).returning({ id: donor.id });
    const donorNumber = `D${String(created.id).padStart(9, '0')}`;
    await tx.update(donor).set({ donorNumber }).where(eq(donor.id, created.id));
    await recordAudit(tx, ctx, {
      action: 'donor.register', entityType: 'donor', entityId: created.id,
      after: { donorNumber, name: input.name, sex, birthDate, idNumber: maskResidentId(idNumber) },
    });
    const rows = await tx.select(listColumns).from(donor).where(eq(donor.id, created.id));
    return present(rows[0]);
  });
}
