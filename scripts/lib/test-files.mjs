// Finding test files (plain Node ESM; shared by scripts/test.mjs and scripts/traceability.ts).
//
// Node 20 has no glob support in `node --test`, so the file list is built here: every `*.test.ts` under
// packages/*/src, packages/*/test, scripts/ and e2e/, skipping node_modules and dist.

import fs from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-output']);

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, out);
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      out.push(full);
    }
  }
}

/**
 * Test tier of a file: `e2e` for *.e2e.test.ts, `int` for *.int.test.ts, else `unit`.
 * @param {string} file
 * @returns {'unit' | 'int' | 'e2e'}
 */
export function testTier(file) {
  if (file.endsWith('.e2e.test.ts')) return 'e2e';
  if (file.endsWith('.int.test.ts')) return 'int';
  return 'unit';
}

/**
 * All test files, as paths relative to the repository root with forward slashes, sorted.
 * @param {string} repoRoot
 * @returns {string[]}
 */
export function collectTestFiles(repoRoot) {
  const roots = [path.join(repoRoot, 'scripts'), path.join(repoRoot, 'e2e')];
  const packagesDir = path.join(repoRoot, 'packages');
  let packages = [];
  try {
    packages = fs.readdirSync(packagesDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  } catch {
    /* no packages folder */
  }
  for (const pkg of packages) {
    roots.push(path.join(packagesDir, pkg.name, 'src'), path.join(packagesDir, pkg.name, 'test'));
  }
  const files = [];
  for (const root of roots) walk(root, files);
  return [...new Set(files.map((f) => path.relative(repoRoot, f).split(path.sep).join('/')))].sort();
}
