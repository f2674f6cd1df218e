import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatBloodGroup } from '../abo-rh/blood-group.ts';
import { IDENTICAL_FIRST, IDENTICAL_ONLY, allowsRhdPositiveForNegative, emergencyPolicy, isCompatible } from '../abo-rh/compatibility.ts';
import type { CompatibilityPolicy } from '../abo-rh/compatibility.ts';
import { isDomainError } from '../errors.ts';
import { ABO_GROUPS, COMPONENT_CLASSES, RHD_VALUES, UNIT_STATUSES } from '../types.ts';
import type { AboGroup, BloodGroup, ComponentClass } from '../types.ts';
import { allocateFefo } from './fefo.ts';
import type { AllocationLine, AllocationResult, IssuingOrder, StockUnit } from './fefo.ts';

const NOW = new Date('2024-06-01T10:00:00+08:00');
const DAY = 86_400_000;
const g = (code: string): BloodGroup => ({ abo: code.replace(/[+-]$/, '') as AboGroup, rhd: code.endsWith('+') ? 'POS' : 'NEG' });

function unit(id: string, group: string, expiresInDays: number, over: Partial<StockUnit> = {}): StockUnit {
  const { abo, rhd } = g(group);
  return {
    id, productId: 'SRBC_MAP', componentClass: 'red_cells', abo, rhd, quantity: 1,
    expiresAt: new Date(NOW.getTime() + expiresInDays * DAY), collectedAt: new Date(NOW.getTime() - (35 - expiresInDays) * DAY),
    status: 'available', released: true, labelled: true, recalled: false, ...over,
  };
}
const line = (lineId: string, recipient: string, quantity: number, componentClass: ComponentClass = 'red_cells'): AllocationLine => ({ lineId, componentClass, recipient: g(recipient), quantity });

