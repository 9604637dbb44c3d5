import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Plan } from '../../core/planning/model.ts';
import type { SolveOutcome, SolveTask } from './solve-task.ts';

type Reply = { ok: true; outcome: SolveOutcome } | { ok: false; error: string };

interface Pending {
  readonly task: SolveTask;
  readonly resolve: (o: SolveOutcome) => void;
  readonly reject: (e: Error) => void;
}

const WORKER = new URL('./solve-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
// The sources run as TypeScript through tsx (bin/dropline.js): each worker registers it first.
const BOOT = `import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER)}); })`;

/**
 * A fixed set of solver threads, one task each at a time. The core solver is single-threaded;
 * this is how the planner uses every core: independent runs side by side.
 */
export class PlannerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly all: Worker[] = [];

  constructor(readonly size = Math.max(1, availableParallelism())) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(BOOT, { eval: true });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  solve(task: SolveTask): Promise<SolveOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      const onError = (e: Error) => {
        worker.off('message', onMessage);
        job.reject(e);
      };
      const onMessage = (reply: Reply) => {
        worker.off('error', onError);
        this.idle.push(worker);
        if (reply.ok) job.resolve(reply.outcome);
        else job.reject(new Error(reply.error));
        this.pump();
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(job.task);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/** Hierarchical comparison of two plans: unassigned weight, then vehicles, then travel cost. */
export function isBetterPlan(a: Plan, b: Plan, minimiseVehicles: boolean): boolean {
  const x = a.summary;
  const y = b.summary;
  if (x.unassignedWeight !== y.unassignedWeight) return x.unassignedWeight < y.unassignedWeight;
  if (minimiseVehicles && x.vehicles !== y.vehicles) return x.vehicles < y.vehicles;
  return x.travelCost < y.travelCost;
}

/** One instance on every thread of the pool with different seeds; the best plan wins. */
export async function solveOnAllThreads(pool: PlannerPool, task: Omit<SolveTask, 'seed'>, firstSeed = 1): Promise<SolveOutcome> {
  const runs = await Promise.all(Array.from({ length: pool.size }, (_, i) => pool.solve({ ...task, seed: firstSeed + i })));
  return runs.reduce((best, run) => (isBetterPlan(run.plan, best.plan, task.instance.objective.minimiseVehicles) ? run : best));
}
