import { donorMatches } from '../abo-rh/compatibility.ts';
import type { CompatibilityPolicy, DonorMatch } from '../abo-rh/compatibility.ts';
import type { CompatibilityRules } from '../abo-rh/compatibility-rules.ts';
import { formatBloodGroup } from '../abo-rh/blood-group.ts';
import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { checkIssuable } from '../lifecycle/issuable.ts';
import type { IssueBlockCode } from '../lifecycle/issuable.ts';
import { ABO_GROUPS, COMPONENT_CLASSES, RHD_VALUES } from '../types.ts';
import type { AboGroup, BloodGroup, ComponentClass, RhD, UnitStatus } from '../types.ts';

/**
 * Order in which units of one donor group are picked:
 * - `FEFO` (default): first-expiring-first-out, earliest `expiresAt`;
 * - `FIFO`: oldest collection first (`collectedAt`);
 * - `LIFO`: newest collection first (for simulator comparisons, e.g. modified-FIFO studies);
 * - `MODIFIED_FIFO`: two age classes split at `modifiedFifoYoungDays` (age = `now − collectedAt`): the young class
 *   (age < threshold) is issued before the old one (LIFO between classes), oldest first inside each class (FIFO).
 * Ties: earliest `expiresAt`, then `id` (code-unit order) for determinism.
 *
 * @see supply-chain-benchmarks.md §5 (Abbasi & Hosseinifard, Decision Sciences 45(5):995, 2014: modified FIFO)
 */
export type IssuingOrder = 'FEFO' | 'FIFO' | 'LIFO' | 'MODIFIED_FIFO';
export const ISSUING_ORDERS: readonly IssuingOrder[] = ['FEFO', 'FIFO', 'LIFO', 'MODIFIED_FIFO'];

/** Default age threshold of `MODIFIED_FIFO` in days (a week: the station's 7-day dynamic stock). */
export const MODIFIED_FIFO_DEFAULT_YOUNG_DAYS = 7;

/** One order line: a quantity of a component class for a recipient group (in the class's unit: U, dose, ml). */
export interface AllocationLine {
  readonly lineId: string;
  readonly componentClass: ComponentClass;
  readonly recipient: BloodGroup;
  readonly quantity: number;
  /** Restrict to these catalogue products (e.g. leukoreduced only); omit for any product of the class. */
  readonly productIds?: readonly string[];
}

export interface AllocationRequest {
  readonly lines: readonly AllocationLine[];
  readonly policy: CompatibilityPolicy;
  /** Instant of allocation: units must be unexpired at it. */
  readonly now: Date;
}

/** A candidate unit in stock. */
export interface StockUnit {
  readonly id: string;
  readonly productId: string;
  readonly componentClass: ComponentClass;
  readonly abo: AboGroup;
  readonly rhd: RhD;
  /** In the class's unit (U, dose, ml). */
  readonly quantity: number;
  readonly expiresAt: Date;
  /** Needed for FIFO and LIFO. */
  readonly collectedAt?: Date;
  readonly status: UnitStatus;
  readonly released: boolean;
  readonly labelled: boolean;
  readonly recalled: boolean;
}

export interface AllocationOptions {
  /** Default `FEFO`. */
  readonly issuingOrder?: IssuingOrder;
  /** Compatibility rule data; default the national 2000 rule set. */
  readonly compatibilityRules?: CompatibilityRules;
  /** `MODIFIED_FIFO` only: age (days since collection) below which a unit is "young"; default 7. Must be > 0. */
  readonly modifiedFifoYoungDays?: number;
}

/** One unit chosen for a line, with how its group matched. */
export interface AllocatedUnit {
  readonly unitId: string;
  readonly productId: string;
  readonly donor: BloodGroup;
  readonly quantity: number;
  readonly expiresAt: Date;
  /** Preference rank of the donor group (0 = identical). */
  readonly rank: number;
  readonly identical: boolean;
  readonly aboSubstitution: boolean;
  readonly rhdSubstitution: boolean;
  readonly rhdPositiveForNegative: boolean;
}

export type AllocationReasonCode =
  | 'SUBSTITUTED'
  | 'RHD_POSITIVE_FOR_NEGATIVE'
  | 'PARTIAL_FILL'
  | 'NO_COMPATIBLE_STOCK'
  | 'WHOLE_BAG_OVERFILL';

