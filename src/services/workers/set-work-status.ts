import type { Worker } from '../../core/worker.ts';
import type { Deps } from '../deps.ts';
import { workerEvents } from '../webhooks/streams.ts';
import { loadWorker } from './load-worker.ts';

/** POST /workers/{h}/work_status: the worker says whether it is available for work. */
export async function setWorkStatus(deps: Deps, accountId: string, workerHandle: string, available: boolean): Promise<Worker> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const w = await loadWorker(repos, accountId, workerHandle, { forUpdate: true });
    const updated = { ...w, available, updatedAt: now };
    await repos.workers.update(updated);
    await repos.webhookOutbox.enqueue(workerEvents(w, updated, now));
    return updated;
  });
}
