import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import type { AboGroup, BloodGroup, ComponentClass } from '../types.ts';
import { ABO_GROUPS, COMPONENT_CLASSES, RHD_VALUES } from '../types.ts';
import { ALL_BLOOD_GROUPS, formatBloodGroup, parseBloodGroup } from './blood-group.ts';
import type { BloodGroupCode } from './blood-group.ts';
import { ABO_RH_COMPATIBILITY_2000, ABO_RH_COMPATIBILITY_REGISTRY } from './compatibility-rules.ts';
import {
  IDENTICAL_FIRST,
  IDENTICAL_ONLY,
  allowsRhdPositiveForNegative,
  assertCompatible,
  compatibleDonorGroups,
  donorMatches,
  emergencyDonorGroupsForUnknownAbo,
  emergencyPolicy,
  isCompatible,
  parseCompatibilityPolicy,
} from './compatibility.ts';
import type { CompatibilityPolicy } from './compatibility.ts';

type Table = Record<BloodGroupCode, BloodGroupCode[]>;

const EMERGENCY_CONSENT = emergencyPolicy({ antiD: false, rhdPositiveConsent: true });
const EMERGENCY_NO_CONSENT = emergencyPolicy({ antiD: false, rhdPositiveConsent: false });
const EMERGENCY_ANTI_D = emergencyPolicy({ antiD: true, rhdPositiveConsent: true });

