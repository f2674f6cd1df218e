import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from '../errors.ts';
import { COMPONENT_CATALOGUE_2012, COMPONENT_CATALOGUE_REGISTRY } from './catalogue-2012.ts';
import { DEFAULT_CATALOGUE, derivationsFrom, findDerivation, getProduct, getProductByNationalCode, listProducts, validateCatalogue } from './catalogue.ts';
import { addShelfLife, computeExpiry } from './expiry.ts';
import { deriveComponent } from './derive.ts';
import type { ParentUnit } from './derive.ts';
import { quantityFor } from './quantity.ts';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

describe('component catalogue as versioned data [R30][R49][R12]', () => {
  it('is internally consistent', () => {
    assert.deepEqual(validateCatalogue(DEFAULT_CATALOGUE), []);
  });
  it('contains the products the v1 slice needs', () => {
    const ids = listProducts().map((p) => p.id);
    for (const id of ['WB_CPDA1', 'SRBC_MAP', 'LR_SRBC_MAP', 'WRBC_NACL', 'FRBC_40GLY', 'DRBC_NACL', 'PLT_APH_5D', 'FFP', 'VI_FFP', 'FP', 'VI_FP', 'CRYO']) {
      assert.ok(ids.includes(id), id);
    }
  });
  it('uses draft C-codes where the 2017 table gives them, local L-codes elsewhere', () => {
    assert.equal(getProduct('WB_CPDA1').nationalCode, 'C0001');
    assert.equal(getProduct('WB_CPD').nationalCode, 'C0002');
    assert.equal(getProduct('LR_WB_CPDA1').nationalCode, 'C0004');
    assert.equal(getProduct('SRBC_MAP').nationalCode, 'C0021');
    assert.equal(getProductByNationalCode('C0021').id, 'SRBC_MAP');
    for (const p of listProducts()) {
      assert.equal(p.nationalCodeStatus === 'local', /^L\d{4}$/.test(p.nationalCode), p.id);
    }
  });
  it('counts red cells, whole blood and cryo in U, platelets in doses, plasma in ml', () => {
    for (const p of listProducts()) {
      assert.equal(p.quantityUnit, { whole_blood: 'U', red_cells: 'U', cryo: 'U', platelets: 'dose', plasma: 'ml' }[p.componentClass], p.id);
    }
  });
  it('stores platelets at 20–24 °C with agitation, frozen products with no lower bound', () => {
    assert.deepEqual([getProduct('PLT_APH_5D').storage.minTempC, getProduct('PLT_APH_5D').storage.maxTempC, getProduct('PLT_APH_5D').storage.agitation], [20, 24, 'continuous_gentle']);
    assert.equal(getProduct('FFP').storage.minTempC, null);
    assert.equal(getProduct('FFP').storage.maxTempC, -18);
    assert.equal(getProduct('FRBC_40GLY').storage.maxTempC, -65);
    assert.equal(getProduct('FRBC_20GLY').storage.maxTempC, -120);
  });
  it('every value carries its source', () => {
    for (const p of listProducts()) {
      assert.match(p.shelfLife.ref.source, /WS399-2012|GB18469-2012/, p.id);
      assert.ok(p.storage.ref.source.length > 0);
    }
  });
  it('unknown ids throw UNKNOWN_PRODUCT', () => {
    assert.throws(() => getProduct('NOPE'), (e: unknown) => isDomainError(e, 'UNKNOWN_PRODUCT') && e.details.productId === 'NOPE');
    assert.throws(() => getProductByNationalCode('C9999'), (e: unknown) => isDomainError(e, 'UNKNOWN_PRODUCT'));
  });
  it('the 2012 catalogue is in force today and catches broken overrides', () => {
    assert.equal(COMPONENT_CATALOGUE_REGISTRY.inForce(at('2025-06-01T00:00:00+08:00')).id, COMPONENT_CATALOGUE_2012.id);
    const broken = { ...DEFAULT_CATALOGUE, derivations: [...DEFAULT_CATALOGUE.derivations, { ...DEFAULT_CATALOGUE.derivations[0], childId: 'GHOST' }] };
    assert.ok(validateCatalogue(broken).some((e) => e.code === 'UNKNOWN_PRODUCT'));
    const wrongUnit = { ...DEFAULT_CATALOGUE, products: DEFAULT_CATALOGUE.products.map((p) => (p.id === 'FFP' ? { ...p, quantityUnit: 'U' as const } : p)) };
    assert.ok(validateCatalogue(wrongUnit).some((e) => e.code === 'CLASS_UNIT'));
  });
});

