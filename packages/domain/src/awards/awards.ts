/**
 * National donor awards (全国无偿献血表彰奖励办法, 2022年版): 无偿献血奉献奖 bronze / silver / gold, 终身荣誉奖,
 * and the 志愿服务奖 star levels.
 *
 * @see china-blood-service-rules.md §4.1 ([S29]–[S33])
 */
import { validationError, type FieldError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry, type RuleRegistry } from '../rules/registry.ts';

export type AwardLevel = 'bronze' | 'silver' | 'gold' | 'lifetime';
export const AWARD_LEVELS: readonly AwardLevel[] = ['bronze', 'silver', 'gold', 'lifetime'];

export interface AwardRules {
  /** Minimum counted donations per level (inclusive). */
  readonly thresholds: { readonly bronze: number; readonly silver: number; readonly gold: number; readonly ref: RuleRef };
  /** Whole blood: one counted donation per this many ml (200 ml = 1, 400 ml = 2). */
  readonly wholeBloodMlPerCount: { readonly ml: number; readonly ref: RuleRef };
  /** Apheresis platelets: counts per therapeutic dose, before and from `changeDate`. */
  readonly plateletCountPerDose: { readonly before: number; readonly from: number; readonly changeDate: string; readonly ref: RuleRef };
  /** Lifetime honour: on the n-th gold award, once. */
  readonly lifetimeOnGoldNumber: { readonly n: number; readonly ref: RuleRef };
  readonly recountAfterGold: RuleRef;
  /** Volunteer service stars: hours for 1★ … 5★. */
  readonly volunteerStarHours: { readonly hours: readonly [number, number, number, number, number]; readonly ref: RuleRef };
  /** Volunteer lifetime honour: (> years and > hours) or > hoursAlone. */
  readonly volunteerLifetime: { readonly years: number; readonly hours: number; readonly hoursAlone: number; readonly ref: RuleRef };
}

const SRC = '全国无偿献血表彰奖励办法';
/**
 * The 2022 measures. Thresholds 20/30/40; 200 ml = 1; 1 platelet dose = 1 (4 before 2010-01-01); the count
 * restarts after gold from the 40th counted donation (excluded); lifetime honour with the 3rd gold, once;
 * volunteer stars 100/300/600/1000/1500 h; volunteer lifetime > 10 y and > 2000 h, or > 3000 h.
 */
export const AWARDS_2022: RuleSet<AwardRules> = {
  id: 'national-donor-awards:2022',
  family: 'national-donor-awards',
  source: SRC,
  version: '2022',
  effectiveFrom: '2022-01-01T00:00:00+08:00',
  clauses: [
    { ref: '奉献奖', summary: '铜奖≥20次，银奖≥30次，金奖≥40次' },
    { ref: '计数', summary: '全血200 ml计1次；机采血小板1个治疗单位计1次 (2010-01-01前计4次)' },
    { ref: '金奖后重新计数', summary: '自获金奖所计第40次献血之日起重新计数 (第40次不计)' },
    { ref: '终身荣誉奖', summary: '第3次获金奖时同时授予，仅授予一次' },
    { ref: '志愿服务奖', summary: '1★100 h … 5★1500 h (GB/T 40143-2021)' },
  ],
  notes: 'effectiveFrom is the year of the 2022 version (the exact date was not seen); the 2014 version had the same 20/30/40 thresholds.',
  data: {
    thresholds: { bronze: 20, silver: 30, gold: 40, ref: { source: SRC, version: '2022', clause: '奉献奖 20/30/40', evidence: 'verified', note: '[S30][S31]' } },
    wholeBloodMlPerCount: { ml: 200, ref: { source: SRC, version: '2022', clause: '全血每200 ml计1次', evidence: 'verified', note: '[S30][S31]; partial 200 ml not counted (best knowledge)' } },
    plateletCountPerDose: { before: 4, from: 1, changeDate: '2010-01-01', ref: { source: SRC, version: '2022', clause: '机采血小板1治疗单位计1次 (2010年前计4次)', evidence: 'verified', note: '[S30][S31][S32]' } },
    lifetimeOnGoldNumber: { n: 3, ref: { source: SRC, version: '2022', clause: '终身荣誉奖: 获金奖3次', evidence: 'verified', note: '[S29][S30][S31]' } },
    recountAfterGold: { source: SRC, version: '2022', clause: '获金奖后自第40次献血之日起重新计数', evidence: 'verified', note: '[S30][S31]' },
    volunteerStarHours: { hours: [100, 300, 600, 1000, 1500], ref: { source: SRC, version: '2022', clause: '志愿服务奖 星级', evidence: 'verified', note: '[S33]' } },
    volunteerLifetime: { years: 10, hours: 2000, hoursAlone: 3000, ref: { source: SRC, version: '2022', clause: '志愿服务终身荣誉奖', evidence: 'verified', note: '[S33]' } },
  },
};

