import type { Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { workerEvents } from '../webhooks/streams.ts';
import { loadWorker } from './load-worker.ts';

/** POST /workers/{h}/work_status: the worker says whether it is available for work. */
export async function setWorkStatus(deps: Deps, accountId: string, workerHandle: string, available: boolean): Promise<Worker> {
  const now = deps.clock.now();
  return deps.store.transaction((repos) => applyWorkStatus(repos, accountId, workerHandle, available, now));
}

/** The work status change inside a caller's transaction (the driver app's shift records its action with it). */
export async function applyWorkStatus(repos: Repos, accountId: string, workerHandle: string, available: boolean, now: Date): Promise<Worker> {
  const w = await loadWorker(repos, accountId, workerHandle, { forUpdate: true });
  const updated = { ...w, available, updatedAt: now };
  await repos.workers.update(updated);
  await repos.webhookOutbox.enqueue(workerEvents(w, updated, now));
  return updated;
}
