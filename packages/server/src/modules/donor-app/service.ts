/**
 * The donor's own app (H5): phone + one-time code sign-in, own history with privacy-worded outcomes,
 * "where did my blood go" (hospital and date only), certificate, honours count, notices.
 *
 * One-time codes: 6 digits, only SHA-256(phone:code) stored, 5 minutes, 5 wrong tries, sent through the outbox;
 * at most 1 code per phone per 60 s and 5 per hour (plus the per-IP route rate limit). An unknown phone gets the
 * same answer and no code (no enumeration).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import type { Role } from '@redbridge/domain/types';
import type { Db } from '../../db/client.ts';
import { bloodOrder, bloodUnit, donation, donor, donorOtp, donorSession, organisation, stationNotice, transfusion } from '../../db/schema/index.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual } from '../../lib/problem.ts';
import { enqueueMessage } from '../outbox/service.ts';
import { shanghaiDate } from '../../lib/time.ts';

export const DONOR_COOKIE = 'rb_donor';
export const DONOR_SESSION_HOURS = 24 * 7;
const OTP_MINUTES = 5;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface DonorPrincipal { donorId: number; stationId: number; name: string }

/** An action context for audit rows written on the donor's behalf (actor id 0, name "献血者 …"). */
export function donorActionContext(p: DonorPrincipal, requestId: string, now: Date, stationCode: string): ActionContext {
  return {
    user: { id: 0, username: `donor:${p.donorId}`, displayName: `献血者 ${p.name}`, role: 'donor_service' as Role, orgId: p.stationId, orgName: '', orgType: 'station', stationId: p.stationId },
    requestId, now, stationCode,
  };
}

export async function requestCode(db: Db, phone: string, now: Date): Promise<{ sent: true; retryAfterSeconds: number }> {
  return db.transaction(async (tx) => {
    const recent = await tx.select({ at: donorOtp.createdAt }).from(donorOtp)
      .where(and(eq(donorOtp.phone, phone), gt(donorOtp.createdAt, new Date(now.getTime() - 3_600_000)))).orderBy(desc(donorOtp.createdAt));
    if (recent[0] && now.getTime() - recent[0].at.getTime() < 60_000) {
      throw new AppError(429, 'RATE_LIMITED', bilingual('验证码发送过于频繁，请 60 秒后再试', 'Too many codes; wait 60 seconds'), [{ pointer: '/phone', code: 'RATE_LIMITED', message: bilingual('请稍后再试', 'try later') }]);
    }
    if (recent.length >= 5) {
      throw new AppError(429, 'RATE_LIMITED', bilingual('一小时内验证码次数已达上限', 'Hourly code limit reached'), [{ pointer: '/phone', code: 'RATE_LIMITED', message: bilingual('请稍后再试', 'try later') }]);
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const [row] = await tx.insert(donorOtp).values({ phone, codeHash: sha(`${phone}:${code}`), expiresAt: new Date(now.getTime() + OTP_MINUTES * 60_000), createdAt: now }).returning({ id: donorOtp.id });
    const found = await tx.select({ id: donor.id, stationId: donor.stationId }).from(donor).where(eq(donor.phone, phone)).limit(1);
    if (found[0]) {
      await enqueueMessage(tx, found[0].stationId, { now: now, channel: 'sms', recipient: phone, donorId: found[0].id, template: 'otp', payload: { code, minutes: OTP_MINUTES }, dedupeKey: `otp:${row.id}` });
    }
    return { sent: true as const, retryAfterSeconds: 60 };
  });
}

/**
 * Verifies a code and opens a donor session.
 * @throws AppError 401 `OTP_INVALID` (wrong, expired, used, too many tries or unknown phone)
 */
export async function verifyCode(db: Db, phone: string, code: string, now: Date): Promise<{ token: string; principal: DonorPrincipal }> {
  const invalid = () => new AppError(401, 'OTP_INVALID', bilingual('验证码错误或已过期', 'Wrong or expired code'), [{ pointer: '/code', code: 'OTP_INVALID', message: bilingual('验证码错误或已过期', 'wrong or expired code') }]);
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(donorOtp).where(and(eq(donorOtp.phone, phone), isNull(donorOtp.usedAt), gt(donorOtp.expiresAt, now)))
      .orderBy(desc(donorOtp.createdAt)).limit(1).for('update');
    const otp = rows[0];
    if (!otp || otp.attempts >= 5) throw invalid();
    const expected = Buffer.from(otp.codeHash, 'hex');
    const given = Buffer.from(sha(`${phone}:${code}`), 'hex');
    if (!timingSafeEqual(expected, given)) {
      await tx.update(donorOtp).set({ attempts: otp.attempts + 1 }).where(eq(donorOtp.id, otp.id));
      return { retry: true } as never;
    }
    const d = (await tx.select().from(donor).where(eq(donor.phone, phone)).limit(1))[0];
    if (!d) throw invalid();
    await tx.update(donorOtp).set({ usedAt: now }).where(eq(donorOtp.id, otp.id));
    const token = randomBytes(32).toString('base64url');
    await tx.insert(donorSession).values({ tokenHash: sha(token), donorId: d.id, stationId: d.stationId, createdAt: now, expiresAt: new Date(now.getTime() + DONOR_SESSION_HOURS * 3_600_000) });
    return { token, principal: { donorId: d.id, stationId: d.stationId, name: d.name } };
  }).then((r) => {
    if ((r as { retry?: boolean }).retry) throw invalid();
    return r;
  });
}

