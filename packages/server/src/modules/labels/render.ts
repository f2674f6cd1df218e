/**
 * Label rendering (血液标签) per the draft 《血液标识代码及标签要求》: 100 × 100 mm, layout 「土」 (four quadrants in the
 * top two thirds, precautions in the bottom third), Code 128 bar codes with human-readable text and a DataMatrix of the
 * composite message (bwip-js), Rh-negative emphasis (ABO hollow, RhD reversed), biohazard mark on non-conforming
 * units. Output as SVG (screen, preview) and PDF (printer; pdfkit with the Noto CJK font when installed).
 */
import fs from 'node:fs';
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import type { LabelContent } from '@redbridge/domain/labels';

/** Debian's Noto CJK collection (fonts-noto-cjk) and the face used from it. */
export const CJK_FONT_PATH = process.env.RB_CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const CJK_FACE = 'NotoSansCJKsc-Regular';
/** The bold face from the sibling collection (same package); regular is used when it is absent. */
const CJK_BOLD_PATH = CJK_FONT_PATH.replace(/-Regular\.ttc$/, '-Bold.ttc');
const CJK_BOLD_FACE = 'NotoSansCJKsc-Bold';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Code 128 (or DataMatrix) as an SVG element placed at x, y (mm) within w × h (mm). */
function placedBarcode(bcid: 'code128' | 'datamatrix', data: string, x: number, y: number, w: number, h: number, text: boolean): string {
  const svg = bwipjs.toSVG({
    bcid, text: data, scale: 2, ...(bcid === 'code128' ? { height: 8, includetext: text, textxalign: 'center', textsize: 11 } : {}),
  } as Parameters<typeof bwipjs.toSVG>[0]);
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace('<svg ', `<svg x="${x}" y="${y}" width="${w}" height="${h}" preserveAspectRatio="xMidYMid meet" `);
}

/** The raw bwip-js SVG of a bar code (to compare the printed bars with a re-encoding in tests). */
export function barcodeSvg(bcid: 'code128' | 'datamatrix', data: string): string {
  return placedBarcode(bcid, data, 0, 0, 1, 1, false);
}

function biohazardSvg(cx: number, cy: number, r: number): string {
  const lobes = [0, 120, 240].map((deg) => {
    const a = (deg - 90) * Math.PI / 180;
    return `<circle cx="${(cx + Math.cos(a) * r * 0.45).toFixed(2)}" cy="${(cy + Math.sin(a) * r * 0.45).toFixed(2)}" r="${(r * 0.42).toFixed(2)}" fill="none" stroke="#c00" stroke-width="${(r * 0.16).toFixed(2)}"/>`;
  }).join('');
  return `<g>${lobes}<circle cx="${cx}" cy="${cy}" r="${(r * 0.2).toFixed(2)}" fill="#c00"/></g>`;
}

/**
 * Renders a label as a standalone SVG (viewBox in millimetres).
 */