export const AWARDS_REGISTRY: RuleRegistry<AwardRules> = createRuleRegistry('national-donor-awards', [AWARDS_2022]);

export interface AwardDonation {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly type: 'whole_blood' | 'apheresis_platelets';
  readonly volumeMl?: number;
  readonly doses?: number;
}

export interface PreviousAward {
  readonly level: AwardLevel;
  /** YYYY-MM-DD */
  readonly date: string;
}

export interface AwardInput {
  /** Last day of the award cycle (YYYY-MM-DD); later donations do not count. */
  readonly cycleEnd: string;
  readonly donations: readonly AwardDonation[];
  readonly previousAwards: readonly PreviousAward[];
}

export interface AwardResult {
  /** The award this cycle, or null. `lifetime` is given together with gold. */
  readonly award: AwardLevel | null;
  /** Donations counted since the last restart. */
  readonly count: number;
  /** Lifetime total of counted donations up to cycleEnd. */
  readonly totalCount: number;
  readonly ruleSetId: string;
  readonly reasons: readonly { readonly code: string; readonly message: string; readonly ref?: RuleRef }[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Field errors for {@link evaluateAward} input (bilingual messages). */
export function validateAwardInput(input: unknown): FieldError[] {
  if (typeof input !== 'object' || input === null) return [{ field: '', code: 'TYPE', message: '输入须为对象 / input must be an object' }];
  const i = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (!validDate(i.cycleEnd)) errors.push({ field: 'cycleEnd', code: 'DATE', message: '周期截止日须为 YYYY-MM-DD / cycleEnd must be YYYY-MM-DD' });
  if (!Array.isArray(i.donations)) errors.push({ field: 'donations', code: 'TYPE', message: '献血记录须为数组 / donations must be an array' });
  else i.donations.forEach((raw, k) => {
    const d = (raw ?? {}) as Record<string, unknown>;
    if (!validDate(d.date)) errors.push({ field: `donations[${k}].date`, code: 'DATE', message: '日期须为 YYYY-MM-DD / date must be YYYY-MM-DD' });
    if (d.type === 'whole_blood') {
      if (typeof d.volumeMl !== 'number' || !Number.isInteger(d.volumeMl) || d.volumeMl <= 0 || d.volumeMl > 1000) {
        errors.push({ field: `donations[${k}].volumeMl`, code: 'RANGE', message: '全血量须为 1–1000 的整数 ml / volumeMl must be an integer 1–1000' });
      }
    } else if (d.type === 'apheresis_platelets') {
      if (typeof d.doses !== 'number' || !Number.isInteger(d.doses) || d.doses < 1 || d.doses > 3) {
        errors.push({ field: `donations[${k}].doses`, code: 'RANGE', message: '治疗量须为 1–3 的整数 / doses must be an integer 1–3' });
      }
    } else errors.push({ field: `donations[${k}].type`, code: 'TYPE', message: '类型须为 whole_blood 或 apheresis_platelets / type must be whole_blood or apheresis_platelets' });
  });
  if (!Array.isArray(i.previousAwards)) errors.push({ field: 'previousAwards', code: 'TYPE', message: '既往奖项须为数组 / previousAwards must be an array' });
  else i.previousAwards.forEach((raw, k) => {
    const a = (raw ?? {}) as Record<string, unknown>;
    if (!AWARD_LEVELS.includes(a.level as AwardLevel)) errors.push({ field: `previousAwards[${k}].level`, code: 'LEVEL', message: '奖项须为 bronze|silver|gold|lifetime / level must be bronze|silver|gold|lifetime' });
    if (!validDate(a.date)) errors.push({ field: `previousAwards[${k}].date`, code: 'DATE', message: '日期须为 YYYY-MM-DD / date must be YYYY-MM-DD' });
  });
  return errors;
}

/**
 * Counted donations of one donation: whole blood ⌊volume ÷ 200⌋; platelets doses × 1 (× 4 before 2010-01-01).
 *
 * @see china-blood-service-rules.md §4.1 Counting
 */
export function awardCountOf(d: AwardDonation, rules: AwardRules = AWARDS_2022.data): number {
  if (d.type === 'whole_blood') return Math.floor((d.volumeMl ?? 0) / rules.wholeBloodMlPerCount.ml);
  const p = rules.plateletCountPerDose;
  return (d.doses ?? 0) * (d.date < p.changeDate ? p.before : p.from);
}

const rank: Record<AwardLevel, number> = { bronze: 1, silver: 2, gold: 3, lifetime: 4 };
const zhOf: Record<AwardLevel, string> = { bronze: '铜奖', silver: '银奖', gold: '金奖', lifetime: '终身荣誉奖' };

/**
 * Evaluates a donor's 无偿献血奉献奖 for the cycle ending `cycleEnd`.
 *
 * Replays donations in date order. Each gold already awarded (in `previousAwards`, in date order) restarts the
 * count after the donation that brought the running count to 40 (that donation excluded; a surplus of a 400 ml
 * donation crossing 40 is not carried). A level is proposed only when it is higher than the best level already
 * received since the last restart. Qualifying for gold when two golds were already received gives `lifetime`
 * (with gold), unless lifetime was already awarded.
 *
 * @returns `{ award, count, totalCount, ruleSetId, reasons }`
 * @throws DomainError `VALIDATION` naming `cycleEnd`, `donations[i].*`, `previousAwards[i].*`
 * @see china-blood-service-rules.md §4.1
 */
export function evaluateAward(input: AwardInput): AwardResult {
  const errors = validateAwardInput(input);
  if (errors.length > 0) throw validationError(errors, { zh: '表彰评审输入无效', en: 'invalid award input' });
  const set = AWARDS_REGISTRY.find(new Date(`${input.cycleEnd}T12:00:00+08:00`)) ?? AWARDS_2022;
  const r = set.data;
  const reasons: { code: string; message: string; ref?: RuleRef }[] = [];
  const donations = input.donations.filter((d) => d.date <= input.cycleEnd).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const awards = input.previousAwards.filter((a) => a.date <= input.cycleEnd).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const golds = awards.filter((a) => a.level === 'gold');
  const hadLifetime = awards.some((a) => a.level === 'lifetime');
  const totalCount = donations.reduce((s, d) => s + awardCountOf(d, r), 0);
  if (donations.some((d) => d.type === 'apheresis_platelets' && d.date < r.plateletCountPerDose.changeDate)) {
    reasons.push({ code: 'PLATELET_BEFORE_2010', message: '2010年前的机采血小板每治疗单位计4次 / platelet doses before 2010 count 4 each', ref: r.plateletCountPerDose.ref });
  }

  // Replay: find the restart point of each gold already received.
  let count = 0;
  let goldIdx = 0;
  let restartDate: string | undefined;
  for (const d of donations) {
    count += awardCountOf(d, r);
    if (goldIdx < golds.length && count >= r.thresholds.gold && d.date <= golds[goldIdx].date) {
      restartDate = d.date;
      reasons.push({ code: 'RECOUNT_AFTER_GOLD', message: `第${goldIdx + 1}次金奖 (${golds[goldIdx].date}) 后自 ${d.date} 起重新计数 / count restarts after gold #${goldIdx + 1}, from ${d.date} (that donation excluded)`, ref: r.recountAfterGold });
      goldIdx += 1;
      count = 0;
    }
  }
  if (goldIdx < golds.length) {
    reasons.push({ code: 'GOLD_NOT_REPLAYED', message: `${golds.length - goldIdx} 次金奖无法由献血记录重现，按颁奖日重新计数 / ${golds.length - goldIdx} gold award(s) not supported by the records; count restarts at the award date` });
    const last = golds[golds.length - 1].date;
    restartDate = last;
    count = donations.filter((d) => d.date > last).reduce((s, d) => s + awardCountOf(d, r), 0);
    goldIdx = golds.length;
  }
  const since = awards.filter((a) => a.level !== 'lifetime' && (restartDate === undefined || a.date >= restartDate) && a.level !== 'gold');
  const heldRank = since.reduce((m, a) => Math.max(m, rank[a.level]), 0);

  const t = r.thresholds;
  const reached: AwardLevel | null = count >= t.gold ? 'gold' : count >= t.silver ? 'silver' : count >= t.bronze ? 'bronze' : null;
  reasons.push({ code: 'COUNT', message: `本轮计数 ${count} 次 (累计 ${totalCount}) / ${count} donations counted since the last restart (lifetime ${totalCount})`, ref: t.ref });
  if (reached === null) {
    return { award: null, count, totalCount, ruleSetId: set.id, reasons: [...reasons, { code: 'BELOW_BRONZE', message: `不足 ${t.bronze} 次 / fewer than ${t.bronze}`, ref: t.ref }] };
  }
  if (rank[reached] <= heldRank) {
    return { award: null, count, totalCount, ruleSetId: set.id, reasons: [...reasons, { code: 'ALREADY_HELD', message: `已获${zhOf[reached]}或更高奖项 / ${reached} or higher already received since the last restart` }] };
  }
  if (reached === 'gold' && golds.length + 1 >= r.lifetimeOnGoldNumber.n && !hadLifetime) {
    reasons.push({ code: 'LIFETIME', message: `第${golds.length + 1}次金奖，同时授予终身荣誉奖 / gold #${golds.length + 1}: lifetime honour with gold`, ref: r.lifetimeOnGoldNumber.ref });
    return { award: 'lifetime', count, totalCount, ruleSetId: set.id, reasons };
  }
  reasons.push({ code: 'LEVEL', message: `符合${zhOf[reached]}条件 / qualifies for ${reached}`, ref: t.ref });
  return { award: reached, count, totalCount, ruleSetId: set.id, reasons };
}

/**
 * Volunteer service award (志愿服务奖) star level and lifetime honour.
 *
 * @param hours - volunteer service hours (≥ 0)
 * @param years - years of service (≥ 0)
 * @returns stars 0–5 (1★ ≥ 100 h … 5★ ≥ 1500 h); lifetime when (> 10 y and > 2000 h) or > 3000 h
 * @throws DomainError `VALIDATION` (`hours`, `years`)
 * @see china-blood-service-rules.md §4.1 志愿服务奖 [S33]
 */
export function volunteerAward(hours: number, years: number, rules: AwardRules = AWARDS_2022.data): { stars: number; lifetime: boolean } {
  const errors: FieldError[] = [];
  if (!Number.isFinite(hours) || hours < 0) errors.push({ field: 'hours', code: 'RANGE', message: '服务时长须 ≥ 0 / hours must be ≥ 0' });
  if (!Number.isFinite(years) || years < 0) errors.push({ field: 'years', code: 'RANGE', message: '服务年限须 ≥ 0 / years must be ≥ 0' });
  if (errors.length > 0) throw validationError(errors);
  const stars = rules.volunteerStarHours.hours.filter((h) => hours >= h).length;
  const l = rules.volunteerLifetime;
  return { stars, lifetime: (years > l.years && hours > l.hours) || hours > l.hoursAlone };
}
