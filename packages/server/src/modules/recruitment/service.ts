/**
 * Targeted recruitment (精准招募): when a type runs short (inventory alert) or staff decide, build a ranked contact
 * list and send the invitations through the outbox.
 *
 * Contact list = donors of the needed ABO/RhD, eligible on the target date (GB 18467-2011, no exam), with a phone,
 * not opted out, not contacted by ANY campaign within the quiet period, near a site open on the target date;
 * ranked rare types first (RhD-negative), then by the RFM-T return probability, then by travel time.
 * Funnel per campaign: contacted → booked (appointments/service) → donated (donations/service).
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { assessEligibility, ELIGIBILITY_REGISTRY, type DonationType } from '@redbridge/domain/eligibility';
import { RETURN_MODEL_REGISTRY, rawProbability } from '@redbridge/domain/recruitment';
import { TRAVEL_REGISTRY, travelMinutes } from '@redbridge/domain/coverage';
import type { RuleSet } from '@redbridge/domain/rules';
import { createRuleRegistry } from '@redbridge/domain/rules';
import type { AboGroup, ComponentClass, RhD } from '@redbridge/domain/types';
import type { Db, DbOrTx } from '../../db/client.ts';
import { campaignContact, donation, donationSite, donor, donorDeferral, donorProfile, recruitmentCampaign } from '../../db/schema/index.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ActionContext } from '../../lib/context.ts';
import { AppError, bilingual } from '../../lib/problem.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { enqueueMessage, type Channel } from '../outbox/service.ts';
import { periodsOn } from '../sites/service.ts';

/** Contact policy: quiet period between two contacts of one donor (any campaign), default list size, max trip. */
export interface RecruitmentPolicy {
  readonly quietDays: number;
  readonly defaultSize: number;
  /** A donor is "near" an open site when the estimated trip is at most this (minutes). */
  readonly maxTravelMinutes: number;
}

/** Local defaults (no national rule): one contact per donor per 30 days; 50 contacts; 60-minute trip. */
export const RECRUITMENT_POLICY_LOCAL_2026: RuleSet<RecruitmentPolicy> = {
  id: 'recruitment-policy:local-2026', family: 'recruitment-policy', source: 'RedBridge default', version: '2026',
  effectiveFrom: '2020-01-01T00:00:00+08:00',
  clauses: [{ ref: 'contact fatigue', summary: 'No donor contacted twice within 30 days across campaigns; station-configurable' }],
  data: { quietDays: 30, defaultSize: 50, maxTravelMinutes: 60 },
};
export const RECRUITMENT_POLICY_REGISTRY = createRuleRegistry('recruitment-policy', [RECRUITMENT_POLICY_LOCAL_2026]);

export interface CampaignRequest {
  abo: AboGroup;
  rhd: RhD;
  componentClass?: ComponentClass;
  reason: 'manual' | 'inventory_alert';
  alertLevel?: string;
  /** `YYYY-MM-DD` day the blood is needed by. */
  targetDate: string;
  size?: number;
  /** Overrides the policy's quiet period (days). */
  quietDays?: number;
}

const RARITY: Record<RhD, number> = { NEG: 0, POS: 1 };
const MONTH_DAYS = 30.4375;

/**
 * Starts a campaign and enqueues its invitations (SMS / WeChat by preference; a phone task for staff as well for
 * RhD-negative donors, who are called one to one). Called by staff, and by the inventory-alert job with
 * `reason: 'inventory_alert'`.
 *
 * @returns the campaign with its ranked contact list
 * @throws AppError 400 `VALIDATION` for a past or malformed target date or a size outside 1–1000
 */
