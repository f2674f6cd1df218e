import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { addPeriod, ageOn, maxDay, parseDay } from './calendar.ts';
import { DONATION_TYPES } from './rules-gb18467-2011.ts';
import type { DonationType, EligibilityRules } from './rules-gb18467-2011.ts';

/** Physical examination and pre-donation test values (一般检查 + 献血前血液检测). */
export interface ExamInput {
  /** kg */ readonly weightKg: number;
  /** g/L */ readonly hbGPerL: number;
  /** mmHg */ readonly systolicMmHg: number;
  /** mmHg */ readonly diastolicMmHg: number;
  /** beats/min */ readonly pulseBpm: number;
  /** °C */ readonly temperatureC: number;
}

/** A previous donation: type and calendar day; apheresis rows give `volumeMl` (platelets + plasma) or `doses`. */
export interface HistoryEntry {
  readonly type: DonationType;
  readonly date: string;
  readonly volumeMl?: number;
  readonly doses?: number;
}

/** A questionnaire answer: code (docs/eligibility.md) and the day of the event / recovery / last dose. */
export interface AnswerInput {
  readonly code: string;
  readonly date?: string;
}

/** A deferral held on the donor record (屏蔽): reactive test or staff decision, across every station. */
export interface DonorDeferralInput {
  /** A `reactiveTestDeferrals` code (e.g. `reactive_hbsag`) or `staff`. */
  readonly code: string;
  /** Day the deferral started (test day). */
  readonly from: string;
  /** Last deferred day is the day before `until`; absent/null = permanent unless the code has a period. */
  readonly until?: string | null;
  readonly note?: string;
}

/** Input of {@link assessEligibility}; the CLI JSON shape of `redbridge eligibility assess`. */
export interface EligibilityInput {
  /** Day of the planned donation, `YYYY-MM-DD` (Asia/Shanghai). */
  readonly date: string;
  readonly donationType: DonationType;
  readonly donor: {
    readonly birthDate: string;
    readonly sex: 'male' | 'female';
    /** Donations before this one (a repeat donor has ≥ 1). */
    readonly previousDonations: number;
    /** A previous donation reaction ends the 55–60 extension. */
    readonly priorReaction?: boolean;
    readonly deferrals?: readonly DonorDeferralInput[];
  };
  /** Omit when assessing a future day (booking): exam rules are then reported in `checksPending`. */
  readonly exam?: ExamInput;
  readonly history?: readonly HistoryEntry[];
  readonly answers?: readonly AnswerInput[];
  /** Planned whole-blood volume (ml) or apheresis volume (ml, platelets + plasma). */
  readonly volumeMl?: number;
  /** Planned platelet therapeutic doses (1–2). */
  readonly doses?: number;
}

export type ReasonKind = 'permanent' | 'temporary' | 'exam' | 'age';

/** Why a donor cannot donate on the day, with the clause. */
export interface EligibilityReason {
  readonly code: string;
  /** "中文 / English" */
  readonly message: string;
  /** `GB18467-2011 §6.2 全血→全血 ≥ 6 个月` style: document + clause. */
  readonly source: string;
  readonly kind: ReasonKind;
  /** First day this reason no longer applies; absent when unknown or never. */
  readonly until?: string;
}

/** The decision: never a bare boolean. */
export interface EligibilityDecision {
  readonly eligible: boolean;
  /** The assessed day when eligible; else the first day every dated reason has lapsed; `null` when none can be given. */
  readonly eligibleFrom: string | null;
  readonly reasons: readonly EligibilityReason[];
  /** Rule set used (stored with the decision). */
  readonly ruleSetId: string;
  /** Checks not made because their input was absent (`exam`). */
  readonly checksPending: readonly string[];
}

const sourceOf = (ref: RuleRef) => `${ref.source}${ref.clause ? ` ${ref.clause}` : ''}`;

