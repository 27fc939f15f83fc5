/** `range(...)` and `generate_series(...)`: integer sequences in FROM, as in DuckDB and PostgreSQL. */
import { bindError } from '../../engine/errors.js';
import { BIGINT } from '../../engine/types/data-type.js';
import { registerTableFunction, type TableFunctionArg, type TableFunctionContext, temporaryTable } from './table-functions.js';

/** Largest sequence materialized (8 bytes a row): table function results are built at bind time. */
const MAX_ROWS = 100_000_000;

/**
 * DuckDB's forms: `range(stop)`, `range(start, stop[, step])` with `stop` excluded;
 * `generate_series` likewise but with `stop` included. The one BIGINT column is named after the
 * function. A zero step is an error; a step away from `stop` gives no rows.
 */
function series(name: 'range' | 'generate_series', inclusive: boolean) {
  return (args: TableFunctionArg[], _named: Record<string, TableFunctionArg>, ctx: TableFunctionContext) => {
    if (args.length < 1 || args.length > 3) throw bindError(`${name}() takes 1 to 3 integer arguments: ${name}([start, ] stop [, step])`, ctx.pos);
    for (const a of args) {
      if (a === null) return temporaryTable(name, [[name, BIGINT]], { [name]: [] }, 0);
      if (typeof a !== 'number' || !Number.isInteger(a)) throw bindError(`${name}() takes integer arguments, not ${JSON.stringify(a)}`, ctx.pos);
    }
    const nums = args as number[];
    const [start, stop] = nums.length === 1 ? [0, nums[0]] : [nums[0], nums[1]];
    const step = nums[2] ?? 1;
    if (step === 0) throw bindError(`${name}() step cannot be 0`, ctx.pos);
    const end = inclusive ? stop + Math.sign(step) : stop;
    const n = Math.max(0, Math.ceil((end - start) / step));
    if (n > MAX_ROWS) throw bindError(`${name}() would produce ${n} rows; at most ${MAX_ROWS} are supported`, ctx.pos);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = start + i * step;
    return temporaryTable(name, [[name, BIGINT]], { [name]: values as unknown as number[] }, n);
  };
}

registerTableFunction({ name: 'range', bind: series('range', false) });
registerTableFunction({ name: 'generate_series', bind: series('generate_series', true) });
