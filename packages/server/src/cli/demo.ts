import { DEMO_DONOR_PHONE } from '../demo/donor-service-demo.ts';
import cliProgress from 'cli-progress';
import type { AppConfig } from '../config.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { isDatabaseEmpty, loadDemo } from '../demo/load.ts';
import { DEMO_USERS, DEMO_PASSWORD } from '../demo/demo-users.ts';
import { withDatabase } from './database.ts';

export function printDemoLogins(log: (s: string) => void = console.log): void {
  log(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) log(`  ${u.username.padEnd(12)} ${u.role.padEnd(26)} ${u.displayName}`);
  log(`Donor app (献血者 H5): http://…/m/  phone ${DEMO_DONOR_PHONE}; the one-time code is printed by the outbox log adapter`);
}

/** Loads demo data with a progress bar; refuses a non-empty database unless `force`. */
export async function loadDemoWithProgress(url: string, config: AppConfig, scale: 'small' | 'city'): Promise<void> {
  const bar = new cliProgress.SingleBar({
    format: ' {phase} |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let phase = '';
  const summary = await loadDemo(url, {
    scale, stationCode: config.stationCode,
    onProgress: (done, total, p) => {
      if (!started) { bar.start(total, 0, { phase: p }); started = true; }
      if (p !== phase) { phase = p; bar.setTotal(total); }
      bar.update(done, { phase: p });
    },
  });
  if (started) bar.stop();
  console.log(JSON.stringify(summary.counts ?? summary));
}

export async function runDemoLoad(config: AppConfig, opts: { scale: 'small' | 'city'; force?: boolean }): Promise<void> {
  await withDatabase(config, async (url) => {
    await migrateDatabase(url);
    if (!(await isDatabaseEmpty(url)) && !opts.force) {
      console.error('The database already has data; use --force to load demo data anyway. 数据库非空，如需仍加载请加 --force');
      process.exitCode = 1;
      return;
    }
    await loadDemoWithProgress(url, config, opts.scale);
    printDemoLogins();
  });
}
