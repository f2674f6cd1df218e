import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AboGroup, RhD } from '../types.ts';
import { assertLabReleasable, concludeLab, isAdverseEntry, unitActionForConclusion, type LabEntry } from './conclusion.ts';
import { LAB_TESTING_2019, type SerologyMarker } from './rules.ts';
import { isDomainError } from '../errors.ts';

let n = 0;
const id = () => `e${++n}`;
const well = (marker: SerologyMarker, round: 1 | 2, sco: number, phase: 'initial' | 'retest' = 'initial', extra: Partial<{ maker: string; operator: string; grayZoneLowSco: number }> = {}): LabEntry => ({
  id: id(), kind: 'elisa', marker, round, phase, sco, maker: extra.maker ?? (round === 1 ? '科华' : '万泰'), lot: 'L1',
  operator: extra.operator ?? (round === 1 ? 'op1' : 'op2'), grayZoneLowSco: extra.grayZoneLowSco ?? null,
});
const nat = (target: 'hbv' | 'hcv' | 'hiv', scope: 'pool' | 'individual', reactive: boolean): LabEntry => ({ id: id(), kind: 'nat', target, scope, reactive });

/** A complete, all-negative set of entries for one donation (2 ELISA rounds + NAT, ALT, ABO, RhD POS). */
function cleanSet(abo: AboGroup = 'A', rhd: RhD = 'POS'): LabEntry[] {
  const out: LabEntry[] = [];
  for (const m of ['hbsag', 'hcv', 'hiv', 'tp'] as const) out.push(well(m, 1, 0.1), well(m, 2, 0.2));
  for (const t of ['hbv', 'hcv', 'hiv'] as const) out.push(nat(t, 'pool', false));
  out.push({ id: id(), kind: 'alt', valueUPerL: 20 }, { id: id(), kind: 'abo', forward: abo, reverse: abo }, { id: id(), kind: 'rhd', phase: 'screen', result: rhd });
  if (rhd === 'NEG') out.push({ id: id(), kind: 'rhd', phase: 'confirm', result: 'NEG' });
  return out;
}

