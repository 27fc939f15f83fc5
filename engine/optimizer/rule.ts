/** OptimizerRule: the contract every logical rewrite rule implements. */
import type { CubeDefinition } from '../cube/cube-definition.js';
import type { LogicalPlan } from '../plan/logical-plan.js';

/** What rules may consult besides the plan. */
export interface OptimizerContext {
  /** Materialized cubes that are current (answer-from-cube reads them). */
  readonly cubes?: readonly CubeDefinition[];
}

/**
 * A rule returns a plan that computes the same rows with the same output columns (the driver
 * checks the columns). `rewrite` handles the whole tree itself (most rules recurse bottom-up
 * with `transformPlanUp`). `name` is the file name, shown in traces and accepted by
 * `SET disabled_optimizers = '...'`.
 */
export interface OptimizerRule {
  readonly name: string;
  rewrite(plan: LogicalPlan, context?: OptimizerContext): LogicalPlan;
}
