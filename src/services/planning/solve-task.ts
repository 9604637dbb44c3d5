import type { PlanningInstance } from '../../core/planning/model.ts';
import { type SessionOptions, SolverSession } from '../../core/planning/session.ts';
import type { Snapshot } from '../../core/planning/solution.ts';
import { type SolveResult, solve } from '../../core/planning/solve.ts';

/** The solver's tuning knobs, as a worker receives them. */
export interface SolveKnobs {
  readonly fleetShare?: number;
  readonly fleetPatience?: number;
  readonly startTemperature?: number;
  readonly finalTemperature?: number;
  readonly averageRemoved?: number;
}

/** One solver run as a worker receives it: plain data, so it survives structured clone. */
export interface SolveTask extends SolveKnobs {
  readonly instance: PlanningInstance;
  readonly seed: number;
  /** Wall-clock budget; the worker turns it into the core's `elapsed()` share. */
  readonly budgetMs?: number;
  readonly maxIterations?: number;
  readonly constructionOnly?: boolean;
}

export interface SolveOutcome extends SolveResult {
  readonly ms: number;
}

/** A slice of a search the pool splits over threads: a time box or an iteration count. */
export type SliceLimit = { readonly budgetMs: number } | { readonly iterations: number };

/** Messages a solver thread answers, one reply each. */
export type WorkerRequest =
  | { readonly type: 'solve'; readonly task: SolveTask }
  | { readonly type: 'open'; readonly id: number; readonly instance: PlanningInstance; readonly options: SessionOptions }
  | { readonly type: 'fleet'; readonly id: number; readonly limit: SliceLimit; readonly patience: number }
  | { readonly type: 'anneal'; readonly id: number; readonly limit: SliceLimit; readonly from: number; readonly to: number; readonly adopt?: Snapshot }
  | { readonly type: 'plan'; readonly id: number; readonly adopt?: Snapshot }
  | { readonly type: 'close'; readonly id: number };

export interface SliceOutcome {
  readonly best: Snapshot;
  readonly iterations: number;
}

/** Runs a task on this thread; the clock lives here, in services, never in core. */
export function runSolveTask(task: SolveTask): SolveOutcome {
  const t0 = performance.now();
  const budget = task.budgetMs;
  const { instance, budgetMs: _b, maxIterations, constructionOnly, ...knobs } = task;
  const result = solve(instance, {
    ...knobs,
    ...(maxIterations === undefined ? {} : { maxIterations }),
    ...(budget === undefined ? {} : { elapsed: () => (performance.now() - t0) / budget }),
    ...(constructionOnly ? { constructionOnly: true } : {}),
  });
  return { ...result, ms: performance.now() - t0 };
}

/** A slice's progress function from its limit, with the clock started now. */
function sliceProgress(limit: SliceLimit): (it: number) => number {
  if ('iterations' in limit) return (it) => (limit.iterations <= 0 ? 1 : it / limit.iterations);
  const t0 = performance.now();
  return () => (performance.now() - t0) / limit.budgetMs;
}

/** The sessions a solver thread holds between slices, by the pool's id. */
export class SessionHost {
  private readonly sessions = new Map<number, SolverSession>();

  handle(request: WorkerRequest): unknown {
    switch (request.type) {
      case 'solve':
        return runSolveTask(request.task);
      case 'open':
        this.sessions.set(request.id, new SolverSession(request.instance, request.options));
        return null;
      case 'fleet':
        return this.session(request.id).minimiseFleet({ progress: sliceProgress(request.limit) }, request.patience);
      case 'anneal': {
        const session = this.session(request.id);
        if (request.adopt) session.adopt(request.adopt);
        return session.anneal({ progress: sliceProgress(request.limit) }, request.from, request.to);
      }
      case 'plan': {
        const session = this.session(request.id);
        if (request.adopt) session.adopt(request.adopt);
        return session.plan();
      }
      case 'close':
        this.sessions.delete(request.id);
        return null;
    }
  }

  private session(id: number): SolverSession {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no solver session ${id} on this thread`);
    return s;
  }
}
