/** Validation commands: pure domain rules behind a JSON-printing shell interface. Exit code 0 = valid. */
import { computeCheckCharacter, decodeDataStructure } from '@redbridge/domain/isbt128';
import { checkResidentId } from '@redbridge/domain/id-card';

const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');

export function checkCharacterCommand(data13: string): number {
  try {
    process.stdout.write(computeCheckCharacter(data13.trim().toUpperCase()) + '\n');
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
}

export function decodeLabelCommand(scanned: string): number {
  const result = decodeDataStructure(scanned);
  out(result);
  return result.valid ? 0 : 1;
}

export function idCardCheckCommand(n: string): number {
  const r = checkResidentId(n);
  out({ valid: r.valid, birthDate: r.birthDate, sex: r.sex, errors: r.errors });
  return r.valid ? 0 : 1;
}
