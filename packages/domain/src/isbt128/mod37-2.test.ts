import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import {
  computeCheckCharacter,
  computeMod372Checksum,
  computeType3Flag,
  isValidMod372,
  MOD37_2_CHARACTERS,
} from './mod37-2.ts';

const ALNUM = MOD37_2_CHARACTERS.slice(0, 36);
const alnumChar = fc.constantFrom(...ALNUM.split(''));
const alnumString = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.array(alnumChar, { minLength, maxLength }).map((cs) => cs.join(''));
/** 13 DIN characters: station code, year, serial. */
const din13 = fc.stringMatching(/^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}[0-9]{2}[0-9]{6}$/);

/** ST-001 Appendix A.1 weighted-sum form, written independently of the implementation. */
function weightedSumChecksum(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const n = data.length - i; // position from the right, starting at 1
    sum += ALNUM.indexOf(data.charAt(i)) * 2 ** n;
  }
  return (38 - (sum % 37)) % 37;
}

describe('DIN check character, ISO/IEC 7064 MOD 37-2 [R48]', () => {
  it('reproduces the ST-001 Appendix A worked example (sum 146178, mod 37 = 28, K = A, flag 70)', () => {
    assert.equal(weightedSumChecksum('G123417654321'), 10);
    assert.equal(computeMod372Checksum('G123417654321'), 10);
    assert.equal(computeCheckCharacter('G123417654321'), 'A');
    assert.equal(computeType3Flag('G123417654321'), '70');
  });

  // Printed pairs recomputed in isbt128-and-interop.md §1.3 that are not in the JSON file.
  const printedPairs: ReadonlyArray<readonly [string, string]> = [
    ['W000009123456', 'G'],
    ['A999820123456', 'E'],
    ['A999917123654', 'Y'],
    ['A999917345658', 'O'],
    ['A999918000001', '8'],
    ['G123498654321', 'H'], // UK Red Book: sum 148354 → 21 → 17 → H, flag 77
  ];
  for (const [data, k] of printedPairs) {
    it(`${data} → ${k}`, () => assert.equal(computeCheckCharacter(data), k));
  }

  it('matches the weighted-sum form for any alphanumeric string', () => {
    fc.assert(fc.property(alnumString(1, 40), (s) => computeMod372Checksum(s) === weightedSumChecksum(s)));
  });

  it('makes every string plus its check character verify', () => {
    fc.assert(fc.property(alnumString(1, 30), (s) => isValidMod372(s + computeCheckCharacter(s))));
  });

  it('changes K on any single-character substitution in the 13 DIN characters', () => {
    fc.assert(
      fc.property(din13, fc.integer({ min: 0, max: 12 }), alnumChar, (din, i, replacement) => {
        fc.pre(din.charAt(i) !== replacement);
        const changed = din.slice(0, i) + replacement + din.slice(i + 1);
        return computeCheckCharacter(changed) !== computeCheckCharacter(din);
      }),
    );
  });

  it('changes K on any transposition of two adjacent different characters', () => {
    fc.assert(
      fc.property(din13, fc.integer({ min: 0, max: 11 }), (din, i) => {
        fc.pre(din.charAt(i) !== din.charAt(i + 1));
        const swapped = din.slice(0, i) + din.charAt(i + 1) + din.charAt(i) + din.slice(i + 2);
        return computeCheckCharacter(swapped) !== computeCheckCharacter(din);
      }),
    );
  });

  it('gives type 3 flags 60-96', () => {
    fc.assert(
      fc.property(din13, (din) => {
        const flag = Number(computeType3Flag(din));
        return flag >= 60 && flag <= 96 && flag - 60 === computeMod372Checksum(din);
      }),
    );
  });

  it('throws a VALIDATION DomainError on empty input and on lower case or symbols', () => {
    const codeOf = (data: string): string | undefined => {
      try {
        computeCheckCharacter(data);
        return undefined;
      } catch (e) {
        assert.ok(isDomainError(e, 'VALIDATION'));
        assert.match(e.message, / \/ /);
        return e.details.errors?.[0]?.code;
      }
    };
    assert.equal(codeOf(''), 'MOD37_EMPTY');
    assert.equal(codeOf('g123417654321'), 'MOD37_INVALID_CHARACTER');
    assert.equal(codeOf('G12341765432*'), 'MOD37_INVALID_CHARACTER');
    assert.equal(codeOf('G1234 17654321'), 'MOD37_INVALID_CHARACTER');
  });

  it('verifies without throwing on malformed input', () => {
    for (const s of ['', 'A', 'a1', '!!', 'G123417654321a']) assert.equal(isValidMod372(s), false);
    assert.equal(isValidMod372('G123417654321A'), true);
    assert.equal(isValidMod372('A999917345628*'), true);
  });
});