describe('FEFO allocation [R37][R40]', () => {
  it('takes the earliest-expiring identical units first', () => {
    const stock = [unit('u3', 'A+', 20), unit('u1', 'A+', 3), unit('u2', 'A+', 10)];
    const r = allocateFefo({ lines: [line('L1', 'A+', 2)], policy: IDENTICAL_FIRST, now: NOW }, stock);
    assert.deepEqual(r.lines[0].unitIds, ['u1', 'u2']);
    assert.equal(r.lines[0].status, 'filled');
    assert.equal(r.fullyFilled, true);
    assert.deepEqual(r.lines[0].reasons, []);
  });
  it('breaks expiry ties by id', () => {
    const stock = [unit('b', 'O+', 5), unit('a', 'O+', 5), unit('c', 'O+', 5)];
    assert.deepEqual(allocateFefo({ lines: [line('L1', 'O+', 2)], policy: IDENTICAL_FIRST, now: NOW }, stock).lines[0].unitIds, ['a', 'b']);
  });
  it('then compatible substitutes in preference order, flagged SUBSTITUTED', () => {
    const stock = [unit('o-1', 'O-', 1), unit('o+1', 'O+', 9), unit('o+2', 'O+', 8), unit('a+1', 'A+', 30), unit('a-1', 'A-', 2)];
    const r = allocateFefo({ lines: [line('L1', 'A+', 4)], policy: IDENTICAL_FIRST, now: NOW }, stock);
    assert.deepEqual(r.lines[0].unitIds, ['a+1', 'o+2', 'o+1', 'a-1']);
    assert.deepEqual(r.lines[0].units.map((u) => u.rank), [0, 1, 1, 2]);
    assert.ok(r.lines[0].reasons.some((x) => x.code === 'SUBSTITUTED'));
  });
  it('identical_only never substitutes', () => {
    const r = allocateFefo({ lines: [line('L1', 'A+', 2)], policy: IDENTICAL_ONLY, now: NOW }, [unit('o', 'O+', 5), unit('a', 'A+', 5)]);
    assert.deepEqual(r.lines[0].unitIds, ['a']);
    assert.equal(r.lines[0].status, 'partial');
    assert.equal(r.lines[0].unfilledQuantity, 1);
  });
  it('serves every line\'s identical group before any substitute (rank by rank)', () => {
    const r = allocateFefo({ lines: [line('AB', 'AB+', 2), line('O', 'O+', 2)], policy: IDENTICAL_FIRST, now: NOW }, [unit('o1', 'O+', 2), unit('o2', 'O+', 3)]);
    assert.deepEqual(r.lines[1].unitIds, ['o1', 'o2']);
    assert.deepEqual(r.lines[0].unitIds, []);
    assert.deepEqual(r.lines[0].reasons.map((x) => x.code), ['NO_COMPATIBLE_STOCK']);
  });
  it('fills whole bags: stops at ≥ requested, overshoot below one bag', () => {
    const stock = [unit('a', 'B+', 3, { quantity: 2 }), unit('b', 'B+', 4, { quantity: 2 }), unit('c', 'B+', 5, { quantity: 1.5 })];
    const r = allocateFefo({ lines: [line('L1', 'B+', 3)], policy: IDENTICAL_FIRST, now: NOW }, stock);
    assert.deepEqual([r.lines[0].unitIds, r.lines[0].allocatedQuantity, r.lines[0].unfilledQuantity], [['a', 'b'], 4, 0]);
    assert.deepEqual(r.lines[0].reasons.map((x) => x.code), ['WHOLE_BAG_OVERFILL']);
  });
  it('partial fill leaves the remainder for backorder (plasma in ml)', () => {
    const plasma = (id: string, ml: number): StockUnit => unit(id, 'AB+', 200, { componentClass: 'plasma', productId: 'FFP', quantity: ml });
    const r = allocateFefo({ lines: [line('P', 'A+', 600, 'plasma')], policy: IDENTICAL_FIRST, now: NOW }, [plasma('p1', 200), plasma('p2', 150)]);
    assert.deepEqual([r.lines[0].status, r.lines[0].allocatedQuantity, r.lines[0].unfilledQuantity], ['partial', 350, 250]);
    assert.ok(r.lines[0].reasons.some((x) => x.code === 'PARTIAL_FILL'));
    assert.equal(r.fullyFilled, false);
  });
  it('never allocates unreleased, unlabelled, recalled, expired or non-available units, and says why', () => {
    const stock = [
      unit('unrel', 'O+', 5, { released: false }),
      unit('nolab', 'O+', 5, { labelled: false }),
      unit('recall', 'O+', 5, { recalled: true }),
      unit('exp', 'O+', 0),
      unit('res', 'O+', 5, { status: 'reserved' }),
      unit('quar', 'O+', 5, { status: 'quarantined', released: false }),
      unit('zero', 'O+', 5, { quantity: 0 }),
      unit('good', 'O+', 9),
    ];
    const r = allocateFefo({ lines: [line('L1', 'O+', 5)], policy: IDENTICAL_FIRST, now: NOW }, stock);
    assert.deepEqual(r.lines[0].unitIds, ['good']);
    const why = Object.fromEntries(r.excludedUnits.map((e) => [e.unitId, e.reasons]));
    assert.deepEqual(why, {
      unrel: ['NOT_RELEASED'], nolab: ['NOT_LABELLED'], recall: ['RECALLED'], exp: ['EXPIRED'], res: ['NOT_AVAILABLE'],
      quar: ['NOT_AVAILABLE', 'NOT_RELEASED'], zero: ['INVALID_QUANTITY'],
    });
  });
  it('RhD-negative recipient gets RhD-positive red cells only under emergency with no anti-D and consent', () => {
    const stock = [unit('a+', 'A+', 5), unit('o+', 'O+', 4)];
    const req = (policy: CompatibilityPolicy): AllocationResult => allocateFefo({ lines: [line('L1', 'A-', 2)], policy, now: NOW }, stock);
    assert.deepEqual(req(IDENTICAL_FIRST).lines[0].unitIds, []);
    assert.deepEqual(req(emergencyPolicy({ antiD: true, rhdPositiveConsent: true })).lines[0].unitIds, []);
    const r = req(emergencyPolicy({ antiD: false, rhdPositiveConsent: true }));
    assert.deepEqual(r.lines[0].unitIds, ['a+', 'o+']);
    assert.ok(r.lines[0].reasons.some((x) => x.code === 'RHD_POSITIVE_FOR_NEGATIVE'));
    assert.equal(r.policyName, 'emergency');
  });
  it('restricts to productIds when the line asks for a product', () => {
    const stock = [unit('plain', 'O+', 1), unit('lr', 'O+', 9, { productId: 'LR_SRBC_MAP' })];
    const r = allocateFefo({ lines: [{ ...line('L1', 'O+', 1), productIds: ['LR_SRBC_MAP'] }], policy: IDENTICAL_FIRST, now: NOW }, stock);
    assert.deepEqual(r.lines[0].unitIds, ['lr']);
  });
  it('rejects malformed requests with VALIDATION', () => {
    const v = (fn: () => unknown): void => assert.throws(fn, (e: unknown) => isDomainError(e, 'VALIDATION'));
    v(() => allocateFefo({ lines: [line('L', 'O+', 1), line('L', 'A+', 1)], policy: IDENTICAL_FIRST, now: NOW }, []));
    v(() => allocateFefo({ lines: [line('L', 'O+', 0)], policy: IDENTICAL_FIRST, now: NOW }, []));
    v(() => allocateFefo({ lines: [line('L', 'O+', 1)], policy: IDENTICAL_FIRST, now: new Date(Number.NaN) }, []));
    v(() => allocateFefo({ lines: [line('L', 'O+', 1)], policy: IDENTICAL_FIRST, now: NOW }, [unit('x', 'O+', 1), unit('x', 'O+', 2)]));
    v(() => allocateFefo({ lines: [line('L', 'O+', 1)], policy: IDENTICAL_FIRST, now: NOW }, [unit('x', 'O+', 1, { collectedAt: undefined })], { issuingOrder: 'FIFO' }));
  });
});

