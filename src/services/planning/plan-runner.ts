import type { PlanRun } from '../../core/plan-run.ts';
import { PlannerPool } from './planner-pool.ts';

/** How far a run in this process has got: 0 → 1 over loading, solving (by its budget) and writing. */
export type ProgressFn = () => number;

interface Running {
  done: Promise<void>;
  progress: ProgressFn;
}

/**
 * This process's plan runs: the solver threads (started on the first run, so a server that never
 * plans starts none) and the runs under way, with their progress. A run is one promise; nothing
 * waits on it but `settled` and `close`.
 */
export class PlanRunner {
  private threads: PlannerPool | null = null;
  private readonly running = new Map<string, Running>();

  constructor(private readonly poolSize?: number) {}

  get pool(): PlannerPool {
    this.threads ??= new PlannerPool(this.poolSize);
    return this.threads;
  }

  /** Starts `work` for the run; its progress function is set by the work as it goes. */
  launch(run: Pick<PlanRun, 'accountId' | 'planId'>, work: (setProgress: (p: ProgressFn) => void) => Promise<void>): void {
    const key = `${run.accountId}\u0000${run.planId}`;
    // The threads boot (tsx, the solver's modules) while the run reads its orders and matrix.
    void this.pool;
    const entry: Running = { done: Promise.resolve(), progress: () => 0 };
    entry.done = work((p) => {
      entry.progress = p;
    })
      // A run records its own failure; one that could not even do that (the store gone) stays
      // unfinished in the store, and `failInterruptedRuns` settles it when a process starts.
      .catch(() => undefined)
      .finally(() => this.running.delete(key));
    this.running.set(key, entry);
  }

  /** The progress of a run under way in this process; null when none is. */
  progress(accountId: string, planId: string): number | null {
    const r = this.running.get(`${accountId}\u0000${planId}`);
    return r ? Math.min(1, Math.max(0, r.progress())) : null;
  }

  /** Resolves once every run started so far has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  async close(): Promise<void> {
    await this.settled();
    await this.threads?.close();
    this.threads = null;
  }
}
