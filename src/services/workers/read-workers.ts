import type { Worker } from '../../core/worker.ts';
import type { WorkerFilter } from '../../store/repos/worker.repo.ts';
import type { Deps } from '../deps.ts';
import { loadWorker } from './load-worker.ts';

export const getWorker = (deps: Deps, accountId: string, workerHandle: string, includeDeleted = false) =>
  loadWorker(deps.store.repos, accountId, workerHandle, { allowDeleted: includeDeleted });

/** Keyset pagination on worker_handle; `next` is the last handle of a full page. */
export async function listWorkers(
  deps: Deps,
  accountId: string,
  filter: WorkerFilter,
  page: { limit: number; after?: string },
): Promise<{ workers: Worker[]; next: string | null }> {
  const workers = await deps.store.repos.workers.list(accountId, filter, { ...page, limit: page.limit + 1 });
  const more = workers.length > page.limit;
  const shown = more ? workers.slice(0, page.limit) : workers;
  return { workers: shown, next: more ? (shown.at(-1)?.workerHandle ?? null) : null };
}
