import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ABO_GROUPS } from '../types.ts';
import { COLLECTION_INFOS } from './blood-groups.ts';
import type { DecodeResult } from './data-structures.ts';
import { decodeDataStructure } from './decode.ts';
import {
  encodeBloodGroup,
  encodeComposite,
  encodeDateTime,
  encodeDin,
  encodeProductCode,
  encodeVolumeU,
} from './encode.ts';
import type { DateKind } from './julian-date.ts';
import { CHINA_DONATION_TYPES, ISBT_COLLECTION_TYPES } from './product-codes.ts';
import type { Result } from './result.ts';

function value<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.value;
}

function errorCodes<T>(r: Result<T>): string[] {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
}

function decodeValid(scanned: string): Record<string, unknown> {
  const r = decodeDataStructure(scanned);
  assert.ok(r.valid, `${scanned}: ${JSON.stringify(r.errors)}`);
  return r.fields as unknown as Record<string, unknown>;
}

const stationCode = fc.oneof(
  fc.stringMatching(/^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}$/),
  fc.stringMatching(/^[1-8][0-9]{4}$/),
);
const split = fc.oneof(
  fc.constant('00'),
  fc.stringMatching(/^[A-Z]0$/),
  fc.stringMatching(/^[A-Z][A-Z]$/),
);

describe('献血码 encoder round-trips [R47][R48]', () => {
  it('decode(encodeDin(x)) gives back station code, year, serial and flags', () => {
    const flags = fc.oneof(fc.constant(undefined), fc.constantFrom('00', '01', '05', '12', '19', '20', '40', '59'));
    fc.assert(
      fc.property(stationCode, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999_999 }), flags, (code, year, serial, f) => {
        const encoded = value(encodeDin({ stationCode: code, year, serial, flags: f }));
        const d = decodeValid(encoded);
        assert.equal(d.stationCode, code);
        assert.equal(Number(d.year), year);
        assert.equal(Number(d.serial), serial);
        assert.equal(d.flags, f ?? '00');
      }),
    );
  });

  it('refuses flags that are invalid or a wrong type 3 value', () => {
    assert.deepEqual(errorCodes(encodeDin({ stationCode: 'G1234', year: 17, serial: 654321, flags: '71' })), ['flags:DIN_CHECK_CHAR_MISMATCH']);
    assert.equal(value(encodeDin({ stationCode: 'G1234', year: 17, serial: 654321, flags: '70' })), '=G12341765432170');
    assert.deepEqual(errorCodes(encodeDin({ stationCode: 'G1234', year: 17, serial: 1, flags: 'I1' })), ['flags:DIN_FLAGS']);
    assert.deepEqual(errorCodes(encodeDin({ stationCode: 'g1234', year: 17, serial: 1 })), ['stationCode:DIN_FORMAT']);
  });
});

describe('blood group encoder round-trips [R50]', () => {
  it('encodes the China Annex D values', () => {
    assert.equal(encodeBloodGroup('O', 'POS'), '=%5100');
    assert.equal(encodeBloodGroup('A', 'NEG'), '=%0600');
    assert.equal(encodeBloodGroup('AB', null), '=%8800');
  });

  it('decode(encodeBloodGroup(abo, rhd, info)) gives back abo, rhd and info', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ABO_GROUPS), fc.constantFrom('POS' as const, 'NEG' as const, null), fc.constantFrom(...COLLECTION_INFOS), (abo, rhd, info) => {
        const d = decodeValid(encodeBloodGroup(abo, rhd, info));
        assert.deepEqual([d.abo, d.rhd, d.collectionInfo, d.phenotypeCode, d.reserved], [abo, rhd, info, '0', '0']);
      }),
    );
  });
});

describe('product code encoder round-trips, split ≤ 2 levels [R49][R29]', () => {
  it('round-trips national codes with China donation types', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-C][0-9]{4}$/), fc.constantFrom(...Object.keys(CHINA_DONATION_TYPES)), split, (code, t, ds) => {
        const d = decodeValid(value(encodeProductCode(code, t, ds)));
        assert.deepEqual([d.productCode, d.productFamily, d.donationType, d.split], [code, 'national', t, ds]);
      }),
    );
  });

  it('round-trips ISBT blood component codes with ISBT collection types', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[EF][0-9A-Z]{4}$/), fc.constantFrom(...Object.keys(ISBT_COLLECTION_TYPES)), split, (code, t, ds) => {
        const d = decodeValid(value(encodeProductCode(code, t, ds)));
        assert.deepEqual([d.productCode, d.productFamily, d.donationType, d.split], [code, 'bloodComponent', t, ds]);
      }),
    );
  });

  it('defaults to undivided and reports bad parts', () => {
    assert.equal(value(encodeProductCode('C0001', 'V')), '=<C0001V00');
    assert.deepEqual(errorCodes(encodeProductCode('C001', 'V')), ['productCode:PRODUCT_CODE']);
    assert.deepEqual(errorCodes(encodeProductCode('C0001', 'Q')), ['donationType:PRODUCT_DONATION_TYPE']);
    assert.deepEqual(errorCodes(encodeProductCode('C0001', 'V', 'A1')), ['split:PRODUCT_SPLIT']);
    assert.deepEqual(errorCodes(encodeProductCode('C0001', 'VV', 'A')), ['donationType:PRODUCT_DONATION_TYPE', 'split:PRODUCT_SPLIT']);
  });
});

