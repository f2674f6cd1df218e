import { DomainError } from '../errors.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { AboGroup, RhD } from '../types.ts';
import { LAB_TESTING_2019, NAT_TARGETS, type LabItem, type LabTestingRules, type NatTarget, type SerologyMarker } from './rules.ts';

/**
 * One recorded laboratory observation of a donation, as stored (append-only). Entries are a set: the
 * interpretation never depends on the order they arrived in.
 *
 * - `elisa`: one well; `sco` is the signal-to-cut-off ratio (S/CO, dimensionless), `grayZoneLowSco` the
 *   reagent lot's lower gray-zone bound (defaults to the rule set's), `phase` initial or duplicate retest.
 * - `nat`: a pooled (混样) or individual NAT result for one target; pool results are copied onto every member.
 * - `alt`: ALT activity, U/L.
 * - `abo`: forward (cell) and reverse (serum) typing; `null` = no clear reaction.
 * - `rhd`: RhD screen, or RhD-negative confirmation test.
 * - `abo_resolution`: a supervisor's resolution of an ABO/RhD discrepancy after investigation.
 * - `invalidate`: override withdrawing an earlier entry (clerical error, failed run). Reactive results can
 *   never be withdrawn (safety): such overrides are refused and reported.
 */
export type LabEntry =
  | { readonly id: string; readonly kind: 'elisa'; readonly marker: SerologyMarker; readonly round: 1 | 2; readonly phase: 'initial' | 'retest';
      readonly sco: number; readonly grayZoneLowSco?: number | null; readonly maker: string; readonly lot: string; readonly operator: string }
  | { readonly id: string; readonly kind: 'nat'; readonly target: NatTarget; readonly scope: 'pool' | 'individual'; readonly reactive: boolean; readonly poolId?: string | null }
  | { readonly id: string; readonly kind: 'alt'; readonly valueUPerL: number }
  | { readonly id: string; readonly kind: 'abo'; readonly forward: AboGroup | null; readonly reverse: AboGroup | null }
  | { readonly id: string; readonly kind: 'rhd'; readonly phase: 'screen' | 'confirm'; readonly result: RhD }
  | { readonly id: string; readonly kind: 'abo_resolution'; readonly abo: AboGroup; readonly rhd: RhD; readonly reason: string }
  | { readonly id: string; readonly kind: 'invalidate'; readonly targetId: string; readonly reason: string };

/** Overall interpretation (综合判定) of a donation. Only `qualified` may be released. */
export type LabConclusionValue = 'qualified' | 'unqualified' | 'pending';

/** Codes of unqualified reasons; they double as discard reason codes. */
export type UnqualifiedCode =
  | 'HBSAG_REACTIVE' | 'HCV_REACTIVE' | 'HIV_REACTIVE' | 'TP_REACTIVE'
  | 'NAT_HBV_REACTIVE' | 'NAT_HCV_REACTIVE' | 'NAT_HIV_REACTIVE' | 'ALT_ABOVE_LIMIT';

/** Codes of reasons a conclusion is still pending (each blocks release). */
export type PendingCode =
  | 'RESULT_MISSING' | 'RETEST_REQUIRED' | 'NAT_POOL_UNRESOLVED' | 'ABO_DISCREPANCY' | 'ABO_HISTORY_DISCREPANCY'
  | 'RHD_CONFIRMATION_REQUIRED' | 'RHD_DISCREPANCY' | 'RHD_HISTORY_DISCREPANCY' | 'ROUNDS_SAME_MAKER' | 'ROUNDS_SAME_OPERATOR';

export interface LabReason {
  readonly item: LabItem;
  readonly code: UnqualifiedCode | PendingCode;
  /** "中文 / English". */
  readonly message: string;
}

/** Per-item state, for the review screen. */
export interface LabItemState {
  readonly item: LabItem;
  readonly state: 'nonreactive' | 'reactive' | 'pending' | 'determined' | 'not_required';
  /** Determined value (ABO group, RhD, ALT U/L) when there is one. */
  readonly value?: string | number;
}

