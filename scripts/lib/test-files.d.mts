// Types for test-files.mjs.

export type TestTier = 'unit' | 'int' | 'e2e';
export function testTier(file: string): TestTier;
/** All `*.test.ts` files under packages/*\/src, packages/*\/test, scripts/ and e2e/ (relative, forward slashes, sorted). */
export function collectTestFiles(repoRoot: string): string[];
