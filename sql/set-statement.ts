/** SET name = value: the session and write settings a statement runner keeps, parsed and checked. */
import { bindError } from '../engine/errors.js';
import type { DatabaseStorage } from '../storage/database-storage.js';
import type { Expr, Statement } from './ast/ast.js';
import type { SessionSettings } from './statement-runner.js';

/** Applies `SET name = value` (value null: the default) to `settings`, and to `storage` where it holds the setting. */
export function applySetting(name: string, value: Expr | null, pos: Statement['pos'], settings: SessionSettings, storage: DatabaseStorage | null): void {
  const text = value === null ? null : settingText(value);
  switch (name.toLowerCase()) {
    case 'default_null_order': {
      const v = (text ?? 'nulls_last').toLowerCase();
      if (v !== 'nulls_first' && v !== 'nulls_last' && v !== 'nulls_first_on_asc_last_on_desc') {
        throw bindError(`Unrecognized null order '${text}': expected nulls_first or nulls_last`, pos);
      }
      settings.defaultNullOrder = v === 'nulls_first' ? 'nulls_first' : 'nulls_last';
      return;
    }
    case 'order_by_non_integer_literal':
      settings.orderByNonIntegerLiteral = text === null ? false : /^(true|1|on)$/i.test(text);
      return;
    case 'disabled_optimizers':
      settings.disabledOptimizers = new Set((text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0));
      return;
    case 'durability': {
      const v = (text ?? 'full').toLowerCase();
      if (v !== 'full' && v !== 'relaxed') throw bindError(`durability must be 'full' or 'relaxed', not '${text}'`, pos);
      settings.durability = v;
      return;
    }
    case 'memtable_limit':
      settings.memtableBytes = parseByteSize(text, name, pos);
      return;
    case 'wal_limit':
      settings.walBytes = parseByteSize(text, name, pos);
      return;
    case 'bulk_load_threshold':
      settings.bulkBytes = parseByteSize(text, name, pos);
      if (storage !== null) storage.bulkBytes = settings.bulkBytes;
      return;
    case 'block_cache_size':
      // The decoded-block cache of a stored database: what scans keep between queries.
      storage?.cache.resize(parseByteSize(text, name, pos));
      return;
    case 'compaction': {
      const v = (text ?? 'tiered').toLowerCase();
      if (v !== 'tiered' && v !== 'leveled' && v !== 'none') throw bindError(`compaction must be 'tiered', 'leveled' or 'none', not '${text}'`, pos);
      settings.compaction = v;
      return;
    }
    case 'compaction_segments': {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 2) throw bindError(`compaction_segments must be an integer of at least 2, not '${text}'`, pos);
      settings.compactionRun = n;
      return;
    }
    // Accepted for compatibility with DuckDB scripts; they do not change results here.
    case 'debug_force_external':
    case 'threads':
    case 'memory_limit':
    case 'enable_progress_bar':
      return;
    default:
      throw bindError(`unrecognized configuration parameter "${name}"`, pos);
  }
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `1048576`, `'64MB'`, `'1 GiB'` → bytes. */
function parseByteSize(text: string | null, name: string, pos: Statement['pos']): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text ?? '');
  const unit = m === null ? undefined : BYTE_UNITS[m[2].toLowerCase()];
  if (m === null || unit === undefined) throw bindError(`${name} expects a size such as 65536 or '64MiB', not '${text}'`, pos);
  return Math.floor(Number(m[1]) * unit);
}

function settingText(e: Expr): string {
  if (e.kind === 'literal') return String(e.value);
  if (e.kind === 'column') return e.name;
  throw bindError('SET expects a literal value', e.pos);
}