export interface LabConclusion {
  readonly conclusion: LabConclusionValue;
  /** Why unqualified (empty unless `unqualified`). */
  readonly reasons: readonly LabReason[];
  /** What is still open (an unqualified donation may also list open items). */
  readonly pending: readonly LabReason[];
  readonly items: readonly LabItemState[];
  readonly abo: AboGroup | null;
  readonly rhd: RhD | null;
  /** Ids of `invalidate` overrides that were refused because they targeted a reactive result. */
  readonly refusedOverrides: readonly string[];
  readonly ruleSetId: string;
}

/** The donor's historical blood group (from earlier concluded donations), if any. */
export interface DonorHistory {
  readonly abo: AboGroup | null;
  readonly rhd: RhD | null;
}

const NAT_NAMES: Record<NatTarget, string> = { hbv: 'HBV DNA', hcv: 'HCV RNA', hiv: 'HIV RNA' };

/**
 * Whether an ELISA well counts as reactive: S/CO at or above the gray-zone lower bound of its lot
 * (never above the cut-off S/CO 1.0, whatever the lot says).
 */
export function isReactiveWell(sco: number, grayZoneLowSco: number | null | undefined, rules: LabTestingRules = LAB_TESTING_2019.data): boolean {
  const bound = Math.min(grayZoneLowSco ?? rules.defaultGrayZoneLowSco, 1);
  return !(sco < bound); // NaN counts as reactive
}

/**
 * Whether an entry carries an adverse (reactive / above-limit) result. Adverse results can never be withdrawn by an override.
 */
export function isAdverseEntry(e: LabEntry, rules: LabTestingRules = LAB_TESTING_2019.data): boolean {
  switch (e.kind) {
    case 'elisa': return isReactiveWell(e.sco, e.grayZoneLowSco, rules);
    case 'nat': return e.reactive;
    case 'alt': return !(e.valueUPerL <= rules.altMaxUPerL);
    default: return false;
  }
}

/** The entries in force after valid overrides; adverse results are never withdrawn. */
function applyOverrides(entries: readonly LabEntry[], rules: LabTestingRules) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const withdrawn = new Set<string>();
  const refused: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'invalidate') continue;
    const target = byId.get(e.targetId);
    if (!target || target.kind === 'invalidate') continue;
    if (isAdverseEntry(target, rules)) refused.push(e.id);
    else withdrawn.add(target.id);
  }
  return { active: entries.filter((e) => e.kind !== 'invalidate' && !withdrawn.has(e.id)), refused: refused.sort() };
}

type RoundState = 'nonreactive' | 'reactive' | 'pending_missing' | 'pending_retest';

function roundState(wells: readonly Extract<LabEntry, { kind: 'elisa' }>[], rules: LabTestingRules): RoundState {
  const reactive = (w: Extract<LabEntry, { kind: 'elisa' }>) => isReactiveWell(w.sco, w.grayZoneLowSco, rules);
  const initial = wells.filter((w) => w.phase === 'initial');
  const retest = wells.filter((w) => w.phase === 'retest');
  if (retest.some(reactive)) return 'reactive';
  if (initial.length === 0) return 'pending_missing';
  if (!initial.some(reactive)) return 'nonreactive';
  return retest.length >= rules.retestWells ? 'nonreactive' : 'pending_retest';
}

