import type { PlanningInstance } from '../../core/planning/model.ts';
import { type SolveResult, solve } from '../../core/planning/solve.ts';

/** One solver run as a worker receives it: plain data, so it survives structured clone. */
export interface SolveTask {
  readonly instance: PlanningInstance;
  readonly seed: number;
  /** Wall-clock budget; the worker turns it into the core's `elapsed()` share. */
  readonly budgetMs?: number;
  readonly maxIterations?: number;
  readonly constructionOnly?: boolean;
  readonly fleetShare?: number;
  readonly startTemperature?: number;
  readonly finalTemperature?: number;
  readonly averageRemoved?: number;
}

export interface SolveOutcome extends SolveResult {
  readonly ms: number;
}

/** Runs a task on this thread; the clock lives here, in services, never in core. */
export function runSolveTask(task: SolveTask): SolveOutcome {
  const t0 = performance.now();
  const budget = task.budgetMs;
  const result = solve(task.instance, {
    seed: task.seed,
    ...(task.maxIterations === undefined ? {} : { maxIterations: task.maxIterations }),
    ...(budget === undefined ? {} : { elapsed: () => (performance.now() - t0) / budget }),
    ...(task.constructionOnly ? { constructionOnly: true } : {}),
    ...(task.fleetShare === undefined ? {} : { fleetShare: task.fleetShare }),
    ...(task.startTemperature === undefined ? {} : { startTemperature: task.startTemperature }),
    ...(task.finalTemperature === undefined ? {} : { finalTemperature: task.finalTemperature }),
    ...(task.averageRemoved === undefined ? {} : { averageRemoved: task.averageRemoved }),
  });
  return { ...result, ms: performance.now() - t0 };
}
