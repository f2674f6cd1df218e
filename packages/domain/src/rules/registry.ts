import { DomainError, validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { parseInstant } from './rule-set.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * The rule sets of one family, and the lookup of the one in force on a date for a tenant.
 * Immutable: {@link RuleRegistry.with} returns a new registry.
 */
export interface RuleRegistry<T> {
  readonly family: string;
  /** All sets, national and tenant overrides, in registration order. */
  readonly sets: readonly RuleSet<T>[];
  /**
   * The set in force at `on`: the tenant's override when one is in force, else the national set;
   * among several in force, the one with the latest `effectiveFrom`.
   *
   * @param on - instant of the decision (pass `now`, the collection time, … — never read the clock)
   * @param tenantId - station or province id; omit for the national default
   * @returns the rule set
   * @throws DomainError `RULE_SET_NOT_FOUND` when no set is in force
   */
  inForce(on: Date, tenantId?: string): RuleSet<T>;
  /** Same as {@link RuleRegistry.inForce} but returns `undefined` instead of throwing. */
  find(on: Date, tenantId?: string): RuleSet<T> | undefined;
  /** The set with this id (to re-check an old decision against the rules it used). */
  byId(id: string): RuleSet<T> | undefined;
  /**
   * A new registry with one more set (a new national version or a tenant override).
   *
   * @throws DomainError `VALIDATION` when the set is malformed or clashes with an existing one
   */
  with(set: RuleSet<T>): RuleRegistry<T>;
}

interface IndexedSet<T> {
  readonly set: RuleSet<T>;
  readonly fromMs: number;
  readonly toMs: number;
}

function validateSets<T>(family: string, sets: readonly RuleSet<T>[]): IndexedSet<T>[] {
  const errors: FieldError[] = [];
  const indexed: IndexedSet<T>[] = [];
  const ids = new Set<string>();
  const scopeStarts = new Set<string>();
  sets.forEach((set, i) => {
    const field = `sets[${i}]`;
    if (set.family !== family) {
      errors.push({ field: `${field}.family`, code: 'FAMILY_MISMATCH', message: `规则族不符 / rule set family ${set.family} is not ${family}` });
    }
    if (set.id.trim() === '' || ids.has(set.id)) {
      errors.push({ field: `${field}.id`, code: 'DUPLICATE_ID', message: `规则集编号为空或重复 / rule set id empty or duplicate: ${set.id}` });
    }
    ids.add(set.id);
    const fromMs = parseInstant(set.effectiveFrom);
    const toMs = set.effectiveTo === undefined ? Number.POSITIVE_INFINITY : parseInstant(set.effectiveTo);
    if (fromMs === undefined) {
      errors.push({ field: `${field}.effectiveFrom`, code: 'INSTANT', message: '生效时间须为带时区的ISO时间 / effectiveFrom must be an ISO 8601 instant with offset' });
    }
    if (toMs === undefined) {
      errors.push({ field: `${field}.effectiveTo`, code: 'INSTANT', message: '失效时间须为带时区的ISO时间 / effectiveTo must be an ISO 8601 instant with offset' });
    }
    if (fromMs !== undefined && toMs !== undefined) {
      if (toMs <= fromMs) {
        errors.push({ field: `${field}.effectiveTo`, code: 'RANGE', message: '失效时间须晚于生效时间 / effectiveTo must be after effectiveFrom' });
      }
      const scopeStart = `${set.tenantId ?? ''}@${fromMs}`;
      if (scopeStarts.has(scopeStart)) {
        errors.push({ field: `${field}.effectiveFrom`, code: 'AMBIGUOUS', message: '同一范围同一生效时间有两个规则集 / two sets of one scope start at the same instant' });
      }
      scopeStarts.add(scopeStart);
      indexed.push({ set, fromMs, toMs });
    }
  });
  if (errors.length > 0) {
    throw validationError(errors, { zh: '规则集无效', en: `invalid rule sets for ${family}` });
  }
  return indexed;
}

function latestInForce<T>(candidates: readonly IndexedSet<T>[], atMs: number): RuleSet<T> | undefined {
  let best: IndexedSet<T> | undefined;
  for (const c of candidates) {
    if (c.fromMs <= atMs && atMs < c.toMs && (best === undefined || c.fromMs > best.fromMs)) {
      best = c;
    }
  }
  return best?.set;
}

/**
 * Creates a registry for one rule family.
 *
 * @param family - family name shared by every set, e.g. `component-catalogue`
 * @param sets - national versions and tenant overrides
 * @returns an immutable registry
 * @throws DomainError `VALIDATION` for a wrong family, duplicate id, an instant without offset,
 *   an empty validity range, or two sets of one scope starting at the same instant
 */
export function createRuleRegistry<T>(family: string, sets: readonly RuleSet<T>[]): RuleRegistry<T> {
  const indexed = validateSets(family, sets);
  const frozen = Object.freeze([...sets]);
  const find = (on: Date, tenantId?: string): RuleSet<T> | undefined => {
    const atMs = on.getTime();
    if (Number.isNaN(atMs)) {
      return undefined;
    }
    if (tenantId !== undefined) {
      const override = latestInForce(indexed.filter((c) => c.set.tenantId === tenantId), atMs);
      if (override !== undefined) {
        return override;
      }
    }
    return latestInForce(indexed.filter((c) => c.set.tenantId === undefined), atMs);
  };
  return {
    family,
    sets: frozen,
    find,
    inForce(on: Date, tenantId?: string): RuleSet<T> {
      const found = find(on, tenantId);
      if (found === undefined) {
        throw new DomainError(
          'RULE_SET_NOT_FOUND',
          { zh: '该日期没有生效的规则集', en: `no ${family} rule set in force` },
          { family, on: Number.isNaN(on.getTime()) ? null : on.toISOString(), tenantId: tenantId ?? null },
        );
      }
      return found;
    },
    byId(id: string): RuleSet<T> | undefined {
      return frozen.find((s) => s.id === id);
    },
    with(set: RuleSet<T>): RuleRegistry<T> {
      return createRuleRegistry(family, [...frozen, set]);
    },
  };
}