/**
 * Overall interpretation (综合判定) of one donation's laboratory entries under the per-marker strategies.
 *
 * - Serology: per round, initial non-reactive → non-reactive; initial reactive (gray zone included) → duplicate
 *   retest required; any retest well reactive → reactive. Rounds required by the strategy; two rounds must
 *   use different makers and operators. Any reactive well in any round → unqualified.
 * - NAT: an individual reactive → unqualified; pool reactive without individual resolution → pending.
 * - ALT > limit → unqualified. ABO forward ≠ reverse, or ≠ donor history → pending until an `abo_resolution`;
 *   RhD screen negative needs a negative confirmation.
 * - `qualified` only when nothing is reactive and nothing is open. Independent of entry order.
 *
 * @param entries - every entry of the donation (append-only log, any order)
 * @param history - the donor's historical ABO/RhD, or null for a first-time donor
 * @param ruleSet - lab rule set in force at testing
 * @returns the conclusion with reasons; never throws for incomplete data (that is `pending`)
 * @see china-blood-service-rules.md §3.1, §3.2; 血站技术操作规程 (2015版/2019版); china-it-standards.md §7 R33, R38
 */
export function concludeLab(entries: readonly LabEntry[], history: DonorHistory | null = null, ruleSet: RuleSet<LabTestingRules> = LAB_TESTING_2019): LabConclusion {
  const rules = ruleSet.data;
  const { active, refused } = applyOverrides(entries, rules);
  const reasons: LabReason[] = [];
  const pending: LabReason[] = [];
  const items: LabItemState[] = [];
  const natRequired = new Set<NatTarget>();

  // Serology markers
  for (const m of rules.markers) {
    const wells = active.filter((e): e is Extract<LabEntry, { kind: 'elisa' }> => e.kind === 'elisa' && e.marker === m.marker);
    const rounds: (1 | 2)[] = m.strategy === 'ELISA+NAT' ? [1] : [1, 2];
    if (m.strategy !== 'ELISA_x2' && m.natTarget) natRequired.add(m.natTarget);
    const states = ([1, 2] as const).map((r) => roundState(wells.filter((w) => w.round === r), rules));
    const name = `${m.nameZh} / ${m.nameEn}`;
    if (states.includes('reactive')) {
      reasons.push({ item: m.marker, code: `${m.marker.toUpperCase() as Uppercase<SerologyMarker>}_REACTIVE`, message: `${m.nameZh}反应性 / ${m.nameEn} reactive` });
      items.push({ item: m.marker, state: 'reactive' });
      continue;
    }
    let open = false;
    for (const r of rounds) {
      const s = states[r - 1];
      if (s === 'pending_missing') { pending.push({ item: m.marker, code: 'RESULT_MISSING', message: `${m.nameZh}第${r}遍结果缺失 / ${m.nameEn} round ${r} missing` }); open = true; }
      if (s === 'pending_retest') { pending.push({ item: m.marker, code: 'RETEST_REQUIRED', message: `${m.nameZh}第${r}遍初筛反应性，须双孔复试 / ${m.nameEn} round ${r} initially reactive: duplicate retest required` }); open = true; }
    }
    if (rounds.length === 2) {
      const r1 = wells.filter((w) => w.round === 1);
      const r2 = wells.filter((w) => w.round === 2);
      if (rules.twoRoundsDifferentMaker && r1.some((a) => r2.some((b) => a.maker.trim().toLowerCase() === b.maker.trim().toLowerCase()))) {
        pending.push({ item: m.marker, code: 'ROUNDS_SAME_MAKER', message: `${name}: 两遍检测须使用不同厂家试剂 / two rounds need reagents from different makers` });
        open = true;
      }
      if (rules.twoRoundsDifferentOperator && r1.some((a) => r2.some((b) => a.operator === b.operator))) {
        pending.push({ item: m.marker, code: 'ROUNDS_SAME_OPERATOR', message: `${name}: 两遍检测须由不同人员操作 / two rounds need different operators` });
        open = true;
      }
    }
    items.push({ item: m.marker, state: open ? 'pending' : 'nonreactive' });
  }

  // NAT targets
  for (const t of NAT_TARGETS) {
    const nat = active.filter((e): e is Extract<LabEntry, { kind: 'nat' }> => e.kind === 'nat' && e.target === t);
    const individual = nat.filter((e) => e.scope === 'individual');
    const pool = nat.filter((e) => e.scope === 'pool');
    const item = `nat_${t}` as const;
    if (individual.some((e) => e.reactive)) {
      reasons.push({ item, code: `NAT_${t.toUpperCase() as Uppercase<NatTarget>}_REACTIVE`, message: `${NAT_NAMES[t]} 核酸反应性 / ${NAT_NAMES[t]} NAT reactive` });
      items.push({ item, state: 'reactive' });
    } else if (individual.length > 0 || (pool.length > 0 && !pool.some((e) => e.reactive))) {
      items.push({ item, state: 'nonreactive' });
    } else if (pool.some((e) => e.reactive)) {
      pending.push({ item, code: 'NAT_POOL_UNRESOLVED', message: `${NAT_NAMES[t]} 混样反应性，须拆分单检 / ${NAT_NAMES[t]} pool reactive: resolve by individual testing` });
      items.push({ item, state: 'pending' });
    } else if (natRequired.has(t)) {
      pending.push({ item, code: 'RESULT_MISSING', message: `${NAT_NAMES[t]} 核酸结果缺失 / ${NAT_NAMES[t]} NAT result missing` });
      items.push({ item, state: 'pending' });
    } else {
      items.push({ item, state: 'not_required' });
    }
  }

  // ALT (the highest value counts)
  const alts = active.filter((e): e is Extract<LabEntry, { kind: 'alt' }> => e.kind === 'alt');
  if (alts.length === 0) {
    pending.push({ item: 'alt', code: 'RESULT_MISSING', message: 'ALT结果缺失 / ALT result missing' });
    items.push({ item: 'alt', state: 'pending' });
  } else {
    const worst = alts.reduce((m, e) => (!(e.valueUPerL <= m) ? e.valueUPerL : m), -Infinity);
    if (!(worst <= rules.altMaxUPerL)) {
      reasons.push({ item: 'alt', code: 'ALT_ABOVE_LIMIT', message: `ALT ${worst} U/L 超过 ${rules.altMaxUPerL} U/L / ALT ${worst} U/L above ${rules.altMaxUPerL} U/L` });
      items.push({ item: 'alt', state: 'reactive', value: worst });
    } else {
      items.push({ item: 'alt', state: 'determined', value: worst });
    }
  }

  // ABO / RhD
  const resolutions = active.filter((e): e is Extract<LabEntry, { kind: 'abo_resolution' }> => e.kind === 'abo_resolution');
  // Several resolutions: they must agree, else the discrepancy stands.
  const resolution = resolutions.length > 0 && resolutions.every((r) => r.abo === resolutions[0].abo && r.rhd === resolutions[0].rhd)
    ? resolutions[0] : null;
  let abo: AboGroup | null = null;
  let rhd: RhD | null = null;
  if (resolution) {
    abo = resolution.abo;
    rhd = resolution.rhd;
  } else if (resolutions.length > 0) {
    pending.push({ item: 'abo', code: 'ABO_DISCREPANCY', message: '血型复核结论不一致 / conflicting ABO/RhD resolutions' });
  } else {
    const typings = active.filter((e): e is Extract<LabEntry, { kind: 'abo' }> => e.kind === 'abo');
    const groups = new Set(typings.flatMap((e) => [e.forward, e.reverse]));
    if (typings.length === 0) {
      pending.push({ item: 'abo', code: 'RESULT_MISSING', message: 'ABO正反定型结果缺失 / ABO forward/reverse typing missing' });
    } else if (groups.size !== 1 || groups.has(null)) {
      pending.push({ item: 'abo', code: 'ABO_DISCREPANCY', message: 'ABO正反定型不符，须复核 / ABO forward/reverse discrepancy: resolve before release' });
    } else {
      abo = [...groups][0];
      if (history?.abo && history.abo !== abo) {
        pending.push({ item: 'abo', code: 'ABO_HISTORY_DISCREPANCY', message: `ABO ${abo} 与历史血型 ${history.abo} 不符 / ABO ${abo} differs from donor history ${history.abo}` });
        abo = null;
      }
    }
    const rh = active.filter((e): e is Extract<LabEntry, { kind: 'rhd' }> => e.kind === 'rhd');
    const screens = new Set(rh.filter((e) => e.phase === 'screen').map((e) => e.result));
    const confirms = rh.filter((e) => e.phase === 'confirm').map((e) => e.result);
    if (screens.size === 0) {
      pending.push({ item: 'rhd', code: 'RESULT_MISSING', message: 'RhD初筛结果缺失 / RhD screen missing' });
    } else if (screens.size > 1) {
      pending.push({ item: 'rhd', code: 'RHD_DISCREPANCY', message: 'RhD初筛结果不一致 / conflicting RhD screens' });
    } else if (screens.has('POS')) {
      rhd = 'POS';
    } else if (confirms.length === 0) {
      pending.push({ item: 'rhd', code: 'RHD_CONFIRMATION_REQUIRED', message: 'RhD初筛阴性，须做阴性确认试验 / RhD screen negative: confirmation test required' });
    } else {
      // Weak/partial D found by confirmation: labelled RhD positive as a donor.
      rhd = confirms.includes('POS') ? 'POS' : 'NEG';
    }
    if (rhd && history?.rhd && history.rhd !== rhd) {
      pending.push({ item: 'rhd', code: 'RHD_HISTORY_DISCREPANCY', message: `RhD ${rhd} 与历史血型 ${history.rhd} 不符 / RhD ${rhd} differs from donor history ${history.rhd}` });
      rhd = null;
    }
  }
  items.push({ item: 'abo', state: abo ? 'determined' : 'pending', ...(abo ? { value: abo } : {}) });
  items.push({ item: 'rhd', state: rhd ? 'determined' : 'pending', ...(rhd ? { value: rhd } : {}) });

  const conclusion: LabConclusionValue = reasons.length > 0 ? 'unqualified' : pending.length > 0 ? 'pending' : 'qualified';
  return { conclusion, reasons, pending, items, abo, rhd, refusedOverrides: refused, ruleSetId: ruleSet.id };
}

