/**
 * PDF rasterising for tests: Debian's `pdftoppm` (package poppler-utils) turns a PDF page into a PNG under
 * test-output/screenshots/ (to look at) and into a greyscale PGM (to measure ink per region in assertions).
 *
 * ```ts
 * it('label PDF', { skip: pdftoppmSkipReason() ?? false }, async () => {
 *   const { png, gray } = rasterisePdf(pdfBuffer, 'label-pdf-rh-negative', 300);
 *   assert.ok(inkFraction(gray, { x: 0, y: 0, w: 0.5, h: 0.33 }) > 0.02);
 * });
 * ```
 *
 * `RB_PDFTOPPM` (default /usr/bin/pdftoppm) chooses the binary; scripts/test.mjs installs poppler-utils when missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenshotPath } from './browser.ts';

export function pdftoppmPath(): string {
  return process.env.RB_PDFTOPPM ?? '/usr/bin/pdftoppm';
}

const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Null when pdftoppm can run here; otherwise a reason to skip PDF rasterising tests (for `it(…, { skip })`).
 * With CI=true a missing pdftoppm throws instead (same rule as Chromium): these tests must not be skipped in CI.
 */
export function pdftoppmSkipReason(): string | null {
  if (fs.existsSync(pdftoppmPath())) return null;
  const reason = `pdftoppm not found at ${pdftoppmPath()} (apt-get install poppler-utils, or set RB_PDFTOPPM)`;
  if (isCI()) throw new Error(`CI=true: ${reason}`);
  return reason;
}

/** An 8-bit greyscale raster: `pixels[y * width + x]`, 0 = black, 255 = white. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Parses a binary PGM (P5, maxval 255) as written by `pdftoppm -gray`. */
export function parsePgm(buf: Buffer): GrayImage {
  const header: string[] = [];
  let i = 0;
  while (header.length < 4) {
    while (i < buf.length && /\s/.test(String.fromCharCode(buf[i]!))) i++;
    if (buf[i] === 0x23) { while (i < buf.length && buf[i] !== 0x0a) i++; continue; } // comment
    let token = '';
    while (i < buf.length && !/\s/.test(String.fromCharCode(buf[i]!))) token += String.fromCharCode(buf[i++]!);
    header.push(token);
  }
  i++; // the single whitespace after maxval
  const [magic, w, h, max] = header;
  if (magic !== 'P5' || max !== '255') throw new Error(`unsupported PGM header ${header.join(' ')}`);
  const width = Number(w);
  const height = Number(h);
  const pixels = new Uint8Array(buf.subarray(i, i + width * height));
  if (pixels.length !== width * height) throw new Error(`PGM truncated: ${pixels.length} of ${width * height} pixels`);
  return { width, height, pixels };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  if (buf.subarray(1, 4).toString('latin1') !== 'PNG' || buf.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Fraction of dark pixels (value < 128) in a region given as fractions of the page (0–1 for x, y, w, h).
 */
export function inkFraction(img: GrayImage, r: { x: number; y: number; w: number; h: number }): number {
  const x0 = Math.round(r.x * img.width);
  const y0 = Math.round(r.y * img.height);
  const x1 = Math.round((r.x + r.w) * img.width);
  const y1 = Math.round((r.y + r.h) * img.height);
  let dark = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.pixels[y * img.width + x]! < 128) dark++;
  return dark / Math.max(1, (x1 - x0) * (y1 - y0));
}

/**
 * Rasterises page 1 of a PDF at `dpi` into test-output/screenshots/<name>.png and returns that path with the page as
 * greyscale pixels. Throws with pdftoppm's stderr when it fails (e.g. a malformed PDF).
 */
export function rasterisePdf(pdf: Buffer, name: string, dpi = 300): { png: string; gray: GrayImage } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-pdf-'));
  try {
    const input = path.join(dir, 'in.pdf');
    fs.writeFileSync(input, pdf);
    const run = (args: string[]) => {
      const result = spawnSync(pdftoppmPath(), ['-f', '1', '-l', '1', '-r', String(dpi), '-singlefile', ...args], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`pdftoppm ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
      if (result.stderr.trim()) throw new Error(`pdftoppm reported problems with the PDF: ${result.stderr.trim()}`);
    };
    const png = screenshotPath(name);
    run(['-png', input, png.replace(/\.png$/, '')]);
    run(['-gray', input, path.join(dir, 'page')]);
    return { png, gray: parsePgm(fs.readFileSync(path.join(dir, 'page.pgm'))) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