describe('date-time encoder &* &} &> in Asia/Shanghai time [R51]', () => {
  const kinds: ReadonlyArray<readonly [DateKind, string, string]> = [
    ['expiration', '&>', '005'],
    ['collection', '&*', '007'],
    ['production', '&}', '009'],
  ];

  it('encodes UTC+8 wall clock arithmetically, across the new-year boundary', () => {
    assert.equal(value(encodeDateTime('expiration', new Date('2018-12-31T23:59:00+08:00'))), '&>0183652359');
    assert.equal(value(encodeDateTime('collection', new Date('2024-12-31T16:00:00Z'))), '&*0250010000');
    assert.equal(value(encodeDateTime('production', new Date('2024-12-31T15:59:59.999Z'))), '&}0243662359');
    assert.equal(value(encodeDateTime('expiration', new Date('2024-02-29T12:00:00+08:00'))), '&>0240601200');
    assert.equal(value(encodeDateTime('expiration', new Date('1999-12-31T23:59:00+08:00'))), '&>9993652359');
  });

  it('decode(encodeDateTime(kind, d)) gives back kind and the instant to the minute', () => {
    const dates = fc.date({ min: new Date('1900-01-01T00:00:00+08:00'), max: new Date('2899-12-31T23:59:59.999+08:00'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.constantFrom(...kinds), dates, ([kind, identifier, id], date) => {
        const encoded = value(encodeDateTime(kind, date));
        assert.ok(encoded.startsWith(identifier));
        const r = decodeDataStructure(encoded);
        assert.equal(r.dataStructure, id);
        const f = r.fields as Record<string, unknown>;
        assert.equal(f.kind, kind);
        const minute = new Date(Math.floor(date.getTime() / 60_000) * 60_000);
        assert.equal(f.instant, minute.toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it('rejects invalid dates and years outside 1900–2899', () => {
    assert.deepEqual(errorCodes(encodeDateTime('expiration', new Date('nope'))), ['date:DATE_INVALID']);
    assert.deepEqual(errorCodes(encodeDateTime('expiration', new Date('2900-01-01T00:00:00+08:00'))), ['date:DATE_RANGE']);
    assert.deepEqual(errorCodes(encodeDateTime('expiration', new Date('1899-12-31T15:59:00Z'))), ['date:DATE_RANGE']);
  });
});

describe('volume encoder =?aaa.cc in U [R51]', () => {
  it('pads to aaa.cc', () => {
    assert.equal(value(encodeVolumeU(1)), '=?001.00');
    assert.equal(value(encodeVolumeU(0.2)), '=?000.20');
    assert.equal(value(encodeVolumeU(999.99)), '=?999.99');
    assert.equal(value(encodeVolumeU(0.1 + 0.2)), '=?000.30');
  });

  it('decode(encodeVolumeU(u)) gives back u', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (cents) => {
        assert.equal(decodeValid(value(encodeVolumeU(cents / 100))).volumeU, cents / 100);
      }),
    );
  });

  it('rejects zero, negative, too large, too precise and non-finite volumes', () => {
    for (const u of [0, -1, 1000, 1.234, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(errorCodes(encodeVolumeU(u)), ['volumeU:VOLUME_RANGE'], String(u));
    }
  });
});

describe('composite encoder =+aabbb for 2-D codes [R52]', () => {
  const din = value(encodeDin({ stationCode: '51001', year: 25, serial: 123 }));
  const product = value(encodeProductCode('C0021', 'V', 'A0'));
  const group = encodeBloodGroup('B', 'NEG');
  const volume = value(encodeVolumeU(2));
  const at = new Date('2025-03-01T09:30:00+08:00');
  const collected = value(encodeDateTime('collection', at));
  const prepared = value(encodeDateTime('production', at));
  const expiry = value(encodeDateTime('expiration', new Date('2025-04-05T23:59:00+08:00')));

  it('builds layout 007 that decodes back to the same structures', () => {
    const parts = [din, product, group, volume, collected, prepared, expiry];
    const encoded = value(encodeComposite('007', parts));
    assert.ok(encoded.startsWith('=+07007'));
    const r = decodeDataStructure(encoded);
    assert.equal(r.valid, true);
    const structures = (r.fields as { structures: DecodeResult[] }).structures;
    assert.deepEqual(structures.map((s) => s.dataStructure), ['001', '003', '002', 'CN004', '007', '009', '005']);
    assert.deepEqual(structures.map((s) => s.fields), parts.map((p) => decodeDataStructure(p).fields));
  });

  it('builds 000 in any order and refuses a layout out of order or a bad header', () => {
    assert.equal(value(encodeComposite('000', [group, din])), `=+02000${group}${din}`);
    assert.deepEqual(errorCodes(encodeComposite('002', [din, group, product])), ['layoutCode:COMPOUND_LAYOUT_MISMATCH']);
    assert.deepEqual(errorCodes(encodeComposite('0A2', [din])), ['layoutCode:COMPOUND_FORMAT']);
    assert.deepEqual(errorCodes(encodeComposite('000', [])), ['layoutCode:COMPOUND_FORMAT']);
    assert.deepEqual(errorCodes(encodeComposite('000', [din, '=%ZZ00'])), ['structures[1].bloodGroupCode:BLOOD_GROUP_CODE']);
  });
});
