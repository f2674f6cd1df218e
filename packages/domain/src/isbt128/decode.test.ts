import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ABO_GROUPS } from '../types.ts';
import type { AboGroup, RhD } from '../types.ts';
import { BLOOD_GROUP_CODES, COLLECTION_INFOS, bloodGroupCode } from './blood-groups.ts';
import { DATA_STRUCTURES } from './data-structures.ts';
import type { DecodeResult } from './data-structures.ts';
import { decodeDataStructure, describeSymbologyIdentifier } from './decode.ts';

const fields = (r: DecodeResult): Record<string, unknown> => r.fields as Record<string, unknown>;
const errorCodes = (r: DecodeResult): string[] => r.errors.map((e) => `${e.field}:${e.code}`);

function decodeValid(scanned: string): Record<string, unknown> {
  const r = decodeDataStructure(scanned);
  assert.equal(r.valid, true, `${scanned}: ${JSON.stringify(r.errors)}`);
  return fields(r);
}

describe('scan decoding never throws and always has the result shape [R2]', () => {
  const isbtAlphabet = fc.constantFrom(...'=&%<>*}{+,?/;$#()[]\\"\'-.!:^]0123456789ACEGNOPSTVXZaz '.split(''));
  const isbtLike = fc.array(isbtAlphabet, { maxLength: 60 }).map((cs) => cs.join(''));
  const scans = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    isbtLike,
    isbtLike.map((s) => `=+${s}`),
    isbtLike.map((s) => `]C4${s}`),
  );

  it('returns { dataStructure, valid, fields, errors } for any string', () => {
    fc.assert(
      fc.property(scans, (s) => {
        const r = decodeDataStructure(s);
        assert.deepEqual(Object.keys(r).sort(), ['dataStructure', 'errors', 'fields', 'valid']);
        assert.equal(r.valid, r.errors.length === 0);
        for (const e of r.errors) {
          assert.match(e.message, / \/ /);
          assert.match(e.code, /^[A-Z0-9_]+$/);
        }
        JSON.stringify(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets callers narrow fields by dataStructure', () => {
    const r = decodeDataStructure('=<C0001V00=%0600');
    assert.ok(r.valid && r.dataStructure === 'concatenated');
    const seen: string[] = [];
    for (const part of r.fields.structures) {
      if (part.valid && part.dataStructure === '002') seen.push(`${part.fields.abo}${part.fields.rhd}`);
      if (part.valid && part.dataStructure === '003') seen.push(part.fields.productCode);
    }
    assert.deepEqual(seen, ['C0001', 'ANEG']);
  });

  it('treats non-strings as empty scans', () => {
    assert.deepEqual(errorCodes(decodeDataStructure(undefined as unknown as string)), ['dataIdentifier:DS_EMPTY']);
  });

  it('returns dataStructure null for an unknown identifier', () => {
    for (const s of ['hello', '=O1234', '=01234567890123', '=a99991712345600', '#123']) {
      const r = decodeDataStructure(s);
      assert.equal(r.dataStructure, null);
      assert.equal(r.valid, false);
      assert.equal(r.errors[0].code, 'DS_UNKNOWN_IDENTIFIER');
    }
  });

  it('reports national/facility structures &a–&z, &; and &! as not supported', () => {
    for (const s of ['&a12345', '&;1234', '&!1']) {
      assert.equal(decodeDataStructure(s).errors[0].code, 'DS_NOT_SUPPORTED');
    }
  });

  it('trims scanner whitespace and reads an AIM symbology identifier', () => {
    assert.equal(fields(decodeDataStructure('=%5100\r\n')).abo, 'O');
    const r = decodeDataStructure(']C0=%0600');
    assert.equal(r.dataStructure, '002');
    assert.equal(fields(r).symbologyIdentifier, ']C0');
    assert.deepEqual(describeSymbologyIdentifier(']C0'), { identifier: ']C0', symbology: 'code128', modifier: '0', isbtConcatenation: false });
    assert.equal(describeSymbologyIdentifier(']d2')?.symbology, 'dataMatrix');
    assert.equal(describeSymbologyIdentifier('=%5100'), null);
  });

  it('recognises every data identifier in the registry, including retired and variable-length ones', () => {
    for (const spec of DATA_STRUCTURES) {
      if (spec.id === '001' || typeof spec.length !== 'number') continue;
      const r = decodeDataStructure(`${spec.identifier}${'0'.repeat(spec.length)}`);
      assert.equal(r.dataStructure, spec.id);
    }
    assert.deepEqual(decodeValid(`={${'A'.repeat(18)}`), { content: 'A'.repeat(18), retired: true });
    assert.deepEqual(decodeValid('&#AA05ABCDE'), { content: 'AA05ABCDE', retired: false });
    assert.equal(decodeDataStructure('&#AA05ABC').errors[0].code, 'DS_LENGTH');
    assert.equal(decodeDataStructure('&#AAx5ABC').errors[0].code, 'DS_FORMAT');
    assert.equal(decodeDataStructure(`&$01${'1'.repeat(14)}`).dataStructure, '029');
    assert.equal(decodeDataStructure(`&%001${'1'.repeat(10)}`).valid, true);
  });
});

describe('献血码 / DIN data structure 001 [R47][R48]', () => {
  it('decodes a Chinese station 献血码 with its check character', () => {
    assert.deepEqual(decodeValid('=510012500012300'), {
      din: '5100125000123',
      stationCode: '51001',
      year: '25',
      serial: '000123',
      flags: '00',
      flagType: 'unused',
      flagMeaning: 'Flag not used',
      checksum: 27, // independently: weighted sum mod 37 → (38 − r) mod 37 = 27 → 'R'
      checkCharacter: 'R',
      checksumValid: null,
    });
  });

  it('validates the check value in type 3 flags', () => {
    assert.equal(fields(decodeDataStructure('=G12341765432170')).checksumValid, true);
    const bad = decodeDataStructure('=G12341765432171');
    assert.deepEqual(errorCodes(bad), ['flags:DIN_CHECK_CHAR_MISMATCH']);
  });

  it('rejects invalid flags and malformed content', () => {
    assert.deepEqual(errorCodes(decodeDataStructure('=A999917123456I0')), ['flags:DIN_FLAGS']);
    assert.deepEqual(errorCodes(decodeDataStructure('=A99991712345X00')), ['serial:DIN_FORMAT']);
    assert.deepEqual(errorCodes(decodeDataStructure('=A9999171234560')), ['content:DS_LENGTH']);
  });
});

describe('blood group data structure 002, China Annex D codes [R50]', () => {
  const annexD: ReadonlyArray<readonly [string, AboGroup, RhD | null]> = [
    ['06', 'A', 'NEG'], ['17', 'B', 'NEG'], ['95', 'O', 'NEG'], ['28', 'AB', 'NEG'],
    ['62', 'A', 'POS'], ['73', 'B', 'POS'], ['51', 'O', 'POS'], ['84', 'AB', 'POS'],
    ['66', 'A', null], ['77', 'B', null], ['55', 'O', null], ['88', 'AB', null],
  ];
  for (const [gg, abo, rhd] of annexD) {
    it(`=%${gg}00 → ${abo} ${rhd ?? 'RhD not stated'}`, () => {
      const f = decodeValid(`=%${gg}00`);
      assert.equal(f.abo, abo);
      assert.equal(f.rhd, rhd);
      assert.equal(f.collectionInfo, 'default');
      assert.equal(bloodGroupCode(abo, rhd), gg);
    });
  }

  it('defines all 96 ABO × RhD × collection-information codes, each once', () => {
    const seen = new Set<string>();
    for (const abo of ABO_GROUPS) {
      for (const rhd of ['POS', 'NEG', null] as const) {
        for (const info of COLLECTION_INFOS) {
          const gg = bloodGroupCode(abo, rhd, info);
          assert.ok(!seen.has(gg), gg);
          seen.add(gg);
          const entry = BLOOD_GROUP_CODES.get(gg);
          assert.deepEqual([entry?.abo, entry?.rhd, entry?.collectionInfo], [abo, rhd, info]);
        }
      }
    }
    assert.equal(seen.size, 96);
  });

  it('decodes Bombay / para-Bombay without an ABO group, so no ABO rule can use it', () => {
    assert.deepEqual([fields(decodeDataStructure('=%H600')).abo, fields(decodeDataStructure('=%H600')).rhd], [null, 'POS']);
    assert.equal(fields(decodeDataStructure('=%I600')).description, 'O para-Bombay, RhD negative');
  });

  it('decodes r phenotypes and rejects unknown gg, r and a non-zero reserved e', () => {
    assert.deepEqual(fields(decodeDataStructure('=%51Z0')).phenotype, {
      kind: 'rhKell', C: 'negative', c: 'noInformation', E: 'negative', e: 'noInformation', K: 'positive',
    });
    assert.deepEqual(fields(decodeDataStructure('=%51V0')).phenotype, { kind: 'miaMur', miaMur: 'positive' });
    assert.deepEqual(errorCodes(decodeDataStructure('=%ZZ00')), ['bloodGroupCode:BLOOD_GROUP_CODE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=%51*0')), ['phenotypeCode:BLOOD_GROUP_PHENOTYPE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=%5101')), ['reserved:BLOOD_GROUP_RESERVED']);
  });
});

describe('product code data structure 003: national code, donation type, split ≤ 2 levels [R49][R29]', () => {
  it('decodes a national code with China donation type and split', () => {
    assert.deepEqual(decodeValid('=<C0001V00'), {
      productCode: 'C0001',
      productFamily: 'national',
      donationType: 'V',
      donationTypeDescription: 'Voluntary non-remunerated donation',
      split: '00',
      splitLevel: 0,
      divisionOrPack: null,
      requiresProductDivisions: false,
    });
    assert.equal(decodeValid('=<C0021VA0').splitLevel, 1);
    assert.equal(decodeValid('=<C0021VAZ').splitLevel, 2);
    assert.equal(decodeValid('=<C0021zB0').donationType, 'z');
    assert.equal(decodeValid('=<D6686000').productFamily, 'local');
  });

  it('rejects splits deeper than two levels or with s set while d is 0', () => {
    for (const ds of ['0A', 'A1', '10', 'a0', '**', '99']) {
      assert.deepEqual(errorCodes(decodeDataStructure(`=<C0001V${ds}`)), ['split:PRODUCT_SPLIT'], ds);
    }
  });

  it('checks t against the table of the code family', () => {
    assert.deepEqual(errorCodes(decodeDataStructure('=<C0001A00')), ['donationType:PRODUCT_DONATION_TYPE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=<E0398z00')), ['donationType:PRODUCT_DONATION_TYPE']);
    assert.equal(decodeValid('=<E0398A00').donationTypeDescription, 'Autologous, eligible for crossover');
  });

  it('rejects unassigned families and malformed pack numbers; allows 99 only for S and P codes', () => {
    assert.deepEqual(errorCodes(decodeDataStructure('=<Z4382V00')), ['productCode:PRODUCT_CODE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=<YA123V00')), []);
    assert.deepEqual(errorCodes(decodeDataStructure('=<Y1234V00')), ['productCode:PRODUCT_CODE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=<c0001V00')), ['productCode:PRODUCT_CODE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=<T0416A03')), ['divisionOrPack:PRODUCT_SPLIT']);
    assert.deepEqual(errorCodes(decodeDataStructure('=<X1000001')), ['divisionOrPack:PRODUCT_SPLIT']);
    assert.equal(decodeValid('=<X0001V00').donationType, 'V');
    assert.deepEqual(errorCodes(decodeDataStructure('=<E4306V99')), ['split:PRODUCT_SPLIT']);
    assert.equal(decodeValid('=<P1234V99').requiresProductDivisions, true);
  });
});

