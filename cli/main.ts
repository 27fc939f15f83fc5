#!/usr/bin/env node
/**
 * The `strata` command: parses the arguments, then runs the interactive shell, a one-shot
 * command (`-c`), a script piped on stdin, or `strata ingest`. The engine runs on a worker thread
 * (cli/session/) that loads while the prompt is already shown, so start-up stays instant and
 * Ctrl-C can stop a running statement without leaving the shell.
 */
import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import type { IngestSpec } from '../sql/ingest/ingest-files.js';
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

function demoBanner(examples: readonly { title: string; sql: string }[]): string {
  const lines = ['Tables: lineorder (facts), date, customer, supplier, part; the Star Schema Benchmark schema.', 'Try these:', ''];
  for (const ex of examples) lines.push(`-- ${ex.title}`, ex.sql, '');
  return lines.join('\n') + '\n';
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Ctrl-C outside the interactive shell: the first stops the running statement, the second exits. */
function interruptOnSigint(cancel: () => void): void {
  let presses = 0;
  process.on('SIGINT', () => {
    presses++;
    if (presses === 1) {
      process.stderr.write('\nInterrupting... (press Ctrl-C again to quit at once)\n');
      cancel();
    } else {
      process.exit(130);
    }
  });
}

async function runShell(dir: string | undefined, options: CliOptions, version: string): Promise<number> {
  if (options.demo && dir !== undefined) {
    process.stderr.write('error: --demo takes no DIR\n');
    return 2;
  }
  const interactive = options.command === undefined && process.stdin.isTTY === true;
  const [repl, { WorkerSession }] = await Promise.all([import('./repl.js'), import('./session/worker-session.js')]);
  const session = new WorkerSession(options.demo ? null : (dir ?? null), options.demo === true);
  const settings = repl.defaultSettings(options.format);

  if (!interactive) {
    interruptOnSigint(() => session.cancel());
    try {
      const note = await session.ready;
      if (note) process.stderr.write(note + '\n');
    } catch (e) {
      process.stderr.write(`Cannot open ${options.demo ? 'the demo database' : (dir ?? 'the database')}: ${message(e)}\n`);
      await session.close().catch(() => undefined);
      return 1;
    }
    const sql = options.command ?? (await readStdin());
    const ok = await repl.runScript(session, sql, settings);
    await session.close();
    return ok ? 0 : 1;
  }

  const where = options.demo ? 'demo database' : dir === undefined ? 'in-memory database' : `database ${dir}`;
  let banner = `Strata ${version}: ${where}. Enter ".help" for usage hints; statements end with ";".\n`;
  if (options.demo) {
    // The demo may need building first: wait for it, then show what to try.
    process.stdout.write(`Opening the demo database in ${DEMO_DIR}/...\n`);
    try {
      const note = await session.ready;
      const demo = await import('./demo/demo-database.js');
      banner += (note ?? '') + '\n' + demoBanner(demo.DEMO_EXAMPLE_QUERIES);
    } catch (e) {
      process.stderr.write(`Cannot open the demo database: ${message(e)}\n`);
      await session.close().catch(() => undefined);
      return 1;
    }
  } else {
    session.ready.catch((e: unknown) => {
      process.stderr.write(`\nCannot open ${dir ?? 'the database'}: ${message(e)}\n`);
      process.exit(1);
    });
  }
  await repl.startRepl(session, {
    mode: options.format,
    banner,
    cancel: () => session.cancel(),
    forceStop: async () => {
      await session.restart();
      return dir === undefined
        ? 'Stopped the engine thread: the in-memory database was lost; a new one is open.\n'
        : `Stopped the engine thread and reopened ${dir} (completed statements are kept).\n`;
    },
  });
  return 0;
}

interface IngestOptions {
  format?: 'csv' | 'parquet';
  delimiter?: string;
  quote?: string;
  escape?: string;
  header?: boolean;
  columns?: string;
  types?: string;
  nullString?: string[];
  dateFormat?: string;
  timestampFormat?: string;
  strict?: boolean;
  orderBy?: string;
  rejectsTable?: string;
  trailingDelimiter?: boolean;
}

async function runIngest(dir: string, table: string, files: string[], o: IngestOptions): Promise<number> {
  const [{ WorkerSession }, { ProgressBar }, { parseColumnList, unescapeChar }] = await Promise.all([
    import('./session/worker-session.js'),
    import('./progress-bar.js'),
    import('../sql/ingest/copy-options.js'),
  ]);
  let spec: IngestSpec;
  try {
    spec = {
      table,
      files,
      format: o.format,
      orderBy: o.orderBy?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      rejectsTable: o.rejectsTable,
      csv: {
        delimiter: unescapeChar(o.delimiter),
        quote: o.quote,
        escape: o.escape,
        header: o.header,
        columns: o.columns !== undefined ? parseColumnList(o.columns) : undefined,
        types: o.types !== undefined ? Object.fromEntries(parseColumnList(o.types).map((c) => [c.name, c.type])) : undefined,
        nullStrings: o.nullString,
        dateFormat: o.dateFormat,
        timestampFormat: o.timestampFormat,
        strict: o.strict,
        trailingDelimiter: o.trailingDelimiter,
      },
    };
  } catch (e) {
    process.stderr.write(`strata ingest: ${message(e)}\n`);
    return 2;
  }
  const session = new WorkerSession(dir);
  interruptOnSigint(() => session.cancel());
  const bar = new ProgressBar(() => session.progress()).start();
  try {
    await session.ready;
    const s = await session.ingest(spec);
    bar.stop();
    const mb = s.bytes / 1e6;
    const what = s.created ? `into new table ${s.table} (${s.columns})` : `into ${s.table}`;
    process.stdout.write(
      `Loaded ${s.rows.toLocaleString('en-US')} rows ${what} in ${s.seconds.toFixed(2)} s: ${mb.toFixed(1)} MB, ${(mb / s.seconds).toFixed(1)} MB/s.\n`,
    );
    if (s.persistSeconds !== undefined && s.persistSeconds >= 0.01) process.stdout.write(`Written to disk in ${s.persistSeconds.toFixed(2)} s.\n`);
    for (const n of s.notes) process.stdout.write(`Note: ${n}.\n`);
    if (s.rejected > 0) {
      process.stdout.write(`${s.rejected.toLocaleString('en-US')} rows rejected: see SELECT * FROM ${s.rejectsTable};\n`);
    } else {
      process.stdout.write('0 rows rejected.\n');
    }
    await session.close();
    return 0;
  } catch (e) {
    bar.stop();
    const err = e as Error & { code?: string };
    process.stderr.write(`${err.code === 'interrupted' ? 'Interrupted' : `Load failed: ${message(e)}`}\nThe table was not changed.\n`);
    await session.close().catch(() => undefined);
    return 1;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const version = packageVersion();
  let exitCode = 0;
  const program = new Command()
    .name('strata')
    .description('Strata: an embedded column-oriented analytical SQL engine.')
    .version(version, '-V, --version')
    .argument('[DIR]', 'database directory (default: a new in-memory database)')
    .option('-c, --command <sql>', 'run SQL (one or more statements), print the results and exit')
    .addOption(new Option('--format <mode>', 'output format').choices(['table', 'csv', 'json', 'jsonl', 'markdown', 'line']).default('table'))
    .option('--demo', `open the built-in demo star-schema database (kept in ${DEMO_DIR}/)`)
    .addHelpText('after', '\nWithout -c, SQL piped on stdin runs as a script; otherwise the interactive shell starts.\nLoad files with: strata ingest DIR TABLE FILE... (strata ingest --help)')
    .showHelpAfterError('(add --help for usage)')
    .action(async (dir: string | undefined, options: CliOptions) => {
      exitCode = await runShell(dir, options, version);
    });
  program
    .command('ingest')
    .description('load CSV or Parquet files into a table (created from the files when missing)')
    .argument('<DIR>', 'database directory')
    .argument('<TABLE>', 'table to load into')
    .argument('<FILE...>', 'files (.csv, .tsv, .tbl, gzip-compressed or not, or .parquet; patterns with * work)')
    .addOption(new Option('--format <format>', 'file format (default: by the file name)').choices(['csv', 'parquet']))
    .option('--delimiter <char>', 'field delimiter (default: detected; "\\t" or tab for tabs)')
    .option('--quote <char>', 'quote character (default ")')
    .option('--escape <char>', 'escape character inside quotes (default: the quote, doubled)')
    .option('--header', 'the first line holds column names')
    .option('--no-header', 'the first line is data')
    .option('--columns <list>', 'all columns as name:TYPE,... (no type detection)')
    .option('--types <list>', 'types of some columns as name:TYPE,... (the others detected)')
    .option('--null-string <text...>', 'field text read as NULL (the empty field always is)')
    .option('--date-format <format>', 'date format, strftime style (e.g. %d/%m/%Y)')
    .option('--timestamp-format <format>', 'timestamp format, strftime style')
    .option('--trailing-delimiter', 'every line ends with one more delimiter (dbgen .tbl files)')
    .option('--no-trailing-delimiter', 'lines do not end with an extra delimiter')
    .option('--strict', 'stop at the first row that cannot be read, instead of collecting rejects')
    .option('--order-by <columns>', 'sort key of a table this creates (comma-separated)')
    .option('--rejects-table <name>', 'table for rejected rows (default: TABLE_rejects)')
    .action(async (dir: string, table: string, files: string[], o: IngestOptions) => {
      exitCode = await runIngest(dir, table, files, o);
    });
  await program.parseAsync(argv);
  return exitCode;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
    // Stray handles (a worker that failed to stop) must not keep a finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (err: unknown) => {
    process.stderr.write(`strata: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