export function renderLabelSvg(c: LabelContent): string {
  const font = `font-family="'Noto Sans CJK SC','Noto Sans SC','WenQuanYi Micro Hei',sans-serif"`;
  const t = (x: number, y: number, size: number, s: string, extra = '') => `<text x="${x}" y="${y}" font-size="${size}" ${font} ${extra}>${esc(s)}</text>`;
  const parts: string[] = [];
  parts.push(`<rect x="0.3" y="0.3" width="99.4" height="99.4" fill="#fff" stroke="#000" stroke-width="0.6"/>`);
  parts.push(`<line x1="50" y1="0" x2="50" y2="66" stroke="#000" stroke-width="0.3"/><line x1="0" y1="33" x2="100" y2="33" stroke="#000" stroke-width="0.3"/><line x1="0" y1="66" x2="100" y2="66" stroke="#000" stroke-width="0.4"/>`);
  // Q1: 献血码 (segmented text, flag rotated, check character boxed), station name and licence number.
  parts.push(t(2, 4.5, 2.6, '献血码 DIN'));
  parts.push(placedBarcode('code128', c.barcodes.din, 2, 5.5, 46, 11, false));
  const d = c.dinText;
  parts.push(t(4, 21.5, 3.2, d.station) + t(14.5, 21.5, 3.2, d.year) + t(20, 21.8, 4.6, d.serial, 'font-weight="bold"'));
  parts.push(`<text transform="translate(39.4 22) rotate(-90)" font-size="2.4" ${font}>${esc(d.flag)}</text>`);
  parts.push(`<rect x="41" y="18.2" width="4.2" height="4.4" fill="none" stroke="#000" stroke-width="0.3"/>` + t(42, 21.8, 3.4, d.check));
  parts.push(t(2, 27.2, 3, c.station.name, 'font-weight="bold"'));
  parts.push(t(2, 31, 2.3, `许可证号 ${c.station.licenceNumber}`));
  // Q2: blood group.
  parts.push(t(52, 4.5, 2.6, '血型 Blood group'));
  if (c.barcodes.bloodGroup) parts.push(placedBarcode('code128', c.barcodes.bloodGroup, 52, 5.5, 22, 9, true));
  if (c.aboText) {
    const abo = c.aboText.replace('型', '');
    parts.push(c.rhNegative
      ? t(76, 21, 15, abo, 'font-weight="bold" fill="none" stroke="#000" stroke-width="0.5"')
      : t(76, 21, 15, abo, 'font-weight="bold"'));
    parts.push(t(52, 21, 4, `${c.aboText}`));
  } else {
    parts.push(t(56, 21, 4, '血型未定 / not determined', 'fill="#c00"'));
  }
  if (c.rhdText) {
    parts.push(c.rhNegative
      ? `<rect x="52" y="24" width="46" height="7.5" fill="#000"/>${t(56, 29.8, 5, c.rhdText, 'fill="#fff" font-weight="bold"')}`
      : t(56, 29.8, 4.2, c.rhdText));
  }
  // Q3: product code, name, storage, volume.
  parts.push(t(2, 37.5, 2.6, '产品码 Product'));
  parts.push(placedBarcode('code128', c.barcodes.product, 2, 38.5, 30, 9.5, true));
  parts.push(t(2, 52.5, 3.8, c.productNameZh, 'font-weight="bold"'));
  parts.push(t(2, 56.5, 2.4, c.productNameEn));
  parts.push(t(2, 60.5, 2.6, `血量 ${c.volumeText}`));
  parts.push(t(2, 64.2, 2.6, c.storageZh));
  // Q4: expiry, times, 2D code, biohazard.
  parts.push(t(52, 37.5, 2.6, '失效时间 Expiry'));
  parts.push(placedBarcode('code128', c.barcodes.expiry, 52, 38.5, 30, 9.5, true));
  parts.push(t(52, 52.5, 3.4, c.expiresText, 'font-weight="bold"'));
  parts.push(t(52, 56.5, 2.3, `采血 ${c.collectedText}`));
  parts.push(t(52, 60, 2.3, `制备 ${c.preparedText}`));
  parts.push(placedBarcode('datamatrix', c.barcodes.composite, 84, 46.5, 14, 14, false));
  parts.push(t(84, 63.2, 1.7, `${d.station}${d.year}${d.serial}`) + t(84, 65.3, 1.7, c.productCode));
  if (c.biohazard) {
    parts.push(biohazardSvg(91.5, 42, 4.6) + t(84, 36.3, 2.4, '不合格', 'fill="#c00" font-weight="bold"'));
  }
  // Bottom: precautions.
  parts.push(t(2, 71, 2.8, '注意事项 Precautions', 'font-weight="bold"'));
  c.precautionsZh.forEach((p, i) => parts.push(t(2, 76 + i * 4.5, 2.6, `${i + 1}. ${p}`)));
  parts.push(t(2, 97, 2.2, `${c.station.name} · ${c.productCode} · 本标签由计算机系统生成`));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100mm" height="100mm">${parts.join('')}</svg>`;
}

/** Whether the CJK font is installed (PDF falls back to English-only text without it). */
export function cjkFontAvailable(): boolean {
  return fs.existsSync(CJK_FONT_PATH);
}