describe('shelf life per product (collection 2024-01-01 10:00, preparation 14:00 CST) [R30][R37]', () => {
  const collectedAt = at('2024-01-01T10:00:00+08:00');
  const preparedAt = at('2024-01-01T14:00:00+08:00');
  const expected: Record<string, string> = {
    WB_CPDA1: '2024-02-05T10:00:00+08:00', // 35 d
    WB_CPD: '2024-01-22T10:00:00+08:00', // 21 d
    LR_WB_CPDA1: '2024-02-05T10:00:00+08:00',
    SRBC_MAP: '2024-02-05T10:00:00+08:00',
    LR_SRBC_MAP: '2024-02-05T10:00:00+08:00',
    WRBC_NACL: '2024-01-02T14:00:00+08:00', // 24 h from preparation
    FRBC_40GLY: '2034-01-01T10:00:00+08:00', // 10 y
    FRBC_20GLY: '2034-01-01T10:00:00+08:00',
    DRBC_NACL: '2024-01-02T14:00:00+08:00',
    PLT_APH_5D: '2024-01-06T10:00:00+08:00',
    PLT_APH_24H: '2024-01-02T10:00:00+08:00',
    LR_PLT_APH_5D: '2024-01-06T10:00:00+08:00',
    FFP: '2025-01-01T10:00:00+08:00',
    VI_FFP: '2025-01-01T10:00:00+08:00',
    APH_FFP: '2025-01-01T10:00:00+08:00',
    FP: '2028-01-01T10:00:00+08:00', // 4 y
    VI_FP: '2028-01-01T10:00:00+08:00',
    CRYO: '2025-01-01T10:00:00+08:00',
  };
  it('the table covers every catalogue product', () => {
    assert.deepEqual(Object.keys(expected).sort(), listProducts().map((p) => p.id).sort());
  });
  for (const [id, expiry] of Object.entries(expected)) {
    it(`${id} → ${expiry}`, () => {
      assert.equal(iso(computeExpiry(getProduct(id), { collectedAt, preparedAt })), iso(at(expiry)));
    });
  }
  it('29 Feb + 1 year → 28 Feb in China Standard Time, even when UTC is still 28 Feb', () => {
    assert.equal(iso(computeExpiry(getProduct('FFP'), { collectedAt: at('2024-02-29T10:00:00+08:00'), preparedAt: at('2024-02-29T12:00:00+08:00') })), iso(at('2025-02-28T10:00:00+08:00')));
    assert.equal(iso(computeExpiry(getProduct('FFP'), { collectedAt: at('2024-02-29T05:00:00+08:00'), preparedAt: at('2024-02-29T06:00:00+08:00') })), iso(at('2025-02-28T05:00:00+08:00')));
    assert.equal(iso(computeExpiry(getProduct('FP'), { collectedAt: at('2024-02-29T10:00:00+08:00'), preparedAt: at('2024-02-29T10:00:00+08:00') })), iso(at('2028-02-29T10:00:00+08:00')));
  });
  it('is capped at the parent expiry', () => {
    const parentExpiresAt = at('2024-01-02T00:00:00+08:00');
    assert.equal(iso(computeExpiry(getProduct('WRBC_NACL'), { collectedAt, preparedAt, parentExpiresAt })), iso(parentExpiresAt));
  });
  it('rejects preparation before collection and invalid dates', () => {
    assert.throws(() => computeExpiry(getProduct('SRBC_MAP'), { collectedAt: preparedAt, preparedAt: collectedAt }), (e: unknown) => isDomainError(e, 'VALIDATION'));
    assert.throws(() => computeExpiry(getProduct('SRBC_MAP'), { collectedAt: new Date(Number.NaN), preparedAt }), (e: unknown) => isDomainError(e, 'VALIDATION'));
  });
});

