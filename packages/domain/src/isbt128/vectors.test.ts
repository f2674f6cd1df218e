/**
 * Runs every vector of ../shared/data/isbt128-vectors.json that this module implements, and names
 * the owner of every kind it does not. A new kind in the file fails the "every kind" test until it is
 * handled or explicitly skipped here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isDomainError } from '../errors.ts';
import {
  BLOOD_GROUP_CODES,
  computeCheckCharacter,
  computeMod372Checksum,
  computeType3Flag,
  decodeDataStructure,
  decodeRhKellPhenotype,
  describeSymbologyIdentifier,
  isValidMod372,
  parseDin,
} from './index.ts';
import type { CollectionInfo, DecodeResult, ProductFamily } from './index.ts';
import { decodeFrame, encodeFrame, encodeText, fieldRepeats, fieldText, lis1Checksum, parseAstmMessage, parseRecord } from '../astm/index.ts';

interface Vector {
  readonly kind: string;
  readonly input: string;
  readonly expected: Record<string, unknown>;
  readonly source: string;
  readonly note?: string;
}

const VECTORS_URL = new URL('../../../../../shared/data/isbt128-vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as Vector[];

/**
 * Kinds implemented elsewhere or not at all. Each entry says who owns it.
 */
const SKIPPED_KINDS: Readonly<Record<string, string>> = {
  // Product description texts come from the licensed ICCBBA PDC database / the national product
  // table: owned by the component catalogue (packages/domain/src/components), not by the bar-code codec.
  'pdc-description': 'component catalogue (domain/components)',
  // FHIR BiologicallyDerivedProduct.identifier (MPHO UI, split only inferred in the source): built by
  // the FHIR/interop export in packages/server.
  'mpho-unique-identifier': 'FHIR interop export (server)',
  // Legacy Codabar unit numbers: no evidence of Codabar use in China; not implemented by anyone.
  'codabar-unit-id-vista': 'nobody (legacy Codabar, not used in China)',
};

const byKind = (kind: string): Vector[] => vectors.filter((v) => v.kind === kind);
const fieldsOf = (r: DecodeResult): Record<string, unknown> => r.fields as Record<string, unknown>;
const structureIds = (r: DecodeResult): unknown[] =>
  (fieldsOf(r).structures as DecodeResult[]).map((s) => s.dataStructure);

