import type { Fix } from '../../core/tracking/fix.ts';
import type { FreshGroup, TrackedOrder } from '../../store/repos/ingest.repo.ts';
import type { Deps } from '../deps.ts';
import type { DeviceSnapshot } from './device-snapshots.ts';
import { type OrderPlan, planUnit } from './plan-unit.ts';
import { type GroupContext, type IngestCaches, type IngestResult, type IngestUnit, type Prepared, prepare, resultOf } from './prepare-unit.ts';
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
    group.trackingDeviceIds.push(id);
    let window: Fix[] = [];
    if (snapshot.orders.length > 0) {
      const cached = caches.windows.get(id, snapshot.version, ctx.since);
      if (!cached) return 'window_not_cached';
      window = plan.window = extendWindow(cached, p.fresh, ctx.since);
    }
    const unit = planUnit(p, snapshot.orders, window, ctx);
    if (unit.moved) group.live.push(unit.moved);
    group.outbox.push(...unit.deviceOutbox);
    if (snapshot.orders.length === 0) continue;
    plan.orders = [];
    for (const o of unit.orders) {
      const refused = refusal(o);
      if (refused) return refused;
      if (o.kind !== 'tracking') continue;
      group.orders.push({ ...o.write, version: o.tracked.version });
      group.outbox.push(...o.outbox);
      orderEvents.push(o.live);
      plan.orders.push({ order: o.write.order, version: o.tracked.version });
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

/** Why an order's plan needs the locked path, or null when its batched tracking write will do. */
function refusal(o: OrderPlan): FreshFallback | null {
  if (o.kind === 'untouched') return 'fix_not_for_order';
  // A dialect's reaction to a geofence crossing (a Bringg way point checked in or out) reads and writes under locks.
  if (o.crossed) return 'geofence_crossed';
  return o.kind === 'save' ? 'order_changes' : null;
}
