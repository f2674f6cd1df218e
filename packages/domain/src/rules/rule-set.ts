/**
 * Versioned rule data. Every number the domain enforces (shelf lives, temperatures, cut-offs,
 * alert thresholds) lives in a {@link RuleSet} keyed by the document it comes from, never as a
 * literal inside an algorithm. National documents get revised (WS 399-2012 was repealed from
 * 2024-09-01) and provinces or stations differ, so a decision must be able to say which rule
 * set, version and clause it applied.
 *
 * @see china-blood-service-rules.md (preamble: "put every numeric threshold … in versioned rule tables")
 * @see china-it-standards.md §7 R12 (versioned configuration and validation evidence)
 */

/**
 * How strong the evidence for a value is, mirroring the status column of the reference:
 * - `verified`: a public page states it (often secondary, check against the official text before go-live);
 * - `best_knowledge`: standard practice not confirmed by a page seen; a configurable default;
 * - `local`: a RedBridge or station decision where the standard is silent.
 */
export type RuleEvidence = 'verified' | 'best_knowledge' | 'local';

/**
 * Provenance of one value: which document, which version, which clause.
 *
 * @example `{ source: 'WS399-2012', version: '2012', clause: '血液保存期 悬浮红细胞 MAP', evidence: 'verified' }`
 */
export interface RuleRef {
  /** Document id, e.g. `GB18469-2012`, `WS399-2012`, `临床输血技术规范 (2000)`. */
  readonly source: string;
  readonly version: string;
  /** Clause, table row or section; free text where the clause number is unverified. */
  readonly clause?: string;
  readonly evidence: RuleEvidence;
  /** Short note, e.g. the reference-file source ids ([S10]) or why a local value was chosen. */
  readonly note?: string;
}

/** One clause a rule set implements, with a one-line summary (for audit screens and docs). */
export interface RuleClause {
  readonly ref: string;
  readonly summary: string;
}

/**
 * A versioned, dated bundle of rule data of one family.
 *
 * `effectiveFrom` / `effectiveTo` are ISO 8601 instants **with an offset** (e.g. `2012-07-01T00:00:00+08:00`),
 * so "in force on" never depends on the server's time zone. `effectiveTo` is exclusive.
 * A set with `tenantId` overrides the national set (no `tenantId`) for that tenant (station or province)
 * in full: the override carries complete data, there is no field-level merge.
 */
export interface RuleSet<T> {
  /** Unique id, stored with every decision that used it, e.g. `component-catalogue:GB18469-WS399-2012`. */
  readonly id: string;
  /** Rule family, e.g. `component-catalogue`; a registry holds one family. */
  readonly family: string;
  /** Main source document id, e.g. `WS399-2012`. */
  readonly source: string;
  readonly version: string;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  /** Tenant scope of an override; absent for the national default. */
  readonly tenantId?: string;
  readonly clauses: readonly RuleClause[];
  readonly notes?: string;
  readonly data: T;
}

const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 instant that carries an explicit offset.
 *
 * @param value - e.g. `2012-07-01T00:00:00+08:00`
 * @returns epoch milliseconds, or `undefined` when the text is not an instant with an offset
 */
export function parseInstant(value: string): number | undefined {
  if (!INSTANT_WITH_OFFSET.test(value)) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
