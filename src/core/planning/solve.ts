import { regretInsertion } from './construct.ts';
import type { Plan, PlanningInstance, PlanSequences } from './model.ts';
import { loadPlan, toPlan } from './plan-codec.ts';
import { buildProblem } from './problem.ts';
import { createRng } from './rng.ts';
import { type AnnealingParams, anneal, minimiseFleet, type PhaseBudget, SISR_ANNEALING } from './search.ts';
import { Solution } from './solution.ts';

export interface SolveOptions {
  readonly seed: number;
  /** Iteration cap; with no `elapsed`, the run is fully deterministic. */
  readonly maxIterations?: number;
  /** Share of the caller's time budget used so far (0 → 1); the core never reads a clock. */
  readonly elapsed?: () => number;
  /** Share of the budget given to fleet minimisation when the objective minimises vehicles. */
  readonly fleetShare?: number;
  /** Annealing temperatures in units of the start solution's average arc cost. */
  readonly startTemperature?: number;
  readonly finalTemperature?: number;
  /** SISR's c̄: customers removed per move on average. */
  readonly averageRemoved?: number;
  /** Stop after the construction (the benchmark's baseline). */
  readonly constructionOnly?: boolean;
  /** Start from this plan instead of an empty one (its started prefixes stay fixed). */
  readonly initial?: PlanSequences;
}

export interface SolveResult {
  readonly plan: Plan;
  readonly iterations: number;
  readonly fleetIterations: number;
}

const DEFAULT_ITERATIONS = 5000;

/** Splits one budget into consecutive phases [from, to) of the overall progress. */
function phase(overall: (it: number) => number, from: number, to: number, offset: () => number): PhaseBudget {
  return { progress: (it) => (overall(offset() + it) - from) / (to - from) };
}

export function solve(instance: PlanningInstance, options: SolveOptions): SolveResult {
  const problem = buildProblem(instance);
  const s = new Solution(problem);
  if (options.initial) loadPlan(s, options.initial);
  regretInsertion(s);
  if (options.constructionOnly) return { plan: toPlan(s), iterations: 0, fleetIterations: 0 };

  const rng = createRng(options.seed);
  const params: AnnealingParams = {
    ...SISR_ANNEALING,
    ruin: { ...SISR_ANNEALING.ruin, averageRemoved: options.averageRemoved ?? SISR_ANNEALING.ruin.averageRemoved },
    startTemperature: options.startTemperature ?? SISR_ANNEALING.startTemperature,
    finalTemperature: options.finalTemperature ?? SISR_ANNEALING.finalTemperature,
  };
  const cap = options.maxIterations ?? (options.elapsed ? Infinity : DEFAULT_ITERATIONS);
  const overall = (it: number) => Math.max(cap === Infinity ? 0 : it / cap, options.elapsed ? options.elapsed() : 0);
  const share = instance.objective.minimiseVehicles ? (options.fleetShare ?? 0.5) : 0;
  let fleetIterations = 0;
  if (share > 0) {
    fleetIterations = minimiseFleet(
      s,
      rng,
      phase(overall, 0, share, () => 0),
      params,
    ).iterations;
  }
  // The fleet phase may stop early (capacity bound reached): annealing gets all that is left.
  const start = share > 0 ? Math.min(share, overall(fleetIterations)) : 0;
  const { iterations } = anneal(
    s,
    rng,
    phase(overall, start, 1, () => fleetIterations),
    params,
  );
  return { plan: toPlan(s), iterations: iterations + fleetIterations, fleetIterations };
}
