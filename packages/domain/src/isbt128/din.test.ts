import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeDinFlags, formatDin, formatDinHumanReadable, parseDin } from './din.ts';
import type { ParsedDin } from './din.ts';
import { computeCheckCharacter } from './mod37-2.ts';
import type { Result } from './result.ts';

const stationCode = fc.stringMatching(/^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}$/);
/** Chinese 采供血单位编码: province prefix + 3 digits. */
const chineseStationCode = fc.stringMatching(/^[1-8][0-9]{4}$/);

function value<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.value;
}

function codes<T>(r: Result<T>): string[] {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
}

describe('献血码 structure: station code, year, serial [R47][R1]', () => {
  it('formats a Chinese station code, year and serial into 13 characters', () => {
    assert.equal(value(formatDin({ stationCode: '51001', year: 2025, serial: 123 })), '5100125000123');
    assert.equal(value(formatDin({ stationCode: '11001', year: 7, serial: 999_999 })), '1100107999999');
    assert.equal(value(formatDin({ stationCode: 'A9999', year: '17', serial: '123456' })), 'A999917123456');
    assert.equal(value(formatDin({ stationCode: 'A9999', year: '2017', serial: '42' })), 'A999917000042');
  });

  it('rejects malformed station codes, years and serials', () => {
    assert.deepEqual(codes(formatDin({ stationCode: 'O1001', year: 25, serial: 1 })), ['stationCode:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '0100A', year: 25, serial: 1 })), ['stationCode:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '5100', year: 25, serial: 1 })), ['stationCode:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '51001', year: 100, serial: 1 })), ['year:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '51001', year: '025', serial: 1 })), ['year:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '51001', year: 25, serial: 1_000_000 })), ['serial:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '51001', year: 25, serial: 1.5 })), ['serial:DIN_FORMAT']);
    assert.deepEqual(codes(formatDin({ stationCode: '51001', year: 25, serial: -1 })), ['serial:DIN_FORMAT']);
  });

  it('round-trips formatDin → parseDin for any station code, year and serial', () => {
    fc.assert(
      fc.property(
        fc.oneof(stationCode, chineseStationCode),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999_999 }),
        (code, year, serial) => {
          const din = value(formatDin({ stationCode: code, year, serial }));
          const parsed = value(parseDin(din));
          assert.equal(parsed.stationCode, code);
          assert.equal(Number(parsed.year), year);
          assert.equal(Number(parsed.serial), serial);
          assert.equal(parsed.checkCharacter, computeCheckCharacter(din));
        },
      ),
    );
  });
});

describe('献血码 parsing as typed or scanned, check character validated [R48][R2]', () => {
  const expected: Partial<ParsedDin> = { din: 'G123417654321', stationCode: 'G1234', year: '17', serial: '654321', checkCharacter: 'A' };

  for (const text of ['G123417654321', 'G123417654321A', 'G1234 17 654321 A', ' g123417654321a ', '=G123417654321', '=G123417654321A']) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      const parsed = value(parseDin(text));
      for (const [k, v] of Object.entries(expected)) assert.equal(parsed[k as keyof ParsedDin], v);
      assert.equal(parsed.flags, null);
    });
  }

  for (const text of ['=G12341765432100', '=G123417654321 00', 'G12341765432100']) {
    it(`accepts flags in ${JSON.stringify(text)}`, () => {
      const parsed = value(parseDin(text));
      assert.equal(parsed.din, 'G123417654321');
      assert.equal(parsed.flags, '00');
      assert.equal(parsed.flagType, 'unused');
    });
  }

  it('accepts a matching type 3 flag and rejects a wrong one', () => {
    assert.equal(value(parseDin('=G12341765432170')).flagType, 'type3');
    assert.deepEqual(codes(parseDin('=G12341765432171')), ['flags:DIN_CHECK_CHAR_MISMATCH']);
  });

  it('reports DIN_CHECK_CHAR_MISMATCH for a wrong check character', () => {
    const r = parseDin('A9998 18 123456 M');
    assert.deepEqual(codes(r), ['checkCharacter:DIN_CHECK_CHAR_MISMATCH']);
    assert.ok(!r.ok && r.errors[0].message.includes("expected 'N'"));
    assert.ok(!r.ok && /校验码/.test(r.errors[0].message));
  });

  it('reports length, format and flag errors', () => {
    assert.deepEqual(codes(parseDin('G12341765432')), ['din:DIN_LENGTH']);
    assert.deepEqual(codes(parseDin('G123417654321001')), ['din:DIN_LENGTH']);
    assert.deepEqual(codes(parseDin('')), ['din:DIN_LENGTH']);
    assert.deepEqual(codes(parseDin('GO23417654321')), ['stationCode:DIN_FORMAT']);
    assert.deepEqual(codes(parseDin('G1234A7654321')), ['year:DIN_FORMAT']);
    assert.deepEqual(codes(parseDin('G12341765432X')), ['serial:DIN_FORMAT']);
    assert.deepEqual(codes(parseDin('=G123417654321I0')), ['flags:DIN_FLAGS']);
  });

  it('catches every single-character typing error in a keyed DIN + K', () => {
    fc.assert(
      fc.property(stationCode, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom(...'0123456789'.split('')), (code, year, serial, i, digit) => {
        const din = value(formatDin({ stationCode: code, year, serial }));
        fc.pre(i >= 5 && din.charAt(i) !== digit);
        const typed = din.slice(0, i) + digit + din.slice(i + 1) + computeCheckCharacter(din);
        const r = parseDin(typed);
        return !r.ok && r.errors[0].code === 'DIN_CHECK_CHAR_MISMATCH';
      }),
    );
  });
});

