/**
 * ISO/IEC 7064 MOD 37-2 (GB/T 17710), the check character of the 献血码 / DIN.
 *
 * Pure system, radix 2, modulus 37: characters `0`–`9` are 0–9, `A`–`Z` are 10–35 and the check
 * character may also be `*` (36). Computed recursively left to right, `s = ((s + v) * 2) mod 37`,
 * then `(38 − s) mod 37`; this equals the weighted-sum form of ST-001 Appendix A.
 */
import { validationError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { fieldError } from './result.ts';

/** The 37 characters of MOD 37-2, index = value (`*` = 36 appears only as a check character). */
export const MOD37_2_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';

/** Error codes of this module. */
export type Mod372ErrorCode = 'MOD37_EMPTY' | 'MOD37_INVALID_CHARACTER';

/**
 * Internal: checksum of a string already known to hold only `0-9A-Z`. Exported for the DIN module,
 * not part of the public API.
 *
 * @param data - upper-case alphanumeric characters.
 * @returns Checksum 0–36.
 */
export function checksumOfValidated(data: string): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    s = ((s + MOD37_2_CHARACTERS.indexOf(data.charAt(i))) * 2) % 37;
  }
  return (38 - s) % 37;
}

function invalidInput(data: string): FieldError | null {
  if (data.length === 0) return fieldError('data', 'MOD37_EMPTY', '输入为空', 'input is empty');
  for (let i = 0; i < data.length; i++) {
    const ch = data.charAt(i);
    const v = MOD37_2_CHARACTERS.indexOf(ch);
    if (v < 0 || v > 35) {
      return fieldError(
        'data',
        'MOD37_INVALID_CHARACTER',
        `第 ${i + 1} 位字符「${ch}」非法（仅允许 0-9、A-Z）`,
        `invalid character (only 0-9, A-Z allowed in input): '${ch}' at position ${i + 1}`,
      );
    }
  }
  return null;
}

/**
 * Computes the ISO/IEC 7064 MOD 37-2 checksum value of a string.
 *
 * A primitive for well-formed data (a stored DIN, the output of `formatDin`); to validate what
 * a user typed or scanned use `parseDin` or `decodeDataStructure`, which return errors as values.
 *
 * @param data - the data characters, `0-9A-Z` upper case, any length ≥ 1 (a DIN passes its 13
 *   characters `αppppyynnnnnn`, without `=` and flags).
 * @returns The checksum, 0–36.
 * @throws DomainError `VALIDATION` with `details.errors[0].code` `MOD37_EMPTY` or
 *   `MOD37_INVALID_CHARACTER` (field `data`).
 * @see ISBT 128 ST-001 v6.2.2 Appendix A (A.1 weighted sum, A.3 recursive form)
 * @see GB/T 17710 (ISO/IEC 7064) MOD 37-2
 */
export function computeMod372Checksum(data: string): number {
  const text = typeof data === 'string' ? data : '';
  const error = invalidInput(text);
  if (error !== null) {
    throw validationError([error], { zh: 'MOD 37-2 输入无效', en: 'invalid MOD 37-2 input' });
  }
  return checksumOfValidated(text);
}

/**
 * Computes the keyboard check character K, printed boxed after the 献血码.
 *
 * @param data13 - the data characters; for a DIN the 13 characters `αppppyynnnnnn`. Other lengths are
 *   accepted (generic MOD 37-2).
 * @returns One of `0-9`, `A-Z`, `*` (e.g. `G123417654321` → `A`).
 * @throws DomainError `VALIDATION` (`MOD37_EMPTY`, `MOD37_INVALID_CHARACTER`), as {@link computeMod372Checksum}.
 * @see ISBT 128 ST-001 v6.2.2 Appendix A, Table 35
 * @see WS/T draft 血液标识代码及标签要求 Table 1 (校验码 k)
 */
export function computeCheckCharacter(data13: string): string {
  return MOD37_2_CHARACTERS.charAt(computeMod372Checksum(data13));
}

/**
 * Computes the ISBT 128 Type 3 flag: `60 + checksum`, two digits (`60`–`96`), carried in the DIN
 * flag characters so the 13 characters can be checked from the bar code alone.
 *
 * @param data13 - the 13 DIN characters.
 * @returns The two-digit flag (e.g. `G123417654321` → `70`).
 * @throws DomainError `VALIDATION`, as {@link computeMod372Checksum}.
 * @see ISBT 128 ST-001 v6.2.2 Table 3 [RT004] (Type 3 flags), Appendix A
 */
export function computeType3Flag(data13: string): string {
  return String(60 + computeMod372Checksum(data13));
}

/**
 * Whether a string ends with its correct MOD 37-2 check character (pure-system verification).
 * Never throws: anything malformed is simply not valid.
 *
 * @param dataWithCheck - data characters followed by the check character.
 * @returns `true` when the last character is the check character of the rest.
 * @see GB/T 17710 (ISO/IEC 7064) MOD 37-2
 */
export function isValidMod372(dataWithCheck: string): boolean {
  if (typeof dataWithCheck !== 'string' || dataWithCheck.length < 2) return false;
  const data = dataWithCheck.slice(0, -1);
  return invalidInput(data) === null && MOD37_2_CHARACTERS.charAt(checksumOfValidated(data)) === dataWithCheck.slice(-1);
}