/**
 * Release gate on a lab conclusion: only `qualified` releases.
 *
 * @throws DomainError `INVALID_TRANSITION` with `details.reason` `TESTS_PENDING` or `TESTS_NOT_QUALIFIED`, and
 *   `details.reasons` the open/unqualified reasons
 * @see china-it-standards.md §7 R38; china-blood-service-rules.md §3.2
 */
export function assertLabReleasable(c: LabConclusion): void {
  if (c.conclusion === 'qualified') return;
  const unq = c.conclusion === 'unqualified';
  throw new DomainError('INVALID_TRANSITION',
    unq ? { zh: '检测不合格，不能放行', en: 'tests unqualified; cannot release' }
      : { zh: `检测未完成或有待复核项，不能放行：${c.pending.map((p) => p.message.split(' / ')[0]).join('；')}`, en: `tests pending; cannot release: ${c.pending.map((p) => p.code).join(', ')}` },
    { action: 'release', reason: unq ? 'TESTS_NOT_QUALIFIED' : 'TESTS_PENDING', reasons: (unq ? c.reasons : c.pending).map((r) => r.code) });
}

/**
 * What must happen to a unit in stock when its donation's conclusion changes: a released (`available`/`reserved`)
 * unit whose conclusion is no longer `qualified` goes back to quarantine; a quarantined unit may be released only
 * on `qualified`.
 *
 * @returns the action to apply (`quarantine` / `release`) or null
 */
export function unitActionForConclusion(status: string, conclusion: LabConclusionValue, releaseRequested: boolean): 'quarantine' | 'release' | null {
  if ((status === 'available' || status === 'reserved') && conclusion !== 'qualified') return 'quarantine';
  if (status === 'quarantined' && releaseRequested && conclusion === 'qualified') return 'release';
  return null;
}