const HANDLERS: Readonly<Record<string, (v: Vector) => void>> = {
  // ASTM E1381 / LIS1-A and E1394 / LIS2-A2: the instrument-interface codec in ../astm (issue #4).
  'lis1-frame-checksum': (v) => {
    assert.equal(lis1Checksum(v.input), v.expected.checksum);
    const final = v.input.endsWith('\x03');
    const frame = encodeFrame(Number(v.input[0]), v.input.slice(1, -1), final);
    assert.deepEqual(frame, encodeText(String(v.expected.frame), 'latin1'));
    const back = decodeFrame(frame);
    assert.ok(back.ok);
    assert.equal(back.text, v.input.slice(1, -1));
    assert.equal(back.final, final);
  },
  'lis1-frame-checksum-encoding': (v) => {
    assert.equal(lis1Checksum(v.input, 'utf8'), v.expected.checksum_utf8);
    assert.equal(lis1Checksum(v.input, 'latin1'), v.expected.checksum_iso8859_1);
    // The checksum is over the bytes on the wire: a latin1 frame carrying the UTF-8 checksum is rejected (the trace's NAK).
    const latin1Frame = encodeFrame(2, v.input.slice(1, -1), true, 'latin1');
    assert.equal(decodeFrame(latin1Frame, 'latin1').ok, true);
    const mismatched = [...latin1Frame];
    mismatched.splice(-4, 2, ...encodeText(String(v.expected.checksum_utf8)));
    const r = decodeFrame(mismatched, 'latin1');
    assert.equal(r.ok === false && r.code, 'FRAME_CHECKSUM');
  },
  'astm-e1394-message': (v) => {
    const r = parseAstmMessage(v.input);
    assert.ok(r.ok, JSON.stringify(r));
    const m = r.message;
    assert.deepEqual({ ...m.delimiters }, v.expected.delimiters);
    assert.deepEqual(m.sender, v.expected.sender);
    assert.equal(m.version, v.expected.version);
    assert.equal(m.orders[0].specimenId, v.expected.specimenId);
    assert.deepEqual(m.orders[0].results.map((x) => ({ test: x.test, value: x.value })), v.expected.results);
    assert.equal(m.terminationCode, v.expected.terminationCode);
  },
  'astm-e1394-escape': (v) => {
    const rec = parseRecord(v.input);
    for (const [key, value] of Object.entries(v.expected)) assert.equal(fieldText(rec, Number(key.split('.')[1])), value);
  },
  'astm-e1394-repeat': (v) => {
    const rec = parseRecord(v.input);
    for (const [key, value] of Object.entries(v.expected)) assert.deepEqual(fieldRepeats(rec, Number(key.split('.')[1])), value);
  },
  'din-check-character': (v) => {
    assert.equal(computeMod372Checksum(v.input), v.expected.mod37_2_checksum);
    assert.equal(computeCheckCharacter(v.input), v.expected.K);
    assert.equal(computeType3Flag(v.input), v.expected.type3_flag);
    const parsed = parseDin(`${v.input}${String(v.expected.K)}`);
    assert.ok(parsed.ok);
    const withFlag = decodeDataStructure(`=${v.input}${String(v.expected.type3_flag)}`);
    assert.equal(withFlag.valid, true);
  },
  'iso7064-mod37-2-generic': (v) => {
    assert.equal(computeCheckCharacter(v.input), v.expected.K);
  },
  'iso7064-mod37-2-verify': (v) => {
    assert.equal(isValidMod372(v.input), v.expected.valid);
  },
  'iso7064-mod37-2-invalid-input': (v) => {
    assert.throws(
      () => computeCheckCharacter(v.input),
      (e: unknown) =>
        isDomainError(e, 'VALIDATION') &&
        e.details.errors?.[0]?.code === 'MOD37_INVALID_CHARACTER' &&
        e.details.errors[0].message.includes(String(v.expected.error)),
    );
    assert.equal(isValidMod372(`${v.input}0`), false);
  },
  'ds001-din': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.dataStructure, v.expected.dataStructure);
    const map: Record<string, string> = { fin: 'stationCode', year: 'year', sequence: 'serial', flags: 'flags', din13: 'din', K: 'checkCharacter' };
    for (const [vectorKey, fieldKey] of Object.entries(map)) {
      if (v.expected[vectorKey] !== undefined) assert.equal(f[fieldKey], v.expected[vectorKey], vectorKey);
    }
    if (v.expected.flagType !== undefined) {
      const flagType = String(v.expected.flagType).startsWith('not used') ? 'unused' : v.expected.flagType;
      assert.equal(f.flagType, flagType);
    }
    if (v.expected.flagMeaning !== undefined) {
      assert.ok(String(v.expected.flagMeaning).startsWith(String(f.flagMeaning)), String(f.flagMeaning));
    }
    if (v.expected.checksumValid !== undefined) {
      assert.equal(f.checksumValid, v.expected.checksumValid);
      assert.equal(r.valid, v.expected.checksumValid);
      if (v.expected.checksumValid === false) assert.equal(r.errors[0].code, 'DIN_CHECK_CHAR_MISMATCH');
    } else {
      assert.equal(r.valid, true);
    }
  },
  'ds001-din-invalid': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.valid, false);
    assert.equal(r.dataStructure, '001');
    const error = String(v.expected.error);
    const expected = /letter O/.test(error)
      ? { field: 'stationCode', code: 'DIN_FORMAT' }
      : /truncated/.test(error)
        ? { field: 'content', code: 'DS_LENGTH' }
        : null;
    assert.ok(expected, `no expectation mapped for '${error}'`);
    assert.deepEqual({ field: r.errors[0].field, code: r.errors[0].code }, expected);
  },
  'ds002-blood-group': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.valid, true);
    assert.equal(r.dataStructure, '002');
    assert.equal(f.bloodGroupCode, v.expected.gg);
    assert.equal(f.description, v.expected.group);
    const info = String(v.expected.collectionInfo);
    const collectionInfo: CollectionInfo | undefined = info.startsWith('default')
      ? 'default'
      : info === 'for autologous use only'
        ? 'autologousOnly'
        : undefined;
    assert.ok(collectionInfo, `no mapping for '${info}'`);
    // Pooled and subgroup codes (e.g. I0 = A1) have no Table 4 column.
    if (f.collectionInfo !== null) assert.equal(f.collectionInfo, collectionInfo);
    assert.equal(f.phenotypeCode, String(v.expected.r).charAt(0));
    assert.equal(f.reserved, v.expected.e);
  },
  'ds002-special-message': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.valid, true);
    assert.equal(f.bloodGroupCode, v.expected.gg);
    assert.equal(f.category, 'specialMessage');
    assert.equal(f.description, v.expected.specialMessage);
    assert.equal(f.abo, null);
    assert.equal(f.rhd, null);
  },
  'ds002-r-phenotype': (v) => {
    const p = decodeRhKellPhenotype(v.input);
    if (v.expected.meaning !== undefined) {
      assert.ok(/Special Testing/.test(String(v.expected.meaning)));
      assert.deepEqual(p, { kind: 'specialTesting' });
      return;
    }
    const toResult = (s: unknown): string => (s === 'no information' ? 'noInformation' : String(s));
    assert.deepEqual(p, {
      kind: 'rhKell',
      C: toResult(v.expected.C),
      c: toResult(v.expected.c),
      E: toResult(v.expected.E),
      e: toResult(v.expected.e),
      K: toResult(v.expected.K),
    });
  },
  'ds003-product-code': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.valid, true);
    assert.equal(r.dataStructure, '003');
    assert.equal(f.productCode, v.expected.pdc);
    if (v.expected.family !== undefined) {
      const families: Record<string, ProductFamily> = {
        'Blood components (E/F)': 'bloodComponent',
        'Cellular therapy (S)': 'cellularTherapy',
        'Ocular (V)': 'ocular',
      };
      assert.equal(f.productFamily, families[String(v.expected.family)]);
    }
    if (v.expected.collectionType !== undefined) {
      const [t, description] = String(v.expected.collectionType).split(' = ');
      assert.equal(f.donationType, t);
      assert.ok(description.startsWith(String(f.donationTypeDescription)), description);
    }
    if (v.expected.division !== undefined) {
      const ds = String(v.expected.division).slice(0, 2);
      assert.equal(f.split, ds);
      assert.equal(f.splitLevel, ds === '00' ? 0 : 1);
    }
    if (v.expected.divisionOrPack !== undefined) assert.equal(f.divisionOrPack, v.expected.divisionOrPack);
    // expected.labelText is the licensed PDC database text: not part of the bar code (see pdc-description).
  },
  'ds003-product-code-with-ds032': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.valid, true);
    assert.ok(String(v.expected.rule).includes('[032]'));
    assert.equal(fieldsOf(r).requiresProductDivisions, true);
  },
  'ds004-expiration-date': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.dataStructure, '004');
    assert.equal(f.date, v.expected.date);
    assert.equal(f.kind, 'expiration');
    assert.equal(f.century, String(v.expected.century).charAt(0));
    assert.equal(String((f.year as number) % 100).padStart(2, '0'), v.expected.yy);
    assert.equal(String(f.dayOfYear).padStart(3, '0'), v.expected.julianDay);
  },
  'ds005-expiration-date-time': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.dataStructure, '005');
    assert.equal(f.dateTime, v.expected.dateTime);
    if (v.expected.julianDay !== undefined) assert.equal(String(f.dayOfYear).padStart(3, '0'), v.expected.julianDay);
  },
  'ds008-production-date': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.dataStructure, '008');
    assert.equal(fieldsOf(r).kind, 'production');
    assert.equal(fieldsOf(r).date, v.expected.date);
  },
  'ds023-compound': (v) => {
    const r = decodeDataStructure(v.input);
    const f = fieldsOf(r);
    assert.equal(r.valid, true, JSON.stringify(r.errors));
    assert.equal(r.dataStructure, '023');
    assert.equal(f.declaredCount, v.expected.declaredCount);
    assert.deepEqual([r.dataStructure, ...structureIds(r)], v.expected.structures);
    if (v.expected.sequence !== undefined) {
      assert.equal(f.layoutCode, String(v.expected.sequence).slice(0, 3));
      assert.equal(f.layout, null);
    }
    if (v.expected.lotNumber !== undefined) {
      const lot = (f.structures as DecodeResult[]).find((s) => s.dataStructure === '035');
      assert.equal(lot && fieldsOf(lot).lotNumber, v.expected.lotNumber);
    }
  },
  'ds023-compound-invalid': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.valid, false);
    assert.equal(r.dataStructure, '023');
    assert.equal(r.errors[0].code, 'COMPOUND_COUNT_MISMATCH');
    assert.ok(r.errors[0].message.includes(String(v.expected.error)), r.errors[0].message);
  },
  'concatenated-pair': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.valid, true);
    assert.equal(r.dataStructure === '023', v.expected.isCompound);
    assert.equal(r.dataStructure, 'concatenated');
    assert.deepEqual(structureIds(r), v.expected.structures);
    const divisions = (fieldsOf(r).structures as DecodeResult[])[1];
    assert.equal(fieldsOf(divisions).divisionCode, v.expected.divisionCode);
  },
  'ds028-product-consignment': (v) => {
    const r = decodeDataStructure(v.input);
    assert.equal(r.valid, true);
    assert.equal(r.dataStructure, '028');
    assert.deepEqual(r.fields, {
      stationCode: v.expected.fin,
      year: v.expected.year,
      serial: v.expected.serial,
      container: v.expected.container,
      totalContainers: v.expected.totalContainers,
    });
  },
  'ds038-sec-text': (v) => {
    // The vector is the eye-readable SEC ("SEC: " + two space-separated sequences); the bar code
    // (DS038) carries the same 40 characters after `&,4` with no separator (ST-012 §6.1).
    const electronic = `&,4${v.input.replace(/^SEC:\s*/, '').replace(/\s+/g, '')}`;
    const r = decodeDataStructure(electronic);
    assert.equal(r.valid, true);
    assert.equal(r.dataStructure, '038');
    assert.equal(fieldsOf(r).uniqueDonationNumber, v.expected.uniqueDonationNumber);
    assert.equal(fieldsOf(r).expiryDate, v.expected.expiry);
  },
  'aim-symbology-id': (v) => {
    assert.ok(String(v.expected.meaning).includes('concatenation performed'));
    assert.equal(describeSymbologyIdentifier(v.input)?.isbtConcatenation, true);
    const r = decodeDataStructure(`${v.input}=A99991712345600=%5100`);
    assert.equal(r.valid, true);
    assert.equal(fieldsOf(r).symbologyIdentifier, v.input);
  },
  'codabar-abo-rh-vista': (v) => {
    // Cross-check only: VistA's Codabar ABO/Rh numbers are the ISBT Table 4 default column.
    const [abo, rh] = String(v.expected.group).split(' ');
    const entry = BLOOD_GROUP_CODES.get(v.input);
    assert.equal(entry?.abo, abo);
    assert.equal(entry?.rhd, rh);
    assert.equal(entry?.collectionInfo, 'default');
  },
};

describe('ISBT 128 vector file [R47][R48][R49][R50][R51][R52]', () => {
  it('resolves the shared vector file', () => {
    assert.ok(vectors.length > 0);
  });

  it('handles or explicitly skips every kind in the file', () => {
    const unknown = [...new Set(vectors.map((v) => v.kind))].filter(
      (kind) => HANDLERS[kind] === undefined && SKIPPED_KINDS[kind] === undefined,
    );
    assert.deepEqual(unknown, []);
  });

  for (const kind of Object.keys(HANDLERS)) {
    describe(kind, () => {
      const list = byKind(kind);
      it('has vectors', () => assert.ok(list.length > 0));
      for (const v of list) {
        it(`${JSON.stringify(v.input)}`, () => HANDLERS[kind](v));
      }
    });
  }
});