describe('quantity from volume: 1 U = 200 ml whole blood, plasma in ml, platelets in doses [R30][R51]', () => {
  it('U products from the 200/300/400 ml tiers', () => {
    assert.equal(quantityFor(getProduct('SRBC_MAP'), 200, null), 1);
    assert.equal(quantityFor(getProduct('SRBC_MAP'), 300, null), 1.5);
    assert.equal(quantityFor(getProduct('WB_CPDA1'), 400, null), 2);
    assert.equal(quantityFor(getProduct('CRYO'), 400, 40), 2);
    for (const bad of [null, 250, 0, -200]) {
      assert.throws(() => quantityFor(getProduct('SRBC_MAP'), bad, null), (e: unknown) => isDomainError(e, 'VALIDATION'));
    }
  });
  it('plasma in whole ml', () => {
    assert.equal(quantityFor(getProduct('FFP'), 400, 235.4), 235);
    for (const bad of [null, 0, Number.NaN]) {
      assert.throws(() => quantityFor(getProduct('FFP'), 400, bad), (e: unknown) => isDomainError(e, 'VALIDATION'));
    }
  });
  it('apheresis platelets: one dose per bag', () => {
    assert.equal(quantityFor(getProduct('PLT_APH_5D'), null, 250), 1);
  });
});