describe('DIN flags, ST-001 Table 3 [R47]', () => {
  const cases: ReadonlyArray<readonly [string, string | null, string | null]> = [
    ['00', 'unused', 'Flag not used'],
    ['01', 'type1', 'Container 1 of a set'],
    ['04', 'type1', 'Container 4 of a set'],
    ['05', 'type1', 'Second (or repeated) demand-printed label'],
    ['08', 'type1', 'Donor record label'],
    ['14', 'reserved', null],
    ['15', 'type1', 'Container 5 of a set'],
    ['19', 'type1', 'Container 9 of a set'],
    ['20', 'type2', 'Local use (meaning defined by the facility)'],
    ['40', 'type2', 'Local use (meaning defined by the facility)'],
    ['59', 'type2', 'Local use (meaning defined by the facility)'],
    ['60', 'type3', 'ISO/IEC 7064 MOD 37-2 check value (60 + checksum)'],
    ['96', 'type3', 'ISO/IEC 7064 MOD 37-2 check value (60 + checksum)'],
    ['97', 'reserved', null],
    ['AB', 'reserved', null],
  ];
  for (const [flags, flagType, meaning] of cases) {
    it(`${flags} → ${flagType}`, () => assert.deepEqual(describeDinFlags(flags), { flagType, meaning }));
  }
  it('rejects flag characters I, O, Q, Z, lower case and wrong lengths', () => {
    for (const flags of ['I0', '0O', 'Q1', 'Z9', 'a0', '0', '000']) assert.equal(describeDinFlags(flags), null);
  });
});

describe('献血码 eye-readable text: segmented, flag rotated, check character boxed [R53]', () => {
  it('segments 1–5 | 6–7 | 8–13 and boxes K; flags 00 are not printed', () => {
    const text = formatDinHumanReadable(value(parseDin('=A99981812345600')));
    assert.deepEqual(text, { stationCode: 'A9998', year: '18', serial: '123456', flags: null, checkCharacter: 'N', text: 'A9998 18 123456 [N]' });
  });

  it('prints type 1 and type 2 flags, never type 3', () => {
    assert.equal(formatDinHumanReadable(value(parseDin('=A99992112345601'))).text, 'A9999 21 123456 01 [3]');
    assert.equal(formatDinHumanReadable(value(parseDin('=A99992112345640'))).flags, '40');
    assert.equal(formatDinHumanReadable(value(parseDin('=A99992112345663'))).flags, null);
    assert.equal(formatDinHumanReadable(value(parseDin('A999921123456'))).text, 'A9999 21 123456 [3]');
  });

  it('re-parses its own text', () => {
    fc.assert(
      fc.property(stationCode, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999_999 }), (code, year, serial) => {
        const parsed = value(parseDin(value(formatDin({ stationCode: code, year, serial }))));
        const printed = formatDinHumanReadable(parsed).text.replace(/[[\]]/g, '');
        assert.deepEqual(value(parseDin(printed)), parsed);
      }),
    );
  });
});