export async function loadDonorSession(db: Db, token: string, now: Date): Promise<DonorPrincipal | null> {
  const rows = await db.select({ donorId: donor.id, stationId: donor.stationId, name: donor.name }).from(donorSession)
    .innerJoin(donor, eq(donor.id, donorSession.donorId)).where(and(eq(donorSession.tokenHash, sha(token)), gt(donorSession.expiresAt, now))).limit(1);
  return rows[0] ?? null;
}

export async function endDonorSession(db: Db, token: string) {
  await db.delete(donorSession).where(eq(donorSession.tokenHash, sha(token)));
}

/** Privacy wording of a test outcome: no marker names, no values. */
export function outcomeWording(conclusion: string | null): { code: 'qualified' | 'contact_station' | 'pending'; zh: string; en: string } {
  if (conclusion === 'qualified') return { code: 'qualified', zh: '合格', en: 'Qualified' };
  if (conclusion === 'unqualified') return { code: 'contact_station', zh: '请联系血站', en: 'Please contact the station' };
  return { code: 'pending', zh: '检测中', en: 'Testing' };
}

export async function donorProfileView(db: Db, p: DonorPrincipal) {
  const d = (await db.select().from(donor).where(eq(donor.id, p.donorId)))[0];
  const [{ n, ml }] = await db.select({ n: sql<number>`count(*)::int`, ml: sql<number>`coalesce(sum(${donation.volumeMl}),0)::int` }).from(donation).where(eq(donation.donorId, p.donorId));
  // honours: count only for now; the national award ladder (全国无偿献血表彰奖励办法 2022) comes with issue #6
  return {
    id: d.id, name: d.name, donorNumber: d.donorNumber, phoneMasked: d.phone ? `${d.phone.slice(0, 3)}****${d.phone.slice(-4)}` : null,
    abo: d.abo, rhd: d.rhd, donationCount: n, totalVolumeMl: ml, honours: { donations: n, nextMilestone: [5, 10, 20, 30, 40].find((m) => m > n) ?? null },
  };
}

/** Own donations: privacy outcome and where the blood went (hospital and date, never patient data). */
export async function donorHistory(db: Db, p: DonorPrincipal) {
  const rows = await db.select({ id: donation.id, din: donation.din, collectedAt: donation.collectedAt, volumeMl: donation.volumeMl, donationType: donation.donationType, testConclusion: donation.testConclusion })
    .from(donation).where(eq(donation.donorId, p.donorId)).orderBy(desc(donation.collectedAt));
  const out = [];
  for (const r of rows) {
    const used = await db.select({ hospital: organisation.name, at: transfusion.transfusedAt }).from(transfusion)
      .innerJoin(bloodUnit, eq(bloodUnit.id, transfusion.unitId)).innerJoin(organisation, eq(organisation.id, transfusion.hospitalOrgId))
      .where(eq(bloodUnit.donationId, r.id)).orderBy(asc(transfusion.transfusedAt));
    const issued = used.length > 0 ? [] : await db.select({ hospital: organisation.name, at: bloodOrder.issuedAt }).from(bloodUnit)
      .innerJoin(bloodOrder, eq(bloodOrder.id, bloodUnit.orderId)).innerJoin(organisation, eq(organisation.id, bloodOrder.hospitalOrgId))
      .where(and(eq(bloodUnit.donationId, r.id), sql`${bloodOrder.issuedAt} is not null`));
    const { testConclusion, din, ...rest } = r;
    out.push({
      ...rest, day: shanghaiDate(r.collectedAt), dinMasked: `${din.slice(0, 5)}******${din.slice(-2)}`, outcome: outcomeWording(testConclusion),
      whereItWent: [...used.map((u) => ({ hospital: u.hospital, day: shanghaiDate(u.at), stage: 'transfused' as const })),
        ...issued.map((u) => ({ hospital: u.hospital, day: u.at ? shanghaiDate(u.at) : null, stage: 'issued' as const }))],
    });
  }
  return out;
}

/** Electronic donation certificate (无偿献血证) data of one own donation. */
export async function certificate(db: Db, p: DonorPrincipal, donationId: number) {
  const rows = await db.select({ id: donation.id, din: donation.din, collectedAt: donation.collectedAt, volumeMl: donation.volumeMl, donationType: donation.donationType,
    name: donor.name, sex: donor.sex, abo: donor.abo, rhd: donor.rhd, idNumber: donor.idNumber, station: organisation.name })
    .from(donation).innerJoin(donor, eq(donor.id, donation.donorId)).innerJoin(organisation, eq(organisation.id, donation.stationId))
    .where(and(eq(donation.id, donationId), eq(donation.donorId, p.donorId)));
  const r = rows[0];
  if (!r) throw new AppError(404, 'NOT_FOUND', bilingual('献血记录不存在', 'Donation not found'));
  const serial = `${r.din}`;
  return {
    certificateNo: serial, name: r.name, sex: r.sex, abo: r.abo, rhd: r.rhd, idNumberMasked: `${r.idNumber.slice(0, 4)}**********${r.idNumber.slice(-4)}`,
    day: shanghaiDate(r.collectedAt), volumeMl: r.volumeMl, donationType: r.donationType, station: r.station,
    verification: sha(`${serial}|${r.idNumber}|${shanghaiDate(r.collectedAt)}|${r.volumeMl}`).slice(0, 16),
  };
}

export async function notices(db: Db, stationId: number, now: Date) {
  return db.select().from(stationNotice).where(and(eq(stationNotice.stationId, stationId), gte(sql`${now.toISOString()}::timestamptz`, stationNotice.publishedAt)))
    .orderBy(desc(stationNotice.publishedAt)).limit(20);
}
