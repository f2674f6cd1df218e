// Throwaway native PostgreSQL cluster for tests (plain Node ESM, no dependencies).
//
// Used by scripts/test.mjs (one cluster for the whole run, exported to the tests as RB_TEST_PG_URL) and by
// packages/server/test/harness/databases.ts (its own cluster when a test file is run on its own).
//
// The cluster lives in a temporary directory, listens on 127.0.0.1 and a free port, trusts every local
// connection (never use this for anything but tests) and runs with fsync=off. initdb refuses to run as root,
// so as root the directory is handed to the `postgres` user and the binaries run through `runuser`.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Preferred major version: CI runs the Debian 12 package, PostgreSQL 15. */
const PREFERRED_MAJOR = '15';

/**
 * Directory holding initdb and pg_ctl: $RB_PG_BIN, else /usr/lib/postgresql/15/bin, else the highest
 * /usr/lib/postgresql/N/bin. Returns null when PostgreSQL is not installed.
 * @returns {string | null}
 */
export function findPgBin() {
  const hasTools = (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.RB_PG_BIN) return hasTools(process.env.RB_PG_BIN) ? process.env.RB_PG_BIN : null;
  const root = '/usr/lib/postgresql';
  let majors = [];
  try {
    majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  majors.sort((a, b) => Number(b) - Number(a));
  if (majors.includes(PREFERRED_MAJOR)) majors.unshift(PREFERRED_MAJOR);
  for (const major of majors) {
    const dir = path.join(root, major, 'bin');
    if (hasTools(dir)) return dir;
  }
  return null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Why a cluster cannot be started here, or null when it can.
 * @returns {string | null}
 */
export function pgUnavailableReason() {
  const bin = findPgBin();
  if (!bin) return 'PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin; apt-get install postgresql)';
  if (isRoot()) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (user.status !== 0) return 'running as root but there is no `postgres` user to run initdb';
  }
  return null;
}

/**
 * A free TCP port on 127.0.0.1 (the OS picks it; another process could still take it before we bind).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(bin, tool, args, { asPostgres }) {
  const exe = path.join(bin, tool);
  const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
}

function failure(what, result, logFile) {
  let log = '';
  if (logFile) {
    try {
      log = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      /* no log yet */
    }
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return new Error(`${what} failed (exit ${result.status}):\n${output}${log ? `\n--- server log ---\n${log}` : ''}`);
}

/**
 * @typedef {object} PgCluster
 * @property {string} url      postgres://postgres@127.0.0.1:PORT/postgres (trust auth)
 * @property {number} port
 * @property {string} dir      temporary directory (data, socket, log)
 * @property {number} startMs  time spent in initdb + pg_ctl start
 * @property {() => void} stop synchronous: stops the server (immediate mode) and removes the directory; safe to call twice
 */

/**
 * initdb + pg_ctl start in a new temporary directory.
 * @param {{ maxConnections?: number }} [options]
 * @returns {Promise<PgCluster>}
 */
export async function startPgCluster(options = {}) {
  const reason = pgUnavailableReason();
  if (reason) throw new Error(`cannot start PostgreSQL: ${reason}`);
  const bin = /** @type {string} */ (findPgBin());
  const asPostgres = isRoot();
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(process.env.RB_PG_TMP ?? os.tmpdir(), 'rb-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  let stopped = false;
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (asPostgres) {
      const chown = spawnSync('chown', ['-R', 'postgres:postgres', dir], { encoding: 'utf8' });
      if (chown.status !== 0) throw failure('chown postgres', chown);
    }
    let init = run(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], { asPostgres });
    if (init.status !== 0 && /locale/i.test(`${init.stderr}`)) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      init = run(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { asPostgres });
    }
    if (init.status !== 0) throw failure('initdb', init);

    const maxConnections = options.maxConnections ?? 200;
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        `-c max_connections=${maxConnections}`,
      ].join(' ');
      const start = run(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start'], { asPostgres });
      if (start.status === 0) {
        const stop = () => {
          if (stopped) return;
          stopped = true;
          run(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { asPostgres });
          removeDir();
        };
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          port,
          dir,
          startMs: Math.round(performance.now() - started),
          stop,
        };
      }
      // Most likely another process grabbed the port between freePort() and bind(): try another one.
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      if (attempt >= 3 || !/address already in use|could not bind/i.test(log)) throw failure('pg_ctl start', start, logFile);
    }
  } catch (error) {
    removeDir();
    throw error;
  }
}