export interface AllocationReason {
  readonly code: AllocationReasonCode;
  /** "中文 / English". */
  readonly message: string;
}

export interface LineAllocation {
  readonly lineId: string;
  readonly componentClass: ComponentClass;
  readonly recipient: BloodGroup;
  readonly requestedQuantity: number;
  readonly allocatedQuantity: number;
  /** What is left to backorder (0 when filled). */
  readonly unfilledQuantity: number;
  readonly status: 'filled' | 'partial' | 'unfilled';
  /** In pick order. */
  readonly units: readonly AllocatedUnit[];
  readonly unitIds: readonly string[];
  readonly reasons: readonly AllocationReason[];
}

export type ExclusionCode = IssueBlockCode | 'NOT_AVAILABLE' | 'INVALID_QUANTITY' | 'INVALID_GROUP';

/** A stock unit that may not be allocated at all, and why. */
export interface ExcludedUnit {
  readonly unitId: string;
  readonly reasons: readonly ExclusionCode[];
}

export interface AllocationResult {
  readonly lines: readonly LineAllocation[];
  readonly excludedUnits: readonly ExcludedUnit[];
  readonly fullyFilled: boolean;
  readonly issuingOrder: IssuingOrder;
  readonly policyName: CompatibilityPolicy['name'];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
/**
 * Tie-break on unit id, numeric-aware: shorter digit strings first, then lexicographic. Database ids are bigint
 * identities ordered numerically (`ORDER BY expires_at, id`), so this keeps the pure allocator and the server's
 * candidate query in the same order ("99" < "100").
 */
const cmpId = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function comparator(order: IssuingOrder, now: Date, youngDays: number): (a: StockUnit, b: StockUnit) => number {
  const byExpiry = (a: StockUnit, b: StockUnit): number => a.expiresAt.getTime() - b.expiresAt.getTime() || cmpId(a.id, b.id);
  const youngFrom = now.getTime() - youngDays * 86_400_000;
  const ageClass = (u: StockUnit): number => ((u.collectedAt as Date).getTime() > youngFrom ? 0 : 1);
  switch (order) {
    case 'MODIFIED_FIFO':
      return (a, b) => ageClass(a) - ageClass(b) || (a.collectedAt as Date).getTime() - (b.collectedAt as Date).getTime() || byExpiry(a, b);
    case 'FEFO':
      return byExpiry;
    case 'FIFO':
      return (a, b) => (a.collectedAt as Date).getTime() - (b.collectedAt as Date).getTime() || byExpiry(a, b);
    case 'LIFO':
      return (a, b) => (b.collectedAt as Date).getTime() - (a.collectedAt as Date).getTime() || byExpiry(a, b);
  }
}

function validateRequest(request: AllocationRequest, stock: readonly StockUnit[], order: IssuingOrder, youngDays: number): void {
  const errors: FieldError[] = [];
  if (!(typeof youngDays === 'number' && Number.isFinite(youngDays) && youngDays > 0)) {
    errors.push({ field: 'modifiedFifoYoungDays', code: 'RANGE', message: '改良先进先出年龄阈值须为正数 / modifiedFifoYoungDays must be > 0' });
  }
  if (!(request.now instanceof Date) || Number.isNaN(request.now.getTime())) {
    errors.push({ field: 'now', code: 'DATE', message: '当前时间无效 / invalid now' });
  }
  if (!ISSUING_ORDERS.includes(order)) {
    errors.push({ field: 'issuingOrder', code: 'ISSUING_ORDER', message: '发血顺序无效 / unknown issuing order' });
  }
  const lineIds = new Set<string>();
  request.lines.forEach((line, i) => {
    if (lineIds.has(line.lineId)) errors.push({ field: `lines[${i}].lineId`, code: 'DUPLICATE', message: '订单行重复 / duplicate lineId' });
    lineIds.add(line.lineId);
    if (!(COMPONENT_CLASSES as readonly string[]).includes(line.componentClass)) {
      errors.push({ field: `lines[${i}].componentClass`, code: 'COMPONENT_CLASS', message: '成分类别无效 / unknown component class' });
    }
    if (typeof line.quantity !== 'number' || !Number.isFinite(line.quantity) || line.quantity <= 0) {
      errors.push({ field: `lines[${i}].quantity`, code: 'QUANTITY', message: '数量须为正数 / quantity must be positive' });
    }
  });
  const unitIds = new Set<string>();
  stock.forEach((u, i) => {
    if (unitIds.has(u.id)) errors.push({ field: `stock[${i}].id`, code: 'DUPLICATE', message: `血袋重复 / duplicate unit id ${u.id}` });
    unitIds.add(u.id);
  });
  if (errors.length > 0) {
    throw validationError(errors, { zh: '配血请求无效', en: 'invalid allocation request' });
  }
}

function exclusionReasons(unit: StockUnit, now: Date, order: IssuingOrder): ExclusionCode[] {
  const reasons: ExclusionCode[] = [];
  if (unit.status !== 'available') reasons.push('NOT_AVAILABLE');
  reasons.push(...checkIssuable(unit, now).reasons.map((r) => r.code).filter((c) => c !== 'STATUS_NOT_ISSUABLE'));
  if (typeof unit.quantity !== 'number' || !Number.isFinite(unit.quantity) || unit.quantity <= 0) reasons.push('INVALID_QUANTITY');
  if (!(ABO_GROUPS as readonly unknown[]).includes(unit.abo) || !(RHD_VALUES as readonly unknown[]).includes(unit.rhd)) reasons.push('INVALID_GROUP');
  if (order !== 'FEFO' && reasons.length === 0 && !(unit.collectedAt instanceof Date && !Number.isNaN(unit.collectedAt.getTime()))) {
    throw validationError([{ field: `stock.${unit.id}.collectedAt`, code: 'REQUIRED', message: `${order} 需要采血时间 / ${order} needs collectedAt` }]);
  }
  return reasons;
}

/**
 * Allocates stock to order lines (配血/分配). Pure and deterministic.
 *
 * Rules:
 * 1. Only units that are `available` and pass the issue gate (`checkIssuable`: released, labelled,
 *    not recalled, unexpired at `now`) are candidates; the others are listed in `excludedUnits`.
 * 2. Donor groups are tried in the policy's preference order (`donorMatches`): identical first, then
 *    compatible substitutes. Allocation runs rank by rank across **all** lines (every line's identical group
 *    before any line's first substitute), so a substitute pick never takes the identical stock of a later line.
 *    Within one rank, lines are served in request order.
 * 3. Within a donor group units are taken in `issuingOrder` (FEFO default), ties by expiry then id.
 * 4. Whole bags only: units are taken while the allocated quantity is below the requested one, so a line
 *    stops at ≥ requested and exceeds it by less than the last unit's quantity (e.g. 3 U requested from 2 U
 *    (400 ml) bags → 4 U, reason `WHOLE_BAG_OVERFILL`). A smaller later bag is not preferred over FEFO order.
 * 5. A unit is allocated at most once across all lines. What is missing is `unfilledQuantity` (backorder).
 *
 * Quantities are in the class's unit (U, dose, ml) and summed to 2 decimals.
 *
 * @param request - lines, policy and `now`
 * @param stock - candidate units (any status; ineligible ones are excluded with reasons)
 * @param options - issuing order (FEFO/FIFO/LIFO/MODIFIED_FIFO), its age threshold, and compatibility rules
 * @returns per-line allocation, exclusions, and whether every line is filled
 * @throws DomainError `VALIDATION` for an invalid `now`, duplicate line or unit ids, non-positive quantities,
 *   unknown class/group/policy, a non-positive `modifiedFifoYoungDays`, or a missing `collectedAt` under
 *   FIFO/LIFO/MODIFIED_FIFO
 * @see china-it-standards.md §7 R37 (FEFO), R40 (issue against orders), R13; china-blood-service-rules.md §5.3, §5.4
 */
export function allocateFefo(request: AllocationRequest, stock: readonly StockUnit[], options: AllocationOptions = {}): AllocationResult {
  const order = options.issuingOrder ?? 'FEFO';
  const youngDays = options.modifiedFifoYoungDays ?? MODIFIED_FIFO_DEFAULT_YOUNG_DAYS;
  validateRequest(request, stock, order, youngDays);
  const matchesByLine = request.lines.map((line) => donorMatches(line.componentClass, line.recipient, request.policy, options.compatibilityRules));

  const excludedUnits: ExcludedUnit[] = [];
  const buckets = new Map<string, StockUnit[]>();
  for (const unit of stock) {
    const reasons = exclusionReasons(unit, request.now, order);
    if (reasons.length > 0) {
      excludedUnits.push({ unitId: unit.id, reasons });
      continue;
    }
    const key = `${unit.componentClass}|${formatBloodGroup(unit)}`;
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [unit]);
    else bucket.push(unit);
  }
  const cmp = comparator(order, request.now, youngDays);
  for (const bucket of buckets.values()) bucket.sort(cmp);

