export type { RuleClause, RuleEvidence, RuleRef, RuleSet } from './rule-set.ts';
export { parseInstant } from './rule-set.ts';
export type { RuleRegistry } from './registry.ts';
export { createRuleRegistry } from './registry.ts';