function validate(input: EligibilityInput, rules: EligibilityRules): FieldError[] {
  const errors: FieldError[] = [];
  const day = (field: string, v: unknown) => {
    if (typeof v !== 'string' || parseDay(v) === undefined) errors.push({ field, code: 'DATE', message: `日期须为 YYYY-MM-DD / ${field} must be a YYYY-MM-DD date` });
  };
  const num = (field: string, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      errors.push({ field, code: 'RANGE', message: `数值须在 ${min}–${max} / ${field} must be a number in ${min}–${max}` });
    }
  };
  day('date', input.date);
  if (!DONATION_TYPES.includes(input.donationType)) {
    errors.push({ field: 'donationType', code: 'ENUM', message: `献血类型须为 ${DONATION_TYPES.join('|')} / donationType must be ${DONATION_TYPES.join('|')}` });
  }
  if (typeof input.donor !== 'object' || input.donor === null) {
    errors.push({ field: 'donor', code: 'REQUIRED', message: '缺少献血者信息 / donor is required' });
  } else {
    day('donor.birthDate', input.donor.birthDate);
    if (input.donor.sex !== 'male' && input.donor.sex !== 'female') errors.push({ field: 'donor.sex', code: 'ENUM', message: '性别须为 male|female / donor.sex must be male|female' });
    num('donor.previousDonations', input.donor.previousDonations, 0, 10_000);
    (input.donor.deferrals ?? []).forEach((d, i) => {
      day(`donor.deferrals[${i}].from`, d.from);
      if (d.until != null) day(`donor.deferrals[${i}].until`, d.until);
      if (d.code !== 'staff' && !(d.code in rules.reactiveTestDeferrals)) {
        errors.push({ field: `donor.deferrals[${i}].code`, code: 'UNKNOWN_CODE', message: `未知屏蔽代码 ${d.code} / unknown deferral code` });
      }
    });
  }
  if (input.exam !== undefined) {
    num('exam.weightKg', input.exam.weightKg, 1, 400);
    num('exam.hbGPerL', input.exam.hbGPerL, 1, 300);
    num('exam.systolicMmHg', input.exam.systolicMmHg, 30, 300);
    num('exam.diastolicMmHg', input.exam.diastolicMmHg, 10, 200);
    num('exam.pulseBpm', input.exam.pulseBpm, 10, 250);
    num('exam.temperatureC', input.exam.temperatureC, 30, 45);
  }
  (input.history ?? []).forEach((h, i) => {
    day(`history[${i}].date`, h.date);
    if (!DONATION_TYPES.includes(h.type)) errors.push({ field: `history[${i}].type`, code: 'ENUM', message: `献血类型未知 / history[${i}].type must be ${DONATION_TYPES.join('|')}` });
    if (h.volumeMl !== undefined) num(`history[${i}].volumeMl`, h.volumeMl, 1, 2000);
    if (h.doses !== undefined) num(`history[${i}].doses`, h.doses, 1, 3);
  });
  (input.answers ?? []).forEach((a, i) => {
    if (a.date !== undefined) day(`answers[${i}].date`, a.date);
    if (!(a.code in rules.temporaryDeferrals) && !(a.code in rules.permanentDeferrals) && !(a.code in rules.reactiveTestDeferrals) && a.code !== 'none') {
      errors.push({ field: `answers[${i}].code`, code: 'UNKNOWN_CODE', message: `未知征询答案代码 ${String(a.code)} / unknown answer code (see docs/eligibility.md)` });
    }
  });
  if (input.volumeMl !== undefined) num('volumeMl', input.volumeMl, 1, 2000);
  if (input.doses !== undefined) num('doses', input.doses, 0, 10);
  return errors;
}

/**
 * Assesses a donor for one donation type on one day under GB 18467-2011 (or the rule set passed).
 *
 * Day arithmetic: an interval or deferral of period P after day D ends on D + P; the donor is eligible **on**
 * D + P and not the day before. Annual apheresis caps count donations in the 12 months before the day
 * (`day − 1 year < d ≤ day`) plus the planned one.
 *
 * @param input - see {@link EligibilityInput}; `exam` omitted → exam checks listed in `checksPending`
 * @param ruleSet - versioned rules, e.g. `ELIGIBILITY_REGISTRY.inForce(now, stationId)`
 * @returns `{eligible, eligibleFrom, reasons[{code, message, source, kind, until}], ruleSetId, checksPending}`
 * @throws DomainError `VALIDATION` (field errors) for malformed dates, numbers, types or unknown answer codes
 * @see GB 18467-2011 (china-blood-service-rules.md §1)
 */
