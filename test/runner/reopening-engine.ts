/** An SltEngine over a database stored in a temporary directory, closed and reopened after every statement. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Database } from '../../sql/database.js';
import type { SltEngine, SltResult } from './slt-runner.js';

/**
 * The storage mode of the runner (`--storage disk`): every statement's effects must survive a
 * close and reopen, so the whole suite also checks the segment format, the manifest and the
 * catalog round trip. The database is closed without a checkpoint, so each reopen replays the
 * write-ahead log (DML since the last DDL lives only there), and small thresholds make
 * checkpoints, bulk segments and compaction happen within ordinary test files. Session
 * settings (`SET ...`) do not persist in a database, so they are replayed after each reopen,
 * as a client reconnecting would.
 */
const REOPEN_OPTIONS = { checkpointOnClose: false, memtableBytes: 256 * 1024, bulkBytes: 1024 * 1024, compactionRun: 3 } as const;

export class ReopeningEngine implements SltEngine {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-slt-'));
  private db = Database.openSync(this.dir, REOPEN_OPTIONS);
  private readonly settings: string[] = [];

  execSync(sql: string): void {
    try {
      this.db.execSync(sql);
      if (/^\s*(SET|PRAGMA|RESET)\b/i.test(sql)) this.settings.push(sql);
    } finally {
      // A transaction does not survive a reconnect; reopen once it has ended.
      if (!this.db.inTransaction) this.reopen();
    }
  }

  querySync(sql: string): SltResult {
    return this.db.querySync(sql);
  }

  private reopen(): void {
    this.db.closeSync();
    this.db = Database.openSync(this.dir, REOPEN_OPTIONS);
    for (const s of this.settings) this.db.execSync(s);
  }

  close(): void {
    this.db.closeSync();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
