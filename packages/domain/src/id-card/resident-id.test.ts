/**
 * Test numbers are assembled from a region code, a birth date and a sequence, and completed with the
 * computed check character: none belongs to a real person.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { checkResidentId, computeResidentIdCheckDigit, maskResidentId, PROVINCE_CODES } from './resident-id.ts';

const TODAY = '2025-06-15';

/** A syntactically valid number for the given parts (check digit computed). */
function makeId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + computeResidentIdCheckDigit(first17);
}

/** The same number with its check character replaced by a wrong one. */
function withWrongCheck(id: string): string {
  const wrong = id.charAt(17) === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

const codes = (n: string, today: string | undefined = TODAY): string[] =>
  checkResidentId(n, today).errors.map((e) => `${e.field}:${e.code}`);

describe('resident ID check digit, ISO 7064 MOD 11-2 (GB 11643-1999 §5.5) [R3][R17]', () => {
  it('reproduces the published worked examples', () => {
    // Weighted sum 368, 368 mod 11 = 5 → (12 − 5) mod 11 = 7.
    assert.equal(computeResidentIdCheckDigit('12345678901234567'), '7');
    // GB 11643-1999 example body; remainder 2 → X.
    assert.equal(computeResidentIdCheckDigit('34052419800101001'), 'X');
  });

  it('throws a VALIDATION DomainError for anything but 17 digits', () => {
    for (const bad of ['', '1234567890123456', '123456789012345678', '1234567890123456X']) {
      assert.throws(
        () => computeResidentIdCheckDigit(bad),
        (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors?.[0]?.code === 'ID_FORMAT',
      );
    }
  });

  it('accepts computed numbers and derives birth date and sex', () => {
    const male = makeId('110105', '19900307', '123');
    assert.deepEqual(checkResidentId(male, TODAY), { valid: true, birthDate: '1990-03-07', sex: 'male', errors: [] });
    const female = makeId('510104', '20010115', '042');
    assert.deepEqual(checkResidentId(female, TODAY), { valid: true, birthDate: '2001-01-15', sex: 'female', errors: [] });
  });

  it('accepts an X check character, upper or lower case, with surrounding spaces', () => {
    let id = '';
    for (let seq = 0; seq < 1000 && !id.endsWith('X'); seq++) {
      id = makeId('440305', '19851120', String(seq).padStart(3, '0'));
    }
    assert.ok(id.endsWith('X'));
    assert.equal(checkResidentId(id, TODAY).valid, true);
    assert.equal(checkResidentId(` ${id.slice(0, 17)}x `, TODAY).valid, true);
    assert.deepEqual(codes(id.slice(0, 17) + '0'), ['idNumber:ID_CHECK_DIGIT']);
  });

  it('accepts any well-formed number with its computed check digit', () => {
    const birth = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVINCE_CODES),
        fc.stringMatching(/^[0-9]{4}$/),
        birth,
        fc.integer({ min: 0, max: 999 }),
        (province, rest, iso, seq) => {
          const id = makeId(`${province}${rest}`, iso.replaceAll('-', ''), String(seq).padStart(3, '0'));
          const r = checkResidentId(id, TODAY);
          assert.deepEqual(r, { valid: true, birthDate: iso, sex: seq % 2 === 1 ? 'male' : 'female', errors: [] });
        },
      ),
    );
  });

  it('rejects every single-digit substitution in the first 17 digits', () => {
    const id = makeId('320102', '19780509', '337');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 9 }), (i, digit) => {
        fc.pre(id.charAt(i) !== String(digit));
        const typo = id.slice(0, i) + String(digit) + id.slice(i + 1);
        const r = checkResidentId(typo, TODAY);
        return !r.valid && r.errors.some((e) => e.code === 'ID_CHECK_DIGIT');
      }),
    );
  });
});

