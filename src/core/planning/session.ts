import { regretInsertion } from './construct.ts';
import type { Plan, PlanningInstance, PlanSequences } from './model.ts';
import { loadPlan, toPlan } from './plan-codec.ts';
import { buildProblem } from './problem.ts';
import { createRng, type Rng } from './rng.ts';
import { type AnnealingParams, anneal, minimiseFleet, type PhaseBudget, SISR_ANNEALING, temperatureUnit } from './search.ts';
import { type Snapshot, Solution } from './solution.ts';

export interface SessionOptions {
  readonly seed: number;
  /** Annealing temperatures in units of the start solution's average arc cost. */
  readonly startTemperature?: number;
  readonly finalTemperature?: number;
  /** SISR's c̄: customers removed per move on average. */
  readonly averageRemoved?: number;
  /** Start from this plan instead of an empty one (its started prefixes stay fixed). */
  readonly initial?: PlanSequences;
}

export interface PhaseResult {
  readonly best: Snapshot;
  readonly iterations: number;
}

/**
 * One instance under search, kept between phases: the problem's typed arrays and neighbour lists
 * are built once, the solution and the random stream carry on. `solve` runs the phases back to
 * back; a caller with several threads runs them in slices and moves the best solution between
 * sessions (`adopt`), since every session of one instance numbers its stops alike.
 */
export class SolverSession {
  private readonly s: Solution;
  private readonly rng: Rng;
  private readonly params: AnnealingParams;
  private unit: number | undefined;

  constructor(
    readonly instance: PlanningInstance,
    options: SessionOptions,
  ) {
    this.s = new Solution(buildProblem(instance));
    if (options.initial) loadPlan(this.s, options.initial);
    regretInsertion(this.s);
    this.rng = createRng(options.seed);
    this.params = {
      ...SISR_ANNEALING,
      ruin: { ...SISR_ANNEALING.ruin, averageRemoved: options.averageRemoved ?? SISR_ANNEALING.ruin.averageRemoved },
      startTemperature: options.startTemperature ?? SISR_ANNEALING.startTemperature,
      finalTemperature: options.finalTemperature ?? SISR_ANNEALING.finalTemperature,
    };
  }

  /** Fleet minimisation within `budget`; an attempt with no success for `patience` of it gives up. */
  minimiseFleet(budget: PhaseBudget, patience = Infinity): PhaseResult {
    return minimiseFleet(this.s, this.rng, budget, this.params, patience);
  }

  /**
   * Annealing over the share [from, to) of one cooling schedule. The schedule's temperature unit
   * is the average arc of the solution its first slice started from.
   */
  anneal(budget: PhaseBudget, from = 0, to = 1): PhaseResult {
    this.unit ??= temperatureUnit(this.s);
    return anneal(this.s, this.rng, budget, this.params, { from, to, unit: this.unit });
  }

  /** Continues from another session's solution of the same instance. */
  adopt(best: Snapshot): void {
    this.s.restore(best);
  }

  snapshot(): Snapshot {
    return this.s.snapshot();
  }

  plan(): Plan {
    return toPlan(this.s);
  }
}
