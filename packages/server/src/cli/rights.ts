/**
 * Donor-rights validation commands: `benefits entitlement --json <file>` (blood-fee exemption, R67) and
 * `awards evaluate --json <file>` (national donor awards, 2022 measures). Pure domain rules behind a
 * JSON-printing shell interface. Exit code 0 = evaluated, 1 = invalid input (field errors printed as JSON), 2 = unreadable file.
 */
import fs from 'node:fs';
import { evaluateEntitlement } from '@redbridge/domain/benefits';
import { evaluateAward, volunteerAward } from '@redbridge/domain/awards';
import { isDomainError } from '@redbridge/domain/errors';

const out = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`无法读取 JSON 文件 / cannot read JSON file ${file}: ${(err as Error).message}\n`);
    return undefined;
  }
}

function run(file: string, evaluate: (input: never) => unknown): number {
  const input = readJson(file);
  if (input === undefined) return 2;
  try {
    out(evaluate(input as never));
    return 0;
  } catch (err) {
    if (isDomainError(err, 'VALIDATION')) {
      out({ error: err.code, message: err.message, errors: err.details.errors ?? [] });
      return 1;
    }
    throw err;
  }
}

/** Prints `{"unlimited","entitledMl","remainingMl","rule","reasons"}`. */
export function benefitsEntitlementCommand(file: string): number {
  return run(file, (input) => {
    const r = evaluateEntitlement(input);
    return { unlimited: r.unlimited, entitledMl: r.entitledMl, remainingMl: r.remainingMl, rule: r.rule, reasons: r.reasons };
  });
}

/**
 * Prints `{"award","count","reasons"}` (plus `totalCount`). With an optional `"volunteer":{"hours","years"}` in the
 * input it also prints the volunteer service award `"volunteer":{"stars","lifetime"}` (1★ 100 h … 5★ 1500 h).
 */
export function awardsEvaluateCommand(file: string): number {
  return run(file, (input: { volunteer?: { hours: number; years: number } }) => {
    const r = evaluateAward(input as never);
    const volunteer = input.volunteer ? volunteerAward(Number(input.volunteer.hours), Number(input.volunteer.years ?? 0)) : undefined;
    return { award: r.award, count: r.count, totalCount: r.totalCount, reasons: r.reasons, ...(volunteer ? { volunteer } : {}) };
  });
}