export async function startRecruitmentCampaign(db: Db, ctx: ActionContext, req: CampaignRequest) {
  const today = shanghaiDate(ctx.now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.targetDate) || req.targetDate < today) {
    throw new AppError(400, 'VALIDATION', bilingual('目标日期无效', 'Invalid target date'), [{ pointer: '/targetDate', code: 'RANGE', message: bilingual('目标日期须为今天或以后（YYYY-MM-DD）', 'targetDate must be today or later (YYYY-MM-DD)') }]);
  }
  const policy = RECRUITMENT_POLICY_REGISTRY.inForce(ctx.now, String(ctx.user.stationId)).data;
  const size = req.size ?? policy.defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new AppError(400, 'VALIDATION', bilingual('名单人数无效', 'Invalid size'), [{ pointer: '/size', code: 'RANGE', message: bilingual('人数须为 1–1000', 'size must be 1–1000') }]);
  }
  const quietDays = req.quietDays ?? policy.quietDays;
  const donationType: DonationType = req.componentClass === 'platelets' ? 'apheresis_platelets' : 'whole_blood';
  return db.transaction(async (tx) => {
    const [campaign] = await tx.insert(recruitmentCampaign).values({
      stationId: ctx.user.stationId, abo: req.abo, rhd: req.rhd, componentClass: req.componentClass ?? null, reason: req.reason,
      alertLevel: req.alertLevel ?? null, targetDate: req.targetDate, size, quietDays, createdBy: ctx.user.id, createdAt: ctx.now,
    }).returning();
    const ranked = await rankCandidates(tx, ctx, { ...req, donationType, quietDays });
    const chosen = ranked.slice(0, size);
    for (const [i, c] of chosen.entries()) {
      await tx.insert(campaignContact).values({
        stationId: ctx.user.stationId, campaignId: campaign.id, donorId: c.donorId, rank: i + 1, probability: c.probability,
        channel: c.channel, siteId: c.siteId, distanceKm: c.travelMinutes, status: 'contacted', contactedAt: ctx.now,
      });
      const payload = { name: c.name, group: `${req.abo}型RhD${req.rhd === 'NEG' ? '阴性' : '阳性'}`, site: c.siteName, targetDate: req.targetDate, campaignId: campaign.id };
      const channels: Channel[] = c.rhd === 'NEG' && c.channel !== 'phone_task' ? [c.channel, 'phone_task'] : [c.channel];
      for (const ch of channels) {
        await enqueueMessage(tx, ctx.user.stationId, { now: ctx.now,
          channel: ch, recipient: ch === 'wechat' ? (c.wechatOpenId ?? c.phone) : c.phone, donorId: c.donorId,
          template: ch === 'phone_task' ? 'recruitment_call' : 'recruitment', payload, dedupeKey: `campaign:${campaign.id}:donor:${c.donorId}:${ch}`,
        });
      }
    }
    await recordAudit(tx, ctx, { action: 'recruitment.start', entityType: 'recruitment_campaign', entityId: campaign.id,
      reason: req.reason === 'inventory_alert' ? `库存预警 ${req.alertLevel ?? ''}`.trim() : null,
      after: { ...req, size, quietDays, contacts: chosen.length, candidates: ranked.length } });
    return { ...campaign, candidates: ranked.length, contacts: chosen.map((c, i) => ({ rank: i + 1, ...c })) };
  });
}

interface Candidate {
  donorId: number; name: string; phone: string; abo: string; rhd: RhD; probability: number; channel: Channel; wechatOpenId: string | null;
  siteId: number | null; siteName: string; travelMinutes: number | null;
  features: { recencyMonths: number; frequency: number; volumeMl: number; firstDonationMonths: number };
}

