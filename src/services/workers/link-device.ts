import { DomainError } from '../../core/errors.ts';
import type { Repos } from '../../store/store.ts';

/**
 * Links `deviceId` to a worker. Device ids are global (an OsmAnd client authenticates by its id
 * alone), so an id already used anywhere else is refused.
 */
export async function linkDevice(repos: Repos, accountId: string, workerHandle: string, deviceId: string, now: Date): Promise<void> {
  const existing = await repos.workers.findDevice(deviceId);
  if (existing) {
    if (existing.accountId === accountId && existing.workerHandle === workerHandle) return;
    throw new DomainError('device_taken', `Device ${deviceId} is already linked to another worker`, { deviceId });
  }
  await repos.workers.insertDevice({ deviceId, accountId, workerHandle, createdAt: now, tokenHash: null });
}
