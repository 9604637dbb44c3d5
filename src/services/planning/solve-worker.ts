import { parentPort } from 'node:worker_threads';
import { SessionHost, type WorkerRequest } from './solve-task.ts';

// One solver per thread: each message is a request, each reply its result (or its error).
const host = new SessionHost();
parentPort?.on('message', (request: WorkerRequest) => {
  try {
    parentPort?.postMessage({ ok: true, result: host.handle(request) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
