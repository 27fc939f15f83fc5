/** Date arithmetic operators: `+` and `-` between DATE, TIMESTAMP, INTEGER and INTERVAL values. */
import { BIGINT, DATE, type DataType, INTEGER, isIntegral, TIMESTAMP } from '../../types/data-type.js';
import { addIntervalToDate, addIntervalToTimestamp, type Interval } from '../../types/date-time.js';
import type { ResolvedScalarFunction, ScalarFunctionDef } from './scalar-function.js';

/**
 * Types follow DuckDB: DATE ± INTEGER is a DATE (days), DATE - DATE is a BIGINT number of days,
 * DATE ± INTERVAL and TIMESTAMP ± INTERVAL are TIMESTAMPs, INTERVAL + DATE/TIMESTAMP too.
 * The binder routes every `+`/`-` with a temporal operand here as `date_add_op`/`date_sub_op`.
 */
function resolveArith(sign: 1 | -1, args: DataType[]): ResolvedScalarFunction | null {
  if (args.length !== 2) return null;
  const [a, b] = args.map((t) => (t.id === 'null' ? null : t));
  const id = (t: DataType | null) => (t === null ? 'null' : isIntegral(t) ? 'int' : t.id);
  const key = `${id(a)}:${id(b)}`;
  switch (key) {
    case 'date:int':
    case 'date:null':
      return { argTypes: [DATE, INTEGER], returnType: DATE, impl: (d: number, n: number) => d + sign * n };
    case 'int:date':
      return sign === 1 ? { argTypes: [INTEGER, DATE], returnType: DATE, impl: (n: number, d: number) => d + n } : null;
    case 'date:date':
      return sign === -1 ? { argTypes: [DATE, DATE], returnType: BIGINT, impl: (x: number, y: number) => x - y } : null;
    case 'date:interval':
      return { argTypes: [DATE, args[1]], returnType: TIMESTAMP, impl: (d: number, iv: Interval) => addIntervalToDate(d, iv, sign) };
    case 'timestamp:interval':
      return {
        argTypes: [TIMESTAMP, args[1]],
        returnType: TIMESTAMP,
        impl: (t: number, iv: Interval) => addIntervalToTimestamp(t, iv, sign),
      };
    case 'interval:date':
      return sign === 1
        ? { argTypes: [args[0], DATE], returnType: TIMESTAMP, impl: (iv: Interval, d: number) => addIntervalToDate(d, iv, 1) }
        : null;
    case 'interval:timestamp':
      return sign === 1
        ? { argTypes: [args[0], TIMESTAMP], returnType: TIMESTAMP, impl: (iv: Interval, t: number) => addIntervalToTimestamp(t, iv, 1) }
        : null;
    case 'timestamp:date':
    case 'date:timestamp':
      // Both as timestamps; the difference in days as a DOUBLE is not an INTERVAL, so refuse.
      return null;
    default:
      return null;
  }
}

export const DATE_ARITHMETIC_FUNCTIONS: ScalarFunctionDef[] = [
  { name: 'date_add_op', resolve: (args) => resolveArith(1, args) },
  { name: 'date_sub_op', resolve: (args) => resolveArith(-1, args) },
];
