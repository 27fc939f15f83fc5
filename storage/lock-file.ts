/** LockFile: `dir/LOCK`, which admits one writer process at a time and names it to the others. */
import * as os from 'node:os';
import * as path from 'node:path';
import { StrataError } from '../engine/errors.js';
import type { FileSystem } from './io/file-system.js';

export const LOCK_FILE = 'LOCK';

interface Holder {
  pid: number;
  host: string;
}

function parseHolder(bytes: Uint8Array): Holder | null {
  try {
    const h = JSON.parse(new TextDecoder().decode(bytes)) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** True when no process `pid` exists on this host (kill(pid, 0) fails with ESRCH). */
function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lock of database directory `dir`: created with O_EXCL so two processes cannot both
 * succeed. A lock whose holder is a dead process on this host is stale and taken over; one held
 * by a live process, or by another host (whose processes we cannot check), is an error naming
 * the holder.
 */
export function acquireLock(fsys: FileSystem, dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me = new TextEncoder().encode(JSON.stringify({ pid: process.pid, host: os.hostname() }));
  for (let attempt = 0; attempt < 2; attempt++) {
    if (fsys.createExclusive(file, me)) {
      return () => {
        if (fsys.exists(file)) fsys.unlink(file);
      };
    }
    let content: Uint8Array;
    try {
      content = fsys.readFile(file);
    } catch {
      continue; // released between our create and read: try again
    }
    const holder = parseHolder(content);
    // An unparsable lock is one whose writer died before its content was durable.
    const stale = holder === null || (holder.host === os.hostname() && processIsGone(holder.pid));
    if (!stale) {
      throw new StrataError('io', `database ${dir} is locked by process ${holder.pid} on host ${holder.host}; open it with { readOnly: true } to read it meanwhile`);
    }
    // Re-read right before removing, so a lock another process just took over is not removed.
    const again = fsys.exists(file) ? fsys.readFile(file) : null;
    if (again !== null && !sameBytes(again, content)) continue;
    if (again !== null) fsys.unlink(file);
  }
  throw new StrataError('io', `database ${dir}: could not take over the stale lock file ${file}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
