import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../errors.ts';
import { createRuleRegistry } from './registry.ts';
import { parseInstant } from './rule-set.ts';
import type { RuleSet } from './rule-set.ts';

const base = (over: Partial<RuleSet<{ limit: number }>>): RuleSet<{ limit: number }> => ({
  id: 'alt:national-2011',
  family: 'alt',
  source: 'GB18467-2011',
  version: '2011',
  effectiveFrom: '2012-07-01T00:00:00+08:00',
  clauses: [{ ref: '§1', summary: 'test' }],
  data: { limit: 50 },
  ...over,
});

describe('versioned rule registry [R12]', () => {
  const national2011 = base({});
  const national2025 = base({ id: 'alt:national-2025', version: '2025', effectiveFrom: '2025-07-01T00:00:00+08:00', data: { limit: 40 } });
  const tenant = base({ id: 'alt:station-510', tenantId: 'station-510', effectiveFrom: '2020-01-01T00:00:00+08:00', data: { limit: 45 } });
  const registry = createRuleRegistry('alt', [national2011, national2025, tenant]);

  it('picks the national set with the latest effectiveFrom at or before the date', () => {
    assert.equal(registry.inForce(new Date('2013-01-01T00:00:00Z')).id, 'alt:national-2011');
    assert.equal(registry.inForce(new Date('2025-07-01T00:00:00+08:00')).id, 'alt:national-2025');
    assert.equal(registry.inForce(new Date('2025-06-30T23:59:59+08:00')).id, 'alt:national-2011');
  });
  it('a tenant override wins while in force; others get the national set', () => {
    assert.equal(registry.inForce(new Date('2021-01-01T00:00:00Z'), 'station-510').data.limit, 45);
    assert.equal(registry.inForce(new Date('2019-01-01T00:00:00Z'), 'station-510').data.limit, 50);
    assert.equal(registry.inForce(new Date('2021-01-01T00:00:00Z'), 'station-999').data.limit, 50);
  });
  it('effectiveTo is exclusive', () => {
    const r = createRuleRegistry('alt', [base({ effectiveTo: '2020-01-01T00:00:00+08:00' })]);
    assert.ok(r.find(new Date('2019-12-31T15:59:59.999Z')));
    assert.equal(r.find(new Date('2019-12-31T16:00:00Z')), undefined);
  });
  it('throws RULE_SET_NOT_FOUND before any set, and for an invalid date', () => {
    assert.throws(() => registry.inForce(new Date('2000-01-01T00:00:00Z')), (e: unknown) => isDomainError(e, 'RULE_SET_NOT_FOUND') && e.details.family === 'alt');
    assert.throws(() => registry.inForce(new Date(Number.NaN)), (e: unknown) => isDomainError(e, 'RULE_SET_NOT_FOUND'));
  });
  it('byId finds old sets for re-checking a past decision; with() returns a new registry', () => {
    assert.equal(registry.byId('alt:national-2011')?.data.limit, 50);
    const more = registry.with(base({ id: 'alt:station-511', tenantId: 'station-511', data: { limit: 60 } }));
    assert.equal(more.sets.length, 4);
    assert.equal(registry.sets.length, 3);
    assert.equal(more.inForce(new Date('2021-01-01T00:00:00Z'), 'station-511').data.limit, 60);
  });
  it('rejects malformed sets with VALIDATION', () => {
    const bad: RuleSet<{ limit: number }>[][] = [
      [base({}), base({ effectiveFrom: '2013-01-01T00:00:00+08:00' })], // duplicate id
      [base({ family: 'other' })],
      [base({ effectiveFrom: '2012-07-01' })], // no offset
      [base({ effectiveTo: '2011-01-01T00:00:00+08:00' })], // empty range
      [base({}), base({ id: 'alt:again' })], // same scope, same start
    ];
    for (const sets of bad) {
      assert.throws(() => createRuleRegistry('alt', sets), (e: unknown) => isDomainError(e, 'VALIDATION') && (e.details.errors?.length ?? 0) > 0);
    }
  });
  it('parseInstant requires an explicit offset', () => {
    assert.equal(parseInstant('2012-07-01T00:00:00+08:00'), Date.UTC(2012, 5, 30, 16));
    assert.equal(parseInstant('2012-07-01T00:00:00Z'), Date.UTC(2012, 6, 1));
    assert.equal(parseInstant('2012-07-01T00:00:00'), undefined);
    assert.equal(parseInstant('2012-13-01T00:00:00Z'), undefined);
  });
});
