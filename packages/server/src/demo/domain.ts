/**
 * The domain rules the demo generator uses, imported in one place: product catalogue (codes, shelf lives,
 * quantities), DIN check character (ISO 7064 MOD 37-2), resident-ID check digit (GB 11643-1999) and the
 * test conclusion (综合判定). The demo never re-implements a rule the domain owns.
 */
import { computeExpiry, getProduct, quantityFor } from '@redbridge/domain/components';
import type { ProductDefinition } from '@redbridge/domain/components';
import { computeCheckCharacter } from '@redbridge/domain/isbt128';
import { computeResidentIdCheckDigit } from '@redbridge/domain/id-card';
import { concludeTests } from '@redbridge/domain/lifecycle';
import type { DonationTestResults, TestConclusion } from '@redbridge/domain/lifecycle';

export type { DonationTestResults, ProductDefinition, TestConclusion };
export { computeExpiry, computeResidentIdCheckDigit, concludeTests, getProduct, quantityFor };

/** The keyboard check character K of a 13-character DIN. */
export function dinCheckCharacter(din13: string): string {
  return computeCheckCharacter(din13);
}
