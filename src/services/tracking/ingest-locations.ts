import { DomainError } from '../../core/errors.ts';
import { advanceDeviceState, type DeviceState } from '../../core/tracking/device-state.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import { startOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import { trackOrder } from '../../core/tracking/track-order.ts';
import type { Repos } from '../../store/store.ts';
import { locationEvent } from '../live/live-events.ts';
import { saveChange } from '../orders/save-change.ts';
import { applyBringgGeofence } from '../bringg/geofence-visits.ts';
import { assessOrder } from './assess-order.ts';
import { type DropReason, validateFixes } from '../../core/tracking/validate-fixes.ts';
import type { Deps } from '../deps.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';

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
  const thresholds = await deps.riskThresholds.get(accountId);
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
      const orders = await repos.orders.listTrackedByDevice(deviceId);
      if (orders.length > 0) {
        const recentFixes = await repos.locations.recent(deviceId, new Date(now.getTime() - RECENT_MS));
        for (const order of orders) await applyToOrder(deps, repos, order, fresh, { now, device: next, recentFixes, thresholds });
      }
    }
    return { accepted: fresh.length, duplicates: accepted.length - fresh.length, dropped };
  });
}

/** The window of fixes the ETA and risk evaluation learn speeds and trends from. */
const RECENT_MS = 10 * 60_000;

/**
 * Folds fresh fixes into one order, then re-estimates its ETA and risks. A dispatched order
 * starts with the first fix its device sends after dispatch (pre_shift: tracking begins when the
 * driver does).
 */
async function applyToOrder(
  deps: Deps,
  repos: Repos,
  order: Order,
  fresh: readonly Fix[],
  ctx: { now: Date; device: DeviceState; recentFixes: Fix[]; thresholds: RiskThresholds },
): Promise<void> {
  const since = order.startedAt ?? order.dispatchedAt ?? order.createdAt;
  const relevant = fresh.filter((f) => f.recordedAt >= since);
  if (relevant.length === 0) return;
  const started = order.status === 'dispatched' ? startOrder(order, relevant[0]!.recordedAt) : { order, events: [] };
  const tracked = trackOrder(started.order, relevant);
  const assessed = await assessOrder(tracked.order, { ...ctx, routing: deps.routing });
  // A Bringg task checks its way points in and out by geofence; leaving one completes that stop.
  const checkout = await applyBringgGeofence(repos, assessed.order, tracked.events);
  await saveChange(
    repos,
    {
      order: { ...(checkout?.order ?? assessed.order), updatedAt: ctx.now },
      events: [...started.events, ...tracked.events, ...(checkout?.events ?? [])],
    },
    { notifications: assessed.notifications },
  );
}
