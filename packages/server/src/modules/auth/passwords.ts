/**
 * Password hashing with argon2id. Parameters: OWASP Password Storage Cheat Sheet, argon2id option
 * "m=19456 (19 MiB), t=2, p=1" — chosen over the library default (64 MiB, t=3, p=4) so that a burst of
 * concurrent sign-ins stays within the API server's memory budget (docs/benchmarks.md). Existing hashes with
 * other parameters still verify: argon2 stores the parameters in the hash.
 */
import argon2 from 'argon2';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
