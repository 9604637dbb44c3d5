import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { fixKey, type TrackedOrder, type TrackedOrderWrite } from '../../store/repos/ingest.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { saveChange } from '../orders/save-change.ts';
import type { Folded } from './fold-fixes.ts';
import { type OrderPlan, planUnit } from './plan-unit.ts';
import { type GroupContext, type IngestCaches, type IngestResult, type IngestUnit, prepare, resultOf } from './prepare-unit.ts';
import { extendWindow, RECENT_LIMIT } from './recent-fix-windows.ts';

/**
 * A group under row locks, in ONE transaction: the devices' states are locked and read, the
 * fixes stored (a fix already stored for its device and time is skipped), the moving devices'
 * orders locked and read, and every order change written. Each step is one statement for the
 * whole group (see IngestRepo). This path works from nothing the process remembers; it is the one
 * taken when a device is new to the process, sends a fix older than its last, starts or finishes
 * an order, or when the single-statement write (ingest-fresh.ts) found a row changed.
 */
export async function ingestLocked(deps: Deps, caches: IngestCaches, units: readonly IngestUnit[], ctx: GroupContext): Promise<IngestResult[]> {
  const { prepared, windowsAfter, ordersAfter } = await deps.store.transaction(async (repos) => {
    const locked = await repos.ingest.lockStates(units.map((u) => u.deviceId));
    const prepared = units.map((unit) => {
      const l = locked.get(unit.deviceId);
      return prepare(unit, l?.state ?? null, l?.historyVersion ?? 0, ctx.now);
    });
    const stored = await repos.ingest.storeFixes(
      prepared.flatMap((p) => p.accepted.map((fix) => ({ deviceId: p.unit.deviceId, fix }))),
      prepared.map((p) => p.next),
      ctx.now,
    );
    for (const p of prepared) p.fresh = p.accepted.filter((f) => stored.has(fixKey(p.unit.deviceId, f.recordedAt)));
    const moving = prepared.filter((p) => p.fresh.length > 0);
    const orders = await repos.ingest.lockTrackedOrders(moving.map((p) => p.unit.deviceId));
    const byDevice = groupByDevice(orders);
    const windowsAfter = new Map<string, Fix[]>();
    const misses: string[] = [];
    for (const p of moving) {
      if (!byDevice.has(p.unit.deviceId)) continue;
      const cached = caches.windows.get(p.unit.deviceId, p.version, ctx.since);
      if (cached) windowsAfter.set(p.unit.deviceId, extendWindow(cached, p.fresh, ctx.since));
      else misses.push(p.unit.deviceId);
    }
    // Read after the insert, so these windows already hold this batch's fixes.
    for (const [id, fixes] of await repos.ingest.recentFixes(misses, ctx.since, RECENT_LIMIT)) windowsAfter.set(id, fixes);
    const plans = moving.map((p) => planUnit(p, byDevice.get(p.unit.deviceId) ?? [], windowsAfter.get(p.unit.deviceId) ?? [], ctx));

    const live: object[] = plans.flatMap((u) => (u.moved ? [u.moved] : []));
    const outbox: NewOutboxEvent[] = plans.flatMap((u) => u.deviceOutbox);
    /** Per moving device, its tracked orders after the group; absent = a version is unknown. */
    const ordersAfter = new Map<string, TrackedOrder[]>(moving.map((p) => [p.unit.deviceId, []]));
    const writes: TrackedOrderWrite[] = [];
    for (const [i, unit] of plans.entries()) {
      const id = moving[i]!.unit.deviceId;
      for (const o of unit.orders) {
        const done = await applyPlan(deps, repos, o, ctx.now);
        if (done === 'saved') {
          ordersAfter.delete(id);
          continue;
        }
        ordersAfter.get(id)?.push({ order: done?.write.order ?? o.tracked.order, version: o.tracked.version });
        if (!done) continue;
        writes.push(done.write);
        outbox.push(...done.outbox);
        live.push(done.live);
      }
    }
    const heardDeviceIds = prepared.filter((p) => p.fresh.length === 0).map((p) => p.unit.deviceId);
    const versions = await repos.ingest.finish({ orders: writes, outbox, live, heardDeviceIds });
    for (const list of ordersAfter.values()) for (const o of list) o.version = versions.get(o.order.id) ?? o.version;
    return { prepared, windowsAfter, ordersAfter };
  });

  // Only now that the group is committed may memory reflect it.
  for (const p of prepared) {
    const id = p.unit.deviceId;
    caches.windows.settle(id, p.version, ctx.since, windowsAfter.get(id), p.fresh.length > 0);
    const orders = ordersAfter.get(id);
    if (orders) caches.snapshots.set(id, { version: p.version + 1, state: p.next, orders });
    else caches.snapshots.delete(id);
  }
  return prepared.map(resultOf);
}

function groupByDevice(orders: readonly TrackedOrder[]): Map<string, TrackedOrder[]> {
  const out = new Map<string, TrackedOrder[]>();
  for (const o of orders) {
    const list = out.get(o.order.deviceId!);
    if (list) list.push(o);
    else out.set(o.order.deviceId!, [o]);
  }
  return out;
}

/** The first registered dialect's change for the crossings, or null (an order belongs to one dialect at most). */
async function geofenceChange(deps: Deps, repos: Repos, order: Order, events: Folded['tracked']['events']): Promise<Change | null> {
  for (const d of deps.dialects) {
    const change = await d.onGeofence?.apply(repos, order, events);
    if (change) return change;
  }
  return null;
}

/**
 * Writes one order's plan under its lock. The common outcome (only the tracking record moved) is
 * returned for the group's single batched write; a start, or a geofence completion of a Bringg
 * stop, is saved here like any other order change (those happen once per order).
 */
async function applyPlan(deps: Deps, repos: Repos, o: OrderPlan, now: Date): Promise<Extract<OrderPlan, { kind: 'tracking' }> | 'saved' | null> {
  if (o.kind === 'untouched') return null;
  const { folded } = o;
  // A dialect may answer a crossing with a change (a Bringg task's way point checked out completes that stop).
  const checkout = await geofenceChange(deps, repos, folded.assessed.order, folded.tracked.events);
  if (!checkout && o.kind === 'tracking') return o;
  const change = checkout
    ? { order: { ...checkout.order, updatedAt: now }, events: [...folded.started.events, ...folded.tracked.events, ...checkout.events] }
    : (o as Extract<OrderPlan, { kind: 'save' }>).change;
  await saveChange(repos, change, { notifications: folded.assessed.notifications });
  return 'saved';
}
