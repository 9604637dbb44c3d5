import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SolveOutcome, SolveTask, WorkerRequest } from './solve-task.ts';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

interface Pending {
  readonly count: number;
  readonly run: (workers: SolverThread[]) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: Error) => void;
}

const WORKER = new URL('./solve-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
// The sources run as TypeScript through tsx (bin/dropline.js): each worker registers it first.
const BOOT = `import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER)}); })`;

/** One solver thread: requests go in order, one reply each. */
export class SolverThread {
  private readonly worker = new Worker(BOOT, { eval: true });

  request<T>(message: WorkerRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => {
        this.worker.off('message', onMessage);
        reject(e);
      };
      const onMessage = (reply: Reply) => {
        this.worker.off('error', onError);
        if (reply.ok) resolve(reply.result as T);
        else reject(new Error(reply.error));
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(message);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * A fixed set of solver threads. The core solver is single-threaded; a job reserves one thread
 * (independent runs side by side) or several (one search split over them, see cooperative.ts),
 * and waits in turn until that many are idle.
 */
export class PlannerPool {
  private readonly idle: SolverThread[] = [];
  private readonly queue: Pending[] = [];
  private readonly all: SolverThread[] = [];

  constructor(readonly size = Math.max(1, availableParallelism())) {
    for (let i = 0; i < size; i++) {
      const t = new SolverThread();
      this.all.push(t);
      this.idle.push(t);
    }
  }

  /** One independent run on one thread. */
  solve(task: SolveTask): Promise<SolveOutcome> {
    return this.withThreads(1, ([thread]) => thread!.request<SolveOutcome>({ type: 'solve', task }));
  }

  /** Runs `job` with `count` threads (at most the pool's size) reserved for it. */
  withThreads<T>(count: number, job: (threads: SolverThread[]) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ count: Math.min(Math.max(1, count), this.size), run: job, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.queue[0]!.count <= this.idle.length) {
      const job = this.queue.shift()!;
      const threads = this.idle.splice(0, job.count);
      job
        .run(threads)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.idle.push(...threads);
          this.pump();
        });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((t) => t.terminate()));
  }
}
