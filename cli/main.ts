#!/usr/bin/env node
/**
 * The `strata` command: parses the arguments, opens the database, then runs a one-shot command
 * (`-c`), a script piped on stdin, or the interactive shell. The engine and the shell are
 * imported lazily so that `--help` and `--version` stay instant.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import type { Database } from '../sql/database.js';
import type { OutputMode } from './render/renderers.js';

/** Where `--demo` keeps its database, relative to the working directory. */
const DEMO_DIR = '.strata-demo';

interface CliOptions {
  command?: string;
  format: OutputMode;
  demo?: boolean;
}

function packageVersion(): string {
  try {
    // dist/cli/main.js -> package.json at the repository root.
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Opens the demo database: reuses `.strata-demo/` when it already holds the demo data, else
 * builds it (in memory while the engine cannot persist yet). Returns the database and a
 * one-line note on what happened.
 */
async function openDemo(): Promise<{ db: Database; note: string }> {
  const [{ Database }, demo] = await Promise.all([import('../sql/database.js'), import('./demo/demo-database.js')]);
  const dir = path.resolve(DEMO_DIR);
  const db = await Database.open(dir);
  const persistent = (db as { persistent?: boolean }).persistent === true;
  const expected = demo.DEMO_TABLE_ROWS.lineorder;
  let existing: number | null = null;
  try {
    existing = Number((await db.query('SELECT count(*) FROM lineorder')).getValue(0, 0));
  } catch {
    // No demo tables yet.
  }
  if (existing === expected) return { db, note: `Opened the demo database in ${DEMO_DIR}/.` };
  if (existing !== null) {
    // An interrupted build: start over.
    await db.exec(['"date"', 'customer', 'supplier', 'part', 'lineorder'].map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));
  }
  const started = performance.now();
  await demo.createDemoDatabase(db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what = `${formatCount(expected)} lineorder rows, ${seconds} s`;
  const note = persistent
    ? `Built the demo database in ${DEMO_DIR}/ (${what}).`
    : `Built the demo database in memory (${what}): on-disk persistence is not available yet, so it is rebuilt at every start.`;
  return { db, note };
}

function demoBanner(examples: readonly { title: string; sql: string }[]): string {
  const lines = [
    'Tables: lineorder (facts), date, customer, supplier, part; the Star Schema Benchmark schema.',
    'Try these:',
    '',
  ];
  for (const ex of examples) {
    lines.push(`-- ${ex.title}`, ex.sql, '');
  }
  return lines.join('\n') + '\n';
}

async function main(argv: readonly string[]): Promise<number> {
  const version = packageVersion();
  const program = new Command()
    .name('strata')
    .description('Strata: an embedded column-oriented analytical SQL engine.')
    .version(version, '-V, --version')
    .argument('[DIR]', 'database directory (default: a new in-memory database)')
    .option('-c, --command <sql>', 'run SQL (one or more statements), print the results and exit')
    .addOption(
      new Option('--format <mode>', 'output format').choices(['table', 'csv', 'json', 'jsonl', 'markdown']).default('table'),
    )
    .option('--demo', `open the built-in demo star-schema database (kept in ${DEMO_DIR}/)`)
    .addHelpText(
      'after',
      '\nWithout -c, SQL piped on stdin runs as a script; otherwise the interactive shell starts.',
    )
    .showHelpAfterError('(add --help for usage)');
  program.parse(argv);
  const options = program.opts<CliOptions>();
  const dir = program.args[0] as string | undefined;
  if (options.demo && dir !== undefined) program.error('error: --demo takes no DIR');

  const interactive = options.command === undefined && process.stdin.isTTY === true;
  const repl = await import('./repl.js');
  const settings = repl.defaultSettings(options.format);

  let db: Database;
  let banner = '';
  try {
    if (options.demo) {
      const [opened, demo] = await Promise.all([openDemo(), import('./demo/demo-database.js')]);
      db = opened.db;
      if (interactive) banner = opened.note + '\n' + demoBanner(demo.DEMO_EXAMPLE_QUERIES);
      else process.stderr.write(opened.note + '\n');
    } else {
      const { Database } = await import('../sql/database.js');
      db = await Database.open(dir);
    }
  } catch (err) {
    const { formatError } = await import('./render/renderers.js');
    if (options.demo) process.stderr.write('Cannot open the demo database.\n');
    process.stderr.write(formatError(err, '', { color: settings.color }));
    return 1;
  }

  if (!interactive) {
    const sql = options.command ?? (await readStdin());
    const ok = await repl.runScript(db, sql, settings);
    await db.close();
    return ok ? 0 : 1;
  }
  const where = options.demo ? 'demo database' : dir === undefined ? 'in-memory database' : `database ${dir}`;
  const greeting = `Strata ${version}: ${where}. Enter ".help" for usage hints; statements end with ";".\n`;
  await repl.startRepl(db, { mode: options.format, banner: greeting + banner });
  return 0;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`strata: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