describe('resident ID error codes [R3][R17]', () => {
  const good = makeId('110105', '19900307', '123');

  it('ID_LENGTH for anything but 18 characters (first-generation 15-digit numbers included)', () => {
    assert.deepEqual(codes(good.slice(0, 17)), ['idNumber:ID_LENGTH']);
    assert.deepEqual(codes(`${good}1`), ['idNumber:ID_LENGTH']);
    assert.deepEqual(codes('110105900307123'), ['idNumber:ID_LENGTH']);
    assert.deepEqual(codes(''), ['idNumber:ID_LENGTH']);
    assert.deepEqual(codes(undefined as unknown as string), ['idNumber:ID_LENGTH']);
  });

  it('ID_FORMAT for letters or symbols, X anywhere but last', () => {
    assert.deepEqual(codes('11010519900307123A'), ['idNumber:ID_FORMAT']);
    assert.deepEqual(codes('1101051990X3071231'), ['idNumber:ID_FORMAT']);
    assert.deepEqual(codes('110105 19900307123'), ['idNumber:ID_FORMAT']);
  });

  it('ID_REGION for a province prefix outside GB/T 2260', () => {
    for (const region of ['000000', '100000', '160101', '990101', '910101', '720101']) {
      assert.deepEqual(codes(makeId(region, '19900307', '123')), ['idNumber:ID_REGION'], region);
    }
    for (const region of ['110101', '650102', '710000', '810000', '820000', '830000']) {
      assert.deepEqual(codes(makeId(region, '19900307', '123')), [], region);
    }
  });

  it('ID_BIRTH_DATE for impossible, pre-1900 and future dates', () => {
    for (const birth of ['19900230', '19901301', '19900001', '19900431', '18991231', '00000000']) {
      assert.deepEqual(codes(makeId('110105', birth, '123')), ['idNumber:ID_BIRTH_DATE'], birth);
    }
    assert.deepEqual(codes(makeId('110105', '20250616', '123')), ['idNumber:ID_BIRTH_DATE']);
    assert.deepEqual(codes(makeId('110105', '20250615', '123')), []);
  });

  it('skips the future check only when no today is given, and never reads the clock', () => {
    const future = makeId('110105', '20990101', '123');
    assert.equal(checkResidentId(future).valid, true);
    assert.equal(checkResidentId(future, TODAY).valid, false);
  });

  it('ID_CHECK_DIGIT for a wrong check character', () => {
    assert.deepEqual(codes(withWrongCheck(good)), ['idNumber:ID_CHECK_DIGIT']);
  });

  it('reports region, birth date and check digit together, with bilingual messages', () => {
    const bad = withWrongCheck(makeId('990101', '19900230', '123'));
    const r = checkResidentId(bad, TODAY);
    assert.deepEqual(r.errors.map((e) => e.code), ['ID_REGION', 'ID_BIRTH_DATE', 'ID_CHECK_DIGIT']);
    assert.equal(r.birthDate, null);
    assert.equal(r.sex, null);
    for (const e of r.errors) assert.match(e.message, /[\u4e00-\u9fff].* \/ [A-Za-z]/);
  });

  it('throws RangeError for a malformed today (a caller bug, not user input)', () => {
    for (const today of ['2025-6-15', '2025-02-30', 'today']) {
      assert.throws(() => checkResidentId(good, today), RangeError);
    }
  });
});

describe('resident ID birth date on 29 February [R3]', () => {
  it('accepts 29 February in leap years (2000, 2024, 1996)', () => {
    for (const year of ['2000', '2024', '1996']) {
      const r = checkResidentId(makeId('330106', `${year}0229`, '010'), TODAY);
      assert.equal(r.valid, true, year);
      assert.equal(r.birthDate, `${year}-02-29`);
    }
  });

  it('rejects 29 February in non-leap years (1900, 2023, 2001)', () => {
    for (const year of ['1900', '2023', '2001']) {
      assert.deepEqual(codes(makeId('330106', `${year}0229`, '010')), ['idNumber:ID_BIRTH_DATE'], year);
    }
  });
});

describe('resident ID masking for display [R11]', () => {
  it('keeps the first 6 and last 4 characters', () => {
    const id = makeId('110105', '19900307', '123');
    assert.equal(maskResidentId(id), `110105********${id.slice(14)}`);
    assert.equal(maskResidentId(' 11010519900307123x '), '110105********123X');
  });

  it('never shows more than 10 characters, and masks short input entirely', () => {
    assert.equal(maskResidentId('110105900307123'), '110105*****7123');
    assert.equal(maskResidentId('1234567890'), '**********');
    assert.equal(maskResidentId(''), '');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,30}$/), (n) => {
        const masked = maskResidentId(n);
        return masked.length === n.length && masked.replace(/\*/g, '').length <= 10;
      }),
    );
  });
});