describe('issuing orders FIFO and LIFO for the simulator [R37]', () => {
  // Expiry and collection order differ when products have different shelf lives (e.g. washed RBC: 24 h).
  const stock = [
    unit('old', 'O+', 20, { collectedAt: new Date(NOW.getTime() - 20 * DAY) }),
    unit('washed', 'O+', 0.5, { collectedAt: new Date(NOW.getTime() - 10 * DAY) }),
    unit('fresh', 'O+', 35, { collectedAt: NOW }),
    unit('mid', 'O+', 30, { collectedAt: new Date(NOW.getTime() - 5 * DAY) }),
  ];
  const pick = (issuingOrder: IssuingOrder): readonly string[] =>
    allocateFefo({ lines: [line('L1', 'O+', 2)], policy: IDENTICAL_FIRST, now: NOW }, stock, { issuingOrder }).lines[0].unitIds;
  it('FEFO by expiry, FIFO oldest collection first, LIFO newest collection first', () => {
    assert.deepEqual(pick('FEFO'), ['washed', 'old']);
    assert.deepEqual(pick('FIFO'), ['old', 'washed']);
    assert.deepEqual(pick('LIFO'), ['fresh', 'mid']);
  });
  it('MODIFIED_FIFO: young class (< threshold days) first, oldest first inside each class', () => {
    // threshold 7 d: young = fresh (0 d), mid (5 d); old = washed (10 d), old (20 d)
    assert.deepEqual(pick('MODIFIED_FIFO'), ['mid', 'fresh']);
    const all = allocateFefo({ lines: [line('L1', 'O+', 4)], policy: IDENTICAL_FIRST, now: NOW }, stock, { issuingOrder: 'MODIFIED_FIFO' }).lines[0].unitIds;
    assert.deepEqual(all, ['mid', 'fresh', 'old', 'washed']);
    // threshold 15 d moves the 10-day unit into the young class
    const t15 = allocateFefo({ lines: [line('L1', 'O+', 2)], policy: IDENTICAL_FIRST, now: NOW }, stock, { issuingOrder: 'MODIFIED_FIFO', modifiedFifoYoungDays: 15 }).lines[0].unitIds;
    assert.deepEqual(t15, ['washed', 'mid']);
  });
  it('MODIFIED_FIFO rejects a non-positive threshold and needs collectedAt', () => {
    const v = (fn: () => unknown): void => assert.throws(fn, (e: unknown) => isDomainError(e) && e.code === 'VALIDATION');
    v(() => allocateFefo({ lines: [line('L1', 'O+', 1)], policy: IDENTICAL_FIRST, now: NOW }, stock, { issuingOrder: 'MODIFIED_FIFO', modifiedFifoYoungDays: 0 }));
    v(() => allocateFefo({ lines: [line('L', 'O+', 1)], policy: IDENTICAL_FIRST, now: NOW }, [unit('x', 'O+', 1, { collectedAt: undefined })], { issuingOrder: 'MODIFIED_FIFO' }));
  });
});

