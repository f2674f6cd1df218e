import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, screenshotPath } from './browser.ts';

const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head><meta charset="utf-8"><title>血站信息管理系统</title>
    <style>body { font-family: sans-serif; margin: 24px; } h1 { font-size: 32px; } td { padding: 4px 12px; border: 1px solid #ccc; }</style>
  </head>
  <body>
    <h1 id="title">红桥血站信息管理系统</h1>
    <p id="subtitle">献血码 =α37071 25 000123 00 · 悬浮红细胞 · A 型 RhD 阳性</p>
    <table>
      <tr><th>血液成分</th><th>库存 (U)</th></tr>
      <tr><td>悬浮红细胞</td><td>120</td></tr>
      <tr><td>单采血小板</td><td>8</td></tr>
      <tr><td>新鲜冰冻血浆</td><td>95</td></tr>
    </table>
  </body>
</html>`;

describe('browser harness: headless Chromium renders Chinese', { skip: chromiumSkipReason() ?? false }, () => {
  let browser: Browser;

  before(async () => {
    const started = performance.now();
    browser = await launchBrowser();
    console.log(`chromium ${browser.version()} launched in ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the Chinese text of an inline page and saves a screenshot', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 800, height: 400 } });
    try {
      await page.setContent(PAGE);
      assert.equal(await page.title(), '血站信息管理系统');
      assert.equal(await page.locator('#title').textContent(), '红桥血站信息管理系统');
      assert.deepEqual(await page.locator('td:first-child').allTextContents(), ['悬浮红细胞', '单采血小板', '新鲜冰冻血浆']);

      // Glyph check without a human: without a CJK font every Chinese character renders as the same box (or as
      // nothing), so two different characters drawn on a canvas give identical pixels.
      // (A string expression: the root tsconfig has no DOM types.)
      const glyphs = (await page.evaluate(`['血', '站'].map((text) => {
        const canvas = document.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const context = canvas.getContext('2d');
        context.font = '40px sans-serif';
        context.fillText(text, 4, 40);
        const alpha = Array.from(context.getImageData(0, 0, 48, 48).data).filter((_, i) => i % 4 === 3);
        return { inked: alpha.filter((a) => a > 0).length, signature: alpha.join(',') };
      })`)) as Array<{ inked: number; signature: string }>;
      assert.ok(glyphs[0].inked > 50 && glyphs[1].inked > 50, 'Chinese glyphs should draw ink');
      assert.notEqual(glyphs[0].signature, glyphs[1].signature, '血 and 站 render identically: CJK font missing (fonts-noto-cjk)?');

      const file = screenshotPath('harness-chromium-zh');
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 5_000, 'screenshot should not be empty');
    } finally {
      await page.close();
    }
  });
});
