/**
 * `redbridge eligibility assess --json <file>`: GB 18467-2011 donor eligibility from the shell (validation record, R12).
 * Reads the issue #3 input shape, prints the decision JSON. Exit 0 eligible, 1 not eligible, 2 bad input.
 */
import fs from 'node:fs';
import { assessEligibility, ELIGIBILITY_REGISTRY, type EligibilityInput } from '@redbridge/domain/eligibility';
import { isDomainError } from '@redbridge/domain/errors';

export function eligibilityAssessCommand(file: string): number {
  let input: EligibilityInput;
  try {
    input = JSON.parse(file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8')) as EligibilityInput;
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: 'INPUT', message: `无法读取 JSON / cannot read JSON: ${(err as Error).message}` }) + '\n');
    return 2;
  }
  try {
    const on = typeof input?.date === 'string' ? new Date(`${input.date}T12:00:00+08:00`) : new Date(Number.NaN);
    const ruleSet = ELIGIBILITY_REGISTRY.find(on) ?? ELIGIBILITY_REGISTRY.sets[0];
    const decision = assessEligibility(input, ruleSet);
    process.stdout.write(JSON.stringify(decision, null, 2) + '\n');
    return decision.eligible ? 0 : 1;
  } catch (err) {
    if (isDomainError(err)) {
      process.stdout.write(JSON.stringify({ error: err.code, message: err.message, errors: err.details.errors ?? [] }, null, 2) + '\n');
      return 2;
    }
    throw err;
  }
}
