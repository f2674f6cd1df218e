/**
 * Labels acceptance: label PDFs render; the SVG label is screenshotted in Chromium (test-output/screenshots/label-*.png)
 * and looked at; the printed bar-code content decodes back to the unit record; the printed bars are the bwip-js
 * encoding of that content; the printed PDF is rasterised with poppler's pdftoppm (test-output/screenshots/label-pdf-*.png)
 * and its ink checked per quadrant; reprints are audited; label verification blocks mismatches, unreleased and expired units.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import pg from 'pg';
import { decodeDataStructure } from '@redbridge/domain/isbt128';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { ApiClient } from '../../../test/api-client.ts';
import { TEST_PASSWORD } from '../../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app-fixture.ts';
import { chromiumSkipReason, launchBrowser, screenshotPath } from '../../../../../e2e/harness/browser.ts';
import { inkFraction, pdftoppmSkipReason, pngSize, rasterisePdf } from '../../../../../e2e/harness/pdf.ts';
import { barcodeSvg, cjkFontAvailable } from './render.ts';

/** Where the biohazard mark prints (Q4, right of the expiry bar code), as fractions of the page. */
const BIOHAZARD_AREA = { x: 0.865, y: 0.375, w: 0.1, h: 0.08 };

const residentId = (first17: string) => first17 + computeResidentIdCheckDigit(first17);
const fields = (s: string) => decodeDataStructure(s).fields as unknown as Record<string, any>;