describe('dates and times &* &} &> and =* =} => (cyyjjj[hhmm]) [R51]', () => {
  it('decodes collection, production and expiry date-times as Asia/Shanghai wall clock', () => {
    assert.deepEqual(decodeValid('&*0243660830'), {
      kind: 'collection', century: '0', year: 2024, dayOfYear: 366, date: '2024-12-31', hour: 8, minute: 30,
      dateTime: '2024-12-31T08:30', instant: '2024-12-31T00:30:00.000Z',
    });
    assert.equal(decodeValid('&}0250010000').instant, '2024-12-31T16:00:00.000Z');
    assert.equal(decodeValid('&>0250600000').date, '2025-03-01');
    assert.equal(decodeValid('&>0240602359').date, '2024-02-29');
    assert.equal(decodeValid('=*019031').kind, 'collection');
    assert.equal(decodeValid('=>999365').year, 1999);
    assert.equal(decodeValid('=>199001').year, 2199);
  });

  it('rejects impossible ordinal days, times and non-digits', () => {
    assert.deepEqual(errorCodes(decodeDataStructure('&>0233662359')), ['dayOfYear:DATE_DAY_OF_YEAR']);
    assert.deepEqual(errorCodes(decodeDataStructure('&>0230002359')), ['dayOfYear:DATE_DAY_OF_YEAR']);
    assert.deepEqual(errorCodes(decodeDataStructure('&>0230012400')), ['time:DATE_TIME']);
    assert.deepEqual(errorCodes(decodeDataStructure('&>0230012360')), ['time:DATE_TIME']);
    assert.deepEqual(errorCodes(decodeDataStructure('=>02A001')), ['date:DATE_FORMAT']);
    assert.deepEqual(errorCodes(decodeDataStructure('&>023001')), ['content:DS_LENGTH']);
  });
});