/**
 * Renders a label as a one-page PDF (100 × 100 mm). Chinese text needs the Noto CJK font; without it the PDF uses
 * Helvetica with the English texts only (the bar codes are unaffected) and `fontFallback` is true.
 */
export async function renderLabelPdf(c: LabelContent): Promise<{ pdf: Buffer; fontFallback: boolean }> {
  const mm = 72 / 25.4;
  const doc = new PDFDocument({ size: [100 * mm, 100 * mm], margin: 0, info: { Title: `血液标签 ${c.dinText.station}${c.dinText.year}${c.dinText.serial}`, Producer: 'RedBridge' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const cjk = cjkFontAvailable();
  if (cjk) doc.registerFont('cjk', CJK_FONT_PATH, CJK_FACE);
  const cjkBold = cjk && CJK_BOLD_PATH !== CJK_FONT_PATH && fs.existsSync(CJK_BOLD_PATH);
  if (cjkBold) doc.registerFont('cjk-bold', CJK_BOLD_PATH, CJK_BOLD_FACE);
  const face = cjk ? 'cjk' : 'Helvetica';
  const boldFace = cjkBold ? 'cjk-bold' : cjk ? 'cjk' : 'Helvetica-Bold';
  const txt = (zh: string, en: string) => (cjk ? zh : en);
  // Same geometry as the SVG: x, y (mm) is the start of the baseline, size (mm) the em size.
  const text = (s: string, x: number, y: number, size: number, opts: PDFKit.Mixins.TextOptions & { bold?: boolean } = {}) => {
    const { bold, ...rest } = opts;
    doc.font(bold ? boldFace : face).fontSize(size * mm).text(s, x * mm, y * mm, { lineBreak: false, baseline: 'alphabetic', ...rest });
  };
  const png = async (bcid: string, data: string, includetext: boolean) => bwipjs.toBuffer({ bcid, text: data, scale: 4, ...(bcid === 'code128' ? { height: 8, includetext, textxalign: 'center' } : {}) } as Parameters<typeof bwipjs.toBuffer>[0]);
  const image = async (bcid: string, data: string, x: number, y: number, w: number, h: number, includetext: boolean) => {
    doc.image(await png(bcid, data, includetext), x * mm, y * mm, { fit: [w * mm, h * mm], align: 'center', valign: 'center' });
  };
  // Line widths in mm, as in the SVG.
  doc.lineWidth(0.6 * mm).rect(0.3 * mm, 0.3 * mm, 99.4 * mm, 99.4 * mm).stroke();
  doc.lineWidth(0.3 * mm).moveTo(50 * mm, 0).lineTo(50 * mm, 66 * mm).stroke().moveTo(0, 33 * mm).lineTo(100 * mm, 33 * mm).stroke();
  doc.lineWidth(0.4 * mm).moveTo(0, 66 * mm).lineTo(100 * mm, 66 * mm).stroke();
  const d = c.dinText;
  // Q1
  text(txt('献血码 DIN', 'DIN'), 2, 4.5, 2.6);
  await image('code128', c.barcodes.din, 2, 5.5, 46, 11, false);
  text(d.station, 4, 21.5, 3.2);
  text(d.year, 14.5, 21.5, 3.2);
  text(d.serial, 20, 21.8, 4.6, { bold: true });
  doc.save().rotate(-90, { origin: [39.4 * mm, 22 * mm] });
  text(d.flag, 39.4, 22, 2.4);
  doc.restore();
  doc.lineWidth(0.3 * mm).rect(41 * mm, 18.2 * mm, 4.2 * mm, 4.4 * mm).stroke();
  text(d.check, 42, 21.8, 3.4);
  text(txt(c.station.name, 'Blood station'), 2, 27.2, 3, { bold: true });
  text(txt(`许可证号 ${c.station.licenceNumber}`, 'Licence on file'), 2, 31, 2.3);
  // Q2
  text(txt('血型 Blood group', 'Blood group'), 52, 4.5, 2.6);
  if (c.barcodes.bloodGroup) await image('code128', c.barcodes.bloodGroup, 52, 5.5, 22, 9, true);
  if (c.aboText) {
    const abo = c.aboText.replace('型', '');
    // RhD negative: the ABO letter hollow (outline only).
    if (c.rhNegative) doc.lineWidth(0.5 * mm);
    text(abo, 76, 21, 15, { bold: true, stroke: c.rhNegative, fill: !c.rhNegative });
    text(txt(c.aboText, `Group ${abo}`), 52, 21, 4);
  } else {
    doc.fillColor('#c00');
    text(txt('血型未定 / not determined', 'Group not determined'), 56, 21, 4);
    doc.fillColor('#000');
  }
  if (c.rhdText) {
    const rh = txt(c.rhdText, c.rhNegative ? 'RhD NEG' : 'RhD POS');
    if (c.rhNegative) {
      doc.rect(52 * mm, 24 * mm, 46 * mm, 7.5 * mm).fill('#000');
      doc.fillColor('#fff');
      text(rh, 56, 29.8, 5, { bold: true });
      doc.fillColor('#000');
    } else text(rh, 56, 29.8, 4.2);
  }
  // Q3
  text(txt('产品码 Product', 'Product'), 2, 37.5, 2.6);
  await image('code128', c.barcodes.product, 2, 38.5, 30, 9.5, true);
  text(txt(c.productNameZh, c.productNameEn), 2, 52.5, 3.8, { bold: true });
  if (cjk) text(c.productNameEn, 2, 56.5, 2.4);
  text(txt(`血量 ${c.volumeText}`, c.volumeText.replace('治疗量', 'dose')), 2, 60.5, 2.6);
  text(txt(c.storageZh, c.storageZh.replace(/[^\x20-\x7e°≤–−]/g, '')), 2, 64.2, 2.6);
  // Q4
  text(txt('失效时间 Expiry', 'Expiry'), 52, 37.5, 2.6);
  await image('code128', c.barcodes.expiry, 52, 38.5, 30, 9.5, true);
  text(c.expiresText, 52, 52.5, 3.4, { bold: true });
  text(`${txt('采血', 'Collected')} ${c.collectedText}`, 52, 56.5, 2.3);
  text(`${txt('制备', 'Prepared')} ${c.preparedText}`, 52, 60, 2.3);
  await image('datamatrix', c.barcodes.composite, 84, 46.5, 14, 14, false);
  text(`${d.station}${d.year}${d.serial}`, 84, 63.2, 1.7);
  text(c.productCode, 84, 65.3, 1.7);
  if (c.biohazard) {
    doc.lineWidth(0.74 * mm).strokeColor('#c00');
    for (const deg of [0, 120, 240]) {
      const a = (deg - 90) * Math.PI / 180;
      doc.circle((91.5 + Math.cos(a) * 2.1) * mm, (42 + Math.sin(a) * 2.1) * mm, 1.9 * mm).stroke();
    }
    doc.circle(91.5 * mm, 42 * mm, 0.9 * mm).fill('#c00');
    doc.strokeColor('#000').fillColor('#c00');
    text(txt('不合格', 'NON-CONF.'), 84, 36.3, 2.4, { bold: true });
    doc.fillColor('#000');
  }
  // Bottom
  text(txt('注意事项 Precautions', 'Precautions'), 2, 71, 2.8, { bold: true });
  const en = c.biohazard ? ['Non-conforming blood: never for clinical use', 'Dispose of as medical waste'] : ['Check recipient and donor groups and crossmatch before transfusion', 'Do not use if the bag leaks, is haemolysed, clotted or expired', 'Tested to national standards; a very small residual risk remains'];
  c.precautionsZh.forEach((p, i) => text(`${i + 1}. ${txt(p, en[i] ?? '')}`, 2, 76 + i * 4.5, 2.6));
  text(`${txt(c.station.name, 'RedBridge')} · ${c.productCode} · ${txt('本标签由计算机系统生成', 'computer-generated label')}`, 2, 97, 2.2);
  doc.end();
  return { pdf: await done, fontFallback: !cjk };
}