export function assessEligibility(input: EligibilityInput, ruleSet: RuleSet<EligibilityRules>): EligibilityDecision {
  const r = ruleSet.data;
  const errors = validate(input, r);
  if (errors.length > 0) throw validationError(errors, { zh: '献血资格评估输入无效', en: 'invalid eligibility input' });
  const reasons: EligibilityReason[] = [];
  const day = input.date;
  const type = input.donationType;
  const { donor } = input;
  const push = (code: string, zh: string, en: string, ref: RuleRef, kind: ReasonKind, until?: string) =>
    reasons.push({ code, message: `${zh} / ${en}`, source: sourceOf(ref), kind, ...(until ? { until } : {}) });

  // Age
  const age = ageOn(donor.birthDate, day);
  const repeat = donor.previousDonations > 0 && donor.priorReaction !== true;
  const maxAge = repeat ? r.age.repeatDonorMaxYears : r.age.maxYears;
  if (age < r.age.minYears) {
    push('AGE_BELOW_MIN', `未满${r.age.minYears}周岁（${age}岁）`, `under ${r.age.minYears} (age ${age})`, r.age.ref, 'age',
      addPeriod(donor.birthDate, { n: r.age.minYears, unit: 'years' }));
  } else if (age > maxAge) {
    push('AGE_ABOVE_MAX', repeat ? `超过${maxAge}周岁（多次献血者上限）` : `超过${maxAge}周岁（首次献血或曾有献血反应者上限）`,
      repeat ? `over ${maxAge} (repeat donor limit)` : `over ${maxAge} (limit for first-time donors or after a reaction)`, r.age.ref, 'permanent');
  }

  // Exam
  const pending: string[] = [];
  if (input.exam === undefined) {
    pending.push('exam');
  } else {
    const e = input.exam;
    const male = donor.sex === 'male';
    const minKg = male ? r.weight.maleMinKg : r.weight.femaleMinKg;
    if (e.weightKg < minKg) push('WEIGHT_LOW', `体重低于${minKg}kg`, `weight below ${minKg} kg`, r.weight.ref, 'exam');
    const minHb = male ? r.hb.maleMinGPerL : r.hb.femaleMinGPerL;
    if (e.hbGPerL < minHb) push('HB_LOW', `血红蛋白低于${minHb}g/L`, `haemoglobin below ${minHb} g/L`, r.hb.ref, 'exam');
    const bp = r.bloodPressure;
    if (e.systolicMmHg < bp.systolicMin || e.systolicMmHg >= bp.systolicMaxExclusive) {
      push('BP_SYSTOLIC', `收缩压须 ${bp.systolicMin}–${bp.systolicMaxExclusive - 1} mmHg`, `systolic must be ${bp.systolicMin} to < ${bp.systolicMaxExclusive} mmHg`, bp.ref, 'exam');
    }
    if (e.diastolicMmHg < bp.diastolicMin || e.diastolicMmHg >= bp.diastolicMaxExclusive) {
      push('BP_DIASTOLIC', `舒张压须 ${bp.diastolicMin}–${bp.diastolicMaxExclusive - 1} mmHg`, `diastolic must be ${bp.diastolicMin} to < ${bp.diastolicMaxExclusive} mmHg`, bp.ref, 'exam');
    }
    if (e.systolicMmHg - e.diastolicMmHg < bp.pulsePressureMin) {
      push('PULSE_PRESSURE', `脉压差须 ≥ ${bp.pulsePressureMin} mmHg`, `pulse pressure must be ≥ ${bp.pulsePressureMin} mmHg`, bp.ref, 'exam');
    }
    if (e.pulseBpm < r.pulse.minBpm || e.pulseBpm > r.pulse.maxBpm) {
      push('PULSE', `脉搏须 ${r.pulse.minBpm}–${r.pulse.maxBpm} 次/分`, `pulse must be ${r.pulse.minBpm}–${r.pulse.maxBpm} /min`, r.pulse.ref, 'exam');
    }
    if (e.temperatureC > r.temperature.maxC) {
      push('TEMPERATURE', `体温高于${r.temperature.maxC}℃`, `temperature above ${r.temperature.maxC} °C`, r.temperature.ref, 'exam');
    }
  }

  // Planned volume
  if (type === 'whole_blood' && input.volumeMl !== undefined && !r.volumes.wholeBloodMl.includes(input.volumeMl)) {
    push('VOLUME', `全血献血量须为 ${r.volumes.wholeBloodMl.join('/')} ml`, `whole-blood volume must be ${r.volumes.wholeBloodMl.join('/')} ml`, r.volumes.ref, 'exam');
  }
  if (type === 'apheresis_platelets' && input.doses !== undefined && (input.doses < r.volumes.plateletDosesMin || input.doses > r.volumes.plateletDosesMax || !Number.isInteger(input.doses))) {
    push('VOLUME', `单采血小板须为 ${r.volumes.plateletDosesMin}–${r.volumes.plateletDosesMax} 个治疗量`, `apheresis platelets must be ${r.volumes.plateletDosesMin}–${r.volumes.plateletDosesMax} therapeutic doses`, r.volumes.ref, 'exam');
  }

  // Intervals from each earlier donation (only donations on or before the day count)
  const history = (input.history ?? []).filter((h) => h.date <= day);
  for (const prev of DONATION_TYPES) {
    const last = history.filter((h) => h.type === prev).map((h) => h.date).sort().at(-1);
    if (last === undefined) continue;
    const rule = r.intervals[`${prev}->${type}`];
    const until = addPeriod(last, rule.period);
    if (day < until) {
      const names = { whole_blood: ['全血', 'whole blood'], apheresis_platelets: ['单采血小板', 'apheresis platelets'] } as const;
      push(`INTERVAL_${prev.toUpperCase()}_TO_${type.toUpperCase()}`,
        `距上次${names[prev][0]}献血（${last}）间隔不足，${until} 起可献${names[type][0]}`,
        `too soon after ${names[prev][1]} on ${last}; ${names[type][1]} from ${until}`, rule.ref, 'temporary', until);
    }
  }

  // Annual apheresis caps (rolling year)
  if (type === 'apheresis_platelets') {
    const cap = r.apheresisAnnual;
    const windowStart = (d: string) => addPeriod(d, { n: -cap.window.n, unit: cap.window.unit });
    const inWindow = history.filter((h) => h.type === 'apheresis_platelets' && h.date > windowStart(day)).sort((a, b) => (a.date < b.date ? -1 : 1));
    const vol = (h: { volumeMl?: number; doses?: number }) => h.volumeMl ?? (h.doses ?? 1) * r.volumes.mlPerPlateletDose;
    const planned = input.volumeMl ?? (input.doses ?? 1) * r.volumes.mlPerPlateletDose;
    if (inWindow.length + 1 > cap.maxPlateletDonations) {
      // the oldest donations must leave the window: the (excess)th oldest one's anniversary
      const excess = inWindow.length + 1 - cap.maxPlateletDonations;
      const until = addPeriod(inWindow[excess - 1].date, cap.window);
      push('APHERESIS_ANNUAL_COUNT', `近一年单采血小板已 ${inWindow.length} 次（上限 ${cap.maxPlateletDonations} 次）`,
        `${inWindow.length} platelet donations in the last year (limit ${cap.maxPlateletDonations})`, cap.countRef, 'temporary', until);
    }
    let total = inWindow.reduce((s, h) => s + vol(h), 0) + planned;
    if (total > cap.maxVolumeMl) {
      let i = 0;
      while (total > cap.maxVolumeMl && i < inWindow.length) total -= vol(inWindow[i++]);
      const until = i > 0 && total <= cap.maxVolumeMl ? addPeriod(inWindow[i - 1].date, cap.window) : undefined;
      push('APHERESIS_ANNUAL_VOLUME', `近一年单采量将超过 ${cap.maxVolumeMl / 1000} L`, `apheresis volume in a year would exceed ${cap.maxVolumeMl / 1000} L`,
        cap.volumeRef, until ? 'temporary' : 'exam', until);
    }
  }

  // Questionnaire answers
  for (const a of input.answers ?? []) {
    if (a.code === 'none') continue;
    const perm = r.permanentDeferrals[a.code];
    if (perm) {
      push(`PERMANENT_${a.code.toUpperCase()}`, `不能献血：${perm.zh}`, `permanently deferred: ${perm.en}`, perm.ref, 'permanent');
      continue;
    }
    const reactive = r.reactiveTestDeferrals[a.code];
    if (reactive) {
      const until = reactive.period ? addPeriod(a.date ?? day, reactive.period) : undefined;
      if (until === undefined || day < until) push(`REACTIVE_${a.code.toUpperCase()}`, reactive.zh, reactive.en, reactive.ref, until ? 'temporary' : 'permanent', until);
      continue;
    }
    const t = r.temporaryDeferrals[a.code];
    if (t.appliesTo && !t.appliesTo.includes(type)) continue;
    if (t.period === null) {
      push(`DEFERRAL_${a.code.toUpperCase()}`, `暂不能献血：${t.zh}`, `temporarily deferred: ${t.en}`, t.ref, 'temporary');
      continue;
    }
    const until = addPeriod(a.date ?? day, t.period);
    if (day < until) push(`DEFERRAL_${a.code.toUpperCase()}`, `暂不能献血：${t.zh}，${until} 起可献血`, `temporarily deferred: ${t.en}; from ${until}`, t.ref, 'temporary', until);
  }

  // Deferrals on the donor record (屏蔽), across stations
  for (const d of donor.deferrals ?? []) {
    if (d.from > day) continue;
    const rule = d.code === 'staff' ? undefined : r.reactiveTestDeferrals[d.code];
    const until = d.until ?? (rule?.period ? addPeriod(d.from, rule.period) : undefined);
    if (until !== undefined && day >= until) continue;
    const ref: RuleRef = rule?.ref ?? { source: 'station', version: 'n/a', clause: '工作人员屏蔽', evidence: 'local' };
    push(d.code === 'staff' ? 'DEFERRED_BY_STAFF' : `REACTIVE_${d.code.toUpperCase()}`,
      `${rule?.zh ?? '已被血站屏蔽'}${until ? `，至 ${until}` : '（永久）'}${d.note ? `：${d.note}` : ''}`,
      `${rule?.en ?? 'deferred by the station'}${until ? ` until ${until}` : ' (permanent)'}`, ref, until ? 'temporary' : 'permanent', until);
  }

  const eligible = reasons.length === 0;
  let eligibleFrom: string | null = day;
  if (!eligible) {
    for (const reason of reasons) {
      if (reason.until === undefined || eligibleFrom === null) { eligibleFrom = null; continue; }
      eligibleFrom = maxDay(eligibleFrom, reason.until);
    }
    // a date after the maximum age can never be offered
    if (eligibleFrom !== null && ageOn(donor.birthDate, eligibleFrom) > maxAge) eligibleFrom = null;
  }
  return { eligible, eligibleFrom, reasons, ruleSetId: ruleSet.id, checksPending: pending };
}

/**
 * The days of `candidates` on which the donor may be offered an appointment: each day is assessed in full
 * (without exam), so a deferred donor is never offered a day inside the deferral.
 *
 * @param input - the donor's input without `date` and `exam`
 * @param candidates - `YYYY-MM-DD` days
 */
export function offerableDays(input: Omit<EligibilityInput, 'date' | 'exam'>, candidates: readonly string[], ruleSet: RuleSet<EligibilityRules>): string[] {
  return candidates.filter((date) => assessEligibility({ ...input, date }, ruleSet).eligible);
}
