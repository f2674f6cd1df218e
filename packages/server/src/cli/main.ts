/**
 * `redbridge` command line: serve, database migration, demo data, and the validation commands that let a
 * station test each rule engine from the shell for its validation records (质规 12.3, R12).
 */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.ts';
import { serve } from './serve.ts';
import { withDatabase } from './database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { runDemoLoad } from './demo.ts';
import { checkCharacterCommand, decodeLabelCommand, idCardCheckCommand } from './validation.ts';
import { simulateCommand } from './simulate.ts';
import { awardsEvaluateCommand, benefitsEntitlementCommand } from './rights.ts';
import { eligibilityAssessCommand } from './eligibility.ts';
import { recruitScoreCommand } from './recruit.ts';

const program = new Command();
program.name('redbridge').description('RedBridge 血站信息管理系统 — blood establishment computer system').version('0.1.0');

program.command('serve').description('Start the API and web UI (embedded PGlite unless DATABASE_URL is set)')
  .option('--no-demo', 'do not load demo data into an empty database')
  .action(async (opts: { demo: boolean }) => { await serve(loadConfig(), { demo: opts.demo }); });

const db = program.command('db').description('Database administration');
db.command('migrate').description('Apply SQL migrations').action(async () => {
  await withDatabase(loadConfig(), async (url) => { await migrateDatabase(url); console.log('migrations applied'); });
});

const demo = program.command('demo').description('Demo data');
demo.command('load').description('Load demo data (one city-year with --scale city)')
  .option('--scale <scale>', 'small | city', (v) => {
    if (v !== 'small' && v !== 'city') throw new InvalidArgumentError('scale must be small or city');
    return v;
  }, 'small')
  .option('--force', 'load even if the database already has data')
  .action(async (opts: { scale: 'small' | 'city'; force?: boolean }) => { await runDemoLoad(loadConfig(), opts); });

const din = program.command('din').description('献血码 / DIN tools (ISBT 128)');
din.command('check-character <data13>').description('Print the ISO/IEC 7064 MOD 37-2 check character of 13 DIN data characters')
  .action((data13: string) => { process.exitCode = checkCharacterCommand(data13); });

const label = program.command('label').description('Label tools (ISBT 128 / 血液标识代码及标签要求)');
label.command('decode <scanned>').description('Decode scanned ISBT 128 data structure(s) to JSON')
  .action((scanned: string) => { process.exitCode = decodeLabelCommand(scanned); });

const astm = program.command('astm').description('Analyser interface (ASTM E1394 / LIS1-A)');
astm.command('simulate').description('Analyser simulator: send one ASTM session with results for a DIN to a listener')
  .requiredOption('--port <port>', 'listener port', (v) => Number(v))
  .requiredOption('--din <din>', 'specimen DIN (13 characters)')
  .option('--host <host>', 'listener host', '127.0.0.1')
  .option('--instrument <id>', 'instrument id (must match an open run)', 'SIM-ELISA-1')
  .option('--tests <list>', 'comma-separated TEST=VALUE pairs', 'HBSAG=0.08,HCV=0.07,HIV=0.10,TP=0.05,ALT=18,ABO=A,RHD=POS,HBVDNA=NEG,HCVRNA=NEG,HIVRNA=NEG')
  .option('--corrupt-frame <index>', 'corrupt this frame (0-based) on every attempt, to exercise NAK', (v) => Number(v))
  .action(async (opts: { port: number; din: string; host: string; instrument: string; tests: string; corruptFrame?: number }) => {
    const { buildAstmMessage, sendAstmSession } = await import('../modules/lab/astm-simulator.ts');
    const results = opts.tests.split(',').map((pair) => {
      const [test, value] = pair.split('=');
      return { specimen: opts.din, test: test.trim(), value: (value ?? '').trim() };
    });
    try {
      const out = await sendAstmSession({ host: opts.host, port: opts.port, message: buildAstmMessage(results, opts.instrument),
        corrupt: opts.corruptFrame === undefined ? undefined : { frameIndex: opts.corruptFrame, times: 6 } });
      console.log(JSON.stringify(out));
      process.exitCode = out.aborted ? 1 : 0;
    } catch (err) {
      console.error(`ASTM session failed: ${(err as Error).message}`);
      process.exitCode = 2;
    }
  });

const idCard = program.command('id-card').description('Resident identity number (GB 11643-1999)');
idCard.command('check <number>').description('Validate a resident identity number; prints JSON')
  .action((n: string) => { process.exitCode = idCardCheckCommand(n); });

const intArg = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer`);
  return n;
};
program.command('simulate').description('供应链仿真 / supply-chain simulator: scenarios S1–S7 (S6 = Stanford platelet replay), results beside targets')
  .option('--scenario <id>', 'S1 … S7, or all', 'S1')
  .option('--seeds <n>', 'random seeds (targets are goals over 20)', intArg('--seeds'), 20)
  .option('--first-seed <n>', 'first seed', intArg('--first-seed'), 1)
  .option('--days <n>', 'simulated days per seed (default: the scenario, 730)', intArg('--days'))
  .option('--format <format>', 'json | table', (v) => {
    if (v !== 'json' && v !== 'table') throw new InvalidArgumentError('format must be json or table');
    return v;
  }, 'json')
  .option('--report <dir>', 'write an offline HTML report (charts) into this directory')
  .option('--stanford <csv>', 'Stanford platelet series for S6 (default ../shared/data/stanford-platelet-daily-usage.csv)')
  .option('--no-progress', 'no progress bar')
  .action(async (opts: { scenario: string; seeds: number; firstSeed: number; days?: number; format: 'json' | 'table'; report?: string; stanford?: string; progress: boolean }) => {
    process.exitCode = await simulateCommand(opts);
  });
const benefits = program.command('benefits').description('用血费用减免 / blood-fee exemption (R67)');
benefits.command('entitlement').description('Evaluate a donor\'s or relative\'s entitlement from a JSON file; prints JSON')
  .requiredOption('--json <file>', 'input: {"province","onDate","relation","donations":[…],"usedMl"}')
  .action((opts: { json: string }) => { process.exitCode = benefitsEntitlementCommand(opts.json); });

const awards = program.command('awards').description('全国无偿献血表彰 / national donor awards (2022 measures)');
awards.command('evaluate').description('Evaluate a donor\'s award for a cycle from a JSON file; prints JSON')
  .requiredOption('--json <file>', 'input: {"cycleEnd","donations":[…],"previousAwards":[…]}')
  .action((opts: { json: string }) => { process.exitCode = awardsEvaluateCommand(opts.json); });
const eligibility = program.command('eligibility').description('Donor eligibility (GB 18467-2011, versioned rules)');
eligibility.command('assess').description('Assess a donor from a JSON file (see docs/eligibility.md); prints the decision JSON')
  .requiredOption('--json <file>', 'input JSON file (- for stdin)')
  .action((opts: { json: string }) => { process.exitCode = eligibilityAssessCommand(opts.json); });

const recruit = program.command('recruit').description('Targeted recruitment (精准招募)');
recruit.command('score').description('Add a return probability (RFM-T model) to CSV rows')
  .requiredOption('--input <csv>', 'CSV with recency_months,frequency,volume_ml,first_donation_months (- for stdin)')
  .action((opts: { input: string }) => { process.exitCode = recruitScoreCommand(opts.input); });

await program.parseAsync(process.argv);
