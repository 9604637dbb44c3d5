import { DomainError } from '../../core/errors.ts';
import { advanceDeviceState } from '../../core/tracking/device-state.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import { startOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import { trackOrder } from '../../core/tracking/track-order.ts';
import type { Repos } from '../../store/store.ts';
import { locationEvent } from '../live/live-events.ts';
import { saveChange } from '../orders/save-change.ts';
import { type DropReason, validateFixes } from '../../core/tracking/validate-fixes.ts';
import type { Deps } from '../deps.ts';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  dropped: Partial<Record<DropReason, number>>;
}

/**
 * Stores a device's fixes and folds the new ones into every order the device is tracking, in one
 * transaction: a batch is either recorded with its effects or not at all. Impossible fixes are
 * dropped with a counted reason; resent fixes (same device and fix time) are skipped, so a client
 * retrying a batch changes nothing. An empty batch is a heartbeat: the device was heard from.
 */
export async function ingestLocations(
  deps: Deps,
  accountId: string,
  deviceId: string,
  fixes: readonly Fix[],
): Promise<IngestResult> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const device = await repos.workers.findDevice(deviceId);
    if (!device || device.accountId !== accountId) {
      throw new DomainError('device_not_found', 'Device could not be found', { deviceId });
    }
    const state = await repos.deviceStates.find(deviceId, { forUpdate: true });
    const { accepted, dropped } = validateFixes(fixes, state?.lastFix ?? null, now);
    const fresh = await repos.locations.insertNew(deviceId, accepted, now);
    const next = advanceDeviceState(state, { deviceId, accountId }, fresh, now);
    await repos.deviceStates.save(next);
    if (next.lastFix && next.lastFix !== state?.lastFix && fresh.includes(next.lastFix)) {
      await repos.live.notify(locationEvent(accountId, deviceId, next.lastFix));
    }
    if (fresh.length > 0) {
      for (const order of await repos.orders.listTrackedByDevice(deviceId)) await applyToOrder(repos, order, fresh, now);
    }
    return { accepted: fresh.length, duplicates: accepted.length - fresh.length, dropped };
  });
}

/**
 * Folds fresh fixes into one order. A dispatched order starts with the first fix its device sends
 * after dispatch (pre_shift: tracking begins when the driver does).
 */
async function applyToOrder(repos: Repos, order: Order, fresh: readonly Fix[], now: Date): Promise<void> {
  const since = order.startedAt ?? order.dispatchedAt ?? order.createdAt;
  const relevant = fresh.filter((f) => f.recordedAt >= since);
  if (relevant.length === 0) return;
  const started = order.status === 'dispatched' ? startOrder(order, relevant[0]!.recordedAt) : { order, events: [] };
  const tracked = trackOrder(started.order, relevant);
  await saveChange(repos, { order: { ...tracked.order, updatedAt: now }, events: [...started.events, ...tracked.events] });
}
