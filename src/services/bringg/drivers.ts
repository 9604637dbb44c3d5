import { DomainError } from '../../core/errors.ts';
import type { Repos } from '../../store/store.ts';
import type { Worker } from '../../core/worker.ts';
import { loadWorker } from '../workers/load-worker.ts';
import { userIdFor } from './task-records.ts';

/** How a Bringg request names a driver: its Bringg `user_id`, or its external id (= worker handle). */
export interface DriverRef {
  userId?: number | null;
  externalUserId?: string | null;
}

export const hasDriver = (d: DriverRef): boolean => d.userId != null || d.externalUserId != null;

const driverNotFound = (d: DriverRef) => new DomainError('worker_not_found', 'Driver was not found based on user_external_id or user_id', { ...d });

/** The worker handle a Bringg driver reference names; a Dropline worker is a Bringg user. */
export async function resolveDriver(repos: Repos, accountId: string, d: DriverRef): Promise<string> {
  if (d.userId != null) {
    const user = await repos.bringg.findUser(accountId, { userId: d.userId });
    if (!user) throw driverNotFound(d);
    return user.workerHandle;
  }
  if (d.externalUserId == null) throw driverNotFound(d);
  const found = await repos.workers.find(accountId, d.externalUserId);
  if (!found || found.deletedAt) throw driverNotFound(d);
  const worker = await loadWorker(repos, accountId, d.externalUserId);
  await userIdFor(repos, accountId, worker.workerHandle);
  return worker.workerHandle;
}

/**
 * The driver as plain reads alone settle it (for the one-statement create): its Bringg user and
 * its worker. Null when the transaction must decide: a driver not found or deleted (its error
 * comes from there), or a worker Bringg has never shown, whose user id is allocated by a write.
 */
export async function findKnownDriver(repos: Repos, accountId: string, d: DriverRef): Promise<{ userId: number; worker: Worker } | null> {
  const user =
    d.userId != null
      ? await repos.bringg.findUser(accountId, { userId: d.userId })
      : d.externalUserId != null
        ? await repos.bringg.findUser(accountId, { workerHandle: d.externalUserId })
        : null;
  if (!user) return null;
  const worker = await repos.workers.find(accountId, user.workerHandle);
  return worker && !worker.deletedAt ? { userId: user.userId, worker } : null;
}
