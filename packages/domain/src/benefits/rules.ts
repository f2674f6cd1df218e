/**
 * Blood-fee exemption (用血费用减免 / 血费减免) rule data, one versioned {@link RuleSet} per province.
 *
 * Every amount is a **free equivalent volume** in ml. The shape is data, not code: tiers by cumulative
 * qualified volume and years since donation → a multiple of the donated volume or unlimited, per
 * relationship class. The engine (`entitlement.ts`) reads nothing else.
 *
 * @see china-blood-service-rules.md §4.2 (provincial rule table, sources [S39]–[S39g])
 * @see china-it-standards.md §7 R67 (entitlement engine per provincial rule set, versioned)
 */
import type { RuleRef, RuleSet } from '../rules/rule-set.ts';
import { createRuleRegistry, type RuleRegistry } from '../rules/registry.ts';

/** Relationship of the patient to the donor. `self` is the donor. */
export type Relation = 'self' | 'spouse' | 'parent' | 'child' | 'sibling' | 'grandparent' | 'spouse_parent';
export const RELATIONS: readonly Relation[] = ['self', 'spouse', 'parent', 'child', 'sibling', 'grandparent', 'spouse_parent'];

/** Province keys in lowercase pinyin (the CLI and the API use these). */
export type Province = 'henan' | 'guangdong' | 'zhejiang' | 'sichuan';
export const PROVINCES: readonly Province[] = ['henan', 'guangdong', 'zhejiang', 'sichuan'];

/** What a band grants: nothing, a multiple of the volume it applies to, or unlimited. */
export type Grant = { readonly kind: 'none' } | { readonly kind: 'multiple'; readonly factor: number } | { readonly kind: 'unlimited' };

/**
 * A time band, measured in whole calendar years from the band's start date (a donation's date, or the
 * date a cumulative threshold was reached). `untilYears` is exclusive: with `untilYears: 5` a donation of
 * 2020-06-15 is in the band through 2025-06-14 and out of it on 2025-06-15. Omitted = for life.
 */
export interface Band {
  readonly untilYears?: number;
  readonly grant: Grant;
}

/**
 * Per-donation scheme: each counted donation grants `grant × its volume` while its band lasts
 * (e.g. Henan: 3× within 5 years of the donation, 1× after). Bands are in ascending `untilYears`; the
 * last one usually has no `untilYears`.
 */
export interface PerDonationScheme {
  readonly bands: readonly Band[];
  readonly ref: RuleRef;
}

/**
 * A cumulative tier: reached when the counted volume reaches `minMl` (`inclusive`: ≥, else >), counting
 * only donations before `donatedBefore` when given (Guangdong's pre-2018 rule) or when the donor has at
 * least `minPlateletDoses` platelet doses (Zhejiang: platelet donors are unlimited). The bands run from the
 * latest counted donation once the tier is met (best knowledge); a `multiple` multiplies the cumulative counted volume.
 */
export interface CumulativeTier {
  readonly minMl: number;
  readonly inclusive: boolean;
  /** YYYY-MM-DD, exclusive: only donations dated before it count toward this tier. */
  readonly donatedBefore?: string;
  /** Alternative trigger: this many platelet doses reach the tier whatever the volume. */
  readonly minPlateletDoses?: number;
  readonly bands: readonly Band[];
  readonly ref: RuleRef;
}

/** Entitlement rules for one class of relationship. */
export interface RelationRule {
  readonly relations: readonly Relation[];
  /** Granted when no tier is reached and no per-donation band applies; absent = per-donation only. */
  readonly perDonation?: PerDonationScheme;
  readonly tiers: readonly CumulativeTier[];
  /** Donations that failed testing: excluded, or granted `factor ×` their volume (Guangdong donor: 3×). */
  readonly failedTest: { readonly counts: false; readonly ref: RuleRef } | { readonly counts: true; readonly factor: number; readonly ref: RuleRef };
  /** Only counts when the donor has at least this cumulative counted volume (Zhejiang extended relatives). */
  readonly requiresDonorCumulativeMl?: number;
  readonly ref: RuleRef;
}

/** Whether relatives draw from one shared family pool per donor or each relative has their own. */
export type FamilyPool = 'shared' | 'per_relative';

/** One province's exemption rules. */
export interface BenefitRules {
  readonly province: Province;
  /** Region name in Chinese, for screens. */
  readonly regionZh: string;
  /** Volume credited per apheresis platelet dose (治疗量), ml. */
  readonly plateletDoseMl: { readonly ml: number; readonly ref: RuleRef };
  readonly familyPool: { readonly pool: FamilyPool; readonly ref: RuleRef };
  readonly relations: readonly RelationRule[];
}

