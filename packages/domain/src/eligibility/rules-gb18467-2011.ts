import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry } from '../rules/registry.ts';
import type { Period } from './calendar.ts';

/** Donation types the eligibility rules know (GB 18467-2011 §6: whole blood and apheresis platelets). */
export type DonationType = 'whole_blood' | 'apheresis_platelets';
export const DONATION_TYPES: readonly DonationType[] = ['whole_blood', 'apheresis_platelets'];

/** One deferral an answer code triggers. `period: null` = while the condition lasts (staff reassess). */
export interface DeferralRule {
  readonly zh: string;
  readonly en: string;
  readonly period: Period | null;
  /** When present, the deferral applies only to these donation types (e.g. aspirin → apheresis platelets). */
  readonly appliesTo?: readonly DonationType[];
  readonly ref: RuleRef;
}

export interface PermanentDeferralRule {
  readonly zh: string;
  readonly en: string;
  readonly ref: RuleRef;
}

/**
 * The numeric content of GB 18467-2011 (献血者健康检查要求) as data. Every limit carries its {@link RuleRef}.
 * Bounds: `…Min` inclusive, `…MaxExclusive` exclusive, `…Max` inclusive.
 */
export interface EligibilityRules {
  readonly age: { readonly minYears: number; readonly maxYears: number; readonly repeatDonorMaxYears: number; readonly ref: RuleRef };
  readonly weight: { readonly maleMinKg: number; readonly femaleMinKg: number; readonly ref: RuleRef };
  readonly hb: { readonly maleMinGPerL: number; readonly femaleMinGPerL: number; readonly ref: RuleRef };
  readonly bloodPressure: {
    readonly systolicMin: number; readonly systolicMaxExclusive: number;
    readonly diastolicMin: number; readonly diastolicMaxExclusive: number;
    readonly pulsePressureMin: number; readonly ref: RuleRef;
  };
  readonly pulse: { readonly minBpm: number; readonly maxBpm: number; readonly ref: RuleRef };
  readonly temperature: { readonly maxC: number; readonly ref: RuleRef };
  readonly volumes: {
    readonly wholeBloodMl: readonly number[];
    readonly plateletDosesMin: number; readonly plateletDosesMax: number;
    /** ml per platelet dose assumed for the annual cap when a history row has doses but no volume (local). */
    readonly mlPerPlateletDose: number;
    readonly ref: RuleRef; readonly doseVolumeRef: RuleRef;
  };
  /** Minimum interval from a donation of type `from` to one of type `to`, keyed `from->to`. */
  readonly intervals: Readonly<Record<`${DonationType}->${DonationType}`, { readonly period: Period; readonly ref: RuleRef }>>;
  readonly apheresisAnnual: {
    readonly maxVolumeMl: number; readonly maxPlateletDonations: number;
    /** Rolling window ("一年"), read as 12 calendar months before the donation day. */
    readonly window: Period;
    readonly volumeRef: RuleRef; readonly countRef: RuleRef;
  };
  /** Temporary deferrals (暂不能献血) by questionnaire answer code; the answer date is the event / recovery day. */
  readonly temporaryDeferrals: Readonly<Record<string, DeferralRule>>;
  /** Permanent deferrals (不能献血) by answer code. */
  readonly permanentDeferrals: Readonly<Record<string, PermanentDeferralRule>>;
  /**
   * Deferrals after reactive screening tests (屏蔽), held on the donor record for every station of the deployment.
   * `period: null` = permanent.
   */
  readonly reactiveTestDeferrals: Readonly<Record<string, { readonly zh: string; readonly en: string; readonly period: Period | null; readonly ref: RuleRef }>>;
}

const SRC = 'GB18467-2011';
const V = '2011';
const gb = (clause: string, evidence: RuleRef['evidence'] = 'verified', note?: string): RuleRef =>
  ({ source: SRC, version: V, clause, evidence, ...(note ? { note } : {}) });
const days = (n: number): Period => ({ n, unit: 'days' });
const weeks = (n: number): Period => ({ n, unit: 'weeks' });
const months = (n: number): Period => ({ n, unit: 'months' });
const years = (n: number): Period => ({ n, unit: 'years' });
const temp = (zh: string, en: string, period: Period | null, ref: RuleRef, appliesTo?: readonly DonationType[]): DeferralRule =>
  ({ zh, en, period, ref, ...(appliesTo ? { appliesTo } : {}) });
const DEFERRAL = '健康征询·暂不能献血';
const PERMANENT = '健康征询·不能献血';