describe('lab conclusion (综合判定) [R33][R38]', () => {
  it('a complete non-reactive set is qualified with group', () => {
    const c = concludeLab(cleanSet('B', 'NEG'));
    assert.equal(c.conclusion, 'qualified', JSON.stringify(c.pending));
    assert.equal(c.abo, 'B');
    assert.equal(c.rhd, 'NEG');
  });

  it('initial reactive needs a duplicate retest; either retest well reactive → unqualified; both negative → non-reactive', () => {
    const base = cleanSet().filter((e) => !(e.kind === 'elisa' && e.marker === 'hbsag' && e.round === 1));
    const initial = [...base, well('hbsag', 1, 3.2)];
    assert.equal(concludeLab(initial).conclusion, 'pending');
    assert.equal(concludeLab(initial).pending[0].code, 'RETEST_REQUIRED');
    assert.equal(concludeLab([...initial, well('hbsag', 1, 0.2, 'retest')]).conclusion, 'pending', 'one well is not a duplicate');
    const neg = concludeLab([...initial, well('hbsag', 1, 0.2, 'retest'), well('hbsag', 1, 0.3, 'retest')]);
    assert.equal(neg.conclusion, 'qualified');
    const pos = concludeLab([...initial, well('hbsag', 1, 0.2, 'retest'), well('hbsag', 1, 1.4, 'retest')]);
    assert.equal(pos.conclusion, 'unqualified');
    assert.deepEqual(pos.reasons.map((r) => r.code), ['HBSAG_REACTIVE']);
  });

  it('gray zone (S/CO ≥ lower bound of the lot) counts as reactive; the lot bound is never above cut-off 1.0', () => {
    const base = cleanSet().filter((e) => !(e.kind === 'elisa' && e.marker === 'hcv' && e.round === 2));
    assert.equal(concludeLab([...base, well('hcv', 2, 0.75), well('hcv', 2, 0.8, 'retest'), well('hcv', 2, 0.1, 'retest')]).conclusion, 'unqualified');
    assert.equal(concludeLab([...base, well('hcv', 2, 0.75, 'initial', { grayZoneLowSco: 0.8 })]).conclusion, 'qualified');
    assert.equal(concludeLab([...base, well('hcv', 2, 1.2, 'retest', { grayZoneLowSco: 5 })]).conclusion, 'unqualified');
  });

  it('NAT pool reactive → pending until individual resolution; individual reactive → unqualified', () => {
    const base = cleanSet().filter((e) => !(e.kind === 'nat' && e.target === 'hiv'));
    const pooled = [...base, nat('hiv', 'pool', true)];
    assert.equal(concludeLab(pooled).conclusion, 'pending');
    assert.equal(concludeLab(pooled).pending[0].code, 'NAT_POOL_UNRESOLVED');
    assert.equal(concludeLab([...pooled, nat('hiv', 'individual', false)]).conclusion, 'qualified');
    const r = concludeLab([...pooled, nat('hiv', 'individual', true)]);
    assert.deepEqual(r.reasons.map((x) => x.code), ['NAT_HIV_REACTIVE']);
  });

  it('ABO forward/reverse discrepancy or history mismatch blocks until resolved', () => {
    const base = cleanSet().filter((e) => e.kind !== 'abo');
    const disc = [...base, { id: id(), kind: 'abo', forward: 'A', reverse: 'O' } as LabEntry];
    assert.equal(concludeLab(disc).pending[0].code, 'ABO_DISCREPANCY');
    assert.throws(() => assertLabReleasable(concludeLab(disc)), (e: unknown) => isDomainError(e, 'INVALID_TRANSITION') && e.details.reason === 'TESTS_PENDING');
    const resolved = concludeLab([...disc, { id: id(), kind: 'abo_resolution', abo: 'A', rhd: 'POS', reason: 'A2 subgroup' }]);
    assert.equal(resolved.conclusion, 'qualified');
    const hist = concludeLab(cleanSet('A'), { abo: 'B', rhd: 'POS' });
    assert.equal(hist.pending[0].code, 'ABO_HISTORY_DISCREPANCY');
  });

  it('RhD screen negative needs a confirmation test', () => {
    const base = cleanSet().filter((e) => e.kind !== 'rhd');
    const c = concludeLab([...base, { id: id(), kind: 'rhd', phase: 'screen', result: 'NEG' }]);
    assert.equal(c.pending[0].code, 'RHD_CONFIRMATION_REQUIRED');
    const weakD = concludeLab([...base, { id: id(), kind: 'rhd', phase: 'screen', result: 'NEG' }, { id: id(), kind: 'rhd', phase: 'confirm', result: 'POS' }]);
    assert.equal(weakD.rhd, 'POS');
  });

  it('two rounds with the same maker or operator stay pending', () => {
    const base = cleanSet().filter((e) => !(e.kind === 'elisa' && e.marker === 'tp' && e.round === 2));
    assert.equal(concludeLab([...base, well('tp', 2, 0.1, 'initial', { maker: '科华' })]).pending[0].code, 'ROUNDS_SAME_MAKER');
    assert.equal(concludeLab([...base, well('tp', 2, 0.1, 'initial', { operator: 'op1' })]).pending[0].code, 'ROUNDS_SAME_OPERATOR');
  });

  it('ALT above the limit is unqualified; an override cannot withdraw a reactive result', () => {
    const alt: LabEntry = { id: id(), kind: 'alt', valueUPerL: 88 };
    const c = concludeLab([...cleanSet(), alt, { id: 'ov', kind: 'invalidate', targetId: alt.id, reason: 'typo' }]);
    assert.equal(c.conclusion, 'unqualified');
    assert.deepEqual(c.refusedOverrides, ['ov']);
  });

  it('strategy ELISA+NAT needs one round only', () => {
    const rules = { ...LAB_TESTING_2019, id: 'lab-testing:test', data: { ...LAB_TESTING_2019.data, markers: LAB_TESTING_2019.data.markers.map((m) => (m.natTarget ? { ...m, strategy: 'ELISA+NAT' as const } : m)) } };
    const set = cleanSet().filter((e) => !(e.kind === 'elisa' && e.round === 2 && e.marker !== 'tp'));
    assert.equal(concludeLab(set, null, rules).conclusion, 'qualified');
    assert.equal(concludeLab(set).conclusion, 'pending');
  });
});

// ---- property tests -------------------------------------------------------------------------------------

const aboArb = fc.constantFrom<AboGroup | null>('O', 'A', 'B', 'AB', null);
const entryArb: fc.Arbitrary<Omit<LabEntry, 'id'>> = fc.oneof(
  fc.record({ kind: fc.constant('elisa' as const), marker: fc.constantFrom<SerologyMarker>('hbsag', 'hcv', 'hiv', 'tp'), round: fc.constantFrom<1 | 2>(1, 2),
    phase: fc.constantFrom<'initial' | 'retest'>('initial', 'retest'), sco: fc.oneof(fc.double({ min: 0, max: 0.69, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })),
    grayZoneLowSco: fc.option(fc.double({ min: 0.5, max: 1.5, noNaN: true })), maker: fc.constantFrom('科华', '万泰', '英科新创'), lot: fc.constant('L'), operator: fc.constantFrom('op1', 'op2', 'op3') }),
  fc.record({ kind: fc.constant('nat' as const), target: fc.constantFrom<'hbv' | 'hcv' | 'hiv'>('hbv', 'hcv', 'hiv'), scope: fc.constantFrom<'pool' | 'individual'>('pool', 'individual'), reactive: fc.boolean() }),
  fc.record({ kind: fc.constant('alt' as const), valueUPerL: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ kind: fc.constant('abo' as const), forward: aboArb, reverse: aboArb }),
  fc.record({ kind: fc.constant('rhd' as const), phase: fc.constantFrom<'screen' | 'confirm'>('screen', 'confirm'), result: fc.constantFrom<RhD>('POS', 'NEG') }),
  fc.record({ kind: fc.constant('abo_resolution' as const), abo: fc.constantFrom<AboGroup>('O', 'A', 'B', 'AB'), rhd: fc.constantFrom<RhD>('POS', 'NEG'), reason: fc.constant('investigated') }),
) as fc.Arbitrary<Omit<LabEntry, 'id'>>;