describe('labels: PDF, screenshot, round trip, reprint audit, verification [R2][R47][R49][R50][R51][R52][R53][R54][R55]', { skip: chromiumSkipReason() ?? false }, () => {
  let t: TestApp;
  let donorUser: ApiClient;
  let lab: ApiClient;
  let component: ApiClient;

  before(async () => {
    t = await startTestApp('pglite');
    [donorUser, lab, component] = await Promise.all(['donor', 'lab', 'component'].map((u) => ApiClient.login(t.app, u, TEST_PASSWORD)));
  });
  after(async () => { await t?.close(); });

  async function releasedUnits(first17: string, group: { abo: string; rhd: string }, altUPerL = 20) {
    const donor = await donorUser.post('/api/donors', { idNumber: residentId(first17), name: '孙八', phone: '13800000000' });
    const donation = await donorUser.post('/api/donations', { donorId: donor.body.id, volumeMl: 400 });
    const din = donation.body.din as string;
    assert.equal((await component.post(`/api/donations/${din}/process`, { products: ['SRBC_MAP', 'FFP'] })).status, 200);
    const results = await lab.post(`/api/donations/${din}/test-results`, { ...group, altUPerL, hbsag: 'qualified', hcv: 'qualified', hiv: 'qualified', tp: 'qualified' });
    assert.equal(results.status, 200, JSON.stringify(results.body));
    if (altUPerL <= 50) assert.equal((await lab.post(`/api/donations/${din}/release`)).status, 200);
    return { din, units: (await lab.get(`/api/donations/${din}`)).body.units as any[] };
  }

  async function screenshotSvg(svg: string, name: string) {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 800 }, deviceScaleFactor: 1 });
      await page.setContent(`<html><body style="margin:0;background:#fff"><div style="width:760px;height:760px;padding:20px">${svg.replace('width="100mm" height="100mm"', 'width="760" height="760"')}</div></body></html>`);
      const file = screenshotPath(name);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    } finally {
      await browser.close();
    }
  }

  it('renders an RhD-negative label: content round-trips, SVG screenshot, PDF, audited reprint', async () => {
    const { din, units } = await releasedUnits('37070219910101123', { abo: 'B', rhd: 'NEG' });
    const rbc = units.find((u) => u.productId === 'SRBC_MAP');
    const label = await lab.get(`/api/labels/units/${rbc.id}`);
    assert.equal(label.status, 200, JSON.stringify(label.body));
    const c = label.body.content;
    // Round trip: every printed bar code decodes back to the record.
    assert.equal(fields(c.barcodes.din).din, din);
    assert.equal(fields(c.barcodes.product).productCode, 'C0021');
    assert.equal(fields(c.barcodes.product).split, rbc.splitCode);
    assert.deepEqual([fields(c.barcodes.bloodGroup).abo, fields(c.barcodes.bloodGroup).rhd], ['B', 'NEG']);
    const expiry = fields(c.barcodes.expiry);
    assert.equal(Math.floor(new Date(`${expiry.dateTime}+08:00`).getTime() / 60000), Math.floor(new Date(rbc.expiresAt).getTime() / 60000));
    const composite = decodeDataStructure(c.barcodes.composite);
    assert.equal(composite.valid, true);
    const inner = (composite.fields as any).structures.map((s: any) => s.dataStructure);
    assert.ok(inner.includes('001') && inner.includes('003'), inner.join());
    assert.equal(c.rhNegative, true);

    // The SVG embeds exactly the bwip-js encoding of that content (the bars are the data).
    const svgRes = await lab.get(`/api/labels/units/${rbc.id}/preview.svg`);
    assert.equal(svgRes.status, 200);
    const svg = String(svgRes.body);
    const bars = (data: string, bcid: 'code128' | 'datamatrix') => barcodeSvg(bcid, data).match(/<path[^>]*d="([^"]+)"/)![1];
    assert.ok(svg.includes(bars(c.barcodes.din, 'code128')), 'DIN bars present');
    assert.ok(svg.includes(bars(c.barcodes.composite, 'datamatrix')), 'DataMatrix present');
    assert.match(svg, /fill="none" stroke="#000"[^>]*>B</, 'ABO hollow for RhD negative');
    assert.match(svg, /fill="#fff" font-weight="bold">RhD 阴性/, 'RhD reversed');
    assert.match(svg, /潍坊市中心血站/);
    assert.match(svg, /鲁血证字\(2024\)第001号/);
    const png = await screenshotSvg(svg, 'label-rh-negative-srbc');
    assert.ok(fs.statSync(png).size > 20_000, 'screenshot written');

    // Print: a real PDF; reprint needs a reason and is audited.
    const print = await lab.request('POST', `/api/labels/units/${rbc.id}/print`, {});
    assert.equal(print.status, 200);
    assert.equal(print.headers['content-type'], 'application/pdf');
    const pdf = print.rawBody;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 5_000, `pdf size ${pdf.length}`);
    assert.equal(print.headers['x-label-font-fallback'], String(!cjkFontAvailable()));
    const noReason = await lab.request('POST', `/api/labels/units/${rbc.id}/print`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].pointer, '/reason');
    assert.equal((await lab.request('POST', `/api/labels/units/${rbc.id}/print`, { reason: '标签污损' })).status, 200);
    const prints = (await lab.get(`/api/labels/units/${rbc.id}/prints`)).body as any[];
    assert.deepEqual(prints.map((p) => [p.kind, p.reason]), [['reprint', '标签污损'], ['print', null]]);
    const c2 = new pg.Client({ connectionString: t.url });
    await c2.connect();
    const audit = await c2.query(`select action, reason from audit_log where action like 'label.%' order by id`);
    await c2.end();
    assert.deepEqual(audit.rows.map((r) => r.action), ['label.print', 'label.reprint']);
  });

  it('rasterises the printed RhD-negative label PDF (pdftoppm): page size, Chinese font embedded, ink in every quadrant [R53][R54]', { skip: pdftoppmSkipReason() ?? false }, async () => {
    const { units } = await releasedUnits('37070219910101166', { abo: 'A', rhd: 'NEG' });
    const rbc = units.find((u) => u.productId === 'SRBC_MAP');
    const print = await lab.request('POST', `/api/labels/units/${rbc.id}/print`, {});
    assert.equal(print.status, 200);
    const pdf = print.rawBody;
    const dpi = 300;
    const { png, gray } = rasterisePdf(pdf, 'label-pdf-rh-negative-srbc', dpi);
    // 100 × 100 mm at 300 dpi = 1181 px square (±1 for rounding).
    const { width, height } = pngSize(png);
    assert.ok(Math.abs(width - 1181) <= 1 && Math.abs(height - 1181) <= 1, `PNG ${width}×${height}`);
    assert.deepEqual([gray.width, gray.height], [width, height]);
    assert.ok(fs.statSync(png).size > 40_000, `PNG size ${fs.statSync(png).size}`);
    const total = inkFraction(gray, { x: 0, y: 0, w: 1, h: 1 });
    assert.ok(total > 0.05 && total < 0.4, `ink over the page ${total.toFixed(3)}`);
    // Layout 「土」: every quadrant and the precautions band carry ink.
    const regions = {
      q1Din: { x: 0.02, y: 0.055, w: 0.46, h: 0.11 },
      q2Group: { x: 0.52, y: 0.02, w: 0.46, h: 0.2 },
      q3Product: { x: 0.02, y: 0.385, w: 0.3, h: 0.095 },
      q4Expiry: { x: 0.52, y: 0.385, w: 0.3, h: 0.095 },
      dataMatrix: { x: 0.84, y: 0.465, w: 0.14, h: 0.14 },
      precautions: { x: 0.02, y: 0.68, w: 0.96, h: 0.3 },
    };
    for (const [name, r] of Object.entries(regions)) {
      const ink = inkFraction(gray, r);
      assert.ok(ink > 0.02, `${name}: ink ${ink.toFixed(3)}`);
    }
    // Bar-code areas are dense (bars), the DataMatrix roughly half dark.
    assert.ok(inkFraction(gray, regions.q1Din) > 0.25, 'DIN bars');
    const dm = inkFraction(gray, { x: 0.865, y: 0.485, w: 0.09, h: 0.09 });
    assert.ok(dm > 0.3 && dm < 0.75, `DataMatrix ink ${dm.toFixed(3)}`);
    // RhD negative: the RhD band is printed reversed (black band with white text).
    const band = inkFraction(gray, { x: 0.53, y: 0.245, w: 0.44, h: 0.065 });
    assert.ok(band > 0.6 && band < 0.98, `reversed RhD band ink ${band.toFixed(3)}`);
    // A conforming unit: no biohazard mark beside the expiry bar code.
    assert.ok(inkFraction(gray, BIOHAZARD_AREA) < 0.01, 'no biohazard mark');
    // The quadrant separators are drawn: the 50 mm vertical rule is dark along the top two thirds.
    assert.ok(inkFraction(gray, { x: 0.498, y: 0.02, w: 0.004, h: 0.62 }) > 0.4, 'vertical rule');
    // The Chinese face is embedded (subset), so the printer needs no font of its own.
    if (cjkFontAvailable()) assert.match(pdf.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+NotoSansCJK/);
  });

  it('label verification: match passes; wrong unit, unreleased and expired are blocked with messages [R2]', async () => {
    const a = await releasedUnits('37070219910101131', { abo: 'O', rhd: 'POS' });
    const b = await releasedUnits('37070219910101140', { abo: 'A', rhd: 'POS' });
    const rbcA = a.units.find((u) => u.productId === 'SRBC_MAP');
    const ffpA = a.units.find((u) => u.productId === 'FFP');
    const rbcB = b.units.find((u) => u.productId === 'SRBC_MAP');
    const la = (await lab.get(`/api/labels/units/${rbcA.id}`)).body.content;
    const lb = (await lab.get(`/api/labels/units/${rbcB.id}`)).body.content;
    const lffp = (await lab.get(`/api/labels/units/${ffpA.id}`)).body.content;
    assert.deepEqual((await lab.post(`/api/labels/units/${rbcA.id}/verify`, { din: la.barcodes.din, product: la.barcodes.product })).body, { ok: true, problems: [] });
    const wrongDin = (await lab.post(`/api/labels/units/${rbcA.id}/verify`, { din: lb.barcodes.din, product: la.barcodes.product })).body;
    assert.deepEqual(wrongDin.problems.map((p: any) => p.code), ['DIN_MISMATCH']);
    const wrongProduct = (await lab.post(`/api/labels/units/${rbcA.id}/verify`, { din: la.barcodes.din, product: lffp.barcodes.product })).body;
    assert.deepEqual(wrongProduct.problems.map((p: any) => p.code), ['PRODUCT_MISMATCH']);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    await c.query(`update blood_unit set expires_at = now() - interval '1 minute' where id = $1`, [rbcA.id]);
    await c.end();
    const expired = (await lab.post(`/api/labels/units/${rbcA.id}/verify`, { din: la.barcodes.din, product: la.barcodes.product })).body;
    assert.deepEqual(expired.problems.map((p: any) => p.code), ['EXPIRED']);
    assert.match(expired.problems[0].message, /过期/);

    // Non-conforming (ALT high, never released): verification blocks, print gives the biohazard label.
    const bad = await releasedUnits('37070219910101158', { abo: 'AB', rhd: 'POS' }, 120);
    const rbcBad = bad.units.find((u) => u.productId === 'SRBC_MAP');
    const lbad = (await lab.get(`/api/labels/units/${rbcBad.id}`)).body;
    assert.equal(lbad.content.biohazard, true);
    const unreleased = (await lab.post(`/api/labels/units/${rbcBad.id}/verify`, { din: lbad.content.barcodes.din, product: lbad.content.barcodes.product })).body;
    assert.deepEqual(unreleased.problems.map((p: any) => p.code), ['NOT_RELEASED']);
    const svg = String((await lab.get(`/api/labels/units/${rbcBad.id}/preview.svg`)).body);
    assert.match(svg, /不合格/);
    await screenshotSvg(svg, 'label-biohazard-nonconforming');
    const badPrint = await lab.request('POST', `/api/labels/units/${rbcBad.id}/print`, {});
    assert.equal(badPrint.status, 200);
    if (!pdftoppmSkipReason()) {
      const { gray } = rasterisePdf(badPrint.rawBody, 'label-pdf-biohazard-nonconforming');
      const mark = inkFraction(gray, BIOHAZARD_AREA);
      assert.ok(mark > 0.05, `biohazard mark ink ${mark.toFixed(3)}`);
    }
  });
});
