import { DomainError } from '../../core/errors.ts';
import { currentDevice, type Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import { loadWorker, loadWorkerByDevice } from './load-worker.ts';

export interface Tracker {
  worker: Worker;
  deviceId: string;
}

/**
 * The worker and device that will track orders, from a `worker_handle` or a `device_id`
 * (HyperTrack /orders/track: "One of device_id or worker handle is mandatory").
 */
export async function resolveTracker(repos: Repos, accountId: string, by: { workerHandle?: string | null; deviceId?: string | null }): Promise<Tracker> {
  if (by.workerHandle) {
    const worker = await loadWorker(repos, accountId, by.workerHandle);
    if (by.deviceId && !worker.deviceIds.includes(by.deviceId)) {
      throw new DomainError('device_not_found', 'Device could not be found', { deviceId: by.deviceId });
    }
    const deviceId = by.deviceId ?? currentDevice(worker);
    if (!deviceId) {
      throw new DomainError('worker_without_device', 'The worker is not yet linked to a device', {
        workerHandle: worker.workerHandle,
      });
    }
    return { worker, deviceId };
  }
  if (by.deviceId) return { worker: await loadWorkerByDevice(repos, accountId, by.deviceId), deviceId: by.deviceId };
  throw new DomainError('invalid_request', 'One of device_id or worker_handle is required', {
    location: 'json',
    field: 'worker_handle',
  });
}
