/**
 * Chinese resident identity numbers (GB 11643-1999): validation, birth date and sex, masking.
 */
export { checkResidentId, computeResidentIdCheckDigit, maskResidentId, PROVINCE_CODES } from './resident-id.ts';
export type { ResidentIdCheck, ResidentIdErrorCode } from './resident-id.ts';
