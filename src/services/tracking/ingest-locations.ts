import { DomainError } from '../../core/errors.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { Deps } from '../deps.ts';
import type { IngestResult } from './ingest-batch.ts';

export type { IngestResult } from './ingest-batch.ts';

/**
 * Stores a device's fixes and folds the new ones into every order the device is tracking, in one
 * transaction: a batch is either recorded with its effects or not at all, and the promise settles
 * only after the commit. Impossible fixes are dropped with a counted reason; resent fixes (same
 * device and fix time) are skipped, so a client retrying a batch changes nothing. An empty batch
 * is a heartbeat: the device was heard from. Concurrent requests of different devices share one
 * transaction (group commit, see IngestQueue).
 */
export async function ingestLocations(deps: Deps, accountId: string, deviceId: string, fixes: readonly Fix[], source = 'api'): Promise<IngestResult> {
  const device = await deps.ingest.devices.find(deviceId);
  if (!device || device.accountId !== accountId) {
    deps.metrics.observeIngest(source, 0, { unknown_device: fixes.length });
    throw new DomainError('device_not_found', 'Device could not be found', { deviceId });
  }
  const result = await deps.ingest.submit({ accountId, deviceId, workerHandle: device.workerHandle, fixes });
  deps.metrics.observeIngest(source, result.accepted, result.dropped, result.duplicates);
  return result;
}
