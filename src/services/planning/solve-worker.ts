import { parentPort } from 'node:worker_threads';
import { runSolveTask, type SolveTask } from './solve-task.ts';

// One solver per thread: each message is a task, each reply its outcome (or its error).
parentPort?.on('message', (task: SolveTask) => {
  try {
    parentPort?.postMessage({ ok: true, outcome: runSolveTask(task) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
