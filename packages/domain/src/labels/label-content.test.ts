import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeDataStructure } from '../isbt128/index.ts';
import { getProduct } from '../components/catalogue.ts';
import { PRODUCT_CODE_TABLE_2017, buildLabelContent, labelProductCode, verifyLabelScan, type LabelUnit } from './label-content.ts';

const station = { name: '潍坊市中心血站', licenceNumber: '鲁血证字(2024)第001号' };
const unit = (over: Partial<LabelUnit> = {}): LabelUnit => ({
  din: '3707126000123', productId: 'SRBC_MAP', splitCode: '00', donationType: 'V', abo: 'B', rhd: 'NEG', volumeMl: 300, quantity: 2,
  quantityUnit: 'U', collectedAt: new Date('2026-11-20T01:30:00Z'), preparedAt: new Date('2026-11-20T05:00:00Z'),
  expiresAt: new Date('2026-12-25T15:59:00Z'), conforming: true, ...over,
});
const fields = (s: string) => decodeDataStructure(s).fields as unknown as Record<string, any>;

describe('labels (血液标识代码及标签要求) [R2][R47][R49][R50][R51][R52][R54]', () => {
  it('every bar code decodes back to the unit record (round trip), composite included', () => {
    const c = buildLabelContent(unit(), station);
    assert.equal(fields(c.barcodes.din).din, '3707126000123');
    assert.equal(fields(c.barcodes.product).productCode, 'C0021');
    assert.equal(fields(c.barcodes.product).donationType, 'V');
    assert.deepEqual([fields(c.barcodes.bloodGroup!).abo, fields(c.barcodes.bloodGroup!).rhd], ['B', 'NEG']);
    assert.equal(fields(c.barcodes.expiry).dateTime.slice(0, 16), '2026-12-25T23:59');
    const comp = decodeDataStructure(c.barcodes.composite);
    assert.equal(comp.valid, true, JSON.stringify(comp.errors));
    assert.equal(comp.dataStructure, '023');
    assert.equal((comp.fields as any).declaredCount, 6);
    assert.equal(c.rhNegative, true);
    assert.equal(c.dinText.serial, '000123');
    assert.equal(c.biohazard, false);
    assert.equal(buildLabelContent(unit({ conforming: false }), station).biohazard, true);
  });

  it('PROPERTY: any unit of the code table labels and round-trips', () => {
    const ids = PRODUCT_CODE_TABLE_2017.data.flatMap((r) => r.productIds);
    fc.assert(fc.property(fc.constantFrom(...ids), fc.integer({ min: 0, max: 999999 }), fc.constantFrom('O', 'A', 'B', 'AB'), fc.constantFrom('POS', 'NEG'),
      fc.integer({ min: 0, max: 400 * 86400 }), (productId, serial, abo, rhd, offset) => {
        const p = getProduct(productId);
        const t0 = new Date(Date.UTC(2026, 0, 1) + offset * 1000);
        const din = `37071${'26'}${String(serial).padStart(6, '0')}`;
        const c = buildLabelContent(unit({ din, productId, abo: abo as any, rhd: rhd as any, quantityUnit: p.quantityUnit as any, quantity: p.quantityUnit === 'U' ? 1.5 : 1, collectedAt: t0, preparedAt: t0, expiresAt: new Date(t0.getTime() + 86400_000) }), station);
        assert.equal(fields(c.barcodes.din).din, din);
        assert.equal(fields(c.barcodes.product).productCode, labelProductCode(productId));
        assert.equal(labelProductCode(productId).slice(1), p.nationalCode.slice(1));
        assert.equal(decodeDataStructure(c.barcodes.composite).valid, true);
      }), { numRuns: 200 });
  });

  it('code table rows map to catalogue products with the same national code', () => {
    for (const row of PRODUCT_CODE_TABLE_2017.data) for (const id of row.productIds) assert.equal(getProduct(id).nationalCode.replace(/^L/, 'D'), row.code, id);
  });

  it('label verification blocks mismatches, unreleased and expired units with clear messages', () => {
    const c = buildLabelContent(unit(), station);
    const rec = { din: '3707126000123', productCode: 'C0021', splitCode: '00', released: true, status: 'available', expiresAt: new Date('2026-12-25T15:59:00Z') };
    const now = new Date('2026-11-21T00:00:00Z');
    assert.deepEqual(verifyLabelScan(c.barcodes.din, c.barcodes.product, rec, now), { ok: true, problems: [] });
    const other = buildLabelContent(unit({ din: '3707126000124' }), station);
    assert.deepEqual(verifyLabelScan(other.barcodes.din, c.barcodes.product, rec, now).problems.map((p) => p.code), ['DIN_MISMATCH']);
    const ffp = buildLabelContent(unit({ productId: 'FFP', quantityUnit: 'ml', quantity: 150 }), station);
    assert.deepEqual(verifyLabelScan(c.barcodes.din, ffp.barcodes.product, rec, now).problems.map((p) => p.code), ['PRODUCT_MISMATCH']);
    assert.deepEqual(verifyLabelScan(c.barcodes.din, c.barcodes.product, { ...rec, released: false, status: 'quarantined' }, now).problems.map((p) => p.code), ['NOT_RELEASED']);
    const expired = verifyLabelScan(c.barcodes.din, c.barcodes.product, rec, new Date('2026-12-26T00:00:00Z'));
    assert.deepEqual(expired.problems.map((p) => p.code), ['EXPIRED']);
    assert.match(expired.problems[0].message, /过期 \/ unit expired/);
    assert.equal(verifyLabelScan('garbage', c.barcodes.product, rec, now).problems[0].code, 'DIN_UNREADABLE');
  });
});