const bestKnowledgePlatelet = (ml: number): RuleRef => ({
  source: 'china-blood-service-rules.md §4.2', version: '2025', clause: 'platelet dose → volume (1 dose = 800 ml historically; some places 200 ml)',
  evidence: 'best_knowledge', note: '[S39g] ⚠️ configurable; the provincial value was not found',
});
const sharedFamilyPool: RuleRef = {
  source: 'china-blood-service-rules.md §4.2', version: '2025', clause: 'whether the donor and the family share one pool varies by province',
  evidence: 'best_knowledge', note: 'RedBridge default: the donor has an own pool, relatives share one family pool',
};
const failedExcluded = (source: string, version: string): RuleRef => ({
  source, version, clause: 'failed-test donations', evidence: 'best_knowledge', note: 'not stated in the reference; excluded by default',
});

const HENAN_SRC = '河南省临床用血费用减免标准 (新乡日报 2020-06-15)';
/**
 * Henan (default). Donor: 3× within 5 y of each donation, then 1× for life; cumulative ≥ 800 ml unlimited for
 * 10 y then 3× for life; ≥ 1000 ml unlimited for life. Spouse and immediate relatives: equal volume.
 *
 * @see china-blood-service-rules.md §4.2 Henan [S39]
 */
export const BENEFITS_HENAN_2020: RuleSet<BenefitRules> = {
  id: 'blood-fee-benefits:henan:2020',
  family: 'blood-fee-benefits',
  source: HENAN_SRC,
  version: '2020',
  effectiveFrom: '2020-06-15T00:00:00+08:00',
  tenantId: 'henan',
  clauses: [
    { ref: '献血者本人', summary: '5年内3倍，5年后终身等量；累计≥800 ml 10年内免费用血、之后终身3倍；累计≥1000 ml 终身免费' },
    { ref: '配偶及直系亲属', summary: '等量' },
  ],
  notes: 'Effective date is the report date (provincial standard reported 2020-06-15); the exact effective date was not seen.',
  data: {
    province: 'henan',
    regionZh: '河南省',
    plateletDoseMl: { ml: 800, ref: bestKnowledgePlatelet(800) },
    familyPool: { pool: 'shared', ref: sharedFamilyPool },
    relations: [
      {
        relations: ['self'],
        perDonation: {
          bands: [{ untilYears: 5, grant: { kind: 'multiple', factor: 3 } }, { grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: HENAN_SRC, version: '2020', clause: '本人 5年内3倍，5年后等量', evidence: 'verified', note: '[S39]' },
        },
        tiers: [
          {
            minMl: 800, inclusive: true,
            bands: [{ untilYears: 10, grant: { kind: 'unlimited' } }, { grant: { kind: 'multiple', factor: 3 } }],
            ref: { source: HENAN_SRC, version: '2020', clause: '累计≥800 ml 10年内不限量，之后终身3倍', evidence: 'verified', note: '[S39]; the 10 years run from the latest donation once 800 ml is reached (best knowledge)' },
          },
          {
            minMl: 1000, inclusive: true, bands: [{ grant: { kind: 'unlimited' } }],
            ref: { source: HENAN_SRC, version: '2020', clause: '累计≥1000 ml 终身不限量', evidence: 'verified', note: '[S39]' },
          },
        ],
        failedTest: { counts: false, ref: failedExcluded(HENAN_SRC, '2020') },
        ref: { source: HENAN_SRC, version: '2020', clause: '献血者本人', evidence: 'verified', note: '[S39]' },
      },
      {
        relations: ['spouse', 'parent', 'child'],
        perDonation: {
          bands: [{ grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: HENAN_SRC, version: '2020', clause: '配偶及直系亲属 等量', evidence: 'verified', note: '[S39]' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(HENAN_SRC, '2020') },
        ref: { source: HENAN_SRC, version: '2020', clause: '配偶及直系亲属', evidence: 'verified', note: '[S39]' },
      },
      {
        relations: ['grandparent'],
        perDonation: {
          bands: [{ grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: HENAN_SRC, version: '2020', clause: '直系亲属 (祖父母)', evidence: 'best_knowledge', note: '直系亲属 legally includes grandparents; the report does not list them' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(HENAN_SRC, '2020') },
        ref: { source: HENAN_SRC, version: '2020', clause: '直系亲属 (祖父母)', evidence: 'best_knowledge' },
      },
    ],
  },
};

const GD_SRC = '广东省献血条例';
/**
 * Guangdong (广东省献血条例, effective 2018-03-01; Guangzhou guide 2023). Donor: ≥ 200 ml qualified blood
 * donated in the province → unlimited for life; a unit that failed testing → up to 3× its volume. Spouse,
 * parents, children: pre-2018-03-01 donations ≥ 600 ml → unlimited; cumulative 600–1000 ml → 2×; > 1000 ml →
 * unlimited; < 600 ml → none.
 *
 * @see china-blood-service-rules.md §4.2 Guangdong [S39b]
 */
export const BENEFITS_GUANGDONG_2018: RuleSet<BenefitRules> = {
  id: 'blood-fee-benefits:guangdong:2018',
  family: 'blood-fee-benefits',
  source: GD_SRC,
  version: '2018',
  effectiveFrom: '2018-03-01T00:00:00+08:00',
  tenantId: 'guangdong',
  clauses: [
    { ref: '献血者本人', summary: '省内献合格血≥200 ml 终身免费；检测不合格 3倍' },
    { ref: '配偶、父母、子女', summary: '2018-03-01前累计≥600 ml 免费；之后 600–1000 ml 2倍，>1000 ml 免费，<600 ml 无' },
  ],
  data: {
    province: 'guangdong',
    regionZh: '广东省',
    plateletDoseMl: { ml: 200, ref: bestKnowledgePlatelet(200) },
    familyPool: { pool: 'shared', ref: sharedFamilyPool },
    relations: [
      {
        relations: ['self'],
        tiers: [{
          minMl: 200, inclusive: true, bands: [{ grant: { kind: 'unlimited' } }],
          ref: { source: GD_SRC, version: '2018', clause: '本人 合格血≥200 ml 终身免费', evidence: 'verified', note: '[S39b]' },
        }],
        failedTest: { counts: true, factor: 3, ref: { source: GD_SRC, version: '2018', clause: '检测不合格 3倍', evidence: 'verified', note: '[S39b] "up to 3×"' } },
        ref: { source: GD_SRC, version: '2018', clause: '献血者本人', evidence: 'verified', note: '[S39b]' },
      },
      {
        relations: ['spouse', 'parent', 'child'],
        tiers: [
          {
            minMl: 600, inclusive: true, donatedBefore: '2018-03-01', bands: [{ grant: { kind: 'unlimited' } }],
            ref: { source: GD_SRC, version: '2018', clause: '2018-03-01前累计≥600 ml 免费', evidence: 'verified', note: '[S39b]' },
          },
          {
            minMl: 600, inclusive: true, bands: [{ grant: { kind: 'multiple', factor: 2 } }],
            ref: { source: GD_SRC, version: '2018', clause: '累计600–1000 ml 2倍', evidence: 'verified', note: '[S39b]' },
          },
          {
            minMl: 1000, inclusive: false, bands: [{ grant: { kind: 'unlimited' } }],
            ref: { source: GD_SRC, version: '2018', clause: '累计>1000 ml 免费', evidence: 'verified', note: '[S39b]' },
          },
        ],
        failedTest: { counts: false, ref: failedExcluded(GD_SRC, '2018') },
        ref: { source: GD_SRC, version: '2018', clause: '配偶、父母、子女(含养父母、养子女)', evidence: 'verified', note: '[S39b]; <600 ml: none' },
      },
    ],
  },
};

const ZJ_OLD_SRC = '浙江省实施《献血法》办法';
/**
 * Zhejiang, old rule (实施办法 2012): donor ≤ 5× within 5 y, 1× after, cumulative ≥ 1000 ml unlimited for life;
 * family 2× within 5 y.
 *
 * @see china-blood-service-rules.md §4.2 Zhejiang old [S39c]
 */
export const BENEFITS_ZHEJIANG_2012: RuleSet<BenefitRules> = {
  id: 'blood-fee-benefits:zhejiang:2012',
  family: 'blood-fee-benefits',
  source: ZJ_OLD_SRC,
  version: '2012',
  effectiveFrom: '2012-01-01T00:00:00+08:00',
  effectiveTo: '2023-01-01T00:00:00+08:00',
  tenantId: 'zhejiang',
  clauses: [
    { ref: '献血者本人', summary: '5年内≤5倍，5年后等量；累计≥1000 ml 终身免费' },
    { ref: '家属', summary: '5年内2倍' },
  ],
  notes: 'effectiveFrom (2012-01-01) and effectiveTo (the current rule\'s start) are best knowledge.',
  data: {
    province: 'zhejiang',
    regionZh: '浙江省',
    plateletDoseMl: { ml: 800, ref: bestKnowledgePlatelet(800) },
    familyPool: { pool: 'shared', ref: sharedFamilyPool },
    relations: [
      {
        relations: ['self'],
        perDonation: {
          bands: [{ untilYears: 5, grant: { kind: 'multiple', factor: 5 } }, { grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: ZJ_OLD_SRC, version: '2012', clause: '本人 5年内≤5倍，5年后等量', evidence: 'verified', note: '[S39c]' },
        },
        tiers: [{
          minMl: 1000, inclusive: true, bands: [{ grant: { kind: 'unlimited' } }],
          ref: { source: ZJ_OLD_SRC, version: '2012', clause: '累计≥1000 ml 终身免费', evidence: 'verified', note: '[S39c]' },
        }],
        failedTest: { counts: false, ref: failedExcluded(ZJ_OLD_SRC, '2012') },
        ref: { source: ZJ_OLD_SRC, version: '2012', clause: '献血者本人', evidence: 'verified', note: '[S39c]' },
      },
      {
        relations: ['spouse', 'parent', 'child'],
        perDonation: {
          bands: [{ untilYears: 5, grant: { kind: 'multiple', factor: 2 } }, { grant: { kind: 'none' } }],
          ref: { source: ZJ_OLD_SRC, version: '2012', clause: '家属 5年内2倍', evidence: 'verified', note: '[S39c]; after 5 y: none (not stated, best knowledge)' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(ZJ_OLD_SRC, '2012') },
        ref: { source: ZJ_OLD_SRC, version: '2012', clause: '家属', evidence: 'verified', note: '[S39c]' },
      },
    ],
  },
};

const ZJ_SRC = '浙江省献血条例';
/**
 * Zhejiang, current (浙江省献血条例; rule text via Ningbo station 2023). Donor: ≥ 400 ml whole blood, or
 * platelets → unlimited for life; < 400 ml: 5× within 5 y, 1× after. Spouse, parents, children: 2× within
 * 5 y, 1× after. Siblings, grandparents, spouse's parents: garbled scope, apparently tied to the donor
 * reaching 8000 ml (best knowledge: 1×, only from 8000 ml).
 *
 * @see china-blood-service-rules.md §4.2 Zhejiang current [S39d]
 */
export const BENEFITS_ZHEJIANG_2023: RuleSet<BenefitRules> = {
  id: 'blood-fee-benefits:zhejiang:2023',
  family: 'blood-fee-benefits',
  source: ZJ_SRC,
  version: '2023',
  effectiveFrom: '2023-01-01T00:00:00+08:00',
  tenantId: 'zhejiang',
  clauses: [
    { ref: '献血者本人', summary: '全血≥400 ml 或捐献血小板 终身免费；<400 ml 5年内5倍，5年后等量' },
    { ref: '配偶、父母、子女', summary: '5年内2倍，5年后等量' },
    { ref: '兄弟姐妹、祖父母、配偶父母', summary: '献血者达8000 ml 时 (来源表述不清，⚠️)' },
  ],
  notes: 'effectiveFrom is the year of the Ningbo station text (2023), not a verified effective date of the regulation.',
  data: {
    province: 'zhejiang',
    regionZh: '浙江省',
    plateletDoseMl: { ml: 800, ref: bestKnowledgePlatelet(800) },
    familyPool: { pool: 'shared', ref: sharedFamilyPool },
    relations: [
      {
        relations: ['self'],
        perDonation: {
          bands: [{ untilYears: 5, grant: { kind: 'multiple', factor: 5 } }, { grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: ZJ_SRC, version: '2023', clause: '本人<400 ml 5年内5倍，5年后等量', evidence: 'verified', note: '[S39d]' },
        },
        tiers: [{
          minMl: 400, inclusive: true, minPlateletDoses: 1, bands: [{ grant: { kind: 'unlimited' } }],
          ref: { source: ZJ_SRC, version: '2023', clause: '全血≥400 ml 或血小板 终身免费', evidence: 'verified', note: '[S39d]' },
        }],
        failedTest: { counts: false, ref: failedExcluded(ZJ_SRC, '2023') },
        ref: { source: ZJ_SRC, version: '2023', clause: '献血者本人', evidence: 'verified', note: '[S39d]' },
      },
      {
        relations: ['spouse', 'parent', 'child'],
        perDonation: {
          bands: [{ untilYears: 5, grant: { kind: 'multiple', factor: 2 } }, { grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: ZJ_SRC, version: '2023', clause: '配偶、父母、子女 5年内2倍，5年后等量', evidence: 'verified', note: '[S39d]' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(ZJ_SRC, '2023') },
        ref: { source: ZJ_SRC, version: '2023', clause: '配偶、父母、子女', evidence: 'verified', note: '[S39d]' },
      },
      {
        relations: ['sibling', 'grandparent', 'spouse_parent'],
        requiresDonorCumulativeMl: 8000,
        perDonation: {
          bands: [{ grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: ZJ_SRC, version: '2023', clause: '兄弟姐妹、祖父母、配偶父母 (达金奖8000 ml标准)', evidence: 'best_knowledge', note: '[S39d] scope garbled in the source ⚠️; 1× is a placeholder' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(ZJ_SRC, '2023') },
        ref: { source: ZJ_SRC, version: '2023', clause: '兄弟姐妹、祖父母、配偶父母', evidence: 'best_knowledge', note: '[S39d] ⚠️' },
      },
    ],
  },
};

const SC_SRC = '四川省公民献血条例';
/**
 * Sichuan (四川省公民献血条例, in force 1997-01-01; may be superseded ⚠️). Donor: 3× within 3 y, 1× after;
 * cumulative > 800 ml unlimited for life. Spouse and immediate relatives: equal volume.
 *
 * @see china-blood-service-rules.md §4.2 Sichuan [S39e]
 */
export const BENEFITS_SICHUAN_1997: RuleSet<BenefitRules> = {
  id: 'blood-fee-benefits:sichuan:1997',
  family: 'blood-fee-benefits',
  source: SC_SRC,
  version: '1997',
  effectiveFrom: '1997-01-01T00:00:00+08:00',
  tenantId: 'sichuan',
  clauses: [
    { ref: '献血者本人', summary: '3年内3倍，3年后等量；累计>800 ml 终身免费' },
    { ref: '配偶及直系亲属', summary: '等量' },
  ],
  notes: 'May be superseded by a newer Sichuan regulation (⚠️ not verified).',
  data: {
    province: 'sichuan',
    regionZh: '四川省',
    plateletDoseMl: { ml: 800, ref: bestKnowledgePlatelet(800) },
    familyPool: { pool: 'shared', ref: sharedFamilyPool },
    relations: [
      {
        relations: ['self'],
        perDonation: {
          bands: [{ untilYears: 3, grant: { kind: 'multiple', factor: 3 } }, { grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: SC_SRC, version: '1997', clause: '本人 3年内3倍，3年后等量', evidence: 'verified', note: '[S39e]' },
        },
        tiers: [{
          minMl: 800, inclusive: false, bands: [{ grant: { kind: 'unlimited' } }],
          ref: { source: SC_SRC, version: '1997', clause: '累计>800 ml 终身免费', evidence: 'verified', note: '[S39e]' },
        }],
        failedTest: { counts: false, ref: failedExcluded(SC_SRC, '1997') },
        ref: { source: SC_SRC, version: '1997', clause: '献血者本人', evidence: 'verified', note: '[S39e]' },
      },
      {
        relations: ['spouse', 'parent', 'child'],
        perDonation: {
          bands: [{ grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: SC_SRC, version: '1997', clause: '配偶及直系亲属 等量', evidence: 'verified', note: '[S39e]' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(SC_SRC, '1997') },
        ref: { source: SC_SRC, version: '1997', clause: '配偶及直系亲属', evidence: 'verified', note: '[S39e]' },
      },
      {
        relations: ['grandparent'],
        perDonation: {
          bands: [{ grant: { kind: 'multiple', factor: 1 } }],
          ref: { source: SC_SRC, version: '1997', clause: '直系亲属 (祖父母)', evidence: 'best_knowledge', note: '直系亲属 legally includes grandparents' },
        },
        tiers: [],
        failedTest: { counts: false, ref: failedExcluded(SC_SRC, '1997') },
        ref: { source: SC_SRC, version: '1997', clause: '直系亲属 (祖父母)', evidence: 'best_knowledge' },
      },
    ],
  },
};

/** Every province rule set shipped with RedBridge, oldest first. */
export const BENEFIT_RULE_SETS: readonly RuleSet<BenefitRules>[] = [
  BENEFITS_SICHUAN_1997, BENEFITS_ZHEJIANG_2012, BENEFITS_GUANGDONG_2018, BENEFITS_HENAN_2020, BENEFITS_ZHEJIANG_2023,
];

/**
 * Registry of `blood-fee-benefits` sets. Sets are tenant-scoped by province (`tenantId` = lowercase pinyin).
 * A province without its own set falls back to Henan, the default ({@link benefitRulesFor}).
 */
export const BENEFITS_REGISTRY: RuleRegistry<BenefitRules> = createRuleRegistry('blood-fee-benefits', BENEFIT_RULE_SETS);

/** The default province when a station has not configured one. */
export const DEFAULT_BENEFIT_PROVINCE: Province = 'henan';
