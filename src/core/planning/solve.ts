import type { Plan, PlanningInstance } from './model.ts';
import type { PhaseBudget } from './search.ts';
import { type SessionOptions, SolverSession } from './session.ts';

export interface SolveOptions extends SessionOptions {
  /** Iteration cap; with no `elapsed`, the run is fully deterministic. */
  readonly maxIterations?: number;
  /** Share of the caller's time budget used so far (0 → 1); the core never reads a clock. */
  readonly elapsed?: () => number;
  /** Share of the budget given to fleet minimisation when the objective minimises vehicles. */
  readonly fleetShare?: number;
  /** Share of the whole budget a fleet-reduction attempt may run without success before giving up. */
  readonly fleetPatience?: number;
  /** Stop after the construction (the benchmark's baseline). */
  readonly constructionOnly?: boolean;
}

export interface SolveResult {
  readonly plan: Plan;
  readonly iterations: number;
  readonly fleetIterations: number;
}

export const DEFAULT_ITERATIONS = 5000;
export const DEFAULT_FLEET_SHARE = 0.5;
export const DEFAULT_FLEET_PATIENCE = 0.3;

/** Splits one budget into consecutive phases [from, to) of the overall progress. */
function phase(overall: (it: number) => number, from: number, to: number, offset: () => number): PhaseBudget {
  return { progress: (it) => (overall(offset() + it) - from) / (to - from) };
}

export function solve(instance: PlanningInstance, options: SolveOptions): SolveResult {
  const session = new SolverSession(instance, options);
  if (options.constructionOnly) return { plan: session.plan(), iterations: 0, fleetIterations: 0 };
  const cap = options.maxIterations ?? (options.elapsed ? Infinity : DEFAULT_ITERATIONS);
  const overall = (it: number) => Math.max(cap === Infinity ? 0 : it / cap, options.elapsed ? options.elapsed() : 0);
  const share = instance.objective.minimiseVehicles ? (options.fleetShare ?? DEFAULT_FLEET_SHARE) : 0;
  let fleetIterations = 0;
  if (share > 0) {
    const patience = (options.fleetPatience ?? DEFAULT_FLEET_PATIENCE) / share;
    fleetIterations = session.minimiseFleet(
      phase(overall, 0, share, () => 0),
      patience,
    ).iterations;
  }
  // The fleet phase may stop early (capacity bound reached, or out of patience): annealing gets all that is left.
  const start = share > 0 ? Math.min(share, overall(fleetIterations)) : 0;
  const { iterations } = session.anneal(phase(overall, start, 1, () => fleetIterations));
  return { plan: session.plan(), iterations: iterations + fleetIterations, fleetIterations };
}
