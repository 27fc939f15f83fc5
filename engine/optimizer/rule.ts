/** OptimizerRule: the contract every logical rewrite rule implements. */
import type { LogicalPlan } from '../plan/logical-plan.js';

/**
 * A rule returns a plan that computes the same rows with the same output columns (the driver
 * checks the columns). `rewrite` handles the whole tree itself (most rules recurse bottom-up
 * with `transformPlanUp`). `name` is the file name, shown in traces and accepted by
 * `SET disabled_optimizers = '...'`.
 */
export interface OptimizerRule {
  readonly name: string;
  rewrite(plan: LogicalPlan): LogicalPlan;
}