// ── Property tests ──────────────────────────────────────────────────────────────
const groupArb = fc.record({ abo: fc.constantFrom(...ABO_GROUPS), rhd: fc.constantFrom(...RHD_VALUES) });
const policyArb: fc.Arbitrary<CompatibilityPolicy> = fc.oneof(
  fc.constant(IDENTICAL_ONLY),
  fc.constant(IDENTICAL_FIRST),
  fc.record({ antiD: fc.boolean(), rhdPositiveConsent: fc.boolean() }).map(emergencyPolicy),
);
const stockArb: fc.Arbitrary<StockUnit[]> = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    componentClass: fc.constantFrom<ComponentClass>('red_cells', 'platelets', 'plasma', ...COMPONENT_CLASSES),
    group: groupArb,
    quantity: fc.constantFrom(1, 1.5, 2, 200, 0),
    expiresInHours: fc.integer({ min: -48, max: 24 * 40 }),
    ageHours: fc.integer({ min: 0, max: 24 * 35 }),
    status: fc.constantFrom(...UNIT_STATUSES, 'available', 'available', 'available'),
    released: fc.oneof(fc.constant(true), fc.constant(true), fc.boolean()),
    labelled: fc.oneof(fc.constant(true), fc.constant(true), fc.boolean()),
    recalled: fc.oneof(fc.constant(false), fc.constant(false), fc.boolean()),
  }).map((r): StockUnit => ({
    id: r.id, productId: 'P', componentClass: r.componentClass, abo: r.group.abo, rhd: r.group.rhd, quantity: r.quantity,
    expiresAt: new Date(NOW.getTime() + r.expiresInHours * 3_600_000), collectedAt: new Date(NOW.getTime() - r.ageHours * 3_600_000),
    status: r.status, released: r.released, labelled: r.labelled, recalled: r.recalled,
  })),
  { selector: (u) => u.id, maxLength: 60 },
);
const linesArb: fc.Arbitrary<AllocationLine[]> = fc.uniqueArray(
  fc.record({
    lineId: fc.string({ minLength: 1, maxLength: 3 }),
    componentClass: fc.constantFrom(...COMPONENT_CLASSES),
    recipient: groupArb,
    quantity: fc.constantFrom(0.5, 1, 2, 3, 4.5, 8, 400),
  }),
  { selector: (l) => l.lineId, minLength: 1, maxLength: 5 },
);

const eligible = (u: StockUnit): boolean =>
  u.status === 'available' && u.released && u.labelled && !u.recalled && u.expiresAt.getTime() > NOW.getTime() && u.quantity > 0;

