import type { Plan } from '../../core/planning/model.ts';
import type { Snapshot } from '../../core/planning/solution.ts';
import { DEFAULT_FLEET_PATIENCE, DEFAULT_FLEET_SHARE, DEFAULT_ITERATIONS } from '../../core/planning/solve.ts';
import type { PlannerPool, SolverThread } from './planner-pool.ts';
import type { SliceLimit, SliceOutcome, SolveOutcome, SolveTask } from './solve-task.ts';

/** How many times per run the threads swap their best solutions. */
const DEFAULT_EPOCHS = 10;
let nextSession = 1;

export interface CooperativeTask extends Omit<SolveTask, 'seed' | 'constructionOnly'> {
  /** Thread i searches with seed firstSeed + i. */
  readonly firstSeed?: number;
  /** Annealing slices; after each, every thread continues from the best solution so far. */
  readonly epochs?: number;
}

const cheaper = (a: SliceOutcome, b: SliceOutcome) => (a.best.cost < b.best.cost - 1e-9 ? a : b);

/**
 * One instance on every thread of the pool as one search: each thread runs its own fleet
 * minimisation, then the annealing schedule is cut into epochs and, between epochs, every
 * thread adopts the cheapest solution any of them has (a synchronous parallel annealing with
 * periodic best-solution exchange). With an iteration cap instead of a time budget the result is
 * deterministic for a given seed.
 */
export function solveOnAllThreads(pool: PlannerPool, task: CooperativeTask): Promise<SolveOutcome> {
  return pool.withThreads(pool.size, (threads) => cooperate(threads, task));
}

async function cooperate(threads: SolverThread[], task: CooperativeTask): Promise<SolveOutcome> {
  const t0 = performance.now();
  const id = nextSession++;
  const firstSeed = task.firstSeed ?? 1;
  const { instance, budgetMs, maxIterations, fleetShare, fleetPatience } = task;
  const options = {
    ...(task.startTemperature === undefined ? {} : { startTemperature: task.startTemperature }),
    ...(task.finalTemperature === undefined ? {} : { finalTemperature: task.finalTemperature }),
    ...(task.averageRemoved === undefined ? {} : { averageRemoved: task.averageRemoved }),
  };
  const all = <T>(make: (thread: SolverThread, i: number) => Promise<T>) => Promise.all(threads.map(make));
  await all((t, i) => t.request({ type: 'open', id, instance, options: { ...options, seed: firstSeed + i } }));
  try {
    const cap = maxIterations ?? (budgetMs === undefined ? DEFAULT_ITERATIONS : undefined);
    const elapsed = () => performance.now() - t0;
    // A time box runs to a share of the budget measured from t0, so the time spent opening
    // sessions and passing messages comes out of the slices instead of adding to the run.
    const limit = (share: number): SliceLimit =>
      cap !== undefined ? { iterations: Math.round(cap * share) } : { budgetMs: Math.max(0, budgetMs! * share - elapsed()) };
    let iterations = 0;
    let fleetIterations = 0;
    let best: Snapshot | undefined;
    let annealShare = 1;
    const share = instance.objective.minimiseVehicles ? (fleetShare ?? DEFAULT_FLEET_SHARE) : 0;
    if (share > 0) {
      const patience = (fleetPatience ?? DEFAULT_FLEET_PATIENCE) / share;
      const runs = await all((t) => t.request<SliceOutcome>({ type: 'fleet', id, limit: limit(share), patience }));
      best = runs.reduce(cheaper).best;
      fleetIterations = Math.max(...runs.map((r) => r.iterations));
      iterations += runs.reduce((n, r) => n + r.iterations, 0);
      // Both threads gave up or hit the bound early: annealing gets what is left (a time box
      // gets it by measuring each epoch from t0).
      if (cap !== undefined) annealShare = 1 - fleetIterations / cap;
    }
    const epochs = Math.max(1, task.epochs ?? DEFAULT_EPOCHS);
    for (let e = 0; e < epochs; e++) {
      const slice: SliceLimit =
        cap !== undefined ? { iterations: Math.round((cap * annealShare) / epochs) } : { budgetMs: Math.max(0, (budgetMs! - elapsed()) / (epochs - e)) };
      const from = e / epochs;
      const to = (e + 1) / epochs;
      const adopt = best;
      const runs = await all((t) => t.request<SliceOutcome>({ type: 'anneal', id, limit: slice, from, to, ...(adopt ? { adopt } : {}) }));
      best = runs.reduce(cheaper).best;
      iterations += runs.reduce((n, r) => n + r.iterations, 0);
    }
    const plan = await threads[0]!.request<Plan>({ type: 'plan', id, ...(best ? { adopt: best } : {}) });
    return { plan, iterations, fleetIterations, ms: performance.now() - t0 };
  } finally {
    await all((t) => t.request({ type: 'close', id }));
  }
}
