import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { UNIT_STATUSES } from '../types.ts';
import type { UnitStatus } from '../types.ts';
import {
  FINAL_UNIT_STATUSES,
  INITIAL_UNIT_STATUS,
  UNIT_ACTIONS,
  UNIT_STATUS_TRANSITIONS,
  allowedActions,
  canTransition,
  changeStatus,
  isFinalStatus,
  isUnitStatus,
  transition,
} from './unit-status.ts';
import type { UnitAction } from './unit-status.ts';

/** The expected table, written out independently: status → action → next status. Everything absent is illegal. */
const EXPECTED: Record<UnitStatus, Partial<Record<UnitAction, UnitStatus>>> = {
  quarantined: { release: 'available', discard: 'discarded', expire: 'expired', recall: 'recalled', process: 'processed' },
  available: { quarantine: 'quarantined', reserve: 'reserved', issue: 'issued', discard: 'discarded', expire: 'expired', recall: 'recalled', process: 'processed' },
  reserved: { quarantine: 'quarantined', unreserve: 'available', issue: 'issued', discard: 'discarded', expire: 'expired', recall: 'recalled' },
  issued: { receive: 'issued', transfuse: 'transfused', return: 'quarantined', discard: 'discarded', expire: 'expired', recall: 'recalled' },
  recalled: { discard: 'discarded' },
  transfused: {},
  processed: {},
  discarded: {},
  expired: {},
};

describe('unit status transition table: every status × action [R36][R13][R38][R39][R41]', () => {
  for (const status of UNIT_STATUSES) {
    for (const action of UNIT_ACTIONS) {
      const to = EXPECTED[status][action];
      if (to !== undefined) {
        it(`${status} --${action}--> ${to}`, () => {
          assert.equal(canTransition(status, action), true);
          assert.equal(transition(status, action), to);
        });
      } else {
        it(`${status} --${action}--> INVALID_TRANSITION`, () => {
          assert.equal(canTransition(status, action), false);
          assert.throws(
            () => transition(status, action),
            (e: unknown) => isDomainError(e, 'INVALID_TRANSITION') && e.details.from === status && e.details.action === action,
          );
        });
      }
    }
  }
  it('the table has exactly the expected moves, no duplicates', () => {
    const expectedCount = Object.values(EXPECTED).reduce((n, row) => n + Object.keys(row).length, 0);
    assert.equal(UNIT_STATUS_TRANSITIONS.length, expectedCount);
    assert.equal(new Set(UNIT_STATUS_TRANSITIONS.map(([f, a]) => `${f}|${a}`)).size, expectedCount);
  });
  it('final statuses are exactly those without moves; new units start quarantined', () => {
    for (const s of UNIT_STATUSES) {
      assert.equal(isFinalStatus(s), allowedActions(s).length === 0, s);
    }
    assert.deepEqual([...FINAL_UNIT_STATUSES].sort(), ['discarded', 'expired', 'processed', 'transfused']);
    assert.equal(INITIAL_UNIT_STATUS, 'quarantined');
    assert.equal(isUnitStatus('issued'), true);
    assert.equal(isUnitStatus('unsafe'), false);
  });
});

describe('status change record: who, when, why [R3][R8][R39]', () => {
  const at = new Date('2024-05-01T09:30:00+08:00');
  it('builds the history row', () => {
    assert.deepEqual(changeStatus('available', 'discard', { at, actorId: 'u-7', reason: ' BAG_DAMAGED ' }), {
      from: 'available', to: 'discarded', action: 'discard', at, actorId: 'u-7', reason: 'BAG_DAMAGED',
    });
    assert.equal(changeStatus('quarantined', 'release', { at, actorId: 'u-7' }).reason, null);
  });
  it('requires an actor, a valid time, and a reason for quarantine/return/discard/recall', () => {
    const bad = (fn: () => unknown, field: string): void => {
      assert.throws(fn, (e: unknown) => isDomainError(e, 'VALIDATION') && (e.details.errors ?? []).some((x) => x.field === field));
    };
    bad(() => changeStatus('quarantined', 'release', { at, actorId: ' ' }), 'actorId');
    bad(() => changeStatus('quarantined', 'release', { at: new Date(Number.NaN), actorId: 'u' }), 'at');
    for (const [s, a] of [['available', 'quarantine'], ['issued', 'return'], ['available', 'discard'], ['issued', 'recall']] as const) {
      bad(() => changeStatus(s, a, { at, actorId: 'u', reason: '' }), 'reason');
    }
  });
  it('an illegal move fails with INVALID_TRANSITION before any validation', () => {
    assert.throws(() => changeStatus('transfused', 'issue', { at, actorId: '' }), (e: unknown) => isDomainError(e, 'INVALID_TRANSITION'));
  });
});

describe('transition properties [R36]', () => {
  it('no sequence of actions ever leaves a final status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNIT_STATUSES), fc.array(fc.constantFrom(...UNIT_ACTIONS), { maxLength: 30 }), (start, actions) => {
        let status = start;
        let reachedFinal = isFinalStatus(status);
        for (const action of actions) {
          if (!canTransition(status, action)) {
            assert.throws(() => transition(status, action));
            continue;
          }
          const next = transition(status, action);
          if (reachedFinal) assert.fail(`left final status ${status} via ${action}`);
          status = next;
          reachedFinal = isFinalStatus(status);
        }
      }),
    );
  });
});