  const used = new Set<string>();
  const picked: AllocatedUnit[][] = request.lines.map(() => []);
  const allocated: number[] = request.lines.map(() => 0);
  const maxRank = Math.max(0, ...matchesByLine.map((m) => m.length));
  for (let rank = 0; rank < maxRank; rank++) {
    request.lines.forEach((line, i) => {
      const match: DonorMatch | undefined = matchesByLine[i][rank];
      if (match === undefined || allocated[i] >= line.quantity) return;
      const bucket = buckets.get(`${line.componentClass}|${formatBloodGroup(match.donor)}`) ?? [];
      for (const unit of bucket) {
        if (allocated[i] >= line.quantity) break;
        if (used.has(unit.id) || (line.productIds !== undefined && !line.productIds.includes(unit.productId))) continue;
        used.add(unit.id);
        allocated[i] = round2(allocated[i] + unit.quantity);
        picked[i].push({
          unitId: unit.id,
          productId: unit.productId,
          donor: { abo: unit.abo, rhd: unit.rhd },
          quantity: unit.quantity,
          expiresAt: unit.expiresAt,
          rank: match.rank,
          identical: match.identical,
          aboSubstitution: match.aboSubstitution,
          rhdSubstitution: match.rhdSubstitution,
          rhdPositiveForNegative: match.rhdPositiveForNegative,
        });
      }
    });
  }