async function rankCandidates(tx: DbOrTx, ctx: ActionContext, req: CampaignRequest & { donationType: DonationType; quietDays: number }): Promise<Candidate[]> {
  const stationId = ctx.user.stationId;
  const quietSince = new Date(ctx.now.getTime() - req.quietDays * 86_400_000);
  const pool = await tx.select({ d: donor, p: donorProfile }).from(donor).leftJoin(donorProfile, eq(donorProfile.donorId, donor.id))
    .where(and(eq(donor.stationId, stationId), eq(donor.abo, req.abo), eq(donor.rhd, req.rhd), eq(donor.permanentlyDeferred, false), isNotNull(donor.phone),
      sql`coalesce(${donorProfile.optOutRecruitment}, false) = false`,
      sql`not exists (select 1 from ${campaignContact} cc where cc.donor_id = ${donor.id} and cc.contacted_at > ${quietSince.toISOString()}::timestamptz)`));
  if (pool.length === 0) return [];
  const ids = pool.map((r) => r.d.id);
  const history = await tx.select({ donorId: donation.donorId, type: donation.donationType, at: donation.collectedAt, volumeMl: donation.volumeMl })
    .from(donation).where(inArray(donation.donorId, ids)).orderBy(asc(donation.collectedAt));
  const deferrals = await tx.select().from(donorDeferral).where(inArray(donorDeferral.idNumber, pool.map((r) => r.d.idNumber)));
  const sites = (await tx.select().from(donationSite).where(and(eq(donationSite.stationId, stationId), eq(donationSite.active, true))));
  const open: typeof sites = [];
  for (const s of sites) if ((await periodsOn(tx, s, req.targetDate)).length > 0) open.push(s);
  const travel = TRAVEL_REGISTRY.inForce(ctx.now).data;
  const policy = RECRUITMENT_POLICY_REGISTRY.inForce(ctx.now, String(stationId)).data;
  const rules = ELIGIBILITY_REGISTRY.inForce(new Date(`${req.targetDate}T12:00:00+08:00`), String(stationId));
  const model = RETURN_MODEL_REGISTRY.inForce(ctx.now).data;
  const out: Candidate[] = [];
  for (const { d, p } of pool) {
    const h = history.filter((x) => x.donorId === d.id);
    const recordDeferrals = deferrals.filter((x) => x.idNumber === d.idNumber).map((x) => ({ code: x.code, from: x.fromDay, until: x.until }));
    if (d.deferredUntil) recordDeferrals.push({ code: 'staff', from: '1900-01-01', until: d.deferredUntil });
    const decision = assessEligibility({
      date: req.targetDate, donationType: req.donationType,
      donor: { birthDate: d.birthDate, sex: d.sex as 'male' | 'female', previousDonations: h.length, deferrals: recordDeferrals },
      history: h.filter((x) => x.type === 'whole_blood' || x.type === 'apheresis_platelets').map((x) => ({ type: x.type as DonationType, date: shanghaiDate(x.at), volumeMl: x.volumeMl })),
    }, rules);
    if (!decision.eligible || h.length === 0) continue; // recruitment targets returning donors with a history
    let best: { site: (typeof open)[number]; minutes: number | null } | null = null;
    for (const s of open) {
      const minutes = p?.homeLat != null && p.homeLon != null && s.lat != null && s.lon != null
        ? travelMinutes({ lat: p.homeLat, lon: p.homeLon }, { lat: s.lat, lon: s.lon }, travel) : null;
      if (minutes !== null && minutes > policy.maxTravelMinutes) continue;
      if (!best || (minutes ?? 1e9) < (best.minutes ?? 1e9)) best = { site: s, minutes };
    }
    if (!best) continue;
    const nowMs = ctx.now.getTime();
    const features = {
      recencyMonths: Math.max(0, (nowMs - h[h.length - 1].at.getTime()) / 86_400_000 / MONTH_DAYS),
      frequency: h.length,
      volumeMl: h.reduce((s, x) => s + x.volumeMl, 0),
      firstDonationMonths: Math.max(0, (nowMs - h[0].at.getTime()) / 86_400_000 / MONTH_DAYS),
    };
    out.push({
      donorId: d.id, name: d.name, phone: d.phone!, abo: d.abo!, rhd: d.rhd as RhD, probability: Math.round(rawProbability(features, model) * 10_000) / 10_000,
      channel: (p?.preferredChannel === 'wechat' && p.wechatOpenId ? 'wechat' : p?.preferredChannel === 'phone' ? 'phone_task' : 'sms') as Channel,
      wechatOpenId: p?.wechatOpenId ?? null, siteId: best.site.id, siteName: best.site.name,
      travelMinutes: best.minutes === null ? null : Math.round(best.minutes), features,
    });
  }
  return out.sort((a, b) => RARITY[a.rhd] - RARITY[b.rhd] || b.probability - a.probability || (a.travelMinutes ?? 1e9) - (b.travelMinutes ?? 1e9) || a.donorId - b.donorId);
}

