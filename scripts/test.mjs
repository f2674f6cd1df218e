#!/usr/bin/env node
// `npm test`: the whole test run, the same locally and in CI.
//
//   1. As root, installs the Debian packages the selected tiers need when missing (postgresql, chromium,
//      fonts-noto-cjk, poppler-utils for pdftoppm, which rasterises label PDFs in browser-tier tests).
//   2. Type-checks every workspace (`npm run typecheck`), failing fast.
//   3. Builds the web UI (`npm run build:web`) when browser tests are selected: they load the built files.
//   4. Starts ONE throwaway native PostgreSQL cluster for the run and passes its URL as RB_TEST_PG_URL.
//   5. Runs every *.test.ts under packages/*/src, packages/*/test, scripts/ and e2e/ in ONE
//      `node --import tsx --test` (unit, *.int.test.ts and *.e2e.test.ts), and exits with its code.
//
// The last lines printed are the test runner's summary (`# tests N`, `# pass N`, `# fail N`). If a step before
// the tests fails, the run ends with a one-test TAP block naming the failed step, so the closing lines still
// report a failure.
//
// Options:
//   --only unit|int|e2e   run one tier (repeat or comma-separate for several)
//   --skip-typecheck      local iteration only (refused when CI=true)
//   --skip-build          do not rebuild the web UI (local only)
//   <text> …              run only test files whose path contains one of these strings
// Environment: CI=true makes every missing prerequisite an error (no tier may be skipped);
// RB_TEST_PG_URL reuses your own cluster; RB_CHROMIUM (default /usr/bin/chromium); RB_PDFTOPPM (/usr/bin/pdftoppm); RB_TEST_CONCURRENCY (2);
// RB_TEST_FILE_TIMEOUT_MS (600000, applies to each test file as a whole on Node 20).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBin, startPgCluster } from './lib/pg-cluster.mjs';
import { collectTestFiles, testTier } from './lib/test-files.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const chromiumPath = process.env.RB_CHROMIUM ?? '/usr/bin/chromium';
const pdftoppmPath = process.env.RB_PDFTOPPM ?? '/usr/bin/pdftoppm';
const TIERS = ['unit', 'int', 'e2e'];

const log = (message) => console.log(`[test] ${message}`);
const seconds = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

/** Ends the run with a failure that the closing lines report too. */
function failStep(step, detail) {
  if (detail) console.error(`[test] ${step} failed:\n${detail}`);
  else console.error(`[test] ${step} failed`);
  cleanup();
  console.log(['TAP version 13', `not ok 1 - ${step}`, '1..1', '# tests 1', '# pass 0', '# fail 1'].join('\n'));
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { tiers: new Set(), skipTypecheck: false, skipBuild: false, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      for (const tier of (value ?? '').split(',').filter(Boolean)) {
        if (!TIERS.includes(tier)) failStep('arguments', `--only expects ${TIERS.join('|')}, got "${tier}"`);
        options.tiers.add(tier);
      }
    } else if (arg === '--skip-typecheck') options.skipTypecheck = true;
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '-h' || arg === '--help') {
      console.log('usage: node scripts/test.mjs [--only unit|int|e2e] [--skip-typecheck] [--skip-build] [path-filter …]');
      process.exit(0);
    } else if (arg.startsWith('-')) failStep('arguments', `unknown option ${arg}`);
    else options.filters.push(arg);
  }
  if (options.tiers.size === 0) for (const tier of TIERS) options.tiers.add(tier);
  if (isCI && (options.skipTypecheck || options.skipBuild)) failStep('arguments', '--skip-typecheck/--skip-build are not allowed with CI=true');
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// System packages

function debInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function cjkFontInstalled() {
  if (debInstalled('fonts-noto-cjk')) return true;
  const fc = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return fc.status === 0 && fc.stdout.trim() !== '';
}

