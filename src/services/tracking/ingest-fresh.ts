import type { Fix } from '../../core/tracking/fix.ts';
import type { FreshGroup, TrackedOrder } from '../../store/repos/ingest.repo.ts';
import type { Deps } from '../deps.ts';
import { orderEvent } from '../live/live-events.ts';
import { deviceOutbox } from '../webhooks/device-streams.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import type { DeviceSnapshot } from './device-snapshots.ts';
import { foldFixes, trackingOnlyWrite } from './fold-fixes.ts';
import {
  type GroupContext,
  heardDevice,
  type IngestCaches,
  type IngestResult,
  type IngestUnit,
  movedEvent,
  type Prepared,
  prepare,
  resultOf,
} from './prepare-unit.ts';
import { extendWindow } from './recent-fix-windows.ts';

interface Planned {
  p: Prepared;
  snapshot: DeviceSnapshot;
  /** The device's tracked orders after the write, versions filled in once it applied. */
  orders: TrackedOrder[];
  window?: Fix[];
}

/** Why a group left the one-statement path for the locked one (counted in dropline_ingest_fallbacks_total). */
export type FreshFallback =
  | 'device_not_cached'
  | 'fix_not_newer'
  | 'window_not_cached'
  | 'fix_not_for_order'
  | 'order_changes'
  | 'geofence_crossed'
  | 'row_changed';

/**
 * The common case of a group as ONE statement, without a transaction or a read: every device is
 * one this process wrote last (its snapshot), every fix is newer than the device's last one (so
 * none can be a duplicate), and every order only moves its tracking record. The statement checks
 * each row's version and rolls itself back when any changed meanwhile. Null = this group needs
 * the locked path (ingest-locked.ts): nothing was written, and the stale snapshots are dropped.
 * The reason is returned instead of the results then.
 */
export async function ingestFresh(deps: Deps, caches: IngestCaches, units: readonly IngestUnit[], ctx: GroupContext): Promise<IngestResult[] | FreshFallback> {
  const planned: Planned[] = [];
  for (const unit of units) {
    const snapshot = caches.snapshots.get(unit.deviceId);
    if (!snapshot) return 'device_not_cached';
    const p = prepare(unit, snapshot.state, snapshot.version, ctx.now);
    const last = snapshot.state.lastFix?.recordedAt.getTime() ?? -Infinity;
    if (p.accepted.some((f) => f.recordedAt.getTime() <= last)) return 'fix_not_newer';
    p.fresh = p.accepted;
    planned.push({ p, snapshot, orders: snapshot.orders });
  }

  const group = {
    states: [] as FreshGroup['states'][number][],
    fixes: [] as FreshGroup['fixes'][number][],
    orders: [] as FreshGroup['orders'][number][],
    trackingDeviceIds: [] as string[],
    heardDeviceIds: [] as string[],
    outbox: [] as FreshGroup['outbox'][number][],
    live: [] as object[],
    receivedAt: ctx.now,
  } satisfies FreshGroup;
  const orderEvents: object[] = [];
  for (const plan of planned) {
    const { p, snapshot } = plan;
    const id = p.unit.deviceId;
    group.states.push({ state: p.next, expectedVersion: snapshot.version });
    if (p.fresh.length === 0) {
      if (snapshot.orders.length > 0) group.heardDeviceIds.push(id);
      continue;
    }
    for (const fix of p.fresh) group.fixes.push({ deviceId: id, fix });
    const moved = movedEvent(p);
    if (moved) group.live.push(moved);
    group.trackingDeviceIds.push(id);
    group.outbox.push(...deviceOutbox(heardDevice(p), ctx.thresholdsOf(p.unit.accountId), ctx.now, ctx.locationsWanted(p.unit.accountId)));
    if (snapshot.orders.length === 0) continue;
    const cached = caches.windows.get(id, snapshot.version, ctx.since);
    if (!cached) return 'window_not_cached';
    plan.window = extendWindow(cached, p.fresh, ctx.since);
    const fold = { now: ctx.now, device: p.next, recentFixes: plan.window, thresholds: ctx.thresholdsOf(p.unit.accountId) };
    plan.orders = [];
    for (const { order, version } of snapshot.orders) {
      const folded = foldFixes(deps, order, p.fresh, fold);
      if (!folded) return 'fix_not_for_order';
      // A dialect's reaction to a geofence crossing (a Bringg way point checked in or out) reads and writes under locks.
      if (deps.dialects.some((d) => d.onGeofence?.crosses(folded.tracked.events))) return 'geofence_crossed';
      const write = trackingOnlyWrite(order, folded, ctx.now);
      if (!write) return 'order_changes';
      group.orders.push({ ...write, version });
      group.outbox.push(...outboxEventsOf({ order: write.order, events: [...write.events, ...folded.assessed.notifications] }));
      orderEvents.push(orderEvent(write.order));
      plan.orders.push({ order: write.order, version });
    }
  }
  group.live.push(...orderEvents);

  const versions = await deps.store.repos.ingest.writeFresh(group);
  if (!versions) {
    for (const { p } of planned) caches.snapshots.delete(p.unit.deviceId);
    return 'row_changed';
  }
  for (const { p, snapshot, orders, window } of planned) {
    const id = p.unit.deviceId;
    const after = snapshot.version + 1;
    caches.windows.settle(id, snapshot.version, ctx.since, window, p.fresh.length > 0);
    const written = orders === snapshot.orders ? orders : orders.map((o) => ({ order: o.order, version: versions.get(o.order.id) }));
    if (written.every((o): o is TrackedOrder => o.version !== undefined)) caches.snapshots.set(id, { version: after, state: p.next, orders: written });
    else caches.snapshots.delete(id);
  }
  return planned.map(({ p }) => resultOf(p));
}
