/**
 * Blood-fee exemption entitlement (用血费用减免): how much clinical blood a donor, or a relative of the donor,
 * may use free of the collection, storage, separation and testing fees (献血法 Art. 14), under the rules of
 * the province in force on the date of use.
 *
 * @see china-blood-service-rules.md §4.2; china-it-standards.md §7 R67
 */
import { validationError, type FieldError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import {
  BENEFITS_HENAN_2020, BENEFITS_REGISTRY, DEFAULT_BENEFIT_PROVINCE, PROVINCES, RELATIONS,
  type Band, type BenefitRules, type CumulativeTier, type Grant, type Province, type Relation, type RelationRule,
} from './rules.ts';

/** A donation as the entitlement engine sees it. Dates are calendar days (YYYY-MM-DD, Asia/Shanghai). */
export interface BenefitDonation {
  readonly date: string;
  readonly type: 'whole_blood' | 'apheresis_platelets';
  /** Whole blood volume, ml (required for whole blood). */
  readonly volumeMl?: number;
  /** Apheresis platelet therapeutic doses (治疗量), required for platelets; converted by the province's rule. */
  readonly doses?: number;
  /** Test result qualified (检测合格). */
  readonly qualified: boolean;
}

export interface EntitlementInput {
  /** Lowercase pinyin; unknown provinces use the Henan default (with a reason saying so). */
  readonly province: string;
  /** Day of blood use (YYYY-MM-DD). */
  readonly onDate: string;
  readonly relation: Relation;
  readonly donations: readonly BenefitDonation[];
  /** Volume already exempted from this entitlement pool, ml (≥ 0). */
  readonly usedMl: number;
}

/** One reason line: a code, a bilingual message and the clause applied. */
export interface EntitlementReason {
  readonly code: string;
  readonly message: string;
  readonly ref?: RuleRef;
}

/**
 * Decision. `unlimited` → `entitledMl` and `remainingMl` are `null`. Otherwise both are ml with
 * `0 ≤ remainingMl = max(0, entitledMl − usedMl)`.
 */
export interface EntitlementResult {
  readonly unlimited: boolean;
  readonly entitledMl: number | null;
  readonly remainingMl: number | null;
  /** "<source> <version> (<rule set id>)". */
  readonly rule: string;
  readonly ruleSetId: string;
  readonly reasons: readonly EntitlementReason[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function validDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Adds whole calendar years to a YYYY-MM-DD day (29 Feb → 28 Feb in a common year).
 *
 * @param day - YYYY-MM-DD
 * @param years - whole years (may be 0)
 */
export function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const m = Number(day.slice(5, 7));
  let d = Number(day.slice(8, 10));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) d = last;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The band in force `onDate` for a band sequence starting `startDate` (`untilYears` exclusive). */
function bandOn(bands: readonly Band[], startDate: string, onDate: string): Band | undefined {
  return bands.find((b) => b.untilYears === undefined || onDate < addYears(startDate, b.untilYears));
}

/**
 * Validates the input of {@link evaluateEntitlement}.
 *
 * @returns field errors (empty when valid); messages are bilingual
 */
export function validateEntitlementInput(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const i = (input ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) {
    return [{ field: '', code: 'TYPE', message: '输入须为对象 / input must be an object' }];
  }
  if (typeof i.province !== 'string' || !/^[a-z]+$/.test(i.province)) {
    errors.push({ field: 'province', code: 'PROVINCE', message: '省份须为小写拼音 / province must be lowercase pinyin, e.g. henan' });
  }
  if (!validDate(i.onDate)) errors.push({ field: 'onDate', code: 'DATE', message: '用血日期须为 YYYY-MM-DD / onDate must be YYYY-MM-DD' });
  if (!RELATIONS.includes(i.relation as Relation)) {
    errors.push({ field: 'relation', code: 'RELATION', message: `关系须为 ${RELATIONS.join('|')} / relation must be one of ${RELATIONS.join('|')}` });
  }
  if (typeof i.usedMl !== 'number' || !Number.isFinite(i.usedMl) || i.usedMl < 0) {
    errors.push({ field: 'usedMl', code: 'RANGE', message: '已用量须为非负数 (ml) / usedMl must be a number ≥ 0 (ml)' });
  }
  if (!Array.isArray(i.donations)) {
    errors.push({ field: 'donations', code: 'TYPE', message: '献血记录须为数组 / donations must be an array' });
  } else {
    i.donations.forEach((raw, k) => {
      const d = (raw ?? {}) as Record<string, unknown>;
      const f = `donations[${k}]`;
      if (!validDate(d.date)) errors.push({ field: `${f}.date`, code: 'DATE', message: '献血日期须为 YYYY-MM-DD / date must be YYYY-MM-DD' });
      if (d.type === 'whole_blood') {
        if (typeof d.volumeMl !== 'number' || !Number.isInteger(d.volumeMl) || d.volumeMl <= 0 || d.volumeMl > 1000) {
          errors.push({ field: `${f}.volumeMl`, code: 'RANGE', message: '全血量须为 1–1000 的整数 ml / volumeMl must be an integer 1–1000 ml' });
        }
      } else if (d.type === 'apheresis_platelets') {
        if (typeof d.doses !== 'number' || !Number.isFinite(d.doses) || d.doses <= 0 || d.doses > 3) {
          errors.push({ field: `${f}.doses`, code: 'RANGE', message: '血小板治疗量须为 0–3 / doses must be > 0 and ≤ 3' });
        }
      } else {
        errors.push({ field: `${f}.type`, code: 'TYPE', message: '类型须为 whole_blood 或 apheresis_platelets / type must be whole_blood or apheresis_platelets' });
      }
      if (typeof d.qualified !== 'boolean') errors.push({ field: `${f}.qualified`, code: 'TYPE', message: '是否合格须为布尔值 / qualified must be true or false' });
    });
  }
  return errors;
}

/**
 * The rule set for a province on a day; an unconfigured province (or a day before its first set) falls back
 * to Henan, the default.
 *
 * @param province - lowercase pinyin
 * @param onDate - YYYY-MM-DD
 * @returns the set and whether it was a fallback
 */
export function benefitRulesFor(province: string, onDate: string): { set: RuleSet<BenefitRules>; fallback: boolean } {
  const on = new Date(`${onDate}T12:00:00+08:00`);
  const found = PROVINCES.includes(province as Province) ? BENEFITS_REGISTRY.find(on, province) : undefined;
  if (found && found.tenantId === province) return { set: found, fallback: false };
  const henan = BENEFITS_REGISTRY.find(on, DEFAULT_BENEFIT_PROVINCE);
  return { set: henan ?? BENEFITS_HENAN_2020, fallback: true };
}

interface Counted {
  readonly date: string;
  readonly ml: number;
  readonly platelets: number;
}

function grantMl(g: Grant, ml: number): number | 'unlimited' {
  if (g.kind === 'unlimited') return 'unlimited';
  if (g.kind === 'none') return 0;
  return g.factor * ml;
}

/**
 * The start of a tier's bands: the date of the latest counted donation, provided the counted volume (or the
 * platelet doses) meets the tier. Measuring from the latest donation keeps the result monotone (another
 * donation never shortens an unlimited period); the reference does not say which date the years run from.
 */
function tierReachedOn(tier: CumulativeTier, counted: readonly Counted[]): string | undefined {
  let ml = 0;
  let platelets = 0;
  let last: string | undefined;
  for (const c of counted) {
    if (tier.donatedBefore !== undefined && c.date >= tier.donatedBefore) continue;
    ml += c.ml;
    platelets += c.platelets;
    last = c.date;
  }
  const byVolume = tier.inclusive ? ml >= tier.minMl : ml > tier.minMl;
  const byPlatelets = tier.minPlateletDoses !== undefined && platelets >= tier.minPlateletDoses;
  return byVolume || byPlatelets ? last : undefined;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Evaluates the blood-fee exemption entitlement of a donor (`relation: 'self'`) or of a relative.
 *
 * Counting: donations dated after `onDate` are ignored; qualified donations count with their volume
 * (platelet doses × the province's ml per dose); failed-test donations count only where the rule says so
 * (Guangdong donor: 3× their volume, outside the cumulative tiers). The entitlement is the best of the per-
 * donation scheme (Σ band factor × volume, years measured from each donation) and every reached cumulative
 * tier (band from the latest donation once the tier is met; a multiple applies to the cumulative counted volume).
 *
 * @param input - see {@link EntitlementInput}; `usedMl` is what this pool already spent
 * @returns `{ unlimited, entitledMl, remainingMl, rule, ruleSetId, reasons }`; remaining is never negative
 * @throws DomainError `VALIDATION` with field errors (`province`, `onDate`, `relation`, `donations[i].*`, `usedMl`)
 * @see china-blood-service-rules.md §4.2; china-it-standards.md R67
 */
export function evaluateEntitlement(input: EntitlementInput): EntitlementResult {
  const errors = validateEntitlementInput(input);
  if (errors.length > 0) throw validationError(errors, { zh: '减免计算输入无效', en: 'invalid entitlement input' });
  const { set, fallback } = benefitRulesFor(input.province, input.onDate);
  const rules = set.data;
  const rule = `${set.source} ${set.version} (${set.id})`;
  const reasons: EntitlementReason[] = [];
  if (fallback) {
    reasons.push({ code: 'DEFAULT_PROVINCE', message: `未配置 ${input.province} 的减免规则，按默认河南标准 / no rule set for ${input.province} on ${input.onDate}; Henan default applied` });
  }
  const none = (code: string, message: string, ref?: RuleRef): EntitlementResult => ({
    unlimited: false, entitledMl: 0, remainingMl: 0, rule, ruleSetId: set.id, reasons: [...reasons, { code, message, ref }],
  });

  const relationRule: RelationRule | undefined = rules.relations.find((r) => r.relations.includes(input.relation));
  if (!relationRule) {
    return none('RELATION_NOT_COVERED', `${rules.regionZh}规则不覆盖该关系 (${input.relation}) / the ${rules.province} rules do not cover relation ${input.relation}`);
  }

  const ofDay = [...input.donations].filter((d) => d.date <= input.onDate).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const ignored = input.donations.length - ofDay.length;
  if (ignored > 0) reasons.push({ code: 'FUTURE_DONATIONS_IGNORED', message: `${ignored} 次献血晚于用血日期，不计 / ${ignored} donation(s) after onDate ignored` });

  const doseMl = rules.plateletDoseMl.ml;
  const mlOf = (d: BenefitDonation) => (d.type === 'whole_blood' ? d.volumeMl ?? 0 : (d.doses ?? 0) * doseMl);
  const counted: Counted[] = ofDay.filter((d) => d.qualified).map((d) => ({
    date: d.date, ml: mlOf(d), platelets: d.type === 'apheresis_platelets' ? d.doses ?? 0 : 0,
  }));
  if (ofDay.some((d) => d.type === 'apheresis_platelets')) {
    reasons.push({ code: 'PLATELET_CONVERSION', message: `血小板 1 治疗量折合 ${doseMl} ml / 1 platelet dose counts as ${doseMl} ml`, ref: rules.plateletDoseMl.ref });
  }
  const cumulativeMl = counted.reduce((s, c) => s + c.ml, 0);
  reasons.push({ code: 'CUMULATIVE', message: `累计合格献血 ${fmt(cumulativeMl)} ml / cumulative qualified volume ${fmt(cumulativeMl)} ml` });

  if (relationRule.requiresDonorCumulativeMl !== undefined && cumulativeMl < relationRule.requiresDonorCumulativeMl) {
    return none('DONOR_VOLUME_TOO_LOW',
      `该关系需献血者累计≥${relationRule.requiresDonorCumulativeMl} ml / this relation needs the donor to have ≥ ${relationRule.requiresDonorCumulativeMl} ml`, relationRule.ref);
  }

  let unlimited = false;
  let best = 0;
  let bestReason: EntitlementReason | undefined;

  // Per-donation scheme.
  if (relationRule.perDonation) {
    let sum = 0;
    for (const c of counted) {
      const band = bandOn(relationRule.perDonation.bands, c.date, input.onDate);
      const g = band ? grantMl(band.grant, c.ml) : 0;
      if (g === 'unlimited') { unlimited = true; } else { sum += g; }
    }
    best = sum;
    bestReason = { code: 'PER_DONATION', message: `按每次献血量及献血后年限计 ${fmt(sum)} ml / per-donation multiples give ${fmt(sum)} ml`, ref: relationRule.perDonation.ref };
  }

  // Cumulative tiers.
  for (const tier of relationRule.tiers) {
    const reached = tierReachedOn(tier, counted);
    if (reached === undefined) continue;
    const band = bandOn(tier.bands, reached, input.onDate);
    if (!band) continue;
    const tierMl = tier.donatedBefore !== undefined ? counted.filter((c) => c.date < tier.donatedBefore!).reduce((s, c) => s + c.ml, 0) : cumulativeMl;
    const g = grantMl(band.grant, tierMl);
    const label = `${tier.inclusive ? '≥' : '>'}${tier.minMl} ml${tier.donatedBefore ? ` (${tier.donatedBefore}前)` : ''}`;
    if (g === 'unlimited') {
      unlimited = true;
      reasons.push({ code: 'TIER_UNLIMITED', message: `累计${label}，末次献血 ${reached}，免费用血 / tier ${label} met (latest donation ${reached}): unlimited`, ref: tier.ref });
    } else if (g > best) {
      best = g;
      bestReason = { code: 'TIER_MULTIPLE', message: `累计${label}，${fmt(g)} ml / tier ${label} met (latest donation ${reached}): ${fmt(g)} ml`, ref: tier.ref };
    }
  }

  // Failed-test donations.
  const failed = ofDay.filter((d) => !d.qualified);
  if (failed.length > 0) {
    const ft = relationRule.failedTest;
    if (ft.counts) {
      const add = failed.reduce((s, d) => s + ft.factor * mlOf(d), 0);
      best += add;
      reasons.push({ code: 'FAILED_TEST_COUNTED', message: `检测不合格献血按 ${ft.factor} 倍计 ${fmt(add)} ml / failed-test donations count ${ft.factor}×: ${fmt(add)} ml`, ref: ft.ref });
    } else {
      reasons.push({ code: 'FAILED_TEST_EXCLUDED', message: `${failed.length} 次检测不合格献血不计 / ${failed.length} failed-test donation(s) not counted`, ref: ft.ref });
    }
  }

  if (unlimited) {
    return { unlimited: true, entitledMl: null, remainingMl: null, rule, ruleSetId: set.id, reasons };
  }
  if (bestReason) reasons.push(bestReason);
  if (best === 0 && counted.length > 0) {
    reasons.push({ code: 'NO_TIER_REACHED', message: '未达到减免标准 / no entitlement under these rules', ref: relationRule.ref });
  }
  const entitledMl = Math.round(best * 100) / 100;
  const remainingMl = Math.max(0, Math.round((entitledMl - input.usedMl) * 100) / 100);
  return { unlimited: false, entitledMl, remainingMl, rule, ruleSetId: set.id, reasons };
}