  const lines: LineAllocation[] = request.lines.map((line, i) => {
    const units = picked[i];
    const got = allocated[i];
    const unfilled = Math.max(0, round2(line.quantity - got));
    const reasons: AllocationReason[] = [];
    const substituted = units.filter((u) => !u.identical).length;
    if (substituted > 0) {
      reasons.push({ code: 'SUBSTITUTED', message: `${substituted} 袋为相容非同型 / ${substituted} unit(s) compatible but not identical` });
    }
    if (units.some((u) => u.rhdPositiveForNegative)) {
      reasons.push({ code: 'RHD_POSITIVE_FOR_NEGATIVE', message: 'RhD阴性患者紧急输注RhD阳性血 (无抗D, 已签同意书) / RhD-positive units for an RhD-negative recipient (emergency, no anti-D, consent)' });
    }
    if (got === 0) {
      reasons.push({ code: 'NO_COMPATIBLE_STOCK', message: '无相容可发库存 / no compatible issuable stock' });
    } else if (unfilled > 0) {
      reasons.push({ code: 'PARTIAL_FILL', message: `缺 ${unfilled}，待补 / short by ${unfilled}, backorder` });
    } else if (got > line.quantity) {
      reasons.push({ code: 'WHOLE_BAG_OVERFILL', message: `整袋发放，超出 ${round2(got - line.quantity)} / whole bags exceed the request by ${round2(got - line.quantity)}` });
    }
    return {
      lineId: line.lineId,
      componentClass: line.componentClass,
      recipient: line.recipient,
      requestedQuantity: line.quantity,
      allocatedQuantity: got,
      unfilledQuantity: unfilled,
      status: unfilled === 0 ? 'filled' : got === 0 ? 'unfilled' : 'partial',
      units,
      unitIds: units.map((u) => u.unitId),
      reasons,
    };
  });
  return {
    lines,
    excludedUnits,
    fullyFilled: lines.every((l) => l.status === 'filled'),
    issuingOrder: order,
    policyName: request.policy.name,
  };
}