/**
 * GB 18467-2011 献血者健康检查要求 (in force 2012-07-01), as compiled in `china-blood-service-rules.md` §1.
 * Clause labels name the part of the standard; section numbers are given only where the reference verified them.
 *
 * @see china-blood-service-rules.md §1.1–§1.5 ([S1]–[S16], [S7b]–[S7j])
 */
export const ELIGIBILITY_GB18467_2011: RuleSet<EligibilityRules> = {
  id: 'GB18467-2011',
  family: 'donor-eligibility',
  source: SRC,
  version: V,
  effectiveFrom: '2012-07-01T00:00:00+08:00',
  clauses: [
    { ref: '一般检查', summary: 'Age 18–55 (repeat donors without reaction to 60), weight, BP, pulse, temperature' },
    { ref: '献血前血液检测', summary: 'Hb men ≥ 120 g/L, women ≥ 115 g/L' },
    { ref: '§6.1 献血量', summary: 'Whole blood 200/300/400 ml; apheresis platelets 1–2 therapeutic doses; apheresis ≤ 10 L a year' },
    { ref: '§6.2 献血间隔', summary: 'WB→WB 6 months; PLT→PLT 2 weeks and ≤ 24 a year; PLT→WB 4 weeks; WB→PLT 3 months' },
    { ref: DEFERRAL, summary: 'Temporary deferrals with periods (dental care 3 d … malaria 3 y)' },
    { ref: PERMANENT, summary: 'Permanent deferrals (TTI, chronic disease, high-risk behaviour, …)' },
  ],
  notes: 'Temperature ≤ 37.5 °C is local station practice (the standard says "normal"). Months are calendar months. ' +
    'Clause labels are the standard\'s headings as reported by secondary sources; verify against the official text.',
  data: {
    age: { minYears: 18, maxYears: 55, repeatDonorMaxYears: 60, ref: gb('一般检查·年龄', 'verified', '[S1][S2][S3]') },
    weight: { maleMinKg: 50, femaleMinKg: 45, ref: gb('一般检查·体重', 'verified', '[S4][S7]') },
    hb: { maleMinGPerL: 120, femaleMinGPerL: 115, ref: gb('献血前血液检测·血红蛋白', 'verified', '[S8][S9][S3]') },
    bloodPressure: {
      systolicMin: 90, systolicMaxExclusive: 140, diastolicMin: 60, diastolicMaxExclusive: 90, pulsePressureMin: 30,
      ref: gb('一般检查·血压', 'verified', '[S7][S8]; exclusive upper bounds are best knowledge'),
    },
    pulse: { minBpm: 60, maxBpm: 100, ref: gb('一般检查·脉搏', 'verified', '[S4][S7]; athletes ≥ 50 need a staff decision') },
    temperature: { maxC: 37.5, ref: { source: SRC, version: V, clause: '一般检查·体温 (正常)', evidence: 'local', note: '37.5 °C station practice' } },
    volumes: {
      wholeBloodMl: [200, 300, 400], plateletDosesMin: 1, plateletDosesMax: 2, mlPerPlateletDose: 250,
      ref: gb('§6.1 献血量', 'verified', '[S5][S3]'),
      doseVolumeRef: { source: 'RedBridge', version: '2026', clause: 'volume per platelet dose for the annual cap', evidence: 'local' },
    },
    intervals: {
      'whole_blood->whole_blood': { period: months(6), ref: gb('§6.2 全血→全血 ≥ 6 个月', 'verified', '[S5][S14][S16]') },
      'apheresis_platelets->apheresis_platelets': { period: weeks(2), ref: gb('§6.2 单采血小板→单采血小板 ≥ 2 周', 'verified', '[S5][S16]') },
      'apheresis_platelets->whole_blood': { period: weeks(4), ref: gb('§6.2 单采血小板→全血 ≥ 4 周', 'verified', '[S5][S16]') },
      'whole_blood->apheresis_platelets': { period: months(3), ref: gb('§6.2 全血→单采血小板 ≥ 3 个月', 'verified', '[S5][S16]') },
    },
    apheresisAnnual: {
      maxVolumeMl: 10_000, maxPlateletDonations: 24, window: years(1),
      volumeRef: gb('§6.1 单采 每年 ≤ 10 L', 'verified', '[S5]'),
      countRef: gb('§6.2 单采血小板 每年 ≤ 24 次', 'verified', '[S5][S16]'),
    },
    temporaryDeferrals: {
      dental_care: temp('口腔护理（含洗牙）后3天', 'dental care or cleaning: 3 days', days(3), gb(DEFERRAL, 'verified', '[S7b]')),
      tooth_extraction: temp('拔牙或其他小手术后半个月', 'tooth extraction or other minor surgery: 15 days', days(15), gb(DEFERRAL, 'verified', '[S7c][S7d]')),
      minor_surgery: temp('小手术后半个月', 'minor surgery: 15 days', days(15), gb(DEFERRAL, 'verified', '[S7c][S7d]')),
      surgery_intermediate: temp('阑尾切除、疝修补、扁桃体手术痊愈后3个月', 'appendectomy, hernia repair, tonsillectomy: 3 months after recovery', months(3), gb(DEFERRAL, 'verified', '[S7c][S7d]')),
      surgery_major: temp('较大手术痊愈后6个月', 'major surgery: 6 months after recovery', months(6), gb(DEFERRAL, 'verified', '[S7c][S7d]')),
      surgery_eye: temp('眼科手术痊愈后3个月', 'eye surgery: 3 months after recovery', months(3), gb(DEFERRAL, 'verified', '[S7b]')),
      tattoo: temp('文身后1年', 'tattoo: 1 year', years(1), gb(DEFERRAL, 'verified', '[S7b][S7e]')),
      piercing: temp('穿耳洞/穿刺后1年', 'ear or body piercing: 1 year', years(1), gb(DEFERRAL, 'verified', '[S7b][S7e]')),
      contaminated_instrument_injury: temp('被血液或组织液污染的器材致伤后1年', 'injury from a blood-contaminated instrument: 1 year', years(1), gb(DEFERRAL, 'verified', '[S7b]')),
      transfusion_received: temp('输注全血或血液成分后1年', 'transfusion of blood or components: 1 year', years(1), gb(DEFERRAL, 'best_knowledge', '2011 value; 5 years was the 2001 version')),
      menstruation: temp('月经期及前后3天（答案日期填月经结束日）', 'menstruation: during and 3 days after (answer date = last day)', days(3), gb(DEFERRAL, 'verified', '[S7c][S16]')),
      pregnancy: temp('妊娠期（结束后按流产/分娩处理）', 'pregnant: while pregnant', null, gb(DEFERRAL, 'verified', '[S7c]')),
      miscarriage: temp('流产后6个月', 'miscarriage: 6 months', months(6), gb(DEFERRAL, 'verified', '[S7c]')),
      delivery_breastfeeding: temp('分娩及哺乳期结束后1年', 'delivery and breastfeeding: 1 year', years(1), gb(DEFERRAL, 'verified', '[S7c]')),
      cold_urti: temp('感冒、急性上呼吸道感染痊愈后1周', 'cold or URTI: 1 week after recovery', weeks(1), gb(DEFERRAL, 'verified', '[S7c]')),
      acute_gastroenteritis: temp('急性胃肠炎痊愈后1周', 'acute gastroenteritis: 1 week after recovery', weeks(1), gb(DEFERRAL, 'verified', '[S7c]')),
      pneumonia: temp('肺炎痊愈后3个月', 'pneumonia: 3 months after recovery', months(3), gb(DEFERRAL, 'verified', '[S7c]')),
      uti_acute: temp('急性泌尿道感染痊愈后1个月', 'acute urinary tract infection: 1 month', months(1), gb(DEFERRAL, 'verified', '[S7c]')),
      pyelonephritis_acute: temp('急性肾盂肾炎痊愈后3个月', 'acute pyelonephritis: 3 months', months(3), gb(DEFERRAL, 'best_knowledge')),
      skin_inflammation_local: temp('局限性皮肤炎症愈合后1周', 'localised skin inflammation: 1 week after healing', weeks(1), gb(DEFERRAL, 'verified', '[S7c]')),
      skin_inflammation_widespread: temp('广泛性皮肤炎症愈合后2周', 'widespread skin inflammation: 2 weeks after healing', weeks(2), gb(DEFERRAL, 'verified', '[S7c]')),
      dysentery: temp('痢疾痊愈后6个月', 'dysentery: 6 months after cure', months(6), gb(DEFERRAL, 'verified', '[S7c]')),
      typhoid: temp('伤寒痊愈后1年', 'typhoid: 1 year after cure', years(1), gb(DEFERRAL, 'verified', '[S7c]')),
      brucellosis: temp('布氏杆菌病痊愈后2年', 'brucellosis: 2 years after cure', years(2), gb(DEFERRAL, 'verified', '[S7c]')),
      malaria: temp('疟疾治愈后3年', 'malaria: 3 years after cure', years(3), gb(DEFERRAL, 'verified', '[S7c]')),
      malaria_area_travel: temp('疟疾流行区旅居后1年', 'stay in a malaria area: 1 year', years(1), gb(DEFERRAL, 'best_knowledge')),
      hepatitis_a: temp('甲型肝炎痊愈后1年', 'hepatitis A: 1 year after cure', years(1), gb(DEFERRAL, 'best_knowledge')),
      infectious_area_travel: temp('去过检疫传染病疫区（超过最长潜伏期后由医生评估）', 'travel to a quarantine-disease area: until the longest incubation period has passed (staff assess)', null, gb(DEFERRAL, 'verified', '[S7b]')),
      infectious_contact: temp('与传染病患者密切接触（超过最长潜伏期后由医生评估）', 'close contact with an infectious patient (staff assess)', null, gb(DEFERRAL, 'best_knowledge')),
      antiplatelet_drug: temp('服用阿司匹林等抗血小板药物后5天（单采血小板）', 'aspirin or other antiplatelet drug: 5 days (apheresis platelets)', days(5), gb(DEFERRAL, 'best_knowledge'), ['apheresis_platelets']),
      vaccine_inactivated: temp('灭活疫苗、重组疫苗、类毒素：无需暂缓', 'inactivated, recombinant or toxoid vaccine: no deferral', days(0), gb(DEFERRAL, 'best_knowledge')),
      vaccine_hav_hbv: temp('甲肝、乙肝疫苗：无需暂缓', 'hepatitis A or B vaccine: no deferral', days(0), gb(DEFERRAL, 'verified', '[S7f]')),
      vaccine_live_attenuated: temp('减毒活疫苗（麻疹、腮腺炎、黄热病、脊髓灰质炎）最后一次接种后2周', 'live attenuated vaccine (measles, mumps, yellow fever, polio): 2 weeks', weeks(2), gb(DEFERRAL, 'verified', '[S7f]')),
      vaccine_rubella: temp('风疹活疫苗最后一次接种后4周', 'rubella live vaccine: 4 weeks', weeks(4), gb(DEFERRAL, 'verified', '[S7f]')),
      vaccine_rabies_no_bite: temp('人用狂犬病疫苗（未被咬伤）最后一次接种后4周', 'rabies vaccine without a bite: 4 weeks', weeks(4), gb(DEFERRAL, 'verified', '[S7f]')),
      vaccine_rabies_after_bite: temp('被动物咬伤后接种狂犬病疫苗，最后一次接种后1年', 'rabies vaccine after an animal bite: 1 year', years(1), gb(DEFERRAL, 'verified', '[S7f]')),
      animal_serum: temp('注射动物血清后4周', 'animal serum: 4 weeks', weeks(4), gb(DEFERRAL, 'verified', '[S7f]')),
      hbig: temp('注射乙肝免疫球蛋白后1年', 'hepatitis B immune globulin: 1 year', years(1), gb(DEFERRAL, 'best_knowledge')),
      covid_vaccine_inactivated: temp('新冠灭活疫苗接种后48小时', 'COVID-19 inactivated vaccine: 48 hours', days(2), { source: 'NHC COVID-19 donation guideline', version: '2021', clause: '新冠疫苗接种后献血', evidence: 'verified', note: '[S7g]' }),
      covid_vaccine_other: temp('新冠其他疫苗（非减毒活疫苗）接种后14天', 'COVID-19 other vaccine (not live attenuated): 14 days', days(14), { source: 'NHC COVID-19 donation guideline', version: '2021', clause: '新冠疫苗接种后献血', evidence: 'verified', note: '[S7g]' }),
      covid_infection_mild: temp('新冠无症状/轻型/中型：症状消失且末次阳性后7天（答案日期填两者较晚者）', 'COVID-19 asymptomatic/mild/moderate: 7 days after symptoms end and last positive test', days(7), { source: 'NHC COVID-19 donation guideline', version: '2023', clause: '新冠感染者献血', evidence: 'verified', note: '[S7h]' }),
      covid_infection_severe: temp('新冠重型/危重型：康复后6个月', 'COVID-19 severe or critical: 6 months after recovery', months(6), { source: 'NHC COVID-19 donation guideline', version: '2023', clause: '新冠感染者献血', evidence: 'verified', note: '[S7h]' }),
    },
    permanentDeferrals: {
      chronic_disease: { zh: '慢性呼吸、心血管（含高血压、低血压）、消化、泌尿、血液、内分泌、免疫、神经或精神系统疾病', en: 'chronic disease of a listed organ system', ref: gb(PERMANENT, 'best_knowledge') },
      malignant_tumour: { zh: '恶性肿瘤或影响健康的良性肿瘤', en: 'malignant tumour or a benign tumour affecting health', ref: gb(PERMANENT, 'best_knowledge') },
      organ_removal: { zh: '胃、肾、脾等重要内脏器官切除', en: 'removal of an important organ', ref: gb(PERMANENT, 'best_knowledge') },
      tti_infection: { zh: '乙肝、丙肝、艾滋病、梅毒等经血传播疾病感染者', en: 'transfusion-transmissible infection (HBV, HCV, HIV, syphilis, …)', ref: gb(PERMANENT, 'best_knowledge') },
      tuberculosis: { zh: '结核病患者', en: 'tuberculosis', ref: gb(PERMANENT, 'best_knowledge') },
      leprosy_parasitic: { zh: '麻风病、寄生虫病及地方病', en: 'leprosy, parasitic or endemic disease', ref: gb(PERMANENT, 'best_knowledge') },
      cjd_risk: { zh: '克雅病风险（人垂体生长激素、硬脑膜移植）', en: 'CJD risk (pituitary GH, dura mater graft)', ref: gb(PERMANENT, 'best_knowledge') },
      organ_transplant: { zh: '异体组织器官移植', en: 'allogeneic organ or tissue transplant', ref: gb(PERMANENT, 'best_knowledge') },
      injecting_drug_use: { zh: '静脉注射毒品', en: 'injecting drug use', ref: gb(PERMANENT, 'best_knowledge') },
      msm: { zh: '男男性行为者', en: 'men who have sex with men', ref: gb(PERMANENT, 'verified', '[S7b][S7j]') },
      high_risk_sexual_behaviour: { zh: '多个性伴侣等高危行为', en: 'multiple sexual partners or other high-risk behaviour', ref: gb(PERMANENT, 'best_knowledge') },
      doctor_judgement: { zh: '体检医生判定不宜献血', en: 'examining doctor judges donation unsafe', ref: gb(PERMANENT, 'best_knowledge') },
    },
    reactiveTestDeferrals: {
      reactive_hbsag: { zh: '乙肝表面抗原检测有反应性（屏蔽）', en: 'HBsAg reactive (deferred)', period: null, ref: { source: '血站管理办法 / 血站质量管理规范', version: '2006', clause: '献血者屏蔽与淘汰', evidence: 'best_knowledge', note: '[S19] deferral system required; details unverified' } },
      reactive_hcv: { zh: '丙肝抗体检测有反应性（屏蔽）', en: 'anti-HCV reactive (deferred)', period: null, ref: { source: '血站管理办法 / 血站质量管理规范', version: '2006', clause: '献血者屏蔽与淘汰', evidence: 'best_knowledge', note: '[S19]' } },
      reactive_hiv: { zh: '艾滋病检测有反应性（屏蔽）', en: 'HIV reactive (deferred)', period: null, ref: { source: '血站管理办法 / 血站质量管理规范', version: '2006', clause: '献血者屏蔽与淘汰', evidence: 'best_knowledge', note: '[S19]' } },
      reactive_tp: { zh: '梅毒检测有反应性（屏蔽）', en: 'syphilis (TP) reactive (deferred)', period: null, ref: { source: '血站管理办法 / 血站质量管理规范', version: '2006', clause: '献血者屏蔽与淘汰', evidence: 'best_knowledge', note: '[S19]' } },
      reactive_nat: { zh: '核酸检测有反应性（屏蔽）', en: 'NAT reactive (deferred)', period: null, ref: { source: '血站管理办法 / 血站质量管理规范', version: '2006', clause: '献血者屏蔽与淘汰', evidence: 'best_knowledge', note: '[S19]' } },
      alt_elevated: { zh: '谷丙转氨酶不合格，暂缓6个月', en: 'ALT above limit: deferred 6 months', period: months(6), ref: { source: 'RedBridge', version: '2026', clause: 'ALT re-entry', evidence: 'local', note: 'station practice varies; configure per tenant' } },
    },
  },
};

/** Registry of `donor-eligibility` rule sets (national GB 18467-2011; add revisions or station overrides with `.with`). */
export const ELIGIBILITY_REGISTRY = createRuleRegistry('donor-eligibility', [ELIGIBILITY_GB18467_2011]);