describe('component preparation: allowed outputs, time limits, lineage expiry [R28][R29][R30]', () => {
  const wb: ParentUnit = {
    productId: 'WB_CPDA1',
    collectedAt: at('2024-03-01T08:00:00+08:00'),
    expiresAt: at('2024-04-05T08:00:00+08:00'),
    sourceWholeBloodMl: 400,
  };
  it('whole blood 400 ml → SRBC 2 U (parent expiry) + FFP (1 y) within 6 h', () => {
    const srbc = deriveComponent(wb, 'SRBC_MAP', { preparedAt: at('2024-03-01T12:00:00+08:00') });
    assert.deepEqual([srbc.quantity, srbc.quantityUnit, iso(srbc.expiresAt)], [2, 'U', iso(wb.expiresAt)]);
    const ffp = deriveComponent(wb, 'FFP', { preparedAt: at('2024-03-01T14:00:00+08:00'), volumeMl: 200 });
    assert.deepEqual([ffp.quantity, ffp.quantityUnit, iso(ffp.expiresAt)], [200, 'ml', iso(at('2025-03-01T08:00:00+08:00'))]);
    assert.equal(ffp.derivation.boundedByParentExpiry, false);
  });
  it('FFP after 6 h is refused (prepare FP instead)', () => {
    assert.throws(
      () => deriveComponent(wb, 'FFP', { preparedAt: new Date(wb.collectedAt.getTime() + 6 * 3_600_000 + 1), volumeMl: 200 }),
      (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors?.[0]?.code === 'PREPARATION_TIME_LIMIT',
    );
    const fp = deriveComponent(wb, 'FP', { preparedAt: at('2024-03-01T20:00:00+08:00'), volumeMl: 200 });
    assert.equal(iso(fp.expiresAt), iso(at('2028-03-01T08:00:00+08:00')));
  });
  it('FFP → CRYO in U of source whole blood; FFP → FP reclassification after 1 year', () => {
    const ffp: ParentUnit = { productId: 'FFP', collectedAt: wb.collectedAt, expiresAt: at('2025-03-01T08:00:00+08:00'), sourceWholeBloodMl: 400 };
    const cryo = deriveComponent(ffp, 'CRYO', { preparedAt: at('2024-03-02T08:00:00+08:00') });
    assert.deepEqual([cryo.quantity, cryo.quantityUnit], [2, 'U']);
    const fp = deriveComponent(ffp, 'FP', { preparedAt: at('2025-03-01T08:00:00+08:00'), volumeMl: 200 });
    assert.equal(fp.derivation.kind, 'reclassification');
    assert.equal(iso(fp.expiresAt), iso(at('2028-03-01T08:00:00+08:00')));
  });
  it('washed RBC: 24 h from washing, never beyond the parent', () => {
    const srbc: ParentUnit = { productId: 'SRBC_MAP', collectedAt: wb.collectedAt, expiresAt: at('2024-04-05T08:00:00+08:00'), sourceWholeBloodMl: 400 };
    const washed = deriveComponent(srbc, 'WRBC_NACL', { preparedAt: at('2024-04-04T20:00:00+08:00') });
    assert.equal(iso(washed.expiresAt), iso(srbc.expiresAt));
  });
  it('refuses derivations not in the table, expired parents and unknown products', () => {
    assert.throws(() => deriveComponent({ ...wb, productId: 'SRBC_MAP' }, 'FFP', { preparedAt: at('2024-03-01T09:00:00+08:00') }), (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors?.[0]?.code === 'DERIVATION_NOT_ALLOWED');
    assert.throws(() => deriveComponent(wb, 'SRBC_MAP', { preparedAt: wb.expiresAt }), (e: unknown) => isDomainError(e, 'VALIDATION') && e.details.errors?.[0]?.code === 'PARENT_EXPIRED');
    assert.throws(() => deriveComponent(wb, 'NOPE', { preparedAt: at('2024-03-01T09:00:00+08:00') }), (e: unknown) => isDomainError(e, 'UNKNOWN_PRODUCT'));
  });
  it('lists what can be prepared from whole blood', () => {
    assert.deepEqual(derivationsFrom('WB_CPDA1').map((d) => d.childId).sort(), ['FFP', 'FP', 'LR_SRBC_MAP', 'LR_WB_CPDA1', 'SRBC_MAP', 'VI_FFP']);
    assert.equal(findDerivation('FFP', 'CRYO')?.kind, 'separation');
    assert.equal(findDerivation('CRYO', 'FFP'), undefined);
  });
});

describe('expiry properties [R37]', () => {
  const products = fc.constantFrom(...listProducts());
  const instant = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) });
  it('computeExpiry never exceeds the parent expiry and equals min(own shelf life, parent)', () => {
    fc.assert(
      fc.property(products, instant, fc.integer({ min: 0, max: 40 * 86_400_000 }), instant, (product, c, delay, parent) => {
        const collectedAt = new Date(c);
        const preparedAt = new Date(c + delay);
        const parentExpiresAt = new Date(parent);
        const got = computeExpiry(product, { collectedAt, preparedAt, parentExpiresAt });
        const own = addShelfLife(product.shelfLife.from === 'collection' ? collectedAt : preparedAt, product.shelfLife);
        assert.ok(got.getTime() <= parentExpiresAt.getTime());
        assert.equal(got.getTime(), Math.min(own.getTime(), parentExpiresAt.getTime()));
        assert.ok(own.getTime() > (product.shelfLife.from === 'collection' ? c : c + delay));
      }),
    );
  });
  it('deriveComponent never exceeds the parent expiry for bounded derivations', () => {
    const bounded = DEFAULT_CATALOGUE.derivations.filter((d) => d.boundedByParentExpiry);
    fc.assert(
      fc.property(fc.constantFrom(...bounded), instant, fc.integer({ min: 1, max: 60 * 86_400_000 }), fc.integer({ min: 0, max: 59 * 86_400_000 }), (d, c, life, delay) => {
        fc.pre(delay < life);
        const parent: ParentUnit = { productId: d.parentId, collectedAt: new Date(c), expiresAt: new Date(c + life), sourceWholeBloodMl: 400 };
        const child = deriveComponent(parent, d.childId, { preparedAt: new Date(c + delay), volumeMl: 200 });
        assert.ok(child.expiresAt.getTime() <= parent.expiresAt.getTime());
      }),
    );
  });
});
