/** Scalar functions over HyperLogLog sketch texts (the aggregates hll_sketch and hll_union make them). */
import { sketchEstimate } from '../../exec/hash/hll-aggregate-state.js';
import { BIGINT, VARCHAR } from '../../types/data-type.js';
import type { ScalarFunctionDef } from './scalar-function.js';

/** hll_estimate(sketch): the distinct count a sketch estimates (what approx_count_distinct returns); a clear error for text that is not a sketch. */
const hllEstimate: ScalarFunctionDef = {
  name: 'hll_estimate',
  resolve(args) {
    if (args.length !== 1 || (args[0].id !== 'varchar' && args[0].id !== 'null')) return null;
    return { argTypes: [VARCHAR], returnType: BIGINT, impl: sketchEstimate };
  },
};

/** The sketch functions, registered by scalar-function.ts. */
export const SKETCH_FUNCTIONS: ScalarFunctionDef[] = [hllEstimate];