/** Campaigns with their funnel (contacted → booked → donated). */
export async function listCampaigns(db: Db, stationId: number) {
  const campaigns = await db.select().from(recruitmentCampaign).where(eq(recruitmentCampaign.stationId, stationId)).orderBy(desc(recruitmentCampaign.createdAt));
  const funnel = await db.select({ campaignId: campaignContact.campaignId, status: campaignContact.status, n: sql<number>`count(*)::int` })
    .from(campaignContact).where(eq(campaignContact.stationId, stationId)).groupBy(campaignContact.campaignId, campaignContact.status);
  return campaigns.map((c) => {
    const f = funnel.filter((x) => x.campaignId === c.id);
    const n = (s: string) => f.find((x) => x.status === s)?.n ?? 0;
    // booked includes those who went on to donate; contacted includes everyone
    return { ...c, funnel: { contacted: n('contacted') + n('booked') + n('donated'), booked: n('booked') + n('donated'), donated: n('donated') } };
  });
}

export async function campaignContacts(db: Db, stationId: number, campaignId: number) {
  return db.select({
    rank: campaignContact.rank, donorId: donor.id, name: donor.name, donorNumber: donor.donorNumber, abo: donor.abo, rhd: donor.rhd,
    probability: campaignContact.probability, channel: campaignContact.channel, status: campaignContact.status, siteName: donationSite.name,
    travelMinutes: campaignContact.distanceKm, contactedAt: campaignContact.contactedAt, bookedAt: campaignContact.bookedAt, donatedAt: campaignContact.donatedAt,
  }).from(campaignContact).innerJoin(donor, eq(donor.id, campaignContact.donorId)).leftJoin(donationSite, eq(donationSite.id, campaignContact.siteId))
    .where(and(eq(campaignContact.campaignId, campaignId), eq(campaignContact.stationId, stationId))).orderBy(asc(campaignContact.rank));
}

/** Marks the donor's latest booked/contacted campaign contact as donated (called at collection). */
export async function markCampaignDonated(tx: DbOrTx, donorId: number, now: Date) {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const rows = await tx.select({ id: campaignContact.id }).from(campaignContact)
    .where(and(eq(campaignContact.donorId, donorId), inArray(campaignContact.status, ['contacted', 'booked']), gt(campaignContact.contactedAt, since)))
    .orderBy(desc(campaignContact.contactedAt)).limit(1);
  if (rows[0]) await tx.update(campaignContact).set({ status: 'donated', donatedAt: now }).where(eq(campaignContact.id, rows[0].id));
}

/** Records a donor's opt-out (or opt back in) of recruitment messages. */
export async function setOptOut(db: Db, ctx: ActionContext, donorId: number, optOut: boolean) {
  return db.transaction(async (tx) => {
    await tx.insert(donorProfile).values({ donorId, stationId: ctx.user.stationId, optOutRecruitment: optOut, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: donorProfile.donorId, set: { optOutRecruitment: optOut, updatedAt: ctx.now } });
    await recordAudit(tx, ctx, { action: optOut ? 'donor.opt_out' : 'donor.opt_in', entityType: 'donor', entityId: donorId });
    return { donorId, optOut };
  });
}