describe('FEFO allocation properties [R37][R40][R13]', () => {
  it('never returns an ineligible or incompatible unit, never a unit twice, picks each group in expiry order, fills or exhausts', () => {
    fc.assert(
      fc.property(stockArb, linesArb, policyArb, fc.constantFrom<IssuingOrder>('FEFO', 'FIFO', 'LIFO', 'MODIFIED_FIFO'), (stock, lines, policy, issuingOrder) => {
        const result = allocateFefo({ lines, policy, now: NOW }, stock, { issuingOrder });
        const byId = new Map(stock.map((u) => [u.id, u]));
        const allUsed = new Set(result.lines.flatMap((l) => l.unitIds));
        const used = new Set<string>();
        result.lines.forEach((la, i) => {
          const req = lines[i];
          assert.equal(la.lineId, req.lineId);
          for (const id of la.unitIds) {
            const u = byId.get(id);
            assert.ok(u !== undefined, 'unit comes from stock');
            assert.ok(eligible(u), `ineligible unit ${id} allocated`);
            assert.equal(u.componentClass, req.componentClass);
            assert.ok(isCompatible(req.componentClass, u, req.recipient, policy), `${formatBloodGroup(u)} → ${formatBloodGroup(req.recipient)}`);
            if (u.rhd === 'POS' && req.recipient.rhd === 'NEG' && req.componentClass !== 'plasma' && req.componentClass !== 'cryo') {
              assert.ok(allowsRhdPositiveForNegative(policy), 'RhD+ red-cell content to RhD− only under consented emergency');
            }
            assert.ok(!used.has(id), `unit ${id} allocated twice`);
            used.add(id);
          }
          const sum = Math.round(la.units.reduce((s, u) => s + u.quantity, 0) * 100) / 100;
          assert.equal(la.allocatedQuantity, sum);
          if (la.units.length > 0) {
            const last = la.units[la.units.length - 1];
            assert.ok(la.allocatedQuantity - last.quantity < req.quantity, 'overshoot below one bag');
          }
          assert.equal(la.unfilledQuantity, Math.max(0, Math.round((req.quantity - la.allocatedQuantity) * 100) / 100));
          if (la.unfilledQuantity > 0) {
            const leftover = stock.filter((u) => eligible(u) && !allUsed.has(u.id) && u.componentClass === req.componentClass && isCompatible(req.componentClass, u, req.recipient, policy));
            assert.deepEqual(leftover.map((u) => u.id), [], 'unfilled line while compatible stock stayed unused');
          }
        });
        assert.equal(used.size, allUsed.size);
        if (issuingOrder === 'FEFO') {
          // Within a line and donor group: expiry order, and no unused eligible unit of that group expires earlier.
          result.lines.forEach((la) => {
            const groups = new Map<string, StockUnit[]>();
            for (const id of la.unitIds) {
              const u = byId.get(id) as StockUnit;
              const k = formatBloodGroup(u);
              groups.set(k, [...(groups.get(k) ?? []), u]);
            }
            for (const [k, picked] of groups) {
              for (let j = 1; j < picked.length; j++) {
                assert.ok(picked[j - 1].expiresAt.getTime() <= picked[j].expiresAt.getTime(), `group ${k} not in expiry order`);
              }
              const latest = Math.max(...picked.map((u) => u.expiresAt.getTime()));
              const skipped = stock.filter((u) => eligible(u) && !allUsed.has(u.id) && u.componentClass === la.componentClass && formatBloodGroup(u) === k && u.expiresAt.getTime() < latest);
              assert.deepEqual(skipped.map((u) => u.id), [], `earlier-expiring ${k} unit left unused`);
            }
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('FEFO tie-break follows numeric ids like the database [R37]', () => {
  it('prefers unit 99 over unit 100 when both expire at the same instant', () => {
    const expiresAt = new Date('2026-12-01T00:00:00Z');
    const unit = (id: string) => ({ id, productId: 'SRBC_MAP', componentClass: 'red_cells' as const, abo: 'O' as const, rhd: 'POS' as const,
      quantity: 1, expiresAt, status: 'available' as const, released: true, labelled: true, recalled: false });
    const result = allocateFefo({ lines: [{ lineId: 'l', componentClass: 'red_cells', recipient: { abo: 'O', rhd: 'POS' }, quantity: 1 }],
      policy: IDENTICAL_FIRST, now: new Date('2026-11-01T00:00:00Z') }, [unit('100'), unit('99')]);
    assert.deepEqual(result.lines[0].unitIds, ['99']);
  });
});
