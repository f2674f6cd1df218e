/**
 * 献血码 / DIN handling for the server: allocation of the next serial, parsing what users type or scan,
 * and display forms. The rules (structure, MOD 37-2 check character) are the domain's
 * (`@redbridge/domain/isbt128`; ISBT 128 ST-001 §2.4.1, Appendix A; WS/T draft 血液标识代码及标签要求 Table 1).
 */
import { sql } from 'drizzle-orm';
import { computeCheckCharacter } from '@redbridge/domain/isbt128';
import type { DbOrTx } from '../../db/client.ts';
import { AppError, bilingual } from '../../lib/problem.ts';
import { shanghaiYear } from '../../lib/time.ts';

/**
 * Claims the next DIN serial for a station and year. `INSERT … ON CONFLICT DO UPDATE … RETURNING` takes a
 * row lock, so concurrent collections never share a serial (PostgreSQL 15 and PGlite alike).
 * @returns the 13 data characters `ppppp yy nnnnnn`.
 */
export async function nextDin(tx: DbOrTx, stationId: number, stationCode: string, at: Date): Promise<string> {
  const year = shanghaiYear(at) % 100;
  const result = await tx.execute<{ serial: number }>(sql`
    insert into din_sequence (station_id, year, next_serial) values (${stationId}, ${year}, 2)
    on conflict (station_id, year) do update set next_serial = din_sequence.next_serial + 1
    returning next_serial - 1 as serial`);
  const serial = Number(result.rows[0].serial);
  if (serial > 999_999) throw new AppError(409, 'CONFLICT', bilingual('本年度献血码序号已用完', 'DIN serials for this year are exhausted'));
  return `${stationCode}${String(year).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

/** Display forms of a stored DIN (13 data characters). */
export function presentDin(din: string): { din: string; dinCheck: string; dinDisplay: string } {
  const check = computeCheckCharacter(din);
  return { din, dinCheck: check, dinDisplay: `${din.slice(0, 5)} ${din.slice(5, 7)} ${din.slice(7)} ${check}` };
}

/**
 * Normalises typed or scanned DIN input to the 13 data characters. Accepts `=`-prefixed scans with flags,
 * spaces, 13 characters, or 14 with the check character (verified).
 * @returns the 13 data characters, or null when the text is not DIN-shaped.
 * @throws AppError `DIN_CHECK_CHAR_MISMATCH` (400, pointer `/din`) when a check character is given and wrong
 *   and `throwOnMismatch` is set.
 */
export function parseDinInput(text: string, opts: { requireCheck: boolean; throwOnMismatch?: boolean }): string | null {
  let s = text.trim().toUpperCase().replace(/\s+/g, '');
  if (s.startsWith('=')) s = s.slice(1);
  // Scanned data structure 001 carries 13 data characters + 2 flag characters.
  if (/^[A-Z0-9]{15}$/.test(s) && text.trim().startsWith('=')) s = s.slice(0, 13);
  if (/^[A-Z0-9]{13}$/.test(s)) {
    if (opts.requireCheck) return null;
    return s;
  }
  if (/^[A-Z0-9]{13}[A-Z0-9*]$/.test(s)) {
    const data = s.slice(0, 13);
    if (computeCheckCharacter(data) !== s[13]) {
      if (opts.throwOnMismatch !== false) {
        throw new AppError(400, 'DIN_CHECK_CHAR_MISMATCH', bilingual('献血码校验位错误', 'DIN check character mismatch'), [
          { pointer: '/din', code: 'DIN_CHECK_CHAR_MISMATCH', message: bilingual(`校验位应为 ${computeCheckCharacter(data)}`, `check character should be ${computeCheckCharacter(data)}`) },
        ]);
      }
      return null;
    }
    return data;
  }
  return null;
}
