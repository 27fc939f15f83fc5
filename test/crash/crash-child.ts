/**
 * The crash test's child process: runs the workload of a seed from operation `from` on the
 * database in `dir`, writing `ack i` to stdout after operation i returns, until it is killed.
 * Usage: node crash-child.js DIR SEED FROM
 */
import { writeSync } from 'node:fs';
import { Database } from '../../sql/database.js';
import { CRASH_DB_OPTIONS, CRASH_SCHEMA, crashOp, runCrashOp } from './crash-workload.js';

const [dir, seedText, fromText] = process.argv.slice(2);
const seed = Number(seedText);
const db = Database.openSync(dir, CRASH_DB_OPTIONS);
db.execSync(CRASH_SCHEMA);
// Synchronous writes to the pipe: an acknowledgment the parent can read was sent after the
// operation returned, and none is lost in a user-space buffer when the process is killed.
writeSync(1, 'ready\n');
for (let i = Number(fromText); ; i++) {
  runCrashOp(db, crashOp(seed, i));
  writeSync(1, `ack ${i}\n`);
}