/** Log = clean set (sometimes) + random entries + overrides targeting random earlier entries. */
const logArb = fc.tuple(fc.constantFrom(true, true, true, false), fc.array(entryArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 4 })).map(([clean, extra, overrides]) => {
  const base: LabEntry[] = [...(clean ? cleanSet() : []), ...extra.map((e, i) => ({ ...e, id: `x${i}` }) as LabEntry)];
  const ov: LabEntry[] = base.length === 0 ? [] : overrides.map((k, i) => ({ id: `o${i}`, kind: 'invalidate', targetId: base[k % base.length].id, reason: 'override' }));
  return [...base, ...ov];
});

describe('lab conclusion properties [R33][R38]', () => {
  it('PROPERTY: for any order of entries, retests and overrides, a unit with any unqualified or unresolved result never becomes available', () => {
    fc.assert(fc.property(logArb, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.option(fc.record({ abo: aboArb, rhd: fc.constantFrom<RhD | null>('POS', 'NEG', null) })), (log, releaseAttempts, history) => {
      // Enter the log one entry at a time (random order given by the generator), attempting release at random points;
      // a unit follows unitActionForConclusion after every entry.
      let status = 'quarantined';
      for (let i = 0; i < log.length; i++) {
        const c = concludeLab(log.slice(0, i + 1), history);
        const action = unitActionForConclusion(status, c.conclusion, releaseAttempts[i % releaseAttempts.length]);
        if (action === 'release') status = 'available';
        if (action === 'quarantine') status = 'quarantined';
        if (status === 'available') {
          // Independent oracle: nothing adverse anywhere in what was entered so far, except what the SOP resolves: a
          // reactive NAT pool resolved by an individual result of the same target, and an initially reactive ELISA well
          // followed by a duplicate retest (two retest wells, same marker and round) that was non-reactive.
          const seen = log.slice(0, i + 1);
          const resolved = (e: LabEntry) =>
            (e.kind === 'nat' && e.scope === 'pool' && seen.some((x) => x.kind === 'nat' && x.scope === 'individual' && x.target === e.target)) ||
            (e.kind === 'elisa' && e.phase === 'initial' && seen.filter((x) => x.kind === 'elisa' && x.phase === 'retest' && x.marker === e.marker && x.round === e.round).length >= 2);
          assert.ok(!seen.some((e) => isAdverseEntry(e) && !resolved(e)), 'available with an unresolved adverse result');
          assert.equal(c.conclusion, 'qualified');
          assert.equal(c.pending.length, 0);
          assert.ok(c.abo && c.rhd);
        }
      }
    }), { numRuns: 3000 });
  });

  it('PROPERTY: a complete clean log plus any one entry, inserted anywhere, never releases an unresolved adverse result', () => {
    fc.assert(fc.property(entryArb, fc.nat(), (extra, at) => {
      const clean = cleanSet();
      const log = [...clean];
      log.splice(at % (clean.length + 1), 0, { ...extra, id: 'x' } as LabEntry);
      let status = 'quarantined';
      for (let i = 0; i < log.length; i++) {
        const c = concludeLab(log.slice(0, i + 1));
        const action = unitActionForConclusion(status, c.conclusion, true);
        if (action === 'release') status = 'available';
        if (action === 'quarantine') status = 'quarantined';
        if (status === 'available') assert.ok(!log.slice(0, i + 1).some((e) => isAdverseEntry(e)), 'available with an adverse result');
      }
    }), { numRuns: 3000 });
  });

  it('PROPERTY: the conclusion does not depend on the order of entry', () => {
    fc.assert(fc.property(logArb.chain((log) => fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length, maxLength: log.length }))), ([log, shuffled]) => {
      const a = concludeLab(log);
      const b = concludeLab(shuffled);
      assert.equal(a.conclusion, b.conclusion);
      assert.deepEqual([...a.reasons.map((r) => r.code)].sort(), [...b.reasons.map((r) => r.code)].sort());
      assert.deepEqual([...a.pending.map((r) => r.code)].sort(), [...b.pending.map((r) => r.code)].sort());
    }), { numRuns: 300 });
  });

  it('PROPERTY: adding an adverse result to any log never yields qualified', () => {
    // (A reactive pool or an initial well is excluded: an individual NAT / duplicate retest already in the log may resolve it.)
    fc.assert(fc.property(logArb, entryArb.filter((e) => {
      const x = { ...e, id: 'z' } as LabEntry;
      return isAdverseEntry(x) && !(x.kind === 'nat' && x.scope === 'pool') && !(x.kind === 'elisa' && x.phase === 'initial');
    }), (log, bad) => {
      assert.notEqual(concludeLab([...log, { ...bad, id: 'bad' } as LabEntry]).conclusion, 'qualified');
    }), { numRuns: 300 });
  });
});