const SELF: Table = {
  'O+': ['O+'], 'O-': ['O-'], 'A+': ['A+'], 'A-': ['A-'], 'B+': ['B+'], 'B-': ['B-'], 'AB+': ['AB+'], 'AB-': ['AB-'],
};
const RBC_FIRST: Table = {
  'O+': ['O+', 'O-'],
  'O-': ['O-'],
  'A+': ['A+', 'O+', 'A-', 'O-'],
  'A-': ['A-', 'O-'],
  'B+': ['B+', 'O+', 'B-', 'O-'],
  'B-': ['B-', 'O-'],
  'AB+': ['AB+', 'A+', 'B+', 'O+', 'AB-', 'A-', 'B-', 'O-'],
  'AB-': ['AB-', 'A-', 'B-', 'O-'],
};
/** §5.4 verbatim for the RhD-negative rows. */
const RBC_EMERGENCY: Table = {
  ...RBC_FIRST,
  'O-': ['O-', 'O+'],
  'A-': ['A-', 'O-', 'A+', 'O+'],
  'B-': ['B-', 'O-', 'B+', 'O+'],
  'AB-': ['AB-', 'A-', 'B-', 'O-', 'AB+', 'A+', 'B+', 'O+'],
};
const PLT_FIRST: Table = {
  'O+': ['O+', 'O-'], 'O-': ['O-'], 'A+': ['A+', 'A-'], 'A-': ['A-'], 'B+': ['B+', 'B-'], 'B-': ['B-'], 'AB+': ['AB+', 'AB-'], 'AB-': ['AB-'],
};
const PLT_EMERGENCY_NO_CONSENT: Table = {
  'O+': ['O+', 'A+', 'B+', 'AB+', 'O-', 'A-', 'B-', 'AB-'],
  'O-': ['O-', 'A-', 'B-', 'AB-'],
  'A+': ['A+', 'AB+', 'A-', 'AB-'],
  'A-': ['A-', 'AB-'],
  'B+': ['B+', 'AB+', 'B-', 'AB-'],
  'B-': ['B-', 'AB-'],
  'AB+': ['AB+', 'AB-'],
  'AB-': ['AB-'],
};
const PLT_EMERGENCY: Table = {
  ...PLT_EMERGENCY_NO_CONSENT,
  'O-': ['O-', 'A-', 'B-', 'AB-', 'O+', 'A+', 'B+', 'AB+'],
  'A-': ['A-', 'AB-', 'A+', 'AB+'],
  'B-': ['B-', 'AB-', 'B+', 'AB+'],
  'AB-': ['AB-', 'AB+'],
};
const PLASMA_ONLY: Table = {
  'O+': ['O+', 'O-'], 'O-': ['O-', 'O+'], 'A+': ['A+', 'A-'], 'A-': ['A-', 'A+'], 'B+': ['B+', 'B-'], 'B-': ['B-', 'B+'], 'AB+': ['AB+', 'AB-'], 'AB-': ['AB-', 'AB+'],
};
const PLASMA_FIRST: Table = {
  'O+': ['O+', 'O-', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-'],
  'O-': ['O-', 'O+', 'A-', 'A+', 'B-', 'B+', 'AB-', 'AB+'],
  'A+': ['A+', 'A-', 'AB+', 'AB-'],
  'A-': ['A-', 'A+', 'AB-', 'AB+'],
  'B+': ['B+', 'B-', 'AB+', 'AB-'],
  'B-': ['B-', 'B+', 'AB-', 'AB+'],
  'AB+': ['AB+', 'AB-'],
  'AB-': ['AB-', 'AB+'],
};

const POLICIES: Record<string, CompatibilityPolicy> = {
  identical_only: IDENTICAL_ONLY,
  identical_first: IDENTICAL_FIRST,
  emergency_consent: EMERGENCY_CONSENT,
  emergency_no_consent: EMERGENCY_NO_CONSENT,
  emergency_anti_d: EMERGENCY_ANTI_D,
};

const EXPECTED: Record<ComponentClass, Record<keyof typeof POLICIES, Table>> = {
  whole_blood: { identical_only: SELF, identical_first: SELF, emergency_consent: SELF, emergency_no_consent: SELF, emergency_anti_d: SELF },
  red_cells: { identical_only: SELF, identical_first: RBC_FIRST, emergency_consent: RBC_EMERGENCY, emergency_no_consent: RBC_FIRST, emergency_anti_d: RBC_FIRST },
  platelets: {
    identical_only: SELF, identical_first: PLT_FIRST, emergency_consent: PLT_EMERGENCY, emergency_no_consent: PLT_EMERGENCY_NO_CONSENT, emergency_anti_d: PLT_EMERGENCY_NO_CONSENT,
  },
  plasma: { identical_only: PLASMA_ONLY, identical_first: PLASMA_FIRST, emergency_consent: PLASMA_FIRST, emergency_no_consent: PLASMA_FIRST, emergency_anti_d: PLASMA_FIRST },
  cryo: { identical_only: PLASMA_ONLY, identical_first: PLASMA_FIRST, emergency_consent: PLASMA_FIRST, emergency_no_consent: PLASMA_FIRST, emergency_anti_d: PLASMA_FIRST },
};

/** Independent serological oracle: antigens on donor cells vs antibodies in donor plasma. */
const ANTIGENS: Record<AboGroup, string[]> = { O: [], A: ['A'], B: ['B'], AB: ['A', 'B'] };
const subset = (a: string[], b: string[]): boolean => a.every((x) => b.includes(x));
function serologicallySafe(cls: ComponentClass, donor: BloodGroup, recipient: BloodGroup, policy: CompatibilityPolicy): boolean {
  const rhdOk = donor.rhd === 'NEG' || recipient.rhd === 'POS' || allowsRhdPositiveForNegative(policy);
  switch (cls) {
    case 'whole_blood':
      return donor.abo === recipient.abo && (donor.rhd === recipient.rhd);
    case 'red_cells':
      return subset(ANTIGENS[donor.abo], ANTIGENS[recipient.abo]) && rhdOk;
    case 'platelets':
      return subset(ANTIGENS[recipient.abo], ANTIGENS[donor.abo]) && rhdOk;
    case 'plasma':
    case 'cryo':
      return subset(ANTIGENS[recipient.abo], ANTIGENS[donor.abo]);
  }
}

describe('ABO/RhD compatibility matrix, 8×8 per component class and policy [R40][R13]', () => {
  for (const cls of COMPONENT_CLASSES) {
    for (const [policyKey, policy] of Object.entries(POLICIES)) {
      describe(`${cls} / ${policyKey}`, () => {
        for (const recipient of ALL_BLOOD_GROUPS) {
          const r = formatBloodGroup(recipient);
          const expected = EXPECTED[cls][policyKey][r];
          it(`recipient ${r}: donors in preference order ${expected.join(' ')}`, () => {
            assert.deepEqual(compatibleDonorGroups(cls, recipient, policy).map(formatBloodGroup), expected);
            for (const donor of ALL_BLOOD_GROUPS) {
              const d = formatBloodGroup(donor);
              assert.equal(isCompatible(cls, donor, recipient, policy), expected.includes(d), `${cls} ${d} → ${r} under ${policyKey}`);
              if (expected.includes(d)) {
                assert.ok(serologicallySafe(cls, donor, recipient, policy), `oracle rejects ${cls} ${d} → ${r}`);
              }
            }
          });
        }
      });
    }
  }
});

describe('RhD-negative emergency selection order (§5.4) [R40]', () => {
  const verbatim: [BloodGroupCode, BloodGroupCode[]][] = [
    ['O-', ['O-', 'O+']],
    ['A-', ['A-', 'O-', 'A+', 'O+']],
    ['B-', ['B-', 'O-', 'B+', 'O+']],
    ['AB-', ['AB-', 'A-', 'B-', 'O-', 'AB+', 'A+', 'B+', 'O+']],
  ];
  for (const [recipient, order] of verbatim) {
    it(`${recipient}: ${order.join(', ')}`, () => {
      assert.deepEqual(compatibleDonorGroups('red_cells', parseBloodGroup(recipient), EMERGENCY_CONSENT).map(formatBloodGroup), order);
    });
  }
  it('flags RhD-positive picks for an RhD-negative recipient', () => {
    const matches = donorMatches('red_cells', parseBloodGroup('A-'), EMERGENCY_CONSENT);
    assert.deepEqual(matches.map((m) => m.rhdPositiveForNegative), [false, false, true, true]);
    assert.deepEqual(matches.map((m) => m.identical), [true, false, false, false]);
  });
  it('anti-D present or no consent: RhD-positive never offered', () => {
    for (const p of [EMERGENCY_ANTI_D, EMERGENCY_NO_CONSENT, emergencyPolicy({ antiD: true, rhdPositiveConsent: false })]) {
      assert.equal(allowsRhdPositiveForNegative(p), false);
      assert.equal(isCompatible('red_cells', parseBloodGroup('O+'), parseBloodGroup('O-'), p), false);
    }
  });
});

describe('ABO-unknown emergency (§5.4): O red cells, AB plasma [R40]', () => {
  const codes = (cls: ComponentClass, rhd: 'POS' | 'NEG' | 'unknown', p?: CompatibilityPolicy): string[] =>
    emergencyDonorGroupsForUnknownAbo(cls, rhd, p).map(formatBloodGroup);
  it('red cells', () => {
    assert.deepEqual(codes('red_cells', 'unknown'), ['O-', 'O+']);
    assert.deepEqual(codes('red_cells', 'POS'), ['O+', 'O-']);
    assert.deepEqual(codes('red_cells', 'NEG'), ['O-']);
    assert.deepEqual(codes('red_cells', 'NEG', EMERGENCY_CONSENT), ['O-', 'O+']);
  });
  it('plasma and cryo: AB', () => {
    for (const cls of ['plasma', 'cryo'] as const) {
      assert.ok(codes(cls, 'unknown').every((c) => c.startsWith('AB')));
      assert.deepEqual(codes(cls, 'NEG'), ['AB-', 'AB+']);
    }
  });
  it('whole blood and platelets: none (type the patient first)', () => {
    assert.deepEqual(codes('whole_blood', 'unknown'), []);
    assert.deepEqual(codes('platelets', 'POS'), []);
  });
});

describe('compatibility safety gate and input validation [R13][R40]', () => {
  it('assertCompatible throws ABO_INCOMPATIBLE with details', () => {
    assert.throws(
      () => assertCompatible('red_cells', parseBloodGroup('A+'), parseBloodGroup('O+'), IDENTICAL_FIRST),
      (e: unknown) => isDomainError(e, 'ABO_INCOMPATIBLE') && e.details.donor === 'A+' && e.details.recipient === 'O+' && /\/ /.test(e.message),
    );
    assert.equal(assertCompatible('red_cells', parseBloodGroup('O+'), parseBloodGroup('A+'), IDENTICAL_FIRST).aboSubstitution, true);
  });
  it('rejects unknown class, group and policy with VALIDATION', () => {
    const g = parseBloodGroup('A+');
    assert.throws(() => compatibleDonorGroups('granulocytes' as ComponentClass, g, IDENTICAL_FIRST), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => compatibleDonorGroups('red_cells', { abo: 'C' as AboGroup, rhd: 'POS' }, IDENTICAL_FIRST), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => compatibleDonorGroups('red_cells', g, { name: 'any' } as unknown as CompatibilityPolicy), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => parseBloodGroup('AB'), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });
  it('parses and formats every group, including U+2212 minus', () => {
    for (const g of ALL_BLOOD_GROUPS) assert.deepEqual(parseBloodGroup(formatBloodGroup(g)), g);
    assert.deepEqual(parseBloodGroup('O\u2212'), { abo: 'O', rhd: 'NEG' });
    assert.equal(ALL_BLOOD_GROUPS.length, ABO_GROUPS.length * RHD_VALUES.length);
  });
  it('parseCompatibilityPolicy: emergency needs both flags explicitly', () => {
    assert.equal(parseCompatibilityPolicy(undefined), IDENTICAL_FIRST);
    assert.equal(parseCompatibilityPolicy('identical_only'), IDENTICAL_ONLY);
    assert.deepEqual(parseCompatibilityPolicy('emergency', { antiD: false, rhdPositiveConsent: true }), EMERGENCY_CONSENT);
    assert.throws(() => parseCompatibilityPolicy('emergency', { antiD: false }), (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors?.[0]?.field === 'rhdPositiveConsent');
    assert.throws(() => parseCompatibilityPolicy('emergency', { antiD: 'no', rhdPositiveConsent: true }), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => parseCompatibilityPolicy('fifo'), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });
  it('the national rule set is in force now and carries its source', () => {
    const set = ABO_RH_COMPATIBILITY_REGISTRY.inForce(new Date('2025-01-01T00:00:00+08:00'));
    assert.equal(set.id, ABO_RH_COMPATIBILITY_2000.id);
    assert.match(set.source, /临床输血技术规范/);
  });
});

describe('compatibility properties [R13]', () => {
  const group = fc.constantFrom(...ALL_BLOOD_GROUPS);
  const policy = fc.oneof(
    fc.constant<CompatibilityPolicy>(IDENTICAL_ONLY),
    fc.constant<CompatibilityPolicy>(IDENTICAL_FIRST),
    fc.record({ antiD: fc.boolean(), rhdPositiveConsent: fc.boolean() }).map(emergencyPolicy),
  );
  it('identical first, no duplicates, every listed donor serologically safe, lists nest identical_only ⊆ identical_first ⊆ emergency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPONENT_CLASSES), group, policy, (cls, recipient, p) => {
        const list = compatibleDonorGroups(cls, recipient, p).map(formatBloodGroup);
        assert.equal(list[0], formatBloodGroup(recipient));
        assert.equal(new Set(list).size, list.length);
        for (const code of list) assert.ok(serologicallySafe(cls, parseBloodGroup(code), recipient, p));
        const only = compatibleDonorGroups(cls, recipient, IDENTICAL_ONLY).map(formatBloodGroup);
        const first = compatibleDonorGroups(cls, recipient, IDENTICAL_FIRST).map(formatBloodGroup);
        const emergency = compatibleDonorGroups(cls, recipient, EMERGENCY_CONSENT).map(formatBloodGroup);
        assert.ok(only.every((c) => first.includes(c)) && first.every((c) => emergency.includes(c)));
      }),
    );
  });
});