/** Installs what the selected tiers need; returns the reasons for what is still missing. */
function ensureSystemPackages(needPostgres, needBrowser) {
  const missing = () => {
    const packages = [];
    if (needPostgres && !findPgBin()) packages.push('postgresql');
    if (needBrowser && !fs.existsSync(chromiumPath)) packages.push('chromium');
    if (needBrowser && !cjkFontInstalled()) packages.push('fonts-noto-cjk');
    if (needBrowser && !fs.existsSync(pdftoppmPath)) packages.push('poppler-utils');
    return packages;
  };
  let packages = missing();
  if (packages.length === 0) return [];
  const canApt = isRoot && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (canApt) {
    const started = performance.now();
    log(`installing missing system packages with apt-get: ${packages.join(' ')} (quiet; takes a minute)`);
    const logFile = path.join(os.tmpdir(), `redbridge-apt-${process.pid}.log`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const out = fs.openSync(logFile, 'w');
    let ok = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', out, out], env }).status === 0;
    if (ok) ok = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', out, out], env }).status === 0;
    fs.closeSync(out);
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
    fs.rmSync(logFile, { force: true });
    if (!ok) {
      if (isCI) failStep('apt-get install', tail);
      console.error(`[test] apt-get failed:\n${tail}`);
    } else {
      log(`installed ${packages.join(' ')} in ${seconds(started)}`);
    }
    packages = missing();
  }
  if (packages.length > 0 && isCI) {
    failStep('prerequisites', `CI=true and missing: ${packages.join(' ')} (${isRoot ? 'apt-get failed' : 'not root, cannot apt-get install'})`);
  }
  return packages;
}

// ---------------------------------------------------------------------------------------------------------------
// Cleanup of what this run started

let cluster = null;
let child = null;

function cleanup() {
  if (cluster) {
    const current = cluster;
    cluster = null;
    current.stop(); // synchronous and silent
  }
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal);
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

// ---------------------------------------------------------------------------------------------------------------

function runNpm(script, step) {
  const started = performance.now();
  log(`${step}: npm run ${script}`);
  const result = spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit', env: process.env });
  if (result.status !== 0) failStep(step, `npm run ${script} exited with ${result.status ?? result.signal}`);
  log(`${step} done in ${seconds(started)}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  if (!fs.existsSync(path.join(repoRoot, 'node_modules', 'tsx'))) failStep('dependencies', 'node_modules is missing: run `npm ci` first');

  let files = collectTestFiles(repoRoot).filter((file) => options.tiers.has(testTier(file)));
  if (options.filters.length > 0) files = files.filter((file) => options.filters.some((f) => file.includes(f)));
  const tiersPresent = new Set(files.map(testTier));

  // 1. System packages. Integration tests need PostgreSQL; browser tests need Chromium and CJK fonts.
  const needPostgres = tiersPresent.has('int') && !process.env.RB_TEST_PG_URL;
  const stillMissing = ensureSystemPackages(needPostgres, tiersPresent.has('e2e'));
  if (stillMissing.includes('chromium')) {
    console.log(`[test] SKIPPING browser tests (*.e2e.test.ts): Chromium not found at ${chromiumPath} and not root to install it (sudo apt-get install chromium fonts-noto-cjk)`);
    files = files.filter((file) => testTier(file) !== 'e2e');
  } else if (stillMissing.includes('fonts-noto-cjk')) {
    console.log('[test] WARNING: fonts-noto-cjk is missing; Chinese text will render as boxes in screenshots');
  }
  if (stillMissing.includes('poppler-utils')) {
    console.log(`[test] SKIPPING label PDF rasterising (pdftoppm not found at ${pdftoppmPath}; sudo apt-get install poppler-utils)`);
  }
  if (stillMissing.includes('postgresql')) {
    console.log('[test] SKIPPING the native PostgreSQL runs of integration tests: PostgreSQL not installed and not root (they still run on PGlite)');
  }

  if (files.length === 0 && stillMissing.includes('chromium') && tiersPresent.has('e2e')) {
    // Local only (CI fails above): the only selected tier was skipped.
    console.log(['TAP version 13', 'ok 1 - browser tests # SKIP Chromium not installed', '1..1', '# tests 1', '# pass 0', '# fail 0', '# skipped 1'].join('\n'));
    process.exit(0);
  }
  if (files.length === 0) {
    failStep('collect test files', `no *.test.ts files for tiers ${[...options.tiers].join(',')}${options.filters.length ? ` matching ${options.filters.join(' ')}` : ''}`);
  }

  // 2. Type-check.
  if (options.skipTypecheck) log('type-check skipped (--skip-typecheck)');
  else runNpm('typecheck', 'type-check');

  // 3. Web UI for browser tests.
  if (files.some((file) => testTier(file) === 'e2e')) {
    if (options.skipBuild) log('web build skipped (--skip-build)');
    else runNpm('build:web', 'web build');
  }

  // 4. One PostgreSQL cluster for the whole run.
  const env = { ...process.env, RB_CHROMIUM: chromiumPath, RB_PDFTOPPM: pdftoppmPath };
  if (files.some((file) => testTier(file) !== 'unit')) {
    if (process.env.RB_TEST_PG_URL) {
      log(`PostgreSQL: using RB_TEST_PG_URL=${process.env.RB_TEST_PG_URL}`);
    } else if (findPgBin()) {
      try {
        cluster = await startPgCluster({ maxConnections: 200 });
      } catch (error) {
        failStep('start PostgreSQL', String(error instanceof Error ? error.message : error));
      }
      env.RB_TEST_PG_URL = cluster.url;
      log(`PostgreSQL ${path.basename(path.dirname(findPgBin()))} started in ${cluster.startMs} ms at ${cluster.url}`);
    }
  }

  // 5. One test runner invocation.
  const concurrency = Number(process.env.RB_TEST_CONCURRENCY ?? 2);
  const fileTimeout = Number(process.env.RB_TEST_FILE_TIMEOUT_MS ?? 600_000);
  const reporter = isCI || !process.stdout.isTTY ? ['--test-reporter=tap'] : ['--test-reporter=spec'];
  const args = [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${fileTimeout}`,
    '--test-force-exit',
    ...reporter,
    ...files,
  ];
  const counts = TIERS.map((tier) => `${files.filter((f) => testTier(f) === tier).length} ${tier}`).join(', ');
  log(`running ${files.length} test files (${counts}), concurrency ${concurrency}`);

  const code = await new Promise((resolve) => {
    child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`[test] could not start the test runner: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  cleanup();
  process.exit(code);
}

await main();
