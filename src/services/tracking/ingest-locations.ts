import { DomainError } from '../../core/errors.ts';
import { applyFixes } from '../../core/tracking/track-order.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { Deps } from '../deps.ts';

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores a device's fixes and folds the new ones into every order the device is tracking, in one
 * transaction: a batch is either recorded with its effects or not at all. Resent fixes (same
 * device and fix time) are skipped, so a client retrying a batch changes nothing.
 */
export async function ingestLocations(
  deps: Deps,
  accountId: string,
  deviceId: string,
  fixes: readonly Fix[],
): Promise<IngestResult> {
  const now = deps.clock.now();
  const sorted = [...fixes].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return deps.store.transaction(async (repos) => {
    const device = await repos.workers.findDevice(deviceId);
    if (!device || device.accountId !== accountId) {
      throw new DomainError('device_not_found', 'Device could not be found', { deviceId });
    }
    const fresh = await repos.locations.insertNew(deviceId, sorted, now);
    if (fresh.length > 0) {
      for (const order of await repos.orders.listTrackedByDevice(deviceId)) {
        const since = order.startedAt ?? order.createdAt;
        const relevant = fresh.filter((f) => f.recordedAt >= since);
        if (relevant.length === 0) continue;
        await repos.orders.update({ ...order, tracking: applyFixes(order.tracking, relevant), updatedAt: now });
      }
    }
    return { accepted: fresh.length, duplicates: fixes.length - fresh.length };
  });
}
