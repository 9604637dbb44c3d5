import type { Worker } from '../../core/worker.ts';
import type { Deps } from '../deps.ts';
import { workerEvents } from '../webhooks/streams.ts';
import { loadWorker } from './load-worker.ts';

/** DELETE /workers/{h} marks the worker deleted (its history stays); undelete clears the mark. */
export async function setWorkerDeleted(deps: Deps, accountId: string, workerHandle: string, deleted: boolean): Promise<Worker> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const w = await loadWorker(repos, accountId, workerHandle, { forUpdate: true, allowDeleted: true });
    const updated = { ...w, deletedAt: deleted ? (w.deletedAt ?? now) : null, updatedAt: now };
    await repos.workers.update(updated);
    await repos.webhookOutbox.enqueue(workerEvents(w, updated, now));
    return updated;
  });
}