describe('volume =?aaa.cc in U [R51]', () => {
  it('decodes zero-padded volumes', () => {
    assert.deepEqual(decodeValid('=?001.00'), { volumeU: 1, volumeText: '001.00' });
    assert.equal(decodeValid('=?000.20').volumeU, 0.2);
    assert.equal(decodeValid('=?012.50').volumeU, 12.5);
    assert.equal(decodeDataStructure('=?001.00').dataStructure, 'CN004');
  });

  it('rejects malformed and zero volumes', () => {
    assert.deepEqual(errorCodes(decodeDataStructure('=?0010.0')), ['volumeU:VOLUME_FORMAT']);
    assert.deepEqual(errorCodes(decodeDataStructure('=?000.00')), ['volumeU:VOLUME_RANGE']);
    assert.deepEqual(errorCodes(decodeDataStructure('=?1.5')), ['content:DS_LENGTH']);
  });
});

describe('compound message =+aabbb and concatenation [R52]', () => {
  const din = '=510012500012300';
  const product = '=<C0001V00';
  const group = '=%5100';
  const volume = '=?002.00';
  const collected = '&*0250011000';
  const prepared = '&}0250011400';
  const expiry = '&>0250352359';

  it('decodes every China Annex E layout in its order', () => {
    const layouts: Record<string, string[]> = {
      '001': [din, product],
      '002': [din, product, group],
      '003': [din, product, group, volume],
      '004': [din, product, group, volume, expiry],
      '005': [din, product, group, volume, prepared, expiry],
      '006': [din, product, group, volume, collected, expiry],
      '007': [din, product, group, volume, collected, prepared, expiry],
    };
    for (const [code, parts] of Object.entries(layouts)) {
      const r = decodeDataStructure(`=+${String(parts.length).padStart(2, '0')}${code}${parts.join('')}`);
      assert.equal(r.valid, true, `${code}: ${JSON.stringify(r.errors)}`);
      assert.deepEqual(fields(r).layout, (fields(r).structures as DecodeResult[]).map((s) => s.dataStructure));
    }
  });

  it('rejects a China layout in the wrong order or with the wrong count', () => {
    const swapped = decodeDataStructure(`=+03002${din}${group}${product}`);
    assert.deepEqual(errorCodes(swapped), ['layoutCode:COMPOUND_LAYOUT_MISMATCH']);
    const short = decodeDataStructure(`=+02002${din}${product}`);
    assert.deepEqual(errorCodes(short), ['layoutCode:COMPOUND_LAYOUT_MISMATCH']);
  });

  it('accepts any order for 000 and reports errors inside with their position', () => {
    assert.equal(decodeDataStructure(`=+03000${group}${din}${product}`).valid, true);
    const bad = decodeDataStructure(`=+02000${din}=%ZZ00`);
    assert.deepEqual(errorCodes(bad), ['structures[1].bloodGroupCode:BLOOD_GROUP_CODE']);
    const truncated = decodeDataStructure(`=+02000${din}=%51`);
    assert.deepEqual(errorCodes(truncated), ['structures[1].content:DS_LENGTH']);
  });

  it('accepts a header alone and rejects nesting, national structures and a bad header', () => {
    assert.deepEqual(decodeValid('=+04000'), { declaredCount: 4, layoutCode: '000', layout: null, structures: [] });
    assert.ok(errorCodes(decodeDataStructure(`=+02000${din}=+01000`)).includes('structures[1].dataIdentifier:DS_NOT_ALLOWED'));
    assert.ok(errorCodes(decodeDataStructure(`=+02000${din}&a1234`)).includes('structures[1].dataIdentifier:DS_NOT_SUPPORTED'));
    assert.deepEqual(errorCodes(decodeDataStructure('=+00000')), ['declaredCount:COMPOUND_FORMAT']);
    assert.deepEqual(errorCodes(decodeDataStructure('=+0A000')), ['declaredCount:COMPOUND_FORMAT']);
  });

  it('decodes the common concatenated pairs DIN + blood group and product + expiry', () => {
    const pair = decodeDataStructure(`${din}${group}`);
    assert.equal(pair.dataStructure, 'concatenated');
    assert.equal(pair.valid, true);
    assert.deepEqual((fields(pair).structures as DecodeResult[]).map((s) => s.dataStructure), ['001', '002']);
    assert.equal(decodeDataStructure(`${product}${expiry}`).valid, true);
  });

  it('rejects trailing garbage and a compound header after another structure', () => {
    assert.deepEqual(errorCodes(decodeDataStructure(`${group}xyz`)), ['structures[1].dataIdentifier:DS_UNKNOWN_IDENTIFIER']);
    assert.ok(errorCodes(decodeDataStructure(`${group}=+01000${din}`)).includes('structures[1].dataIdentifier:DS_NOT_ALLOWED'));
  });
});
