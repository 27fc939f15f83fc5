/**
 * Drives the `strata` shell through a pseudo-terminal as a person would: type, then read the
 * screen (rendered by a headless xterm). Needs the build (`npm test` builds first).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve('dist/cli/main.js');
const COLS = 100;
const ROWS = 40;

/** A shell on a pseudo-terminal and the screen it draws. */
class Screen {
  private readonly term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true, scrollback: 1000 });
  readonly proc: pty.IPty;
  exited: Promise<number>;

  constructor(args: string[], cwd: string) {
    this.proc = pty.spawn(process.execPath, [MAIN, ...args], { cols: COLS, rows: ROWS, cwd, env: { ...process.env, HOME: cwd, NO_COLOR: '1' } });
    this.proc.onData((d) => this.term.write(d));
    this.exited = new Promise((resolve) => this.proc.onExit((e) => resolve(e.exitCode)));
  }

  /** The whole screen (scrollback included) as text. */
  text(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)!.translateToString(true));
    return lines.join('\n').replace(/\n+$/, '');
  }

  type(s: string): void {
    this.proc.write(s);
  }

  /** Waits until the screen matches `re`; fails with the screen's text after `ms`. */
  async waitFor(re: RegExp, ms = 10_000): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if (re.test(this.text())) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${re}; the screen shows:\n${this.text()}`);
  }

  /** Lines typed so far after the last prompt. */
  promptCount(): number {
    return (this.text().match(/^strata> /gm) ?? []).length;
  }
}

let dir = '';
beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pty-'));
  fs.writeFileSync(path.join(dir, 'nums.csv'), 'i\n' + Array.from({ length: 20_000 }, (_, i) => i + 1).join('\n') + '\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the interactive shell', () => {
  it('runs multi-line statements, dot commands, shows errors with a caret, stops a query on Ctrl-C and keeps history', async () => {
    const s = new Screen([], dir);
    const started = Date.now();
    await s.waitFor(/strata> $/m);
    expect(Date.now() - started).toBeLessThan(3000); // well under 0.5 s on an idle machine; CI may be busy

    // A statement over two lines: the continuation prompt, then a boxed table.
    s.type("SELECT 42 AS answer,\r");
    await s.waitFor(/\.\.\.> $/m);
    s.type("'forty-two' AS words, NULL AS nothing;\r");
    await s.waitFor(/│ +42 │ forty-two │ NULL +│/);

    // Errors quote the statement with a caret under the position.
    s.type('SELECT * FORM t;\r');
    await s.waitFor(/Syntax Error: .*\nLINE 1: SELECT \* FORM t\n {17}\^/);

    // Output modes and the timer.
    s.type('.mode csv\r');
    s.type('.timer on\r');
    s.type('SELECT 1 AS a, 2 AS b;\r');
    await s.waitFor(/^a,b\n1,2\nRun time: [\d.]+ ms$/m);
    s.type('.mode table\r');
    s.type('.timer off\r');

    // Loading a file, then a query long enough for a progress bar; Ctrl-C stops it, not the shell.
    s.type("CREATE TABLE t AS SELECT * FROM read_csv('nums.csv');\r");
    s.type('.tables\r');
    await s.waitFor(/^t$/m);
    s.type('SELECT count(*) FROM t a, t b WHERE a.i + b.i < 0;\r');
    await s.waitFor(/▕.*%/);
    s.type('\x03');
    await s.waitFor(/^Interrupted$/m);
    const prompts = s.promptCount();
    s.type('SELECT count(*) AS n FROM t;\r');
    await s.waitFor(/│ +20000 │/);
    expect(s.promptCount()).toBeGreaterThan(prompts);

    // Ctrl-D leaves; the history file holds the statements, multi-line ones on one line.
    s.type('\x04');
    expect(await s.exited).toBe(0);
    const history = fs.readFileSync(path.join(dir, '.strata_history'), 'utf8');
    expect(history).toContain("SELECT 42 AS answer, 'forty-two' AS words, NULL AS nothing;");
    expect(history).toContain('SELECT count(*) AS n FROM t;');
  }, 30_000);
});
