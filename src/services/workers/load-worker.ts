import { DomainError } from '../../core/errors.ts';
import type { Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';

export async function loadWorker(
  repos: Repos,
  accountId: string,
  workerHandle: string,
  opts: { forUpdate?: boolean; allowDeleted?: boolean } = {},
): Promise<Worker> {
  const worker = await repos.workers.find(accountId, workerHandle, opts);
  if (!worker) {
    throw new DomainError('worker_not_found', `Worker not found for handle ${workerHandle}`, { workerHandle });
  }
  if (worker.deletedAt && !opts.allowDeleted) {
    throw new DomainError('worker_deleted', 'Worker with the given handle is in deleted state. Please undelete it using Workers API', { workerHandle });
  }
  return worker;
}

/** The worker that owns `deviceId` in this account (another account's device is "not found"). */
export async function loadWorkerByDevice(repos: Repos, accountId: string, deviceId: string): Promise<Worker> {
  const device = await repos.workers.findDevice(deviceId);
  if (!device || device.accountId !== accountId) {
    throw new DomainError('device_not_found', 'Device could not be found', { deviceId });
  }
  return loadWorker(repos, accountId, device.workerHandle);
}
