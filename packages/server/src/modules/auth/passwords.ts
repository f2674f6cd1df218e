/**
 * Password hashing with argon2id. Parameters: OWASP Password Storage Cheat Sheet, argon2id option
 * "m=19456 (19 MiB), t=2, p=1" — chosen over the library default (64 MiB, t=3, p=4) so that a burst of
 * concurrent sign-ins stays within the API server's memory budget (docs/benchmarks.md). Existing hashes with
 * other parameters still verify: argon2 stores the parameters in the hash.
 *
 * At most `RB_PASSWORD_HASH_CONCURRENCY` (default 2) hashes or verifications run at once; further sign-ins wait
 * their turn (≈ 50 ms each), so a burst of sign-ins holds 2 × 19 MiB, not n × 19 MiB.
 */
import argon2 from 'argon2';
import pLimit from 'p-limit';

/**
 * `RB_PASSWORD_HASH_CONCURRENCY` as a whole number ≥ 1 (default 2).
 * @throws Error naming the variable and the value when it is set to anything else
 */
export function hashConcurrency(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`RB_PASSWORD_HASH_CONCURRENCY must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
}

const limit = pLimit(hashConcurrency(process.env.RB_PASSWORD_HASH_CONCURRENCY));

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return limit(() => argon2.hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await limit(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
}
