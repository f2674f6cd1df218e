/**
 * `redbridge recruit score --input <csv>`: reads `recency_months,frequency,volume_ml,first_donation_months`
 * (header required, extra columns kept) and writes the same rows plus `probability` (0–1, 4 decimals) to stdout.
 * Exit 2 with a bilingual message naming the line and column on bad input (nothing written to stdout).
 */
import fs from 'node:fs';
import { RETURN_MODEL_SYNTHETIC_2026, rawProbability, validateRfmt } from '@redbridge/domain/recruitment';

const REQUIRED = ['recency_months', 'frequency', 'volume_ml', 'first_donation_months'] as const;

export function recruitScoreCommand(file: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    process.stderr.write(`无法读取文件 / cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) { process.stderr.write('空文件 / empty file\n'); return 2; }
  const header = lines[0].split(',').map((h) => h.trim());
  const col = Object.fromEntries(REQUIRED.map((c) => [c, header.indexOf(c)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((c) => col[c] < 0);
  if (missing.length > 0) { process.stderr.write(`缺少列 / missing columns: ${missing.join(', ')}\n`); return 2; }
  const out: string[] = [[...header, 'probability'].join(',')];
  const errors: string[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const num = (c: (typeof REQUIRED)[number]) => (cells[col[c]] === undefined || cells[col[c]] === '' ? Number.NaN : Number(cells[col[c]]));
    const f = { recencyMonths: num('recency_months'), frequency: num('frequency'), volumeMl: num('volume_ml'), firstDonationMonths: num('first_donation_months') };
    const errs = validateRfmt(f, `line ${i + 2}: `);
    if (errs.length > 0) { errors.push(...errs.map((e) => `${e.field} ${e.message}`)); return; }
    out.push([...cells, rawProbability(f, RETURN_MODEL_SYNTHETIC_2026.data).toFixed(4)].join(','));
  });
  if (errors.length > 0) { process.stderr.write(errors.join('\n') + '\n'); return 2; }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
